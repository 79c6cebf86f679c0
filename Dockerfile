# Tern: one image that serves the API, webhooks and editor (`tern start`) or runs `tern worker`.
# Build:  docker build -t tern .
# Run:    docker run -p 3700:3700 -v tern-data:/data tern

# --- build: install dependencies (better-sqlite3 compiles here) -------------------------------
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY nodes/package.json nodes/
COPY runtime/package.json runtime/
COPY editor/package.json editor/
COPY sdk/package.json sdk/
COPY examples/slack-node/package.json examples/slack-node/
# `npm install` as in CI: the lock file lacks turbo's other-platform packages, which `npm ci` demands.
RUN npm install --no-audit --no-fund
COPY . .
RUN npx turbo run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: only what runs, as a non-root user ----------------------------------------------
FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3700 TERN_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3700
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3700)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "runtime/bin/tern.js"]
CMD ["start"]
