from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"
    staff_nav = [("年度报告", "reports:overview")]
