#!/usr/bin/env bash
# Benchmark of `cesp serve` (issue 7): wrk against GET /api/v1/candidates/{id}/dossier
# with a valid session, next to GET /healthz (the HTTP stack's ceiling, same run),
# then one 20 MB upload with the server's memory before and after.
#
#   bench/http-dossier.sh [DURATION_S] [CONNECTIONS]     (defaults: 10 s, 32 connections)
#
# Env: CESP (the cesp binary, default build/server/cesp), WRK_THREADS (default 1),
# SERVER_CPUS (taskset list for the server, e.g. "0,1"; default: not pinned),
# EXTRA_SERVE_ARGS (more `cesp serve` options, e.g. "--set server.max_threads=8"),
# BENCH_DATABASE (a --database URI, e.g. an empty PostgreSQL database; default: SQLite in the temp dir).
# Targets: >= 10,000 req/s on 2 cores, p99 <= 10 ms. Not a test: it prints figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cesp="${CESP:-$root/build/server/cesp}"
duration="${1:-10}"
connections="${2:-32}"
threads="${WRK_THREADS:-1}"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk (scripts/packages.txt)" >&2; exit 2; }

work="$(mktemp -d /tmp/cesp-bench-http.XXXXXX)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

pin=()
[[ -n "${SERVER_CPUS:-}" ]] && pin=(taskset -c "$SERVER_CPUS")
database=()
[[ -n "${BENCH_DATABASE:-}" ]] && database=(--database "$BENCH_DATABASE")
# shellcheck disable=SC2086
"${pin[@]}" "$cesp" serve --demo --port 0 --data-dir "$work/data" --ocr-workers 1 "${database[@]}" \
  --log-file "$work/requests.log" ${EXTRA_SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's#.*serveur démarré sur http://[^:]*:\([0-9]*\)/.*#\1#p' "$work/serve.out")"
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$port" ]] || { echo "server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

token="$(curl -sf -X POST "$base/api/v1/session" -d '{"login":"candidat@demo.cesp","password":"demo-candidat"}' |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')"
candidate="$(curl -sf "$base/api/v1/me" -H "Authorization: Bearer $token" |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["candidate_id"])')"
dossier="$base/api/v1/candidates/$candidate/dossier"
curl -sf "$dossier" -H "Authorization: Bearer $token" >/dev/null  # the session works

cat >"$work/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CESP_BENCH_TOKEN")
LUA

# Prints "req/s p50 p99 non-2xx" from wrk's --latency report.
run_wrk() {
  local url="$1" script="$2"
  CESP_BENCH_TOKEN="$token" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    ${script:+-s "$script"} "$url" >"$work/wrk.out"
  python3 - "$work/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
lat = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{rps:10.0f} req/s   p50 {lat['50']:7.3f} ms   p99 {lat['99']:7.3f} ms   non-2xx {bad.group(1) if bad else 0}")
PY
}

echo "cesp serve on $base, database ${BENCH_DATABASE:-sqlite (embedded)}  (wrk -t$threads -c$connections -d${duration}s; $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg))"
curl -sf "$base/healthz" >/dev/null
printf '%-34s' "GET /healthz (ceiling)"; run_wrk "$base/healthz" ""
printf '%-34s' "GET /api/v1/me (session + 1 read)"; run_wrk "$base/api/v1/me" "$work/auth.lua"
printf '%-34s' "GET /api/v1/candidates/{id}/dossier"; run_wrk "$dossier" "$work/auth.lua"

# One 20 MB upload (just under the 20 MiB per-file bound): the server's
# resident memory before and after, and its peak (VmHWM).
head -c $((20 * 1024 * 1024 - 4096)) /dev/urandom >"$work/big.bin"
printf '\x89PNG\r\n\x1a\n' | dd of="$work/big.bin" conv=notrunc status=none
rss() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$server_pid/status"; }
rss_before=$(rss VmRSS); hwm_before=$(rss VmHWM)
status=$(curl -s -o "$work/upload.json" -w '%{http_code}' -F kind=identity -F "file=@$work/big.bin;type=image/png" \
  "$base/api/v1/candidates/$candidate/pieces" -H "Authorization: Bearer $token")
rss_after=$(rss VmRSS); hwm_after=$(rss VmHWM)
echo "20 MB upload: HTTP $status; server VmRSS ${rss_before} -> ${rss_after} kB, VmHWM ${hwm_before} -> ${hwm_after} kB (peak growth $(( (hwm_after - hwm_before) / 1024 )) MB)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
