"""Certificate benchmark (DESIGN.md: PDF render ≤ 300 ms median; verification page ≤ 20 ms
server time).

Starts from an empty PostgreSQL database with the demo academy, issues a certificate the real
way (a learner completes a course), then prints:
  * the median time to render one certificate PDF with Typst, per variant (ar, fr, zgh, en, ar-fr);
  * SQL queries of the verification page (valid, and unknown code);
  * its server time in-process (Django's test client: middleware + view + template), median/p95;
  * its latency through gunicorn on loopback (valid and unknown codes), median/p95.
Run with `make bench` (or `python bench/certificates.py`).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Its own database, cache and port, so that it can run beside the other benches.
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/taawuniya_bench_certificates"
)
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
os.environ.setdefault("BENCH_PORT", "8767")
# The bench asks for the page thousands of times from one address: lift the throttle.
os.environ["CERTIFICATE_VERIFY_RATE"] = "1000000"

from bench.common import (  # noqa: E402
    BASE,
    fresh_demo_database,
    gunicorn,
    latency_report,
)

RENDERS = 15
REQUESTS = 300


def prepare():
    fresh_demo_database()
    from django.db import connection
    from django.test import TestCase

    from accounts.models import User
    from certificates.models import Certificate
    from tests.factories.certificates import complete_course
    from tests.factories.courses import build_course

    tree = build_course(slug="bench-certificate", modules=(2, 2), code="BC", translate=True)
    learner = User.objects.create_user(
        username="bench-certificate", email="", password="x", full_name="محمد بن علي"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        complete_course(learner, tree.course)
    certificate = Certificate.objects.get(user=learner)
    connection.close()
    return certificate


def bench_pdf(certificate):
    from certificates import pdf
    from certificates.models import PDF_LANGUAGES

    print(f"PDF render (Typst, A4 landscape), median of {RENDERS}:")
    all_samples = []
    for language in PDF_LANGUAGES:
        pdf.certificate_pdf(certificate, language)  # warm: fonts loaded once per process
        samples = []
        for _ in range(RENDERS):
            started = time.perf_counter()
            content = pdf.certificate_pdf(certificate, language)
            samples.append((time.perf_counter() - started) * 1000)
        all_samples += samples
        print(f"  {language:6} {statistics.median(samples):6.1f} ms  ({len(content) // 1024} KiB)")
    print(f"  all    {statistics.median(all_samples):6.1f} ms median (budget 300 ms)")


def bench_page_in_process(certificate):
    from django.db import connection
    from django.test import Client

    from certificates import codes

    client = Client(HTTP_HOST="127.0.0.1")
    valid = f"/ar/verify/{certificate.grouped_code}/"
    unknown = f"/ar/verify/{codes.grouped(codes.new_code())}/"
    client.get(valid)
    for name, url in [("valid", valid), ("unknown", unknown)]:
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        # (request_started resets Django's query log: count at the cursor instead.)
        with connection.execute_wrapper(count):
            status = client.get(url).status_code
        samples = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        print(
            f"  in-process {name:7} HTTP {status}, {len(queries)} queries: "
            + latency_report(samples)
        )


def bench_page_http(certificate):
    import requests

    from certificates import codes

    session = requests.Session()
    for name, code in [("valid", certificate.grouped_code), ("unknown", None)]:
        url = BASE + f"/ar/verify/{code or codes.grouped(codes.new_code())}/"
        session.get(url)
        samples = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = session.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        print(f"  gunicorn   {name:7} HTTP {response.status_code}: " + latency_report(samples))


def main():
    certificate = prepare()
    bench_pdf(certificate)
    print("Verification page (budget 20 ms server time):")
    bench_page_in_process(certificate)
    with gunicorn(workers=2):
        bench_page_http(certificate)


if __name__ == "__main__":
    main()
