#!/usr/bin/env bash
# Start N GD Lab replicas on 127.0.0.1, ports BASE, BASE+1, ... with one shared
# server.cookieSecret, in the foreground; Ctrl-C stops them all.
#
#   deploy/replicas.sh [N=2] [BASE=8501]
#
# Then, in another terminal: deploy/proxy.sh 127.0.0.1:8501 127.0.0.1:8502 ...
# Environment: PYTHON (default .venv/bin/python of the repository, else python3);
# GDLAB_COOKIE_SECRET (default: a new random secret, printed to no one); GDLAB_WORKERS, the
# worker processes of each replica for its heavy runs (default: the cores shared out, at least 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-2}"
base="${2:-8501}"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python=python3
# The same secret on every replica: a cookie signed by one (XSRF, st.login) is valid on all.
secret="${GDLAB_COOKIE_SECRET:-$("$python" -c 'import secrets; print(secrets.token_hex(32))')}"

cores="$(nproc 2>/dev/null || echo 1)"
export GDLAB_WORKERS="${GDLAB_WORKERS:-$(( (cores + count - 1) / count ))}"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT
cd "$root"
for i in $(seq 0 $((count - 1))); do
  port=$((base + i))
  # The secret goes by environment: streamlit refuses it on the command line (visible in ps).
  STREAMLIT_SERVER_COOKIE_SECRET="$secret" "$python" -m streamlit run app.py --server.port "$port" \
    --server.address 127.0.0.1 --server.headless true &
  pids+=("$!")
  echo "replica $((i + 1)): http://127.0.0.1:$port (pid $!)"
done
wait
