"""Run functions at the same instant on real threads (each with its own database connection)."""

import threading

from django.db import connection


def run_concurrently(functions, *, timeout=60):
    """Start every function together behind a barrier; return (results, errors)."""
    barrier = threading.Barrier(len(functions))
    results, errors = [], []

    def runner(fn):
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 — returned to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(fn,)) for fn in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results, errors


def run_all_without_errors(functions, *, timeout=60):
    results, errors = run_concurrently(functions, timeout=timeout)
    assert not errors, errors
    return results
