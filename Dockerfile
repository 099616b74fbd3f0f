# syntax=docker/dockerfile:1
# The hub image: one Node process (broker + gateway + hub API), run straight from the
# TypeScript sources (Node 24 strips types: no build step). docs/deployment.md explains use.
#
#   docker build -t campus-hub .                  # the hub (default target)
#   docker build --target backup -t campus-backup .   # the backup tool with pg_dump 17
#   docker build --target sims -t campus-sims .       # the device simulators (demo profile)
#
# Node 24 LTS, Debian 12 slim; pinned so every build runs what CI tested.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- deps: production dependencies of the workspaces the hub runs, nothing else ----------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# npm ci needs every workspace's manifest to check the lock file, even the ones not installed.
COPY package.json package-lock.json ./
COPY protocol/package.json protocol/
COPY storage/package.json storage/
COPY gateway/package.json gateway/
COPY hub/package.json hub/
COPY dashboard/package.json dashboard/
COPY device-sims/package.json device-sims/
COPY grafana/package.json grafana/
RUN npm ci --omit=dev --no-audit --no-fund \
      --workspace @campus/protocol --workspace @campus/storage \
      --workspace @campus/gateway --workspace @campus/hub \
 && npm cache clean --force

# ---- runtime: sources + dependencies, non-root ---------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HUB_HOST=0.0.0.0
WORKDIR /app
# node_modules/@campus/* are symlinks to the workspace folders copied below (same paths).
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY protocol/package.json protocol/
COPY protocol/src protocol/src
COPY storage/package.json storage/
COPY storage/src storage/src
COPY gateway/package.json gateway/
COPY gateway/src gateway/src
COPY hub/package.json hub/
COPY hub/src hub/src
# The data volume (embedded store, spool, generated token) belongs to the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]

# ---- backup: the same code plus the PostgreSQL 17 client tools (pg_dump >= server) ---------
FROM runtime AS backup
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends postgresql-client-17 \
 && rm -rf /var/lib/apt/lists/*
COPY scripts/backup scripts/backup
RUN mkdir -p /backups && chown node:node /backups
ENV PG_BIN=/usr/lib/postgresql/17/bin \
    BACKUP_DIR=/backups
USER node
VOLUME ["/backups"]
ENTRYPOINT ["node", "scripts/backup/backup.ts"]
CMD ["list"]

# ---- sims: device simulators and the OPC UA equipment server (compose profile demo) ---------
FROM ${NODE_IMAGE} AS sims-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY protocol/package.json protocol/
COPY storage/package.json storage/
COPY gateway/package.json gateway/
COPY hub/package.json hub/
COPY dashboard/package.json dashboard/
COPY device-sims/package.json device-sims/
COPY grafana/package.json grafana/
RUN npm ci --omit=dev --no-audit --no-fund --workspace @campus/protocol --workspace @campus/device-sims \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS sims
ENV NODE_ENV=production
WORKDIR /app
COPY --from=sims-deps /app/node_modules ./node_modules
COPY package.json ./
COPY protocol/package.json protocol/
COPY protocol/src protocol/src
COPY device-sims/package.json device-sims/
COPY device-sims/src device-sims/src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# OPC UA (opc.tcp) when serving the equipment.
EXPOSE 4840
ENTRYPOINT ["node", "device-sims/src/cli.ts"]
CMD ["profile"]

# ---- hub (default target) -------------------------------------------------------------------
FROM runtime AS hub
# HTTP API + /healthz + /metrics, MQTT, MQTT over WebSocket.
EXPOSE 8080 1883 9001
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HUB_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# close-with-grace flushes accepted events on SIGTERM (give it the compose stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=176", "--max-semi-space-size=2", "--heap-growing-percent=50", "hub/src/main.ts"]
