"""The council report's figures. Each figure is one function registered with `@figure`; the
report engine runs every registered figure for a scope and stores the result as a snapshot.
Adding a figure is one small function here (or in another app's `report_figures` module, which
the engine imports at start-up)."""

from . import cases, decisions, referrals, requests, scores  # noqa: F401  (registers the figures)
from .base import AddsUp, Cell, Chart, RefSum, Scope, Section, Table, figure, registered_figures

__all__ = ["AddsUp", "Cell", "Chart", "RefSum", "Scope", "Section", "Table", "figure", "registered_figures"]
