"""`plandesk publish DIR`: the store as a read-only Datasette site for a department.

DIR gets three files, each written to a temporary name in DIR and renamed (a reader
never sees half a file); the SQL is in `db.store.publish`:
- plans.sqlite: a consistent copy of the store whose tables carry foreign keys (a
  section links to its plan and parent, a box to its section, a statement to its
  platform …), plus `search_units`, the units `plandesk search` searches, each linked
  to its document, section, box or indicator, with a trigram full-text index;
- metadata.json: title, description, table descriptions and settings (label
  columns, facets) and the canned queries: what Datasette 0.65 reads;
- datasette.json: the configuration file Datasette 1.0 reads (`-c`): the canned
  queries and the table settings, which 1.0 no longer takes from metadata.json.

Serve it with Datasette 0.65:  datasette serve plans.sqlite -m metadata.json
        or with Datasette 1.0:  datasette serve plans.sqlite -c datasette.json -m metadata.json
The canned query `search` (/plans/search?q=…) answers a query of any length.

db does not import search (the data flows one way), so the caller passes the unit
loader: `publish(data, out, units=search.units.load_units)`.
"""
from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Callable, Iterable

from . import paths
from .atomic import Staged
from .progress import Progress
from .store import Store
from .store import publish as store_publish

DB_NAME = "plans.sqlite"
METADATA_NAME = "metadata.json"
CONFIG_NAME = "datasette.json"
TITLE = "重庆开放平台规划库"
DESCRIPTION = ("重庆市开放平台相关规划的结构化文本：章节、专栏、指标与平台定位表述，"
               "由 PlanDesk 从规划原文导入，只读发布。")
TABLES = {
    "documents": "规划文件：标题、文号、发文机关、日期、规划期（one row per plan）",
    "sections": "章节：层级、标号、标题、路径与正文（id = 文件:章/节）",
    "boxes": "专栏：标号、标题、所在章节（id = 文件:专栏N）",
    "box_items": "专栏条目：每条的要点（lead）与正文，表格专栏的单元格（cells, JSON）",
    "indicators": "指标与目标：基期、目标、单位、跨规划统一指标（metric）、适用范围（scope）",
    "platforms": "开放平台名录：名称、类型、别名（aliases, JSON）、所属平台（part_of）",
    "positionings": "平台定位表述：哪份规划在何处对哪个平台作何表述（定位/功能/任务/成效）",
    "mentions": "平台提及：平台名称出现的句子",
    "platform_candidates": "疑似平台名称（未收录名录，未经审核）",
    "doc_notes": "导入说明：导入时对原文的处理记录",
    "meta": "库的版本信息",
    "platform_classes": "平台类别：国家级经开区、综合保税区、口岸等（所属类别 part_of）",
    "plan_refs": "规划中引用的《…》：位置、发文字号、简称",
    store_publish.SEARCH_TABLE: "检索单元：与 plandesk search 相同的章节、导言、专栏、指标，kind 为 "
                                "section / box / indicator，各自链接到所在的规划、章节、专栏或指标。"
                                "本页搜索框需 3 个字及以上；任意长度请用查询“全文检索”（search）",
}
# how Datasette shows each table: the column that names a row wherever another row
# links to it (a title, not an id), the facets offered, the default order
TABLE_SETTINGS = {
    "documents": dict(label_column="short_title", sort="seq"),
    "sections": dict(label_column="title", facets=["document_id", "level"]),
    "boxes": dict(label_column="title", facets=["document_id", "kind"]),
    "box_items": dict(label_column="lead"),
    "indicators": dict(label_column="name", facets=["document_id", "scope", "metric"]),
    "platforms": dict(label_column="name", facets=["kind", "province"]),
    "platform_classes": dict(label_column="name"),
    "positionings": dict(facets=["aspect", "document_id", "platform_id"]),
    "mentions": dict(facets=["document_id", "platform_id"]),
    "platform_candidates": dict(label_column="name", facets=["kind"]),
    "plan_refs": dict(label_column="quote", facets=["document_id", "kind"]),
    store_publish.SEARCH_TABLE: dict(label_column="title", facets=["kind", "document_id"]),
}

Units = Callable[[Store], Iterable]


def publish(data_dir, out_dir, overwrite: bool = False, progress=None, *, units: Units) -> Path:
    """Publish DATA's store into the folder OUT; returns OUT/plans.sqlite.

    OUT may be missing or empty; a non-empty OUT is refused (FileExistsError naming
    it) unless overwrite=True, which replaces plans.sqlite, metadata.json and
    datasette.json in it and leaves anything else alone. `units(store)` gives the
    searchable units. A copy with a reference to a missing row (a damaged store) is
    not published: a StoreError (IntegrityError) naming the first."""
    progress = Progress.of(progress)
    src = paths.plans_db(Path(data_dir))
    if not src.is_file():
        raise FileNotFoundError(errno.ENOENT, "没有规划库，请先运行 plandesk build", str(src))
    out = check_folder(out_dir, overwrite)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    staged = [Staged(out / DB_NAME, suffix=".sqlite"), Staged(out / METADATA_NAME, suffix=".json"),
              Staged(out / CONFIG_NAME, suffix=".json")]
    try:
        write(src, *(st.path for st in staged), units, progress)
        for st in staged:
            st.commit()
    except BaseException:
        for st in staged:
            st.discard()
        if created and not any(out.iterdir()):
            out.rmdir()
        raise
    progress(1.0, "完成")
    return out / DB_NAME


def write(src: Path, db_path: Path, meta_path: Path, config_path: Path, units: Units, progress: Progress) -> None:
    """The copy with its foreign keys and search table into db_path, the metadata into
    meta_path, Datasette 1.0's configuration into config_path."""
    progress(0.0, "复制规划库")
    store_publish.copy(src, db_path)
    progress(0.2, "读取检索单元")
    with Store(db_path) as st:                 # the units of the copy: what is published
        rows = list(units(st))
    progress(0.3, "建立表间链接（外键）")
    store_publish.add_foreign_keys(db_path)
    progress(0.5, "建立全文检索表")
    store_publish.add_search(db_path, rows)
    store_publish.check_references(db_path)
    progress(0.7, "整理数据库")
    store_publish.finish(db_path)
    progress(0.9, "写入 metadata.json 和 datasette.json")
    for path, doc in ((meta_path, metadata()), (config_path, config())):
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    progress.check()


def check_folder(out_dir, overwrite: bool) -> Path:
    """OUT as a Path, or an OSError naming it: not a folder, or not empty without overwrite."""
    if out_dir is None or str(out_dir).strip() == "":
        raise OSError(errno.EINVAL, "没有给出输出文件夹", "")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "这不是文件夹", str(out))
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(errno.EEXIST, "文件夹不是空的（要替换其中的 plans.sqlite、metadata.json 和 "
                                            "datasette.json 请加 --force）", str(out))
    return out


def queries() -> dict:
    return {name: dict(q) for name, q in store_publish.QUERIES.items()}


def metadata() -> dict:
    """Datasette's metadata.json: titles, table descriptions; for 0.65 also the table
    settings and the canned queries (1.0 moves the settings to its configuration by
    itself and ignores queries here: they are in datasette.json)."""
    db = Path(DB_NAME).stem
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "source": "PlanDesk",
        "databases": {db: {
            "title": TITLE,
            "description": DESCRIPTION,
            "tables": {name: {"description": text, **TABLE_SETTINGS.get(name, {})} for name, text in TABLES.items()},
            "queries": queries(),
        }},
    }


def config() -> dict:
    """Datasette 1.0's configuration file (datasette.json, `-c`): the canned queries and
    the table settings of the database."""
    db = Path(DB_NAME).stem
    return {"databases": {db: {
        "tables": {name: dict(settings) for name, settings in TABLE_SETTINGS.items()},
        "queries": queries(),
    }}}
