"""The tables of plans.sqlite (../shared/SCHEMA.md, plus columns of our own)."""

SCHEMA_VERSION = 7   # 2: documents.sha256/origin/format/catalog_seq (the library); 3: box_items.confidence;
#                      4: positionings/mentions.line, platforms.source, platform_candidates;
#                      5: indicators as data (metric, scope, comparator, bounds, norm_value …)
#                      6: platforms.province/classes, platform_classes, positionings.via_class
#                      7: plan_refs (the 《…》 references in each plan)

TABLES = {
    "documents": dict(
        id=str, source_file=str, title=str, short_title=str, doc_number=str, issuer=str,
        issued_date=str, period=str, seq=int,
        year=int, encoding=str, notice=str, preamble=str, preamble_line_start=int,
        preamble_line_end=int, n_lines=int, order_reliable=int, order_note=str,
        dropped_repeats=int, sha256=str, origin=str, format=str, catalog_seq=int),
    "sections": dict(
        id=str, document_id=str, parent_id=str, level=int, label=str, title=str, path=str,
        seq=int, text=str, line_start=int, line_end=int, family=str, inferred=int, para_lines=str),
    "boxes": dict(
        id=str, document_id=str, section_id=str, label=str, title=str, kind=str, columns=str,
        seq=int, text=str, line_start=int, line_end=int, note=str),
    "box_items": dict(
        id=str, box_id=str, seq=int, lead=str, text=str, cells=str, inherited=str,
        line_start=int, line_end=int, confidence=float),
    "indicators": dict(
        id=str, document_id=str, box_id=str, table_label=str, seq=int, category=str, name=str,
        unit=str, baseline_year=int, target_year=int, baseline=str, target=str,
        baseline_value=float, target_value=float, cumulative=int, nature=str, section_id=str,
        source_text=str, confidence=float, line_start=int, line_end=int,
        # targets as data (issue 13): the cross-plan metric, territory, relation, bounds,
        # the value in a comparable unit, where the baseline comes from, the table row a
        # prose target restates, and every line it is printed on
        metric=str, scope=str, comparator=str, comparator_words=str, direction=str, target_low=float,
        target_high=float, norm_value=float, norm_unit=str, norm_baseline=float, year_stated=int, per_year=int,
        sentence=str, baseline_source=str, baseline_text=str, same_as=str, printed_at=str),
    # source: reviewed (resources/platforms.toml), user (accepted from the candidates) or
    # discovered (found in a plan by its form, compared at once, not reviewed);
    # classes: every class it belongs to, nearest first (国家级经开区, 国家级开发区, 园区平台)
    "platforms": dict(id=str, name=str, kind=str, aliases=str, formerly=str, later=str, part_of=str,
                      source=str, province=str, classes=str),
    # the classes of platforms the plans speak of as a whole (国家级经开区, 综合保税区, 口岸 …)
    "platform_classes": dict(name=str, aliases=str, part_of=str),
    # aspect: 定位 / 功能 / 任务 / 成效; line: the source line of its paragraph or item;
    # via_class: the class a statement is about, given to each member (NULL: about the platform)
    "positionings": dict(
        id=str, platform_id=str, document_id=str, section_id=str, box_id=str, aspect=str,
        text=str, rank=int, line=int, via_class=str),
    "mentions": dict(id=str, platform_id=str, document_id=str, section_id=str, box_id=str, text=str,
                     line=int),
    # names that look like a platform's (…综合保税区, …口岸) in a sentence that positions
    # it, not in the gazetteer: offered to the user, never treated as reviewed
    "platform_candidates": dict(id=str, name=str, kind=str, document_id=str, section_id=str, box_id=str,
                                text=str, line=int, count=int),
    "doc_notes": dict(id=str, document_id=str, kind=str, message=str, line=int),
    # every 《…》 in a plan, one row per occurrence (db/references): where it stands (place, the
    # lines of its paragraph), the 发文字号 or short form printed after it, means: the full title a
    # short name (以下简称《Y》) stands for; kind: plan | law | agreement | policy | other; is_self:
    # the plan's own title. Not resolved here: read against the documents the store has now.
    "plan_refs": dict(id=str, document_id=str, seq=int, quote=str, means=str, doc_number=str, abbr=str,
                      kind=str, is_self=int, place=str, line_start=int, line_end=int),
    "meta": dict(key=str, value=str),
}

PKS = {"meta": "key", "platform_classes": "name"}

# Columns holding JSON; the Store decodes them on read, so no other code does.
JSON_COLUMNS = {
    "sections": ("para_lines",),
    "boxes": ("columns",),
    "box_items": ("cells", "inherited"),
    "platforms": ("aliases", "formerly", "later", "classes"),
    "platform_classes": ("aliases",),
    "indicators": ("comparator_words", "printed_at"),
}

INDEXES = [
    ("sections", ["document_id", "seq"]),
    ("boxes", ["document_id", "seq"]),
    ("box_items", ["box_id", "seq"]),
    ("indicators", ["document_id"]),
    ("positionings", ["platform_id", "document_id", "rank"]),
    ("mentions", ["platform_id", "document_id"]),
    ("platform_candidates", ["name"]),
    ("plan_refs", ["document_id", "seq"]),
]


_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL"}


def table_sql(name: str) -> str:
    """CREATE TABLE for one table, spelled as sqlite-utils spells it."""
    pk = PKS.get(name, "id")
    cols = ",\n".join(f'   "{c}" {_TYPES[t]}' + (" PRIMARY KEY" if c == pk else "") for c, t in TABLES[name].items())
    return f'CREATE TABLE "{name}" (\n{cols}\n)'


def index_sql(table: str, cols: list[str]) -> str:
    return (f'CREATE INDEX "idx_{table}_{"_".join(cols)}"\n    ON "{table}" ('
            + ", ".join(f'"{c}"' for c in cols) + ")")


def create_script() -> str:
    """Every table and index of the store: what is created, and what a store
    opened later is compared with (db.store.trust)."""
    return ";\n".join([table_sql(t) for t in TABLES] + [index_sql(t, c) for t, c in INDEXES]) + ";\n"


def create(db) -> None:
    """Create every table and index in an empty database (a sqlite3 connection or a
    sqlite_utils Database)."""
    con = getattr(db, "conn", db)
    con.executescript(create_script())
