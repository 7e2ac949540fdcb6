import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand

from gongkai.site import demo


class Command(BaseCommand):
    help = "生成演示数据（虚构的云溪县：县政府、部门、乡镇街道、村社区及各角色工作人员）；已存在时跳过"

    def handle(self, *args, **options):
        from gongkai.calendar.actions import calendar_seed

        calendar_seed(actor=None)
        if demo.demo_exists():
            self.stdout.write("演示数据已存在，跳过。")
            accounts = None
        else:
            accounts = demo.seed_demo()
            self.stdout.write(f"已生成演示数据：{len(accounts)} 个岗位。")
        self.seed_apps()
        self.print_accounts(accounts)

    def seed_apps(self) -> None:
        """Each app may extend the demo with a ``demo.seed() -> str`` of its own (idempotent)."""
        for config in apps.get_app_configs():
            if not config.name.startswith("gongkai.") or config.name == "gongkai.site":
                continue
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            summary = importlib.import_module(module_name).seed()
            if summary:
                self.stdout.write(f"{config.verbose_name}：{summary}")

    def print_accounts(self, accounts) -> None:
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        rows = [
            ("admin", "系统管理员", "全部机构"),
            ("zhengwu", "主管部门", "云溪县人民政府及全部下级机构"),
            ("yx-clerk", "信息员", "云溪县人民政府"),
            ("yx-reviewer", "审核人", "云溪县人民政府"),
            ("yx-head", "负责人", "云溪县人民政府"),
            ("yx-fgj-clerk", "信息员", "云溪县发展和改革局"),
            ("yx-fgj-reviewer", "审核人", "云溪县发展和改革局"),
            ("yx-fgj-head", "负责人", "云溪县发展和改革局"),
            ("yx-lhx-clerk", "信息员", "云溪县柳河乡人民政府"),
            ("yx-lhx-supervisor", "主管部门", "柳河乡及其村"),
        ]
        width = max(len(r[0]) for r in rows)
        for username, role, scope in rows:
            self.stdout.write(f"  {username.ljust(width)}  {role}  {scope}")
        self.stdout.write("  其他机构的账号为 <机构代码小写>-clerk / -reviewer / -head，例如 yx-jyj-head。")
        if accounts:
            self.stdout.write(f"  （共 {len(accounts)} 个岗位）")
