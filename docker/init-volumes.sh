#!/bin/sh
# One-shot set-up of docker-compose.yml's volumes, run as root by the `init` service before the
# others start: the bearer tokens that Alertmanager, the alert receiver and the trainers share
# (made once, kept across restarts), a Pushgateway data folder its non-root user can write, and
# the trainers' spool, where a final state waits when the Pushgateway is away (`trainwatch flush`).
# With --tls (docker-compose.tls.yml): a local CA and each part's certificate on the `tls` volume,
# also made once.
set -eu
umask 022 # Alertmanager (nobody) and the trainers (node) read the tokens; only these mount them.
for name in receiver-token control-token; do
  if [ ! -s "/secrets/$name" ]; then
    node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))' >"/secrets/$name"
    echo "init: made /secrets/$name"
  fi
done
chown 65534:65534 /pushgateway
chown node:node /spool

if [ "${1:-}" = "--tls" ]; then
  tls=/run/trainwatch-tls # where the trainwatch containers mount it too: web-*.yml name files there
  if [ ! -s "$tls/ca.crt" ]; then
    # Servers by the compose names they are called by, and by loopback for their healthchecks
    # and the published ports; the receiver is a client of the trainers' control port too.
    trainwatch certs --dir "$tls" \
      --server trainer=trainer-0,trainer-1,localhost,127.0.0.1 \
      --server gpu-collector=gpu-collector,gpu-replay,localhost,127.0.0.1 \
      --server alert-receiver=alert-receiver,localhost,127.0.0.1 --client alert-receiver \
      --client prometheus --client alertmanager --client healthcheck
  fi
  # Each key readable by the one user that shows it (the trainwatch containers run as node,
  # Prometheus and Alertmanager as nobody); the CA's key by neither.
  chmod 0755 "$tls"
  chown node:node "$tls"/trainer.key "$tls"/gpu-collector.key "$tls"/alert-receiver.key \
    "$tls"/healthcheck.key "$tls"/web-*.yml
  chown 65534:65534 "$tls"/prometheus.key "$tls"/alertmanager.key
fi
