"""Turns knowledge/*.md into the Chroma index: load, split by section, embed, upsert (incremental, atomic)."""
