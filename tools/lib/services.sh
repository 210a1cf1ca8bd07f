# shellcheck shell=bash
# Sourced by tools/colink: runs the built services in the background, one pid and one log each,
# under .stack/services/.
# COLINK_SERVICES: NAME:PORT:METRICS_PORT in start order, generated from libs/contracts' SERVICES.
# shellcheck source=SCRIPTDIR/../../deploy/topology.env
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/topology.env"
SERVICES_DIR=.stack/services

# The local-only secret the gateway signs forwarded identities with; a deployment sets its own.
export INTERNAL_AUTH_SECRET=${INTERNAL_AUTH_SECRET:-colink-local-internal-secret}

# Each service starts through deploy/node-start.sh, as in the image: the Node flags and malloc
# settings of deploy/node.env (what each saves, and why no --enable-source-maps), a variable already
# set in the environment winning.

service_pid() {
  local pid_file="$SERVICES_DIR/$1.pid"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null && cat "$pid_file"
}

services_start() {
  mkdir -p "$SERVICES_DIR"
  local entry name port
  for entry in "${COLINK_SERVICES[@]}"; do
    name=${entry%%:*} port=${entry#*:} port=${port%%:*}
    if service_pid "$name" >/dev/null; then continue; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "colink: port $port for $name is taken by another process; stop it or set PORT" >&2
      return 1
    fi
    # KEYCLOAK_CLIENT_SECRET (read by admin only): the local realm's colink-admin-service secret;
    # KEYCLOAK_ADMIN_CLIENT_SECRET (read by ws-gateway only): the local realm's colink-ws-gateway secret.
    KEYCLOAK_CLIENT_SECRET=${KEYCLOAK_CLIENT_SECRET:-colink-admin-service-local-secret} \
      KEYCLOAK_ADMIN_CLIENT_SECRET=${KEYCLOAK_ADMIN_CLIENT_SECRET:-colink-ws-gateway-local-secret} \
      APP=$name COLINK_NODE_ENV=deploy/node.env \
      nohup sh deploy/node-start.sh >"$SERVICES_DIR/$name.log" 2>&1 &
    echo $! >"$SERVICES_DIR/$name.pid"
  done
  for entry in "${COLINK_SERVICES[@]}"; do
    name=${entry%%:*} port=${entry#*:} port=${port%%:*}
    local deadline=$((SECONDS + 60))
    until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do
      if ! service_pid "$name" >/dev/null; then
        echo "colink: $name exited at start; see $SERVICES_DIR/$name.log" >&2
        tail -n 5 "$SERVICES_DIR/$name.log" >&2
        return 1
      fi
      if ((SECONDS > deadline)); then
        echo "colink: $name is not ready after 60 s; see $SERVICES_DIR/$name.log and http://127.0.0.1:$port/ready" >&2
        return 1
      fi
      sleep 0.5
    done
  done
}

services_stop() {
  local entry name pid
  for entry in "${COLINK_SERVICES[@]}"; do
    name=${entry%%:*}
    if pid=$(service_pid "$name"); then kill "$pid" && echo "stopped $name"; fi
    rm -f "$SERVICES_DIR/$name.pid"
  done
}

services_table() {
  local entry name port state
  for entry in "${COLINK_SERVICES[@]}"; do
    name=${entry%%:*} port=${entry#*:} port=${port%%:*}
    if service_pid "$name" >/dev/null; then
      state=$(curl -fsS -o /dev/null -w 'ready' "http://127.0.0.1:$port/ready" 2>/dev/null || echo 'not ready')
    else
      state=stopped
    fi
    printf '%-12s http://127.0.0.1:%-5s %s\n' "$name" "$port" "$state"
  done
}
