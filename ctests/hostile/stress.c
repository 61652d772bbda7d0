/*
 * stress.c - many handshakes and transfers on several threads through ONE shared SSL_CTX,
 * while another thread changes the context's settings that OpenSSL allows to change
 * concurrently with connections; resident memory must stay flat.
 *
 * usage: stress CERTDIR [--threads N] [--rounds N] [--warmup N] [--rss-bound KIB]
 *                       [--no-rss] [--any-libssl]
 *
 * --self-test-leak leaks every client SSL after the warm-up, to show that the memory check
 * catches a leak of one connection per round.
 * --any-libssl skips the check that the loaded libssl is ours (to validate this program
 * against the system libssl).
 *
 * One SSL_CTX (TLS_method) holds the server certificate and key and trusts ca.pem; every
 * connection is a client SSL and a server SSL made from it, joined by a BIO pair and
 * driven by the worker thread that owns both ends (non-blocking, pumped by hand). Per
 * round: the client pins TLS 1.2 or TLS 1.3 (alternating), verifies the server
 * (SSL_VERIFY_PEER, host "localhost"), the handshake runs, a position-dependent pattern of
 * a size that varies per round goes client -> server and server -> client (every byte
 * checked), both sides exchange close_notify, and everything is freed.
 *
 * Meanwhile the "setter" thread toggles SSL_MODE_RELEASE_BUFFERS (set/clear_mode) and
 * SSL_OP_NO_TICKET (set/clear_options) on the shared context, reads its getters (mode,
 * options, verify mode, versions, store, verify parameters, cipher list), writes and reads
 * back ex_data the connections do not use, and takes and drops extra references
 * (SSL_CTX_up_ref / SSL_CTX_free). None of that may change what the connections observe.
 *
 * Memory: every worker first runs --warmup rounds; after they are joined the resident set
 * (/proc/self/statm, after malloc_trim) is the baseline. Then the workers run --rounds
 * rounds each (in two halves, measured after each); the program fails when the resident
 * set grew by more than --rss-bound KiB. Under valgrind (or with --no-rss) the memory
 * check is skipped (valgrind's own leak check does that job there).
 *
 * Output: a few summary lines (counts are deterministic; RSS values are printed on stderr);
 * exit status 0 only if every round passed and memory stayed flat.
 */
#include "../common.h"

#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define CT_HAVE_VALGRIND_H 1
#endif
#endif

#define MAX_THREADS 8
#define BIOPAIR_SIZE 17000
#define MAX_TRANSFER 70000
#define CHUNK 20000

static SSL_CTX *g_ctx;
static atomic_int g_workers_done;
static atomic_long g_setter_iters;
static int g_exidx;          /* an SSL_CTX ex_data index only the setter uses */
static int g_leak_test;      /* --self-test-leak: leak every client SSL (checks the check) */

typedef struct {
    int id;
    int rounds;
    int first_round;     /* global round number of this phase's first round */
    /* results */
    int ok_rounds;
    int tls12, tls13;
    uint64_t bytes;
    int failed;
    char why[256];
} worker;

/* ------------------------------------------------------------------------- */
/* One connection                                                             */
/* ------------------------------------------------------------------------- */

#define WFAIL(w, ...)                                                           \
    do {                                                                        \
        if (!(w)->failed)                                                       \
            snprintf((w)->why, sizeof((w)->why), __VA_ARGS__);                  \
        (w)->failed = 1;                                                        \
        goto out;                                                               \
    } while (0)

static int retryable(SSL *s, int r)
{
    int e = SSL_get_error(s, r);

    return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

/*
 * Send `total` pattern bytes (offset `off`) from w to r, reading and checking on r as
 * they arrive. Returns 1 when exactly `total` intact bytes arrived.
 */
static int transfer(worker *wk, SSL *w, SSL *r, size_t total, uint64_t off,
                    unsigned char *wbuf, unsigned char *rbuf, char *why, size_t whylen)
{
    size_t sent = 0, got = 0, bad = 0;
    long i;

    for (i = 0; i < CT_MAX_ITERS && (sent < total || got < total); i++) {
        if (sent < total) {
            size_t n = total - sent < CHUNK ? total - sent : CHUNK;
            int ret;

            /* the same arguments on a retry: wbuf + sent and n do not change until it
             * succeeds */
            ct_fill(wbuf + sent, n, off + sent);
            ret = SSL_write(w, wbuf + sent, (int)n);
            if (ret > 0) {
                if ((size_t)ret != n) {
                    snprintf(why, whylen, "SSL_write returned %d of %zu", ret, n);
                    return 0;
                }
                sent += n;
            } else if (!retryable(w, ret)) {
                snprintf(why, whylen, "SSL_write failed: %d err %d", ret,
                         SSL_get_error(w, ret));
                return 0;
            }
        }
        for (;;) {
            int ret = SSL_read(r, rbuf, CHUNK);
            int k;

            if (ret > 0) {
                for (k = 0; k < ret; k++)
                    if (rbuf[k] != ct_pat(off + got + k))
                        bad++;
                got += (size_t)ret;
                if (got > total) {
                    snprintf(why, whylen, "received %zu of %zu bytes", got, total);
                    return 0;
                }
                continue;
            }
            if (!retryable(r, ret)) {
                snprintf(why, whylen, "SSL_read failed: %d err %d", ret,
                         SSL_get_error(r, ret));
                return 0;
            }
            break;
        }
    }
    if (got != total || sent != total || bad != 0) {
        snprintf(why, whylen, "transfer: sent %zu got %zu of %zu, %zu bad bytes",
                 sent, got, total, bad);
        return 0;
    }
    wk->bytes += total;
    return 1;
}

static void one_round(worker *wk, int round, unsigned char *wbuf, unsigned char *rbuf)
{
    SSL *c = NULL, *s = NULL;
    BIO *cb = NULL, *sb = NULL;
    X509 *peer = NULL;
    char why[200];
    int ver = (round & 1) ? TLS1_3_VERSION : TLS1_2_VERSION;
    int cdone = 0, sdone = 0, i, r;
    size_t up = 1 + ((size_t)round * 7919u + (size_t)wk->id * 104729u) % MAX_TRANSFER;
    size_t down = 1 + ((size_t)round * 15485863u + (size_t)wk->id * 31u) % MAX_TRANSFER;

    c = SSL_new(g_ctx);
    s = SSL_new(g_ctx);
    if (c == NULL || s == NULL)
        WFAIL(wk, "round %d: SSL_new failed", round);
    if (BIO_new_bio_pair(&cb, BIOPAIR_SIZE, &sb, BIOPAIR_SIZE) != 1)
        WFAIL(wk, "round %d: BIO_new_bio_pair failed", round);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (SSL_set_min_proto_version(c, ver) != 1 || SSL_set_max_proto_version(c, ver) != 1)
        WFAIL(wk, "round %d: cannot pin the version", round);
    SSL_set_verify(c, SSL_VERIFY_PEER, NULL);
    if (SSL_set1_host(c, "localhost") != 1)
        WFAIL(wk, "round %d: SSL_set1_host failed", round);

    /* handshake */
    for (i = 0; i < 1000 && !(cdone && sdone); i++) {
        if (!cdone) {
            r = SSL_do_handshake(c);
            if (r == 1)
                cdone = 1;
            else if (!retryable(c, r))
                WFAIL(wk, "round %d: client handshake %d err %d (lib %d reason %d)", round, r,
                      SSL_get_error(c, r), ERR_GET_LIB(ERR_peek_error()),
                      ERR_GET_REASON(ERR_peek_error()));
        }
        if (!sdone) {
            r = SSL_do_handshake(s);
            if (r == 1)
                sdone = 1;
            else if (!retryable(s, r))
                WFAIL(wk, "round %d: server handshake %d err %d (lib %d reason %d)", round, r,
                      SSL_get_error(s, r), ERR_GET_LIB(ERR_peek_error()),
                      ERR_GET_REASON(ERR_peek_error()));
        }
    }
    if (!(cdone && sdone))
        WFAIL(wk, "round %d: handshake did not complete", round);
    if (SSL_version(c) != ver || SSL_version(s) != ver)
        WFAIL(wk, "round %d: version 0x%x/0x%x, wanted 0x%x", round, SSL_version(c),
              SSL_version(s), ver);
    if (SSL_get_verify_result(c) != X509_V_OK)
        WFAIL(wk, "round %d: verify result %ld", round, SSL_get_verify_result(c));
    peer = SSL_get1_peer_certificate(c);
    if (peer == NULL)
        WFAIL(wk, "round %d: no peer certificate", round);

    /* data both ways */
    if (!transfer(wk, c, s, up, (uint64_t)round << 20, wbuf, rbuf, why, sizeof(why)))
        WFAIL(wk, "round %d up: %s", round, why);
    if (!transfer(wk, s, c, down, ((uint64_t)round << 20) + 7, wbuf, rbuf, why, sizeof(why)))
        WFAIL(wk, "round %d down: %s", round, why);

    /* close_notify both ways */
    r = SSL_shutdown(c);
    if (r != 0)
        WFAIL(wk, "round %d: first client SSL_shutdown %d", round, r);
    r = SSL_read(s, rbuf, 16);
    if (r != 0 || SSL_get_error(s, r) != SSL_ERROR_ZERO_RETURN)
        WFAIL(wk, "round %d: server read after close_notify %d err %d", round, r,
              SSL_get_error(s, r));
    r = SSL_shutdown(s);
    if (r != 1)
        WFAIL(wk, "round %d: server SSL_shutdown %d", round, r);
    r = SSL_shutdown(c);
    if (r != 1)
        WFAIL(wk, "round %d: second client SSL_shutdown %d err %d", round, r,
              SSL_get_error(c, r));

    wk->ok_rounds++;
    if (ver == TLS1_2_VERSION)
        wk->tls12++;
    else
        wk->tls13++;
out:
    X509_free(peer);
    if (!g_leak_test)
        SSL_free(c);
    SSL_free(s);
    ERR_clear_error();
}

static void *worker_main(void *arg)
{
    worker *wk = arg;
    unsigned char *wbuf = malloc(MAX_TRANSFER + CHUNK);
    unsigned char *rbuf = malloc(CHUNK);
    int i;

    if (wbuf == NULL || rbuf == NULL) {
        wk->failed = 1;
        snprintf(wk->why, sizeof(wk->why), "out of memory");
    } else {
        for (i = 0; i < wk->rounds && !wk->failed; i++)
            one_round(wk, wk->first_round + i, wbuf, rbuf);
    }
    free(wbuf);
    free(rbuf);
    /* libcrypto's per-thread state (ERR queue) goes with the thread */
    OPENSSL_thread_stop();
    atomic_fetch_add(&g_workers_done, 1);
    return NULL;
}

/* ------------------------------------------------------------------------- */
/* The setter thread                                                          */
/* ------------------------------------------------------------------------- */

typedef struct {
    int nworkers;
    int failed;
    char why[256];
} setter;

static void *setter_main(void *arg)
{
    setter *st = arg;
    long i;
    struct timespec t0, t;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; atomic_load(&g_workers_done) < st->nworkers; i++) {
        long m;
        uint64_t o;

        switch (i & 7) {
        case 0:
            m = SSL_CTX_set_mode(g_ctx, SSL_MODE_RELEASE_BUFFERS);
            if (!(m & SSL_MODE_RELEASE_BUFFERS) || !(m & SSL_MODE_AUTO_RETRY))
                goto bad;
            break;
        case 1:
            m = SSL_CTX_clear_mode(g_ctx, SSL_MODE_RELEASE_BUFFERS);
            if ((m & SSL_MODE_RELEASE_BUFFERS) || !(m & SSL_MODE_AUTO_RETRY))
                goto bad;
            break;
        case 2:
            o = SSL_CTX_set_options(g_ctx, SSL_OP_NO_TICKET);
            if (!(o & SSL_OP_NO_TICKET))
                goto bad;
            break;
        case 3:
            o = SSL_CTX_clear_options(g_ctx, SSL_OP_NO_TICKET);
            if (o & SSL_OP_NO_TICKET)
                goto bad;
            break;
        case 4:
            if (SSL_CTX_up_ref(g_ctx) != 1)
                goto bad;
            SSL_CTX_free(g_ctx);
            break;
        case 5:
            if (SSL_CTX_get_verify_mode(g_ctx) != SSL_VERIFY_NONE ||
                SSL_CTX_get_min_proto_version(g_ctx) != 0 ||
                SSL_CTX_get_max_proto_version(g_ctx) != 0)
                goto bad;
            break;
        case 6:
            (void)SSL_CTX_get_mode(g_ctx);
            (void)SSL_CTX_get_options(g_ctx);
            break;
        default:
            /* reads of what the connections use, and application data they do not */
            if (SSL_CTX_get_cert_store(g_ctx) == NULL || SSL_CTX_get0_param(g_ctx) == NULL ||
                sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(g_ctx)) <= 0)
                goto bad;
            if (SSL_CTX_set_ex_data(g_ctx, g_exidx, (void *)(intptr_t)(i | 1)) != 1 ||
                SSL_CTX_get_ex_data(g_ctx, g_exidx) != (void *)(intptr_t)(i | 1))
                goto bad;
            break;
        }
        if ((i & 1023) == 0) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            if (t.tv_sec - t0.tv_sec > 600)
                break;  /* bounded: the alarm fires long before */
        }
        continue;
bad:
        st->failed = 1;
        snprintf(st->why, sizeof(st->why), "setter step %ld (case %ld) saw a wrong value", i,
                 i & 7);
        break;
    }
    /* leave the context as it was */
    SSL_CTX_clear_mode(g_ctx, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_clear_options(g_ctx, SSL_OP_NO_TICKET);
    atomic_store(&g_setter_iters, i);
    OPENSSL_thread_stop();
    return NULL;
}

/* ------------------------------------------------------------------------- */
/* Phases and memory                                                          */
/* ------------------------------------------------------------------------- */

static long rss_kib(void)
{
    FILE *f;
    long size = 0, res = 0;

    malloc_trim(0);
    f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &size, &res) != 2)
        res = -1;
    fclose(f);
    return res < 0 ? -1 : res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Run `rounds` rounds on each of `nthreads` workers, with the setter. Returns failures. */
static int run_phase(const char *name, int nthreads, int rounds, int first_round, int *rounds_ok,
                     int *n12, int *n13)
{
    pthread_t th[MAX_THREADS], sth;
    worker wk[MAX_THREADS];
    setter st;
    int i, failures = 0;

    memset(wk, 0, sizeof(wk));
    memset(&st, 0, sizeof(st));
    st.nworkers = nthreads;
    atomic_store(&g_workers_done, 0);
    REQUIRE(pthread_create(&sth, NULL, setter_main, &st) == 0);
    for (i = 0; i < nthreads; i++) {
        wk[i].id = i;
        wk[i].rounds = rounds;
        wk[i].first_round = first_round;
        REQUIRE(pthread_create(&th[i], NULL, worker_main, &wk[i]) == 0);
    }
    for (i = 0; i < nthreads; i++)
        pthread_join(th[i], NULL);
    pthread_join(sth, NULL);
    for (i = 0; i < nthreads; i++) {
        *rounds_ok += wk[i].ok_rounds;
        *n12 += wk[i].tls12;
        *n13 += wk[i].tls13;
        if (wk[i].failed) {
            failures++;
            printf("FAIL: %s: thread %d: %s\n", name, i, wk[i].why);
        }
    }
    if (st.failed) {
        failures++;
        printf("FAIL: %s: setter: %s\n", name, st.why);
    }
    fprintf(stderr, "%s: setter iterations %ld\n", name, (long)atomic_load(&g_setter_iters));
    fflush(stdout);
    return failures;
}

int main(int argc, char **argv)
{
    int nthreads = 3, rounds = 200, warmup = 100, no_rss = 0, any_lib = 0, leak_test = 0, i,
        failures = 0;
    long bound_kib = 1024, rss0, rss1, rss2;
    int ok = 0, n12 = 0, n13 = 0, wok = 0, w12 = 0, w13 = 0, half;

    ct_init(argc, argv);
    alarm(0);  /* our own bound below: the default 45 s is too short under valgrind */
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            nthreads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc)
            warmup = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rss-bound") == 0 && i + 1 < argc)
            bound_kib = atol(argv[++i]);
        else if (strcmp(argv[i], "--no-rss") == 0)
            no_rss = 1;
        else if (strcmp(argv[i], "--any-libssl") == 0)
            any_lib = 1;
        else if (strcmp(argv[i], "--self-test-leak") == 0)
            leak_test = 1;
        else {
            fprintf(stderr, "unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    if (nthreads < 1 || nthreads > MAX_THREADS || rounds < 2 || warmup < 1) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
#ifdef CT_HAVE_VALGRIND_H
    if (RUNNING_ON_VALGRIND)
        no_rss = 1;
#endif
    alarm(1500);
    /* exported by our library only (a macro in OpenSSL's header): the right libssl? */
    if (!any_lib && dlsym(RTLD_DEFAULT, "SSL_CTX_set_mode") == NULL) {
        printf("FAIL: SSL_CTX_set_mode is not exported: not running on our library\n");
        return 1;
    }

    g_ctx = SSL_CTX_new(TLS_method());
    REQUIRE(g_ctx != NULL);
    REQUIRE(SSL_CTX_use_certificate_file(g_ctx, ct_path("server.pem"), SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(g_ctx, ct_path("server.key"), SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_load_verify_locations(g_ctx, ct_path("ca.pem"), NULL) == 1);
    g_exidx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    REQUIRE(g_exidx >= 0);

    printf("threads: %d workers + 1 setter, shared SSL_CTX\n", nthreads);
    failures += run_phase("warmup", nthreads, warmup, 0, &wok, &w12, &w13);
    rss0 = rss_kib();
    half = rounds / 2;
    g_leak_test = leak_test;
    failures += run_phase("rounds-1", nthreads, half, warmup, &ok, &n12, &n13);
    rss1 = rss_kib();
    failures += run_phase("rounds-2", nthreads, rounds - half, warmup + half, &ok, &n12, &n13);
    rss2 = rss_kib();

    printf("warmup rounds ok: %d of %d\n", wok, nthreads * warmup);
    printf("rounds ok: %d of %d (tls1.2 %d, tls1.3 %d)\n", ok, nthreads * rounds, n12, n13);
    if (ok != nthreads * rounds || wok != nthreads * warmup)
        failures++;
    if (SSL_CTX_get_mode(g_ctx) != SSL_MODE_AUTO_RETRY)
        failures++, printf("FAIL: context mode 0x%lx after the run\n", SSL_CTX_get_mode(g_ctx));

    fprintf(stderr, "rss KiB: after warmup %ld, after half %ld, at end %ld (growth %ld)\n",
            rss0, rss1, rss2, rss2 - rss0);
    if (no_rss) {
        printf("memory: not measured\n");
    } else if (rss0 < 0 || rss2 < 0) {
        printf("FAIL: cannot read /proc/self/statm\n");
        failures++;
    } else if (rss2 - rss0 > bound_kib) {
        printf("FAIL: resident memory grew by %ld KiB (bound %ld KiB): %ld -> %ld -> %ld\n",
               rss2 - rss0, bound_kib, rss0, rss1, rss2);
        failures++;
    } else {
        printf("memory: flat (growth within %ld KiB)\n", bound_kib);
    }

    SSL_CTX_free(g_ctx);
    printf("%s\n", failures ? "FAILED" : "PASSED");
    return failures ? 1 : 0;
}
