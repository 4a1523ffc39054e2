"""Dutch, English or French? Questions are short, so count function words instead of using a statistical detector.

`detect_language` tells Dutch from English; `question_language` tells French too, and is what the interface, the
calculators and the answers follow."""

from __future__ import annotations

import re
from typing import Literal

from bot.models import Language

QuestionLanguage = Literal["nl", "en", "fr"]

# Function words that are frequent in one language and rare in the other (short questions hinge on them).
DUTCH_WORDS = frozenset(
    "de het een en van ik je jij u wij we zij is zijn ben bent wat wie waar wanneer hoe hoeveel waarom welke welk "
    "voor met op aan bij als dan naar niet geen ook nog maar om te tot uit over per mijn jouw uw onze hun "
    "verdient verdien verdienen kost kosten krijg krijgt kan kun kunt moet moeten wordt worden heb heeft hebben "
    "dat deze die dit er meer minder goed goede tussen jaar maand dag uur bruto netto werkgever salaris "
    "loon tarief dagtarief uurtarief sollicitatie sollicitatiegesprek ontwikkelaar opleiding welke naast "
    "eigenlijk gemiddeld gemiddelde beste nodig zou zouden mag ja nee hallo bedankt dank".split()
)
ENGLISH_WORDS = frozenset(
    "the a an and of i you we they is are am what who where when how much many why which for with on at to "
    "from by as than not no also but about per my your our their do does did can could should would will "
    "earn earns cost costs get gets have has this that these those there more less good between year month "
    "day hour gross net employer salary wage rate rates daily hourly interview developer education charge "
    "average best need any hello thanks thank please".split()
)
# French function words, accents optional and elisions split off ("l'enfant", "qu'est-ce"), as members type them.
# "de" and "en" are French as much as Dutch: they count for both, and French spelling decides a tie.
FRENCH_WORDS = frozenset(
    "le la les un une de des du au aux en et ou est sont suis es sommes etes ce cet cette ces je tu il elle on "
    "nous vous ils elles quel quelle quels quelles qui que quoi quand comment combien pourquoi dans sur avec sans "
    "pour par "
    "chez entre mais pas ne plus moins tres bien mon ma mes ton ta tes son sa ses notre votre leur leurs "
    "peut peux puis dois doit faut avoir avez ai fait faire gagne gagner salaire tarif jour jours mois "
    "annee ans brut net employeur c j qu d l s n m t jusqu jusqua apres avant bonjour merci à".split()
)
WORD = re.compile(r"[a-zà-ÿ]+")
LETTERS = re.compile(r"[^\W\d_]+")  # a word as written, capitals kept
# Accents dropped, so "année" and "annee" count alike.
UNACCENTED = str.maketrans("àâäéèêëîïôöùûüç", "aaaeeeeiioouuuc")


# Letter groups that one language spells often and the other rarely: they decide a question without function words
# ("kennelijk onredelijk ontslag, max vergoeding?").
DUTCH_SPELLING = re.compile(r"ij|oe|aa|uu|sch|cht|heid\b|lijk")
ENGLISH_SPELLING = re.compile(r"th|wh|ck|sh|tion\b|ly\b|ea|ou")
# French accents (not the diaeresis, which Dutch spells too) and endings the others rarely spell.
FRENCH_SPELLING = re.compile(r"[éèêàçâîôûù]|eau|eux\b|aux\b|oir\b")


def detect_language(text: str, default: Language = "en") -> Language:
    """Return "nl" or "en" by counting each language's function words, else the letter groups each spells often;
    ties go to the default."""
    lowered = text.lower()
    words = WORD.findall(lowered)
    dutch = sum(word in DUTCH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    if dutch == english:
        dutch, english = len(DUTCH_SPELLING.findall(lowered)), len(ENGLISH_SPELLING.findall(lowered))
    if dutch == english:
        return default
    return "nl" if dutch > english else "en"


def question_language(text: str, default: Language = "en") -> QuestionLanguage:
    """The question's own language, French included: French when its function words outnumber both others', or
    equal them and its spelling says French twice over ("préavis de démission ?", "congé parental durée ?"); a single
    accent ("Carrière en gezin", "Privé en werk") is a loanword, and the tie goes on to Dutch or English."""
    lowered = text.lower()
    # "à" is a French word; stripped of its accent it would read as the English article
    words = [word if word == "à" else word.translate(UNACCENTED) for word in WORD.findall(lowered)]
    french = sum(word in FRENCH_WORDS for word in words)
    others = max(sum(word in DUTCH_WORDS for word in words), sum(word in ENGLISH_WORDS for word in words))
    if french > others or (french == others and french_spelt(text)):
        return "fr"
    return detect_language(text, default)


def french_spelt(text: str) -> bool:
    """At least two words spelt as French spells (names written with a capital inside the question left out, as
    "Société Générale"), and more than the words spelt as Dutch or as English."""
    words = [word.lower() for number, word in enumerate(LETTERS.findall(text))
             if number == 0 or not word[0].isupper()]
    french, dutch, english = (sum(bool(spelling.search(word)) for word in words)
                              for spelling in (FRENCH_SPELLING, DUTCH_SPELLING, ENGLISH_SPELLING))
    return french >= 2 and french > max(dutch, english)
