#!/usr/bin/env bash
# Differential C tests: system libssl (reference) versus ours.
#
# usage: ctests/run.sh [OURDIR] [t_name ...]
#
#   OURDIR   directory holding our libssl.so.3 (default: <repo>/target/release)
#   t_name   run only these programs (e.g. t_lengths t_moving); default: every ctests/t_*.c
#
# Every ctests/t_*.c is built into <repo>/target/ctests/ against the system headers
# (gcc -O1 -Wall -Werror -pthread ... -lssl -lcrypto) and run three ways, each under
# `timeout`:
#   ref      system libssl, LD_LIBRARY_PATH and LD_PRELOAD removed from the environment
#            (run twice: the two outputs must be identical, or the program is not
#            deterministic and that is reported as a failure)
#   ldpath   LD_LIBRARY_PATH=OURDIR
#   preload  LD_PRELOAD=OURDIR/libssl.so.3
# Before each run, ldd is used to check that under each of the two "ours" environments the
# libssl.so.3 that gets loaded is OURDIR/libssl.so.3 (and no other libssl.so.3), and that
# the reference environment does not load it (reported once per mode).
# Each "ours" output (stdout) is compared with the reference output; a mismatch (diff -u is
# shown), a non-zero exit status or a timeout is a failure. Outputs are kept in
# <repo>/target/ctests/out/<prog>.<mode>.{out,err}.
# The last line is "N passed, N failed" (one result per program per "ours" mode); the exit
# status is non-zero if anything failed, including a reference run.
set -u

TIMEOUT_SECS=${CTESTS_TIMEOUT:-60}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CERTDIR="$SCRIPT_DIR/certs"
BUILD="$ROOT/target/ctests"
OUT="$BUILD/out"

OURDIR_ARG=${1:-"$ROOT/target/release"}
[ $# -gt 0 ] && shift

if [ ! -d "$OURDIR_ARG" ]; then
    echo "run.sh: OURDIR '$OURDIR_ARG' is not a directory" >&2
    echo "0 passed, 1 failed"
    exit 2
fi
OURDIR=$(cd "$OURDIR_ARG" && pwd)
OURLIB="$OURDIR/libssl.so.3"
if [ ! -e "$OURLIB" ]; then
    echo "run.sh: ERROR: $OURLIB does not exist (build the library first, or pass OURDIR)" >&2
    echo "0 passed, 1 failed"
    exit 2
fi
if [ ! -r "$CERTDIR/ca.pem" ]; then
    echo "run.sh: ERROR: test certificates missing in $CERTDIR (run certs/make-certs.sh)" >&2
    echo "0 passed, 1 failed"
    exit 2
fi

CC=${CC:-gcc}
mkdir -p "$BUILD" "$OUT"

# ----------------------------------------------------------------------------------------
# Which programs
# ----------------------------------------------------------------------------------------
PROGS=()
if [ $# -gt 0 ]; then
    for a in "$@"; do
        a=$(basename "$a" .c)
        if [ ! -f "$SCRIPT_DIR/$a.c" ]; then
            echo "run.sh: no such test program: $SCRIPT_DIR/$a.c" >&2
            echo "0 passed, 1 failed"
            exit 2
        fi
        PROGS+=("$a")
    done
else
    for f in "$SCRIPT_DIR"/t_*.c; do
        [ -e "$f" ] || continue
        PROGS+=("$(basename "$f" .c)")
    done
fi
if [ ${#PROGS[@]} -eq 0 ]; then
    echo "run.sh: no test programs found in $SCRIPT_DIR" >&2
    echo "0 passed, 1 failed"
    exit 2
fi

PASS=0
FAIL=0
REF_FAILED=0
FAILED_NAMES=()

fail() {  # fail NAME MODE REASON
    FAIL=$((FAIL + 1))
    FAILED_NAMES+=("$1[$2]")
    echo "FAIL $1 [$2]: $3"
}

# ----------------------------------------------------------------------------------------
# Build
# ----------------------------------------------------------------------------------------
declare -A BUILT
for p in "${PROGS[@]}"; do
    if "$CC" -O1 -Wall -Werror -pthread -I"$SCRIPT_DIR" -o "$BUILD/$p" "$SCRIPT_DIR/$p.c" \
        -lssl -lcrypto 2> "$OUT/$p.build.err"; then
        BUILT[$p]=1
    else
        BUILT[$p]=0
        echo "BUILD FAILED: $p"
        cat "$OUT/$p.build.err"
    fi
done

# ----------------------------------------------------------------------------------------
# Environments
# ----------------------------------------------------------------------------------------
run_ref()     { env -u LD_LIBRARY_PATH -u LD_PRELOAD "$@"; }
run_ldpath()  { env -u LD_PRELOAD LD_LIBRARY_PATH="$OURDIR" "$@"; }
run_preload() { env -u LD_LIBRARY_PATH LD_PRELOAD="$OURLIB" "$@"; }

# Check with ldd which libssl.so.3 a mode loads. Prints a reason and returns 1 if wrong.
check_loaded() {  # check_loaded MODE BINARY
    local mode=$1 bin=$2 out paths p
    out=$("run_$mode" ldd "$bin" 2>&1) || { echo "ldd failed: $out"; return 1; }
    # every path ldd names for a libssl.so.3 (the "=> path" form and the preload form)
    paths=$(printf '%s\n' "$out" | grep 'libssl\.so\.3' |
        sed -E 's/^[[:space:]]*//; s/.*=>[[:space:]]*//; s/[[:space:]]*\(0x[0-9a-f]+\)[[:space:]]*$//')
    if [ "$mode" = ref ]; then
        if printf '%s\n' "$paths" | grep -qxF "$OURLIB"; then
            echo "reference environment loads $OURLIB"; return 1
        fi
        [ -n "$paths" ] || { echo "no libssl.so.3 in ldd output"; return 1; }
        return 0
    fi
    [ -n "$paths" ] || { echo "no libssl.so.3 in ldd output:"; echo "$out"; return 1; }
    while IFS= read -r p; do
        if [ "$p" != "$OURLIB" ]; then
            echo "loads $p instead of (or besides) $OURLIB:"; echo "$out"; return 1
        fi
    done <<< "$paths"
    return 0
}

MODES=(ldpath preload)
# Checked per program (cheap), reported once per mode.
declare -A MODE_REPORTED
env_ok() {  # env_ok MODE PROG -> 0 if MODE loads the right libssl for PROG
    local why
    if why=$(check_loaded "$1" "$BUILD/$2"); then
        if [ -z "${MODE_REPORTED[$1]:-}" ]; then
            MODE_REPORTED[$1]=1
            if [ "$1" = ref ]; then
                echo "mode ref: does not load $OURLIB"
            else
                echo "mode $1: loads $OURLIB"
            fi
        fi
        return 0
    fi
    echo "ENVIRONMENT PROBLEM [$1] for $2: $why"
    return 1
}

# ----------------------------------------------------------------------------------------
# Run
# ----------------------------------------------------------------------------------------
run_one() {  # run_one MODE PROG SUFFIX -> exit status
    local mode=$1 p=$2 suffix=$3
    (cd "$BUILD" && "run_$mode" timeout -k 5 "$TIMEOUT_SECS" "$BUILD/$p" "$CERTDIR") \
        > "$OUT/$p.$suffix.out" 2> "$OUT/$p.$suffix.err"
}

describe_status() {
    case $1 in
        124|137) echo "timed out after ${TIMEOUT_SECS}s" ;;
        *) if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit status $1"; fi ;;
    esac
}

for p in "${PROGS[@]}"; do
    if [ "${BUILT[$p]}" != 1 ]; then
        REF_FAILED=1
        for m in "${MODES[@]}"; do fail "$p" "$m" "did not build"; done
        continue
    fi

    ref_ok=1
    if ! env_ok ref "$p"; then
        ref_ok=0
        REF_FAILED=1
    fi
    run_one ref "$p" ref; rs=$?
    if [ $rs -ne 0 ]; then
        ref_ok=0
        REF_FAILED=1
        echo "REFERENCE FAILED: $p ($(describe_status $rs)); see $OUT/$p.ref.{out,err}"
        tail -n 5 "$OUT/$p.ref.out" | sed 's/^/    /'
    else
        run_one ref "$p" ref2; rs2=$?
        if [ $rs2 -ne 0 ] || ! cmp -s "$OUT/$p.ref.out" "$OUT/$p.ref2.out"; then
            ref_ok=0
            REF_FAILED=1
            echo "REFERENCE NOT DETERMINISTIC: $p (second run: $(describe_status $rs2))"
            diff -u "$OUT/$p.ref.out" "$OUT/$p.ref2.out" | head -n 40
        fi
    fi

    for m in "${MODES[@]}"; do
        if ! env_ok "$m" "$p"; then
            fail "$p" "$m" "environment does not load $OURLIB"
            continue
        fi
        run_one "$m" "$p" "$m"; s=$?
        if [ $ref_ok -ne 1 ]; then
            fail "$p" "$m" "no valid reference output"
        elif [ $s -ne 0 ]; then
            fail "$p" "$m" "$(describe_status $s)"
            diff -u --label "$p.ref" --label "$p.$m" "$OUT/$p.ref.out" "$OUT/$p.$m.out" | head -n 60
            if [ -s "$OUT/$p.$m.err" ]; then
                echo "    --- stderr (last lines) ---"
                tail -n 10 "$OUT/$p.$m.err" | sed 's/^/    /'
            fi
        elif ! cmp -s "$OUT/$p.ref.out" "$OUT/$p.$m.out"; then
            fail "$p" "$m" "output differs from reference"
            diff -u --label "$p.ref" --label "$p.$m" "$OUT/$p.ref.out" "$OUT/$p.$m.out" | head -n 200
        else
            PASS=$((PASS + 1))
            echo "ok   $p [$m]"
        fi
    done
done

if [ ${#FAILED_NAMES[@]} -gt 0 ]; then
    echo "failed: ${FAILED_NAMES[*]}"
fi
if [ $REF_FAILED -ne 0 ]; then
    echo "NOTE: at least one reference run failed or was not deterministic"
fi
echo "$PASS passed, $FAIL failed"
if [ $FAIL -ne 0 ] || [ $REF_FAILED -ne 0 ]; then
    exit 1
fi
exit 0
