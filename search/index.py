"""The Whoosh index: derived from plans.sqlite, stamped, rebuilt when missing, stale or corrupt."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from whoosh import index as windex
from whoosh.fields import ID, NUMERIC, TEXT, Schema

from db import paths
from db.store import Store

from .analyzer import analyzer
from .terms import jieba_for, synonym_groups, user_words
from .units import load_units

INDEX_FORMAT = 5   # bump when units, fields or analysis change
DIRNAME = "index"
STAMP = "stamp.json"


def schema() -> Schema:
    an = analyzer()
    return Schema(
        uid=NUMERIC(stored=True, signed=False),
        kind=ID(stored=True),
        id=ID(stored=True, unique=True),
        doc=ID(stored=True),
        title=TEXT(analyzer=an, phrase=False, field_boost=4.0),
        heading=TEXT(analyzer=an, phrase=False, field_boost=1.5),
        body=TEXT(analyzer=an, phrase=False),
    )


def index_dir(data: Path) -> Path:
    return data / DIRNAME


def wanted_stamp(store: Store) -> dict:
    syn = hashlib.sha256(json.dumps(synonym_groups(), ensure_ascii=False).encode()).hexdigest()[:12]
    return {"format": INDEX_FORMAT, "content_hash": store.meta("content_hash"),
            "schema_version": store.meta("schema_version"), "synonyms": syn}


def is_current(data: Path, store: Store) -> bool:
    d = index_dir(data)
    try:
        stamp = json.loads((d / STAMP).read_text(encoding="utf-8"))
        if stamp.get("built") is None or {k: stamp.get(k) for k in wanted_stamp(store)} != wanted_stamp(store):
            return False
        ix = windex.open_dir(str(d))
        ok = ix.doc_count() == stamp.get("units")
        ix.close()
        return ok
    except Exception:
        return False


def build(data: Path, progress: Callable[[float, str], None] | None = None) -> Path:
    """(Re)build DATA/index from DATA/plans.sqlite, atomically."""
    progress = progress or (lambda f, m: None)
    store = Store(paths.plans_db(data))
    try:
        jieba = jieba_for(data)
        progress(0.05, "加载词典")
        for w in user_words(store):
            jieba.add_word(w, freq=max(2000, 400 * len(w)))
        units = load_units(store)
        tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=data))
        try:
            ix = windex.create_in(str(tmp), schema())
            w = ix.writer(limitmb=256)
            n = len(units)
            for k, u in enumerate(units):
                w.add_document(uid=k, kind=u.kind, id=u.id, doc=u.document_id,
                               title=u.title, heading=u.heading, body=u.body)
                if k % 200 == 0:
                    progress(0.1 + 0.8 * k / max(1, n), f"建立索引 {k}/{n}")
            w.commit(optimize=True)
            ix.close()
            stamp = dict(wanted_stamp(store), units=n, built=True)
            (tmp / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
            target = index_dir(data)
            old = None
            if target.exists():
                old = data / f".index-old-{os.getpid()}"
                os.replace(target, old)
            os.replace(tmp, target)
            if old:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        store.close()
    progress(1.0, "索引完成")
    return index_dir(data)


def ensure(data: Path, progress=None) -> Path:
    """The index, rebuilt first if it is missing, stale or corrupt."""
    store = Store(paths.plans_db(data))
    try:
        current = is_current(data, store)
    finally:
        store.close()
    if not current:
        build(data, progress)
    return index_dir(data)
