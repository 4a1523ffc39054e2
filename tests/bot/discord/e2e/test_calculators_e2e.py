"""Every calculator end to end, as a member types it: the answer with its working and sources, private unless
shared, in the member's Discord language, with vote buttons; Discord itself refuses a value outside the choices."""

from __future__ import annotations

import re

import pytest
import simcord

from bot.discord.error_replies import unwrap
from tests.bot.discord.e2e.simcord_support import buttons, read

pytestmark = pytest.mark.slow

COMMANDS = [
    ("salary", {"level": "mid", "city": "brussels"}, False),
    ("freelance", {"level": "senior"}, False),
    ("employer-cost", {"gross": "60.000", "period": "yearly"}, True),
    ("compare", {"day_rate": "650", "billable_days": 200}, True),
    ("dayrate", {"salary": "70k"}, True),
    ("ratecheck", {"amount": "600", "unit": "daily", "level": "mid"}, True),
    ("ratecheck", {"amount": "650", "unit": "daily"}, True),
    ("convert", {"amount": "85", "from": "hourly"}, True),
]


@pytest.mark.parametrize(("name", "options", "private"), COMMANDS)
async def test_each_calculator_answers_with_its_working_sources_and_votes(world, name, options, private):
    result = await world.member.slash(world.channel, name, **options)

    answer = result.response
    assert answer.ephemeral is private
    text = read(answer)
    assert "€" in text and "**Working**" in text and "1. " in text
    assert "Sources" in text and "[1]" in text and re.search(r", 20\d\d", text)  # publisher and year
    assert [re.sub(r":\d+:", ":#:", b) for b in buttons(answer)] == ["careerbot:feedback:#:up",
                                                                     "careerbot:feedback:#:down"]


async def test_a_shared_result_is_public(world):
    result = await world.member.slash(world.channel, "dayrate", salary="70000", share=True)
    assert not result.response.ephemeral and world.bot_messages(world.channel)


async def test_a_dutch_client_gets_the_working_in_dutch_with_dutch_numbers(world):
    result = await world.dutch_member.slash(world.channel, "ratecheck", amount="600", unit="daily", level="mid")
    text = read(result.response)
    assert result.response.embeds[0].title == "Tariefcheck: medior, per dag"
    assert "**Berekening**" in text and "Bronnen" in text and "Brutobedragen in euro" in text
    assert "Working" not in text
    salary = read((await world.dutch_member.slash(world.channel, "salary", level="mid")).response)
    working = salary.split("**Berekening**")[1].split("Bronnen")[0]  # the answer also quotes the English document
    assert re.search(r"€\d{2}\.\d{3}", working) and not re.search(r"€\d{2},\d{3}", working)  # €50.000


async def test_a_value_outside_the_choices_is_refused_by_discord_before_the_bot_sees_it(world):
    requests = len(world.env.http_requests)
    with pytest.raises(simcord.OptionError):
        await world.member.slash(world.channel, "salary", level="principal")
    with pytest.raises(simcord.OptionError):
        await world.member.slash(world.channel, "compare", day_rate="650", billable_days=400)  # Range 1-260
    assert len(world.env.http_requests) == requests and world.bot_messages(world.channel) == []


async def test_a_bad_amount_gets_the_calculators_message_privately_in_the_members_language(world):
    dutch = (await world.dutch_member.slash(world.channel, "employer-cost", gross="veel")).response
    assert dutch.ephemeral
    assert dutch.content == ("Dat kan ik niet gebruiken: 'veel' is geen bedrag; schrijf het als 70000, 70.000, "
                             "70,000, 70k of €70.000")
    english = (await world.member.slash(world.channel, "employer-cost", gross="lots")).response
    assert english.ephemeral
    assert english.content == "'lots' is not an amount; write it like 70000, 70.000, 70,000, 70k or €70.000"
    assert [type(unwrap(error)).__name__ for error in world.errors()] == ["InputProblem", "InputProblem"]


async def test_an_amount_out_of_range_is_refused_in_dutch_with_dutch_numbers(world):
    result = await world.dutch_member.slash(world.channel, "convert", amount="2.500,5", **{"from": "hourly"})
    assert result.response.ephemeral
    assert result.response.content == ("Dat kan ik niet gebruiken: het bedrag moet meer dan €0 en hoogstens €1.250 "
                                       "per uur zijn; je gaf €2.500,5")
    assert "must be" not in result.response.content and world.bot_messages(world.channel) == []
    (error,) = world.errors()
    assert str(unwrap(error)) == "the amount must be more than €0 and at most €1,250 an hour; got €2,500.5"


async def test_a_vote_on_a_calculator_answer_is_stored(world):
    answer = (await world.member.slash(world.channel, "freelance", level="junior")).response
    up, down = buttons(answer)
    thanks = await world.member.click(answer.message, custom_id=down)
    assert thanks.response.ephemeral and "a maintainer will look at this answer" in thanks.response.content
    assert world.feedback.votes(int(down.split(":")[2])) == {"up": 0, "down": 1}
    (votes,) = world.feedback.report(days=1).calculators
    assert (votes.calculator, votes.answers, votes.up, votes.down) == ("freelance", 1, 0, 1)
