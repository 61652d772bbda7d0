# rustls-libssl: a drop-in libssl.so.3 on rustls.
#   make          build target/release/libssl.so.3 (profile-guided; PGO=0: plain)
#   make test     Rust unit tests, header check, C differential tests (both injection
#                 modes), interop with openssl s_server/s_client and GnuTLS, the
#                 real programs of `make apps`
#   make demo     a TLS daemon built against OpenSSL's headers, served by our library,
#                 talking to unmodified curl and openssl s_client
#   make apps     real programs (nginx, curl, stunnel4, socat, haproxy, python3) on it
#   make compat   regenerate docs/COMPAT.md (which libssl symbols those programs import)
#   make install  PREFIX=/usr/local DESTDIR=  (never replaces the system's libssl)
#   make bench    ours vs OpenSSL vs raw rustls; writes docs/BENCHMARKS.md and
#                 docs/bench-ratios.png (a few minutes; see bench/README.md)
#   make bench-smoke  every benchmark row at tiny sizes, self-checks only (CI)

PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR := $(DESTDIR)$(PREFIX)/lib/rustls-libssl
INCDIR := $(DESTDIR)$(PREFIX)/include/rustls-libssl
BINDIR := $(DESTDIR)$(PREFIX)/bin
OUT := target/release
LIB := $(OUT)/libssl.so.3

.PHONY: all build test unit header header-check build-check ctests peers hostile valgrind fuzz demo install clean \
	apps apps-system compat compat-check \
	bench bench-smoke

all: build

# The shipped library is profile-guided (tools/pgo-build.sh: trained on the C tests);
# PGO=0, or a toolchain without llvm-tools, gives the plain release build.
build:
	cargo build --release
	tools/pgo-build.sh $(LIB)

# Refresh the committed header from the Rust declarations.
header: build
	cp -f $(OUT)/include/rustls_libssl.h include/rustls_libssl.h

header-check: build
	tools/header-check.sh $(OUT)/include/rustls_libssl.h
	tools/gen-ssl-reasons.sh --check

# How the library was built: aws-lc without its CPU-jitter entropy source (DESIGN.md).
build-check: build
	tools/build-check.sh $(LIB)

unit:
	cargo test --release --lib

ctests: build
	ctests/run.sh $(OUT)

# Real processes: our library against unmodified openssl s_server/s_client and GnuTLS.
peers: build
	PEERS_REQUIRE_GNUTLS=1 ctests/peers.sh $(OUT) ctests/certs

# Hostile callers: NULL and out-of-range arguments to every export, a threaded stress
# test through one shared SSL_CTX.
hostile: build
	ctests/hostile/run.sh $(OUT)

# Every C test under valgrind memcheck: no invalid access, no definite leak.
valgrind: build
	ctests/valgrind.sh $(OUT)

# The three cargo-fuzz targets, 60 s each (stable toolchain with RUSTC_BOOTSTRAP=1;
# see fuzz/README.md). Needs `cargo install cargo-fuzz`.
fuzz:
	fuzz/run.sh 60

# Unmodified nginx, curl, stunnel4, socat, haproxy and python3 on our library (both
# injection modes) against peers on the system's OpenSSL/GnuTLS; see ctests/apps/run.sh.
# apps-system runs the same cases on the system libssl (checks the harness itself).
apps: build
	ctests/apps/run.sh $(OUT)

apps-system:
	APPS_LIB=system ctests/apps/run.sh

# docs/COMPAT.md: every libssl.so.3 export, which programs import it, our status.
compat: build
	/usr/bin/python3 tools/gen-compat.py $(LIB)

compat-check: build
	/usr/bin/python3 tools/gen-compat.py --check $(LIB)

test: unit header-check build-check ctests peers hostile apps

# Benchmarks (not part of `make test`): bench/run.sh builds bench/bench.c and bench/rust.
bench: build
	bench/run.sh target/release

bench-smoke: build
	bench/run.sh --smoke target/release

demo: build
	ctests/demo/demo.sh $(OUT) ctests/certs

install: build
	install -d $(LIBDIR) $(INCDIR) $(BINDIR)
	install -m 0755 $(LIB) $(LIBDIR)/libssl.so.3
	install -m 0644 include/rustls_libssl.h $(INCDIR)/rustls_libssl.h
	install -m 0755 tools/rustls-libssl-run $(BINDIR)/rustls-libssl-run

clean:
	cargo clean
