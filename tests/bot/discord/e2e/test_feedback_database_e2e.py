"""A shared feedback database (PostgreSQL) that goes away while the bot runs: members see that something failed and
an error id, never the database's address, user, name or password; the details go to the log."""

from __future__ import annotations

import re

import pytest

from bot.feedback.store import FeedbackStore
from bot.settings import Settings
from tests.bot.discord.e2e.simcord_support import read
from tests.postgres_server import running_server

pytestmark = pytest.mark.slow

SALARY = "What does a mid-level backend developer earn in Flanders?"
PASSWORD = "s3cret-in-the-query"
ERROR_ID = re.compile(r"\(error id `[0-9a-f]{8}`\)")


async def test_a_feedback_database_that_stops_is_an_error_id_for_members_and_the_details_in_the_log(
        world_with, caplog: pytest.LogCaptureFixture) -> None:
    with running_server() as server:
        url = f"{server.new_database()}?password={PASSWORD}"
        address = re.match(r"postgresql://([^@]+)@([^/]+)/([^?]+)", url)
        assert address is not None
        world = await world_with(feedback=FeedbackStore.from_settings(Settings(_env_file=None, feedback_url=url)))
        answered = await world.member.slash(world.channel, "ask", question=SALARY)
        assert "€" in read(answered.response)  # stored while the database is up
        with server.stopped():
            asked = await world.member.slash(world.channel, "ask", question=SALARY)
            await world.member.send(world.channel, f"{world.bot.user.mention} {SALARY}")
            await world.stranger.send_dm(SALARY)
        mention_reply = world.bot_messages(world.channel)[-1]
        dm_reply = [m for m in world.stranger.dm_channel.history() if m.author.id == world.bot.user.id][-1]
        seen = [message.content for message in [*asked.followups, mention_reply, dm_reply]]
        assert all(ERROR_ID.search(text) for text in seen), seen
        for text in seen:  # nothing of the database reaches a member
            assert PASSWORD not in text and "postgresql" not in text
            assert not any(part in text for part in address.groups())
        assert PASSWORD not in caplog.text and address.group(2) in caplog.text  # the log names it, masked
        world.errors()  # the failures were expected here
