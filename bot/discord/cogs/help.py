"""/help: what the bot can answer, in every interface language (the words are in the message catalogue)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import CareerBot
from bot.discord.i18n import LANGUAGES, interaction_language, say
from bot.discord.render import COLOUR
from bot.models import Language


def help_embed(language: Language) -> discord.Embed:
    """Both languages, the reader's own first."""
    embed = discord.Embed(title="careerbot", colour=COLOUR)
    for shown in sorted(LANGUAGES, key=lambda other: other != language):
        embed.add_field(name=say("help_heading", shown), value=say("help_body", shown), inline=False)
    return embed


class Help(commands.Cog):
    """The /help command."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What I can answer / Wat ik kan beantwoorden."""
        await interaction.response.send_message(embed=help_embed(interaction_language(interaction)), ephemeral=True)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Help(bot))
