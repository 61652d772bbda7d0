"""HTTPS file server for ctests/apps/run.sh, run by Debian's /usr/bin/python3: the
standard library's http.server with its listening socket wrapped by an
ssl.SSLContext(PROTOCOL_TLS_SERVER) (SSLContext.wrap_socket, server side).

  pyserver.py DIR CERT KEY

Listens on 127.0.0.1, a port the kernel picks, and prints "listening on 127.0.0.1:PORT";
then, per request: "request: PATH version: TLSvX.Y status: N". Serves files from DIR until
it is terminated.
"""
import functools
import http.server
import ssl
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        ver = self.request.version() if hasattr(self.request, "version") else "none"
        print(f"request: {self.path} version: {ver} status: {int(code)}", flush=True)

    def log_message(self, fmt, *args):
        sys.stderr.write((fmt % args) + "\n")


def main():
    root, cert, key = sys.argv[1:4]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    handler = functools.partial(Handler, directory=root)
    httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    print(f"listening on 127.0.0.1:{httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
