"""Applications for disclosure (依申请公开): the case, its clock events, consultations, transfers,
files, letters, reviews and lawsuits.

Enum values that the annual report counts are exactly the keys of docs/report-data.md: the applicant
types (the seven columns of table 三 minus ``total``) and the outcomes (rows ``granted`` …
``other_other``). Write through ``gongkai.applications.actions`` only.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import models

from gongkai.applications.rules import ClockKind
from gongkai.reportformats.vocabulary import APPLICANT_TYPES, OUTCOME_GROUPS, OUTCOME_ROWS, strip_numbering


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


# The six applicant columns of table 三 (keys and labels from gongkai.reportformats.vocabulary).
ApplicantType = models.TextChoices("ApplicantType", [(key.upper(), (key, label)) for key, label in APPLICANT_TYPES])


ORGANISATION_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_TAIWAN = "hmt_permit", "港澳台居民居住证或通行证"
    USCC = "uscc", "统一社会信用代码"
    OTHER = "other", "其他证件"


class RequestKind(models.TextChoices):
    """What is asked: disclosure (第二十七条), or the correction of an inaccurate record about oneself
    (第四十一条). A 更正申请 shares the intake, the receipt and delivery, has its own answer and deadline
    (``GONGKAI_APPLICATIONS_CORRECTION_REQUEST_DAYS``), and is not counted in the report's table 三."""

    DISCLOSURE = "disclosure", "政府信息公开申请"
    CORRECTION_REQUEST = "correction_request", "更正申请（第四十一条）"


class CorrectionRequestResult(models.TextChoices):
    """The three answers to a 更正申请 (第四十一条)."""

    CORRECTED = "corrected", "审核属实，予以更正"
    FORWARDED = "forwarded", "不属于本机关职能范围，转送有权更正的机关"
    REFUSED = "refused", "不予更正"


class Channel(models.TextChoices):
    """How the application arrived (第三十一条 decides the receipt date from it)."""

    IN_PERSON = "in_person", "当面"
    REGISTERED_MAIL = "registered_mail", "邮寄"
    ORDINARY_LETTER = "ordinary_letter", "平常信函"
    FAX = "fax", "传真"
    ONLINE = "online", "网络·电子邮件"
    OTHER = "other", "其他"


class InfoForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    USB = "usb", "移动存储介质"
    INSPECT = "inspect", "查阅、抄录"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    PICKUP = "pickup", "当面领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上查看"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    REGISTERED = "registered", "已登记"
    CORRECTION = "correction", "待补正"
    PROCESSING = "processing", "办理中"
    TRANSFERRING = "transferring", "转办中"
    CONSULTING = "consulting", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    REASONS_PENDING = "reasons_pending", "待说明理由"
    ANSWERED = "answered", "已答复待送达"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = [s for s in Status if s != Status.CLOSED]


# The result rows of table 三 and their groups: keys and labels live in gongkai.reportformats.vocabulary.
Outcome = models.TextChoices("Outcome", [(key.upper(), (key, label)) for key, label in OUTCOME_ROWS])


def outcome_group(key: str) -> str:
    return OUTCOME_GROUPS[key.split("_")[0]]


def outcome_short(key: str) -> str:
    """A readable label: the group and the row text without its numbering (e.g. "不予公开：属于国家秘密")."""
    label = dict(OUTCOME_ROWS)[key]
    group = outcome_group(key)
    text = strip_numbering(label)
    return text if key in ("granted", "partial") else f"{group}：{text}"


# 条例 articles behind each outcome (the legal basis a 答复告知书 cites by default).
OUTCOME_BASIS: dict[str, str] = {
    "granted": "《中华人民共和国政府信息公开条例》第三十六条第（一）（二）项",
    "partial": "《中华人民共和国政府信息公开条例》第三十七条",
    "denied_state_secret": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "denied_law_forbidden": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "denied_security_stability": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "denied_third_party": "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
    "denied_internal_affairs": "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    "denied_process_info": "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    "denied_enforcement_file": "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    "denied_admin_query": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    # 第三十六条 has two distinct answers behind this one report row: see NOT_HELD_BASIS.
    "unable_not_held": "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    "unable_needs_creation": "《中华人民共和国政府信息公开条例》第三十八条",
    "unable_unclear": "《中华人民共和国政府信息公开条例》第三十条",
    "rejected_petition": "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "rejected_repeat": "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "rejected_publication": "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "rejected_mass_repeat": "《中华人民共和国政府信息公开条例》第三十五条",
    "rejected_confirm_reissue": "《中华人民共和国政府信息公开条例》第三十六条",
    "other_no_correction": "《中华人民共和国政府信息公开条例》第三十条",
    "other_fee_unpaid": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "other_other": "",
}


class NotHeldReason(models.TextChoices):
    """The two answers of the report row ``unable_not_held`` (第三十六条第（四）、（五）项)."""

    NOT_EXIST = "not_exist", "经检索没有所申请公开的信息（该政府信息不存在）"
    OTHER_AGENCY = "other_agency", "不属于本机关负责公开"


NOT_HELD_BASIS: dict[str, str] = {
    NotHeldReason.NOT_EXIST: "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    NotHeldReason.OTHER_AGENCY: "《中华人民共和国政府信息公开条例》第三十六条第（五）项",
}


def parse_outcome(text: str) -> str | None:
    """A ledger's 处理结果: the key, the exact statutory label, or the label without its numbering."""
    value = text.strip()
    if value in dict(OUTCOME_ROWS):
        return value
    for key, label in OUTCOME_ROWS:
        bare = strip_numbering(label)
        if value in (label, bare) or strip_numbering(value) == bare:
            return key
    if strip_numbering(value) == "部分公开":
        return "partial"
    return None


class FeeMethod(models.TextChoices):
    BY_COUNT = "by_count", "按件计收"
    BY_PAGES = "by_pages", "按量计收"


class FeeStatus(models.TextChoices):
    NONE = "", "未收费"
    PENDING = "pending", "待缴费"
    PAID = "paid", "已缴费"
    WAIVED = "waived", "已减免"
    CANCELLED = "cancelled", "已取消"
    LAPSED = "lapsed", "逾期未缴"


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="办理机关", on_delete=models.PROTECT, related_name="applications"
    )
    receipt_number = models.CharField("受理编号", max_length=64, unique=True)
    request_kind = models.CharField(
        "申请类别", max_length=20, choices=RequestKind.choices, default=RequestKind.DISCLOSURE, db_index=True
    )
    query_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)

    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    applicant_type = models.CharField("申请人类别", max_length=20, choices=ApplicantType.choices, db_index=True)
    applicant_name = models.CharField("申请人", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    # "同一申请人" for fees (109号 第四条) and rate limits: the normalised document, else the name.
    applicant_key = models.CharField(max_length=80, db_index=True, editable=False)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    description = models.TextField("所需信息的内容描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    info_form = models.CharField("信息的载体形式", max_length=16, choices=InfoForm.choices, default=InfoForm.PAPER)
    delivery = models.CharField("获取信息的方式", max_length=16, choices=Delivery.choices, default=Delivery.POST)

    # 第三十一条: the dates that decide the 收到申请之日, kept apart; ``received_on`` is derived.
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    arrived_on = models.DateField("到达日期", null=True, blank=True)
    signed_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    received_on = models.DateField("收到申请之日", null=True, blank=True, db_index=True)
    received_basis = models.CharField("收到日期依据", max_length=200, blank=True)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_applications",
    )
    correction_items = models.TextField("补正事项", blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    # 补正 sent by the applicant through the portal; its receipt date is fixed when staff confirm it.
    correction_submitted_on = models.DateField("在线提交补正日期", null=True, blank=True)
    correction_text = models.TextField("在线提交的补正内容", blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期批准人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    volume_reasons = models.TextField("申请人说明的理由", blank=True)

    fee_method = models.CharField("收费方式", max_length=16, choices=FeeMethod.choices, blank=True)
    fee_units = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_amount = models.DecimalField("收费金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    fee_status = models.CharField("收费状态", max_length=16, choices=FeeStatus.choices, blank=True, default="")
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    # 109号: the payment window runs from the applicant's receipt of the notice (rules.notice_received_date).
    fee_notice_delivery = models.CharField("收费通知送达方式", max_length=16, choices=Delivery.choices, blank=True)
    fee_notice_received_on = models.DateField("收费通知收到日期", null=True, blank=True)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_amount = models.DecimalField("实收金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    fee_receipt_no = models.CharField("财政票据号", max_length=64, blank=True)

    outcome = models.CharField("处理结果", max_length=32, choices=Outcome.choices, blank=True, db_index=True)
    # ``unable_not_held`` only: which of 第三十六条第（四）、（五）项, and for （五） the responsible agency.
    not_held_reason = models.CharField("不掌握的情形", max_length=16, choices=NotHeldReason.choices, blank=True)
    # Also, for a 更正申请 forwarded under 第四十一条, the agency with the power to correct and its contact.
    responsible_agency = models.CharField("负责公开的机关", max_length=200, blank=True)
    responsible_contact = models.CharField("该机关的联系方式", max_length=200, blank=True)
    # A 更正申请's answer (第四十一条); such a request has no ``outcome``: it is no report row.
    correction_request_result = models.CharField(
        "更正处理结果", max_length=16, choices=CorrectionRequestResult.choices, blank=True
    )
    legal_basis = models.CharField("法律依据", max_length=300, blank=True)
    answer_text = models.TextField("答复内容", blank=True)
    # The day of the final treatment (答复, or closure for lapse or withdrawal): the report's year.
    answered_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivered_by = models.CharField("送达方式", max_length=16, choices=Delivery.choices, blank=True)

    # Denormalised result of the clock (rules.compute_clock), recomputed after every event.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限暂定", default=False)

    is_historical = models.BooleanField("台账导入", default=False)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["agency", "received_on"])]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def outcome_short(self) -> str:
        if self.correction_request_result:
            return f"更正申请：{self.get_correction_request_result_display()}"
        return outcome_short(self.outcome) if self.outcome else ""

    @property
    def applicant_masked(self) -> str:
        """The name as a public page may show it to the applicant: first character only."""
        name = self.applicant_name
        return name[:1] + "*" * max(1, len(name) - 1) if name else ""


class CaseEvent(models.Model):
    """A clock event of a case (rules.ClockEvent), stored so the deadline can always be recomputed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(max_length=32, choices=[(k.value, k.value) for k in ClockKind])
    on = models.DateField()
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    ref = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on.isoformat()}"


class ReceiptCounter(models.Model):
    """The last serial of 受理编号 per agency and year; locked row by row for concurrency safety."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="receipt_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}-{self.year}: {self.last}"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
    AGENCY = "agency", "征求其他机关意见（第三十四条）"


class Opinion(models.TextChoices):
    PENDING = "", "尚未答复"
    CONSENT = "consent", "同意公开"
    OBJECT = "object", "不同意公开"
    NO_REPLY = "no_reply", "逾期未提出意见"


class Consultation(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类型", max_length=16, choices=ConsultationKind.choices)
    party = models.CharField("被征求意见方", max_length=200)
    sent_on = models.DateField("发出日期")
    # 第三十二、三十四条: the 15 working days run from the consulted party's receipt of the letter.
    delivery = models.CharField("送达方式", max_length=16, choices=Delivery.choices, blank=True)
    received_on = models.DateField("对方收到日期", null=True, blank=True)
    window_ends_on = models.DateField("答复期限")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    opinion = models.CharField("意见", max_length=16, choices=Opinion.choices, blank=True, default="")
    reply = models.TextField("意见内容", blank=True)
    # 第三十二条: disclosure decided over the third party's objection, told to it in writing with reasons.
    disclosure_notified_on = models.DateField("书面告知第三方日期", null=True, blank=True)
    disclosure_reasons = models.TextField("决定公开的理由", blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    RETURNED = "returned", "已退回"


class Transfer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="incoming_transfers")
    sent_on = models.DateField("转办日期")
    reason = models.TextField("转办理由")
    status = models.CharField(max_length=16, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"转办至{self.to_agency}"


class FileKind(models.TextChoices):
    APPLICANT = "applicant", "申请人提交的材料"
    CORRECTION = "correction", "补正材料"
    ANSWER = "answer", "提供的政府信息"
    INTERNAL = "internal", "内部材料"


def _upload_to(instance: CaseFile, filename: str) -> str:
    """A generated name: the uploader's (100 Chinese characters are 300 bytes, over the file system's
    255) stays in ``CaseFile.name`` only. The suffix is kept when it is a short plain extension."""
    suffix = PurePath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ""
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class CaseFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=16, choices=FileKind.choices)
    file = models.FileField(upload_to=_upload_to, max_length=255)
    name = models.CharField("文件名", max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "征求意见书"
    FEE = "fee", "收费通知书"
    ANSWER = "answer", "答复告知书"
    REASONS_REQUEST = "reasons_request", "说明理由通知书"
    REASONS_DEADLINE = "reasons_deadline", "延迟答复告知书"
    THIRD_PARTY = "third_party", "决定公开告知书（第三方）"
    TRANSFER = "transfer", "转办告知书"
    CORRECTED = "corrected", "更正告知书"
    CORRECTION_FORWARDED = "corr_forwarded", "更正申请转送告知书"
    CORRECTION_REFUSED = "corr_refused", "不予更正告知书"


class Letter(models.Model):
    """A letter as issued: its text is frozen when issued, so a later template edit changes nothing."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=16, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=200)
    number = models.CharField("文书编号", max_length=80)
    recipient = models.CharField("主送", max_length=200)
    body = models.TextField("正文")
    issued_on = models.DateField("日期")
    # Internal letters (征求意见书) go to the consulted party, not the applicant.
    to_applicant = models.BooleanField(default=True)
    # The definite deadline the letter states (answer or payment), to warn staff when it later moves.
    deadline = models.DateField("告知的期限", null=True, blank=True)
    # The issuing agency as it signs the letter (a transfer letter is signed by the office that forwarded).
    agency_name = models.CharField("落款机关", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    @property
    def signed_by(self) -> str:
        return self.agency_name or self.application.agency.name


class LetterTemplate(models.Model):
    """An agency's own wording of a letter; without one, the app's default.

    The body uses the placeholders of ``gongkai.applications.letters`` only (``{{ receipt_number }}``,
    ``{% if text %}…{% endif %}``): it is checked by ``actions.letter_template_save``, the one writer.
    """

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    body = models.TextField("模板正文")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "outcome"], name="letter_template_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.outcome}".strip()


class AppealKind(models.TextChoices):
    """The three groups of table 四 (docs/report-data.md ``appeals``)."""

    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    PENDING = "pending", "尚未审结"
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField("类型", max_length=32, choices=AppealKind.choices)
    filed_on = models.DateField("申请或起诉日期")
    body = models.CharField("复议机关或法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField("结果", max_length=16, choices=AppealResult.choices, default=AppealResult.PENDING)
    decided_on = models.DateField("决定或判决日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    # 行政复议法（2023）第二十三条: e.g. a direct lawsuit against a 不予公开 decision (rules.appeal_warning).
    warning = models.CharField("提示", max_length=300, blank=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.application.receipt_number}）"

    @property
    def agency(self):
        return self.application.agency


class ReminderSent(models.Model):
    """One reminder per case, recipient kind and day: the reminders command stays idempotent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(max_length=16)  # "handler" or "supervisor"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "day", "kind"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.day.isoformat()} {self.kind}"


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    perm: str = "edit"
    # The request kinds the step applies to: a 更正申请 (第四十一条) has only intake, its answer and delivery.
    kinds: frozenset[str] = frozenset({RequestKind.DISCLOSURE})


S = Status
BOTH_KINDS = frozenset(RequestKind.values)
_WORKING = frozenset({S.REGISTERED, S.PROCESSING, S.CONSULTING, S.FEE_PENDING, S.REASONS_PENDING})
# The workflow as data: each action's allowed source statuses and the status it leads to.
TRANSITIONS: dict[str, Transition] = {
    "confirm": Transition("确认收到", frozenset({S.SUBMITTED}), S.REGISTERED, kinds=BOTH_KINDS),
    "accept": Transition("受理", frozenset({S.REGISTERED}), S.PROCESSING, kinds=BOTH_KINDS),
    "request_correction": Transition("补正告知", frozenset({S.REGISTERED, S.PROCESSING}), S.CORRECTION),
    "receive_correction": Transition("收到补正", frozenset({S.CORRECTION}), S.PROCESSING),
    "correction_lapsed": Transition("逾期不补正", frozenset({S.CORRECTION}), S.CLOSED),
    "assign": Transition("指定承办人", frozenset({S.SUBMITTED, *_WORKING, S.CORRECTION}), None, kinds=BOTH_KINDS),
    # Before receipt (e.g. the routing agency) too: the receiving office's receipt then counts.
    "transfer": Transition("转办", frozenset({S.SUBMITTED, S.REGISTERED, S.PROCESSING}), S.TRANSFERRING),
    # Target set by the action: 办理中 once received, else 已登记 on the receiving office's receipt.
    "transfer_accept": Transition("接收转办", frozenset({S.TRANSFERRING}), None),
    "transfer_return": Transition("退回转办", frozenset({S.TRANSFERRING}), S.PROCESSING),
    "consult": Transition("征求意见", frozenset({S.PROCESSING, S.CONSULTING}), S.CONSULTING),
    "consult_received": Transition("记录征求意见书送达日期", frozenset({S.CONSULTING}), None),
    "consult_reply": Transition("记录意见", frozenset({S.CONSULTING}), None),
    # 第三十二条: disclosure over a third party's objection is told to it in writing, with the reasons.
    "notify_third_party": Transition("书面告知第三方决定公开", frozenset({S.PROCESSING, S.CONSULTING}), None),
    "extend": Transition(
        "延期",
        frozenset({S.PROCESSING, S.CONSULTING, S.FEE_PENDING, S.REASONS_PENDING}),
        None,
        perm="approve_extension",
    ),
    "fee_notice": Transition("收费通知", frozenset({S.PROCESSING}), S.FEE_PENDING),
    "fee_notice_received": Transition("记录收费通知送达日期", frozenset({S.FEE_PENDING}), None),
    "fee_settle": Transition("缴费、减免或取消收费", frozenset({S.FEE_PENDING}), S.PROCESSING),
    "fee_lapsed": Transition("逾期未缴费", frozenset({S.FEE_PENDING}), S.CLOSED),
    "ask_reasons": Transition("要求说明理由", frozenset({S.PROCESSING}), S.REASONS_PENDING),
    "reasons_accepted": Transition("理由合理并确定期限", frozenset({S.REASONS_PENDING}), S.PROCESSING),
    "reasons_rejected": Transition("理由不合理，不予处理", frozenset({S.REASONS_PENDING}), S.ANSWERED),
    "answer": Transition("答复", frozenset({S.REGISTERED, S.PROCESSING}), S.ANSWERED),
    # 第四十一条: corrected, forwarded to the agency with the power to correct, or refused with reasons.
    "answer_correction_request": Transition(
        "更正申请答复",
        frozenset({S.REGISTERED, S.PROCESSING}),
        S.ANSWERED,
        kinds=frozenset({RequestKind.CORRECTION_REQUEST}),
    ),
    "deliver": Transition("送达", frozenset({S.ANSWERED}), S.CLOSED, kinds=BOTH_KINDS),
    "withdraw": Transition("申请人撤回", frozenset(OPEN_STATUSES) - {S.ANSWERED}, S.CLOSED, kinds=BOTH_KINDS),
    # Staff fix a typo in the applicant's registered data, with a reason (audited; locked years guarded).
    "correct_applicant": Transition("更正申请人信息", frozenset(Status), None, kinds=BOTH_KINDS),
}


def allowed_transitions(status: str, kind: str = RequestKind.DISCLOSURE) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources and kind in t.kinds]
