"""Search benchmark (not a test): build the index over N generated items and time a fixed query mix.

    .venv/bin/python bench/search.py --items 100000                        # SQLite, a file under /tmp
    .venv/bin/python bench/search.py --items 100000 \\
        --database postgres://postgres@127.0.0.1:5432/gk_disclosure_bench   # PostgreSQL (created if missing)

It migrates a fresh database, inserts N published items in bulk (fictional notices from
gongkai.disclosure.textgen, one in ten with attachment text), times ``search.rebuild()`` (the code path
of ``gongkai search-rebuild``), then runs every query of the mix REPEAT times through
``search.search`` (count plus the first page of 20 ids, as the portal and the API do) and prints the
build time and the p50/p95 latency. Each query's count is also checked against a substring scan of
the indexed text, so the figures are for full recall. The timed runs count hits as the portal and the
API do, no further than ``selectors.MAX_RESULTS`` + 1 (the deepest they page); ``--exact-counts`` times
an exact count instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

RARE = "鹭岛晨曦"  # put into exactly RARE_COUNT items
RARE_COUNT = 7
# (label, query, filters): 2, 3 and 4 characters, words, rare and common terms, with and without filters.
MIX: list[tuple[str, str, dict]] = [
    ("2字 常见", "工作", {}),
    ("2字 常见", "资金", {}),
    ("2字 中等", "防汛", {}),
    ("2字 少见", "鹭岛", {}),
    ("2字 无结果", "龘靐", {}),
    ("3字", "高标准", {}),
    ("3字", "办理时", {}),
    ("3字 常见", "县财政", {}),
    ("4字", "安全生产", {}),
    ("4字", "森林防火", {}),
    ("4字 少见", RARE, {}),
    ("词组", "最低生活保障资金发放", {}),
    ("词组", "征求意见期限不少于三十日", {}),
    ("文号", "发〔2025〕", {}),
    ("2字+机构", "工作", {"agency": 0}),
    ("2字+分类+年度", "防汛", {"category": "05", "year": 2025}),
    ("4字+年度", "安全生产", {"year": 2026}),
    ("3字+有效性", "实施意", {"validity": "valid"}),
    ("词组+机构", "乡村振兴衔接资金", {"agency": 3}),
]
REPEAT = 7
GENERATE_CHUNK = 20_000


def setup(database: str, fresh: bool = True) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    if fresh and database.startswith("postgres"):
        import psycopg

        base, name = database.rsplit("/", 1)
        name = name.split("?", 1)[0]  # connection options may follow the name
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    elif fresh:
        Path(database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n: int) -> tuple[list, float]:
    from django.db import transaction

    from gongkai.agencies.actions import agency_create
    from gongkai.agencies.models import AgencyKind
    from gongkai.disclosure.actions import apply_timeliness, html_text
    from gongkai.disclosure.models import Attachment, Category, Item, ensure_default_categories
    from gongkai.disclosure.textgen import notice

    rng = random.Random(2026)
    ensure_default_categories()
    categories = list(Category.objects.all())
    with transaction.atomic():
        root = agency_create(
            code="BX", name="基准县人民政府", kind=AgencyKind.COUNTY_GOVERNMENT, parent=None, actor=None
        )
        agencies = [root] + [
            agency_create(
                code=f"BX-D{i:02d}", name=f"基准县第{i}局", kind=AgencyKind.DEPARTMENT, parent=root, actor=None
            )
            for i in range(1, 30)
        ]
    rare_at = set(rng.sample(range(n), RARE_COUNT))
    started = time.perf_counter()
    serial: dict[tuple[int, str, int], int] = {}
    batch: list[Item] = []
    texts: list[tuple[int, str]] = []  # (position in batch, attachment text)

    def flush() -> None:
        # In chunks: a million items at once would not fit in memory.
        with transaction.atomic():
            created = Item.objects.bulk_create(batch, batch_size=2000)
            Attachment.objects.bulk_create(
                [
                    Attachment(
                        item_id=created[k].pk,
                        name="附件.docx",
                        kind="docx",
                        extension=".docx",
                        sha256="0" * 64,
                        size=1,
                        text=t,
                    )
                    for k, t in texts
                ],
                batch_size=2000,
            )
        batch.clear()
        texts.clear()

    for k in range(n):
        formed = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randrange(690))
        text = notice(rng, formed.year)
        body = text.body_html + (f"<p>{RARE}项目说明。</p>" if k in rare_at else "")
        agency = agencies[k % len(agencies)]
        category = categories[rng.randrange(len(categories))]
        key = (agency.pk, category.code, formed.year)
        serial[key] = serial.get(key, 0) + 1
        normative = text.genre in {"rules", "opinion"}
        item = Item(
            agency=agency,
            category=category,
            title=text.title,
            doc_number=f"{agency.code}发〔{formed.year}〕{serial[key]}号" if rng.random() < 0.6 else "",
            genre=text.genre,
            summary=text.summary,
            body=body,
            body_text=html_text(body),
            formed_on=formed,
            published_on=formed + dt.timedelta(days=rng.randint(1, 30)),
            status="published",
            is_normative=normative,
            validity="valid" if normative else "",
            index_number=f"{agency.code}-{category.code}/{formed.year}-{serial[key]:05d}",
        )
        apply_timeliness(item, dt.date(2026, 12, 31))
        batch.append(item)
        if rng.random() < 0.1:
            texts.append((len(batch) - 1, "附件：" + html_text(notice(rng, formed.year).body_html)))
        if len(batch) == GENERATE_CHUNK:
            flush()
    if batch:
        flush()
    # Made as if published long ago: a rebuild re-indexes under its lock every item changed in the last
    # minutes before it began (search.core.RESYNC_MARGIN), which would be all of these.
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("UPDATE disclosure_item SET updated_at = published_on::timestamptz")
        else:
            cursor.execute("UPDATE disclosure_item SET updated_at = published_on || ' 00:00:00'")
    return agencies, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database", default="sqlite:////tmp/gongkai-bench.sqlite3")
    parser.add_argument("--no-recall-check", action="store_true")
    parser.add_argument("--exact-counts", action="store_true", help="time exact counts (no count limit)")
    parser.add_argument(
        "--reuse", action="store_true", help="query the database of an earlier run again (no generating, no indexing)"
    )
    args = parser.parse_args()
    setup(args.database, fresh=not args.reuse)

    from django.db import connection, transaction

    from gongkai.disclosure import search, selectors
    from gongkai.disclosure.models import Category, SearchDoc
    from gongkai.disclosure.rules import SEPARATOR, normalize_query

    if args.reuse:
        from gongkai.agencies.models import Agency

        agencies = list(Agency.objects.order_by("id"))
        print(f"数据库：{connection.vendor}；沿用已有的 {SearchDoc.objects.count()} 条索引")
    else:
        agencies, gen_seconds = generate(args.items)
        print(f"数据库：{connection.vendor}；生成并写入 {args.items} 条信息：{gen_seconds:.1f} 秒")
        started = time.perf_counter()
        with transaction.atomic():
            indexed = search.rebuild()
        build = time.perf_counter() - started
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE disclosure_searchdoc")
                cursor.execute("ANALYZE disclosure_item")
        print(f"建立索引（search.rebuild）：{indexed} 条，{build:.1f} 秒")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('disclosure_searchdoc')), "
                "pg_size_pretty(pg_relation_size('disclosure_searchdoc_tsv'))"
            )
            total_size, gin_size = cursor.fetchone()
        print(f"索引大小：检索表连同索引 {total_size}，其中 GIN 索引 {gin_size}")

    categories = {c.code: c.pk for c in Category.objects.all()}

    def filters_of(spec: dict) -> search.Filters:
        return search.Filters(
            agency_id=agencies[spec["agency"]].pk if "agency" in spec else None,
            category_id=categories[spec["category"]] if "category" in spec else None,
            year=spec.get("year"),
            validity=spec.get("validity"),
        )

    if not args.no_recall_check:
        # Full recall: each query's count equals a substring scan of the indexed text (no filters).
        texts = [t.split(SEPARATOR) for t in SearchDoc.objects.values_list("text", flat=True).iterator()]
        for label, q, spec in MIX:
            if spec:
                continue
            norm = normalize_query(q)
            expected = sum(1 for fields in texts if any(norm in f for f in fields))
            got = search.search(q, limit=1).count
            status = "一致" if got == expected else "不一致！"
            print(f"  召回核对 {label:<10} {q!r:<16} 检索 {got:>6} 条 / 子串扫描 {expected:>6} 条 {status}")
            if got != expected:
                raise SystemExit(1)

    count_limit = None if args.exact_counts else selectors.MAX_RESULTS + 1
    timings: list[float] = []
    by_label: list[tuple[str, str, str, float, float]] = []
    for label, q, spec in MIX:
        f = filters_of(spec)
        search.search(q, f, count_limit=count_limit)  # warm the caches once
        runs = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            result = search.search(q, f, count_limit=count_limit)
            runs.append((time.perf_counter() - t) * 1000)
        timings.extend(runs)
        shown = f"{result.count:>7}" if result.exact else f"≥{result.count:>6}"
        by_label.append((label, q, shown, statistics.median(runs), max(runs)))
    counted = "精确总数" if count_limit is None else f"总数计到 {count_limit} 为止"
    print(f"\n查询组合（每条 {REPEAT} 次，含总数（{counted}）和第一页 20 条）：")
    for label, q, shown, med, worst in by_label:
        print(f"  {label:<12} {q!r:<16} {shown} 条  中位 {med:7.1f} ms  最慢 {worst:7.1f} ms")
    print(f"\n全部 {len(timings)} 次：p50 {percentile(timings, 50):.1f} ms，p95 {percentile(timings, 95):.1f} ms")


if __name__ == "__main__":
    main()
