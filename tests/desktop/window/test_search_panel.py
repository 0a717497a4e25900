"""The search panel never builds or installs an index: it asks (rebuildIndexRequested),
the window stages and installs, and the panel reopens when told."""
from __future__ import annotations

import shutil

from db import paths
from db.store import Store
from db.store.userdata import UserData
from desktop.services.update import stage_reindex
from search import index


def test_a_missing_index_is_asked_for_not_rebuilt_by_the_panel(qtbot, fixture_copy):
    from desktop.window.search_panel import SearchPanel
    shutil.rmtree(index.index_dir(fixture_copy))
    with Store(paths.plans_db(fixture_copy)) as st:
        docs = st.documents()
    ud = UserData(paths.user_db(fixture_copy))
    panel = SearchPanel(fixture_copy, docs, ud)
    qtbot.addWidget(panel)
    try:
        with qtbot.waitSignal(panel.rebuildIndexRequested, timeout=10000) as asked:
            panel.initWorker.emit()
        assert asked.args == ["搜索索引缺失"] and panel.rebuild_pending
        assert "搜索索引缺失：正在后台重建" in panel.status.text()
        panel.edit.setText("创新驱动引领区")            # searches go on meanwhile, every hit found
        qtbot.waitUntil(lambda: panel.model.hit_count() > 0, timeout=8000)
        assert not index.index_dir(fixture_copy).exists()      # the panel built nothing itself
        staged = stage_reindex(fixture_copy)          # the window: stage, release, install, tell
        panel.release()
        staged.install(fixture_copy)
        panel.index_rebuilt()
        qtbot.waitUntil(lambda: panel.worker.engine is not None and not panel.worker.engine.broken,
                        timeout=8000)
        assert panel.index_note == "搜索索引已重建" and not panel.rebuild_pending
        panel.index_rebuilt("磁盘已满")
        assert panel.index_note == "重建索引失败（磁盘已满），结果仍然完整"
    finally:
        panel.shutdown()
        ud.close()
