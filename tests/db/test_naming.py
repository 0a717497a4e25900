"""Short labels for narrow places: from the plan's own title, never its notice's."""
from __future__ import annotations

from db.naming import own_title, plan_labels


def test_a_plan_stored_under_its_notice_is_labelled_by_its_own_title():
    assert own_title("重庆市人民政府办公厅关于印发《重庆市开放平台协同发展规划（2018―2020年）》的通知") == \
        "重庆市开放平台协同发展规划（2018―2020年）"
    assert own_title("2023 人民政府办公厅关于印发重庆市推进西部陆海新通道建设实施方案的通知") == \
        "重庆市推进西部陆海新通道建设实施方案"
    assert own_title("重庆高新区内陆开放高地建设“十四五”规划") == "重庆高新区内陆开放高地建设“十四五”规划"


def test_labels_are_year_and_distinguishing_words_and_unique():
    docs = [dict(id="a", year=2023, short_title="人民政府办公厅关于印发重庆市推进西部陆海新通道建设实施方案的通知"),
            dict(id="b", year=2021, short_title="重庆市内陆开放高地“十四五”规划", doc_number="渝府发〔2021〕24号"),
            dict(id="c", year=2021, short_title="重庆市内陆开放高地“十四五”规划", doc_number="渝府发〔2021〕99号")]
    labels = plan_labels(docs)
    assert labels["a"] == "2023 推进西部陆海新通道"
    assert labels["b"] != labels["c"] and labels["b"].startswith("2021 内陆开放高地")


def test_a_users_name_for_a_plan_is_kept_and_can_be_undone(tmp_path):
    from db.store.userdata import UserData
    u = UserData(tmp_path / "user.sqlite")
    try:
        u.rename_plan("ftz-2022", "  自贸规划 ")
        assert u.plan_names() == {"ftz-2022": "自贸规划"}
        u.rename_plan("ftz-2022", "自贸区规划")
        assert u.plan_names() == {"ftz-2022": "自贸区规划"}
        u.rename_plan("ftz-2022", "")
        assert u.plan_names() == {}
    finally:
        u.close()

