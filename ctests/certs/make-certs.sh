#!/bin/sh
# Generate the test PKI used by the C differential tests.
# Outputs (in this script's directory):
#   ca.pem / ca.key             self-signed CA (RSA-2048)
#   server.pem / server.key     RSA-2048 server cert signed by the CA
#   server-ec.pem / server-ec.key  ECDSA P-256 server cert signed by the CA
#   chain.pem                   server.pem followed by ca.pem
#   other.key                   an unrelated RSA-2048 key (for mismatch tests)
# All certificates: CN=localhost, SAN DNS:localhost + IP:127.0.0.1, EKU serverAuth,
# validity 36500 days. Keys are unencrypted PKCS#8 PEM.
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
cd "$DIR"
DAYS=36500
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/ca.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = ctests Test CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF

cat > "$TMP/srv.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[v3_srv]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key
openssl req -new -x509 -key ca.key -sha256 -days $DAYS -config "$TMP/ca.cnf" \
    -extensions v3_ca -set_serial 1 -out ca.pem

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server.key
openssl req -new -key server.key -config "$TMP/srv.cnf" -out "$TMP/server.csr"
openssl x509 -req -in "$TMP/server.csr" -CA ca.pem -CAkey ca.key -set_serial 2 \
    -days $DAYS -sha256 -extfile "$TMP/srv.cnf" -extensions v3_srv -out server.pem

openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server-ec.key
openssl req -new -key server-ec.key -config "$TMP/srv.cnf" -out "$TMP/server-ec.csr"
openssl x509 -req -in "$TMP/server-ec.csr" -CA ca.pem -CAkey ca.key -set_serial 3 \
    -days $DAYS -sha256 -extfile "$TMP/srv.cnf" -extensions v3_srv -out server-ec.pem

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.key

cat server.pem ca.pem > chain.pem
chmod 644 ./*.key

openssl verify -CAfile ca.pem server.pem server-ec.pem
