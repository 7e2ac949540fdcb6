import datetime as dt
import threading

import pytest
from django.db import connection, connections

from gongkai.disclosure.actions import apply_timeliness, item_publish, item_review, item_submit, recompute_timeliness
from gongkai.disclosure.models import Item
from gongkai.disclosure.tests.helpers import draft


@pytest.mark.django_db
def test_twenty_working_days_skip_national_day_and_count_makeup_days(seeded, county, make_published):
    # 第二十六条: 2025-09-26 + 20 working days, over 国庆 (10月1日–8日 off, 9月28日 and 10月11日 worked).
    on_time = make_published(formed_on=dt.date(2025, 9, 26), published_on=dt.date(2025, 10, 30))
    late = make_published(formed_on=dt.date(2025, 9, 26), published_on=dt.date(2025, 10, 31))
    assert on_time.publish_due == dt.date(2025, 10, 30) and on_time.is_late is False
    assert late.is_late is True
    assert not on_time.publish_due_provisional


@pytest.mark.django_db
def test_override_period_and_unpublished_overdue(seeded, county, make_draft, make_published):
    item = make_published(
        formed_on=dt.date(2025, 9, 26),
        published_on=dt.date(2025, 10, 9),
        publish_days=3,
        publish_days_basis="《某法》第十条：三个工作日内公开",
    )
    assert item.publish_due == dt.date(2025, 9, 30) and item.is_late is True
    pending = make_draft(formed_on=dt.date(2025, 1, 2))
    apply_timeliness(pending, today=dt.date(2025, 1, 3))
    assert pending.is_late is None
    apply_timeliness(pending, today=dt.date(2025, 12, 1))
    assert pending.is_late is True


@pytest.mark.django_db
def test_unconfirmed_year_is_provisional_and_recomputed(county, make_published):
    # No calendar rows at all: every year is unconfirmed, so the deadline is only 暂定.
    from gongkai.calendar.cache import invalidate

    invalidate()
    item = make_published(formed_on=dt.date(2025, 9, 26), published_on=dt.date(2025, 10, 27))
    assert item.publish_due_provisional and item.publish_due == dt.date(2025, 10, 24)
    assert item.is_late is True
    from gongkai.testing.calendar_fixture import seed_fixture_calendar

    seed_fixture_calendar(years=[2025])
    assert recompute_timeliness([2025]) >= 1
    item.refresh_from_db()
    assert item.publish_due == dt.date(2025, 10, 30) and item.is_late is False
    invalidate()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="waits for PostgreSQL (GONGKAI_TEST_DB=postgres): SQLite runs one writer at a time anyway",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_get_distinct_consecutive_numbers(county, category):
    items = []
    for n in range(8):
        item = draft(county, category, title=f"并发{n}", formed_on=dt.date(2025, 5, 6))
        item_submit(item=item, actor=county.clerk_a)
        items.append(item_review(item=item, actor=county.reviewer_a, approve=True))
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def publish(item: Item) -> None:
        try:
            barrier.wait()
            item_publish(item=item, actor=county.clerk_a, published_on=dt.date(2025, 5, 7))
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Item.objects.filter(title__startswith="并发").values_list("index_number", flat=True))
    assert numbers == [f"GOV-A-01/2025-{n:05d}" for n in range(1, 9)]
