"""Checks of request bodies, as Medium makes them: posts, image uploads, token refreshes.

The checks take the headers (names title-cased) and the body, return what the sandbox keeps, and
raise ``ApiError`` with Medium's status and code. ``Sandbox`` checks the token first.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs

from medium_action.sandbox.answer import ApiError
from medium_action.sandbox.world import (
    CONTENT_FORMATS,
    E_APP_NOT_FOUND,
    E_BAD_BODY,
    E_CONTENT,
    E_CONTENT_FORMAT,
    E_IMAGE_FIELD,
    E_IMAGE_TYPE,
    E_LICENSE,
    E_MULTIPART,
    E_PUBLISH_STATUS,
    E_TITLE,
    E_TOKEN_INVALID,
    E_TOKEN_REQUEST,
    E_UNEXPECTED,
    IMAGE_TYPES,
    LICENSES,
    PUBLISH_STATUSES,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
)

_POST_FIELDS = {
    "title",
    "contentFormat",
    "content",
    "tags",
    "canonicalUrl",
    "publishStatus",
    "license",
    "notifyFollowers",
}


def validate_post(headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """The JSON body of a post creation, checked as Medium checks it; raises ApiError (400)."""
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(400, "Posts must be sent as application/json.", E_BAD_BODY)
    try:
        sent = json.loads(body)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.", E_BAD_BODY) from None
    if not isinstance(sent, dict):
        raise ApiError(400, "The request body must be a JSON object.", E_BAD_BODY)
    unexpected = sorted(set(sent) - _POST_FIELDS)
    if unexpected:
        raise ApiError(400, f"Unexpected fields specified: {', '.join(unexpected)}.", E_UNEXPECTED)
    title = sent.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ApiError(400, "Missing or invalid field: title (a non-empty string).", E_TITLE)
    content = sent.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ApiError(400, "Missing or invalid field: content (a non-empty string).", E_CONTENT)
    if sent.get("contentFormat") not in CONTENT_FORMATS:
        message = "Invalid field: contentFormat must be 'html' or 'markdown'."
        raise ApiError(400, message, E_CONTENT_FORMAT)
    tags = sent.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        message = "Unexpected fields specified: tags must be a list of strings."
        raise ApiError(400, message, E_UNEXPECTED)
    if "canonicalUrl" in sent and not isinstance(sent["canonicalUrl"], str):
        raise ApiError(400, "Invalid field: canonicalUrl must be a string.", E_UNEXPECTED)
    if "notifyFollowers" in sent and not isinstance(sent["notifyFollowers"], bool):
        raise ApiError(400, "Invalid field: notifyFollowers must be true or false.", E_UNEXPECTED)
    if sent.get("publishStatus", "public") not in PUBLISH_STATUSES:
        message = "Invalid field: publishStatus must be one of public, draft, unlisted."
        raise ApiError(400, message, E_PUBLISH_STATUS)
    if sent.get("license", "all-rights-reserved") not in LICENSES:
        message = f"Invalid field: license must be one of {', '.join(LICENSES)}."
        raise ApiError(400, message, E_LICENSE)
    return sent


@dataclass
class Upload:
    """One checked image upload."""

    content_type: str
    data: bytes
    filename: str | None


def validate_image(headers: Mapping[str, str], body: bytes) -> Upload:
    """The one image of a multipart upload, of a type Medium takes; raises ApiError (400)."""
    parts = parse_multipart(headers.get("Content-Type", ""), body)
    images = [part for name, part in parts if name == "image"]
    if not images:
        raise ApiError(400, "The image must be sent in a form field named 'image'.", E_IMAGE_FIELD)
    if len(parts) != 1:
        raise ApiError(400, "Only one image may be sent per request.", E_IMAGE_FIELD)
    part = images[0]
    content_type = part.get_content_type()
    if content_type not in IMAGE_TYPES:
        supported = ", ".join(IMAGE_TYPES)
        message = f"Unsupported image type {content_type}; send one of {supported}."
        raise ApiError(400, message, E_IMAGE_TYPE)
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes) or not data:
        raise ApiError(400, "The image is empty.", E_IMAGE_FIELD)
    return Upload(content_type, data, part.get_filename())


def parse_multipart(content_type: str, body: bytes) -> list[tuple[str | None, EmailMessage]]:
    """The parts of a multipart/form-data body, each with its field name."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise ApiError(400, "Images must be sent as multipart/form-data.", E_MULTIPART)
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart() or message.defects:
        raise ApiError(400, "The multipart body could not be parsed.", E_MULTIPART)
    parts: list[tuple[str | None, EmailMessage]] = []
    for part in message.iter_parts():
        if not isinstance(part, EmailMessage):
            raise ApiError(400, "The multipart body could not be parsed.", E_MULTIPART)
        name = part.get_param("name", header="content-disposition")
        parts.append((name if isinstance(name, str) else None, part))
    return parts


def check_refresh_request(headers: Mapping[str, str], body: bytes) -> None:
    """A form-encoded refresh with the sandbox's client and refresh token; raises ApiError."""
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        message = "Token requests must be form-encoded (application/x-www-form-urlencoded)."
        raise ApiError(400, message, E_TOKEN_REQUEST)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    if form.get("grant_type") != "refresh_token":
        message = "The sandbox supports grant_type=refresh_token only."
        raise ApiError(400, message, E_TOKEN_REQUEST)
    for name in ("refresh_token", "client_id", "client_secret"):
        if not form.get(name):
            raise ApiError(400, f"Missing required parameter: {name}.", E_TOKEN_REQUEST)
    if form["client_id"] != SANDBOX_CLIENT_ID or not secrets.compare_digest(
        form["client_secret"], SANDBOX_CLIENT_SECRET
    ):
        raise ApiError(401, "Application not found or client secret wrong.", E_APP_NOT_FOUND)
    if not secrets.compare_digest(form["refresh_token"], SANDBOX_REFRESH_TOKEN):
        raise ApiError(401, "Token was invalid.", E_TOKEN_INVALID)
