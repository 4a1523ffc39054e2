"""Answers, source lists and help as embeds that respect Discord's size limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.discord.ports import DocumentInfo
from bot.discord.split import EMBED_DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, split_text
from bot.models import Answer, Source

COLOUR = discord.Colour(0x2B6CB0)
LOW_CONFIDENCE_COLOUR = discord.Colour(0xB7791F)
TITLE_LIMIT = 256
FIELD_LIMIT = 1024
EMBEDS_PER_MESSAGE = 10
SOURCE_LINE_LIMIT = 300

LABELS = {
    "en": {"sources": "Sources", "language": "Language", "lang": "English", "confidence": "Confidence",
           "high": "high", "low": "low, check the sources", "more": "Sources (continued)"},
    "nl": {"sources": "Bronnen", "language": "Taal", "lang": "Nederlands", "confidence": "Betrouwbaarheid",
           "high": "hoog", "low": "laag, controleer de bronnen", "more": "Bronnen (vervolg)"},
}


def clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, with an ellipsis when shortened."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_line(source: Source) -> str:
    """"[n] Title › Section", linked when the document has a URL."""
    label = f"{source.title} › {source.section}" if source.section else source.title
    label = clip(label.replace("[", "(").replace("]", ")"), SOURCE_LINE_LIMIT - 20)
    if source.url and len(label) + len(source.url) + 12 <= SOURCE_LINE_LIMIT:
        return f"**[{source.rank}]** [{label}]({source.url})"
    return f"**[{source.rank}]** {label}"


def group_lines(lines: Sequence[str], limit: int = FIELD_LIMIT) -> list[str]:
    """Join lines into blocks of at most `limit` characters (one embed field each)."""
    blocks: list[str] = []
    for line in lines:
        if blocks and len(blocks[-1]) + 1 + len(line) <= limit:
            blocks[-1] += "\n" + line
        else:
            blocks.append(clip(line, limit))
    return blocks


def footer(answer: Answer) -> str:
    """Language and confidence, in the answer's own language."""
    labels = LABELS[answer.language]
    confidence = labels["high"] if answer.confident else labels["low"]
    return f"{labels['language']}: {labels['lang']} · {labels['confidence']}: {confidence}"


def answer_embeds(answer: Answer, *, title: str | None = None) -> list[discord.Embed]:
    """The answer text over as many embeds as needed, then the numbered sources and the footer."""
    colour = COLOUR if answer.confident else LOW_CONFIDENCE_COLOUR
    parts = split_text(answer.text, EMBED_DESCRIPTION_LIMIT) or ["…"]
    embeds = [discord.Embed(description=part, colour=colour) for part in parts]
    if title:
        embeds[0].title = clip(title, TITLE_LIMIT)
    labels = LABELS[answer.language]
    for index, block in enumerate(group_lines([source_line(s) for s in answer.shown_sources()])):
        name = labels["sources"] if index == 0 else labels["more"]
        if len(embeds[-1]) + len(name) + len(block) > EMBED_TOTAL_LIMIT - 200 or len(embeds[-1].fields) >= 25:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].add_field(name=name, value=block, inline=False)
    embeds[-1].set_footer(text=footer(answer))
    return embeds


def pack(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6,000 characters."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if not messages or len(messages[-1]) >= EMBEDS_PER_MESSAGE or size + len(embed) > EMBED_TOTAL_LIMIT:
            messages.append([])
            size = 0
        messages[-1].append(embed)
        size += len(embed)
    return messages


def documents_embeds(documents: Sequence[DocumentInfo], last_ingested: datetime | None) -> list[discord.Embed]:
    """/sources: one line per document and when the index was last built."""
    lines = [
        f"**{clip(d.title, 150)}** · {d.language} · {d.year or 'n/a'} · {d.chunks} chunks" for d in documents
    ] or ["The index is empty. A maintainer can run /reingest."]
    when = discord.utils.format_dt(last_ingested, "R") if last_ingested else "never"
    text = "\n".join(lines) + f"\n\nLast ingested: {when}"
    parts = split_text(text, EMBED_DESCRIPTION_LIMIT)
    embeds = [discord.Embed(description=part, colour=COLOUR) for part in parts]
    embeds[0].title = f"Documents in the index ({len(documents)})"
    return embeds
