"""Recognise calculation questions (Dutch, English and French) and answer them with a calculator, citing its figures.

The router reads a question as clauses, finds the numbers and what each one is (a day rate, a monthly salary,
years of experience…), and tries a few small intent matchers in order. Anything it cannot place goes to retrieval:
a number it does not understand means no calculation at all, never a guessed one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pydantic import ValidationError

from bot.models import Language, Routed, ToolCall
from bot.rates import CALCULATORS
from bot.rates.amounts import parse_amount
from bot.rates.answers import compose, net_amount_text
from bot.rates.figures import MissingFigure, book_in_use
from bot.rates.schemas import City, Inputs, Level, Unit, cities, levels
from bot.rates.vocabulary import after_patterns, alternation, before_patterns, mention_patterns, phrase, words
from bot.text.numbers import TYPED_DIGITS

log = logging.getLogger(__name__)

Role = Literal["hourly", "daily", "monthly", "yearly", "years", "days", "calendar", "unknown"]
MONEY_ROLES: tuple[Role, ...] = ("hourly", "daily", "monthly", "yearly")
SALARY_ROLES: tuple[Role, ...] = ("monthly", "yearly")
BARE_YEARLY_FROM = 15_000  # a bare 70.000 is a yearly salary; a bare 650 could be anything
SALARY_MONTHLY_FROM = 1_000  # "a salary of 4.000" is monthly

NUMBER = re.compile(rf"(?<![\w.,€-])(?P<cur>€\s?)?(?P<num>{TYPED_DIGITS})(?:\s?(?P<k>k|duizend|thousand)\b)?"
                    r"(?:\s?(?P<cur2>€|euros?\b|eur\b))?", re.IGNORECASE)
# The unit words are data (knowledge/vocabulary/calculator_words.yaml), chat shorthand included: "€550/d", "75/h".


@cache
def unit_patterns(language: str = "en") -> tuple[dict[Unit, str], dict[Unit, str], dict[Unit, str]]:
    """How a question in one language says a unit right after an amount, right before one, and anywhere (from the
    calculators' words, on first use)."""
    return after_patterns(words(), language), before_patterns(words()), mention_patterns(words(), language)


@cache
def intents() -> dict[str, re.Pattern[str]]:
    """What a clause asks (a rate, an employer's cost, a judgement…), from the calculators' words."""
    return {name: re.compile(alternation(alternatives), re.IGNORECASE)
            for name, alternatives in words().intents.items()}


@cache
def document_topics() -> re.Pattern[str]:
    """A clause about one of these asks something the documents answer, not the calculator."""
    return re.compile(alternation(words().document_topics), re.IGNORECASE)


@cache
def nouns() -> dict[str, str]:
    """The words around an amount or a number, as patterns: gross, a salary noun, years, (billable) days."""
    w = words()
    gross = rf"(?:(?:{phrase(w.gross)})\s+)?"
    return {"gross": gross, "salary": rf"{gross}(?:{phrase(w.salary)})\b", "years": rf"(?:{phrase(w.years)})\b",
            "days": rf"(?:(?:{phrase(w.billable)})\s*)?(?:{phrase(w.days)})\b"}


@cache
def clause_split() -> re.Pattern[str]:
    """Where a message holds two questions: after a sentence, or at "and how…", "en wat…", "et combien…"."""
    w = words()
    return re.compile(rf"(?<=[?.!;])\s+|,?\s+(?:{phrase(w.joiners)})\s+(?=(?:{phrase(w.question_starts)})\b)",
                      re.IGNORECASE)


# A clause that points back at the amount before it ("is that…", "is dat…", "c'est…").
REFERS_TO_AMOUNT = r"^\s*(?:is|was|would|zou|c'est|est-ce)\s+(?:that|this|it|dat|dit|het|ce|cela|ça)\b"
# An amount said to be net ("3500 netto", "net €2.800"): the figures are gross and no document gives tax rates.
NET_AMOUNT = re.compile(rf"{TYPED_DIGITS}\s*(?:k\b|duizend\b|thousand\b)?\s*(?:€|euros?\b|eur\b)?\s*(?:netto|net)\b"
                        r"|\b(?:netto|net)(?:\s+|\s*€\s*)\d", re.IGNORECASE)


@dataclass
class Number:
    """A number in the question and what it is."""

    value: float
    role: Role
    span: tuple[int, int]


@dataclass
class Parsed:
    """What the calculation clauses of a question mention."""

    text: str
    language: str = "en"
    numbers: list[Number] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    cities: list[City] = field(default_factory=list)
    units: set[Unit] = field(default_factory=set)

    def has(self, keyword: str) -> bool:
        """Whether a keyword group occurs."""
        return intents()[keyword].search(self.text) is not None

    def roles(self, *roles: Role) -> list[Number]:
        """The numbers with one of these roles."""
        return [n for n in self.numbers if n.role in roles]

    def only(self, *allowed: Role) -> bool:
        """Every number is of an allowed role ("in 2026", the figures' own year, is always allowed)."""
        year = book_in_use().figure("salary.junior").year
        return all(n.role in allowed or (n.role == "calendar" and n.value == year) for n in self.numbers)

    def amount(self, *roles: Role) -> Number | None:
        """The last money amount with one of these roles (a follow-up's amount replaces the earlier one)."""
        found = self.roles(*roles)
        return found[-1] if found else None

    def level(self) -> Level | None:
        """The level when one is named; several different ones mean "every level"."""
        return self.levels[-1] if len(set(self.levels)) == 1 else None

    def years(self) -> float | None:
        """Years of experience, when given."""
        found = self.roles("years")
        return found[-1].value if found else None

    def days(self) -> int | None:
        """Billable days, when given."""
        found = self.roles("days")
        return int(found[-1].value) if found else None


def route(question: str, language: Language) -> Routed | None:
    """A calculation's answer and the part of the question it does not answer; None when it is no calculation,
    or when the knowledge base lacks the figures it needs (the documents then answer what they can)."""
    try:
        return _route(question, language)
    except MissingFigure as err:
        log.info("no calculator answer: %s", err)
        return None


def _route(question: str, language: Language) -> Routed | None:
    if NET_AMOUNT.search(question):
        return Routed(text=net_amount_text(language), tool_calls=[], sources=[], confident=False)
    calc, rest = split_clauses(question, language)
    if not calc:
        return None
    parsed = parse(" ".join(calc), language)
    if any(n.role == "unknown" for n in parsed.numbers):
        return None
    for matcher in MATCHERS:
        found = matcher(parsed)
        if found:
            return _answer(*found, language=language, remainder=" ".join(rest))
    return None


def _answer(name: str, arguments: dict, language: Language, remainder: str) -> Routed | None:
    """Run the calculator and word its result; inputs it refuses mean the question was misread, so no answer."""
    calculator = CALCULATORS[name]
    try:
        inputs: Inputs = calculator.input_model(**{k: v for k, v in arguments.items() if v is not None})
    except ValidationError:
        return None
    result = calculator.run(inputs)
    text, sources = compose(result, language)
    call = ToolCall(name=name, arguments=inputs.model_dump(mode="json", exclude_none=True),
                    result=result.model_dump(mode="json"))
    return Routed(text=text, tool_calls=[call], sources=sources, remainder=remainder)


def split_clauses(question: str, language: str = "en") -> tuple[list[str], list[str]]:
    """Clauses the calculator can use, and the rest (a documents question asked in the same breath)."""
    calc: list[str] = []
    rest: list[str] = []
    for clause in (c.strip() for c in clause_split().split(question) if c and c.strip()):
        (calc if _is_calculation(clause, language) else rest).append(clause)
    return calc, rest


def _is_calculation(clause: str, language: str = "en") -> bool:
    """A clause is part of the calculation when it names something to calculate with and asks no documents topic."""
    has_number = NUMBER.search(clause) is not None
    if document_topics().search(clause) and not has_number:
        return False
    probe = parse(clause, language)
    if probe.has("judge") and re.search(REFERS_TO_AMOUNT, clause, re.IGNORECASE):
        return True  # "… €61,000 gross. Is that a good offer?": the judgement of the amount just given
    return (has_number or bool(probe.levels or probe.cities or probe.units) or probe.has("freelance")
            or (probe.has("national") and probe.has("earn")))


def parse(text: str, language: str = "en") -> Parsed:
    """Numbers with their roles, levels, cities and unit words (those not attached to a number), as a question in
    the language reads them."""
    lowered = text.lower()
    parsed = Parsed(text=lowered, language=language)
    attached: list[tuple[int, int]] = []
    for match in NUMBER.finditer(lowered):
        number, span = _number(lowered, match, language)
        parsed.numbers.append(number)
        attached.append(span)
    parsed.levels = _mentions(lowered, levels())
    parsed.cities = _mentions(lowered, cities())
    parsed.units = {unit for unit, pattern in unit_patterns(language)[2].items()
                    for m in re.finditer(pattern, lowered) if not _inside(m.span(), attached)}
    return parsed


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether a match overlaps text that belongs to a number."""
    return any(span[0] < end and start < span[1] for start, end in spans)


def _mentions(text: str, table: dict[str, tuple[str, ...]]) -> list:
    """Canonical names mentioned, in the order they occur."""
    found: list[tuple[int, str]] = []
    for key, aliases in table.items():
        for alias in {key, *aliases}:
            found += [(m.start(), key) for m in re.finditer(rf"\b{re.escape(alias)}s?\b", text)]
    return [key for _, key in sorted(found)]


def _number(text: str, match: re.Match[str], language: str = "en") -> tuple[Number, tuple[int, int]]:
    """Read one number and decide its role from the words right after and before it."""
    try:
        value = parse_amount(match.group("num")) * (1000 if match.group("k") else 1)
    except ValueError:
        return Number(0, "unknown", match.span()), match.span()
    money = bool(match.group("cur") or match.group("cur2") or match.group("k"))
    after, before = text[match.end():match.end() + 40], text[max(0, match.start() - 30):match.start()]
    role, extra = _role(value, money, after, before, language)
    return Number(value, role, match.span()), (match.start() - extra[0], match.end() + extra[1])


def _role(value: float, money: bool, after: str, before: str, language: str = "en") -> tuple[Role, tuple[int, int]]:
    """What a number is, and how many characters before and after it belong to it."""
    if re.match(r"\s*(?:%|procent|percent)", after):
        return "unknown", (0, 0)
    unit = _unit_after(after, language)
    if unit:
        return unit[0], (0, unit[1])
    unit_before = _unit_before(before)
    if unit_before:
        return unit_before[0], (unit_before[1], 0)
    if not money:
        bare = _bare(value, after)
        if bare:
            return bare
    return _by_size(value, money, after)


def _unit_after(after: str, language: str = "en") -> tuple[Role, int] | None:
    """"650 per dag", "4.200 bruto per maand", "70k a year", "550 €/j"."""
    for unit, pattern in unit_patterns(language)[0].items():
        match = re.match(rf"\s*(?:euros?\s+|eur\s+)?{nouns()['gross']}(?:{pattern})", after)
        if match:
            return unit, match.end()  # type: ignore[return-value]
    return None


def _unit_before(before: str) -> tuple[Role, int] | None:
    """"dagtarief van €650", "a day rate of 700"."""
    for unit, pattern in unit_patterns()[1].items():
        match = re.search(rf"{pattern}\s*(?:van|of|is|:|=|at|op)?\s*(?:€\s*)?$", before)
        if match:
            return unit, len(before) - match.start()  # type: ignore[return-value]
    return None


def _bare(value: float, after: str) -> tuple[Role, tuple[int, int]] | None:
    """A number without a currency: years of experience, billable days or a calendar year."""
    years = re.match(rf"\s*\+?\s*{nouns()['years']}", after)
    if years and value <= 50:
        return "years", (0, years.end())
    days = re.match(rf"\s*{nouns()['days']}", after)
    if days and 1 <= value <= 366:
        return "days", (0, days.end())
    if value == int(value) and 2000 <= value <= 2099 and not re.match(r"\s*(?:€|euro|eur)", after):
        return "calendar", (0, 0)
    return None


def _by_size(value: float, money: bool, after: str) -> tuple[Role, tuple[int, int]]:
    """An amount with no unit: "70.000 euro bruto" or "a 60k salary" is yearly; small bare amounts are unplaceable."""
    salary = re.match(rf"\s*(?:euros?\s+|eur\s+)?{nouns()['salary']}", after)
    if value >= BARE_YEARLY_FROM:
        return "yearly", (0, salary.end() if salary else 0)
    if salary and value >= SALARY_MONTHLY_FROM and money:
        return "monthly", (0, salary.end())
    return "unknown", (0, 0)


Match = tuple[str, dict] | None


def match_employer_cost(p: Parsed) -> Match:
    """"What does a 70.000 gross salary cost the employer?" """
    amount = p.amount(*SALARY_ROLES)
    if not (p.has("employer") and amount and len(p.roles(*MONEY_ROLES)) == 1 and p.only(*SALARY_ROLES)):
        return None
    return "employer_cost", {"gross": amount.value, "period": amount.role}


def match_compare(p: Parsed) -> Match:
    """"Is €650 a day better than a €60,000 salary?", "€700 a day, what salary is that?" """
    rate, salary = p.amount("daily"), p.amount("yearly")
    if not rate or not p.only("daily", "yearly", "days") or not (salary or p.has("compare") or p.has("earn")):
        return None
    return "compare", {"day_rate": rate.value, "salary": salary.value if salary else None, "billable_days": p.days()}


def match_day_rate_for(p: Parsed) -> Match:
    """"What day rate matches a 60k salary?" """
    salary = p.amount("yearly")
    wants_rate = p.has("dayrate") or (p.has("freelance") and "daily" in p.units)
    if not (salary and wants_rate and p.only("yearly", "days")):
        return None
    return "day_rate_for", {"salary": salary.value, "billable_days": p.days()}


def match_convert(p: Parsed) -> Match:
    """"I earn 4.200 gross a month, what is that a year?" """
    money = p.roles(*MONEY_ROLES)
    if len(money) != 1 or not p.only(*MONEY_ROLES, "days"):
        return None
    amount = money[0]
    targets = p.units - {amount.role}
    if not (p.has("convert") or targets):
        return None
    return "convert", {"amount": amount.value, "from_unit": amount.role, "billable_days": p.days()}


def match_check(p: Parsed) -> Match:
    """"Is €650 a day a good rate for a mid-level freelancer?"; without a level, "Is €650 a day a good rate?"."""
    money = p.roles(*MONEY_ROLES)
    level = p.levels[-1] if p.levels else _level_for(p.years())
    if len(money) != 1 or not p.only(*MONEY_ROLES, "years") or not (level or p.has("judge")):
        return None
    amount = money[0]
    city = p.cities[-1] if p.cities and amount.role in SALARY_ROLES else None
    return "check", {"level": level, "amount": amount.value, "unit": amount.role, "city": city}


def match_freelance(p: Parsed) -> Match:
    """"How much does a senior freelancer charge per day?"; "What risks do freelancers face?" is for the documents."""
    rate_words = p.has("freelance") or p.has("dayrate") or p.has("rate")
    specific = p.levels or p.units or p.has("ask")
    if p.roles(*MONEY_ROLES) or not p.only("days", "years") or not (rate_words and specific and _rate_intent(p)):
        return None
    level = p.level() if p.levels else _level_for(p.years())
    return "freelance", {"level": level, "billable_days": p.days()}


def match_salary(p: Parsed) -> Match:
    """"Wat verdient een junior backend developer in Brussel?", "What is the average salary in Belgium?" """
    if p.roles(*MONEY_ROLES) or not p.only("years") or p.has("freelance") or not p.has("earn"):
        return None
    if not (p.levels or p.years() is not None or p.cities or p.has("national")):
        return None
    if p.cities and p.has("place_compare"):
        return None  # the bands do not compare places; the documents say how they differ
    if not (p.has("ask") or p.levels or p.years() is not None):
        return None  # "is my salary indexed…?", "is the pay … the same…?": about salaries, not asking for one
    return "salary", {"level": p.level(), "years": p.years() if not p.levels else None,
                      "city": p.cities[-1] if p.cities else None}


def _rate_intent(p: Parsed) -> bool:
    """A rate or earnings is asked for: a rate word, a per-hour or per-day unit, or an earning word."""
    return p.has("rate") or p.has("dayrate") or bool(p.units & {"hourly", "daily"}) or p.has("income")


def _level_for(years: float | None) -> Level | None:
    """The level the documents give for years of experience (junior up to 2, mid up to 6)."""
    if years is None:
        return None
    book = book_in_use()
    junior, mid = book.figure("experience.junior").hi, book.figure("experience.mid").hi
    return "junior" if years <= junior else "mid" if years <= mid else "senior"


MATCHERS: tuple[Callable[[Parsed], Match], ...] = (
    match_employer_cost, match_compare, match_day_rate_for, match_convert, match_check, match_freelance, match_salary,
)
