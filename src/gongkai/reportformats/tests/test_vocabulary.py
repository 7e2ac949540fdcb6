"""Issue 15, point 9: table 三's keys and labels are written once, here; everything else derives."""

from gongkai.reportformats.definitions import APPLICATIONS_2021, RESULT_ROWS_2021
from gongkai.reportformats.vocabulary import (
    APPLICANT_TYPE_KEYS,
    OTHER_ROWS_2021,
    OUTCOME_GROUPS,
    OUTCOME_KEYS,
    OUTCOME_ROWS,
    strip_numbering,
)


def test_outcomes_are_the_result_rows_of_the_form_with_their_printed_labels() -> None:
    assert tuple(k for k in RESULT_ROWS_2021 if k != "total_processed") == OUTCOME_KEYS
    labels = dict(OUTCOME_ROWS)
    assert labels["denied_state_secret"] == "（三）1.属于国家秘密"
    assert labels["partial"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels["other_other"] == "（六）3.其他"
    assert OUTCOME_GROUPS == {
        "granted": "予以公开",
        "partial": "部分公开",
        "denied": "不予公开",
        "unable": "无法提供",
        "rejected": "不予处理",
        "other": "其他处理",
    }
    assert OTHER_ROWS_2021 == ("other_no_correction", "other_fee_unpaid", "other_other")
    assert tuple(c.key for c in APPLICATIONS_2021.columns if c.key != "total") == APPLICANT_TYPE_KEYS


def test_strip_numbering() -> None:
    assert strip_numbering("（三）1.属于国家秘密") == "属于国家秘密"
    assert strip_numbering(" 2、重复申请 ") == "重复申请"
    assert strip_numbering("（一）予以公开") == "予以公开"
    assert strip_numbering("危及“三安全一稳定”") == "危及“三安全一稳定”"


def test_applications_and_counting_derive_from_the_vocabulary() -> None:
    from gongkai.applications.models import ApplicantType, Outcome, outcome_short
    from gongkai.reports.counting import APPLICANT_TYPES

    assert tuple(Outcome.choices) == OUTCOME_ROWS
    assert tuple(ApplicantType.values) == APPLICANT_TYPE_KEYS == APPLICANT_TYPES
    assert ApplicantType.NATURAL_PERSON == "natural_person" and ApplicantType.NATURAL_PERSON.label == "自然人"
    assert outcome_short("denied_state_secret") == "不予公开：属于国家秘密"
