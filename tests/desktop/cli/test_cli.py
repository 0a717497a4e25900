"""The plandesk command line: build, stats, show."""
from __future__ import annotations

import json
import re

import pytest

from tests.helpers import support
from db.store import Store
from tests.helpers.support import run_cli as run  # noqa: E402




def test_build(tmp_path, capsys):
    code, out, err = run(capsys, "build", "--corpus", str(support.CORPUS), "--data", str(tmp_path))
    assert code == 0 and not err
    assert f"built {tmp_path / 'plans.sqlite'}" in out
    st = Store(tmp_path / "plans.sqlite")
    try:
        assert sorted(d["id"] for d in st.documents()) == sorted(support.doc_id(p) for p in support.PREFIXES)
    finally:
        st.close()


def test_build_defaults_to_the_bundled_corpus(tmp_path, capsys):
    code, out, _ = run(capsys, "build", "--data", str(tmp_path))
    assert code == 0
    assert all(support.source_path(p).name in out for p in support.PREFIXES)


def test_stats(built_store, data, capsys):
    code, out, err = run(capsys, "stats", "--data", data)
    assert code == 0 and not err
    header, *lines = out.splitlines()
    assert header.split()[:3] == ["document", "source", "file"] and "boxes" in header and "targets" in header
    assert len(lines) == len(support.PREFIXES)
    for d, line in zip(built_store.documents(), lines):
        assert line.split()[:2] == [d["id"], d["source_file"]]
        levels = dict(re.findall(r"L(\d+)=(\d+)", line))
        secs = built_store.sections(d["id"])
        assert sum(map(int, levels.values())) == len(secs)
        boxes, items, table_rows, targets = map(int, re.sub(r"\[.*\]", "", line).split()[-4:])
        assert boxes == len(built_store.boxes(d["id"]))
        tables = [i for i in built_store.indicators(d["id"]) if i["table_label"]]
        assert table_rows == len(tables)
        assert table_rows + targets == len(built_store.indicators(d["id"]))
        assert ("[原文顺序不可靠]" in line) == (not d["order_reliable"])


def test_show_section(built_store, data, capsys):
    sid = "open-platforms-2018:第三章/第一节"
    s = built_store.section(sid)
    code, out, err = run(capsys, "show", sid, "--data", data)
    assert code == 0 and not err
    assert "第一节 明确各类平台的功能定位" in out
    assert f"第{s['line_start']}–{s['line_end']}行" in out
    assert s["text"] and s["text"] in out


def test_show_table_box_lists_its_rows(built_store, data, capsys):
    bid = "open-platforms-2018:专栏1"
    code, out, err = run(capsys, "show", bid, "--data", data)
    assert code == 0 and not err
    assert "专栏1 产业集聚平台功能定位" in out and "[table]" in out
    rows = [ln for ln in out.splitlines() if ln.startswith("开放平台：")]
    items = built_store.items(bid)
    assert len(rows) == len(items) == 8
    for row, it in zip(rows, items):
        cells = it["cells"]
        assert row.startswith(f"开放平台：{it['lead']} | 战略定位：{cells['战略定位']}")
        assert f"[{it['line_start']}–{it['line_end']}]" in row


def test_show_list_box(built_store, data, capsys):
    bid = "hightech-zone-2021:专栏6-7"
    code, out, _ = run(capsys, "show", bid, "--data", data)
    assert code == 0 and "[list]" in out
    for it in built_store.items(bid):
        assert f"· {it['text']}" in out


def test_show_indicator(data, capsys):
    code, out, err = run(capsys, "show", "hightech-zone-2021:表2-1#10", "--data", data)
    assert code == 0 and not err
    for line in ("name: 实际利用外资", "unit: 亿美元", "baseline: [7.76]", "target: [45]", "cumulative: 1",
                 "nature: 预期性"):
        assert line in out.splitlines()


def test_show_unknown_id(data, capsys):
    code, out, err = run(capsys, "show", "open-platforms-2018:第九十九章", "--data", data)
    assert code == 1
    assert not out and "第九十九章" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["stats"], ["show", "open-platforms-2018:专栏1"]])
def test_no_store_yet(tmp_path, capsys, argv):
    code, _, err = run(capsys, *argv, "--data", str(tmp_path))
    assert code == 2 and "plandesk build" in err


@pytest.mark.parametrize("form", ["--data=DIR stats", "--data DIR stats", "stats --data=DIR", "stats --data DIR"])
def test_data_option_in_every_form(built_store, data, capsys, form):
    argv = []
    for tok in form.split():
        argv.append(tok.replace("DIR", data))
    code, out, err = run(capsys, *argv)
    assert code == 0 and not err
    assert out.splitlines()[1].split()[0] == built_store.documents()[0]["id"]


def test_version_is_the_one_in_pyproject(capsys):
    import re
    import tomllib

    from tests.helpers import support
    from db.version import version
    want = tomllib.loads((support.TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert version() == want
    from desktop.cli import main
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"PlanDesk {want}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", want)


def test_help_says_bare_plandesk_opens_the_window(capsys):
    from desktop.cli import main
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "opens the window" in out and "--version" in out


def test_show_a_document_lists_its_sections_and_boxes(built_store, data, capsys):
    code, out, err = run(capsys, "show", "open-platforms-2018", "--data", data)
    assert code == 0 and not err
    ids = re.findall(r"\[([^\]]+:[^\]]+)\]", out)
    secs = [s["id"] for s in built_store.sections("open-platforms-2018")]
    boxes = [b["id"] for b in built_store.boxes("open-platforms-2018")]
    assert [i for i in ids if i in secs] == secs and set(boxes) <= set(ids)
    code, out2, _ = run(capsys, "show", boxes[0], "--data", data)      # every id listed is one show takes
    assert code == 0 and out2


def test_every_option_has_help_text():
    import argparse

    from desktop.cli import parser
    missing = []

    def walk(p, name):
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for n, sp in a.choices.items():
                    walk(sp, n)
            elif not a.help:
                missing.append((name, a.option_strings or a.dest))
    walk(parser(), "plandesk")
    assert not missing


def test_export_over_a_file_open_in_wps_says_so_in_one_line(data, tmp_path, capsys):
    f = tmp_path / "专栏.docx"
    f.write_bytes(b"the official's edited copy")
    (tmp_path / ".~lock.专栏.docx#").write_text("someone,host,pid", encoding="utf-8")
    code, out, err = run(capsys, "export", "--box", "open-platforms-2018:专栏1", "-o", str(f), "--data", data,
                         "--force")
    assert code != 0
    assert err.strip().count("\n") == 0 and str(f) in err and "正被其他程序（如 WPS/Word）打开" in err, err
    assert f.read_bytes() == b"the official's edited copy"
