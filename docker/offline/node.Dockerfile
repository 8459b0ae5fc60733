# Offline stand-in for the official node:<version>-bookworm-slim image: Debian bookworm with the
# Node.js binary and npm of the machine that builds it (Debian's own nodejs is too old), and the
# `node` user (uid 1000) as in the official image. The build context holds node, npm and the
# building machine's CA bundle: registries reached through a TLS-inspecting proxy verify.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ca-certificates libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY node /usr/local/bin/node
COPY ca-certificates.crt /etc/ssl/certs/build-host-ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/build-host-ca-certificates.crt \
    npm_config_cafile=/etc/ssl/certs/build-host-ca-certificates.crt
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
