"""The terminal front end: `careerbot`'s commands over the Discord-free core (questions, the index, the calculators,
the maintainers' report); bot/cli.py assembles them with the Discord ones (bot/discord/cli.py)."""
