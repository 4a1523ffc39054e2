"""The Discord CLI commands as a user runs them: exit codes, one-line errors, offline payload, report."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from filelock import FileLock

from bot.discord.runner import LOCK_NAME
from bot.feedback.store import FeedbackStore
from bot.models import Answer, ToolCall
from tests.bot.discord.discord_support import VALID_TOKEN
from tests.cli import Result, careerbot, python


def assert_one_line_exit_2(result: Result, expected: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("entry", ["careerbot run", "python -m bot"])
def test_a_missing_token_exits_2_with_one_line(tmp_path, entry):
    # `python -m bot` is an entry point of its own (bot/__main__.py), which only a process runs
    done = (careerbot("run", data_dir=tmp_path / "data") if entry == "careerbot run"
            else python("-m", "bot", data_dir=tmp_path / "data"))
    assert_one_line_exit_2(done, "CAREERBOT_DISCORD_TOKEN is not set")


def test_a_malformed_token_exits_2_before_connecting(tmp_path):
    result = careerbot("run", data_dir=tmp_path / "data", env={"CAREERBOT_DISCORD_TOKEN": "hunter2-not-a-token"})
    assert_one_line_exit_2(result, "does not look like a Discord bot token")
    assert "hunter2" not in result.stderr


def test_a_second_instance_exits_2(tmp_path):
    (tmp_path / "data").mkdir()
    with FileLock(str(tmp_path / "data" / LOCK_NAME), timeout=0):  # the first instance (this process) holds the lock
        result = careerbot("run", data_dir=tmp_path / "data", env={"CAREERBOT_DISCORD_TOKEN": VALID_TOKEN},
                           process=True)  # another process, as a second instance is
    assert_one_line_exit_2(result, "another careerbot process is already running")


def test_sync_dry_run_prints_the_payload_without_a_token(tmp_path):
    result = careerbot("sync-commands", "--dry-run", "--json", data_dir=tmp_path / "data",
                       env={"CAREERBOT_MAX_QUESTION_CHARS": "300"})
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    names = {command["name"] for command in payload}
    assert names == {"ask", "sources", "reingest", "report", "help", "salary", "freelance", "employer-cost",
                     "compare", "dayrate", "ratecheck", "convert"}
    ask = next(c for c in payload if c["name"] == "ask")
    question = next(o for o in ask["options"] if o["name"] == "question")
    assert question["max_length"] == 300 and question["required"] is True
    for maintainers in (c for c in payload if c["name"] in ("reingest", "report")):
        assert int(maintainers["default_member_permissions"]) == 1 << 5  # manage_guild
        assert maintainers["dm_permission"] is False and maintainers["contexts"] == [0]  # servers only, never DMs
    assert all(c["description"] and len(c["description"]) <= 100 for c in payload)


def test_sync_dry_run_carries_the_dutch_and_french_localisations(tmp_path):
    payload = json.loads(careerbot("sync-commands", "--dry-run", "--json", data_dir=tmp_path / "data").stdout)
    commands = {command["name"]: command for command in payload}
    assert {name: c["name_localizations"]["nl"] for name, c in commands.items()} == {
        "ask": "vraag", "sources": "bronnen", "reingest": "herinlezen", "report": "rapport", "help": "hulp",
        "salary": "salaris",
        "freelance": "freelance", "employer-cost": "werkgeverskost", "compare": "vergelijk", "dayrate": "dagtarief",
        "ratecheck": "tariefcheck", "convert": "omrekenen"}
    assert {name: c["name_localizations"]["fr"] for name, c in commands.items()} == {
        "ask": "demander", "sources": "sources", "reingest": "relire", "report": "rapport", "help": "aide",
        "salary": "salaire",
        "freelance": "freelance", "employer-cost": "cout-employeur", "compare": "comparer",
        "dayrate": "tarif-journalier", "ratecheck": "verifier-tarif", "convert": "convertir"}
    assert all(set(c["description_localizations"]) == {"nl", "fr"} for c in payload)
    options = [option for c in payload for option in c["options"]]
    assert all(o["name_localizations"].keys() == {"nl", "fr"} and o["description_localizations"]["fr"]
               for o in options)
    unit = next(o for o in commands["convert"]["options"] if o["name"] == "from")
    assert unit["name_localizations"] == {"nl": "van", "fr": "depuis"}
    assert [(c["value"], c["name_localizations"]) for c in unit["choices"]] == [
        ("hourly", {"nl": "per uur", "fr": "par heure"}), ("daily", {"nl": "per dag", "fr": "par jour"}),
        ("monthly", {"nl": "per maand", "fr": "par mois"}), ("yearly", {"nl": "per jaar", "fr": "par an"})]
    names = [o["name_localizations"][language] for o in options for language in ("nl", "fr")]
    descriptions = [item["description_localizations"][language] for item in [*payload, *options]
                    for language in ("nl", "fr")]
    assert max(map(len, names)) <= 32 and max(map(len, descriptions)) <= 100  # Discord's limits
    summary = careerbot("sync-commands", "--dry-run", data_dir=tmp_path / "data").stdout
    assert "  /ask (nl: /vraag): Ask about backend careers" in summary


def test_a_real_sync_needs_the_token(tmp_path):
    assert_one_line_exit_2(careerbot("sync-commands", data_dir=tmp_path / "data"), "CAREERBOT_DISCORD_TOKEN")


def test_report_prints_down_votes_and_low_confidence_questions(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path / "data")
    voted = store.record_answer(Answer(question="Is 500 a day too low?", language="en", text="t", confident=True),
                                private=False)
    store.vote(voted, 42, "down")
    store.record_answer(Answer(question="Wat is een ecocheque?", language="nl", text="t", confident=False),
                        private=False, now=datetime.now(UTC))
    store.close()

    text = careerbot("report", "--days", "7", data_dir=tmp_path / "data")
    assert text.returncode == 0, text.stderr
    down, low = text.stdout.split("Low-confidence questions")
    assert "Is 500 a day too low?" in down and "👎1" in down
    assert "Wat is een ecocheque?" in low and "Is 500" not in low

    as_json = json.loads(careerbot("report", "--json", data_dir=tmp_path / "data").stdout)
    assert [a["question"] for a in as_json["downvoted"]] == ["Is 500 a day too low?"]


def test_report_lists_the_calculators_votes_without_amounts(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path / "data")
    check = [ToolCall(name="check", arguments={"amount": 612.5, "unit": "daily"}, result={})]
    for vote in ("up", "down", "down"):
        answer_id = store.record_answer(Answer(question="Is €612.50 a day fair for a medior?", language="en",
                                               text="€612.50 is within the band", confident=True, tool_calls=check),
                                        private=True)
        store.vote(answer_id, 42, vote)
    store.record_answer(Answer(question="Salary: senior", language="en", text="t", confident=True,
                               tool_calls=[ToolCall(name="salary", arguments={}, result={})]), private=False)
    store.close()

    text = careerbot("report", data_dir=tmp_path / "data").stdout
    calculators = text.split("Calculator answers in the last 7 days: 4")[1]
    assert calculators.strip("\n").splitlines() == ["  check: 3 answers 👍1 👎2", "  salary: 1 answers 👍0 👎0"]
    assert "612" not in text  # private questions are stored with their amounts redacted
    as_json = json.loads(careerbot("report", "--json", data_dir=tmp_path / "data").stdout)
    assert as_json["calculators"][0] == {"calculator": "check", "answers": 3, "up": 1, "down": 2}


def test_report_without_any_feedback_says_so(tmp_path):
    assert_one_line_exit_2(careerbot("report", data_dir=tmp_path / "data"), "no feedback recorded yet")
