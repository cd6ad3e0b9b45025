from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and benchmarks: one fictional municipality."""

    name = "demo"
