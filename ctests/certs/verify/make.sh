#!/bin/sh
# Generate the PKI for ctests/t_verify_cases.c (certificate verification outcomes).
# Needs only the openssl CLI (tested with OpenSSL 3.0). Run from anywhere; writes into
# this script's directory. CA keys are thrown away: only what the test loads is kept.
#
# Keys: every leaf (including the self-signed one) uses leaf.key (ECDSA P-256); each CA
# has its own P-256 key. Certificates are signed with `openssl ca`, which can set
# explicit validity dates.
#
# Trusted by the client:
#   root.pem            CN=VC Root (CA:TRUE, keyCertSign)
# Served by the test's server (SSL_CTX_use_certificate_chain_file, key leaf.key):
#   valid.pem           leaf <- root; CN=localhost, SAN DNS:localhost, IP:127.0.0.1,
#                       EKU serverAuth, 36500 days
#   expired.pem         as valid.pem but valid 2000-01-01 .. 2001-01-01
#   notyet.pem          as valid.pem but valid 2090-01-01 .. 2099-01-01
#   unknown.pem         leaf <- "VC Other Root" (not trusted, not sent)
#   untrusted_root.pem  the same leaf, followed by the self-signed "VC Other Root"
#   selfsigned.pem      self-signed leaf (CA:FALSE), CN=localhost
#   leaf_only.pem       leaf <- "VC Int" (intermediate not sent)
#   via_int.pem         leaf <- "VC Int", followed by "VC Int" (<- root, CA:TRUE)
#   notca.pem           leaf <- "VC NotCA", followed by "VC NotCA" (<- root, CA:FALSE
#                       although keyUsage allows keyCertSign)
#   eku_client.pem      leaf <- root with EKU clientAuth only
#   ku_agree.pem        leaf <- root with keyUsage keyAgreement only (no digitalSignature)
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
cd "$DIR"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/ca.cnf" <<CNF
[ca]
default_ca = vc
[vc]
dir = $TMP
database = $TMP/index.txt
new_certs_dir = $TMP/new
serial = $TMP/serial
default_md = sha256
policy = pol
unique_subject = no
email_in_dn = no
[pol]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[v3_notca]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
[v3_leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
[v3_eku_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
[v3_ku_agree]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyAgreement
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
CNF
mkdir "$TMP/new"
: > "$TMP/index.txt"
echo 01 > "$TMP/serial"

key() {  # key FILE
    openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"
}

# cert OUT KEY CN EXT ISSUER(self|name) VALIDITY-ARGS...
# ISSUER names $TMP/ISSUER.pem and $TMP/ISSUER.key.
cert() {
    out=$1 k=$2 cn=$3 ext=$4 iss=$5
    shift 5
    openssl req -new -key "$k" -config "$TMP/ca.cnf" -subj "/CN=$cn" -out "$TMP/req.csr"
    if [ "$iss" = self ]; then
        set -- -selfsign -keyfile "$k" "$@"
    else
        set -- -cert "$TMP/$iss.pem" -keyfile "$TMP/$iss.key" "$@"
    fi
    openssl ca -batch -notext -config "$TMP/ca.cnf" -extfile "$TMP/ca.cnf" \
        -extensions "$ext" -in "$TMP/req.csr" -out "$out" "$@" 2> "$TMP/ca.log" ||
        { cat "$TMP/ca.log" >&2; exit 1; }
}

LONG="-days 36500"
key leaf.key
chmod 644 leaf.key
for c in root other int notca; do key "$TMP/$c.key"; done

cert "$TMP/root.pem"  "$TMP/root.key"  "VC Root"       v3_ca    self  $LONG
cert "$TMP/other.pem" "$TMP/other.key" "VC Other Root" v3_ca    self  $LONG
cert "$TMP/int.pem"   "$TMP/int.key"   "VC Int"        v3_ca    root  $LONG
cert "$TMP/notca.pem" "$TMP/notca.key" "VC NotCA"      v3_notca root  $LONG

cert valid.pem       leaf.key localhost v3_leaf       root  $LONG
cert expired.pem     leaf.key localhost v3_leaf       root  -startdate 20000101000000Z -enddate 20010101000000Z
cert notyet.pem      leaf.key localhost v3_leaf       root  -startdate 20900101000000Z -enddate 20990101000000Z
cert unknown.pem     leaf.key localhost v3_leaf       other $LONG
cert selfsigned.pem  leaf.key localhost v3_leaf       self  $LONG
cert leaf_only.pem   leaf.key localhost v3_leaf       int   $LONG
cert "$TMP/l_notca.pem" leaf.key localhost v3_leaf    notca $LONG
cert eku_client.pem  leaf.key localhost v3_eku_client root  $LONG
cert ku_agree.pem    leaf.key localhost v3_ku_agree   root  $LONG

cp "$TMP/root.pem" root.pem
cat unknown.pem "$TMP/other.pem" > untrusted_root.pem
cat leaf_only.pem "$TMP/int.pem" > via_int.pem
cat "$TMP/l_notca.pem" "$TMP/notca.pem" > notca.pem

# What the openssl CLI thinks (informational; several of these are meant to fail).
for f in valid expired notyet unknown untrusted_root selfsigned leaf_only via_int notca \
         eku_client ku_agree; do
    printf '%-15s ' "$f:"
    openssl verify -purpose sslserver -CAfile root.pem -untrusted "$f.pem" "$f.pem" 2>&1 |
        tail -n 1
done
