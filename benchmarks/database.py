"""The benchmark database: which one, whether its seed can be reused, and a fresh one when not.

Runs before Django is set up (it may drop and create the database Django is about to use), so
it talks to PostgreSQL with psycopg directly.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/toegang_bench"
# Bumped when the seeder changes what it writes, so an old seed is not measured as a new one.
SEED_VERSION = "3"


def base_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def url_for(residents: int, *, full_scale: int) -> str:
    """The full scale uses the base URL; a smaller scale its own database beside it (_10k)."""
    url = base_url()
    if residents == full_scale:
        return url
    parts = urlsplit(url)
    suffix = f"_{residents // 1000}k" if residents >= 1000 else f"_{residents}"
    name = parts.path.lstrip("/") + suffix
    return urlunsplit(parts._replace(path="/" + name))


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def seeded_scale(url: str) -> int | None:
    """The residents of the seed recorded in the database's marker, or None (no database, no
    marker, or a seed by another seeder version)."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT residents FROM bench_seed_marker WHERE seed_version = %s", [SEED_VERSION]).fetchone()
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return None
    return row[0] if row else None


def recreate(url: str) -> None:
    name = _name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def mark_seeded(url: str, residents: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_seed_marker "
                     "(residents integer NOT NULL, seed_version text NOT NULL, seeded_at timestamptz DEFAULT now())")
        conn.execute("DELETE FROM bench_seed_marker")
        conn.execute("INSERT INTO bench_seed_marker (residents, seed_version) VALUES (%s, %s)",
                     [residents, SEED_VERSION])


def server_version(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]
