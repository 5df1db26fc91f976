"""Entry point: ``python -m questionnaire assess [FILE|-] [--today YYYY-MM-DD]``."""

import sys

from .cli import main

sys.exit(main())
