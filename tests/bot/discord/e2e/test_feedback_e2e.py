"""The 👍/👎 buttons end to end, including a click on an answer posted before the bot was re-created."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.feedback.store import FeedbackStore
from tests.bot.discord.e2e.simcord_support import buttons, make_bot, read

pytestmark = pytest.mark.slow

QUESTION = "What does a mid-level backend developer earn in Flanders?"


async def test_votes_are_stored_and_thanked_in_the_members_language(world):
    answer = (await world.member.slash(world.channel, "ask", question=QUESTION)).response
    up, down = buttons(answer)
    thanks = await world.member.click(answer.message, custom_id=up)
    assert thanks.response.ephemeral and thanks.response.content == "Thanks, glad it helped! 👍"
    dank = await world.dutch_member.click(answer.message, custom_id=down)
    assert dank.response.content == "Bedankt, een beheerder bekijkt dit antwoord. 👎"
    assert world.feedback.votes(int(up.split(":")[2])) == {"up": 1, "down": 1}


async def test_buttons_keep_working_after_the_bot_is_re_created(world, ingested):
    answer = (await world.member.slash(world.channel, "ask", question=QUESTION)).response
    _up, down = buttons(answer)

    # As a new process would: a new bot and a new store over the same database, nothing kept in memory.
    fresh = make_bot(world.bot.settings, ingested, FeedbackStore.in_data_dir(world.bot.settings.data_dir))
    await world.env.restart_bot(fresh)
    world.feedback.close()
    world.bot, world.feedback = fresh, fresh.feedback
    thanks = await world.member.click(answer.message, custom_id=down)

    assert thanks.response.content == "Thanks, a maintainer will look at this answer. 👎"
    assert world.feedback.votes(int(down.split(":")[2])) == {"up": 0, "down": 1}
    report = world.feedback.report(days=1)
    assert [a.question for a in report.downvoted] == [QUESTION]
    (voted,) = report.downvoted  # stored with the sources it cited, for the maintainers' report
    assert voted.down == 1 and voted.sources and all(source.title in read(answer) for source in voted.sources)


async def test_a_click_on_an_answer_the_store_does_not_know_says_so(world, ingested, tmp_path):
    answer = (await world.member.slash(world.channel, "ask", question=QUESTION)).response
    _up, down = buttons(answer)

    # The bot comes back over another data directory: the answer under the buttons is not in its store.
    elsewhere = world.bot.settings.model_copy(update={"data_dir": tmp_path / "elsewhere"})
    fresh = make_bot(elsewhere, ingested, FeedbackStore.in_data_dir(elsewhere.data_dir))
    await world.env.restart_bot(fresh)
    world.feedback.close()
    world.bot, world.feedback = fresh, fresh.feedback
    said = await world.member.click(answer.message, custom_id=down)

    assert said.response.ephemeral and "no record of this answer" in said.response.content
    assert world.feedback.votes(int(down.split(":")[2])) == {"up": 0, "down": 0}


async def test_each_askers_hash_is_stored_and_never_their_id(world):
    await world.member.slash(world.channel, "ask", question=QUESTION)
    await world.dutch_member.slash(world.channel, "salary", level="mid")
    await world.french_member.send(world.channel, f"{world.bot.user.mention} {QUESTION}")
    stored = world.feedback.questions_since(datetime.now(UTC) - timedelta(hours=1))
    members = (world.member, world.dutch_member, world.french_member)
    assert [q.asker for q in stored] == [world.feedback.hash_user(m.id) for m in members]
    with sqlite3.connect(world.feedback.path) as db:  # the ids themselves are nowhere in the database
        dump = "\n".join(db.iterdump())
    assert all(str(m.id) not in dump for m in members)


async def test_the_vector_retrieval_made_is_stored_with_the_question_unless_amounts_were_redacted(world, ingested):
    private = "Is 4200 a month enough for a senior in Ghent?"
    await world.member.slash(world.channel, "ask", question=QUESTION)
    await world.member.slash(world.channel, "ask", question=private, private=True)
    stored = world.feedback.questions_since(datetime.now(UTC) - timedelta(hours=1))
    embedded: list[str] = []

    def embed(texts: list[str]):  # the runtime's model, noting what the report still has to embed
        embedded.extend(texts)
        return ingested.embedder.query_vectors(texts)

    vectors = world.feedback.vectors(stored, ingested.embedder.name, embed)
    assert embedded == ["Is # a month enough for a senior in Ghent?"]  # its vector would carry the amount
    assert float(vectors[0] @ ingested.embedder.query_vector(QUESTION)) > 0.999
