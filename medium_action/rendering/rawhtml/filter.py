"""Raw HTML in a post, reduced to the tags Medium keeps (``html.parser`` from the stdlib).

:func:`sanitize_block` rewrites an HTML block into well-formed Medium HTML; :func:`parse_tag`
reads the single tag of an inline HTML token for the renderer; :func:`find_img_tags` lists the
``<img>`` of a fragment for :meth:`medium_action.rendering.post.ParsedPost.images`.

This module is the public face; the work is done in ``policy`` (which tags and attributes
are kept, the HTML pieces written), ``tags`` (single tags, images), ``sanitizer`` (the
rule for each tag of a block) and ``stack`` (the open elements of its output).

What happens to each element:

- kept, with only the attributes of ``policy.ALLOWED_TAGS``: ``p``, ``h3``, ``h4``, ``strong``,
  ``b``, ``em``, ``i``, ``a href``, ``code``, ``pre``, ``blockquote``, ``ul``, ``ol``, ``li``,
  ``figure``, ``img src alt``, ``figcaption``, ``hr``, ``br``;
- renamed like Markdown headings: ``h1`` → ``h3``, ``h2``/``h3``/``h4`` → ``h4`` (the post's own
  h1/h2 are its title and subtitle), ``h5``/``h6`` → a bold paragraph; inside a list item or a
  quote a heading is bold text; an ``img`` outside a ``figure`` becomes one (and ends the open
  paragraph, list or quote); an ``img`` inside ``pre`` leaves its alt text;
- dropped with their content: ``script``, ``style``, ``template``, ``head``, ``title``, ``svg``,
  ``math``, ``noscript``, ``textarea``, ``select``; comments, doctypes, processing instructions;
- ``iframe``, ``video``, ``audio``, ``embed``, ``object``, ``source`` with a ``src``/``data``
  become a link on its own line (``<p><a href=SRC>SRC</a></p>``), their fallback content dropped;
- ``del``/``s``/``strike``: text struck through with U+0336 (Medium has no strikethrough);
- checkboxes become ☐/☑; nested lists are flattened into their item as ``<br>``-separated lines;
- every other tag is unwrapped (its text kept); block-ish ones (``div``, ``table``, ``tr``…) end
  the current paragraph, cells are separated by a space;
- ``href``/``src`` go through the caller's URL policy (which drops ``javascript:`` and friends,
  resolves links, maps uploaded images); a link without a usable URL is unwrapped.
"""

from __future__ import annotations

from medium_action.rendering.rawhtml.policy import (
    BREAKING,
    CELLS,
    DROP_WITH_CONTENT,
    EMBED_CONTAINERS,
    EMBEDS,
    INLINE,
    SEPARATING,
    STRIKE,
    STRIKE_TAGS,
    VOID,
    UrlPolicy,
    embed_link_html,
    embed_url,
    figure_html,
    remove_empty,
    strike,
)
from medium_action.rendering.rawhtml.sanitizer import sanitize_block
from medium_action.rendering.rawhtml.tags import ParsedTag, find_a_hrefs, find_img_tags, parse_tag

__all__ = [
    "BREAKING",
    "CELLS",
    "DROP_WITH_CONTENT",
    "EMBEDS",
    "EMBED_CONTAINERS",
    "INLINE",
    "SEPARATING",
    "STRIKE",
    "STRIKE_TAGS",
    "VOID",
    "ParsedTag",
    "UrlPolicy",
    "embed_link_html",
    "embed_url",
    "figure_html",
    "find_a_hrefs",
    "find_img_tags",
    "parse_tag",
    "remove_empty",
    "sanitize_block",
    "strike",
]
