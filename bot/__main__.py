"""`python -m bot` runs the `cohort` command."""

import sys

from bot.cli import main

sys.exit(main())
