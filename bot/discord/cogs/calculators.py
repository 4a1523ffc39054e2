"""Calculator slash commands: the same pure calculators as `careerbot rate`, with their working in an embed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import question_cooldown
from bot.discord.client import CareerBot
from bot.discord.errors import acknowledge
from bot.discord.render import COLOUR, clip, group_lines, pack
from bot.discord.split import EMBED_DESCRIPTION_LIMIT, split_text
from bot.rates import calculators as calc
from bot.rates.amounts import money
from bot.rates.models import (
    CheckInput,
    City,
    CompareInput,
    ConvertInput,
    DayRateForInput,
    EmployerCostInput,
    FreelanceInput,
    Inputs,
    Level,
    Result,
    SalaryInput,
    Unit,
    build,
)

AMOUNT_HINT = "in euros, e.g. 70000, 70.000, 70k"
SHARE_HINT = "Post the result publicly (it is private by default because it shows your own figures)"
FOOTER = "Gross amounts in euros, from the knowledge base's figures. Not financial advice."


def headline(result: Any) -> str:
    """The figure the member asked for, before the working."""
    show = calc.show
    lines = {
        "salary": lambda r: [f"{b.level}: {show(b.band)} a year ({show(b.monthly)} a month)" for b in r.bands],
        "freelance": lambda r: [f"{b.level}: {show(b.daily)} a day ({show(b.hourly)} an hour)" for b in r.bands],
        "employer_cost": lambda r: [f"Total cost {show(r.total_cost)} a year ({show(r.total_cost_monthly)} a month)"],
        "compare": lambda r: [f"{money(r.revenue)} revenue a year ≈ a gross salary of {show(r.equivalent_salary)}"]
        + ([f"Against {money(r.salary)}: your rate is {r.verdict}"] if r.verdict else []),
        "day_rate_for": lambda r: [f"Matching day rate {show(r.day_rate_with_costs)} "
                                   f"({show(r.hourly_rate_with_costs)} an hour)"],
        "check": lambda r: [f"{money(r.amount)} is {r.position} the {r.level} band {show(r.band)}"],
        "convert": lambda r: [f"{money(r.hourly)} an hour · {money(r.daily)} a day · {money(r.monthly)} a month · "
                              f"{money(r.yearly)} a year"],
    }
    make = lines.get(result.calculator)
    return "\n".join(f"**{line}**" for line in make(result)) if make else ""


def result_embeds(result: Result, title: str) -> list[discord.Embed]:
    """Headline and numbered steps, then the assumptions and the cited figures."""
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(result.steps, start=1))
    parts = split_text(f"{headline(result)}\n\n{steps}".strip(), EMBED_DESCRIPTION_LIMIT)
    embeds = [discord.Embed(description=part, colour=COLOUR) for part in parts]
    embeds[0].title = clip(title, 256)
    assumptions = [f"{a.name} = {a.value:g} {a.unit}: {a.reason}" for a in result.assumptions]
    figures = [f"**[{n}]** {f.title} › {f.section} ({f.year})" for n, f in enumerate(result.figures, start=1)]
    for name, lines in (("Assumptions", assumptions), ("Sources", figures)):
        for block in group_lines(lines):
            if len(embeds[-1]) + len(block) > 5500 or len(embeds[-1].fields) >= 25:
                embeds.append(discord.Embed(colour=COLOUR))
            embeds[-1].add_field(name=name, value=block, inline=False)
    embeds[-1].set_footer(text=FOOTER)
    return embeds


class Calculators(commands.Cog):
    """Salary and freelance-rate calculators that show their working."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def run(
        self, interaction: discord.Interaction, title: str, function: Callable[[Any], Result], inputs: Inputs,
        *, private: bool,
    ) -> None:
        """Defer, calculate in the thread pool, post the working."""
        await acknowledge(interaction, ephemeral=private)
        result = await asyncio.to_thread(function, inputs)
        for embeds in pack(result_embeds(result, title)):
            await interaction.followup.send(embeds=embeds, ephemeral=private)

    @app_commands.command(name="salary")
    @app_commands.describe(level="Experience level", city="Where the job is (Brussels pays a premium)")
    @question_cooldown()
    async def salary(self, interaction: discord.Interaction, level: Level, city: City | None = None) -> None:
        """Gross salary band for a backend developer in Belgium."""
        inputs = build(SalaryInput, level=level, city=city)
        title = f"Salary: {level}" + (f" in {city.capitalize()}" if city else "")
        await self.run(interaction, title, calc.salary, inputs, private=False)

    @app_commands.command(name="freelance")
    @app_commands.describe(level="Experience level")
    @question_cooldown()
    async def freelance(self, interaction: discord.Interaction, level: Level) -> None:
        """Freelance hourly and daily rates for a level."""
        await self.run(interaction, f"Freelance rates: {level}", calc.freelance, build(FreelanceInput, level=level),
                       private=False)

    @app_commands.command(name="employer-cost")
    @app_commands.describe(gross=f"Gross salary {AMOUNT_HINT}", period="Is the salary per year or per month?",
                           share=SHARE_HINT)
    @question_cooldown()
    async def employer_cost(
        self, interaction: discord.Interaction, gross: app_commands.Range[str, 1, 20],
        period: Literal["yearly", "monthly"] = "yearly", share: bool = False,
    ) -> None:
        """What a gross salary costs the employer."""
        inputs = build(EmployerCostInput, gross=gross, period=period)
        await self.run(interaction, "Employer cost", calc.employer_cost, inputs, private=not share)

    @app_commands.command(name="compare")
    @app_commands.describe(day_rate=f"Freelance day rate {AMOUNT_HINT}", billable_days="Billable days a year",
                           share=SHARE_HINT)
    @question_cooldown()
    async def compare(
        self, interaction: discord.Interaction, day_rate: app_commands.Range[str, 1, 20],
        billable_days: app_commands.Range[int, 1, 260] | None = None, share: bool = False,
    ) -> None:
        """Compare a freelance day rate with employment."""
        inputs = build(CompareInput, day_rate=day_rate, billable_days=billable_days)
        await self.run(interaction, "Day rate versus salary", calc.compare, inputs, private=not share)

    @app_commands.command(name="dayrate")
    @app_commands.describe(salary=f"Gross yearly salary {AMOUNT_HINT}", share=SHARE_HINT)
    @question_cooldown()
    async def dayrate(
        self, interaction: discord.Interaction, salary: app_commands.Range[str, 1, 20], share: bool = False
    ) -> None:
        """The freelance day rate that matches a gross salary."""
        inputs = build(DayRateForInput, salary=salary)
        await self.run(interaction, "Day rate for a salary", calc.day_rate_for, inputs, private=not share)

    @app_commands.command(name="ratecheck")
    @app_commands.describe(amount=f"Your rate or salary {AMOUNT_HINT}", unit="Per hour, day, month or year",
                           level="Experience level", share=SHARE_HINT)
    @question_cooldown()
    async def ratecheck(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 20], unit: Unit, level: Level,
        share: bool = False,
    ) -> None:
        """Is a rate or salary below, within or above the band for a level?"""
        inputs = build(CheckInput, amount=amount, unit=unit, level=level)
        await self.run(interaction, f"Rate check: {level}, {unit}", calc.check, inputs, private=not share)

    @app_commands.command(name="convert")
    @app_commands.rename(from_unit="from")
    @app_commands.describe(amount=f"The amount {AMOUNT_HINT}", from_unit="What the amount is per", share=SHARE_HINT)
    @question_cooldown()
    async def convert(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 20], from_unit: Unit,
        share: bool = False,
    ) -> None:
        """Convert between hourly, daily, monthly and yearly amounts."""
        inputs = build(ConvertInput, amount=amount, from_unit=from_unit)
        await self.run(interaction, f"Convert from {from_unit}", calc.convert, inputs, private=not share)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Calculators(bot))
