"""`careerbot rate …` as a user runs it (through the entry point, in process): exit codes and what reaches
stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import careerbot, python


@pytest.mark.parametrize(("args", "says"), [
    (["employer-cost", "-5"], "more than €0"),
    (["employer-cost", "0"], "more than €0"),
    (["employer-cost", "20000000"], "at most €10,000,000 a year"),
    (["employer-cost", "seventy"], "write it like 70000"),
    (["compare", "--day-rate", "12000"], "at most €10,000 a day"),
    (["compare", "--day-rate", "700", "--billable-days", "300"], "from 1 to 260"),
    (["compare", "--day-rate", "700", "--billable-days", "many"], "from 1 to 260"),
    (["salary", "--level", "guru"], "known levels: junior"),
    (["salary", "--city", "paris"], "known cities: brussels"),
    (["check", "--level", "mid"], "exactly one of --day-rate"),
    (["check"], "exactly one of --day-rate"),
    (["check", "--salary", "80k", "--level", "guru"], "known levels: junior"),
    (["convert", "85", "--from", "weekly"], "'hourly', 'daily', 'monthly' or 'yearly'"),
    (["day-rate-for", "abc"], "write it like 70000"),
])
def test_bad_input_exits_2_with_one_line_that_says_what_is_allowed(args: list[str], says: str,
                                                                   tmp_path: Path) -> None:
    done = careerbot("rate", *args, data_dir=tmp_path / "data")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr


def test_json_prints_the_full_result_object(tmp_path: Path) -> None:
    done = careerbot("rate", "compare", "--day-rate", "700", "--billable-days", "200", "--json",
                     data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["calculator"], result["revenue"], result["naive_revenue"]) == ("compare", 140000, 182000)
    assert result["inputs"] == {"day_rate": 700.0, "billable_days": 200}
    assert {"figures", "assumptions", "steps", "equivalent_salary"} <= set(result)
    assert result["figures"][0]["doc_id"] == "backend-rates-belgium-2026"


@pytest.mark.parametrize(("args", "expected"), [
    (["salary", "--level", "junior", "--city", "brussels"], "€36,750–€57,500"),
    (["freelance", "--level", "senior"], "€800–€1,280 or more a day"),
    (["employer-cost", "€70.000"], "€87,500–€101,500"),
    (["day-rate-for", "60k"], "€386–€441"),
    (["check", "--day-rate", "650", "--level", "mid"], "within the mid-level band of €480–€800"),
    (["check", "--day-rate", "650"], "within the document's common day rates of €500–€800 for experienced"),
    (["convert", "85", "--from", "hourly"], "€680 a day"),
])
def test_each_command_shows_its_result_steps_and_sources(args: list[str], expected: str, tmp_path: Path) -> None:
    done = careerbot("rate", *args, data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout and "Steps:" in done.stdout and "[1] knowledge/" in done.stdout


def test_check_json_without_a_level_places_every_level_and_with_one_keeps_its_shape(tmp_path: Path) -> None:
    done = careerbot("rate", "check", "--day-rate", "650", "--json", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["level"], result["position"]) == (None, None)
    assert [(p["level"], p["position"]) for p in result["levels"]] == [("junior", "above"), ("mid", "within"),
                                                                       ("senior", "below")]
    assert result["experienced_daily"]["position"] == "within" and result["specialist_daily_from"] == 1000
    with_level = json.loads(careerbot("rate", "check", "--day-rate", "650", "--level", "mid", "--json",
                                      data_dir=tmp_path / "data").stdout)
    assert {"levels", "experienced_daily", "specialist_daily_from"}.isdisjoint(with_level)
    assert (with_level["level"], with_level["position"], with_level["percent"]) == ("mid", "within", 53)


def test_the_live_builds_figures_are_used_and_read_without_chromadb(tmp_path: Path) -> None:
    """A maintainer's ingest stores the figures with the build: `rate` uses the live build's, read from the
    embedded index's catalogue directly (chromadb's import is most of the command's time)."""
    from bot.rag.index.store import ChromaStore
    from bot.rates.figures import default_book
    from bot.settings import Settings

    book = default_book()
    junior = book.figures["salary.junior"].model_copy(update={"low": 38000.0, "high": 52000.0})
    edited = book.model_copy(update={"figures": {**book.figures, "salary.junior": junior}})
    data_dir = tmp_path / "data"
    store = ChromaStore.from_settings(Settings(_env_file=None, data_dir=data_dir))
    build = store.new_build(edited.model_dump_json())
    build.add(ids=["x"], documents=["x"], embeddings=[[1.0, 0.0]])
    store.switch(build, "model")
    store.close()
    done = python("-c", RUN_WITHOUT_CHROMADB, "rate", "salary", "--level", "junior", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["figures"][0]["low"] == 38000 and "chromadb imported: False" in done.stderr


# `careerbot …` in a fresh interpreter that says on stderr whether chromadb was imported
RUN_WITHOUT_CHROMADB = """
import atexit, sys
atexit.register(lambda: print("chromadb imported:", "chromadb" in sys.modules, file=sys.stderr))
from bot.cli import main
sys.argv = ["careerbot", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(("url", "code", "says"), [("http://127.0.0.1:9", 1, "cannot reach the Chroma server"),
                                                   ("ftp://x", 2, "CAREERBOT_CHROMA_URL must look like")])
def test_an_index_chroma_cannot_reach_is_said_not_replaced_by_the_packaged_figures(url: str, code: int, says: str,
                                                                                   tmp_path: Path) -> None:
    done = careerbot("rate", "salary", "--level", "junior", data_dir=tmp_path / "data",
                     env={"CAREERBOT_CHROMA_URL": url, "CAREERBOT_CHROMA_TIMEOUT": "2"})
    assert (done.returncode, done.stdout) == (code, "") and says in done.stderr, done.stderr
