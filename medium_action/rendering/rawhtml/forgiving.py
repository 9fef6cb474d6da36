"""``html.parser`` that never raises on what a writer's HTML may hold.

The standard parser asserts on marked sections it does not know (``<![foo[x]]>``, a lone
``<![``): an AssertionError that used to end the whole run. Here such a declaration is dropped,
as a browser drops it, and parsing goes on.
"""

from __future__ import annotations

from html.parser import HTMLParser


class ForgivingHTMLParser(HTMLParser):
    def parse_html_declaration(self, i: int) -> int:
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            end = self.rawdata.find(">", i + 2)
            return len(self.rawdata) if end < 0 else end + 1
