"""Issue 30 item 4: every Word file PlanDesk writes is valid to the letter. Each export
(专栏, the platform comparison, 指标, 资料汇编), with each option its dialog or command
offers, is validated part by part (document, styles, settings, fontTable, footers,
numbering, theme, app.xml, core.xml, the package's own parts) against the ECMA-376
transitional schemas in ooxml_schemas/ (ooxml_check: markup compatibility as a consumer
applies it, nothing else stripped), and its run properties are in the schema's order.
The validator is shown to catch what it must: a w:kinsoku after w:jc, as the writer
once put it."""
from __future__ import annotations

import copy
import zipfile

import pytest
from docx.oxml import parse_xml
from lxml import etree

from db.indicators.comparison import entries
from db.store import UserData
from desktop.cli import main as cli
from desktop.services import topics
from desktop.services.export import export_boxes, export_comparison_docx, export_indicators_docx, ooxml_order
from desktop.services.export.compilation import compile_topic
from tests.desktop.services.export import ooxml_check as oc
from tests.desktop.services.export.test_indicators_chart import png

Y2018, Y2021, HITECH, FTZ = "open-platforms-2018", "inland-opening-2021", "hightech-zone-2021", "ftz-2022"
MIXED = [f"{HITECH}:专栏6-2", f"{Y2018}:专栏2", f"{FTZ}:专栏6", f"{Y2021}:专栏1", f"{Y2018}:专栏8"]
PLACES = [(f"{Y2021}:专栏1#1", ""), (f"{Y2018}:专栏1", "两江新区定位最全，可作基准。\n第二段按语。"),
          (f"{Y2018}:第三章/第一节", ""), (f"{Y2018}:liangjiang#1", "表述一致。"),
          ("chengyu-2022:liangjiang#1", "")]
SIGNED = dict(author="张三", company="重庆市商务委员会")
COVER = dict(author="张三", unit="重庆市商务委员会", date="2026年12月7日")


def _topic(st, ud, group="manual", cover=COVER, gone=False, title=None):
    def write(out):
        tid = ud.add_topic(f"开放平台{out.stem}")
        for pid, note in PLACES:
            ud.add_entry(tid, topics.entry_for(st, pid), note=note)
        ud.add_entry(tid, topics.entry_for(st, f"{Y2018}:第三章/第一节", quote="制度先行先试"), note="划线")
        if gone:
            ud.add_entry(tid, dict(topics.entry_for(st, f"{Y2018}:专栏2"), target_id="old:专栏2",
                                   document_id="old", document_title="旧规划", text="旧的文字\n第二行"))
        return compile_topic(st, tid, ud, out, group=group, cover=cover, title=title)
    return write


def _bookmarks(st, ud):
    def write(out):
        ud.add(f"{Y2018}:专栏4", "box", "专栏4", Y2018, "开放平台规划", note="书签按语")
        ud.add_highlight(f"{Y2018}:第三章/第一节", dict(quote="制度先行先试"), Y2018, "开放平台规划", note="划线按语")
        return compile_topic(st, "书签", ud, out, cover=None)
    return write


def _cli(st, data, *argv):
    def write(out):
        assert cli(["--data", str(data), *argv, "-o", str(out)]) == 0
        return out
    return write


def exports(st, ud, data) -> dict:
    """Every export and option: id -> write(out_path) -> the .docx."""
    rows = entries(st)
    metric = [e for e in rows if e["metric"] == "货物进出口总额"]
    two_units = [e for e in rows if e["metric"] == "服务贸易总额"]
    units = list(dict.fromkeys(e.get("norm_unit") or e.get("unit") for e in two_units))
    return {
        "boxes-text-titled": lambda o: export_boxes(st, [f"{Y2018}:专栏4"], o, title="专栏汇编"),
        "boxes-table-merged-untitled": lambda o: export_boxes(st, [f"{Y2018}:专栏1"], o),
        "boxes-mixed-signed": lambda o: export_boxes(st, MIXED, o, title="混合", **SIGNED),
        "boxes-cli-all-boxes": _cli(st, data, "export", "--all-boxes", "--title", "全部专栏"),
        "compare-platforms": lambda o: export_comparison_docx(st, ["liangjiang", "ftz", "science-city"], o),
        "compare-children-one-plan-no-class-aspect": lambda o: export_comparison_docx(
            st, ["liangjiang", "chongqing-hitech"], o, doc_ids=[FTZ], children=True, aspect="定位",
            include_class=False, title="两江新区与高新区", **SIGNED),
        "indicators-all": lambda o: export_indicators_docx(rows, o),
        "indicators-metric-chart": lambda o: export_indicators_docx(metric, o, "货物进出口总额：各规划目标对比",
                                                                    chart_png=png(600, 340)),
        "indicators-chart-per-unit-signed": lambda o: export_indicators_docx(
            two_units, o, "服务贸易总额：各规划目标对比", chart_png={u: png(600, 300 + k) for k, u in enumerate(units)},
            **SIGNED),
        "compile-manual-cover-notes": _topic(st, ud),
        "compile-plan-gone-titled": _topic(st, ud, group="plan", gone=True, title="汇编"),
        "compile-year-no-cover": _topic(st, ud, group="year", cover=None),
        "compile-platform": _topic(st, ud, group="platform"),
        "compile-bookmarks-highlight": _bookmarks(st, ud),
    }


IDS = ["boxes-text-titled", "boxes-table-merged-untitled", "boxes-mixed-signed", "boxes-cli-all-boxes",
       "compare-platforms", "compare-children-one-plan-no-class-aspect", "indicators-all", "indicators-metric-chart",
       "indicators-chart-per-unit-signed", "compile-manual-cover-notes", "compile-plan-gone-titled",
       "compile-year-no-cover", "compile-platform", "compile-bookmarks-highlight"]


@pytest.fixture(scope="module")
def made(built_store, built_data, tmp_path_factory):
    """Each export written once, on first use: id -> path."""
    d = tmp_path_factory.mktemp("schema")
    ud = UserData(d / "user.sqlite")
    writers, done = exports(built_store, ud, built_data), {}

    def get(eid: str):
        if eid not in done:
            done[eid] = writers[eid](d / f"{eid}.docx")
        return done[eid]
    yield get
    ud.close()


def test_every_export_and_option_is_listed(made, built_store, built_data):
    assert sorted(exports(built_store, None, built_data)) == sorted(IDS)


@pytest.mark.parametrize("eid", IDS)
def test_every_part_is_schema_valid(made, eid):
    path = made(eid)
    checked = oc.validate_docx(path)
    for part in ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
                 "docProps/app.xml", "docProps/core.xml", "[Content_Types].xml"):
        assert part in checked, f"{part} not checked"
    assert sum(p.startswith("word/footer") for p in checked) == 2          # odd and even page numbers
    errors = oc.docx_errors(path)
    assert not errors, f"{len(errors)} violations:\n" + "\n".join(errors[:30])


# ---- the validator catches what it must, and only that ----
def part(path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def wml(blob: bytes) -> list[str]:
    return oc.validate_xml(blob, "wml.xsd", f"{{{oc.W}}}document", "document.xml")


def test_an_out_of_order_kinsoku_is_caught(made):
    """The planted file: a source line's w:kinsoku moved after its w:spacing/w:ind/w:jc,
    where the writer used to append it."""
    blob = part(made("boxes-text-titled"), "word/document.xml")
    assert wml(blob) == []
    root = etree.fromstring(blob)
    k = root.find(f".//{{{oc.W}}}kinsoku")
    assert k is not None
    ppr = k.getparent()
    ppr.remove(k)
    ppr.append(k)
    errors = wml(etree.tostring(root))
    assert len(errors) == 1 and "kinsoku" in errors[0] and "not expected" in errors[0]


def test_run_properties_out_of_order_are_caught(made):
    blob = part(made("boxes-text-titled"), "word/document.xml")
    assert oc.rpr_order_errors(blob) == []
    root = etree.fromstring(blob)
    rpr = root.find(f".//{{{oc.W}}}r/{{{oc.W}}}rPr")
    rpr.insert(0, rpr.find(f"{{{oc.W}}}lang"))           # w:lang before w:rFonts
    assert wml(etree.tostring(root)) == []              # the 2012 schema's choice lets it by…
    assert any("rFonts after lang" in e for e in oc.rpr_order_errors(etree.tostring(root)))   # …this does not


DOC = ('<w:document xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" {ign}><w:body>'
       '<w:p w14:paraId="1A2B3C4D"><w:pPr><w14:foo/><w:jc w:val="center"/></w:pPr>'
       '<mc:AlternateContent><mc:Choice Requires="w14"><w14:bar/></mc:Choice>'
       '<mc:Fallback><w:r><w:t>x</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>'
       '<w:p mc:ProcessContent="w14:box"><w14:box><w:r><w:t>y</w:t></w:r></w14:box></w:p>'
       '</w:body></w:document>')


def test_markup_compatibility_drops_only_what_is_ignorable():
    """Word's own extensions (w14, listed in mc:Ignorable) are dropped, one named in
    mc:ProcessContent gives way to its content, an AlternateContent becomes its
    Fallback; the same content not declared ignorable is an error, and the
    preprocessing keeps everything in w: (the w:jc, the runs)."""
    ok = DOC.format(w=oc.W, ign='mc:Ignorable="w14"').encode()
    assert wml(ok) == []
    root = etree.fromstring(ok)
    oc.preprocess(root)
    assert [etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)] == [
        "document", "body", "p", "pPr", "jc", "r", "t", "p", "r", "t"]
    bad = wml(DOC.format(w=oc.W, ign="").encode())
    assert bad and any("paraId" in e or "foo" in e for e in bad)
    must = DOC.format(w=oc.W, ign='mc:Ignorable="w14" mc:MustUnderstand="w14"').encode()
    assert any("MustUnderstand" in e for e in wml(must))


def test_the_writer_and_the_schema_agree_on_the_orders():
    """ooxml_order's tables (what the writers use) are wml.xsd's sequences."""
    for parent, ctype in (("pPr", "CT_PPr"), ("rPr", "CT_ParaRPr"), ("sectPr", "CT_SectPr"), ("tblPr", "CT_TblPr"),
                          ("tcPr", "CT_TcPr"), ("settings", "CT_Settings"), ("font", "CT_Font"),
                          ("style", "CT_Style"), ("docDefaults", "CT_DocDefaults")):
        assert tuple(ooxml_order.ORDER[parent]) == oc.wml_sequence(ctype), parent
    run = oc.wml_sequence("CT_RPr")
    assert tuple(n for n in ooxml_order.ORDER["rPr"] if n in run) == run


def test_a_child_goes_where_the_schema_puts_it():
    ppr = parse_xml(f'<w:pPr xmlns:w="{oc.W}"><w:keepNext/><w:spacing w:line="578"/><w:jc w:val="both"/></w:pPr>')
    ooxml_order.child(ppr, "w:snapToGrid", val="0")
    ooxml_order.child(ppr, "w:kinsoku", val="1")
    ooxml_order.child(ppr, "w:kinsoku", val="0")          # found, not added twice
    assert [etree.QName(c).localname for c in ppr] == ["keepNext", "kinsoku", "snapToGrid", "spacing", "jc"]
    assert ppr.find(f"{{{oc.W}}}kinsoku").get(f"{{{oc.W}}}val") == "0"
    messy = copy.deepcopy(ppr)
    for c in list(messy)[::-1]:
        messy.append(c)
    ooxml_order.reorder(messy)
    assert [c.tag for c in messy] == [c.tag for c in ppr]
