"""A library build survives one bad file: the readable plans are built and put in
place, the refused ones are listed (one line each, exit code 3) and recorded in the
store (doc_notes rows of no document, kind refused_file). `--strict` refuses a file
the importer's self-check has findings on, in `build` and in `import`."""
from __future__ import annotations

import shutil

import pytest

from tests.helpers import support
from db import paths
from db.importer.errors import UnimportableFile
from db.store import Store
from db.store.builder import REFUSED_KIND, refused_files
from desktop.cli.cmd_build import EXIT_REFUSED
from desktop.services.update import update
from tests.helpers.support import run_cli as run

NO_TITLE = "第一章 总体要求\n\n坚持开放发展。\n\n第二章 重点任务\n\n建设开放平台。\n\n专栏1 重点平台\n\n综合保税区。\n"


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(support.source_path("003"), d)
    (d / "坏文件.txt").write_bytes(b"\x00\x01\x02 not a plan")
    return d


def test_build_installs_the_good_plans_and_lists_the_bad_one(corpus, tmp_path, capsys):
    data = tmp_path / "data"
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--data", str(data))
    assert code == EXIT_REFUSED == 3
    bad = [x for x in err.splitlines() if "坏文件.txt" in x]
    assert len(bad) == 1 and "未导入" in bad[0] and "二进制" in bad[0]
    assert [x for x in err.splitlines() if x.strip()] == bad         # one line per refused file, nothing else
    with Store(paths.plans_db(data)) as st:
        assert [d["source_file"] for d in st.documents()] == [support.source_path("003").name]
    assert refused_files(paths.plans_db(data)) == ["坏文件.txt：二进制文件（含 NUL 字节），不是规划文本"]
    assert (paths.data_dir(str(data)) / "index").exists()


def test_a_build_of_good_files_only_exits_0_and_records_nothing(tmp_path, capsys):
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(support.source_path("003"), d)
    code, _, err = run(capsys, "build", "--corpus", str(d), "--data", str(tmp_path / "data"))
    assert code == 0 and "refused" not in err
    assert refused_files(paths.plans_db(tmp_path / "data")) == []


def test_no_readable_file_is_still_an_error_and_changes_nothing(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_bytes(b"\x00\x00")
    with pytest.raises(UnimportableFile):
        update(tmp_path / "data", corpus=d, force=True)
    assert not paths.plans_db(tmp_path / "data").exists()


def test_the_first_start_path_installs_and_tells(corpus, tmp_path):
    """update() (what the window's first start and rebuild run): the store goes in,
    and each refused file is one notice for the person."""
    built = update(tmp_path / "data", corpus=corpus, force=True)
    assert [f for f, _ in built.refused] == [str(corpus / "坏文件.txt")]
    assert any("坏文件.txt" in n and "未导入" in n for n in built.notices)
    with Store(paths.plans_db(tmp_path / "data")) as st:
        assert len(st.documents()) == 1


def test_the_window_build_dialog_passes_the_refusals_on(corpus, tmp_path):
    from desktop.window import first_run
    staged = first_run.stage_job(tmp_path / "data", corpus, True)(None)
    try:
        assert any("坏文件.txt" in n for n in staged.notices)
    finally:
        staged.discard()


def test_build_strict_refuses_a_plan_with_self_check_findings(corpus, tmp_path, capsys):
    (corpus / "无标题.txt").write_text(NO_TITLE, encoding="utf-8")
    data = tmp_path / "data"
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--data", str(data))
    assert code == EXIT_REFUSED                      # the binary file
    warn = [x for x in out.splitlines() if x.startswith("  warning: 无标题.txt: 第")]
    assert warn and "取自文件名" in warn[0]          # named with its file and line
    code, out, err = run(capsys, "build", "--corpus", str(corpus), "--data", str(data), "--strict")
    assert code == EXIT_REFUSED
    line = next(x for x in err.splitlines() if "无标题.txt" in x)
    assert "自检发现" in line and "取自文件名" in line
    with Store(paths.plans_db(data)) as st:
        assert len(st.documents()) == 1
        assert {n["kind"] for n in st._rows("select kind from doc_notes where document_id is null")} == {REFUSED_KIND}


def test_import_strict_refuses_and_lists_the_warnings(data_copy, tmp_path, capsys):
    f = tmp_path / "无标题.txt"
    f.write_text(NO_TITLE, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(f), "--data", str(data_copy), "--strict")
    assert code == 3
    lines = out.splitlines()
    assert "self-check" in lines[0]
    assert any(x.startswith("  warning: 无标题.txt: 第1行：") for x in lines)
    with Store(paths.plans_db(data_copy)) as st:
        assert len(st.documents()) == 5
    code, out, _ = run(capsys, "import", str(f), "--data", str(data_copy))      # without --strict: imported, told
    assert code == 0 and any("warning: 无标题.txt: 第1行：" in x for x in out.splitlines())
