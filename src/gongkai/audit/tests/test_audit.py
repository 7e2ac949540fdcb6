import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from gongkai.agencies.actions import agency_update
from gongkai.audit.actions import AuditOutsideTransactionError, diff, jsonable, record
from gongkai.audit.models import AppendOnlyError, Event

pytestmark = pytest.mark.django_db


def test_action_writes_event_with_before_after_actor_and_address(county, client):
    client.force_login(county.head_a)
    response = client.post(
        "/workspace/agencies/GOV-A/edit/",
        {
            "short_name": "甲局",
            "office_name": "办公室",
            "address": "新地址1号",
            "office_hours": "",
            "phone": "123",
            "fax": "",
            "email": "",
            "website": "",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    event = Event.objects.filter(action="agency.update").latest("id")
    assert event.actor == county.head_a
    assert event.agency == county.dept_a
    assert event.after["address"] == "新地址1号"
    assert event.before["address"] == ""
    assert "name" not in event.after  # only what changed
    assert event.ip_address == "10.1.2.3"


def test_event_rows_cannot_be_changed_or_deleted(county):
    event = Event.objects.first()
    event.reason = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_database_refuses_update_even_bypassing_the_model(county):
    event = Event.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET reason = 'x' WHERE id = %s", [event.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite refuses only UPDATE (see migration 0002)")
def test_postgres_refuses_delete_bypassing_the_model(county):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event")


def test_event_outside_a_transaction_is_refused(county):
    # Inside pytest's test transaction we are always atomic; simulate a bare autocommit write.
    conn = transaction.get_connection()
    saved = conn.in_atomic_block
    conn.in_atomic_block = False
    try:
        with pytest.raises(AuditOutsideTransactionError):
            record(action="x", actor=None)
    finally:
        conn.in_atomic_block = saved


def test_failed_action_leaves_no_event(county):
    before = Event.objects.count()
    # The head may edit the agency (no PermissionDenied): the write fails on the e-mail address itself.
    with pytest.raises(ValidationError, match="有效的 Email 地址") as caught:
        agency_update(agency=county.dept_a, actor=county.head_a, email="not-an-email")
    assert list(caught.value.message_dict) == ["email"]
    assert Event.objects.count() == before


def test_jsonable_keeps_decimals_exact_and_dates_iso():
    import datetime as dt
    from decimal import Decimal

    assert jsonable({"a": Decimal("24252.311082"), "d": dt.date(2026, 1, 2)}) == {
        "a": "24252.311082",
        "d": "2026-01-02",
    }


def test_diff_keeps_only_changed_keys():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == ({"b": 2, "c": None}, {"b": 3, "c": 4})


def test_object_timeline_is_scoped_and_narrowed(county, client):
    from gongkai.audit.selectors import target_key

    client.force_login(county.head_a)
    client.post("/workspace/agencies/GOV-A/edit/", {"address": "甲址"})
    url = f"/workspace/audit/?target={target_key(county.dept_a)}"
    page = client.get(url).content.decode()
    assert "修改机构信息" in page and "甲址" in page
    assert "新建机构" in page  # the agency's whole history, not only today's change
    client.force_login(county.clerk_b)
    page = client.get(url).content.decode()
    assert "甲址" not in page and "暂无记录" in page
    assert "暂无记录" in client.get("/workspace/audit/?target=nope.nothing:1").content.decode()
