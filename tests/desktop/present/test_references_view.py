"""引用 / 被引用 in the reader's HTML (desktop/present/render.py, Qt-free): a plan's first
page lists what it cites (plans of the library as links, the rest 未收录 with their kind,
its own title left out) and what cites it; a resolved 《…》 in the text links to its plan.
The references are read by the caller (desktop.services.references) and passed in."""
from __future__ import annotations

from db import paths
from db.store import Store
from desktop.present import render
from desktop.services import importing
from desktop.services.references import cited_by, links, references
from tests.desktop.services.test_references import CITING, INLAND


def refs_of(st, did):
    return render.PlanRefs(references(st, did), cited_by(st, did), links(st, did))


def section(h: str, head: str) -> str:
    """The part of a page under <h2>head</h2>, up to the next <h2>."""
    k = h.index(f"<h2>{head}</h2>")
    end = h.find("<h2>", k + 4)
    return h[k:end if end >= 0 else len(h)]


def test_the_first_page_lists_the_documents_not_in_the_library(built_store):
    h = render.render(built_store, "doc:chengyu-2022", refs=refs_of(built_store, "chengyu-2022"))
    cites = section(h, "本规划引用的文件")
    assert "共 4 项：库中已收录 0 项，未收录 4 项" in cites
    assert ('《成渝地区双城经济圈建设规划纲要》 <span class="warn">未收录</span> <span class="meta">· 规划方案 · 1处：'
            '<a href="pd:doc:chengyu-2022">导言</a>') in cites
    assert "《区域全面经济伙伴关系协定》（RCEP）" in cites and "协定协议" in cites
    assert '<a href="pd:chengyu-2022:六、/（十八）">六、（十八）</a>' in cites
    assert "成渝地区联手打造内陆开放高地方案" not in cites          # its own title is no reference
    assert "库中暂无其他规划引用本规划" in section(h, "引用本规划的文件")
    assert "本规划引用的文件" not in render.render(built_store, "doc:chengyu-2022")   # without refs: as before


def test_a_quote_in_the_text_is_escaped_and_linked_only_when_resolved():
    got = render.linked('按<b>《规划\n甲&乙》和《未知》</b>', {"规划甲&乙": 'x"><i>', "未知": None})
    assert got == '按&lt;b&gt;<a href="pd:doc:x&quot;&gt;&lt;i&gt;">《规划\n甲&amp;乙》</a>和《未知》&lt;/b&gt;'
    assert render.linked("a<b", None) == render.esc("a<b")


def test_an_imported_plan_links_to_the_plan_it_cites_and_is_listed_there(data_copy, tmp_path):
    f = tmp_path / "某某区开放通道建设方案.txt"
    f.write_text(CITING, encoding="utf-8")
    [res] = importing.import_files(data_copy, [f])
    new = res.doc_id
    with Store(paths.plans_db(data_copy)) as st:
        page = render.render(st, f"{new}:一、", refs=refs_of(st, new))
        assert '<a href="pd:doc:inland-opening-2021">《重庆市内陆开放高地“十四五”规划》</a>' in page
        tasks = render.render(st, f"{new}:二、", refs=refs_of(st, new))
        assert "落实《成渝地区双城经济圈建设规划纲要》" in tasks and "pd:doc:chengyu" not in tasks   # not in the library
        assert "<a href" not in render.render(st, f"{new}:一、", for_print=True, refs=refs_of(st, new)).split(
            "</h1>")[1].split('class="nav"')[0]                    # on paper: no links in the text

        first = render.render(st, f"doc:{new}", refs=refs_of(st, new))
        cites = section(first, "本规划引用的文件")
        assert "库中已收录 2 项" in cites and cites.count('href="pd:doc:inland-opening-2021"') == 2
        assert "· 已收录：重庆市内陆开放高地“十四五”规划 · 1处：" in cites
        assert "某某区开放通道建设方案》" not in cites             # itself, in its notice: left out

        inland = section(render.render(st, f"doc:{INLAND}", refs=refs_of(st, INLAND)), "引用本规划的文件")
        title = st.document(new)["title"]
        assert f'<a href="pd:doc:{new}">《{render.esc(title)}》</a>' in inland
        assert f'<a href="pd:{new}:一、">一、</a>' in inland and "引用为《重庆市内陆开放高地“十四五”规划》" in inland
