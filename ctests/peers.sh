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
#          (make-certs.sh); server-ed, server-p384, server-p521, server-pss
#          .pem/.key (Ed25519, ECDSA P-384/P-521, RSA-PSS; make-server-keytypes.sh);
#          client, client-p384, client-ed .pem/.key (CN=client; RSA, ECDSA
#          P-384, Ed25519; make-client-certs.sh)
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
#   7a.*   tlsc (ours) -> openssl s_server -rev with Ed25519, ECDSA P-384,
#          ECDSA P-521 and RSA-PSS server certificates, TLS 1.2/1.3
#   7b.*   openssl s_client -> tlss (ours) with the same four certificates
#   8a.*   mutual TLS: tlsc (ours) with an RSA, P-384 or Ed25519 client
#          certificate -> openssl s_server -Verify 1 -CAfile ca.pem
#   8b.*   openssl s_client -cert/-key -> tlss -V ca.pem (ours requires and
#          verifies the client certificate)
#   8c.*   gnutls-cli --x509certfile/--x509keyfile -> tlss -V ca.pem
#   8d.*   tlsc (ours) with a client certificate -> gnutls-serv
#          --require-client-cert --verify-client-cert --x509cafile ca.pem
#   8c.chain / 8d.chain  the certificate list our side sends, as GnuTLS
#          counts it, equals the system libssl's
#
# Where ours and the system libssl legitimately choose differently among what
# the peer offered (the hash of an RSA-PSS/ECDSA signature, PKCS#1 v1.5 vs PSS
# for an RSA key in TLS 1.2) the case is not failed; the difference is printed
# as an indented "note:" under its PASS/FAIL line.
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
for f in ca.pem server.pem server.key server-ec.pem server-ec.key \
  server-ed.pem server-ed.key server-p384.pem server-p384.key server-p521.pem \
  server-p521.key server-pss.pem server-pss.key client.pem client.key \
  client-p384.pem client-p384.key client-ed.pem client-ed.key; do
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
# Results. A case collects problems (probs), files worth showing (shows) and
# notes (differences that are not failures), then verdict prints one PASS or
# FAIL line, and the notes under it.
npass=0
nfail=0
nskip=0
nnotes=0
probs=()
shows=()
notes=()
begin() {
  probs=()
  shows=()
  notes=()
}
problem() { probs+=("$*"); }
note() { notes+=("$*"); }
# note_diff WHAT OURS REF: a note when the two values (both known) differ.
note_diff() { [ -z "$2" ] || [ -z "$3" ] || [ "$2" = "$3" ] || note "$1: ours $2, system libssl $3"; }
print_notes() {
  local n
  for n in "${notes[@]}"; do
    echo "    note: $n"
    nnotes=$((nnotes + 1))
  done
}
show() { shows+=("$@"); }
verdict() { # verdict NAME WHAT-PASSED
  local f
  if [ ${#probs[@]} -eq 0 ]; then
    echo "PASS $1: $2"
    npass=$((npass + 1))
    print_notes
    return
  fi
  local joined
  joined=$(printf '%s; ' "${probs[@]}")
  echo "FAIL $1: ${joined%; }"
  nfail=$((nfail + 1))
  print_notes
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
# Helpers for 7 and 8.
# wait_after FILE FROM ERE TENTHS: 0 once a line numbered FROM or later in FILE
# matches ERE; 1 after TENTHS tenths of a second.
wait_after() {
  local i
  for ((i = 0; i < $4 * 2; i++)); do
    tail -n +"$2" "$1" 2>/dev/null | grep -qE -- "$3" && return 0
    sleep 0.05
  done
  return 1
}
next_line() { echo $(($(wc -l <"$1" 2>/dev/null || echo 0) + 1)); } # first line yet to come

# sc_brief OUT ERR: the facts of an `openssl s_client -brief` run (its summary,
# and each line it received, as "got: ...").
sc_brief() {
  sed -n -e 's/^Protocol version: /s_client: protocol: /p' \
    -e 's/^Ciphersuite: /s_client: ciphersuite: /p' \
    -e 's/^Peer certificate: /s_client: peer certificate: /p' \
    -e 's/^Signature type: /s_client: signature type: /p' \
    -e 's/^Verification: /s_client: verification: /p' \
    -e 's/^Verification error: /s_client: verification error: /p' "$2"
  tr -d '\r' <"$1" | sed 's/^/s_client: got: /'
}
hash_used() { sed -n 's/^Hash used: //p' "$1" 2>/dev/null | head -n 1; }
# peer_error WHO FILE: a problem naming the first OpenSSL error in FILE
# ("function: reason"), if there is one.
peer_error() {
  local e
  e=$(grep -m 1 ':error:' "$2" 2>/dev/null | awk -F: '{ print $5 ": " $6 }')
  [ -z "$e" ] || problem "with ours, $1 reported \"$e\""
}

# run_tlss TAG ENV... -- TLSS-ARGS... : start tlss (outputs $out/TAG.out/.err);
# sets srvpid and port, 1 if it did not come up.
run_tlss() {
  local tag=$1 envv=()
  shift
  while [ "$1" != -- ]; do
    envv+=("$1")
    shift
  done
  shift
  start_server "$tag" err "$SED_TLSS" "${envv[@]}" "$tlss" "$@"
}

# Server key types (7) and client certificates (8).
ktname() { case $1 in ed) echo Ed25519 ;; p384) echo "ECDSA P-384" ;; p521) echo "ECDSA P-521" ;; pss) echo RSA-PSS ;; esac; }
ktpeer() { case $1 in ed) echo "ED25519" ;; p384 | p521) echo EC ;; pss) echo RSA-PSS ;; esac; }
ktkey() { case $1 in ed) echo "ED25519 256" ;; p384) echo "EC 384 secp384r1" ;; p521) echo "EC 521 secp521r1" ;; pss) echo "RSA-PSS 2048" ;; esac; }
ktsig() { case $1 in ed) echo ed25519 ;; p384 | p521) echo ECDSA ;; pss) echo RSA-PSS ;; esac; }
ccname() { case $1 in client) echo RSA ;; client-p384) echo "ECDSA P-384" ;; client-ed) echo Ed25519 ;; esac; }
cckind() { case $1 in client) echo RSA ;; client-p384) echo EC ;; client-ed) echo ED25519 ;; esac; }
ccsig() { case $1 in client) echo RSA-PSS ;; client-p384) echo ECDSA ;; client-ed) echo ed25519 ;; esac; }
envof() { if [ "$1" = ours ]; then envv=("${OURS[@]}"); else envv=("${REF[@]}"); fi; }

# ---------------------------------------------------------------------------
# 7a. Our client -> openssl s_server -rev with an Ed25519, ECDSA P-384,
# ECDSA P-521 or RSA-PSS (id-RSASSA-PSS key) server certificate. In TLS 1.2
# the Ed25519 key signs with ed25519 in an ECDHE-ECDSA suite and the RSA-PSS key
# with rsa_pss_pss_* in an ECDHE-RSA suite; an ECDSA certificate is only usable
# in TLS 1.2 when its curve is in the client's supported_groups. Whatever the
# system libssl's run establishes, ours must establish too. What s_server logged
# for the connection (including the client's signature algorithms and, on a
# failure, its error) is kept in $out/7a.KEY.VER.M.srv.
for k in ed p384 p521 pss; do
  cert=$certdir/server-$k.pem key=$certdir/server-$k.key
  if ! start_server "7a.$k.s_server" out "$SED_S_SERVER" "${SYS[@]}" openssl s_server \
    -accept 127.0.0.1:0 -cert "$cert" -key "$key" -rev; then
    begin
    problem "openssl s_server did not start"
    show "$out/7a.$k.s_server.err"
    verdict "7a.$k" "s_server"
    continue
  fi
  log=$out/7a.$k.s_server.err
  for v in tls12 tls13; do
    begin
    for m in ours ref; do
      f=$out/7a.$k.$v.$m
      envof $m
      from=$(next_line "$log")
      timeout -k 2 25 "${envv[@]}" "$tlsc" -i -m "$msg1" -m "$msg2" localhost "$port" "$ca" $v \
        >"$f.out" 2>"$f.err"
      rc_normal "tlsc ($m)" $? 0 1
      lib_is "$f.err" $m
      wait_after "$log" "$from" '^(CONNECTION CLOSED|ERROR)|:error:' 20
      tail -n +"$from" "$log" >"$f.srv"
      show "$f.out" "$f.err" "$f.srv"
    done
    f=$out/7a.$k.$v.ours.out
    if [ "$k.$v" = pss.tls12 ]; then
      # Documented deviation (README): rustls cannot verify rsa_pss_pss_* signatures
      # in TLS 1.2, so our client refuses such a server cleanly where OpenSSL connects.
      want "$out/7a.$k.$v.ref.out" "handshake: ok"
      want_re "$f" "^handshake: failed ret=-1 ssl_error=1 err=lib=20 "
      verdict "7a.$k.$v" "deviation: our client refuses a TLS 1.2 server with an RSA-PSS key (rsa_pss_pss_* signature) with SSL_ERROR_SSL, no crash or hang; the system libssl connects"
      continue
    fi
    peer_error s_server "$out/7a.$k.$v.ours.srv"
    want "$f" "handshake: ok"
    want "$f" "version: $(vername $v)"
    want "$f" "verify: 0"
    want "$f" "peer: CN=localhost $(ktpeer $k)"
    want "$f" "peer_key: $(ktkey $k)"
    want "$f" "reply1: $rev1"
    want "$f" "reply2: $rev2"
    want "$f" "shutdown: 0"
    same "$f" "$out/7a.$k.$v.ref.out"
    verdict "7a.$k.$v" "our client -> openssl s_server -rev ($(ktname $k) certificate): $(vername $v), verify 0, peer key $(ktkey $k), $(sed -n 's/^cipher: //p' "$f"), both lines came back reversed, facts = system libssl's"
  done
  stop "$srvpid"
done

# ---------------------------------------------------------------------------
# 7b. openssl s_client -> our server (tlss -n 1: echoes one line, then sends
# close_notify, which ends s_client) with the same four certificates. Facts:
# s_client's summary (protocol, cipher suite, server certificate, the server's
# signature type, verification) and the line it got back, plus tlss's own.
for k in ed p384 p521 pss; do
  cert=$certdir/server-$k.pem key=$certdir/server-$k.key
  for v in tls12 tls13; do
    begin
    hashes=()
    msg="key type $k over $v"
    for m in ours ref; do
      f=$out/7b.$k.$v.$m
      envof $m
      if ! run_tlss "7b.$k.$v.$m" "${envv[@]}" -- -i -n 1 0 "$cert" "$key" $v; then
        problem "tlss ($m) did not start"
        show "$f.err"
        continue
      fi
      printf '%s\n' "$msg" |
        timeout -k 2 15 "${SYS[@]}" openssl s_client -connect "127.0.0.1:$port" \
          -servername localhost -verify_hostname localhost -CAfile "$ca" \
          -verify_return_error -brief -ign_eof "-${v/tls1/tls1_}" >"$f.sc.out" 2>"$f.sc.err"
      scrc=$?
      reap "$srvpid" 50
      rc_normal "tlss ($m)" $rc 0 1
      [ $scrc = 124 ] && problem "s_client ($m) did not finish (killed)"
      lib_is "$f.err" $m
      { sc_brief "$f.sc.out" "$f.sc.err"; sed 's/^/tlss: /' "$f.out"; } >"$f.facts"
      hashes+=("$(hash_used "$f.sc.err")")
      show "$f.facts" "$f.err" "$f.sc.err"
    done
    f=$out/7b.$k.$v.ours.facts
    if [ "$k.$v" = pss.tls12 ]; then
      # Documented deviation (README): rustls's TLS 1.2 cannot sign with an RSA-PSS
      # key, so our server refuses TLS 1.2 with such a key as OpenSSL refuses what it
      # cannot serve: no shared cipher, handshake_failure alert.
      want "$out/7b.$k.$v.ref.facts" "s_client: protocol: TLSv1.2"
      want "$f" "tlss: handshake: failed ret=-1 ssl_error=1 err=lib=20 reason=193"
      want_re "$out/7b.$k.$v.ours.sc.err" "alert handshake failure"
      verdict "7b.$k.$v" "deviation: our server refuses TLS 1.2 with an RSA-PSS key: no shared cipher (193) and a handshake_failure alert, as OpenSSL refuses what it cannot serve; the system libssl serves it"
      continue
    fi
    peer_error s_client "$out/7b.$k.$v.ours.sc.err"
    want "$f" "s_client: protocol: $(vername $v)"
    want "$f" "s_client: peer certificate: CN = localhost"
    want "$f" "s_client: signature type: $(ktsig $k)"
    want "$f" "s_client: verification: OK"
    want "$f" "s_client: got: $msg"
    want "$f" "tlss: handshake: ok"
    want "$f" "tlss: read1: $msg"
    want "$f" "tlss: echo1: ok"
    same "$f" "$out/7b.$k.$v.ref.facts"
    note_diff "hash of the server's $(ktsig $k) signature (s_client \"Hash used\")" "${hashes[0]:-}" "${hashes[1]:-}"
    verdict "7b.$k.$v" "openssl s_client -> our server ($(ktname $k) certificate): $(vername $v), signature type $(ktsig $k), Verification: OK, line echoed, facts = system libssl's"
  done
done

# ---------------------------------------------------------------------------
# 8. Mutual TLS with the client certificates of make-client-certs.sh (CN=client).
# 8a. Our client (tlsc -c CERT -k KEY) -> openssl s_server -Verify 1 -CAfile
# ca.pem -rev. s_server must log the client certificate as verified; its
# facts for the connection (verify callback lines, client certificate,
# the client's signature type, Verification) join tlsc's.
srv_facts() { # S_SERVER-SEGMENT
  grep -E '^(depth=|verify return:|verify error:|Protocol version: |Peer certificate: |No peer certificate|Signature type: |Verification: |Verification error: )' "$1" |
    sed -e 's/^Protocol version: /protocol version: /' -e 's/^Peer certificate: /peer certificate: /' \
      -e 's/^Signature type: /signature type: /' -e 's/^Verification: /verification: /' \
      -e 's/^/s_server: /'
}
if start_server "8a.s_server" out "$SED_S_SERVER" "${SYS[@]}" openssl s_server \
  -accept 127.0.0.1:0 -cert "$certdir/server.pem" -key "$certdir/server.key" \
  -Verify 1 -CAfile "$ca" -rev; then
  log=$out/8a.s_server.err
  for c in client client-p384 client-ed; do
    for v in tls12 tls13; do
      begin
      hashes=()
      for m in ours ref; do
        f=$out/8a.$c.$v.$m
        envof $m
        from=$(next_line "$log")
        timeout -k 2 25 "${envv[@]}" "$tlsc" -c "$certdir/$c.pem" -k "$certdir/$c.key" \
          -m "$msg1" localhost "$port" "$ca" $v >"$f.out" 2>"$f.err"
        rc_normal "tlsc ($m)" $? 0 1
        lib_is "$f.err" $m
        wait_after "$log" "$from" '^(CONNECTION CLOSED|ERROR)|:error:' 20
        tail -n +"$from" "$log" >"$f.srv"
        { cat "$f.out"; srv_facts "$f.srv"; } >"$f.facts"
        hashes+=("$(hash_used "$f.srv")")
        show "$f.facts" "$f.err" "$f.srv"
      done
      peer_error s_server "$out/8a.$c.$v.ours.srv"
      f=$out/8a.$c.$v.ours.facts
      want "$f" "handshake: ok"
      want "$f" "version: $(vername $v)"
      want "$f" "verify: 0"
      want "$f" "reply1: $rev1"
      want "$f" "shutdown: 0"
      want "$f" "s_server: depth=0 CN = client"
      want_no_re "$f" '^s_server: verify (return:0|error)'
      want "$f" "s_server: peer certificate: CN = client"
      want "$f" "s_server: signature type: $(ccsig $c)"
      want "$f" "s_server: verification: OK"
      same "$f" "$out/8a.$c.$v.ref.facts"
      note_diff "hash of the client's $(ccsig $c) signature (s_server \"Hash used\")" "${hashes[0]:-}" "${hashes[1]:-}"
      verdict "8a.$c.$v" "our client with the $(ccname $c) client certificate -> openssl s_server -Verify 1: $(vername $v), s_server verified it (Verification: OK, signature type $(ccsig $c)), line came back reversed, facts = system libssl's"
    done
  done
  stop "$srvpid"
else
  begin
  problem "openssl s_server did not start"
  show "$out/8a.s_server.err"
  verdict 8a "-"
fi

# 8b. openssl s_client -cert CERT -key KEY -> our server requiring a client
# certificate (tlss -V ca.pem -n 1): the server reports the client's subject
# CN, key type and SSL_get_verify_result.
for c in client client-p384 client-ed; do
  for v in tls12 tls13; do
    begin
    hashes=()
    msg="mutual TLS with $c over $v"
    for m in ours ref; do
      f=$out/8b.$c.$v.$m
      envof $m
      if ! run_tlss "8b.$c.$v.$m" "${envv[@]}" -- -V "$ca" -i -n 1 0 \
        "$certdir/server.pem" "$certdir/server.key" $v; then
        problem "tlss ($m) did not start"
        show "$f.err"
        continue
      fi
      printf '%s\n' "$msg" |
        timeout -k 2 15 "${SYS[@]}" openssl s_client -connect "127.0.0.1:$port" \
          -servername localhost -verify_hostname localhost -CAfile "$ca" \
          -cert "$certdir/$c.pem" -key "$certdir/$c.key" \
          -verify_return_error -brief -ign_eof "-${v/tls1/tls1_}" >"$f.sc.out" 2>"$f.sc.err"
      scrc=$?
      reap "$srvpid" 50
      rc_normal "tlss ($m)" $rc 0 1
      [ $scrc = 124 ] && problem "s_client ($m) did not finish (killed)"
      lib_is "$f.err" $m
      { sc_brief "$f.sc.out" "$f.sc.err"; sed 's/^/tlss: /' "$f.out"; } >"$f.facts"
      hashes+=("$(hash_used "$f.sc.err")")
      show "$f.facts" "$f.err" "$f.sc.err"
    done
    peer_error s_client "$out/8b.$c.$v.ours.sc.err"
    f=$out/8b.$c.$v.ours.facts
    want "$f" "s_client: protocol: $(vername $v)"
    want "$f" "s_client: verification: OK"
    want "$f" "s_client: got: $msg"
    want "$f" "tlss: handshake: ok"
    want "$f" "tlss: client: CN=client $(cckind $c)"
    want "$f" "tlss: client_verify: 0"
    want "$f" "tlss: read1: $msg"
    want "$f" "tlss: echo1: ok"
    same "$f" "$out/8b.$c.$v.ref.facts"
    note_diff "hash of the server's RSA signature (s_client \"Hash used\")" "${hashes[0]:-}" "${hashes[1]:-}"
    verdict "8b.$c.$v" "openssl s_client with the $(ccname $c) client certificate -> our server requiring one: $(vername $v), server: CN=client $(cckind $c), verify result 0; line echoed, facts = system libssl's"
  done
done

# 8c. gnutls-cli --x509certfile/--x509keyfile -> tlss -V ca.pem (echoes until
# gnutls-cli's close_notify after its stdin ends). The number of certificates
# GnuTLS received from our server is compared separately (8c.chain).
declare -A chain8c chain8d
for c in client client-p384 client-ed; do
  for v in tls12 tls13; do
    if [ $have_gnutls = 0 ]; then
      skip "8c.$c.$v" "gnutls-cli not installed (Debian package gnutls-bin)"
      continue
    fi
    begin
    sigs=()
    gv=${v/tls1/TLS1.}
    msg="gnutls-cli with $c over $v"
    for m in ours ref; do
      f=$out/8c.$c.$v.$m
      envof $m
      if ! run_tlss "8c.$c.$v.$m" "${envv[@]}" -- -V "$ca" -i 0 \
        "$certdir/server.pem" "$certdir/server.key" $v; then
        problem "tlss ($m) did not start"
        show "$f.err"
        continue
      fi
      printf '%s\n' "$msg" |
        timeout -k 2 15 "${SYS[@]}" gnutls-cli --x509cafile "$ca" \
          --x509certfile "$certdir/$c.pem" --x509keyfile "$certdir/$c.key" \
          --verify-hostname localhost --sni-hostname localhost \
          --priority "NORMAL:-VERS-ALL:+VERS-$gv" -p "$port" 127.0.0.1 >"$f.gc.out" 2>"$f.gc.err"
      rc_normal "gnutls-cli ($m)" $?
      reap "$srvpid" 50
      rc_normal "tlss ($m)" $rc
      lib_is "$f.err" $m
      {
        sed -n -e 's/^- Description: (\(TLS1\.[0-9]\)-.*/gnutls-cli: protocol: \1/p' \
          -e 's/^- Status: The certificate is trusted\. *$/gnutls-cli: status: trusted/p' \
          -e 's/^- Successfully sent \([0-9]*\) certificate(s) to server\.$/gnutls-cli: sent: \1 certificate(s)/p' \
          -e 's/^- Peer has closed the GnuTLS connection$/gnutls-cli: closed: close_notify/p' "$f.gc.out"
        grep -Fx -- "$msg" "$f.gc.out" | sed 's/^/gnutls-cli: got: /'
        sed 's/^/tlss: /' "$f.out"
      } >"$f.facts"
      chain8c[$c.$v.$m]=$(sed -n 's/^- Got a certificate list of \([0-9]*\) certificates\.$/\1/p' "$f.gc.out" | head -n 1)
      sigs+=("$(sed -n 's/^- Description: ([^)]*)-([^)]*)-(\([^)]*\))-.*/\1/p' "$f.gc.out" | head -n 1)")
      show "$f.facts" "$f.err" "$f.gc.err"
    done
    f=$out/8c.$c.$v.ours.facts
    want "$f" "gnutls-cli: protocol: $gv"
    want "$f" "gnutls-cli: status: trusted"
    want "$f" "gnutls-cli: sent: 1 certificate(s)"
    want "$f" "gnutls-cli: got: $msg"
    want "$f" "gnutls-cli: closed: close_notify"
    want "$f" "tlss: handshake: ok"
    want "$f" "tlss: client: CN=client $(cckind $c)"
    want "$f" "tlss: client_verify: 0"
    want "$f" "tlss: read1: $msg"
    want "$f" "tlss: shutdown: 1"
    same "$f" "$out/8c.$c.$v.ref.facts"
    note_diff "server's signature (gnutls-cli Description)" "${sigs[0]:-}" "${sigs[1]:-}"
    verdict "8c.$c.$v" "gnutls-cli with the $(ccname $c) client certificate -> our server requiring one: $gv, server: CN=client $(cckind $c), verify result 0; line echoed, close_notify both ways, facts = system libssl's"
  done
done

# chain_verdict NAME WHAT ARRAY-NAME: per connection, the certificate count
# seen with ours equals the one seen with the system libssl.
chain_verdict() {
  local -n counts=$3
  local c v d=""
  begin
  for c in client client-p384 client-ed; do
    for v in tls12 tls13; do
      d+="$c.$v: ours ${counts[$c.$v.ours]:-?}, system ${counts[$c.$v.ref]:-?}; "
      [ "${counts[$c.$v.ours]:-x}" = "${counts[$c.$v.ref]:-y}" ] ||
        problem "$c.$v: ours sent ${counts[$c.$v.ours]:-?} certificate(s), the system libssl ${counts[$c.$v.ref]:-?}"
    done
  done
  verdict "$1" "$2 (${d%; })"
}
[ $have_gnutls = 1 ] && chain_verdict 8c.chain \
  "certificates our server (tlss -V, leaf-only cert file, CA in its verify store) sent, as gnutls-cli counted them, = system libssl's" chain8c

# 8d. Our client with a client certificate -> gnutls-serv --echo
# --require-client-cert --verify-client-cert --x509cafile ca.pem. gnutls-serv
# logs, per connection, the client certificate it got and its verification
# status; those facts join tlsc's.
if [ $have_gnutls = 0 ]; then
  skip "8d" "gnutls-serv not installed (Debian package gnutls-bin)"
else
  gs=$(command -v gnutls-serv)
  if [ -u "$gs" ] || [ -g "$gs" ]; then
    begin
    problem "$gs is setuid/setgid: LD_PRELOAD would be ignored, it would listen on all interfaces"
    verdict 8d "-"
  elif ! start_server "8d.gnutls-serv" err "$SED_BINDLO" "${SYS[@]}" \
    "LD_PRELOAD=$bin/bindlo.so" gnutls-serv -p 0 --echo --require-client-cert \
    --verify-client-cert --x509cafile "$ca" \
    --x509certfile "$certdir/server.pem" --x509keyfile "$certdir/server.key"; then
    begin
    problem "gnutls-serv did not start on loopback"
    show "$out/8d.gnutls-serv.out" "$out/8d.gnutls-serv.err"
    verdict 8d "-"
  else
    log=$out/8d.gnutls-serv.out
    for c in client client-p384 client-ed; do
      for v in tls12 tls13; do
        begin
        sigs=()
        gv=${v/tls1/TLS1.}
        for m in ours ref; do
          f=$out/8d.$c.$v.$m
          envof $m
          from=$(next_line "$log")
          timeout -k 2 25 "${envv[@]}" "$tlsc" -i -c "$certdir/$c.pem" -k "$certdir/$c.key" \
            -m "$msg1" localhost "$port" "$ca" $v >"$f.out" 2>"$f.err"
          rc_normal "tlsc ($m)" $? 0 1
          lib_is "$f.err" $m
          wait_after "$log" "$from" "tls-exporter|[Ee]rror" 20
          tail -n +"$from" "$log" >"$f.srv"
          {
            cat "$f.out"
            sed -n -e 's/^- Version: /gnutls-serv: version: /p' \
              -e 's/^- Status: \(.*[^ ]\) *$/gnutls-serv: status: \1/p' "$f.srv"
            # the subject of Certificate[0], the client's own
            grep -m 1 -E '^[[:space:]]*Subject: ' "$f.srv" |
              sed 's/^[[:space:]]*Subject: /gnutls-serv: client subject: /'
          } >"$f.facts"
          chain8d[$c.$v.$m]=$(sed -n 's/^- Got a certificate list of \([0-9]*\) certificates\.$/\1/p' "$f.srv" | head -n 1)
          sigs+=("$(sed -n 's/^- Client Signature: //p' "$f.srv" | head -n 1)")
          show "$f.facts" "$f.err"
        done
        f=$out/8d.$c.$v.ours.facts
        want "$f" "handshake: ok"
        want "$f" "version: $(vername $v)"
        want "$f" "verify: 0"
        want "$f" "reply1: $msg1"
        want "$f" "shutdown: 0"
        want "$f" "gnutls-serv: version: $gv"
        want "$f" "gnutls-serv: status: The certificate is trusted."
        want "$f" "gnutls-serv: client subject: CN=client"
        same "$f" "$out/8d.$c.$v.ref.facts"
        note_diff "client's signature (gnutls-serv \"Client Signature\")" "${sigs[0]:-}" "${sigs[1]:-}"
        verdict "8d.$c.$v" "our client with the $(ccname $c) client certificate -> gnutls-serv --require-client-cert: $gv, gnutls-serv: the certificate is trusted, CN=client; line echoed, facts = system libssl's"
      done
    done
    stop "$srvpid"
    chain_verdict 8d.chain \
      "certificates our client (tlsc -c, leaf-only cert file, CA in its verify store) sent, as gnutls-serv counted them, = system libssl's" chain8d
  fi
fi

# ---------------------------------------------------------------------------
[ $have_gnutls = 0 ] && echo "note: gnutls-bin is not installed; install it (apt-get install gnutls-bin) to run the GnuTLS cases"
[ $nskip -gt 0 ] && echo "note: $nskip case(s) skipped"
[ $nnotes -gt 0 ] && echo "note: $nnotes difference(s) from the system libssl noted that are not failures (see \"note:\" lines)"
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
