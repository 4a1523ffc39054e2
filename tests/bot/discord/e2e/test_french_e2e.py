"""A member whose Discord client is in French: the commands' French names, /ask in French (an answer, an unsure
answer, a refusal), a calculator with its working and amounts in Belgian French, and the vote buttons."""

from __future__ import annotations

import re

import discord
import pytest

from tests.bot.discord.e2e.simcord_support import buttons, read

pytestmark = pytest.mark.slow

FRENCH_QUESTION = "Que fait un développeur back-end ?"
FRENCH_SALARY = "Combien gagne un développeur backend confirmé en Flandre ?"
FRENCH_OFF_TOPIC = "Quelle est la meilleure recette de lasagnes ?"


async def test_the_commands_have_french_names_and_descriptions(world):
    commands = {command.name: command for command in await world.bot.tree.fetch_commands()}
    assert commands["ask"].name_localizations[discord.Locale.french] == "demander"
    assert commands["ratecheck"].name_localizations[discord.Locale.french] == "verifier-tarif"
    assert commands["salary"].description_localizations[discord.Locale.french].startswith("Fourchette de salaire brut")
    city = next(option for option in commands["salary"].options if option.name == "city")
    assert city.name_localizations[discord.Locale.french] == "ville"
    ghent = next(choice for choice in city.choices if choice.value == "ghent")
    assert ghent.name_localizations[discord.Locale.french] == "Gand"
    help_embed = (await world.french_member.slash(world.channel, "help")).response.embeds[0]
    assert [field.name for field in help_embed.fields][0] == "Français" and "`/demander`" in help_embed.fields[0].value


async def test_a_french_question_is_answered_in_french_with_the_documents_own_words(world):
    answer = (await world.french_member.slash(world.channel, "ask", question=FRENCH_QUESTION)).response
    text = read(answer)
    assert "\nD'après la base de connaissances :\n" in text  # under the question, the embed's title
    assert "back-end developer" in text  # quoted as the (Dutch) document writes it
    assert "Langue : français · Fiabilité : élevée" in text and "Sources" in text
    up, _ = buttons(answer)
    thanks = await world.french_member.click(answer.message, custom_id=up)
    assert thanks.response.ephemeral and thanks.response.content == "Merci, ravi d'avoir pu aider ! 👍"


async def test_a_french_salary_question_gets_the_calculation_in_french(world):
    text = read((await world.member.slash(world.channel, "ask", question=FRENCH_SALARY)).response)
    assert "En Flandre (2024), un développeur back-end gagne environ 3\u202f000\u00a0€–6\u202f000\u00a0€" in text
    assert "Langue : français" in text  # the question's language, whatever the client's


async def test_a_french_question_the_documents_do_not_answer_is_refused_in_french_unsure_and_private(world):
    result = await world.french_member.slash(world.channel, "ask", question=FRENCH_OFF_TOPIC)
    (reply,) = result.followups
    assert reply.ephemeral and "Je ne suis pas sûr de cette réponse : vous seul la voyez" in reply.content
    text = read(reply)
    assert "Je ne trouve pas de réponse à cette question dans mes documents." in text
    assert "Fiabilité : faible" in text
    _, down = buttons(reply)
    noted = await world.french_member.click(reply, custom_id=down)
    assert noted.response.ephemeral and noted.response.content == "Merci, un responsable examinera cette réponse. 👎"


async def test_a_french_client_gets_the_working_in_french_with_belgian_french_amounts(world):
    result = await world.french_member.slash(world.channel, "ratecheck", amount="600", unit="daily", level="mid")
    text = read(result.response)
    assert result.response.embeds[0].title == "Vérification du tarif : confirmé, par jour"
    assert "**Calcul**" in text and "Montants bruts en euros" in text and "Working" not in text
    working = text.split("**Calcul**")[1]
    assert re.search(r"\d{3}\u00a0€–\d{3}\u00a0€ par jour", working)  # 480 €–800 € par jour
    assert "est dans" in working
