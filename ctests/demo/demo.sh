#!/usr/bin/env bash
# Demo: an ordinary OpenSSL 3 program (tlsd.c) served by the libssl.so.3 in
# OURDIR, talked to by unmodified system clients (curl, openssl s_client).
#
#   ctests/demo/demo.sh OURDIR CERTDIR
#
# OURDIR   directory holding the libssl.so.3 to run tlsd with (LD_LIBRARY_PATH)
# CERTDIR  directory with ca.pem, server.pem, server.key (CN/SAN localhost,
#          SAN 127.0.0.1, signed by ca.pem)
#
# Builds target/demo/tlsd, runs it on a free loopback port, makes one request
# with curl and one with openssl s_client, stops it and prints a summary.
# Exits non-zero if any step fails; the daemon is always stopped.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 OURDIR CERTDIR" >&2
  exit 2
fi
ourdir=$(cd "$1" && pwd)
certdir=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

die() { echo "demo: FAILED: $*" >&2; exit 1; }

[ -e "$ourdir/libssl.so.3" ] || die "no libssl.so.3 in $ourdir"
for f in ca.pem server.pem server.key; do
  [ -r "$certdir/$f" ] || die "missing $certdir/$f"
done

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
show_log() { echo "--- tlsd log:"; sed 's/^/    /' "$tmp/tlsd.log"; }

# 1. Build tlsd against the system OpenSSL headers.
echo "== building target/demo/tlsd"
mkdir -p "$root/target/demo"
"${CC:-gcc}" -std=c11 -Wall -Wextra -O2 -o "$root/target/demo/tlsd" \
  "$here/tlsd.c" -lssl -lcrypto

# 2. Start it on a free port (port 0: the kernel picks one, tlsd prints it).
echo "== starting tlsd with LD_LIBRARY_PATH=$ourdir"
LD_LIBRARY_PATH=$ourdir "$root/target/demo/tlsd" 0 \
  "$certdir/server.pem" "$certdir/server.key" 2> "$tmp/tlsd.log" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^tlsd: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/tlsd.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { show_log; die "tlsd exited during startup"; }
  sleep 0.1
done
[ -n "$port" ] || { show_log; die "tlsd did not start listening"; }
lib=$(sed -n 's/^tlsd: libssl loaded from //p' "$tmp/tlsd.log")
echo "tlsd (pid $pid) on port $port, libssl loaded from $lib"
# The loader silently skips a libssl.so.3 it cannot use and takes the
# system one instead; make sure the demo really runs on OURDIR's library.
[ "$(cd "$(dirname "$lib")" 2>/dev/null && pwd)" = "$ourdir" ] \
  || { show_log; die "tlsd did not load $ourdir/libssl.so.3 (got: $lib)"; }

# 3. curl (system libcurl + system OpenSSL) verifies the server against ca.pem.
echo
echo "== curl -sS --cacert $certdir/ca.pem https://localhost:$port/"
curl -sS -v --cacert "$certdir/ca.pem" "https://localhost:$port/" \
  > "$tmp/curl.out" 2> "$tmp/curl.err" \
  || { cat "$tmp/curl.err" >&2; show_log; die "curl"; }
cat "$tmp/curl.out"
grep -q '^hello from tlsd over ' "$tmp/curl.out" || die "unexpected response from curl"
curl_tls=$(sed -n 's/^\* SSL connection using //p' "$tmp/curl.err")
curl_verify=$(sed -n 's/^\*  *\(SSL certificate verify .*\)/\1/p' "$tmp/curl.err")
echo "(curl: $curl_tls; $curl_verify)"

# 4. openssl s_client sends a request and waits for the server to close.
echo
echo "== openssl s_client -connect 127.0.0.1:$port -CAfile $certdir/ca.pem -brief"
printf 'GET /s_client HTTP/1.0\r\n\r\n' |
  openssl s_client -connect "127.0.0.1:$port" -CAfile "$certdir/ca.pem" \
    -brief -ign_eof -verify_return_error > "$tmp/sc.out" 2> "$tmp/sc.err" \
  || { cat "$tmp/sc.err" >&2; show_log; die "openssl s_client"; }
grep -E '^(Protocol version|Ciphersuite|Peer certificate|Verification):' "$tmp/sc.err" || true
sed -n '/^HTTP\//,$p' "$tmp/sc.out"
grep -q '^Verification: OK' "$tmp/sc.err" || die "s_client did not verify the certificate"
grep -q '^hello from tlsd over ' "$tmp/sc.out" || die "unexpected response to s_client"
sc_proto=$(sed -n 's/^Protocol version: //p' "$tmp/sc.err")

# 5. Stop tlsd; it must exit cleanly (status 0) on SIGTERM.
echo
echo "== stopping tlsd (pid $pid)"
kill "$pid"
status=0
wait "$pid" || status=$?
pid=
show_log
[ "$status" -eq 0 ] || die "tlsd exited with status $status"
served=$(grep -c '^tlsd: #[0-9]* TLS' "$tmp/tlsd.log" || true)
[ "$served" -eq 2 ] || die "tlsd logged $served served connections, expected 2"

real=$(readlink -f "$lib")
echo
echo "== summary"
echo "libssl serving:   $lib$([ "$real" != "$lib" ] && echo " (-> $real)")"
echo "protocol:         ${sc_proto:-?} (s_client); ${curl_tls:-?} (curl)"
echo "curl:             verified the certificate against ca.pem for https://localhost:$port/ (${curl_verify:-ok})"
echo "openssl s_client: Verification: OK"
echo "demo: OK"
