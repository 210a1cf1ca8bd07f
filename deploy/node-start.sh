#!/bin/sh
# The image's entry (Dockerfile CMD), and how tools/lib/services.sh starts each service locally
# (with COLINK_NODE_ENV=deploy/node.env): starts the service $APP with the Node flags and malloc
# settings of node.env beside it. Every KEY=VALUE line is exported unless the variable is already set
# in the environment (a pod's env wins), then node runs with COLINK_NODE_FLAGS and the service's own
# COLINK_NODE_FLAGS_<APP> after them (ws-gateway: COLINK_NODE_FLAGS_WS_GATEWAY; of a flag given
# twice, V8 takes the last).
set -eu
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    [A-Z_]*=*)
      key=${line%%=*}
      eval "given=\${$key+set}"
      [ -n "$given" ] || eval "export $line"
      ;;
  esac
done <"${COLINK_NODE_ENV:-./node.env}"
own=COLINK_NODE_FLAGS_$(printf %s "$APP" | tr 'a-z-' 'A-Z_')
eval "own=\${$own-}"
# shellcheck disable=SC2086 # the flags are split into words on purpose
exec node ${COLINK_NODE_FLAGS-} $own "dist/apps/$APP/apps/$APP/src/main.js"
