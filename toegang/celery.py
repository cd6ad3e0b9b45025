"""Celery application. Tasks are thin adapters over services; schedules live in settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings")

app = Celery("toegang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
