"""Dutch↔English terms of the domain, used to expand queries so either language finds both kinds of document.

The default embedding model only understands English and most documents are Dutch; a query term in one
language gets its translations appended, which lets BM25 and the dense model match the other language.
Terms match on their Snowball stems (so "tarieven" finds "tarief" and "colleagues" finds "colleague"), and a
long Dutch compound matches the terms it starts or ends with ("freelancetarieven": freelance + tarieven).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from bot.rag.text import stemmer

# Each group holds interchangeable terms (any language); a query that contains one gets all the others.
# Keep groups tight (translations and true synonyms): every term added is searched for.
GROUPS: tuple[tuple[str, ...], ...] = (
    # pay and money
    ("salaris", "salarissen", "loon", "lonen", "verdienen", "verdient", "verdien", "salary", "salaries", "pay",
     "earn", "earns", "earning", "compensation", "wage", "wages"),
    ("jaarsalaris", "per jaar", "jaarlijks", "annual salary", "per year", "annually", "yearly"),
    ("per maand", "maandelijks", "maandloon", "maandsalaris", "monthly", "per month", "a month"),
    ("bruto", "brutoloon", "gross", "gross salary"),
    ("netto", "nettoloon", "net income", "take home", "net salary"),
    ("gemiddeld", "gemiddelde", "average"),
    ("meest voorkomende", "meest voorkomend", "most common", "typical", "typisch", "typische"),
    ("veelvoorkomend", "veelvoorkomende", "vaak gesteld", "vaak gestelde", "common", "frequent", "frequently asked"),
    ("best betaalde", "best betaald", "best paid", "highest paid", "best-paid", "highest-paying", "best paying"),
    ("werkgever", "werkgevers", "employer", "employers"),
    ("werknemer", "werknemers", "employee", "employees"),
    ("totale kost", "kost", "kosten", "cost", "costs", "total employer cost"),
    ("tarief", "tarieven", "prijs", "prijzen", "prijszetting", "rate", "rates", "price", "prices", "pricing"),
    ("dagtarief", "dagtarieven", "per dag", "day rate", "daily rate", "daily rates", "per day"),
    ("uurtarief", "uurloon", "per uur", "hourly rate", "hourly", "per hour"),
    ("rekent", "rekenen", "vraagt", "aanrekenen", "charge", "charges", "charging"),
    ("verhogen", "verhoging", "loonsverhoging", "opslag", "raise", "increase", "pay rise", "salary increase"),
    ("bonus", "bonussen", "premie", "eindejaarspremie", "bonuses", "end-of-year bonus"),
    ("vakantiegeld", "dubbel vakantiegeld", "holiday pay", "holiday allowance"),
    ("extralegale voordelen", "voordelen", "voordeel", "benefits", "perks", "fringe benefits"),
    ("bedrijfswagen", "company car"),
    ("pensioenplan", "pensioen", "pension plan", "pension"),
    ("hospitalisatieverzekering", "verzekering", "health insurance", "insurance"),
    ("belastingen", "fiscale", "taxes", "tax", "taxation"),
    ("sociale zekerheid", "sociale bijdragen", "social security", "social contributions"),
    ("duur", "duurder", "expensive", "more expensive"),
    ("goedkoop", "goedkoper", "cheap", "cheaper"),
    ("hoger", "hogere", "higher"),
    ("lager", "lagere", "lower"),
    ("budget", "budgetten", "begroting", "budgets", "budgeting"),
    ("risico", "risico's", "risk", "risks"),
    ("risicopremie", "risk premium"),
    ("inflatie", "inflation"),
    ("indexering", "loonindexering", "indexation", "wage indexation"),
    # work and employment
    ("freelancer", "freelancers", "zelfstandige", "zelfstandigen", "freelance", "contractor", "contractors",
     "self-employed"),
    ("ervaren", "experienced", "senior", "seniors"),
    ("beginnend", "beginnende", "starter", "junior", "juniors", "entry-level"),
    ("medior", "mid-level", "mid level"),
    ("ervaring", "werkervaring", "experience", "work experience"),
    ("job", "jobs", "baan", "banen", "beroep", "werk", "occupation", "profession"),
    ("vacaturesite", "vacaturesites", "jobsite", "jobsites", "jobplatform", "job site", "job sites", "job board",
     "job boards", "job platform"),
    ("vacature", "vacatures", "vacancy", "vacancies", "job opening", "job openings"),
    ("werk zoeken", "werk vinden", "job vinden", "job zoeken", "find a job", "find work", "job search",
     "job hunting", "looking for a job"),
    ("vinden", "vind", "find", "finding"),
    ("werken", "working", "work"),
    ("bedrijf", "bedrijven", "onderneming", "ondernemingen", "company", "companies", "firm", "firms"),
    ("organisatie", "organisaties", "organization", "organizations", "organisation", "organisations"),
    ("startup", "startups", "start-up", "start-ups"),
    ("kmo", "kmo's", "kleine bedrijven", "small companies", "small businesses", "sme", "smes"),
    ("collega", "collega's", "colleague", "colleagues", "coworkers", "co-workers"),
    ("teamwerk", "samenwerken", "samenwerking", "teamwork", "collaboration", "collaborate", "working together"),
    ("teamleider", "teamleiders", "team lead", "team leader", "tech lead", "technical lead"),
    ("klant", "klanten", "client", "clients", "customer", "customers"),
    ("gebruiker", "gebruikers", "user", "users"),
    ("taken", "taak", "verantwoordelijkheden", "functiebeschrijving", "tasks", "responsibilities",
     "job description", "duties"),
    ("werkweek", "uur per week", "werkuren", "werkschema", "werktijden", "working week", "hours per week",
     "working hours", "work schedule", "40 hours"),
    ("fulltime", "voltijds", "voltijdse", "full-time", "full time"),
    ("deeltijds", "deeltijdse", "parttime", "part-time", "part time"),
    ("contract", "contracten", "overeenkomst", "contracts", "agreement"),
    ("vast contract", "vaste job", "vaste betrekking", "permanent contract", "permanent employment", "permanent"),
    ("tijdelijk", "tijdelijke", "korte termijn", "temporary", "short-term", "short term"),
    ("lange termijn", "langdurige", "long-term", "long term"),
    ("vakantiedagen", "extra dagen vakantie", "vakantie", "holidays", "days off", "paid leave", "vacation"),
    ("telewerk", "thuiswerk", "thuiswerken", "remote work", "remote", "working from home"),
    ("carrière", "loopbaan", "carrièrevooruitzichten", "doorgroeien", "career", "careers", "career path",
     "progression", "career prospects"),
    ("aanwerving", "aanwerven", "aannemen", "rekrutering", "recruitment", "hiring", "hire", "recruiting"),
    ("aanwervingsproces", "selectieproces", "sollicitatieprocedure", "hiring process", "recruitment process",
     "selection process"),
    ("recruiter", "recruiters", "rekruteerder", "hr"),
    ("kandidaat", "kandidaten", "sollicitant", "sollicitanten", "candidate", "candidates", "applicant"),
    ("aanbod", "jobaanbieding", "aanbieding", "job offer", "job offers"),
    ("onderhandelen", "onderhandeling", "negotiate", "negotiation", "negotiating"),
    ("personeelsverloop", "verloop", "turnover", "attrition"),
    ("behoud", "personeelsbehoud", "retentie", "retention", "retaining staff"),
    ("productiviteit", "productivity", "output"),
    ("waarde", "value"),
    ("kwaliteit", "quality"),
    ("specialisatie", "specialisaties", "gespecialiseerd", "gespecialiseerde", "specialization", "specialisation",
     "specialized", "specialised"),
    ("aanwervingsmodel", "aanwervingsmodellen", "tewerkstellingsvorm", "tewerkstellingsvormen", "hiring model",
     "hiring models", "employment model", "employment models"),
    ("model", "modellen", "models"),
    ("flexibiliteit", "flexibel", "flexibility", "flexible"),
    ("werk-privébalans", "balans tussen werk en privé", "work-life balance"),
    # the market
    ("markt", "arbeidsmarkt", "market", "job market", "labor market", "labour market"),
    ("gevraagd", "gevraagde", "vraag naar", "in demand", "in-demand", "demand"),
    ("tekort", "schaarste", "krapte", "shortage", "scarcity", "talent shortage"),
    ("toekomst", "vooruitzichten", "prognose", "future", "outlook", "forecast"),
    ("economie", "economisch", "economische", "economy", "economic"),
    ("arbeidswetgeving", "arbeidsrecht", "regelgeving", "wetgeving", "labor law", "labour law", "regulation",
     "regulations"),
    ("overheid", "publieke sector", "public sector", "government"),
    ("semi-publieke", "semi-public"),
    ("gezondheidszorg", "zorgsector", "healthcare", "health care"),
    ("financiële sector", "banken", "finance", "banking", "financial sector"),
    ("logistiek", "logistics"),
    ("digitale transformatie", "transformatie", "digital transformation", "transformation"),
    ("digitale soevereiniteit", "digital sovereignty"),
    ("technische schuld", "technical debt"),
    ("legacy", "verouderde systemen", "oude systemen", "verouderde software", "legacy systems", "legacy software"),
    ("stad", "steden", "city", "cities"),
    ("regio", "regionaal", "regionale", "region", "regional"),
    ("nationaal", "nationale", "national"),
    ("Vlaanderen", "Vlaams", "Vlaamse", "Flanders", "Flemish"),
    ("Brussel", "Brussels"),
    ("Antwerpen", "Antwerp"),
    ("Gent", "Ghent"),
    ("Luik", "Liège", "Liege"),
    ("België", "Belgisch", "Belgische", "Belgium", "Belgian"),
    ("Rusland", "Russisch", "Russische", "Russia", "Russian"),
    # roles
    ("webontwikkelaar", "back-end webontwikkelaar", "web developer", "web development"),
    ("front-end", "frontend", "front-end developer", "frontend developer"),
    ("databasebeheerder", "database administrator", "dba"),
    ("architectuur", "architect", "architecten", "architecture", "architects"),
    # interviews
    ("sollicitatiegesprek", "sollicitatiegesprekken", "sollicitatie", "solliciteren", "job interview",
     "interview", "interviews", "job application"),
    ("testopdracht", "test assignment", "take-home assignment", "coding test", "technical test"),
    ("technisch interview", "technische interview", "technical interview", "technical round"),
    ("mock-interviews", "proefgesprekken", "oefengesprekken", "mock interviews", "practice interviews"),
    ("STAR-methode", "STAR method"),
    ("voorbereiden", "voorbereiding", "voorbereid", "prepare", "preparation", "preparing"),
    ("vragen", "vraag", "questions", "question"),
    ("antwoorden", "antwoord", "answers", "answer", "answering"),
    ("fouten", "fout", "vergissingen", "mistakes", "mistake", "errors", "error", "pitfalls"),
    ("gedrag", "gedragsvragen", "gedragsgerichte", "gedragsstrategie", "behaviour", "behavior", "behavioural",
     "behavioral"),
    ("zelfverzekerd", "zelfvertrouwen", "confident", "confidence"),
    ("communicatie", "communicatieve vaardigheden", "communiceren", "communication", "communication skills",
     "communicate"),
    ("stressbestendigheid", "stressbestendig", "stress resistance", "handling stress", "under pressure"),
    ("tijdmanagement", "timemanagement", "time management"),
    ("screening", "cv-selectie", "cv screening", "first screening", "resume screening"),
    ("video-oproep", "videogesprek", "video call"),
    ("bedrijfscultuur", "company culture", "culture fit"),
    ("afgewezen", "afwijzing", "rejected", "rejection"),
    ("motivatie", "motivation"),
    ("feedback", "terugkoppeling"),
    ("stappen", "fasen", "fases", "stadia", "steps", "stages", "phases", "rounds"),
    # skills and learning
    ("vaardigheden", "competenties", "skills", "skill", "competencies"),
    ("soft skills", "sociale vaardigheden", "zachte vaardigheden", "people skills", "interpersonal skills"),
    ("kennis", "knowledge", "know-how"),
    ("opleiding", "opleidingen", "diploma", "education", "degree", "studies", "training"),
    ("leren", "studeren", "bestuderen", "learn", "learning", "study", "studying"),
    ("cursus", "cursussen", "course", "courses", "online cursussen", "online courses"),
    ("platform", "platforms", "leerplatform", "leerplatformen", "learning platform", "learning platforms"),
    ("certificaat", "certificaten", "certificate", "certificates", "certification", "certifications"),
    ("universiteit", "universiteiten", "hogeschool", "university", "universities", "college"),
    ("bachelor", "bachelordiploma", "bachelor's degree"),
    ("master", "masterdiploma", "master's degree"),
    ("computerwetenschappen", "informatica", "computer science"),
    ("bootcamp", "bootcamps", "boot camp", "boot camps"),
    ("zelfstudie", "zelf leren", "self-study", "self-taught", "teach yourself"),
    ("conferenties", "conferentie", "evenementen", "seminaries", "conferences", "conference", "events",
     "meetups", "seminars"),
    ("netwerk", "network", "networking"),
    ("gemeenschap", "gemeenschappen", "community", "communities"),
    ("portfolio", "portfolio's", "portfolios"),
    ("cv", "curriculum vitae", "resume", "résumé"),
    ("verbeteren", "verbetering", "improve", "improving", "improvement"),
    ("kwalificatie", "kwalificaties", "qualification", "qualifications"),
    ("soorten", "types", "kinds", "typen", "sorts"),
    ("verschil", "verschillen", "vergelijken", "vergelijking", "difference", "differences", "compare",
     "comparison", "versus"),
    ("beter", "kosteneffectief", "cost-effective", "more cost-effective"),
    # technology
    ("programmeertalen", "programmeertaal", "programming languages", "programming language", "languages"),
    ("programmeren", "coderen", "code schrijven", "programming", "coding", "writing code", "write code"),
    ("databases", "database", "databanken", "databank"),
    ("frameworks", "framework", "bibliotheken", "bibliotheek", "libraries", "library"),
    ("server", "servers", "servertoepassingen", "server-side", "serverkant", "server applications"),
    ("algoritmen", "algoritme", "algorithms", "algorithm"),
    ("datastructuren", "data structures"),
    ("versiebeheer", "version control"),
    ("testen", "testing", "tests"),
    ("bugs", "fouten opsporen", "debuggen", "debugging"),
    ("beveiliging", "veiligheid", "kwetsbaarheden", "security", "vulnerabilities", "vulnerability", "secure"),
    ("prestaties", "performance"),
    ("schaalbaarheid", "schaalbaar", "scalability", "scalable"),
    ("automatiseren", "automatisering", "automation", "automate"),
    ("documentatie", "documenteren", "documentation", "docs"),
    ("commandoregel", "terminal", "command line", "cli", "shell"),
    ("ontwikkelomgeving", "development environment", "ide", "editor"),
    ("integratie", "integreren", "geïntegreerd", "geïntegreerde", "integration", "integrated", "integrate",
     "integrates"),
    ("afhankelijkheden", "afhankelijkheidsanalyse", "dependencies", "dependency analysis"),
    ("optimalisatie", "optimaliseren", "optimization", "optimisation", "optimize"),
    ("refactoring", "refactoren", "refactor"),
    ("uitleg", "uitleggen", "explain", "explanation", "explaining"),
    ("gegevens", "data"),
    ("privacy", "gegevensprivacy", "data privacy", "private"),
    ("lokaal", "lokale", "locally", "local", "on-premise"),
    ("codelekken", "lekken", "code leaks", "leaks", "leak"),
    ("open model", "open source", "open-source"),
    ("kiezen", "keuze", "choose", "choosing", "choice", "pick"),
    # AI coding tools
    ("AI", "kunstmatige intelligentie", "artificial intelligence", "neurale netwerken", "neural networks"),
    ("neurale netwerken", "AI-tool", "AI-tools", "AI tool", "AI tools", "AI coding tools", "code assistant",
     "AI assistant", "AI-assistent"),
    ("code genereren", "codegeneratie", "genereren", "generatie", "generate code", "code generation", "generate",
     "generating"),
    ("automatisch aanvullen", "autocomplete", "code completion", "suggestions"),
    ("IT-sector", "IT sector", "tech sector", "IT industry", "tech industry"),
)

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


@cache
def _index() -> tuple[dict[str, list[tuple[tuple[frozenset[str], ...], int]]], list[tuple[str, int]]]:
    """Terms by the forms of their first word, and the single-word terms that can be part of a compound."""
    by_form: dict[str, list[tuple[tuple[frozenset[str], ...], int]]] = {}
    parts: list[tuple[str, int]] = []
    for number, group in enumerate(GROUPS):
        for term in group:
            term_words = words(term)
            entry = (tuple(forms(w) for w in term_words), number)
            for form in entry[0][0]:
                by_form.setdefault(form, []).append(entry)
            if len(term_words) == 1 and len(term_words[0]) >= PART_MIN:
                parts.append((term_words[0], number))
    return by_form, parts


def matches(text: str) -> list[tuple[int, int, int]]:
    """(first word, word after the last, group) of every glossary term in the text, by words(text) position."""
    by_form, parts = _index()
    text_words = words(text)
    text_forms = [forms(w) for w in text_words]
    found: list[tuple[int, int, int]] = []
    for position, word_forms in enumerate(text_forms):
        spans = {(position + len(term), number) for form in word_forms for term, number in by_form.get(form, ())
                 if _matches_at(term, text_forms, position)}
        if not spans and len(text_words[position]) >= COMPOUND_MIN:
            spans = {(position + 1, number) for number in _compound_parts(text_words[position], parts)}
        found.extend((position, end, number) for end, number in sorted(spans))
    return longest(found)


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


def translations(numbers: list[int], present: set[str]) -> list[str]:
    """The terms of these groups, without the words already present, each once."""
    found: list[str] = []
    for number in numbers:
        found.extend(t for t in GROUPS[number] if t.lower() not in present and t not in found)
    return found


def expand(query: str) -> list[str]:
    """Translations and synonyms of the glossary terms found in the query (not the words already in it)."""
    return translations([number for _, _, number in matches(query)], set(words(query)))
