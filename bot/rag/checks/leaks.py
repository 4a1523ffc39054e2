"""Secrets and the system prompt never reach a member, also when disguised."""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable
from functools import cache

from bot.rag.index.passages import split_sentences

MIN_PROMPT_FRAGMENT = 40


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
