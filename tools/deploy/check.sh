#!/usr/bin/env bash
# `tools/colink check deploy`: every deploy artefact checked by the real tool, each installed and
# pinned by tools/deploy/tools.sh into ~/.cache/colink/deploy-tools on first use.
#   Helm chart    helm lint --strict, helm template (three value sets), kubeconform -strict against
#                 JSON schemas generated from the Kubernetes OpenAPI spec (k8s.io/kubernetes module)
#   Terraform     tofu fmt -check, tflint (Terraform language rules, all), checkov (AWS static checks)
#   Prometheus    promtool check rules / check config
#   Grafana       dashboards are JSON with a datasource variable and only Prometheus targets
#   Environments  docker-compose.yml and the rendered chart give every service what its config schema
#                 needs (service-env.mjs)
#   Queries       every dashboard panel and alert rule run against a Prometheus scraping the running
#                 services under load (the `deploy` project's int-test); skipped with --static, which
#                 `tools/colink test` uses because its integration step runs that test.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source tools/deploy/tools.sh
# A TF_CLI_CONFIG_FILE naming a missing file makes every tofu command print a warning: ignore it.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi

STATIC=false
for arg in "$@"; do
  case $arg in
    --static) STATIC=true ;;
    *) echo "usage: tools/colink check deploy [--static]" >&2; exit 2 ;;
  esac
done

OUT=$ROOT/.stack/deploy-check
rm -rf "$OUT" && mkdir -p "$OUT"
declare -a RESULTS=()
FAILED=0

run() { # name command...
  local name=$1 t=$SECONDS
  shift
  printf '\n-- %s\n' "$name"
  if "$@"; then
    RESULTS+=("ok    $(printf '%-34s' "$name") $((SECONDS - t)) s")
  else
    RESULTS+=("FAIL  $(printf '%-34s' "$name") $((SECONDS - t)) s")
    FAILED=1
  fi
}

KUBE_VERSION=${KUBERNETES_VERSION#v}
CHART=helm/colink
# The value sets rendered and schema-checked: defaults; ExternalSecrets and a separate metrics port;
# no NetworkPolicy, ServiceMonitor, ingress or tracing.
VALUE_SETS=(
  default:
  external-secrets:--set=externalSecrets.enabled=true,defaults.metricsPort=9464,keycloakRealmImport.includeDemoUsers=true
  minimal:--set=networkPolicy.enabled=false,serviceMonitor.enabled=false,ingress.enabled=false,tracing.otlpEndpoint=,managed.caBundleConfigMap=
)

realm_in_sync() {
  cmp -s deploy/keycloak/colink-realm.json "$CHART/files/colink-realm.json" && return 0
  echo "helm/colink/files/colink-realm.json differs from deploy/keycloak/colink-realm.json: copy it over" >&2
  return 1
}

helm_lint() {
  local set name args
  for set in "${VALUE_SETS[@]}"; do
    name=${set%%:*} args=${set#*:}
    echo "helm lint --strict ($name)"
    helm lint --strict --kube-version "$KUBE_VERSION" $args "$CHART" || return 1
  done
}

helm_template() {
  local set name args
  for set in "${VALUE_SETS[@]}"; do
    name=${set%%:*} args=${set#*:}
    helm template colink "$CHART" --namespace colink --kube-version "$KUBE_VERSION" $args >"$OUT/$name.yaml" || return 1
    echo "helm template ($name): $(grep -c '^kind:' "$OUT/$name.yaml") objects -> $OUT/$name.yaml"
  done
}

# ServiceMonitor (Prometheus Operator) and ExternalSecret (External Secrets Operator) are CRDs: the
# Kubernetes OpenAPI spec has no schema for them and no offline source of theirs is pinned here,
# so kubeconform skips those two kinds (and says so); every other object is checked strictly.
kubeconform_check() {
  echo "kubeconform: skipping ServiceMonitor, ExternalSecret (CRDs: no schema in the Kubernetes OpenAPI spec)"
  kubeconform -strict -summary -kubernetes-version "$KUBE_VERSION" \
    -schema-location "$DEPLOY_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -skip ServiceMonitor,ExternalSecret "$OUT"/*.yaml
}

tofu_fmt() { tofu fmt -check -recursive -diff terraform; }

tflint_check() {
  (cd terraform && tflint --recursive --config "$ROOT/terraform/.tflint.hcl" --format compact)
}

checkov_check() {
  checkov -d terraform --framework terraform --compact --quiet --skip-download \
    --output cli --output junitxml --output-file-path console,"$OUT" >"$OUT/checkov.txt" 2>&1
  local status=$?
  grep -E '^(Passed|Failed|Skipped) checks|^(terraform) scan results|Check: ' "$OUT/checkov.txt" | head -80
  grep -E 'Passed checks' "$OUT/checkov.txt"
  return $status
}

promtool_check() {
  promtool check rules deploy/prometheus/rules/*.yml && promtool check config deploy/prometheus/prometheus.yml
}

dashboards_check() {
  node - deploy/grafana/dashboards/*.json <<'NODE'
const { readFileSync } = require('node:fs');
let problems = 0, panels = 0;
for (const file of process.argv.slice(2)) {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  const flat = (ps) => ps.flatMap((p) => [p, ...flat(p.panels ?? [])]);
  if (!d.uid || !d.title) { console.error(`${file}: no uid or title`); problems++; }
  if (!d.templating?.list?.some((v) => v.type === 'datasource' && v.query === 'prometheus')) {
    console.error(`${file}: no Prometheus datasource variable`); problems++;
  }
  for (const p of flat(d.panels ?? [])) {
    if (p.type === 'row') continue;
    panels++;
    if (!p.targets?.length || p.targets.some((t) => !t.expr)) { console.error(`${file}: panel "${p.title}" has a target without expr`); problems++; }
    if (p.datasource?.uid !== '${datasource}') { console.error(`${file}: panel "${p.title}" does not use the datasource variable`); problems++; }
  }
}
console.log(`dashboards: ${process.argv.length - 2} files, ${panels} panels, ${problems} problems`);
process.exit(problems ? 1 : 0);
NODE
}

runbooks_check() {
  local alert missing=0
  for alert in $(grep -hoE '^\s+- alert: \S+' deploy/prometheus/rules/*.yml | awk '{print $3}'); do
    [ -f "deploy/runbooks/$alert.md" ] || { echo "alert $alert has no deploy/runbooks/$alert.md" >&2; missing=1; }
    grep -q "runbook: deploy/runbooks/$alert.md" deploy/prometheus/rules/*.yml ||
      { echo "alert $alert has no runbook annotation" >&2; missing=1; }
  done
  [ $missing = 0 ] && echo "runbooks: one page per alert"
}

service_env_check() {
  pnpm exec nx run-many -t build -p "$(node -e "const y=require('yaml');const c=y.parse(require('fs').readFileSync('docker-compose.yml','utf8'),{merge:true});console.log(Object.values(c.services).map((s)=>s.build?.args?.APP).filter(Boolean).join(','))")" \
    --output-style=stream-without-prefixes >/dev/null &&
    node tools/deploy/service-env.mjs "$OUT"/*.yaml
}

queries_check() {
  [ -f .stack/env ] || { echo "the queries need the stack: tools/colink stack up" >&2; return 1; }
  set -a; source .stack/env; set +a
  pnpm exec nx run-many -t build -p gateway,ws-gateway,users,channels,messaging,presence,files,search --output-style=stream-without-prefixes &&
    pnpm exec nx run deploy:int-test --output-style=stream-without-prefixes
}

started=$SECONDS
run "install deploy tools" deploy_tools_install || true
if [ "$FAILED" = 1 ]; then
  printf '%s\n' "${RESULTS[@]}"
  echo "check deploy: the tools could not be installed" >&2
  exit 1
fi
run "realm file in the chart" realm_in_sync
run "helm lint" helm_lint
run "helm template" helm_template
run "kubeconform (k8s $KUBERNETES_VERSION schemas)" kubeconform_check
run "tofu fmt -check" tofu_fmt
run "tflint" tflint_check
run "checkov (terraform)" checkov_check
run "promtool" promtool_check
run "dashboards (structure)" dashboards_check
run "runbooks (one per alert)" runbooks_check
run "service env: compose, chart (config schemas)" service_env_check
$STATIC || run "dashboards and rules vs Prometheus" queries_check

printf '\n== check deploy: %s s\n' "$((SECONDS - started))"
printf '%s\n' "${RESULTS[@]}"
exit "$FAILED"
