#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and media folder:
#   deploy/restore.sh /srv/backups/academy/20261123T023000Z
# Stop the app servers and workers first (systemctl stop 'academy-web@*' 'academy-worker@*').
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set}" "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
source_dir="${1:?usage: deploy/restore.sh BACKUP_DIRECTORY}"
( cd "$source_dir" && sha256sum --check --quiet SHA256SUMS )
pg_restore --exit-on-error --no-owner --no-privileges --single-transaction \
  --dbname="$DATABASE_URL" "$source_dir/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$(dirname "$MEDIA_ROOT")" -xzf "$source_dir/media.tar.gz"
echo "restored $source_dir; now: manage.py migrate (no-op if same version), then start the services"
