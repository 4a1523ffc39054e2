"""Checks on every generated answer before anyone sees it: its shape, figures, citations, language, mentions,
links and leaks."""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from text_to_num import alpha2digit

from bot import numbers
from bot.citations import PATTERN as MARK
from bot.citations import WRITTEN, cited_ranks, has_marks, without_marks, written_numbers
from bot.language import DUTCH_WORDS, ENGLISH_WORDS
from bot.models import Language, Source
from bot.rag.glossary import Glossary
from bot.rag.passages import split_sentences
from bot.rag.text import tokenize

ZWSP = "\u200b"
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
    in_words: bool = False  # "twelve thousand": a source that writes the same words supports it too


@dataclass
class Review:
    """A checked answer: its safe text, whether it stands on a valid citation, and any reason to replace it."""

    text: str
    confident: bool
    problems: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # the problems' short codes, as fallback_reason reports them

    def add(self, reason: str, *problems: str) -> None:
        """Record a problem under its code."""
        self.reasons.append(reason)
        self.problems.extend(problems)


# What each reply shape is called in the log.
SHAPES = {
    "empty": "an empty answer",
    "tool_text": "a tool call written as text",
    "json": "a JSON object instead of an answer",
    "code": "code the question did not ask for",
    "link": "a link that is not one of the sources' own",
    "cut_off": "an answer cut off mid-sentence",
    "echo": "the sources' headings instead of an answer",
}


# Ways to write a number that the digit reader does not see: 1e5, 10^5, 10**5 and 10⁵ are read as their value.
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
POWER = re.compile(
    rf"(?<![\w.,])(\d+(?:\.\d+)?)(?:[eE]([+-]?\d+)|\s?(?:\^|\*\*)\s?([+-]?\d+)|([{SUPERSCRIPTS}]+))(?!\w|[.,]\d)"
)
HALF = re.compile(r"\b(?:half an?|een halve?) (million|miljoen|thousand|duizend)\b", re.IGNORECASE)
HALF_VALUES = {"million": 500_000, "miljoen": 500_000, "thousand": 500, "duizend": 500}
# One to nine written out are prose ("three tips", "een van de tools"); from ten on a word number is a figure.
MIN_WORD_FIGURE = 10
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ０-９，． and the rest to ASCII


def plain_digits(text: str) -> str:
    """Full-width forms and every other script's digits as ASCII, so ７０，０００ reads as 70,000."""
    text = text.translate(FULL_WIDTH)
    return re.sub(r"[^\x00-\x7f]", lambda m: str(unicodedata.digit(m.group(), m.group())), text)


def _power_value(match: re.Match[str]) -> str:
    base, exponent = float(match.group(1)), match.group(2) or match.group(3)
    if exponent is None:
        exponent = "".join(str(SUPERSCRIPTS.index(ch)) for ch in match.group(4))
    try:
        value = base * 10.0 ** int(exponent) if match.group(2) else base ** min(int(exponent), 30)
    except OverflowError:  # beyond any float: written as a number above them all, which no source supports
        return "1" + "0" * 309
    return f"{value:.10g}" if not math.isfinite(value) or value != int(value) else str(int(value))


def expand_powers(text: str) -> str:
    """1e5, 10^5, 10**5 and 10⁵ written as the number they mean."""
    return POWER.sub(_power_value, text)


def word_figures(text: str) -> list[Figure]:
    """Numbers written in words, in English or Dutch ("twelve thousand", "half a million", "twaalfduizend"),
    from MIN_WORD_FIGURE on; the digits in the text are masked first so "1.5 million" stays one figure."""
    masked = numbers.NUMBER.sub(" ", text)
    found = [Figure(m.group(0), ((float(HALF_VALUES[m.group(1).lower()]), 0),), 1.0, in_words=True)
             for m in HALF.finditer(masked)]
    masked = HALF.sub(" ", masked)
    for language in ("en", "nl"):
        converted = alpha2digit(masked, language)
        for written in numbers.find(converted):
            value = written.value()
            if value >= MIN_WORD_FIGURE and all(f.values[0][0] != value for f in found):
                found.append(Figure(written.raw, ((value, 0),), 1.0, in_words=True))
    return found


def figures(text: str) -> list[Figure]:
    """Every amount, percentage or count in a text, with its possible values (digits in any script, powers)."""
    text = plain_digits(expand_powers(text))
    return [Figure(n.raw, tuple(n.readings()), n.multiplier) for n in numbers.find(text)]


def evidence_values(texts: Iterable[str]) -> set[float]:
    """All values the context and tool results state in digits, as plain numbers."""
    return {value * figure.multiplier for text in texts for figure in figures(text) for value, _ in figure.values}


def evidence_word_values(texts: Iterable[str]) -> set[float]:
    """The values the evidence writes in words: they support the same number in words, not a figure in digits."""
    return {figure.values[0][0] for text in texts for figure in word_figures(text)}


def _supported(figure: Figure, allowed: set[float]) -> bool:
    """A figure is supported when some reading of it equals an evidence value shown at the figure's precision."""
    for value, decimals in figure.values:
        for known in allowed:
            if abs(round(known / figure.multiplier, decimals) - value) < 1e-9:
                return True
    return False


def answer_figures(text: str) -> list[Figure]:
    """The figures an answer states, in digits or words, leaving out citation marks, list numbering, Discord IDs
    and URLs."""
    text = DISCORD_ID.sub(" ", without_marks(plain_digits(expand_powers(text)), " "))
    text = LIST_MARKER.sub(" ", text)
    text = LINK.sub(lambda m: m.group("label") or " ", text)
    return figures(text) + word_figures(text)


def unsupported_figures(answer: str, evidence: Iterable[str]) -> list[str]:
    """The figures in the answer that no context text or tool result states (70.000 = 70,000 = 70k = €70,000 =
    seventy thousand)."""
    evidence = list(evidence)
    allowed = evidence_values(evidence)
    in_words = allowed | evidence_word_values(evidence)
    return [figure.raw for figure in answer_figures(answer)
            if not _supported(figure, in_words if figure.in_words else allowed)]


def clean_citations(text: str, ranks: Iterable[int]) -> tuple[str, set[int]]:
    """Drop [n] marks that point at no supplied source; return the text and the ranks validly cited."""
    valid_ranks = set(ranks)
    cited: set[int] = set()

    def keep(match: re.Match[str]) -> str:
        good = [n for n in dict.fromkeys(written_numbers(match)) if n in valid_ranks]
        cited.update(good)
        lead = match.group(0)[0] if match.group(0)[0].isspace() else ""
        return lead + "".join(f"[{n}]" for n in good) if good else ""

    return WRITTEN.sub(keep, text), cited


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


@cache
def _lookalikes() -> dict[int, str]:
    """Each character that looks like an ASCII letter or digit (Cyrillic а, Greek ο, 𝐚), mapped to it, from the
    Unicode confusables list that confusable_homoglyphs ships."""
    import confusable_homoglyphs

    path = os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")
    with open(path, encoding="utf-8") as file:
        table: dict[str, list[dict[str, str]]] = json.load(file)
    mapping: dict[int, str] = {}
    for char, glyphs in table.items():
        for glyph in (g["c"] for g in glyphs):
            if char.isascii() and char.isalnum() and not glyph.isascii() and len(glyph) == 1:
                mapping.setdefault(ord(glyph), char)
            elif glyph.isascii() and glyph.isalnum() and not char.isascii() and len(char) == 1:
                mapping.setdefault(ord(char), glyph)
    return mapping


def skeleton(text: str) -> str:
    """Text as leak checks compare it: compatibility forms folded (full-width letters), invisible format
    characters (zero-width spaces and joiners, soft hyphens, direction marks) removed, look-alike letters as
    the ASCII they imitate, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.translate(_lookalikes()).split()).casefold()


def leaks(text: str, secrets: Iterable[str], prompt: str) -> list[str]:
    """Why the answer must not be shown: it contains a secret setting or a verbatim piece of the system prompt,
    also when disguised with zero-width or look-alike characters."""
    squashed = skeleton(text)
    found = ["a configured secret setting" for secret in secrets if secret and skeleton(secret) in squashed][:1]
    parts = split_sentences(prompt, stops=".:;", before_capital_only=False, at_line_breaks=True)
    fragments = [skeleton(part) for part in parts]
    if any(len(part) >= MIN_PROMPT_FRAGMENT and part in squashed for part in fragments):
        found.append("a verbatim part of the system prompt")
    return found


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """Text with every secret replaced by ***, for log lines and error messages."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


# What a reply that is not an answer looks like.
FENCE = re.compile(r"```|~~~")
TOOL_TAG = re.compile(r"</?\s*(?:tool_call|tool_calls|tools|function_call|function|tool)\b[^>]*>", re.IGNORECASE)
NAME_AND_ARGUMENTS = re.compile(r"\{\s*\"name\"\s*:\s*\"[^\"]*\"\s*,\s*\"(?:arguments|parameters)\"\s*:", re.DOTALL)
CODE_LINE = re.compile(r"^\s*(?:def |class |import |from \S+ import |function |const |let |var |public |SELECT |"
                       r"#include|\$ |>>> |[\w.]+\(.*\)\s*;?\s*$|[{}\[\]];?\s*$)", re.MULTILINE)
ASKS_FOR_CODE = re.compile(r"\b(?:code|snippet|example|voorbeeld|script|query|sql|regex|syntax|function|functie)\b",
                           re.IGNORECASE)
SENTENCE_END = ".!?…)]\"'»”:;*`"
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def looks_like_json(text: str) -> bool:
    """The whole reply parses as a JSON object or array."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(stripped), dict | list)
    except ValueError:
        return False


def tool_text(text: str) -> bool:
    """A tool call written as text: a <tool_call> or <tools> block, or a {"name": …, "arguments": …} object."""
    return bool(TOOL_TAG.search(text) or NAME_AND_ARGUMENTS.search(text))


def unasked_code(text: str, question: str) -> bool:
    """A code block or lines of code, when the question did not ask for code."""
    if ASKS_FOR_CODE.search(question):
        return False
    return bool(FENCE.search(text)) or len(CODE_LINE.findall(text)) >= 2


def foreign_links(text: str, allowed_urls: Iterable[str]) -> list[str]:
    """The URLs in the text that are not one of the sources' own."""
    allowed = {normalise_url(url) for url in allowed_urls if url}
    found = []
    for match in LINK.finditer(text):
        url = (match.group("target") or match.group("angle") or match.group("bare") or "").rstrip(TRAILING_PUNCTUATION)
        if normalise_url(url) not in allowed:
            found.append(url)
    return found


def cut_off(text: str) -> bool:
    """The reply stops mid-sentence: its last line is not a list item and ends without closing punctuation."""
    last = without_marks(text.strip()).rstrip()
    if not last:
        return False
    final_line = last.splitlines()[-1]
    return not LIST_ITEM.match(final_line) and last[-1] not in SENTENCE_END and not last[-1].isdigit()


HEADING_PARTS = re.compile(r"\s*›\s*")


def _heading_key(line: str) -> str:
    """A line compared with the sources' headings: no marks, list markers, punctuation or case."""
    line = LIST_ITEM.sub("", without_marks(line)).strip().strip(".:;?!*#-– ").casefold()
    return " › ".join(part for part in HEADING_PARTS.split(line) if part)


def echoes_headings(text: str, sources: Sequence[Source]) -> bool:
    """Most lines of the reply are the sources' titles and section names, not an answer (small models do this)."""
    headings = {_heading_key(part) for source in sources for part in
                (source.title, source.section, f"{source.title} › {source.section}")}
    for source in sources:  # the section path alone, and every tail of it
        parts = HEADING_PARTS.split(source.section)
        headings.update(_heading_key(" › ".join(parts[i:])) for i in range(len(parts)))
    titles = {_heading_key(source.title) + " › " for source in sources}
    lines = [_heading_key(line) for line in text.splitlines() if _heading_key(line)]
    echoed = [line for line in lines if line in headings or line.startswith(tuple(titles))]
    return bool(lines) and len(echoed) * 2 >= len(lines)


def shape_problem(text: str, question: str, allowed_urls: Iterable[str], truncated: bool = False,
                  sources: Sequence[Source] = ()) -> str | None:
    """Why a reply is not an answer to show, as a short code, or None: empty, json, tool_text, code, link,
    echo (the sources' headings repeated), cut_off."""
    if not without_marks(text).strip():
        return "empty"
    if echoes_headings(text, sources):
        return "echo"
    if tool_text(text):
        return "tool_text"
    if looks_like_json(text):
        return "json"
    if unasked_code(text, question):
        return "code"
    if foreign_links(text, allowed_urls):
        return "link"
    if truncated or cut_off(text):
        return "cut_off"
    return None


# Citing by matching: a sentence cites the source it shares the most distinctive words with.
MIN_SHARED_WORDS = 2
MIN_SHARED_SHARE = 0.3
MIN_CLAIM_WORDS = 3  # shorter lines ("Here is what the documents say:") state nothing to cite


def answer_sentences(text: str, *, keep_breaks: bool = False) -> list[str]:
    """A generated answer's sentences: a model's lines are units of their own, whatever letter follows a stop."""
    return split_sentences(text, before_capital_only=False, at_line_breaks=True, keep_breaks=keep_breaks)


def _words(text: str, glossary: Glossary) -> set[str]:
    """Stems in both languages, with the glossary's translations, so a Dutch sentence can match an English source."""
    return set(tokenize(text + " " + " ".join(glossary.expand(text)), ("en", "nl")))


def _best_source(sentence: str, sources: Sequence[Source], glossary: Glossary) -> int | None:
    """The rank of the source that shares enough words with the sentence, the most of them, or None."""
    words = _words(sentence, glossary)
    if not words:
        return None
    best, best_shared = None, 0
    for source in sources:
        shared = len(words & _words(f"{source.title} {source.section} {source.text}", glossary))
        if shared > best_shared and shared >= MIN_SHARED_WORDS and shared >= MIN_SHARED_SHARE * len(words):
            best, best_shared = source.rank, shared
    return best


@dataclass
class Matched:
    """An answer given its citations by matching: the text, how many claims matched a source, how many did not."""

    text: str
    matched: int
    unmatched: int


LEADING_MARKS = re.compile(rf"^(\s*)(?:{MARK}\s*)+")
MARK_AFTER_STOP = re.compile(rf"([.!?])([ \t]*)((?:{MARK})+)")  # "… dependencies. [2] Next" cites the first


def ground_citations(text: str, sources: Sequence[Source], glossary: Glossary | None = None) -> Matched:
    """Check each claim against the sources: a sentence without [n] gets the source it matches (in an answer that
    cites nothing at all); a sentence whose [n] names a source it does not match takes the one it matches, or
    counts as unmatched. Sentences without [n] in an answer that cites are left as they are."""
    glossary = glossary or Glossary.packaged()
    text = MARK_AFTER_STOP.sub(r" \3\1", text)
    cites_anywhere = has_marks(text)
    by_rank = {source.rank: source for source in sources}
    pieces = answer_sentences(text, keep_breaks=True)
    matched = unmatched = 0
    out = []
    for piece in pieces:
        claim = without_marks(piece).strip()
        piece = LEADING_MARKS.sub(r"\1", piece)  # "[2] A sentence." as a model may write it: checked like the rest
        marks = cited_ranks(piece)
        if not claim or len(claim.split()) < MIN_CLAIM_WORDS or (  # the breaks between sentences claim nothing
                not marks and claim.endswith(":")):
            out.append(piece)
            continue
        rank = _best_source(claim, [by_rank[r] for r in marks if r in by_rank], glossary) if marks else None
        rank = rank or _best_source(claim, sources, glossary)
        if rank is None:
            unmatched += 0 if cites_anywhere and not marks else 1  # an aside in a citing answer claims nothing
            out.append(piece)
            continue
        matched += 1
        if rank in marks:
            out.append(piece)
            continue
        stripped = without_marks(piece).rstrip()
        end = len(stripped) - (1 if stripped[-1] in ".!?" else 0)
        out.append(f"{stripped[:end]} [{rank}]{stripped[end:]}{piece[len(piece.rstrip()):]}")
    return Matched("".join(out), matched, unmatched)


# The answer's language, sentence by sentence.
LANGUAGE_WORD = re.compile(r"[a-zà-ÿ]+")
FOREIGN_MARGIN = 3  # a sentence with this many more function words of the other language is in that language
WORDS_OF: dict[str, frozenset[str]] = {"nl": DUTCH_WORDS - ENGLISH_WORDS, "en": ENGLISH_WORDS - DUTCH_WORDS}


def _counts(text: str) -> dict[str, int]:
    words = LANGUAGE_WORD.findall(without_marks(text, " ").lower())
    return {language: sum(word in vocabulary for word in words) for language, vocabulary in WORDS_OF.items()}


def wrong_language(text: str, language: Language) -> bool:
    """The answer is mostly in the other language, or one of its sentences clearly is (a mixed answer)."""
    other = "en" if language == "nl" else "nl"
    whole = _counts(text)
    if whole[other] > whole[language]:
        return True
    return any(counts[other] - counts[language] >= FOREIGN_MARGIN
               for counts in (_counts(sentence) for sentence in answer_sentences(text)))


def review_answer(
    text: str,
    sources: Sequence[Source],
    evidence: Sequence[str],
    secrets: Sequence[str] = (),
    prompt: str = "",
    *,
    question: str = "",
    language: Language | None = None,
    truncated: bool = False,
    glossary: Glossary | None = None,
) -> Review:
    """Run every check; problems mean the caller must replace the answer, the text is safe to show either way.
    Each problem has a short code in `reasons` (the first is why the answer was replaced)."""
    urls = [source.url for source in sources if source.url]
    had_marks = has_marks(text)
    text, cited = clean_citations(text, [source.rank for source in sources])
    review = Review(text, confident=bool(cited) and bool(sources))
    if shape := shape_problem(text, question, urls, truncated, sources):
        review.add(shape, SHAPES[shape])
    if found := leaks(text, secrets, prompt):
        review.add("leak", *found)
    if unsupported := unsupported_figures(text, evidence):
        review.add("figures", "figures found in neither the context nor a tool result: " + ", ".join(unsupported))
    if language is not None and wrong_language(text, language):
        review.add("language", f"not written in {language} only")
    if not review.reasons and (cited or not had_marks):  # marks that all named no source: not confident, as is
        matched = ground_citations(text, sources, glossary)
        if not matched.matched:
            review.add("no_citation", "no sentence matches a source")
        review.text, review.confident = matched.text, bool(sources) and matched.matched > 0 and not matched.unmatched
    review.text = sanitise_output(review.text, urls).strip()
    return review
