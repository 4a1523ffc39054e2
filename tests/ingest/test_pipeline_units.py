"""The ingest pipeline's parts that need no model or Chroma: what the summary and the problem lines say for each
outcome, when a plan counts as a change, the report built from a plan, and the one-writer lock."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from bot.errors import UserFacingError
from ingest import pipeline
from ingest.figure_check import FigureCheck
from ingest.loaders import Skipped
from ingest.pipeline import IngestLocked, IngestReport, Plan, ingest_lock, report

COUNTS = {"documents": 7, "chunks": 30, "added": 1, "updated": 2, "removed": 1, "unchanged": 3, "seconds": 2.04,
          "embedded": 5}
HEAD = ("{verb}: 7 documents, 30 chunks (added 1, updated 2, removed 1, unchanged 3; embedded 5 chunks) in 2.0 s")


def made(**fields: object) -> IngestReport:
    return IngestReport(**{**COUNTS, **fields})


def test_an_ingest_names_its_documents_and_its_figures() -> None:
    lines = made(added_documents=["new"], updated_documents=["a", "b"], removed_documents=["old"],
                 figures_checked=26).summary_lines()
    assert lines == [HEAD.format(verb="ingested"), "  added: new", "  updated: a, b", "  removed: old",
                     "figures: 26 checked against the documents, all match"]


def test_a_document_list_that_is_empty_gets_no_line() -> None:
    lines = made(updated_documents=["a"], figures_checked=3).summary_lines()
    assert lines == [HEAD.format(verb="ingested"), "  updated: a",
                     "figures: 3 checked against the documents, all match"]


@pytest.mark.parametrize(("fields", "figures_line"), [
    ({"figures_checked": 4, "figures_changed": True}, "figures: 4 checked against the documents, all match, stored "
                                                      "with the new index"),
    ({"figures_checked": 4, "figures_changed": True, "dry_run": True},
     "figures: 4 checked against the documents, all match, and differ from the live index's"),
    ({"figures_checked": None}, "figures: the directory has no rates/, so the calculators use the packaged figures"),
    ({"figures_checked": 0}, "figures: rates/ holds none, so the calculators have no figures for this index"),
    ({"figures_checked": 1}, "figures: 1 checked against the documents, all match"),
])
def test_the_figures_line_says_what_happened_to_the_figures(fields: dict, figures_line: str) -> None:
    assert made(**fields).summary_lines()[-1] == figures_line


def test_a_dry_run_and_a_failed_figure_say_would_change() -> None:
    assert made(dry_run=True, figures_checked=1).summary_lines()[0] == HEAD.format(verb="would change")
    failed = made(figures_checked=26, figure_problems=["x", "y"], figures_changed=True).summary_lines()
    assert failed == [HEAD.format(verb="would change"),
                      "figures: 26 checked, 2 no longer match their documents (below)"]


def test_problem_lines_name_each_skipped_document_and_figure_then_what_to_do() -> None:
    assert made().problem_lines() == []
    assert made(skipped=["a.md: no title"]).problem_lines() == ["skipped a.md: no title"]
    assert made(skipped=["a.md: no title"], figure_problems=["junior: quote gone"]).problem_lines() == [
        "skipped a.md: no title", "figure junior: quote gone",
        "the index was not changed (the previous one keeps answering): fix what each line says (a figure's quote, "
        "section or numbers in rates/*.yaml, or a skipped document), then ingest again"]


@pytest.mark.parametrize(("plan", "changed"), [
    (Plan(added=[], updated=[], removed=[], unchanged=["a"]), False),
    (Plan(added=["a"], updated=[], removed=[], unchanged=[]), True),
    (Plan(added=[], updated=["a"], removed=[], unchanged=[]), True),
    (Plan(added=[], updated=[], removed=["a"], unchanged=[]), True),
    (Plan(added=[], updated=[], removed=[], unchanged=["a"], figures_changed=True), True),
])
def test_a_plan_is_a_change_when_a_document_or_the_figures_changed(plan: Plan, changed: bool) -> None:
    assert plan.changed is changed


def test_the_report_counts_the_plan_and_keeps_the_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: 1234.5678)
    plan = Plan(added=["n"], updated=["u1", "u2"], removed=["r"], unchanged=["s", "t", "v"], figures_changed=True,
                kept=["k"])
    figures = FigureCheck(book=None, checked=4, problems=["junior: gone"])  # type: ignore[arg-type] - not read
    built = report(["d1", "d2"], ["c1", "c2", "c3"], plan, embedded=6, skipped=[Skipped("x.md", "empty")],
                   started=1000.0, figures=figures, dry_run=True)
    dumped = built.model_dump(exclude={"seconds"})
    assert dumped == {"documents": 2, "chunks": 3, "added": 1, "updated": 2, "removed": 1, "unchanged": 3,
                      "embedded": 6, "skipped": [str(Skipped("x.md", "empty"))], "dry_run": True,
                      "added_documents": ["n"], "updated_documents": ["u1", "u2"], "removed_documents": ["r"],
                      "figures_checked": 4, "figures_changed": True, "figure_problems": ["junior: gone"],
                      "kept_documents": ["k"]}
    assert built.seconds == 234.568  # since the start, to the millisecond


def test_a_report_without_a_figure_check_has_no_figures() -> None:
    plan = Plan(added=[], updated=[], removed=[], unchanged=[])
    built = report([], [], plan, embedded=0, skipped=[], started=0.0, figures=None)
    assert (built.figures_checked, built.figure_problems, built.dry_run) == (None, [], False)


def test_a_second_ingest_on_the_same_directory_is_refused_and_the_lock_is_freed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with ingest_lock(data):
        assert (data / "ingest.lock").exists()
        with pytest.raises(IngestLocked) as refused, ingest_lock(data):
            pass
        assert str(refused.value) == f"another ingest is running on {data}; wait for it to finish and try again"
    with ingest_lock(data):  # released: the next ingest gets it
        pass


def test_a_lock_on_a_disk_that_refuses_writes_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", full)
    with pytest.raises(UserFacingError) as failed, ingest_lock(tmp_path / "data"):
        pass
    assert str(failed.value) == (f"the disk holding {tmp_path / 'data'} is full; free some space and try again (the "
                                 "index already built is unchanged)")
    assert isinstance(failed.value.__cause__, OSError)


def test_a_lock_failure_that_is_no_storage_problem_is_raised_as_it_is(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(Path, "mkdir", broken)
    with pytest.raises(OSError) as failed, ingest_lock(tmp_path / "data"):
        pass
    assert not isinstance(failed.value, UserFacingError) and failed.value.errno == errno.EBADF
