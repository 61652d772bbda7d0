#!/bin/sh
# Extra certificates for the application tests (ctests/apps/run.sh). The CA is the one of
# ctests/certs/make-certs.sh (run that first); everything is written next to this script.
#   wrongname.pem / .key    RSA-2048, signed by ctests/certs/ca.pem, but for the name
#                           wrong.example only (CN and SAN): a client asking for
#                           localhost must reject it (host name mismatch)
#   otherca.pem / .key      a self-signed CA that no test trusts
#   unknownca.pem / .key    RSA-2048, CN/SAN localhost + IP 127.0.0.1, signed by otherca:
#                           a client trusting only ca.pem must reject it (unknown issuer)
# Validity 36500 days; keys are unencrypted PKCS#8 PEM.
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
CA=$DIR/../../certs
cd "$DIR"
DAYS=36500
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

leaf_cnf() { # leaf_cnf CN SAN
    cat <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = $1
[v3_leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $2
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
}

leaf_cnf wrong.example "DNS:wrong.example" > "$TMP/wrong.cnf"
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out wrongname.key
openssl req -new -key wrongname.key -config "$TMP/wrong.cnf" -out "$TMP/wrong.csr"
openssl x509 -req -in "$TMP/wrong.csr" -CA "$CA/ca.pem" -CAkey "$CA/ca.key" -set_serial 40 \
    -days $DAYS -sha256 -extfile "$TMP/wrong.cnf" -extensions v3_leaf -out wrongname.pem

cat > "$TMP/otherca.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = apps Other CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out otherca.key
openssl req -new -x509 -key otherca.key -sha256 -days $DAYS -config "$TMP/otherca.cnf" \
    -extensions v3_ca -set_serial 41 -out otherca.pem

leaf_cnf localhost "DNS:localhost, IP:127.0.0.1" > "$TMP/unknown.cnf"
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out unknownca.key
openssl req -new -key unknownca.key -config "$TMP/unknown.cnf" -out "$TMP/unknown.csr"
openssl x509 -req -in "$TMP/unknown.csr" -CA otherca.pem -CAkey otherca.key -set_serial 42 \
    -days $DAYS -sha256 -extfile "$TMP/unknown.cnf" -extensions v3_leaf -out unknownca.pem

chmod 644 ./*.key
openssl verify -CAfile "$CA/ca.pem" wrongname.pem
openssl verify -CAfile otherca.pem unknownca.pem
