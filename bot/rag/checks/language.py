"""An answer in the question's language only."""

from __future__ import annotations

import re

from bot.models import Language
from bot.rag.checks.citations import answer_sentences
from bot.text.citations import without_marks
from bot.text.language import DUTCH_WORDS, ENGLISH_WORDS

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
