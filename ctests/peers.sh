#!/usr/bin/env bash
# Interoperability tests between real processes: small OpenSSL-API programs
# running on the libssl.so.3 in OURDIR, talking over loopback TCP to
# unmodified system programs (OpenSSL's `openssl s_server` / `s_client`, and
# GnuTLS's `gnutls-cli` / `gnutls-serv` when installed: Debian package
# gnutls-bin). Every scenario that can be is also run with the same program on
# the system libssl (the reference), and the facts both print must be equal.
#
#   ctests/peers.sh OURDIR CERTDIR
#
# OURDIR   directory holding the libssl.so.3 under test
# CERTDIR  ca.pem, server.pem/server.key (RSA), server-ec.pem/server-ec.key
#          (ECDSA P-256), CN/SAN localhost + SAN 127.0.0.1, signed by ca.pem
#
# Environment:
#   PEERS_INJECT=ldpath|preload   how our library is injected into our programs
#                                 (LD_LIBRARY_PATH=OURDIR, the default, or
#                                 LD_PRELOAD=OURDIR/libssl.so.3)
#   PEERS_REQUIRE_GNUTLS=1        fail (instead of skipping the GnuTLS cases)
#                                 when gnutls-cli/gnutls-serv are missing (CI)
#   CC                            C compiler (default gcc)
#
# Programs (ctests/peers/*.c, built into target/peers/ against the system
# OpenSSL headers): tlsc (line client), tlss (one-connection line-echo server
# that prints its own facts), bindlo.so (keeps gnutls-serv, which cannot be
# told where to listen, on loopback); the server for s_client/gnutls-cli is
# ctests/demo/tlsd.c.
#
# Cases (one PASS/FAIL line each):
#   1.*    tlsc (ours) -> openssl s_server -rev, TLS 1.2/1.3, RSA/ECDSA
#   2.*    openssl s_client -> tlsd (ours), TLS 1.2/1.3, RSA/ECDSA
#   3.*    gnutls-cli -> tlsd (ours); tlsc (ours) -> gnutls-serv --echo
#   4a.*   s_server -tls1_2 asks our client to renegotiate ("r" command)
#   4b.*   s_client -tls1_2 asks our server (tlss) to renegotiate ("R" command)
#   4c.*   gnutls-cli --rehandshake against our server (tlsd), TLS 1.2
#   5.*    certificate verification failures: unknown issuer (20), untrusted
#          root in the chain the server sent (19), host name mismatch (62)
#   6.*    the server requires a client certificate we do not have: the fatal
#          alert at SSL_connect (TLS 1.2) or at the first SSL_read (TLS 1.3)
#   tlsd.* the daemons stop cleanly (status 0) having served every connection
#
# Only 127.0.0.1 is used; every process started here is stopped by PID (an
# EXIT trap catches the rest); every wait is bounded. Outputs are kept in
# target/peers/out/. The last line is "N passed, N failed"; the exit status
# is non-zero if anything failed.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 OURDIR CERTDIR" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

die() {
  echo "peers: ERROR: $*" >&2
  echo "0 passed, 1 failed"
  exit 2
}

ourdir=$(cd "$1" 2>/dev/null && pwd) || die "OURDIR $1 is not a directory"
certdir=$(cd "$2" 2>/dev/null && pwd) || die "CERTDIR $2 is not a directory"
ourlib=$ourdir/libssl.so.3
[ -e "$ourlib" ] || die "no libssl.so.3 in $ourdir"
for f in ca.pem server.pem server.key server-ec.pem server-ec.key; do
  [ -r "$certdir/$f" ] || die "missing $certdir/$f"
done
for t in openssl timeout "${CC:-gcc}" awk nm; do
  command -v "$t" >/dev/null || die "$t not found"
done
ca=$certdir/ca.pem

# ---------------------------------------------------------------------------
# Environments. System programs and the reference runs never see our library.
SYS=(env -u LD_LIBRARY_PATH -u LD_PRELOAD -u OPENSSL_CONF)
case ${PEERS_INJECT:-ldpath} in
  ldpath) OURS=(env -u LD_PRELOAD -u OPENSSL_CONF "LD_LIBRARY_PATH=$ourdir") ;;
  preload) OURS=(env -u LD_LIBRARY_PATH -u OPENSSL_CONF "LD_PRELOAD=$ourlib") ;;
  *) die "PEERS_INJECT must be ldpath or preload" ;;
esac
REF=("${SYS[@]}")

bin=$root/target/peers
out=$bin/out
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peers.XXXXXX") || die "mktemp"
rm -rf "$out"
mkdir -p "$out"

# ---------------------------------------------------------------------------
# Processes. Everything long-lived is started by spawn (recorded in pids and
# capped by timeout(1)); the EXIT trap stops whatever is still running.
HARD_LIMIT=40 # seconds any single process may live
pids=()
feed=
cleanup() {
  local p i
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null && kill "$p" 2>/dev/null
  done
  for p in "${pids[@]}"; do
    for ((i = 0; i < 40; i++)); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.05
    done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# spawn OUT ERR CMD...: start CMD in the background, stdin from $SPAWN_IN (or
# /dev/null); the script's own fifo descriptor ($feed, if set) is not
# inherited. Sets bgpid.
spawn() {
  local o=$1 e=$2
  shift 2
  if [ -n "${feed:-}" ]; then
    timeout -k 2 "$HARD_LIMIT" "$@" <"${SPAWN_IN:-/dev/null}" >"$o" 2>"$e" {feed}>&- &
  else
    timeout -k 2 "$HARD_LIMIT" "$@" <"${SPAWN_IN:-/dev/null}" >"$o" 2>"$e" &
  fi
  bgpid=$!
  pids+=("$bgpid")
}

# wait_for FILE ERE TENTHS [PID]: 0 once FILE has a line matching ERE; 1 after
# TENTHS tenths of a second; 2 as soon as PID has exited without a match.
wait_for() {
  local i
  for ((i = 0; i < $3 * 2; i++)); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
      grep -qE -- "$2" "$1" 2>/dev/null && return 0
      return 2
    fi
    sleep 0.05
  done
  return 1
}

# reap PID TENTHS: wait (bounded) for PID to exit, killing it if it does not;
# sets rc to its exit status, 124 if it had to be killed.
reap() {
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null
    for ((i = 0; i < 40; i++)); do
      kill -0 "$1" 2>/dev/null || break
      sleep 0.05
    done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    rc=124
  else
    wait "$1"
    rc=$?
  fi
}

# stop PID: SIGTERM, then reap (2 s); sets rc.
stop() {
  kill "$1" 2>/dev/null
  reap "$1" 20
}

# start_server TAG STREAM SED CMD...: spawn a server with outputs
# $out/TAG.out / $out/TAG.err, wait (5 s) until SED finds its port in
# $out/TAG.STREAM; sets srvpid and port; 1 if it did not come up.
start_server() {
  local tag=$1 stream=$2 expr=$3 i
  shift 3
  spawn "$out/$tag.out" "$out/$tag.err" "$@"
  srvpid=$bgpid
  port=
  for ((i = 0; i < 100; i++)); do
    port=$(sed -n "$expr" "$out/$tag.$stream" 2>/dev/null | head -n 1)
    [ -n "$port" ] && return 0
    kill -0 "$srvpid" 2>/dev/null || break
    sleep 0.05
  done
  stop "$srvpid"
  return 1
}
SED_S_SERVER='s/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'
SED_TLSD='s/^tlsd: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'
SED_TLSS='s/^tlss: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'
SED_BINDLO='s/.*bindlo: bound 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p'

# ---------------------------------------------------------------------------
# Results. A case collects problems (probs) and files worth showing (shows),
# then verdict prints one PASS or FAIL line.
npass=0
nfail=0
nskip=0
probs=()
shows=()
begin() {
  probs=()
  shows=()
}
problem() { probs+=("$*"); }
show() { shows+=("$@"); }
verdict() { # verdict NAME WHAT-PASSED
  local f
  if [ ${#probs[@]} -eq 0 ]; then
    echo "PASS $1: $2"
    npass=$((npass + 1))
    return
  fi
  local joined
  joined=$(printf '%s; ' "${probs[@]}")
  echo "FAIL $1: ${joined%; }"
  nfail=$((nfail + 1))
  for f in "${shows[@]}"; do
    [ -s "$f" ] || continue
    echo "    --- ${f#"$out"/}"
    cut -c1-160 "$f" | head -n 30 | sed 's/^/    | /'
  done
}
skip() {
  echo "SKIP $1: $2"
  nskip=$((nskip + 1))
}

# want FILE LINE: FILE has exactly this line. want_re FILE ERE. want_no_re FILE ERE.
want() {
  grep -qFx -- "$2" "$1" 2>/dev/null || problem "${1##*/} lacks \"$(printf '%.80s' "$2")\""
}
want_re() { grep -qE -- "$2" "$1" 2>/dev/null || problem "${1##*/} has no line /$2/"; }
want_no_re() { ! grep -qE -- "$2" "$1" 2>/dev/null || problem "${1##*/} has a line /$2/"; }

# same OURS REF: the two fact files are identical.
same() {
  local d=$1.diff
  if ! diff -u --label "system libssl" --label "ours" "$2" "$1" >"$d"; then
    problem "facts differ from the system libssl's (${d##*/})"
    show "$d"
  fi
}

# lib_is ERRFILE ours|ref: the program said it loaded the right libssl (the
# path the loader used, symlinks not resolved, as in demo.sh).
lib_is() {
  local p d
  p=$(sed -n 's/^[a-z]*: libssl loaded from //p' "$1" 2>/dev/null | head -n 1)
  d=$(cd "$(dirname "${p:-/nonexistent/x}")" 2>/dev/null && pwd)
  if [ "$2" = ours ]; then
    [ "$d/${p##*/}" = "$ourlib" ] || problem "${1##*/}: ran on '${p:-?}', not on $ourlib"
  else
    [ -n "$p" ] && [ "$d/${p##*/}" != "$ourlib" ] || problem "${1##*/}: reference ran on '${p:-?}'"
  fi
}

# rc_normal NAME RC [OK...]: RC is one of the OK statuses (default 0);
# otherwise name the crash, timeout or status.
rc_normal() {
  local name=$1 rc=$2 ok
  shift 2
  for ok in "${@:-0}"; do
    [ "$rc" = "$ok" ] && return 0
  done
  case $rc in
    124) problem "$name did not finish in time (killed)" ;;
    3) problem "$name hit its internal alarm (stuck)" ;;
    13[0-9] | 1[4-9][0-9]) problem "$name died of signal $((rc - 128))" ;;
    *) problem "$name exited with status $rc" ;;
  esac
}

reverse() { awk '{ s = ""; for (i = length($0); i > 0; i--) s = s substr($0, i, 1); print s }'; }

# ---------------------------------------------------------------------------
# Build.
CC=${CC:-gcc}
CFLAGS=(-std=c11 -Wall -Wextra -O2)
mkdir -p "$bin"
"$CC" "${CFLAGS[@]}" -o "$bin/tlsc" "$here/peers/tlsc.c" -lssl -lcrypto &&
  "$CC" "${CFLAGS[@]}" -o "$bin/tlss" "$here/peers/tlss.c" -lssl -lcrypto &&
  "$CC" "${CFLAGS[@]}" -o "$bin/tlsd" "$here/demo/tlsd.c" -lssl -lcrypto &&
  "$CC" "${CFLAGS[@]}" -shared -fPIC -o "$bin/bindlo.so" "$here/peers/bindlo.c" -ldl ||
  die "building the peer programs failed"
tlsc=$bin/tlsc
tlss=$bin/tlss
tlsd=$bin/tlsd

echo "peers: ours = $ourlib (${PEERS_INJECT:-ldpath}); system: $(openssl version)"

# Every libssl function our programs call must be exported by our library
# (the loader binds lazily: a missing one would only show up mid-test).
begin
exported=$(nm -D --defined-only "$ourlib" 2>/dev/null | awk '{ print $NF }' | sed 's/@.*//' | sort -u)
for p in "$tlsc" "$tlss" "$tlsd"; do
  for s in $(nm -D --undefined-only "$p" | awk '{ print $NF }' | sed 's/@.*//' |
    grep -E '^(SSL_|TLS_|OPENSSL_init_ssl)'); do
    grep -qFx "$s" <<<"$exported" || problem "${p##*/} calls $s, which ours does not export"
  done
done
verdict 0.symbols "every libssl function tlsc/tlss/tlsd call is exported by ours"

have_gnutls=1
for t in gnutls-cli gnutls-serv; do
  command -v "$t" >/dev/null || have_gnutls=0
done
if [ $have_gnutls = 0 ] && [ "${PEERS_REQUIRE_GNUTLS:-0}" = 1 ]; then
  die "gnutls-cli/gnutls-serv not installed (Debian package gnutls-bin) and PEERS_REQUIRE_GNUTLS=1"
fi

# Messages for the line round trips: a short one and a 3300-byte one.
msg1="hello from tlsc"
msg2=$(printf 'peers-%04d;' $(seq 1 300))
rev1=$(printf '%s\n' "$msg1" | reverse)
rev2=$(printf '%s\n' "$msg2" | reverse)

keyname() { [ "$1" = rsa ] && echo RSA || echo EC; }
certof() { [ "$1" = rsa ] && echo "$certdir/server.pem" || echo "$certdir/server-ec.pem"; }
keyof() { [ "$1" = rsa ] && echo "$certdir/server.key" || echo "$certdir/server-ec.key"; }
vername() { [ "$1" = tls12 ] && echo TLSv1.2 || echo TLSv1.3; }

# ---------------------------------------------------------------------------
# 1. Our client -> openssl s_server -rev (each line comes back reversed).
for k in rsa ec; do
  if ! start_server "1.$k.s_server" out "$SED_S_SERVER" "${SYS[@]}" openssl s_server \
    -accept 127.0.0.1:0 -cert "$(certof $k)" -key "$(keyof $k)" -rev; then
    begin
    problem "openssl s_server did not start"
    show "$out/1.$k.s_server.err"
    verdict "1.$k" "s_server"
    continue
  fi
  for v in tls12 tls13; do
    begin
    for m in ours ref; do
      f=$out/1.$k.$v.$m
      if [ $m = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi
      timeout -k 2 25 "${envv[@]}" "$tlsc" -m "$msg1" -m "$msg2" localhost "$port" "$ca" $v \
        >"$f.out" 2>"$f.err"
      rc_normal "tlsc ($m)" $?
      lib_is "$f.err" $m
      show "$f.out" "$f.err"
    done
    f=$out/1.$k.$v.ours.out
    want "$f" "handshake: ok"
    want "$f" "version: $(vername $v)"
    want "$f" "verify: 0"
    want "$f" "peer: CN=localhost $(keyname $k)"
    want "$f" "reply1: $rev1"
    want "$f" "reply2: $rev2"
    want "$f" "shutdown: 0"
    same "$f" "$out/1.$k.$v.ref.out"
    verdict "1.$k.$v" "our client -> openssl s_server -rev ($(keyname $k)): $(vername $v), verify 0, 15- and 3300-byte lines came back reversed, facts = system libssl's"
  done
  stop "$srvpid"
done

# ---------------------------------------------------------------------------
# 2 and 3a. openssl s_client and gnutls-cli -> tlsd, ours and the reference.
# sc_facts / gc_facts reduce a client's output to comparable facts.
sc_facts() { # OUT ERR TLSD_LOG REQUEST
  sed -n -e 's/^Protocol version: /protocol: /p' -e 's/^Verification: /verification: /p' "$2"
  grep -E '^(HTTP/|hello from tlsd|your request:)' "$1" | tr -d '\r'
  grep -F "\"$4\"" "$3" | sed 's/^tlsd: #[0-9]* /tlsd: /'
}
gc_facts() { # OUT ERR TLSD_LOG REQUEST
  sed -n -e 's/^- Description: (\(TLS1\.[0-9]\)-.*/protocol: \1/p' \
    -e 's/^- Status: The certificate is trusted\. *$/status: trusted/p' \
    -e 's/^- Peer has closed the GnuTLS connection$/closed: close_notify/p' "$1"
  grep -E '^(HTTP/|hello from tlsd|your request:)' "$1" | tr -d '\r'
  grep -F "\"$4\"" "$3" | sed 's/^tlsd: #[0-9]* /tlsd: /'
}
declare -A tlsd_pid tlsd_port tlsd_served tlsd_rc
for k in rsa ec; do
  for m in ours ref; do
    if [ $m = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi
    if start_server "2.$k.tlsd.$m" err "$SED_TLSD" "${envv[@]}" "$tlsd" 0 "$(certof $k)" "$(keyof $k)"; then
      tlsd_pid[$k.$m]=$srvpid
      tlsd_port[$k.$m]=$port
      tlsd_served[$k.$m]=0
    fi
  done
  for v in tls12 tls13; do
    # 2. openssl s_client
    begin
    for m in ours ref; do
      f=$out/2.$k.$v.$m
      req="GET /s_client-$k-$v HTTP/1.0"
      if [ -z "${tlsd_port[$k.$m]:-}" ]; then
        problem "tlsd ($m) did not start"
        show "$out/2.$k.tlsd.$m.err"
        continue
      fi
      printf '%s\r\n\r\n' "$req" |
        timeout -k 2 15 "${SYS[@]}" openssl s_client -connect "127.0.0.1:${tlsd_port[$k.$m]}" \
          -servername localhost -verify_hostname localhost -CAfile "$ca" \
          -verify_return_error -brief -ign_eof "-${v/tls1/tls1_}" >"$f.out" 2>"$f.err"
      rc_normal "s_client -> tlsd ($m)" $?
      tlsd_served[$k.$m]=$((tlsd_served[$k.$m] + 1))
      wait_for "$out/2.$k.tlsd.$m.err" "\"$req\"" 20
      sc_facts "$f.out" "$f.err" "$out/2.$k.tlsd.$m.err" "$req" >"$f.facts"
      show "$f.out" "$f.err"
    done
    f=$out/2.$k.$v.ours.facts
    want "$f" "protocol: $(vername $v)"
    want "$f" "verification: OK"
    want "$f" "HTTP/1.0 200 OK"
    want "$f" "hello from tlsd over $(vername $v)"
    want "$f" "your request: GET /s_client-$k-$v HTTP/1.0"
    want_re "$f" "^tlsd: $(vername $v), read [0-9]+ bytes, wrote [1-9][0-9]* bytes, "
    [ -s "$out/2.$k.$v.ref.facts" ] && same "$f" "$out/2.$k.$v.ref.facts"
    show "$out/2.$k.tlsd.ours.err"
    verdict "2.$k.$v" "openssl s_client -> our server ($(keyname $k)): $(vername $v), Verification: OK, response arrived, facts = system libssl's"

    # 3a. gnutls-cli
    if [ $have_gnutls = 0 ]; then
      skip "3.cli.$k.$v" "gnutls-cli not installed (Debian package gnutls-bin)"
      continue
    fi
    begin
    gv=${v/tls1/TLS1.}
    for m in ours ref; do
      f=$out/3.cli.$k.$v.$m
      req="GET /gnutls-cli-$k-$v HTTP/1.0"
      [ -n "${tlsd_port[$k.$m]:-}" ] || {
        problem "tlsd ($m) did not start"
        continue
      }
      printf '%s\n\n' "$req" |
        timeout -k 2 15 "${SYS[@]}" gnutls-cli --crlf --x509cafile "$ca" \
          --verify-hostname localhost --sni-hostname localhost \
          --priority "NORMAL:-VERS-ALL:+VERS-$gv" -p "${tlsd_port[$k.$m]}" 127.0.0.1 \
          >"$f.out" 2>"$f.err"
      rc_normal "gnutls-cli -> tlsd ($m)" $?
      tlsd_served[$k.$m]=$((tlsd_served[$k.$m] + 1))
      wait_for "$out/2.$k.tlsd.$m.err" "\"$req\"" 20
      gc_facts "$f.out" "$f.err" "$out/2.$k.tlsd.$m.err" "$req" >"$f.facts"
      show "$f.out" "$f.err"
    done
    f=$out/3.cli.$k.$v.ours.facts
    want "$f" "protocol: $gv"
    want "$f" "status: trusted"
    want "$f" "HTTP/1.0 200 OK"
    want "$f" "hello from tlsd over $(vername $v)"
    want "$f" "your request: GET /gnutls-cli-$k-$v HTTP/1.0"
    want "$f" "closed: close_notify"
    want_re "$f" "^tlsd: $(vername $v), read [0-9]+ bytes, wrote [1-9][0-9]* bytes, "
    [ -s "$out/3.cli.$k.$v.ref.facts" ] && same "$f" "$out/3.cli.$k.$v.ref.facts"
    show "$out/2.$k.tlsd.ours.err"
    verdict "3.cli.$k.$v" "gnutls-cli -> our server ($(keyname $k)): $gv, certificate trusted, response and close_notify arrived, facts = system libssl's"
  done
  # The daemons stop cleanly on SIGTERM, having logged every connection.
  for m in ours ref; do
    [ -n "${tlsd_pid[$k.$m]:-}" ] || continue
    stop "${tlsd_pid[$k.$m]}"
    tlsd_rc[$k.$m]=$rc
  done
  begin
  for m in ours ref; do
    log=$out/2.$k.tlsd.$m.err
    [ -n "${tlsd_pid[$k.$m]:-}" ] || {
      problem "tlsd ($m) did not start"
      show "$log"
      continue
    }
    [ $m = ours ] && lib_is "$log" ours
    rc_normal "tlsd ($m)" "${tlsd_rc[$k.$m]}"
    n=$(grep -cE '^tlsd: #[0-9]+ TLSv' "$log")
    [ "$n" = "${tlsd_served[$k.$m]}" ] || problem "tlsd ($m) logged $n connections, expected ${tlsd_served[$k.$m]}"
    want_no_re "$log" 'handshake failed'
    show "$log"
  done
  verdict "tlsd.$k" "our tlsd ($(keyname $k)) served all ${tlsd_served[$k.ours]:-0} connections and exited 0 on SIGTERM"
done

# ---------------------------------------------------------------------------
# 3b. Our client -> gnutls-serv --echo. gnutls-serv binds the wildcard address
# and has no option to change that: bindlo.so moves its sockets to loopback
# and reports the port.
for k in rsa ec; do
  if [ $have_gnutls = 0 ]; then
    skip "3.serv.$k" "gnutls-serv not installed (Debian package gnutls-bin)"
    continue
  fi
  begin
  gs=$(command -v gnutls-serv)
  if [ -u "$gs" ] || [ -g "$gs" ]; then
    problem "$gs is setuid/setgid: LD_PRELOAD would be ignored, it would listen on all interfaces"
    verdict "3.serv.$k" "-"
    continue
  fi
  if ! start_server "3.serv.$k.gnutls-serv" err "$SED_BINDLO" "${SYS[@]}" \
    "LD_PRELOAD=$bin/bindlo.so" gnutls-serv -p 0 --echo \
    --x509certfile "$(certof $k)" --x509keyfile "$(keyof $k)"; then
    problem "gnutls-serv did not start on loopback"
    show "$out/3.serv.$k.gnutls-serv.out" "$out/3.serv.$k.gnutls-serv.err"
    verdict "3.serv.$k" "-"
    continue
  fi
  for v in tls12 tls13; do
    begin
    for m in ours ref; do
      f=$out/3.serv.$k.$v.$m
      if [ $m = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi
      timeout -k 2 25 "${envv[@]}" "$tlsc" -m "$msg1" -m "$msg2" localhost "$port" "$ca" $v \
        >"$f.out" 2>"$f.err"
      rc_normal "tlsc ($m)" $?
      lib_is "$f.err" $m
      show "$f.out" "$f.err"
    done
    f=$out/3.serv.$k.$v.ours.out
    want "$f" "handshake: ok"
    want "$f" "version: $(vername $v)"
    want "$f" "verify: 0"
    want "$f" "peer: CN=localhost $(keyname $k)"
    want "$f" "reply1: $msg1"
    want "$f" "reply2: $msg2"
    want "$f" "shutdown: 0"
    same "$f" "$out/3.serv.$k.$v.ref.out"
    verdict "3.serv.$k.$v" "our client -> gnutls-serv --echo ($(keyname $k)): $(vername $v), verify 0, both lines echoed, facts = system libssl's"
  done
  stop "$srvpid"
done

# ---------------------------------------------------------------------------
# 4a. The server asks for a renegotiation (openssl s_server -tls1_2, "r" on its
# stdin sends a HelloRequest) while our client waits for a reply. rustls cannot
# renegotiate: a correct refusal answers with a no_renegotiation warning alert,
# which OpenSSL's server treats as fatal ("no renegotiation" error, fatal
# handshake_failure alert to the client). Our client must survive that: the
# pending SSL_read fails cleanly with the received alert, nothing hangs.
# References: the same tlsc on the system libssl configured to refuse
# renegotiation (Options = NoRenegotiation) must print the same facts; and on
# the default system libssl (which renegotiates) as a control that the server
# really asked and keeps the connection when the client complies.
cat >"$tmp/noreneg.cnf" <<'EOF'
openssl_conf = peers_init
[peers_init]
ssl_conf = peers_ssl
[peers_ssl]
system_default = peers_defaults
[peers_defaults]
Options = NoRenegotiation
EOF

reneg_server_asks() { # TAG ENV...: leaves $out/4a.TAG.{out,err}, srv.{out,err}; sets crc
  local tag=$1 fifo=$tmp/4a.$1.fifo
  shift
  crc=
  mkfifo "$fifo"
  exec {feed}<>"$fifo" # held open read-write: writes never block or fail
  if ! SPAWN_IN=$fifo start_server "4a.$tag.srv" out "$SED_S_SERVER" "${SYS[@]}" openssl s_server \
    -accept 127.0.0.1:0 -cert "$certdir/server.pem" -key "$certdir/server.key" -tls1_2; then
    exec {feed}>&-
    feed=
    return 1
  fi
  local s=$out/4a.$tag.srv
  spawn "$out/4a.$tag.out" "$out/4a.$tag.err" "$@" "$tlsc" -m first -m second localhost "$port" "$ca" tls12
  local cpid=$bgpid
  if wait_for "$s.out" '^first$' 50 "$cpid"; then
    echo r >&"$feed"                               # HelloRequest
    wait_for "$s.err" 'no renegotiation' 10 "$cpid" # refused (or renegotiated meanwhile)
    echo pong >&"$feed"                            # reply to "first"
    wait_for "$s.out" '^second$' 30 "$cpid" && echo pong2 >&"$feed"
  fi
  reap "$cpid" 100
  crc=$rc
  stop "$srvpid"
  exec {feed}>&-
  feed=
  return 0
}

begin
if reneg_server_asks ours "${OURS[@]}"; then
  f=$out/4a.ours
  lib_is "$f.err" ours
  rc_normal "tlsc" "$crc" 0 1
  want "$f.out" "handshake: ok"
  want "$f.out" "version: TLSv1.2"
  want "$f.out" "write1: ok 6"
  want_re "$out/4a.ours.srv.err" 'no renegotiation'
  want_re "$f.out" '^reply1: failed ret=-?[0-9]+ ssl_error=1 err=lib=20 reason=1040$'
  want_no_re "$f.out" '^reply1: pong$'
  show "$f.out" "$f.err" "$out/4a.ours.srv.out" "$out/4a.ours.srv.err"
else
  problem "openssl s_server did not start"
fi
obs=$(grep -o 'no renegotiation' "$out/4a.ours.srv.err" 2>/dev/null | head -n 1)
verdict 4a.refused "s_server -tls1_2 sent HelloRequest; our client answered no_renegotiation (server: \"${obs:-?}\", then its fatal handshake_failure alert), our SSL_read failed cleanly with SSL_ERROR_SSL/alert 40, no crash, no hang"

begin
if reneg_server_asks ref "${REF[@]}" "OPENSSL_CONF=$tmp/noreneg.cnf"; then
  lib_is "$out/4a.ref.err" ref
  rc_normal "tlsc (system, NoRenegotiation)" "$crc" 0 1
  want_re "$out/4a.ref.srv.err" 'no renegotiation'
  show "$out/4a.ref.srv.err"
  same "$out/4a.ours.out" "$out/4a.ref.out"
else
  problem "openssl s_server did not start"
fi
verdict 4a.ref "same facts as the system libssl configured with NoRenegotiation"

begin
if reneg_server_asks control "${REF[@]}"; then
  lib_is "$out/4a.control.err" ref
  rc_normal "tlsc (system, default)" "$crc"
  want "$out/4a.control.out" "reply1: pong"
  want "$out/4a.control.out" "reply2: pong2"
  want_no_re "$out/4a.control.srv.err" 'no renegotiation'
  show "$out/4a.control.out" "$out/4a.control.srv.err"
else
  problem "openssl s_server did not start"
fi
verdict 4a.control "the system libssl with default options renegotiates on the same request and the connection carries on (so the server really asked)"

# ---------------------------------------------------------------------------
# 4b. The client asks for a renegotiation: openssl s_client -tls1_2 sends a
# new ClientHello when it reads "R" on stdin. A correct refusal answers with a
# no_renegotiation alert, upon which s_client gives up ("no renegotiation"
# error, fatal handshake_failure alert to the server). The server (tlss) must
# see the connection end with that alert, not crash, not hang. OpenSSL 3 also
# refuses client-initiated renegotiation by default, so the same tlss on the
# system libssl is the reference.
reneg_client_asks() { # TAG ENV...: leaves $out/4b.TAG.{out,err}, sc.{out,err}; sets src, scrc
  local tag=$1 fifo=$tmp/4b.$1.fifo
  shift
  src=
  scrc=
  if ! start_server "4b.$tag" err "$SED_TLSS" "$@" "$tlss" 0 "$certdir/server.pem" "$certdir/server.key" tls12; then
    return 1
  fi
  local spid=$srvpid
  mkfifo "$fifo"
  exec {feed}<>"$fifo"
  SPAWN_IN=$fifo spawn "$out/4b.$tag.sc.out" "$out/4b.$tag.sc.err" "${SYS[@]}" openssl s_client \
    -connect "127.0.0.1:$port" -servername localhost -CAfile "$ca" -verify_return_error -tls1_2
  local cpid=$bgpid
  if wait_for "$out/4b.$tag.out" '^handshake: ' 50 "$spid"; then
    echo "line before renegotiation" >&"$feed"
    wait_for "$out/4b.$tag.out" '^read1: ' 30 "$spid" && echo R >&"$feed"
  fi
  reap "$cpid" 50
  scrc=$rc
  exec {feed}>&-
  feed=
  reap "$spid" 50
  src=$rc
  return 0
}

begin
if reneg_client_asks ours "${OURS[@]}"; then
  f=$out/4b.ours
  lib_is "$f.err" ours
  rc_normal "tlss" "$src" 0 1
  want "$f.out" "handshake: ok"
  want "$f.out" "version: TLSv1.2"
  want "$f.out" "read1: line before renegotiation"
  want "$f.out" "echo1: ok"
  want_re "$f.out" '^read2: failed ret=-?[0-9]+ ssl_error=1 err=lib=20 reason=1040$'
  want_re "$f.out" '^shutdown: '
  want_re "$f.sc.err" '^RENEGOTIATING'
  want_re "$f.sc.err" 'no renegotiation'
  case $scrc in
    0) problem "s_client exited 0 (did it renegotiate?)" ;;
    124) problem "s_client still running after the renegotiation attempt (killed)" ;;
  esac
  show "$f.out" "$f.err" "$f.sc.err"
else
  problem "tlss did not start"
fi
verdict 4b.refused "s_client -tls1_2 \"R\": our server answered no_renegotiation (s_client: \"no renegotiation\", exit $scrc), our SSL_read then failed cleanly with SSL_ERROR_SSL/alert 40, server exited normally"

begin
if reneg_client_asks ref "${REF[@]}"; then
  lib_is "$out/4b.ref.err" ref
  rc_normal "tlss (system)" "$src" 0 1
  want_re "$out/4b.ref.sc.err" 'no renegotiation'
  show "$out/4b.ref.sc.err"
  same "$out/4b.ours.out" "$out/4b.ref.out"
else
  problem "tlss (system) did not start"
fi
verdict 4b.ref "same facts as the system libssl (which refuses client-initiated renegotiation by default)"

# ---------------------------------------------------------------------------
# 4c. gnutls-cli --rehandshake: right after the handshake GnuTLS sends a new
# ClientHello (TLS 1.2). A correct refusal: GnuTLS reports the
# no_renegotiation alert and gives up the rehandshake; the daemon logs the
# connection, keeps serving (a normal request right after must work) and
# stops cleanly.
for m in ours ref; do
  begin
  if [ $have_gnutls = 0 ]; then
    skip "4c.$m" "gnutls-cli not installed (Debian package gnutls-bin)"
    continue
  fi
  if [ $m = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi
  if ! start_server "4c.$m.tlsd" err "$SED_TLSD" "${envv[@]}" "$tlsd" 0 "$certdir/server.pem" "$certdir/server.key"; then
    problem "tlsd did not start"
    verdict "4c.$m" "-"
    continue
  fi
  f=$out/4c.$m
  timeout -k 2 15 "${SYS[@]}" gnutls-cli --rehandshake --x509cafile "$ca" \
    --verify-hostname localhost --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" \
    -p "$port" 127.0.0.1 </dev/null >"$f.out" 2>"$f.err"
  grc=$?
  printf 'GET /after-rehandshake HTTP/1.0\n\n' |
    timeout -k 2 15 "${SYS[@]}" gnutls-cli --crlf --x509cafile "$ca" --verify-hostname localhost \
      --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" -p "$port" 127.0.0.1 >"$f.after.out" 2>"$f.after.err"
  arc=$?
  wait_for "$out/4c.$m.tlsd.err" '"GET /after-rehandshake HTTP/1.0"' 20
  stop "$srvpid"
  trc=$rc
  log=$out/4c.$m.tlsd.err
  lib_is "$log" $m
  want_re "$f.out" '^- Handshake was completed'
  want_re "$f.out" 'Received alert \[100\]'
  want_re "$f.err" 'ReHandshake has failed'
  case $grc in
    0) problem "gnutls-cli --rehandshake exited 0 (did the rehandshake succeed?)" ;;
    124) problem "gnutls-cli --rehandshake did not finish (killed)" ;;
  esac
  want_re "$log" '^tlsd: #1 TLSv1\.2, read 0 bytes, wrote 0 bytes, ""$'
  rc_normal "gnutls-cli (request after the refused rehandshake)" $arc
  want "$f.after.out" "your request: GET /after-rehandshake HTTP/1.0"
  want_re "$log" '^tlsd: #2 TLSv1\.2, read [0-9]+ bytes, wrote [1-9][0-9]* bytes, "GET /after-rehandshake HTTP/1\.0"$'
  rc_normal "tlsd" $trc
  show "$f.out" "$f.err" "$log"
  nalerts=$(grep -c 'Received alert \[100\]' "$f.out")
  how=$(grep -E '^\*\*\* Fatal error' "$f.err" | head -n 1 | sed 's/^\*\*\* Fatal error: //')
  [ $m = ours ] && who="our tlsd" || who="tlsd on the system libssl"
  verdict "4c.$m" "gnutls-cli --rehandshake: $who refused (${nalerts} no_renegotiation alert(s) seen by GnuTLS, then \"${how:-?}\"), served the next request, stopped cleanly"
done

# ---------------------------------------------------------------------------
# 5. Verification failures with SSL_VERIFY_PEER: SSL_connect fails with
# SSL_R_CERTIFICATE_VERIFY_FAILED and SSL_get_verify_result gives the reason;
# the server should see the matching alert. Facts (including which alert
# s_server reports) must equal the system libssl's.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=peers wrong CA" -keyout "$tmp/wrongca.key" -out "$tmp/wrongca.pem" >/dev/null 2>&1 ||
  die "cannot create a throw-away CA"

# server_alert LOG FROM_LINE: the alert s_server reported for the last
# connection. Waits (at most 1 s) for the failure to be logged: the error
# line, or "CONNECTION FAILURE" and 0.2 s more for an error line after it.
server_alert() {
  local i a settle=-1
  for ((i = 0; i < 20 && settle != 0; i++)); do
    tail -n +"$2" "$1" | grep -q ':error:' && break
    if [ $settle -lt 0 ] && tail -n +"$2" "$1" | grep -q 'CONNECTION FAILURE'; then
      settle=4
    fi
    [ $settle -gt 0 ] && settle=$((settle - 1))
    sleep 0.05
  done
  a=$(tail -n +"$2" "$1" | grep -o 'alert [a-z][a-z ]*[a-z]' | head -n 1)
  echo "server_saw: ${a:-no alert}"
}

for chain in leaf chain; do
  if [ $chain = leaf ]; then extra=(); else extra=(-cert_chain "$ca"); fi
  if ! start_server "5.$chain.s_server" out "$SED_S_SERVER" "${SYS[@]}" openssl s_server \
    -accept 127.0.0.1:0 -cert "$certdir/server.pem" -key "$certdir/server.key" "${extra[@]}" -rev; then
    begin
    problem "openssl s_server did not start"
    verdict "5.$chain" "-"
    continue
  fi
  if [ $chain = leaf ]; then
    scenarios=("unknown-issuer 20 $tmp/wrongca.pem localhost" "hostname-mismatch 62 $ca wronghost")
  else
    scenarios=("untrusted-root-in-chain 19 $tmp/wrongca.pem localhost")
  fi
  for sc in "${scenarios[@]}"; do
    read -r name code cafile hostname <<<"$sc"
    for v in tls12 tls13; do
      begin
      for m in ours ref; do
        f=$out/5.$name.$v.$m
        if [ $m = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi
        from=$(($(wc -l <"$out/5.$chain.s_server.err") + 1))
        timeout -k 2 25 "${envv[@]}" "$tlsc" -H "$hostname" localhost "$port" "$cafile" $v \
          >"$f.out" 2>"$f.err"
        rc_normal "tlsc ($m)" $? 1
        lib_is "$f.err" $m
        cp "$f.out" "$f.facts"
        server_alert "$out/5.$chain.s_server.err" "$from" >>"$f.facts"
        show "$f.facts" "$f.err"
      done
      f=$out/5.$name.$v.ours.facts
      want "$f" "handshake: failed ret=-1 ssl_error=1 err=lib=20 reason=134"
      want "$f" "verify: $code"
      same "$f" "$out/5.$name.$v.ref.facts"
      verdict "5.$name.$v" "our client rejects the server ($(vername $v)): SSL_connect -1, SSL_ERROR_SSL, certificate verify failed, verify result $code, server saw the same alert as with the system libssl"
    done
  done
  stop "$srvpid"
done

# ---------------------------------------------------------------------------
# 6. The server requires a client certificate and our client has none
# (openssl s_server -Verify 1). TLS 1.2: the server's fatal alert ends
# SSL_connect. TLS 1.3: the client's handshake completes first, the server's
# certificate_required alert arrives at the first SSL_read after it: a fatal
# alert on an established connection, and what SSL_read, SSL_shutdown and
# SSL_get_shutdown report then must match the system libssl.
if start_server "6.s_server" out "$SED_S_SERVER" "${SYS[@]}" openssl s_server \
  -accept 127.0.0.1:0 -cert "$certdir/server.pem" -key "$certdir/server.key" \
  -Verify 1 -CAfile "$ca" -rev; then
  for v in tls12 tls13; do
    begin
    for m in ours ref; do
      f=$out/6.$v.$m
      if [ $m = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi
      timeout -k 2 25 "${envv[@]}" "$tlsc" -m "$msg1" localhost "$port" "$ca" $v >"$f.out" 2>"$f.err"
      rc_normal "tlsc ($m)" $? 1
      lib_is "$f.err" $m
      show "$f.out" "$f.err"
    done
    f=$out/6.$v.ours.out
    if [ $v = tls12 ]; then
      want "$f" "handshake: failed ret=-1 ssl_error=1 err=lib=20 reason=1040"
      what="SSL_connect fails with the server's handshake_failure alert"
    else
      want "$f" "handshake: ok"
      want_re "$f" '^reply1: failed ret=-?[0-9]+ ssl_error=1 err=lib=20 reason=1116$'
      what="handshake completes, the first SSL_read fails with the server's certificate_required alert"
    fi
    same "$f" "$out/6.$v.ref.out"
    verdict "6.client-cert-required.$v" "$what; facts = system libssl's"
  done
  stop "$srvpid"
else
  begin
  problem "openssl s_server did not start"
  show "$out/6.s_server.err"
  verdict 6 "-"
fi

# ---------------------------------------------------------------------------
[ $have_gnutls = 0 ] && echo "note: gnutls-bin is not installed; install it (apt-get install gnutls-bin) to run the GnuTLS cases"
[ $nskip -gt 0 ] && echo "note: $nskip case(s) skipped"
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
