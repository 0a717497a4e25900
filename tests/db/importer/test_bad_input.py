"""Bad input is refused with a one-line reason naming the file, and never
replaces a good store; no input makes the importer fail any other way."""
from __future__ import annotations

import os
import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import support
from db.importer import textio
from db.importer.errors import UnimportableFile
from db.importer import parse_file, parse_text
from db.importer.model import ParsedDoc
from desktop.cli import main

_rng = random.Random(20240601)
BAD = {
    "empty.txt": b"",
    "blank.txt": b" \n\t\n\r\n   \n",
    "blank_fullwidth.txt": "\u3000\u3000\n\n \u3000\n".encode("utf-8"),
    "binary.txt": bytes(_rng.randrange(256) for _ in range(3000)) + b"\x00\x00\x01\x02" * 50,
    # 0x80 and 0xff start no character in UTF-8 nor in GB18030; no byte-order mark
    "undecodable.txt": b"\x80\x80\xff\xfe\x80\xff" + "第一章 总则".encode("utf-8") + b"\xff\x80",
    "no_headings.txt": ("重庆市开放平台建设情况说明\n\n近年来，重庆加快建设内陆开放高地，开放平台体系基本成型。\n"
                        "下一步将继续深化改革，扩大开放。\n").encode("utf-8"),
}


def test_the_bad_bytes_are_what_they_claim():
    for enc in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            BAD["undecodable.txt"].decode(enc)
    assert b"\x00" in BAD["binary.txt"]
    assert not BAD["blank.txt"].decode("utf-8").strip()
    assert not BAD["blank_fullwidth.txt"].decode("utf-8").strip()


@pytest.mark.parametrize("name", sorted(BAD))
def test_parse_file_refuses_with_a_reason(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(BAD[name])
    with pytest.raises(UnimportableFile) as e:
        parse_file(f)
    msg = str(e.value)
    assert name in msg and name in e.value.path
    assert e.value.reason and e.value.reason in msg
    assert "\n" not in msg


def test_cannot_read_is_refused_too(tmp_path):
    with pytest.raises(UnimportableFile) as e:
        parse_file(tmp_path / "missing.txt")
    assert "missing.txt" in str(e.value)


# ---- through the CLI: non-zero exit, one line on stderr, the old store kept ----

@pytest.fixture
def small_corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for p in ("003", "004"):
        shutil.copy(support.source_path(p), d)
    shutil.copy(support.CORPUS / "catalog.toml", d)
    return d


@pytest.fixture(scope="module")
def small_built(small_corpus_m, tmp_path_factory):
    data = tmp_path_factory.mktemp("small-built")
    assert main(["build", "--corpus", str(small_corpus_m), "--data", str(data)]) == 0
    return data


@pytest.fixture(scope="module")
def small_corpus_m(tmp_path_factory):
    d = tmp_path_factory.mktemp("small-corpus")
    for p in ("003", "004"):
        shutil.copy(support.source_path(p), d)
    shutil.copy(support.CORPUS / "catalog.toml", d)
    return d


@pytest.mark.parametrize("name", sorted(BAD))
def test_cli_build_leaves_out_a_bad_file_and_builds_the_rest(small_built, small_corpus, tmp_path, capsys, name):
    """One bad file no longer costs the library: the others are built, the bad one
    is named on one line with its reason, and the exit code (3) says some were left out."""
    from db.store import Store
    data = tmp_path / "data"
    shutil.copytree(small_built, data, ignore=shutil.ignore_patterns("jieba.cache"))
    with Store(data / "plans.sqlite") as st:
        before = sorted(d["source_file"] for d in st.documents())
    capsys.readouterr()
    (small_corpus / name).write_bytes(BAD[name])
    code = main(["build", "--corpus", str(small_corpus), "--data", str(data)])
    err = capsys.readouterr().err
    assert code == 3
    assert len(err.strip().splitlines()) == 1, err
    assert name in err and "未导入" in err
    with Store(data / "plans.sqlite") as st:
        assert sorted(d["source_file"] for d in st.documents()) == before
    # nothing left behind: only the store and search index (and jieba's cache, when
    # that build was the first to load jieba in this process)
    assert sorted(n for n in os.listdir(data) if n not in ("jieba.cache", ".lock")) == ["index", "plans.sqlite"]


# ---- property: a ParsedDoc or UnimportableFile, nothing else ----

SENTENCES = ["加快建设内陆开放高地。", "到2025年，进出口总额达到3700亿元。", "坚持改革创新，扩大开放",
             "重庆自贸试验区累计新增市场主体超过6万户；", "开放平台体系基本成型。", "“十四五”时期",
             "推动形成全面开放新格局！", "（责任单位：市商务委）", "备注：带[ ]为五年累计数；"]
HEADS = ["第一章 x", "第二章 总体要求", "第三章", "第一篇 全面开放", "第一节 发展基础", "第十二节 y",
         "一、总体要求", "二、", "（一）y。", "(二) 建设目标。到2025年，开放水平显著提高。", "（三）",
         "1.优势和机遇", "2.3%", "（1）z", "专栏1 z", "专栏 6-1  重点工程", "专栏2：标题", "专栏",
         "表2-1 指标体系表", "图1 布局图", "目录", "目 录", "# 标题", "[bookmark: _Toc1]第四章 x",
         "开放平台 战 略 定 位 核 心 功 能", "重庆市人民政府关于印发规划的通知", "渝府发〔2021〕24号",
         "2021年9月13日", "（2021—2025年）", "- 12 -", "7"]
CELLS = ["序号", "指标", "2020", "2025", "指标属性", "1", "轨道通车里程（公里）", "11", "预期性",
         "[7.76]", "＞【500】", "一级指标", "单位", "2020年", "2025年"]

CN = "一二三四五六七八九十"
line = st.one_of(
    st.sampled_from(HEADS), st.sampled_from(SENTENCES), st.sampled_from(SENTENCES),
    st.sampled_from(CELLS).map(lambda c: "\t" + c),
    st.from_regex(r"\d{1,6}(\.\d{1,2})?", fullmatch=True),
    st.text(max_size=20), st.just(""),
)
HEADING = {"章": "第{}章 {}", "一、": "{}、{}", "（一）": "（{}）{}。", "节": "第{}节 {}", "1.": "{}.{}"}
TITLES = st.sampled_from(["总体要求", "发展基础", "主要任务", "保障措施", "“一带一路”", "x", ""])


@st.composite
def plans(draw):
    """Numbered headings in sequence (so that many of these parse), noise between."""
    out = draw(st.lists(line, max_size=4))
    top, sub = draw(st.sampled_from([("章", "节"), ("一、", "（一）"), ("章", "1."), ("（一）", "1.")]))
    for k in range(draw(st.integers(1, 5))):
        out.append(HEADING[top].format(CN[k], draw(TITLES)))
        for j in range(draw(st.integers(0, 3))):
            num = CN[j] if sub != "1." else str(j + 1)
            out.append(HEADING[sub].format(num, draw(TITLES)))
            out += draw(st.lists(line, max_size=6))
    return "\n".join(out)


@st.composite
def scrapes(draw):
    """A web page flattened into a few long lines: notice, a run-in 目录, the body."""
    heads = [f"第{CN[k]}章{draw(TITLES)}" for k in range(draw(st.integers(1, 6)))]
    body = draw(st.lists(st.one_of(st.sampled_from(heads), st.sampled_from(SENTENCES * 3),
                                   st.sampled_from(["专栏1：重点项目序号指标单位2020年2025年1口岸数量个232",
                                                    "专栏2：重点工程项目建设：推进建设。", "第一节x"])),
                         min_size=20, max_size=80))
    text = "重庆市人民政府关于印发《某某规划（2021—2025年）》的通知。目录" + "".join(heads) + "".join(body)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=3)))
    return "\n".join(text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)]))


# a piece of a real plan, cut anywhere (a truncated or partly copied file)
TEXTS = [support.source_path(p).read_text(encoding="utf-8") for p in support.PREFIXES]
pieces = st.tuples(st.sampled_from(TEXTS), st.floats(0, 1), st.floats(0, 1)).map(
    lambda t: t[0][int(min(t[1:]) * len(t[0])):int(max(t[1:]) * len(t[0]))])


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(st.text(), plans(), scrapes(), pieces))
def test_parse_text_returns_a_doc_or_refuses(text):
    try:
        doc = parse_text(text, "prop.txt")
    except UnimportableFile as e:
        assert e.path == "prop.txt" and e.reason
    else:
        assert isinstance(doc, ParsedDoc)


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.one_of(st.binary(), st.text().map(lambda t: t.encode("utf-8"))))
def test_decode_returns_text_or_refuses(data):
    try:
        text, enc = textio.decode(data, "prop.txt")
    except UnimportableFile as e:
        assert e.path == "prop.txt" and e.reason
    else:
        assert isinstance(text, str) and "\r" not in text
