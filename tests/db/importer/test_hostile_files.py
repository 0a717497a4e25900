"""Hostile files, round two: every bad input is refused with one clear reason naming
the file, in bounded memory and time, or read without losing anything. The files
are made here: zip bombs, lying zip directories, devices, pipes, huge pages, …

Memory is measured where it matters: the parse runs in a fresh interpreter whose
address space is limited (RLIMIT_AS), and it reports its own peak RSS (VmHWM)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tests.helpers import support
from db.importer import parse_file, parse_text, textio
from db.importer.errors import UnimportableFile
from db.importer.readers import read_lines
from tests.helpers.tests_helpers_make import write_small_plan

CONV = support.TESTS / "conversions"
MB = 1024 * 1024


def refused(path) -> str:
    with pytest.raises(UnimportableFile) as e:
        parse_file(path)
    assert str(path) in str(e.value) and "\n" not in str(e.value), str(e.value)
    return e.value.reason


_CHILD = textwrap.dedent("""
    import resource, sys
    limit = int(sys.argv[2]) * 1048576
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from db.importer import parse_file
    from db.importer.errors import UnimportableFile
    try:
        parse_file(sys.argv[1])
        print("PARSED")
    except UnimportableFile as e:
        print("REFUSED", e.reason)
    # VmHWM: this process's own peak (ru_maxrss would carry the parent's peak over exec)
    hwm = next(ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
    print(int(hwm.split()[1]) // 1024)
""")


def parse_in_child(path, memory_mb: int = 1024, seconds: float = 30) -> tuple[str, float, int]:
    """(outcome line, seconds, peak RSS in MB) of parse_file in a fresh interpreter
    limited to `memory_mb` of address space: the readers' own bounds at work."""
    t = time.monotonic()
    r = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(memory_mb)], cwd=support.REPO,
                       capture_output=True, text=True, timeout=seconds)
    assert r.returncode == 0, r.stderr[-2000:]
    outcome, rss = r.stdout.strip().splitlines()
    return outcome, time.monotonic() - t, int(rss)


# ---- reading the file: only a regular one, its size first, never more than the limit ----

def test_a_symlink_to_dev_zero_is_refused_at_once(tmp_path):
    link = tmp_path / "规划.txt"
    link.symlink_to("/dev/zero")
    outcome, secs, rss = parse_in_child(link, seconds=20)
    assert outcome.startswith("REFUSED") and "设备文件" in outcome and secs < 10 and rss < 200, (outcome, secs, rss)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "规划.docx"
    os.mkfifo(fifo)
    outcome, secs, _ = parse_in_child(fifo, seconds=20)
    assert outcome.startswith("REFUSED") and "管道" in outcome and secs < 10, outcome


def test_a_folder_is_refused(tmp_path):
    d = tmp_path / "规划.pdf"
    d.mkdir()
    assert "文件夹" in refused(d)


def test_the_size_is_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.docx"
    with open(big, "wb") as f:                 # sparse: 65 MB of nothing on disk
        f.truncate(65 * MB)
    calls = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda *a: calls.append(a) or real(*a))
    reason = refused(big)
    assert "文件过大" in reason and "65.0 MB" in reason and "上限 64 MB" in reason and not calls, reason


def test_the_read_stops_past_the_limit_whatever_the_size_said():
    """/proc files say they are empty and are not: the read itself is bounded."""
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0 and len(status.read_bytes()) > 100
    with pytest.raises(UnimportableFile) as e:
        textio.read_bytes(status, limit=100)
    assert "文件过大" in e.value.reason and "100 字节" in e.value.reason
    assert textio.read_bytes(status, limit=100_000).startswith(b"Name:")


def test_a_size_just_over_the_limit_shows_it_is_over(tmp_path):
    f = tmp_path / "over.txt"
    f.write_bytes(b"a" * (8 * MB + 1))
    reason = refused(f)
    assert "8388609 字节" in reason and "上限 8 MB" in reason and "（8 MB，" not in reason, reason
    assert textio.size_text(8 * MB + 1, 8 * MB).startswith("8.1 MB")       # rounded up, never down to the limit
    assert textio.size_text(12 * MB, 8 * MB) == "12.0 MB，上限 8 MB"


# ---- invisible characters never reach titles, citations or Word ----

_INVISIBLE = "\u202e\u202a\u2066\u2069\u200b\u200c\u200d\u200e\u200f\u00ad\ufeff\u2060\U000e0041"


def _visible(s: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cf", "Cc") for ch in s if ch not in "\n\t")


def test_every_format_and_control_character_is_stripped():
    import unicodedata as ud
    bad = [chr(c) for c in range(sys.maxunicode + 1) if ud.category(chr(c)) in ("Cf", "Cc") and chr(c) not in "\t\n"]
    assert len(bad) > 200
    left = [hex(ord(ch)) for ch in bad if textio.strip_invisible(ch) not in ("", "\n")]
    assert not left, left
    assert textio.strip_invisible("一\u2028二\u2029三\x85四") == "一\n二\n三\n四"
    assert textio.strip_invisible("重庆\u3000市\t（一）") == "重庆\u3000市\t（一）"       # what Chinese text uses stays


def _hostile_plan_text() -> str:
    return ("重庆市\u202e某某区\u200b对外开放“十四五”规划\u2066\n\n"
            "第一章 \u200d发展\u00ad基础\n\n开放\ufeff型经济\u200e稳步发展。\n\n"
            "第二章 重点\u2069任务\n\n专栏1 \u202a重点\u202c平台\n\n综合保税区：建设\u2060示范基地。\n")


def test_invisible_characters_are_gone_from_a_text_plan():
    d = parse_text(_hostile_plan_text())
    texts = [d.title, d.preamble] + [s.title for s in d.sections] + [s.text for s in d.sections] + \
            [b.title for b in d.boxes] + [i.text for b in d.boxes for i in b.items]
    assert all(_visible(t) for t in texts), [t for t in texts if not _visible(t)]
    assert [s.title for s in d.sections] == ["发展基础", "重点任务"]


def test_invisible_characters_are_gone_from_word_and_web_pages(tmp_path):
    from tests.helpers.docx_maker import Maker
    m = Maker()
    for line in _hostile_plan_text().split("\n\n"):
        m.para(line.strip())
    m.table([["指标\u202e", "目标"], ["外贸\u200b总额", "300\u2066亿元"]])
    docx = m.save(tmp_path / "p.docx")
    html = tmp_path / "p.html"
    html.write_text("<html><body><div>" + "".join(f"<p>{t}</p>" for t in _hostile_plan_text().split("\n\n"))
                    + "<table><tr><td>a&#x202e;b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>"
                    + "</div></body></html>", encoding="utf-8")
    for f in (docx, html):
        lines, *_ = read_lines(f)
        cells = [c for ln in lines if ln.table for row in ln.table.rows for c in row]
        assert cells and all(_visible(ln.text) for ln in lines) and all(_visible(c) for c in cells), f
        assert "重庆市某某区对外开放“十四五”规划" in [ln.text for ln in lines]


# ---- the text limit holds for what every reader produces ----

def test_the_text_limit_holds_for_word_web_pages_and_pdf(tmp_path, monkeypatch):
    files = [write_small_plan(tmp_path / "p.docx"), next((CONV / "html-gov").glob("003_*")),
             next((CONV / "pdf-lo").glob("003_*"))]
    for f in files:
        assert parse_file(f).sections
    monkeypatch.setattr(textio, "MAX_TEXT_BYTES", 600)
    for f in files:
        reason = refused(f)
        assert "文字过多" in reason and "600 字节" in reason, reason


def test_a_forty_mb_web_page_of_text_is_refused_quickly_in_bounded_memory(tmp_path):
    para = "<p>" + "重庆市加快建设内陆开放高地，推动共建“一带一路”和长江经济带高质量发展，全面融入新发展格局。" * 10 + "</p>\n"
    page = tmp_path / "page.html"
    page.write_text("<html><body><div class=article><h1>第一章 总则</h1>" + para * (40 * MB // len(para.encode()))
                    + "</div></body></html>", encoding="utf-8")
    outcome, secs, rss = parse_in_child(page)
    assert outcome.startswith("REFUSED") and "文字过多" in outcome and "8 MB" in outcome, outcome
    assert secs < 20 and rss < 500, (secs, rss)


# ---- zip packages (.docx): bombs, lying directories, XML tricks ----

def _repack(src: Path, dst: Path, parts: dict | None = None, level: int = 9) -> Path:
    """`src` with some parts replaced or added: bytes, or a function writing to the part."""
    parts = dict(parts or {})
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for info in zin.infolist():
            if info.filename not in parts:
                z.writestr(info.filename, zin.read(info.filename))
        for name, body in parts.items():
            if callable(body):
                with z.open(name, "w", force_zip64=True) as w:
                    body(w)
            else:
                z.writestr(name, body)
    return dst


def _bomb_body(src: Path, mb: int):
    """A valid document.xml of the plan with `mb` MB of repeated paragraphs inside."""
    doc = zipfile.ZipFile(src).read("word/document.xml").decode()
    cut = doc.index("<w:sectPr")
    para = ('<w:p><w:r><w:t>重庆市内陆开放高地建设规划文字重复。</w:t></w:r></w:p>' * 2000).encode()

    def write(w):
        w.write(doc[:cut].encode())
        for _ in range(mb * MB // len(para)):
            w.write(para)
        w.write(doc[cut:].encode())
    return write


def _patch_directory_size(data: bytes, name: str, size: int) -> bytes:
    """The central directory's uncompressed size of `name` set to `size` (a lie)."""
    out = bytearray(data)
    end = data.rindex(b"PK\x05\x06")
    at = int.from_bytes(data[end + 16:end + 20], "little")          # where the central directory starts
    while data[at:at + 4] == b"PK\x01\x02":
        n = int.from_bytes(out[at + 28:at + 30], "little")
        if out[at + 46:at + 46 + n] == name.encode():
            if out[at + 24:at + 28] == b"\xff\xff\xff\xff":      # zip64: the size lives in the extra field
                extra = at + 46 + n
                assert out[extra:extra + 2] == b"\x01\x00"
                out[extra + 4:extra + 12] = size.to_bytes(8, "little")
            else:
                out[at + 24:at + 28] = size.to_bytes(4, "little")
            return bytes(out)
        at += 46 + n + int.from_bytes(out[at + 30:at + 32], "little") + int.from_bytes(out[at + 32:at + 34], "little")
    raise AssertionError(name)


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory) -> Path:
    return write_small_plan(tmp_path_factory.mktemp("plan") / "plan.docx")


@pytest.fixture(scope="module")
def bomb(plan_docx) -> Path:
    """A .docx of 0.4 MB whose document.xml inflates to 100 MB."""
    return _repack(plan_docx, plan_docx.with_name("bomb.docx"), {"word/document.xml": _bomb_body(plan_docx, 100)})


def test_a_zip_bomb_is_refused_before_it_inflates(bomb):
    assert bomb.stat().st_size < MB
    outcome, secs, rss = parse_in_child(bomb)
    assert "word/document.xml 解压后超过 64 MB 上限（疑似压缩炸弹）" in outcome, outcome
    assert secs < 10 and rss < 200, (secs, rss)


def test_a_directory_that_understates_the_size_is_caught_by_the_bounded_read(bomb, tmp_path):
    liar = tmp_path / "liar.docx"
    liar.write_bytes(_patch_directory_size(bomb.read_bytes(), "word/document.xml", 3 * MB))
    outcome, secs, rss = parse_in_child(liar)
    assert outcome.startswith("REFUSED") and "word/document.xml 已损坏" in outcome, outcome
    assert secs < 10 and rss < 200, (secs, rss)


def test_even_a_believed_directory_cannot_make_the_read_pass_the_limit(plan_docx, tmp_path, monkeypatch):
    from db.importer.readers import ziplimits
    big = _repack(plan_docx, tmp_path / "big.docx", {"word/document.xml": _bomb_body(plan_docx, 3)})
    monkeypatch.setattr(ziplimits.Package, "_check_declared", lambda self, info: None)
    monkeypatch.setattr(ziplimits, "MAX_PART_BYTES", 1 * MB)
    assert "word/document.xml 解压后超过 1 MB 上限" in refused(big)
    monkeypatch.setattr(ziplimits, "MAX_PART_BYTES", 64 * MB)
    monkeypatch.setattr(ziplimits, "MAX_TOTAL_BYTES", 3 * MB + 1000)
    assert "共超过 3 MB 上限" in refused(big)


def test_a_package_declaring_more_than_a_gigabyte_is_refused(plan_docx, tmp_path):
    data = _repack(plan_docx, tmp_path / "many.docx", {f"word/media/pad{k}.bin": b"x" for k in range(20)}).read_bytes()
    for k in range(20):
        data = _patch_directory_size(data, f"word/media/pad{k}.bin", 60 * MB)
    f = tmp_path / "declared.docx"
    f.write_bytes(data)
    reason = refused(f)
    assert "解压后共 1.2 GB，超过 1 GB 上限（疑似压缩炸弹）" in reason and "pad" in reason, reason


def test_a_part_compressed_beyond_any_plan_is_refused(plan_docx, tmp_path):
    f = _repack(plan_docx, tmp_path / "ratio.docx", {"word/document.xml": _bomb_body(plan_docx, 6)})
    reason = refused(f)
    assert "word/document.xml 的压缩比异常" in reason and "上限 100:1" in reason, reason


def test_too_many_entries_or_too_large_a_directory_is_refused_before_it_is_parsed(plan_docx, tmp_path):
    many = _repack(plan_docx, tmp_path / "many.docx", {f"x/{k}": b"" for k in range(10_001)}, level=1)
    assert "个文件，上限 10000" in refused(many)
    names = {"n" * 60_000 + str(k): b"" for k in range(80)}
    wide = _repack(plan_docx, tmp_path / "wide.docx", names, level=1)
    assert "目录过大" in refused(wide)


def _with_doctype(plan_docx: Path, dst: Path, dtd: str, refs: str) -> Path:
    doc = zipfile.ZipFile(plan_docx).read("word/document.xml").decode()
    head, rest = doc.split("?>", 1)
    doc = head + f"?><!DOCTYPE w:document [{dtd}]>" + rest
    doc = doc.replace("为加快建设开放高地，制定本规划。", "为加快建设开放高地，制定本规划。" + refs)
    return _repack(plan_docx, dst, {"word/document.xml": doc.encode()})


def test_a_billion_laughs_is_refused_at_once(plan_docx, tmp_path):
    laughs = "".join(f'<!ENTITY l{k} "{("&l%d;" % (k - 1)) * 10 if k else "哈哈哈哈哈"}">' for k in range(10))
    f = _with_doctype(plan_docx, tmp_path / "laughs.docx", laughs, "&l9;")
    outcome, secs, rss = parse_in_child(f)
    assert "word/document.xml 含有异常的实体定义（疑似 XML 炸弹）" in outcome and secs < 10 and rss < 200, \
        (outcome, secs, rss)


def test_an_external_entity_is_not_fetched(plan_docx, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    f = _with_doctype(plan_docx, tmp_path / "xxe.docx", f'<!ENTITY xxe SYSTEM "file://{secret}">', "&xxe;")
    lines, *_ = read_lines(f)
    text = "".join(ln.text for ln in lines)
    assert "机密" not in text and "为加快建设开放高地，制定本规划。" in text
    assert parse_file(f).sections


def test_too_many_xml_elements_are_refused(plan_docx, monkeypatch):
    from db.importer.readers import docx
    assert parse_file(plan_docx).sections
    from db.importer.readers import xmlparts
    monkeypatch.setattr(xmlparts, "MAX_XML_TAGS", 200)
    assert "的元素过多" in refused(plan_docx)


# ---- w:altChunk: an embedded part is read, or named ----

_ALT_RELS = ('<Relationship Id="rIdAlt{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/aFChunk" Target="{target}"/>')


def _with_chunks(plan_docx: Path, dst: Path, chunks: dict[str, bytes], after: str) -> Path:
    """The plan with an altChunk for each part in `chunks`, placed after the paragraph `after`."""
    z = zipfile.ZipFile(plan_docx)
    doc = z.read("word/document.xml").decode()
    rels = z.read("word/_rels/document.xml.rels").decode()
    refs = "".join(f'<w:altChunk r:id="rIdAlt{k}"/>' for k in range(len(chunks)))
    end = doc.index("</w:p>", doc.index(after)) + len("</w:p>")
    doc = doc[:end] + refs + doc[end:]
    if 'xmlns:r=' not in doc[:doc.index(">", doc.index("<w:document"))]:
        doc = doc.replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.org/'
                                            'officeDocument/2006/relationships" ', 1)
    rels = rels.replace("</Relationships>", "".join(_ALT_RELS.format(k=k, target=name)
                                                    for k, name in enumerate(chunks)) + "</Relationships>")
    parts = {"word/document.xml": doc.encode(), "word/_rels/document.xml.rels": rels.encode()}
    parts.update({f"word/{name}": body for name, body in chunks.items()})
    return _repack(plan_docx, dst, parts)


def test_an_html_alt_chunk_is_read_in_place(plan_docx, tmp_path):
    html = "<html><body><p>嵌入段落：推进<embed src=x>陆海新通道建设。</p><p>第二段嵌入文字。</p></body></html>"
    f = _with_chunks(plan_docx, tmp_path / "chunk.docx", {"afchunk.htm": html.encode("utf-8")}, "建设开放平台")
    lines, _, _, _, warnings = read_lines(f)
    texts = [ln.text for ln in lines]
    k = texts.index("嵌入段落：推进陆海新通道建设。")
    assert texts[k + 1] == "第二段嵌入文字。" and "建设开放平台" in texts[k - 1] and not warnings, texts
    assert [ln.no for ln in lines] == list(range(1, len(lines) + 1))
    d = parse_file(f)
    assert "嵌入段落：推进陆海新通道建设。" in d.sections[-1].text


def test_an_mht_alt_chunk_is_read_and_an_rtf_one_is_named(plan_docx, tmp_path):
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + __import__("base64").b64encode("<p>来自MHT的文字。</p>".encode()).decode() + "\r\n--b--\r\n")
    f = _with_chunks(plan_docx, tmp_path / "chunks.docx",
                     {"part1.mht": mht.encode(), "part2.rtf": rb"{\rtf1 hidden}"}, "主要成效")
    lines, _, _, _, warnings = read_lines(f)
    assert "来自MHT的文字。" in [ln.text for ln in lines]
    assert len(warnings) == 1 and "part2.rtf" in warnings[0] and "未能读取" in warnings[0], warnings
    assert any("part2.rtf" in w for w in parse_file(f).warnings)


# ---- web pages ----

def _page_of(prefix: str) -> str:
    return next((CONV / "html-gov").glob(f"{prefix}_*")).read_text(encoding="utf-8")


def _structure(d):
    return [(s.label, s.title) for s in d.sections], [(b.label, b.title, len(b.items)) for b in d.boxes], d.title


def test_text_after_an_embed_or_other_void_element_survives(tmp_path):
    page = _page_of("004")
    plain = tmp_path / "plain.html"
    plain.write_text(page, encoding="utf-8")
    first = page.index("</p>", page.index("重庆高新区内陆开放高地建设")) + 4
    voids = '<embed src="a.swf" type="application/x-shockwave-flash"><source src="v.mp4"><track src="t.vtt">' \
            '<keygen name="k"><wbr><param name="p" value="1">'
    tricky = tmp_path / "embed.html"
    tricky.write_text(page[:first] + voids + page[first:], encoding="utf-8")
    want = parse_file(plain)
    assert _structure(parse_file(tricky)) == _structure(want) and len(want.sections) > 10


def test_a_page_inside_one_form_is_read(tmp_path):
    page = _page_of("004")
    start = page.index(">", page.index("<body")) + 1
    end = page.index("</body>")
    form = tmp_path / "aspnet.html"
    form.write_text(page[:start] + '<form name="aspnetForm" method="post" action="./zc.aspx" id="aspnetForm">'
                    '<input type="hidden" name="__VIEWSTATE" value="abc">' + page[start:end] + "</form>"
                    + page[end:], encoding="utf-8")
    plain = tmp_path / "plain.html"
    plain.write_text(page, encoding="utf-8")
    assert _structure(parse_file(form)) == _structure(parse_file(plain))


def test_a_page_of_too_many_elements_is_refused_at_once(tmp_path):
    f = tmp_path / "tags.html"
    f.write_text("<html><body><p>第一章 总则</p>" + "<i>字</i>" * 600_000 + "</body></html>", encoding="utf-8")
    t = time.monotonic()
    assert "元素过多" in refused(f) and time.monotonic() - t < 2


def test_a_forty_mb_page_of_markup_around_a_plan_is_read_in_bounded_memory(tmp_path):
    page = _page_of("004")
    div = ('<div class="s" style="margin:0;padding:0;border:0;font-size:12px;line-height:1.5;color:#333;'
           'font-family:SimSun,serif;background:#fff url(data:image/gif;base64,R0lGODlhAQABAAAAACw=)"></div>\n')
    junk = div * (38 * MB // len(div))
    start = page.index(">", page.index("<body")) + 1
    f = tmp_path / "big.html"
    f.write_text(page[:start] + '<div class="x">' + junk + "</div>" + page[start:], encoding="utf-8")
    assert f.stat().st_size > 38 * MB
    outcome, secs, rss = parse_in_child(f)
    assert outcome == "PARSED" and secs < 25 and rss < 700, (outcome, secs, rss)


def test_deep_nesting_gives_a_plan_or_a_reason(tmp_path):
    f = tmp_path / "deep.html"
    f.write_text("<html><body>" + "<div>" * 20_000 + "第一章 总则" + "</div>" * 20_000 + "</body></html>",
                 encoding="utf-8")
    assert refused(f)


# ---- PDF ----

def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalog), with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pages_pdf(contents: list[bytes], with_image: bool) -> bytes:
    """One page per content stream; Helvetica as /F1, a scanned image as /Im1."""
    n = len(contents)
    pixels = b"\xff\xff\xff" * 4
    objs = [b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[%s]/Count %d>>" % (b" ".join(b"%d 0 R" % (5 + 2 * k) for k in range(n)), n),
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
            b"<</Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceRGB/BitsPerComponent 8/Length %d>>"
            b"stream\n" % len(pixels) + pixels + b"\nendstream"]
    for k, c in enumerate(contents):
        if with_image:
            c = b"q 500 0 0 700 50 80 cm /Im1 Do Q " + c
        objs.append(b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>"
                    b"/XObject<</Im1 4 0 R>>>>/Contents %d 0 R>>" % (6 + 2 * k))
        objs.append(b"<</Length %d>>stream\n" % len(c) + c + b"\nendstream")
    return _pdf(objs)


@pytest.mark.parametrize("pages", [1, 3])
def test_a_scan_with_page_numbers_and_a_running_header_asks_for_ocr(tmp_path, pages):
    contents = [b"BT /F1 10 Tf 280 30 Td (- %d -) Tj ET BT /F1 9 Tf 250 815 Td (Chongqing Gov) Tj ET" % (k + 1)
                for k in range(pages)]
    f = tmp_path / "scan.pdf"
    f.write_bytes(_pages_pdf(contents, with_image=True))
    reason = refused(f)
    assert "OCR" in reason and "扫描" in reason, reason
    f.write_bytes(_pages_pdf(contents, with_image=False))          # the same text without the scans
    assert "OCR" not in refused(f)


def test_a_pdf_of_too_many_pages_is_refused_at_once(tmp_path):
    f = tmp_path / "pages.pdf"
    f.write_bytes(_pages_pdf([b""] * 2001, with_image=False))
    t = time.monotonic()
    reason = refused(f)
    assert "页数过多（2001 页，上限 2000 页）" in reason and time.monotonic() - t < 5, reason


def test_a_page_ruled_thousands_of_times_is_read_in_bounded_time(tmp_path):
    rules = b"".join(b"50 %d m 545 %d l S " % (60 + k // 2, 60 + k // 2) for k in range(1500))
    rules += b"".join(b"%d 60 m %d 800 l S " % (50 + k // 3, 50 + k // 3) for k in range(1500))
    text = b"BT /F1 12 Tf 60 820 Td (Chapter 1) Tj ET"
    f = tmp_path / "ruled.pdf"
    f.write_bytes(_pages_pdf([rules + text] * 2, with_image=False))
    outcome, secs, rss = parse_in_child(f, seconds=60)
    assert outcome.startswith("REFUSED") and secs < 20 and rss < 500, (outcome, secs, rss)
