from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"
    staff_nav = [("年度报告", "reports:overview")]
    # What waits for a user here, on the workspace page (gongkai.common.panels).
    workspace_panel = "gongkai.reports.panel.workspace_panel"

    def ready(self) -> None:
        # A locked report refuses the case changes that would alter it (the workflow sits below us).
        from gongkai.applications.hooks import register_report_guard
        from gongkai.reports.guards import LOCKED_REPORT_GUARD

        register_report_guard(LOCKED_REPORT_GUARD)
