from django.db import migrations

# A copy of rules.DEFAULT_AREAS at the time of writing (a migration must not change with the code).
AREAS = [
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "生态环境",
    "公共文化服务",
    "扶贫",
    "救灾",
    "食品药品监管",
    "城市综合执法",
    "就业",
    "社会保险",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "卫生健康",
    "城乡规划",
    "市政服务",
    "公共法律服务",
    "保障性住房",
]


def load(apps, schema_editor):
    Area = apps.get_model("catalogue", "Area")
    for order, name in enumerate(AREAS):
        Area.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
