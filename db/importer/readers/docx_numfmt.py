"""Numbers as Word shows them for a level's w:numFmt (ECMA-376 ST_NumberFormat).

Every format that renders Chinese (or Japanese/Korean ideograph) numerals gives the
label a plan prints: counting formats as 一 十 十一 二十一 一百零五 (with 千/万 past
999), digit formats one ideograph per digit (一〇), legal formats in 大写 (壹拾),
circled ones as ①/㈠. A format not known here falls back to decimal.
"""
from __future__ import annotations

_CN = "零一二三四五六七八九"
_CN_TRAD = "零壹贰叁肆伍陆柒捌玖"          # chineseLegalSimplified (大写)
_TW_TRAD = "零壹貳參肆伍陸柒捌玖"          # ideographLegalTraditional

# counting: positional with 十/百/千/万 (十 alone for 10–19)
COUNTING = {"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
            "taiwaneseCountingThousand", "koreanCounting", "japaneseDigitalTenThousand"}
# one ideograph per digit, zero as 〇
DIGITAL = {"ideographDigital", "taiwaneseDigital", "koreanDigital", "koreanDigital2"}


def cn_count(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一, 105 -> 一百零五, 1010 -> 一千零一十."""
    if n < 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    return _positional(n, _CN, "十百千", "万")


def _positional(n: int, digits: str, units: str, wan: str) -> str:
    """Chinese positional numerals (十/百/千 within a group of four, 万 between groups),
    a skipped place read as one 零; 10–19 after a higher place keep their 一."""
    if n >= 10000:
        high, low = divmod(n, 10000)
        tail = "" if low == 0 else ((digits[0] if low < 1000 else "") + _positional(low, digits, units, wan))
        return _positional(high, digits, units, wan) + wan + tail
    out, zero = [], False
    for place in (3, 2, 1, 0):
        d = n // 10 ** place % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + (units[place - 1] if place else ""))
    return "".join(out) or digits[0]


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _enclosed(n: int, fmt: str) -> str | None:
    """Circled and parenthesised numbers Word has glyphs for (None past them)."""
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalEnclosedCircleChinese", "ideographEnclosedCircle") and 1 <= n <= 10:
        return chr(0x3280 + n - 1)               # ㊀ … ㊉
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    return None


def format_number(n: int, fmt: str | None) -> str:
    fmt = fmt or "decimal"
    if fmt in COUNTING:
        return cn_count(n)
    if fmt in DIGITAL:
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return _positional(n, _CN_TRAD, "拾佰仟", "万") if n >= 10 else _CN_TRAD[n]
    if fmt == "ideographLegalTraditional":
        return _positional(n, _TW_TRAD, "拾佰仟", "萬") if n >= 10 else _TW_TRAD[n]
    enclosed = _enclosed(n, fmt)
    if enclosed is not None:
        return enclosed
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
