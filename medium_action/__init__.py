"""medium-publish: publish the Markdown files a push adds or changes as Medium posts."""

__version__ = "0.1.0"
