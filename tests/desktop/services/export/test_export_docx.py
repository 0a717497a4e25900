"""Exports read back with python-docx: 专栏 in 公文 format (desktop.services.export.export_boxes and
`plandesk export`), and the platform comparison to Word and CSV."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.services.export import export_boxes, export_comparison_csv, export_comparison_docx
from db.positioning import comparison, comparison_rows, statement_citation
from db.positioning.comparison import shown_text
from db.progress import Cancelled, Progress
from tests.helpers.support import run_cli as run  # noqa: E402

Y2018 = "open-platforms-2018"
HITECH = "hightech-zone-2021"
MIXED = ["hightech-zone-2021:专栏6-2", "open-platforms-2018:专栏2", "ftz-2022:专栏6", "inland-opening-2021:专栏1",
         "open-platforms-2018:专栏8"]
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid")
THEME_ATTRS = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme")
EMU_PER_MM = 36000


# ---- helpers ----

def blocks(doc):
    """The body in order: ('p', paragraph) and ('t', table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    out = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            out.append(("p", Paragraph(el, doc)))
        elif el.tag == qn("w:tbl"):
            out.append(("t", Table(el, doc)))
    return out


def expected_source(store, b) -> str:
    doc = store.document(b["document_id"])
    sec = store.section(b["section_id"])
    # 第三章/第一节 -> 第三章第一节; a 一、-numbered plan's 五、 stays 五、 (a bare 五 reads as a number)
    return f"（来源：《{doc['title']}》{sec['path'].replace('/', '')}）"


def check_boxes(store, path, box_ids):
    """Every box: heading, source line, then its items (lead bold) or its table."""
    doc = Document(str(path))
    bl = blocks(doc)
    heads = [(k, x) for k, x in enumerate(bl) if x[0] == "p" and x[1].style.name == "Heading 1"]
    boxes = [store.box(b) for b in box_ids]
    assert [x.text for _, (_, x) in heads] == [f"{b['label']} {b['title']}" for b in boxes]
    ends = [k for k, _ in heads[1:]] + [len(bl)]
    for b, (start, _), end in zip(boxes, heads, ends):
        body = bl[start + 1:end]
        kind, src = body[0]
        assert kind == "p" and src.text == expected_source(store, b)
        if b["document_id"] in (Y2018, HITECH):      # plans with 第X章/第X节 headings
            assert re.fullmatch(r"（来源：《[^》]+》第.+章第.+节）", src.text), src.text
        items = store.items(b["id"])
        rest = body[1:]
        if b["kind"] == "table":
            tables = [x for k, x in rest if k == "t"]
            assert len(tables) == 1, b["id"]
            t = tables[0]
            cols = b["columns"]
            assert [c.text for c in t.rows[0].cells] == cols
            assert t.style.name == "Table Grid"
            got = [[c.text for c in r.cells] for r in t.rows[1:]]
            want = [[it["cells"].get(c, "") for c in cols] for it in items]
            assert got == want, b["id"]
            # the header row repeats on every page
            assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        else:
            paras = [x for k, x in rest if k == "p" and x.text]
            assert [p.text for p in paras] == [it["text"] for it in items], b["id"]
            for p, it in zip(paras, items):
                if it["lead"] and it["text"].startswith(it["lead"]):
                    assert p.runs[0].text == it["lead"] and p.runs[0].bold is True
                    assert all(not r.bold for r in p.runs[1:])
    return doc


def all_runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    yield from p.runs
    for s in doc.sections:
        for p in s.footer.paragraphs:
            yield from p.runs


def check_format(doc):
    for s in doc.sections:
        assert abs(s.page_width / EMU_PER_MM - 210) < 0.5 and abs(s.page_height / EMU_PER_MM - 297) < 0.5
        for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            assert abs(getattr(s, f"{side}_margin") / EMU_PER_MM - mm) < 0.5, side
    for name in STYLES:
        rpr = doc.styles[name].element.rPr
        assert rpr is not None, name
        rf = rpr.find(qn("w:rFonts"))
        assert rf is not None and rf.get(qn("w:eastAsia")), name
        for a in THEME_ATTRS:
            assert rf.get(qn(a)) is None, (name, a)
        lang = rpr.find(qn("w:lang"))
        assert lang is not None and lang.get(qn("w:eastAsia")) == "zh-CN", name
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    runs = list(all_runs(doc))
    assert runs
    for r in runs:
        rf = r._r.rPr.find(qn("w:rFonts")) if r._r.rPr is not None else None
        assert rf is not None and rf.get(qn("w:eastAsia")), repr(r.text)
    # language
    assert doc.core_properties.language == "zh-CN"
    tl = doc.settings.element.find(qn("w:themeFontLang"))
    assert tl is not None and tl.get(qn("w:eastAsia")) == "zh-CN"
    # footer: — PAGE —, odd pages right, even pages left
    assert doc.settings.odd_and_even_pages_header_footer
    for s in doc.sections:
      for p, align in ((s.footer.paragraphs[0], 2), (s.even_page_footer.paragraphs[0], 0)):
        assert p.alignment == align
        xml_runs = p._p.findall(qn("w:r"))
        seq = []
        for r in xml_runs:
            for ch in r:
                if ch.tag == qn("w:t"):
                    seq.append(("t", ch.text))
                elif ch.tag == qn("w:fldChar"):
                    seq.append(("fld", ch.get(qn("w:fldCharType"))))
                elif ch.tag == qn("w:instrText"):
                    seq.append(("instr", ch.text.strip()))
        assert seq == [("t", "— "), ("fld", "begin"), ("instr", "PAGE"), ("fld", "end"), ("t", " —")]


def no_temp(d):
    return [f.name for f in d.iterdir() if f.name.startswith(".plandesk-")] == []


# ---- export_boxes ----

@pytest.mark.parametrize("doc_id", [Y2018, HITECH])
def test_all_boxes_of_a_document(built_store, tmp_path, doc_id):
    ids = [b["id"] for b in built_store.boxes(doc_id)]
    out = export_boxes(built_store, ids, tmp_path / f"{doc_id}.docx", title="专栏汇编")
    doc = check_boxes(built_store, out, ids)
    check_format(doc)
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "专栏汇编"
    cp = doc.core_properties
    assert cp.title == "专栏汇编"
    assert cp.subject.startswith("专栏汇编：" + built_store.box(ids[0])["label"])
    assert cp.created is not None and abs(cp.created.replace(tzinfo=None) - datetime.now()) < timedelta(hours=25)
    assert no_temp(tmp_path)


def test_tables_of_2018_are_word_tables(built_store, tmp_path):
    ids = [f"{Y2018}:专栏{k}" for k in (1, 2, 3)]
    doc = check_boxes(built_store, export_boxes(built_store, ids, tmp_path / "t.docx"), ids)
    assert len(doc.tables) == 3
    assert [len(t.rows) for t in doc.tables] == [9, 4, 3]
    t = doc.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["开放平台", "战略定位", "核心功能"]
    assert t.rows[1].cells[0].text == "两江新区"
    # merged 核心功能 cells are given to every row
    assert t.rows[3].cells[2].text == t.rows[2].cells[2].text != ""


def test_mixed_selection_keeps_the_given_order(built_store, tmp_path):
    out = export_boxes(built_store, MIXED, tmp_path / "mixed.docx", title="混合")
    doc = check_boxes(built_store, out, MIXED)
    check_format(doc)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "（来源：《重庆高新区内陆开放高地建设“十四五”规划》第六章第一节）" in text
    assert "（来源：《中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）》" in text


def test_refuses_to_overwrite(built_store, tmp_path):
    f = tmp_path / "a.docx"
    f.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        export_boxes(built_store, [f"{Y2018}:专栏4"], f)
    assert f.read_bytes() == b"keep me"
    export_boxes(built_store, [f"{Y2018}:专栏4"], f, overwrite=True)
    assert Document(str(f)).paragraphs[0].text == f"专栏4 {built_store.box(f'{Y2018}:专栏4')['title']}"
    assert no_temp(tmp_path)


def test_unknown_box(built_store, tmp_path):
    with pytest.raises(KeyError, match="no such box"):
        export_boxes(built_store, [f"{Y2018}:专栏4", f"{Y2018}:专栏99"], tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("after", [0, 2])
def test_cancelled_export_leaves_nothing(built_store, tmp_path, after):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > after

    ids = [b["id"] for b in built_store.boxes(HITECH)]
    with pytest.raises(Cancelled):
        export_boxes(built_store, ids, tmp_path / "c.docx", progress=Progress(None, cancelled))
    assert list(tmp_path.iterdir()) == []


def test_progress_reported(built_store, tmp_path):
    seen = []
    ids = [b["id"] for b in built_store.boxes(Y2018)]
    export_boxes(built_store, ids, tmp_path / "p.docx", progress=lambda f, m: seen.append((f, m)))
    fs = [f for f, _ in seen]
    assert fs == sorted(fs) and fs[-1] == 1.0 and len(seen) == len(ids) + 1
    assert seen[0][1].startswith("专栏1 ")


# ---- plandesk export ----



def test_cli_boxes(built_store, data, tmp_path, capsys):
    f = tmp_path / "two.docx"
    ids = [f"{HITECH}:专栏4-1", f"{Y2018}:专栏1"]
    code, out, err = run(capsys, "export", "--box", ids[0], "--box", ids[1], "-o", str(f), "--data", data)
    assert code == 0, err
    assert f"wrote {f} (2 boxes)" in out
    check_boxes(built_store, f, ids)


def test_cli_all_boxes_force(built_store, data, tmp_path, capsys):
    f = tmp_path / "all.docx"
    code, out, err = run(capsys, "export", "--doc", Y2018, "--all-boxes", "-o", str(f), "--data", data,
                         "--title", "二〇一八年专栏")
    assert code == 0, err
    ids = [b["id"] for b in built_store.boxes(Y2018)]
    doc = check_boxes(built_store, f, ids)
    assert doc.core_properties.title == "二〇一八年专栏"
    before = f.read_bytes()
    # exists, no --force: refused, file unchanged
    code, out, err = run(capsys, "export", "--doc", HITECH, "--all-boxes", "-o", str(f), "--data", data)
    assert code == 1 and "已存在" in err and "--force" in err
    assert f.read_bytes() == before
    # with --force: replaced
    code, out, err = run(capsys, "export", "--doc", HITECH, "--all-boxes", "-o", str(f), "--data", data, "--force")
    assert code == 0, err
    check_boxes(built_store, f, [b["id"] for b in built_store.boxes(HITECH)])
    assert no_temp(tmp_path)


def test_cli_errors(data, tmp_path, capsys):
    f = tmp_path / "x.docx"
    code, out, err = run(capsys, "export", "--box", f"{Y2018}:专栏99", "-o", str(f), "--data", data)
    assert code == 1 and "no such box" in err and "专栏99" in err
    code, out, err = run(capsys, "export", "--doc", "no-such-doc", "--all-boxes", "-o", str(f), "--data", data)
    assert code == 1 and "no document" in err
    code, out, err = run(capsys, "export", "-o", str(f), "--data", data)
    assert code == 1 and "no boxes chosen" in err
    assert list(tmp_path.iterdir()) == []


# ---- comparison to Word and CSV ----

PIDS = ["liangjiang", "ftz", "science-city"]


def test_comparison_docx(built_store, tmp_path):
    f = export_comparison_docx(built_store, PIDS, tmp_path / "cmp.docx")
    doc = Document(str(f))
    check_format(doc)
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == "开放平台功能定位对比"
    assert doc.core_properties.subject == "两江新区、中国（重庆）自由贸易试验区、西部（重庆）科学城"
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["一、两江新区", "二、中国（重庆）自由贸易试验区", "三、西部（重庆）科学城"]
    # plans numbered （一）（二）… within each platform, aspects 1. 2. within each plan
    body = {re.sub(r"^（[一二三四五六七八九十]+）", "", t) for t in paras}
    h3 = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    assert h3 and all(re.fullmatch(r"\d+\.\S+", t) for t in h3)
    n = 0
    for pid in PIDS:
        c = comparison(built_store, pid)
        for d in c["documents"]:
            assert f"{d['year']}年《{d['title']}》" in body
            for x in d["positionings"]:
                cite = statement_citation(built_store, dict(x, document_id=d["document_id"]))
                assert cite.startswith(f"《{d['title']}》")
                assert f"{shown_text(x)}（{cite}）" in body, x["id"]      # a class statement marked
                n += 1
    assert n > 100
    assert ("内陆国际物流枢纽和口岸高地、内陆地区对外开放的重要门户、内陆开放型体制机制创新先行区、内陆外向型高端产业发展集聚区、"
            "内陆国际物流中心、内陆现代金融中心、内陆科技创新示范中心。（《重庆市开放平台协同发展规划》第三章第一节专栏1）") in body
    assert "仅提及 3 次。" in body and "未提及。" in body
    with pytest.raises(FileExistsError):
        export_comparison_docx(built_store, PIDS, f)


def test_comparison_docx_one_document(built_store, tmp_path):
    f = export_comparison_docx(built_store, ["liangjiang", "chongqing-hitech"], tmp_path / "one.docx",
                               doc_ids=[Y2018])
    doc = Document(str(f))
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert h2 == ["（一）2018年《重庆市开放平台协同发展规划》"] * 2          # counted within each platform
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 3"] == ["1.定位", "2.功能"] * 2


def test_comparison_csv(built_store, tmp_path):
    f = export_comparison_csv(built_store, PIDS, tmp_path / "cmp.csv")
    raw = f.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["平台", "年份", "文件", "方面", "排序", "表述", "出处", "所属片区、板块或子项目", "审核", "省市", "类别表述（适用于全部）"]
    want = [[str(v) for v in r] for r in comparison_rows(built_store, PIDS)]
    assert rows[1:] == want
    stmts = [r for r in rows[1:] if r[3]]
    assert stmts and all(r[6].startswith(f"《{r[2]}》") for r in stmts)
    assert all(r[3] in ("定位", "功能", "任务", "成效") and r[4].isdigit() and r[7] == "" for r in stmts)
    total = sum(len(d["positionings"]) for pid in PIDS for d in comparison(built_store, pid)["documents"])
    assert len(stmts) == total
    empty = [r for r in rows[1:] if not r[3]]
    assert ["西部（重庆）科学城", "2018", "重庆市开放平台协同发展规划", "", "", "未提及", "", ""] in [r[:8] for r in empty]
    assert ["两江新区", "2021", "重庆高新区内陆开放高地“十四五”规划", "", "", "仅提及 3 次", "", ""] in [r[:8] for r in empty]
    assert rows[1][:6] == ["两江新区", "2018", "重庆市开放平台协同发展规划", "定位", "1",
                           built_store.positionings("liangjiang", Y2018)[0]["text"]]
    assert rows[1][6] == "《重庆市开放平台协同发展规划》第三章第一节专栏1"
    # refuses to overwrite unless asked; filtered by document
    with pytest.raises(FileExistsError):
        export_comparison_csv(built_store, PIDS, f)
    export_comparison_csv(built_store, PIDS, f, doc_ids=["ftz-2022"], overwrite=True)
    rows = list(csv.reader(io.StringIO(f.read_bytes().decode("utf-8-sig"))))
    assert {r[2] for r in rows[1:]} == {"重庆自贸试验区“十四五”规划"}
    assert no_temp(tmp_path)
