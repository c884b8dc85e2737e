"""Project-bank benchmark (DESIGN.md: one 5-year plan computed ≤ 5 ms; the catalogue filtered
by region and sector with 10,000 generated projects ≤ 100 ms server time).

Starts from an empty PostgreSQL database (``BENCH_DATABASE_URL``), loads the demo academy and
bank, generates 10,000 published projects spread over the 12 regions and 11 sectors, then
prints:
  * the finance engine's time for template T1 (5 years), median and p95 of 500 runs;
  * the catalogue's server time (in-process, through the whole Django stack: middleware,
    view, queries, template) filtered by region + sector, and by region + sector + a search
    word, median and p95 of 100 requests, with its SQL query count.
Run with `.venv/bin/python bench/bank.py`.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_demo_database  # noqa: E402

PROJECTS = 10_000


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def ms(values) -> str:
    median, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
    return f"median {median:.2f} ms, p95 {p95:.2f} ms"


def prepare() -> None:
    fresh_demo_database()
    from academy.scale import generate_bank_projects

    generate_bank_projects(PROJECTS, prefix="GEN")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_engine() -> None:
    from projectbank import finance
    from projectbank.models import EconomicModelTemplate

    plan = EconomicModelTemplate.objects.get(code="T1", version=1).plan
    inputs = finance.inputs_from_dict(plan)
    finance.compute(inputs)
    times = []
    for _ in range(500):
        start = time.perf_counter()
        finance.compute(inputs)
        times.append(time.perf_counter() - start)
    print(f"finance engine, T1 over 5 years: {ms(times)}")
    times = []
    for _ in range(200):
        start = time.perf_counter()
        finance.compute(finance.inputs_from_dict(plan))
        times.append(time.perf_counter() - start)
    print(f"finance engine incl. parsing the stored plan: {ms(times)}")


def bench_catalogue() -> None:
    from django.db import connection
    from django.test import Client

    from projectbank.models import BankProject

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"bank projects: {BankProject.objects.count()}")
    for label, params in (
        ("region + sector", {"region": "MA-07", "sector": "AGF"}),
        ("region + sector + search", {"region": "MA-07", "sector": "AGF", "q": "coopératif"}),
        ("no filter", {}),
    ):
        response = client.get("/fr/bank/", params)
        assert response.status_code == 200, response.status_code
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get("/fr/bank/", params)
        times = []
        for _ in range(100):
            start = time.perf_counter()
            client.get("/fr/bank/", params)
            times.append(time.perf_counter() - start)
        total = BankProject.objects.filter(
            status="published",
            **({"sector_id": params["sector"]} if "sector" in params else {}),
            **({"regions__code": params["region"]} if "region" in params else {}),
            **({"title_fr__icontains": params["q"]} if "q" in params else {}),
        ).count()
        print(
            f"catalogue, {label} ({total} matches): {ms(times)}, "
            f"{len(queries)} SQL queries, {len(response.content) // 1024} KiB"
        )


def main() -> None:
    prepare()
    bench_engine()
    bench_catalogue()


if __name__ == "__main__":
    main()
