import importlib
import pkgutil

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        """Register every figure before the first report runs: the figure modules of this app and
        the `report_figures` module of every installed app register themselves on import."""
        from . import figures

        for module in pkgutil.iter_modules(figures.__path__):
            importlib.import_module(f"{figures.__name__}.{module.name}")
        autodiscover_modules("report_figures")
