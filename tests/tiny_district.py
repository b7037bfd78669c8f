"""A tiny district whose KPIs are worked out by hand in test_pipeline_end_to_end.py.

Streets S1 东湖街道 and S2 西城街道. Registry (2026-01): A(S1,30 workers), B(S1,10),
C(S2,50), D(S2,5, 注销), E(S2,26). G is a 机关 outside the registry (S2).
Dec 2025: A 单独建会 20 members; B 未建会; C 联合建会 40 members (5 migrant).
Jan 2026: A 22; B 未建会; C 45; E 单独建会 on 2026-01-15 with 10; G 单独建会 8/8.
Feb 2026: A 24; B 联合建会 on 2026-02-10 with 5; C 45; E 12; G does not report.
Service cards: C 5 in January (its row names 东湖街道); A 10 and B 8 in February.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ingestion.normalize import credit_code_check_char
from tests.workbooks import write_xlsx


def code(n: int) -> str:
    body = f"911101080000{n:05d}"
    return body + credit_code_check_char(body)


A, B, C, D, E, G, H = (code(n) for n in (1, 2, 3, 4, 5, 7, 8))

UNIT_HEADER = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "经济类型", "职工人数",
               "农民工人数", "会员人数", "农民工会员人数", "建会形式", "建会日期",
               "法人资格登记", "职代会建制", "厂务公开建制"]


def unit(credit, name, street, workers, members, form, date, unit_type="企业",
         migrant_members=None, congress="是", openness="否", legal="是"):
    return [credit, name, street, unit_type, "非公", workers, None, members, migrant_members,
            form, date, legal, congress, openness]


def monthly(path: Path, submitter: str, month: str, units: list[list], extra=None) -> Path:
    sheets = {"组建与会员": [[f"填报单位：{submitter}"], [f"报告期：{month}"], UNIT_HEADER, *units]}
    sheets.update(extra or {})
    return write_xlsx(path, sheets)


def build(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    files["streets"] = write_xlsx(folder / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"], ["S1", "东湖街道", "街道"], ["S2", "西城街道", "街道"]]})
    files["registry"] = write_xlsx(folder / "区市场监管局_企业名录_2026-01.xlsx", {"企业名录": [
        ["报告期：2026-01"],
        ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [A, "甲公司", "东湖街道", 30, "在营"],
        [B, "乙公司", "东湖街道", 10, "在营"],
        [C, "丙公司", "西城街道", 50, "在营"],
        [D, "丁公司", "西城街道", 5, "注销"],
        [E, "戊公司", "西城街道", 26, "在营"],
    ]})
    files["targets"] = write_xlsx(folder / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        [2026, "全区", "新建工会数", 12],
        [2026, "东湖街道", "new_unions", 3],
        [2026, "西城街道", "新建工会数", 6],
        [2026, "全区", "建会率", "95%"],
        [2026, "东湖街道", "职工入会率", 80],
        [2026, "全区", "service_cards", 120],
    ]})
    files["s1_2025_12"] = monthly(folder / "东湖街道_2025-12.xlsx", "东湖街道总工会", "2025-12", [
        unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)),
        unit(B, "乙公司", "东湖街道", 10, 0, "未建会", None, congress="否"),
    ])
    files["s2_2025_12"] = monthly(folder / "西城街道_2025-12.xlsx", "西城街道总工会", "2025-12", [
        unit(C, "丙公司", "西城街道", 50, 40, "联合建会", dt.date(2019, 3, 1), migrant_members=5),
    ])
    files["s1_2026_01"] = monthly(folder / "东湖街道_2026-01.xlsx", "东湖街道总工会", "2026-01", [
        unit(A, "甲公司", "东湖街道", 30, 22, "单独建会", dt.date(2020, 5, 1)),
        unit(B, "乙公司", "东湖街道", 10, 0, "未建会", None, congress="否"),
    ])
    files["s2_2026_01"] = monthly(folder / "西城街道_2026-01.xlsx", "西城街道总工会", "2026-01", [
        unit(C, "丙公司", "西城街道", 50, 45, "联合建会", dt.date(2019, 3, 1), migrant_members=5),
        unit(E, "戊公司", "西城街道", 26, 10, "单独建会", dt.date(2026, 1, 15), congress="否"),
        unit(G, "某局机关", "西城街道", 8, 8, "单独建会", dt.date(2018, 6, 1), unit_type="机关"),
    ], extra={
        # A regional wage agreement covering C (S2) and A (S1); and cards for C counted
        # in S1 because the row names 东湖街道.
        "集体合同": [["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"],
                 [C, "HT-1", "工资专项集体合同", "区域性", "2026-01-10", "2029-01-09", 50],
                 [A, "HT-1", "工资专项集体合同", "区域性", "2026-01-10", "2029-01-09", 30]],
        "服务卡": [["统一社会信用代码", "所属街道", "本月采集会员信息数", "本月办卡数"],
                [C, "东湖街道", 7, 5]],
    })
    files["s1_2026_02"] = monthly(folder / "东湖街道_2026-02.xlsx", "东湖街道总工会", "2026-02", [
        unit(A, "甲公司", "东湖街道", 30, 24, "单独建会", dt.date(2020, 5, 1)),
        unit(B, "乙公司", "东湖街道", 10, 5, "联合建会", dt.date(2026, 2, 10)),
        unit(H, "己公司", "东湖街道", "十二", 3, "单独建会", dt.date(2026, 2, 1)),
    ], extra={
        # B issues 8 cards with 5 members: an outlier flag, loaded all the same. The
        # year so far beside the month's cards is left out, and listed.
        "服务卡": [["统一社会信用代码", "本月采集会员信息数", "本月办卡数", "办卡数（累计）"],
                [A, 20, 10, 10], [B, 0, 8, 8]],
        "培训": [["统一社会信用代码", "培训类别", "开班日期", "参训人次"],
               [A, "职工技能培训", "2026-02-20", 30]],
        "填表说明": [["请按模板填写，勿改动表头"]],  # not a report: ignored, and listed
    })
    # First version of S2 February (E with 99 members), corrected by the second, whose
    # 填报单位 has a space typed into it: a person reads the same submitter.
    files["s2_2026_02_v1"] = monthly(folder / "v1" / "西城街道_2026-02.xlsx", "西城街道总工会", "2026-02", [
        unit(C, "丙公司", "西城街道", 50, 45, "联合建会", dt.date(2019, 3, 1), migrant_members=5),
        unit(E, "戊公司", "西城街道", 26, 99, "单独建会", dt.date(2026, 1, 15), congress="否"),
    ])
    files["s2_2026_02"] = monthly(folder / "西城街道_2026-02.xlsx", "西城街道 总工会", "2026-02", [
        unit(C, "丙公司", "西城街道", 50, 45, "联合建会", dt.date(2019, 3, 1), migrant_members=5),
        unit(E, "戊公司", "西城街道", 26, 12, "单独建会", dt.date(2026, 1, 15), congress="否"),
    ])
    return files


RECEIVE_ORDER = ["streets", "registry", "targets", "s1_2025_12", "s2_2025_12", "s1_2026_01",
                 "s2_2026_01", "s1_2026_02", "s2_2026_02_v1", "s2_2026_02", "s1_2026_01"]
