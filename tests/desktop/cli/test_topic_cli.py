"""plandesk topic add/list and plandesk compile: a 专题 made on the command line from
place ids, listed, and compiled to Word, Markdown and CSV."""
from __future__ import annotations

import csv

from docx import Document

from tests.helpers.support import run_cli as run

Y2018, Y2021 = "open-platforms-2018", "inland-opening-2021"


def test_topic_add_list_and_compile(data_copy, capsys, tmp_path):
    d = str(data_copy)
    code, out, err = run(capsys, "--data", d, "topic", "add", "口岸", f"{Y2021}:专栏1#1", f"{Y2018}:专栏1",
                         "--note", "两处对照")
    assert code == 0 and "专题「口岸」：加入 2 条，共 2 条" in out
    code, out, _ = run(capsys, "--data", d, "topic", "add", "口岸", f"{Y2018}:liangjiang#1")
    assert code == 0 and "共 3 条" in out
    code, out, _ = run(capsys, "--data", d, "topic", "list")
    assert code == 0 and out.splitlines()[0].startswith("书签\t0 条") and out.splitlines()[1].startswith("口岸\t3 条")
    code, out, _ = run(capsys, "--data", d, "topic", "list", "口岸")
    lines = out.splitlines()
    assert lines[0] == "专题「口岸」：3 条" and lines[1] == f"1. 正式开放口岸数量  [{Y2021}:专栏1#1]"
    assert "   按语：两处对照" in lines and lines[-2].startswith("3. 两江新区")
    assert "   《重庆市开放平台协同发展规划（2018―2020年）》第三章第一节专栏1" in lines
    docx, md, csvf = tmp_path / "口岸.docx", tmp_path / "口岸.md", tmp_path / "口岸.csv"
    code, out, err = run(capsys, "--data", d, "compile", "口岸", "-o", str(docx), "--group", "year",
                         "--md", str(md), "--csv", str(csvf), "--author", "张三")
    assert code == 0, err
    doc = Document(str(docx))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == ["一、2021年", "二、2018年"]
    assert [p.text for p in doc.paragraphs if p.style.name == "按语"] == ["按语：两处对照"] * 2
    assert "编制人：张三" in [p.text for p in doc.paragraphs] and len(doc.tables) == 1
    assert md.read_text(encoding="utf-8").startswith("# 口岸\n\n## 2021年\n\n### 正式开放口岸数量")
    rows = list(csv.reader(csvf.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["序号", "分组", "标题"] and [r[2] for r in rows[1:]][0] == "正式开放口岸数量"
    # an existing file is kept without --force
    code, _, err = run(capsys, "--data", d, "compile", "口岸", "-o", str(docx))
    assert code == 1 and "error" in err


def test_a_wrong_place_or_topic_adds_nothing(data_copy, capsys, tmp_path):
    d = str(data_copy)
    code, _, err = run(capsys, "--data", d, "topic", "add", "口岸", f"{Y2018}:专栏1", f"{Y2018}:专栏99")
    assert code == 1 and f"no such place: {Y2018}:专栏99" in err
    code, out, _ = run(capsys, "--data", d, "topic", "list")
    assert "口岸" not in out
    code, _, err = run(capsys, "--data", d, "topic", "list", "口岸")
    assert code == 1 and "没有名为「口岸」的专题" in err
    code, _, err = run(capsys, "--data", d, "compile", "口岸", "-o", str(tmp_path / "x.docx"))
    assert code == 1 and "没有名为「口岸」的专题" in err and not (tmp_path / "x.docx").exists()
    code, _, err = run(capsys, "--data", d, "topic", "add", "口岸")
    assert code == 2 and "usage" in err
