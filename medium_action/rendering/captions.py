"""Which text under a figure a reader would want to see: pure.

An image's caption is its title attribute, else its alt text, unless the alt text says nothing:
empty, a size (Obsidian's ``![250](x.png)``, ``![alt|100x80](x.png)``), a file name
(``chart-v2.png``, what editors insert by default), or a generic word such as "image" or
"screenshot" (numbered or dated too: "Screenshot 2023-03-16 at 10.12.00", what macOS names a
capture), in the languages blogs are commonly written in.
"""

from __future__ import annotations

import re

__all__ = ["caption_for", "says_nothing"]

_GENERIC = frozenset(
    {
        # English
        "image", "img", "picture", "pic", "photo", "photograph", "screenshot", "screen shot",
        "screen", "figure", "fig", "graphic", "illustration", "alt", "alt text", "untitled",
        "banner", "cover", "thumbnail", "placeholder", "gif", "logo", "icon",
        # French, German, Dutch, Spanish, Portuguese, Italian
        "capture", "capture d'écran", "bild", "foto", "abbildung", "grafik",
        "bildschirmfoto", "afbeelding", "schermafbeelding", "imagen", "imagem", "captura",
        "captura de pantalla", "captura de tela", "figura", "immagine", "schermata",
        # Russian, Polish, Turkish
        "изображение", "картинка", "скриншот", "фото", "obraz", "zdjęcie", "obrazek", "resim",
        "görsel", "ekran görüntüsü",
        # Chinese, Japanese, Korean
        "图片", "图像", "截图", "圖片", "截圖", "画像", "写真", "スクリーンショット", "이미지",
        "사진", "스크린샷",
    }
)  # fmt: skip
_FILE_NAME = re.compile(
    r"[\w@%+~-][\w@%+~ .()-]*\.(?:png|jpe?g|gif|webp|svg|tiff?|bmp|avif|heic|ico)", re.IGNORECASE
)
_SIZE = re.compile(r"(?:.*\|)?\s*\d+(?:\s*x\s*\d+)?\s*")  # Obsidian's ![250](x), ![a|250](x)
_TRAILER = re.compile(r"[\s_\-#.:]*(?:\d[\d\s_\-.:]*(?:at|um|à|a las|às)?[\d\s_\-.:apm]*)?$")


def says_nothing(alt: str) -> bool:
    """Whether an alt text is no caption: empty, a file name or a generic word (numbered)."""
    text = " ".join(alt.split())
    if not text or _FILE_NAME.fullmatch(text) or _SIZE.fullmatch(text):
        return True
    word = _TRAILER.sub("", text.lower()).strip(" _-")
    return word in _GENERIC or word.replace("_", " ").replace("-", " ") in _GENERIC


def caption_for(alt: str, title: str | None) -> str | None:
    """The figure's caption: the title, else the alt text when it says something."""
    if title and title.strip():
        return title.strip()
    return None if says_nothing(alt) else alt.strip()
