#!/usr/bin/env bash
# Run the benchmark: bench.c on the system libssl and on ours (alternately, ROUNDS
# rounds), the raw rustls loops (bulk: over an in-memory pipe, "raw", and over the same
# libcrypto BIO pair as bench.c, "rawbio"), and callgrind instruction counts of all.
#
#   bench/run.sh [--smoke] [OURDIR]     OURDIR holds our libssl.so.3 (target/release)
#
# Results go to target/bench/ (results.jsonl: one JSON line per run, tagged with the
# row, the implementation and the round; callgrind.jsonl; machine.json). Without
# --smoke, bench/report.py then writes docs/BENCHMARKS.md and docs/bench-ratios.png.
# --smoke: tiny sizes, one round, no callgrind, no report: checks that every row runs
# and verifies itself on both libraries (for CI).
#
# Every row checks its own work; a row that fails is recorded as failed (its message
# kept) and the run goes on, so the report shows it. The exit status is nonzero if any
# row failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SMOKE=0
if [ "${1:-}" = "--smoke" ]; then SMOKE=1; shift; fi
OURDIR=$(cd "${1:-target/release}" && pwd)
OUT=$ROOT/target/bench
CERTS=$ROOT/ctests/certs
ROUNDS=${ROUNDS:-5}
mkdir -p "$OUT"
[ -f "$OURDIR/libssl.so.3" ] || { echo "no $OURDIR/libssl.so.3 (make build)"; exit 1; }
# The report needs matplotlib: say so now rather than after the run.
if [ $SMOKE = 0 ] && ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  echo "bench: the report needs matplotlib for /usr/bin/python3: apt-get install -y python3-matplotlib"
  exit 1
fi
# How our library was built (tools/pgo-build.sh): profile-guided or plain. For a
# profile-guided build, the plain build beside it (libssl.so) is also counted by
# callgrind, so that the C-layer row compares like with like (raw rustls has no profile).
OURBUILD=$(cat "$OURDIR/libssl.so.3.build" 2>/dev/null || echo "unknown build")
PLAINDIR=$OUT/plain PLAIN=""
if [ -f "$OURDIR/libssl.so" ] && [ "${OURBUILD#plain}" = "$OURBUILD" ] &&
   [ "$OURBUILD" != "unknown build" ]; then
  mkdir -p "$PLAINDIR" && cp -f "$OURDIR/libssl.so" "$PLAINDIR/libssl.so.3" && PLAIN=plain
fi
SYSLIB=$(gcc -print-file-name=libssl.so.3)
SYSLIB=$(readlink -f "$SYSLIB")

echo "== building bench/bench.c and bench/rust"
gcc -O2 -g -Wall -Wextra -Werror -o "$OUT/bench" bench/bench.c -lssl -lcrypto -lpthread -ldl || exit 1
(cd bench/rust && cargo build --release --locked -q) || exit 1
BENCH=$OUT/bench
RAW=$ROOT/bench/rust/target/release/rawbench

# Sizes: full run / smoke.
if [ $SMOKE = 1 ]; then
  ROUNDS=1; BULK=4194304; BULK1K=1048576; HS_S=0.05; CONNS=50; PROCS=3
else
  # Bulk rows move 1 GiB (1 KiB writes: 256 MiB), ~0.3-1 s a run: at 256 MiB a run
  # took ~0.1 s on a CPU with AVX-512 AES-GCM, and one slow moment moved a row's median.
  BULK=1073741824; BULK1K=268435456; HS_S=1.0; CONNS=1000; PROCS=20
fi

# Rows: id | implementations | arguments (bench.c and rawbench take the same ones).
ROWS=(
  "bulk-1k|openssl ours raw rawbio|bulk --chunk 1024 --total $BULK1K"
  "bulk-16k|openssl ours raw rawbio|bulk --chunk 16384 --total $BULK"
  "bulk-1m|openssl ours raw rawbio|bulk --chunk 1048576 --total $BULK"
  "tcp-16k|openssl ours|tcp --chunk 16384 --total $BULK"
  "hs-tls13|openssl ours raw|hs --kind tls13 --seconds $HS_S"
  "hs-tls13-resume|openssl ours raw|hs --kind tls13-resume --seconds $HS_S"
  "hs-tls12|openssl ours raw|hs --kind tls12 --seconds $HS_S"
  "hs-tls12-noverify|openssl ours|hs --kind tls12-noverify --seconds $HS_S"
  "hs-tls13-2threads|openssl ours|hs --kind tls13 --threads 2 --seconds $HS_S"
  "hs-tls13-mlkem|ours|hs --kind tls13-default-group --seconds $HS_S"
  "mem|openssl ours|mem --conns $CONNS"
  "cold-tls13|openssl ours|cold --procs $PROCS"
  "fork-tls13|openssl ours|forked --procs $PROCS"
  "aead-16k|aead|aead --total $BULK"
)

FAILED=0
# lib_is IMPL JSON: the run measured the libssl.so.3 it was meant to.
lib_is() {
  local want lib
  want=$SYSLIB
  [ "$1" = ours ] && want=$OURDIR/libssl.so.3
  [ "$1" = plain ] && want=$PLAINDIR/libssl.so.3
  lib=$(printf '%s' "$2" | sed -n 's/.*"lib":"\([^"]*\)".*/\1/p')
  [ -n "$lib" ] && [ "$(readlink -f "$lib")" = "$(readlink -f "$want")" ]
}
# run IMPL ROUND ID ARGS... : one run, its JSON line tagged into results.jsonl.
run() {
  local impl=$1 round=$2 id=$3; shift 3
  local cmd=() want="" extra=()
  case $impl in
    openssl) cmd=(env -u LD_LIBRARY_PATH -u LD_PRELOAD "$BENCH"); want=$SYSLIB ;;
    ours) cmd=(env -u LD_PRELOAD LD_LIBRARY_PATH="$OURDIR" "$BENCH"); want=$OURDIR/libssl.so.3 ;;
    raw|aead) cmd=("$RAW") ;;
    rawbio) cmd=("$RAW"); extra=(--transport bio) ;;
  esac
  local line err
  err=$(mktemp)
  if line=$("${cmd[@]}" "$@" "${extra[@]}" --certs "$CERTS" 2>"$err") && [ -n "$line" ]; then
    if [ -n "$want" ] && ! lib_is "$impl" "$line"; then
      echo "  $id/$impl: measured another libssl than $want: $line" >&2
      FAILED=1
    fi
    printf '%s\n' "${line%\}},\"id\":\"$id\",\"impl\":\"$impl\",\"round\":$round}" >>"$OUT/results.jsonl"
    printf '  %-18s %-8s ok\n' "$id" "$impl"
  else
    local msg
    msg=$(grep -m1 FAIL "$err" || tail -1 "$err")
    msg=${msg//\\/\\\\}; msg=${msg//\"/\\\"}
    printf '{"id":"%s","impl":"%s","round":%s,"failed":true,"error":"%s"}\n' \
      "$id" "$impl" "$round" "$msg" >>"$OUT/results.jsonl"
    printf '  %-18s %-8s FAILED: %s\n' "$id" "$impl" "$msg"
    FAILED=1
  fi
  rm -f "$err"
}

: >"$OUT/results.jsonl"
echo "== timed runs: $ROUNDS rounds, the two libraries alternately"
for ((r = 1; r <= ROUNDS; r++)); do
  echo "-- round $r"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r id impls args <<<"$row"
    # Alternate which library goes first from round to round.
    order=$impls
    if ((r % 2 == 0)); then order=$(echo "$impls" | sed 's/openssl ours/ours openssl/'); fi
    for impl in $order; do
      # shellcheck disable=SC2086
      run "$impl" "$r" "$id" $args
    done
  done
done

if [ $SMOKE = 1 ]; then
  if [ $FAILED != 0 ]; then echo "bench smoke: FAILED"
  else echo "bench smoke: every row ran and verified itself"; fi
  exit $FAILED
fi

echo "== callgrind (instructions in the measured_* functions only)"
: >"$OUT/callgrind.jsonl"
CG_ROWS=(
  "bulk-1k|openssl ours $PLAIN raw rawbio|bulk --chunk 1024 --total 1048576|1048576"
  "bulk-16k|openssl ours $PLAIN raw rawbio|bulk --chunk 16384 --total 4194304|4194304"
  "bulk-1m|openssl ours $PLAIN raw rawbio|bulk --chunk 1048576 --total 4194304|4194304"
  "hs-tls13|openssl ours $PLAIN raw|hs --kind tls13 --count 20|20"
  "hs-tls13-resume|openssl ours $PLAIN raw|hs --kind tls13-resume --count 20|20"
  "hs-tls12|openssl ours $PLAIN raw|hs --kind tls12 --count 20|20"
  "hs-tls12-noverify|openssl ours|hs --kind tls12-noverify --count 20|20"
  "hs-tls13-mlkem|ours|hs --kind tls13-default-group --count 20|20"
  "aead-16k|aead|aead --total 4194304|4194304"
)
for row in "${CG_ROWS[@]}"; do
  IFS='|' read -r id impls args units <<<"$row"
  for impl in $impls; do
    # The environment is set before valgrind (which would otherwise measure `env`).
    extra=()
    case $impl in
      openssl) envs=(env -u LD_LIBRARY_PATH -u LD_PRELOAD); prog=$BENCH ;;
      ours) envs=(env -u LD_PRELOAD LD_LIBRARY_PATH="$OURDIR"); prog=$BENCH ;;
      plain) envs=(env -u LD_PRELOAD LD_LIBRARY_PATH="$PLAINDIR"); prog=$BENCH ;;
      rawbio) envs=(env); prog=$RAW; extra=(--transport bio) ;;
      *) envs=(env); prog=$RAW ;;
    esac
    f=$OUT/callgrind.$id.$impl.out
    rm -f "$f"
    # shellcheck disable=SC2086
    if "${envs[@]}" valgrind --tool=callgrind --toggle-collect='*measured_*' \
         --callgrind-out-file="$f" "$prog" $args "${extra[@]}" --certs "$CERTS" >"$f.json" 2>"$f.log" &&
       ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$f" | head -1) && [ -n "$ir" ] &&
       { [ "$prog" = "$RAW" ] || lib_is "$impl" "$(cat "$f.json")"; }; then
      printf '{"id":"%s","impl":"%s","ir":%s,"units":%s}\n' "$id" "$impl" "$ir" "$units" \
        >>"$OUT/callgrind.jsonl"
      printf '  %-18s %-8s %s Ir\n' "$id" "$impl" "$ir"
    else
      msg=$(grep -m1 FAIL "$f.log" || echo "callgrind run failed")
      msg=${msg//\\/\\\\}; msg=${msg//\"/\\\"}
      printf '{"id":"%s","impl":"%s","failed":true,"error":"%s"}\n' "$id" "$impl" "$msg" \
        >>"$OUT/callgrind.jsonl"
      printf '  %-18s %-8s FAILED: %s\n' "$id" "$impl" "$msg"
    fi
  done
done

echo "== machine"
/usr/bin/python3 - "$OUT/machine.json" "$SYSLIB" "$OURBUILD" <<'EOF'
import json, os, platform, re, subprocess, sys, datetime
cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
lock = open("Cargo.lock").read()
def ver(name):
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), lock)
    return m.group(1) if m else "?"
out = lambda *c: subprocess.run(c, capture_output=True, text=True).stdout.strip()
# The CPU features the two crypto libraries choose their AES-GCM code by.
flags = set()
for line in open("/proc/cpuinfo"):
    if line.startswith("flags"):
        flags = set(line.split(":", 1)[1].split()); break
feats = [f for f in ("aes", "pclmulqdq", "avx2", "avx512f", "vaes", "vpclmulqdq", "sha_ni")
         if f in flags]
# libcrypto's own AES-256-GCM (what OpenSSL's libssl encrypts records with), 16 KiB
# blocks, encrypt only: `openssl speed` prints thousands of bytes per second.
gcm = None
m = re.search(r"^AES-256-GCM\s+([\d.]+)k\s*$",
              out("openssl", "speed", "-seconds", "1", "-bytes", "16384", "-evp", "aes-256-gcm"),
              re.M)
if m:
    gcm = float(m.group(1)) / 1000.0
json.dump({
    "cpu_features": feats, "libcrypto_aes256gcm_encrypt_mbps": gcm,
    "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
    "openssl": out("openssl", "version"), "syslib": sys.argv[2], "ourbuild": sys.argv[3],
    "rustls": ver("rustls"), "aws_lc_rs": ver("aws-lc-rs"),
    "rustc": out("rustc", "--version"), "valgrind": out("valgrind", "--version"),
    "commit": out("git", "rev-parse", "--short", "HEAD"),
    "dirty": bool(out("git", "status", "--porcelain", "--", "src", "bench")),
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
}, open(sys.argv[1], "w"), indent=1)
EOF
echo "== report"
/usr/bin/python3 bench/report.py "$OUT" || exit 1
exit $FAILED
