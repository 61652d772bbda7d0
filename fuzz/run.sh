#!/usr/bin/env bash
# Build the fuzz targets and run each for SECONDS (default 30), one after the other.
# Exits non-zero when any target reports a finding (crash, panic/assertion, leak,
# timeout, out-of-memory); the input is then in fuzz/artifacts/<target>/.
#
#   fuzz/run.sh [SECONDS]
#
# Environment:
#   FUZZ_TARGETS       targets to run (default: all three)
#   FUZZ_SANITIZER     address (default) or none
#   FUZZ_KNOWN_ISSUES  comma-separated ids of reported findings to step over (README)
#   FUZZ_ARGS          extra libFuzzer flags (e.g. -len_control=0 -fork=2)
#
# cargo-fuzz needs nightly-only rustc flags (-Zsanitizer, sanitizer coverage passes);
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
set -euo pipefail

secs=${1:-30}
case "$secs" in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

# Run from the main crate so that its .cargo/config.toml (linker wrapper,
# OPENSSL_LIBS=crypto) applies to the fuzz build too.
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
targets=${FUZZ_TARGETS:-api_sequence peer_bytes integrity}
sanitizer=${FUZZ_SANITIZER:-address}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi

for t in $targets; do
  cargo fuzz build --sanitizer "$sanitizer" "$t"
done

max_len() {
  case "$1" in
    peer_bytes) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

failed=()
for t in $targets; do
  # New inputs go to a scratch corpus under fuzz/target/; the checked-in seeds in
  # fuzz/corpus/<target> are only read.
  work=fuzz/target/corpus/$t
  mkdir -p "$work" "fuzz/artifacts/$t"
  echo "=== $t: ${secs}s"
  if ! cargo fuzz run --sanitizer "$sanitizer" "$t" "$work" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" \
      -timeout=30 \
      -rss_limit_mb=3072 \
      -malloc_limit_mb=1024 \
      -max_len="$(max_len "$t")" \
      -print_final_stats=1 ${FUZZ_ARGS:-}; then
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "FINDINGS in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "no findings"
