from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"
    # Navigation entries (label, URL name), collected by gongkai.common.context_processors.
    public_nav: list[tuple[str, str]] = [("申请公开", "applications:apply"), ("查询进度", "applications:status")]
    staff_nav: list[tuple[str, str]] = [("依申请公开", "applications:cases")]

    def ready(self) -> None:
        # Stored due dates depend on the calendar: recompute them when a year's arrangement changes.
        from gongkai.applications.services import recompute_for_years
        from gongkai.calendar.recompute import register_recompute

        register_recompute(recompute_for_years)
        from gongkai.applications import actions  # noqa: F401 - registers the audit labels

    # What waits for a user here, on the workspace page (gongkai.common.panels).
    workspace_panel = "gongkai.applications.panel.workspace_panel"
