"""The weekly report's parts without Discord: its settings, when it is due, the questions per day it plots, the PNG
chart, and the week claimed in the feedback database (SQLite and a real PostgreSQL server) so it is posted once."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.discord.cogs.weekly_report import due_moment, week_of
from bot.errors import UserFacingError
from bot.feedback.report import DayCount, questions_chart, questions_per_day, totals_of
from bot.feedback.store import FeedbackStore, SourceRef, StoredQuestion
from bot.settings import Settings, load_settings
from bot.text.catalogue import Catalogue

REPO = Path(__file__).resolve().parents[4]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MONDAY_8 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday


# Settings


def test_the_weekly_report_is_off_by_default_and_due_on_monday_at_eight() -> None:
    settings = Settings(_env_file=None)
    assert (settings.report_channel_id, settings.report_weekday, settings.report_hour) == (None, "monday", 8)


def test_the_report_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setenv("CAREERBOT_REPORT_CHANNEL_ID", "123456789012345678")
    monkeypatch.setenv("CAREERBOT_REPORT_WEEKDAY", " Friday ")
    monkeypatch.setenv("CAREERBOT_REPORT_HOUR", "17")
    settings = load_settings()
    assert (settings.report_channel_id, settings.report_weekday, settings.report_hour) == (
        123456789012345678, "friday", 17)


def test_an_empty_report_channel_is_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERBOT_REPORT_CHANNEL_ID", "  ")
    assert load_settings().report_channel_id is None


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("CAREERBOT_REPORT_CHANNEL_ID", "reports", "valid integer"),
    ("CAREERBOT_REPORT_CHANNEL_ID", "0", "it must be at least 1 and less than 18446744073709551616"),
    ("CAREERBOT_REPORT_CHANNEL_ID", str(2**64), "it must be at least 1 and less than 18446744073709551616"),
    ("CAREERBOT_REPORT_WEEKDAY", "funday", "'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday' or "
                                           "'sunday'"),
    ("CAREERBOT_REPORT_WEEKDAY", "mon", "'monday'"),
    ("CAREERBOT_REPORT_HOUR", "24", "it must be at least 0 and at most 23"),
    ("CAREERBOT_REPORT_HOUR", "-1", "it must be at least 0 and at most 23"),
    ("CAREERBOT_REPORT_HOUR", "8am", "valid integer"),
])
def test_a_bad_report_setting_is_a_start_up_error_naming_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           variable: str, value: str, says: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(UserFacingError, match=f"^invalid configuration in {variable};") as refused:
        load_settings()
    assert says in str(refused.value)


def test_a_bad_weekday_is_refused_in_code_too() -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, report_weekday="someday")


# When it is due


@pytest.mark.parametrize(("now", "weekday", "hour", "due"), [
    (MONDAY_8, "monday", 8, MONDAY_8),  # at the hour itself
    (MONDAY_8 + timedelta(minutes=4), "monday", 8, MONDAY_8),
    (MONDAY_8 - timedelta(seconds=1), "monday", 8, MONDAY_8 - timedelta(days=7)),  # just before: last week's
    (MONDAY_8 + timedelta(days=6, hours=15), "monday", 8, MONDAY_8),  # Sunday 23:00
    (MONDAY_8, "sunday", 23, MONDAY_8 - timedelta(hours=9)),
    (MONDAY_8, "tuesday", 0, MONDAY_8 - timedelta(days=6, hours=8)),
    (datetime(2026, 1, 7, 12, tzinfo=UTC), "wednesday", 9, datetime(2026, 1, 7, 9, tzinfo=UTC)),
    (datetime(2026, 1, 5, 9, 0, tzinfo=UTC).astimezone(tz=None), "monday", 8, MONDAY_8),  # any time zone given
])
def test_the_due_moment_is_the_latest_weekday_at_the_hour(now: datetime, weekday, hour: int, due: datetime) -> None:
    assert due_moment(now, weekday, hour) == due


def test_a_week_is_named_by_its_iso_week_in_time_order() -> None:
    assert week_of(MONDAY_8) == "2026-W02"
    assert week_of(datetime(2025, 12, 29, tzinfo=UTC)) == "2026-W01"  # ISO weeks cross the new year
    assert week_of(datetime(2025, 12, 28, tzinfo=UTC)) == "2025-W52" < "2026-W01" < "2026-W02" < "2026-W10"


# Questions per day


def stored(moment: datetime, outcome: str, number: int = 1) -> StoredQuestion:
    return StoredQuestion(id=number, created_at=moment, question=f"q{number}", language="en", outcome=outcome,
                          sources=[SourceRef(rank=1, doc_id="d", title="T", section="S", path="d.md")])


def test_the_days_count_each_outcome_and_every_day_of_the_period_is_there() -> None:
    since = MONDAY_8 - timedelta(days=7)
    questions = [
        stored(since, "answered"),  # the first moment of the first day
        stored(since + timedelta(hours=23, minutes=59), "refused"),
        stored(since + timedelta(days=1), "unsure"),  # the next day starts 24 hours after the period
        stored(since + timedelta(days=1, hours=3), "answered"),
        stored(since + timedelta(days=4, hours=12), "refused"),
        stored(since + timedelta(days=6, hours=23), "answered"),
        stored(MONDAY_8 + timedelta(minutes=2), "unsure"),  # stored while the report ran: the last day
    ]
    days = questions_per_day(questions, since, 7)
    assert [day.start for day in days] == [since + timedelta(days=i) for i in range(7)]
    assert [(day.answered, day.unsure, day.refused) for day in days] == [
        (1, 0, 1), (1, 1, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1), (0, 0, 0), (1, 1, 0)]
    totals = totals_of(questions)
    assert (sum(d.answered for d in days), sum(d.unsure for d in days), sum(d.refused for d in days)) == (
        totals.answered, totals.unsure, totals.refused)


def test_a_period_without_questions_has_empty_days() -> None:
    days = questions_per_day([], MONDAY_8, 7)
    assert len(days) == 7 and all((d.answered, d.unsure, d.refused) == (0, 0, 0) for d in days)


# The chart


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (it always comes first)."""
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def week(counts: list[tuple[int, int, int]]) -> list[DayCount]:
    return [DayCount(start=MONDAY_8 + timedelta(days=i), answered=a, unsure=u, refused=r)
            for i, (a, u, r) in enumerate(counts)]


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_chart_is_a_small_png_in_every_language(language: str) -> None:
    png = questions_chart(week([(5, 1, 2), (8, 0, 1), (3, 2, 0), (0, 0, 0), (12, 3, 4), (2, 1, 1), (1, 0, 0)]),
                          language)
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png) == (640, 320) and len(png) < 100_000


def test_a_week_without_questions_still_draws() -> None:
    assert questions_chart(week([(0, 0, 0)] * 7), "en").startswith(PNG_SIGNATURE)


def test_the_charts_words_are_catalogue_messages_in_every_language() -> None:
    catalogue = Catalogue.packaged()
    for language in ("en", "nl", "fr"):
        assert catalogue.say("report_chart_title", language, days=7)
        assert catalogue.say("report_chart_day", language, day=29, month=12) in {"12/29", "29-12", "29/12"}


def test_the_command_line_does_not_load_matplotlib() -> None:
    """`careerbot --help` stays fast: the chart's library loads only when a chart is drawn."""
    probe = "import sys, bot.cli, bot.feedback.report; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert done.stdout.strip() == "False"


# The week, claimed once


@pytest.fixture
def store(feedback_store: FeedbackStore) -> FeedbackStore:
    return feedback_store


def test_a_week_is_claimed_once_and_only_a_later_week_moves_the_marker_on(store: FeedbackStore) -> None:
    assert store.claim("weekly_report_week", "2026-W02")
    assert not store.claim("weekly_report_week", "2026-W02")  # after a restart, or in another process
    assert not store.claim("weekly_report_week", "2026-W01")  # an earlier week (a clock set back) neither
    assert store.claim("weekly_report_week", "2026-W03")
    assert store.claim("another_marker", "2026-W01")  # markers are separate


def test_a_claim_is_kept_by_the_database(tmp_path: Path) -> None:
    first = FeedbackStore.in_data_dir(tmp_path)
    hashed = first.hash_user(1)
    assert first.claim("weekly_report_week", "2026-W02")
    first.close()
    again = FeedbackStore.in_data_dir(tmp_path)
    try:
        assert not again.claim("weekly_report_week", "2026-W02")
        assert again.hash_user(1) == hashed  # the salt beside the marker is untouched
    finally:
        again.close()
