# shellcheck shell=bash
# prometheus: Debian's prometheus with deploy/prometheus/prometheus.yml (one job per service).
# Sourced by tools/stack/stack.sh (what a component file defines: docs/stack.md).

PROMETHEUS_PORT=9090
stack_component prometheus --timeout 60 --debs "prometheus"

prometheus_install() { apt_install prometheus; deb_version_check prometheus "$PROMETHEUS_VERSION"; }
prometheus_start() {
  mkdir -p "$STACK/prometheus/data"
  launch prometheus root "$(logfile prometheus)" -- prometheus --config.file="$DEPLOY/prometheus/prometheus.yml" \
    --storage.tsdb.path="$STACK/prometheus/data" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
    --storage.tsdb.retention.time=7d --web.enable-lifecycle
}
prometheus_ready() { [[ $(http_code "http://127.0.0.1:$PROMETHEUS_PORT/-/ready") == 200 ]]; }
prometheus_addr() { echo "http://localhost:$PROMETHEUS_PORT"; }
prometheus_ports() { echo "$PROMETHEUS_PORT"; }
prometheus_stop() { stop_launched prometheus; }
prometheus_env() { echo "PROMETHEUS_URL=http://localhost:$PROMETHEUS_PORT"; }
