"""/help: what the bot can answer, in Dutch and English."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import CareerBot
from bot.discord.render import COLOUR

HELP = {
    "en": (
        "English",
        "I answer career questions for backend developers in Belgium from a curated knowledge base, "
        "and I show where each answer comes from.\n"
        "• `/ask` a question: salaries, freelance rates, contracts, interviews. A public answer opens a thread; "
        "mention me there to follow up (\"and in Brussels?\").\n"
        "• Calculators that show their working: `/salary`, `/freelance`, `/employer-cost`, `/compare`, "
        "`/dayrate`, `/ratecheck`, `/convert`. Answers about your own figures are private unless you `share`.\n"
        "• `/sources` lists the documents I use. Mention me or send a DM to ask without a command.\n"
        "• Rate answers with 👍/👎 so maintainers can improve them.",
    ),
    "nl": (
        "Nederlands",
        "Ik beantwoord loopbaanvragen van backend-ontwikkelaars in België op basis van een verzorgde "
        "kennisbank, en ik toon waar elk antwoord vandaan komt.\n"
        "• `/ask` een vraag: lonen, freelancetarieven, contracten, sollicitaties. Een openbaar antwoord opent "
        "een draad; vermeld me daar voor een vervolgvraag (\"en in Brussel?\").\n"
        "• Rekenhulpen die hun berekening tonen: `/salary`, `/freelance`, `/employer-cost`, `/compare`, "
        "`/dayrate`, `/ratecheck`, `/convert`. Antwoorden over je eigen cijfers zijn privé, tenzij je `share` "
        "kiest.\n"
        "• `/sources` toont de documenten die ik gebruik. Vermeld me of stuur een DM om zonder commando te vragen.\n"
        "• Beoordeel antwoorden met 👍/👎 zodat de beheerders ze kunnen verbeteren.",
    ),
}


def help_embed(locale: str) -> discord.Embed:
    """Both languages, the reader's own first."""
    order = ("nl", "en") if locale.startswith("nl") else ("en", "nl")
    embed = discord.Embed(title="careerbot", colour=COLOUR)
    for language in order:
        name, text = HELP[language]
        embed.add_field(name=name, value=text, inline=False)
    return embed


class Help(commands.Cog):
    """The /help command."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What I can answer / Wat ik kan beantwoorden."""
        await interaction.response.send_message(embed=help_embed(str(interaction.locale)), ephemeral=True)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Help(bot))
