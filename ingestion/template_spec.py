"""The submission template, declared once.

Everything the parser, the blank-template writer and the generated docs know about
the monthly report form (基层工会月报表) and the reference workbooks lives here:
sheet types, columns, aliases, types, enums, row rules and the Chinese messages a
clerk sees. Change a rule here and every reader of the template follows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

# --- value types -------------------------------------------------------------------
# text: any non-empty text; int: whole number >= 0; number: decimal >= 0;
# date; bool (是/否); enum (listed values); credit_code (GB 32100-2015);
# street (a street/town of the street registry); kpi (a KPI of the catalog);
# target (a number, or a percentage like 95%).
TEXT, INT, NUMBER, DATE, BOOL, ENUM = "text", "int", "number", "date", "bool", "enum"
CREDIT_CODE, STREET, KPI, TARGET = "credit_code", "street", "kpi", "target"

# --- file kinds --------------------------------------------------------------------
MONTHLY, TARGETS, REGISTRY, STREETS = "monthly", "targets", "registry", "streets"
KIND_LABELS = {MONTHLY: "月报表", TARGETS: "年度目标", REGISTRY: "企业名录", STREETS: "街道名录"}

# --- file statuses: a received file's state (the lifecycle of submission-template.md),
# in the order they are listed to people, with the words they are shown in.
FILE_STATUSES: dict[str, str] = {
    "loaded": "已导入", "loaded_with_errors": "部分导入（有错误行）", "rejected": "已拒收",
    "duplicate": "重复文件", "superseded": "已被替代", "received": "待处理",
}


@dataclass(frozen=True)
class Column:
    field: str  # column name in the raw table
    name: str  # canonical Chinese header
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    enum: tuple[str, ...] = ()
    # Other spellings of enum values, as (spelling, value): a registry exported from the
    # national system writes 存续（在营、开业、在册） for 在营.
    enum_aliases: tuple[tuple[str, str], ...] = ()
    # Required only when another field does not hold this value: (field, value).
    required_unless: tuple[str, str] | None = None
    unit: str | None = None  # money columns are in 万元
    note: str = ""
    # A code people type (合同编号): a line break inside is a wrap (GH2026⏎001 is
    # GH2026001), never a space between words as in a name.
    code: bool = False
    # Words a cell may end with, read as no part of its value (年度 2026年 is 2026).
    suffixes: tuple[str, ...] = ()
    # A date cell here means its year: 年度 typed as a date, shown 2026 by a yyyy format.
    date_is_year: bool = False
    # A range of days here is read as its first day (a class's 开班日期 written as the
    # days it ran: 2026-03-05至2026-03-08, 2026年3月5日-8日).
    range_starts: bool = False

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Rule:
    """A rule between the cells of one row.

    code: stable rule code, also the key of its message in MESSAGES.
    kind: how the parser checks it (see ingestion.validate).
    """

    code: str
    kind: str  # le_field | after_field | not_after_month_end | in_month | min_value
    field: str
    other: str | None = None
    value: float | None = None
    severity: str = "error"


@dataclass(frozen=True)
class SheetType:
    key: str  # raw table name
    name: str  # canonical sheet name
    kind: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    grain: str = ""
    optional: bool = False
    # Fields naming what a row is about, where a later row for the same counts and an
    # earlier one does not (warned: duplicate_row); also_unique_by, a second such key
    # (a street's name, besides its code).
    unique_by: tuple[str, ...] = ()
    also_unique_by: tuple[str, ...] = ()
    # A row tells what happened during the month (服务卡, 培训, …), not a state at its
    # end: the year so far is then another period (YEAR_SO_FAR_WORDS).
    counts_flows: bool = False
    # A row is one unit's figures for the report month (组建与会员, 服务卡, 劳动争议,
    # 困难帮扶), not an event dated in a column of its own (a class, a contract): a column
    # or sheet naming another period (办卡数（累计）, 会员人数（上月）) cannot stand for
    # the month's own there, even alone (headers.py, parse._without_other_periods).
    rows_are_unit_months: bool = False

    @property
    def unique_keys(self) -> tuple[tuple[str, ...], ...]:
        return tuple(key for key in (self.unique_by, self.also_unique_by) if key)

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @functools.cached_property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


# --- shared columns ----------------------------------------------------------------
CODE_ALIASES = ("信用代码", "社会信用代码", "统一代码")
STREET_ALIASES = ("街道", "街镇", "所属街镇", "街道办事处", "所属街道办事处")
UNIT_NAME_ALIASES = ("企业名称", "单位全称")


def credit_code(note: str = "18位统一社会信用代码，请将该列设为文本格式") -> Column:
    return Column("credit_code", "统一社会信用代码", CREDIT_CODE, True, CODE_ALIASES, note=note)


def street(required: bool, note: str = "") -> Column:
    return Column("street", "所属街道", STREET, required, STREET_ALIASES, note=note)


FLOW_STREET_NOTE = "可不填；填写时该行计入所填街道"

ORG_UNITS = SheetType(
    key="org_units",
    name="组建与会员",
    aliases=("工会组建", "组建情况", "会员情况"),
    kind=MONTHLY,
    grain="每个基层单位一行，填报月末状态",
    rows_are_unit_months=True,
    unique_by=("credit_code",),
    columns=(
        credit_code(),
        Column("unit_name", "单位名称", TEXT, True, UNIT_NAME_ALIASES),
        street(True),
        Column("unit_type", "单位类型", ENUM, True, ("单位性质",),
               enum=("企业", "机关", "事业单位", "社会组织", "其他")),
        Column("ownership", "经济类型", ENUM, False, ("所有制", "所有制类型"),
               enum=("国有", "集体", "非公", "外资", "港澳台", "其他")),
        Column("workers", "职工人数", INT, True, ("在岗职工数", "职工总数")),
        Column("migrant_workers", "农民工人数", INT, False, ("其中农民工", "农民工")),
        Column("members", "会员人数", INT, True, ("工会会员数", "会员数")),
        Column("migrant_members", "农民工会员人数", INT, False, ("其中农民工会员", "农民工会员")),
        Column("union_form", "建会形式", ENUM, True, ("组建形式",),
               enum=("单独建会", "联合建会", "未建会")),
        Column("union_date", "建会日期", DATE, True, ("工会成立日期", "成立时间", "建会时间"),
               required_unless=("union_form", "未建会"), note="未建会的单位可不填"),
        Column("legal_person", "法人资格登记", BOOL, False, ("工会法人登记", "法人登记")),
        Column("workers_congress", "职代会建制", BOOL, False, ("建立职代会", "职代会")),
        Column("openness", "厂务公开建制", BOOL, False, ("厂务公开",)),
    ),
    rules=(
        Rule("migrant_gt_workers", "le_field", "migrant_workers", "workers"),
        Rule("migrant_members_gt_members", "le_field", "migrant_members", "members"),
        Rule("members_gt_workers", "le_field", "members", "workers", severity="warning"),
        Rule("date_after_report_month", "not_after_month_end", "union_date"),
    ),
)

CONTRACTS = SheetType(
    key="contracts",
    name="集体合同",
    aliases=("集体协商", "集体合同签订"),
    kind=MONTHLY,
    grain="每份合同每个覆盖企业一行；区域性、行业性合同的各企业共用一个合同编号",
    columns=(
        credit_code(),
        Column("contract_no", "合同编号", TEXT, False, ("协议编号",), code=True,
               note="不填时按信用代码、合同类别、签订日期识别合同"),
        Column("contract_type", "合同类别", ENUM, True, ("合同类型", "协议类别"),
               enum=("综合集体合同", "工资专项集体合同", "女职工专项集体合同"),
               enum_aliases=(("综合性集体合同", "综合集体合同"), ("综合性", "综合集体合同"),
                             ("综合", "综合集体合同"), ("综合集体协议", "综合集体合同"),
                             ("工资专项集体协议", "工资专项集体合同"), ("工资集体协议", "工资专项集体合同"),
                             ("工资专项", "工资专项集体合同"), ("工资专项合同", "工资专项集体合同"),
                             ("女职工权益保护专项集体合同", "女职工专项集体合同"),
                             ("女职工权益保护专项集体协议", "女职工专项集体合同"),
                             ("女职工专项集体协议", "女职工专项集体合同"),
                             ("女职工专项", "女职工专项集体合同"), ("女职工专项合同", "女职工专项集体合同"))),
        Column("sign_form", "签订形式", ENUM, True, ("签订方式",),
               enum=("单独签订", "区域性", "行业性"),
               enum_aliases=(("单独", "单独签订"), ("独立签订", "单独签订"), ("区域", "区域性"),
                             ("区域性集体合同", "区域性"), ("区域性签订", "区域性"), ("行业", "行业性"),
                             ("行业性集体合同", "行业性"), ("行业性签订", "行业性"))),
        Column("signed_on", "签订日期", DATE, True, ("签约日期",)),
        Column("expires_on", "到期日期", DATE, True, ("终止日期", "有效期至")),
        Column("covered_workers", "覆盖职工数", INT, True, ("涉及职工数",)),
    ),
    rules=(
        Rule("date_after_report_month", "not_after_month_end", "signed_on"),
        Rule("expiry_not_after_signing", "after_field", "expires_on", "signed_on"),
    ),
)

SERVICE_CARDS = SheetType(
    key="service_cards",
    name="服务卡",
    aliases=("会员服务卡", "普惠服务卡"),
    kind=MONTHLY,
    counts_flows=True,
    grain="每个单位一行，填报当月发生数",
    rows_are_unit_months=True,
    columns=(
        credit_code(),
        street(False, FLOW_STREET_NOTE),
        Column("info_collected", "本月采集会员信息数", INT, False, ("采集会员信息数", "采集数", "当月采集会员信息数", "本期采集会员信息数")),
        Column("cards_issued", "本月办卡数", INT, True,
               ("本月新办卡数", "办卡数", "当月办卡数", "当月新办卡数", "本期办卡数", "本期新办卡数")),
    ),
)

TRAININGS = SheetType(
    key="trainings",
    name="培训",
    aliases=("职工培训", "培训情况"),
    kind=MONTHLY,
    counts_flows=True,
    grain="每个培训班次一行",
    columns=(
        credit_code("主办单位的统一社会信用代码"),
        street(False, FLOW_STREET_NOTE),
        Column("training_name", "培训名称", TEXT, False, ("班次名称", "项目名称")),
        Column("training_type", "培训类别", ENUM, True, ("培训类型",),
               enum=("职工技能培训", "工会干部培训", "安全生产培训", "法律知识培训", "其他"),
               enum_aliases=(("技能培训", "职工技能培训"), ("职工技能培训班", "职工技能培训"),
                             ("干部培训", "工会干部培训"), ("工会干部培训班", "工会干部培训"),
                             ("安全培训", "安全生产培训"), ("安全生产培训班", "安全生产培训"),
                             ("法律培训", "法律知识培训"), ("法律知识培训班", "法律知识培训"),
                             ("普法培训", "法律知识培训"))),
        Column("start_date", "开班日期", DATE, True, ("培训日期",), range_starts=True,
               note="写作日期范围（如 2026-03-05至03-08）时按第一天读取"),
        Column("participants", "参训人次", INT, True, ("培训人次", "参加人次")),
        Column("hours", "学时", NUMBER, False, ("课时",), suffixes=("学时", "课时", "小时")),
    ),
    rules=(
        Rule("training_outside_month", "in_month", "start_date", severity="warning"),
        Rule("participants_below_one", "min_value", "participants", value=1),
    ),
)

DISPUTES = SheetType(
    key="disputes",
    name="劳动争议",
    aliases=("劳动争议调解", "争议调解"),
    kind=MONTHLY,
    counts_flows=True,
    optional=True,
    grain="每个单位一行，填报当月发生数（选报）",
    rows_are_unit_months=True,
    columns=(
        credit_code(),
        street(False, FLOW_STREET_NOTE),
        Column("cases_received", "受理件数", INT, True, ("受理劳动争议", "受理数")),
        Column("cases_mediated", "调解成功件数", INT, True, ("调解成功数",)),
        Column("amount", "涉及金额（万元）", NUMBER, False, ("涉案金额",), unit="万元"),
    ),
    rules=(Rule("mediated_gt_received", "le_field", "cases_mediated", "cases_received"),),
)

ASSISTANCE = SheetType(
    key="assistance",
    name="困难帮扶",
    aliases=("帮扶救助", "送温暖"),
    kind=MONTHLY,
    counts_flows=True,
    optional=True,
    grain="每个单位一行，填报当月发生数（选报）",
    rows_are_unit_months=True,
    columns=(
        credit_code(),
        street(False, FLOW_STREET_NOTE),
        Column("assisted_workers", "帮扶人数", INT, True, ("帮扶职工人数",)),
        Column("amount", "帮扶金额（万元）", NUMBER, True, ("帮扶金额", "救助金额"), unit="万元"),
    ),
)

TARGET_SHEET = SheetType(
    key="targets",
    name="年度目标",
    aliases=("目标任务", "目标任务分解"),
    kind=TARGETS,
    grain="每年、每个街道（或全区）、每个指标一行",
    unique_by=("year", "street", "kpi_code"),
    columns=(
        Column("year", "年度", INT, True, suffixes=("年度", "年"), date_is_year=True),
        Column("street", "街道", STREET, True, ("所属街道", "街镇", "所属街镇"),
               note="街道名录中的街道，或“全区”"),
        Column("kpi_code", "指标", KPI, True, ("指标名称", "考核指标"), note="指标代码或中文名称，如“建会率”"),
        Column("target_value", "目标值", TARGET, True, ("目标任务", "目标数", "任务数", "年度目标", "年度目标值"),
               note="比率可写作95%或95；数量可写作1.5万，金额以万元计（30万即30万元）；"
                    "单位也可写在表头（目标值（元））或“计量单位”列"),
    ),
)
# A targets sheet's column stating each row's unit (计量单位: 元, 万人, 家): a target typed
# as a bare number is in it (300000 with 元 is 30 万元), as a unit in its cell would be.
TARGET_UNIT_HEADERS = ("计量单位", "单位", "计量单位名称")
# A rate's target written as a change (提高2个百分点, or 2 with 计量单位 个百分点): no target
# rate without last year's, so refused (`target_points`); it had loaded as a target of 2%.
# (百分点 alone is often a rate's loose unit: 95 with 百分点 is 95%.)
TARGET_POINTS_WORDS = ("个百分点",)

REGISTRY_SHEET = SheetType(
    key="registry",
    name="企业名录",
    aliases=("法人数据库", "企业名单"),
    kind=REGISTRY,
    grain="每个企业一行，完整快照",
    unique_by=("credit_code",),
    columns=(
        credit_code(),
        Column("unit_name", "单位名称", TEXT, True, UNIT_NAME_ALIASES),
        street(True),
        Column("workers", "职工人数", INT, True, ("在岗职工数", "职工总数", "从业人数", "从业人员数")),
        Column("status", "经营状态", ENUM, True, ("登记状态", "状态", "企业状态", "经营状况"),
               enum=("在营", "注销", "吊销", "迁出"),
               enum_aliases=(("存续", "在营"), ("开业", "在营"), ("在业", "在营"), ("在册", "在营"),
                             ("存续（在营、开业、在册）", "在营"), ("在营（开业）企业", "在营"),
                             ("在营企业", "在营"), ("存续企业", "在营"), ("已注销", "注销"),
                             ("已吊销", "吊销"), ("吊销未注销", "吊销"), ("吊销，未注销", "吊销"),
                             ("已迁出", "迁出"), ("正常经营", "在营"), ("正常", "在营"),
                             ("注销企业", "注销"), ("吊销企业", "吊销"), ("迁出企业", "迁出"),
                             ("吊销，已注销", "注销"), ("吊销已注销", "注销"), ("吊销后注销", "注销"))),
    ),
)

STREET_SHEET = SheetType(
    key="streets",
    name="街道名录",
    aliases=("街镇名录",),
    kind=STREETS,
    grain="每个街道/镇一行",
    unique_by=("street_code",),
    also_unique_by=("street_name",),
    columns=(
        Column("street_code", "街道代码", TEXT, True, code=True),
        Column("street_name", "街道名称", TEXT, True),
        # (A 乡 is a town's level, a 地区办事处 a street's: read as such.)
        Column("street_type", "类型", ENUM, True, enum=("街道", "镇", "开发区", "系统"),
               enum_aliases=(("乡", "镇"), ("民族乡", "镇"), ("地区办事处", "街道"), ("地区", "街道"))),
    ),
)

SHEET_TYPES: tuple[SheetType, ...] = (
    ORG_UNITS, CONTRACTS, SERVICE_CARDS, TRAININGS, DISPUTES, ASSISTANCE,
    TARGET_SHEET, REGISTRY_SHEET, STREET_SHEET,
)
MONTHLY_SHEETS = tuple(s for s in SHEET_TYPES if s.kind == MONTHLY)

# --- labelled cells above the header -------------------------------------------------
MONTH_LABELS = ("报告期", "填报月份", "统计期", "所属期")
SUBMITTER_LABELS = ("填报单位",)
# A submitter is compared without the name of its union: 东湖街道, 东湖街道总工会 and
# 东湖街道 工会 are one 填报单位 (a correction named 东湖街道_2026-03.xlsx replaces the
# file labelled 东湖街道总工会), and without a remark in brackets (（章）). Only names of
# the same body: 白鹭街道联合工会 (a joint union of small firms) and 白鹭街道工会联合会
# stay other submitters than 白鹭街道总工会, whose report theirs must never replace.
# Longest first. dbt reads the same list (dbt_project.yml, var submitter_suffixes; a
# test keeps the two equal).
SUBMITTER_SUFFIXES = ("工会委员会", "总工会", "工会")
LABEL_SEARCH_ROWS = 10
# Words in the name of a sheet that explains how to fill the form (填表说明, 指标解释):
# its "填报单位：…" lines are instructions, never the file's labels.
INSTRUCTION_SHEET_WORDS = ("说明", "须知", "解释", "注意事项", "指南")
# A sheet read as a report by its header alone whose name only explains (填报说明,
# 更正说明): beside a sheet of its type it is no second report of the month (a flow's
# rows would add up), so it gives way, listed (parse._name_gives_way).
EXPLANATION_SHEET_WORDS = (*INSTRUCTION_SHEET_WORDS, "更正")
# A sheet named as a correction of another sheet of the file (服务卡（更正） of 服务卡,
# 秋月社区服务卡更正 of 秋月社区服务卡) replaces that sheet's rows of the units it lists:
# their flows would add up (parse._corrections_replace). 补报 (late rows) is no
# correction; a header-read name of nothing but such words (数据更正) only explains.
CORRECTION_SHEET_WORDS = ("更正", "修改")  # (also with 后 or 版: 更正后, 修改版)
# Correction words only with 后 (服务卡（调整后）): 修订, 调整 alone are a contract's events
# (集体合同（修订）). With 前 any of them marks the original (服务卡（修改前）).
CORRECTED_AFTER_WORDS = ("调整", "修订")
# (The original, 服务卡（修改前）or（更正前）, beside the same sheet unmarked with rows,
# 服务卡, is the copy kept from before: the unmarked sheet is the report, the copy gives
# way whole, listed as before_correction_sheet. Not 调整前: 区划调整前 is a period.)
# A sheet named as a comparison or an analysis (同期对比, 服务卡环比分析) beside a sheet of
# its type with rows repeats the month's figures beside others: it gives way, listed
# (comparison_sheet). Alone, or beside an empty one, it is read.
COMPARISON_SHEET_WORDS = ("对比", "同比", "环比", "分析")  # (not 比对: 与法人库比对 checks units)
# What such a name may say besides (its type, sender and periods aside): '同期对比表',
# '环比分析情况'; a name saying more is another sheet ('华测检测分析有限公司', '（环比新增单位）').
COMPARISON_NAME_FILLERS = ("表", "情况", "数据", "与", "和", "及", "的")
HEADER_SEARCH_ROWS = 15

# Other words printed on report forms (never a 填报单位 or a 报告期 themselves).
FORM_WORDS = ("填表日期", "填报日期", "报送日期", "制表日期", "日期", "单位", "金额单位",
              "计量单位", "盖章", "签字", "签名")

# Rows skipped in the data area: a totals row's first cell is a marker, or ends with one
# after a short name of what it totals ('全镇合计', '东湖社区小计'; at most
# TOTAL_ROW_NAME_CHARS characters in all).
TOTAL_ROW_MARKERS = ("合计", "总计", "小计", "共计", "汇总")  # (汇总: an Excel table's total row)
# A header cell under a group label that names the group's own figure: 职工人数 over
# 合计 | 其中：农民工 (headers.py).
GROUP_TOTAL_HEADERS = (*TOTAL_ROW_MARKERS, "总数", "共计", "计")
# A header's remark naming another period than the report month ('办卡数（累计）',
# '职工人数（上月）'), or a short group label of one ('上月' over 职工人数 | 会员人数):
# not the month's figure when a column of the month's own has the same name (it is
# then left out and listed). Alone it is the column, unless, in a sheet of one row per
# unit's month (SheetType.rows_are_unit_months), its remark says nothing but another
# period ('办卡数（上半年）', '会员人数（截至上月底）'; not '本月办卡数（截至3月31日）',
# whose name says the month, nor '（上月结转的不计入）', an instruction). （本月）,
# （本期）, （当月）, '不含上月…' and '含上年结转' are the month's own. A past period
# is another for every sheet; the year so far (and a range of months, '1-3月':
# normalize.MONTH_RANGE) only for a sheet of the month's flows (SheetType.counts_flows):
# a stock's 会员人数（截至本月底） or 职工人数（本年） is the state now, but its change
# (会员人数（本年新增）, （本季度减少）) is never its state (headers: an ignored column).
PAST_PERIOD_WORDS = ("上月", "上个月", "上一月", "上期", "上年", "上年度", "上一年", "去年", "往年", "以前年度",
                     "上季度", "同期", "年初")
YEAR_SO_FAR_WORDS = ("累计", "历年", "本年度", "本年", "今年", "年度", "以来", "季度", "全年", "上半年", "半年",
                     "截至本月", "截止本月", "截至目前", "截止目前", "截至", "截止", "年内", "至今")
# A flow's header remark naming its total to date, alone ('办卡数（总数）', '受理件数（总量）'):
# another period's figure, as （累计） is (the month's is never a total).
TOTAL_TO_DATE_REMARKS = ("总数", "总量")
STOCK_CHANGE_WORDS = ("新增", "减少", "新入", "净增", "增加", "增长", "增减", "变动", "流失")
# A stock's sheet named for units added or changed (组建与会员（新增）, （变动）) lists
# those units with their state: read, before the month's own sheet (whose row of a unit
# in both counts). Named for a decrease (（本年减少）) it is another figure: left out.
UNITS_ADDED_WORDS = ("新增", "新入", "增加", "变动")
# What a sheet's name may add to its type's name besides a period ('服务卡（上月数）',
# '服务卡汇总（本年累计）', '组建与会员（上年末）'): normalize.without_period_words.
SHEET_NAME_FILLERS = ("汇总", "报表", "情况", "统计", "明细", "数据", "备份", "数", "表", "末", "底", "初",
                      "本月", "当月", "目前", "更正", "补报", "修改", "修订", "调整")
# A sheet named for a type as its total (服务卡（汇总）, 组建与会员（合计）) beside other
# sheets of the type sums them (a street's 社区 sheets and their 汇总): its rows of units
# on them are left out and it is listed (summary_sheet), or those units count twice;
# with no credit-code column (counts per 社区) it is left out whole. Named for a
# breakdown (服务卡（分社区）) or 统计, only when it has no credit-code column.
SUMMARY_SHEET_WORDS = ("汇总", "合计", "小计", "总计")
BREAKDOWN_SHEET_WORDS = ("分社区", "分街道", "分村", "分类", "统计")
OTHER_PERIOD_LABEL_CHARS = 6
# A sheet of no known name whose header names this many of a type's columns and misses
# one required column is that type's, missing it (headers.nearly_matching_header).
NEAR_HEADER_COLUMNS = 3
TOTAL_ROW_NAME_CHARS = 12
FOOTER_MARKERS = ("填表人", "审核人", "联系电话", "填报人", "制表人", "负责人", "单位负责人",
                  "制表", "复核", "审核", "审批", "经办人", "联系人", "电话", "手机",
                  "填表日期", "填报日期", "制表日期", "报送日期", "日期：", "日期:",
                  "注：", "注:", "说明：", "说明:", "备注：", "备注:",
                  "统计员", "统计人", "填表说明", "填报说明", "本表", "主要负责人", "分管领导",
                  "单位（盖章）", "（盖章）", "盖章", "签字", "签章")
# A sentence under the table vouching for it ('以上数据真实有效', '本单位承诺所报数据准确'),
# alone on its line after the last data row: it starts with one of STATEMENT_OPENINGS or
# holds one of STATEMENT_WORDS. It is no row; with only footer
# lines (a date, a stamp, 填表人…) after it, it ends the data as a footer does. (In a
# sheet with no credit-code column, or before a data row, it is a row to report.)
# A line alone on its row saying the table goes on ('续表', '…情况表（续表）', '（续）'),
# printed above a page's repeated header: no row.
CONTINUATION_MARKS = ("续表", "续上表", "(续)", "(续上表)")
STATEMENT_OPENINGS = ("以上", "上述", "特此", "经核实", "经核对", "经审核")
STATEMENT_WORDS = ("承诺", "属实", "真实有效", "真实、准确", "真实准确")

# Accepted spellings of booleans (compared after full-width folding and lower-casing).
TRUE_WORDS = ("是", "有", "y", "yes", "√", "1", "true", "t", "✓",
              "已建立", "已建", "已成立", "已登记", "已公开", "已实行", "已实施")
FALSE_WORDS = ("否", "无", "n", "no", "×", "0", "false", "f", "x", "✗",
               "未建立", "未建", "未成立", "未登记", "未公开", "未实行", "未实施", "没有")
# Units of counting and of money that may trail a number.
COUNT_UNITS = ("人次", "人", "名", "件", "家", "户", "个", "份", "张", "期", "次")
# A count or amount merged over several units' rows (a joint union's members, one figure
# beside three firms) belongs to no one row: in these kinds of file each row of such a
# merge is an error (merged_number), where text, dates and targets merged down rows are
# read in every row (所属街道 merged down a street's units, one 建会日期 for a joint union,
# one rate target for every street).
SPLIT_MERGED_NUMBERS = (MONTHLY, REGISTRY)
MERGED_NUMBERS_PER_ROW = ("hours",)  # a 学时 merged over two classes is each class's

# Every money column is in 万元. A money unit, trailing a number ('1200元') or in its
# column's header ('帮扶金额（元）', a load note says so), says what the number is divided
# by to be in 万元; a cell's own unit wins over its header's.
MONEY_UNIT_DIVISORS = {"万元": 1, "千元": 10, "元": 10_000}
MONEY_UNITS = tuple(MONEY_UNIT_DIVISORS)  # (万元 before 元: the longer unit matches first)
# A currency's sign or name alone is 元 ('帮扶金额（￥）', '(RMB)', '（人民币）'), unless
# a unit is named beside it ('（万元）（人民币）', '金额单位：人民币（万元）').
CURRENCY_WORDS = ("人民币", "¥", "RMB", "rmb", "CNY")
MONEY_UNIT_ALIASES = {"人民币元": "元", "人民币千元": "千元", "人民币万元": "万元",
                      "元人民币": "元", "千元人民币": "千元", "万元人民币": "万元",
                      **{word: "元" for word in CURRENCY_WORDS}}
# A money cell's short unit ('3.5万' in a money column is 3.5万元).
MONEY_CELL_UNITS = {"万": "万元"}

# A street written otherwise than the street list names it, as a person reads it
# (validate.Reference.street_as_read): with a word after it that names its office or
# union (东湖街道办事处, 东湖街道总工会, a development zone's 管委会); after a place above
# it, ending in one of PLACE_ENDINGS (临湖区东湖街道); or without its kind (东湖 for
# 东湖街道, when no other street is 东湖-something). A list giving its streets' official
# names (东湖街道办事处, 南山镇人民政府) is read the same way: 东湖街道, 东湖 and 南山镇 are those.
STREET_WORDS_AFTER = ("办事处", "办", "人民政府", "政府", "管委会", "管理委员会", *SUBMITTER_SUFFIXES)
STREET_KINDS = ("街道", "镇", "乡")
PLACE_ENDINGS = "省市区县旗"
STREETS_NAMED_IN_MESSAGE = 30  # a street's message lists the street list's names, up to this many

DISTRICT_WORDS = ("全区", "区", "ALL", "合计", "总计", "汇总", "全区合计")  # a targets sheet's district row

# How Excel shows a formula whose result is an error; such a cell is a row error.
# What a clerk types for "nothing to fill in here" ('/' under 建会日期 of a unit with no
# union, '—' for no migrant workers): an empty cell, so a required one is still an
# error; 无 in a count or amount says there are none, 0 (in a 是/否 column 否, and in a
# list's column it is refused with the list, which may say it: 未建会).
EMPTY_PLACEHOLDERS = frozenset(("/", "／", "\\", "＼", "-", "－", "—", "–", "―", "--", "－－", "——",
                                "――", "无", "暂无"))
NONE_IS_ZERO = frozenset(("无", "暂无"))

EXCEL_ERROR_VALUES = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                      "#GETTING_DATA", "#SPILL!", "#CALC!")

# --- formats and limits ----------------------------------------------------------------
FILE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")  # what a file received may be
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

# --- messages a clerk reads ------------------------------------------------------------
# Row messages start with 第{row}行 “{header}” so the clerk finds the cell at once.
# (The one cross-file warning, a unit reported by two submitters for one month, needs
# every file at once and is written by dbt: models/marts/load_issues.sql.)
MESSAGES: dict[str, str] = {
    # cell-level
    "required": "第{row}行 “{header}” 不能为空{as_written}",
    "required_unless": "第{row}行 “{header}” 不能为空（{other}为“{other_value}”时必须填写）{as_written}",
    "int": "第{row}行 “{header}” 值 “{value}” 不是整数",
    "int_negative": "第{row}行 “{header}” 值 “{value}” 不能为负数",
    "number": "第{row}行 “{header}” 值 “{value}” 不是有效的数字",
    "number_negative": "第{row}行 “{header}” 值 “{value}” 不能为负数",
    "number_grouping": "第{row}行 “{header}” 值 “{value}” 中的逗号位置不对：千位分隔每三位一个（如 1,234），小数请用小数点（如 2.5）",
    "date": "第{row}行 “{header}” 值 “{value}” 不是有效的日期，请写作 2026-03-05",
    "bool": "第{row}行 “{header}” 值 “{value}” 应填“是”或“否”",
    "enum": "第{row}行 “{header}” 值 “{value}” 不在可选范围内，应为：{choices}",
    "credit_code": "第{row}行 “{header}” 值 “{value}” 不是有效的18位统一社会信用代码（校验位不符或含非法字符）",
    "credit_code_number": "第{row}行 “{header}” 值 “{value}” 以数字格式保存，后几位已丢失；请将该列设为文本格式后重新填写",
    "street": "第{row}行 “{header}” 值 “{value}” 不是街道名录中的街道（街道名录：{choices}）",
    "street_unknown_registry": "第{row}行 “{header}” 值 “{value}” 不是街道名录中的街道，该企业只计入全区",
    "kpi": "第{row}行 “{header}” 值 “{value}” 不是指标体系中的指标，应为：{choices}",
    "kpi_unit": "第{row}行 “{header}” 值 “{value}” 括号中的单位或说明与指标体系不符：请只写指标名称，目标值按指标体系的单位填写（金额以万元计，比率写作 95%）",
    "target": "第{row}行 “{header}” 值 “{value}” 不是有效的目标值，比率请写作 95% 或 95",
    "target_negative": "第{row}行 “{header}” 值 “{value}” 不能为负数：目标值按完成率计算进度，请填写 0 或正数",
    "target_percent": "第{row}行 “{header}” 值 “{value}” 是百分比，但该行指标是数量或金额：请按指标体系的单位填写"
                      "（如 12 家、1.5万人、30 万元），比率指标才写百分比",
    "target_rate_over_100": "第{row}行 “{header}” 值 “{value}” 超过100%，但该行指标是比率：比率的目标不能超过100%，请核实",
    "year": "第{row}行 “{header}” 值 “{value}” 不是有效的年度：请写四位年份（如 2026），每格一个",
    "target_points": "第{row}行 “{header}” 值 “{value}” 是提高或降低的百分点，不是目标值本身：请填写目标值本身（比率如 95%，数量、金额按指标体系的单位）",
    "street_reserved": "第{row}行 “{header}” 值 “{value}” 在系统中表示全区，不能作为街道的代码或名称，请改用其他写法",
    "merged_number": "第{row}行 “{header}” 是合并单元格（{merge}）中的数 “{value}”，无法确定它属于哪个单位、哪一列：请取消合并，按单位逐行、逐列填写",
    "formula_error": "第{row}行 “{header}” 值 “{value}” 是公式错误，请修正公式或改填数值",
    # row rules
    "migrant_gt_workers": "第{row}行 “{header}” 值 “{value}” 不能大于职工人数（{other_value}）",
    "migrant_members_gt_members": "第{row}行 “{header}” 值 “{value}” 不能大于会员人数（{other_value}）",
    "members_gt_workers": "第{row}行 “{header}” 值 “{value}” 大于职工人数（{other_value}），请核实",
    "date_after_report_month": "第{row}行 “{header}” 值 “{value}” 晚于报告期末（{month_end}）",
    "expiry_not_after_signing": "第{row}行 “{header}” 值 “{value}” 应晚于签订日期（{other_value}）",
    "training_outside_month": "第{row}行 “{header}” 值 “{value}” 不在报告期（{month}）内，请核实",
    "participants_below_one": "第{row}行 “{header}” 值 “{value}” 应不少于1",
    "mediated_gt_received": "第{row}行 “{header}” 值 “{value}” 不能大于受理件数（{other_value}）",
    "duplicate_row": "第{row}行 与{other}的“{headers}”相同，以{other}为准，本行不计入",
    # sheet-level
    "missing_column": "工作表“{sheet}”缺少必填列“{header}”，该表数据未导入；请按模板补齐列名",
    "group_without_total": "工作表“{sheet}”中“{group}”下只有分项（{parts}），没有合计列，"
                           "该表数据未导入；请在“{group}”下增加“合计”列",
    "header_not_found": "工作表“{sheet}”的前{rows}行中没有表头（应含必填列{headers}），该表数据未导入；请按模板填写表头",
    "other_period_sheet": "工作表“{sheet}”的名称表明是其他期间（上月、累计等）的数，不能作为本月数，该表数据未导入；"
                          "请填写本月数，工作表名不带“累计”“上月”等字样（如本月数已在其他工作表填报，可删除此表）",
    "other_period_table": "工作表“{sheet}”第{row}行起的“{title}”是其他期间（上月、累计等）的数，不能作为本月数，"
                          "该表数据未导入；如需上报本月数，请另填本月的表",
    # file-level
    "month_unreadable": "无法识别报告期“{value}”：请写作“报告期：2026-03”或“报告期：2026年3月”，或在文件名中写明月份（如 东湖街道_2026-03.xlsx）",
    "no_month": "无法确定报告期：请在表头上方填写“报告期：2026-03”，或在文件名中写明月份（如 东湖街道_2026-03.xlsx）",
    "conflicting_months": "各工作表的报告期不一致：{months}；一个文件只能填报一个月，请统一各表的报告期后重新上传",
    "conflicting_submitters": "各工作表的填报单位不一致（{names}），无法确定本文件的填报单位：请在文件名中写明填报单位（如 高新开发区_2026-03.xlsx），或统一各表的填报单位后重新上传",
    "no_submitter": "无法确定填报单位：请在表头上方填写“填报单位：{example}”，或将文件命名为“{file_name}”",
    "formula_not_calculated": "文件中的公式没有保存计算结果（如工作表“{sheet}”{cell}）：文件由程序生成、未在 Excel 中打开保存过，读到的数与打开时看到的不同；请用 Excel 或 WPS 打开本文件、保存后重新上传",
    "no_data_rows": "文件中的报表工作表（{sheets}）在表头下方没有任何数据行：请填写数据后重新上传（空白模板不能作为报表上报）",
    "no_known_sheet": "文件中没有可识别的报表工作表：工作表名称或表头应与模板一致（如“组建与会员”）",
    "hidden_report_sheets": "文件中没有可识别的报表工作表：工作表{sheets}已隐藏，未读取；如需上报，请取消隐藏后重新上传",
    "unreadable": "文件无法读取（已损坏或不是有效的 Excel/CSV 文件）：{detail}",
    "encrypted": "文件已加密（设置了打开密码），请取消密码后重新上传",
    "too_large": "文件大小 {size} 超过上限 {limit}，请拆分后上传",
    "unpacked_too_large": "文件解压后大小超过上限 {limit}，疑似异常文件，请检查后重新上传",
    "unsupported_format": "不支持的文件格式“{suffix}”：请上传 .xlsx、.xlsm、.xls 或 .csv 文件",
    "csv_encoding": "CSV 文件编码无法识别：请另存为 UTF-8 或 GB18030 编码",
    "duplicate_file": "与已接收的文件“{other}”内容完全相同，未重复导入",
}

# Each rule's short name for people (the 规则 column of the load issues' tables and
# download), beside its stable code; the warehouse's own checks are here too.
RULE_LABELS: dict[str, str] = {
    "required": "必填", "required_unless": "条件必填", "int": "整数", "int_negative": "不能为负",
    "number": "数字", "number_negative": "不能为负", "number_grouping": "千位分隔",
    "date": "日期", "bool": "是/否", "enum": "可选值", "credit_code": "信用代码",
    "credit_code_number": "信用代码存为数字", "street": "街道名录",
    "street_unknown_registry": "名录外街道", "kpi": "指标名称", "kpi_unit": "指标单位",
    "target": "目标值", "target_negative": "目标值为负", "target_percent": "目标值为百分比",
    "target_points": "目标值为百分点", "target_rate_over_100": "比率目标超过100%", "year": "年度",
    "merged_number": "合并单元格",
    "street_reserved": "全区保留字",
    "formula_error": "公式错误",
    "migrant_gt_workers": "农民工人数≤职工人数", "migrant_members_gt_members": "农民工会员≤会员人数",
    "members_gt_workers": "会员人数≤职工人数", "date_after_report_month": "日期晚于报告期",
    "expiry_not_after_signing": "到期晚于签订", "training_outside_month": "培训日期在报告期内",
    "participants_below_one": "参训人数≥1", "mediated_gt_received": "调解成功≤受理",
    "duplicate_row": "重复行", "missing_column": "缺少列", "group_without_total": "缺少合计列",
    "other_period_sheet": "其他期间的表", "other_period_table": "其他期间的表",
    "header_not_found": "未找到表头", "month_unreadable": "报告期无法识别", "no_month": "缺少报告期",
    "conflicting_months": "报告期不一致", "conflicting_submitters": "填报单位不一致",
    "no_submitter": "缺少填报单位", "formula_not_calculated": "公式未计算",
    "no_data_rows": "没有数据行", "no_known_sheet": "没有可识别的工作表",
    "hidden_report_sheets": "工作表隐藏", "unreadable": "文件损坏",
    "encrypted": "文件加密", "too_large": "文件过大", "unpacked_too_large": "解压后过大",
    "unsupported_format": "格式不支持", "csv_encoding": "CSV 编码", "duplicate_file": "重复文件",
    # checks across files, in the warehouse (dbt_project/models/marts/load_issues.sql)
    "duplicate_unit_report": "单位重复填报", "outlier_members_jump": "会员数突变",
    "outlier_cards_above_members": "办卡数超过会员数",
}


def rule_label(rule: str) -> str:
    """A rule's short name in Chinese (its code when it has none)."""
    return RULE_LABELS.get(rule, rule)


# no_submitter's example, by the kind of file: a registry comes from the district's
# sources, not from a street.
SUBMITTER_EXAMPLES = {
    MONTHLY: ("XX街道总工会", "填报单位_报告期.xlsx"),
    REGISTRY: ("区总工会", "区总工会_企业名录_2026-01.xlsx"),
}


# A required cell's message ends with this when a placeholder was typed there
# (EMPTY_PLACEHOLDERS): the clerk sees why a cell that holds '—' is "empty".
PLACEHOLDER_WRITTEN = "（填写的“{value}”视为未填）"

# A missing_column's message when the sheet has the column only for another period
# (办卡数（上半年） alone, in a sheet of one row per unit's month).
MISSING_COLUMN_OTHER_PERIOD = ("工作表“{sheet}”中的列{written}是其他期间（上月、累计等）的数，"
                               "不能作为本月的“{header}”，该表数据未导入；请填写本月数，列名写作“{header}”"
                               "（如本月数已在其他工作表填报，可删除此表）")

# What was ignored in a file (listed in the load report; never an error).
NOTE_MESSAGES: dict[str, str] = {
    "ignored_sheet": "工作表“{sheet}”为空或不是模板中的报表，已忽略",
    "ignored_column": "工作表“{sheet}”中的列“{column}”不在模板中，已忽略",
    "duplicate_column": "工作表“{sheet}”中的列“{column}”与前面的列同名，只读取前一列",
    "hidden_duplicate_column": "工作表“{sheet}”中的列“{column}”已隐藏，且有同名的未隐藏列，已忽略",
    "other_period_column": "工作表“{sheet}”中的列“{column}”是其他期间（上月、累计等）的数，已按本月的同名列读取、此列忽略",
    "other_period_only_column": "工作表“{sheet}”中的列“{column}”是其他期间（上月、累计等）的数，不能作为本月数，已忽略",
    "cell_format_unit": "工作表“{sheet}”中的列“{column}”有单元格显示的金额单位与表头不同，已按单元格显示的单位换算为万元导入，请核实",
    "other_month_sheet": "工作表“{sheet}”的名称表明是其他月份的报表，已忽略；如需上报该月，请作为单独的文件上传",
    "other_period_sheet": "工作表“{sheet}”的名称表明是其他期间（上月、累计等）的数，已按本月的同类工作表读取、此表忽略",
    "explanation_sheet": "工作表“{sheet}”的名称表明是说明或更正（非本月报表），已按本月的同类工作表读取、此表忽略；"
                         "如需更正以前月份，请重新上传该月的文件",
    "summary_sheet": "工作表“{sheet}”是汇总表，已按同类的明细工作表读取、此表忽略（汇总数由各单位的明细计算）",
    "corrected_sheet": "工作表“{sheet}”另有更正后的工作表，其中列出的单位已按更正后的读取、此表中这些单位的行忽略",
    "before_correction_sheet": "工作表“{sheet}”是修改前的原表，另有同名的现行工作表，已按现行工作表读取、此表忽略",
    "comparison_sheet": "工作表“{sheet}”的名称表明是对比或分析表（非本月报表），已按本月的同类工作表读取、此表忽略",
    "other_kind_sheet": "工作表“{sheet}”属于另一类报表，已忽略；请作为单独的文件上传",
    "converted_unit": "工作表“{sheet}”中的列“{column}”按表头单位填报，已换算为万元导入",
    "unknown_unit": "工作表“{sheet}”中的列“{column}”的金额单位无法识别，已按万元导入，请核实",
    "hidden_sheet": "工作表“{sheet}”已隐藏，未读取；如需上报，请取消隐藏后重新上传",
}


def note_message(what: str, sheet: str, column: str | None) -> str:
    """A note of raw.notes / marts.load_notes in Chinese."""
    return NOTE_MESSAGES.get(what, what).format(sheet=sheet, column=column or "")


def sheet_type(key: str) -> SheetType:
    return next(s for s in SHEET_TYPES if s.key == key)
