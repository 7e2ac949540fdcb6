"""The demo data: every status and every outcome, reviews and lawsuits, idempotent."""

from __future__ import annotations

import pytest

from gongkai.applications import services
from gongkai.applications.models import OUTCOME_ROWS, Appeal, Application, Letter, Status


@pytest.mark.django_db
def test_demo_seed_covers_every_status_and_outcome() -> None:
    from gongkai.applications import demo
    from gongkai.calendar.cache import invalidate
    from gongkai.site.demo import seed_demo
    from gongkai.testing.calendar_fixture import seed_fixture_calendar

    year = services.today().year
    seed_fixture_calendar(years=range(year - 2, year + 2))
    seed_demo()
    summary = demo.seed()
    assert summary.startswith(f"{demo.CASES} 件")
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Application.objects.exclude(outcome="").values_list("outcome", flat=True)) == {
        k for k, _ in OUTCOME_ROWS
    }
    assert Appeal.objects.exists()
    # Issue 12: each new letter (第三十五条 twice, 第三十二条, 第三十六条第（五）项) and both 不掌握 answers.
    kinds = set(Letter.objects.values_list("kind", flat=True))
    assert {"reasons_request", "reasons_deadline", "third_party", "transfer"} <= kinds
    assert set(Application.objects.exclude(not_held_reason="").values_list("not_held_reason", flat=True)) == {
        "not_exist",
        "other_agency",
    }
    # Issue 12 point 12: 更正申请 (第四十一条) answered with each of the three letters, one still open.
    corrections = Application.objects.filter(request_kind="correction_request")
    assert set(
        corrections.exclude(correction_request_result="").values_list("correction_request_result", flat=True)
    ) == {
        "corrected",
        "forwarded",
        "refused",
    }
    assert {"corrected", "corr_forwarded", "corr_refused"} <= kinds
    assert corrections.filter(status=Status.REGISTERED).exists() and not corrections.exclude(outcome="").exists()
    assert summary.endswith(f"{len(demo.CORRECTION_REQUESTS)} 件更正申请")
    assert Application.objects.filter(received_on__year=year - 1).count() > 50
    assert demo.seed() == "演示申请已存在，跳过"
    assert Application.objects.filter(request_kind="disclosure").count() == demo.CASES
    assert corrections.count() == len(demo.CORRECTION_REQUESTS)
    invalidate()
