"""The knowledge base: valid front matter, no web debris, and figures exactly as in the source documents."""

import json
import re
import sys
from pathlib import Path

import frontmatter
import pytest

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
# The figures each seed holds, kept in the repository so that the check runs without ../shared (as in CI). The seeds
# are web pages as the client supplied them, with no licence to copy them here: only the numbers are kept.
# Regenerate after a seed changes: `python tests/knowledge/test_knowledge.py --write-seed-figures`.
SEED_FIGURES = Path(__file__).resolve().parents[1] / "testdata" / "seed_figures.json"
DOCS = sorted(KNOWLEDGE.glob("*.md"))

REQUIRED_KEYS = {"title", "language", "topic", "source", "year", "region"}
LANGUAGES = {"nl", "en"}
TOPICS = {"career", "interviews", "skills", "ai-tools", "rates"}
DEBRIS = (".webp", "bekijk alle jobs", "FILL THE BELOW FORM", "Let's Talk", "»")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Seed file prefix -> the documents made from it (the stems are document ids other code relies on).
SEED_DOCS = {
    "000": ["backend-developer-flanders"],
    "001": ["it-job-interviews", "backend-skills-and-learning", "ai-coding-tools-2025"],
    "002": ["backend-rates-belgium-2026"],
}

KEY_FIGURES = {
    "backend-developer-flanders": [
        "tussen de €3.000 en €6.000 bruto per maand",
        "tussen de € 36.000 en €90.000",
        "tussen de €37.000 en €51.000 per jaar",
        "38 of 40 uur per week",
    ],
    "backend-rates-belgium-2026": [
        "between €35 and €60 per hour",
        "between €60 and €100 per hour",
        "between €100 and €160 or more per hour",
        "from €500 to €800",
        "exceed €1,000 per day",
        "earning €70,000 gross per year may cost the employer between €90,000 and €100,000",
        "25 to 45 percent higher than the gross salary",
        "5 to 15 percent more",
    ],
    "backend-skills-and-learning": ["vanaf 80.000 roebel per maand", "meer dan 200.000 roebel"],
}


def load(path: Path) -> frontmatter.Post:
    """Parse strictly as UTF-8, the way ingest reads documents."""
    return frontmatter.loads(path.read_bytes().decode("utf-8"))


def body_of(doc_id: str) -> str:
    return load(KNOWLEDGE / f"{doc_id}.md").content


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def seed_text(prefix: str, seeds: Path = SEEDS) -> str:
    """The seed without its web debris: image names, breadcrumbs and the closing form."""
    (path,) = seeds.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8").split("FILL THE BELOW FORM")[0]
    kept = [line for line in text.splitlines() if not line.strip().endswith(".webp") and "»" not in line]
    return "\n".join(kept)


def seed_figures_from(seeds: Path) -> dict[str, list[str]]:
    """The figures of each seed in `seeds`, as SEED_FIGURES keeps them."""
    return {prefix: sorted(numbers(seed_text(prefix, seeds))) for prefix in sorted(SEED_DOCS)}


def kept_seed_figures() -> dict[str, list[str]]:
    return json.loads(SEED_FIGURES.read_text(encoding="utf-8"))


def test_every_expected_document_exists() -> None:
    expected = {doc_id for ids in SEED_DOCS.values() for doc_id in ids}
    assert expected <= {path.stem for path in DOCS}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_front_matter_is_complete_and_valid(path: Path) -> None:
    meta = load(path).metadata
    assert not REQUIRED_KEYS - meta.keys(), f"missing: {REQUIRED_KEYS - meta.keys()}"
    assert meta["language"] in LANGUAGES
    assert meta["topic"] in TOPICS
    assert isinstance(meta["year"], int) and not isinstance(meta["year"], bool)
    assert 2000 <= meta["year"] <= 2100
    for key in ("title", "source", "region"):
        assert isinstance(meta[key], str) and meta[key].strip(), key


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_body_is_sectioned_by_markdown_headings(path: Path) -> None:
    lines = [line for line in load(path).content.splitlines() if line.strip()]
    assert lines, "empty body"
    assert re.match(r"#{1,3} \S", lines[0]), "text before the first heading would have no section"
    assert any(re.match(r"#{2,3} \S", line) for line in lines), "no section headings"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_no_web_debris(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not [marker for marker in DEBRIS if marker in text]
    assert not [line for line in text.splitlines() if line.strip() == "-"], "lone '-' separator"


@pytest.mark.parametrize(("doc_id", "phrase"), [(d, p) for d, phrases in KEY_FIGURES.items() for p in phrases])
def test_key_figures_verbatim(doc_id: str, phrase: str) -> None:
    assert phrase in body_of(doc_id)


@pytest.mark.parametrize("prefix", sorted(SEED_DOCS))
def test_every_seed_number_survives(prefix: str) -> None:
    figures = kept_seed_figures()[prefix]
    assert figures, f"no figures kept for seed {prefix} in {SEED_FIGURES}"
    made = "\n".join(body_of(doc_id) for doc_id in SEED_DOCS[prefix])
    lost = set(figures) - numbers(made)
    assert not lost, f"figures from seed {prefix} missing in the knowledge base: {sorted(lost)}"


def test_the_kept_seed_figures_are_those_of_the_seeds() -> None:
    """Every seed has its figures kept, with the key figures among them; where the seeds are beside the repository
    (a developer's machine), the kept figures are exactly theirs, so a changed seed shows here."""
    kept = kept_seed_figures()
    assert sorted(kept) == sorted(SEED_DOCS)
    for doc_id, phrases in KEY_FIGURES.items():
        (prefix,) = [p for p, ids in SEED_DOCS.items() if doc_id in ids]
        assert numbers(" ".join(phrases)) <= set(kept[prefix]), doc_id
    if SEEDS.is_dir():
        assert kept == seed_figures_from(SEEDS), "a seed changed: regenerate " + str(SEED_FIGURES)


if __name__ == "__main__" and sys.argv[1:] == ["--write-seed-figures"]:
    found = seed_figures_from(SEEDS)
    rows = ",\n".join(f" {json.dumps(p)}: {json.dumps(f, ensure_ascii=False)}" for p, f in found.items())
    SEED_FIGURES.write_text("{\n" + rows + "\n}\n", encoding="utf-8")
