"""Portal benchmark (not a test): the public pages at N items, built without the page cache, then the
throughput of the home page and an item page from the cache under gunicorn (2 workers) and wrk.

    .venv/bin/python bench/portal.py --items 100000                        # SQLite, a file under /tmp
    .venv/bin/python bench/portal.py --items 100000 \\
        --database postgres://postgres@127.0.0.1:5432/gk_portal_bench       # PostgreSQL (created if missing)

It generates the items as bench/search.py does (one in seven given a 第二十条 item, so that the home
page's columns fill), rebuilds the index (which also counts the facets), then requests every page of
docs/disclosure.md, "A portal at a province's size", REPEAT times through Django's test client with the
page cache switched off, and prints the median and p95 of each and its ratio to an item page (target:
5 at most). Then it starts gunicorn on 127.0.0.1 and runs wrk against the home page and an item page
(target: 500 requests/s). ``--reuse`` measures the database of an earlier run again.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPEAT = 15
TARGET_RATIO = 5.0
TARGET_RPS = 500
CACHEABLE = None  # pagecache.cacheable, while measure_pages switches the cache off


def _search_bench():
    spec = importlib.util.spec_from_file_location("bench_search", HERE / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def prepare(items: int, database: str, reuse: bool) -> None:
    bench = _search_bench()
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("GONGKAI_HTTPS", "0")
    os.environ["DEBUG"] = "0"  # as deployed: DEBUG also keeps every query in memory
    os.environ.setdefault("STATIC_ROOT", "/tmp/gongkai-bench-static")  # noqa: S108 - a throwaway benchmark folder
    bench.setup(database, fresh=not reuse)
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG off serves the hashed names
    from django.db import connection

    if reuse:
        if connection.vendor == "postgresql":  # what autovacuum does in production: index-only scans need it
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE disclosure_item")
        return

    from gongkai.disclosure import search

    _, seconds = bench.generate(items)
    print(f"数据库：{connection.vendor}；生成并写入 {items} 条信息：{seconds:.1f} 秒")
    with connection.cursor() as cursor:  # the home page's 重点领域 columns need 第二十条 items
        cursor.execute("UPDATE disclosure_item SET article20 = (id % 15) + 1 WHERE id % 7 = 0")
    started = time.perf_counter()
    search.rebuild()
    print(f"建立索引并计数（search.rebuild）：{time.perf_counter() - started:.1f} 秒")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def ensure_province(cities: int) -> None:
    """Adds a province's shape of agencies under the benchmark's root, without items of their own: each
    市 has 6 departments and 8 counties, each county 14 departments and 10 townships (as in
    bench/report.py), 207 with the 市 itself. The pages that list or offer agencies (the home page, the
    search form) see them."""
    from django.db import transaction

    from gongkai.agencies.actions import agency_create
    from gongkai.agencies.models import Agency, AgencyKind

    root = Agency.objects.get(code="BX")

    def add(code: str, name: str, kind: str, parent: Agency) -> Agency:
        return agency_create(code=code, name=name, kind=kind, parent=parent, actor=None)

    for c in range(1, cities + 1):
        if Agency.objects.filter(code=f"BX-C{c:02d}").exists():
            continue
        with transaction.atomic():
            city = add(f"BX-C{c:02d}", f"基准第{c}市人民政府", AgencyKind.CITY_GOVERNMENT, root)
            for d in range(1, 7):
                add(f"{city.code}-D{d}", f"基准第{c}市第{d}局", AgencyKind.DEPARTMENT, city)
            for k in range(1, 9):
                county = add(f"{city.code}-K{k}", f"基准第{c}市第{k}县人民政府", AgencyKind.COUNTY_GOVERNMENT, city)
                for d in range(1, 15):
                    add(f"{county.code}-D{d:02d}", f"第{c}市第{k}县第{d}局", AgencyKind.DEPARTMENT, county)
                for t in range(1, 11):
                    add(f"{county.code}-T{t:02d}", f"第{c}市第{k}县第{t}镇人民政府", AgencyKind.TOWNSHIP, county)
    print(f"机构：{Agency.objects.count()} 个（其中 {cities} 个市的机构没有信息）")


def pages() -> list[tuple[str, str]]:
    from gongkai.agencies.models import Agency
    from gongkai.disclosure import counters, selectors
    from gongkai.disclosure.models import Category

    agency = Agency.objects.filter(code="BX-D03").first() or Agency.objects.order_by("id").first()
    category = Category.objects.get(code="05")
    deepest = selectors.MAX_RESULTS // 20
    sections = counters.with_prefix("s")
    last_section = max(sections, key=lambda k: (sections[k], int(k)))  # a full one
    return [
        ("首页 /", "/"),
        ("/items/", "/items/"),
        ("浏览 /items/search/", "/items/search/"),
        (f"浏览 第{deepest}页（最深）", f"/items/search/?page={deepest}"),
        (f"浏览 第{deepest + 1}页（超出，提示）", f"/items/search/?page={deepest + 1}"),
        ("浏览 按分类", f"/items/search/?category={category.code}"),
        ("浏览 按机构+年度", f"/items/search/?agency={agency.code}&year=2025"),
        ("检索 森林防火", "/items/search/?q=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB"),
        ("检索 工作 第50页", "/items/search/?q=%E5%B7%A5%E4%BD%9C&page=50"),
        (f"检索 工作 第{deepest}页（最深）", f"/items/search/?q=%E5%B7%A5%E4%BD%9C&page={deepest}"),
        ("检索 文号 发〔2025〕", "/items/search/?q=%E5%8F%91%E3%80%942025%E3%80%95"),
        ("机构目录", f"/agencies/{agency.code}/catalogue/"),
        ("机构目录 第100页", f"/agencies/{agency.code}/catalogue/?page=100"),
        ("机构目录 最后一页", f"/agencies/{agency.code}/catalogue/?page=last"),
        ("机构指南", f"/agencies/{agency.code}/guide/"),
        ("sitemap.xml（索引）", "/sitemap.xml"),
        ("sitemap-pages.xml", "/sitemap-pages.xml"),
        (f"sitemap-items-{last_section}.xml（一个分段）", f"/sitemap-items-{last_section}.xml"),
        ("Atom 全站", "/items/feeds/latest.atom"),
        ("Atom 机构", f"/items/feeds/agency/{agency.code}.atom"),
        ("Atom 分类", f"/items/feeds/category/{category.code}.atom"),
        ("API /api/items", "/api/items"),
        (f"API 第{deepest}页", f"/api/items?page={deepest}"),
        ("API 检索", "/api/items?q=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB"),
    ]


def measure_pages() -> float:
    from django.test import Client

    from gongkai.common import pagecache
    from gongkai.disclosure.models import Item

    global CACHEABLE
    CACHEABLE = pagecache.cacheable
    pagecache.cacheable = lambda request: False  # every page built, as on a cache miss
    client = Client()
    rng = random.Random(7)
    numbers = list(Item.objects.listed().values_list("index_number", flat=True)[:5000])
    item_runs = []
    for _ in range(REPEAT * 4):  # several item pages: the baseline
        url = Item(index_number=rng.choice(numbers)).get_absolute_url()
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        item_runs.append((time.perf_counter() - started) * 1000)
    baseline = statistics.median(item_runs)
    print(f"\n信息页（基准，{len(item_runs)} 次）：中位 {baseline:.1f} ms，p95 {percentile(item_runs, 95):.1f} ms")
    print(f"各页面（不经页面缓存，每页 {REPEAT} 次；倍数 = 中位 / 信息页中位，目标 ≤ {TARGET_RATIO:g}）：")
    worst = 0.0
    for label, url in pages():
        client.get(url)  # warm the database's caches once
        runs = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get(url)
            runs.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 422), (url, response.status_code)
        median = statistics.median(runs)
        ratio = median / baseline
        flag = "" if ratio <= TARGET_RATIO else "  超出目标"
        print(
            f"  {label:<28} 中位 {median:7.1f} ms  p95 {percentile(runs, 95):7.1f} ms  "
            f"{ratio:5.1f}×  {len(response.content) // 1024:>5} KB{flag}"
        )
        if "sitemap-items" not in url:
            worst = max(worst, ratio)
    return worst


def cpu_per_hit() -> None:
    """The processor time of one request answered from the page cache, in this process (what the
    throughput would be on idle cores, whatever else the machine is doing)."""
    from django.test import Client

    from gongkai.common import pagecache
    from gongkai.disclosure.models import Item

    pagecache.cacheable = CACHEABLE
    client = Client()
    item_url = Item.objects.listed().order_by("-id").first().get_absolute_url()
    print("\n页面缓存命中时每次请求的处理器时间（本进程，Django 测试客户端，500 次）：")
    for label, url in [("首页 /", "/"), ("信息页", item_url)]:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
        started = time.process_time()
        for _ in range(500):
            client.get(url)
        ms = (time.process_time() - started) / 500 * 1000
        print(f"  {label:<8} {ms:.2f} ms（2 个核全用于此时约 {2000 / ms:,.0f} 次/秒）")


def throughput(database: str, seconds: int) -> None:
    from gongkai.disclosure.models import Item

    wrk = shutil.which("wrk")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if wrk is None or not gunicorn.exists():
        print("\n吞吐量：未测（需要 wrk 和 gunicorn：apt-get install -y wrk）")
        return
    item_url = Item.objects.listed().order_by("-id").first().get_absolute_url()
    port = 8765
    env = {**os.environ, "DATABASE_URL": database, "PYTHONPATH": str(HERE.parent / "src")}
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, bound to 127.0.0.1 only
        [str(gunicorn), "gongkai.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.2)
        print(f"\n吞吐量（gunicorn 2 个 worker，wrk -t2 -c16 -d{seconds}s，匿名访问，页面缓存命中）：")
        for label, path in [("首页 /", "/"), ("信息页", item_url)]:
            urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310 - fills the cache
            out = subprocess.run(  # noqa: S603 - fixed arguments
                [wrk, "-t2", "-c16", f"-d{seconds}s", "--latency", base + path],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec"))
            p99 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")), "?")
            flag = "" if float(rps) >= TARGET_RPS else "  低于目标"
            print(f"  {label:<8} {float(rps):8.0f} 次/秒  p99 {p99}{flag}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--database", default="sqlite:////tmp/gongkai-portal-bench.sqlite3")
    parser.add_argument("--reuse", action="store_true", help="measure the database of an earlier run again")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument(
        "--cities", type=int, default=10, help="市 of 207 agencies each to add (10: a province of about 2,100 agencies)"
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="generate and index, measure later with --reuse (a quiet machine)"
    )
    args = parser.parse_args()
    prepare(args.items, args.database, args.reuse)
    if args.cities:
        ensure_province(args.cities)
    if args.generate_only:
        return
    print(f"机器：{os.cpu_count()} 核；{platform_cpu()}")
    worst = measure_pages()
    print(f"最大倍数（不含 sitemap 分段）：{worst:.1f}×")
    cpu_per_hit()
    if not args.no_throughput:
        throughput(args.database, args.wrk_seconds)


def platform_cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "CPU 型号未知"


if __name__ == "__main__":
    main()
