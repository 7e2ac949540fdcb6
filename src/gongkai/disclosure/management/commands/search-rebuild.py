import time

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.disclosure import search


class Command(BaseCommand):
    help = (
        "重建主动公开信息的全文检索索引（与已发布信息完全一致）。在 PostgreSQL 上重建期间检索会等待"
        "（10 万条约 3 分钟），宜在访问少时运行。"
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"已重建检索索引：{count} 条信息，用时 {time.perf_counter() - started:.1f} 秒。")
