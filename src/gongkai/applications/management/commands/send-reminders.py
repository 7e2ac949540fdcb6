import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "每日期限提醒：即将到期和已逾期的案件提醒承办人，已逾期的同时提醒主管部门（督办）；同一天重复运行不会重复发送"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期运行（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        summary = send_reminders(day)
        self.stdout.write(
            f"已提醒承办人 {summary.handler} 件，督办 {summary.supervisor} 件，"
            f"跳过 {summary.skipped} 件（今日已提醒或无收件人）。"
        )
