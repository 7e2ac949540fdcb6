"""Database-specific search structures (see gongkai/disclosure/search/) and the default 主题分类."""

from django.db import migrations

# The 主题分类 of the State Council's disclosure catalogue (gov.cn), as defaults: each site may edit the
# names in the admin; codes are part of the 索引号 and must not change once used (docs/disclosure.md).
CATEGORIES = [
    ("01", "综合政务"),
    ("02", "国民经济管理、国有资产监管"),
    ("03", "财政、金融、审计"),
    ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"),
    ("06", "工业、交通"),
    ("07", "商贸、海关、旅游"),
    ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"),
    ("10", "科技、教育"),
    ("11", "文化、广电、新闻出版"),
    ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"),
    ("14", "劳动、人事、监察"),
    ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"),
    ("17", "民族、宗教"),
    ("18", "对外事务"),
    ("19", "港澳台侨工作"),
    ("20", "国防"),
    ("99", "其他"),
]


def seed_categories(apps, schema_editor):
    Category = apps.get_model("disclosure", "Category")
    for order, (code, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


def create_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Contentless FTS5 over character-pair tokens; rowid = item id. 'ascii' keeps the tokens whole.
        schema_editor.execute(
            "CREATE VIRTUAL TABLE disclosure_fts USING fts5("
            "title, docnum, body, attach, content='', tokenize='ascii', detail='full')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX disclosure_searchdoc_text_trgm ON disclosure_searchdoc USING gin (text gin_trgm_ops)"
        )
        schema_editor.execute(
            "CREATE INDEX disclosure_searchdoc_grams ON disclosure_searchdoc "
            "USING gin (string_to_array(grams, E'\\x1f'))"
        )


def drop_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS disclosure_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_searchdoc_text_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_searchdoc_grams")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        migrations.RunPython(create_search, drop_search),
    ]
