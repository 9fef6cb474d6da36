"""The Medium sandbox's default world: users, tokens, publications, accepted values, error codes.

Data only; ``sandbox_state.Sandbox`` answers requests from it.

- One user, ``DEFAULT_USER_ID`` (username ``sandbox-writer``, name "Sandbox Writer",
  url ``<sandbox>/@sandbox-writer``: the user's, publications' and posts' URLs are on the sandbox
  itself, never on medium.com, where they would be a 404 or a stranger's page). Tokens:

  ===========================  ==================================================================
  ``DEFAULT_TOKEN``            basicProfile, publishPost, uploadImage: everything works
  ``NO_PUBLISH_SCOPE_TOKEN``   basicProfile only: ``/me`` works; posts and images 401 code 6002
  ``INTEGRATION_TOKEN``        basicProfile and publishPost, as Medium's self-issued integration
                               tokens: posts work, images 401 code 6002 (uploadImage is extended)
  ``REVOKED_TOKEN``            401 code 6003 "Token was revoked."
  any other token              401 code 6001 "Token was invalid."
  no Authorization header      401 code 6000
  ===========================  ==================================================================

- Publications listed by ``GET /v1/users/{DEFAULT_USER_ID}/publications``, in this order:
  "Sandbox Gazette" (``GAZETTE_PUBLICATION_ID``, the user is its editor: any publishStatus),
  "Writers Weekly" (``WEEKLY_PUBLICATION_ID``, the user is a writer: drafts only, else 403), and
  "Foreign Affairs" (``FOREIGN_PUBLICATION_ID``, only followed, as Medium lists those too: posting
  there is 403 "You are not allowed to publish in this publication"). ``OTHER_USER_ID`` is the
  editor of Writers Weekly and Foreign Affairs; creating a post as that user is 403.
- OAuth refresh: ``POST /v1/tokens``, form-encoded, ``grant_type=refresh_token`` with
  ``SANDBOX_REFRESH_TOKEN``, ``SANDBOX_CLIENT_ID`` and ``SANDBOX_CLIENT_SECRET`` gives (201) a new
  access token for the default user with the same scopes as ``DEFAULT_TOKEN``; ``expires_at`` is in
  milliseconds, 60 days ahead. A JSON body is 400; a wrong client id/secret 401 code 6005; a wrong
  refresh token 401 code 6001.

Errors are ``{"errors": [{"message": ..., "code": ...}]}``. Codes Medium is known to use: 6000-6005,
2002 (content missing), 2003 (bad contentFormat). The others are the sandbox's own choice, listed in
the ``E_*`` constants below. Tags: Medium keeps the first three and then drops any longer than 25
characters; a title over 100 characters is ignored and one is made from the content instead.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TOKEN = "2b3f0c5a5d1e4b7f9a6c8d0e1f2a3b4c5"  # noqa: S105 (a public sandbox value)
"""The default user's integration token (33 hex digits, like Medium's); all scopes."""
NO_PUBLISH_SCOPE_TOKEN = "2c0ffee0c0ffee0c0ffee0c0ffee0c0ff"  # noqa: S105 (a public sandbox value)
"""A token of the default user with only basicProfile: /me works, posts and images do not."""
INTEGRATION_TOKEN = "2a11ed0a11ed0a11ed0a11ed0a11ed0a1"  # noqa: S105 (a public sandbox value)
"""Scopes of a self-issued integration token: posts work, image uploads are refused."""
REVOKED_TOKEN = "2dead0dead0dead0dead0dead0dead0de"  # noqa: S105 (a public sandbox value)
"""A token the user revoked: every request is 401 code 6003."""
SANDBOX_CLIENT_ID = "5a1d0c11e0715a1d"
SANDBOX_CLIENT_SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e7"  # noqa: S105 (a public sandbox value)
SANDBOX_REFRESH_TOKEN = "2fe5e5fe5e5fe5e5fe5e5fe5e5fe5e5fe"  # noqa: S105 (a public sandbox value)

DEFAULT_USER_ID = "1d5a7b9c3e2f40618293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a"
OTHER_USER_ID = "1e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"
GAZETTE_PUBLICATION_ID = "5a9d0b0c7a11"
WEEKLY_PUBLICATION_ID = "7e3e1f0a2b4c"
FOREIGN_PUBLICATION_ID = "f0e1d2c3b4a5"

DEFAULT_USER: dict[str, str] = {
    "id": DEFAULT_USER_ID,
    "username": "sandbox-writer",
    "name": "Sandbox Writer",
    "url": "/@sandbox-writer",  # on the sandbox: Sandbox.site_url + this
    "imageUrl": "https://cdn-images-1.medium.com/fit/c/400/400/1*sandbox-writer.png",
}
FULL_SCOPES = ("basicProfile", "publishPost", "uploadImage")
PUBLICATIONS: tuple[dict[str, str], ...] = (
    {
        "id": GAZETTE_PUBLICATION_ID,
        "name": "Sandbox Gazette",
        "description": "News from the sandbox, edited by the sandbox writer",
        "url": "/sandbox-gazette",
        "imageUrl": "https://cdn-images-1.medium.com/fit/c/200/200/1*sandbox-gazette.png",
    },
    {
        "id": WEEKLY_PUBLICATION_ID,
        "name": "Writers Weekly",
        "description": "Where the sandbox writer may only submit drafts",
        "url": "/writers-weekly",
        "imageUrl": "https://cdn-images-1.medium.com/fit/c/200/200/1*writers-weekly.png",
    },
    {
        "id": FOREIGN_PUBLICATION_ID,
        "name": "Foreign Affairs",
        "description": "Followed by the sandbox writer, who may not publish in it",
        "url": "/foreign-affairs-sandbox",
        "imageUrl": "https://cdn-images-1.medium.com/fit/c/200/200/1*foreign-affairs.png",
    },
)


@dataclass(frozen=True)
class Grant:
    """Whom a token acts for, with which scopes."""

    user_id: str
    scopes: tuple[str, ...]


# The fixed tokens; REVOKED_TOKEN is refused before this table is read.
GRANTS = {
    DEFAULT_TOKEN: Grant(DEFAULT_USER_ID, FULL_SCOPES),
    NO_PUBLISH_SCOPE_TOKEN: Grant(DEFAULT_USER_ID, ("basicProfile",)),
    INTEGRATION_TOKEN: Grant(DEFAULT_USER_ID, ("basicProfile", "publishPost")),
}
# Who may post where: an editor with any publishStatus, a writer drafts only, others not at all.
ROLES: dict[str, dict[str, str]] = {
    GAZETTE_PUBLICATION_ID: {DEFAULT_USER_ID: "editor"},
    WEEKLY_PUBLICATION_ID: {OTHER_USER_ID: "editor", DEFAULT_USER_ID: "writer"},
    FOREIGN_PUBLICATION_ID: {OTHER_USER_ID: "editor"},
}

LICENSES = (
    "all-rights-reserved",
    "cc-40-by",
    "cc-40-by-sa",
    "cc-40-by-nd",
    "cc-40-by-nc",
    "cc-40-by-nc-nd",
    "cc-40-by-nc-sa",
    "cc-40-zero",
    "public-domain",
)
PUBLISH_STATUSES = ("public", "draft", "unlisted")
CONTENT_FORMATS = ("html", "markdown")
IMAGE_TYPES = {"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/tiff": "tiff"}

# Error codes: Medium's where known, the sandbox's own otherwise.
E_TOKEN_MISSING, E_TOKEN_INVALID, E_SCOPE, E_TOKEN_REVOKED = 6000, 6001, 6002, 6003
E_USER_NOT_FOUND, E_APP_NOT_FOUND = 6004, 6005
E_BAD_BODY, E_TITLE, E_CONTENT, E_CONTENT_FORMAT, E_UNEXPECTED = 2000, 2001, 2002, 2003, 2004
E_PUBLISH_STATUS, E_LICENSE = 2005, 2006
E_NOT_CONTRIBUTOR, E_WRITER_DRAFTS_ONLY, E_OTHER_AUTHOR = 2010, 2011, 2012
E_PUBLICATION_NOT_FOUND = 2013
E_IMAGE_FIELD, E_IMAGE_TYPE, E_MULTIPART = 2020, 2021, 2022
E_TOKEN_REQUEST = 2030
E_NOT_FOUND = 1000

# What ``GET /`` lists: every route, one line each.
ROUTES: tuple[tuple[str, str], ...] = (
    ("GET /v1/me", "the token's user (sandbox-writer)"),
    ("GET /v1/users/{userId}/publications", "the user's publications"),
    ("GET /v1/publications/{publicationId}/contributors", "who may post in a publication"),
    ("POST /v1/users/{authorId}/posts", "create a post (JSON)"),
    ("POST /v1/publications/{publicationId}/posts", "create a post in a publication"),
    ("POST /v1/images", "upload one image (multipart field 'image')"),
    ("POST /v1/tokens", "refresh an access token (form-encoded)"),
    ("GET /@sandbox-writer/{slug}-{id}", "a post's reading page, laid out like Medium's"),
    ("GET /images/{md5}.{ext}", "an uploaded image"),
    ("GET /_sandbox/posts", "created posts as JSON"),
    ("GET /_sandbox/images", "uploaded images as JSON"),
    ("GET /_sandbox/requests", "API requests answered: method, path, status"),
    ("POST /_sandbox/faults", "queue faults for a route (JSON; see the README)"),
    ("POST /_sandbox/reset", "forget posts, images, requests and faults"),
)
