"""One discord.py extension per feature; each exposes `setup(bot)`."""
