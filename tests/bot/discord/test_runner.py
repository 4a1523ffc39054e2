"""Start-up and shutdown in-process: token checks, intents, the instance lock, ingest on start, SIGTERM. No member
and no interaction here: discord_support gives only the fake runtime, a token-shaped string and the settings."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import threading

import aiohttp
import discord
import pytest
from filelock import FileLock, Timeout
from pydantic import SecretStr

from bot.discord import runner
from bot.discord.client import INVITE_PERMISSIONS, CareerBot, build_intents
from bot.errors import UserFacingError
from tests.bot.discord.discord_support import VALID_TOKEN, FakeRuntime

KNOWLEDGE_DOCUMENTS = 5  # in knowledge/


def test_a_well_formed_token_passes():
    assert runner.check_token(SecretStr(f"  {VALID_TOKEN}\n")) == VALID_TOKEN


@pytest.mark.parametrize(("token", "message"), [
    (None, "is not set"),
    ("   ", "is not set"),
    (f"Bot {VALID_TOKEN}", "without the prefix"),
    ("not-a-token", "does not look like"),
    ("aGVsbG8gd29ybGQgaGVsbG8.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB", "does not look like"),  # not an id
])
def test_a_missing_or_malformed_token_is_a_user_error_that_never_echoes_it(token, message):
    with pytest.raises(UserFacingError, match=message) as caught:
        runner.check_token(SecretStr(token) if token is not None else None)
    assert "abcdefghijklmnopqrstuvwxyz" not in str(caught.value)


def test_no_privileged_intent_unless_message_content_is_configured(harness):
    intents = build_intents(harness.settings())
    assert not (intents.message_content or intents.members or intents.presences)
    assert intents.guilds and intents.guild_messages and intents.dm_messages
    assert build_intents(harness.settings(message_content=True)).message_content


def test_invite_permissions_integer_matches_the_readme():
    # view channel, send messages, embed links, read history, create public threads, send in threads
    assert INVITE_PERMISSIONS.value == 1024 + 2048 + 16384 + 65536 + (1 << 35) + (1 << 38) == 309237730304


def test_a_second_instance_on_the_same_data_dir_is_refused(tmp_path):
    first = runner.instance_lock(tmp_path)
    first.__enter__()
    with pytest.raises(UserFacingError, match="already running"), runner.instance_lock(tmp_path):
        pass
    first.__exit__(None, None, None)
    with runner.instance_lock(tmp_path):  # released again
        pass


async def test_sigterm_closes_the_gateway_and_returns(harness):
    bot = CareerBot(settings=harness.settings(), runtime=None, feedback=None)
    connected = asyncio.Event()

    async def login(token: str) -> None:
        assert token == VALID_TOKEN

    async def connect(*, reconnect: bool = True) -> None:
        connected.set()
        await asyncio.Event().wait()  # a gateway connection that stays open until cancelled

    bot.login = login  # type: ignore[method-assign]
    bot.connect = connect  # type: ignore[method-assign]
    serving = asyncio.create_task(runner.serve(bot, VALID_TOKEN))
    await asyncio.wait_for(connected.wait(), 10)
    signal.raise_signal(signal.SIGTERM)
    await asyncio.wait_for(serving, 10)
    assert bot.is_closed()


def test_run_ingests_an_empty_index_then_serves_and_closes_everything(harness, monkeypatch, caplog):
    settings = harness.settings(discord_token=SecretStr(VALID_TOKEN))
    runtime = FakeRuntime(settings)
    runtime.index_is_empty = lambda: True  # type: ignore[method-assign]
    seen: dict[str, object] = {}

    async def fake_serve(bot: CareerBot, token: str) -> None:
        seen["token"], seen["runtime"], seen["allowed"] = token, bot.runtime, bot.allowed_mentions
        seen["worker"] = await asyncio.to_thread(lambda: threading.current_thread().name)
        with pytest.raises(Timeout):
            FileLock(str(settings.data_dir / runner.LOCK_NAME), timeout=0).acquire()

    monkeypatch.setattr(runner, "serve", fake_serve)
    with caplog.at_level(logging.INFO, logger="bot.discord.runner"):
        runner.run_bot(settings, build_runtime=lambda s: runtime)

    assert runtime.ingest_calls == [False]
    assert any("index is empty" in r.getMessage() for r in caplog.records)
    assert seen["token"] == VALID_TOKEN and seen["runtime"] is runtime
    assert seen["allowed"].to_dict() == {"parse": []}  # type: ignore[union-attr]
    assert str(seen["worker"]).startswith("careerbot")
    assert runtime.closed
    assert not [t for t in threading.enumerate() if t.name.startswith("careerbot")]
    with runner.instance_lock(settings.data_dir):  # the lock was released
        pass


@pytest.mark.slow
def test_run_ingests_an_empty_real_index_before_serving(make_runtime, knowledge_copy, monkeypatch):
    runtime = make_runtime()
    settings = runtime.settings.model_copy(update={"discord_token": SecretStr(VALID_TOKEN)})
    assert runtime.index_is_empty()
    documents: list[int] = []

    async def fake_serve(bot: CareerBot, token: str) -> None:
        documents.append(len(await asyncio.to_thread(bot.runtime.documents)))

    monkeypatch.setattr(runner, "serve", fake_serve)
    runner.run_bot(settings, build_runtime=lambda s: runtime)
    assert documents == [KNOWLEDGE_DOCUMENTS]


def test_run_closes_the_runtime_when_serving_fails(harness, monkeypatch):
    settings = harness.settings(discord_token=SecretStr(VALID_TOKEN))
    runtime = FakeRuntime(settings)

    async def failing_serve(bot: CareerBot, token: str) -> None:
        raise UserFacingError("Discord rejected CAREERBOT_DISCORD_TOKEN")

    monkeypatch.setattr(runner, "serve", failing_serve)
    with pytest.raises(UserFacingError):
        runner.run_bot(settings, build_runtime=lambda s: runtime)
    assert runtime.closed and runtime.ingest_calls == []


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once, as when Discord is unreachable."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_an_unreachable_discord_is_retried_then_reported_in_one_line(harness, monkeypatch, caplog):
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port()}/api/v10")
    monkeypatch.setattr(runner, "LOGIN_RETRY_WAITS", (0.0, 0.0))
    bot = CareerBot(settings=harness.settings(), runtime=None, feedback=None)
    with caplog.at_level(logging.WARNING, logger="bot.discord.runner"), \
            pytest.raises(UserFacingError, match="cannot reach Discord") as caught:
        await runner.serve(bot, VALID_TOKEN)

    message = str(caught.value)
    assert "after 3 attempts" in message and "\n" not in message and "Traceback" not in message
    retries = [r.getMessage() for r in caplog.records if "trying again" in r.getMessage()]
    assert len(retries) == 2 and "attempt 1 of 3" in retries[0]
    assert bot.is_closed()


async def test_a_login_that_succeeds_on_a_later_attempt_connects(harness, monkeypatch):
    bot = CareerBot(settings=harness.settings(), runtime=None, feedback=None)
    attempts: list[str] = []

    async def login(token: str) -> None:
        attempts.append(token)
        if len(attempts) < 3:
            raise aiohttp.ClientConnectionError("Cannot connect to host discord.com:443")

    bot.login = login  # type: ignore[method-assign]
    await runner.login_with_retries(bot, VALID_TOKEN, waits=(0.0, 0.0, 0.0))
    assert attempts == [VALID_TOKEN] * 3
