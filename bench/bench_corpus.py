"""One line per post of the real-post corpus (tests/corpus/<site>/): its size, the time to parse
and render it (images resolved locally, uploads faked), its words and its images.

    .venv/bin/python bench/bench_corpus.py
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medium_action.errors import ImageError
from medium_action.publishing.images.lookup import ImageUploader
from medium_action.rendering.render import render_html
from medium_action.sources.article import Defaults, parse_article
from medium_action.sources.site import read_site_url

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def main() -> None:
    for site in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        site_url = read_site_url(site)
        for path in sorted(site.rglob("*")):
            if path.suffix not in (".md", ".markdown", ".mdx", ".qmd") or path.name == "SOURCE.md":
                continue
            rel = path.relative_to(site).as_posix()
            raw = path.read_bytes()
            start = time.perf_counter()
            article = parse_article(rel, raw, Defaults(), now=NOW)
            uploader = ImageUploader(
                workspace=site,
                upload=lambda image: f"https://cdn.example/{image.md5}",
                cache={},
                site_url=site_url,
            )
            images = article.post.images()
            try:
                urls = uploader.urls_for(images, markdown_path=rel)
            except ImageError as exc:  # a corpus post whose image was not copied in
                print(f"{site.name}/{path.name}: images: {exc}")
                urls = {}
            html = render_html(
                article.post, title=article.title, subtitle=article.subtitle, image_urls=urls
            ).content
            elapsed = (time.perf_counter() - start) * 1000
            words = len(article.post.text.split())
            print(
                f"{site.name}/{path.name}: {len(raw):,} bytes, {elapsed:.1f} ms, "
                f"{words:,} words, {len(images)} images, {len(html):,} bytes of HTML"
            )


if __name__ == "__main__":
    main()
