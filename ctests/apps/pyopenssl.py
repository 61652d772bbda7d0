"""HTTPS client for ctests/apps/run.sh through pyOpenSSL (Debian's python3-openssl),
run by /usr/bin/python3. pyOpenSSL calls libssl through python3-cryptography's
bindings (_openssl.abi3.so), which link libssl.so.3 and bind ~160 of its functions:
the module loads only if every one of them is exported.

  pyopenssl.py HOST PORT SNI CAFILE tls12|tls13 PATH OUTFILE
      one connection (SSL.Connection over a socket, the version pinned, the server
      verified against CAFILE, SNI sent), one "Connection: close" GET for PATH; writes
      the body to OUTFILE and prints: version, status, bytes, and sha256 (the body's,
      computed with cryptography's hashes, its OpenSSL backend).

Every line is "key: value"; the exit status is 0 when the script ran to the end.
"""
import socket
import sys

from cryptography.hazmat.primitives import hashes
from OpenSSL import SSL


def fetch(host, port, sni, cafile, ver, path, outfile):
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    v = {"tls12": SSL.TLS1_2_VERSION, "tls13": SSL.TLS1_3_VERSION}[ver]
    ctx.set_min_proto_version(v)
    ctx.set_max_proto_version(v)
    ctx.load_verify_locations(cafile)
    ctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errno, depth, ok: bool(ok))
    sock = socket.create_connection((host, int(port)), timeout=20)
    # pyOpenSSL wants a blocking socket (with a timeout, Python makes it non-blocking
    # and the reads raise WantReadError); run.sh bounds the whole run.
    sock.settimeout(None)
    conn = SSL.Connection(ctx, sock)
    conn.set_tlsext_host_name(sni.encode())
    conn.set_connect_state()
    conn.do_handshake()
    conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {sni}\r\nConnection: close\r\n\r\n".encode())
    data = bytearray()
    while True:
        try:
            chunk = conn.recv(65536)
        except SSL.ZeroReturnError:
            break
        if not chunk:
            break
        data += chunk
    version = conn.get_protocol_version_name()
    try:
        conn.shutdown()
    except SSL.Error:
        pass
    sock.close()
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    with open(outfile, "wb") as f:
        f.write(body)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(body)
    status = head.split(b"\r\n", 1)[0].decode("latin-1")
    print(f"version: {version}")
    print(f"status: {status}")
    print(f"bytes: {len(body)}")
    print(f"sha256: {digest.finalize().hex()}")


if __name__ == "__main__":
    fetch(*sys.argv[1:8])
