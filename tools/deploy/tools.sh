# Sourced by tools/deploy/check.sh: the deploy tools, pinned, installed once into the cache from the
# Go module proxy, PyPI and Debian's packages (no other download host is needed), each install bounded
# in time. `deploy_tools_install` is idempotent: a tool whose pinned version is present is skipped.
# Cold install, measured (empty Go module and build caches, no pip cache, each install at nice 19 on
# 2 cores shared with four busy workspaces, load average 22-31): CPU time is what a CI machine of its
# own pays, the wall time here is inflated by the load.
#   helm v3.21.4     272 s CPU (230 user + 42 sys), 1350 s wall
#   kubeconform        8 s CPU,                        29 s wall
#   tflint           292 s CPU (254 user + 39 sys), 1206 s wall
#   tofu v1.12.6     738 s CPU (652 user + 87 sys), 1998 s wall (go mod download + go build ./cmd/tofu)
#   checkov (pip)     74 s CPU,                       321 s wall (mostly downloading ~100 wheels)
#   k8s schemas        4 s CPU,                        18 s wall (k8s.io/kubernetes module + generation)
#   in all          1388 s CPU (23 CPU-minutes): about 12-15 min on 2 cores of its own; within CI's budget
#   promtool: Debian's prometheus package (apt-get), a download of seconds; not re-measured.
# A warm cache (~/.cache/colink/deploy-tools, as CI on the same machine has) makes all of it 0 s.
HELM_VERSION=v3.21.4            # helm.sh/helm/v3, go install (v3.22.0 is served by the proxy but not an approved release)
KUBECONFORM_VERSION=v0.8.0      # github.com/yannh/kubeconform, go install
TFLINT_VERSION=v0.64.0          # github.com/terraform-linters/tflint, go install
OPENTOFU_VERSION=v1.12.6        # github.com/opentofu/opentofu: go mod download, then go build ./cmd/tofu (replace directives)
CHECKOV_VERSION=3.3.30          # PyPI, in a venv
KUBERNETES_VERSION=v1.34.2      # k8s.io/kubernetes source module: api/openapi-spec -> kubeconform JSON schemas
DEPLOY_TOOLS_TIMEOUT=${DEPLOY_TOOLS_TIMEOUT:-1800}   # seconds per tool install

COLINK_CACHE=${COLINK_CACHE:-$HOME/.cache/colink}
DEPLOY_TOOLS=$COLINK_CACHE/deploy-tools
DEPLOY_BIN=$DEPLOY_TOOLS/bin
DEPLOY_SCHEMAS=$DEPLOY_TOOLS/k8s-schemas-$KUBERNETES_VERSION

_dt_log() { echo "check deploy: $*" >&2; }
_dt_need() { command -v "$1" >/dev/null || { _dt_log "$1 is needed to install the deploy tools"; return 1; }; }
_dt_stamp() { [ -x "$DEPLOY_BIN/$1" ] && [ "$(cat "$DEPLOY_BIN/.$1.version" 2>/dev/null)" = "$2" ]; }
_dt_mark() { echo "$2" >"$DEPLOY_BIN/.$1.version"; }

_dt_go_install() { # name module version
  local name=$1 module=$2 version=$3
  _dt_stamp "$name" "$version" && return 0
  _dt_need go || return 1
  _dt_log "installing $name $version (go install $module@$version)"
  local t=$SECONDS
  GOBIN="$DEPLOY_BIN" GOFLAGS=-buildvcs=false GOTOOLCHAIN=local timeout "$DEPLOY_TOOLS_TIMEOUT" \
    go install -trimpath -ldflags=-s "$module@$version" || { _dt_log "go install $module@$version failed"; return 1; }
  _dt_mark "$name" "$version"
  _dt_log "$name $version installed in $((SECONDS - t)) s"
}

_dt_tofu() {
  _dt_stamp tofu "$OPENTOFU_VERSION" && return 0
  _dt_need go || return 1
  _dt_log "building OpenTofu $OPENTOFU_VERSION from its module (it carries replace directives, so no go install)"
  local t=$SECONDS dir
  dir=$(GOFLAGS=-mod=mod timeout "$DEPLOY_TOOLS_TIMEOUT" go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])') || { _dt_log "go mod download opentofu failed"; return 1; }
  (cd "$dir" && GOFLAGS=-buildvcs=false GOTOOLCHAIN=local timeout "$DEPLOY_TOOLS_TIMEOUT" \
    go build -trimpath -ldflags=-s -o "$DEPLOY_BIN/tofu" ./cmd/tofu) || { _dt_log "go build ./cmd/tofu failed"; return 1; }
  _dt_mark tofu "$OPENTOFU_VERSION"
  _dt_log "tofu $OPENTOFU_VERSION built in $((SECONDS - t)) s"
}

_dt_checkov() {
  _dt_stamp checkov "$CHECKOV_VERSION" && return 0
  _dt_need python3 || return 1
  _dt_log "installing checkov $CHECKOV_VERSION into a venv"
  local t=$SECONDS venv=$DEPLOY_TOOLS/venv
  rm -rf "$venv"
  python3 -m venv "$venv" &&
    timeout "$DEPLOY_TOOLS_TIMEOUT" "$venv/bin/pip" install -q --disable-pip-version-check "checkov==$CHECKOV_VERSION" ||
    { _dt_log "pip install checkov==$CHECKOV_VERSION failed"; return 1; }
  ln -sf "$venv/bin/checkov" "$DEPLOY_BIN/checkov"
  _dt_mark checkov "$CHECKOV_VERSION"
  _dt_log "checkov $CHECKOV_VERSION installed in $((SECONDS - t)) s"
}

# promtool comes with Debian's prometheus package: the same version the local stack runs.
_dt_promtool() {
  command -v promtool >/dev/null && return 0
  command -v apt-get >/dev/null || { _dt_log "promtool is missing and apt-get is not here"; return 1; }
  _dt_log "installing Debian's prometheus package for promtool"
  { apt-get install -y -q prometheus >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q prometheus >/dev/null; }; } ||
    { _dt_log "apt-get install prometheus failed"; return 1; }
}

# Kubernetes JSON schemas for kubeconform, generated from the OpenAPI v2 spec inside the
# k8s.io/kubernetes source module (the Go proxy serves it; no schema download host needed).
_dt_schemas() {
  [ -f "$DEPLOY_SCHEMAS/.complete" ] && return 0
  _dt_need go || return 1
  _dt_log "generating Kubernetes $KUBERNETES_VERSION JSON schemas from k8s.io/kubernetes api/openapi-spec"
  local t=$SECONDS dir
  dir=$(timeout "$DEPLOY_TOOLS_TIMEOUT" go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])') || { _dt_log "go mod download k8s.io/kubernetes failed"; return 1; }
  rm -rf "$DEPLOY_SCHEMAS"
  python3 "$(dirname "${BASH_SOURCE[0]}")/k8s-schemas.py" "$dir/api/openapi-spec/swagger.json" "$DEPLOY_SCHEMAS" ||
    { _dt_log "schema generation failed"; return 1; }
  touch "$DEPLOY_SCHEMAS/.complete"
  _dt_log "schemas generated in $((SECONDS - t)) s"
}

deploy_tools_install() {
  mkdir -p "$DEPLOY_BIN"
  local t=$SECONDS
  _dt_go_install helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" &&
    _dt_go_install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" &&
    _dt_go_install tflint github.com/terraform-linters/tflint "$TFLINT_VERSION" &&
    _dt_tofu && _dt_checkov && _dt_promtool && _dt_schemas || return 1
  export PATH="$DEPLOY_BIN:$PATH"
  (( SECONDS - t > 2 )) && _dt_log "deploy tools ready in $((SECONDS - t)) s"
  return 0
}
