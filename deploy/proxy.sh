#!/usr/bin/env bash
# HAProxy in the foreground in front of GD Lab replicas.
#
#   deploy/proxy.sh HOST:PORT [HOST:PORT ...]
#
# Environment: GDLAB_BIND (default 127.0.0.1:8500), where students connect;
# GDLAB_STATE_DIR (default: a new temporary directory), where the full configuration
# (deploy/haproxy.cfg plus one `server` line per replica) is written; HAPROXY (default
# haproxy, or /usr/sbin/haproxy). Stop it with Ctrl-C or SIGTERM.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 HOST:PORT [HOST:PORT ...]" >&2
  exit 2
fi
haproxy="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"
export GDLAB_BIND="${GDLAB_BIND:-127.0.0.1:8500}"
state_dir="${GDLAB_STATE_DIR:-$(mktemp -d)}"
config="$state_dir/haproxy-gdlab.cfg"

cp "$here/haproxy.cfg" "$config"
n=0
for backend in "$@"; do
  n=$((n + 1))
  echo "    server r$n $backend cookie r$n" >>"$config"
done

"$haproxy" -c -q -f "$config"
echo "HAProxy on http://$GDLAB_BIND -> $* (configuration: $config)"
# -db: foreground, no daemon; exec so that a signal to this script reaches haproxy.
exec "$haproxy" -db -f "$config"
