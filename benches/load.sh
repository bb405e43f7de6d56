#!/usr/bin/env bash
# Load benchmark: congthuong (release build) against nginx serving the
# site's static copy (`congthuong publish`, with its generated nginx server
# block) on the same paths, one after the other on this machine, with wrk
# at 64 connections over 127.0.0.1. Prints a Markdown table of throughput,
# p50/p99 latency and the ratios, then the time from process launch to the
# first answer and the server's peak resident memory: fresh under load
# (every answer made at once by many connections) and after the runs.
#
# Each target is measured twice: as wrk asks by default (no Accept-Encoding:
# the whole body), and as browsers ask (`Accept-Encoding: gzip, deflate, br`),
# where congthuong sends its brotli form and nginx the same brotli bytes from
# a `.br` file beside the page (`brotli_static`).
#
#   benches/load.sh                       # 3 rounds of 5 s per server and target
#   ROUNDS=5 DURATION=10s benches/load.sh
#
# Installs wrk, nginx and nginx's brotli_static module from Debian when they
# are missing. Both servers log
# nothing per request during the runs (nginx: access_log off; congthuong:
# RUST_LOG=warn), so that neither pays for logging the other skips.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-5s}"
# Rounds per target, each server in turn; medians are reported, as one run
# on a shared machine can be far off.
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
TARGETS=("/" "/ban-le" "/bieu-do/ban-le-qua-cac-nam.svg")
# Both servers make the same absolute links.
BASE_URL="https://so-lieu.example.vn"
BROWSER_ENCODINGS="gzip, deflate, br"
BROTLI_MODULE=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -f "$BROTLI_MODULE" ] || missing+=(libnginx-mod-http-brotli-static)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} …" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
install_missing
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "building the release binary …" >&2
cargo build --release --quiet
BIN="$PWD/target/release/congthuong"

work="$(mktemp -d)"
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Polls until `url` answers 200, giving up after 10 s.
wait_for() {
  local url="$1" deadline=$(( $(date +%s) + 10 ))
  until curl -sf -o /dev/null "$url"; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "no answer from $url" >&2
      exit 1
    fi
  done
}

# The database, made once from the seed; every later start finds it.
port="$(free_port)"
RUST_LOG=warn "$BIN" serve --addr "127.0.0.1:$port" --db "$work/site.sqlite" >/dev/null 2>&1 &
server_pid=$!
wait_for "http://127.0.0.1:$port/"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# Launch to first answer, with an existing database: the median of 9.
# Timed in Python, polling the port every half millisecond, so that the
# time is the server's and not that of starting a client per attempt.
startup_ms="$(python3 - "$BIN" "$work/site.sqlite" <<'PY'
import os, socket, subprocess, sys, time
binary, db = sys.argv[1], sys.argv[2]
times = []
for _ in range(9):
    probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}", "--db", db],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "RUST_LOG": "warn"})
    while True:
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.0005)
            continue
        connection.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        if answer.startswith(b"HTTP/1.1 200"):
            break
    times.append((time.perf_counter() - started) * 1000)
    server.terminate()
    server.wait()
print(f"{sorted(times)[len(times) // 2]:.0f}")
PY
)"

# Peak memory of a fresh server, every answer still to be made, under 64
# connections on each target, whole and as browsers ask (VmHWM: the most
# resident memory the process ever had).
port="$(free_port)"
RUST_LOG=warn "$BIN" serve --addr "127.0.0.1:$port" --db "$work/site.sqlite" >/dev/null 2>&1 &
server_pid=$!
wait_for "http://127.0.0.1:$port/gioi-thieu"
for accept in "" "$BROWSER_ENCODINGS"; do
  header=()
  [ -n "$accept" ] && header=(-H "Accept-Encoding: $accept")
  for target in "${TARGETS[@]}"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "${header[@]}" "http://127.0.0.1:$port$target" >/dev/null
  done
done
cold_peak_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
# The goal: 40 MB at most.
MAX_PEAK_KB=$(( 40 * 1024 ))

# The server under load.
port="$(free_port)"
RUST_LOG=warn "$BIN" serve --addr "127.0.0.1:$port" --db "$work/site.sqlite" \
  --base-url "$BASE_URL" >/dev/null 2>&1 &
server_pid=$!
APP="http://127.0.0.1:$port"
wait_for "$APP/"

# nginx serves the site's static copy: `congthuong publish` writes it with
# its nginx server block (its workers run as an unprivileged user). The
# export of the whole record is timed and sized here.
chmod 755 "$work"
nginx_port="$(free_port)"
export_started="$(date +%s.%N)"
export_line="$("$BIN" publish --db "$work/site.sqlite" --out "$work/export" \
  --base-url "$BASE_URL" --nginx-listen "127.0.0.1:$nginx_port")"
export_seconds="$(awk -v s="$export_started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
export_files="$(find "$work/export/site" -type f ! -name '*.gz' ! -name '*.br' | wc -l)"
export_mb="$(du -sm "$work/export/site" | cut -f1)"
chmod -R a+rX "$work/export"
cat > "$work/nginx.conf" <<NGINX
load_module $BROTLI_MODULE;
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  include $work/export/nginx.conf;
}
NGINX
"$NGINX" -c "$work/nginx.conf" &
nginx_pid=$!
NGX="http://127.0.0.1:$nginx_port"
wait_for "$NGX/"

# congthuong makes its brotli forms in the background after a first
# answer: ask until it sends them.
for target in "${TARGETS[@]}"; do
  for _ in $(seq 100); do
    encoding="$(curl -sf -H "Accept-Encoding: $BROWSER_ENCODINGS" -o /dev/null \
      -w '%header{content-encoding}' "$APP$target")"
    [ "$encoding" = br ] && break
    sleep 0.05
  done
  if [ "$encoding" != br ]; then
    echo "congthuong sent no brotli form of $target" >&2
    exit 1
  fi
done

# The same bytes from both, in both encodings.
for target in "${TARGETS[@]}"; do
  for accept in identity "$BROWSER_ENCODINGS"; do
    if ! cmp -s <(curl -sf -H "Accept-Encoding: $accept" "$APP$target") \
                <(curl -sf -H "Accept-Encoding: $accept" "$NGX$target"); then
      echo "the two servers answer $target (Accept-Encoding: $accept) differently" >&2
      exit 1
    fi
  done
done

# wrk's report → "requests/s p50_ms p99_ms errors"; the second argument,
# if any, is sent as Accept-Encoding.
measure() {
  local header=()
  [ -n "${2:-}" ] && header=(-H "Accept-Encoding: $2")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${header[@]}" "$1" | awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000;
      if (v ~ /ms$/) return v + 0;
      if (v ~ /s$/)  return v * 1000;
      return v;
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { errors += 1 }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errors + 0 }'
}

# The median of a column of numbers.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "measuring: $ROUNDS rounds of $DURATION per server and target, $CONNECTIONS connections, $THREADS wrk threads …" >&2
printf '| target | encoding | congthuong req/s | nginx req/s | ratio | congthuong p50 / p99 (ms) | nginx p50 / p99 (ms) | p99 ÷ nginx |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|\n'
failed=0
for accept in "" "$BROWSER_ENCODINGS"; do
  for target in "${TARGETS[@]}"; do
    : > "$work/app.txt"
    : > "$work/nginx.txt"
    # A short warm-up of each, then rounds taking turns at going first.
    DURATION=1s measure "$APP$target" "$accept" >/dev/null
    DURATION=1s measure "$NGX$target" "$accept" >/dev/null
    for round in $(seq "$ROUNDS"); do
      if [ $((round % 2)) = 1 ]; then
        measure "$APP$target" "$accept" >> "$work/app.txt"
        measure "$NGX$target" "$accept" >> "$work/nginx.txt"
      else
        measure "$NGX$target" "$accept" >> "$work/nginx.txt"
        measure "$APP$target" "$accept" >> "$work/app.txt"
      fi
    done
    a_rps="$(cut -d' ' -f1 "$work/app.txt" | median)"
    a_p50="$(cut -d' ' -f2 "$work/app.txt" | median)"
    a_p99="$(cut -d' ' -f3 "$work/app.txt" | median)"
    n_rps="$(cut -d' ' -f1 "$work/nginx.txt" | median)"
    n_p50="$(cut -d' ' -f2 "$work/nginx.txt" | median)"
    n_p99="$(cut -d' ' -f3 "$work/nginx.txt" | median)"
    ratio="$(awk -v a="$a_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", a / n }')"
    p99_ratio="$(awk -v a="$a_p99" -v n="$n_p99" 'BEGIN { printf "%.2f", a / n }')"
    size="$(curl -sf -H "Accept-Encoding: ${accept:-identity}" "$APP$target" | wc -c)"
    printf '| `%s` | %s, %s B | %s | %s | %s | %s / %s | %s / %s | %s |\n' \
      "$target" "$([ -n "$accept" ] && echo br || echo none)" "$size" \
      "$a_rps" "$n_rps" "$ratio" "$a_p50" "$a_p99" "$n_p50" "$n_p99" "$p99_ratio"
    errors="$(cat "$work/app.txt" "$work/nginx.txt" | awk '{ e += $4 } END { print e + 0 }')"
    if [ "$errors" != 0 ]; then
      echo "$errors errors or non-2xx answers during the runs of $target" >&2
      failed=1
    fi
  done
done

peak_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")"
echo
echo "- static copy of the whole record (\`congthuong publish\`): $export_files files, $export_mb MB with their .gz and .br, written in $export_seconds s ($export_line)"
echo "- launch to first answer (existing database, median of 9): ${startup_ms} ms"
echo "- congthuong peak resident memory, fresh, under $CONNECTIONS connections on the three targets, whole and brotli: $(( cold_peak_kb / 1024 )) MB"
echo "- congthuong peak resident memory after the runs: $(( peak_kb / 1024 )) MB"
echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(date -u +%Y-%m-%d)"
echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $("$NGINX" -v 2>&1 | cut -d' ' -f3)"
if [ "$cold_peak_kb" -gt "$MAX_PEAK_KB" ]; then
  echo "peak memory under load $(( cold_peak_kb / 1024 )) MB, over the goal of 40 MB" >&2
  failed=1
fi
exit "$failed"
