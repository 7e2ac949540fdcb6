from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.actions import agencies_import
from gongkai.agencies.importer import read_agency_rows


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 导入或更新机构（表头：代码,名称,类型,上级代码[,工作机构名称,办公地址,…]）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            result = agencies_import(rows=read_agency_rows(file.read_bytes(), file.name), actor=None)
        except ValidationError as exc:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"导入完成：新建 {result['created']} 个，更新 {result['updated']} 个机构。")
