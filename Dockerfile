# syntax=docker/dockerfile:1
# Multi-stage build: dev dependencies and the TypeScript compiler never reach the runtime image.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: every dependency, for the build ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

# --- build: compile src/ and migrations/ to dist/ (with the Swagger plugin and the template assets) ---
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- runtime: production dependencies and dist/ only, as the unprivileged `node` user ---
FROM ${NODE_IMAGE} AS runtime
# Memory: the app's live heap is about 60 MB (a heap snapshot after load); left alone, V8 lets the old space grow
# to hundreds of MB of garbage under load before collecting it. Capping it keeps the peak RSS near 200 MB at a
# few percent more CPU (measured with npm run bench:catalog and bench:flash-sale). Raise it for a bigger box.
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_OPTIONS="--max-old-space-size=160"
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Liveness of the API role. The worker role has no HTTP port; docker-compose.yml disables this check for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `--role=api`, `--role=worker`, or no flag for both in one process. The API also applies pending migrations.
CMD ["node", "dist/src/main.js", "--role=api"]
