#!/usr/bin/env python
"""Score the importer on the conversion fixtures: each file imported alone, compared with the
store built from the bundled texts (and, for 000 and 004, with the hand-checked keys).

A by-hand developer script (not collected by pytest). It runs the PlanDesk CLI of a checkout
(`--src`, default: this repository's working tree) as `python -m desktop`, so a clean
export of a commit can be measured while the working tree is being edited:

    git -C /work/main archive HEAD | tar -x -C /tmp/plandesk-head
    /work/main/.venv/bin/python -m tests.conversions.score_round2 --src /tmp/plandesk-head \\
        --out /tmp/round2-scores.json

For every FOLDER/FILE (default: every folder beside this script that holds conversions):

1. `build --corpus DIR --data D1`, DIR holding only that file (named by its corpus stem): a
   store with that one plan, or the refusal (exit status and message);
2. `import FILE --replace --data D2`, D2 a copy of the data folder built from the bundled
   texts: `replaced` = recognised as the bundled plan (without --replace the CLI says "the same
   plan … is already there"), `imported` = silently added as a second copy; the `warning:`
   lines it prints are counted;
3. the one-plan store against the bundled store, both built by the same checkout:
   sections (label+title, and path+title) F1, 专栏 label F1, item counts right, items F1 (text,
   or the cells of a table row), indicator rows F1 (table label, name, baseline, target), text
   recall/precision (character bigrams of notice, title, preamble, headings, section text and
   专栏 items: low recall = text lost, low precision = text added such as running headers),
   title and 发文字号 right;
4. for 000 and 004, ../shared/tools/score_import.py against ../shared/golden (sec_F1, box_F1,
   box_items, ind).

Prints one table (folder x plan) and writes JSON with --out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED = REPO.parent / "shared"
ROUND1 = ("docx-numbered", "docx-styled", "html-gov", "pdf-lo", "pdf-chrome")
ROUND2 = ("lo-odt", "docx-textbox", "docx-notice", "html-trs", "html-zoom-gbk", "pdf-gongwen", "pdf-web",
          "txt-paste", "txt-paste-word")
SUFFIXES = {".docx", ".pdf", ".html", ".htm", ".txt", ".md"}

# --- normalisation: as ../shared/tools/score_import.py ----------------------------------------
DASHES = dict.fromkeys(map(ord, "―—－–‐‑‒"), "-")


def norm(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).translate(DASHES)
    s = re.sub(r"\[bookmark:[^\]]*\]", "", s)
    s = re.sub(r"\s+", "", s)
    return s.rstrip("。.")


def normval(s) -> str:
    return norm(s).replace("【", "").replace("】", "").replace("[", "").replace("]", "")


def f1(gold: Counter, pred: Counter) -> float | None:
    if not gold and not pred:
        return None                      # nothing to find, nothing found: not applicable
    tp = sum((gold & pred).values())
    p = tp / sum(pred.values()) if pred else 0.0
    r = tp / sum(gold.values()) if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# --- reading a store -------------------------------------------------------------------------

def rows(con, sql, *args) -> list[dict]:
    cur = con.execute(sql, args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def item_key(it: dict, columns: list[str] | None) -> str:
    cells = json.loads(it["cells"]) if it.get("cells") else None
    if cells:
        order = [c for c in (columns or []) if c in cells] + [c for c in cells if c not in (columns or [])]
        return "|".join(norm(cells[c]) for c in order)
    return norm(it.get("text"))


def plan_view(con, doc: dict) -> dict:
    did = doc["id"]
    secs = rows(con, "select * from sections where document_id=? order by seq", did)
    boxes = rows(con, "select * from boxes where document_id=? order by seq", did)
    items = rows(con, "select i.* from box_items i join boxes b on b.id=i.box_id where b.document_id=? "
                      "order by b.seq, i.seq", did)
    inds = rows(con, "select * from indicators where document_id=? and table_label is not null", did)
    by_box: dict[str, list] = {}
    for it in items:
        by_box.setdefault(it["box_id"], []).append(it)
    box_items = {}
    for b in boxes:
        cols = json.loads(b["columns"]) if b.get("columns") else None
        box_items[norm(b["label"])] = [item_key(it, cols) for it in by_box.get(b["id"], [])]
    text = [doc.get("notice"), doc.get("title"), doc.get("preamble")]
    for s in secs:
        text += [s.get("label"), s.get("title"), s.get("text")]
    for b in boxes:
        text += [b.get("label"), b.get("title")] + [it.get("text") for it in by_box.get(b["id"], [])]
    return {
        "title": doc.get("title"), "doc_number": doc.get("doc_number"),
        "sections": Counter(norm(s["label"]) + "|" + norm(s["title"]) for s in secs),
        "paths": Counter(norm(s["path"]) + "|" + norm(s["title"]) for s in secs),
        "boxes": Counter(norm(b["label"]) for b in boxes),
        "box_items": box_items,
        "items": Counter(f"{lab}|{k}" for lab, ks in box_items.items() for k in ks),
        "indicators": Counter("|".join((norm(i["table_label"]), norm(i["name"]), normval(i["baseline"]),
                                        normval(i["target"]))) for i in inds),
        "bigrams": Counter(b for t in text if t for s in [norm(t)] for b in (s[i:i + 2] for i in range(len(s) - 1))),
        "n_sections": len(secs), "n_boxes": len(boxes), "n_indicators": len(inds),
    }


def compare(key: dict, got: dict) -> dict:
    kb = key["box_items"]
    gb = got["box_items"]
    nk = [lab for lab in kb]
    counts_ok = sum(1 for lab in nk if lab in gb and len(gb[lab]) == len(kb[lab]))
    common = sum((key["bigrams"] & got["bigrams"]).values())
    return {
        "sec_F1": f1(key["sections"], got["sections"]),
        "path_F1": f1(key["paths"], got["paths"]),
        "box_F1": f1(key["boxes"], got["boxes"]),
        "n_items_ok": counts_ok / len(nk) if nk else None,
        "items_F1": f1(key["items"], got["items"]),
        "ind_F1": f1(key["indicators"], got["indicators"]),
        "text_R": common / sum(key["bigrams"].values()) if key["bigrams"] else None,
        "text_P": common / sum(got["bigrams"].values()) if got["bigrams"] else None,
        "title_ok": norm(key["title"]) == norm(got["title"]),
        "doc_number_ok": norm(key["doc_number"]) == norm(got["doc_number"]),
        "n_sections": got["n_sections"], "n_boxes": got["n_boxes"], "n_indicators": got["n_indicators"],
        "key_sections": key["n_sections"], "key_boxes": key["n_boxes"], "key_indicators": key["n_indicators"],
        "got_title": got["title"],
    }


def load_store(db: Path) -> dict[str, dict]:
    """stem -> plan view, for every document of a store."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {Path(d["source_file"]).stem: plan_view(con, d) for d in rows(con, "select * from documents")}
    finally:
        con.close()


# --- running the CLI of the measured checkout ---------------------------------------------------

class Cli:
    def __init__(self, src: Path, home: Path):
        self.src = src
        self.env = dict(os.environ, PYTHONPATH=str(src), HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                        XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
                        XDG_DATA_HOME=str(home / "share"), QT_QPA_PLATFORM="offscreen")
        self.env.pop("PLANDESK_DATA", None)

    def __call__(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=self.src, env=self.env,
                              capture_output=True, text=True, timeout=timeout)


def last_error(r: subprocess.CompletedProcess) -> str:
    lines = [ln.strip() for ln in (r.stderr + "\n" + r.stdout).splitlines() if ln.strip()]
    for ln in reversed(lines):
        if "error" in ln.lower() or "not imported" in ln or "无法" in ln or "未识别" in ln:
            return ln[-300:]
    return (lines[-1] if lines else f"exit {r.returncode}")[-300:]


def golden_scores(db: Path, stem: str, golden: Path, work: Path) -> dict | None:
    tool = SHARED / "tools" / "score_import.py"
    if not (golden / f"{stem}.json").exists() or not tool.exists():
        return None
    out = work / "golden.json"
    subprocess.run([sys.executable, str(tool), str(db), str(golden), "--json", str(out)],
                   capture_output=True, text=True, timeout=300)
    if not out.exists():
        return None
    for d in json.loads(out.read_text(encoding="utf-8"))["docs"]:
        if d["doc"] == stem[:3]:
            return d
    return None


def git_commit(src: Path) -> str | None:
    """The commit checked out in src (read from .git, no git program needed), or None."""
    g = src / ".git"
    try:
        head = (g / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (g / ref).exists():
            return (g / ref).read_text().strip()
        for ln in (g / "packed-refs").read_text().splitlines():
            if ln.endswith(" " + ref):
                return ln.split()[0]
    except OSError:
        return None
    return None


def conversion_folders() -> list[str]:
    out = [d.name for d in sorted(HERE.iterdir()) if d.is_dir() and any(f.suffix in SUFFIXES for f in d.iterdir())]
    order = {n: i for i, n in enumerate(ROUND1 + ROUND2)}
    return sorted(out, key=lambda n: (order.get(n, 99), n))


def score_file(cli: Cli, f: Path, key: dict[str, dict], key_data: Path, golden: Path, work: Path) -> dict:
    res: dict = {"file": f.name}
    stem = f.stem
    one = work / "corpus"
    d1 = work / "d1"
    d2 = work / "d2"
    for p in (one, d1, d2):
        shutil.rmtree(p, ignore_errors=True)
    one.mkdir(parents=True)
    shutil.copy(f, one / f.name)
    t = time.perf_counter()
    r = cli("build", "--corpus", str(one), "--data", str(d1))
    res["seconds"] = round(time.perf_counter() - t, 1)
    res["refused"] = r.returncode != 0
    if res["refused"]:
        res["error"] = last_error(r)
    else:
        got = load_store(d1 / "plans.sqlite")
        view = got.get(stem) or next(iter(got.values()))
        res.update(compare(key[stem], view))
        g = golden_scores(d1 / "plans.sqlite", stem, golden, work)
        if g is not None:
            res["golden"] = {k: g.get(k) for k in ("sec_F1", "box_F1", "box_title", "box_nitems", "box_items",
                                                   "ind", "prose", "meta", "error") if k in g}
    # next to the bundled plans: recognised as the same plan (replaced) or added as a second copy?
    shutil.copytree(key_data, d2)
    r = cli("import", str(f), "--replace", "--data", str(d2))
    out = r.stdout + r.stderr
    m = re.search(r": (replaced|imported|already imported|not imported[^\n]*)", out)
    status = m.group(1) if m else f"exit {r.returncode}"
    res["next_to_bundled"] = {"replaced": "same plan", "imported": "second copy"}.get(
        status, "refused" if status.startswith("not imported") else status)
    res["warnings"] = [ln.split("warning:", 1)[1].strip() for ln in out.splitlines() if "warning:" in ln]
    return res


def fmt(v, width=5) -> str:
    if v is None:
        return "—".rjust(width)
    if isinstance(v, bool):
        return ("yes" if v else "no").rjust(width)
    return f"{v:.2f}".rjust(width)


def table(results: dict) -> list[str]:
    head = (f"{'folder':15} {'plan':4} {'sec':>5} {'path':>5} {'box':>5} {'n_it':>5} {'items':>5} {'ind':>5} "
            f"{'txtR':>5} {'txtP':>5} {'title':>5} {'字号':>4} {'warn':>4}  {'bundled+conv':12} "
            f"{'g.sec':>5} {'g.box':>5} {'g.itm':>5} {'g.ind':>5}  refused / notes")
    out = [head, "-" * len(head)]
    for folder, files in results.items():
        for r in files:
            plan = r["file"][:3]
            nb = r.get("next_to_bundled", "")
            warn = len(r.get("warnings", []))
            if r.get("refused"):
                out.append(f"{folder:15} {plan:4} " + " ".join(["    —"] * 10) + f" {warn:>4}  {nb:12} "
                           + " ".join(["    —"] * 4) + f"  REFUSED: {r.get('error', '')[:90]}")
                continue
            g = r.get("golden") or {}
            notes = []
            if not r["title_ok"]:
                notes.append(f"title={r['got_title'][:30]}")
            notes.append(f"{r['n_sections']}/{r['key_sections']} headings, {r['n_boxes']}/{r['key_boxes']} boxes, "
                         f"{r['n_indicators']}/{r['key_indicators']} ind")
            out.append(f"{folder:15} {plan:4} {fmt(r['sec_F1'])} {fmt(r['path_F1'])} {fmt(r['box_F1'])} "
                       f"{fmt(r['n_items_ok'])} {fmt(r['items_F1'])} {fmt(r['ind_F1'])} {fmt(r['text_R'])} "
                       f"{fmt(r['text_P'])} {fmt(r['title_ok'])} {fmt(r['doc_number_ok'], 4)} {warn:>4}  {nb:12} "
                       f"{fmt(g.get('sec_F1'))} {fmt(g.get('box_F1'))} {fmt(g.get('box_items'))} {fmt(g.get('ind'))}"
                       f"  {'; '.join(notes)}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", help="folders beside this script (default: all that hold conversions)")
    ap.add_argument("--src", type=Path, default=REPO, help="the PlanDesk checkout to run (default: %(default)s)")
    ap.add_argument("--golden", type=Path, default=SHARED / "golden", help="hand-checked keys (000, 004)")
    ap.add_argument("--out", type=Path, help="write the results as JSON")
    ap.add_argument("--plans", nargs="*", help="only these plans (prefixes, e.g. 000 004)")
    ap.add_argument("--label", help="what is measured, for the JSON (default: the commit checked out in --src)")
    ap.add_argument("--keep", type=Path, help="keep the work folders here (default: a temporary folder)")
    args = ap.parse_args(argv)
    folders = args.folders or conversion_folders()
    src = args.src.resolve()
    work_root = Path(tempfile.mkdtemp(prefix="score-r2-")) if not args.keep else args.keep
    work_root.mkdir(parents=True, exist_ok=True)
    cli = Cli(src, work_root / "home")
    t0 = time.time()
    key_data = work_root / "key"
    shutil.rmtree(key_data, ignore_errors=True)
    r = cli("build", "--data", str(key_data))
    if r.returncode != 0:
        raise SystemExit(f"building the bundled store failed: {last_error(r)}")
    key = load_store(key_data / "plans.sqlite")
    commit = args.label or git_commit(src)
    results: dict[str, list] = {}
    for folder in folders:
        files = sorted(f for f in (HERE / folder).iterdir() if f.suffix in SUFFIXES)
        if args.plans:
            files = [f for f in files if f.name[:3] in args.plans]
        results[folder] = []
        for f in files:
            r = score_file(cli, f, key, key_data, args.golden, work_root / "w")
            results[folder].append(r)
            print(f"  {folder}/{f.name}: " + ("REFUSED " + r["error"] if r["refused"] else
                  f"sec {fmt(r['sec_F1']).strip()} box {fmt(r['box_F1']).strip()} items {fmt(r['items_F1']).strip()}")
                  + f"; next to the bundled plan: {r['next_to_bundled']}", flush=True)
    lines = table(results)
    print()
    print("\n".join(lines))
    if args.out:
        args.out.write_text(json.dumps({"src": str(src), "measured": commit, "when": time.strftime("%Y-%m-%d %H:%M"),
                                        "seconds": round(time.time() - t0), "results": results},
                                       ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
