"""Pure rules of proactive disclosure (主动公开): statutory labels, the workflow table, the 索引号
format, timeliness and the text normalisation that search relies on. No database access here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

# 《政府信息公开条例》 第二十条 (一)–(十五): what every agency must disclose proactively. Exact statutory
# wording (国务院令第711号, 新华网 受权发布 2019-04-15); items (一)(五)(六)(八) are also in docs/domain.md §4.3.
ARTICLE_20_ITEMS: dict[int, str] = {
    1: "行政法规、规章和规范性文件",
    2: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    3: "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    4: "国民经济和社会发展统计信息",
    5: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    6: "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    7: "财政预算、决算信息",
    8: "行政事业性收费项目及其依据、标准",
    9: "政府集中采购项目的目录、标准及实施情况",
    10: "重大建设项目的批准和实施情况",
    11: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    12: "突发公共事件的应急预案、预警信息及应对情况",
    13: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    14: "公务员招考的职位、名额、报考条件等事项以及录用结果",
    15: "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
}
CHINESE_NUMERALS = [
    "",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
]


def article_20_label(number: int) -> str:
    """“第二十条第（一）项 行政法规、规章和规范性文件”."""
    return f"第二十条第（{CHINESE_NUMERALS[number]}）项 {ARTICLE_20_ITEMS[number]}"


ARTICLE_20_CHOICES = [(n, f"（{CHINESE_NUMERALS[n]}）{text}") for n, text in ARTICLE_20_ITEMS.items()]

# 第二十一条: the extra scope of 设区的市级、县级人民政府及其部门, and that of 乡（镇）人民政府 (docs/domain.md §4.3).
ARTICLE_21_COUNTY = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
ARTICLE_21_TOWNSHIP = [
    "贯彻落实农业农村政策",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
]
ARTICLE_21_CHOICES = [(t, t) for t in dict.fromkeys([*ARTICLE_21_COUNTY, *ARTICLE_21_TOWNSHIP])]


class Channel(StrEnum):
    """Other channels an item was also published in (第二十三条); the old statistics count them."""

    GAZETTE = "gazette"
    WEIBO = "weibo"
    WECHAT = "wechat"
    PRESS = "press"
    OTHER = "other"


CHANNEL_LABELS: dict[str, str] = {
    Channel.GAZETTE: "政府公报",
    Channel.WEIBO: "政务微博",
    Channel.WECHAT: "政务微信",
    Channel.PRESS: "新闻发布会",
    Channel.OTHER: "其他",
}

# ---------------------------------------------------------------------------------------------
# The review workflow (先审查后公开, 第十七条 保密审查): statuses and allowed transitions as data.
# ---------------------------------------------------------------------------------------------


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


STATUS_LABELS: dict[str, str] = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "待审查",
    Status.RETURNED: "已退回",
    Status.APPROVED: "审查通过",
    Status.PUBLISHED: "已发布",
    Status.WITHDRAWN: "已撤回",
    Status.SUPERSEDED: "已被新版本替代",
}

# (action, from-status) → to-status. An action not listed for a status is refused.
TRANSITIONS: dict[tuple[str, Status], Status] = {
    ("edit", Status.DRAFT): Status.DRAFT,
    ("edit", Status.RETURNED): Status.RETURNED,
    ("submit", Status.DRAFT): Status.SUBMITTED,
    ("submit", Status.RETURNED): Status.SUBMITTED,
    ("approve", Status.SUBMITTED): Status.APPROVED,
    ("return", Status.SUBMITTED): Status.RETURNED,
    ("publish", Status.APPROVED): Status.PUBLISHED,
    ("withdraw", Status.PUBLISHED): Status.WITHDRAWN,
    ("supersede", Status.PUBLISHED): Status.SUPERSEDED,
}
# Statuses whose item has a public page; only PUBLISHED and SUPERSEDED ones are searchable.
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED})
SEARCHABLE_STATUSES = frozenset({Status.PUBLISHED, Status.SUPERSEDED})


def next_status(action: str, current: str) -> Status | None:
    return TRANSITIONS.get((action, Status(current)))


# ---------------------------------------------------------------------------------------------
# 索引号 (docs/domain.md §6.2): “信息生成机构代码、信息类别、信息生成年度、年度信息流水号”.
# ---------------------------------------------------------------------------------------------

DEFAULT_INDEX_FORMAT = "{agency}-{category}/{year}-{serial:05d}"
_FIELDS = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def validate_index_format(template: str) -> None:
    """The format must contain every part that makes the number unique."""
    names = set(_FIELDS.findall(template))
    missing = {"agency", "category", "year", "serial"} - names
    if missing:
        raise ValueError(f"索引号格式缺少 {', '.join(sorted(missing))}")


def format_index_number(template: str, *, agency: str, category: str, year: int, serial: int) -> str:
    validate_index_format(template)
    return template.format(agency=agency, category=category, year=year, serial=serial)


# ---------------------------------------------------------------------------------------------
# Timeliness (第二十六条): within 20 working days of the date the information was formed or changed.
# ---------------------------------------------------------------------------------------------

STATUTORY_PUBLISH_DAYS = 20


@dataclass(frozen=True)
class Timeliness:
    deadline: dt.date
    provisional: bool
    published: dt.date | None
    late: bool | None  # None while not yet published and the deadline has not passed
    days_allowed: int


class DueDate(Protocol):
    """What the calendar's working-day arithmetic returns (``gongkai.calendar.rules.WorkDate``)."""

    @property
    def date(self) -> dt.date: ...

    @property
    def provisional(self) -> bool: ...


def timeliness(
    *,
    formed: dt.date,
    published: dt.date | None,
    days: int,
    today: dt.date,
    add_working_days: Callable[[dt.date, int], DueDate],
) -> Timeliness:
    """``add_working_days(start, n)`` is the calendar's function (passed in to keep this pure)."""
    due = add_working_days(formed, days)
    if published is not None:
        late: bool | None = published > due.date
    else:
        late = True if today > due.date else None
    return Timeliness(due.date, due.provisional, published, late, days)


# ---------------------------------------------------------------------------------------------
# Search text: one normalisation for indexing and for queries, so recall equals a substring scan.
# ---------------------------------------------------------------------------------------------

SEPARATOR = "\x1f"  # joins fields; normalisation removes it from any text, so no match crosses fields
MAX_QUERY_LENGTH = 100  # characters of a normalised query word; longer ones are cut
MAX_QUERY_WORDS = 8

# CJK radicals that PDF text extraction emits for whole characters (a font maps the glyph of 长 to
# U+2ED3) and that NFKC leaves alone: only the radicals that look like a standalone character.
# (The Kangxi radicals U+2F00–U+2FD5, and U+2E9F, U+2EF3, do map under NFKC.)
_RADICALS = {
    0x2EA0: "民",
    0x2EA9: "王",
    0x2EC4: "西",
    0x2EC5: "见",
    0x2EC6: "角",
    0x2EC9: "贝",
    0x2ECB: "车",
    0x2ED1: "長",
    0x2ED3: "长",
    0x2ED4: "门",
    0x2ED8: "青",
    0x2ED9: "韦",
    0x2EDA: "页",
    0x2EDB: "风",
    0x2EDC: "飞",
    0x2EDD: "食",
    0x2EE2: "马",
    0x2EE3: "骨",
    0x2EE4: "鬼",
    0x2EE5: "鱼",
    0x2EE6: "鸟",
    0x2EE7: "卤",
    0x2EE8: "麦",
    0x2EE9: "黄",
    0x2EEA: "黾",
    0x2EEC: "齐",
    0x2EEE: "齿",
    0x2EF0: "龙",
}
# Punctuation (P*), spaces and line breaks (Z*, and the C* controls \t \n \r), other control, format and
# private-use characters carry no meaning for a search: 《最低…》, 〔2026〕 and a line broken by a PDF
# reader are the words alone.
_DROPPED_CATEGORIES = ("P", "Z", "C")
# 第 before a number is dropped, so a 文号 typed with or without it is the same: 〔2026〕第3号 = 〔2026〕3号.
_ORDINAL = re.compile(r"第(?=\d)")


class _CharTable(dict[int, str]):
    """The ``str.translate`` table of the per-character part of ``normalize``, filled on first use."""

    def __missing__(self, code: int) -> str:
        folded = (_RADICALS.get(code) or unicodedata.normalize("NFKC", chr(code))).casefold()
        kept = "".join(c for c in folded if not unicodedata.category(c).startswith(_DROPPED_CATEGORIES))
        self[code] = kept
        return kept


_CHARS = _CharTable()


def normalize(text: str) -> str:
    """The searchable form of a text: NFKC (full-width digits and letters, Kangxi radicals), case
    folded, without punctuation, spaces and line breaks, and without 第 before a number. Everything
    but the 第 rule maps one character at a time, so a substring of a text stays a substring of its
    normalised form (a query never loses a hit to normalisation)."""
    return _ORDINAL.sub("", (text or "").translate(_CHARS))


def normalize_with_origins(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` and, for each of its characters, the index in ``text`` of the character it
    came from (to highlight a hit in the original text)."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text or ""):
        mapped = _CHARS[ord(char)]
        chars.append(mapped)
        origins.extend([index] * len(mapped))
    normalized = "".join(chars)
    dropped = {m.start() for m in _ORDINAL.finditer(normalized)}
    if dropped:
        normalized = "".join(c for i, c in enumerate(normalized) if i not in dropped)
        origins = [o for i, o in enumerate(origins) if i not in dropped]
    return normalized, origins


# A query is words separated by spaces; text in double quotes (ASCII or Chinese) is one word.
_QUERY_WORDS = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')


def query_terms(text: str) -> list[str]:
    """The normalised words of a query, all of which a hit must contain (in any order). Words inside
    another word are left out (the longer one implies them); a trailing 第 is left out too, as it is
    dropped from the text before a number."""
    words: list[str] = []
    for match in _QUERY_WORDS.finditer(unicodedata.normalize("NFKC", text or "")):
        word = normalize(next(g for g in match.groups() if g is not None))[:MAX_QUERY_LENGTH]
        if len(word) > 1 and word.endswith("第"):
            word = word[:-1]
        if word and word not in words:
            words.append(word)
    words = [w for w in words if not any(w != other and w in other for other in words)]
    return words[:MAX_QUERY_WORDS]


def normalize_query(text: str) -> str:
    """The query as understood: its normalised words, separated by spaces."""
    return " ".join(query_terms(text))


def item_matches(query: str, fields: list[str]) -> bool:
    """The reference definition of a hit: each normalised word of the query is a substring of one of
    the normalised fields."""
    terms = query_terms(query)
    normalized = [normalize(f) for f in fields]
    return bool(terms) and all(any(t in f for f in normalized) for t in terms)


def char_token(a: str, b: str = "") -> str:
    """An ASCII token for a character pair (or a lone final character): FTS tokenizers keep it whole."""
    return f"{ord(a):x}g{ord(b):x}" if b else f"{ord(a):x}g"


def bigram_tokens(text: str) -> str:
    """Overlapping pairs of a normalised field, plus its last character alone, as a token string.
    A query of n ≥ 2 characters is the phrase of its n−1 pairs; a single character is a prefix."""
    if not text:
        return ""
    pairs = [char_token(text[i], text[i + 1]) for i in range(len(text) - 1)]
    pairs.append(char_token(text[-1]))
    return " ".join(pairs)


def fts_query(q: str) -> str:
    """The FTS5 MATCH expression for a normalised query (see bigram_tokens)."""
    if len(q) == 1:
        return f'"{char_token(q)}"*'
    return '"' + " ".join(char_token(q[i], q[i + 1]) for i in range(len(q) - 1)) + '"'


def grams(text: str, longest: int = 4) -> set[str]:
    """Every distinct substring of one to ``longest`` characters of a normalised field (the
    PostgreSQL index: a query of up to four characters is then one exact lexeme)."""
    out: set[str] = set()
    for size in range(1, longest + 1):
        out.update(text[i : i + size] for i in range(len(text) - size + 1))
    return out
