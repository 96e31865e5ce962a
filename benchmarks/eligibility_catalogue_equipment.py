"""Equipment the 2025 catalogue's making items name, put to the engine as loan lines "<name>制造".

Run: .venv/bin/python benchmarks/eligibility_catalogue_equipment.py   (no ../shared needed; a few seconds)

The names are short equipment nouns read from the conditions of items 4.1.1-4.1.10 and 1.2.1 (风轮叶片, 锂离子电池,
氢气压缩机, ...) with a few common forms (风电叶片). Hidden labels were added from the same wording, so this is a
unit test of labels and engine, not a result: the independent figures are benchmarks/eligibility_official_names.py.
A name counts when the 2025 verdict is eligible or eligible-if and its item is among the items that fit.
"""
from __future__ import annotations

NAMES = {
    "4.1.1": ["风电整机控制系统", "风电变桨系统", "风电偏航系统", "风电变流器", "风力发电机整机", "风轮叶片",
        "风电叶片", "风电塔筒", "海上风电桩基", "风电齿轮箱"],
    "4.1.2": ["光伏电池", "光伏组件", "太阳能控制设备", "光热发电设备", "光伏逆变器"],
    "4.1.3": ["生物质锅炉", "生物质成型燃料设备", "生物质热解设备", "生物质气化设备", "纤维素乙醇装备",
        "秸秆收集处理机械", "沼气生产设备"],
    "4.1.4": ["水轮机", "水轮发电机组", "抽水蓄能机组", "冲击式水轮机"],
    "4.1.5": ["核电站成套设备", "核级泵", "核级阀", "锆合金包壳管", "蒸汽发生器传热管", "核燃料元件",
        "乏燃料后处理装置"],
    "4.1.6": ["地源热泵", "地热热泵", "地热发电机组"],
    "4.1.7": ["潮流能发电机组", "波浪能发电装置", "潮汐能发电机组"],
    "4.1.8": ["压缩空气储能设备", "飞轮储能装置", "超级电容器", "锂离子电池", "铅炭电池", "液流电池", "钠离子电池",
        "储能变流器", "电池管理系统", "储能电池", "蓄冷设备", "蓄热装置"],
    "4.1.9": ["氢燃料燃气轮机", "氢气压缩机", "富氢高炉", "氢基竖炉", "碱性电解槽", "PEM电解槽", "电解水制氢设备",
        "氢气提纯装置", "氢气液化装置", "储氢压力容器", "储氢瓶", "长管拖车", "氢燃料电池汽车", "氢燃料发动机",
        "质子交换膜燃料电池", "固体氧化物燃料电池", "液氢运输船", "加氢站设备"],
    "4.1.10": ["智能变压器", "特高压变压器", "智能电容器", "智能配电开关", "充电桩", "换电设备"],
    "1.2.1": ["动力电池", "驱动电机", "电机控制器", "磷酸铁锂", "三元正极材料", "新能源汽车整车", "电动汽车",
        "插电式混合动力汽车"],
}


def main() -> None:
    import greentaxo
    from greentaxo.eligibility import evaluate

    kg = greentaxo.load()
    hits = total = 0
    for item, names in NAMES.items():
        for name in names:
            total += 1
            res = evaluate(kg, text=name + "制造", catalogues=["gfspc2025"])
            v = res["verdicts"][0]
            fit = {i["code"] for i in v["items"] if i.get("verdict") not in ("not-applicable", "unknown")}
            if v["verdict"] in ("eligible", "eligible-if") and item in fit:
                hits += 1
            else:
                used = ((res["classification"] or {}).get("used") or "-").rsplit("/", 1)[-1]
                print(f"miss {item} {name}制造 -> {v['verdict']} {sorted(fit)} (route {used})")
    print(f"{hits} of {total} names land on their item")


if __name__ == "__main__":
    main()
