"""Which licence a Python distribution is under and its full text, from its
installed metadata (importlib.metadata): one home for the bundle's
THIRD-PARTY-NOTICES (build/notices.py) and for 关于 › 许可. Qt-free."""
from __future__ import annotations

import importlib.metadata as md
import re
import sys
from dataclasses import dataclass
from pathlib import Path

NOTICES = "THIRD-PARTY-NOTICES"
# where Debian keeps the standard texts (base-files: on every Debian system)
COMMON_LICENSES = Path("/usr/share/common-licenses")
COMMON = {"Apache-2.0": "Apache-2.0", "GPL-2.0": "GPL-2", "GPL-3.0": "GPL-3", "LGPL-2.1": "LGPL-2.1",
          "LGPL-3.0": "LGPL-3", "MPL-2.0": "MPL-2.0"}
TEXT_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|COPYRIGHT)[^/]*$", re.I)
MIT = """Copyright (c) {who}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


@dataclass(frozen=True)
class Licence:
    name: str                                   # the distribution's name, as it spells it
    version: str
    licence: str                                # SPDX expression, License field or classifiers
    texts: tuple[tuple[str, str], ...]          # (where the text came from, the text)


def licence_name(meta) -> str:
    """License-Expression, else a one-line License field, else the licence classifiers."""
    expr = (meta.get("License-Expression") or "").strip()
    if expr:
        return expr
    field = (meta.get("License") or "").strip()
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if field and "\n" not in field and len(field) <= 120 and field.upper() != "UNKNOWN":
        return field
    return "; ".join(classifiers) or ("见许可文本" if field else "未注明")


def spdx_ids(licence: str) -> list[str]:
    """The SPDX ids in an expression or a classifier name (MIT, LGPL-3.0-only → LGPL-3.0 …)."""
    ids = [re.sub(r"-(only|or-later)$", "", t) for t in re.findall(r"[A-Za-z0-9.+-]+", licence)]
    if re.search(r"\bMIT\b", licence):
        ids.append("MIT")
    return [i for i in ids if i not in ("OR", "AND", "WITH")]


def dist_files(dist) -> list[tuple[str, str]]:
    """The licence files the distribution ships in its dist-info (License-File or by name)."""
    out = []
    for f in dist.files or ():
        p = f.as_posix()
        in_info = p.split("/")[0].endswith(".dist-info")
        if in_info and ("/licenses/" in p or TEXT_FILE.search(p)):
            text = Path(dist.locate_file(f)).read_text(encoding="utf-8", errors="replace").strip()
            if text:
                out.append((p, text))
    return out


def standard_texts(dist, licence: str) -> list[tuple[str, str]]:
    """For a distribution that ships no text: the standard text of its licence
    (Debian's common-licenses; MIT with the copyright holder of its metadata),
    else a License field that is itself the full text."""
    out = []
    for i in dict.fromkeys(spdx_ids(licence)):
        if i == "MIT":
            who = dist.metadata.get("Author") or dist.metadata.get("Author-email") or dist.metadata["Name"]
            out.append(("MIT（包内未附文本：标准 MIT 文本，版权人取自其元数据）", MIT.format(who=who).strip()))
        elif i in COMMON and (COMMON_LICENSES / COMMON[i]).is_file():
            out.append((str(COMMON_LICENSES / COMMON[i]), (COMMON_LICENSES / COMMON[i]).read_text(encoding="utf-8").strip()))
    field = (dist.metadata.get("License") or "").strip()
    if not out and "\n" in field:
        out.append(("License（元数据）", field))
    return out


def of(dist) -> Licence:
    name = licence_name(dist.metadata)
    return Licence(dist.metadata["Name"], dist.version, name, tuple(dist_files(dist) or standard_texts(dist, name)))


def render(lic: Licence) -> str:
    head = f"{lic.name} {lic.version}\n许可 / Licence: {lic.licence}\n"
    body = "\n\n".join(f"--- {src} ---\n{text}" for src, text in lic.texts)
    return head + "\n" + (body or "（未找到许可文本）") + "\n"


def requirements(name: str = "plandesk") -> list:
    """The distributions `name` needs at run time (no extras), transitively, in order."""
    seen, order, todo = set(), [], [name]
    while todo:
        try:
            dist = md.distribution(todo.pop(0))
        except md.PackageNotFoundError:
            continue
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in seen:
            continue
        seen.add(key)
        order.append(dist)
        todo += [re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0] for r in dist.requires or () if "extra ==" not in r]
    return order[1:]


def shipped_notices() -> Path | None:
    """The bundle's THIRD-PARTY-NOTICES, beside the executable, when frozen."""
    if not getattr(sys, "frozen", False):
        return None
    p = Path(sys.executable).resolve().parent / NOTICES
    return p if p.is_file() else None


def runtime_notices() -> str:
    """What a checkout can say: the licences of the distributions it runs on."""
    head = ("PlanDesk 第三方许可（从源码运行）\n"
            "完整清单（Qt、CPython、PDFium 与随包的系统库）在打包时生成，随安装包附带：THIRD-PARTY-NOTICES。\n"
            "以下是本环境中 PlanDesk 运行所需的 Python 发行包及其许可。\n")
    return head + "".join("\n" + "=" * 72 + "\n" + render(of(d)) for d in requirements())


def notices_text() -> str:
    p = shipped_notices()
    return p.read_text(encoding="utf-8") if p else runtime_notices()
