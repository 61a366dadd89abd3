#!/usr/bin/env bash
# Makes the test-only TLS identities of this folder again (they are committed,
# valid for 100 years, and protect nothing): a private CA, and two server
# certificates for 127.0.0.1/localhost signed by it (a.* and b.*, so that a
# test can switch from one to the other on SIGHUP), and one TLS key that
# belongs to neither (other.key).
set -euo pipefail
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days "$days" \
    -subj "/CN=datagate test CA" -keyout ca.key -out ca.pem 2>/dev/null
for name in a b; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=datagate test $name" \
        -keyout "$name.key" -out "$name.csr" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" \
        -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n') -out "$name.pem" 2>/dev/null
    cat ca.pem >>"$name.pem" # the chain after the leaf, as certbot's fullchain.pem
    rm "$name.csr"
done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.key 2>/dev/null
rm -f ca.srl ca.key
