"""Facts written in a loan description: figures with their units, refrigerants, grades, new build or retrofit.

"新建数据中心，PUE 1.8", "200 MW offshore wind", "heat pumps with R410A", "3.2 kgCO2/kgH2", "一级能效",
"IE4 motors", "效率 92 %": each figure is read with its unit (converted by pint when a criterion tests it),
attached to the metric the words around it name, and shown as "read from the text". A figure whose metric
the words do not settle is reported as read but not used, never guessed. Chinese and English.
An explicit fact (`--fact`) for the same metric always wins (the engine merges them).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from greentaxo.eligibility import bankmetrics
from greentaxo.eligibility.rules import Fact

NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_SEP = re.compile(r"[，,；;。\n]|(?<!\d)\.(?!\d)")
_ZH_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


@dataclass
class Reading:
    facts: dict[str, Fact] = field(default_factory=dict)
    project: str | None = None           # new | retrofit
    activity: str | None = None          # manufacturing | operation
    equipment: bool = False              # names equipment it makes (设备, equipment), not a material or fuel
    unused: list[str] = field(default_factory=list)      # figures read whose metric the words do not settle

    def to_dict(self) -> dict:
        return {"facts": [f.to_dict() for f in self.facts.values()], "project": self.project,
                "activity": self.activity, "not_used": self.unused}


def _fold(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one (offsets stay valid)."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out).replace("％", "%").replace("²", "2").replace("³", "3")


def _clause(text: str, start: int, end: int) -> str:
    """The words around a figure: from the previous separator to the next one."""
    left = max((m.end() for m in _SEP.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SEP.finditer(text, end)), len(text))
    return text[left:right]


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _has(words: str, text: str) -> bool:
    return re.search(words, text, flags=re.I) is not None


# ---- keyword-led figures: the word names the metric ("PUE 1.8", "GWP 2088", "COP 4.1")
_LINK = (r"(?:\s*(?:值|value|of|is|was|为|是|达到|约|about|around|approximately|at|=|:|：|≤|<=|<|不高于|不超过|低于"
         r"|below|under|~))*\s*")
_KEYED = [
    # a retrofit's figure "from 1.6 to 1.25": the value after the work is the one judged
    ("pue", re.compile(r"(?:PUE|电能比|power usage effectiveness)\s*(?:值)?\s*(?:由|从|from)\s*" + NUM
                       + r"\s*(?:降至|降到|降低至|降低到|下降到|下降至|提升至|to)\s*" + NUM, re.I),
     None),
    ("pue", re.compile(r"(?:PUE|电能比|power usage effectiveness)" + _LINK + NUM, re.I), None),
    ("refrigerant_gwp", re.compile(r"(?<![A-Za-z])GWP(?:100|\(100\))?" + _LINK + NUM, re.I), None),
    ("scop", re.compile(r"(?<![A-Za-z])SCOP" + _LINK + NUM, re.I), None),
    ("cop", re.compile(r"(?<![A-Za-z])COP" + _LINK + NUM, re.I), None),
    ("cchp_overall_efficiency", re.compile(r"(?:综合能源利用效率|综合能效|overall (?:energy )?efficiency|total efficiency)"
                                           + _LINK + NUM + r"\s*%", re.I), "percent"),
    ("wind_turbine_rated_power", re.compile(r"单机(?:容量|功率)?" + _LINK + NUM + r"\s*(MW|兆瓦)", re.I), "MW"),
    ("wind_turbine_rated_power", re.compile(NUM + r"\s*(MW|兆瓦)级?\s*(?:风机|风电机组|风力发电机组?|(?:wind )?turbines?)", re.I),
     "MW"),
    ("wind_turbine_rated_power", re.compile(r"turbines? (?:of|rated at)\s*" + NUM + r"\s*(MW)", re.I), "MW"),
    ("pv_module_efficiency", re.compile(r"(?:组件(?:光电)?(?:转换)?效率|module (?:conversion )?efficiency)" + _LINK + NUM
                                        + r"\s*%", re.I), "percent"),
    ("lifecycle_ghg_savings", re.compile(r"(?:减排率|温室气体减排|GHG savings?|emission savings?)" + _LINK + NUM + r"\s*%", re.I),
     "percent"),
    ("ped_reduction", re.compile(r"(?:一次能源(?:需求)?(?:降低|减少)|primary energy (?:demand )?(?:reduction|cut|savings?))"
                                 + _LINK + NUM + r"\s*%", re.I), "percent"),
    ("eaf_scrap_share", re.compile(r"(?:废钢(?:比|比例|投入比)|scrap (?:share|input|ratio))" + _LINK + NUM + r"\s*%", re.I),
     "percent"),
]

# ---- unit-led figures: the unit and the words around it name the metric
_UNITS = [
    # regex for the unit as written -> pint unit string
    (r"k?g\s*CO2e?\s*/\s*kWh|克二氧化碳(?:当量)?/千瓦时", None),
    (r"(?:k|M)?g\s*CO2e?\s*/\s*MWh|t\s*CO2e?\s*/\s*MWh", None),
    (r"(?:k|)g\s*CO2e?\s*/\s*(?:k|)g\s*H2|t\s*CO2e?\s*/\s*t\s*H2|千克二氧化碳(?:当量)?/千克氢", None),
    (r"t\s*CO2e?\s*/\s*t(?!\s*H2)|吨二氧化碳(?:当量)?/吨", None),
    (r"kg\s*CO2e?\s*/\s*kW(?!h)", None),
    (r"g\s*(?:CO2)?\s*/\s*km", None),
    (r"W\s*/\s*\(?m2\s*[·.]?\s*K\)?|W\s*/\s*m2\s*/\s*K", "W/m**2/K"),
    (r"W\s*/\s*\(?m\s*[·.]?\s*K\)?", "W/m/K"),
    (r"kWh\s*/\s*m3", "kWh/m**3"),
    (r"MWh\s*/\s*t", "MWh/t"),
    (r"GWp?|MWp?|kWp?|万千瓦|兆瓦|千瓦", None),
]
_UNIT_RE = re.compile(NUM + r"\s*(" + "|".join(f"(?:{u})" for u, _ in _UNITS) + r")(?![A-Za-z0-9])", re.I)

_ZH_UNITS = {"克二氧化碳/千瓦时": "gCO2e/kWh", "克二氧化碳当量/千瓦时": "gCO2e/kWh", "千克二氧化碳/千克氢": "kgCO2e/kgH2",
             "千克二氧化碳当量/千克氢": "kgCO2e/kgH2", "吨二氧化碳/吨": "tCO2e/t", "吨二氧化碳当量/吨": "tCO2e/t",
             "兆瓦": "MW", "千瓦": "kW"}

# metric chosen for a unit by the words of its clause (first match wins), else the default (or none)
_BY_WORDS = {
    "gCO2e/kWh": [(r"直接|direct|stack|烟囱", "direct_ghg_intensity"), (r"电网|grid", "grid_emission_factor"),
                  (r"", "lifecycle_ghg_intensity")],
    "kgCO2e/kgH2": [(r"", "hydrogen_lifecycle_ghg")],
    "tCO2e/t": [(r"熟料|clinker", "clinker_specific_ghg"), (r"水泥|cement", "cement_specific_ghg"),
                (r"铁水|hot metal|pig iron", "hot_metal_specific_ghg"), (r"硝酸|nitric", "nitric_acid_specific_ghg"),
                (r"烧结|sinter", "sinter_specific_ghg"), (r"焦炭|\bcoke", "coke_specific_ghg"),
                (r"铸铁|iron casting", "iron_casting_specific_ghg"), (r"电炉|电弧炉|\bEAF|arc furnace", "eaf_steel_specific_ghg"),
                (r"电解铝|原铝|铝|alumin", "aluminium_specific_ghg"), (r"炭黑|carbon black", "carbon_black_specific_ghg"),
                (r"纯碱|soda ash", "soda_ash_specific_ghg")],
    "kgCO2e/kW": [(r"", "annual_direct_ghg_per_capacity")],
    "g/km": [(r"", "tailpipe_co2")],
    "W/m**2/K": [(r"窗|window", "window_u_value"), (r"门|door", "door_u_value"), (r"墙|wall", "wall_u_value"),
                 (r"屋面|屋顶|roof", "roof_u_value")],
    "W/m/K": [(r"", "insulation_lambda")],
    "kWh/m**3": [(r"", "water_supply_energy_intensity")],
    "MWh/t": [(r"氯|chlor", "chlorine_electricity_intensity"), (r"铝|alumin", "aluminium_electricity_intensity")],
    "MW": [(r"", "installed_capacity")],
}


def _canonical(unit: str) -> tuple[str, str]:
    """(pint unit string, dimension key of _BY_WORDS) for a unit as written."""
    u = re.sub(r"\s+", "", unit)
    if u in _ZH_UNITS:
        u = _ZH_UNITS[u]
    u = re.sub(r"(?i)kgH2", "kgH2", u)
    low = u.lower()
    if "h2" in low:
        return u.replace("CO2/", "CO2e/").replace("co2/", "CO2e/"), "kgCO2e/kgH2"
    if low.endswith("/kwh") or low.endswith("/mwh"):
        return u, "gCO2e/kWh"
    if low.endswith("/km"):
        return "g/km", "g/km"
    if low.endswith("/kw"):
        return u, "kgCO2e/kW"
    if re.fullmatch(r"t(co2e?)?/t", low) or "吨" in unit:
        return u if u.lower().startswith("tco2") else "tCO2e/t", "tCO2e/t"
    for pat, pint_unit in _UNITS:
        if pint_unit and re.fullmatch(pat, unit.strip(), flags=re.I):
            return pint_unit, pint_unit
    if re.fullmatch(r"(?i)(k|M|G)Wp?", u):
        return u[:2].replace("w", "W").replace("K", "k").replace("g", "G").replace("m", "M"), "MW"
    return u, u


def read(text: str) -> Reading:
    """Everything the description says that a criterion can use."""
    t = _fold(text)
    out = Reading()
    taken: list[tuple[int, int]] = []

    def put(metric: str, value: float, unit: str, m: re.Match) -> None:
        if metric in out.facts:
            return                       # the first mention wins; a loan line repeats itself rarely
        out.facts[metric] = Fact(metric, value, unit, "text", m.group(0).strip())
        taken.append(m.span())

    for metric, rx, unit in _KEYED:
        for m in rx.finditer(t):
            if not any(a <= m.start() < b for a, b in taken):
                value = next(_num(g) for g in reversed(m.groups()) if g and re.fullmatch(NUM, g))
                put(metric, value, unit or "dimensionless", m)
    _grades(t, out, put)
    _refrigerant(t, out, put)
    for m in _UNIT_RE.finditer(t):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
            continue
        value = _num(m.group(1))
        if m.group(2) == "万千瓦":                  # 120万千瓦 = 1,200 MW
            value, unit, dim = value * 10, "MW", "MW"
        else:
            unit, dim = _canonical(m.group(2))
        clause = _clause(t, *m.span())
        metric = next((met for words, met in _BY_WORDS.get(dim, []) if not words or _has(words, clause)), None)
        if metric is None:
            out.unused.append(m.group(0).strip())
            continue
        put(metric, value, unit, m)
    for m in re.finditer(NUM + r"\s*%", t):
        if not any(a <= m.start() < b for a, b in taken):
            out.unused.append(m.group(0).strip())
    out.project = project_type(t)
    out.activity = activity(t)
    out.equipment = _has(_EQUIPMENT, t)
    return out


_GRADE = re.compile(r"(?:能效|能源效率)(?:等级)?(?:为|达到|是)?\s*([一二三四五1-5])\s*级|([一二三1-5])\s*级\s*能效"
                    r"|(?:energy[- ]efficiency|efficiency) (?:grade|class|level)\s*([1-5])\b"
                    r"|\b(?:grade|class)\s*([1-5]) (?:energy[- ]efficiency|efficiency)"
                    r"|GB\s*40879[^，,；;。]{0,8}?([1-5])\s*级", re.I)
_STARS = re.compile(r"([一二三1-3])\s*星(?:级)?(?:绿色建筑)?|绿色建筑\s*([一二三1-3])\s*星|\b([1-3])[- ]star", re.I)
_IE = re.compile(r"(?<![A-Za-z])IE\s?([1-5])(?![0-9])")


def _grades(t: str, out: Reading, put) -> None:
    for m in _GRADE.finditer(t):
        g = _ZH_DIGIT[next(x for x in m.groups() if x)]
        dc = _has(r"数据中心|data cent|IDC|算力|GB\s*40879", t)
        put("data_centre_grade" if dc else "energy_efficiency_grade", float(g), "dimensionless", m)
    for m in _STARS.finditer(t):
        if _has(r"绿色建筑|green building|星级", t):
            put("green_building_stars", float(_ZH_DIGIT[next(x for x in m.groups() if x)]), "dimensionless", m)
    for m in _IE.finditer(t):
        put("motor_ie_class", float(m.group(1)), "dimensionless", m)


_REFRIGERANT = re.compile(r"(?<![A-Za-z0-9])((?:R|HFC|HFO|HCFC)[- ]?\d{2,4}[A-Za-z]{0,2}(?:\([EZ]\))?)(?![A-Za-z0-9])", re.I)


def _refrigerant(t: str, out: Reading, put) -> None:
    if "refrigerant_gwp" in out.facts:
        return                              # a GWP written as a number beats one looked up by name
    names = [(m, bankmetrics.refrigerants().get(bankmetrics.refrigerant_key(m.group(1)))) for m in _REFRIGERANT.finditer(t)]
    if not any(r for _, r in names) and _has(r"制冷剂|冷媒|refrigerant|heat pump|热泵|制冷|chiller", t):
        for alias in ("propane", "丙烷", "isobutane", "异丁烷", "ammonia refrigerant", "氨制冷剂", "CO2 refrigerant"):
            m = re.search(re.escape(alias), t, flags=re.I)
            if m:
                names = [(m, bankmetrics.refrigerants()[bankmetrics.refrigerant_key(alias)])]
                break
    for m, r in names:
        if r is not None:
            put("refrigerant_gwp", r.gwp, "dimensionless", m)
            said = m.group(0).strip()
            same = bankmetrics.refrigerant_key(said) == bankmetrics.refrigerant_key(r.name)
            out.facts["refrigerant_gwp"].note = r.note() if same else f"{said}; {r.note()}"
            return


_RETROFIT = (r"改造|技改|改燃|升级|提标|提质增效|更新|翻新|改建|节能改|retrofit|refit|upgrad|refurbish|renovat|moderni[sz]|revamp"
             r"|repower")
_NEW = (r"新建|新上|拟建|新增|筹建|新投|greenfield|new[- ]build|newly built|construction of (?:a )?new"
        r"|\bnew\b(?![- ]energy)")


def project_type(t: str) -> str | None:
    """new | retrofit, when the words say so and do not contradict each other."""
    retro, new = _has(_RETROFIT, t), _has(_NEW, t)
    if retro and not new:
        return "retrofit"
    if new and not retro:
        return "new"
    return None


_EQUIPMENT = r"设备|装备|装置|机组|equipment|machiner|electrolys[ei]r|electrolyz[ei]r"
# (a factory alone is often the site: "rooftop PV on factory roofs", "工厂屋顶光伏")
_MAKING = (r"制造|生产线|产线|扩产|(?<!清洁)生产(?:项目|基地)|manufactur|production line|assembly (?:plant|line)|gigafactory"
           r"|materials? plant"
           r"|(?:module|cell|component)s? factory|年产[^，,。；;]*?(?:台|套|件|辆|片|组|GW)")
# a retrofit, a fuel switch (改燃) or a replacement is work on a running asset, generating units are sized by
# capacity when a plant is built, what is bought is bought to be used, and dismantling, disposing of or treating waste
# (治理) is a service run on a site, unless the line names the equipment for it
_RUNNING = (r"项目|电站|厂|工程|设施|场站|园区|运营|建设|改造|技改|改燃|更换|替换|更新|淘汰|机组|购置|购买|采购"
            r"|替代(?!燃料)|改电|(?:拆解|处置|治理|整治)(?!设备|装备|装置)"
            r"|project|plant|station|farm|facilit|operation|installation|retrofit|upgrad|replacement|purchas|acquisition"
            r"|dismantl|construction(?! material| machiner| equipment)"
            r"|万千瓦|\d\s*(?:[mg]wh?|kw)\b")


def activity(t: str) -> str | None:
    """manufacturing (making equipment) | operation (building or running a facility), when the words say so."""
    if _has(_MAKING, t):
        return "manufacturing"
    if _has(_RUNNING, t):
        return "operation"
    return None
