import pytest

from gongkai.reports import demo
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import AnnualReport, ReportStatus, YearLock
from gongkai.site.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_reports_are_published_with_late_missing_and_draft_ones():
    seed_demo()
    summary = demo.seed()
    assert "已发布" in summary
    last = AnnualReport.objects.order_by("-year").values_list("year", flat=True).first()
    latest = AnnualReport.objects.filter(year=last)
    assert not latest.filter(agency__code__in=demo.MISSING).exists()
    assert latest.get(agency__code="YX-SCJ").status == ReportStatus.DRAFT
    for code in demo.LATE:
        report = latest.get(agency__code=code)
        deadline = report_deadline(is_government=report.agency.is_government, year=last)
        assert report.published_on > deadline
    assert not AnnualReport.objects.filter(agency__kind__in=["village", "community"]).exists()
    assert YearLock.objects.filter(agency__code="YX", year=last - 1).exists()
    assert demo.seed() == ""  # idempotent
