"""Starts a Celery worker with the test figures registered (`python -m
tests.reporting.worker_with_test_figures worker ...`): the worker is a separate process and only
imports the figures an installed app registers."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings")
django.setup()

from reporting.figures import base  # noqa: E402
from tests.reporting.figures_for_tests import requests_by_channel, slow_costs  # noqa: E402
from toegang.celery import app  # noqa: E402

base._registry.clear()
base.figure("test-requests", order=1)(requests_by_channel)
base.figure("test-slow-1", order=2)(slow_costs)
base.figure("test-slow-2", order=3)(slow_costs)

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])
