"""Run the corpus' whole-post checks over every post of a real site that is not in the corpus.

    .venv/bin/python tools/sweep.py SITE_ROOT 'content/**/*.md' ['docs/**/*.mdx' ...]

SITE_ROOT is a checkout of a public site (a fetched repository's tree); each post is read the way
a run reads it (the site's dialect from its own files, its images from the site's folder) and
checked as ``tests/test_corpus.py`` checks a corpus post: Medium's tags, no word lost, no
framework syntax left, every code block byte for byte, every image present, no empty figure.
One line per failing post, with the first findings; the count at the end. A development tool:
what it finds becomes a corpus post or a golden test, never a test of its own.
"""

from __future__ import annotations

import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from medium_action.publishing.images.lookup import ImageUploader  # noqa: E402
from medium_action.rendering.dialects.choose import (  # noqa: E402
    choose,
    nearest_site_dialect,
    site_dialect,
)
from medium_action.rendering.render import render_html  # noqa: E402
from medium_action.sources.article import Defaults, parse_article, split_front_matter  # noqa: E402
from medium_action.sources.site import read_site_url  # noqa: E402
from tests.corpus_checks import (  # noqa: E402
    body_of,
    code_not_in_pre,
    empty_figures,
    images_not_shown,
    leftover_syntax,
)
from tests.test_corpus import fake_upload, uploaded  # noqa: E402
from tests.test_render import assert_medium_html, assert_no_word_lost  # noqa: E402

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def findings(path: Path, site: Path) -> list[str]:
    rel = path.relative_to(site).as_posix()
    defaults = Defaults(site_dialect=site_dialect(site))
    article = parse_article(rel, path.read_bytes(), defaults, now=NOW, workspace=site)
    uploader = ImageUploader(
        workspace=site, upload=fake_upload, cache={}, site_url=read_site_url(site)
    )
    image_urls = uploader.urls_for(article.post.images(), markdown_path=rel)
    html = render_html(
        article.post, title=article.title, subtitle=article.subtitle, image_urls=image_urls
    ).content
    found: list[str] = [f"image warning: {w}" for w in uploader.warnings]
    found += [f"warning: {w}" for w in article.warnings]
    for check in (
        lambda: assert_medium_html(html),
        lambda: assert_no_word_lost(
            article.post.text,
            html,
            choose(
                "auto",
                defaults.site_dialect or nearest_site_dialect(site, rel),  # as the article read it
                body_of(path.read_text()),
                rel,
            ),
            split_front_matter(path.read_text())[0],
        ),
    ):
        try:
            check()
        except AssertionError as error:
            found.append(f"check: {str(error)[:300]}")
    found += [f"leftover: {left}" for left in leftover_syntax(html)[:5]]
    found += [f"code changed: {code[:100]!r}" for code in code_not_in_pre(path, html)[:3]]
    lost = images_not_shown(path, site, html, read_site_url(site), uploaded)
    found += [f"image lost: {image}" for image in lost[:3]]
    found += [f"empty figure: {figure[:100]}" for figure in empty_figures(html)[:3]]
    return found


def main(argv: list[str]) -> int:
    site = Path(argv[0]).resolve()
    posts = sorted({p for pattern in argv[1:] for p in site.glob(pattern) if p.is_file()})
    failing = 0
    for post in posts:
        try:
            found = findings(post, site)
        except Exception:  # a crash is a finding like any other
            found = ["crash: " + traceback.format_exc(limit=3).replace("\n", " | ")[-400:]]
        if found:
            failing += 1
            print(f"{post.relative_to(site)}")
            for line in found[:8]:
                print(f"    {line}")
    print(f"{failing} of {len(posts)} posts with findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
