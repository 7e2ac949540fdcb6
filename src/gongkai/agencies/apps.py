from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机构"
    # What waits for a user here, on the workspace page (gongkai.common.panels).
    workspace_panel = "gongkai.agencies.panel.workspace_panel"
