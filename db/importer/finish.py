"""The last step of every parse: section paths and seq numbers, line ends, and
the quantified targets stated in running text and in list boxes."""
from __future__ import annotations

from .model import ParsedDoc, Section
from .targets import prose_targets
from .targets.linking import link


def finish(doc: ParsedDoc, last_line: int, keep_paths: bool = False) -> None:
    """Paths, seq numbers, line ends, prose targets."""
    if not keep_paths:
        _number_sections(doc.sections, last_line)
    for k, b in enumerate(doc.boxes):
        b.seq = k
    doc.indicators.extend(prose_targets(doc))
    link(doc)


def _number_sections(secs: list[Section], last_line: int) -> None:
    """seq, path (a repeated heading's path gets ~2), and the line each section ends on."""
    seen: dict[str, int] = {}
    for k, s in enumerate(secs):
        s.seq = k
        path = (s.parent.path + "/" if s.parent else "") + s.label
        if path in seen:
            seen[path] += 1
            path = f"{path}~{seen[path]}"
        else:
            seen[path] = 1
        s.path = path
        if not s.line_end:
            s.line_end = (secs[k + 1].line_start - 1) if k + 1 < len(secs) else last_line
            s.line_end = max(s.line_end, s.line_start)
