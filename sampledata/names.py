"""Names a clerk in the fictional 江州市临湖区 would type: enterprises, agencies,
public institutions, social organisations, training classes and people."""

from __future__ import annotations

import random
from dataclasses import dataclass

CITY = "江州"
DISTRICT = "临湖区"
DISTRICT_FEDERATION = "临湖区总工会"
MARKET_REGULATOR = "临湖区市场监督管理局"


@dataclass(frozen=True)
class Industry:
    term: str  # the business word in a company name
    category: str  # 国民经济行业门类, as the registry lists it
    sector: str  # factory | build | service | office | tech | farm
    migrant_share: tuple[float, float]  # share of 农民工 among its workers
    size_mu: float  # log of the median headcount


INDUSTRIES: tuple[Industry, ...] = (
    Industry("精密机械", "制造业", "factory", (0.40, 0.75), 3.9),
    Industry("电子科技", "制造业", "factory", (0.35, 0.70), 4.0),
    Industry("汽车零部件", "制造业", "factory", (0.40, 0.70), 4.1),
    Industry("服饰", "制造业", "factory", (0.50, 0.85), 3.7),
    Industry("食品", "制造业", "factory", (0.40, 0.80), 3.6),
    Industry("塑胶制品", "制造业", "factory", (0.50, 0.85), 3.4),
    Industry("包装印刷", "制造业", "factory", (0.40, 0.75), 3.3),
    Industry("建设工程", "建筑业", "build", (0.60, 0.90), 3.7),
    Industry("装饰工程", "建筑业", "build", (0.50, 0.85), 2.9),
    Industry("物流", "交通运输、仓储和邮政业", "service", (0.50, 0.85), 3.5),
    Industry("供应链管理", "交通运输、仓储和邮政业", "service", (0.30, 0.60), 3.0),
    Industry("餐饮管理", "住宿和餐饮业", "service", (0.50, 0.85), 3.0),
    Industry("酒店管理", "住宿和餐饮业", "service", (0.40, 0.70), 3.6),
    Industry("商贸", "批发和零售业", "service", (0.20, 0.50), 2.6),
    Industry("超市", "批发和零售业", "service", (0.30, 0.60), 3.3),
    Industry("医药连锁", "批发和零售业", "service", (0.10, 0.30), 3.0),
    Industry("物业服务", "房地产业", "service", (0.50, 0.85), 3.5),
    Industry("保洁服务", "居民服务、修理和其他服务业", "service", (0.60, 0.90), 3.0),
    Industry("汽车服务", "居民服务、修理和其他服务业", "service", (0.30, 0.60), 2.7),
    Industry("房地产开发", "房地产业", "office", (0.05, 0.20), 3.0),
    Industry("人力资源", "租赁和商务服务业", "office", (0.30, 0.70), 3.0),
    Industry("企业管理咨询", "租赁和商务服务业", "office", (0.05, 0.20), 2.4),
    Industry("文化传媒", "文化、体育和娱乐业", "office", (0.05, 0.20), 2.5),
    Industry("网络科技", "信息传输、软件和信息技术服务业", "tech", (0.02, 0.15), 3.3),
    Industry("软件", "信息传输、软件和信息技术服务业", "tech", (0.02, 0.10), 3.5),
    Industry("新材料", "制造业", "tech", (0.30, 0.60), 3.8),
    Industry("生物医药", "制造业", "tech", (0.10, 0.30), 4.0),
    Industry("检测技术", "科学研究和技术服务业", "tech", (0.05, 0.20), 3.2),
    Industry("农业开发", "农、林、牧、渔业", "farm", (0.60, 0.95), 2.8),
    Industry("果蔬专业合作社", "农、林、牧、渔业", "farm", (0.80, 1.00), 2.3),
)

COOPERATIVE_TERM = "果蔬专业合作社"

_BRAND_CHARS = "恒华鑫瑞泰德远创达盛兴宏锦嘉祥通联信安康润丰源昌隆伟海天新宇博睿宝辰卓星汇金诚正益美佳和聚明晨凯利百顺永启航腾越峰驰优弘"

_AGENCIES = (
    "发展和改革局", "教育局", "科学技术局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源和规划分局", "住房和城乡建设局", "交通运输局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
    "城市管理局", "信访局", "机关事务管理中心", "人民法院", "人民检察院", "档案局", "投资促进局",
    "数据资源管理局", "生态环境分局", "税务局",
)
_STREET_AGENCIES = ("市场监督管理所", "司法所", "财政所", "人民法庭", "税务所", "自然资源所")
_INSTITUTIONS_DISTRICT = (
    "人民医院", "中医院", "妇幼保健院", "疾病预防控制中心", "图书馆", "文化馆", "融媒体中心",
    "公共就业服务中心", "不动产登记中心", "社会福利中心", "职业教育中心", "青少年活动中心",
    "市政设施养护中心", "园林绿化管理所", "水利工程管理站", "行政服务中心",
)
_SOCIAL_ASSOCIATIONS = (
    "个体劳动者协会", "餐饮行业协会", "物流行业协会", "建筑业协会", "电子商务协会", "物业管理协会",
    "家政服务协会", "女企业家协会", "青年创业促进会", "慈善总会", "老年体育协会", "科技企业协会",
    "美容美发行业协会", "汽车维修行业协会", "律师协会",
)
_NONPROFIT_KINDS = ("社会工作服务中心", "养老服务中心", "居家养老服务站", "职业技能培训学校",
                    "社区服务中心", "心理咨询服务中心", "艺术培训学校")
_STREET_INSTITUTIONS = ("社区卫生服务中心", "实验小学", "中心幼儿园", "初级中学", "中心小学", "文化站",
                        "实验幼儿园", "成人文化技术学校")
_ORDINALS = "一二三四五六七八九十"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈"
GIVEN = ("丽", "芳", "娟", "敏", "静", "强", "军", "伟", "磊", "洋", "勇", "杰", "涛", "明", "霞",
         "婷", "雪", "慧", "建华", "志强", "海燕", "晓东", "春梅", "国平", "玉兰", "红霞", "晓明")


def street_short(street_name: str) -> str:
    """东湖街道 -> 东湖, 南山镇 -> 南山, 高新开发区 -> 高新."""
    for suffix in ("开发区", "街道", "镇"):
        if street_name.endswith(suffix):
            return street_name[: -len(suffix)]
    return street_name


class NameFactory:
    """Distinct, plausible unit names."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def _unique(self, make) -> str:
        for attempt in range(200):
            name = make(attempt)
            if name not in self._used:
                self._used.add(name)
                return name
        raise RuntimeError("name pool exhausted")

    def _brand(self) -> str:
        first, second = self._rng.sample(_BRAND_CHARS, 2)
        return first + second

    def enterprise(self, industry: Industry, workers: int, street_name: str) -> str:
        rng = self._rng

        def make(_: int) -> str:
            if industry.term == COOPERATIVE_TERM:
                return f"{DISTRICT}{street_short(street_name)}{self._brand()}{industry.term}"
            place = rng.choices(["", f"{CITY}", f"{CITY}市", "临湖", f"{street_short(street_name)}"],
                                weights=[30, 25, 20, 15, 10])[0]
            if workers >= 300:
                suffix = rng.choices(["有限公司", "股份有限公司", "集团有限公司"], weights=[5, 3, 1])[0]
            else:
                suffix = rng.choices(["有限公司", "有限责任公司"], weights=[9, 1])[0]
            if not place:  # the region in brackets after the trade name
                return f"{self._brand()}{industry.term}（{CITY}）{suffix}"
            return f"{place}{self._brand()}{industry.term}{suffix}"

        return self._unique(make)

    def branch(self, industry: Industry) -> str:
        province = self._rng.choice(["浙江", "江苏", "上海", "广东", "安徽"])
        return self._unique(lambda _: f"{province}{self._brand()}{industry.term}有限公司临湖分公司")

    def agency(self, street_name: str) -> str:
        """District bureaus first (the district centre hosts them); then each street's
        own offices."""
        district_level = [f"{CITY}市{DISTRICT}{a}" for a in _AGENCIES]
        short = street_short(street_name)
        office = (f"{CITY}市{DISTRICT}{street_name}人民政府" if street_name.endswith("镇")
                  else f"{CITY}市{DISTRICT}人民政府{street_name}办事处")
        street_level = [office, f"{CITY}市公安局{DISTRICT}分局{short}派出所",
                        *(f"{CITY}市{DISTRICT}{short}{kind}" for kind in _STREET_AGENCIES)]
        return self._first_unused(district_level + street_level, f"{DISTRICT}{short}", "管理所")

    def institution(self, street_name: str) -> str:
        """District institutions first; then the street's clinic, schools, culture station."""
        district_level = [f"{CITY}市{DISTRICT}{i}" for i in _INSTITUTIONS_DISTRICT]
        short = street_short(street_name)
        street_level = [f"{DISTRICT}{short}{kind}" for kind in _STREET_INSTITUTIONS]
        street_level += [f"{DISTRICT}{short}第{o}{kind}"
                         for o in _ORDINALS for kind in ("小学", "幼儿园")]
        return self._first_unused(district_level + street_level, f"{DISTRICT}{short}", "服务中心")

    def social_organization(self, street_name: str) -> tuple[str, bool]:
        """(name, is_association): associations are 社会团体 (51), the rest 民办非企业 (52)."""
        associations = [f"{DISTRICT}{a}" for a in _SOCIAL_ASSOCIATIONS]
        unused = [a for a in associations if a not in self._used]
        if unused:
            self._used.add(unused[0])
            return unused[0], True
        short = street_short(street_name)
        kind = self._rng.choice(_NONPROFIT_KINDS)
        return self._unique(lambda _: f"{DISTRICT}{short}{self._brand()}{kind}"), False

    def _first_unused(self, candidates: list[str], fallback_prefix: str, fallback_kind: str) -> str:
        for name in candidates:
            if name not in self._used:
                self._used.add(name)
                return name
        return self._unique(lambda _: f"{fallback_prefix}{self._brand()}{fallback_kind}")

    def person(self) -> str:
        return self._rng.choice(SURNAMES) + self._rng.choice(GIVEN)

    def phone(self) -> str:
        return f"0571-8{self._rng.randrange(1000000, 9999999)}"


TRAINING_TITLES: dict[str, tuple[str, ...]] = {
    "职工技能培训": ("电工技能提升培训班", "叉车操作技能培训", "焊工技能培训班", "数控车床操作培训",
                   "家政服务员技能培训", "中式烹调师培训班", "电子商务实务培训", "网络直播营销培训",
                   "养老护理员培训班", "快递员职业技能培训"),
    "工会干部培训": ("基层工会主席培训班", "工会财务业务培训", "工会会员实名制工作培训",
                   "新任工会干部培训班", "工会经审业务培训", "职代会制度建设专题培训"),
    "安全生产培训": ("安全生产月专题培训", "消防安全知识培训", "有限空间作业安全培训",
                   "特种设备安全培训", "危险化学品安全管理培训", "职业病防治知识讲座"),
    "法律知识培训": ("《劳动合同法》宣讲会", "劳动争议调解实务培训", "工资集体协商专题培训",
                   "女职工权益保护专题讲座", "《工会法》学习培训", "新就业形态劳动者权益讲座"),
    "其他": ("职工心理健康讲座", "职工读书分享会", "劳模工匠事迹报告会", "职工健康知识讲座"),
}
