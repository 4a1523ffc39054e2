"""Checks on every generated answer before anyone sees it: figures, citations, mentions, links and leaks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot import numbers
from bot.models import Source

ZWSP = "\u200b"
CITATION = re.compile(r"\s?\[(\d+(?:\s*,\s*\d+)*)\]")
LIST_MARKER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
URL_CHARS = r"[^\s<>\[\]()`'\"]+"
LINK = re.compile(
    rf"\[(?P<label>[^\]\n]*)\]\(\s*<?(?P<target>{URL_CHARS})>?\s*\)"  # [label](url)
    rf"|<(?P<angle>[a-zA-Z][\w+.\-]*://{URL_CHARS})>"  # <url>
    rf"|(?P<bare>\b[a-zA-Z][\w+.\-]*://{URL_CHARS})"  # url
)
TRAILING_PUNCTUATION = ".,;:!?"
MENTION_TAG = re.compile(r"<(?=[@#]|/[\w -]+:\d+>)")  # <@id> <@!id> <@&id> <#id> </command:id>
DISCORD_ID = re.compile(r"<(?:@[!&]?|#|/[\w -]+:)\d+>")  # mentions carry IDs, not figures
BROADCAST = re.compile(r"@(?=(?:everyone|here)\b)", re.IGNORECASE)
MIN_PROMPT_FRAGMENT = 40


@dataclass(frozen=True)
class Figure:
    """One number in a text, with every value it can mean (3.500 is 3500 in Dutch and 3.5 in English)."""

    raw: str
    values: tuple[tuple[float, int], ...]  # (value before the k/M multiplier, decimals shown)
    multiplier: float


@dataclass
class Review:
    """A checked answer: its safe text, whether it stands on a valid citation, and any reason to replace it."""

    text: str
    confident: bool
    problems: list[str] = field(default_factory=list)


def figures(text: str) -> list[Figure]:
    """Every amount, percentage or count in a text, with its possible values."""
    return [Figure(n.raw, tuple(n.readings()), n.multiplier) for n in numbers.find(text)]


def evidence_values(texts: Iterable[str]) -> set[float]:
    """All values the context and tool results state, as plain numbers."""
    return {value * figure.multiplier for text in texts for figure in figures(text) for value, _ in figure.values}


def _supported(figure: Figure, allowed: set[float]) -> bool:
    """A figure is supported when some reading of it equals an evidence value shown at the figure's precision."""
    for value, decimals in figure.values:
        for known in allowed:
            if abs(round(known / figure.multiplier, decimals) - value) < 1e-9:
                return True
    return False


def answer_figures(text: str) -> list[Figure]:
    """The figures an answer states, leaving out citation marks, list numbering, Discord IDs and URLs."""
    text = DISCORD_ID.sub(" ", CITATION.sub(" ", text))
    text = LIST_MARKER.sub(" ", text)
    text = LINK.sub(lambda m: m.group("label") or " ", text)
    return figures(text)


def unsupported_figures(answer: str, evidence: Iterable[str]) -> list[str]:
    """The figures in the answer that no context text or tool result states (70.000 = 70,000 = 70k = €70,000)."""
    allowed = evidence_values(evidence)
    return [figure.raw for figure in answer_figures(answer) if not _supported(figure, allowed)]


def clean_citations(text: str, ranks: Iterable[int]) -> tuple[str, set[int]]:
    """Drop [n] marks that point at no supplied source; return the text and the ranks validly cited."""
    valid_ranks = set(ranks)
    cited: set[int] = set()

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        good = [n for n in dict.fromkeys(numbers) if n in valid_ranks]
        cited.update(good)
        lead = match.group(0)[0] if match.group(0)[0].isspace() else ""
        return lead + "".join(f"[{n}]" for n in good) if good else ""

    return CITATION.sub(keep, text), cited


def normalise_url(url: str) -> str:
    """Compare URLs without case in scheme and host, and without a trailing slash."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


def _plain(url: str) -> str:
    """A URL as inline code, which Discord does not turn into a link (URL_CHARS excludes backticks)."""
    return f"`{url}`"


def restrict_links(text: str, allowed_urls: Iterable[str]) -> str:
    """Keep links to the sources' own URLs; show every other link as plain text."""
    allowed = {normalise_url(url) for url in allowed_urls if url}

    def rewrite(match: re.Match[str]) -> str:
        if match.group("target") is not None:
            label, target = match.group("label"), match.group("target")
            return match.group(0) if normalise_url(target) in allowed else f"{label} ({_plain(target)})"
        url = match.group("angle") or match.group("bare")
        trailing = ""
        while match.group("bare") and url and url[-1] in TRAILING_PUNCTUATION:
            url, trailing = url[:-1], url[-1] + trailing
        kept = f"<{url}>" if match.group("angle") else url
        return (kept if normalise_url(url) in allowed else _plain(url)) + trailing

    return LINK.sub(rewrite, text)


def neutralise_mentions(text: str) -> str:
    """Make @everyone, @here and <@id>/<@&id>/<#id> inert, so an answer can never ping anyone."""
    return MENTION_TAG.sub("<" + ZWSP, BROADCAST.sub("@" + ZWSP, text))


def sanitise_output(text: str, allowed_urls: Iterable[str]) -> str:
    """Links first (so URLs stay whole), then mentions, including any inside the rewritten links."""
    return neutralise_mentions(restrict_links(text, allowed_urls))


def _squash(text: str) -> str:
    """Lower case, single spaces: how leaked text is compared."""
    return " ".join(text.split()).casefold()


def leaks(text: str, secrets: Iterable[str], prompt: str) -> list[str]:
    """Why the answer must not be shown: it contains a secret setting or a verbatim piece of the system prompt."""
    found = ["a configured secret setting" for secret in secrets if secret and secret in text][:1]
    squashed = _squash(text)
    fragments = [_squash(part) for part in re.split(r"(?<=[.:;])\s+|\n+", prompt)]
    if any(len(part) >= MIN_PROMPT_FRAGMENT and part in squashed for part in fragments):
        found.append("a verbatim part of the system prompt")
    return found


def review_answer(
    text: str,
    sources: Sequence[Source],
    evidence: Sequence[str],
    secrets: Sequence[str] = (),
    prompt: str = "",
) -> Review:
    """Run every check; problems mean the caller must replace the answer, the text is safe to show either way."""
    text, cited = clean_citations(text, [source.rank for source in sources])
    problems = []
    if not text.strip():
        problems.append("an empty answer")
    if unsupported := unsupported_figures(text, evidence):
        problems.append("figures found in neither the context nor a tool result: " + ", ".join(unsupported))
    problems.extend(leaks(text, secrets, prompt))
    safe = sanitise_output(text, [source.url for source in sources if source.url])
    return Review(safe.strip(), confident=bool(cited) and bool(sources), problems=problems)
