"""Issue 26 on the command line: unreviewed platforms marked and reviewed (accept,
merge, reject: user data), class statements marked and filtered, provinces, a class
and its members."""
from __future__ import annotations

import re

import csv
import io
import json
from pathlib import Path

import pytest

from tests.helpers.issue26_data import CLASS, CLASS_ALIAS, CLASS_TEXT, FOUND, FOUND_NAME, MEMBERS, give_issue26_data
from tests.helpers.support import run_cli as run

MARK = f"（适用于全部{CLASS}）"


@pytest.fixture
def data26(data_copy):
    give_issue26_data(data_copy)
    return str(data_copy)


def test_a_discovered_platform_is_compared_and_marked_unreviewed(data26, capsys):
    code, out, err = run(capsys, "compare", FOUND_NAME, "--data", data26)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first == f"{FOUND_NAME}（口岸，重庆）  【按名称形式从规划中发现，未审核】"
    assert "［" not in out and "（《重庆市开放平台协同发展规划》" in out         # its statement, cited
    c = json.loads(run(capsys, "compare", FOUND_NAME, "--json", "--data", data26)[1])
    assert (c["source"], c["reviewed"], c["province"]) == ("discovered", False, "重庆")
    code, out, _ = run(capsys, "compare", "两江新区", "--data", data26)
    assert "未审核" not in out.splitlines()[0]


def test_platforms_lists_marks_and_reviews_them(data26, capsys):
    code, out, err = run(capsys, "platforms", "--data", data26)
    assert code == 0, err
    line = next(ln for ln in out.splitlines() if FOUND_NAME in ln)
    assert "[按名称形式从规划中发现，未审核]" in line
    n = int(re.search(r"其中 (\d+) 个按名称形式从规划中发现、未审核", out).group(1))
    assert n == sum(1 for ln in out.splitlines() if "[按名称形式从规划中发现，未审核]" in ln) >= 1
    code, out, _ = run(capsys, "platforms", "--review", "--data", data26)
    assert code == 0 and f"{FOUND_NAME}  （口岸，重庆，1 个文件有表述）【未审核】" in out and "例：" in out
    assert "两江新区  （" not in out
    rows = json.loads(run(capsys, "platforms", "--review", "--json", "--data", data26)[1])
    ids = [r["id"] for r in rows]
    assert FOUND in ids and all(i.startswith("found-") for i in ids)
    assert next(r for r in rows if r["id"] == FOUND)["decision"] is None


def test_decisions_are_user_data(data26, capsys):
    from db import paths
    from db.store.userdata import decided_platforms, merged_platforms
    user = paths.user_db(Path(data26))
    code, out, err = run(capsys, "platforms", "merge", FOUND_NAME, "万州港", "--data", data26)
    assert code == 0, err
    assert f"已并入：{FOUND_NAME} → " in out and "重新建立数据" in out
    target = merged_platforms(user)[FOUND_NAME]
    code, out, _ = run(capsys, "platforms", "--review", "--data", data26)
    assert "已决定：并入已有平台（重新建立数据后生效）" in out
    assert run(capsys, "platforms", "accept", FOUND_NAME, "--data", data26)[0] == 0
    assert decided_platforms(user) == {FOUND_NAME: "accepted"} and merged_platforms(user) == {}
    assert run(capsys, "platforms", "reject", FOUND_NAME, "--data", data26)[0] == 0
    assert decided_platforms(user) == {FOUND_NAME: "ignored"}
    # what can't be decided says why, and records nothing
    code, _, err = run(capsys, "platforms", "reject", "两江新区", "--data", data26)
    assert code == 1 and "不是待审核的平台" in err
    code, _, err = run(capsys, "platforms", "merge", FOUND_NAME, "没有这个平台", "--data", data26)
    assert code == 1 and "无法并入" in err
    code, _, err = run(capsys, "platforms", "merge", FOUND_NAME, "--data", data26)
    assert code == 2 and "merge NAME TARGET" in err
    assert decided_platforms(user) == {FOUND_NAME: "ignored"} and target


def test_class_statements_are_marked_and_can_be_left_out(data26, capsys, tmp_path):
    code, out, err = run(capsys, "compare", "重庆经开区", "--data", data26)
    assert code == 0, err
    assert f"{CLASS_TEXT}{MARK}  （《" in out
    assert f"类别：{CLASS}、国家级开发区、园区平台" in out
    code, out, _ = run(capsys, "compare", "重庆经开区", "--no-class", "--data", data26)
    assert CLASS_TEXT not in out
    c = json.loads(run(capsys, "compare", "重庆经开区", "--json", "--data", data26)[1])
    xs = [x for d in c["documents"] for x in d["positionings"] if x["via_class"]]
    assert (CLASS_TEXT, CLASS) in [(x["text"], x["via_class"]) for x in xs]
    assert not any("适用于全部" in x["text"] for x in xs)             # the words as the plan has them
    f = tmp_path / "c.csv"
    assert run(capsys, "compare", "重庆经开区", "--export", str(f), "--data", data26)[0] == 0
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))))
    hit = [r for r in rows if r[5].startswith(CLASS_TEXT)]
    assert hit and hit[0][5] == CLASS_TEXT + MARK and hit[0][8:] == ["已审核", "重庆", CLASS]
    assert run(capsys, "compare", "重庆经开区", "--no-class", "--export", str(f), "--force", "--data", data26)[0] == 0
    assert CLASS_TEXT not in f.read_text(encoding="utf-8-sig")


def test_a_class_and_its_members(data26, built_store, capsys):
    from db import paths
    from db.store import Store
    with Store(paths.plans_db(Path(data26))) as st:
        names = [p["name"] for p in st.class_members(CLASS)]
    assert len(names) >= len(MEMBERS)
    code, out, err = run(capsys, "compare", CLASS, "--data", data26)          # no --members: a hint
    assert code == 0, err
    assert len(out.splitlines()) == 1 and out.startswith(f"{CLASS}（又称{CLASS_ALIAS}")
    assert "、".join(names) in out and f"plandesk compare {CLASS} --members" in out
    code, out, err = run(capsys, "compare", CLASS_ALIAS, "--members", "--data", data26)      # by an alias
    assert code == 0, err
    assert out.startswith(f"{CLASS}（又称") and f"共 {len(names)} 个平台" in out
    for k, n in enumerate(names, start=1):
        assert f"\n{k}. {n}（" in out
    assert out.count(f"{CLASS_TEXT}{MARK}") == len(MEMBERS)
    assert out.count(MARK) >= len(MEMBERS)
    assert "标有“（适用于全部…）”的" in out
    code, out, _ = run(capsys, "compare", CLASS, "--members", "--no-class", "--data", data26)
    assert CLASS_TEXT not in out
    j = json.loads(run(capsys, "compare", CLASS, "--members", "--json", "--data", data26)[1])
    assert j["class"] == CLASS and [m["platform"] for m in j["members"]] == names
    code, _, err = run(capsys, "compare", "两江新区", "--members", "--data", data26)
    assert code == 1 and "not a class" in err


def test_platforms_by_province(data26, capsys):
    from db import paths
    from db.store import Store
    with Store(paths.plans_db(Path(data26))) as st:
        want = {p["id"] for p in st.platforms() if p["province"] == "四川"}
        assert st.platforms("四川") == [p for p in st.platforms() if p["province"] == "四川"]
    rows = json.loads(run(capsys, "platforms", "--province", "四川", "--json", "--data", data26)[1])
    assert {r["id"] for r in rows} == want and all(r["province"] == "四川" for r in rows)
    code, out, _ = run(capsys, "platforms", "--province", "重庆", "--data", data26)
    assert FOUND_NAME in out and "四川天府新区" not in out
