"""The keyword floor: "green if the text contains one of 30 common green keywords".

Any classifier worth running must beat this rule on real submissions; `greentaxo eval` computes it on
the same records as the classifier. The list is ours (docs/classifier.md cites it): the fifteen Chinese
and fifteen English words a reader would try first, not tuned on any data.
"""
from __future__ import annotations

KEYWORDS_ZH = ("光伏", "太阳能", "风力发电", "风电", "节能", "环保", "污水", "废水", "储能", "新能源", "氢能", "减排",
               "除尘", "垃圾", "生物质")
KEYWORDS_EN = ("solar", "photovoltaic", "wind turbine", "renewable", "energy saving", "emission", "exhaust gas",
               "wastewater", "waste water", "recycling", "hydrogen", "fuel cell", "electric vehicle", "biofuel",
               "geothermal")
KEYWORDS = KEYWORDS_ZH + KEYWORDS_EN


def keyword_green(text: str) -> bool:
    low = text.lower()
    return any(k in low for k in KEYWORDS)
