"""Figures stated in sentences (``facts``): 主动公开 3243 条, 受理申请 12 件, 行政复议 9 件, …

Prose-only reports keep their figures here, and reports with tables keep them too so that the
checker can compare text and tables.  Each fact carries the sentence it came from.  The rules are
data: a clause (the text between commas) that contains the rule's words and a count with a counting
unit gives the fact; the first statement of a fact wins (the summary section comes first).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_COUNT = re.compile(r"(\d+(?:\.\d+)?)(余|多)?(人次|件|条|封|个|篇|项|次)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_END = re.compile(r"[，,：:]")
_NEGATIONS = ("未发生", "没有发生", "未接到", "没有接到", "没有收到", "未收到", "未受理", "没有受理", "无一")


@dataclass(frozen=True)
class FactRule:
    key: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    units: tuple[str, ...] = ("件",)
    # Sentence-level words (e.g. the 规范性文件 clause belongs to a 主动公开 sentence).
    sentence_any: tuple[str, ...] = ()
    # Sets the topic that follows-up clauses (其中结果维持 72 件) refer to.
    topic: str = ""
    # Needs a topic: the key is formatted with it ("{topic}维持数").
    needs_topic: bool = False


FACT_RULES: tuple[FactRule, ...] = (
    FactRule("结转下年数", any_of=("顺延到下年", "顺延至下年", "结转下年", "结转到下年", "结转至下年", "转入下年")),
    FactRule("{topic}维持数", any_of=("维持",), needs_topic=True),
    FactRule("{topic}纠正数", any_of=("纠正", "纠错"), needs_topic=True),
    FactRule("{topic}其他结果数", any_of=("其他结果", "其他情形"), needs_topic=True),
    FactRule("{topic}尚未审结数", any_of=("尚未审结", "未审结"), needs_topic=True),
    FactRule("{topic}办结数", any_of=("办结",), needs_topic=True),
    FactRule("行政复议数量", any_of=("复议",), topic="行政复议"),
    FactRule("行政诉讼数量", any_of=("诉讼",), topic="行政诉讼"),
    FactRule(
        "政府网站公开政府信息数",
        all_of=("通过", "公开"),
        any_of=("网站", "门户"),
        none_of=("微博", "微信", "公报"),
        units=("条",),
    ),
    FactRule("政务微博公开政府信息数", all_of=("通过", "公开", "微博"), none_of=("微信", "网站"), units=("条",)),
    FactRule("政务微信公开政府信息数", all_of=("通过", "公开", "微信"), none_of=("微博", "网站"), units=("条",)),
    FactRule("政府公报公开政府信息数", all_of=("通过", "公开", "公报"), none_of=("网站",), units=("条",)),
    FactRule(
        "其他方式公开政府信息数", all_of=("通过", "公开"), any_of=("其他方式", "其他渠道", "其它方式"), units=("条",)
    ),
    FactRule("主动公开规范性文件数", all_of=("规范性文件",), sentence_any=("主动公开",), units=("条", "件")),
    FactRule("主动公开政府信息数", all_of=("主动公开",), none_of=("规范性文件", "申请"), units=("条",)),
    FactRule("网络申请数", all_of=("申请",), any_of=("网上", "网络", "在线", "互联网"), none_of=("受理", "收到", "共")),
    FactRule("信函申请数", all_of=("申请",), any_of=("信函", "邮寄"), none_of=("受理", "收到", "共")),
    FactRule("当面申请数", all_of=("申请",), any_of=("当面", "现场"), none_of=("受理", "收到", "共")),
    FactRule("传真申请数", all_of=("申请", "传真"), none_of=("受理", "收到", "共")),
    FactRule(
        "收到申请数",
        all_of=("申请",),
        any_of=("受理", "收到", "接收", "共收"),
        none_of=("咨询",),
        units=("件", "封", "个", "条"),
    ),
    FactRule("申请答复数", any_of=("答复",)),
    FactRule("申请办结数", any_of=("办结",)),
    FactRule("人大代表建议数", all_of=("建议", "代表")),
    FactRule("政协提案数", all_of=("提案",)),
)

# A clause that denies any case ("未发生…行政复议、行政诉讼") states zero.
NEGATION_FACTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("行政复议数量", ("复议",)),
    ("行政诉讼数量", ("诉讼",)),
    ("收到申请数", ("申请",)),
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _source(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip()


def _matches(rule: FactRule, clause: str, sentence: str) -> bool:
    if rule.all_of and not all(word in clause for word in rule.all_of):
        return False
    if rule.any_of and not any(word in clause for word in rule.any_of):
        return False
    if any(word in clause for word in rule.none_of):
        return False
    return not (rule.sentence_any and not any(word in sentence for word in rule.sentence_any))


def _keyword_distance(rule: FactRule, clause: str, position: int) -> int:
    """How far the rule's nearest word is from the count (a word before the count is preferred)."""
    best = 10_000
    for word in (*rule.all_of, *rule.any_of):
        start = clause.rfind(word, 0, position)
        if start >= 0:
            best = min(best, position - start)
        elif word in clause:
            best = min(best, 1_000 + clause.find(word) - position)
    return best


def _value(number: str) -> int | str:
    return number if "." in number else int(number)


def extract_facts(paragraphs: list[str]) -> dict[str, dict[str, object]]:
    """Facts from the paragraphs of a report, in order of first statement."""
    facts: dict[str, dict[str, object]] = {}
    for paragraph in paragraphs:
        for raw_sentence in _SENTENCE_END.split(paragraph):
            if not raw_sentence.strip():
                continue
            _sentence_facts(raw_sentence, facts)
    return facts


def _sentence_facts(raw_sentence: str, facts: dict[str, dict[str, object]]) -> None:
    sentence = _norm(raw_sentence)
    if not re.search(r"\d|未|没有", sentence):
        return
    source = _source(raw_sentence)
    topic = ""
    for clause in _CLAUSE_END.split(sentence):
        if not clause:
            continue
        counts = [m for m in _COUNT.finditer(clause) if not _is_date_or_ordinal(clause, m)]
        if not counts:
            _negation_facts(clause, source, facts)
            # A clause naming a topic without a count still sets it (行政诉讼方面，维持 3 件).
            topic = "行政复议" if "复议" in clause else "行政诉讼" if "诉讼" in clause else topic
            continue
        chosen = _choose_rule(clause, sentence, counts, topic)
        if chosen is None:
            continue
        rule, match = chosen
        if rule.topic:
            topic = rule.topic
        key = rule.key.format(topic=topic)
        if key in facts:
            continue
        fact: dict[str, object] = {"value": _value(match.group(1)), "unit": match.group(3), "source": source}
        if match.group(2):
            fact["approximate"] = True
        facts[key] = fact


def _is_date_or_ordinal(clause: str, match: re.Match[str]) -> bool:
    start = match.start()
    return start > 0 and clause[start - 1] in "第"


def _choose_rule(
    clause: str, sentence: str, counts: list[re.Match[str]], topic: str
) -> tuple[FactRule, re.Match[str]] | None:
    best: tuple[int, int, FactRule, re.Match[str]] | None = None
    for order, rule in enumerate(FACT_RULES):
        if rule.needs_topic and not topic:
            continue
        if not _matches(rule, clause, sentence):
            continue
        usable = [m for m in counts if m.group(3) in rule.units]
        if not usable:
            continue
        # The count nearest after the rule's word, else the first.
        match = min(usable, key=lambda m: _keyword_distance(rule, clause, m.start()))
        distance = _keyword_distance(rule, clause, match.start())
        # Follow-up rules (needs_topic) win over the topic rules inside the same clause.
        rank = (0 if rule.needs_topic else 1, distance)
        if best is None or rank < (best[0], best[1]) or (rank == (best[0], best[1]) and order < 0):
            best = (rank[0], rank[1], rule, match)
    return None if best is None else (best[2], best[3])


def _negation_facts(clause: str, source: str, facts: dict[str, dict[str, object]]) -> None:
    if not any(word in clause for word in _NEGATIONS):
        return
    for key, words in NEGATION_FACTS:
        if key in facts or not all(word in clause for word in words):
            continue
        if key == "收到申请数" and not any(word in clause for word in ("收到", "受理", "接到")):
            continue
        facts[key] = {"value": 0, "unit": "件", "source": source}
