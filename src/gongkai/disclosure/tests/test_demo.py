import pytest

from gongkai.disclosure import demo
from gongkai.disclosure.models import AgencyFigures, Item, SearchDoc
from gongkai.disclosure.rules import Status

pytestmark = pytest.mark.django_db


def test_demo_seed_is_deterministic_idempotent_and_complete():
    from gongkai.site.demo import seed_demo

    assert demo.seed() == ""  # no demo county yet: nothing to add to
    seed_demo()
    summary = demo.seed(items_per_agency=14)
    assert "条已发布信息" in summary
    statuses = set(Item.objects.values_list("status", flat=True))
    assert {Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED, Status.DRAFT} <= statuses
    assert Item.objects.filter(is_late=True).exists() and Item.objects.filter(is_late=False).exists()
    assert Item.objects.filter(interpretations__isnull=False).exists()
    assert Item.objects.filter(attachments__isnull=False).exists()
    assert SearchDoc.objects.count() == Item.objects.listed().count()
    assert AgencyFigures.objects.exists()
    count = Item.objects.count()
    assert demo.seed() == "演示信息已存在，跳过"
    assert Item.objects.count() == count
