"""Closing the cases whose applicant let a deadline pass: 逾期不补正 (第三十条) and 逾期未缴费
(国办函〔2020〕109号), each 视为放弃申请. Run daily by ``gongkai close-lapsed``; the day after the deadline
the case closes with its report row (``other_no_correction`` / ``other_fee_unpaid``).

Only "无正当理由逾期不补正" lapses (第三十条): a case whose applicant sent the 补正 online is never closed
here. Sent by the deadline, it was in time (the office confirms it with 收到补正); sent later, whether
there was a 正当理由 is for staff to judge, so it is left for them and counted in ``refused``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gongkai.applications import actions
from gongkai.applications.models import Application, Status


@dataclass
class LapseResult:
    corrections: int = 0
    fees: int = 0
    refused: int = 0


def close_lapsed(*, today: dt.date) -> LapseResult:
    result = LapseResult()
    for case in Application.objects.filter(status=Status.CORRECTION, correction_deadline__lt=today):
        if case.correction_submitted_on is not None:
            if case.correction_submitted_on > (case.correction_deadline or today):
                result.refused += 1  # sent late: whether with a 正当理由 is for staff (第三十条)
            continue
        try:
            actions.correction_lapsed(application=case, actor=None, on=today)
            result.corrections += 1
        except ValidationError:
            result.refused += 1  # e.g. its year is locked: left for staff to decide
    for case in Application.objects.filter(status=Status.FEE_PENDING, fee_due_on__lt=today):
        try:
            actions.fee_lapsed(application=case, actor=None, on=today)
            result.fees += 1
        except ValidationError:
            result.refused += 1
    return result
