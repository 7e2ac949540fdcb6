"""State changes of stored annual reports: permission, transaction, validation, write, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.permissions import Perm, has_perm, require
from gongkai.agencies.models import Agency
from gongkai.audit import labels
from gongkai.audit.actions import record
from gongkai.common import pagecache
from gongkai.reportformats.checker import (
    DEFAULT_CHANGE_FACTOR,
    ERROR,
    Finding,
    check_cross_year,
    check_report,
)
from gongkai.reportformats.definitions import FORMATS, SCHEMA
from gongkai.reports.builder import build_report
from gongkai.reports.export import SUFFIXES, export
from gongkai.reports.models import (
    AnnualReport,
    ReportArtefact,
    ReportSource,
    ReportStatus,
    ReportVersion,
    YearLock,
)

labels.register(
    {
        "report.import": "导入历史年报",
        "report.replace": "替换历史年报",
        "report.build": "生成年度报告",
        "report.edit": "修改年度报告文字",
        "report.publish": "发布年度报告",
        "report.reopen": "重新打开已发布的年度报告",
        "report.year_lock": "锁定报告年度",
        "report.year_unlock": "解除报告年度锁定",
    }
)

# Every section's text is edited beside its table; 二 to 四 are the tables built from the records and
# their text (optional) explains the figures.
EDITABLE_SECTIONS = ("一", "二", "三", "四", "五", "六")
# What the reviewer confirms for each section before publishing (recorded in the audit event).
CHECKLIST: dict[str, str] = {
    "一": "文字完整，没有占位内容",
    "二": "表格已核对，空栏和为0的栏目已说明",
    "三": "表格已核对，与上年相比的明显变化已说明",
    "四": "表格已核对",
    "五": "文字完整，问题和改进措施具体",
    "六": "文字完整，信息处理费金额已核对",
}
FIRST_REPORT_YEAR = 2008  # the first annual reports under the 2007 条例


def _require_head_or_supervisor(actor: Any, agency: Agency) -> None:
    """The agency's own head (负责人) or a supervisor (主管部门) over it."""
    if not (has_perm(actor, Perm.MANAGE_AGENCY, agency) or has_perm(actor, Perm.OVERSEE, agency)):
        require(actor, Perm.OVERSEE, agency)


def change_factor() -> float:
    """Year-over-year change of a main figure beyond which the checker warns (docs/reports.md)."""
    return float(getattr(settings, "GONGKAI_REPORT_CHANGE_FACTOR", DEFAULT_CHANGE_FACTOR))


def report_findings(report: dict[str, Any], *, agency: Agency, year: int) -> list[Finding]:
    """The checker's findings in one list: with the previous stored year, the cross-year rule (结转)
    and the change of the main figures; with the next stored year, its 上年结转 against ours."""
    neighbours = {
        other.year: other.data
        for other in AnnualReport.objects.filter(agency=agency, year__in=[year - 1, year + 1])
        if other.data.get("format") in {"2019", "2021"}
    }
    linked = report.get("format") in {"2019", "2021"}
    previous = neighbours.get(year - 1) if linked else None
    findings = check_report(report, previous=previous, change_factor=change_factor())
    if linked and year + 1 in neighbours:
        findings += check_cross_year(report, neighbours[year + 1])
    return findings


def report_store_imported(
    *,
    agency: Agency,
    year: int,
    report: dict[str, Any],
    actor: Any,
    original: bytes | None = None,
    original_name: str = "",
    published_on: dt.date | None = None,
    replace: bool = False,
) -> AnnualReport:
    """Keeps a parsed published report as the agency's historical report for ``year``.

    A supervisor (for the subtree) or the agency's own head may do it. An existing built report is
    never replaced by an import; an imported one only with ``replace``.
    """
    _require_head_or_supervisor(actor, agency)
    this_year = dt.date.today().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        raise ValidationError({"year": f"年度应在 {FIRST_REPORT_YEAR} 至 {this_year} 之间"})
    if report.get("schema") != SCHEMA or str(report.get("format")) not in FORMATS:
        raise ValidationError({"report": "不是可识别的年报数据"})
    report = {**report, "year": year, "agency": report.get("agency") or agency.name}
    findings = report_findings(report, agency=agency, year=year)
    with transaction.atomic():
        existing = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
        if existing is not None:
            if existing.source == ReportSource.BUILT:
                raise ValidationError({"year": f"{year}年已有系统生成的年度报告，不能用导入的报告替换"})
            if not replace:
                raise ValidationError({"year": f"{agency.name}{year}年已有导入的年度报告；如需替换，请勾选“替换”"})
        stored = existing or AnnualReport(agency=agency, year=year, source=ReportSource.IMPORTED)
        before = {"format": existing.format, "errors": existing.error_count} if existing else None
        stored.format = str(report["format"])
        stored.status = ReportStatus.PUBLISHED
        stored.data = report
        stored.findings = [f.as_dict() for f in findings]
        stored.error_count = sum(1 for f in findings if f.severity == ERROR)
        stored.warning_count = len(findings) - stored.error_count
        stored.published_on = published_on
        stored.created_by = actor if stored.created_by_id is None else stored.created_by
        if original is not None:
            digest = hashlib.sha256(original).hexdigest()
            suffix = original_name.rsplit(".", 1)[-1].lower() if "." in original_name else "bin"
            stored.original_name = original_name[:255]
            stored.original_file.save(f"{digest}.{suffix[:8]}", ContentFile(original), save=False)
        stored.save()
        record(
            action="report.replace" if existing else "report.import",
            actor=actor,
            target=stored,
            agency=agency,
            before=before,
            after={"format": stored.format, "errors": stored.error_count, "warnings": stored.warning_count},
        )
    return stored


def _store_findings(report: AnnualReport) -> None:
    findings = report_findings(report.data, agency=report.agency, year=report.year)
    report.findings = [f.as_dict() for f in findings]
    report.error_count = sum(1 for f in findings if f.severity == ERROR)
    report.warning_count = len(findings) - report.error_count


def report_build(*, agency: Agency, year: int, actor: Any) -> AnnualReport:
    """Builds (or rebuilds) the agency's draft report for ``year`` from the records and checks it.

    Text the staff already edited is kept; a published report is never rebuilt.
    """
    if actor is not None:
        require(actor, Perm.EDIT, agency)
    data = build_report(agency, year)
    with transaction.atomic():
        existing = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
        if existing is not None and existing.status == ReportStatus.PUBLISHED:
            raise ValidationError({"year": f"{year}年度报告已发布，不能重新生成"})
        if existing is not None and existing.source == ReportSource.IMPORTED:
            raise ValidationError({"year": f"{year}年已有导入的历史年报"})
        report = existing or AnnualReport(agency=agency, year=year, source=ReportSource.BUILT, created_by=actor)
        if existing is not None:
            data["sections"] = {**data["sections"], **(existing.data.get("sections") or {})}
        report.format = data["format"]
        report.data = data
        _store_findings(report)
        report.save()
        record(
            action="report.build",
            actor=actor,
            target=report,
            agency=agency,
            after={"format": report.format, "errors": report.error_count, "warnings": report.warning_count},
        )
    return report


def report_edit_sections(*, report: AnnualReport, sections: dict[str, str], actor: Any) -> AnnualReport:
    require(actor, Perm.EDIT, report.agency)
    unknown = set(sections) - set(EDITABLE_SECTIONS)
    if unknown:
        raise ValidationError({"sections": f"只能修改第一、五、六部分的文字（收到：{'、'.join(sorted(unknown))}）"})
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.PUBLISHED:
            raise ValidationError({"sections": "已发布的年度报告不能修改"})
        before = {k: report.data.get("sections", {}).get(k, "") for k in sections}
        report.data = {**report.data, "sections": {**(report.data.get("sections") or {}), **sections}}
        report.save(update_fields=["data", "updated_at"])
        record(action="report.edit", actor=actor, target=report, agency=report.agency, before=before, after=sections)
    return report


def report_publish(
    *,
    report: AnnualReport,
    actor: Any,
    confirmed: Collection[str] = (),
    confirm_reason: str = "",
    published_on: dt.date | None = None,
) -> AnnualReport:
    """Publishes a checked report (a reviewer's act) as a new version.

    The reviewer confirms every section of the ``CHECKLIST`` (``confirmed``: the section numerals); a
    report with errors also needs a recorded reason. The DOCX, PDF, XLSX, HTML and JSON are generated
    here, once, and stored with their SHA-256: downloads serve those bytes."""
    require(actor, Perm.REVIEW, report.agency)
    unconfirmed = [key for key in CHECKLIST if key not in set(confirmed)]
    if unconfirmed:
        raise ValidationError(
            {"confirmed": "发布前请逐项核对并确认：" + "；".join(f"第{key}部分{CHECKLIST[key]}" for key in unconfirmed)}
        )
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.PUBLISHED:
            raise ValidationError({"status": "该年度报告已发布"})
        _store_findings(report)
        if report.error_count and not confirm_reason.strip():
            raise ValidationError(
                {"confirm_reason": f"报告有 {report.error_count} 项错误；如确需发布，请填写理由（将被记录）"}
            )
        report.status = ReportStatus.PUBLISHED
        report.published_on = published_on or timezone.localdate()
        report.published_by = actor
        report.publish_reason = confirm_reason.strip()
        report.save()
        checklist = {key: CHECKLIST[key] for key in CHECKLIST}
        version = _store_version(report, actor=actor, checklist=checklist)
        record(
            action="report.publish",
            actor=actor,
            target=report,
            agency=report.agency,
            after={
                "published_on": report.published_on,
                "errors": report.error_count,
                "version": version.number,
                "checklist": checklist,
                "sha256": {a.suffix: a.sha256 for a in version.artefacts.all()},
            },
            reason=report.publish_reason,
        )
        pagecache.invalidate()  # cached public pages (docs/disclosure.md)
    return report


def _store_version(report: AnnualReport, *, actor: Any, checklist: dict[str, str]) -> ReportVersion:
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ReportVersion.objects.create(
        report=report,
        number=last + 1,
        data=report.data,
        checklist=checklist,
        published_on=report.published_on or timezone.localdate(),
        published_by=actor,
    )
    for suffix in SUFFIXES:
        content = export(report.data, suffix)
        digest = hashlib.sha256(content).hexdigest()
        artefact = ReportArtefact(version=version, suffix=suffix, sha256=digest, size=len(content))
        # Named by the digest: a stored file is never overwritten by a later version.
        artefact.file.save(f"{digest}{suffix}", ContentFile(content), save=False)
        artefact.save()
    return version


def report_reopen(*, report: AnnualReport, actor: Any, reason: str) -> AnnualReport:
    """Makes a published, built report a draft again so that it can be corrected and re-published as
    a new version. Only while its year is not locked (unlocking needs its own recorded reason); the
    published versions stay public meanwhile."""
    require(actor, Perm.REVIEW, report.agency)
    if not reason.strip():
        raise ValidationError({"reason": "重新打开已发布的报告须说明理由"})
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.PUBLISHED or report.source != ReportSource.BUILT:
            raise ValidationError({"status": "只能重新打开已发布的系统生成报告"})
        if locked_year(report.agency, dt.date(report.year, 12, 31)) is not None:
            raise ValidationError({"status": f"{report.year}年度已锁定；请先解除锁定"})
        report.status = ReportStatus.DRAFT
        report.save(update_fields=["status", "updated_at"])
        record(
            action="report.reopen",
            actor=actor,
            target=report,
            agency=report.agency,
            before={"status": ReportStatus.PUBLISHED},
            reason=reason.strip(),
        )
    return report


def year_lock(*, agency: Agency, year: int, actor: Any) -> YearLock:
    _require_head_or_supervisor(actor, agency)
    with transaction.atomic():
        if not AnnualReport.objects.filter(agency=agency, year=year, status=ReportStatus.PUBLISHED).exists():
            raise ValidationError({"year": f"{year}年度报告尚未发布，不能锁定"})
        lock, created = YearLock.objects.get_or_create(
            agency=agency, year=year, defaults={"locked_by": actor, "locked_at": timezone.now()}
        )
        if created:
            record(action="report.year_lock", actor=actor, target=lock, agency=agency, after={"year": year})
    return lock


def year_unlock(*, agency: Agency, year: int, reason: str, actor: Any) -> None:
    _require_head_or_supervisor(actor, agency)
    if not reason.strip():
        raise ValidationError({"reason": "解除锁定须说明理由"})
    with transaction.atomic():
        lock = YearLock.objects.select_for_update().filter(agency=agency, year=year).first()
        if lock is None:
            raise ValidationError({"year": f"{year}年度未锁定"})
        record(
            action="report.year_unlock",
            actor=actor,
            target=None,
            agency=agency,
            before={"year": year},
            reason=reason.strip(),
        )
        lock.delete()


def locked_year(agency: Agency, day: dt.date | None) -> int | None:
    """The locked reporting year that ``day`` falls in for ``agency`` (or its governments above), if any.

    A government's report counts its subtree, so locking it locks its departments' cases too.
    """
    if day is None:
        return None
    codes = [c for c in agency.path.strip("/").split("/") if c]
    return YearLock.objects.filter(agency__code__in=codes, year=day.year).values_list("year", flat=True).first()


def ensure_year_open(agency: Agency, *days: dt.date | None) -> None:
    """Raises ValidationError when a change dated on any of ``days`` would alter a locked report."""
    for day in days:
        year = locked_year(agency, day)
        if year is not None:
            raise ValidationError(
                f"{year}年度报告已发布并锁定，不能再修改影响该年度统计的信息；如确需修改，请先解除锁定"
            )
