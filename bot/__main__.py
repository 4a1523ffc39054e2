"""`python -m bot` starts the Discord bot, exactly like `careerbot run`."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.argv = [sys.argv[0], "run", *sys.argv[1:]]
    main()
