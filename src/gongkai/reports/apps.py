from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"
    staff_nav = [("年度报告", "reports:overview")]
    # What waits for a user here, on the workspace page (gongkai.core.panels).
    workspace_panel = "gongkai.reports.panel.workspace_panel"
