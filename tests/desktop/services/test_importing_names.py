"""What an imported plan is listed as: its own title, not the notice that sent it."""
from __future__ import annotations

from desktop.services.importing import short_title


def test_an_imported_plan_sent_under_its_notice_is_listed_by_its_own_title():
    assert short_title("重庆市人民政府办公厅关于印发《重庆市开放平台协同发展规划（2018―2020年）》的通知") == "重庆市开放平台协同发展规划"
    assert short_title("中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）") == "中国（重庆）自由贸易试验区“十四五”规划"
