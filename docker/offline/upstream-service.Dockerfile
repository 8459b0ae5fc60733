# Offline stand-in for an official Prometheus-project image (prom/prometheus, prom/alertmanager,
# prom/pushgateway) or Thanos' (quay.io/thanos/thanos) at exactly the release .env pins: its
# binaries, built from the Go module by `trainwatch binaries --build`, are the build context. It
# keeps the interface docker-compose.yml relies on: the binaries in /bin, a data folder its user
# writes, and `wget` for healthchecks. It runs as nobody (Thanos' own image runs as root, which
# writes the folder too). (The official Prometheus image also serves the web UI; this build has none.)
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
ARG DATA_DIR
ARG NAME
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wget \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p "$DATA_DIR" && chown nobody:nogroup "$DATA_DIR"
COPY . /bin/
WORKDIR ${DATA_DIR}
USER nobody
# The official images' entrypoint, the program itself: the Prometheus Operator starts its pods
# with arguments only.
ENV TRAINWATCH_PROGRAM=${NAME}
ENTRYPOINT ["/bin/sh", "-c", "exec \"/bin/$TRAINWATCH_PROGRAM\" \"$@\"", "--"]
