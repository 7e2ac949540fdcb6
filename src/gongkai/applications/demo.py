"""Demo applications: a few hundred cases over the last two years in the demo county, in every status
and with every outcome, with reviews and lawsuits. Each case is played through the real actions
with dates in the past; a step whose date would fall after today is not taken, so recent cases stay
open in whatever step they have reached. Deterministic for a given day (``random.Random(2026)``)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, services
from gongkai.applications.actions import ApplicantData
from gongkai.applications.models import OUTCOME_ROWS, AppealKind, AppealResult, Application, Opinion
from gongkai.applications.rules import validate_resident_id
from gongkai.calendar.cache import get_calendar

SEED = 2026
CASES = 320
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国"
COMPANIES = {
    "commercial": ["云溪恒达建材有限公司", "云溪县绿源农业开发有限公司", "溪城物流有限公司"],
    "research": ["云溪县农业科学研究所", "某大学公共管理学院课题组"],
    "public_interest": ["云溪县环境保护志愿者协会", "溪城公益服务中心"],
    "legal_services": ["云溪明理律师事务所", "溪城法律服务所"],
    "other": ["云溪县某业主委员会", "某村股份经济合作社"],
}
SUBJECTS = [
    "{year}年度部门预算和决算",
    "某道路改造工程的立项批复和环评文件",
    "{year}年征地补偿安置方案",
    "某小区规划许可及竣工验收材料",
    "{year}年低保资金发放名单（不含个人隐私）",
    "某河道治理工程招标文件",
    "某企业行政处罚决定书",
    "{year}年农村危房改造补助对象名单",
    "某学校新建项目用地审批文件",
    "本单位{year}年三公经费支出情况",
    "某路段噪声监测数据",
    "某村集体土地流转合同",
]


def _id_number(rng: random.Random) -> str:
    body = (
        f"{rng.choice(['430', '431', '432'])}{rng.randint(100, 999)}{rng.randint(1950, 2003)}{rng.randint(1, 12):02d}"
    )
    body += f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return validate_resident_id(body + check)


def _applicant(rng: random.Random, year: int) -> ApplicantData:
    kind = rng.choices(
        ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"],
        weights=[70, 10, 4, 4, 7, 5],
    )[0]
    subject = rng.choice(SUBJECTS).format(year=year - rng.randint(0, 2))
    common = {
        "description": subject,
        "phone": f"139{rng.randint(10000000, 99999999)}",
        "address": f"云溪县人民路{rng.randint(1, 300)}号",
        "info_form": rng.choice(["paper", "email", "disc"]),
        "delivery": rng.choice(["post", "pickup", "online"]),
    }
    if kind == "natural_person":
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        return ApplicantData(
            applicant_kind="person",
            applicant_type=kind,
            applicant_name=name,
            id_type="resident_id",
            id_number=_id_number(rng),
            **common,
        )
    return ApplicantData(
        applicant_kind="organisation",
        applicant_type=kind,
        applicant_name=rng.choice(COMPANIES[kind]),
        id_type="other",
        id_number=f"ORG{rng.randint(10000, 99999)}",
        contact_person=rng.choice(SURNAMES) + "经办",
        **common,
    )


class _Stop(Exception):
    """The next step would happen after today: the case stays where it is."""


def seed() -> str:
    if not Agency.objects.filter(code="YX").exists():
        return ""
    if Application.objects.filter(agency__path__startswith="/YX/").exists():
        return "演示申请已存在，跳过"
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    calendar = get_calendar()
    today = services.today()
    users = {
        u.username: u
        for u in User.objects.filter(username__endswith=("-clerk")) | User.objects.filter(username__endswith="-head")
    }
    agencies = [
        a
        for a in Agency.objects.filter(path__startswith="/YX/", depth__lte=1).order_by("path")
        if f"{a.code.lower()}-clerk" in users and f"{a.code.lower()}-head" in users
    ]
    weights = [12 if a.code == "YX" else 3 for a in agencies]
    outcomes = [k for k, _ in OUTCOME_ROWS]
    start = today - dt.timedelta(days=700)
    made = appeals = 0

    def wd(day: dt.date, n: int) -> dt.date:
        result = calendar.add_working_days(day, n).date
        if result > today:
            raise _Stop
        return result

    for index in range(CASES):
        agency = rng.choices(agencies, weights=weights)[0]
        clerk, head = users[f"{agency.code.lower()}-clerk"], users[f"{agency.code.lower()}-head"]
        # Later cases are denser so that the open ones fill the workspace views.
        if index >= CASES - len(RECENT) * 4:
            made += _recent(index, agency, clerk, head, rng, calendar, today)
            continue
        received = start + dt.timedelta(days=int(660 * (index / CASES) ** 0.8))
        while not calendar.is_working_day(received):
            received += dt.timedelta(days=1)
        if received > today:
            received = today
        data = _applicant(rng, received.year)
        # Every outcome appears: the first closed cases walk through the list, then a weighted choice.
        outcome = (
            outcomes[index % len(outcomes)]
            if index < 3 * len(outcomes)
            else rng.choices(outcomes, weights=[30, 12] + [2] * 8 + [10, 4, 1, 3, 2, 2, 1, 1, 3, 1, 2])[0]
        )
        with transaction.atomic():
            try:
                if rng.random() < 0.35:
                    case, _ = actions.submit_online(agency=agency, data=data, on=received)
                    made += 1
                    if index % 40 == 7:
                        raise _Stop  # left unconfirmed (待确认收到)
                    actions.confirm(application=case, actor=clerk, confirmed_on=received)
                else:
                    case, _ = actions.register(
                        agency=agency,
                        actor=clerk,
                        data=data,
                        channel=rng.choice(["in_person", "in_person", "registered_mail", "fax", "other"]),
                        submitted_on=received,
                        signed_on=received,
                        confirmed_on=received,
                    )
                    made += 1
                _play(case, outcome, rng, clerk, head, wd, agencies)
                case.refresh_from_db()
                appealable = case.outcome in ("partial", "unable_not_held") or case.outcome.startswith("denied")
                if appealable and rng.random() < 0.3 and case.answered_on:
                    appeals += _appeal(case, rng, today)
            except _Stop:
                pass  # the case stays open at the step it reached
    corrections = _correction_requests(agencies, users, rng, wd, today)
    return f"{made} 件政府信息公开申请，{appeals} 件行政复议或行政诉讼，{corrections} 件更正申请"


# 第四十一条: 更正申请, one answered with each of the three letters, one still open; after the 320 cases
# so the draws of those stay as they were.
CORRECTION_REQUESTS = [
    ("corrected", "本人的最低生活保障审批表中出生日期登记为1962年，应为1961年（附户口簿）", ""),
    ("forwarded", "不动产登记信息中本人的姓名错写为同音字（附身份证）", "云溪县自然资源局"),
    ("refused", "某行政处罚决定书中对本人违法事实的记载不准确", ""),
    ("", "本人的优待证信息中入伍时间登记有误（附退伍证）", ""),
]


def _correction_requests(agencies: list[Agency], users: dict[str, User], rng: random.Random, wd, today) -> int:
    agency = next((a for a in agencies if a.code == "YX"), agencies[0])
    clerk = users[f"{agency.code.lower()}-clerk"]
    made = 0
    for index, (result, description, competent) in enumerate(CORRECTION_REQUESTS):
        data = _applicant(rng, today.year)
        data.description = description
        received = today - dt.timedelta(days=120 - 30 * index)
        while not get_calendar().is_working_day(received):
            received += dt.timedelta(days=1)
        with transaction.atomic():
            case, _ = actions.register(
                agency=agency,
                actor=clerk,
                data=data,
                channel="in_person",
                submitted_on=received,
                request_kind="correction_request",
            )
            made += 1
            if not result:
                continue  # left open, in the workspace's lists
            try:
                answered = wd(received, 8 + index)
                actions.answer_correction_request(
                    application=case,
                    actor=clerk,
                    result=result,
                    text={
                        "corrected": "已将出生日期由1962年更正为1961年",
                        "refused": "该记载与执法案卷中的询问笔录和现场检查记录一致，您提供的材料不能证明记录不准确",
                    }.get(result, ""),
                    competent_agency=competent,
                    competent_contact="0000-6123456" if competent else "",
                    on=answered,
                )
                actions.deliver(application=case, actor=clerk, method="post", on=wd(answered, 1))
            except _Stop:
                pass
    return made


# Open cases of the last weeks, one per step of the workflow (four rounds), so every status and the
# due-soon and overdue views have cases.
RECENT = [
    "submitted",
    "registered",
    "correction",
    "processing",
    "consulting",
    "fee_pending",
    "reasons_pending",
    "transferring",
    "answered",
    "extended",
    "overdue",
]


def _recent(index: int, agency: Agency, clerk: User, head: User, rng: random.Random, calendar, today: dt.date) -> int:
    target = RECENT[index % len(RECENT)]
    back = 26 if target == "overdue" else rng.randint(1, 17)
    received = today
    while back or not calendar.is_working_day(received):
        received -= dt.timedelta(days=1)
        back -= calendar.is_working_day(received) and back > 0
    data = _applicant(rng, received.year)
    with transaction.atomic():
        if target == "submitted":
            actions.submit_online(agency=agency, data=data, on=received)
            return 1
        case, _ = actions.register(agency=agency, actor=clerk, data=data, channel="in_person", submitted_on=received)
        if target == "registered":
            return 1
        step = min(today, calendar.add_working_days(received, 1).date)
        if target == "correction":
            actions.request_correction(
                application=case,
                actor=clerk,
                items="请写明所需信息的名称或文号",
                on=step,
                deadline=calendar.add_working_days(step, 15).date,
            )
            return 1
        if target == "transferring":
            other = Agency.objects.get(code="YX" if agency.code != "YX" else "YX-FGJ")
            actions.transfer(application=case, actor=clerk, to_agency=other, reason="该信息由该机关制作", on=step)
            return 1
        actions.accept(application=case, actor=clerk, on=received)
        if target == "consulting":
            actions.consult(application=case, actor=clerk, kind="agency", party="云溪县财政局", on=step)
        elif target == "fee_pending":
            actions.fee_notice(application=case, actor=clerk, method="by_pages", units=150, on=step)
        elif target == "reasons_pending":
            actions.ask_reasons(application=case, actor=clerk, on=step)
        elif target == "answered":
            actions.answer(application=case, actor=clerk, outcome="granted", text="已提供。", on=step)
        elif target == "extended":
            actions.extend(application=case, actor=head, days=20, reason="所需信息较多", on=step)
    return 1


def calendar_add(day: dt.date, n: int) -> dt.date:
    return get_calendar().add_working_days(day, n).date


def _play(case: Application, outcome: str, rng: random.Random, clerk: User, head: User, wd, agencies) -> None:
    case.refresh_from_db()
    received = case.received_on
    if outcome in ("other_no_correction", "unable_unclear") or rng.random() < 0.08:
        on = wd(received, 2)
        deadline = wd(on, 10)
        actions.request_correction(
            application=case, actor=clerk, items="请写明所需信息的名称、文号或者形成时间", on=on, deadline=deadline
        )
        if outcome == "other_no_correction":
            actions.correction_lapsed(application=case, actor=clerk, on=wd(deadline, 1))
            return
        received = wd(on, rng.randint(2, 8))
        actions.receive_correction(application=case, actor=clerk, on=received, text="补充了项目名称")
    else:
        actions.accept(application=case, actor=clerk, on=received)
    # A transfer after receipt (and its 转办告知书); every 19th case too, so the demo always has one.
    if case.agency.code != "YX" and (rng.random() < 0.04 or case.pk % 19 == 0):
        other = rng.choice([a for a in agencies if a.pk != case.agency_id])
        moved = actions.transfer(
            application=case, actor=clerk, to_agency=other, reason="该信息由该机关制作", on=wd(received, 1)
        )
        receiver = User.objects.get(username=f"{other.code.lower()}-clerk")
        actions.transfer_accept(moved=moved, actor=receiver, on=wd(received, 2))
        case.refresh_from_db()
        received = case.received_on
        clerk = receiver
        head = User.objects.get(username=f"{other.code.lower()}-head")
    if outcome == "other_fee_unpaid" or (outcome == "granted" and rng.random() < 0.1):
        on = wd(received, 3)
        actions.fee_notice(application=case, actor=clerk, method="by_pages", units=rng.randint(60, 240), on=on)
        if outcome == "other_fee_unpaid":
            case.refresh_from_db()  # the payment window runs from the applicant's receipt of the notice
            actions.fee_lapsed(application=case, actor=clerk, on=wd(case.fee_due_on, 1))
            return
        actions.fee_settle(
            application=case,
            actor=clerk,
            result=rng.choice(["paid", "paid", "waived"]),
            on=wd(on, rng.randint(2, 10)),
            receipt_no=f"YX{rng.randint(100000, 999999)}",
            reason="申请人经济困难",
        )
    if outcome == "rejected_mass_repeat":
        actions.ask_reasons(application=case, actor=clerk, on=wd(received, 3))
        actions.reasons_rejected(application=case, actor=clerk, reasons="未说明合理理由", on=wd(received, 10))
        actions.deliver(application=case, actor=clerk, method="post", on=wd(received, 11))
        return
    if outcome == "granted" and case.pk % 11 == 0:
        # 第三十二条: a third party objects, the agency discloses anyway and tells it in writing.
        on = wd(received, 4)
        item = actions.consult(application=case, actor=clerk, kind="third_party", party="相关企业", on=on)
        replied = wd(on, 5)
        actions.consult_reply(consultation=item, actor=clerk, on=replied, opinion=Opinion.OBJECT, reply="涉及经营信息")
        actions.notify_third_party(
            consultation=item,
            actor=clerk,
            content="项目环境影响评价报告中的污染物排放数据",
            reasons="排放数据关系周边居民健康，不公开可能对公共利益造成重大影响",
            on=wd(replied, 1),
        )
    if outcome == "granted" and case.pk % 13 == 0:
        # 第三十五条: reasons asked, found reasonable, a later deadline set and told.
        asked = wd(received, 3)
        actions.ask_reasons(application=case, actor=clerk, on=asked)
        case.refresh_from_db()
        actions.reasons_accepted(
            application=case,
            actor=clerk,
            reasons="用于课题研究，需要逐年比对",
            due_on=calendar_add(case.due_on or asked, 15),
            on=wd(asked, 5),
        )
    if outcome in ("denied_third_party", "partial") and rng.random() < 0.6:
        on = wd(received, 4)
        item = actions.consult(application=case, actor=clerk, kind="third_party", party="相关企业", on=on)
        actions.consult_reply(
            consultation=item,
            actor=clerk,
            on=wd(on, rng.randint(3, 12)),
            opinion=Opinion.OBJECT if outcome == "denied_third_party" else Opinion.CONSENT,
            reply="涉及商业秘密" if outcome == "denied_third_party" else "同意公开",
        )
    days = rng.randint(3, 19)
    if rng.random() < 0.12:
        actions.extend(
            application=case,
            actor=head,
            days=rng.choice([10, 15, 20]),
            reason="所需信息较多，需要检索、汇总",
            on=wd(received, 15),
        )
        days = rng.randint(18, 30)
    if rng.random() < 0.05:
        days = rng.randint(21, 26)  # a few answered late, for the overdue figures
    case.refresh_from_db()
    answered = wd(received, days)
    if case.due_on and answered > case.due_on and rng.random() < 0.5:
        answered = case.due_on
    if outcome == "other_other":
        actions.withdraw(application=case, actor=clerk, reason="申请人书面撤回", on=answered)
        return
    if outcome in ("other_no_correction", "other_fee_unpaid"):
        outcome = "granted"
    # 第三十六条第（四）、（五）项 alternate, so both answers of the row appear (no draw: the sequence stays).
    other_agency = case.pk % 2 == 0
    actions.answer(
        application=case,
        actor=clerk,
        outcome=outcome,
        on=answered,
        text={"granted": "所需信息见附件。", "partial": "其中涉及个人信息的部分不予公开（第十五条）。"}.get(
            outcome, ""
        ),
        not_held_reason="other_agency" if other_agency else "not_exist",
        responsible_agency="云溪县自然资源局" if other_agency else "",
        responsible_contact="0000-6123456" if other_agency else "",
    )
    actions.deliver(application=case, actor=clerk, method=case.delivery, on=wd(answered, rng.randint(0, 3)))


def _appeal(case: Application, rng: random.Random, today: dt.date) -> int:
    filed = case.answered_on + dt.timedelta(days=rng.randint(10, 55))
    if filed > today:
        return 0
    kind = rng.choices(
        [AppealKind.REVIEW, AppealKind.LITIGATION_DIRECT, AppealKind.LITIGATION_AFTER_REVIEW], weights=[6, 2, 2]
    )[0]
    decided = filed + dt.timedelta(days=rng.randint(40, 150))
    result = (
        AppealResult.PENDING
        if decided > today
        else rng.choices([AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER], weights=[6, 2, 2])[0]
    )
    body = case.agency.parent.name if kind == AppealKind.REVIEW and case.agency.parent else "云溪县人民法院"
    if kind == AppealKind.REVIEW and not case.agency.parent:
        body = "某市人民政府"
    if kind == AppealKind.LITIGATION_AFTER_REVIEW:
        # A 复议后起诉 follows a review on file (decided before the suit was filed).
        reviewed = filed - dt.timedelta(days=60)
        actions.appeal_create(
            application=case,
            actor=None,
            kind=AppealKind.REVIEW,
            filed_on=max(reviewed, case.answered_on),
            body=case.agency.parent.name if case.agency.parent else "某市人民政府",
            result=AppealResult.UPHELD,
            decided_on=filed - dt.timedelta(days=1),
        )
    actions.appeal_create(
        application=case,
        actor=None,
        kind=kind,
        filed_on=filed,
        body=body,
        case_number=f"（{filed.year}）云溪{rng.randint(1, 99)}号",
        result=result,
        decided_on=None if result == AppealResult.PENDING else decided,
    )
    return 1
