"""The oldest glibc a bundle runs on: every ELF file under a folder (the executable,
every .so in _internal), its needed symbol versions read from .gnu.version_r (no
binutils needed), the highest GLIBC_x.y and the files that need it. Also the
GLIBCXX/CXXABI/GCC versions needed from a libstdc++/libgcc_s the bundle does not
carry (the system's must then be new enough).

  python build/glibc_floor.py dist/PlanDesk              # the floor and who sets it
  python build/glibc_floor.py dist/PlanDesk --max 2.31   # exit 1, a line per file above it
  python build/glibc_floor.py dist/PlanDesk --json

Symlinks and non-ELF files are skipped; a damaged ELF file is one line and exit 2."""
from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_GNU_VERNEED = 0x6FFFFFFE
PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_STRTAB, DT_VERNEED, DT_VERNEEDNUM = 0, 5, 0x6FFFFFFE, 0x6FFFFFFF
# version names without a number that still mean "this glibc or newer"
MARKERS = {"GLIBC_ABI_DT_RELR": (2, 36)}
# the libraries whose versions the system must meet unless the bundle carries them
CXX_LIBS = {"libstdc++.so.6": ("GLIBCXX", "CXXABI"), "libgcc_s.so.1": ("GCC",)}
VERSION = re.compile(r"^([A-Z]+)_(\d+(?:\.\d+)*)$")


class BadElf(Exception):
    """A file that starts like an ELF file but cannot be read as one."""


def needed_versions(data: bytes) -> dict[str, set[str]]:
    """{library soname: {version names needed from it}} of one ELF image."""
    if len(data) < 16 or data[:4] != ELF_MAGIC:
        raise BadElf("no ELF header")
    cls, enc = data[4], data[5]
    if cls not in (1, 2) or enc not in (1, 2):
        raise BadElf(f"unknown ELF class {cls} or byte order {enc}")
    e = "<" if enc == 1 else ">"
    is64 = cls == 2
    try:
        return _verneed(data, e, is64)
    except (struct.error, IndexError, ValueError) as exc:  # ValueError: no string end, bad name
        raise BadElf(f"truncated or damaged ({exc})") from None


def _unpack(fmt: str, data: bytes, off: int) -> tuple:
    if off < 0 or off + struct.calcsize(fmt) > len(data):
        raise struct.error(f"offset {off} past the end ({len(data)} bytes)")
    return struct.unpack_from(fmt, data, off)


def _verneed(data: bytes, e: str, is64: bool) -> dict[str, set[str]]:
    hdr = e + ("HHIQQQIHHHHHH" if is64 else "HHIIIIIHHHHHH")
    (_, _, _, _, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum, _) = _unpack(hdr, data, 16)
    if shoff and shnum:
        shdr = e + ("IIQQQQIIQQ" if is64 else "IIIIIIIIII")
        sections = [_unpack(shdr, data, shoff + k * shentsize) for k in range(shnum)]
        for s in sections:
            if s[1] == SHT_GNU_VERNEED:
                strtab = sections[s[6]]
                return _walk(data, e, s[4], s[7], strtab[4], strtab[4] + strtab[5])
        return {}
    return _verneed_from_dynamic(data, e, is64, phoff, phentsize, phnum)


def _verneed_from_dynamic(data: bytes, e: str, is64: bool, phoff: int, phentsize: int, phnum: int):
    """No section headers (stripped with sstrip): the dynamic segment's DT_VERNEED."""
    phdr = e + ("IIQQQQQQ" if is64 else "IIIIIIII")
    segs = [_unpack(phdr, data, phoff + k * phentsize) for k in range(phnum)]
    # (offset, vaddr) of each program header, whichever the class's field order
    loads = [(s[2], s[3], s[5]) if is64 else (s[1], s[2], s[4]) for s in segs if s[0] == PT_LOAD]
    dyn = next(((s[2], s[5]) if is64 else (s[1], s[4]) for s in segs if s[0] == PT_DYNAMIC), None)
    if dyn is None:
        return {}
    ent = e + ("qQ" if is64 else "iI")
    tags = {}
    for k in range(dyn[1] // struct.calcsize(ent)):
        tag, val = _unpack(ent, data, dyn[0] + k * struct.calcsize(ent))
        if tag == DT_NULL:
            break
        tags[tag] = val
    if DT_VERNEED not in tags:
        return {}

    def offset(vaddr: int) -> int:
        for off, start, size in loads:
            if start <= vaddr < start + size:
                return vaddr - start + off
        raise struct.error(f"address {vaddr:#x} in no segment")
    return _walk(data, e, offset(tags[DT_VERNEED]), tags.get(DT_VERNEEDNUM, 0),
                 offset(tags[DT_STRTAB]), len(data))


def _walk(data: bytes, e: str, off: int, count: int, strs: int, strs_end: int) -> dict[str, set[str]]:
    """The Verneed chain at `off`: each library and the Vernaux names under it."""
    def name(k: int) -> str:
        start = strs + k
        end = data.index(b"\0", start, strs_end)
        return data[start:end].decode("ascii")
    out: dict[str, set[str]] = {}
    for _ in range(min(count, len(data) // 16)):     # a damaged count or chain cannot loop long
        _, cnt, file_, aux, nxt = _unpack(e + "HHIII", data, off)
        names = out.setdefault(name(file_), set())
        a = off + aux
        for _ in range(min(cnt, len(data) // 16)):
            _, _, _, vname, anext = _unpack(e + "IHHII", data, a)
            names.add(name(vname))
            if not anext:
                break
            a += anext
        if not nxt:
            break
        off += nxt
    return out


def parse_version(name: str) -> tuple[str, tuple[int, ...]] | None:
    """("GLIBC", (2, 34)) for GLIBC_2.34; None for GLIBC_PRIVATE and the like."""
    if name in MARKERS:
        return "GLIBC", MARKERS[name]
    m = VERSION.match(name)
    return (m.group(1), tuple(int(x) for x in m.group(2).split("."))) if m else None


def show(v: tuple[int, ...]) -> str:
    return ".".join(map(str, v))


def elf_files(folder: Path):
    """Every regular file (no symlink) under folder, or folder itself, that starts like ELF."""
    paths = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*"))
    for p in paths:
        if p.is_symlink() or not p.is_file():
            continue
        with open(p, "rb") as f:
            if f.read(4) == ELF_MAGIC:
                yield p


def scan(folder: Path) -> dict:
    """Each ELF file's highest needs; the floor and the files at it; damaged files."""
    files, errors = {}, []
    carried = set()
    for p in elf_files(folder):
        rel = str(p.relative_to(folder)) if p != folder else p.name
        carried.add(p.name)
        try:
            needs = needed_versions(p.read_bytes())
        except BadElf as exc:
            errors.append(f"{p}: not a readable ELF file: {exc}")
            continue
        files[rel] = top_needs(needs)
    for info in files.values():        # a library the bundle carries is no system need
        for lib in CXX_LIBS:
            if lib in carried:
                for fam in CXX_LIBS[lib]:
                    info.pop(fam, None)
    return {"folder": str(folder), "files": files, "errors": errors,
            "carried": sorted(lib for lib in CXX_LIBS if lib in carried), **summary(files)}


def top_needs(needs: dict[str, set[str]]) -> dict[str, str]:
    """{"GLIBC": "2.34", "GLIBCXX": "3.4.29", ...}: the highest of each family needed."""
    best: dict[str, tuple[int, ...]] = {}
    for lib, names in needs.items():
        for n in names:
            parsed = parse_version(n)
            if parsed is None:
                continue
            fam, v = parsed
            if fam == "GLIBC" or fam in CXX_LIBS.get(lib, ()):
                best[fam] = max(best.get(fam, ()), v)
    return {fam: show(v) for fam, v in best.items()}


def summary(files: dict[str, dict[str, str]]) -> dict:
    """Per family: the highest version and the files needing exactly it."""
    out = {}
    for fam in ("GLIBC", "GLIBCXX", "CXXABI", "GCC"):
        vs = {rel: tuple(map(int, info[fam].split("."))) for rel, info in files.items() if fam in info}
        if vs:
            top = max(vs.values())
            out[fam] = {"version": show(top), "files": sorted(r for r, v in vs.items() if v == top)}
    return {"floor": out}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The glibc (and libstdc++) versions a bundle folder needs.")
    ap.add_argument("folder", type=Path, help="the bundle folder (dist/PlanDesk) or one ELF file")
    ap.add_argument("--max", help="the oldest glibc to support, e.g. 2.31: exit 1 if any file needs more")
    ap.add_argument("--max-glibcxx", help="likewise for a system libstdc++ (e.g. 3.4.28, Debian 11's gcc 10)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    a = ap.parse_args(argv)
    if not a.folder.exists():
        print(f"glibc_floor: {a.folder}: no such file or folder", file=sys.stderr)
        return 2
    limits = {}
    for fam, raw in (("GLIBC", a.max), ("GLIBCXX", a.max_glibcxx)):
        if raw:
            if not re.fullmatch(r"\d+(\.\d+)*", raw):
                print(f"glibc_floor: --max {raw!r}: not a version like 2.31", file=sys.stderr)
                return 2
            limits[fam] = tuple(map(int, raw.split(".")))
    r = scan(a.folder)
    over = [f"{rel}: needs {fam}_{info[fam]} > {show(lim)}" for rel, info in sorted(r["files"].items())
            for fam, lim in limits.items() if fam in info and tuple(map(int, info[fam].split("."))) > lim]
    r["over"] = over
    if a.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
    else:
        for line in over or report(r):
            print(line)
    for line in r["errors"]:
        print(f"glibc_floor: {line}", file=sys.stderr)
    return 2 if r["errors"] else 1 if over else 0


def report(r: dict) -> list[str]:
    n = len(r["files"])
    lines = []
    for fam, top in r["floor"].items():
        who = top["files"]
        shown = ", ".join(who[:5]) + (f" and {len(who) - 5} more" if len(who) > 5 else "")
        what = "glibc floor" if fam == "GLIBC" else f"system {fam} needed"
        lines.append(f"{what}: {fam}_{top['version']} ({shown})")
    if "GLIBC" not in r["floor"]:
        lines.insert(0, "glibc floor: none (no versioned glibc symbol)")
    lines.append(f"{n} ELF file(s) read under {r['folder']}"
                 + (f"; carried: {', '.join(r['carried'])}" if r["carried"] else ""))
    return lines


if __name__ == "__main__":
    sys.exit(main())
