"""``gongkai report-check``: see :func:`gongkai.reportcheck.cli.main_check`."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand

from gongkai.reportcheck.cli import main_check


class Command(BaseCommand):
    help = main_check.__doc__ or "report-check"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is [prog, "report-check", ...]: the CLI parses the rest itself and its status is ours.
        sys.exit(main_check(argv[2:]))

    def handle(self, *args: str, **options: object) -> None:
        # call_command("report-check", ...) passes the arguments positionally.
        status = main_check(list(args))
        if status:
            sys.exit(status)
