#!/usr/bin/env bash
# Hostile-input and stress tests for our libssl.so.3 (they run against our library only).
#
# usage: ctests/hostile/run.sh [OURDIR]
#
#   OURDIR   directory holding our libssl.so.3 (default: <repo>/target/release)
#
# Builds ctests/hostile/{null_args,stress,shared_ssl}.c into <repo>/target/hostile/ (gcc -O1 -Wall
# -Werror -pthread, system OpenSSL headers, -lssl -lcrypto -ldl) and checks:
#   null_args coverage   every function OURDIR/libssl.so.3 exports (objdump -T, version
#                        OPENSSL_3.0.0, defined) has at least one case in null_args's
#                        output: a new export without a case fails here
#   null_args [ldpath]   run with LD_LIBRARY_PATH=OURDIR: exit status 0 (no crash, no hang)
#                        and stdout identical to ctests/hostile/null_args.expected
#   null_args [preload]  the same with LD_PRELOAD=OURDIR/libssl.so.3
#   null_args contract   no case reports a VIOLATION of the NULL/out-of-range contract
#                        (see null_args.c: failure value + ERR entry, nothing for NULL that
#                        OpenSSL itself ignores)
#   stress [ldpath]      stress.c with its defaults (3 workers x 200 rounds + setter
#                        thread, shared SSL_CTX, resident memory flat)
#   shared_ssl [ldpath]  shared_ssl.c: 4 threads write on ONE SSL at once (misuse OpenSSL
#                        does not survive) while another reads its getters: every message
#                        arrives whole and in order
# Each run is bounded by `timeout` (HOSTILE_TIMEOUT seconds, default 300). Outputs are kept
# in <repo>/target/hostile/out/. The last line is "N passed, N failed"; the exit status is
# non-zero when anything failed.
#
# UPDATE_EXPECTED=1 ctests/hostile/run.sh   rewrites null_args.expected from this run.
set -u

TIMEOUT_SECS=${HOSTILE_TIMEOUT:-300}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CERTDIR="$ROOT/ctests/certs"
BUILD="$ROOT/target/hostile"
OUT="$BUILD/out"
EXPECTED="$SCRIPT_DIR/null_args.expected"

OURDIR_ARG=${1:-"$ROOT/target/release"}
if [ ! -d "$OURDIR_ARG" ] || [ ! -e "$OURDIR_ARG/libssl.so.3" ]; then
    echo "hostile/run.sh: no libssl.so.3 in '$OURDIR_ARG' (build the library first)" >&2
    echo "0 passed, 1 failed"
    exit 2
fi
OURDIR=$(cd "$OURDIR_ARG" && pwd)
OURLIB="$OURDIR/libssl.so.3"
CC=${CC:-gcc}
mkdir -p "$BUILD" "$OUT"

PASS=0
FAIL=0
FAILED_NAMES=()
ok()   { PASS=$((PASS + 1)); echo "ok   $1"; }
fail() { FAIL=$((FAIL + 1)); FAILED_NAMES+=("$1"); echo "FAIL $1: $2"; }

describe_status() {
    case $1 in
        124|137) echo "timed out after ${TIMEOUT_SECS}s" ;;
        *) if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit status $1"; fi ;;
    esac
}

# ---------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------
declare -A BUILT
for p in null_args stress shared_ssl; do
    if "$CC" -O1 -Wall -Werror -pthread -I"$ROOT/ctests" -o "$BUILD/$p" "$SCRIPT_DIR/$p.c" \
        -lssl -lcrypto -ldl 2> "$OUT/$p.build.err"; then
        BUILT[$p]=1
    else
        BUILT[$p]=0
        echo "BUILD FAILED: $p"
        cat "$OUT/$p.build.err"
    fi
done

run_ldpath()  { env -u LD_PRELOAD LD_LIBRARY_PATH="$OURDIR" "$@"; }
run_preload() { env -u LD_LIBRARY_PATH LD_PRELOAD="$OURLIB" "$@"; }

# Does MODE load OURLIB (and no other libssl.so.3) for BINARY?
loads_ours() {  # loads_ours MODE BINARY
    local out paths p
    out=$("run_$1" ldd "$2" 2>&1) || return 1
    paths=$(printf '%s\n' "$out" | grep 'libssl\.so\.3' |
        sed -E 's/^[[:space:]]*//; s/.*=>[[:space:]]*//; s/[[:space:]]*\(0x[0-9a-f]+\)[[:space:]]*$//')
    [ -n "$paths" ] || return 1
    while IFS= read -r p; do [ "$p" = "$OURLIB" ] || return 1; done <<< "$paths"
    return 0
}

# ---------------------------------------------------------------------------------------
# null_args
# ---------------------------------------------------------------------------------------
if [ "${BUILT[null_args]}" = 1 ]; then
    for m in ldpath preload; do
        if ! loads_ours "$m" "$BUILD/null_args"; then
            fail "null_args [$m]" "this environment does not load $OURLIB"
            continue
        fi
        (cd "$BUILD" && "run_$m" timeout -k 5 "$TIMEOUT_SECS" "$BUILD/null_args" "$CERTDIR") \
            > "$OUT/null_args.$m.out" 2> "$OUT/null_args.$m.err"
        s=$?
        if [ $s -ne 0 ]; then
            fail "null_args [$m]" "$(describe_status $s); last lines:"
            tail -n 5 "$OUT/null_args.$m.out" | sed 's/^/    /'
            tail -n 5 "$OUT/null_args.$m.err" | sed 's/^/    /'
        elif [ "${UPDATE_EXPECTED:-0}" = 1 ] && [ $m = ldpath ]; then
            cp "$OUT/null_args.$m.out" "$EXPECTED"
            ok "null_args [$m] (expected output rewritten)"
        elif [ ! -f "$EXPECTED" ]; then
            fail "null_args [$m]" "$EXPECTED is missing (UPDATE_EXPECTED=1 creates it)"
        elif ! cmp -s "$EXPECTED" "$OUT/null_args.$m.out"; then
            fail "null_args [$m]" "output differs from null_args.expected"
            diff -u --label null_args.expected --label "null_args.$m" "$EXPECTED" \
                "$OUT/null_args.$m.out" | head -n 80
        else
            ok "null_args [$m]"
        fi
    done

    # Coverage: every exported function is called by some case. The first field of each
    # case line is the call exactly as written in null_args.c (the function token is
    # stringified by the CASE macro that calls it).
    objdump -T "$OURLIB" | awk '$NF != "" && /OPENSSL_3\.0\.0/ && !/\*UND\*/ && / DF / {print $NF}' |
        sort -u > "$OUT/exports.txt"
    sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)(.* | .* | .*$/\1/p' "$OUT/null_args.ldpath.out" |
        sort -u > "$OUT/null_args.called.txt"
    missing=$(comm -23 "$OUT/exports.txt" "$OUT/null_args.called.txt")
    stale=$(comm -13 "$OUT/exports.txt" "$OUT/null_args.called.txt")
    nexp=$(wc -l < "$OUT/exports.txt")
    if [ "$nexp" -lt 10 ]; then
        fail "null_args coverage" "objdump found only $nexp exported functions in $OURLIB"
    elif [ -n "$missing" ]; then
        fail "null_args coverage" "exported but without a case in null_args.c: $(echo $missing)"
    else
        ok "null_args coverage ($nexp exported functions, all called)"
    fi
    if [ -n "$stale" ]; then
        echo "note: null_args calls functions OURLIB does not export: $(echo $stale)"
    fi
    # The header should name the same functions (informational: header-check owns that).
    if [ -f "$ROOT/include/rustls_libssl.h" ]; then
        grep -oE '^[A-Za-z_][A-Za-z0-9_ \*]*[ \*]([A-Za-z_][A-Za-z0-9_]*)\(' \
            "$ROOT/include/rustls_libssl.h" | sed -E 's/.*[ *]([A-Za-z_][A-Za-z0-9_]*)\($/\1/' |
            sort -u > "$OUT/header.txt"
        hmiss=$(comm -23 "$OUT/header.txt" "$OUT/null_args.called.txt")
        [ -z "$hmiss" ] || echo "note: declared in include/rustls_libssl.h without a case: $(echo $hmiss)"
    fi

    # Contract
    if [ -s "$OUT/null_args.ldpath.out" ]; then
        nviol=$(grep -c 'VIOLATION' "$OUT/null_args.ldpath.out")
        if [ "$nviol" -ne 0 ]; then
            fail "null_args contract" "$nviol case(s) break the NULL/out-of-range contract:"
            grep 'VIOLATION' "$OUT/null_args.ldpath.out" | sed 's/^/    /'
        else
            ok "null_args contract ($(tail -n 1 "$OUT/null_args.ldpath.out"))"
        fi
    else
        fail "null_args contract" "no output"
    fi
else
    fail "null_args" "did not build"
fi

# ---------------------------------------------------------------------------------------
# stress, shared_ssl: run once with LD_LIBRARY_PATH; on success, `ok` with the detail
# that `$2` prints (it may read $OUT/NAME.ldpath.{out,err} and $secs).
# ---------------------------------------------------------------------------------------
run_program() {  # run_program NAME DETAIL_FUNCTION
    local n=$1 detail=$2 s t0 t1
    if [ "${BUILT[$n]}" != 1 ]; then
        fail "$n" "did not build"
        return
    fi
    if ! loads_ours ldpath "$BUILD/$n"; then
        fail "$n [ldpath]" "this environment does not load $OURLIB"
        return
    fi
    t0=$(date +%s.%N)
    (cd "$BUILD" && run_ldpath timeout -k 5 "$TIMEOUT_SECS" "$BUILD/$n" "$CERTDIR") \
        > "$OUT/$n.ldpath.out" 2> "$OUT/$n.ldpath.err"
    s=$?
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    if [ $s -ne 0 ]; then
        fail "$n [ldpath]" "$(describe_status $s) after ${secs}s:"
        sed 's/^/    /' "$OUT/$n.ldpath.out" | tail -n 20
        tail -n 5 "$OUT/$n.ldpath.err" | sed 's/^/    /'
    else
        ok "$n [ldpath] ($("$detail"))"
    fi
}
stress_detail() { echo "${secs}s; $(grep '^rss' "$OUT/stress.ldpath.err")"; }
shared_ssl_detail() { sed -n 2p "$OUT/shared_ssl.ldpath.out"; }
run_program stress stress_detail
run_program shared_ssl shared_ssl_detail

if [ ${#FAILED_NAMES[@]} -gt 0 ]; then
    echo "failed: ${FAILED_NAMES[*]}"
fi
echo "$PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
