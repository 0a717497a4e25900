"""A fixed, seeded set of 200 queries drawn from the bundled corpus."""
from __future__ import annotations

import random
import re

WORDS = ["两江新区", "自贸区", "中新项目", "西部陆海新通道", "综保区", "高新区", "口岸", "中欧班列", "人才",
         "金融", "跨境电商", "营商环境", "服务贸易", "多式联运", "数字经济", "外资", "物流枢纽", "开放平台",
         "科技创新", "一带一路", "果园港", "保税", "制度创新", "国际航线", "会展", "知识产权", "数据", "通关",
         "东盟", "新加坡"]
DOCS = ["open-platforms-2018", "inland-opening-2021", "hightech-zone-2021", "ftz-2022", "chengyu-2022"]


def make(units_text: list[str], n: int = 200, seed: int = 20261122) -> list[str]:
    rnd = random.Random(seed)
    texts = [t for t in units_text if len(t) > 20]
    out = []
    while len(out) < n:
        r = len(out) % 5
        if r == 0:   # a substring of 1-8 characters
            t = rnd.choice(texts)
            k = rnd.randint(1, 8)
            i = rnd.randrange(0, len(t) - k)
            s = t[i:i + k].strip()
            if s and not re.search(r"[\s\"“”]", s):
                out.append(s)
        elif r == 1:  # one or two words
            out.append(" ".join(rnd.sample(WORDS, rnd.randint(1, 2))))
        elif r == 2:  # a quoted phrase
            t = rnd.choice(texts)
            i = rnd.randrange(0, len(t) - 6)
            s = t[i:i + rnd.randint(3, 6)]
            if not re.search(r"[\s\"“”]", s):
                out.append(f'"{s}"')
        elif r == 3:  # a filter
            f = rnd.choice([f"doc:{rnd.choice(DOCS)}", f"kind:{rnd.choice(['section', 'box', 'indicator'])}"])
            out.append(f"{f} {rnd.choice(WORDS)}")
        else:         # OR / exclusion
            a, b = rnd.sample(WORDS, 2)
            out.append(f"{a} OR {b}" if rnd.random() < 0.5 else f"{a} -{b}")
    return out
