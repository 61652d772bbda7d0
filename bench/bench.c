/*
 * bench: one program, built against the system OpenSSL 3 headers and linked
 * -lssl -lcrypto, that measures whichever libssl.so.3 the loader gives it (the
 * system's, or ours through LD_LIBRARY_PATH). Client and server live in this process
 * (over BIO pairs) except for the TCP row, which forks.
 *
 *   bench bulk    --chunk N --total N            TLS 1.3 bulk over a BIO pair
 *   bench tcp     --chunk N --total N            TLS 1.3 bulk over loopback TCP
 *   bench hs      --kind K [--count N|--seconds S] [--threads T]
 *                 K = tls13 | tls13-resume | tls12 | tls12-noverify | tls13-default-group
 *   bench mem     --conns N                      heap and RSS per idle connection
 *   bench cold    --procs N                      N new processes, each: load the
 *                                                libraries, one full TLS 1.3 handshake,
 *                                                exit; CPU time per process
 *   bench forked  --procs N                      N children forked after a handshake,
 *                                                each: one full TLS 1.3 handshake, exit
 *   common:       --certs DIR (ca.pem, server-ec.pem, server-ec.key)
 *
 * Every subcommand checks its own work (bytes delivered and their content,
 * handshakes completed with the pinned version, suite and group, sessions resumed)
 * and exits 1 with a message on stderr when anything is wrong. On success it prints
 * one JSON line on stdout.
 *
 * Measured work sits in functions named measured_* (nothing else), so that
 * `valgrind --tool=callgrind --toggle-collect='*measured_*'` counts exactly the
 * library calls of the measured phase; warm-up work goes through other functions.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

/* The like-for-like pins: the same TLS 1.3 suite, TLS 1.2 suite and group on both. */
#define SUITE13 "TLS_AES_256_GCM_SHA384"
#define SUITE12 "ECDHE-ECDSA-AES256-GCM-SHA384"
#define GROUP "X25519"
/* Each BIO pair's buffer, per direction. */
#define PAIR_BUF (64 * 1024)

static const char *certdir = "ctests/certs";

static void fail(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "bench: FAIL: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    ERR_print_errors_fp(stderr);
    exit(1);
}

static double now(clockid_t clk) {
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Where the loader found libssl (the JSON says which library was measured). */
static const char *libssl_path(void) {
    Dl_info info;
    if (dladdr((void *)SSL_new, &info) && info.dli_fname)
        return info.dli_fname;
    return "?";
}

static void cert_path(char *out, size_t n, const char *name) {
    snprintf(out, n, "%s/%s", certdir, name);
}

/* ---- contexts ------------------------------------------------------------------ */

struct kind {
    int version;        /* TLS1_3_VERSION or TLS1_2_VERSION */
    const char *groups; /* NULL: the library's default groups */
    int resume;
    int noverify; /* the client has no CA: verification stops at the missing issuer */
};

static void pin(SSL_CTX *ctx, const struct kind *k) {
    if (!SSL_CTX_set_min_proto_version(ctx, k->version) ||
        !SSL_CTX_set_max_proto_version(ctx, k->version))
        fail("cannot pin the protocol version");
    if (k->version == TLS1_3_VERSION) {
        if (!SSL_CTX_set_ciphersuites(ctx, SUITE13))
            fail("cannot pin %s", SUITE13);
    } else if (!SSL_CTX_set_cipher_list(ctx, SUITE12)) {
        fail("cannot pin %s", SUITE12);
    }
    /* TLS 1.2 servers take an ECDSA certificate only if the client lists its curve
     * (P-256) among its groups; X25519 stays first, and the checks below insist that
     * it is the group negotiated. */
    const char *groups = k->groups && k->version == TLS1_2_VERSION ? GROUP ":P-256" : k->groups;
    if (groups && !SSL_CTX_set1_groups_list(ctx, groups))
        fail("cannot pin groups %s", groups);
}

static SSL_CTX *server_ctx(const struct kind *k) {
    char cert[4096], key[4096];
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx)
        fail("SSL_CTX_new (server)");
    pin(ctx, k);
    cert_path(cert, sizeof cert, "server-ec.pem");
    cert_path(key, sizeof key, "server-ec.key");
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1)
        fail("cannot load the server certificate from %s", certdir);
    return ctx;
}

static SSL_CTX *client_ctx(const struct kind *k) {
    char ca[4096];
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        fail("SSL_CTX_new (client)");
    pin(ctx, k);
    if (k->noverify) {
        /* Diagnostic row: libcrypto still runs, but finds no issuer, so checks no
         * signature; the handshake goes on (SSL_VERIFY_NONE). */
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        return ctx;
    }
    cert_path(ca, sizeof ca, "ca.pem");
    if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
        fail("cannot load %s", ca);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    return ctx;
}

/* Sessions, looked up at run time: a libssl without them still loads this program,
 * and the resumption row then fails saying so. */
struct session_api {
    SSL_SESSION *(*get1_session)(SSL *);
    int (*set_session)(SSL *, SSL_SESSION *);
    int (*session_reused)(const SSL *);
    void (*session_free)(SSL_SESSION *);
};

static void session_api(struct session_api *api) {
    const char *names[] = {"SSL_get1_session", "SSL_set_session", "SSL_session_reused",
                           "SSL_SESSION_free"};
    void **slots[] = {(void **)&api->get1_session, (void **)&api->set_session,
                      (void **)&api->session_reused, (void **)&api->session_free};
    for (int i = 0; i < 4; i++) {
        *slots[i] = dlsym(RTLD_DEFAULT, names[i]);
        if (!*slots[i])
            fail("%s does not export %s: session resumption is not available", libssl_path(),
                 names[i]);
    }
}

/* ---- one connection pair over a BIO pair ----------------------------------------- */

struct pair {
    SSL *c, *s;
};

static void expect_retry(SSL *ssl, int ret, const char *what) {
    int e = SSL_get_error(ssl, ret);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
        fail("%s: SSL_get_error %d", what, e);
}

/* Handshake, then one byte each way (the keys agree both ways, and the client takes
 * the server's TLS 1.3 tickets), then check the negotiated parameters. */
static NOINLINE void handshake_pair(struct pair *p, SSL_CTX *cc, SSL_CTX *sc,
                                    const struct kind *k, SSL_SESSION *sess,
                                    const struct session_api *api) {
    BIO *bc, *bs;
    unsigned char b = 0;
    p->c = SSL_new(cc);
    p->s = SSL_new(sc);
    if (!p->c || !p->s)
        fail("SSL_new");
    if (!BIO_new_bio_pair(&bc, PAIR_BUF, &bs, PAIR_BUF))
        fail("BIO_new_bio_pair");
    SSL_set_bio(p->c, bc, bc);
    SSL_set_bio(p->s, bs, bs);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
    if (sess && api->set_session(p->c, sess) != 1)
        fail("SSL_set_session");
    int done_c = 0, done_s = 0;
    for (int round = 0; !(done_c && done_s); round++) {
        if (round > 50)
            fail("handshake does not complete");
        if (!done_c) {
            int r = SSL_do_handshake(p->c);
            if (r == 1)
                done_c = 1;
            else
                expect_retry(p->c, r, "client handshake");
        }
        if (!done_s) {
            int r = SSL_do_handshake(p->s);
            if (r == 1)
                done_s = 1;
            else
                expect_retry(p->s, r, "server handshake");
        }
    }
    b = 0x5a;
    if (SSL_write(p->c, &b, 1) != 1)
        fail("client write after handshake");
    b = 0;
    if (SSL_read(p->s, &b, 1) != 1 || b != 0x5a)
        fail("server read after handshake");
    if (SSL_write(p->s, &b, 1) != 1)
        fail("server write after handshake");
    b = 0;
    if (SSL_read(p->c, &b, 1) != 1 || b != 0x5a)
        fail("client read after handshake");
    if (SSL_version(p->c) != k->version || SSL_version(p->s) != k->version)
        fail("negotiated version %x, wanted %x", SSL_version(p->c), k->version);
    const char *want = k->version == TLS1_3_VERSION ? SUITE13 : SUITE12;
    const char *got = SSL_get_cipher_name(p->c);
    if (!got || strcmp(got, want) != 0)
        fail("negotiated suite %s, wanted %s", got ? got : "(none)", want);
    long vr = SSL_get_verify_result(p->c);
    if (!k->noverify && vr != X509_V_OK)
        fail("server certificate not verified");
    if (k->noverify && vr != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
        fail("verify result %ld, wanted %d (no issuer)", vr,
             X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    if (k->groups && SSL_get_negotiated_group(p->c) != NID_X25519)
        fail("negotiated group %d, wanted X25519", (int)SSL_get_negotiated_group(p->c));
    if (sess && api->session_reused(p->c) != 1)
        fail("session not resumed (SSL_session_reused = %d)", api->session_reused(p->c));
}

/* A clean close (close_notify both ways, as a well-behaved application does; OpenSSL
 * also stops offering a session whose connection was freed without one), then free. */
static void free_pair(struct pair *p) {
    unsigned char b;
    if (SSL_shutdown(p->c) < 0)
        fail("client SSL_shutdown");
    if (SSL_shutdown(p->s) < 0)
        fail("server SSL_shutdown");
    if (SSL_read(p->c, &b, 1) != 0 || SSL_get_error(p->c, 0) != SSL_ERROR_ZERO_RETURN)
        fail("client did not see the server's close_notify");
    SSL_free(p->c);
    SSL_free(p->s);
}

/* ---- bulk over a BIO pair --------------------------------------------------------- */

/* The data written: a pseudo-random pattern read from a moving offset, so the stream
 * is not periodic at record boundaries. */
#define PAT_MOD 4093
static unsigned char *pattern(size_t chunk) {
    unsigned char *p = malloc(chunk + PAT_MOD);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    if (!p)
        fail("out of memory");
    for (size_t i = 0; i < chunk + PAT_MOD; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        p[i] = (unsigned char)x;
    }
    return p;
}

/* The expected byte at stream position pos: write number pos/chunk, each of `chunk`
 * bytes, taken from pattern offset (start % PAT_MOD). */
static int check_segment(const unsigned char *pat, size_t chunk, uint64_t pos,
                         const unsigned char *got, size_t n) {
    while (n > 0) {
        uint64_t start = pos - pos % chunk;
        size_t off = pos % chunk;
        size_t take = chunk - off < n ? chunk - off : n;
        if (memcmp(pat + start % PAT_MOD + off, got, take) != 0)
            return 0;
        pos += take, got += take, n -= take;
    }
    return 1;
}

static NOINLINE int measured_write(SSL *ssl, const void *buf, int n) {
    return SSL_write(ssl, buf, n);
}

static NOINLINE int measured_read(SSL *ssl, void *buf, int n) {
    return SSL_read(ssl, buf, n);
}

/* Writes `total` bytes client -> server in `chunk`-byte SSL_write calls; the server
 * reads whenever the pair is full. Returns the bytes received (checked). */
static uint64_t transfer(struct pair *p, const unsigned char *pat, size_t chunk,
                         uint64_t total, int (*wr)(SSL *, const void *, int),
                         int (*rd)(SSL *, void *, int)) {
    static unsigned char rbuf[16384];
    uint64_t written = 0, got = 0;
    while (got < total) {
        if (written < total) {
            size_t n = total - written < chunk ? total - written : chunk;
            int r = wr(p->c, pat + written % PAT_MOD, (int)n);
            if (r > 0) {
                if ((size_t)r != n)
                    fail("SSL_write wrote %d of %zu", r, n);
                written += r;
            } else {
                expect_retry(p->c, r, "SSL_write");
            }
        }
        for (;;) {
            int r = rd(p->s, rbuf, sizeof rbuf);
            if (r <= 0) {
                expect_retry(p->s, r, "SSL_read");
                break;
            }
            if (got + r > total || !check_segment(pat, chunk, got, rbuf, r))
                fail("received data differs from what was sent at byte %llu",
                     (unsigned long long)got);
            got += r;
        }
    }
    if (written != total || got != total)
        fail("sent %llu, received %llu, wanted %llu", (unsigned long long)written,
             (unsigned long long)got, (unsigned long long)total);
    return got;
}

static int cmd_bulk(size_t chunk, uint64_t total) {
    struct kind k = {TLS1_3_VERSION, GROUP, 0, 0};
    SSL_CTX *cc = client_ctx(&k), *sc = server_ctx(&k);
    struct pair p;
    unsigned char *pat = pattern(chunk);
    handshake_pair(&p, cc, sc, &k, NULL, NULL);
    /* Warm-up: buffers grow to their working size outside the measured calls. */
    transfer(&p, pat, chunk, chunk < 262144 ? 262144 : chunk, SSL_write, SSL_read);
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    uint64_t got = transfer(&p, pat, chunk, total, measured_write, measured_read);
    double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
    free_pair(&p);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    free(pat);
    printf("{\"row\":\"bulk\",\"lib\":\"%s\",\"chunk\":%zu,\"bytes\":%llu,\"verified\":true,"
           "\"wall_s\":%.6f,\"cpu_s\":%.6f,\"mbps_wall\":%.2f,\"mbps_cpu\":%.2f}\n",
           libssl_path(), chunk, (unsigned long long)got, w1 - w0, c1 - c0,
           got / 1e6 / (w1 - w0), got / 1e6 / (c1 - c0));
    return 0;
}

/* ---- bulk over loopback TCP --------------------------------------------------------- */

static void drive(SSL *ssl, int (*step)(SSL *), const char *what) {
    if (step(ssl) != 1)
        fail("%s", what);
}

static int cmd_tcp(size_t chunk, uint64_t total) {
    struct kind k = {TLS1_3_VERSION, GROUP, 0, 0};
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 1) != 0 ||
        getsockname(ls, (struct sockaddr *)&a, &alen) != 0)
        fail("listen on 127.0.0.1: %s", strerror(errno));
    unsigned char *pat = pattern(chunk);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        fail("fork");
    if (pid == 0) {
        /* The server: send `total` bytes in `chunk`-byte writes, then close_notify. */
        alarm(120);
        SSL_CTX *sc = server_ctx(&k);
        int fd = accept(ls, NULL, NULL);
        if (fd < 0)
            fail("accept");
        SSL *s = SSL_new(sc);
        SSL_set_fd(s, fd);
        drive(s, SSL_accept, "server handshake (tcp)");
        for (uint64_t sent = 0; sent < total;) {
            size_t n = total - sent < chunk ? total - sent : chunk;
            int r = SSL_write(s, pat + sent % PAT_MOD, (int)n);
            if (r != (int)n)
                fail("server SSL_write (tcp) returned %d", r);
            sent += n;
        }
        SSL_shutdown(s);
        SSL_free(s);
        close(fd);
        SSL_CTX_free(sc);
        _exit(0);
    }
    close(ls);
    alarm(120);
    SSL_CTX *cc = client_ctx(&k);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
        fail("connect: %s", strerror(errno));
    SSL *c = SSL_new(cc);
    SSL_set_fd(c, fd);
    drive(c, SSL_connect, "client handshake (tcp)");
    static unsigned char rbuf[16384];
    uint64_t got = 0;
    double w0 = 0;
    while (got < total) {
        int r = SSL_read(c, rbuf, sizeof rbuf);
        if (r <= 0)
            fail("client SSL_read (tcp) returned %d, error %d after %llu bytes", r,
                 SSL_get_error(c, r), (unsigned long long)got);
        if (got == 0)
            w0 = now(CLOCK_MONOTONIC);
        if (got + r > total || !check_segment(pat, chunk, got, rbuf, r))
            fail("received data differs from what was sent at byte %llu",
                 (unsigned long long)got);
        got += r;
    }
    double w1 = now(CLOCK_MONOTONIC);
    int r = SSL_read(c, rbuf, sizeof rbuf);
    if (r != 0 || SSL_get_error(c, r) != SSL_ERROR_ZERO_RETURN)
        fail("no close_notify after the data (tcp)");
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail("the server process failed");
    SSL_free(c);
    close(fd);
    SSL_CTX_free(cc);
    free(pat);
    printf("{\"row\":\"tcp\",\"lib\":\"%s\",\"chunk\":%zu,\"bytes\":%llu,\"verified\":true,"
           "\"wall_s\":%.6f,\"mbps_wall\":%.2f}\n",
           libssl_path(), chunk, (unsigned long long)got, w1 - w0, got / 1e6 / (w1 - w0));
    return 0;
}

/* ---- handshakes ----------------------------------------------------------------------- */

struct hs_job {
    SSL_CTX *cc, *sc;
    const struct kind *k;
    struct session_api api;
    long count;     /* fixed count, or 0 */
    double seconds; /* else run this long (the thread's CPU time, or wall for threads) */
    clockid_t clock;
    long done;
    int reused;
};

/* One measured handshake: new connections, handshake, checks, free. Returns the
 * client's new session when resuming. */
static NOINLINE SSL_SESSION *measured_handshake(struct hs_job *j, SSL_SESSION *sess) {
    struct pair p;
    SSL_SESSION *next = NULL;
    handshake_pair(&p, j->cc, j->sc, j->k, sess, &j->api);
    if (j->k->resume) {
        next = j->api.get1_session(p.c);
        if (!next)
            fail("SSL_get1_session returned NULL");
    }
    free_pair(&p);
    return next;
}

/* The first handshake of a run (not measured): warms caches, gets the first session. */
static SSL_SESSION *warm_handshake(struct hs_job *j) {
    struct pair p;
    SSL_SESSION *sess = NULL;
    handshake_pair(&p, j->cc, j->sc, j->k, NULL, &j->api);
    if (j->k->resume && !(sess = j->api.get1_session(p.c)))
        fail("SSL_get1_session returned NULL");
    free_pair(&p);
    return sess;
}

static void *hs_loop(void *arg) {
    struct hs_job *j = arg;
    SSL_SESSION *sess = warm_handshake(j);
    double t0 = now(j->clock);
    for (j->done = 0; j->count ? j->done < j->count : now(j->clock) - t0 < j->seconds;
         j->done++) {
        SSL_SESSION *next = measured_handshake(j, sess);
        if (sess)
            j->api.session_free(sess);
        sess = next;
        if (j->k->resume)
            j->reused++;
    }
    if (sess)
        j->api.session_free(sess);
    return NULL;
}

static int cmd_hs(const char *kind, long count, double seconds, int threads) {
    struct kind k = {TLS1_3_VERSION, GROUP, 0, 0};
    if (strcmp(kind, "tls13-resume") == 0)
        k.resume = 1;
    else if (strcmp(kind, "tls12") == 0)
        k.version = TLS1_2_VERSION;
    else if (strcmp(kind, "tls12-noverify") == 0)
        k.version = TLS1_2_VERSION, k.noverify = 1;
    else if (strcmp(kind, "tls13-default-group") == 0)
        k.groups = NULL;
    else if (strcmp(kind, "tls13") != 0)
        fail("unknown handshake kind %s", kind);
    if (threads < 1 || threads > 64)
        fail("bad thread count");
    SSL_CTX *cc = client_ctx(&k), *sc = server_ctx(&k);
    struct hs_job jobs[64];
    pthread_t tid[64];
    for (int i = 0; i < threads; i++) {
        jobs[i] = (struct hs_job){cc, sc, &k, {0}, count, seconds,
                                  threads > 1 ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, 0, 0};
        if (k.resume)
            session_api(&jobs[i].api);
    }
    /* The group the default settings negotiate, for the report. */
    int group = 0;
    {
        struct pair p;
        handshake_pair(&p, cc, sc, &k, NULL, &jobs[0].api);
        group = (int)SSL_get_negotiated_group(p.c);
        free_pair(&p);
    }
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (threads == 1) {
        hs_loop(&jobs[0]);
    } else {
        for (int i = 0; i < threads; i++)
            if (pthread_create(&tid[i], NULL, hs_loop, &jobs[i]) != 0)
                fail("pthread_create");
        for (int i = 0; i < threads; i++)
            pthread_join(tid[i], NULL);
    }
    double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
    long total = 0, reused = 0;
    for (int i = 0; i < threads; i++)
        total += jobs[i].done, reused += jobs[i].reused;
    if (total <= 0)
        fail("no handshake completed");
    if (k.resume && reused != total)
        fail("%ld of %ld handshakes resumed", reused, total);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    /* Warm-up handshakes (one per thread) are outside the timed span but inside the
     * wall span for threads; for threads the rate is total over the slowest thread's
     * timed span, approximated by the wall span. */
    double span = c1 - c0;
    printf("{\"row\":\"hs\",\"lib\":\"%s\",\"kind\":\"%s\",\"threads\":%d,\"handshakes\":%ld,"
           "\"verified\":true,\"resumed\":%ld,\"group_nid\":%d,\"wall_s\":%.6f,\"cpu_s\":%.6f,"
           "\"hs_per_s_wall\":%.2f,\"hs_per_s_cpu\":%.2f}\n",
           libssl_path(), kind, threads, total, reused, group, w1 - w0, span, total / (w1 - w0),
           total / span);
    return 0;
}

/* ---- memory per idle connection ------------------------------------------------------ */

static size_t heap_in_use(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static size_t rss_bytes(void) {
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2)
        fail("cannot read /proc/self/statm");
    fclose(f);
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

static int cmd_mem(long n) {
    struct kind k = {TLS1_3_VERSION, GROUP, 0, 0};
    SSL_CTX *cc = client_ctx(&k), *sc = server_ctx(&k);
    struct pair *pairs = calloc(n, sizeof *pairs);
    BIO **bios = calloc(2 * n, sizeof *bios);
    if (!pairs || !bios)
        fail("out of memory");
    /* Warm-up: configurations, caches and lazily built tables exist before we count. */
    for (int i = 0; i < 3; i++) {
        struct pair p;
        handshake_pair(&p, cc, sc, &k, NULL, NULL);
        free_pair(&p);
    }
    /* The transport alone: n BIO pairs that have carried a byte each way (their buffers
     * are allocated on first use), to tell the library's share from the BIO pairs'. */
    malloc_trim(0);
    size_t h0 = heap_in_use(), r0 = rss_bytes();
    for (long i = 0; i < n; i++) {
        unsigned char b = 1;
        if (!BIO_new_bio_pair(&bios[2 * i], PAIR_BUF, &bios[2 * i + 1], PAIR_BUF) ||
            BIO_write(bios[2 * i], &b, 1) != 1 || BIO_read(bios[2 * i + 1], &b, 1) != 1 ||
            BIO_write(bios[2 * i + 1], &b, 1) != 1 || BIO_read(bios[2 * i], &b, 1) != 1)
            fail("BIO pair");
    }
    size_t h1 = heap_in_use(), r1 = rss_bytes();
    for (long i = 0; i < 2 * n; i++)
        BIO_free(bios[i]);
    malloc_trim(0);
    /* n established, idle connections (client and server SSL over their BIO pair). */
    size_t h2 = heap_in_use(), r2 = rss_bytes();
    for (long i = 0; i < n; i++)
        handshake_pair(&pairs[i], cc, sc, &k, NULL, NULL);
    size_t h3 = heap_in_use(), r3 = rss_bytes();
    for (long i = 0; i < n; i++)
        free_pair(&pairs[i]);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    double bio = ((double)h1 - h0) / n, heap = ((double)h3 - h2) / n;
    printf("{\"row\":\"mem\",\"lib\":\"%s\",\"conns\":%ld,\"verified\":true,"
           "\"heap_per_conn\":%.0f,\"rss_per_conn\":%.0f,\"biopair_heap_per_conn\":%.0f,"
           "\"biopair_rss_per_conn\":%.0f,\"ssl_heap_per_conn\":%.0f}\n",
           libssl_path(), n, heap, ((double)r3 - r2) / n, bio, ((double)r1 - r0) / n,
           heap - bio);
    free(pairs);
    free(bios);
    return 0;
}

/* ---- a new process's first handshake ------------------------------------------------ */

/* The child's part (bench first): one full TLS 1.3 handshake with new contexts, the
 * checks every handshake gets, and exit. Everything a short-lived client pays once
 * (loading and initializing the libraries, the first use of the RNG, reading the
 * certificates) falls in it. */
static int cmd_first(void) {
    struct kind k = {TLS1_3_VERSION, GROUP, 0, 0};
    SSL_CTX *cc = client_ctx(&k), *sc = server_ctx(&k);
    struct pair p;
    handshake_pair(&p, cc, sc, &k, NULL, NULL);
    free_pair(&p);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One child's CPU time (user and system, from wait4) in ms; fails unless it exited 0. */
static double child_ms(pid_t pid, long i, long procs) {
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid)
        fail("wait4: %s", strerror(errno));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail("process %ld of %ld did not complete its handshake (status %d)", i + 1, procs, st);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* N processes one after the other, and each one's CPU time.
 *   exec: each is this program anew (nothing loaded or initialized before it starts)
 *         running cmd_first: a short-lived client;
 *   fork: this process makes one handshake first, then each child, forked from it,
 *         makes one full TLS 1.3 handshake on new SSL objects of the same contexts and
 *         exits: a server that forks a process per connection, or a pre-forked worker. */
static int cmd_cold(long procs, int forked) {
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        fail("readlink /proc/self/exe");
    self[n] = 0;
    double *ms = calloc((size_t)procs, sizeof *ms);
    if (!ms)
        fail("calloc");
    struct kind k = {TLS1_3_VERSION, GROUP, 0, 0};
    SSL_CTX *cc = NULL, *sc = NULL;
    if (forked) {
        struct pair p;
        cc = client_ctx(&k), sc = server_ctx(&k);
        handshake_pair(&p, cc, sc, &k, NULL, NULL);
        free_pair(&p);
    }
    for (long i = 0; i < procs; i++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
            fail("fork: %s", strerror(errno));
        if (pid == 0) {
            if (forked) {
                struct pair p;
                handshake_pair(&p, cc, sc, &k, NULL, NULL);
                free_pair(&p);
                _exit(0);
            }
            execl(self, self, "first", "--certs", certdir, (char *)NULL);
            _exit(127);
        }
        ms[i] = child_ms(pid, i, procs);
    }
    if (forked) {
        SSL_CTX_free(cc);
        SSL_CTX_free(sc);
    }
    qsort(ms, (size_t)procs, sizeof *ms, cmp_double);
    double med = procs % 2 ? ms[procs / 2] : (ms[procs / 2 - 1] + ms[procs / 2]) / 2;
    printf("{\"row\":\"cold\",\"lib\":\"%s\",\"start\":\"%s\",\"procs\":%ld,"
           "\"handshakes\":%ld,\"verified\":true,\"cpu_ms_per_proc\":%.3f,"
           "\"cpu_ms_min\":%.3f}\n",
           libssl_path(), forked ? "fork" : "exec", procs, procs, med, ms[0]);
    free(ms);
    return 0;
}

/* ---- main ------------------------------------------------------------------------------ */

static void usage(void) {
    fprintf(stderr, "usage: bench bulk|tcp --chunk N --total N | hs --kind K [--count N] "
                    "[--seconds S] [--threads T] | mem --conns N | cold|forked --procs N   "
                    "[--certs DIR]\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2)
        usage();
    const char *cmd = argv[1], *kind = "tls13";
    size_t chunk = 16384;
    uint64_t total = 1 << 20;
    long count = 0, conns = 1000, procs = 20;
    double seconds = 1.0;
    int threads = 1;
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (!strcmp(o, "--chunk"))
            chunk = strtoull(v, NULL, 0);
        else if (!strcmp(o, "--total"))
            total = strtoull(v, NULL, 0);
        else if (!strcmp(o, "--kind"))
            kind = v;
        else if (!strcmp(o, "--count"))
            count = strtol(v, NULL, 0);
        else if (!strcmp(o, "--seconds"))
            seconds = strtod(v, NULL);
        else if (!strcmp(o, "--threads"))
            threads = atoi(v);
        else if (!strcmp(o, "--conns"))
            conns = strtol(v, NULL, 0);
        else if (!strcmp(o, "--procs"))
            procs = strtol(v, NULL, 0);
        else if (!strcmp(o, "--certs"))
            certdir = v;
        else
            usage();
        i++;
    }
    if (chunk == 0 || chunk > (1 << 24) || total == 0 || conns <= 0 || procs <= 0 || procs > 100000)
        usage();
    if (!strcmp(cmd, "bulk"))
        return cmd_bulk(chunk, total);
    if (!strcmp(cmd, "tcp"))
        return cmd_tcp(chunk, total);
    if (!strcmp(cmd, "hs"))
        return cmd_hs(kind, count, seconds, threads);
    if (!strcmp(cmd, "mem"))
        return cmd_mem(conns);
    if (!strcmp(cmd, "cold"))
        return cmd_cold(procs, 0);
    if (!strcmp(cmd, "forked"))
        return cmd_cold(procs, 1);
    if (!strcmp(cmd, "first"))
        return cmd_first();
    usage();
    return 2;
}
