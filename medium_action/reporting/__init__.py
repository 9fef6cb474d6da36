"""A run's result told to whoever reads it: the step outputs and output-json (``outputs.py``),
the job summary (``summary.py``), the log's last lines (``end_of_run.py``), each built purely
from the result, and ``write.py``, which writes them. ``tables.py`` is the one Markdown table
writer, shared with the commit comment (``github/comment.py``)."""
