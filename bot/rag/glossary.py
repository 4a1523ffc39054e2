"""Dutch↔English terms of the domain, used to expand queries so either language finds both kinds of document.

The default embedding model only understands English and most documents are Dutch; a query term in one
language gets its translations appended, which lets BM25 and the dense model match the other language.
"""

from __future__ import annotations

import re

# Each group holds interchangeable terms (any language); a query that contains one gets all the others.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("salaris", "salarissen", "loon", "verdienen", "verdient", "verdien", "salary", "salaries", "pay", "earn",
     "earns", "compensation"),
    ("jaarsalaris", "per jaar", "jaarlijks", "annual salary", "per year", "annually", "yearly"),
    ("per maand", "maandelijks", "maandloon", "monthly", "per month", "a month"),
    ("bruto", "gross"),
    ("netto", "net income", "take home"),
    ("gemiddeld", "gemiddelde", "average"),
    ("meest voorkomende", "meest voorkomend", "most common", "typical", "typisch", "typische"),
    ("werkgever", "werkgevers", "employer", "employers"),
    ("werknemer", "employee", "full-time employee"),
    ("totale kost", "kost", "kosten", "cost", "total employer cost"),
    ("dagtarief", "dagtarieven", "per dag", "day rate", "daily rate", "daily rates", "per day"),
    ("uurtarief", "per uur", "hourly rate", "hourly", "per hour"),
    ("rekent", "rekenen", "vraagt", "aanrekenen", "charge", "charges"),
    ("freelancer", "freelancers", "zelfstandige", "freelance", "contractor", "contractors"),
    ("ervaren", "experienced", "senior"),
    ("beginnend", "beginnende", "starter", "junior", "juniors"),
    ("medior", "mid-level", "mid level"),
    ("sollicitatiegesprek", "sollicitatiegesprekken", "sollicitatie", "job interview", "interview", "interviews"),
    ("testopdracht", "test assignment", "take-home assignment", "coding test"),
    ("voorbereiden", "voorbereiding", "prepare", "preparation"),
    ("vaardigheden", "competenties", "skills", "soft skills"),
    ("opleiding", "opleidingen", "diploma", "education", "degree", "study", "studies", "training"),
    ("programmeertalen", "programmeertaal", "programming languages", "programming language", "languages"),
    ("databases", "database", "databanken"),
    ("databasebeheerder", "database administrator", "dba"),
    ("werkomgeving", "kantoor", "work environment", "workplace", "office"),
    ("werkweek", "uur per week", "werkuren", "working week", "hours per week", "working hours", "40 hours"),
    ("vakantiedagen", "extra dagen vakantie", "vakantie", "holidays", "days off", "paid leave", "vacation"),
    ("telewerk", "thuiswerk", "remote work", "remote", "working from home"),
    ("carrière", "carrièrevooruitzichten", "doorgroeien", "career", "career path", "progression"),
    ("Vlaanderen", "Flanders"),
    ("Brussel", "Brussels"),
    ("Antwerpen", "Antwerp"),
    ("Gent", "Ghent"),
    ("België", "Belgium"),
    ("Rusland", "Russia"),
    ("overheid", "publieke sector", "public sector", "government"),
    ("lange termijn", "langdurige", "long-term", "long term"),
    ("onderhandelen", "onderhandeling", "negotiate", "negotiation"),
    ("documentatie", "documenteren", "documentation", "docs"),
    ("beveiliging", "kwetsbaarheden", "security", "vulnerabilities", "vulnerability"),
    ("commandoregel", "terminal", "command line", "cli", "shell"),
    ("neurale netwerken", "AI-tool", "AI-tools", "AI tool", "AI tools", "AI coding tools", "code assistant"),
    ("automatisch aanvullen", "autocomplete", "code completion", "suggestions"),
    ("verschil", "difference"),
    ("beter", "kosteneffectief", "cost-effective", "more cost-effective"),
)

_WORDS = re.compile(r"\w+(?:[-']\w+)*")


def _normalise(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


_INDEX: list[tuple[str, tuple[str, ...]]] = [
    (_normalise(term), group) for group in GROUPS for term in group
]


def expand(query: str) -> list[str]:
    """Translations and synonyms of the glossary terms found in the query (not the query itself)."""
    padded = f" {_normalise(query)} "
    found: list[str] = []
    for term, group in _INDEX:
        if f" {term} " in padded:
            found.extend(t for t in group if _normalise(t) != term and t not in found)
    return found
