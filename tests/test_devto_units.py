"""dev.to's pure parts: the planner driven by its profile, its tag rule, its article fields, the
canonical URL's order, the client's outcome rule over MockTransport, and the portable Markdown."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from medium_action.errors import BadRequestError, RateLimitedError, UncertainOutcomeError
from medium_action.http.retry import RetryPolicy
from medium_action.ledger.record import LedgerRecord
from medium_action.ledger.records import Ledger
from medium_action.publishing.plan import PlanOptions, Source, make_plan
from medium_action.publishing.targets.base import Draft
from medium_action.publishing.targets.checks import fit
from medium_action.publishing.targets.devto.client import DevtoClient
from medium_action.publishing.targets.devto.mapping import article_fields, canonical_url
from medium_action.publishing.targets.devto.profile import DEVTO
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.rendering.portable import render_portable
from medium_action.rendering.post import parse_post
from medium_action.sources.article import Defaults, content_sha256, parse_article

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OLD = b"---\ntitle: A post\n---\nFirst text.\n"
NEW = b"---\ntitle: A post\n---\nSecond text.\n"


def record(raw: bytes, state: str = "published") -> LedgerRecord:
    return LedgerRecord(
        path="a.md",
        sha256=content_sha256(raw),
        time="2026-01-02T03:04:05+00:00",
        id="1001" if state == "published" else "",
        url="https://dev.to/w/a-post-1001" if state == "published" else "",
        title="A post",
        state=state,
        target="devto",
    )


def plan(raw: bytes, *records: LedgerRecord, profile=DEVTO):  # type: ignore[no-untyped-def]
    ledger = Ledger()
    for held in records:
        ledger.add(held)
    return make_plan(
        [Source("a.md", raw)],
        ledger,
        gone=frozenset(),
        now=NOW,
        options=PlanOptions(defaults=Defaults(), target=profile),
    )


# --- the planner -------------------------------------------------------------------------------


def test_an_edited_file_is_an_update_for_devto_and_an_edited_skip_for_medium() -> None:
    devto = plan(NEW, record(OLD))
    assert [update.article.path for update in devto.updates] == ["a.md"] and not devto.creates
    medium = plan(NEW, record(OLD), profile=MEDIUM)
    assert [skip.kind for skip in medium.skips] == ["edited"] and not medium.updates


def test_an_unchanged_file_is_published_for_both() -> None:
    for profile in (DEVTO, MEDIUM):
        assert [skip.kind for skip in plan(OLD, record(OLD), profile=profile).skips] == [
            "published"
        ]


def test_an_uncertain_record_is_resolved_by_devto_and_waits_for_a_person_on_medium() -> None:
    devto = plan(OLD, record(OLD, "uncertain"))
    assert [a.path for a in devto.creates] == ["a.md"] and set(devto.resolving) == {"a.md"}
    medium = plan(OLD, record(OLD, "uncertain"), profile=MEDIUM)
    assert [skip.kind for skip in medium.skips] == ["uncertain"] and not medium.creates


@pytest.mark.parametrize("key", ["devto: false", "devto: no"])
def test_front_matter_turns_devto_off_and_leaves_medium_on(key: str) -> None:
    raw = f"---\ntitle: A post\n{key}\n---\nText.\n".encode()
    assert [skip.kind for skip in plan(raw).skips] == ["writer"]
    assert [a.path for a in plan(raw, profile=MEDIUM).creates] == ["a.md"]


# --- tags, status ------------------------------------------------------------------------------


def article(front: str, body: str = "Text.\n"):  # type: ignore[no-untyped-def]
    return parse_article("a.md", f"---\n{front}\n---\n{body}".encode(), Defaults(), now=NOW)


def test_tags_become_four_of_lowercase_letters_and_digits_with_warnings() -> None:
    fitted = fit(article("tags: [Node.js, C++, node-js, ☕, Go, Web Dev, six]"), DEVTO)
    assert fitted.tags == ["nodejs", "c", "go", "webdev"]  # node-js folds into nodejs: once
    said = " ".join(fitted.warnings)
    assert "'Node.js' is sent as 'nodejs'" in said and "'☕'" in said and "six" in said


def test_unlisted_is_a_draft_on_devto_with_a_warning() -> None:
    fitted = fit(article("publish_status: unlisted"), DEVTO)
    fields = article_fields(Draft(fitted, "Text.\n", "markdown", None), canonical_url=None)
    assert fields["published"] is False and "no unlisted posts" in " ".join(fitted.warnings)
    public = article("publish_status: public\nsubtitle: Sub\nseries: [Go basics]")
    fields = article_fields(Draft(public, "x", "markdown", None), canonical_url="https://a.b/c")
    assert fields == {
        "title": "A post" if public.title == "A post" else public.title,
        "body_markdown": "x",
        "published": True,
        "tags": [],
        "canonical_url": "https://a.b/c",
        "description": "Sub",
        "series": "Go basics",
    }


def test_canonical_url_follows_the_interfaces_order() -> None:
    site = {"site_url": "https://blog.example/", "site_path": "/2026/a-post/"}
    assert canonical_url("https://own.example/x", **site, medium_url="m") == "https://own.example/x"
    assert canonical_url(None, **site, medium_url="https://medium.com/p/1") == (
        "https://blog.example/2026/a-post/"
    )
    assert canonical_url(None, site_url=None, site_path="/a/", medium_url="https://m/p") == (
        "https://m/p"
    )
    assert canonical_url(None, site_url="https://b/", site_path=None, medium_url=None) is None


# --- the client's outcome rule -------------------------------------------------------------


def client(handler) -> DevtoClient:  # type: ignore[no-untyped-def]
    http = httpx.Client(base_url="https://dev.example/api/", transport=httpx.MockTransport(handler))
    return DevtoClient(http, retry=RetryPolicy(attempts=3, jitter=False), sleep=lambda _: None)


def test_a_create_sends_the_headers_and_the_article_object() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"id": 5, "url": "https://dev.example/w/t-5"})

    devto = client(handler)
    from pydantic import SecretStr

    devto.authenticate(SecretStr("k-123"))
    made = devto.create_article({"title": "T"})
    assert (made.id, made.url) == ("5", "https://dev.example/w/t-5")
    assert seen[0].headers["api-key"] == "k-123"
    assert seen[0].headers["accept"] == "application/vnd.forem.api-v1+json"
    assert json.loads(seen[0].content) == {"article": {"title": "T"}}


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (422, {"error": "Tag list exceed the maximum of 4 tags", "status": 422}, BadRequestError),
        (502, "<html>Bad gateway</html>", UncertainOutcomeError),
        (500, "", UncertainOutcomeError),
        (201, {"no": "id"}, UncertainOutcomeError),
        (429, {"error": "slow down", "status": "429"}, RateLimitedError),
    ],
)
def test_only_devtos_own_error_says_no_article_was_made(
    status: int, body: object, kind: type[Exception]
) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        headers = {"Retry-After": "3600"} if status == 429 else {}
        if isinstance(body, str):
            return httpx.Response(status, text=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    with pytest.raises(kind):
        client(handler).create_article({"title": "T"})
    assert len(calls) == 1  # never resent; a 429 beyond the bound is not waited out


def test_a_429_within_bounds_is_waited_out_then_created_once() -> None:
    answers = [
        httpx.Response(429, json={"error": "slow", "status": 429}, headers={"Retry-After": "1"}),
        httpx.Response(201, json={"id": 9, "url": "https://dev.example/w/t-9"}),
    ]
    assert client(lambda request: answers.pop(0)).create_article({"title": "T"}).id == "9"


def test_the_accounts_articles_are_listed_page_by_page() -> None:
    pages = {
        1: [{"id": n, "url": f"u{n}", "title": "t"} for n in range(1, 101)],
        2: [{"id": 101, "url": "u", "title": "x"}],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[int(request.url.params["page"])])

    assert len(client(handler).my_articles()) == 101


# --- the portable Markdown -----------------------------------------------------------------


def portable(body: str, title: str = "T", **kwargs) -> str:  # type: ignore[no-untyped-def]
    return render_portable(parse_post(body), title=title, **kwargs).content


def test_tables_code_languages_and_task_lists_survive() -> None:
    text = portable("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```rust\nfn main() {}\n```\n\n- [x] done\n")
    assert (
        "| :--- | ---: |" in text and "```rust\nfn main() {}\n```" in text and "- [x] done" in text
    )


def test_framework_syntax_comes_out_plain() -> None:
    text = portable(
        '!!! warning "Mind it"\n    Indented body.\n\n> [!TIP]\n> Alert body.\n\n'
        "<Note>MDX body.</Note>\n\nimport X from './x'\n\n{{< figure src=\"a.png\" >}}\n"
    )
    assert "> **Mind it**" in text and "> **Tip**" in text and "MDX body." in text
    assert "!!!" not in text and "[!TIP]" not in text and "<Note>" not in text
    assert "import X" not in text and "{{<" not in text


def test_math_goes_in_devtos_katex_tags_and_footnotes_to_the_end() -> None:
    text = portable("Euler $e^{i\\pi}=-1$.[^n]\n\n$$\nx^2\n$$\n\n[^n]: A note.\n")
    assert "{% katex inline %}e^{i\\pi}=-1{% endkatex %}" in text
    assert "{% katex %}\nx^2\n{% endkatex %}" in text
    assert text.rstrip().endswith("1. A note.")


def test_urls_are_made_absolute_in_markdown_references_and_raw_html() -> None:
    text = portable(
        "# T\n\n![c](pics/c.png) [next](next.md) [ref]\n\n<img src='pics/c.png'>\n\n"
        "[ref]: next.md\n",
        image_urls={"pics/c.png": "https://cdn/c.png"},
        link_resolver=lambda url: "https://dev.to/w/next" if url == "next.md" else None,
    )
    assert not text.startswith("# T")  # the title heading: dev.to shows the title itself
    assert "![c](https://cdn/c.png)" in text and "[next](https://dev.to/w/next)" in text
    assert "<img src='https://cdn/c.png'>" in text and "[ref]: https://dev.to/w/next" in text


def test_an_unknown_token_type_renders_its_children() -> None:
    from mistune.core import BlockState

    from medium_action.rendering.portable import _PortableRenderer

    renderer = _PortableRenderer({}, None, {})
    token = {"type": "tab_group", "children": [{"type": "text", "raw": "inside"}]}
    assert renderer.render_token(token, BlockState()) == "inside"
    assert (
        renderer.render_token({"type": "new_thing", "raw": "raw text"}, BlockState()) == "raw text"
    )
