#!/usr/bin/env bash
# Real programs on our libssl.so.3: nginx, curl, stunnel4, socat, haproxy, the openssl
# command and Debian's python3 (its _ssl module, and pyOpenSSL through
# python3-cryptography's bindings),
# unmodified, each talking over 127.0.0.1 to a peer on the
# system's OpenSSL (openssl s_server / s_client, curl, nginx) or GnuTLS (gnutls-cli).
#
#   ctests/apps/run.sh [OURDIR]        OURDIR holds libssl.so.3 (default target/release)
#
# Environment:
#   APPS_LIB=ours    (default) every case runs twice, with our library injected by
#                    LD_LIBRARY_PATH (a directory holding only a copy of it) and by
#                    LD_PRELOAD (that copy)
#   APPS_LIB=system  no injection: every case once on the system libssl, the check that
#                    the harness itself is right (everything must pass)
#   APPS_ONLY="nginx curl ..."  only these groups (nginx curl stunnel socat haproxy
#                    python openssl install)
#
# A case moves the same 1 MiB random file (checked by sha256) and checks the facts any
# faithful libssl must give: the negotiated version as the peer or the program logs it,
# the certificate checks, session resumption seen by the server. In every case the
# process on the library under test is checked to have loaded it, and no other
# libssl.so.3: a server through /proc/PID/maps while it runs, a client through the
# loader's own log (LD_DEBUG=libs, LD_DEBUG_OUTPUT).
#
# Every process is started here and stopped by PID (its process group; an EXIT trap stops
# what is left); every wait is bounded. Outputs are kept in target/apps/out/MODE/.
# One line per case, "PASS name" or "FAIL name (reasons)"; then a summary. The exit
# status is non-zero if any case failed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
certs=$root/ctests/certs
xcerts=$here/certs
ca=$certs/ca.pem
PY=/usr/bin/python3 # Debian's: its _ssl links libssl.so.3 (not a pyenv build on PATH)

die() {
  echo "apps: ERROR: $*" >&2
  echo "0 passed, 1 failed"
  exit 2
}

LIBKIND=${APPS_LIB:-ours}
case $LIBKIND in
  ours) MODES=(ldpath preload) ;;
  system) MODES=(system) ;;
  *) die "APPS_LIB must be ours or system" ;;
esac
GROUPS_ON=${APPS_ONLY:-nginx curl stunnel socat haproxy python openssl install}
want_group() { [[ " $GROUPS_ON " == *" $1 "* ]]; }

for t in nginx curl stunnel4 socat haproxy openssl gnutls-cli timeout sha256sum "$PY" make; do
  command -v "$t" >/dev/null || die "$t not found (Debian: nginx-light or nginx, curl, stunnel4, socat, haproxy, openssl, gnutls-bin, python3)"
done
if want_group python; then
  env -u LD_LIBRARY_PATH -u LD_PRELOAD "$PY" -I -c 'import OpenSSL.SSL' 2>/dev/null ||
    die "pyOpenSSL not importable by $PY (Debian: python3-openssl)"
fi
for f in ca.pem server.pem server.key client.pem client.key; do
  [ -r "$certs/$f" ] || die "missing $certs/$f"
done
for f in wrongname.pem wrongname.key unknownca.pem unknownca.key; do
  [ -r "$xcerts/$f" ] || die "missing $xcerts/$f (ctests/apps/certs/make-certs.sh)"
done

syslib=$(realpath /lib/x86_64-linux-gnu/libssl.so.3 2>/dev/null) || die "no system libssl.so.3"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/apps.XXXXXX") || die "mktemp"
# nginx's workers (user nobody when the master is root) read the files served from here
chmod 755 "$tmp"
out=$root/target/apps/out
rm -rf "$out"
mkdir -p "$out"

ourlib=
if [ "$LIBKIND" = ours ]; then
  ourdir=$(cd "${1:-$root/target/release}" 2>/dev/null && pwd) || die "OURDIR ${1:-} is not a directory"
  [ -e "$ourdir/libssl.so.3" ] || die "no libssl.so.3 in $ourdir (make build)"
  # LD_LIBRARY_PATH gets a directory holding our library and nothing else
  mkdir -p "$tmp/lib"
  cp "$ourdir/libssl.so.3" "$tmp/lib/libssl.so.3" || die "copying our library"
  ourlib=$(realpath "$tmp/lib/libssl.so.3")
fi

# ---------------------------------------------------------------------------
# Environments. Peers and helpers always run on the system libraries.
SYS=(env -u LD_LIBRARY_PATH -u LD_PRELOAD -u OPENSSL_CONF -u LD_DEBUG -u LD_DEBUG_OUTPUT)
libenv() { # libenv MODE -> LIB (array): the environment of the program under test
  case $1 in
    ldpath) LIB=("${SYS[@]}" "LD_LIBRARY_PATH=$tmp/lib") ;;
    preload) LIB=("${SYS[@]}" "LD_PRELOAD=$ourlib") ;;
    system) LIB=("${SYS[@]}") ;;
  esac
}
# the expected libssl.so.3 of the program under test
expected_lib() { if [ "$1" = system ]; then echo "$syslib"; else echo "$ourlib"; fi; }

# ---------------------------------------------------------------------------
# Processes. Long-lived ones run under timeout(1), which makes itself the leader of a
# new process group: stopping that group by its id stops the program and its children
# (nginx's workers). The EXIT trap stops whatever is still running.
HARD_LIMIT=600
pids=()
stop_group() { # stop_group PID: TERM the group (or the process), wait (3 s), KILL; sets rc
  local i
  kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null
  for ((i = 0; i < 60; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  rc=$?
}
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null && stop_group "$p"
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# spawn OUT ERR [DIR] -- CMD...: start CMD under timeout in the background (stdin
# /dev/null, working directory DIR); sets bgpid (timeout's pid, the group id).
spawn() {
  local o=$1 e=$2 d=.
  shift 2
  if [ "$1" != -- ]; then d=$1; shift; fi
  shift
  (cd "$d" && exec timeout -k 2 "$HARD_LIMIT" "$@") </dev/null >"$o" 2>"$e" &
  bgpid=$!
  pids+=("$bgpid")
}
# the program timeout(1) runs: timeout's child
prog_pid() {
  local i c
  for ((i = 0; i < 40; i++)); do
    c=$(cat "/proc/$1/task/$1/children" 2>/dev/null | awk '{ print $1 }')
    [ -z "$c" ] && c=$(awk -v p="$1" '$4 == p { print FILENAME }' /proc/[0-9]*/stat 2>/dev/null |
      head -n 1 | cut -d/ -f3)
    [ -n "$c" ] && { echo "$c"; return 0; }
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
# wait_listen PORT PID: 0 once 127.0.0.1:PORT is listening (10 s); 1 if PID died first
wait_listen() {
  local hex i
  hex=$(printf '0100007F:%04X' "$1")
  for ((i = 0; i < 200; i++)); do
    awk -v a="$hex" '$2 == a && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
# wait_line FILE ERE PID: 0 once FILE has a line matching ERE (10 s)
wait_line() {
  local i
  for ((i = 0; i < 200; i++)); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { grep -qE -- "$2" "$1" 2>/dev/null; return; }
    sleep 0.05
  done
  return 1
}
# getports VAR...: free loopback ports, all different and never handed out before in
# this run (the kernel picks them: sockets bound to port 0 at the same time)
declare -A USED_PORTS
getports() {
  local _try _ports _p _ok _v
  for ((_try = 0; _try < 20; _try++)); do
    _ports=$("${SYS[@]}" "$PY" -I -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' $#)
    _ok=1
    for _p in $_ports; do [ -n "${USED_PORTS[$_p]:-}" ] && _ok=0; done
    [ $_ok = 1 ] && break
  done
  for _v in "$@"; do
    _p=${_ports%% *}
    _ports=${_ports#* }
    USED_PORTS[$_p]=1
    printf -v "$_v" '%s' "$_p"
  done
}
# lines of FILE after line N (the part a case produced)
nlines() { if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi; }
since() { tail -n +"$(($2 + 1))" "$1" 2>/dev/null; }
# wait_since FILE N ERE: until a line after line N of FILE matches ERE (5 s)
wait_since() {
  local i
  for ((i = 0; i < 100; i++)); do
    since "$1" "$2" | grep -qE -- "$3" && return 0
    sleep 0.05
  done
  return 1
}
# wait until FILE has more than N+K-1 lines (3 s)
wait_lines() {
  local i
  for ((i = 0; i < 60; i++)); do
    [ "$(nlines "$1")" -ge $(($2 + $3)) ] && return 0
    sleep 0.05
  done
  return 1
}

# ---------------------------------------------------------------------------
# Which libssl.so.3 a process has loaded.
maps_libs() { grep -oE '/[^ ]*/libssl\.so\.3$' "/proc/$1/maps" 2>/dev/null | sort -u; }
# ld_libs PREFIX: the libssl.so.3 the loader initialised, from LD_DEBUG=libs files
ld_libs() {
  cat "$1".* 2>/dev/null | sed -n 's/.*calling init: \(.*\/libssl\.so\.3\)$/\1/p' | sort -u
}
# check_libs MODE WHO LIST: LIST (one path a line) must be exactly the expected library
check_libs() {
  local want p seen=0 bad=
  want=$(expected_lib "$1")
  while IFS= read -r p; do
    [ -n "$p" ] || continue
    if [ "$(realpath "$p" 2>/dev/null)" = "$want" ]; then seen=1; else bad+="$p "; fi
  done <<<"$3"
  [ -n "$bad" ] && problem "$2 loaded ${bad% } (not only $want)"
  [ $seen = 1 ] || problem "$2 did not load $want"
}
# the first "undefined symbol" (or other loader error) a program reported
loader_error() {
  grep -ohE "undefined symbol: [A-Za-z0-9_]+(, version [A-Z0-9_.]+)?|cannot open shared object file[^\"]*" \
    "$@" 2>/dev/null | head -n 1
}

# ---------------------------------------------------------------------------
# Results.
npass=0
nfail=0
failed=()
probs=()
cur=
begin() {
  cur=$1
  probs=()
}
problem() { probs+=("$*"); }
verdict() {
  local p
  # a program that could not be linked against the library: the rest follows from it
  for p in "${probs[@]}"; do
    case $p in
      "undefined symbol: "* | *"cannot open shared object file"*) probs=("$p"); break ;;
    esac
  done
  if [ ${#probs[@]} -eq 0 ]; then
    echo "PASS $cur"
    npass=$((npass + 1))
  else
    local j
    j=$(printf '%s; ' "${probs[@]}")
    j=${j%; }
    echo "FAIL $cur (${j:0:600})"
    nfail=$((nfail + 1))
    failed+=("$cur")
  fi
}
# fail_all REASON NAME...: the cases could not run (their server did not start)
fail_all() {
  local r=$1 n
  shift
  for n in "$@"; do
    begin "$n"
    problem "$r"
    verdict
  done
}

payload=$tmp/www/payload
mkdir -p "$tmp/www"
head -c 1048576 /dev/urandom >"$payload"
chmod 755 "$tmp/www"
chmod 644 "$payload"
want_sha=$(sha256sum <"$payload" | cut -d' ' -f1)
sha_is() { # sha_is FILE WHAT
  local s
  if [ ! -s "$1" ]; then
    problem "$2: nothing received"
    return
  fi
  s=$(sha256sum <"$1" | cut -d' ' -f1)
  [ "$s" = "$want_sha" ] || problem "$2: $(wc -c <"$1") bytes received, sha256 differs from the 1 MiB file's"
}
has() { grep -qF -- "$2" "$1" 2>/dev/null || problem "${3:-${1##*/}} lacks \"$2\""; }
has_re() { grep -qE -- "$2" "$1" 2>/dev/null || problem "${3:-${1##*/}} has no line /$2/"; }
rc_is() { # rc_is WHAT RC WANT
  [ "$2" = "$3" ] && return 0
  case $2 in
    124 | 137) problem "$1 timed out" ;;
    13[0-9] | 1[4-9][0-9]) problem "$1 died of signal $(($2 - 128))" ;;
    *) problem "$1 exited with status $2" ;;
  esac
}
# the curl error line ("curl: (N) ...")
curl_err() { grep -E '^curl: \([0-9]+\)' "$1" 2>/dev/null | tail -n 1; }

vname() { [ "$1" = tls12 ] && echo TLSv1.2 || echo TLSv1.3; }
curlv() { [ "$1" = tls12 ] && echo "--tlsv1.2 --tls-max 1.2" || echo "--tlsv1.3 --tls-max 1.3"; }
sv() { [ "$1" = tls12 ] && echo -tls1_2 || echo -tls1_3; }
VERSIONS=(tls12 tls13)

# curl_sys OUTPREFIX ARGS...: curl on the system libssl (the peer), -v to OUTPREFIX.err
curl_sys() {
  local f=$1
  shift
  timeout -k 2 30 "${SYS[@]}" curl -sS -v "$@" >"$f.stdout" 2>"$f.err"
}
# curl_lib MODE OUTPREFIX ARGS...: curl on the library under test, with the loader's log
curl_lib() {
  local m=$1 f=$2
  shift 2
  libenv "$m"
  timeout -k 2 30 "${LIB[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" curl -sS -v "$@" \
    >"$f.stdout" 2>"$f.err"
}

# ---------------------------------------------------------------------------
# Peers on the system libssl, shared by all modes.
# openssl s_server -WWW (serves files of $tmp/www); port from its ACCEPT line.
start_s_server() { # start_s_server TAG ARGS... -> port (or empty)
  local tag=$1 i
  shift
  spawn "$out/$tag.out" "$out/$tag.err" "$tmp/www" -- "${SYS[@]}" openssl s_server \
    -accept 127.0.0.1:0 -WWW "$@"
  port=
  for ((i = 0; i < 200; i++)); do
    port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out/$tag.out" 2>/dev/null)
    [ -n "$port" ] && return 0
    kill -0 "$bgpid" 2>/dev/null || break
    sleep 0.05
  done
  return 1
}
declare -A SPORT SLOG
peer() { # peer KEY TAG ARGS...: an s_server that must start
  if ! start_s_server "$2" "${@:3}"; then
    cat "$out/$2.err" >&2
    die "openssl s_server ($2) did not start"
  fi
  SPORT[$1]=$port
  SLOG[$1]=$out/$2.err
}
srv=(-cert "$certs/server.pem" -key "$certs/server.key")
need_peers=0
for g in curl stunnel socat python openssl install; do want_group $g && need_peers=1; done
if [ $need_peers = 1 ]; then
  for v in "${VERSIONS[@]}"; do
    peer "www.$v" "peer.s_server.www.$v" "${srv[@]}" "$(sv $v)"
    peer "mtls.$v" "peer.s_server.mtls.$v" "${srv[@]}" "$(sv $v)" -Verify 1 -CAfile "$ca"
  done
  peer wrongname peer.s_server.wrongname -cert "$xcerts/wrongname.pem" -key "$xcerts/wrongname.key"
  peer unknownca peer.s_server.unknownca -cert "$xcerts/unknownca.pem" -key "$xcerts/unknownca.key"
fi

# a plain HTTP backend (python's http.server on the system libraries) for the proxies
back_port=
if want_group stunnel || want_group haproxy; then
  getports back_port
  spawn "$out/peer.backend.out" "$out/peer.backend.err" -- "${SYS[@]}" "$PY" -I -m http.server \
    --bind 127.0.0.1 --directory "$tmp/www" "$back_port"
  wait_listen "$back_port" "$bgpid" || die "the plain http.server backend did not start"
fi

# nginx: CONF DIR P1 P2. P1: TLS; P2: TLS requiring a client certificate. The access log
# records, per request, what the server saw of the TLS session.
nginx_conf() {
  local d=$1 p1=$2 p2=$3 s
  mkdir -p "$d"
  head -c 80 /dev/urandom >"$d/ticket.key"
  s="    root $tmp/www;
    access_log $d/access.log tls;
    ssl_certificate $certs/server.pem;
    ssl_certificate_key $certs/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;"
  cat >"$d/nginx.conf" <<EOF
worker_processes 1;
error_log $d/error.log info;
events { worker_connections 64; }
http {
  client_body_temp_path $d/body;
  proxy_temp_path $d/proxy;
  fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi;
  scgi_temp_path $d/scgi;
  log_format tls '\$server_port \$ssl_protocol \$ssl_session_reused \$ssl_client_verify "\$ssl_client_s_dn" \$status \$body_bytes_sent \$request_uri';
  ssl_session_cache shared:SSL:1m;
  # Tickets sealed with keys from a file (nginx's ticket key callback) and an
  # SSL_CONF command, as deployments use them.
  ssl_session_ticket_key $d/ticket.key;
  ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;
  server {
    listen 127.0.0.1:$p1 ssl;
$s
  }
  server {
    listen 127.0.0.1:$p2 ssl;
$s
    ssl_verify_client on;
    ssl_client_certificate $ca;
  }
}
EOF
}
start_nginx() { # start_nginx TAG DIR P1 P2 ENV... -> bgpid; 1 if not listening
  local tag=$1 d=$2 p1=$3 p2=$4
  shift 4
  nginx_conf "$d" "$p1" "$p2"
  spawn "$out/$tag.out" "$out/$tag.err" -- "$@" nginx -p "$d" -e "$d/error.log" \
    -c "$d/nginx.conf" -g "daemon off; pid $d/nginx.pid;"
  wait_listen "$p1" "$bgpid" && wait_listen "$p2" "$bgpid"
}
# the reference nginx (system libssl): the server side of curl's and python's resumption
ref_p1=
if want_group curl || want_group python; then
  getports ref_p1 ref_p2
  start_nginx peer.nginx "$tmp/nginx.ref" "$ref_p1" "$ref_p2" "${SYS[@]}" ||
    die "the reference nginx did not start: $(tail -n 3 "$tmp/nginx.ref/error.log" "$out/peer.nginx.err" 2>/dev/null)"
  ref_log=$tmp/nginx.ref/access.log
fi

# ---------------------------------------------------------------------------
echo "apps: library under test: $([ "$LIBKIND" = ours ] && echo "$ourdir/libssl.so.3 (copied to $ourlib)" || echo "$syslib (system, no injection)")"
echo "apps: modes: ${MODES[*]}; peers: $(openssl version | cut -d' ' -f1-2), $(gnutls-cli --version 2>/dev/null | head -n 1)"

# What each program imports from libssl that the library under test does not export (a
# note, not a case: the cases show what that does). Programs linked with immediate
# binding stop at start-up on the first of these; socat binds lazily.
if [ "$LIBKIND" = ours ]; then
  ref_syms=$(nm -D --defined-only "$syslib" | awk '{ print $NF }' | sed 's/@.*//' | sort -u)
  our_syms=$(nm -D --defined-only "$ourlib" | awk '{ print $NF }' | sed 's/@.*//' | sort -u)
  pyssl=$("${SYS[@]}" "$PY" -I -c 'import importlib.util; print(importlib.util.find_spec("_ssl").origin)')
  for pb in nginx:/usr/sbin/nginx curl:/usr/lib/x86_64-linux-gnu/libcurl.so.4 \
    stunnel4:/usr/bin/stunnel4 socat:/usr/bin/socat haproxy:/usr/sbin/haproxy openssl:/usr/bin/openssl \
    "python3:$pyssl"; do
    imp=$(nm -D --undefined-only "${pb#*:}" 2>/dev/null | awk '{ print $NF }' | sed 's/@.*//' | sort -u |
      comm -12 - <(echo "$ref_syms"))
    missing=$(comm -23 <(echo "$imp") <(echo "$our_syms"))
    echo "note: ${pb%%:*} imports $(echo "$imp" | grep -c .) libssl functions, $(echo "$missing" | grep -c .) not exported by ours${missing:+: $(echo $missing)}"
  done
fi

# ---------------------------------------------------------------------------
# nginx on the library under test, served to curl and gnutls-cli on the system's.
run_nginx() {
  local m=$1 d=$tmp/nginx.$m p1 p2 pid libs why="" v f n lines
  getports p1 p2
  libenv "$m"
  local names=()
  for v in "${VERSIONS[@]}"; do
    names+=("nginx.get.$v[$m]" "nginx.gnutls.$v[$m]" "nginx.mtls.$v[$m]" "nginx.mtls-nocert.$v[$m]" "nginx.resume.$v[$m]")
  done
  if ! start_nginx "nginx.$m" "$d" "$p1" "$p2" "${LIB[@]}"; then
    why=$(loader_error "$out/nginx.$m.err" "$d/error.log")
    [ -n "$why" ] || why="nginx did not start: $(grep -hE 'emerg|alert' "$d/error.log" "$out/nginx.$m.err" 2>/dev/null | head -n 1 | cut -c1-200)"
    fail_all "$why" "${names[@]}"
    stop_group "$bgpid"
    return
  fi
  local gpid=$bgpid
  pid=$(prog_pid "$gpid")
  libs=$(maps_libs "$pid")
  local log=$d/access.log
  for v in "${VERSIONS[@]}"; do
    local V
    V=$(vname $v)
    # GET the 1 MiB file
    begin "nginx.get.$v[$m]"
    check_libs "$m" nginx "$libs"
    f=$out/$m.nginx.get.$v
    n=$(nlines "$log")
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$p1:127.0.0.1" --cacert "$ca" \
      -o "$f.body" "https://localhost:$p1/payload"
    rc_is "curl (system)" $? 0
    sha_is "$f.body" "curl"
    has "$f.err" "SSL connection using $V /" "curl -v"
    wait_lines "$log" "$n" 1
    lines=$(since "$log" "$n")
    grep -qFx "$p1 $V . NONE \"-\" 200 1048576 /payload" <<<"$lines" ||
      problem "access_log: '$(head -n 1 <<<"$lines")' (want '$p1 $V . NONE \"-\" 200 1048576 /payload')"
    verdict

    # the same with gnutls-cli (stdin held open until nginx closes the connection)
    begin "nginx.gnutls.$v[$m]"
    check_libs "$m" nginx "$libs"
    f=$out/$m.nginx.gnutls.$v
    n=$(nlines "$log")
    rm -f "$f.in"
    mkfifo "$f.in"
    (printf 'GET /payload HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' && exec sleep 30) >"$f.in" &
    local holder=$!
    pids+=("$holder")
    timeout -k 2 30 "${SYS[@]}" gnutls-cli --logfile "$f.log" --x509cafile "$ca" \
      --verify-hostname localhost --sni-hostname localhost \
      --priority "NORMAL:-VERS-ALL:+VERS-${V/TLSv/TLS}" -p "$p1" 127.0.0.1 \
      <"$f.in" >"$f.stdout" 2>"$f.err"
    local grc=$?
    kill "$holder" 2>/dev/null
    wait "$holder" 2>/dev/null
    rc_is "gnutls-cli" $grc 0
    head -n 1 "$f.stdout" | grep -q '^HTTP/1.1 200 OK' || problem "gnutls-cli: no 'HTTP/1.1 200 OK' response"
    tail -c 1048576 "$f.stdout" >"$f.body"
    sha_is "$f.body" "gnutls-cli"
    has "$f.log" "- Description: (${V/TLSv/TLS}-" "gnutls-cli log"
    has "$f.log" "- Status: The certificate is trusted." "gnutls-cli log"
    wait_lines "$log" "$n" 1
    lines=$(since "$log" "$n")
    grep -qFx "$p1 $V . NONE \"-\" 200 1048576 /payload" <<<"$lines" ||
      problem "access_log: '$(head -n 1 <<<"$lines")'"
    verdict

    # mutual TLS: the second server requires a client certificate
    begin "nginx.mtls.$v[$m]"
    check_libs "$m" nginx "$libs"
    f=$out/$m.nginx.mtls.$v
    n=$(nlines "$log")
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$p2:127.0.0.1" --cacert "$ca" \
      --cert "$certs/client.pem" --key "$certs/client.key" -o "$f.body" "https://localhost:$p2/payload"
    rc_is "curl (system)" $? 0
    sha_is "$f.body" "curl"
    has "$f.err" "SSL connection using $V /" "curl -v"
    wait_lines "$log" "$n" 1
    lines=$(since "$log" "$n")
    grep -qFx "$p2 $V . SUCCESS \"CN=client\" 200 1048576 /payload" <<<"$lines" ||
      problem "access_log: '$(head -n 1 <<<"$lines")' (want '$p2 $V . SUCCESS \"CN=client\" 200 1048576 /payload')"
    verdict

    # ... and a client without one is refused (nginx answers 400)
    begin "nginx.mtls-nocert.$v[$m]"
    check_libs "$m" nginx "$libs"
    f=$out/$m.nginx.mtls-nocert.$v
    n=$(nlines "$log")
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$p2:127.0.0.1" --cacert "$ca" \
      -o "$f.body" -w '%{http_code}\n' "https://localhost:$p2/payload"
    rc_is "curl (system)" $? 0
    grep -qx 400 "$f.stdout" || problem "HTTP status $(head -n 1 "$f.stdout"), want 400"
    has "$f.body" "No required SSL certificate was sent" "response body"
    wait_lines "$log" "$n" 1
    lines=$(since "$log" "$n")
    grep -qE "^$p2 $V \. NONE \"-\" 400 [0-9]+ /payload\$" <<<"$lines" ||
      problem "access_log: '$(head -n 1 <<<"$lines")' (want '$p2 $V . NONE \"-\" 400 ...')"
    verdict

    # resumption: two URLs in one curl run, one connection each; nginx logs "r" for
    # the second
    begin "nginx.resume.$v[$m]"
    check_libs "$m" nginx "$libs"
    f=$out/$m.nginx.resume.$v
    n=$(nlines "$log")
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$p1:127.0.0.1" --cacert "$ca" \
      -H 'Connection: close' -o "$f.body1" -o "$f.body2" \
      "https://localhost:$p1/payload?1" "https://localhost:$p1/payload?2"
    rc_is "curl (system)" $? 0
    sha_is "$f.body1" "curl, first URL"
    sha_is "$f.body2" "curl, second URL"
    [ "$(grep -c 'SSL connection using ' "$f.err")" = 2 ] || problem "curl -v: not two TLS connections"
    has "$f.err" "SSL re-using session ID" "curl -v"
    wait_lines "$log" "$n" 2
    lines=$(since "$log" "$n")
    grep -qFx "$p1 $V . NONE \"-\" 200 1048576 /payload?1" <<<"$lines" ||
      problem "access_log, first connection: '$(sed -n 1p <<<"$lines")'"
    grep -qFx "$p1 $V r NONE \"-\" 200 1048576 /payload?2" <<<"$lines" ||
      problem "access_log, second connection not resumed: '$(sed -n 2p <<<"$lines")' (want '$p1 $V r ...')"
    verdict
  done
  stop_group "$gpid"
}

# ---------------------------------------------------------------------------
# curl (libcurl) on the library under test, against openssl s_server -WWW and the
# reference nginx.
run_curl() {
  local m=$1 v V f n lines
  for v in "${VERSIONS[@]}"; do
    V=$(vname $v)
    begin "curl.get.$v[$m]"
    f=$out/$m.curl.get.$v
    # shellcheck disable=SC2046
    curl_lib "$m" "$f" $(curlv $v) --resolve "localhost:${SPORT[www.$v]}:127.0.0.1" \
      --cacert "$ca" -o "$f.body" "https://localhost:${SPORT[www.$v]}/payload"
    local crc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" curl "$(ld_libs "$f.ld")"
    rc_is curl $crc 0
    sha_is "$f.body" curl
    has "$f.err" "SSL connection using $V /" "curl -v"
    verdict

    begin "curl.mtls.$v[$m]"
    f=$out/$m.curl.mtls.$v
    n=$(nlines "${SLOG[mtls.$v]}")
    # shellcheck disable=SC2046
    curl_lib "$m" "$f" $(curlv $v) --resolve "localhost:${SPORT[mtls.$v]}:127.0.0.1" \
      --cacert "$ca" --cert "$certs/client.pem" --key "$certs/client.key" \
      -o "$f.body" "https://localhost:${SPORT[mtls.$v]}/payload"
    crc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" curl "$(ld_libs "$f.ld")"
    rc_is curl $crc 0
    sha_is "$f.body" curl
    has "$f.err" "SSL connection using $V /" "curl -v"
    since "${SLOG[mtls.$v]}" "$n" >"$f.server"
    has "$f.server" "depth=0 CN = client" "s_server -Verify 1"
    grep -q '^verify error' "$f.server" && problem "s_server: $(grep -m1 '^verify error' "$f.server")"
    verdict

    begin "curl.resume.$v[$m]"
    f=$out/$m.curl.resume.$v
    n=$(nlines "$ref_log")
    # shellcheck disable=SC2046
    curl_lib "$m" "$f" $(curlv $v) --resolve "localhost:$ref_p1:127.0.0.1" --cacert "$ca" \
      -H 'Connection: close' -o "$f.body1" -o "$f.body2" \
      "https://localhost:$ref_p1/payload?c1" "https://localhost:$ref_p1/payload?c2"
    crc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" curl "$(ld_libs "$f.ld")"
    rc_is curl $crc 0
    sha_is "$f.body1" "first URL"
    sha_is "$f.body2" "second URL"
    [ "$(grep -c "SSL connection using $V /" "$f.err")" = 2 ] || problem "curl -v: not two $V connections"
    has "$f.err" "SSL re-using session ID" "curl -v"
    wait_lines "$ref_log" "$n" 2
    lines=$(since "$ref_log" "$n")
    grep -qFx "$ref_p1 $V . NONE \"-\" 200 1048576 /payload?c1" <<<"$lines" ||
      problem "nginx (system) access_log, first connection: '$(sed -n 1p <<<"$lines")'"
    grep -qFx "$ref_p1 $V r NONE \"-\" 200 1048576 /payload?c2" <<<"$lines" ||
      problem "nginx (system) access_log, second connection not resumed: '$(sed -n 2p <<<"$lines")'"
    verdict
  done

  # certificate verification failures: the same error as curl on the system OpenSSL
  local k msg
  for k in wrongname unknownca; do
    case $k in
      wrongname) msg="curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'" ;;
      unknownca) msg="curl: (60) SSL certificate problem: unable to get local issuer certificate" ;;
    esac
    begin "curl.verify.$k[$m]"
    f=$out/$m.curl.verify.$k
    curl_lib "$m" "$f" --resolve "localhost:${SPORT[$k]}:127.0.0.1" --cacert "$ca" \
      -o "$f.body" "https://localhost:${SPORT[$k]}/payload"
    local crc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" curl "$(ld_libs "$f.ld")"
    curl_sys "$f.sys" --resolve "localhost:${SPORT[$k]}:127.0.0.1" --cacert "$ca" \
      -o "$f.sys.body" "https://localhost:${SPORT[$k]}/payload"
    local src=$?
    [ $src = 60 ] && [ "$(curl_err "$f.sys.err")" = "$msg" ] ||
      problem "harness: curl on the system libssl gave $src '$(curl_err "$f.sys.err")'"
    rc_is curl $crc 60
    [ "$(curl_err "$f.err")" = "$(curl_err "$f.sys.err")" ] ||
      problem "curl said '$(curl_err "$f.err")', on the system libssl '$(curl_err "$f.sys.err")'"
    [ -s "$f.body" ] && problem "curl wrote a body"
    verdict
  done
}

# ---------------------------------------------------------------------------
# stunnel4 on the library under test: a TLS server in front of the plain backend
# (fetched by curl on the system's) and a TLS client (plain in from curl, TLS out with a
# client certificate to openssl s_server -Verify 1).
run_stunnel() {
  local m=$1 d=$tmp/stunnel.$m ps pc12 pc13 v V f n pid libs why
  mkdir -p "$d"
  getports ps pc12 pc13
  cat >"$d/stunnel.conf" <<EOF
foreground = yes
pid = $d/stunnel.pid
output = $d/stunnel.log
debug = info
[server]
accept = 127.0.0.1:$ps
connect = 127.0.0.1:$back_port
cert = $certs/server.pem
key = $certs/server.key
EOF
  for v in "${VERSIONS[@]}"; do
    local pc
    [ $v = tls12 ] && pc=$pc12 || pc=$pc13
    cat >>"$d/stunnel.conf" <<EOF
[client.$v]
client = yes
accept = 127.0.0.1:$pc
connect = 127.0.0.1:${SPORT[mtls.$v]}
sni = localhost
CAfile = $ca
verifyChain = yes
checkHost = localhost
cert = $certs/client.pem
key = $certs/client.key
EOF
  done
  libenv "$m"
  spawn "$out/stunnel.$m.out" "$out/stunnel.$m.err" -- "${LIB[@]}" stunnel4 "$d/stunnel.conf"
  local gpid=$bgpid names=()
  for v in "${VERSIONS[@]}"; do names+=("stunnel.server.$v[$m]" "stunnel.client.$v[$m]"); done
  if ! { wait_listen "$ps" "$gpid" && wait_listen "$pc12" "$gpid" && wait_listen "$pc13" "$gpid"; }; then
    why=$(loader_error "$out/stunnel.$m.err" "$d/stunnel.log")
    [ -n "$why" ] || why="stunnel did not start: $(grep -hE 'LOG[0-3]' "$d/stunnel.log" "$out/stunnel.$m.err" 2>/dev/null | head -n 1 | cut -c1-200)"
    fail_all "$why" "${names[@]}"
    stop_group "$gpid"
    return
  fi
  pid=$(prog_pid "$gpid")
  libs=$(maps_libs "$pid")
  local log=$d/stunnel.log
  for v in "${VERSIONS[@]}"; do
    V=$(vname $v)
    begin "stunnel.server.$v[$m]"
    check_libs "$m" stunnel4 "$libs"
    f=$out/$m.stunnel.server.$v
    n=$(nlines "$log")
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$ps:127.0.0.1" --cacert "$ca" \
      -o "$f.body" "https://localhost:$ps/payload"
    rc_is "curl (system)" $? 0
    sha_is "$f.body" "curl"
    has "$f.err" "SSL connection using $V /" "curl -v"
    wait_since "$log" "$n" "Connection closed" # the rest of the log of this connection
    since "$log" "$n" >"$f.log"
    has "$f.log" "TLS accepted: new session negotiated" "stunnel log"
    has_re "$f.log" "$V ciphersuite: " "stunnel log"
    verdict

    begin "stunnel.client.$v[$m]"
    check_libs "$m" stunnel4 "$libs"
    f=$out/$m.stunnel.client.$v
    n=$(nlines "$log")
    local sn pc
    sn=$(nlines "${SLOG[mtls.$v]}")
    [ $v = tls12 ] && pc=$pc12 || pc=$pc13
    curl_sys "$f" -o "$f.body" "http://127.0.0.1:$pc/payload"
    rc_is "curl (system, plain)" $? 0
    sha_is "$f.body" "curl through stunnel"
    wait_since "$log" "$n" "Connection closed"
    since "$log" "$n" >"$f.log"
    has "$f.log" "TLS connected: new session negotiated" "stunnel log"
    has_re "$f.log" "$V ciphersuite: " "stunnel log"
    has_re "$f.log" 'Certificate accepted at depth=0: CN=localhost' "stunnel log"
    since "${SLOG[mtls.$v]}" "$sn" >"$f.server"
    has "$f.server" "depth=0 CN = client" "s_server -Verify 1"
    verdict
  done
  stop_group "$gpid"
}

# ---------------------------------------------------------------------------
# socat on the library under test: OPENSSL-LISTEN sending the file to openssl s_client
# (with a client certificate, verify=1), and OPENSSL (plain in from curl, TLS out to
# s_server -Verify 1).
# socat's first error message, without the time, pid and pointers
socat_error() {
  grep -m1 -E '^[0-9/]+ [0-9:]+ socat\[[0-9]+\] E ' "$1" |
    sed -E 's/^.* E //; s/\(0x[0-9a-f]+(, 0x[0-9a-f]+)*\)//g' | cut -c1-200
}
run_socat() {
  local v
  for v in "${VERSIONS[@]}"; do
    socat_server "$1" $v
    socat_client "$1" $v
  done
}
socat_server() {
  local m=$1 v=$2 V f p pid gpid why i
  V=$(vname $v)
  libenv "$m"
  begin "socat.server.$v[$m]"
  f=$out/$m.socat.server.$v
  getports p
  # SSLKEYLOGFILE for a program that has no key logging of its own (ours only: OpenSSL
  # 3.0 does not read it); checked against s_client's -keylogfile below.
  rm -f "$f.keys" "$f.skeys"
  spawn "$f.socat.out" "$f.socat.err" -- "${LIB[@]}" "SSLKEYLOGFILE=$f.keys" socat -d -d -u \
    "OPEN:$payload,rdonly" \
    "OPENSSL-LISTEN:$p,bind=127.0.0.1,reuseaddr,cert=$certs/server.pem,key=$certs/server.key,cafile=$ca,verify=1"
  gpid=$bgpid
  if ! wait_listen "$p" "$gpid"; then
    why=$(loader_error "$f.socat.err")
    problem "${why:-socat did not listen: $(socat_error "$f.socat.err")}"
    stop_group "$gpid"
    verdict
    return
  fi
  pid=$(prog_pid "$gpid")
  check_libs "$m" socat "$(maps_libs "$pid")"
  timeout -k 2 30 "${SYS[@]}" openssl s_client -connect "127.0.0.1:$p" -servername localhost \
    -verify_hostname localhost -CAfile "$ca" -verify_return_error \
    -cert "$certs/client.pem" -key "$certs/client.key" "$(sv $v)" -brief -ign_eof \
    -keylogfile "$f.skeys" </dev/null >"$f.body" 2>"$f.err"
  rc_is "openssl s_client" $? 0
  sha_is "$f.body" "s_client"
  if [ "$m" = system ]; then
    [ ! -s "$f.keys" ] || problem "the system libssl wrote SSLKEYLOGFILE (not expected of OpenSSL 3.0)"
  elif [ ! -s "$f.keys" ]; then
    problem "SSLKEYLOGFILE: socat on our library logged nothing"
  elif ! cmp -s <(sort -u "$f.keys") <(grep -v '^#' "$f.skeys" | sort -u); then
    problem "SSLKEYLOGFILE: socat's key log (ours) differs from s_client's -keylogfile"
  fi
  has "$f.err" "Protocol version: $V" "s_client"
  has "$f.err" "Verification: OK" "s_client"
  for ((i = 0; i < 60; i++)); do kill -0 "$gpid" 2>/dev/null || break; sleep 0.05; done
  stop_group "$gpid"
  why=$(loader_error "$f.socat.err")
  [ -n "$why" ] && problem "$why"
  rc_is socat $rc 0
  [ "$rc" = 0 ] || problem "socat: $(socat_error "$f.socat.err")"
  verdict
}
socat_client() {
  local m=$1 v=$2 V f p pid gpid why i
  V=$(vname $v)
  libenv "$m"
  begin "socat.client.$v[$m]"
  f=$out/$m.socat.client.$v
  getports p
  local sn
  sn=$(nlines "${SLOG[mtls.$v]}")
  spawn "$f.socat.out" "$f.socat.err" -- "${LIB[@]}" socat -d -d \
    "TCP-LISTEN:$p,bind=127.0.0.1,reuseaddr" \
    "OPENSSL:127.0.0.1:${SPORT[mtls.$v]},cafile=$ca,cert=$certs/client.pem,key=$certs/client.key,commonname=localhost,snihost=localhost,verify=1"
  gpid=$bgpid
  if ! wait_listen "$p" "$gpid"; then
    why=$(loader_error "$f.socat.err")
    problem "${why:-socat did not listen: $(socat_error "$f.socat.err")}"
    stop_group "$gpid"
    verdict
    return
  fi
  pid=$(prog_pid "$gpid")
  check_libs "$m" socat "$(maps_libs "$pid")"
  curl_sys "$f" -o "$f.body" "http://127.0.0.1:$p/payload"
  rc_is "curl (system, plain)" $? 0
  sha_is "$f.body" "curl through socat"
  for ((i = 0; i < 60; i++)); do kill -0 "$gpid" 2>/dev/null || break; sleep 0.05; done
  stop_group "$gpid"
  why=$(loader_error "$f.socat.err")
  [ -n "$why" ] && problem "$why"
  rc_is socat $rc 0
  [ "$rc" = 0 ] || problem "socat: $(socat_error "$f.socat.err")"
  since "${SLOG[mtls.$v]}" "$sn" >"$f.server"
  has "$f.server" "depth=0 CN = client" "s_server -Verify 1"
  verdict
}

# ---------------------------------------------------------------------------
# haproxy on the library under test: TLS termination in front of the plain backend; it
# reports the version and whether the session was resumed in response headers.
run_haproxy() {
  local m=$1 d=$tmp/haproxy.$m p v V f pid gpid why
  mkdir -p "$d"
  getports p
  cat "$certs/server.pem" "$certs/server.key" >"$d/server.pem"
  cat >"$d/haproxy.cfg" <<EOF
global
  maxconn 100
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend tls
  bind 127.0.0.1:$p ssl crt $d/server.pem
  http-response set-header X-TLS-Version %[ssl_fc_protocol]
  http-response set-header X-TLS-Resumed %[ssl_fc_is_resumed]
  default_backend plain
backend plain
  server backend 127.0.0.1:$back_port
EOF
  libenv "$m"
  spawn "$out/haproxy.$m.out" "$out/haproxy.$m.err" -- "${LIB[@]}" haproxy -db -f "$d/haproxy.cfg"
  gpid=$bgpid
  local names=()
  for v in "${VERSIONS[@]}"; do names+=("haproxy.get.$v[$m]" "haproxy.resume.$v[$m]"); done
  if ! wait_listen "$p" "$gpid"; then
    why=$(loader_error "$out/haproxy.$m.err")
    [ -n "$why" ] || why="haproxy did not start: $(grep -m1 -E 'ALERT' "$out/haproxy.$m.err" | cut -c1-200)"
    fail_all "$why" "${names[@]}"
    stop_group "$gpid"
    return
  fi
  pid=$(prog_pid "$gpid")
  local libs
  libs=$(maps_libs "$pid")
  for v in "${VERSIONS[@]}"; do
    V=$(vname $v)
    begin "haproxy.get.$v[$m]"
    check_libs "$m" haproxy "$libs"
    f=$out/$m.haproxy.get.$v
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$p:127.0.0.1" --cacert "$ca" \
      -D "$f.headers" -o "$f.body" "https://localhost:$p/payload"
    rc_is "curl (system)" $? 0
    sha_is "$f.body" curl
    has "$f.err" "SSL connection using $V /" "curl -v"
    grep -qix "x-tls-version: $V"$'\r' "$f.headers" || problem "response header X-TLS-Version is not $V"
    verdict

    begin "haproxy.resume.$v[$m]"
    check_libs "$m" haproxy "$libs"
    f=$out/$m.haproxy.resume.$v
    # shellcheck disable=SC2046
    curl_sys "$f" $(curlv $v) --resolve "localhost:$p:127.0.0.1" --cacert "$ca" \
      -H 'Connection: close' -D "$f.headers" -o "$f.body1" -o "$f.body2" \
      "https://localhost:$p/payload?1" "https://localhost:$p/payload?2"
    rc_is "curl (system)" $? 0
    sha_is "$f.body1" "first URL"
    sha_is "$f.body2" "second URL"
    [ "$(grep -c "SSL connection using $V /" "$f.err")" = 2 ] || problem "curl -v: not two $V connections"
    has "$f.err" "SSL re-using session ID" "curl -v"
    local r
    r=$(grep -i '^x-tls-resumed:' "$f.headers" | tr -d '\r' | awk '{ print $2 }' | paste -sd' ')
    [ "$r" = "0 1" ] || problem "X-TLS-Resumed of the two responses: '$r' (want '0 1')"
    verdict
  done
  stop_group "$gpid"
}

# ---------------------------------------------------------------------------
# python3's ssl module on the library under test: urllib.request client, session reuse
# with SSLSocket.session, and an http.server wrapped in SSLContext.wrap_socket.
run_python() {
  local m=$1 v V f why n lines
  libenv "$m"
  for v in "${VERSIONS[@]}"; do
    V=$(vname $v)
    begin "python.client.$v[$m]"
    f=$out/$m.python.client.$v
    timeout -k 2 30 "${LIB[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" "$PY" -I "$here/pyclient.py" \
      fetch "https://localhost:${SPORT[www.$v]}/payload" "$ca" $v "$f.body" >"$f.out" 2>"$f.err"
    local prc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" python3 "$(ld_libs "$f.ld")"
    rc_is "python3" $prc 0
    [ $prc = 0 ] || problem "python3: $(tail -n 1 "$f.err" | cut -c1-200)"
    has "$f.out" "status: 200" python3
    has "$f.out" "version: $V" python3
    sha_is "$f.body" "urllib"
    verdict

    begin "python.resume.$v[$m]"
    f=$out/$m.python.resume.$v
    n=$(nlines "$ref_log")
    timeout -k 2 30 "${LIB[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" "$PY" -I "$here/pyclient.py" \
      resume 127.0.0.1 "$ref_p1" localhost "$ca" $v "/payload?py-$v-$m" "$f.body1" "$f.body2" \
      >"$f.out" 2>"$f.err"
    prc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" python3 "$(ld_libs "$f.ld")"
    rc_is "python3" $prc 0
    [ $prc = 0 ] || problem "python3: $(tail -n 1 "$f.err" | cut -c1-200)"
    local c
    for c in 1 2; do
      has "$f.out" "conn$c version: $V" python3
      has "$f.out" "conn$c status: HTTP/1.1 200 OK" python3
      has "$f.out" "conn$c had_session: True" python3
      sha_is "$f.body$c" "connection $c"
    done
    has "$f.out" "conn1 session_reused: False" python3
    has "$f.out" "conn2 session_reused: True" python3
    wait_lines "$ref_log" "$n" 2
    lines=$(since "$ref_log" "$n")
    grep -qFx "$ref_p1 $V . NONE \"-\" 200 1048576 /payload?py-$v-$m" <<<"$lines" ||
      problem "nginx (system) access_log, first connection: '$(sed -n 1p <<<"$lines")'"
    [ "$(sed -n 2p <<<"$lines")" = "$ref_p1 $V r NONE \"-\" 200 1048576 /payload?py-$v-$m" ] ||
      problem "nginx (system) access_log, second connection not resumed: '$(sed -n 2p <<<"$lines")'"
    verdict

    # pyOpenSSL: python3-cryptography's bindings link libssl.so.3 too (~160 functions)
    begin "python.pyopenssl.$v[$m]"
    f=$out/$m.python.pyopenssl.$v
    timeout -k 2 30 "${LIB[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" "$PY" -I "$here/pyopenssl.py" \
      127.0.0.1 "$ref_p1" localhost "$ca" $v "/payload?pyopenssl-$v-$m" "$f.body" \
      >"$f.out" 2>"$f.err"
    prc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" "python3 (pyOpenSSL)" "$(ld_libs "$f.ld")"
    rc_is "python3 (pyOpenSSL)" $prc 0
    [ $prc = 0 ] || problem "python3 (pyOpenSSL): $(tail -n 1 "$f.err" | cut -c1-200)"
    has "$f.out" "version: $V" pyopenssl
    has "$f.out" "status: HTTP/1.1 200 OK" pyopenssl
    has "$f.out" "sha256: $want_sha" pyopenssl
    sha_is "$f.body" "pyOpenSSL"
    verdict
  done

  # the server
  local gpid pid libs
  f=$out/$m.python.server
  spawn "$f.out" "$f.err" -- "${LIB[@]}" "$PY" -I "$here/pyserver.py" "$tmp/www" \
    "$certs/server.pem" "$certs/server.key"
  gpid=$bgpid
  if ! wait_line "$f.out" '^listening on ' "$gpid"; then
    why=$(loader_error "$f.err")
    [ -n "$why" ] || why="the python3 server did not start: $(tail -n 1 "$f.err" | cut -c1-200)"
    fail_all "$why" "python.server.tls12[$m]" "python.server.tls13[$m]"
    stop_group "$gpid"
    return
  fi
  local p
  p=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$f.out")
  pid=$(prog_pid "$gpid")
  libs=$(maps_libs "$pid")
  for v in "${VERSIONS[@]}"; do
    V=$(vname $v)
    begin "python.server.$v[$m]"
    check_libs "$m" python3 "$libs"
    local g=$out/$m.python.server.$v
    n=$(nlines "$f.out")
    # shellcheck disable=SC2046
    curl_sys "$g" $(curlv $v) --resolve "localhost:$p:127.0.0.1" --cacert "$ca" \
      -o "$g.body" "https://localhost:$p/payload"
    rc_is "curl (system)" $? 0
    sha_is "$g.body" curl
    has "$g.err" "SSL connection using $V /" "curl -v"
    wait_lines "$f.out" "$n" 1
    since "$f.out" "$n" >"$g.server"
    has "$g.server" "request: /payload version: $V status: 200" "python3 server log"
    verdict
  done
  stop_group "$gpid"
}

# ---------------------------------------------------------------------------
# The openssl command on the library under test: a crypto subcommand (it only loads
# libssl), s_client fetching the 1 MiB file from s_server -WWW on the system's, and
# s_server -WWW serving it to curl on the system's.
run_openssl() {
  local m=$1 v V f crc
  begin "openssl.x509[$m]"
  f=$out/$m.openssl.x509
  libenv "$m"
  timeout -k 2 30 "${LIB[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" openssl x509 \
    -in "$certs/server.pem" -noout -subject -issuer -fingerprint -sha256 >"$f.stdout" 2>"$f.err"
  crc=$?
  why=$(loader_error "$f.err")
  [ -n "$why" ] && problem "$why"
  check_libs "$m" openssl "$(ld_libs "$f.ld")"
  rc_is "openssl x509" $crc 0
  "${SYS[@]}" openssl x509 -in "$certs/server.pem" -noout -subject -issuer -fingerprint \
    -sha256 >"$f.sys" 2>&1
  cmp -s "$f.stdout" "$f.sys" || problem "openssl x509 printed other than on the system libssl"
  verdict

  for v in "${VERSIONS[@]}"; do
    V=$(vname $v)
    begin "openssl.s_client.$v[$m]"
    f=$out/$m.openssl.s_client.$v
    printf 'GET /payload HTTP/1.0\r\n\r\n' >"$f.in"
    libenv "$m"
    timeout -k 2 30 "${LIB[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" openssl s_client \
      -connect "127.0.0.1:${SPORT[www.$v]}" -servername localhost -CAfile "$ca" \
      -verify_return_error -brief -ign_eof <"$f.in" >"$f.stdout" 2>"$f.err"
    crc=$?
    why=$(loader_error "$f.err")
    [ -n "$why" ] && problem "$why"
    check_libs "$m" openssl "$(ld_libs "$f.ld")"
    rc_is "openssl s_client" $crc 0
    # the file after the response's header lines
    "$PY" -I -c 'import sys; d = open(sys.argv[1], "rb").read(); i = d.find(b"\r\n\r\n")
open(sys.argv[2], "wb").write(d[i + 4:] if i >= 0 else b"")' "$f.stdout" "$f.body"
    sha_is "$f.body" "openssl s_client"
    has "$f.err" "Protocol version: $V" "s_client -brief"
    has "$f.err" "Verification: OK" "s_client -brief"
    verdict

    begin "openssl.s_server.$v[$m]"
    f=$out/$m.openssl.s_server.$v
    libenv "$m"
    spawn "$f.out" "$f.err" "$tmp/www" -- "${LIB[@]}" openssl s_server -accept 127.0.0.1:0 \
      -WWW "${srv[@]}" "$(sv $v)"
    local sp=$bgpid port= i
    for ((i = 0; i < 200; i++)); do
      port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$f.out" 2>/dev/null)
      [ -n "$port" ] && break
      kill -0 "$sp" 2>/dev/null || break
      sleep 0.05
    done
    if [ -z "$port" ]; then
      why=$(loader_error "$f.err")
      problem "${why:-openssl s_server did not start: $(tail -n 1 "$f.err")}"
    else
      check_libs "$m" "openssl s_server" "$(maps_libs "$(prog_pid "$sp")")"
      # shellcheck disable=SC2046
      curl_sys "$f.curl" $(curlv $v) --resolve "localhost:$port:127.0.0.1" --cacert "$ca" \
        -o "$f.body" "https://localhost:$port/payload"
      rc_is curl $? 0
      sha_is "$f.body" curl
      has "$f.curl.err" "SSL connection using $V /" "curl -v"
    fi
    stop_group "$sp"
    verdict
  done
}

# ---------------------------------------------------------------------------
# make install into a scratch DESTDIR, then curl through the installed wrapper.
run_install() {
  local d=$tmp/install f mode
  begin "install.layout"
  if ! make -s -C "$root" install DESTDIR="$d" PREFIX=/usr/local >"$out/install.out" 2>&1; then
    problem "make install failed: $(tail -n 1 "$out/install.out")"
  fi
  local lib=$d/usr/local/lib/rustls-libssl/libssl.so.3 run=$d/usr/local/bin/rustls-libssl-run
  [ -f "$lib" ] || problem "no $lib"
  [ -x "$run" ] || problem "no executable $run"
  [ -f "$d/usr/local/include/rustls-libssl/rustls_libssl.h" ] || problem "no header"
  [ "$(ls "$d/usr/local/lib/rustls-libssl" 2>/dev/null)" = libssl.so.3 ] ||
    problem "lib/rustls-libssl holds more than libssl.so.3"
  verdict
  for mode in ldpath preload; do
    begin "install.wrapper.$mode"
    f=$out/install.wrapper.$mode
    local opt=()
    [ $mode = preload ] && opt=(--preload)
    if [ -x "$run" ]; then
      timeout -k 2 30 "${SYS[@]}" LD_DEBUG=libs "LD_DEBUG_OUTPUT=$f.ld" "$run" "${opt[@]}" \
        curl -sS -v --resolve "localhost:${SPORT[www.tls13]}:127.0.0.1" --cacert "$ca" \
        -o "$f.body" "https://localhost:${SPORT[www.tls13]}/payload" >"$f.stdout" 2>"$f.err"
      local crc=$?
      why=$(loader_error "$f.err")
      [ -n "$why" ] && problem "$why"
      local got
      got=$(ld_libs "$f.ld")
      [ "$got" = "$lib" ] || problem "curl loaded '${got//$'\n'/ }', not $lib"
      rc_is curl $crc 0
      sha_is "$f.body" curl
      has "$f.err" "SSL connection using TLSv1.3 /" "curl -v"
    else
      problem "no wrapper installed"
    fi
    verdict
  done
}

# ---------------------------------------------------------------------------
for m in "${MODES[@]}"; do
  mkdir -p "$out"
  want_group nginx && run_nginx "$m"
  want_group curl && run_curl "$m"
  want_group stunnel && run_stunnel "$m"
  want_group socat && run_socat "$m"
  want_group haproxy && run_haproxy "$m"
  want_group python && run_python "$m"
  want_group openssl && run_openssl "$m"
done
# the installed wrapper runs our library (there is nothing to install in system mode)
[ "$LIBKIND" = ours ] && want_group install && run_install

echo "apps ($LIBKIND): $npass passed, $nfail failed"
[ $nfail -eq 0 ] || echo "failed: ${failed[*]}"
[ $nfail -eq 0 ]
