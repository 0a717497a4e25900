"""Which aspect a statement speaks to: 定位 (role), 功能 (functions, industries),
任务 (tasks) or 成效 (achievements, figures of the past, problems). The cue
words are reviewed data: resources/positioning_cues.toml."""
from __future__ import annotations

import re

from .cues import cues
from .gazetteer import Matcher, default_matcher

ASPECTS = ("定位", "功能", "任务", "成效")
_YEAR = re.compile(r"(?<![到至])((?:19|20)\d\d)\s*年")


def is_result(text: str, plan_start: int | None = None) -> bool:
    """An achievement, a figure of the past or a problem, not something to be done:
    a 成效 cue (or a year before the plan's period) and no word about the future."""
    c = cues()
    if c.future.search(text):
        return False
    if c.results.search(text) or c.past_period.search(text):
        return True
    return bool(plan_start and any(int(y) < plan_start for y in _YEAR.findall(text)))


def aspect_of(text: str, matcher: Matcher | None = None, plan_start: int | None = None,
              results: bool = True) -> str:
    """定位 / 功能 / 任务 / 成效 by cue words (成效 only when `results`: not in a plan's
    定位/目标 sections); platform names are masked first, so the 试验区 of
    重庆自贸试验区 is not read as a role."""
    text = (matcher or default_matcher()).mask(text)
    if results and is_result(text, plan_start):
        return "成效"
    c = cues()
    if c.ding.search(text):
        return "定位"
    if c.gong.search(text):
        return "功能"
    return "任务"


def is_boilerplate(text: str) -> bool:
    """The plan's formulae (指导思想, 为…制定本规划, 责任单位, a table's caption): never a statement."""
    return bool(cues().boilerplate.search(text))
