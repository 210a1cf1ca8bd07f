# shellcheck shell=bash
# redis: Debian's redis-server on 127.0.0.1, RDB snapshots under .stack/redis.
# Sourced by tools/stack/stack.sh (what a component file defines: docs/stack.md).

REDIS_PORT=6379
stack_component redis --timeout 30 --debs "redis-server redis-tools"

redis_install() { apt_install redis-server redis-tools; deb_version_check redis-server "$REDIS_VERSION"; }
redis_start() {
  mkdir -p "$STACK/redis"
  launch redis root "$(logfile redis)" -- redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$STACK/redis" --daemonize no --protected-mode yes --save 60 1000 --appendonly no
}
redis_ready() { [[ $(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
redis_addr() { echo "redis://localhost:$REDIS_PORT"; }
redis_ports() { echo "$REDIS_PORT"; }
redis_stop() { stop_launched redis; }
redis_env() { echo "REDIS_URL=redis://localhost:$REDIS_PORT"; }
