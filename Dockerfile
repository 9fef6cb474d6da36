# medium-publish: the container GitHub runs for `uses: owner/medium-publish@v1`, and that other CI
# runs with `docker run -e MEDIUM_TOKEN -v "$PWD":/work -w /work ...`.
#
# BASE_IMAGE is a build argument so that CI without access to a public registry can build on a
# stand-in (see ../shared/ci/container-engine); GitHub and act build with the default.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

# No bytecode written at run time (nothing lands beside the code or in the workspace), logs unbuffered
# so that GitHub shows them as they come, and pip quiet about its own version and cache.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore

# git finds the changed files. The official slim images lack it; other bases may already have it.
# The workspace is mounted from the runner and owned by another user (uid 1001 on GitHub, the
# caller's uid under `docker run`): git refuses such a repository unless it is a safe.directory.
# The setting is system-wide because HOME changes (GitHub sets HOME=/github/home).
# Only git's C core is ever run here (rev-parse, fetch over https or file, diff-tree, cat-file,
# config), so what the image never uses goes: the server-side, dumb-http and mail helpers, the
# translations and docs, a second copy of the git binary, and Perl, which Debian's git package
# pulls in for scripts never called here (about 45 MB). Perl goes with --force-depends because
# apt is not used again in this image. Together this keeps the image within 60 MB of the base.
# DL3008: versions are not pinned on purpose: the base's Debian release ships security fixes only.
# hadolint ignore=DL3008
RUN if ! command -v git >/dev/null 2>&1; then \
        apt-get update \
        && apt-get install -y --no-install-recommends git \
        && apt-get clean \
        && rm -rf /var/lib/apt/lists/* \
        && dpkg --purge --force-depends git-man liberror-perl perl perl-modules-5.36 libperl5.36 \
            >/dev/null 2>&1 || true; \
        rm -rf /usr/lib/git-core/git-daemon /usr/lib/git-core/git-http-backend \
            /usr/lib/git-core/git-http-push /usr/lib/git-core/git-imap-send \
            /usr/lib/git-core/git-http-fetch /usr/lib/git-core/git-sh-i18n--envsubst \
            /usr/lib/git-core/git-shell /usr/lib/git-core/scalar /usr/bin/git-shell /usr/bin/scalar \
            /usr/share/locale/*/LC_MESSAGES/git.mo /usr/share/doc/git /usr/share/perl5/Git* \
            /usr/share/git-core/templates/hooks; \
        ln -sf /usr/bin/git /usr/lib/git-core/git; \
        git --version; \
    fi \
    && git config --system --add safe.directory '*'

# Dependencies first, in a layer of their own: read from pyproject.toml (plus the optional `webp`
# extra, when the project declares it), so a code-only change reuses this layer and rebuilds in
# seconds. Only binary wheels: no compiler is needed, none is installed.
COPY pyproject.toml /tmp/medium-publish/pyproject.toml
RUN python -c "import tomllib; p = tomllib.load(open('/tmp/medium-publish/pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p.get('optional-dependencies', {}).get('webp', [])))" \
        > /tmp/medium-publish/requirements.txt \
    && pip install --no-cache-dir --only-binary=:all: -r /tmp/medium-publish/requirements.txt \
    && rm -rf /tmp/medium-publish /root/.cache

# The code. Compiled once here: PYTHONDONTWRITEBYTECODE keeps every run from compiling it again.
COPY entrypoint.py /app/entrypoint.py
COPY medium_action/ /app/medium_action/
RUN python -m compileall -q /app

# No USER and no WORKDIR: GitHub runs the container as root with the working directory set to the
# mounted workspace (/github/workspace); the program hands what it writes back to the workspace owner.
ENTRYPOINT ["python", "/app/entrypoint.py"]
