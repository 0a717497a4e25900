"""plandesk refs DOC [--cited-by] [--json]: what a plan cites, the ones not in the
library listed as 未收录; the plans citing it."""
from __future__ import annotations

import json

from tests.helpers.support import run_cli as run


def test_refs_lists_the_unresolved_as_not_in_the_library(data, capsys):
    code, out, err = run(capsys, "--data", data, "refs", "chengyu-2022")
    assert code == 0 and not err
    head, *rest = out.splitlines()
    assert "（chengyu-2022）引用的文件：4 项，已收录 0 项，未收录 4 项" in head
    text = "\n".join(rest)
    assert "未收录：" in text and "《成渝地区双城经济圈建设规划纲要》  规划方案  1处：导言（第28行）" in text
    assert "《区域全面经济伙伴关系协定》（RCEP）  协定协议" in text
    assert "本规划自身的标题（不计为引用）：\n  《成渝地区联手打造内陆开放高地方案》" in text


def test_refs_json(data, capsys):
    code, out, _ = run(capsys, "--data", data, "refs", "ftz-2022", "--json")
    refs = json.loads(out)
    assert code == 0 and len(refs) == 5
    fta = next(e for e in refs if e["quote"] == "中国（重庆）自由贸易试验区总体方案")
    assert fta["doc_number"] == "国发〔2017〕19号" and fta["resolved"] is None and fta["kind"] == "plan"
    assert [e["resolved"] for e in refs if e["self"]] == ["ftz-2022"]


def test_cited_by_and_an_unknown_plan(data, capsys):
    code, out, _ = run(capsys, "--data", data, "refs", "inland-opening-2021", "--cited-by")
    assert code == 0 and "库中没有其他规划引用它" in out
    code, _, err = run(capsys, "--data", data, "refs", "no-such-plan")
    assert code == 1 and "no plan with id 'no-such-plan'" in err
