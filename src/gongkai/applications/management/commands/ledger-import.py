from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.applications.ledger import import_ledger


class Command(BaseCommand):
    help = "导入政府信息公开申请台账（XLSX 或 CSV）为历史案件；任何一行有误时全部不导入"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument("file")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"机关代码“{options['agency']}”不存在")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            count = import_ledger(agency=agency, data=path.read_bytes(), filename=path.name, actor=None)
        except ValidationError as exc:
            raise CommandError("台账有误，未导入任何数据：\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"已导入 {count} 件历史申请到{agency.name}。")
