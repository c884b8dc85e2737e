#!/usr/bin/env bash
# The multi-node layout on one machine, on loopback:
#
#   nginx :8100 (load balancer)  →  gunicorn web1 :8101, web2 :8102   (academy.settings.production)
#                                   db_worker worker1, worker2
#   all sharing PostgreSQL 127.0.0.1:5432 (database $CLUSTER_DB) and Redis 127.0.0.1:6379.
#   Two clusters can live side by side: CLUSTER_PORT (the balancer; the app servers take the next
#   two ports unless CLUSTER_WEB_PORTS="P1 P2"), CLUSTER_DB, CLUSTER_DIR, CLUSTER_REDIS_URL.
#
#   deploy/local-cluster.sh up       start everything (migrate, collectstatic, demo data once)
#   deploy/local-cluster.sh status   which processes run, and /readyz through the balancer
#   deploy/local-cluster.sh down     stop everything this script started
#   deploy/local-cluster.sh kill web1|web2|worker1|worker2   SIGKILL one node (failure drills)
#   deploy/local-cluster.sh start web1|web2|worker1|worker2  start one node again
#   deploy/local-cluster.sh balancer render the nginx configuration again and reload it
#   deploy/local-cluster.sh env      the settings of the cluster (for drills and manage.py)
#
# Overload limits of the balancer (deploy/nginx/academy.conf.template): CLUSTER_RATE_PER_CLIENT
# (50r/s), CLUSTER_BURST (100), CLUSTER_DELAY (50), CLUSTER_MAX_INFLIGHT (4 per gunicorn worker).
# `up` or `balancer` on a running cluster renders them again and reloads nginx.
#
# Plain HTTP on loopback, so secure cookies and the HTTPS redirect are switched off here (and
# only here); on real hosts TLS ends at nginx (deploy/README.md). Runtime files (pids, logs,
# generated secrets, media, nginx config) live in $CLUSTER_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-${TMPDIR:-/tmp}/taawuniya-cluster}"
CLUSTER_DB="${CLUSTER_DB:-taawuniya_cluster}"
PG_URL="${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$CLUSTER_DB}"
REDIS_URL="${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/5}"
LB_PORT="${CLUSTER_PORT:-8100}"
read -r -a WEB_PORTS <<<"${CLUSTER_WEB_PORTS:-$((LB_PORT + 1)) $((LB_PORT + 2))}"
if [[ ${#WEB_PORTS[@]} -ne 2 ]]; then echo "CLUSTER_WEB_PORTS: two ports, for web1 and web2" >&2; exit 2; fi
WORKERS="${CLUSTER_GUNICORN_WORKERS:-3}"
MAX_INFLIGHT="${CLUSTER_MAX_INFLIGHT:-$((4 * WORKERS * ${#WEB_PORTS[@]}))}"
PYTHON="$ROOT/.venv/bin/python"
NODES=(web1 web2 worker1 worker2)

log() { printf '== %s\n' "$*"; }

secret() {  # a value generated once and kept (mode 600) in $CLUSTER_DIR
  local file="$CLUSTER_DIR/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077; "$PYTHON" -c "$2" >"$file")
  fi
  cat "$file"
}

cluster_env() {
  mkdir -p "$CLUSTER_DIR"/{logs,run,media,nginx}
  export DJANGO_SETTINGS_MODULE=academy.settings.production
  export DATABASE_URL="$PG_URL" REDIS_URL="$REDIS_URL"
  export ALLOWED_HOSTS="127.0.0.1,localhost"
  export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$LB_PORT,http://localhost:$LB_PORT"
  export SECURE_SSL_REDIRECT=false COOKIES_SECURE=false SECURE_HSTS_SECONDS=0
  export MEDIA_ROOT="$CLUSTER_DIR/media"  # shared by both app servers (NFS/S3 on real hosts)
  export SITE_URL="http://127.0.0.1:$LB_PORT"
  export WAGTAILADMIN_BASE_URL="$SITE_URL"
  export DB_CONN_MAX_AGE=600
  export LOG_LEVEL="${CLUSTER_LOG_LEVEL:-WARNING}"
  SECRET_KEY="$(secret secret_key 'import secrets; print(secrets.token_urlsafe(64))')"
  CERTIFICATE_SIGNING_KEY="$(secret signing_key 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
  export SECRET_KEY CERTIFICATE_SIGNING_KEY
}

pid_of() { cat "$CLUSTER_DIR/run/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

need_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    if command -v redis-server >/dev/null; then
      log "starting Redis on 127.0.0.1:6379"
      redis-server --bind 127.0.0.1 --port 6379 --save "" --daemonize yes >/dev/null
      sleep 0.5
    else
      echo "Redis is not answering on 127.0.0.1:6379 (apt-get install redis-server)" >&2; exit 1
    fi
  fi
  if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    log "installing nginx (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; }
  fi
}

prepare_database() {
  local name="${PG_URL##*/}" admin="${PG_URL%/*}/postgres"
  if ! psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    log "creating database $name"
    psql "$admin" -qc "CREATE DATABASE \"$name\""
  fi
  log "migrate, collectstatic"
  (cd "$ROOT" && "$PYTHON" manage.py migrate --noinput -v0 && "$PYTHON" manage.py collectstatic --noinput -v0)
  if [[ "${CLUSTER_DEMO:-1}" == 1 && ! -e "$CLUSTER_DIR/demo-loaded" ]]; then
    log "loading the demo academy"
    (cd "$ROOT" && "$PYTHON" manage.py load_demo >"$CLUSTER_DIR/logs/load_demo.log") && touch "$CLUSTER_DIR/demo-loaded"
  fi
}

start_node() {
  local node="$1"
  if alive "$node"; then echo "$node already running (pid $(pid_of "$node"))"; return; fi
  cd "$ROOT"
  case "$node" in
    web1|web2)
      local port="${WEB_PORTS[$(( ${node#web} - 1 ))]}"
      GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS="$WORKERS" GUNICORN_PROC_NAME="academy-$node" \
        setsid nohup "$PYTHON" -m gunicorn -c deploy/gunicorn.conf.py academy.wsgi \
        >>"$CLUSTER_DIR/logs/$node.log" 2>&1 &
      echo $! >"$CLUSTER_DIR/run/$node.pid"
      for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.2
      done
      echo "$node: gunicorn on 127.0.0.1:$port (pid $(pid_of "$node"), $WORKERS workers)";;
    worker1|worker2)
      setsid nohup "$PYTHON" manage.py db_worker --worker-id "$node-$(hostname -s)" \
        >>"$CLUSTER_DIR/logs/$node.log" 2>&1 &
      echo $! >"$CLUSTER_DIR/run/$node.pid"
      echo "$node: db_worker (pid $(pid_of "$node"))";;
    *) echo "unknown node $node" >&2; exit 2;;
  esac
}

stop_node() {
  local node="$1" signal="${2:-TERM}" pid
  pid="$(pid_of "$node")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    # Each node is its own process group (setsid): the signal reaches the gunicorn master and
    # its workers at once, like a machine that dies.
    kill "-$signal" -- "-$pid"
    if [[ "$signal" == TERM ]]; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    echo "$node: SIG$signal sent to $pid"
  fi
  rm -f "$CLUSTER_DIR/run/$node.pid"
}

nginx_conf() {
  local upstreams="" port
  for port in "${WEB_PORTS[@]}"; do
    upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
  done
  local site
  site="$(sed -e "s|__LISTEN__|127.0.0.1:$LB_PORT|" -e "s|__SERVER_NAME__|127.0.0.1 localhost|" \
    -e "s|__MAX_INFLIGHT__|$MAX_INFLIGHT|" \
    -e "s|__RATE_PER_CLIENT__|${CLUSTER_RATE_PER_CLIENT:-50r/s}|" \
    -e "s|__BURST__|${CLUSTER_BURST:-100}|g" -e "s|__DELAY__|${CLUSTER_DELAY:-50}|g" \
    -e "s|__ERROR_LOG__|$CLUSTER_DIR/logs/nginx-error.log|" "$ROOT/deploy/nginx/academy.conf.template")"
  site="${site/__UPSTREAMS__/$upstreams}"
  cat >"$CLUSTER_DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $CLUSTER_DIR/run/nginx.pid;
error_log $CLUSTER_DIR/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $CLUSTER_DIR/nginx/body;
    proxy_temp_path $CLUSTER_DIR/nginx/proxy;
    fastcgi_temp_path $CLUSTER_DIR/nginx/fastcgi;
    uwsgi_temp_path $CLUSTER_DIR/nginx/uwsgi;
    scgi_temp_path $CLUSTER_DIR/nginx/scgi;
$site
}
EOF
}

NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

up() {
  need_services
  cluster_env
  prepare_database
  for node in "${NODES[@]}"; do start_node "$node"; done
  balancer
  status
}

balancer() {  # render the nginx configuration, then start nginx or reload it
  nginx_conf
  "$NGINX" -t -q -c "$CLUSTER_DIR/nginx/nginx.conf" -p "$CLUSTER_DIR/nginx"
  if [[ -s "$CLUSTER_DIR/run/nginx.pid" ]] && kill -0 "$(cat "$CLUSTER_DIR/run/nginx.pid")" 2>/dev/null; then
    "$NGINX" -c "$CLUSTER_DIR/nginx/nginx.conf" -p "$CLUSTER_DIR/nginx" -s reload 2>/dev/null
  else
    "$NGINX" -c "$CLUSTER_DIR/nginx/nginx.conf" -p "$CLUSTER_DIR/nginx"
  fi
  echo "nginx: load balancer on http://127.0.0.1:$LB_PORT/ (pid $(cat "$CLUSTER_DIR/run/nginx.pid")," \
    "$MAX_INFLIGHT requests in flight, ${CLUSTER_RATE_PER_CLIENT:-50r/s} per client)"
}

down() {
  if [[ -s "$CLUSTER_DIR/run/nginx.pid" ]]; then
    "$NGINX" -c "$CLUSTER_DIR/nginx/nginx.conf" -p "$CLUSTER_DIR/nginx" -s quit 2>/dev/null || true
    echo "nginx: stopped"
  fi
  for node in "${NODES[@]}"; do stop_node "$node"; done
}

status() {
  local node rc=0
  for node in "${NODES[@]}"; do
    if alive "$node"; then echo "$node: up (pid $(pid_of "$node"))"; else echo "$node: DOWN"; rc=1; fi
  done
  if [[ -s "$CLUSTER_DIR/run/nginx.pid" ]] && kill -0 "$(cat "$CLUSTER_DIR/run/nginx.pid")" 2>/dev/null; then
    echo "nginx: up (pid $(cat "$CLUSTER_DIR/run/nginx.pid")), /readyz through the balancer:"
    curl -sS --max-time 5 "http://127.0.0.1:$LB_PORT/readyz" || rc=1
    echo
  else
    echo "nginx: DOWN"; rc=1
  fi
  return $rc
}

case "${1:-}" in
  up) up;;
  balancer) cluster_env; balancer;;
  down) cluster_env; down;;
  status) cluster_env; status;;
  kill) cluster_env; stop_node "${2:?node}" KILL;;
  start) cluster_env; start_node "${2:?node}";;
  env) cluster_env; CLUSTER_DIR="$CLUSTER_DIR" CLUSTER_URL="http://127.0.0.1:$LB_PORT" \
    env | grep -E '^(DJANGO_SETTINGS_MODULE|DATABASE_URL|REDIS_URL|ALLOWED_HOSTS|MEDIA_ROOT|SITE_URL|CLUSTER_DIR|CLUSTER_URL)=';;
  *) sed -n '2,25p' "$0"; exit 2;;
esac
