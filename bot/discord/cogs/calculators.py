"""Calculator slash commands: the same pure calculators as `careerbot rate`, with their working in an embed."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import question_cooldown
from bot.discord.client import CareerBot
from bot.discord.errors import acknowledge, follow_up
from bot.discord.render import COLOUR, clip, group_lines, pack, source_line
from bot.discord.split import EMBED_DESCRIPTION_LIMIT, split_text
from bot.models import Language
from bot.rates import CALCULATORS
from bot.rates.answers import compose
from bot.rates.figures import book_in_use, use_book
from bot.rates.models import City, Inputs, Level, Result, Unit, build

AMOUNT_HINT = "in euros, e.g. 70000, 70.000, 70k"
SHARE_HINT = "Post the result publicly (it is private by default because it shows your own figures)"
LABELS = {
    "en": ("Working", "Sources", "Gross amounts in euros, from the knowledge base's figures."),
    "nl": ("Berekening", "Bronnen", "Brutobedragen in euro, uit de cijfers van de kennisbank."),
}


def language_of(interaction: discord.Interaction) -> Language:
    """Calculator answers follow the member's Discord language: Dutch for nl, English otherwise."""
    return "nl" if str(interaction.locale).startswith("nl") else "en"


def result_embeds(result: Result, title: str, language: Language) -> list[discord.Embed]:
    """The answer the terminal shows (citing [n]), the numbered steps, then the cited sources."""
    text, sources = compose(result, language)
    working, cited, footer = LABELS[language]
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(result.steps_in(language), start=1))
    parts = split_text(f"{text}\n\n**{working}**\n{steps}", EMBED_DESCRIPTION_LIMIT)
    embeds = [discord.Embed(description=part, colour=COLOUR) for part in parts]
    embeds[0].title = clip(title, 256)
    for block in group_lines([source_line(source) for source in sources]):
        if len(embeds[-1]) + len(block) > 5500 or len(embeds[-1].fields) >= 25:
            embeds.append(discord.Embed(colour=COLOUR))
        embeds[-1].add_field(name=cited, value=block, inline=False)
    embeds[-1].set_footer(text=footer)
    return embeds


def calculate(name: str, inputs: Inputs, title: str, language: Language) -> list[list[discord.Embed]]:
    """Run one calculator from the registry and lay out its answer (pure code; runs in the thread pool), all
    from the figures of one index build."""
    with use_book(book_in_use()):
        result = CALCULATORS[name].run(inputs)
        return pack(result_embeds(result, title, language))


class Calculators(commands.Cog):
    """Salary and freelance-rate calculators that show their working."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def run(
        self, interaction: discord.Interaction, name: str, title: str, *, private: bool, **values: Any
    ) -> None:
        """Validate (a bad amount is a UserFacingError), defer, calculate off the loop, post the working."""
        inputs = build(CALCULATORS[name].input_model, **values)
        await acknowledge(interaction, ephemeral=private)
        messages = await asyncio.to_thread(calculate, name, inputs, title, language_of(interaction))
        for embeds in messages:
            await follow_up(interaction, embeds=embeds, ephemeral=private)

    @app_commands.command(name="salary")
    @app_commands.describe(level="Experience level", city="Where the job is (Brussels pays a premium)")
    @question_cooldown()
    async def salary(self, interaction: discord.Interaction, level: Level, city: City | None = None) -> None:
        """Gross salary band for a backend developer in Belgium."""
        title = f"Salary: {level}" + (f" in {city.capitalize()}" if city else "")
        await self.run(interaction, "salary", title, private=False, level=level, city=city)

    @app_commands.command(name="freelance")
    @app_commands.describe(level="Experience level")
    @question_cooldown()
    async def freelance(self, interaction: discord.Interaction, level: Level) -> None:
        """Freelance hourly and daily rates for a level."""
        await self.run(interaction, "freelance", f"Freelance rates: {level}", private=False, level=level)

    @app_commands.command(name="employer-cost")
    @app_commands.describe(gross=f"Gross salary {AMOUNT_HINT}", period="Is the salary per year or per month?",
                           share=SHARE_HINT)
    @question_cooldown()
    async def employer_cost(
        self, interaction: discord.Interaction, gross: app_commands.Range[str, 1, 20],
        period: Literal["yearly", "monthly"] = "yearly", share: bool = False,
    ) -> None:
        """What a gross salary costs the employer."""
        await self.run(interaction, "employer_cost", "Employer cost", private=not share, gross=gross, period=period)

    @app_commands.command(name="compare")
    @app_commands.describe(day_rate=f"Freelance day rate {AMOUNT_HINT}", billable_days="Billable days a year",
                           share=SHARE_HINT)
    @question_cooldown()
    async def compare(
        self, interaction: discord.Interaction, day_rate: app_commands.Range[str, 1, 20],
        billable_days: app_commands.Range[int, 1, 260] | None = None, share: bool = False,
    ) -> None:
        """Compare a freelance day rate with employment."""
        await self.run(interaction, "compare", "Day rate versus salary", private=not share, day_rate=day_rate,
                       billable_days=billable_days)

    @app_commands.command(name="dayrate")
    @app_commands.describe(salary=f"Gross yearly salary {AMOUNT_HINT}", share=SHARE_HINT)
    @question_cooldown()
    async def dayrate(
        self, interaction: discord.Interaction, salary: app_commands.Range[str, 1, 20], share: bool = False
    ) -> None:
        """The freelance day rate that matches a gross salary."""
        await self.run(interaction, "day_rate_for", "Day rate for a salary", private=not share, salary=salary)

    @app_commands.command(name="ratecheck")
    @app_commands.describe(amount=f"Your rate or salary {AMOUNT_HINT}", unit="Per hour, day, month or year",
                           level="Experience level (leave out to compare with every level)", share=SHARE_HINT)
    @question_cooldown()
    async def ratecheck(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 20], unit: Unit,
        level: Level | None = None, share: bool = False,
    ) -> None:
        """Is a rate or salary below, within or above the band for a level (or for every level)?"""
        await self.run(interaction, "check", f"Rate check: {level or 'every level'}, {unit}", private=not share,
                       amount=amount, unit=unit, level=level)

    @app_commands.command(name="convert")
    @app_commands.rename(from_unit="from")
    @app_commands.describe(amount=f"The amount {AMOUNT_HINT}", from_unit="What the amount is per", share=SHARE_HINT)
    @question_cooldown()
    async def convert(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 20], from_unit: Unit,
        share: bool = False,
    ) -> None:
        """Convert between hourly, daily, monthly and yearly amounts."""
        await self.run(interaction, "convert", f"Convert from {from_unit}", private=not share, amount=amount,
                       from_unit=from_unit)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Calculators(bot))
