#!/usr/bin/env bash
# Keeps docker-compose.yml honest against deploy/versions.env (the native stack's pins) and the
# service table of libs/contracts (deploy/topology.env: ports, peer URLs, Kafka topics).
#
#   tools/stack/compose-check.sh          exit 1 (naming each drift) if an image tag, the Dockerfile's
#                                         NODE_IMAGE or deploy/compose/prometheus.yml disagree
#   tools/stack/compose-check.sh --write  regenerate them from deploy/versions.env and
#                                         deploy/prometheus/prometheus.yml
#
# Every `image:` line of docker-compose.yml ends with a comment naming its versions.env key, e.g.
#   image: apache/kafka:4.4.0  # KAFKA_IMAGE
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
COMPOSE=$REPO/docker-compose.yml
DOCKERFILE=$REPO/Dockerfile
PROM_NATIVE=$REPO/deploy/prometheus/prometheus.yml
PROM_COMPOSE=$REPO/deploy/compose/prometheus.yml
# shellcheck source=SCRIPTDIR/../../deploy/versions.env
source "$REPO/deploy/versions.env"

write=0
case ${1:-} in
  --write) write=1 ;;
  "") ;;
  *) echo "usage: $0 [--write]" >&2; exit 2 ;;
esac

errors=0
fail() { printf 'compose-check: %s\n' "$*" >&2; errors=$((errors + 1)); }

# --- image tags
tmp=$(mktemp); trap 'rm -f "$tmp" "$tmp.prom"' EXIT
used=" "
lineno=0
while IFS= read -r line || [[ -n $line ]]; do
  lineno=$((lineno + 1))
  if [[ $line =~ ^([[:space:]]*image:[[:space:]]*)([^[:space:]#]+)([[:space:]]*#[[:space:]]*)([A-Z0-9_]+)[[:space:]]*$ ]]; then
    prefix=${BASH_REMATCH[1]} img=${BASH_REMATCH[2]} sep=${BASH_REMATCH[3]} key=${BASH_REMATCH[4]}
    want=${!key:-}
    used+="$key "
    if [[ -z $want ]]; then
      fail "docker-compose.yml:$lineno: $key is not defined in deploy/versions.env"
    elif [[ $img != "$want" ]]; then
      if ((write)); then line="$prefix$want$sep$key"; else
        fail "docker-compose.yml:$lineno: image $img, but deploy/versions.env $key=$want"
      fi
    fi
  elif [[ $line =~ ^[[:space:]]*image: ]]; then
    fail "docker-compose.yml:$lineno: image line without a '# <VERSIONS_KEY>' comment: $line"
  fi
  printf '%s\n' "$line" >>"$tmp"
done <"$COMPOSE"

for key in $(sed -n 's/^\([A-Z0-9_]*_IMAGE\)=.*/\1/p' "$REPO/deploy/versions.env"); do
  [[ $key == NODE_IMAGE ]] && continue
  [[ $used == *" $key "* ]] || fail "deploy/versions.env $key=${!key} is used by no image in docker-compose.yml"
done

# --- services: ports and peer URLs from the table in libs/contracts (deploy/topology.env)
# shellcheck source=SCRIPTDIR/../../deploy/topology.env
source "$REPO/deploy/topology.env"
# The lines of one top-level compose service (from "  NAME:" to the next "  other:").
compose_block() { awk -v want="  $1:" '/^  [a-z0-9-]+:/ { inside = ($0 == want) } inside' "$COMPOSE"; }
for entry in "${COLINK_SERVICES[@]}"; do
  IFS=: read -r name port _ <<<"$entry"
  block=$(compose_block "$name")
  if [[ -z $block ]]; then
    fail "docker-compose.yml: no service $name (libs/contracts/src/topology.ts lists it)"
    continue
  fi
  grep -q "PORT: '$port'" <<<"$block" || fail "docker-compose.yml: service $name does not set PORT: '$port' (libs/contracts/src/topology.ts)"
  grep -q "'127.0.0.1:$port:$port'" <<<"$block" || fail "docker-compose.yml: service $name does not publish '127.0.0.1:$port:$port'"
  # Every <NAME>_URL that points at the service by name must use its port.
  var=$(tr 'a-z-' 'A-Z_' <<<"$name")_URL
  while IFS= read -r url; do
    [[ $url == "http://$name:$port" ]] || fail "docker-compose.yml: $var: $url, but $name listens on $port (libs/contracts/src/topology.ts)"
  done < <(grep -oE "(^|[ {,])$var: [^ ,}]+" "$COMPOSE" | sed 's/.*: //')
done
# The Helm chart's services.<name>.port (when the chart is in the repo).
HELM_VALUES=$REPO/helm/colink/values.yaml
if [[ -f $HELM_VALUES ]]; then
  for entry in "${COLINK_SERVICES[@]}"; do
    IFS=: read -r name port _ <<<"$entry"
    got=$(awk -v want="  $name:" '/^services:/ { s = 1; next } s && /^[^ #]/ { s = 0 }
      s && $0 == want { f = 1; next } f && /^    port:/ { print $2; exit } f && /^  [^ ]/ { exit }' "$HELM_VALUES")
    [[ $got == "$port" ]] || fail "helm/colink/values.yaml: services.$name.port is ${got:-missing}, but $name listens on $port (libs/contracts/src/topology.ts)"
  done
fi
grep -q 'source /colink/topology.env' "$COMPOSE" || fail "docker-compose.yml: kafka-init does not create its topics from deploy/topology.env"
# deploy/topology.env and the native Prometheus config are generated from libs/contracts (Node 22.6+).
if command -v node >/dev/null 2>&1 && node -e 'process.exit(process.features.typescript ? 0 : 1)' 2>/dev/null; then
  node "$REPO/tools/topology/write.mjs" --check || fail "deploy/topology.env or deploy/prometheus/prometheus.yml is stale (run node tools/topology/write.mjs)"
fi

# --- Dockerfile base image
df_node=$(sed -n 's/^ARG NODE_IMAGE=\(.*\)$/\1/p' "$DOCKERFILE" | head -n1)
if [[ $df_node != "$NODE_IMAGE" ]]; then
  if ((write)); then sed -i "s#^ARG NODE_IMAGE=.*#ARG NODE_IMAGE=$NODE_IMAGE#" "$DOCKERFILE"; else
    fail "Dockerfile: ARG NODE_IMAGE=$df_node, but deploy/versions.env NODE_IMAGE=$NODE_IMAGE"
  fi
fi

# --- Prometheus for compose: the native scrape config with each job's target host = its service name
{
  echo "# GENERATED by tools/stack/compose-check.sh --write from deploy/prometheus/prometheus.yml: do not edit."
  echo "# In docker-compose, each job scrapes its service by name instead of 127.0.0.1."
  awk '
    /job_name:/ { job = $NF; gsub(/["\x27]/, "", job) }
    /targets:/ && job != "" {
      host = (job == "prometheus") ? "localhost" : job
      gsub(/127\.0\.0\.1:/, host ":")
    }
    { print }
  ' "$PROM_NATIVE"
} >"$tmp.prom"
if ! cmp -s "$tmp.prom" "$PROM_COMPOSE" 2>/dev/null; then
  if ((write)); then cp "$tmp.prom" "$PROM_COMPOSE"; else
    fail "deploy/compose/prometheus.yml is out of date with deploy/prometheus/prometheus.yml (run $0 --write)"
  fi
fi

# --- both Prometheus configs must load (when promtool is at hand)
if command -v promtool >/dev/null 2>&1; then
  promtool check config --syntax-only "$PROM_NATIVE" >/dev/null 2>&1 || fail "promtool rejects $PROM_NATIVE"
fi

# --- the compose file must parse (when a YAML parser or docker is at hand)
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose -f "$COMPOSE" config -q || fail "docker compose config rejects docker-compose.yml"
elif command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$COMPOSE" || fail "docker-compose.yml is not valid YAML"
fi

if ((write)); then
  if ! cmp -s "$tmp" "$COMPOSE"; then cp "$tmp" "$COMPOSE"; echo "compose-check: rewrote image tags in docker-compose.yml"; fi
fi
if ((errors)); then
  echo "compose-check: $errors problem(s); fix deploy/versions.env or run tools/stack/compose-check.sh --write" >&2
  exit 1
fi
echo "compose-check: docker-compose.yml, Dockerfile and deploy/compose/prometheus.yml agree with deploy/versions.env and deploy/topology.env"
