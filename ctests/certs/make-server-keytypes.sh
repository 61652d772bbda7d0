#!/bin/sh
# More server key types for the interop tests (ctests/peers.sh), signed by the
# CA of make-certs.sh (run that first; this script only reads ca.pem/ca.key).
# Outputs (in this script's directory):
#   server-ed.pem / server-ed.key      Ed25519
#   server-p384.pem / server-p384.key  ECDSA P-384
#   server-p521.pem / server-p521.key  ECDSA P-521
#   server-pss.pem / server-pss.key    RSA-PSS 2048 (`genpkey -algorithm RSA-PSS`:
#                                      SPKI id-RSASSA-PSS, no parameter restrictions)
# All certificates: CN=localhost, SAN DNS:localhost + IP:127.0.0.1, EKU
# serverAuth, key usage digitalSignature only (none of these keys can be used
# for RSA key transport), signed with sha256WithRSAEncryption by the CA,
# validity 36500 days. Keys are unencrypted PKCS#8 PEM.
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
cd "$DIR"
DAYS=36500
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -r ca.pem ] && [ -r ca.key ] || {
    echo "$0: run make-certs.sh first (ca.pem/ca.key missing)" >&2
    exit 1
}

cat > "$TMP/srv.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[v3_srv]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

serial=20
for spec in "server-ed:ED25519:" \
    "server-p384:EC:-pkeyopt ec_paramgen_curve:P-384" \
    "server-p521:EC:-pkeyopt ec_paramgen_curve:P-521" \
    "server-pss:RSA-PSS:-pkeyopt rsa_keygen_bits:2048"; do
    name=${spec%%:*}; rest=${spec#*:}; alg=${rest%%:*}; opts=${rest#*:}
    # shellcheck disable=SC2086
    openssl genpkey -quiet -algorithm "$alg" $opts -out "$name.key"
    openssl req -new -key "$name.key" -config "$TMP/srv.cnf" -out "$TMP/$name.csr"
    openssl x509 -req -in "$TMP/$name.csr" -CA ca.pem -CAkey ca.key -set_serial $serial \
        -days $DAYS -sha256 -extfile "$TMP/srv.cnf" -extensions v3_srv -out "$name.pem"
    serial=$((serial + 1))
done
chmod 644 ./*.key

openssl verify -CAfile ca.pem server-ed.pem server-p384.pem server-p521.pem server-pss.pem
