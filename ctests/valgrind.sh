#!/usr/bin/env bash
# Every C test program under valgrind memcheck, on our libssl.so.3.
#
# usage: ctests/valgrind.sh [OURDIR] [name ...]
#
#   OURDIR   directory holding our libssl.so.3 (default: <repo>/target/release)
#   name     run only these programs (t_lengths, null_args, stress, ...); default: every
#            ctests/t_*.c and ctests/hostile/{null_args,stress}.c
#
# Each program is built into <repo>/target/valgrind/ exactly as ctests/run.sh and
# ctests/hostile/run.sh build them (gcc -O1 -Wall -Werror -pthread against the system
# OpenSSL headers, -lssl -lcrypto [-ldl]) and run once with LD_LIBRARY_PATH=OURDIR under
#
#   valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
#            --errors-for-leak-kinds=definite --show-leak-kinds=definite
#            --track-origins=no --num-callers=40 [--suppressions=...]
#
# with the certificate directory as its argument. A program fails when valgrind reports
# any error (invalid read/write, use of uninitialised values, invalid free, definitely lost
# bytes: exit status 99), when it exits non-zero by itself, or when it times out
# (VALGRIND_TIMEOUT seconds each, default 600). Its stdout is not compared with the
# reference here (ctests/run.sh does that); under valgrind only memory errors are judged.
# stress runs with fewer rounds (VALGRIND_STRESS_ARGS, default "--rounds 30 --warmup 6").
# Programs run VALGRIND_JOBS at a time (default: the number of CPUs).
#
# Suppressions: ctests/valgrind.supp if it exists (only for documented noise from the
# system's libcrypto, never for our library).
# Logs: <repo>/target/valgrind/out/<prog>.{out,vg}. The last line is "N passed, N failed".
set -u

TIMEOUT_SECS=${VALGRIND_TIMEOUT:-600}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CERTDIR="$SCRIPT_DIR/certs"
BUILD="$ROOT/target/valgrind"
OUT="$BUILD/out"
SUPP="$SCRIPT_DIR/valgrind.supp"
JOBS=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 2)}
STRESS_ARGS=${VALGRIND_STRESS_ARGS:-"--rounds 30 --warmup 6"}

OURDIR_ARG=${1:-"$ROOT/target/release"}
[ $# -gt 0 ] && shift
if [ ! -d "$OURDIR_ARG" ] || [ ! -e "$OURDIR_ARG/libssl.so.3" ]; then
    echo "valgrind.sh: no libssl.so.3 in '$OURDIR_ARG' (build the library first)" >&2
    echo "0 passed, 1 failed"
    exit 2
fi
OURDIR=$(cd "$OURDIR_ARG" && pwd)
OURLIB="$OURDIR/libssl.so.3"
if ! command -v valgrind > /dev/null; then
    echo "valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2
    echo "0 passed, 1 failed"
    exit 2
fi
CC=${CC:-gcc}
mkdir -p "$BUILD" "$OUT"

# ---------------------------------------------------------------------------------------
# Which programs: name -> source
# ---------------------------------------------------------------------------------------
declare -A SRC
ALL=()
for f in "$SCRIPT_DIR"/t_*.c "$SCRIPT_DIR"/hostile/null_args.c "$SCRIPT_DIR"/hostile/stress.c; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .c)
    SRC[$n]=$f
    ALL+=("$n")
done
PROGS=()
if [ $# -gt 0 ]; then
    for a in "$@"; do
        a=$(basename "$a" .c)
        if [ -z "${SRC[$a]:-}" ]; then
            echo "valgrind.sh: no such test program: $a" >&2
            echo "0 passed, 1 failed"
            exit 2
        fi
        PROGS+=("$a")
    done
else
    PROGS=("${ALL[@]}")
fi

VG=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-origins=no
    --num-callers=40)
[ -f "$SUPP" ] && VG+=("--suppressions=$SUPP")

# ---------------------------------------------------------------------------------------
# Build (sequentially), then run (JOBS at a time)
# ---------------------------------------------------------------------------------------
PASS=0
FAIL=0
FAILED_NAMES=()
declare -A BUILT
for p in "${PROGS[@]}"; do
    if "$CC" -O1 -Wall -Werror -pthread -I"$SCRIPT_DIR" -o "$BUILD/$p" "${SRC[$p]}" \
        -lssl -lcrypto -ldl 2> "$OUT/$p.build.err"; then
        BUILT[$p]=1
    else
        BUILT[$p]=0
        echo "BUILD FAILED: $p"
        cat "$OUT/$p.build.err"
    fi
done

# The loader must pick our library.
if [ -n "${PROGS[0]:-}" ] && [ "${BUILT[${PROGS[0]}]}" = 1 ]; then
    if ! env -u LD_PRELOAD LD_LIBRARY_PATH="$OURDIR" ldd "$BUILD/${PROGS[0]}" |
        grep -q "libssl\.so\.3 => $OURLIB "; then
        echo "valgrind.sh: LD_LIBRARY_PATH=$OURDIR does not load $OURLIB" >&2
        echo "0 passed, 1 failed"
        exit 2
    fi
fi

run_one() {  # run_one PROG: writes OUT/PROG.{out,vg,status,secs}
    local p=$1 args=() t0 t1 s
    [ "$p" = stress ] && read -r -a args <<< "$STRESS_ARGS"
    t0=$(date +%s.%N)
    (cd "$BUILD" && env -u LD_PRELOAD LD_LIBRARY_PATH="$OURDIR" \
        timeout -k 10 "$TIMEOUT_SECS" "${VG[@]}" --log-file="$OUT/$p.vg" \
        "$BUILD/$p" "$CERTDIR" "${args[@]}") > "$OUT/$p.out" 2> "$OUT/$p.err"
    s=$?
    t1=$(date +%s.%N)
    echo "$s" > "$OUT/$p.status"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' > "$OUT/$p.secs"
}

T0=$(date +%s)
running=0
for p in "${PROGS[@]}"; do
    [ "${BUILT[$p]}" = 1 ] || continue
    rm -f "$OUT/$p.status"
    run_one "$p" &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
T1=$(date +%s)

# ---------------------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------------------
for p in "${PROGS[@]}"; do
    if [ "${BUILT[$p]}" != 1 ]; then
        FAIL=$((FAIL + 1)); FAILED_NAMES+=("$p"); echo "FAIL $p: did not build"; continue
    fi
    s=$(cat "$OUT/$p.status" 2> /dev/null || echo 255)
    secs=$(cat "$OUT/$p.secs" 2> /dev/null || echo "?")
    errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$OUT/$p.vg" 2> /dev/null | tail -n 1)
    lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$OUT/$p.vg" 2> /dev/null |
        tail -n 1 | tr -d ,)
    why=""
    case $s in
        0) ;;
        99) why="valgrind reported errors" ;;
        124|137) why="timed out after ${TIMEOUT_SECS}s" ;;
        *) if [ "$s" -gt 128 ]; then why="killed by signal $((s - 128))"; else why="exit status $s"; fi ;;
    esac
    # belt and braces: the summary itself
    if [ -z "$why" ] && [ "${errs:-0}" != 0 ]; then why="valgrind reported $errs errors"; fi
    if [ -z "$why" ] && [ -n "$lost" ] && [ "$lost" != 0 ]; then why="$lost bytes definitely lost"; fi
    if [ -z "$why" ] && [ -z "$errs" ]; then why="no valgrind summary in $OUT/$p.vg"; fi
    if [ -z "$why" ]; then
        PASS=$((PASS + 1))
        echo "ok   $p (${secs}s)"
    else
        FAIL=$((FAIL + 1))
        FAILED_NAMES+=("$p")
        echo "FAIL $p (${secs}s): $why; see $OUT/$p.vg"
        grep -E '^==[0-9]+== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched|.*blocks are definitely lost)' \
            "$OUT/$p.vg" | head -n 10 | sed 's/^/    /'
        tail -n 3 "$OUT/$p.out" | sed 's/^/    | /'
    fi
done

echo "total wall time: $((T1 - T0))s with $JOBS job(s) in parallel"
if [ ${#FAILED_NAMES[@]} -gt 0 ]; then
    echo "failed: ${FAILED_NAMES[*]}"
fi
echo "$PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
