"""The formats added for officials' real files (.doc, WPS's .wps, OFD) through the
command line in a fresh process — the checkout's, or the bundle's executable
(`make test-bundle`): a conversion imports, a Works file and mutated files give
one line naming the file, never a traceback."""
from __future__ import annotations

import random
import shutil

import pytest

from tests.helpers import support
from tests.helpers.faults import cli, snapshot

CONV = support.TESTS / "conversions"


def not_imported(r, name: str, *must: str) -> str:
    """`plandesk import` refused the file: exit 1, one line naming it and why (the
    import report is on stdout), no traceback anywhere."""
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr, (r.returncode, r.stdout, r.stderr[-2000:])
    (line,) = [ln for ln in r.stdout.splitlines() if name in ln]
    assert "not imported" in line and all(m in line for m in must), line
    return line


def test_a_word97_plan_imports_as_a_new_plan(fixture_copy, tmp_path):
    f = tmp_path / "004_cac55ccb8357c570.doc"
    shutil.copy(CONV / "doc-lo" / f.name, f)
    r = cli("import", f, "--data", fixture_copy)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    r = cli("search", "高新区", "--data", fixture_copy, "--json")
    assert r.returncode == 0 and "高新区" in r.stdout


@pytest.mark.parametrize("name, must", [("works.wps", "Microsoft Works"), ("works-old.wps", "Microsoft Works")])
def test_a_works_file_is_named_for_what_it_is(fixture_copy, name, must):
    before = snapshot(fixture_copy)
    not_imported(cli("import", CONV / "doc-wps" / name, "--data", fixture_copy), name, must)
    assert snapshot(fixture_copy) == before


@pytest.mark.parametrize("seed", range(6))
def test_a_mutated_doc_is_one_line_or_a_plan(fixture_copy, tmp_path, seed):
    rnd = random.Random(seed)
    data = bytearray((CONV / "doc-lo" / "003_32612307c233c21c.doc").read_bytes())
    if seed % 2:
        del data[rnd.randrange(512, len(data)):]                      # cut short
    for _ in range(40):
        data[rnd.randrange(len(data))] = rnd.randrange(256)            # bytes flipped anywhere, header too
    f = tmp_path / f"mutated-{seed}.doc"
    f.write_bytes(bytes(data))
    r = cli("import", f, "--data", fixture_copy, timeout=60)
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    if r.returncode:
        not_imported(r, f.name)


def test_an_ofd_plan_imports_and_its_seal_is_noted(fixture_copy, tmp_path):
    f = tmp_path / "001_9562c3c743865c59.ofd"
    shutil.copy(CONV / "ofd-gongwen" / f.name, f)
    r = cli("import", f, "--data", fixture_copy)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "含电子签章" in r.stdout + r.stderr


@pytest.mark.parametrize("seed", range(4))
def test_a_mutated_ofd_is_one_line_or_a_plan(fixture_copy, tmp_path, seed):
    rnd = random.Random(seed)
    data = bytearray((CONV / "ofd-plain" / "003_32612307c233c21c.ofd").read_bytes())
    if seed % 2:
        del data[rnd.randrange(64, len(data)):]
    for _ in range(30):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    f = tmp_path / f"mutated-{seed}.ofd"
    f.write_bytes(bytes(data))
    r = cli("import", f, "--data", fixture_copy, timeout=60)
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    if r.returncode:
        not_imported(r, f.name)
