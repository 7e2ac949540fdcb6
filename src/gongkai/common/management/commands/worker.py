from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务处理进程（django-tasks 数据库队列）"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="处理完队列中的任务后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="轮询间隔（秒）")

    def handle(self, *args, batch: bool, interval: float, **options):
        call_command(
            "db_worker",
            interval=interval,
            batch=batch,
            startup_delay=False,
            reload=False,
            verbosity=options.get("verbosity", 1),
        )
