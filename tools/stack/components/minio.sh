# shellcheck shell=bash
# minio: S3 API, built from the Go module proxy; bucket colink-files created after start.
# Sourced by tools/stack/stack.sh (what a component file defines: docs/stack.md).

MINIO_PORT=9000 MINIO_CONSOLE_PORT=9001
stack_component minio --timeout 60 --background-install

s3() { # METHOD PATH [curl args...]
  local m=$1 p=$2; shift 2
  curl -s --max-time 5 -X "$m" --user colink:colink-secret --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@" "http://127.0.0.1:$MINIO_PORT$p"
}

minio_install() { MINIO_BIN=$(go_build minio "github.com/minio/minio@$MINIO_VERSION" minio); }
minio_start() {
  mkdir -p "$STACK/minio/data"
  launch minio root "$(logfile minio)" -- env MINIO_ROOT_USER=colink MINIO_ROOT_PASSWORD=colink-secret \
    MINIO_BROWSER=on MINIO_UPDATE=off MINIO_CI_CD=1 HOME="$STACK/minio" \
    "${MINIO_BIN:-$CACHE/go/minio-$MINIO_VERSION/minio}" server --quiet --anonymous \
    --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" "$STACK/minio/data"
}
minio_ready() { [[ $(http_code "http://127.0.0.1:$MINIO_PORT/minio/health/live") == 200 ]]; }
minio_post() {
  local code
  code=$(s3 HEAD /colink-files -o /dev/null -w '%{http_code}' -I) || true
  if [[ $code != 200 ]]; then
    code=$(s3 PUT /colink-files -o /dev/null -w '%{http_code}') || true
    [[ $code == 200 || $code == 409 ]] || die "minio: creating bucket colink-files failed (HTTP $code), see $(logfile minio)"
  fi
  code=$(s3 HEAD /colink-files -o /dev/null -w '%{http_code}' -I) || true
  [[ $code == 200 ]] || die "minio: bucket colink-files missing after create (HTTP $code)"
}
minio_addr() { echo "http://localhost:$MINIO_PORT bucket colink-files (console http://127.0.0.1:$MINIO_CONSOLE_PORT, colink/colink-secret)"; }
minio_ports() { echo "$MINIO_PORT $MINIO_CONSOLE_PORT"; }
minio_stop() { stop_launched minio; }
minio_env() {
  cat <<ENV
S3_ENDPOINT=http://localhost:$MINIO_PORT
S3_BUCKET=colink-files
S3_ACCESS_KEY=colink
S3_SECRET_KEY=colink-secret
S3_REGION=us-east-1
S3_FORCE_PATH_STYLE=true
ENV
}
