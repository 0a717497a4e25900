"""Indicators and targets across plans: the cross-plan comparison of one metric
(`comparison`). A plan's rows are read and linked to the reviewed metric list at
import (db/importer/targets: `metric_list`, `linking`); the list's lookups are
re-exported here for the analysis side. No Qt, no SQL."""
from ..importer.targets.metric_list import find, metric_of, metrics, normalise

__all__ = ["find", "metric_of", "metrics", "normalise"]
