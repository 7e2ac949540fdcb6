"""Need to know (issue 13, point 8): the applicant's identifiers in full for the handling agency only;
anyone else sees them masked unless they state a reason, which is audited, for that one page view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications.selectors import mask_address, mask_email, mask_id_number, mask_phone
from gongkai.audit.models import Event
from gongkai.testing.helpers import RESIDENT_ID, at, in_person

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(county, seeded):
    with at(D(2025, 3, 3)):
        return in_person(county, D(2025, 3, 3), address="北京市东城区某某街道1号院2单元301")


def test_masks_keep_enough_to_tell_people_apart() -> None:
    assert mask_id_number(RESIDENT_ID) == "110105********002X"
    assert mask_phone("13800001234") == "138****1234"
    assert mask_email("zhang@example.cn") == "z***@example.cn"
    assert mask_address("北京市东城区某某街道1号") == "北京市东城区******"
    assert mask_id_number("") == "" and mask_phone("123") == "***"


def test_the_handling_agency_sees_the_identifiers_in_full(client, county, case) -> None:
    client.force_login(county.clerk_a)
    page = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert RESIDENT_ID in page and "13800000000" in page and "某某街道" in page
    assert "查看完整信息" not in page


def test_the_supervisor_sees_them_masked_and_reveals_them_for_a_stated_reason(client, county, case) -> None:
    client.force_login(county.supervisor)
    url = reverse("applications:case", args=[case.pk])
    page = client.get(url).content.decode()
    assert RESIDENT_ID not in page and "110105********002X" in page
    assert "13800000000" not in page and "138****0000" in page and "某某街道" not in page
    assert "查看完整信息" in page

    reveal = reverse("oversight:reveal_identifiers", args=[case.pk])
    refused = client.post(reveal, {"reason": " "}).content.decode()
    assert RESIDENT_ID not in refused and "请说明查看完整身份信息的理由" in refused
    shown = client.post(reveal, {"reason": "核查申请人是否重复申请"})
    assert RESIDENT_ID in shown.content.decode() and "13800000000" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    event = Event.objects.for_object(case).get(action="application.reveal_identifiers")
    assert event.actor == county.supervisor and event.reason == "核查申请人是否重复申请"
    # The reveal lasted for that page only.
    assert RESIDENT_ID not in client.get(url).content.decode()
    assert RESIDENT_ID not in client.get(reveal).content.decode()


def test_no_reveal_for_a_case_the_reader_cannot_see(client, county, case) -> None:
    client.force_login(county.clerk_b)
    reveal = reverse("oversight:reveal_identifiers", args=[case.pk])
    assert client.post(reveal, {"reason": "好奇想看看"}).status_code == 404
    assert not Event.objects.filter(action="application.reveal_identifiers").exists()


def test_archive_and_applicant_files_go_to_the_handling_agency_only(client, county, seeded) -> None:
    """The archive bundle and the applicant's materials show identifiers in full: a supervisor, who
    reads the case with them masked, gets 403 there; the handling agency downloads both."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.applications import actions
    from gongkai.applications.models import CaseFile, FileKind

    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.answer(application=a, actor=county.clerk_a, outcome="unable_not_held", not_held_reason="not_exist")
        actions.deliver(application=a, actor=county.clerk_a, method="post")
    upload = SimpleUploadedFile("身份证复印件.pdf", b"%PDF-1.4 id")
    item = CaseFile.objects.create(application=a, kind=FileKind.APPLICANT, file=upload, name=upload.name)
    archive_url = reverse("applications:archive", args=[a.pk])
    file_url = reverse("applications:file", args=[a.pk, item.pk])
    client.force_login(county.supervisor)
    assert client.get(reverse("applications:case", args=[a.pk])).status_code == 200
    assert client.get(archive_url).status_code == 403
    assert client.get(file_url).status_code == 403
    client.force_login(county.clerk_a)
    assert client.get(archive_url).status_code == 200
    assert client.get(file_url).getvalue() == b"%PDF-1.4 id"
