#!/bin/sh
# One-shot set-up of docker-compose.yml's volumes, run as root by the `init` service before the
# others start: the bearer tokens that Alertmanager, the alert receiver and the trainers share
# (made once, kept across restarts), a Pushgateway data folder its non-root user can write, and
# the trainers' spool, where a final state waits when the Pushgateway is away (`trainwatch flush`).
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
