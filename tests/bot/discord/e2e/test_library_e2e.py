"""/sources, /help and /reingest end to end: who is offered what, where, and in which language."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.discord.gates import NotMaintainer
from bot.discord.ports import IngestReport
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
    fields = {field.name: field.value for field in result.response.embeds[0].fields}
    assert (fields["Unchanged"], fields["Added"]) == (str(DOCUMENTS), "0")  # the index is the knowledge base


class NotedIngest:
    """The shared runtime with its ingest noted; given a report, the ingest returns it instead of ingesting."""

    def __init__(self, runtime: Any, report: IngestReport | None = None) -> None:
        self._runtime, self.report = runtime, report
        self.calls: list[dict[str, bool]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._runtime, name)

    def ingest(self, path: Any = None, dry_run: bool = False, progress: Any = None,
               beside_answers: bool = False) -> IngestReport:
        self.calls.append({"dry_run": dry_run, "beside_answers": beside_answers})
        if self.report is None:
            return self._runtime.ingest(path, dry_run, progress=progress, beside_answers=beside_answers)
        return self.report


def stopped_report() -> IngestReport:
    return IngestReport(documents=5, chunks=42, added=1, updated=2, removed=0, unchanged=2, seconds=1.5,
                        added_documents=["new-doc"], figures_checked=26, figure_problems=[
                            "rates/flanders-2024.yaml: flanders.monthly: its quote is no longer in section 'x'; "
                            'the section now reads: "tussen de €3.200 en €6.400 bruto per maand."'])


async def test_a_member_holding_a_maintainer_role_may_reingest_beside_the_answers(world_with, ingested):
    runtime = NotedIngest(ingested)
    world = await world_with(runtime=runtime)
    keepers = world.guild.create_role("knowledge", permissions=discord.Permissions(manage_guild=True))
    keeper = world.guild.add_member(world.env.create_user("keeper"), roles=[keepers])
    world.bot.settings = world.bot.settings.model_copy(update={"maintainer_role_ids": [keepers.id]})

    result = await keeper.slash(world.channel, "reingest", dry_run=True)
    assert result.response.ephemeral and "Dry run: what a re-ingest would change" in read(result.response)
    assert runtime.calls == [{"dry_run": True, "beside_answers": True}]  # the running bot keeps a core for answers


async def test_a_reingest_stopped_by_a_figure_shows_the_maintainer_each_line_privately(world_with, ingested):
    world = await world_with(runtime=NotedIngest(ingested, stopped_report()))
    result = await world.maintainer.slash(world.channel, "reingest")
    assert result.response.ephemeral
    text = read(result.response)
    assert "Re-ingest stopped" in text and "Re-ingest finished" not in text
    assert "figure rates/flanders-2024.yaml: flanders.monthly" in text and "€3.200 en €6.400" in text
    assert "the previous one keeps answering" in text and "added: new-doc" in text


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
