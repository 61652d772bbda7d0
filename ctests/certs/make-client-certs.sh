#!/bin/sh
# Client certificates for the mutual-TLS tests, signed by the CA of make-certs.sh
# (run that first). Outputs:
#   client.pem / client.key          RSA-2048, CN=client, EKU clientAuth
#   client-p384.pem / client-p384.key  ECDSA P-384, same
#   client-ed.pem / client-ed.key    Ed25519, same
#   stranger.pem / stranger.key      RSA-2048 self-signed (an unknown issuer)
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
cd "$DIR"
DAYS=36500
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/cli.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = client
[v3_cli]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
serial=10
for spec in "client:RSA:-pkeyopt rsa_keygen_bits:2048" "client-p384:EC:-pkeyopt ec_paramgen_curve:P-384" "client-ed:ED25519:"; do
    name=${spec%%:*}; rest=${spec#*:}; alg=${rest%%:*}; opts=${rest#*:}
    # shellcheck disable=SC2086
    openssl genpkey -quiet -algorithm "$alg" $opts -out "$name.key"
    openssl req -new -key "$name.key" -config "$TMP/cli.cnf" -out "$TMP/$name.csr"
    openssl x509 -req -in "$TMP/$name.csr" -CA ca.pem -CAkey ca.key -set_serial $serial \
        -days $DAYS -extfile "$TMP/cli.cnf" -extensions v3_cli -out "$name.pem"
    serial=$((serial + 1))
done
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out stranger.key
openssl req -new -x509 -key stranger.key -sha256 -days $DAYS -subj /CN=stranger \
    -set_serial 99 -out stranger.pem
chmod 644 ./*.key
openssl verify -CAfile ca.pem client.pem client-p384.pem client-ed.pem
