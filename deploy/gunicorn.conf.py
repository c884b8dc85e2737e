"""gunicorn settings for an academy app server (`gunicorn -c deploy/gunicorn.conf.py academy.wsgi`).

Every value can be overridden from the environment (GUNICORN_*), so one file serves the loopback
cluster (deploy/local-cluster.sh) and real hosts (deploy/systemd/academy-web@.service).
App servers are stateless: sessions and caches live in Redis, data in PostgreSQL, so any number
of them can sit behind the load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers behind nginx (which buffers slow clients): CPU-bound Django pages, one per core
# + 1. PostgreSQL and Redis answer in well under a millisecond, so a worker seldom waits; more
# processes than that only add switching. Measured on the 2-core box (bench/lesson_page.py): 3
# workers 362-384 lesson pages/s, p95 35-39 ms; 4 workers 240-271/s, p95 55-60 ms. Raise
# GUNICORN_WORKERS where the database is across a slower network.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request that takes longer is killed (the worker is replaced) and nginx answers 503 (its
# proxy_read_timeout is just above this; it does not replay a request that was merely slow).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# The listen queue (connections accepted by the kernel, not yet by a worker). Short on purpose:
# the balancer decides how many requests wait (its limit_conn, a few per worker), so a flood queues
# at nginx, or gets a quick 503 there, rather than piling up here behind requests whose clients
# gave up long ago. Beyond it connections are refused and nginx tries the other server.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "64"))
# Recycle workers now and then (memory growth), staggered so they do not restart together: a
# busy worker (100 requests/s) every few minutes. A new worker starts warm (academy.warmup, run
# in the master before the fork), yet each restart still costs its first requests some time.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# Import Django once in the master: faster worker starts, shared memory pages.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Trust X-Forwarded-* only from the load balancer.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# No access log: it would hold client IPs and query strings. academy.middleware writes one JSON
# line per request without personal data; gunicorn's own errors go to stderr.
accesslog = None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
capture_output = True
proc_name = os.environ.get("GUNICORN_PROC_NAME", "academy-web")
pidfile = os.environ.get("GUNICORN_PIDFILE") or None


def post_fork(server, worker):
    # Each worker opens its own database connections (never share a socket across a fork).
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
