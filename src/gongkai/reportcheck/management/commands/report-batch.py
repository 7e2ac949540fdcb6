"""``gongkai report-batch``: see :func:`gongkai.reportcheck.cli.main_batch`."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand

from gongkai.reportcheck.cli import main_batch


class Command(BaseCommand):
    help = main_batch.__doc__ or "report-batch"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is [prog, "report-batch", ...]: the CLI parses the rest itself and its status is ours.
        sys.exit(main_batch(argv[2:]))

    def handle(self, *args: str, **options: object) -> None:
        # call_command("report-batch", ...) passes the arguments positionally.
        status = main_batch(list(args))
        if status:
            sys.exit(status)
