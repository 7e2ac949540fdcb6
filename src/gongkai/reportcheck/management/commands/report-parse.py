"""``gongkai report-parse``: see :func:`gongkai.reportcheck.cli.main_parse`."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand

from gongkai.reportcheck.cli import main_parse


class Command(BaseCommand):
    help = main_parse.__doc__ or "report-parse"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is [prog, "report-parse", ...]: the CLI parses the rest itself and its status is ours.
        sys.exit(main_parse(argv[2:]))

    def handle(self, *args: str, **options: object) -> None:
        # call_command("report-parse", ...) passes the arguments positionally.
        status = main_parse(list(args))
        if status:
            sys.exit(status)
