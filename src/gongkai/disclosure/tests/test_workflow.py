import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.disclosure.actions import (
    item_new_version,
    item_publish,
    item_review,
    item_submit,
    item_update,
    item_withdraw,
)
from gongkai.disclosure.models import Item
from gongkai.disclosure.rules import ARTICLE_20_ITEMS, TRANSITIONS, Status, article_20_label

pytestmark = pytest.mark.django_db


def test_article_20_has_fifteen_statutory_items():
    assert len(ARTICLE_20_ITEMS) == 15
    assert article_20_label(1) == "第二十条第（一）项 行政法规、规章和规范性文件"
    assert ARTICLE_20_ITEMS[8] == "行政事业性收费项目及其依据、标准"
    assert ARTICLE_20_ITEMS[15].startswith("法律、法规、规章和国家有关规定")


def test_full_review_workflow_with_audit(county, make_draft):
    item = make_draft(body="<p>正文<script>alert(1)</script></p>")
    assert "<script>" not in item.body and item.body_text == "正文"
    item = item_submit(item=item, actor=county.clerk_a)
    with pytest.raises(ValidationError) as err:
        item_review(item=item, actor=county.reviewer_a, approve=False, note=" ")
    assert "理由" in str(err.value)
    item = item_review(item=item, actor=county.reviewer_a, approve=False, note="文号有误")
    assert item.status == Status.RETURNED and item.review_note == "文号有误"
    item = item_update(item=item, actor=county.clerk_a, doc_number="甲发〔2025〕1号")
    item = item_submit(item=item, actor=county.clerk_a)
    item = item_review(item=item, actor=county.reviewer_a, approve=True)
    item = item_publish(item=item, actor=county.clerk_a, published_on=dt.date(2025, 3, 10))
    assert item.status == Status.PUBLISHED
    assert item.index_number == "GOV-A-01/2025-00001"
    actions = list(Event.objects.for_object(item).order_by("occurred_at", "id").values_list("action", flat=True))
    assert actions == [
        "item.create",
        "item.submit",
        "item.return",
        "item.update",
        "item.submit",
        "item.approve",
        "item.publish",
    ]


def test_clerk_cannot_publish_alone(county, make_draft):
    item = make_draft()
    with pytest.raises(ValidationError):
        item_publish(item=item, actor=county.clerk_a)
    item_submit(item=item, actor=county.clerk_a)
    with pytest.raises(PermissionDenied):
        item_review(item=item, actor=county.clerk_a, approve=True)
    with pytest.raises(ValidationError):
        item_publish(item=item, actor=county.clerk_a)
    assert Item.objects.get(pk=item.pk).status == Status.SUBMITTED


def test_reviewer_cannot_approve_own_submission(county, category):
    from gongkai.disclosure.actions import item_create

    item = item_create(
        agency=county.dept_a, actor=county.reviewer_a, category=category, title="自审", formed_on=dt.date(2025, 1, 6)
    )
    item_submit(item=item, actor=county.reviewer_a)
    with pytest.raises(PermissionDenied):
        item_review(item=item, actor=county.reviewer_a, approve=True)


def test_other_agency_clerk_cannot_touch(county, make_draft):
    item = make_draft()
    with pytest.raises(PermissionDenied):
        item_submit(item=item, actor=county.clerk_b)


def test_every_transition_in_table_is_reachable_and_nothing_else():
    statuses = {s for _, s in TRANSITIONS} | set(TRANSITIONS.values())
    assert statuses == set(Status)
    assert ("publish", Status.SUBMITTED) not in TRANSITIONS
    assert ("publish", Status.DRAFT) not in TRANSITIONS


def test_withdraw_keeps_page_and_needs_reason(county, make_published):
    item = make_published()
    with pytest.raises(ValidationError):
        item_withdraw(item=item, actor=county.reviewer_a, reason="")
    with pytest.raises(PermissionDenied):
        item_withdraw(item=item, actor=county.clerk_a, reason="错误")
    item = item_withdraw(item=item, actor=county.reviewer_a, reason="内容有误，已重新发布")
    assert item.status == Status.WITHDRAWN and item.index_number
    assert Event.objects.for_object(item).filter(action="item.withdraw", reason__contains="内容有误").exists()


def test_new_version_supersedes_old_on_publication(county, make_published):
    old = make_published(title="旧版办法")
    new = item_new_version(item=old, actor=county.clerk_a, formed_on=dt.date(2025, 6, 2))
    assert new.status == Status.DRAFT and new.replaces_id == old.pk
    item_update(item=new, actor=county.clerk_a, title="新版办法")
    item_submit(item=new, actor=county.clerk_a)
    item_review(item=new, actor=county.reviewer_a, approve=True)
    new = item_publish(item=new, actor=county.clerk_a, published_on=dt.date(2025, 6, 3))
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert new.index_number != old.index_number
    assert Event.objects.for_object(old).filter(action="item.supersede").exists()


def test_index_serial_per_agency_category_year(county, category, make_published):
    from gongkai.disclosure.models import Category

    a = make_published()
    b = make_published()
    other_year = make_published(formed_on=dt.date(2024, 12, 30), published_on=dt.date(2025, 1, 2))
    other_cat = make_published(category=Category.objects.get(code="99"))
    assert [a.index_number, b.index_number] == ["GOV-A-01/2025-00001", "GOV-A-01/2025-00002"]
    assert other_year.index_number == "GOV-A-01/2024-00001"
    assert other_cat.index_number == "GOV-A-99/2025-00001"


def test_index_format_is_configurable(county, settings, make_published):
    settings.GONGKAI_INDEX_NUMBER_FORMAT = "{agency}/{year}{category}-{serial:04d}"
    assert make_published().index_number == "GOV-A/202501-0001"


def test_validation_errors_are_chinese_and_nothing_saved(county, make_draft):
    before = Item.objects.count()
    with pytest.raises(ValidationError) as err:
        make_draft(title=" ", validity="valid")
    assert "请填写名称" in str(err.value)
    assert "规范性文件" in str(err.value)
    with pytest.raises(ValidationError) as err:
        make_draft(publish_days=10)
    assert "依据" in str(err.value)
    assert Item.objects.count() == before
