"""Embeds for answers and help stay within Discord's limits and say what the issue asks. The exact embed dicts are
the point here: each of Discord's limits (title, description, 25 fields of 1,024, 6,000 in all) checked field by
field with discord_support's assert_within_limits, on the embeds render.py builds, without a bot."""

from __future__ import annotations

import discord

from bot.discord.citations import Citation
from bot.discord.cogs.help import help_embed
from bot.discord.error_replies import describe, scrub
from bot.discord.render import answer_embeds, pack, source_lines
from bot.errors import UserFacingError
from bot.models import Source
from tests.bot.discord.discord_support import assert_within_limits, make_answer


def payloads(embeds: list[discord.Embed]) -> list[dict]:
    return [{"embeds": [e.to_dict() for e in message]} for message in pack(embeds)]


def test_answer_embed_has_numbered_linked_sources_and_a_footer():
    (embed,) = answer_embeds(make_answer("q"), title="What does a mid earn?")
    assert embed.title == "What does a mid earn?"
    assert embed.fields[0].value == "**[1]** [Salaries 2024 › Backend](https://example.org/salaries)"
    assert embed.footer.text == "Language: English · Confidence: high"


def test_a_dutch_low_confidence_answer_says_so_in_dutch():
    answer = make_answer("Wat verdient een architect?", confident=False, language="nl")
    embed = answer_embeds(answer)[-1]
    assert embed.footer.text == "Taal: Nederlands · Betrouwbaarheid: laag, controleer de bronnen"
    assert embed.fields[0].name == "Bronnen"


def test_many_long_sources_spread_over_fields_and_embeds_within_limits():
    answer = make_answer("q", " ".join(f"word [{n % 20 + 1}]" for n in range(1200)))  # cites all 20
    answer.sources = [Source(rank=n, doc_id=f"d{n}", title="A very long document title " * 4, section="Section " * 8,
                             path="p", url=f"https://example.org/{n}", text="t") for n in range(1, 21)]
    embeds = answer_embeds(answer, title="Q" * 400)
    for message in payloads(embeds):
        assert_within_limits(message)
    text = "\n".join(f.value for e in embeds for f in e.fields)
    assert all(f"**[{n}]**" in text for n in range(1, 21))


def test_only_the_cited_sources_are_shown_each_section_once():
    answer = make_answer("q", "A fact [1]. Another [3].")
    answer.sources = [Source(rank=n, doc_id="d", title="Doc", section=f"S{min(n, 3)}", path="p", text="t")
                      for n in range(1, 5)]
    text = "\n".join(f.value for e in answer_embeds(answer) for f in e.fields)
    assert "**[1]**" in text and "**[3]**" in text
    assert "**[2]**" not in text and "**[4]**" not in text  # retrieved, not cited; [4] is S3 again


def test_help_is_in_every_language_the_reader_s_first_and_fits():
    embed = help_embed("nl")
    assert [f.name for f in embed.fields] == ["Nederlands", "English", "Français"]
    assert [f.name for f in help_embed("fr").fields] == ["Français", "English", "Nederlands"]
    assert_within_limits({"embeds": [embed.to_dict()]})


def test_user_facing_errors_lose_server_paths_but_keep_command_names_and_urls():
    text = "another ingest is running on /srv/careerbot/data; see /reingest or https://discord.com/developers"
    assert scrub(text) == "another ingest is running on (path); see /reingest or https://discord.com/developers"
    message, error_id = describe(UserFacingError(text), "test")
    assert error_id is None and "/srv" not in message


def _source(rank: int, section: str, doc_id: str = "randstad", url: str | None = None) -> Source:
    return Source(rank=rank, doc_id=doc_id, title="Back-end developer", section=section, path="p", url=url, text="t")


def test_a_section_cited_under_two_numbers_is_listed_once_with_both():
    sources = [_source(2, "Salaris"), _source(1, "Salaris"), _source(3, "Opleiding", doc_id="other")]
    assert source_lines(sources) == ["**[1][2]** Back-end developer › Salaris",
                                     "**[3]** Back-end developer › Opleiding"]


def test_a_source_line_carries_the_documents_publisher_year_and_link():
    catalogue = {"randstad": Citation("Randstad", 2024, "https://www.randstad.be/backend")}
    (line,) = source_lines([_source(1, "Salaris")], catalogue)
    assert line == "**[1]** [Back-end developer › Salaris](https://www.randstad.be/backend) · Randstad, 2024"


def test_a_long_publisher_is_shortened_but_the_year_stays():
    label = Citation("unnamed web and app consulting firm (the text names no publisher)", 2026, None).label(40)
    assert len(label) == 40 and label.endswith("…, 2026")
