from django.core.management.base import BaseCommand

from gongkai.applications import services
from gongkai.applications.lapses import close_lapsed


class Command(BaseCommand):
    help = "关闭逾期不补正、逾期未缴费的申请（视为放弃申请）；每天运行一次，可重复运行"

    def handle(self, *args, **options):
        result = close_lapsed(today=services.today())
        self.stdout.write(
            f"逾期不补正 {result.corrections} 件、逾期未缴费 {result.fees} 件已办结；"
            f"{result.refused} 件未能自动办结，请人工处理。"
        )
