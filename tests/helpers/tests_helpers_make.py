"""A small new plan as a Word file, for import tests (not one of the five)."""
from __future__ import annotations

from tests.helpers.docx_maker import Maker


def write_small_plan(path):
    m = Maker()
    m.para("某某区人民政府关于印发某某区对外开放“十四五”规划的通知")
    m.para("某府发〔2021〕7号")
    m.para("现将《某某区对外开放“十四五”规划》印发给你们，请认真贯彻执行。")
    m.para("某某区人民政府")
    m.para("2021年6月1日")
    m.para("某某区对外开放“十四五”规划")
    m.para("为加快建设开放高地，制定本规划。")
    m.numbered("发展基础", 0)
    m.numbered("主要成效", 1)
    m.with_deletion("“十三五”时期，全区外贸进出口总额达到", "二百", "300亿元。")
    m.numbered("重点任务", 0)
    m.numbered("建设开放平台", 1)
    m.para("高标准建设综合保税区，推动两江新区开放发展。")
    m.box_table("专栏1 重点开放平台", ["综合保税区：建设加工贸易示范基地。", "保税物流中心：发展保税仓储和分拨配送。"])
    m.para("推动开放平台协同发展。")
    return m.save(path)
