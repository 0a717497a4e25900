#!/usr/bin/env python
"""Binary Word (.doc, .wps) fixtures: the five plans as LibreOffice writes Word 97.

A by-hand developer script, like make_round2.py (whose LibreOffice helper it uses).
The inputs are conversions already in this folder, so the key is the same: the
bundled text of each plan (resources/corpus/<stem>.txt).

    /work/main/.venv/bin/python -m tests.conversions.make_doc

Outputs, next to this script:

    doc-lo/      docx-styled/*.docx -> .doc (soffice --convert-to "doc:MS Word 97"):
                 labels in the text, list 专栏 as one-cell tables, table 专栏 with
                 vertically merged cells, a tracked deletion, a header and footer
    doc-lists/   lo-odt/000 and 001 -> .doc: heading labels only in list numbering
                 carried by the Heading styles (LSTF/LFO), 专栏 in text boxes, a TOC field
    doc-wps/     003 from doc-lo saved as .wps (WPS 文字's .wps is the same format);
                 works.wps, a compound file holding a Works 'MatOST' stream and no
                 WordDocument; works-old.wps, a Works 3 file (not a compound file)

LibreOffice 7.4.7.2 (Debian 12). Its Word 97 export writes a list restarted at a
start value as a list of its own, so a heading run on across its parent (002's 章,
003's （N）, 004's 第三节) is numbered afresh in the .doc: LibreOffice itself shows
（一） there when it opens the file again. Those plans are therefore not in doc-lists.
"""
from __future__ import annotations

import shutil
import struct
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

ENDOFCHAIN, FATSECT, FREESECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
SECTOR = 512
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _dir_entry(name: str, kind: int, start: int, size: int, child=NOSTREAM, right=NOSTREAM) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size))


def compound(streams: dict[str, bytes]) -> bytes:
    """A minimal version-3 compound file ([MS-CFB]) holding these streams at the top
    level: one FAT sector, one directory sector (at most 3 streams), each stream in
    regular sectors (padded to the 4096-byte mini-stream cutoff, so no mini FAT)."""
    assert len(streams) <= 3
    body, fat, entries = [], [FATSECT, ENDOFCHAIN], []
    nxt = 2
    for k, (name, data) in enumerate(streams.items()):
        data = data.ljust(4096, b"\0")
        n = -(-len(data) // SECTOR)
        fat += [nxt + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
        entries.append(_dir_entry(name, 2, nxt, len(data), right=k + 2 if k + 1 < len(streams) else NOSTREAM))
        body.append(data.ljust(n * SECTOR, b"\0"))
        nxt += n
    root = _dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1 if streams else NOSTREAM)
    directory = b"".join([root] + entries).ljust(SECTOR, b"\0")
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(SECTOR, b"\xff")
    header = (MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    return header + fat_sector + directory + b"".join(body)


def works_files(out: Path) -> None:
    """Two Microsoft Works word-processor files: Works 4+ (a compound file whose text
    is in 'MatOST', with 'CONTENTS'), and Works 3 (its own binary header)."""
    (out / "works.wps").write_bytes(compound({"CONTENTS": b"CHNKWKS" + bytes(64),
                                              "MatOST": "规划正文".encode("utf-16-le")}))
    (out / "works-old.wps").write_bytes(b"\x01\xfe\x32\x00" + bytes(252) + "规划正文".encode("gb18030"))


def main() -> None:
    from tests.conversions.make_round2 import soffice_convert
    plans = sorted((HERE / "docx-styled").glob("*.docx"))
    for folder in ("doc-lo", "doc-lists", "doc-wps"):
        shutil.rmtree(HERE / folder, ignore_errors=True)
        (HERE / folder).mkdir()
    soffice_convert(plans, "doc:MS Word 97", HERE / "doc-lo")
    lists = [f for f in sorted((HERE / "lo-odt").glob("*.docx")) if f.name[:3] in ("000", "001")]
    with tempfile.TemporaryDirectory(prefix="doc-lists-") as tmp:
        soffice_convert(lists, "doc:MS Word 97", Path(tmp))
        for f in Path(tmp).glob("*.doc"):
            shutil.copy(f, HERE / "doc-lists" / f.name)
    src = next((HERE / "doc-lo").glob("003_*.doc"))
    shutil.copy(src, HERE / "doc-wps" / f"{src.stem}.wps")
    works_files(HERE / "doc-wps")
    for folder in ("doc-lo", "doc-lists", "doc-wps"):
        files = sorted((HERE / folder).iterdir())
        print(folder, len(files), "files,", sum(f.stat().st_size for f in files) // 1024, "KB")


if __name__ == "__main__":
    main()
