from django.apps import AppConfig


class OversightConfig(AppConfig):
    """督办: the supervising office's notices to an agency about a case or an annual report, the
    agency's reply and the register of their outcomes. It sits above applications and reports and
    nothing imports it."""

    name = "gongkai.oversight"
    verbose_name = "督办"
    staff_nav = [("督办", "oversight:register")]
    # What waits for a user here, on the workspace page (gongkai.common.panels).
    workspace_panel = "gongkai.oversight.panel.workspace_panel"

    def ready(self) -> None:
        from gongkai.oversight import actions  # noqa: F401 - registers the audit labels
