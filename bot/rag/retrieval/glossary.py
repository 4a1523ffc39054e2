"""Dutch↔English terms of the domain, a boost for the words a community uses (salaris/salary, dagtarief/day rate),
and the French terms that lead to them (salaire, tarif journalier).

Matching across languages rests on the multilingual embedding model; the glossary adds the domain's own
translations to BM25's query, so an exact term in the other language counts too. The terms are data, in
`knowledge/vocabulary/glossary.yaml` (or the knowledge directory's own); they match on their Snowball stems (so
"tarieven" finds "tarief" and "colleagues" finds "colleague"), and a long Dutch compound matches the terms it
starts or ends with ("freelancetarieven": freelance + tarieven).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

from bot.datafile import first_line, load_yaml
from bot.errors import UserFacingError
from bot.rag.retrieval.text import stemmer
from bot.settings import SOURCE_KNOWLEDGE

# This checkout's glossary; a knowledge directory with its own vocabulary/glossary.yaml uses that one instead.
GLOSSARY_FILE = SOURCE_KNOWLEDGE / "vocabulary" / "glossary.yaml"


def load_groups(path: Path) -> tuple[tuple[str, ...], ...]:
    """The groups of a glossary file; anything malformed is a clear error naming the file."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise UserFacingError(f"cannot read the glossary {path}: not UTF-8 text (byte {err.start})") from err
    except (OSError, yaml.YAMLError) as err:
        raise UserFacingError(f"cannot read the glossary {path}: {first_line(err)}") from err
    found = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(found, list) or not found:
        raise UserFacingError(f"the glossary {path} must hold `groups:`, a list of term lists")
    for number, group in enumerate(found, 1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(t, str) and t.strip() for t in group):
            raise UserFacingError(f"the glossary {path}: group {number} must list at least two terms, got "
                                  f"{repr(group)[:200]}")
    return tuple(tuple(term.strip() for term in group) for group in found)


def load_joined(path: Path, groups: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    """The file's `french:` terms, each with the number of the group it joins (named by one of its terms)."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    joined = data.get("french") or {} if isinstance(data, dict) else {}
    if not isinstance(joined, dict):
        raise UserFacingError(f"the glossary {path}: `french:` must map each French term to a term of its group")
    number_of = {term.lower(): number for number, group in enumerate(groups) for term in group}
    found: dict[str, int] = {}
    for term, anchor in joined.items():
        if not isinstance(term, str) or not isinstance(anchor, str) or anchor.lower() not in number_of:
            raise UserFacingError(f"the glossary {path}: french: {term!r} must name a term of a group, got "
                                  f"{anchor!r}")
        found[term.strip()] = number_of[anchor.lower()]
    return found


_WORDS = re.compile(r"\w+(?:[-']\w+)*")
COMPOUND_MIN = 9  # a word this long may be a Dutch compound of glossary terms
PART_MIN = 4  # the shortest glossary term that counts as part of a compound ("loon", "kost")


def words(text: str) -> list[str]:
    """Lowercase words, hyphenated and apostrophe words kept whole."""
    return _WORDS.findall(text.lower())


@lru_cache(maxsize=50_000)  # bounded: a long-running bot sees every word its users type
def forms(word: str) -> frozenset[str]:
    """A word and its Dutch and English stems: two words match when these overlap."""
    return frozenset({word, stemmer("nl").stemWord(word), stemmer("en").stemWord(word)})


def longest(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop a match inside a longer one: "job interview" is an interview, not also a job."""
    return [span for span in spans
            if not any(o[0] <= span[0] and span[1] <= o[1] and o[1] - o[0] > span[1] - span[0] for o in spans)]


def _matches_at(term: tuple[frozenset[str], ...], text_forms: list[frozenset[str]], position: int) -> bool:
    """Every word of the term matches the text's words from this position on."""
    window = text_forms[position : position + len(term)]
    return len(window) == len(term) and all(a & b for a, b in zip(term, window, strict=True))


def _compound_parts(word: str, parts: list[tuple[str, int]]) -> set[int]:
    """The groups of the terms a compound begins or ends with ("brutoloon": bruto, loon)."""
    return {number for part, number in parts if part != word and (word.startswith(part) or word.endswith(part))}


class Glossary:
    """The term groups of one glossary file, indexed for matching; built once by the runtime and passed in.

    `groups` are the Dutch and English terms: what a group means to the embedding model and what a question is
    searched for. `joined` French terms lead a question to their group, without changing it: adding French
    terms changes nothing for a Dutch or English question."""

    def __init__(self, groups: tuple[tuple[str, ...], ...], joined: dict[str, int] | None = None) -> None:
        self.groups = groups
        self.joined = joined or {}
        self._by_form, self._parts = self._index()

    @classmethod
    def from_file(cls, path: Path) -> Glossary:
        groups = load_groups(path)
        return cls(groups, load_joined(path, groups))

    @staticmethod
    @cache
    def packaged() -> Glossary:
        """This checkout's glossary, read on first use: for code that runs without a runtime (tests, tools)."""
        return Glossary.from_file(GLOSSARY_FILE)

    def _index(self) -> tuple[dict[str, list[tuple[tuple[frozenset[str], ...], int]]], list[tuple[str, int]]]:
        """Terms by the forms of their first word, and the single-word terms that can be part of a compound."""
        by_form: dict[str, list[tuple[tuple[frozenset[str], ...], int]]] = {}
        parts: list[tuple[str, int]] = []
        terms = [(term, number) for number, group in enumerate(self.groups) for term in group]
        for term, number in [*terms, *self.joined.items()]:
            term_words = words(term)
            entry = (tuple(forms(w) for w in term_words), number)
            for form in entry[0][0]:
                by_form.setdefault(form, []).append(entry)
            if len(term_words) == 1 and len(term_words[0]) >= PART_MIN:
                parts.append((term_words[0], number))
        return by_form, parts

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(first word, word after the last, group) of every glossary term in the text, by words(text) position."""
        text_words = words(text)
        text_forms = [forms(w) for w in text_words]
        found: list[tuple[int, int, int]] = []
        for position, word_forms in enumerate(text_forms):
            spans = {(position + len(term), number) for form in word_forms
                     for term, number in self._by_form.get(form, ()) if _matches_at(term, text_forms, position)}
            if not spans and len(text_words[position]) >= COMPOUND_MIN:
                spans = {(position + 1, number) for number in _compound_parts(text_words[position], self._parts)}
            found.extend((position, end, number) for end, number in sorted(spans))
        return longest(found)

    def translations(self, numbers: list[int], present: set[str]) -> list[str]:
        """The terms of these groups, without the words already present, each once."""
        found: list[str] = []
        for number in numbers:
            found.extend(t for t in self.groups[number] if t.lower() not in present and t not in found)
        return found

    def expand(self, query: str) -> list[str]:
        """Translations and synonyms of the glossary terms found in the query (not the words already in it)."""
        return self.translations([number for _, _, number in self.matches(query)], set(words(query)))
