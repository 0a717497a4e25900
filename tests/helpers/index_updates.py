"""An import and a removal updating DATA/index in place, each followed by a check of
what the index keeps beside Whoosh (tests/search: the character table, the word table)."""
from __future__ import annotations

from tests.helpers.support import run_cli as run
from tests.helpers.tests_helpers_make import write_small_plan


def import_then_remove(data, tmp_path, capsys, check) -> None:
    """`plandesk import` a small plan (its units hold 某某区) into `data`, then
    `check(data, imported=True)`; `plandesk remove` it, then `check(data, imported=False)`."""
    code, out, err = run(capsys, "import", str(write_small_plan(tmp_path / "新规划.docx")), "--data", str(data))
    assert code == 0, err
    check(data, imported=True)
    did = out.splitlines()[1].split()[0]
    code, _, err = run(capsys, "remove", did, "--data", str(data))
    assert code == 0, err
    check(data, imported=False)
