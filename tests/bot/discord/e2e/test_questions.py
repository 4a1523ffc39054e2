"""Questions end to end: /ask (public, private, unsure, Dutch), the thread and a follow-up in it, a mention, a DM,
an engine failure, an answer too long for one message, and the question budget."""

from __future__ import annotations

import asyncio
import logging
import re
import threading

import pytest

from bot.discord.error_replies import unwrap
from bot.discord.gates import OnCooldown
from bot.errors import UserFacingError
from bot.models import Answer, Turn
from tests.bot.discord.e2e.simcord_support import RecordingEngine, WithEngine, buttons, read

pytestmark = pytest.mark.slow

SALARY = "What does a mid-level backend developer earn in Flanders?"
DUTCH_SALARY = "Hoeveel verdient een back-end developer in Vlaanderen per maand?"
OFF_TOPIC = "What is the best pizza in Naples?"


async def test_a_public_ask_answers_in_the_channel_and_opens_a_thread_named_after_the_question(world):
    result = await world.member.slash(world.channel, "ask", question=SALARY)

    answer = result.response
    assert not answer.ephemeral and answer.channel_id == world.channel.id
    text = read(answer)
    assert "€" in text and "[1]" in text and "Language: English · Confidence: high" in text
    assert "Randstad, 2024" in text  # the cited section's publisher and year
    assert [re.sub(r":\d+:", ":#:", custom_id) for custom_id in buttons(answer)] == [
        "careerbot:feedback:#:up", "careerbot:feedback:#:down"]
    (thread,) = world.channel.threads
    assert thread.name == SALARY and thread.id == answer.id  # opened on the answer itself


async def test_each_cited_section_is_listed_once_with_its_numbers(world):
    answer = (await world.member.slash(world.channel, "ask", question=SALARY)).response
    sources = answer.embeds[-1].fields[0].value.splitlines()
    sections = [line.split("** ", 1)[1].split(" · ")[0] for line in sources]
    assert len(sections) == len(set(sections))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.embeds[0].description)}
    listed = {int(n) for line in sources for n in re.findall(r"\[(\d+)\]", line.split("** ", 1)[0])}
    assert listed == cited  # only the cited ones, and every one of them


async def test_a_follow_up_in_the_thread_keeps_the_conversation(world):
    await world.member.slash(world.channel, "ask", question=SALARY)
    (thread,) = world.channel.threads
    mention = world.bot.user.mention

    await world.member.send(thread, f"{mention} and a senior?")
    in_thread = read(world.bot_messages(thread)[-1])
    await world.member.send(world.channel, f"{mention} and a senior?")  # the same words with no conversation
    alone = read(world.bot_messages(world.channel)[-1])

    assert "senior" in in_thread.lower() and "€" in in_thread  # read as "what does a senior earn in Flanders?"
    assert in_thread != alone


def said(message) -> str:  # noqa: ANN001
    """What a bot answer said, as the conversation keeps it: its embeds' descriptions."""
    return "\n\n".join(embed.description for embed in message.embeds if embed.description)


async def test_a_follow_up_is_asked_with_the_threads_conversation_oldest_first(world_with, ingested):
    engine = RecordingEngine(ingested)
    world = await world_with(runtime=WithEngine(ingested, engine))
    first = (await world.member.slash(world.channel, "ask", question=SALARY)).response
    (thread,) = world.channel.threads
    mention = world.bot.user.mention
    await world.member.send(thread, f"{mention} and a senior?")
    second = world.bot_messages(thread)[-1]
    await world.member.send(thread, f"{mention}   and in Brussels?")

    assert engine.calls[0] == (SALARY, [])
    assert engine.calls[-1] == ("and in Brussels?", [  # the question the thread was opened on, from the answer's title
        Turn(role="user", text=SALARY), Turn(role="assistant", text=said(first)),
        Turn(role="user", text="and a senior?"), Turn(role="assistant", text=said(second))])
    # Without the Message Content intent, a message in the thread that does not mention the bot is not for it.
    await world.member.send(thread, "and in Ghent?")
    assert len(engine.calls) == 3 and len(world.bot_messages(thread)) == 2


async def test_a_private_ask_is_seen_by_the_member_only_and_opens_no_thread(world):
    result = await world.member.slash(world.channel, "ask", question=SALARY, private=True)
    assert result.response.ephemeral and "€" in read(result.response)
    assert world.channel.threads == [] and world.bot_messages(world.channel) == []


async def test_an_answer_the_engine_is_not_sure_of_is_private_with_a_note_and_opens_no_thread(world):
    result = await world.member.slash(world.channel, "ask", question=OFF_TOPIC)
    (reply,) = result.followups
    assert reply.ephemeral and "only you can see it" in reply.content
    assert "Confidence: low" in read(reply) and buttons(reply)
    assert world.channel.threads == [] and world.bot_messages(world.channel) == []  # the "thinking" is gone too


async def test_a_dutch_question_is_answered_in_dutch_whatever_the_client_language(world):
    answer = (await world.member.slash(world.channel, "ask", question=DUTCH_SALARY)).response
    text = read(answer)
    assert "Taal: Nederlands · Betrouwbaarheid: hoog" in text and "Bronnen" in text
    assert re.search(r"€\d\.\d{3}", text)  # €3.000: the Dutch thousands separator


async def test_a_mention_in_a_channel_is_answered_as_a_reply(world):
    question = await world.member.send(world.channel, f"{world.bot.user.mention} {SALARY}")
    reply = world.bot_messages(world.channel)[-1]
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert "€" in read(reply) and buttons(reply)


async def test_a_mention_without_a_question_says_how_to_ask_in_the_servers_language(world):
    await world.member.send(world.channel, world.bot.user.mention)
    assert "Ask me something after the mention" in world.bot_messages(world.channel)[-1].content


async def test_a_dm_is_answered_in_the_dm(world):
    await world.stranger.send_dm(DUTCH_SALARY)
    reply = [m for m in world.stranger.dm_channel.history() if m.author.id == world.bot.user.id][-1]
    assert "Taal: Nederlands" in read(reply) and buttons(reply)


async def test_ask_in_a_dm_is_answered_there_openly_without_a_thread(world):
    result = await world.stranger.slash("ask", question=DUTCH_SALARY)
    assert not result.response.ephemeral and result.response.channel_id == world.stranger.dm_channel.id
    assert "Taal: Nederlands" in read(result.response) and buttons(result.response)
    assert world.channel.threads == []


async def test_messages_not_addressed_to_the_bot_are_ignored(world):
    await world.member.send(world.channel, "just chatting about salaries")
    other_bot = world.guild.add_member(world.env.create_user("otherbot", bot=True))
    await other_bot.send(world.channel, f"{world.bot.user.mention} {SALARY}")  # bots do not talk to each other
    assert world.bot_messages(world.channel) == []


class FailingEngine:
    """An engine whose index cannot be read."""

    def answer(self, question, history=()):  # noqa: ANN001, ANN201 - Engine.answer's contract
        raise RuntimeError("the index files are unreadable")


async def test_an_engine_failure_reaches_the_member_as_a_short_private_message_with_an_id(world_with, ingested,
                                                                                          caplog):
    world = await world_with(runtime=WithEngine(ingested, FailingEngine()))
    with caplog.at_level(logging.ERROR):
        result = await world.dutch_member.slash(world.channel, "ask", question=DUTCH_SALARY)

    (reply,) = result.followups
    error_id = re.fullmatch(r"Er ging iets mis aan mijn kant \(foutcode `([0-9a-f]{8})`\)\..*", reply.content)
    assert reply.ephemeral and error_id
    assert "unreadable" not in reply.content and "RuntimeError" not in reply.content
    assert "Traceback" not in reply.content
    assert world.bot_messages(world.channel) == []  # the public "thinking" message was removed
    (error,) = world.errors()
    assert "unreadable" in str(error)
    # the maintainer finds the member's error id in the log, with the traceback
    assert any(error_id.group(1) in record.getMessage() and record.exc_info for record in caplog.records)


async def test_an_engine_failure_answering_a_mention_is_a_reply_with_an_id(world_with, ingested):
    world = await world_with(runtime=WithEngine(ingested, FailingEngine()))
    await world.member.send(world.channel, f"{world.bot.user.mention} {SALARY}")
    (reply,) = world.bot_messages(world.channel)
    assert re.fullmatch(r"Something went wrong on my side \(error id `[0-9a-f]{8}`\)\..*", reply.content)
    assert "unreadable" not in reply.content and reply.reference is not None


class RefusingEngine:
    """An engine that refuses a question with a message meant for the member."""

    def answer(self, question, history=()):  # noqa: ANN001, ANN201
        raise UserFacingError("the question is 2000 characters long; keep it under 1000")


async def test_a_refusal_meant_for_the_member_is_shown_as_it_is(world_with, ingested):
    world = await world_with(runtime=WithEngine(ingested, RefusingEngine()))
    result = await world.member.slash(world.channel, "ask", question="x", private=True)
    reply = result.response  # the private "thinking" message became the refusal
    assert not result.followups and reply.ephemeral
    assert reply.content == "the question is 2000 characters long; keep it under 1000"
    assert [type(unwrap(error)) for error in world.errors()] == [UserFacingError]


class OffTheLoopEngine:
    """The real engine, which blocks (as an embedding and a Chroma query do) until the event loop has run a callback
    of its own: on the loop's own thread that could never happen."""

    def __init__(self, runtime, loop) -> None:  # noqa: ANN001
        self.runtime, self.loop = runtime, loop
        self.loop_ran: list[bool] = []
        self.threads: list[str] = []

    def answer(self, question, history=()):  # noqa: ANN001, ANN201
        self.threads.append(threading.current_thread().name)
        ran = threading.Event()
        self.loop.call_soon_threadsafe(ran.set)
        self.loop_ran.append(ran.wait(timeout=10))
        return self.runtime.engine.answer(question, history)


async def test_the_engine_runs_off_the_event_loop_which_keeps_running(world_with, ingested):
    engine = OffTheLoopEngine(ingested, asyncio.get_running_loop())
    world = await world_with(runtime=WithEngine(ingested, engine))
    result = await world.member.slash(world.channel, "ask", question=SALARY)
    assert "€" in read(result.response)
    assert engine.loop_ran == [True] and engine.threads[0] != threading.main_thread().name


class LongEngine:
    """An engine that writes a long answer (a generated answer can run to several thousand characters)."""

    def __init__(self, runtime) -> None:  # noqa: ANN001
        self.runtime = runtime

    def answer(self, question, history=()):  # noqa: ANN001, ANN201
        real = self.runtime.engine.answer(question, history)
        paragraph = " ".join(f"Sentence {n} about salaries in Flanders [1]." for n in range(60))
        self.written = "\n\n".join([paragraph] * 12)
        return Answer(question=question, language=real.language, text=self.written,
                      confident=True, sources=[s for s in real.sources if s.cited] or real.sources[:1])


async def test_a_long_answer_is_split_over_messages_within_discords_limits(world_with, ingested):
    engine = LongEngine(ingested)
    world = await world_with(runtime=WithEngine(ingested, engine))
    result = await world.member.slash(world.channel, "ask", question=SALARY)

    messages = [result.response, *result.followups]
    assert len(messages) >= 2
    for message in messages:
        assert len(message.embeds) <= 10 and sum(len(embed) for embed in message.embeds) <= 6000
    assert all(len(embed.description or "") <= 4096 for message in messages for embed in message.embeds)
    assert [bool(buttons(m)) for m in messages] == [False] * (len(messages) - 1) + [True]  # votes under the last
    assert "Sentence 59" in read(messages[-1]) or "Sentence 59" in read(messages[-2])
    shown = "".join(embed.description or "" for message in messages for embed in message.embeds)
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", engine.written)  # nothing dropped, cut only at spaces


async def test_the_question_budget_refuses_then_comes_back(world_with):
    world = await world_with(cooldown_questions=2, cooldown_seconds=60)
    for _ in range(2):
        await world.member.slash(world.channel, "ask", question=SALARY, private=True)

    refused = await world.member.slash(world.channel, "ask", question=SALARY, private=True)
    assert refused.response.ephemeral and "Try again in 60 seconds" in refused.response.content
    await world.member.send(world.channel, f"{world.bot.user.mention} {SALARY}")  # mentions spend from it too
    assert "Try again in" in world.bot_messages(world.channel)[-1].content
    calculated = await world.member.slash(world.channel, "freelance", level="senior")  # its own budget
    assert "€" in read(calculated.response)
    assert all(isinstance(error, OnCooldown) for error in world.errors())

    await world.env.advance_time(61)
    again = await world.member.slash(world.channel, "ask", question=SALARY, private=True)
    assert "€" in read(again.response)


async def test_with_a_model_configured_the_thinking_message_shows_the_step_then_becomes_the_answer(world_with):
    world = await world_with(llm="ollama:any-model")  # the runtime stays extractive; the bot shows progress
    result = await world.member.slash(world.channel, "ask", question=SALARY)

    steps = [entry.json.get("content") for entry in world.env.http_requests
             if entry.method == "PATCH" and entry.path.endswith("@original") and entry.json]
    assert steps[0] == "Searching the documents…"
    (answer,) = world.bot_messages(world.channel)  # no step left behind: the step message became the answer
    assert answer.id == result.response.id and not answer.content and "€" in read(answer)
    assert world.channel.threads and world.channel.threads[0].id == answer.id


async def test_with_message_content_a_follow_up_in_the_thread_needs_no_mention(world_with):
    world = await world_with(message_content=True)  # the portal's Message Content intent, approved in SimCord
    await world.member.slash(world.channel, "ask", question=SALARY)
    (thread,) = world.channel.threads

    await world.member.send(thread, "and a senior?")
    reply = world.bot_messages(thread)[-1]
    assert "senior" in read(reply).lower() and "€" in read(reply)
    await world.member.send(world.channel, "and a senior?")  # elsewhere, a message without a mention is not for it
    assert len(world.bot_messages(world.channel)) == 1  # still only the /ask answer
