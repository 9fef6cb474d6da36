"""The container's entry point (``python /app/entrypoint.py``); locally the same as
``medium-publish``."""

import gc
import sys
from pathlib import Path

# Start-up is most of a run that has nothing to publish (issue 22). Importing pydantic and the
# program makes tens of thousands of objects the collector tracks, none of them garbage, and
# each collection the import triggers walks them again: about a third of such a process' CPU
# time (bench/bench_noop.py). So nothing is collected while importing, and what was imported
# is then set aside (gc.freeze), out of the run's own collections.
gc.disable()
sys.path.insert(0, str(Path(__file__).resolve().parent))

from medium_action.cli import main  # noqa: E402

gc.freeze()
gc.enable()

if __name__ == "__main__":
    sys.exit(main())
