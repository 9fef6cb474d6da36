"""``python -m medium_action.cli``: the same program as ``medium-publish``."""

import sys

from medium_action.cli import main

sys.exit(main())
