"""Calculator slash commands: the same pure calculators as `careerbot rate`, with their working in an embed."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.answering import remember
from bot.discord.citations import Catalogue
from bot.discord.client import CareerBot
from bot.discord.error_replies import acknowledge, follow_up
from bot.discord.feedback_view import feedback_view
from bot.discord.gates import calculation_cooldown
from bot.discord.i18n import choice_name, interaction_language, say
from bot.discord.render import COLOUR, add_sources, clip, pack, source_lines
from bot.discord.split import EMBED_DESCRIPTION_LIMIT, split_text
from bot.models import Answer, Language, ToolCall
from bot.rates import CALCULATORS
from bot.rates.answers import compose
from bot.rates.figures import FigureBook, use_book
from bot.rates.schemas import City, Inputs, Level, Result, Unit, build

AMOUNT_HINT = "in euros, e.g. 70000, 70.000, 70k"
SHARE_HINT = "Post the result publicly (it is private by default because it shows your own figures)"


def result_embeds(result: Result, title: str, language: Language, catalogue: Catalogue | None = None
                  ) -> list[discord.Embed]:
    """The answer the terminal shows (citing [n]), the numbered steps, then the cited sections."""
    return answer_embeds(result, answer_of(result, title, language), catalogue)


def answer_of(result: Result, title: str, language: Language) -> Answer:
    """The calculator's answer in the member's language; titled, with no amounts, as the vote buttons store it."""
    text, sources = compose(result, language)
    return Answer(question=title, language=language, text=text, confident=True, sources=sources,
                  tool_calls=[ToolCall(name=result.calculator, arguments={}, result={})])


def answer_embeds(result: Result, answer: Answer, catalogue: Catalogue | None = None) -> list[discord.Embed]:
    language = answer.language
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(result.steps_in(language), start=1))
    parts = split_text(f"{answer.text}\n\n**{say('working', language)}**\n{steps}", EMBED_DESCRIPTION_LIMIT)
    embeds = [discord.Embed(description=part, colour=COLOUR) for part in parts]
    embeds[0].title = clip(answer.question, 256)
    add_sources(embeds, source_lines(answer.sources, catalogue), language, COLOUR)
    embeds[-1].set_footer(text=say("calculator_footer", language))
    return embeds


def calculate(name: str, inputs: Inputs, title: str, language: Language, book: FigureBook,
              catalogue: Catalogue | None = None) -> tuple[Answer, list[list[discord.Embed]]]:
    """Run one calculator from the registry and lay out its answer (pure code; runs in the thread pool), all
    from the figures of one index build."""
    with use_book(book):
        result = CALCULATORS[name].run(inputs)
        answer = answer_of(result, title, language)
        return answer, pack(answer_embeds(result, answer, catalogue))


def level_name(level: str | None, language: Language) -> str:
    """A level as the answers name it in the member's language (mid-level, medior), or "every level"."""
    return say(f"ans_level_{level}", language) if level else say("every_level", language)


class Calculators(commands.Cog):
    """Salary and freelance-rate calculators that show their working."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def run(
        self, interaction: discord.Interaction, name: str, title: str, *, private: bool, **values: Any
    ) -> None:
        """Validate (a bad amount is a UserFacingError), defer, calculate off the loop, post the working with the
        vote buttons under it."""
        inputs = build(CALCULATORS[name].input_model, **values)
        await acknowledge(interaction, ephemeral=private)
        language, runtime, catalogue = interaction_language(interaction), self.bot.runtime, self.bot.catalogue
        # the figures too are read in the thread pool: after an ingest they come from the index, maybe a server
        answer, messages = await asyncio.to_thread(
            lambda: calculate(name, inputs, title, language, runtime.figures(), catalogue))
        answer_id = await remember(self.bot, answer, private=private, asker=interaction.user.id)
        for index, embeds in enumerate(messages, start=1):
            extra = {"view": feedback_view(answer_id)} if index == len(messages) else {}
            await follow_up(interaction, embeds=embeds, ephemeral=private, **extra)

    @app_commands.command(name="salary")
    @app_commands.describe(level="Experience level", city="Where the job is (Brussels pays a premium)")
    @calculation_cooldown()
    async def salary(self, interaction: discord.Interaction, level: Level, city: City | None = None) -> None:
        """Gross salary band for a backend developer in Belgium."""
        language = interaction_language(interaction)
        named = level_name(level, language)
        title = (say("title_salary_city", language, level=named, city=say(f"ans_city_{city}", language)) if city
                 else say("title_salary", language, level=named))
        await self.run(interaction, "salary", title, private=False, level=level, city=city)

    @app_commands.command(name="freelance")
    @app_commands.describe(level="Experience level")
    @calculation_cooldown()
    async def freelance(self, interaction: discord.Interaction, level: Level) -> None:
        """Freelance hourly and daily rates for a level."""
        language = interaction_language(interaction)
        title = say("title_freelance", language, level=level_name(level, language))
        await self.run(interaction, "freelance", title, private=False, level=level)

    @app_commands.command(name="employer-cost")
    @app_commands.describe(gross=f"Gross salary {AMOUNT_HINT}", period="Is the salary per year or per month?",
                           share=SHARE_HINT)
    @calculation_cooldown()
    async def employer_cost(
        self, interaction: discord.Interaction, gross: app_commands.Range[str, 1, 20],
        period: Literal["yearly", "monthly"] = "yearly", share: bool = False,
    ) -> None:
        """What a gross salary costs the employer."""
        title = say("title_employer_cost", interaction_language(interaction))
        await self.run(interaction, "employer_cost", title, private=not share, gross=gross, period=period)

    @app_commands.command(name="compare")
    @app_commands.describe(day_rate=f"Freelance day rate {AMOUNT_HINT}", billable_days="Billable days a year",
                           share=SHARE_HINT)
    @calculation_cooldown()
    async def compare(
        self, interaction: discord.Interaction, day_rate: app_commands.Range[str, 1, 20],
        billable_days: app_commands.Range[int, 1, 260] | None = None, share: bool = False,
    ) -> None:
        """Compare a freelance day rate with employment."""
        title = say("title_compare", interaction_language(interaction))
        await self.run(interaction, "compare", title, private=not share, day_rate=day_rate,
                       billable_days=billable_days)

    @app_commands.command(name="dayrate")
    @app_commands.describe(salary=f"Gross yearly salary {AMOUNT_HINT}", share=SHARE_HINT)
    @calculation_cooldown()
    async def dayrate(
        self, interaction: discord.Interaction, salary: app_commands.Range[str, 1, 20], share: bool = False
    ) -> None:
        """The freelance day rate that matches a gross salary."""
        title = say("title_dayrate", interaction_language(interaction))
        await self.run(interaction, "day_rate_for", title, private=not share, salary=salary)

    @app_commands.command(name="ratecheck")
    @app_commands.describe(amount=f"Your rate or salary {AMOUNT_HINT}", unit="Per hour, day, month or year",
                           level="Experience level (leave out to compare with every level)", share=SHARE_HINT)
    @calculation_cooldown()
    async def ratecheck(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 20], unit: Unit,
        level: Level | None = None, share: bool = False,
    ) -> None:
        """Is a rate or salary below, within or above the band for a level (or for every level)?"""
        language = interaction_language(interaction)
        title = say("title_ratecheck", language, level=level_name(level, language), unit=choice_name(unit, language))
        await self.run(interaction, "check", title, private=not share, amount=amount, unit=unit, level=level)

    @app_commands.command(name="convert")
    @app_commands.rename(from_unit=app_commands.locale_str("from"))  # a locale_str, so the tree translates it
    @app_commands.describe(amount=f"The amount {AMOUNT_HINT}", from_unit="What the amount is per", share=SHARE_HINT)
    @calculation_cooldown()
    async def convert(
        self, interaction: discord.Interaction, amount: app_commands.Range[str, 1, 20], from_unit: Unit,
        share: bool = False,
    ) -> None:
        """Convert between hourly, daily, monthly and yearly amounts."""
        language = interaction_language(interaction)
        title = say("title_convert", language, unit=choice_name(from_unit, language))
        await self.run(interaction, "convert", title, private=not share, amount=amount, from_unit=from_unit)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Calculators(bot))
