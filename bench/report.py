"""Annual-report benchmark (issue 15, not a test): every agency's report of a province-sized tree.

    .venv/bin/python bench/report.py --scale 0.1                                   # SQLite under /tmp
    .venv/bin/python bench/report.py --scale 0.1 \\
        --database postgres://postgres@127.0.0.1:5432/gk_report_bench              # PostgreSQL (recreated)
    .venv/bin/python bench/report.py --scale 1 ...                                 # the full size

Full size (``--scale 1``): 2,000 agencies in a realistic tree (province → 市 → 县 → 部门 and 乡镇),
200,000 applications and 2,000,000 disclosed items over two years (2024–2025). The rows are written
with COPY on PostgreSQL and executemany on SQLite (no actions, no signals). The benchmark then times

* one plain SQL aggregate over the same tables (applications by agency and outcome, items by agency),
* every agency's report for 2025 (a government's report covers its subtree) two ways: ``build_report``
  agency by agency, and ``build_all`` (one grouped pass per table, then sums up the tree),
* the roll-up of each county's departments and townships (``rollup.rollup``; the county's own report
  from the same records or by ``build_report(include_subtree=False)``, its children's as timed before),

and prints the ratios (target: all reports and roll-ups within 3× the aggregate) and the peak memory
(tracemalloc of Python objects during ``build_all``, measured in a separate pass because tracing slows
Python down; and the process's maximum RSS). Figures go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

YEAR = 2025


def setup(database: str, *, fresh: bool = True) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    if not fresh:
        pass
    elif database.startswith("postgres"):
        import psycopg

        base, name = database.rsplit("/", 1)
        name = name.split("?", 1)[0]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    if fresh:
        call_command("migrate", verbosity=0)


def insert_rows(model: type, objects: list) -> None:
    """COPY (PostgreSQL) or executemany (SQLite) of the model's concrete columns; the ORM only
    prepares the values."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model, values bound
    for f in fields:  # auto_now and similar fill in on save only
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objects:
                setattr(obj, f.attname, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects]
    if connection.vendor == "postgresql":
        copy = f"COPY {table} ({columns}) FROM STDIN"
        with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(copy) as pipe:
            for row in rows:
                pipe.write_row(row)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def tree(scale: float) -> list:
    """Province → cities → counties → departments and townships: about 2,000 agencies at scale 1."""
    from gongkai.agencies.models import Agency, AgencyKind

    cities, counties_per_city, departments, townships = max(1, round(10 * scale)), 8, 14, 10
    agencies: list[Agency] = []

    def add(code: str, name: str, kind: str, parent: Agency | None) -> Agency:
        agency = Agency(code=code, name=name, kind=kind, parent=parent, sort_order=len(agencies))
        agency.path = f"{parent.path if parent else '/'}{code}/"
        agency.depth = agency.path.count("/") - 2
        agencies.append(agency)
        return agency

    for c in range(cities):
        city = add(f"C{c:02d}", f"第{c}市人民政府", AgencyKind.CITY_GOVERNMENT, None)
        for d in range(6):
            add(f"C{c:02d}-D{d}", f"第{c}市第{d}局", AgencyKind.DEPARTMENT, city)
        for k in range(counties_per_city):
            county = add(f"C{c:02d}-K{k}", f"第{c}市第{k}县人民政府", AgencyKind.COUNTY_GOVERNMENT, city)
            for d in range(departments):
                add(f"C{c:02d}-K{k}-D{d:02d}", f"第{c}市第{k}县第{d}局", AgencyKind.DEPARTMENT, county)
            for t in range(townships):
                add(f"C{c:02d}-K{k}-T{t}", f"第{c}市第{k}县第{t}镇人民政府", AgencyKind.TOWNSHIP, county)
    return agencies


def generate(scale: float) -> tuple[int, int, int, float]:
    from django.db import connection

    from gongkai.agencies.models import Agency, sort_segment
    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Category, Genre, Item, ensure_default_categories
    from gongkai.reportformats.definitions import RESULT_ROWS_2021
    from gongkai.reportformats.vocabulary import APPLICANT_TYPE_KEYS

    rng = random.Random(2026)
    started = time.perf_counter()
    ensure_default_categories()
    category = Category.objects.first()
    agencies = tree(scale)
    # Parents first: a level's rows are inserted after the level above exists.
    for depth in range(4):
        level = [a for a in agencies if a.path.count("/") - 2 == depth]
        by_code = {a.code: a.pk for a in Agency.objects.all()}
        for a in level:
            a.parent_id = by_code[a.parent.code] if a.parent else None
        insert_rows(Agency, level)
    # The official order needs the primary keys (agencies.models.sort_segment), known only now.
    stored = sorted(Agency.objects.all(), key=lambda a: a.path)
    sort_paths: dict[int, str] = {}
    for a in stored:
        sort_paths[a.pk] = sort_paths.get(a.parent_id, "") + sort_segment(a.sort_order, a.kind, a.pk)
        a.sort_path = sort_paths[a.pk]
    Agency.objects.bulk_update(stored, ["sort_path"], batch_size=1000)
    ids = list(Agency.objects.values_list("pk", flat=True))
    outcomes = [key for key in RESULT_ROWS_2021 if key != "total_processed"]
    n_apps, n_items = round(200_000 * scale), round(2_000_000 * scale)
    start = dt.date(YEAR - 1, 1, 1)
    applications = []
    for k in range(n_apps):
        received = start + dt.timedelta(days=rng.randrange(730))
        answered = received + dt.timedelta(days=rng.randint(1, 30)) if rng.random() < 0.97 else None
        if answered and answered.year > YEAR:
            answered = None
        applications.append(
            Application(
                agency_id=rng.choice(ids),
                receipt_number=f"B-{k}",
                channel="online",
                applicant_kind="person",
                applicant_type=rng.choice(APPLICANT_TYPE_KEYS),
                applicant_name="申请人",
                applicant_key=f"b{k % 5000}",
                description="某文件",
                received_on=received,
                answered_on=answered,
                outcome=rng.choice(outcomes) if answered else "",
                status="closed" if answered else "processing",
            )
        )
    insert_rows(Application, applications)
    del applications
    for chunk in range(0, n_items, 200_000):
        items = []
        for k in range(chunk, min(n_items, chunk + 200_000)):
            published = start + dt.timedelta(days=rng.randrange(730))
            normative = rng.random() < 0.05
            items.append(
                Item(
                    agency_id=rng.choice(ids),
                    category=category,
                    title="基准公开事项",
                    genre=Genre.OPINION if normative else Genre.NOTICE,
                    formed_on=published,
                    published_on=published,
                    status="published",
                    is_normative=normative,
                    validity="valid" if normative else "",
                    index_number=f"B{k}",
                )
            )
        insert_rows(Item, items)
    # The planner statistics a maintained database has (autovacuum on PostgreSQL does it later).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(ids), n_apps, n_items, time.perf_counter() - started


PLAIN_AGGREGATE = """
SELECT a.agency_id, a.applicant_type, a.outcome, count(*)
FROM applications_application a
WHERE a.received_on <= %s AND (a.answered_on IS NULL OR a.answered_on >= %s)
GROUP BY a.agency_id, a.applicant_type, a.outcome;
"""
PLAIN_ITEMS = """
SELECT i.agency_id, i.is_normative, count(*) FROM disclosure_item i
WHERE i.published_on <= %s GROUP BY i.agency_id, i.is_normative;
"""


def measure(*, each: bool = True) -> dict[str, float]:
    from django.db import connection

    from gongkai.agencies.models import Agency
    from gongkai.reports.builder import YearRecords, build_all, build_report
    from gongkai.reports.rollup import rollup

    end, begin = dt.date(YEAR, 12, 31), dt.date(YEAR, 1, 1)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_AGGREGATE, [end, begin])
        cursor.fetchall()
        cursor.execute(PLAIN_ITEMS, [end])
        cursor.fetchall()
    aggregate = time.perf_counter() - started
    print(f"plain aggregate {aggregate:.2f} s", flush=True)

    agencies = sorted(Agency.objects.all(), key=lambda a: a.path)
    counties = [a for a in agencies if a.kind == "county_government"]
    children = {county.pk: [a for a in agencies if a.parent_id == county.pk] for county in counties}
    figures: dict[str, float] = {"agencies": len(agencies), "aggregate_s": aggregate}

    started = time.perf_counter()
    records = YearRecords(YEAR)
    reports = {a.pk: records.report(a) for a in agencies}  # what build_all(YEAR) does
    figures["all_s"] = time.perf_counter() - started
    started = time.perf_counter()
    for county in counties:  # the county's own report from the records already read
        own = records.report(county, include_subtree=False)
        rollup([own, *(reports[c.pk] for c in children[county.pk])], agency=county.name, year=YEAR)
    figures["all_rollups_s"] = time.perf_counter() - started
    figures["all_ratio"] = figures["all_s"] / aggregate
    figures["all_with_rollups_ratio"] = (figures["all_s"] + figures["all_rollups_s"]) / aggregate
    print(f"build_all {figures['all_s']:.2f} s, {len(counties)} roll-ups {figures['all_rollups_s']:.2f} s", flush=True)

    if each:
        started = time.perf_counter()
        each_reports = {a.pk: build_report(a, YEAR) for a in agencies}
        figures["each_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for county in counties:
            own_report = build_report(county, YEAR, include_subtree=False)
            rollup([own_report, *(each_reports[c.pk] for c in children[county.pk])], agency=county.name, year=YEAR)
        figures["each_rollups_s"] = time.perf_counter() - started
        figures["each_ratio"] = figures["each_s"] / aggregate
        figures["each_with_rollups_ratio"] = (figures["each_s"] + figures["each_rollups_s"]) / aggregate
        figures["each_equal_all"] = float(each_reports == reports)
        print(f"build_report each {figures['each_s']:.1f} s", flush=True)

    del reports
    tracemalloc.start()
    build_all(YEAR)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures["all_python_peak_mb"] = peak / 2**20
    figures["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1, help="1 = 2,000 agencies, 200,000 cases, 2,000,000 items")
    parser.add_argument("--database", default="sqlite:////tmp/gk_report_bench.sqlite3")
    parser.add_argument("--reuse", action="store_true", help="measure the data a previous run generated")
    parser.add_argument("--skip-each", action="store_true", help="time build_all only, not build_report per agency")
    args = parser.parse_args()
    setup(args.database, fresh=not args.reuse)
    if not args.reuse:
        agencies, apps, items, generated = generate(args.scale)
        print(f"data: {agencies} agencies, {apps} applications, {items} items in {generated:.1f} s")
    figures = measure(each=not args.skip_each)
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    print(f"machine: {platform.python_version()}, nproc {os.cpu_count()}, {cpu}")
    for key, value in figures.items():
        print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    main()
