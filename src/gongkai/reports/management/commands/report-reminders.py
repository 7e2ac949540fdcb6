from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.reports.reminders import DEFAULT_DAYS_BEFORE, send_report_reminders


class Command(BaseCommand):
    help = "年度报告公布期限提醒（期限前若干天提醒本机关，逾期后同时督办主管部门）；每天运行一次，可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS_BEFORE, help="期限前多少天开始提醒")

    def handle(self, *args, days: int, **options):
        result = send_report_reminders(today=timezone.localdate(), days_before=days)
        self.stdout.write(f"已发送 {result.sent} 条提醒，跳过 {result.skipped} 条。")
