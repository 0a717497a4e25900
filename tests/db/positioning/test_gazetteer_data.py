"""The reviewed gazetteer's data (resources/platforms.toml) read as data, without a build:
every platform has a province, classes are defined and acyclic, class names are not
platform names, and every platform of the hand-checked keys of 002 and 003 resolves,
with the keys' class members in their class and planned members not."""
from __future__ import annotations

import json
import tomllib

import pytest

from tests.helpers import support
from db.positioning.gazetteer import PlatformClass, class_chain
from tests.helpers.positioning_key import norm

ROOT = support.REPO
KEYS = [ROOT / "tests" / "keys" / "positioning_inland_2021.json",
        ROOT / "tests" / "keys" / "positioning_chengyu_2022.json"]
REQUIRED = {"战略平台": None, "园区平台": None, "国家级开发区": "园区平台", "国家级经开区": "国家级开发区",
            "国家级高新区": "国家级开发区", "国家级新区": None, "自由贸易试验区": None, "功能平台": None,
            "海关特殊监管区域": "功能平台", "综合保税区": "海关特殊监管区域", "保税物流中心": "功能平台",
            "口岸": "功能平台", "活动平台": None, "国家物流枢纽": None, "国际合作园区": None}


@pytest.fixture(scope="module")
def data():
    return tomllib.loads((ROOT / "resources" / "platforms.toml").read_text(encoding="utf-8"))


def names(p: dict) -> list[str]:
    return [p["name"]] + p.get("aliases", []) + p.get("formerly", []) + p.get("later", [])


def chain(direct: list[str], up: dict[str, str | None]) -> list[str]:
    """The gazetteer's own reading of a class chain, on the data as written."""
    return class_chain(direct, [PlatformClass(name=k, part_of=v) for k, v in up.items()])


def test_every_platform_has_a_province(data):
    missing = [p["id"] for p in data["platform"] if not p.get("province")]
    assert not missing
    odd = {p["id"]: p["province"] for p in data["platform"] if p["province"] not in ("重庆", "四川", "川渝")}
    assert not odd      # another place is allowed by the format; none of the plans' platforms needs one yet


def test_ids_unique_and_parts_exist(data):
    ids = [p["id"] for p in data["platform"]]
    assert len(ids) == len(set(ids))
    assert not [p["id"] for p in data["platform"] if p.get("part_of") and p["part_of"] not in ids]


def test_no_name_belongs_to_two_platforms(data):
    seen: dict[str, str] = {}
    clash = []
    for p in data["platform"]:
        for n in names(p):
            if seen.setdefault(norm(n), p["id"]) != p["id"]:
                clash.append((n, seen[norm(n)], p["id"]))
    assert not clash


def test_classes_defined_unique_and_acyclic(data):
    classes = data["class"]
    cnames = [c["name"] for c in classes]
    assert len(cnames) == len(set(cnames))
    up = {c["name"]: c.get("part_of") for c in classes}
    assert not [c for c, parent in up.items() if parent and parent not in up]
    for c in up:
        seen, x = set(), c
        while x:
            assert x not in seen, f"cycle through {c}"
            seen.add(x)
            x = up.get(x)
    for name, parent in REQUIRED.items():
        assert name in up, name
        assert up[name] == parent, (name, up[name], parent)
    undefined = {(p["id"], c) for p in data["platform"] for c in p.get("classes", []) if c not in up}
    assert not undefined


def test_class_names_are_no_platform_names(data):
    """Names and aliases of classes against platforms' names, aliases, former and later
    names. (`home` names are contextual short names: 自由贸易试验区 is the FTZ's in its
    own plan and the class elsewhere.)"""
    pnames = {norm(n) for p in data["platform"] for n in names(p)}
    both = [n for c in data["class"] for n in [c["name"]] + c.get("aliases", []) if norm(n) in pnames]
    assert not both


@pytest.mark.parametrize("key_path", KEYS, ids=lambda k: k.stem)
def test_every_key_platform_resolves(data, key_path):
    key = json.loads(key_path.read_text(encoding="utf-8"))
    gaz = {norm(n): p["id"] for p in data["platform"] for n in names(p)}
    unresolved = [k["platform"] for k in key["platforms"]
                  if not any(norm(n) in gaz for n in [k["platform"]] + k.get("as_written", []))]
    assert not unresolved


@pytest.mark.parametrize("key_path", KEYS, ids=lambda k: k.stem)
def test_key_classes_members_and_planned(data, key_path):
    """The members a key enumerates for a class are in it (directly or via part_of);
    the zones it calls planned are not."""
    key = json.loads(key_path.read_text(encoding="utf-8"))
    up = {c["name"]: c.get("part_of") for c in data["class"]}
    by_name = {norm(n): p for p in data["platform"] for n in names(p)}
    wrong = []
    for cname, c in key["classes"].items():
        if cname not in up:
            continue
        for members in c.get("members", {}).values():
            for m in members:
                if cname not in chain(by_name[norm(m)].get("classes", []), up):
                    wrong.append(("not in", cname, m))
        for planned in (c.get("planned") or {}).values():
            for m in planned:
                if cname in chain(by_name[norm(m)].get("classes", []), up):
                    wrong.append(("planned but in", cname, m))
    assert not wrong


def test_key_provinces(data):
    """The keys' province (川渝共建 = 川渝) where the two keys agree on the platform's; where
    they differ (002's 中德国际合作产业园 is 两江新区's, 003's 中德…国际合作园区 joint) the
    entry is one of the two."""
    by_name = {norm(n): p for p in data["platform"] for n in names(p)}
    said: dict[str, set[str]] = {}
    for kp in KEYS:
        for k in json.loads(kp.read_text(encoding="utf-8"))["platforms"]:
            pid = next(by_name[norm(n)]["id"] for n in [k["platform"]] + k.get("as_written", [])
                       if norm(n) in by_name)
            if k.get("province"):
                said.setdefault(pid, set()).add(k["province"].replace("川渝共建", "川渝"))
    province = {p["id"]: p["province"] for p in data["platform"]}
    wrong = [(pid, ps, province[pid]) for pid, ps in said.items() if province[pid] not in ps]
    assert not wrong
