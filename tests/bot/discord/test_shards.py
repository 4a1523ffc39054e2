"""CAREERBOT_SHARD_COUNT / CAREERBOT_SHARD_IDS: parsed and checked, and CareerBot built as an AutoShardedBot over
exactly those shards (constructed without connecting; the gateway itself is discord.py's). A sharded bot answering a
member: tests/bot/discord/e2e/test_shards_e2e.py."""

from __future__ import annotations

import pytest
from discord.ext import commands
from pydantic import ValidationError

from bot.discord.client import CareerBot, ShardedCareerBot
from bot.errors import UserFacingError
from bot.settings import Settings, load_settings


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_shards_come_from_the_environment_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERBOT_SHARD_COUNT", "4")
    monkeypatch.setenv("CAREERBOT_SHARD_IDS", " 1, 3 ")
    parsed = Settings(_env_file=None)
    assert parsed.shard_count == 4 and parsed.shard_ids == [1, 3]


def test_empty_shard_variables_mean_one_plain_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERBOT_SHARD_COUNT", "")
    monkeypatch.setenv("CAREERBOT_SHARD_IDS", "")
    parsed = Settings(_env_file=None)
    assert parsed.shard_count is None and parsed.shard_ids == []


@pytest.mark.parametrize(("values", "says"), [
    ({"shard_ids": "0,1"}, "needs CAREERBOT_SHARD_COUNT"),
    ({"shard_count": 2, "shard_ids": "2"}, "between 0 and 1 for 2 shards, got [2]"),
    ({"shard_count": 2, "shard_ids": "-1"}, "got [-1]"),
    ({"shard_count": 3, "shard_ids": "1,1"}, "listed twice"),
    ({"shard_count": 0}, "greater than or equal to 1"),
    ({"shard_count": "many"}, "valid integer"),
    ({"shard_count": 2, "shard_ids": "one"}, "valid integer"),
])
def test_bad_shard_settings_are_refused_with_the_reason(values: dict, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings(**values)
    assert says in str(refused.value)


@pytest.mark.parametrize(("env", "variable"), [
    ({"CAREERBOT_SHARD_IDS": "0"}, "CAREERBOT_SHARD_IDS"),
    ({"CAREERBOT_SHARD_COUNT": "2", "CAREERBOT_SHARD_IDS": "5"}, "CAREERBOT_SHARD_IDS"),
    ({"CAREERBOT_SHARD_COUNT": "0"}, "CAREERBOT_SHARD_COUNT"),
])
def test_a_bad_shard_variable_is_a_configuration_error_naming_it(monkeypatch: pytest.MonkeyPatch, tmp_path,
                                                                 env: dict[str, str], variable: str) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UserFacingError, match=f"invalid configuration in {variable};"):
        load_settings()


def test_without_shard_settings_the_bot_is_a_plain_bot() -> None:
    bot = CareerBot(settings=settings(), runtime=None, feedback=None)
    assert type(bot) is CareerBot and not isinstance(bot, commands.AutoShardedBot)
    assert bot.shard_count is None


def test_the_shard_settings_build_an_auto_sharded_bot_over_those_shards() -> None:
    bot = CareerBot(settings=settings(shard_count=4, shard_ids="1,3"), runtime=None, feedback=None)
    assert isinstance(bot, ShardedCareerBot) and isinstance(bot, commands.AutoShardedBot)
    assert isinstance(bot, CareerBot)  # everything CareerBot does, over several shards
    assert bot.shard_count == 4 and bot.shard_ids == [1, 3]
    assert bot.intents == CareerBot(settings=settings(), runtime=None, feedback=None).intents


def test_a_count_without_ids_runs_every_shard_in_this_process() -> None:
    bot = CareerBot(settings=settings(shard_count=2), runtime=None, feedback=None)
    assert isinstance(bot, commands.AutoShardedBot) and bot.shard_count == 2 and bot.shard_ids is None


def test_two_processes_split_the_shards_of_one_token_without_overlap() -> None:
    """How the README splits 4 shards over two processes: each runs its half, together they cover all."""
    halves = [CareerBot(settings=settings(shard_count=4, shard_ids=ids), runtime=None, feedback=None)
              for ids in ("0,1", "2,3")]
    assert {bot.shard_count for bot in halves} == {4}
    assert set(halves[0].shard_ids).isdisjoint(halves[1].shard_ids)
    assert sorted(halves[0].shard_ids + halves[1].shard_ids) == [0, 1, 2, 3]
