# Multi-stage build. Not built on the development machines (no Docker engine there):
# kept correct by reading; the runtime stage needs neither Go nor opa, since the
# compiled default policy bundle is committed in bundle/.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Native modules (tree-sitter, better-sqlite3) build here, with the toolchain of this stage.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 tree-sitter tree-sitter-bash
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production TOOLGATE_DB=/data/toolgate.db TOOLGATE_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY bundle ./bundle
COPY policies ./policies
RUN useradd --system --uid 10001 toolgate && mkdir -p /data && chown toolgate /data
USER toolgate
VOLUME ["/data"]
EXPOSE 8787
# Binding to 0.0.0.0 is for the container network; configure agent tokens (see docs/operations.md).
CMD ["node", "bin/toolgate.js", "serve", "--port", "8787"]
