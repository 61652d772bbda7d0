#!/bin/bash
# Checks on how the shipped library was built (docs/DESIGN.md):
#  - aws-lc without its CPU-jitter entropy source (.cargo/config.toml sets
#    AWS_LC_SYS_NO_JITTER_ENTROPY=1): its jent_* functions must not be linked in.
# Usage: tools/build-check.sh LIBRARY...
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 LIBRARY..." >&2; exit 2; }
status=0
for lib in "$@"; do
  [ -f "$lib" ] || { echo "build-check: no $lib" >&2; exit 1; }
  syms=$(nm -a "$lib" 2>/dev/null) || { echo "build-check: nm failed on $lib" >&2; exit 1; }
  [ -n "$syms" ] || { echo "build-check: $lib has no symbol table" >&2; exit 1; }
  if grep -qE 'jent_(entropy_init|read_entropy|random_data)' <<<"$syms"; then
    echo "build-check: $lib links aws-lc's CPU-jitter entropy source (jent_*):" \
      "AWS_LC_SYS_NO_JITTER_ENTROPY was not applied" >&2
    status=1
  else
    echo "build-check: $lib: no CPU-jitter entropy source"
  fi
done
exit $status
