"""The feedback database's URL never reaches a member, and its password never reaches anyone: not in the user
part, not in the query (`?password=…`)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.discord.error_replies import describe
from bot.feedback.store import FeedbackProblem, FeedbackUnavailable, shown
from tests.cli import careerbot


@pytest.mark.parametrize("url", [
    "postgresql://careerbot@db.example:5432/careerbot?password=s3cret&sslmode=require",
    "postgresql://careerbot:s3cret@db.example:5432/careerbot",
    "postgresql://careerbot@db.example/careerbot?sslpassword=s3cret&sslkey=/k/s3cret.pem",
])
def test_a_password_in_any_part_of_the_url_is_masked(url: str) -> None:
    masked = shown(make_url(url))
    assert "s3cret" not in masked and "db.example" in masked


@pytest.mark.parametrize("error", [FeedbackUnavailable, FeedbackProblem])
def test_a_member_sees_an_error_id_not_the_database(error: type[Exception], caplog: pytest.LogCaptureFixture) -> None:
    failure = error("cannot use the feedback database postgresql://careerbot@db.example:5432/careerbot: refused")
    with caplog.at_level(logging.ERROR):
        text, error_id = describe(failure, "mention in a test")
    assert error_id and error_id in text
    assert "db.example" not in text and "postgresql" not in text and "careerbot@" not in text
    assert "db.example" in caplog.text  # the details are in the log, for the maintainer


def test_the_cli_names_the_database_without_the_password_in_the_query(tmp_path: Path) -> None:
    done = careerbot("report", data_dir=tmp_path, cwd=tmp_path,
                     env={"CAREERBOT_FEEDBACK_URL": "postgresql://careerbot@127.0.0.1:1/careerbot?password=s3cret"})
    assert done.returncode == 1 and "cannot use the feedback database" in done.stderr
    assert "s3cret" not in done.stderr + done.stdout
    log = tmp_path / "careerbot.log"
    assert not log.exists() or "s3cret" not in log.read_text(encoding="utf-8")
