# syntax=docker/dockerfile:1.7
# One image recipe for every CoLink service: docker build --build-arg APP=gateway .
# (docker-compose.yml and the Helm chart (helm/colink) run gateway, ws-gateway, users, channels,
# messaging, presence, files, search, admin and bi-exporter from it.) The gateway image also carries
# the built web app, which the gateway serves (WEB_DIST). NODE_IMAGE is pinned in deploy/versions.env
# and checked by tools/stack/compose-check.sh.
#
# Runtime contract: runs as the unprivileged `node` user (uid 1000), writes nothing to its root
# filesystem (so `readOnlyRootFilesystem: true` works; /tmp is the only scratch path it may use),
# listens on $PORT, answers /health (liveness), /ready (readiness) and /metrics.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies, from the lockfile only (cached while pnpm-lock.yaml does not change)
FROM ${NODE_IMAGE} AS deps
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
RUN corepack enable
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
RUN pnpm fetch
RUN pnpm install --offline --frozen-lockfile

# --- build one app (and, for the gateway, the web app it serves)
FROM deps AS build
ARG APP
RUN test -n "$APP" || (echo "build arg APP is required, e.g. --build-arg APP=gateway" >&2; exit 1)
COPY . .
RUN pnpm nx run "$APP:build" \
 && if [ "$APP" = gateway ]; then pnpm nx run web:build; else mkdir -p dist/apps/web; fi

# --- production dependencies only
FROM deps AS prod-deps
RUN pnpm install --offline --frozen-lockfile --prod \
 && rm -rf /root/.local/share/pnpm /root/.cache

# --- runtime: no package manager, no build tools, no source
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production APP=${APP} HOST=0.0.0.0
WORKDIR /app
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm \
      /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg
COPY --from=prod-deps --chown=root:root /repo/node_modules ./node_modules
COPY --from=build --chown=root:root /repo/package.json ./package.json
COPY --from=build --chown=root:root /repo/dist/apps/${APP} ./dist/apps/${APP}
COPY --from=build --chown=root:root /repo/dist/apps/web ./dist/apps/web
COPY --chown=root:root tools/deploy/migrate-hook.mjs ./migrate-hook.mjs
COPY --chown=root:root deploy/node.env ./node.env
COPY --chown=root:root deploy/node-start.sh ./node-start.sh
# Files owned by root and read-only to the app user: the process cannot alter its own code.
USER 1000:1000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# Node flags and malloc settings from deploy/node.env, every service's and $APP's own, as
# tools/lib/services.sh starts them; a variable set in the pod's environment wins (deploy/node-start.sh;
# what each saves: docs/performance.md). No --enable-source-maps (~40 MiB per process): set
# NODE_OPTIONS=--enable-source-maps on a pod whose stack traces need the TypeScript lines.
CMD ["sh", "./node-start.sh"]
