from django.core.management.base import BaseCommand

from gongkai.reportcheck.purge import purge_expired_batches, purge_expired_uploads


class Command(BaseCommand):
    help = "删除过期的年报体检结果（后台批次及其 ZIP、未保存的已检查文件）；每小时运行一次"

    def handle(self, *args, **options):
        batches = purge_expired_batches()
        files = purge_expired_uploads()
        self.stdout.write(f"已删除过期批次 {batches} 个、临时文件 {files} 个")
