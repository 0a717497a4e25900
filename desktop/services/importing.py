"""Importing the plans a person receives (Word, PDF, web page, text) into the
library, and removing them again. No Qt: the window and `plandesk import` both
use it.

`examine` parses each file and says what it found (for the preview) without
writing anything. `stage_import` then changes only what the new plans touch —
a copy of the store with their rows added, a copy of the index with their units
added — and stages the library's new files and manifest; `PendingUpdate.install` puts
it all in place at once. Same file again: nothing to do. Same plan (title and
发文字号) already there: replaced only when asked, keeping its id (and so the
bookmarks into it).
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from db import paths
from db.importer.corpus import Entry, slug
from db.importer.errors import UnimportableFile
from db.importer.isolated import parse_isolated
from db.importer.model import ParsedDoc
from db.importer.workers import Workers
from db.lock import DataLock
from db.naming import own_title
from db.progress import Progress
from db.store import Store, StoreError
from db.store.builder import parse_cached
from db.store.changes import NeedsRebuild, stage_store_change
from db.store.library import Library, Plan

from .update import DataState, PendingUpdate, _corpus_for, clean_leftovers, disk_error, repairs, state
from db.importer import corpus
from db.store import builder
from db.importer.corpus import entries
from db.store.builder import parse_entries


@dataclass
class OfferedFile:
    """One file offered for import, as examined: its plan, or why it can't be imported."""
    path: Path
    sha256: str = ""
    doc: ParsedDoc | None = None
    error: str | None = None
    same_file: str | None = None        # id of the plan imported from these very bytes
    same_plan: dict | None = None       # the plan already there with this title and 发文字号
    warnings: list[str] = field(default_factory=list)
    doc_id: str | None = None           # the id it gets (or got)
    status: str = ""                    # imported | replaced | unchanged | skipped | failed | refused (--strict)

    @property
    def ok(self) -> bool:
        return self.doc is not None and self.error is None

    def counts(self) -> dict:
        d = self.doc
        if d is None:
            return {}
        return dict(headings=len(d.sections), boxes=len(d.boxes),
                    indicators=sum(1 for i in d.indicators if i.table_label),
                    targets=sum(1 for i in d.indicators if not i.table_label))

    def outline(self, depth: int = 2) -> list[str]:
        """The plan's headings down to `depth`, indented, for the preview."""
        if self.doc is None:
            return []
        sep = lambda s: "" if s.label.endswith(("、", ".")) else " "  # noqa: E731
        return ["　" * (s.level - 1) + f"{s.label}{sep(s)}{s.title}".strip() for s in self.doc.sections
                if s.level <= depth]


def short_title(title: str) -> str:
    """A name for lists: the plan's own title (not the notice that sent it) without
    its period （2021—2025年）."""
    own = own_title(title or "")
    return re.sub(r"[（(]\s*\d{4}\s*[-—―－–~至]+\s*\d{4}\s*年?\s*[）)]$", "", own).strip() or title


def _warnings(doc: ParsedDoc) -> list[str]:
    out = list(doc.warnings)
    if not doc.order_reliable:
        out.append("原文顺序不可靠")
    for n in doc.notes:
        if n.kind == "missing_heading":
            out.append(n.message)
    if not doc.doc_number:
        out.append("未识别到发文字号")
    if not doc.boxes:
        out.append("未识别到专栏")
    return out


SHINGLE = 8             # characters per shingle of the text fingerprint
SAMPLE = 200            # runs of a new plan looked up in each stored plan's section text first
SAME_TEXT = 0.5         # Jaccard of the shingle sets from which two texts are the same plan (measured:
#                         every conversion, rounds one and two, scores 0.91-1.00 against its own bundled plan
#                         and at most 0.04 against the other four; tests/desktop/services/test_same_plan.py)


def body_text(texts) -> str:
    """The words of a plan's body, for the fingerprint: CJK characters, letters and
    digits only (markup, punctuation, white space and numbering style dropped)."""
    return re.sub(r"[^0-9A-Za-z\u3400-\u9fff]+", "", "".join(t or "" for t in texts))


def doc_body(doc: ParsedDoc) -> str:
    return body_text([doc.preamble] + [s.text for s in doc.sections]
                     + [f"{it.lead}{it.text}" if not (it.text or "").startswith(it.lead or "") else it.text
                        for b in doc.boxes for it in b.items])


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """The fingerprint: hashed k-character shingles of the body text."""
    return {zlib.crc32(text[i:i + k].encode()) for i in range(max(0, len(text) - k + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _stored_body(st: Store, did: str) -> str:
    return body_text([(st.document(did) or {}).get("preamble")] + [s["text"] for s in st.sections(did)]
                     + [it["text"] for b in st.boxes(did) for it in st.items(b["id"])])


def _sample(doc: ParsedDoc) -> list[str]:
    """Up to SAMPLE runs of SHINGLE CJK characters from the plan's section texts, as printed."""
    runs = [m.group() for s in doc.sections for m in re.finditer(r"[\u3400-\u9fff]{%d,}" % SHINGLE, s.text)]
    step = max(1, len(runs) // SAMPLE)
    return [r[:SHINGLE] for r in runs[::step]][:SAMPLE]


def same_text(st: Store, doc: ParsedDoc) -> tuple[dict, float] | None:
    """The stored plan whose body text is this plan's (Jaccard of the fingerprints
    >= SAME_TEXT), and the score. A cheap pass first: most of a sample of the new
    text must occur in a stored plan's section text before the fingerprints are compared."""
    sample = _sample(doc)
    if len(sample) < 10:
        return None
    mine, best = None, None
    for d in st.documents():
        raw = "".join(s["text"] or "" for s in st.sections(d["id"]))
        if sum(1 for x in sample if x in raw) * 2 < len(sample):
            continue
        mine = mine if mine is not None else shingles(doc_body(doc))
        score = jaccard(mine, shingles(_stored_body(st, d["id"])))
        if score >= SAME_TEXT and (best is None or score > best[1]):
            best = (d, score)
    return best


def _same_plan(st: Store | None, doc: ParsedDoc) -> dict | None:
    """The plan already there that this one is: the same title and 发文字号, the same
    发文字号, or the same text (its fingerprint), even when the title was misread."""
    if st is None:
        return None
    norm = lambda s: re.sub(r"\s+", "", s or "")  # noqa: E731
    docs = st.documents()
    for d in docs:
        if norm(d["title"]) == norm(doc.title) and (d["doc_number"] or "") == (doc.doc_number or ""):
            return d
    for d in docs:
        if doc.doc_number and norm(d["doc_number"]) == norm(doc.doc_number):
            return dict(d, same_by="发文字号")
    found = same_text(st, doc)
    return dict(found[0], same_by="正文", similarity=round(found[1], 2)) if found else None


def _open_store(data: Path) -> Store | None:
    """The store in use, or None: none yet, or one that is damaged or not PlanDesk's
    (the import builds a new one)."""
    try:
        return Store(paths.plans_db(data))
    except StoreError:
        return None


def examine(data: Path, files: list, progress=None, isolated: bool = False) -> list[OfferedFile]:
    """Parse each file (nothing is written) and say what importing it would do.
    `isolated`: each parse in a child process with a memory and time ceiling that
    a cancel kills (the window; no file can take its process down)."""
    progress = Progress.of(progress)
    data = Path(data)
    lib = Library.load(data)
    st = _open_store(data)
    out = []
    try:
        for k, f in enumerate(files):
            progress(k / max(1, len(files)), f"解析规划 {k + 1}/{len(files)}")
            c = OfferedFile(path=Path(f))
            try:
                c.doc, raw = parse_isolated(Path(f), progress.check) if isolated else parse_cached(Path(f))
                c.sha256 = hashlib.sha256(raw).hexdigest()
            except UnimportableFile as e:
                c.error, c.status = e.reason, "failed"
                out.append(c)
                continue
            p = lib.by_sha(c.sha256)
            c.same_file = p.id if p else None
            c.same_plan = _same_plan(st, c.doc)
            c.warnings = _warnings(c.doc)
            out.append(c)
    finally:
        if st is not None:
            st.close()
    progress(1.0, "解析规划")
    return out


def _new_id(c: OfferedFile, taken: set[str]) -> str:
    base = slug(c.path.name)
    if base == "plan" or not re.search(r"[a-z]{3}", base):     # a Chinese file name gives no slug
        year = (c.doc.issued_date or c.doc.period or "")[:4]
        base = f"plan-{year}-{c.sha256[:6]}" if year else f"plan-{c.sha256[:8]}"
    did, k = base, 1
    while did in taken:
        k += 1
        did = f"{base}-{k}"
    return did


def _plan_for(c: OfferedFile, lib: Library, name: str, replace_id: str | None, origin: str | None) -> Plan:
    return Plan(id=c.doc_id, file=name, original=c.path.name, sha256=c.sha256, format=c.doc.format,
                imported=datetime.now().isoformat(timespec="seconds"), title=c.doc.title, doc_number=c.doc.doc_number,
                replaces=replace_id if origin == "bundled" else None, short_title=short_title(c.doc.title))


def stage_import(data: Path, offered: list[OfferedFile], replace: bool = False, progress=None,
                 wait: float = 30.0, on_wait=None) -> PendingUpdate:
    """Store, index and library changed for the new plans, staged (nothing in place).
    A store that disagrees with the library (a run killed between their commits) is
    built anew even when nothing new is imported."""
    progress = Progress.of(progress)
    data = Path(data)
    staged = PendingUpdate(lock=DataLock(data, wait, on_wait).acquire())
    try:
        clean_leftovers(data)
        now = _check_store(staged, data)
        lib = Library.load(data)
        before = lib.digest()
        add, changed = _plan_import(staged, data, lib, offered, replace, now)
        staged.results = offered
        if add or not now.store:
            if add:
                staged.manifest = lib.stage_manifest()
            _stage_store_and_index(staged, data, lib, add, set(), changed, progress, (before, lib.digest()),
                                   whole=not now.store)
    except BaseException as e:
        staged.discard()
        raise disk_error(e, data) from None
    return staged


def _check_store(staged: PendingUpdate, data: Path) -> DataState:
    """Under the folder's lock: the store's state (an untrusted one moved aside first,
    one that disagrees with the library noted: both are built anew)."""
    now = state(data, index_too=False)
    staged.notices += repairs(data, now)
    return now


def _documents(data: Path, now: DataState) -> dict[str, dict]:
    """The plans in the store (or, with none to read, the corpus's: their ids are taken)."""
    st = _open_store(data)
    if st is None:
        return {e.id: {"id": e.id, "origin": e.origin} for e in corpus.entries(_corpus_for(None, now.corpus))}
    with st:
        return {d["id"]: d for d in st.documents()}


def _plan_import(staged: PendingUpdate, data: Path, lib: Library, offered: list[OfferedFile], replace: bool,
                 now: DataState) -> tuple[list, set[str]]:
    """Decide each offered file's fate; stage the originals going in and change `lib`.
    Returns the plans to add and the ids changed."""
    docs = _documents(data, now)
    taken = set(docs) | {p.id for p in lib.plans}
    add, changed, batch = [], set(), {}
    for c in offered:
        if not c.ok or c.status == "refused":
            continue
        key = (re.sub(r"\s+", "", c.doc.title), c.doc.doc_number or "")
        if key in batch:                    # the same plan twice in one import: the first counts
            c.status, c.doc_id = "skipped", batch[key]
            continue
        if c.same_file:
            c.status, c.doc_id = "unchanged", c.same_file
            continue
        replace_id = c.same_plan["id"] if c.same_plan else None
        if replace_id and not replace:
            c.status, c.doc_id = "skipped", replace_id
            continue
        c.doc_id = replace_id or _new_id(c, taken)
        taken.add(c.doc_id)
        f, name = lib.stage_file(c.path, c.sha256)
        staged.files.append(f)
        old = lib.by_id(c.doc_id)
        if old is not None:
            staged.delete_after.append(lib.path_of(old))
            lib.plans.remove(old)
        lib.plans.append(_plan_for(c, lib, name, replace_id, docs.get(replace_id, {}).get("origin")))
        add.append((Entry(file=c.path, id=c.doc_id, short_title=short_title(c.doc.title), seq=None,
                          origin="imported", sha256=c.sha256), c.doc))
        changed.add(c.doc_id)
        c.status = "replaced" if replace_id else "imported"
        batch[key] = c.doc_id
    return add, changed


def _stage_store_and_index(staged: PendingUpdate, data: Path, lib: Library, add, remove: set[str], changed: set[str],
                           progress: Progress, library: tuple[str, str], whole: bool = False) -> None:
    """Only the changed plans' rows and units, when the store allows; else (none,
    another gazetteer or schema, a store that disagrees with the library: `whole`)
    the whole store and index anew. `library`: the library's digest before and after."""
    from search import index  # lazy: the index and jieba load only where searching is done
    try:
        if whole:
            raise NeedsRebuild()
        staged.store = stage_store_change(data, add, remove, progress.part(0, 0.4), library)
        staged.index = index.stage_index_update(data, staged.store.path, changed, progress.part(0.4, 1))
    except NeedsRebuild:
        staged.store = _full_store(data, lib, add, remove, progress.part(0, 0.4))
        staged.index = index.stage_index_build(data, staged.store.path, progress.part(0.4, 1))


def _full_store(data: Path, lib: Library, add, remove: set[str], progress: Progress):
    folder = _corpus_for(None, state(data, index_too=False).corpus)
    new_ids = {e.id for e, _ in add}
    skip = lib.replaced() | set(remove) | new_ids
    ents = [e for e in corpus.entries(folder) if e.id not in skip]
    ents += [e for e in lib.entries() if e.id not in new_ids and e.id not in remove]
    with Workers() as w:        # many plans: read in worker processes, as a build does
        parsed = builder.parse_entries(ents, progress.part(0, 0.7), workers=w) + list(add)
        return builder.stage_store_of(parsed, data, folder, progress.part(0.7, 1), library=lib.digest(),
                                      workers=w)


def stage_remove(data: Path, doc_id: str, progress=None, wait: float = 30.0) -> PendingUpdate:
    """An imported plan taken out of store, index and library (a bundled one it had
    replaced comes back)."""
    progress = Progress.of(progress)
    data = Path(data)
    staged = PendingUpdate(lock=DataLock(data, wait).acquire())
    try:
        clean_leftovers(data)
        now = _check_store(staged, data)
        lib = Library.load(data)
        plan = lib.by_id(doc_id)
        if plan is None:
            raise KeyError(doc_id)
        before = lib.digest()
        lib.plans.remove(plan)
        staged.delete_after.append(lib.path_of(plan))
        staged.manifest = lib.stage_manifest()
        add = []
        if plan.replaces:                 # the bundled plan it stood in for comes back
            back = [e for e in entries(None) if e.id == plan.replaces]
            add = parse_entries(back, Progress())
        _stage_store_and_index(staged, data, lib, add, {doc_id}, {doc_id} | {e.id for e, _ in add}, progress,
                               (before, lib.digest()), whole=not now.store)
    except BaseException as e:
        staged.discard()
        raise disk_error(e, data) from None
    return staged


def refuse_flagged(offered: list[OfferedFile]) -> None:
    """--strict: a file the importer's self-check has findings on is not imported."""
    for c in offered:
        if c.ok and c.doc.checks:
            c.status = "refused"


def import_files(data: Path, files: list, replace: bool = False, progress=None, wait: float = 30.0,
                 on_wait=None, notices: list | None = None, strict: bool = False) -> list[OfferedFile]:
    """examine, stage_import, install; `notices` gets what was set aside on the way;
    `strict`: a file with self-check findings is refused (status "refused")."""
    progress = Progress.of(progress)
    offered = examine(data, files, progress.part(0, 0.3))
    if strict:
        refuse_flagged(offered)
    staged = stage_import(data, offered, replace, progress.part(0.3, 1), wait, on_wait)
    if notices is not None:
        notices.extend(staged.notices)
    staged.install(Path(data))
    return offered


def remove_plan(data: Path, doc_id: str, progress=None) -> list[str]:
    """stage_remove then install; returns what was set aside on the way (one line each)."""
    staged = stage_remove(data, doc_id, progress)
    staged.install(Path(data))
    return staged.notices
