#!/usr/bin/env bash
# Profile-guided build of libssl.so.3 (what `make build` ships in target/release).
#
#   tools/pgo-build.sh OUTLIB        e.g. target/release/libssl.so.3
#
# 1. an instrumented build (target/pgo/gen), 2. the C differential tests
# (ctests/run.sh) run on it as the training workload, 3. a build that uses the merged
# profile (target/pgo/use), copied to OUTLIB. Training is a functional suite, not the
# benchmark: the profile reflects ordinary use of the API (handshakes of every kind,
# reads and writes, errors). A handshake spends much of its time in instruction-cache
# misses; the profile lets LLVM lay hot paths out together and cold ones apart.
#
# Steps whose inputs did not change are skipped (cargo's own no-op builds; the
# profile is named after the instrumented library and the training sources). The
# profile must come from rustc's own LLVM: `rustup component add llvm-tools`.
# Without it, or with PGO=0, OUTLIB is the plain release build, and the script says
# so. OUTLIB.build records which one was made (bench/run.sh reports it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1
PLAIN=target/release/libssl.so
G=target/pgo

install_lib() {
    cp -f "$1" "$OUT.tmp" && mv -f "$OUT.tmp" "$OUT"
    echo "$2" >"$OUT.build"
}

plain() {
    echo "pgo: $1: using the plain release build" >&2
    install_lib "$PLAIN" "plain release build ($1)"
    exit 0
}

[ "${PGO:-1}" = 1 ] || plain "PGO=0"
host=$(rustc -vV | sed -n 's/^host: //p')
PROFDATA=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
[ -x "$PROFDATA" ] || plain "no llvm-profdata in the toolchain (rustup component add llvm-tools)"

echo "pgo: instrumented build" >&2
RUSTFLAGS="-Cprofile-generate=$PWD/$G/raw" CARGO_TARGET_DIR=$G/gen cargo build --release -q

stamp=$({
    sha256sum "$G/gen/release/libssl.so"
    cat ctests/*.c ctests/*.h ctests/run.sh | sha256sum
} | sha256sum | cut -c1-16)
prof=$G/profile-$stamp.profdata
if [ ! -f "$prof" ]; then
    echo "pgo: training (ctests/run.sh on the instrumented library)" >&2
    # Profiles written while the instrumented build ran its build scripts go too.
    rm -rf "$G/raw" "$G/train"
    mkdir -p "$G/train"
    cp -f "$G/gen/release/libssl.so" "$G/train/libssl.so.3"
    # A failing test still trains; `make test` is where failures count.
    ctests/run.sh "$G/train" >"$G/train.log" 2>&1 ||
        echo "pgo: some ctests failed on the instrumented build (see $G/train.log)" >&2
    rm -f "$G"/profile-*.profdata
    "$PROFDATA" merge -o "$prof.tmp" "$G/raw"
    mv -f "$prof.tmp" "$prof"
fi

echo "pgo: optimized build with $prof" >&2
# The profile's name is in RUSTFLAGS, so a new profile rebuilds everything.
RUSTFLAGS="-Cprofile-use=$PWD/$prof" CARGO_TARGET_DIR=$G/use cargo build --release -q
install_lib "$G/use/release/libssl.so" "profile-guided (training: ctests/run.sh; $(basename "$prof"))"
