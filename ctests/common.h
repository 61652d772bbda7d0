/*
 * common.h - shared helpers for the C differential tests (header-only).
 *
 * Every test program prints FACTS only: values that any faithful implementation of
 * OpenSSL 3's libssl must reproduce (return values, SSL_get_error codes, byte counts
 * delivered, integrity of the delivered bytes, ERR lib/reason). Never retry counts,
 * record or wire sizes, timings or pointers. The harness (run.sh) runs each program
 * against the system libssl and against ours and diffs the outputs.
 *
 * Conventions
 *   - argv[1] is the certificate directory (ctests/certs).
 *   - FACT("name", "%d", v) prints "<prefix>name: v". ct_prefix() sets the prefix
 *     (e.g. "tls13.") so the same scenario can be run per protocol version.
 *   - Facts are printed from the main thread only (threads record, main prints), so the
 *     output order is deterministic.
 *   - Every loop is bounded; an alarm() kills a stuck program, printing "TIMEOUT".
 *   - REQUIRE(cond) stops the program (exit 1) with a FAIL line when a precondition for
 *     the remaining facts does not hold.
 */
#ifndef CTESTS_COMMON_H
#define CTESTS_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CT_MIB (1024 * 1024)
/* Upper bound on iterations of any retry / pump loop. */
#define CT_MAX_ITERS 200000
/* Seconds before a stuck program is killed by SIGALRM. */
#define CT_ALARM_SECONDS 45

static const char *ct_certdir = ".";
static char ct_prefix_buf[128];

/* ------------------------------------------------------------------------- */
/* Output                                                                     */
/* ------------------------------------------------------------------------- */

static inline void ct_prefix(const char *fmt, ...)
{
    va_list ap;

    if (fmt == NULL) {
        ct_prefix_buf[0] = '\0';
        return;
    }
    va_start(ap, fmt);
    vsnprintf(ct_prefix_buf, sizeof(ct_prefix_buf), fmt, ap);
    va_end(ap);
}

static inline void ct_fact(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void ct_fact(const char *name, const char *fmt, ...)
{
    va_list ap;

    printf("%s%s: ", ct_prefix_buf, name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

#define FACT(name, ...) ct_fact((name), __VA_ARGS__)

/* Print the first queued error as "lib=%d reason=%d", or "err=none". Does not pop. */
static inline void ct_err(const char *name)
{
    unsigned long e = ERR_peek_error();

    if (e == 0)
        FACT(name, "err=none");
    else
        FACT(name, "lib=%d reason=%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
}

/* A test precondition failed: say so and stop with a non-zero status. */
static inline void ct_fail_at(const char *file, int line, const char *what)
{
    printf("%sFAIL: %s:%d: %s\n", ct_prefix_buf, file, line, what);
    fflush(stdout);
    ERR_print_errors_fp(stderr);
    exit(1);
}
#define CT_FAIL(what) ct_fail_at(__FILE__, __LINE__, (what))
#define REQUIRE(cond) do { if (!(cond)) CT_FAIL("REQUIRE(" #cond ")"); } while (0)

static inline void ct_alarm_handler(int sig)
{
    static const char msg[] = "TIMEOUT: program did not finish in time\n";
    ssize_t r;

    (void)sig;
    /* facts are flushed line by line; only async-signal-safe calls here */
    r = write(1, msg, sizeof(msg) - 1);
    (void)r;
    _exit(3);
}

/* Call first in main(). */
static inline void ct_init(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CERTDIR\n", argv[0]);
        exit(2);
    }
    ct_certdir = argv[1];
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, ct_alarm_handler);
    alarm(CT_ALARM_SECONDS);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
}

/* Path of a file in the certs dir (rotating static buffers; valid for a few calls). */
static inline const char *ct_path(const char *file)
{
    static char bufs[8][1024];
    static int idx;
    char *b = bufs[idx++ & 7];

    snprintf(b, sizeof(bufs[0]), "%s/%s", ct_certdir, file);
    return b;
}

static inline const char *ct_vername(int ver)
{
    switch (ver) {
    case TLS1_2_VERSION: return "tls12";
    case TLS1_3_VERSION: return "tls13";
    case 0: return "any";
    default: return "other";
    }
}

/* ------------------------------------------------------------------------- */
/* Data pattern: position-dependent, so loss, duplication and reordering show */
/* ------------------------------------------------------------------------- */

static inline unsigned char ct_pat(uint64_t off)
{
    uint32_t x = (uint32_t)(off * 0x9E3779B1u) ^ (uint32_t)(off >> 32);

    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return (unsigned char)x;
}

static inline void ct_fill(unsigned char *buf, size_t len, uint64_t off)
{
    size_t i;

    for (i = 0; i < len; i++)
        buf[i] = ct_pat(off + i);
}

static inline unsigned char *ct_patbuf(size_t len, uint64_t off)
{
    unsigned char *b = malloc(len ? len : 1);

    REQUIRE(b != NULL);
    ct_fill(b, len, off);
    return b;
}

/* Receiving side bookkeeping: counts bytes and checks them against the pattern. */
typedef struct {
    SSL *ssl;
    uint64_t got;        /* bytes received so far (= next expected pattern offset) */
    uint64_t bad;        /* bytes that did not match the pattern */
    int last_ret;        /* last SSL_read return value */
    int last_err;        /* SSL_get_error for it */
    int eof;             /* saw ret <= 0 with a non-retryable error */
    /* for blocking threads */
    uint64_t want;       /* stop once this many bytes were received (0 = until EOF) */
    size_t chunk;        /* read size (default 16384) */
} ct_reader;

static inline void ct_reader_init(ct_reader *r, SSL *ssl)
{
    memset(r, 0, sizeof(*r));
    r->ssl = ssl;
    r->chunk = 16384;
}

static inline void ct_reader_feed(ct_reader *r, const unsigned char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (b[i] != ct_pat(r->got + i))
            r->bad++;
    r->got += n;
}

/* Intact: exactly `expect` bytes arrived and all matched. */
static inline int ct_reader_intact(const ct_reader *r, uint64_t expect)
{
    return r->got == expect && r->bad == 0;
}

/* Blocking reader thread: read until `want` bytes (or EOF/error when want == 0). */
static inline void *ct_reader_thread(void *arg)
{
    ct_reader *r = arg;
    unsigned char *buf = malloc(r->chunk);
    long i;

    if (buf == NULL)
        return NULL;
    for (i = 0; i < CT_MAX_ITERS * 10L; i++) {
        size_t n = r->chunk;
        int ret;

        if (r->want != 0) {
            if (r->got >= r->want)
                break;
            if (r->want - r->got < n)
                n = (size_t)(r->want - r->got);
        }
        ret = SSL_read(r->ssl, buf, (int)n);
        r->last_ret = ret;
        if (ret <= 0) {
            r->last_err = SSL_get_error(r->ssl, ret);
            r->eof = 1;
            break;
        }
        r->last_err = 0;
        ct_reader_feed(r, buf, (size_t)ret);
    }
    free(buf);
    return NULL;
}

/* ------------------------------------------------------------------------- */
/* Contexts                                                                   */
/* ------------------------------------------------------------------------- */

static inline void ct_pin_version(SSL_CTX *ctx, int ver)
{
    if (ver == 0)
        return;
    REQUIRE(SSL_CTX_set_min_proto_version(ctx, ver) == 1);
    REQUIRE(SSL_CTX_set_max_proto_version(ctx, ver) == 1);
}

/* Server context with the RSA (or, with ec != 0, the ECDSA) certificate and key. */
static inline SSL_CTX *ct_server_ctx_ex(int ver, int ec)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    REQUIRE(ctx != NULL);
    REQUIRE(SSL_CTX_use_certificate_file(ctx, ct_path(ec ? "server-ec.pem" : "server.pem"),
                                         SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(ctx, ct_path(ec ? "server-ec.key" : "server.key"),
                                        SSL_FILETYPE_PEM) == 1);
    ct_pin_version(ctx, ver);
    return ctx;
}

static inline SSL_CTX *ct_server_ctx(int ver)
{
    return ct_server_ctx_ex(ver, 0);
}

/* Client context trusting ca.pem, verifying the peer. */
static inline SSL_CTX *ct_client_ctx(int ver)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    REQUIRE(ctx != NULL);
    REQUIRE(SSL_CTX_load_verify_locations(ctx, ct_path("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    ct_pin_version(ctx, ver);
    return ctx;
}

/* ------------------------------------------------------------------------- */
/* Connected pairs                                                            */
/* ------------------------------------------------------------------------- */

enum ct_kind {
    CT_SOCK_BLOCK = 1,  /* socketpair, blocking (use threads for the peer) */
    CT_SOCK_NB,         /* socketpair, both ends non-blocking */
    CT_BIOPAIR,         /* BIO_new_bio_pair with a given buffer size */
    CT_MEM              /* two BIO_s_mem per side, bytes moved by ct_pump() */
};

typedef struct {
    int kind;
    SSL_CTX *cctx, *sctx;   /* owned by the pair if own_ctx */
    int own_ctx;
    SSL *c, *s;
    int fd[2];              /* fd[0] client end, fd[1] server end (socket kinds) */
    BIO *c_in, *c_out;      /* CT_MEM: client's rbio / wbio */
    BIO *s_in, *s_out;      /* CT_MEM: server's rbio / wbio */
    BIO *c_bio, *s_bio;     /* CT_BIOPAIR: the two halves */
} ct_pair;

static inline void ct_set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);

    REQUIRE(fl >= 0);
    REQUIRE(fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0);
}

/* Shrink a socket's kernel buffers (used to force WANT_WRITE on large writes). */
static inline void ct_shrink_sock(int fd, int bytes)
{
    REQUIRE(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes)) == 0);
    REQUIRE(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) == 0);
}

/*
 * Connect the two SSL objects p->c / p->s (already created) over transport `kind`.
 * bufsz is the BIO pair buffer size (CT_BIOPAIR only; 0 = default).
 */
static inline void ct_pair_attach(ct_pair *p, int kind, size_t bufsz)
{
    p->kind = kind;
    p->fd[0] = p->fd[1] = -1;
    switch (kind) {
    case CT_SOCK_BLOCK:
    case CT_SOCK_NB:
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, p->fd) == 0);
        if (kind == CT_SOCK_NB) {
            ct_set_nonblock(p->fd[0]);
            ct_set_nonblock(p->fd[1]);
        }
        REQUIRE(SSL_set_fd(p->c, p->fd[0]) == 1);
        REQUIRE(SSL_set_fd(p->s, p->fd[1]) == 1);
        break;
    case CT_BIOPAIR:
        REQUIRE(BIO_new_bio_pair(&p->c_bio, bufsz, &p->s_bio, bufsz) == 1);
        SSL_set_bio(p->c, p->c_bio, p->c_bio);
        SSL_set_bio(p->s, p->s_bio, p->s_bio);
        break;
    case CT_MEM:
        p->c_in = BIO_new(BIO_s_mem());
        p->c_out = BIO_new(BIO_s_mem());
        p->s_in = BIO_new(BIO_s_mem());
        p->s_out = BIO_new(BIO_s_mem());
        REQUIRE(p->c_in && p->c_out && p->s_in && p->s_out);
        /* empty read = "retry", not EOF (this is BIO_s_mem's default; made explicit) */
        BIO_set_mem_eof_return(p->c_in, -1);
        BIO_set_mem_eof_return(p->s_in, -1);
        SSL_set_bio(p->c, p->c_in, p->c_out);
        SSL_set_bio(p->s, p->s_in, p->s_out);
        break;
    default:
        CT_FAIL("bad pair kind");
    }
}

/* Create SSLs from the given contexts (not owned) and connect them. */
static inline void ct_pair_init(ct_pair *p, int kind, SSL_CTX *cctx, SSL_CTX *sctx, size_t bufsz)
{
    memset(p, 0, sizeof(*p));
    p->cctx = cctx;
    p->sctx = sctx;
    p->c = SSL_new(cctx);
    p->s = SSL_new(sctx);
    REQUIRE(p->c != NULL && p->s != NULL);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
    ct_pair_attach(p, kind, bufsz);
}

/* Create contexts pinned to `ver` (0 = any) and a connected pair (no handshake yet). */
static inline void ct_pair_new(ct_pair *p, int kind, int ver, size_t bufsz)
{
    SSL_CTX *c = ct_client_ctx(ver), *s = ct_server_ctx(ver);

    ct_pair_init(p, kind, c, s, bufsz);
    p->own_ctx = 1;
}

static inline void ct_pair_free(ct_pair *p)
{
    SSL_free(p->c);
    SSL_free(p->s);
    if (p->fd[0] >= 0)
        close(p->fd[0]);
    if (p->fd[1] >= 0)
        close(p->fd[1]);
    if (p->own_ctx) {
        SSL_CTX_free(p->cctx);
        SSL_CTX_free(p->sctx);
    }
    memset(p, 0, sizeof(*p));
    p->fd[0] = p->fd[1] = -1;
}

/* Move everything queued in one memory BIO into another. Returns bytes moved. */
static inline size_t ct_move(BIO *from, BIO *to)
{
    unsigned char buf[8192];
    size_t total = 0;
    int i;

    for (i = 0; i < CT_MAX_ITERS; i++) {
        int n = BIO_read(from, buf, sizeof(buf));

        if (n <= 0)
            break;
        REQUIRE(BIO_write(to, buf, n) == n);
        total += (size_t)n;
    }
    return total;
}

/* CT_MEM: move bytes both ways. Other kinds: nothing to do (the kernel / BIO pair moves). */
static inline size_t ct_pump(ct_pair *p)
{
    if (p->kind != CT_MEM)
        return 0;
    return ct_move(p->c_out, p->s_in) + ct_move(p->s_out, p->c_in);
}

/* Bytes queued towards the server (c->s) / towards the client (s->c), for "nothing sent". */
static inline size_t ct_inflight_to_server(ct_pair *p)
{
    switch (p->kind) {
    case CT_MEM: return (size_t)BIO_ctrl_pending(p->c_out) + (size_t)BIO_ctrl_pending(p->s_in);
    case CT_BIOPAIR: return (size_t)BIO_ctrl_pending(p->s_bio);
    default: {
        int n = 0;
        REQUIRE(ioctl(p->fd[1], FIONREAD, &n) == 0);
        return (size_t)n;
    }
    }
}

static inline size_t ct_inflight_to_client(ct_pair *p)
{
    switch (p->kind) {
    case CT_MEM: return (size_t)BIO_ctrl_pending(p->s_out) + (size_t)BIO_ctrl_pending(p->c_in);
    case CT_BIOPAIR: return (size_t)BIO_ctrl_pending(p->c_bio);
    default: {
        int n = 0;
        REQUIRE(ioctl(p->fd[0], FIONREAD, &n) == 0);
        return (size_t)n;
    }
    }
}

/* --- handshakes --- */

typedef struct {
    SSL *ssl;
    int ret;
    int err;
} ct_hs_arg;

static inline void *ct_accept_thread(void *arg)
{
    ct_hs_arg *a = arg;

    a->ret = SSL_accept(a->ssl);
    a->err = a->ret == 1 ? 0 : SSL_get_error(a->ssl, a->ret);
    return NULL;
}

/* Blocking handshake: server accepts in a thread, client connects here. */
static inline int ct_handshake_blocking(ct_pair *p, int *cret, int *sret)
{
    pthread_t th;
    ct_hs_arg a = { p->s, 0, 0 };
    int r;

    REQUIRE(pthread_create(&th, NULL, ct_accept_thread, &a) == 0);
    r = SSL_connect(p->c);
    if (r != 1) {
        /* unblock the server if the client gave up */
        shutdown(p->fd[0], SHUT_RDWR);
    }
    pthread_join(th, NULL);
    if (cret)
        *cret = r;
    if (sret)
        *sret = a.ret;
    return r == 1 && a.ret == 1;
}

/*
 * Read whatever is immediately available on a non-blocking SSL, expecting no application
 * data (used to consume post-handshake messages such as TLS 1.3 session tickets).
 */
static inline void ct_settle_one(ct_pair *p, SSL *ssl)
{
    unsigned char b[16];
    int i, r;

    for (i = 0; i < 8; i++) {
        ct_pump(p);
        r = SSL_read(ssl, b, sizeof(b));
        if (r > 0)
            CT_FAIL("unexpected application data while settling");
        if (SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
            CT_FAIL("unexpected error while settling");
    }
}

static inline void ct_settle(ct_pair *p)
{
    if (p->kind == CT_SOCK_BLOCK)
        return;
    ct_settle_one(p, p->c);
    ct_settle_one(p, p->s);
    ct_settle_one(p, p->c);
    ERR_clear_error();
}

/*
 * Non-blocking handshake: alternate SSL_do_handshake on both sides (pumping memory BIOs)
 * until both finish. Returns 1 on success; on failure, cret and sret hold the last results.
 */
static inline int ct_handshake_nb(ct_pair *p, int *cret, int *sret)
{
    int cdone = 0, sdone = 0, cr = -1, sr = -1, i;

    for (i = 0; i < CT_MAX_ITERS && !(cdone && sdone); i++) {
        if (!cdone) {
            cr = SSL_do_handshake(p->c);
            if (cr == 1) {
                cdone = 1;
            } else {
                int e = SSL_get_error(p->c, cr);
                if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
                    break;
            }
        }
        ct_pump(p);
        if (!sdone) {
            sr = SSL_do_handshake(p->s);
            if (sr == 1) {
                sdone = 1;
            } else {
                int e = SSL_get_error(p->s, sr);
                if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
                    break;
            }
        }
        ct_pump(p);
    }
    if (i >= CT_MAX_ITERS)
        CT_FAIL("handshake iteration bound hit");
    if (cret)
        *cret = cr;
    if (sret)
        *sret = sr;
    return cdone && sdone;
}

/* Handshake for any kind; fails the program if it does not complete. */
static inline void ct_handshake(ct_pair *p)
{
    int ok;

    if (p->kind == CT_SOCK_BLOCK)
        ok = ct_handshake_blocking(p, NULL, NULL);
    else
        ok = ct_handshake_nb(p, NULL, NULL);
    if (!ok)
        CT_FAIL("handshake failed");
    ct_settle(p);
}

/* Convenience: new pair of `kind` for version `ver`, handshake done. */
static inline void ct_pair_connected(ct_pair *p, int kind, int ver, size_t bufsz)
{
    ct_pair_new(p, kind, ver, bufsz);
    ct_handshake(p);
}

/* ------------------------------------------------------------------------- */
/* Non-blocking transfer                                                      */
/* ------------------------------------------------------------------------- */

/*
 * Drain everything currently readable on a non-blocking SSL into the reader.
 * Returns the SSL_get_error code of the last (non-positive) SSL_read.
 */
static inline int ct_drain(ct_pair *p, ct_reader *r)
{
    unsigned char *buf;
    int i, err = SSL_ERROR_WANT_READ;

    buf = malloc(r->chunk);
    REQUIRE(buf != NULL);
    for (i = 0; i < CT_MAX_ITERS; i++) {
        int ret;

        if (p)
            ct_pump(p);
        ret = SSL_read(r->ssl, buf, (int)r->chunk);
        r->last_ret = ret;
        if (ret > 0) {
            r->last_err = 0;
            ct_reader_feed(r, buf, (size_t)ret);
            continue;
        }
        err = SSL_get_error(r->ssl, ret);
        r->last_err = err;
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
            r->eof = 1;
        break;
    }
    if (i >= CT_MAX_ITERS)
        CT_FAIL("drain iteration bound hit");
    free(buf);
    return err;
}

/* Result of a write retried until it completes. */
typedef struct {
    int first_ret, first_err;   /* the first call */
    int ret, err;               /* the last call (ret > 0 on success) */
    size_t written;             /* SSL_write_ex's *written on success */
    int saw_want_write, saw_want_read;
} ct_wres;

/*
 * Write buf[0..len) on `w`; while it returns WANT_READ/WANT_WRITE, let the peer reader
 * `rd` drain (may be NULL: then only pumping happens) and retry with the same arguments.
 * use_ex selects SSL_write_ex.
 */
static inline ct_wres ct_write_retry(ct_pair *p, SSL *w, const void *buf, int len, ct_reader *rd,
                              int use_ex)
{
    ct_wres res;
    int i;

    memset(&res, 0, sizeof(res));
    for (i = 0; i < CT_MAX_ITERS; i++) {
        int ret, err;

        if (use_ex) {
            size_t wr = 0;
            ret = SSL_write_ex(w, buf, (size_t)len, &wr);
            if (ret > 0)
                res.written = wr;
        } else {
            ret = SSL_write(w, buf, len);
        }
        err = ret > 0 ? SSL_ERROR_NONE : SSL_get_error(w, ret);
        if (i == 0) {
            res.first_ret = ret;
            res.first_err = err;
        }
        res.ret = ret;
        res.err = err;
        if (err == SSL_ERROR_WANT_WRITE)
            res.saw_want_write = 1;
        else if (err == SSL_ERROR_WANT_READ)
            res.saw_want_read = 1;
        else
            return res;
        ct_pump(p);
        if (rd != NULL)
            ct_drain(p, rd);
        ct_pump(p);
    }
    CT_FAIL("write retry iteration bound hit");
    return res;
}

/*
 * Send `total` bytes of pattern (starting at offset `off`) from w to rd, in writes of
 * at most `chunk` bytes, retrying each write with the same arguments. Returns 1 if every
 * write eventually returned its full length.
 */
static inline int ct_send_pattern(ct_pair *p, SSL *w, ct_reader *rd, uint64_t off, size_t total,
                           size_t chunk)
{
    unsigned char *buf = malloc(chunk);
    size_t done = 0;
    int ok = 1;

    REQUIRE(buf != NULL);
    while (done < total) {
        size_t n = total - done < chunk ? total - done : chunk;
        ct_wres r;

        ct_fill(buf, n, off + done);
        r = ct_write_retry(p, w, buf, (int)n, rd, 0);
        if (r.ret != (int)n) {
            ok = 0;
            break;
        }
        done += n;
    }
    free(buf);
    return ok;
}

/*
 * Finish a one-way transfer: writer sends close_notify, reader drains until it sees it.
 * Used to show that the data arrived exactly once (nothing extra after the expected bytes).
 * Returns the reader's final SSL_get_error code (6 = ZERO_RETURN expected).
 */
static inline int ct_close_and_drain(ct_pair *p, SSL *w, ct_reader *rd)
{
    int i, r = SSL_shutdown(w);

    for (i = 0; i < 64 && r < 0; i++) {
        int e = SSL_get_error(w, r);
        if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
            break;
        ct_pump(p);
        ct_drain(p, rd);
        r = SSL_shutdown(w);
    }
    for (i = 0; i < 64; i++) {
        int e = ct_drain(p, rd);
        if (e != SSL_ERROR_WANT_READ)
            return e;
    }
    return rd->last_err;
}

#endif /* CTESTS_COMMON_H */
