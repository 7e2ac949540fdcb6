"""The catalogue as a workbook (issue 15, point 10): real dates with a date format, readable column
widths and a frozen header row."""

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_catalogue_xlsx_has_dates_widths_and_a_frozen_header(county, make_published):
    item = make_published(title="规范性文件甲", summary="概述甲")
    response = Client().get(f"/agencies/{county.dept_a.code}/catalogue/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet.column_dimensions["B"].width == 48 and sheet.column_dimensions["A"].width == 24
    published = sheet["E2"]
    assert published.is_date and published.number_format == "yyyy-mm-dd"
    assert published.value.date() == item.published_on
    assert isinstance(item.published_on, dt.date)
