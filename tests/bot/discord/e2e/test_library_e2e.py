"""/sources, /help and /reingest end to end: who is offered what, where, and in which language."""

from __future__ import annotations

import pytest

from bot.discord.checks import NotMaintainer
from tests.bot.discord.e2e.simcord_support import read

pytestmark = pytest.mark.slow

DOCUMENTS = 5  # in knowledge/
LINKED = """---
title: Backend salaries in Ghent
language: en
topic: salary
source: Example Recruiters
year: 2025
region: Belgium
url: https://example.org/ghent-2025
---
# Backend salaries in Ghent

## Mid-level

A mid-level backend developer in Ghent earns between €50,000 and €65,000 gross a year.
"""


async def test_sources_lists_each_document_with_its_publisher_and_year(world):
    result = await world.member.slash(world.channel, "sources")
    assert result.response.ephemeral
    text = read(result.response)
    assert f"Documents in the index ({DOCUMENTS})" in text and "Last ingested" in text
    assert "Randstad, 2024" in text and "chunks" in text


async def test_sources_links_each_document_as_the_index_build_stored_it(world_with, make_runtime, tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "ghent.md").write_text(LINKED, encoding="utf-8")
    runtime = make_runtime()
    runtime.ingest()
    (knowledge / "ghent.md").unlink()  # what the bot cites is the build, not the directory as it is now
    world = await world_with(runtime=runtime)
    text = read((await world.dutch_member.slash(world.channel, "sources")).response)
    assert "Documenten in de index (1)" in text
    assert "**[Backend salaries in Ghent](https://example.org/ghent-2025)** · en · Example Recruiters, 2025" in text
    citation = world.bot.catalogue["ghent"]  # what answers citing it show beside the section
    assert (citation.label(), citation.url) == ("Example Recruiters, 2025", "https://example.org/ghent-2025")


async def test_sources_for_a_dutch_client_is_in_dutch(world):
    text = read((await world.dutch_member.slash(world.channel, "sources")).response)
    assert f"Documenten in de index ({DOCUMENTS})" in text and "Laatst ingelezen" in text and "fragmenten" in text


async def test_help_puts_the_readers_language_first(world):
    english = (await world.member.slash(world.channel, "help")).response.embeds[0]
    dutch = (await world.dutch_member.slash(world.channel, "help")).response.embeds[0]
    assert [f.name for f in english.fields] == ["English", "Nederlands", "Français"]
    assert [f.name for f in dutch.fields] == ["Nederlands", "English", "Français"]
    assert "`/vraag`" in dutch.fields[0].value and "`/ask`" in english.fields[0].value  # the names each client shows


async def test_a_listed_maintainer_can_reingest(world):
    assert "reingest" in world.maintainer.available_commands(world.channel)
    result = await world.maintainer.slash(world.channel, "reingest", dry_run=True)
    assert result.response.ephemeral
    text = read(result.response)
    assert "Dry run: what a re-ingest would change" in text and f"Documents {DOCUMENTS}" in text


async def test_a_dutch_maintainer_reads_the_reingest_report_in_dutch(world, locales):
    locales.locales[world.maintainer.id] = "nl"
    result = await world.maintainer.slash(world.channel, "reingest", dry_run=True)
    assert result.response.ephemeral
    (embed,) = result.response.embeds
    assert embed.title == "Proefdraai: wat opnieuw inlezen zou veranderen"
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Documenten"] == str(DOCUMENTS) and "Ongewijzigd" in fields
    assert embed.description.startswith("cijfers: ") and "gecontroleerd tegen de documenten, alle kloppen" in (
        embed.description)
    assert "figures" not in read(result.response) and "checked" not in read(result.response)


async def test_an_admin_who_is_not_listed_is_refused_privately(world):
    assert "reingest" in world.admin.available_commands(world.channel)  # Discord offers it: Manage Server
    result = await world.admin.slash(world.channel, "reingest", dry_run=True)
    assert result.response.ephemeral and "Only the bot's maintainers" in result.response.content
    assert [type(error) for error in world.errors()] == [NotMaintainer]


async def test_reingest_is_offered_neither_to_members_nor_in_dms(world):
    assert "reingest" not in world.member.available_commands(world.channel)  # no Manage Server
    offered = world.stranger.available_commands()
    assert "ask" in offered and "reingest" not in offered  # guild-only: Discord applies no permissions in a DM


async def test_a_server_not_on_the_allowlist_is_refused_in_its_language(world_with):
    world = await world_with(guild_ids=[1])  # the simulated server has another id
    result = await world.dutch_member.slash(world.channel, "sources")
    assert result.response.ephemeral and result.response.content == "Deze bot is niet ingeschakeld op deze server."
    assert [type(error).__name__ for error in world.errors()] == ["GuildNotAllowed"]
