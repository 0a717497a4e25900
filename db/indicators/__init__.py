"""Indicators and targets across plans: the reviewed metric list (`terms`), linking a
plan's rows at import (`linking`), and the cross-plan comparison of one metric
(`comparison`). No Qt, no SQL."""
from .linking import link
from .terms import find, metric_of, metrics, normalise

__all__ = ["link", "find", "metric_of", "metrics", "normalise"]
