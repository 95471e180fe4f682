#!/bin/sh
# One-shot: create the Lightbox bucket in MinIO (idempotent), then exit 0.
# Runs in the minio/mc image; compose waits for the minio healthcheck before starting it.
set -eu

: "${S3_ENDPOINT:?S3_ENDPOINT is required}"
: "${S3_ACCESS_KEY:?S3_ACCESS_KEY is required}"
: "${S3_SECRET_KEY:?S3_SECRET_KEY is required}"
: "${S3_BUCKET:?S3_BUCKET is required}"

# Retry briefly: "healthy" can precede the first accepted admin request by a moment.
i=0
until mc alias set lightbox "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -ge 30 ]; then
    echo "minio-init: cannot reach $S3_ENDPOINT" >&2
    exit 1
  fi
  sleep 1
done

mc mb --ignore-existing "lightbox/$S3_BUCKET"
# Objects stay private: clients only ever get presigned URLs.
mc anonymous set none "lightbox/$S3_BUCKET"
echo "minio-init: bucket $S3_BUCKET ready"
