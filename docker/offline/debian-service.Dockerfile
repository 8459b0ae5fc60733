# Offline stand-in for an official Prometheus-project image (prom/prometheus, prom/alertmanager,
# prom/pushgateway), built from Debian's package where no registry can be reached. It keeps the
# interface docker-compose.yml relies on: the binary at /bin/<name>, user nobody, a data folder
# owned by nobody, and a busybox-style `wget` for healthchecks.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
ARG PACKAGE
ARG BINARY
ARG NAME
ARG DATA_DIR
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$PACKAGE" wget \
 && rm -rf /var/lib/apt/lists/* \
 && { [ "$BINARY" = "$NAME" ] || ln -s "/usr/bin/$BINARY" "/usr/bin/$NAME"; } \
 && mkdir -p "$DATA_DIR" && chown nobody:nogroup "$DATA_DIR"
WORKDIR ${DATA_DIR}
USER nobody
# The official images' entrypoint, the program itself: the Prometheus Operator starts its pods
# with arguments only.
ENV TRAINWATCH_PROGRAM=${NAME}
ENTRYPOINT ["/bin/sh", "-c", "exec \"/bin/$TRAINWATCH_PROGRAM\" \"$@\"", "--"]
