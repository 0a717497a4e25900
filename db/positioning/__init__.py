"""How each open platform is positioned in each plan.

`gazetteer` (the reviewed list of platforms and matching their names),
`aspects` (定位 / 功能 / 任务 cues), `extract` (statements and mentions from
parsed documents, ranked), `comparison` (what the comparison view and its
exports show).
"""
from .aspects import aspect_of
from .comparison import comparison, comparison_rows, statement_citation
from .extract import extract
from .gazetteer import (Matcher, Platform, PlatformClass, class_rows, load_classes, load_gazetteer, platform_rows,
                        resolve)

__all__ = ["aspect_of", "comparison", "comparison_rows", "statement_citation", "extract", "Matcher",
           "Platform", "PlatformClass", "class_rows", "load_classes", "load_gazetteer", "platform_rows", "resolve"]
