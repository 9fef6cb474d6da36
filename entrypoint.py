"""The container's entry point (``python /app/entrypoint.py``); locally the same as
``medium-publish``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from medium_action.cli import main

if __name__ == "__main__":
    sys.exit(main())
