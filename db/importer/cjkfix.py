"""Radicals and compatibility ideographs that PDF tools put in place of ordinary
characters (a font's ToUnicode maps 一 to ⼀ KANGXI RADICAL ONE, 民 to ⺠): put
back. Only these code points change; nothing else of the text is normalised."""
from __future__ import annotations

import re
import unicodedata

# CJK Radicals Supplement -> the ordinary (simplified where it has a form) ideograph
# (Unicode's EquivalentUnifiedIdeograph.txt, the ones a plan's text can contain)
_SUPPLEMENT = dict(zip(
    "⺁⺄⺅⺆⺉⺊⺌⺎⺏⺒⺓⺔⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺶⺸⺹⺺⺻⺼⺽⺾⻁⻂⻃⻄⻅⻆⻈⻉⻊⻋⻌⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "厂乙亻冂刂卜小尢尣巳幺彑忄心扌攵旡日月歺母民氵氺灬爫丬牛犭王疋罒示礻竹糸纟罓罒网羊羋耂肀聿肉臼艹虎衤覀西见角讠贝足车辶阝钅長镸长门阜阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟"))
_ODD = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")


def _fix(m: re.Match) -> str:
    ch = m.group(0)
    if ch in _SUPPLEMENT:
        return _SUPPLEMENT[ch]
    return unicodedata.normalize("NFKC", ch)     # Kangxi radicals and compatibility ideographs decompose


def fix_radicals(s: str) -> str:
    return _ODD.sub(_fix, s) if _ODD.search(s) else s
