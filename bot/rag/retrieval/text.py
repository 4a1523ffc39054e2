"""Words for lexical matching: lowercase, stopwords out, numbers without separators, Snowball stems (nl, en, fr)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN_PLUS, STOPWORDS_FRENCH

# bm25s's Snowball/NLTK lists, plus the question words and modal verbs users put around every question.
STOPWORDS = frozenset(STOPWORDS_EN_PLUS) | frozenset(STOPWORDS_DUTCH) | frozenset(
    "de het een en van in op te dat die is zijn voor met als aan er om ook bij of wat hoe welke wie waar waarom "
    "je jij ik ze we u dan naar uit zo nog maar deze dit wel niet geen kan kun moet wordt worden heb heeft "
    "the a an and of in on to that is are for with as at by or what how which who where why do does did "
    "you i we they it be can should will my your there this these those from about into than".split()
) | frozenset(  # the frame of a question rather than its subject ("what do I need to know about…", "hoe ziet … eruit")
    "need needs become get gets make makes go goes want know like use used using way ways thing things look looks "
    "tell much many would could may might must one also ziet zien eruit kennen ken weten weet word nodig wil "
    "willen gebruik gebruiken gebruikt krijg manier iets eigenlijk graag precies vertel happen happens gebeurt "
    "according volgens selon".split()
) | frozenset(STOPWORDS_FRENCH) | frozenset(  # French questions are answered from the Dutch and English documents
    "quel quelle quels quelles combien comment quand pourquoi peut peux puis dois doit faut est-ce jusqu jusqua "
    "c j qu l d s n m t bonjour merci".split()
) | frozenset(  # chat shorthand for function words ("mn baas", "da", "u", "r", "im"), in no document
    "mn m'n zn z'n vd da u r ur im ive dont cant wont whats hows".split()
)
_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+(?:-[^\W\d_]+)*")


@cache
def stemmer(language: str) -> Any:
    # PyStemmer: the Snowball stemmers in C (the pure-Python ones took most of answer()'s time), caching stems.
    return Stemmer.Stemmer({"nl": "dutch", "en": "english", "fr": "french"}[language])


def tokenize(text: str, languages: tuple[str, ...]) -> list[str]:
    """Lowercase words without stopwords, numbers without separators, hyphenated words whole and in parts,
    each stemmed in the given languages."""
    words: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        if raw[0].isdigit():
            words.append(re.sub(r"[.,]", "", raw))
            continue
        parts = raw.split("-")
        words.extend(w for w in ([raw.replace("-", "")] + (parts if len(parts) > 1 else [])) if w not in STOPWORDS)
    stems = [s for lang in languages for s in stemmer(lang).stemWords(american(words) if lang == "en" else words)]
    return list(dict.fromkeys(stems)) if len(languages) > 1 else stems


# British spellings that the English stemmer keeps apart from the American ones the documents use
# ("specialisation" vs "specialization"); only endings without common exceptions ("expertise", "advertise").
_BRITISH = re.compile(r"(al|im|it|an|ogn)is(e|es|ed|ing|ation|ations)$")


def american(words: list[str]) -> list[str]:
    """-ise/-isation spelled -ize/-ization, so both spellings share a stem."""
    return [_BRITISH.sub(r"\1iz\2", word) for word in words]
