#!/usr/bin/env bash
# Schemathesis (PyPI, pinned) against the gateway's OpenAPI, as a signed-in member.
#   tools/contract/schemathesis.sh install            the pinned version into a venv under ~/.cache/colink
#   tools/contract/schemathesis.sh run URL TOKEN      every check against URL/api/docs-json with TOKEN
# The run is bounded by SCHEMATHESIS_MAX_EXAMPLES cases per operation and phase (default 10: about
# a minute on two cores) and cut at SCHEMATHESIS_TIMEOUT seconds (default 600); the token must
# outlive it (Keycloak's access tokens live 15 minutes).
set -euo pipefail
SCHEMATHESIS_VERSION=4.32.5
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=${COLINK_CACHE:-$HOME/.cache/colink}/schemathesis
ST=$VENV/bin/st

install() {
  if [ -x "$ST" ] && [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" = "$SCHEMATHESIS_VERSION" ]; then
    return 0
  fi
  command -v python3 >/dev/null || { echo "schemathesis: python3 is needed" >&2; return 1; }
  echo "schemathesis: installing $SCHEMATHESIS_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  timeout 900 "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

run() {
  local url=$1 token=$2
  install
  # One worker: with two, Hypothesis parses lambdas' sources with `ast` in two threads at once, and
  # Python 3.11's ast raises a spurious "AST constructor recursion depth mismatch" (CPython
  # gh-106905), failing a run that found nothing (seed 9183 on 3cc93ae).
  # Schemathesis keeps its cache in the working directory: run in the report folder (under .stack,
  # not in the repo); the config names its hooks module, found through PYTHONPATH.
  local reports=${SCHEMATHESIS_REPORT_DIR:-$HERE/../../.stack/schemathesis}
  mkdir -p "$reports"
  cd "$reports"
  export PYTHONPATH=$HERE${PYTHONPATH:+:$PYTHONPATH}
  exec timeout "${SCHEMATHESIS_TIMEOUT:-600}" "$ST" --no-color --config-file "$HERE/schemathesis.toml" run "$url/api/docs-json" \
    --checks all \
    --header "Authorization: Bearer $token" \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-10}" \
    --seed "${SCHEMATHESIS_SEED:-$RANDOM}" \
    --workers 1 \
    --request-timeout 20 \
    --report junit --report-dir "$reports"
}

case "${1:-}" in
  install) install ;;
  run) shift; [ $# -eq 2 ] || { echo "usage: $0 run URL TOKEN" >&2; exit 2; }; run "$@" ;;
  *) echo "usage: $0 install | run URL TOKEN" >&2; exit 2 ;;
esac
