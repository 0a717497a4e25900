"""Which aspect a statement speaks to: 定位 (role), 功能 (functions, industries), 任务 (tasks)."""
from __future__ import annotations

import re

from .gazetteer import Matcher, default_matcher

_ROLE = (r"(中心|高地|枢纽|基地|示范区|试验区|先行区|先导区|窗口|门户|引擎|主战场|承载区|核心区|标杆|增长极|"
         r"策源地|新城|样板|试验田|支点|集聚区|引领区|功能区|桥头堡|载体|排头兵|制高点|新支撑)")
PARTNER = re.compile(r"((?<!参)与|(?<![协共认])同|联合|携手|对接|依托|借助|学习|借鉴)[^，。；：]{0,6}$")
ASPECT_DING = re.compile(
    r"(定位|打造成为|建设成为|建成为|成为.{0,40}" + _ROLE + r"|打造.{0,40}" + _ROLE + r"|建成.{0,40}" + _ROLE +
    r"|建设.{0,30}" + _ROLE + r"|形成.{0,40}" + _ROLE + r"|以.{2,40}为(核心|主体|重点)?载体|" + _ROLE + r"[。；]?$)")
ASPECT_GONG = re.compile(r"(核心功能|功能|重点发展|集聚发展|大力发展|产业定位|主导产业|产业集群|产业链|产业体系)")
ACTION = re.compile(r"(推进|推动|加快|建设|支持|实施|完善|探索|深化|争取|开展|提升|强化|优化|培育|引进|打造|布局|设立|创建|发展)")
HOME_SECTIONS = re.compile(r"(定位|目标|总体要求|指导思想)")


def aspect_of(text: str, matcher: Matcher | None = None) -> str:
    """定位 / 功能 / 任务 by cue words; platform names are masked first, so the
    试验区 of 重庆自贸试验区 is not read as a role."""
    text = (matcher or default_matcher()).mask(text)
    if ASPECT_DING.search(text):
        return "定位"
    if ASPECT_GONG.search(text):
        return "功能"
    return "任务"
