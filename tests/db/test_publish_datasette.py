"""A published folder served by Datasette 0.65 and by Datasette 1.0, as the commands
`plandesk publish` prints serve it (0.65: -m metadata.json; 1.0: -c datasette.json
-m metadata.json), through Datasette's Python API in-process: no port, no server.

Each version runs in a virtual environment of its own (tests.helpers.datasette_envs:
.venv/datasette-0.65, .venv/datasette-1.0), made on the first run — about 15 s each
with PyPI at hand — and reused after (the pinned versions are the cache key). Without
PyPI the test fails, saying so in one line.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from urllib.parse import quote

import pytest

from tests.helpers import datasette_envs, support
from db.publish import DESCRIPTION, TITLE, publish
from search.units import load_units

QUERIES = ("中欧班列", "口岸", "璧")              # 3+, 2 and 1 characters: one search box for all


def search_url(q: str) -> str:
    return f"/plans/search.json?q={quote(q)}&_shape=objects"


def tilde(value: str) -> str:
    """Datasette's tilde encoding of a row key in a URL (written out here, not imported)."""
    safe = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    return "".join(chr(b) if chr(b) in safe else f"~{b:02X}" for b in value.encode("utf-8"))


@pytest.fixture(scope="module")
def site(built_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    publish(built_data, out, units=load_units)
    return out


def published(site, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{site / 'plans.sqlite'}?mode=ro", uri=True)) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def places(site) -> dict[str, tuple[str, str]]:
    """One unit of each kind (and a plan's preamble): kind -> (id, its page)."""
    out = {}
    for kind, uid, page in published(site, "select kind, id, page from search_units order by rowid"):
        out.setdefault("preamble" if uid.endswith(":#preamble") else kind, (uid, page))
    return out


def urls(places) -> list[str]:
    return ([search_url(q) for q in QUERIES]
            + [f"/plans/{page}.json?_shape=objects" for _, page in places.values()]
            + ["/plans/sections.json?_shape=objects&_labels=on&_size=max",
               "/plans/search_units.json?_shape=objects&_labels=on&_size=max",
               "/plans/positionings.json?_shape=objects&_labels=on&_size=50",
               "/plans/boxes?_size=max", "/", "/plans/search", f"/plans/search?q={quote('口岸')}"])


def serve(series: str, site, places, config: bool = True) -> dict:
    try:
        python = datasette_envs.python_for(series)
        files = {"db": site / "plans.sqlite", "metadata": site / "metadata.json"}
        if config:
            files["config"] = site / "datasette.json"
        return datasette_envs.probe(python, files, urls(places))
    except datasette_envs.EnvError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(scope="module", params=["0.65", "1.0"])
def served(request, site, places):
    """URL -> {status, text} from Datasette SERIES serving the folder as documented."""
    got = serve(request.param, site, places, config=request.param != "0.65")
    assert got["version"].startswith(request.param), got["version"]
    return got


def answer(served, url: str):
    r = served[url]
    assert r["status"] == 200, f"{served['version']} {url}: {r['status']} {r['text'][:300]}"
    return json.loads(r["text"])


def test_one_canned_search_answers_3_2_and_1_characters(served, data, capsys):
    for q in QUERIES:
        code, out, err = support.run_cli(capsys, "search", q, "--json", "--limit", "200", "--data", data)
        assert code == 0, err
        want = [h["id"] for h in json.loads(out)]
        hits = answer(served, search_url(q))["rows"]
        assert 0 < len(want) < 50 and sorted(h["id"] for h in hits) == sorted(want), (served["version"], q)
        assert all(f"【{q}】" in h["snippet"] or q in h["title"] for h in hits)


def test_a_hit_links_to_its_own_row(served, site, places):
    pages = dict(published(site, "select id, page from search_units"))
    for q in QUERIES:
        for h in answer(served, search_url(q))["rows"]:
            assert h["link"] == f"http://localhost/plans/{pages[h['id']]}"
    html = served[f"/plans/search?q={quote('口岸')}"]["text"]       # a link on the page a person reads
    hits = answer(served, search_url("口岸"))["rows"]
    assert all(f'<a href="{h["link"]}">' in html for h in hits)
    for kind, (uid, page) in places.items():          # and the link leads to that row
        row = answer(served, f"/plans/{page}.json?_shape=objects")["rows"][0]
        assert row["id"] == (uid.split(":#")[0] if kind == "preamble" else uid), kind


def test_table_pages_show_references_as_links_labelled_by_title(served, site):
    titles = dict(published(site, "select id, title from sections"))
    docs = dict(published(site, "select id, short_title from documents"))
    sections = answer(served, "/plans/sections.json?_shape=objects&_labels=on&_size=max")["rows"]
    assert len(sections) == len(titles)
    for s in sections:
        assert s["document_id"] == {"value": s["document_id"]["value"], "label": docs[s["document_id"]["value"]]}
        if s["parent_id"] is not None:
            assert s["parent_id"]["label"] == titles[s["parent_id"]["value"]]
    units = answer(served, "/plans/search_units.json?_shape=objects&_labels=on&_size=max")["rows"]
    linked = [u for u in units if u["section_id"] is not None]
    assert linked and all(u["section_id"]["label"] == titles[u["section_id"]["value"]] for u in linked)
    statements = answer(served, "/plans/positionings.json?_shape=objects&_labels=on&_size=50")["rows"]
    assert all(isinstance(s["platform_id"], dict) and s["platform_id"]["label"] for s in statements)
    html = served["/plans/boxes?_size=max"]["text"]
    sid, title = published(site, "select section_id, s.title from boxes b join sections s on s.id = b.section_id "
                                 "limit 1")[0]
    assert f'<a href="/plans/sections/{tilde(sid)}">{title}</a>' in html


def test_title_description_and_the_search_form(served):
    home = served["/"]["text"]
    assert TITLE in home and DESCRIPTION in home
    form = served["/plans/search"]["text"]
    assert 'name="q"' in form and 'name="_header_host"' not in form     # Datasette fills those itself


def test_datasette_1_reads_its_queries_only_from_the_configuration_file(site, places):
    """Why datasette.json exists: metadata.json alone gives 1.0 no search (issue 30)."""
    got = serve("1.0", site, places, config=False)
    assert got[search_url("口岸")]["status"] == 404
