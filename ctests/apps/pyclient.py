"""HTTPS client for ctests/apps/run.sh, run by Debian's /usr/bin/python3 (whose _ssl
module links libssl.so.3, so it runs on whichever libssl the loader gives it).

  pyclient.py fetch  URL CAFILE tls12|tls13 OUTFILE
      urllib.request.urlopen with a context trusting CAFILE only, the version pinned;
      writes the body to OUTFILE and prints:  status, version, bytes
  pyclient.py resume HOST PORT SNI CAFILE tls12|tls13 PATH OUT1 OUT2
      two connections with ssl.SSLContext.wrap_socket, each sending one
      "Connection: close" GET for PATH; the second one is given the first one's
      SSLSocket.session. Prints per connection: version, session_reused, had_session
      (whether SSLSocket.session was set after the response), status, bytes.

Every line is "key: value"; the exit status is 0 when the script ran to the end (even if
the facts are not the ones run.sh wants: it judges them).
"""
import socket
import ssl
import sys
import urllib.request


def context(cafile, ver):
    ctx = ssl.create_default_context(cafile=cafile)
    v = {"tls12": ssl.TLSVersion.TLSv1_2, "tls13": ssl.TLSVersion.TLSv1_3}[ver]
    ctx.minimum_version = v
    ctx.maximum_version = v
    return ctx


def fetch(url, cafile, ver, outfile):
    ctx = context(cafile, ver)
    with urllib.request.urlopen(url, context=ctx, timeout=20) as resp:
        # http.client's response reads from a SocketIO over the SSLSocket
        sock = resp.fp.raw._sock
        version = sock.version()
        body = resp.read()
        status = resp.status
    with open(outfile, "wb") as f:
        f.write(body)
    print(f"status: {status}")
    print(f"version: {version}")
    print(f"bytes: {len(body)}")


def http_get(ctx, host, port, sni, path, session):
    raw = socket.create_connection((host, port), timeout=20)
    s = ctx.wrap_socket(raw, server_hostname=sni, session=session)
    req = f"GET {path} HTTP/1.1\r\nHost: {sni}\r\nConnection: close\r\n\r\n"
    s.sendall(req.encode())
    data = bytearray()
    while True:
        try:
            chunk = s.recv(65536)
        except ssl.SSLZeroReturnError:
            break
        if not chunk:
            break
        data += chunk
    version = s.version()
    reused = s.session_reused
    sess = s.session
    try:
        s.unwrap()
    except (ssl.SSLError, OSError):
        pass
    s.close()
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode("latin-1")
    return version, reused, sess, status, body


def resume(host, port, sni, cafile, ver, path, out1, out2):
    ctx = context(cafile, ver)
    sess = None
    for n, out in ((1, out1), (2, out2)):
        version, reused, new_sess, status, body = http_get(ctx, host, int(port), sni, path, sess)
        with open(out, "wb") as f:
            f.write(body)
        print(f"conn{n} version: {version}")
        print(f"conn{n} session_reused: {reused}")
        print(f"conn{n} had_session: {new_sess is not None}")
        print(f"conn{n} status: {status}")
        print(f"conn{n} bytes: {len(body)}")
        sess = new_sess


def main():
    cmd = sys.argv[1]
    if cmd == "fetch":
        fetch(*sys.argv[2:6])
    elif cmd == "resume":
        resume(*sys.argv[2:10])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
