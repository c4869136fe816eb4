# Cohort's container image. Build:   docker build -t cohort .
# Another base (same Python in both stages): docker build --build-arg BASE_IMAGE=python:3.13-slim-bookworm .
# The guide (docs/deploy.md) covers compose, volumes, upgrades and backups.

ARG BASE_IMAGE=python:3.12-slim-bookworm

# --- builder: a virtual environment with Cohort and its dependencies -------------------------
FROM ${BASE_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# `python3` exists on every Debian-based Python image (official ones at /usr/local/bin, Debian's
# own at /usr/bin); the venv points at that interpreter, which the final stage has at the same
# path because both stages start from BASE_IMAGE. Every dependency ships wheels, so no compiler
# is needed here either.
RUN python3 -m venv /opt/cohort

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY commands ./commands
COPY scheduler ./scheduler
# pip also byte-compiles everything here: the final stage's user cannot write into /opt/cohort.
RUN /opt/cohort/bin/pip install .

# --- final: the venv, a non-root user and a data volume; nothing else ------------------------
FROM ${BASE_IMAGE}

RUN groupadd --gid 10001 cohort \
    && useradd --uid 10001 --gid cohort --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin cohort \
    && mkdir -p /data \
    && chown cohort:cohort /data

COPY --from=builder /opt/cohort /opt/cohort

# Defaults a deployment may override (compose sets COHORT_DATABASE_URL to PostgreSQL).
# PATH is spelled out: a base image need not set one.
# SQLite lives in the /data volume; the HTTP server (/healthz, /metrics) listens on every
# interface of the container so the health check, Prometheus and the host can reach it.
ENV PATH=/opt/cohort/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    COHORT_DATABASE_URL=sqlite+aiosqlite:////data/cohort.db \
    COHORT_HTTP_HOST=0.0.0.0 \
    COHORT_HTTP_PORT=8080

# The working directory is the volume too, so a relative SQLite URL (`sqlite+aiosqlite:///cohort.db`,
# as in .env.example) also lands in /data.
WORKDIR /data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8080

# 200 once every platform is connected; a 503 or no answer makes urlopen raise (exit 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % (os.environ.get('COHORT_HTTP_PORT') or '8080'), timeout=4)"

# `cohort run` applies pending migrations, then connects every configured platform.
# Other commands: docker run --rm IMAGE check | db upgrade | slack manifest | --version
ENTRYPOINT ["cohort"]
CMD ["run"]
