#!/usr/bin/env bash
# ThreadSanitizer run of stress, shared_ssl (and every ctests/t_*.c program) on our library.
#
# usage: ctests/hostile/tsan.sh [stress arguments...]
#
# Helgrind and DRD cannot judge this library: Rust's std::sync::Mutex / OnceLock are
# futex-based (not pthread mutexes) and Arc counts are plain atomics, so both tools report
# every access made under those locks as a race. ThreadSanitizer instruments the atomics
# themselves, so it sees those locks. This script
#   1. builds the library with `-Zsanitizer=thread -Zbuild-std` (nightly toolchain with the
#      rust-src component: `rustup component add rust-src --toolchain nightly`) into
#      <repo>/target/tsan (the normal target/ is not touched);
#   2. links the C programs (not instrumented themselves) with the TSan runtime that ships
#      with that toolchain (librustc-nightly_rt.tsan.a, exported with -rdynamic so the
#      library's __tsan_* calls resolve to it: GCC's own libtsan is older and lacks
#      __tsan_memcpy);
#   3. runs stress (default: --threads 4 --rounds 200 --warmup 20 --no-rss), shared_ssl
#      and each ctests program; any "WARNING: ThreadSanitizer" fails the run.
# Ends with "N passed, N failed". Takes ~5 minutes the first time (std is rebuilt).
set -u
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
TRIPLE=x86_64-unknown-linux-gnu
TGT="$ROOT/target/tsan"
OUT="$TGT/out"
STRESS_ARGS=("$@")
[ ${#STRESS_ARGS[@]} -gt 0 ] || STRESS_ARGS=(--threads 4 --rounds 200 --warmup 20 --no-rss)

SYSROOT=$(rustc +nightly --print sysroot 2> /dev/null) || {
    echo "tsan.sh: no nightly toolchain (rustup toolchain install nightly)" >&2
    echo "0 passed, 1 failed"; exit 2; }
RT="$SYSROOT/lib/rustlib/$TRIPLE/lib/librustc-nightly_rt.tsan.a"
[ -f "$RT" ] || { echo "tsan.sh: $RT missing" >&2; echo "0 passed, 1 failed"; exit 2; }
[ -d "$SYSROOT/lib/rustlib/src/rust/library" ] || {
    echo "tsan.sh: rust-src missing (rustup component add rust-src --toolchain nightly)" >&2
    echo "0 passed, 1 failed"; exit 2; }

mkdir -p "$OUT/lib"
echo "building the library with ThreadSanitizer into $TGT ..."
if ! (cd "$ROOT" && RUSTFLAGS="-Zsanitizer=thread" cargo +nightly build --release \
        -Zbuild-std --target "$TRIPLE" --target-dir "$TGT") > "$OUT/build.log" 2>&1; then
    tail -n 20 "$OUT/build.log"
    echo "0 passed, 1 failed"; exit 1
fi
cp -f "$TGT/$TRIPLE/release/libssl.so" "$OUT/lib/libssl.so.3"

PASS=0; FAIL=0; FAILED=()
run() {  # run NAME SOURCE ARGS...
    local n=$1 src=$2 s w; shift 2
    if ! gcc -O1 -g -pthread -rdynamic -I"$ROOT/ctests" -o "$OUT/$n" "$src" \
            -Wl,--whole-archive "$RT" -Wl,--no-whole-archive \
            -lssl -lcrypto -ldl -lm -lrt -lstdc++ 2> "$OUT/$n.build.err"; then
        FAIL=$((FAIL + 1)); FAILED+=("$n"); echo "FAIL $n: did not build"; return
    fi
    (cd "$OUT" && LD_LIBRARY_PATH="$OUT/lib" TSAN_OPTIONS="halt_on_error=0 report_signal_unsafe=0 suppressions=$SCRIPT_DIR/tsan.supp" \
        timeout -k 5 600 "$OUT/$n" "$ROOT/ctests/certs" "$@") > "$OUT/$n.out" 2> "$OUT/$n.err"
    s=$?
    w=$(grep -c 'WARNING: ThreadSanitizer' "$OUT/$n.err")
    if [ "$s" -ne 0 ] || [ "$w" -ne 0 ]; then
        FAIL=$((FAIL + 1)); FAILED+=("$n")
        echo "FAIL $n: exit status $s, $w ThreadSanitizer report(s); see $OUT/$n.err"
        grep -A 12 'WARNING: ThreadSanitizer' "$OUT/$n.err" | head -n 40 | sed 's/^/    /'
    else
        PASS=$((PASS + 1)); echo "ok   $n"
    fi
}
run stress "$SCRIPT_DIR/stress.c" "${STRESS_ARGS[@]}"
run shared_ssl "$SCRIPT_DIR/shared_ssl.c"
for f in "$ROOT"/ctests/t_*.c; do run "$(basename "$f" .c)" "$f"; done
[ ${#FAILED[@]} -eq 0 ] || echo "failed: ${FAILED[*]}"
echo "$PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
