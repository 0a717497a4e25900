"""Stage 1-2: decoding and cleaned lines (artifacts out, line numbers and gaps kept)."""
from __future__ import annotations

import pytest

from db.importer.errors import UnimportableFile
from db.importer.lines import clean_line, split_lines, wrap_width
from db.importer.textio import decode


def test_clean_line_removes_conversion_artifacts():
    assert clean_line("[bookmark: _Toc123]第四章　对外开放") == "第四章 对外开放"
    assert clean_line("## 一、总体要求") == "一、总体要求"
    assert clean_line("**专栏1** 标题\u200b") == "专栏1 标题"
    assert clean_line("\ufeff\u00a0正文\u3000") == "正文"


def test_split_lines_keeps_numbers_gaps_and_tabs():
    lines = split_lines("第一章 总则\n\n\n正文一。\n\t序号\n\t指标\n")
    assert [(ln.no, ln.text, ln.gap, ln.tab) for ln in lines] == [
        (1, "第一章 总则", 0, False), (4, "正文一。", 2, False), (5, "序号", 0, True), (6, "指标", 0, True)]


def test_running_page_numbers_are_dropped_and_their_gap_kept():
    text = "甲段文字，\n\n- 1 -\n\n继续。\n\n第2页\n\n乙。"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["甲段文字，", "继续。", "乙。"]
    assert lines[1].gap == 3          # the blank lines around the footer, and the footer itself


def test_bare_numbers_are_footers_only_when_they_count_upwards():
    body = "\n\n".join(f"第{k}段文字。\n\n{k}" for k in range(1, 6))
    assert [ln.text for ln in split_lines(body)] == [f"第{k}段文字。" for k in range(1, 6)]
    shuffled = "甲。\n\n7\n\n乙。\n\n3\n\n丙。\n\n5\n\n丁。"
    assert "7" in [ln.text for ln in split_lines(shuffled)]


def test_wrap_width_of_a_hard_wrapped_text():
    para = "一二三四五六七八九十" * 3
    lines = split_lines("\n".join([para] * 30 + ["短。"]))
    assert wrap_width(lines) == 30
    assert wrap_width(split_lines("\n".join(["长短不一的一行。", "一行"] * 15))) is None


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_decode_each_encoding(enc):
    text, got = decode("第一章 总则\r\n正文。".encode(enc))
    assert text == "第一章 总则\n正文。" and got == enc


@pytest.mark.parametrize("data,reason", [(b"", "空"), (b"\x00\x01" * 100, "二进制"),
                                         (b"\x80\xff\x80", "解码"), (b"plain ascii only", "中文")])
def test_decode_refuses(data, reason):
    with pytest.raises(UnimportableFile) as e:
        decode(data, "x.txt")
    assert reason in e.value.reason and "x.txt" in str(e.value)
