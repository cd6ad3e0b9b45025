"""A real Celery worker process on the real Redis broker for tests whose behaviour depends on it
(not eager mode). The worker is a separate process with its own database connection, so those
tests commit their data (transaction=True) and the worker is pointed at the test database."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

from toegang.celery import app

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def celery_worker(log_path: Path, *, name: str, module: list[str] | None = None,
                  env: dict[str, str] | None = None, start_within: float = 60) -> Iterator[subprocess.Popen]:
    """Start `python -m <module> worker` (default: the project's Celery app), wait until it
    answers a ping, and stop it afterwards. `name` keeps parallel test runs apart."""
    settings = connection.settings_dict
    database_url = (f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
                    f"/{settings['NAME']}")
    hostname = f"{name}-{os.getpid()}"
    app.control.purge()
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
            [sys.executable, "-m", *(module or ["celery", "-A", "toegang"]), "worker", "--pool=solo",
             "--loglevel=INFO", f"--hostname={hostname}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, **(env or {})},
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + start_within
        while time.monotonic() < deadline and process.poll() is None:
            if app.control.ping(destination=[f"{hostname}@{os.uname().nodename}"], timeout=1):
                break
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
