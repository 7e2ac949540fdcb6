"""Pure rules of the 基层政务公开标准目录: the fixed lists of the catalogue's columns, the 公开时限 parser,
timeliness of a linked item, the recurrence periods of an entry and the compliance score. No Django here.

Sources: 国务院办公厅《关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）, which
asks every 县级 and 乡级 government to compile its 政务公开事项标准目录 from the 标准指引 of the 26 试点领域
(国务院办公厅《开展基层政务公开标准化规范化试点工作方案》（国办发〔2017〕42号）); the columns below are
those of the 标准指引 tables. The default 时限 is 《政府信息公开条例》 第二十六条. See docs/catalogue.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

# The 26 试点领域 of 国办发〔2017〕42号, in its order: the default 领域 list. It is a default only: each county
# confirms it against its own province's guidance and may add or rename areas (docs/catalogue.md).
DEFAULT_AREAS: tuple[str, ...] = (
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "生态环境",
    "公共文化服务",
    "扶贫",
    "救灾",
    "食品药品监管",
    "城市综合执法",
    "就业",
    "社会保险",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "卫生健康",
    "城乡规划",
    "市政服务",
    "公共法律服务",
    "保障性住房",
)

# 公开渠道和载体: the fixed list of the 标准指引 tables (国办发〔2019〕54号 附件 layout), in their order.
CHANNELS: tuple[tuple[str, str], ...] = (
    ("website", "政府网站"),
    ("gazette", "政府公报"),
    ("wechat_weibo_app", "两微一端"),
    ("press_hearing", "发布会/听证会"),
    ("broadcast", "广播电视"),
    ("print", "纸质媒体"),
    ("reading_point", "公开查阅点"),
    ("service_center", "政务服务中心"),
    ("service_station", "便民服务站"),
    ("door_to_door", "入户/现场"),
    ("notice_board", "社区/企事业单位/村公示栏（电子屏）"),
    ("targeted", "精准推送"),
    ("other", "其他"),
)
CHANNEL_LABELS: dict[str, str] = dict(CHANNELS)
# Spellings seen in county sheets for the same channel.
CHANNEL_ALIASES: dict[str, str] = {
    "门户网站": "website",
    "政府门户网站": "website",
    "政务微博、微信、客户端": "wechat_weibo_app",
    "政务新媒体": "wechat_weibo_app",
    "发布会": "press_hearing",
    "听证会": "press_hearing",
    "发布会听证会": "press_hearing",
    "入户现场": "door_to_door",
    "社区/企事业单位/村公示栏(电子屏)": "notice_board",
    "公示栏": "notice_board",
    "村务公开栏": "notice_board",
}

AUDIENCES: tuple[tuple[str, str], ...] = (("public", "全社会"), ("specific", "特定群体"))
MODES: tuple[tuple[str, str], ...] = (("proactive", "主动"), ("on_request", "依申请"))
# 公开层级; 市级 appears in some provinces' sheets (a variant column).
LEVELS: tuple[tuple[str, str], ...] = (("city", "市级"), ("county", "县级"), ("township", "乡级"), ("village", "村级"))

# Ticks in checkbox columns: √ and ■ (and their look-alikes) tick, □ or an empty cell does not.
TICKED = frozenset({"√", "✓", "✔", "■", "☑", "☒", "是", "Y", "y", "1", "●"})
UNTICKED = frozenset({"", "□", "☐", "否", "N", "n", "0", "○"})


class Trigger(StrEnum):
    """The event a 时限 counts from (the words of the 标准指引 tables)."""

    FORMED_OR_CHANGED = "formed_or_changed"
    FORMED = "formed"
    CHANGED = "changed"
    MADE_OR_OBTAINED = "made_or_obtained"
    DECIDED = "decided"


TRIGGER_LABELS: dict[Trigger, str] = {
    Trigger.FORMED_OR_CHANGED: "信息形成或者变更",
    Trigger.FORMED: "信息形成",
    Trigger.CHANGED: "信息变更",
    Trigger.MADE_OR_OBTAINED: "制定或获取",
    Trigger.DECIDED: "作出决定",
}


class Unit(StrEnum):
    WORKING_DAY = "working_day"
    DAY = "day"


UNIT_LABELS: dict[Unit, str] = {Unit.WORKING_DAY: "工作日", Unit.DAY: "日"}


class Recurrence(StrEnum):
    """How often an entry expects an item: on each event, or once per month, quarter or year."""

    EVENT = "event"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


RECURRENCE_LABELS: dict[Recurrence, str] = {
    Recurrence.EVENT: "随事项发生",
    Recurrence.MONTHLY: "每月",
    Recurrence.QUARTERLY: "每季度",
    Recurrence.YEARLY: "每年",
}

# 《政府信息公开条例》 第二十六条: "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日
# 内及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。"
STATUTORY_AMOUNT = 20


@dataclass(frozen=True)
class TimeLimit:
    """A parsed 公开时限. ``needs_review`` means the text gives no computable limit: it is kept as written
    and shown for a person to settle; nothing is guessed."""

    text: str
    trigger: Trigger | None = None
    amount: int | None = None
    unit: Unit | None = None
    publicity_amount: int | None = None  # 公示期
    publicity_unit: Unit | None = None
    duration: str = ""  # 公开时长, e.g. “长期，最新有效”
    recurrence: Recurrence = Recurrence.EVENT
    needs_review: bool = False
    note: str = ""

    @property
    def computable(self) -> bool:
        return not self.needs_review and self.amount is not None and self.unit is not None

    def describe(self) -> str:
        """The rule in words, e.g. “自信息形成之日起20个工作日内”."""
        if not self.computable or self.unit is None:
            return "待人工确认"
        trigger = TRIGGER_LABELS[self.trigger] if self.trigger else TRIGGER_LABELS[Trigger.FORMED_OR_CHANGED]
        text = f"自{trigger}之日起{self.amount}个{UNIT_LABELS[self.unit]}内"
        if self.publicity_amount and self.publicity_unit:
            text += f"，公示期{self.publicity_amount}个{UNIT_LABELS[self.publicity_unit]}"
        return text


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """“20”, “二十”, “十五”, “三十” → int; None when the text is no number this parser knows."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


_NUM = r"(\d+|[零〇一二两三四五六七八九十百]+)"
# Not a day of a date (“1月31日前”): the number may not follow 月 or another digit.
_AMOUNT = re.compile(r"(?<![月\d零〇一二两三四五六七八九十百])" + _NUM + r"\s*(?:个)?\s*(工作日|日|天|自然日)")
_PUBLICITY = re.compile(r"公示(?:期)?(?:为|不少于|不得少于)?\s*" + _NUM + r"\s*(?:个)?\s*(工作日|日|天|自然日)")
_DURATION = re.compile(r"(长期|常年|永久)[^；;。]*|(最新有效)")
# Words that carry no limit at all: kept for a person to settle.
_VAGUE = ("及时", "按规定", "按有关规定", "依规定", "实时", "即时", "常态化", "动态", "适时", "定期")
_CLAUSE = re.compile(r"(?:自|从|在)?([^，,；;。]*?)之日起")
# Trigger keywords, most specific first.
_TRIGGERS: tuple[tuple[tuple[str, ...], Trigger], ...] = (
    (("形成或者变更", "形成或变更", "产生或者变更", "产生或变更"), Trigger.FORMED_OR_CHANGED),
    (("制定或者获取", "制定或获取", "制作或者获取", "制作或获取"), Trigger.MADE_OR_OBTAINED),
    (("作出", "做出", "决定", "批准", "审批", "批复", "确定", "认定", "审核通过", "办结"), Trigger.DECIDED),
    (("变更", "调整", "修改"), Trigger.CHANGED),
    (("形成", "产生", "生成", "印发", "发布", "签订"), Trigger.FORMED),
)


def _unit(word: str) -> Unit:
    return Unit.WORKING_DAY if word == "工作日" else Unit.DAY


def _recurrence(text: str) -> Recurrence:
    if re.search(r"每月|按月|月度", text):
        return Recurrence.MONTHLY
    if re.search(r"每季|按季|季度", text):
        return Recurrence.QUARTERLY
    if re.search(r"每年|按年|年度|逐年", text):
        return Recurrence.YEARLY
    return Recurrence.EVENT


def _trigger(clause: str) -> Trigger | None:
    for words, trigger in _TRIGGERS:
        if any(w in clause for w in words):
            return trigger
    return None


def parse_time_limit(text: str | None) -> TimeLimit:
    """Parses a 公开时限 cell. Examples (tests/test_rules.py holds the full list):

    - “信息形成或者变更之日起20个工作日内” → 信息形成或者变更, 20, 工作日
    - “自作出行政处罚决定之日起7个工作日内” → 作出决定, 7, 工作日
    - “10个工作日内，公示7个工作日” → 第二十六条's trigger, 10 工作日, 公示期 7 工作日
    - “每季度结束后15日内” → quarterly, 15 日
    - “及时公开”, “按规定” → kept, needs_review
    """
    original = (text or "").strip()
    flat = re.sub(r"\s+", "", original).replace("（", "(").replace("）", ")")
    if not flat:
        return TimeLimit(original, needs_review=True, note="未填写公开时限")
    recurrence = _recurrence(flat)
    duration_match = _DURATION.search(flat)
    duration = duration_match.group(0).strip("，,") if duration_match else ""
    publicity = _PUBLICITY.search(flat)
    publicity_amount = chinese_number(publicity.group(1)) if publicity else None
    publicity_unit = _unit(publicity.group(2)) if publicity else None
    # The limit proper is the first amount that is not the 公示期.
    rest = flat[: publicity.start()] + flat[publicity.end() :] if publicity else flat
    amount_match = _AMOUNT.search(rest)
    base = TimeLimit(
        original,
        publicity_amount=publicity_amount,
        publicity_unit=publicity_unit,
        duration=duration,
        recurrence=recurrence,
        needs_review=True,
    )
    if amount_match is None:
        return replace(base, note="只写明公开时长，未写明公开时限" if duration else "无可计算的期限，须人工确认")
    amount = chinese_number(amount_match.group(1))
    if amount is None or amount <= 0:
        return replace(base, note="期限数字无法识别")
    found = replace(base, amount=amount, unit=_unit(amount_match.group(2)))
    before_amount = rest[: amount_match.start()]
    clause = _CLAUSE.search(before_amount)
    if clause is not None:
        trigger = _trigger(clause.group(1))
        if trigger is None:
            return replace(found, note=f"起算事件“{clause.group(1)}”无法对应，须人工确认")
        return replace(found, trigger=trigger, needs_review=False)
    after = re.search(r"([^，,；;。]*)(?:以后|之后|后)$", before_amount)
    if after is not None and recurrence is Recurrence.EVENT:
        # “批准后二十日内”: the same as “自批准之日起”.
        trigger = _trigger(after.group(1))
        if trigger is not None:
            return replace(found, trigger=trigger, needs_review=False)
    if recurrence is not Recurrence.EVENT:
        # “每季度结束后15日内”: the period's end is when the information forms.
        return replace(found, trigger=Trigger.FORMED, needs_review=False)
    if any(word in before_amount for word in _VAGUE) or re.search(r"前|后", before_amount):
        return replace(found, note="起算时点不明确，须人工确认")
    # No event named (“20个工作日内”): 第二十六条 counts from the day the information forms or changes.
    return replace(
        found,
        trigger=Trigger.FORMED_OR_CHANGED,
        needs_review=False,
        note="未写明起算事件，按《政府信息公开条例》第二十六条自信息形成或者变更之日起计算",
    )


# ---------------------------------------------------------------------------------------------
# Timeliness of an item linked to an entry
# ---------------------------------------------------------------------------------------------


class DueDate(Protocol):
    @property
    def date(self) -> dt.date: ...

    @property
    def provisional(self) -> bool: ...


class DayCount(Protocol):
    @property
    def days(self) -> int: ...

    @property
    def provisional(self) -> bool: ...


class Verdict(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"  # not published yet, not yet due
    UNKNOWN = "unknown"  # the entry's 时限 needs manual review


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.ON_TIME: "按时公开",
    Verdict.LATE: "超期公开",
    Verdict.PENDING: "尚未到期",
    Verdict.UNKNOWN: "时限待确认",
}


@dataclass(frozen=True)
class Timeliness:
    verdict: Verdict
    due: dt.date | None
    provisional: bool  # the working-day calendar of a year touched is not confirmed (暂定)
    late_days: int  # working days (or days, for a 日 limit) after the due date; 0 unless late

    @property
    def label(self) -> str:
        label = VERDICT_LABELS[self.verdict]
        if self.verdict is Verdict.LATE:
            label += f"{self.late_days}天" if self.late_days else ""
        return label + ("（暂定）" if self.provisional else "")


def timeliness(
    *,
    limit: TimeLimit,
    formed: dt.date,
    published: dt.date | None,
    today: dt.date,
    add_working_days: Callable[[dt.date, int], DueDate],
    working_days_between: Callable[[dt.date, dt.date], DayCount],
) -> Timeliness:
    """On time / late (by how many days of the limit's unit) / pending / unknown. The start day is not
    counted (民法典 第二百零一条, as in gongkai.calendar.rules); calendar functions are passed in."""
    if not limit.computable or limit.amount is None:
        return Timeliness(Verdict.UNKNOWN, None, False, 0)
    if limit.unit is Unit.WORKING_DAY:
        due_date = add_working_days(formed, limit.amount)
        due, provisional = due_date.date, due_date.provisional
    else:
        due, provisional = formed + dt.timedelta(days=limit.amount), False
    end = published if published is not None else today
    if end <= due:
        verdict = Verdict.ON_TIME if published is not None else Verdict.PENDING
        return Timeliness(verdict, due, provisional, 0)
    if limit.unit is Unit.WORKING_DAY:
        count = working_days_between(due, end)
        late_days, provisional = count.days, provisional or count.provisional
    else:
        late_days = (end - due).days
    return Timeliness(Verdict.LATE, due, provisional, late_days)


# ---------------------------------------------------------------------------------------------
# Periods an entry expects items in, and the score
# ---------------------------------------------------------------------------------------------


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def slots(recurrence: Recurrence, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The sub-periods of [start, end] in which a recurring entry expects at least one item; one slot,
    the whole period, for an entry that recurs on each event."""
    if end < start:
        return []
    step = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}.get(recurrence)
    if step is None:
        return [(start, end)]
    first = _month_start(start)
    if step == 3:
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
    elif step == 12:
        first = first.replace(month=1)
    result = []
    current = first
    while current <= end:
        following = _add_months(current, step)
        result.append((max(current, start), min(following - dt.timedelta(days=1), end)))
        current = following
    return result


def missing_slots(
    recurrence: Recurrence, start: dt.date, end: dt.date, dates: list[dt.date]
) -> list[tuple[dt.date, dt.date]]:
    """The slots with no item dated in them."""
    return [(a, b) for a, b in slots(recurrence, start, end) if not any(a <= d <= b for d in dates)]


@dataclass(frozen=True)
class Scoring:
    """Points of the assessment: a base, minus points per late item, per missing item and per item
    whose 要素 are incomplete (the assessment's “未及时公开的每例扣N分”). Configurable per site."""

    base: float = 100.0
    per_late: float = 1.0
    per_missing: float = 2.0
    per_incomplete: float = 0.5


def score(scoring: Scoring, *, late: int, missing: int, incomplete: int) -> float:
    """The score, never below zero."""
    points = scoring.base - late * scoring.per_late - missing * scoring.per_missing
    points -= incomplete * scoring.per_incomplete
    return round(max(points, 0.0), 2)


def split_elements(content: str) -> list[str]:
    """The 要素 of a 公开内容 cell as a checklist: “项目名称、建设单位、批复文号” → three elements."""
    parts = re.split(r"[、，,；;\n]+|\d+[\.、．]", content or "")
    return [p.strip(" 。.：:") for p in parts if p.strip(" 。.：:")]


def tick(value: str) -> bool | None:
    """A checkbox cell: True when ticked, False when empty or □, None when not a tick at all."""
    text = (value or "").strip()
    if text in TICKED:
        return True
    if text in UNTICKED:
        return False
    return None


_MARKED = re.compile(r"([■□☑☐√])\s*([^■□☑☐√\n]+)")


def parse_channels(text: str) -> tuple[list[str], list[str]]:
    """A 公开渠道和载体 cell → (channel keys, unknown names). Either ■/□-marked options (“■政府网站 □政府公报”:
    only ■ counts) or names separated by 、，; newlines or spaces."""
    flat = (text or "").replace("(", "（").replace(")", "）")
    names: list[str]
    if _MARKED.search(flat):
        names = [name.strip() for mark, name in _MARKED.findall(flat) if mark in "■☑√"]
    else:
        names = [n.strip() for n in re.split(r"[、，,；;\n]+", flat) if n.strip()]
    by_label = {label: key for key, label in CHANNELS}
    keys: list[str] = []
    unknown: list[str] = []
    for name in names:
        key = (
            by_label.get(name)
            or CHANNEL_ALIASES.get(name)
            or CHANNEL_ALIASES.get(name.replace("（", "(").replace("）", ")"))
        )
        if key is None:
            unknown.append(name)
        elif key not in keys:
            keys.append(key)
    return sorted(keys, key=[k for k, _ in CHANNELS].index), unknown


def format_channels(keys: list[str]) -> str:
    """The county sheet's way: every option with ■ (chosen) or □, one per line."""
    return "\n".join(("■" if key in keys else "□") + label for key, label in CHANNELS)
