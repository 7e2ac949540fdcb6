from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The bottom layer: helpers every app may use (tabular import, form errors, e-mail, web helpers,
    the site's base templates and static files). It imports no other gongkai app."""

    name = "gongkai.common"
    verbose_name = "通用"
