# syntax=docker/dockerfile:1.7
# One image recipe for every CoLink service: docker build --build-arg APP=gateway .
# (docker-compose.yml builds gateway, ws-gateway, users, channels, messaging, presence, files,
# search, admin and bi-exporter from it.) NODE_IMAGE is pinned in deploy/versions.env and checked by
# tools/stack/compose-check.sh.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies, from the lockfile only (cached while pnpm-lock.yaml does not change)
FROM ${NODE_IMAGE} AS deps
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
RUN corepack enable
WORKDIR /repo
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
RUN pnpm install --offline --frozen-lockfile

# --- build one app
FROM deps AS build
ARG APP
RUN test -n "$APP" || (echo "build arg APP is required, e.g. --build-arg APP=gateway" >&2; exit 1)
COPY . .
RUN pnpm nx run "$APP:build"

# --- production dependencies only
FROM deps AS prod-deps
RUN pnpm install --offline --frozen-lockfile --prod

# --- runtime
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY --from=prod-deps /repo/node_modules ./node_modules
COPY --from=build /repo/package.json ./package.json
COPY --from=build /repo/dist/apps/${APP} ./dist/apps/${APP}
USER node
CMD ["sh", "-c", "exec node dist/apps/$APP/apps/$APP/src/main.js"]
