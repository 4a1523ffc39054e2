"""A bot over some shards of CAREERBOT_SHARD_COUNT answers a command in a server on one of its shards like the plain
bot does (the settings and the shards the bot is built over: tests/bot/discord/test_shards.py)."""

from __future__ import annotations

import pytest
from discord.ext import commands

from tests.bot.discord.e2e.simcord_support import read

pytestmark = pytest.mark.slow


async def test_a_sharded_bot_answers_a_command_like_the_plain_one(world_with):
    world = await world_with(shard_count=2, shard_ids=[0])
    assert isinstance(world.bot, commands.AutoShardedBot) and world.bot.shard_ids == [0]
    guild = world.env.create_guild(name="On shard 0", shard_id=0)
    channel = guild.create_text_channel("careers")
    member = guild.add_member(world.env.create_user("carla"))
    result = await member.slash(channel, "help")
    assert "/ask" in read(result.response)
