from django.apps import AppConfig


class ReportcheckConfig(AppConfig):
    name = "gongkai.reportcheck"
    verbose_name = "年报体检"
    staff_nav = [("年报体检", "reportcheck:upload")]
