"""Paired template tags the expander does not know: unwrapped, their content kept.

``{{% notice tip %}}…{{% /notice %}}``, ``{{< details summary="More" >}}…{{< /details >}}``,
``{% callout %}…{% endcallout %}``: the tags go, the Markdown between them stays. What a tag says
is kept on purpose:

- notice / admonition / alert / hint / callout / note / tip / warning / info / caution / danger /
  important: a ``:::kind Title`` container, read by :mod:`..dialects.docusaurus` as a block quote
  starting with the bold label (the title, else the kind);
- details / expand / fold / collapse / spoiler / accordion: the summary as a bold line, then the
  content;
- tabs / tabpane / codetabs: nothing, and each tab (tab / tabitem) its label as a bold line;
- any other: its label argument (``title``, ``summary``, ``label``, ``name``, else the first
  quoted string) as a bold line, or nothing.

Each form has a version for a tag alone on its line (lines) and one inside a sentence (inline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medium_action.rendering.templates.pieces import parse_args

__all__ = ["PairedTag", "open_pair"]

CALLOUTS = frozenset(
    [
        "notice",
        "admonition",
        "alert",
        "hint",
        "callout",
        "note",
        "tip",
        "warning",
        "info",
        "caution",
        "danger",
        "important",
    ]
)
NOTE_KINDS = frozenset(
    {"default", "primary", "success", "info", "warning", "danger", "tip", "caution", "important"}
)
"""Types of Hexo's ``{% note type %}`` (NexT, Butterfly): its first argument, not its title."""
DETAILS = frozenset(["details", "expand", "fold", "collapse", "spoiler", "accordion"])
TAB_GROUPS = frozenset(["tabs", "tabpane", "codetabs", "tabgroup"])
TABS = frozenset(["tab", "tabitem"])
_LABEL_KEYS = ("title", "summary", "label", "name", "header", "heading")
_NOT_TITLES = frozenset({"no-icon", "md", "md-block", "markdown", "html"})
"""A callout's arguments that say how it is drawn, never shown: a theme's icon switch, and the
format of its content (Eleventy's ``callout(content, level, format, label)``: "md", "html")."""


@dataclass(frozen=True)
class PairedTag:
    """What the opening and the end tag become: (own lines, inline form) each."""

    open: tuple[str, str]
    close: tuple[str, str]
    callout: str | None = None
    """For the parse: a callout's label (Markdown), shown in bold above the children."""
    label: str | None = None
    """For the parse: a bold line above the children (a summary, a tab's label)."""

    @property
    def inline(self) -> str:
        """The opening's form inside a sentence (Markdown)."""
        return self.open[1]


def _bold(text: str) -> str:
    text = text.strip()
    if len(text) > 4 and text.startswith("**") and text.endswith("**"):
        text = text[2:-2]  # a theme's label already written in bold (Docsy's **Java 5**)
    return "**" + re.sub(r"([\\*_`\[\]<>])", r"\\\1", " ".join(text.split())) + "**"


def open_pair(name: str, args: str) -> PairedTag:
    """What the paired tag ``name`` (lower-cased) with arguments ``args`` becomes."""
    positional, named = parse_args(args)
    label = next((named[k] for k in _LABEL_KEYS if named.get(k)), None)
    quoted = re.search(r"\"([^\"]+)\"|'([^']+)'", args)
    nothing = ("", " ")
    if name in CALLOUTS:
        kind = named.get("type") or named.get("style") or named.get("theme")
        rest = list(positional)
        if kind is None and name in ("notice", "admonition", "alert", "hint", "callout"):
            # the kind is one word (tip, warning); a longer first argument is the title
            one_word = rest and rest[0] != label and re.fullmatch(r"[\w-]+", rest[0])
            kind = rest.pop(0) if one_word else "note"
        elif kind is None and name == "note" and rest and rest[0].lower() in NOTE_KINDS:
            kind = rest.pop(0)  # Hexo's {% note warning %}
        # an icon switch and a content format (Eleventy's {% callout "info", "md" %}) are no title
        rest = [word for word in rest if word not in _NOT_TITLES]
        kind = re.sub(r"\W", "", kind or name) or "note"
        # a theme's title is its next argument: {{% notice tip "Pro tip" %}} shows "Pro tip"
        title = label or " ".join(rest)
        shown = title or kind[:1].upper() + kind[1:]
        return PairedTag(
            (":::" + kind + (" " + title if title else ""), _bold(shown) + " "),
            (":::", " "),
            callout=title or kind[:1].upper() + kind[1:],
        )
    if label is None and quoted:
        label = quoted.group(1) or quoted.group(2)
    if label is None and name in (DETAILS | TABS) and positional:
        label = " ".join(positional)
    if name in DETAILS:
        label = label or "Details"
    if name in TAB_GROUPS or not label:
        return PairedTag(nothing, nothing)
    return PairedTag((_bold(label) + "\n", _bold(label) + " "), nothing, label=label)
