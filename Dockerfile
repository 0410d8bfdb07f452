# syntax=docker/dockerfile:1
# flamewatch: the server image (last stage) and the demo Go service of docker-compose.yml
# (stage `demo`). Each stage builds only what it needs; `docker build .` builds the server.

# --- build: dependencies (with the native better-sqlite3 module) and the TypeScript build ---
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf dist/test dist/bench

# --- demo-build, demo: the demo Go service, built in its own stage ---
FROM golang:1.22-bookworm AS demo-build
WORKDIR /src
COPY demo/ ./
RUN CGO_ENABLED=0 go build -trimpath -o /out/demo .

FROM gcr.io/distroless/static-debian12:nonroot AS demo
COPY --from=demo-build /out/demo /demo
USER nonroot
EXPOSE 6060
ENTRYPOINT ["/demo", "-listen", ":6060"]

# --- flamewatch: the runtime image ---
FROM node:20-slim AS flamewatch
ENV NODE_ENV=production
WORKDIR /app
# The built app with its production dependencies; the compiler and build tools stay behind.
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9740
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9740/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/flamewatch.js"]
CMD ["serve", "--host", "0.0.0.0", "--db", "/data/flamewatch.db"]
