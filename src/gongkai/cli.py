"""The ``gongkai`` console script: the project's manage.py."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv if argv is not None else sys.argv)
    except ImproperlyConfigured as exc:
        # Start-up configuration errors name the variable; a traceback would bury that.
        sys.stderr.write(f"配置错误 (configuration error): {exc}\n")
        raise SystemExit(2) from exc


if __name__ == "__main__":
    main()
