"""Local images: lookup, refusal, content types, and uploads to the sandbox over loopback HTTP."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
from pydantic import SecretStr

from medium_action.errors import BadRequestError, ImageError
from medium_action.ledger.records import Ledger
from medium_action.ledger.statefile import StateFile
from medium_action.medium.client import MediumClient
from medium_action.publishing.images.input_dir import input_from_config
from medium_action.publishing.images.lookup import (
    SITE_STATIC_DIRS,
    ImageUploader,
    LocalImage,
    is_data_uri,
    is_remote,
)
from medium_action.publishing.images.types import sniff
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer


@dataclass(frozen=True)
class Ref:
    """Stands in for render.ImageRef (same fields the uploader reads)."""

    src: str
    alt: str = ""
    title: str | None = None
    line: int | None = None


# -- tiny images, made here rather than committed --------------------------------------------


def png(width: int = 2, height: int = 1, colour: bytes = b"\xff\x00\x00") -> bytes:
    """A valid RGB PNG built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")


def pillow(fmt: str, **save: object) -> bytes:
    image_module = pytest.importorskip("PIL.Image")
    out = io.BytesIO()
    image_module.new("RGB", (3, 2), (10, 120, 200)).save(out, fmt, **save)
    return out.getvalue()


def animated_webp() -> bytes:
    image_module = pytest.importorskip("PIL.Image")
    frames = [image_module.new("RGB", (4, 4), colour) for colour in ("red", "blue", "green")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
BMP = b"BM" + b"\x00" * 60
AVIF = b"\x00\x00\x00\x1cftypavif" + b"\x00" * 20
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with a post: posts/hello.md."""
    root = tmp_path / "ws"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "hello.md").write_text("# Hello\n", encoding="utf-8")
    return root


def put(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[MediumClient]:
    with MediumClient.create(sandbox.url) as medium:
        medium.authenticate(SecretStr(DEFAULT_TOKEN))
        yield medium


def uploader_for(
    ws: Path, client: MediumClient | None, cache: dict[str, str] | None = None
) -> ImageUploader:
    def upload(image: LocalImage) -> str:
        assert client is not None
        sent = client.upload_image(
            image.content, content_type=image.content_type, filename=image.filename
        )
        return sent.url

    return ImageUploader(
        workspace=ws, upload=upload if client else None, cache={} if cache is None else cache
    )


def image_requests(sandbox: SandboxServer) -> int:
    return sum(1 for r in sandbox.sandbox.requests if r["path"].endswith("/images"))


# -- through the uploader, the one way images are found and prepared -------------------------


def found_file(src: str, *, markdown_path: Path, workspace: Path) -> Path:
    """The file the uploader takes for ``src`` (a dry run maps a local image to its file URI)."""
    uploader = ImageUploader(workspace=workspace, upload=None, cache={})
    uri = uploader.urls_for([Ref(src)], markdown_path=str(markdown_path))[src]
    return Path(url2pathname(urlsplit(uri).path))


def prepared(path: Path) -> LocalImage:
    """What the uploader would send for the image file at ``path``."""
    return _sent(Ref(path.name), path.parent)


def prepared_data_uri(src: str, *, markdown_path: Path) -> LocalImage:
    """What the uploader would send for a ``data:`` URI in the Markdown file ``markdown_path``."""
    return _sent(Ref(src), markdown_path.parent)


def _sent(ref: Ref, workspace: Path) -> LocalImage:
    sent: list[LocalImage] = []

    def upload(image: LocalImage) -> str:
        sent.append(image)
        return "https://cdn-images-1.medium.com/x.png"

    ImageUploader(workspace=workspace, upload=upload, cache={}).urls_for(
        [ref], markdown_path="post.md"
    )
    return sent[0]


# -- what a src is ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "remote"),
    [
        ("https://example.com/a.png", True),
        ("HTTP://example.com/a.png", True),
        ("//cdn.example.com/a.png", True),
        ("img/a.png", False),
        ("/img/a.png", False),
        ("./a.png", False),
        ("data:image/png;base64,AAAA", False),
        ("ftp://example.com/a.png", False),
    ],
)
def test_is_remote(src: str, remote: bool) -> None:
    assert is_remote(src) is remote


def test_data_uri_is_recognised() -> None:
    assert is_data_uri("data:image/png;base64,AAAA")
    assert not is_data_uri("img/data.png")


# -- resolving paths -------------------------------------------------------------------------


def test_relative_to_the_markdown_file(ws: Path) -> None:
    target = put(ws, "posts/img/a.png", png())
    put(ws, "img/a.png", png())  # the workspace root's copy is not the one meant
    found = found_file("img/a.png", markdown_path=Path("posts/hello.md"), workspace=ws)
    assert found == target.resolve()
    up = put(ws, "shared/b.png", png())
    found = found_file("../shared/b.png", markdown_path=Path("posts/hello.md"), workspace=ws)
    assert found == up.resolve()


def test_absolute_markdown_path_is_accepted(ws: Path) -> None:
    target = put(ws, "posts/a.png", png())
    found = found_file("./a.png", markdown_path=ws / "posts/hello.md", workspace=ws)
    assert found == target.resolve()


def test_site_root_lookup_order(ws: Path) -> None:
    assert SITE_STATIC_DIRS == ("static", "public", "assets")

    def find() -> Path:
        return found_file("/img/a.png", markdown_path=Path("posts/hello.md"), workspace=ws)

    assets = put(ws, "assets/img/a.png", png())
    assert find() == assets.resolve()
    public = put(ws, "public/img/a.png", png())
    assert find() == public.resolve()
    static = put(ws, "static/img/a.png", png())
    assert find() == static.resolve()
    root = put(ws, "img/a.png", png())
    assert find() == root.resolve()


def test_site_root_in_a_subfolder_site(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    put(ws, "blog/content/posts/hello.md", b"# Hi\n")
    target = put(ws, "blog/static/img/a.png", png())
    found = found_file(
        "/img/a.png", markdown_path=Path("blog/content/posts/hello.md"), workspace=ws
    )
    assert found == target.resolve()


def test_url_encoded_names_query_and_fragment(ws: Path) -> None:
    target = put(ws, "posts/my pic (1).png", png())
    md = Path("posts/hello.md")
    assert found_file("my%20pic%20(1).png", markdown_path=md, workspace=ws) == (target.resolve())
    assert found_file("my%20pic%20(1).png?raw=true#top", markdown_path=md, workspace=ws) == (
        target.resolve()
    )
    literal = put(ws, "posts/100%25.png", png())  # a name that really holds '%'
    assert found_file("100%25.png", markdown_path=md, workspace=ws) == literal.resolve()


def test_missing_file_names_the_places_tried(ws: Path) -> None:
    with pytest.raises(ImageError) as caught:
        found_file("img/nope.png", markdown_path=Path("posts/hello.md"), workspace=ws)
    assert (
        str(caught.value) == "image 'img/nope.png': file not found "
        "(looked for posts/img/nope.png, posts/hello/img/nope.png)"
    )

    # a site-root image may be served by the blog itself: a warning, not a failed post
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    assert uploader.urls_for([Ref("/img/nope.png", line=4)], markdown_path="hello.md") == {}
    [(message, line)] = uploader.warnings
    tried = ["img/nope.png", "static/img/nope.png", "public/img/nope.png", "assets/img/nope.png"]
    assert "(looked for " + ", ".join(tried) + ")" in message and "site-url" in message
    assert line == 4


def test_a_site_root_image_found_nowhere_is_sent_on_the_site_address(ws: Path) -> None:
    uploader = ImageUploader(
        workspace=ws, upload=None, cache={}, site_url="https://example.org/blog/"
    )
    refs = [Ref("/img/chart one.png", line=1), Ref("/blog/img/b.png", line=2)]
    assert uploader.urls_for(refs, markdown_path="posts/hello.md") == {
        "/img/chart one.png": "https://example.org/blog/img/chart%20one.png",
        "/blog/img/b.png": "https://example.org/blog/img/b.png",
    }
    assert uploader.warnings == []
    # a relative image is the writer's own file: still a failure when it is missing
    with pytest.raises(ImageError, match="file not found"):
        uploader.urls_for([Ref("img/gone.png", line=3)], markdown_path="posts/hello.md")


@pytest.mark.parametrize(
    ("post", "src", "where"),
    [
        # MkDocs serves docs/setup/cards.md at setup/cards/: raw HTML's src is read from there
        ("docs/setup/cards.md", "../../assets/a.png", "docs/assets/a.png"),
        ("content/posts/trip.md", "../img/b.png", "content/posts/img/b.png"),  # Hugo's pretty URL
        ("docs/setup/cards.md", "../assets/a.png", "docs/assets/a.png"),  # the file's own first
    ],
)
def test_relative_image_found_from_the_pages_url_folder(
    ws: Path, post: str, src: str, where: str
) -> None:
    target = put(ws, where, png())
    assert found_file(src, markdown_path=Path(post), workspace=ws) == target.resolve()


def test_index_page_has_no_url_folder_of_its_own(ws: Path) -> None:
    put(ws, "docs/assets/a.png", png())  # docs/setup/index.md is served at setup/, not deeper
    for index in ("index.md", "_index.md", "README.md"):
        with pytest.raises(ImageError, match="not found"):
            found_file("../../assets/a.png", markdown_path=Path("docs/setup", index), workspace=ws)


def test_directory_is_not_an_image(ws: Path) -> None:
    (ws / "posts" / "img.png").mkdir()
    with pytest.raises(ImageError, match="not found"):
        found_file("img.png", markdown_path=Path("posts/hello.md"), workspace=ws)


@pytest.mark.parametrize("src", ["../../outside.png", "../../../etc/passwd", "/../outside.png"])
def test_traversal_out_of_the_workspace_is_refused(ws: Path, src: str) -> None:
    put(ws.parent, "outside.png", png())
    with pytest.raises(ImageError, match="leaves the workspace"):
        found_file(src, markdown_path=Path("posts/hello.md"), workspace=ws)


def test_symlink_escaping_the_workspace_is_refused(ws: Path) -> None:
    outside = put(ws.parent, "secret.png", png())
    (ws / "posts" / "link.png").symlink_to(outside)
    (ws / "posts" / "dir").symlink_to(ws.parent)
    for src in ("link.png", "dir/secret.png"):
        with pytest.raises(ImageError, match="symlink that leads outside the workspace"):
            found_file(src, markdown_path=Path("posts/hello.md"), workspace=ws)


def test_symlink_inside_the_workspace_is_fine(ws: Path) -> None:
    target = put(ws, "images/a.png", png())
    (ws / "posts" / "a.png").symlink_to(Path("../images/a.png"))
    found = found_file("a.png", markdown_path=Path("posts/hello.md"), workspace=ws)
    assert found == target.resolve()


def test_a_symlinked_workspace_still_works(tmp_path: Path, ws: Path) -> None:
    link = tmp_path / "ws-link"
    link.symlink_to(ws)
    target = put(ws, "posts/a.png", png())
    found = found_file("a.png", markdown_path=Path("posts/hello.md"), workspace=link)
    assert found == target.resolve()


def test_markdown_given_by_its_real_path_in_a_symlinked_workspace(tmp_path: Path, ws: Path) -> None:
    link = tmp_path / "ws-link"
    link.symlink_to(ws)
    target = put(ws, "posts/a.png", png())
    real_markdown = (ws / "posts/hello.md").resolve()
    found = found_file("a.png", markdown_path=real_markdown, workspace=link)
    assert found == target.resolve()


@pytest.mark.parametrize("src", ["ftp://host/a.png", "file:///etc/hosts", "javascript:x()"])
def test_other_schemes_are_refused(ws: Path, src: str) -> None:
    with pytest.raises(ImageError, match="URLs cannot be uploaded"):
        found_file(src, markdown_path=Path("posts/hello.md"), workspace=ws)


# -- content types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maker", "content_type", "filename"),
    [
        (png, "image/png", "pic.png"),
        (lambda: GIF, "image/gif", "pic.gif"),
        (lambda: pillow("JPEG"), "image/jpeg", "pic.jpg"),
        (lambda: pillow("TIFF"), "image/tiff", "pic.tiff"),
        (lambda: pillow("TIFF", compression="raw"), "image/tiff", "pic.tiff"),
    ],
)
def test_content_type_from_magic_bytes(
    tmp_path: Path, maker: Callable[[], bytes], content_type: str, filename: str
) -> None:
    data = maker()
    image = prepared(put(tmp_path, "pic.bin", data))
    assert image.content_type == content_type
    assert image.content == data
    assert image.filename == filename
    assert image.md5 == hashlib.md5(data).hexdigest()


def test_extension_is_not_trusted(tmp_path: Path) -> None:
    jpeg = pillow("JPEG")
    image = prepared(put(tmp_path, "photo.png", jpeg))
    assert image.content_type == "image/jpeg"  # never image/jpg, never png
    assert image.filename == "photo.jpg"


def test_webp_becomes_png(tmp_path: Path) -> None:
    image_module = pytest.importorskip("PIL.Image")
    image = prepared(put(tmp_path, "pic.webp", pillow("WEBP", lossless=True)))
    assert image.content_type == "image/png"
    assert image.filename == "pic.png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.md5 == hashlib.md5(image.content).hexdigest()
    with image_module.open(io.BytesIO(image.content)) as decoded:
        assert decoded.size == (3, 2)
        assert decoded.convert("RGB").getpixel((0, 0)) == (10, 120, 200)


def test_animated_webp_becomes_animated_gif(tmp_path: Path) -> None:
    image_module = pytest.importorskip("PIL.Image")
    data = animated_webp()
    image = prepared(put(tmp_path, "anim.webp", data))
    assert image.content_type == "image/gif"
    assert image.filename == "anim.gif"
    with image_module.open(io.BytesIO(image.content)) as decoded:
        assert decoded.n_frames == 3


def test_webp_without_pillow_says_how_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    webp = pillow("WEBP")
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImageError) as caught:
        prepared(put(tmp_path, "pic.webp", webp))
    message = str(caught.value)
    assert "pic.webp" in message
    assert "Pillow" in message
    assert "medium-publish[webp]" in message


def test_corrupt_webp_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("PIL.Image")
    with pytest.raises(ImageError, match="Pillow cannot convert"):
        prepared(put(tmp_path, "bad.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 garbage"))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (SVG, "SVG"),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        (BMP, "BMP"),
        (AVIF, "AVIF"),
        (HEIC, "HEIC"),
        (b"%PDF-1.7\n", "PDF"),
    ],
)
def test_images_medium_does_not_take_are_left_out(tmp_path: Path, data: bytes, name: str) -> None:
    path = put(tmp_path, "pic.png", data)
    uploader = ImageUploader(workspace=tmp_path, upload=None, cache={})
    urls = uploader.urls_for([Ref(path.name, line=4)], markdown_path="post.md")
    assert urls == {path.name: ""}
    assert uploader.warnings == [
        (
            f"image '{path.name}' (line 4) left out: {name} is not supported by Medium; "
            "use PNG, JPEG, GIF or TIFF",
            4,
        )
    ]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"just some notes\n", "a text file"),
        (b"\x00\x01\x02\x03\xfe\xfd", "this file type"),
    ],
)
def test_files_that_are_no_image_are_refused(tmp_path: Path, data: bytes, name: str) -> None:
    path = put(tmp_path, "pic.png", data)
    with pytest.raises(ImageError) as caught:
        prepared(path)
    assert str(caught.value) == (
        f"image '{path.name}': {name} is not supported by Medium; use PNG, JPEG, GIF or TIFF"
    )


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="the file is empty"):
        prepared(put(tmp_path, "pic.png", b""))


def test_data_uri_is_decoded(tmp_path: Path) -> None:
    data = png()
    image = prepared_data_uri(
        "data:image/png;base64," + base64.b64encode(data).decode(), markdown_path=tmp_path / "a.md"
    )
    assert (image.content, image.content_type, image.filename) == (data, "image/png", "image.png")
    with pytest.raises(ImageError, match="base64 data cannot be decoded"):
        prepared_data_uri("data:image/png;base64,@@@", markdown_path=tmp_path / "a.md")
    uploader = ImageUploader(workspace=tmp_path, upload=None, cache={})
    svg = "data:image/svg+xml,%3Csvg%2F%3E"
    assert uploader.urls_for([Ref(svg)], markdown_path="a.md") == {svg: ""}
    assert "SVG is not supported" in uploader.warnings[0][0]


# -- the uploader's errors -------------------------------------------------------------------


def test_svg_left_out_with_a_warning_naming_image_and_markdown_line(ws: Path) -> None:
    put(ws, "posts/pics/x.svg", SVG)
    put(ws, "posts/pics/ok.png", png())
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    urls = uploader.urls_for(
        [Ref("pics/x.svg", line=10), Ref("pics/ok.png", line=11)],
        markdown_path="posts/hello.md",
        line_offset=4,
    )
    assert urls["pics/x.svg"] == ""  # left out; the other image is kept
    assert urls["pics/ok.png"].startswith("file://")
    assert uploader.warnings == [
        (
            "image 'pics/x.svg' (line 14) left out: SVG is not supported by Medium; "
            "use PNG, JPEG, GIF or TIFF",
            14,
        )
    ]


@pytest.mark.parametrize(
    "src",
    ["{{ sponsor.img }}", "{{ site.baseurl }}/img/a.png", "{% static 'a.png' %}", "%7B%7Bx%7D%7D"],
)
def test_a_template_expression_as_src_is_left_out_with_a_warning(ws: Path, src: str) -> None:
    """The site's build fills it in (a loop of mkdocs-macros, Jekyll, Hugo): no file to find."""
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    assert uploader.urls_for([Ref(src, line=7)], markdown_path="posts/hello.md") == {src: ""}
    [(message, line)] = uploader.warnings
    assert "left out: its address is a template expression" in message and line == 7


def test_a_text_file_named_as_an_image_still_fails_the_post(ws: Path) -> None:
    put(ws, "posts/x.png", b"version https://git-lfs.github.com/spec/v1\n")
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    with pytest.raises(ImageError, match=r"image 'x.png' \(line 3\): a text file"):
        uploader.urls_for([Ref("x.png", line=3)], markdown_path="posts/hello.md")


def test_a_left_out_image_is_not_in_the_html(ws: Path) -> None:
    render = pytest.importorskip("medium_action.rendering.render")
    put(ws, "posts/d.svg", SVG)
    body = 'Intro.\n\n![Diagram](d.svg)\n\n<img src="d.svg" alt="raw">\n'
    post = render.parse_post(body)
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    urls = uploader.urls_for(post.images(), markdown_path="posts/hello.md")
    html = render.render_html(post, title="T", image_urls=urls).content
    assert "d.svg" not in html and "<figure" not in html and "<img" not in html
    assert "Intro." in html


@pytest.mark.parametrize(
    ("dialect", "body", "caption"),
    [
        (None, '![Diagram](d.svg "Flow of a request")', "Flow of a request"),
        (None, "![Diagram](d.svg)\n*The italic line under it*", "The italic line under it"),
        (
            "mkdocs",
            "<figure markdown>\n![Diagram](d.svg)\n<figcaption>Cap</figcaption>\n</figure>",
            "Cap",
        ),
        ("mkdocs", "![Diagram](d.svg)\n/// caption\nThe block caption\n///", "The block caption"),
        ("hugo", '{{< figure src="d.svg" caption="Hugo caption" >}}', "Hugo caption"),
        (
            None,
            '<figure><img src="d.svg"><figcaption>Raw caption</figcaption></figure>',
            "Raw caption",
        ),
        (None, "![Diagram of the flow](d.svg)", "Diagram of the flow"),  # no caption: the alt
    ],
)
def test_a_left_out_image_keeps_its_caption_and_no_empty_figure(
    ws: Path, dialect: str | None, body: str, caption: str
) -> None:
    """The SVG goes (Medium cannot take it); the words its figure showed stay, as text."""
    render = pytest.importorskip("medium_action.rendering.render")
    put(ws, "posts/d.svg", SVG)
    post = render.parse_post("Intro.\n\n" + body + "\n\nAfter.\n", dialect)
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    urls = uploader.urls_for(post.images(), markdown_path="posts/hello.md")
    html = render.render_html(post, title="T", image_urls=urls).content
    assert html == f"<h1>T</h1>\n<p>Intro.</p>\n<p>{caption}</p>\n<p>After.</p>\n"


def test_missing_image_refused_naming_line_and_places(ws: Path) -> None:
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    with pytest.raises(ImageError) as caught:
        uploader.urls_for([Ref("gone.png", line=3)], markdown_path="posts/hello.md")
    assert str(caught.value) == (
        "image 'gone.png' (line 3): file not found "
        "(looked for posts/gone.png, posts/hello/gone.png)"
    )
    assert caught.value.line == 3


def test_all_problems_reported_and_nothing_uploaded(ws: Path) -> None:
    put(ws, "posts/ok.png", png())
    put(ws, "posts/x.txt.png", b"notes\n")
    calls: list[LocalImage] = []

    def upload(image: LocalImage) -> str:
        calls.append(image)
        return "https://cdn.example/x.png"

    uploader = ImageUploader(workspace=ws, upload=upload, cache={})
    refs = [
        Ref("ok.png", line=2),
        Ref("x.txt.png", line=5),
        Ref("gone.png", line=9),
        Ref("x.txt.png", line=7),
    ]
    with pytest.raises(ImageError) as caught:
        uploader.urls_for(refs, markdown_path="posts/hello.md")
    lines = str(caught.value).splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [
        "image 'x.txt.png' (line 5)",
        "image 'gone.png' (line 9)",
    ]
    assert caught.value.line == 5
    assert calls == []
    assert uploader.uploads == 0


def test_traversal_and_symlink_refused_by_the_uploader(ws: Path) -> None:
    outside = put(ws.parent, "secret.png", png())
    (ws / "posts" / "link.png").symlink_to(outside)
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    for src in ("../../secret.png", "link.png"):
        with pytest.raises(ImageError, match=r"\(line 1\): .*(leaves|outside) the workspace"):
            uploader.urls_for([Ref(src, line=1)], markdown_path="posts/hello.md")


def test_medium_refusing_an_image_names_it(ws: Path) -> None:
    put(ws, "posts/a.png", png())

    def upload(image: LocalImage) -> str:
        raise BadRequestError("The image is too large.", status=400)

    uploader = ImageUploader(workspace=ws, upload=upload, cache={})
    with pytest.raises(ImageError) as caught:
        uploader.urls_for([Ref("a.png", line=8)], markdown_path="posts/hello.md")
    assert str(caught.value) == (
        "image 'a.png' (line 8): Medium refused the upload: The image is too large."
    )
    assert caught.value.line == 8


# -- uploads through the sandbox -------------------------------------------------------------


def test_each_type_uploaded_with_its_content_type(
    ws: Path, sandbox: SandboxServer, client: MediumClient
) -> None:
    put(ws, "posts/a.png", png())
    put(ws, "posts/b.png", pillow("JPEG"))  # JPEG bytes behind a .png name
    put(ws, "posts/c.gif", GIF)
    put(ws, "posts/d.tif", pillow("TIFF"))
    put(ws, "posts/e.webp", pillow("WEBP"))
    uploader = uploader_for(ws, client)
    refs = [
        Ref(name, line=n) for n, name in enumerate(["a.png", "b.png", "c.gif", "d.tif", "e.webp"])
    ]
    urls = uploader.urls_for(refs, markdown_path="posts/hello.md")
    sent = sandbox.sandbox.images
    assert [image["content_type"] for image in sent] == [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/tiff",
        "image/png",
    ]
    assert [image["filename"] for image in sent] == ["a.png", "b.jpg", "c.gif", "d.tiff", "e.png"]
    assert list(urls.values()) == [image["url"] for image in sent]
    assert list(urls) == ["a.png", "b.png", "c.gif", "d.tif", "e.webp"]
    assert uploader.uploads == 5


def test_same_image_uploaded_once(ws: Path, sandbox: SandboxServer, client: MediumClient) -> None:
    data = png()
    put(ws, "posts/a.png", data)
    put(ws, "posts/copy-of-a.png", data)  # identical bytes, another name
    put(ws, "static/img/a.png", data)
    uploader = uploader_for(ws, client)
    refs = [Ref("a.png", line=1), Ref("a.png", line=5), Ref("copy-of-a.png", line=7)]
    urls = uploader.urls_for(refs, markdown_path="posts/hello.md")
    more = uploader.urls_for([Ref("/img/a.png", line=2)], markdown_path="posts/other.md")
    assert uploader.uploads == 1
    assert len(sandbox.sandbox.images) == 1
    assert image_requests(sandbox) == 1
    url = sandbox.sandbox.images[0]["url"]
    assert urls == {"a.png": url, "copy-of-a.png": url}
    assert more == {"/img/a.png": url}


def test_cache_is_reused_by_a_later_run(
    ws: Path, sandbox: SandboxServer, client: MediumClient
) -> None:
    put(ws, "posts/a.png", png())
    put(ws, "posts/b.gif", GIF)
    refs = [Ref("a.png", line=1), Ref("b.gif", line=2)]
    state = StateFile(ws / ".medium" / "published.json")

    ledger = state.load()
    first = uploader_for(ws, client, cache=ledger.images)
    urls = first.urls_for(refs, markdown_path="posts/hello.md")
    state.save(ledger)
    assert first.uploads == 2
    assert image_requests(sandbox) == 2

    later = state.load()  # a new run reads the state file again
    assert later.images == ledger.images
    second = uploader_for(ws, client, cache=later.images)
    assert second.urls_for(refs, markdown_path="posts/hello.md") == urls
    assert second.uploads == 0
    assert len(sandbox.sandbox.images) == 2
    assert image_requests(sandbox) == 2


def test_cache_keyed_by_bytes_sent(ws: Path, client: MediumClient) -> None:
    data = png()
    put(ws, "posts/a.png", data)
    ledger = Ledger()
    uploader = uploader_for(ws, client, cache=ledger.images)
    urls = uploader.urls_for([Ref("a.png")], markdown_path="posts/hello.md")
    assert ledger.images == {hashlib.md5(data).hexdigest(): urls["a.png"]}


def test_remote_images_are_left_alone(
    ws: Path, sandbox: SandboxServer, client: MediumClient
) -> None:
    uploader = uploader_for(ws, client)
    refs = [
        Ref("https://example.com/a.png"),
        Ref("http://example.com/b.jpg"),
        Ref("//cdn.example.com/c.gif"),
    ]
    assert uploader.urls_for(refs, markdown_path="posts/hello.md") == {}
    assert uploader.uploads == 0
    assert sandbox.sandbox.requests == []


def test_data_uri_is_uploaded(ws: Path, sandbox: SandboxServer, client: MediumClient) -> None:
    data = png()
    src = "data:image/png;base64," + base64.b64encode(data).decode()
    uploader = uploader_for(ws, client)
    urls = uploader.urls_for([Ref(src, line=3)], markdown_path="posts/hello.md")
    [sent] = sandbox.sandbox.images
    assert urls == {src: sent["url"]}
    assert sent["md5"] == hashlib.md5(data).hexdigest()


def test_dry_run_uploads_nothing(ws: Path, sandbox: SandboxServer) -> None:
    a = put(ws, "posts/a.png", png())
    put(ws, "posts/b.webp", pillow("WEBP"))
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    refs = [Ref("a.png", line=1), Ref("b.webp", line=2), Ref("https://example.com/c.png")]
    urls = uploader.urls_for(refs, markdown_path="posts/hello.md")
    assert urls["a.png"] == a.resolve().as_uri()
    assert urls["b.webp"] == (ws / "posts/b.webp").resolve().as_uri()
    assert "https://example.com/c.png" not in urls
    assert uploader.uploads == 0
    assert sandbox.sandbox.requests == []


def test_dry_run_shows_the_url_a_real_run_would_reuse(ws: Path) -> None:
    data = png()
    put(ws, "posts/a.png", data)
    cache = {hashlib.md5(data).hexdigest(): "https://cdn-images-1.medium.com/known.png"}
    uploader = ImageUploader(workspace=ws, upload=None, cache=cache)
    urls = uploader.urls_for([Ref("a.png")], markdown_path="posts/hello.md")
    assert urls == {"a.png": "https://cdn-images-1.medium.com/known.png"}


def test_dry_run_still_validates(ws: Path) -> None:
    put(ws, "posts/x.png", b"")
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    with pytest.raises(ImageError, match=r"image 'x.png' \(line 2\): the file is empty"):
        uploader.urls_for([Ref("x.png", line=2)], markdown_path="posts/hello.md")


def test_with_the_renderer(ws: Path, sandbox: SandboxServer, client: MediumClient) -> None:
    render = pytest.importorskip("medium_action.rendering.render")
    put(ws, "posts/img/a.png", png())
    body = 'Intro.\n\n![A chart](img/a.png "Sales")\n\n![remote](https://example.com/r.png)\n'
    refs = render.parse_post(body).images()
    uploader = uploader_for(ws, client)
    urls = uploader.urls_for(refs, markdown_path="posts/hello.md", line_offset=3)
    [sent] = sandbox.sandbox.images
    assert urls == {"img/a.png": sent["url"]}
    rendered = render.render_html(render.parse_post(body), title="Hello", image_urls=urls)
    assert sent["url"] in rendered.content
    assert "img/a.png" not in rendered.content
    assert "https://example.com/r.png" in rendered.content


def test_workspace_files_untouched(ws: Path, client: MediumClient) -> None:
    """Uploading reads images and writes nothing into the workspace."""
    put(ws, "posts/a.png", png())
    before = sorted(str(p) for p in ws.rglob("*"))
    uploader_for(ws, client).urls_for([Ref("a.png")], markdown_path="posts/hello.md")
    assert sorted(str(p) for p in ws.rglob("*")) == before


# -- the one sniffer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type", "accepted"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg", True),
        (b"\x89PNG\r\n\x1a\nrest", "image/png", True),
        (b"GIF89a...", "image/gif", True),
        (b"MM\x00*rest", "image/tiff", True),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp", False),
        (b"<?xml version='1.0'?><svg/>", "image/svg+xml", False),
        (b"BM....", None, False),
    ],
)
def test_sniff_names_the_type_by_magic_bytes(
    data: bytes, content_type: str | None, accepted: bool
) -> None:
    kind = sniff(data)
    assert (kind.content_type if kind else None) == content_type
    assert (kind is not None and kind.medium_accepts) is accepted


@pytest.mark.parametrize(
    ("name", "config"),
    [
        (
            "eleventy.config.js",
            'export const config = {\n  templateFormats: ["md"],\n'
            '  dir: {\n    output: "_site",\n    input: "src",\n  },\n};\n',
        ),
        (".eleventy.js", "module.exports = () => ({ dir: { input: './src/' } });\n"),
        ("package.json", '{"scripts": {"build": "npx @11ty/eleventy --input=src --quiet"}}'),
        ("package.json", '{"scripts": {"start": "eleventy --serve --input src"}}'),
    ],
)
def test_a_site_root_image_is_found_in_the_eleventy_input_folder_first(
    tmp_path: Path, name: str, config: str
) -> None:
    # 11ty/11ty-website: src/blog/*.md show /img/possum.jpg, which is src/img/possum.jpg
    ws = tmp_path / "ws"
    put(ws, name, config.encode())
    put(ws, "src/blog/post.md", b"# Hi\n")
    put(ws, "img/possum.jpg", png())  # not what the site serves: its input is src/
    target = put(ws, "src/img/possum.jpg", png())
    found = found_file("/img/possum.jpg", markdown_path=Path("src/blog/post.md"), workspace=ws)
    assert found == target.resolve()


@pytest.mark.parametrize(
    ("name", "text", "folder"),
    [
        ("eleventy.config.js", 'dir: { input: "../outside" }', None),
        ("eleventy.config.js", 'dir: { input: "." }', None),
        ("eleventy.config.js", "dir: { input: inputDir }", None),  # computed: not run
        ("package.json", '{"scripts": {"lint": "eslint --input=src"}}', None),
        ("package.json", "not json", None),
        (".eleventy.js", 'dir: { includes: "_inc", input: "content" }', "content"),
    ],
)
def test_the_input_folder_is_read_only_from_literals_inside_the_site(
    name: str, text: str, folder: str | None
) -> None:
    assert input_from_config(name, text) == folder
