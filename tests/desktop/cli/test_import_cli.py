"""plandesk import / list / remove, and imports that fail change nothing."""
from __future__ import annotations

import pytest

from tests.helpers import support
from db import paths
from db.store import Store
from desktop.services import importing
from tests.helpers.faults import snapshot
from search import index
from tests.helpers.support import run_cli as run
from tests.helpers.tests_helpers_make import write_small_plan


@pytest.fixture
def new_plan(tmp_path):
    return write_small_plan(tmp_path / "新规划.docx")


def test_import_list_remove(data_copy, new_plan, capsys):
    d = str(data_copy)
    code, out, err = run(capsys, "import", str(new_plan), "--data", d)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{new_plan}: imported"
    did = lines[1].split()[0]
    assert "某府发〔2021〕7号" in lines[1] and "boxes 1" in lines[2] and "[docx]" in lines[2]
    code, out, _ = run(capsys, "list", "--data", d)
    row = next(x for x in out.splitlines() if x.startswith(did))
    assert "imported" in row and "docx" in row and "新规划.docx" in row
    code, out, _ = run(capsys, "import", str(new_plan), "--data", d)           # the same file: nothing to do
    assert "already imported" in out
    code, _, err = run(capsys, "remove", "open-platforms-2018", "--data", d)
    assert code == 1 and "bundled" in err
    code, out, _ = run(capsys, "remove", did, "--data", d)
    assert code == 0 and out.strip() == f"removed {did}"
    with Store(paths.plans_db(data_copy)) as st:
        assert st.document(did) is None and len(st.documents()) == 5


def test_a_bad_file_imports_nothing(data_copy, tmp_path, capsys):
    bad = tmp_path / "旧格式.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)      # a compound file's signature, nothing else
    before = snapshot(data_copy)
    code, out, _ = run(capsys, "import", str(bad), "--data", str(data_copy))
    assert code == 1 and "复合文档已损坏" in out
    assert snapshot(data_copy) == before


@pytest.mark.parametrize("stage", ["store", "index"])
def test_an_import_that_fails_half_way_changes_nothing(data_copy, new_plan, monkeypatch, stage):
    before = snapshot(data_copy)

    def fail(*a, **k):
        raise OSError(28, "No space left on device", str(data_copy))

    if stage == "store":
        monkeypatch.setattr(importing, "stage_store_change", fail)
    else:
        monkeypatch.setattr(index, "stage_index_update", fail)
    with pytest.raises(OSError):
        importing.import_files(data_copy, [new_plan])
    assert snapshot(data_copy) == before
    assert not (data_copy / "library" / "manifest.json").exists()


def test_the_full_rebuild_keeps_imported_plans(data_copy, new_plan):
    res = importing.import_files(data_copy, [new_plan])
    did = res[0].doc_id
    from desktop.services.update import update
    update(data_copy, force=True)
    with Store(paths.plans_db(data_copy)) as st:
        d = st.document(did)
        assert d and d["origin"] == "imported" and d["source_file"] == "新规划.docx"
        assert [x["id"] for x in st.documents()][:5] == [support.doc_id(p) for p in ("000", "002", "004", "001", "003")]
