"""Demo annual reports: built from the demo county's records for the last two years and published,
with a few agencies late or missing so that the oversight table has something to show."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.reports import actions
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import AnnualReport

MISSING = {"YX-SJJ", "YX-YBJ"}  # never built: shown as overdue
LATE = {"YX-JTJ", "YX-BSZ"}  # published after the deadline
DRAFT = {"YX-SCJ"}  # built and checked, not yet published


@transaction.atomic
def seed() -> str:
    if AnnualReport.objects.exists() or not Agency.objects.filter(code="YX").exists():
        return ""
    admin = User.objects.get(username="admin")
    last = timezone.localdate().year - 1
    published = 0
    agencies = Agency.objects.filter(is_active=True, depth__lte=1).order_by("path")
    for year in (last - 1, last):
        for agency in agencies:
            if year == last and agency.code in MISSING:
                continue
            report = actions.report_build(agency=agency, year=year, actor=admin)
            if year == last and agency.code in DRAFT:
                continue
            deadline = report_deadline(is_government=agency.is_government, year=year)
            on = (
                deadline + dt.timedelta(days=9)
                if year == last and agency.code in LATE
                else deadline - dt.timedelta(days=6)
            )
            reason = "演示数据：保留原始台账中的差错" if report.error_count else ""
            actions.report_publish(
                report=report, actor=admin, confirmed=actions.CHECKLIST, confirm_reason=reason, published_on=on
            )
            published += 1
    actions.year_lock(agency=Agency.objects.get(code="YX"), year=last - 1, actor=admin)
    return f"{published} 份年度报告已发布（{last - 1}、{last}年度），{last - 1}年度已锁定"
