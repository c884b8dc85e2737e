#!/usr/bin/env bash
# Back up the academy: the database (pg_dump custom format, consistent snapshot) and the media
# files (tar), into $BACKUP_DIR/<UTC timestamp>/, then keep the last $BACKUP_KEEP backups.
# Reads DATABASE_URL and MEDIA_ROOT from the environment (the same file as the app).
#   BACKUP_DIR=/srv/backups/academy deploy/backup.sh
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set}" "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
BACKUP_DIR="${BACKUP_DIR:-/srv/backups/academy}"
KEEP="${BACKUP_KEEP:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$BACKUP_DIR/$stamp"
mkdir -p "$target"
umask 077
# The task queue's finished rows are not worth keeping; everything else is.
pg_dump --format=custom --no-owner --no-privileges \
  --exclude-table-data=django_tasks_db_dbtaskresult \
  --file="$target/database.dump" "$DATABASE_URL"
tar -C "$(dirname "$MEDIA_ROOT")" -czf "$target/media.tar.gz" "$(basename "$MEDIA_ROOT")"
( cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS )
echo "backup: $target ($(du -sh "$target" | cut -f1))"
# Keep the newest $KEEP backups.
ls -1d "$BACKUP_DIR"/*/ 2>/dev/null | sort | head -n "-$KEEP" | xargs -r rm -rf
