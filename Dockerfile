# The trainwatch image: the trainer, the GPU collector and the `trainwatch` CLI (alert receiver)
# in one image, run as the unprivileged `node` user. docker-compose.yml picks the program with
# `entrypoint`/`command`. NODE_IMAGE is the official Node image; the e2e suite's offline image set
# passes a stand-in built from Debian's packages where no registry can be reached.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true
RUN npm install --global --no-fund --no-audit pnpm@10.34.8
WORKDIR /src
# Dependencies first, from the lockfile alone, so a source change reuses this layer.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm --filter "@trainwatch/stack..." run build \
 && pnpm --filter @trainwatch/stack deploy --prod --legacy /app

FROM ${NODE_IMAGE}
# openssl: `trainwatch certs`, which docker-compose.tls.yml's init runs (the slim image lacks it).
RUN command -v openssl >/dev/null || { apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl \
 && rm -rf /var/lib/apt/lists/*; }
ENV NODE_ENV=production PATH=/app/node_modules/.bin:$PATH
COPY --from=build /app /app
COPY docker/trainwatch-entrypoint.sh /usr/local/bin/trainwatch-entrypoint
COPY docker/init-volumes.sh /usr/local/bin/trainwatch-init-volumes
COPY docker/healthcheck.mjs /usr/local/bin/trainwatch-healthcheck
RUN ln -s /app/bin/trainwatch.js /usr/local/bin/trainwatch \
 && trainwatch --help >/dev/null && trainwatch-trainer --help >/dev/null \
 && trainwatch-gpu-collector --help >/dev/null
WORKDIR /app
USER node
ENTRYPOINT ["trainwatch-entrypoint"]
CMD ["trainwatch", "--help"]
