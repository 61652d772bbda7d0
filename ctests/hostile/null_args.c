/*
 * null_args.c - every exported function with NULL for each pointer argument (one at a
 * time, the others valid) and with out-of-range integers.
 *
 * usage: null_args CERTDIR            run every case in this process (our library)
 *        null_args CERTDIR --fork     run every case in a forked child and report a child
 *                                     killed by a signal as CRASH (used to run the same
 *                                     cases against the system libssl, which crashes on
 *                                     many of them; see NULL_ARGS.md)
 *
 * One line per case:
 *     CALL | FIXTURE | RESULT | ERR | VERDICT
 * CALL is the function and its arguments exactly as written in this file (the runner
 * reads the function names from it to check that every export has a case), FIXTURE the
 * objects the case starts from, RESULT the return value, ERR the first ERR entry queued by
 * the call (lib, reason, reason string) or "none", VERDICT our contract:
 *   ok         the expected failure value and (for a bad argument) an ERR entry, or, where
 *              NULL / the value is allowed, the expected value and no ERR entry
 *   info       a value OpenSSL defines for a hostile-but-legal input; recorded, not judged
 *   VIOLATION  what the contract says, and what happened instead
 * The ERR queue is cleared before every call. Every case starts from fresh objects
 * (created before the call, freed after), so the cases do not depend on each other.
 *
 * Functions that are macros in OpenSSL's <openssl/ssl.h> (SSL_CTX_set_mode, the
 * *_proto_version family, ...) are exported as functions by our library; they are called
 * through dlsym() so that the very symbol is exercised. Without it (system libssl), the
 * macro's expansion is called instead and the line says "[OpenSSL: macro]".
 */
#include "../common.h"

#include <dlfcn.h>
#include <sys/wait.h>

static int g_fork;        /* --fork */
static int g_macro;       /* the current case fell back to an OpenSSL macro */
static int g_violations;
static int g_cases;

/* ------------------------------------------------------------------------- */
/* Functions that are macros in OpenSSL's header                              */
/* ------------------------------------------------------------------------- */

#undef SSL_CTX_set_mode
#undef SSL_CTX_clear_mode
#undef SSL_CTX_get_mode
#undef SSL_set_mode
#undef SSL_clear_mode
#undef SSL_get_mode
#undef SSL_CTX_set_min_proto_version
#undef SSL_CTX_set_max_proto_version
#undef SSL_CTX_get_min_proto_version
#undef SSL_CTX_get_max_proto_version
#undef SSL_set_min_proto_version
#undef SSL_set_max_proto_version
#undef SSL_get_min_proto_version
#undef SSL_get_max_proto_version

/* The exported function `name` if the loaded libssl has it, else the macro's expansion. */
#define DLFN(rtype, name, params, args, fallback)                          \
    static rtype name params                                                \
    {                                                                       \
        static rtype (*p_) params;                                          \
        static int done_;                                                   \
        if (!done_) {                                                       \
            *(void **)&p_ = dlsym(RTLD_DEFAULT, #name);                     \
            done_ = 1;                                                      \
        }                                                                   \
        if (p_ != NULL)                                                     \
            return p_ args;                                                 \
        g_macro = 1;                                                        \
        return fallback;                                                    \
    }

DLFN(long, SSL_CTX_set_mode, (SSL_CTX *c, long m), (c, m), SSL_CTX_ctrl(c, SSL_CTRL_MODE, m, NULL))
DLFN(long, SSL_CTX_clear_mode, (SSL_CTX *c, long m), (c, m),
     SSL_CTX_ctrl(c, SSL_CTRL_CLEAR_MODE, m, NULL))
DLFN(long, SSL_CTX_get_mode, (SSL_CTX *c), (c), SSL_CTX_ctrl(c, SSL_CTRL_MODE, 0, NULL))
DLFN(long, SSL_set_mode, (SSL *s, long m), (s, m), SSL_ctrl(s, SSL_CTRL_MODE, m, NULL))
DLFN(long, SSL_clear_mode, (SSL *s, long m), (s, m), SSL_ctrl(s, SSL_CTRL_CLEAR_MODE, m, NULL))
DLFN(long, SSL_get_mode, (SSL *s), (s), SSL_ctrl(s, SSL_CTRL_MODE, 0, NULL))
DLFN(int, SSL_CTX_set_min_proto_version, (SSL_CTX *c, int v), (c, v),
     (int)SSL_CTX_ctrl(c, SSL_CTRL_SET_MIN_PROTO_VERSION, v, NULL))
DLFN(int, SSL_CTX_set_max_proto_version, (SSL_CTX *c, int v), (c, v),
     (int)SSL_CTX_ctrl(c, SSL_CTRL_SET_MAX_PROTO_VERSION, v, NULL))
DLFN(int, SSL_CTX_get_min_proto_version, (SSL_CTX *c), (c),
     (int)SSL_CTX_ctrl(c, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, NULL))
DLFN(int, SSL_CTX_get_max_proto_version, (SSL_CTX *c), (c),
     (int)SSL_CTX_ctrl(c, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, NULL))
DLFN(int, SSL_set_min_proto_version, (SSL *s, int v), (s, v),
     (int)SSL_ctrl(s, SSL_CTRL_SET_MIN_PROTO_VERSION, v, NULL))
DLFN(int, SSL_set_max_proto_version, (SSL *s, int v), (s, v),
     (int)SSL_ctrl(s, SSL_CTRL_SET_MAX_PROTO_VERSION, v, NULL))
DLFN(int, SSL_get_min_proto_version, (SSL *s), (s),
     (int)SSL_ctrl(s, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, NULL))
DLFN(int, SSL_get_max_proto_version, (SSL *s), (s),
     (int)SSL_ctrl(s, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, NULL))

static const char *const g_macro_names[] = {
    "SSL_CTX_set_mode", "SSL_CTX_clear_mode", "SSL_CTX_get_mode", "SSL_set_mode",
    "SSL_clear_mode", "SSL_get_mode", "SSL_CTX_set_min_proto_version",
    "SSL_CTX_set_max_proto_version", "SSL_CTX_get_min_proto_version",
    "SSL_CTX_get_max_proto_version", "SSL_set_min_proto_version",
    "SSL_set_max_proto_version", "SSL_get_min_proto_version", "SSL_get_max_proto_version",
};

/* ------------------------------------------------------------------------- */
/* Fixtures: fresh objects per case                                           */
/* ------------------------------------------------------------------------- */

enum fx_kind {
    FX_NONE,    /* nothing */
    FX_CTX,     /* ctx = SSL_CTX_new(TLS_method()) */
    FX_SSL,     /* ctx, ssl = SSL_new(ctx): no state, no BIO */
    FX_CONN12,  /* ssl = client of a TLS 1.2 memory-BIO pair, handshake done */
    FX_CONN13,  /* the same over TLS 1.3 */
    FX_DATA13,  /* FX_CONN13 with 5 bytes ("hello") waiting for the client to read */
    FX_SESS,    /* FX_SSL plus sess = SSL_SESSION_new() (empty, not resumable) */
    FX_SESS13,  /* FX_CONN13 plus sess = the client's session (SSL_get1_session) and
                 * der/derlen = its i2d_SSL_SESSION encoding */
    FX_HELLO,   /* ssl = the server of a TLS 1.3 memory-BIO pair inside its client-hello
                 * callback (the client sent SNI "localhost"); see cases_hello() */
};
static const char *const fx_names[] = { "-", "ctx", "ssl", "conn12", "conn13", "data13",
                                        "sess", "sess13", "hello" };

typedef struct {
    int kind;
    SSL_CTX *ctx;
    SSL *ssl;
    ct_pair p;
    BIO *bio;           /* a fresh BIO of tracked_method (freeing it sets bio_freed) */
    int bio_freed;
    const SSL_CIPHER *cipher;  /* conn fixtures: the negotiated suite */
    SSL_SESSION *sess;         /* session fixtures (one reference, freed by teardown) */
    unsigned char *der;        /* FX_SESS13: the session's encoding */
    long derlen;
    unsigned char buf[64];
} fixture;

static X509 *g_x509;      /* the server certificate (read once) */

/*
 * A BIO that records its own destruction, so that a case can tell whether the library
 * took over (and freed) the BIO it was handed, and the fixture frees it only otherwise.
 */
static BIO_METHOD *g_tracked;

static int tracked_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static int tracked_destroy(BIO *b)
{
    int *flag = BIO_get_data(b);

    if (flag != NULL)
        *flag = 1;
    return 1;
}

static long tracked_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    (void)b; (void)cmd; (void)larg; (void)parg;
    return 0;
}

static const char *bio_fate(const int *freed)
{
    return *freed ? "freed by the call" : "left to the caller";
}
static EVP_PKEY *g_pkey;  /* its key */

static int hello_cases_cb(SSL *s, int *al, void *arg);

/* FX_HELLO: a TLS 1.3 pair whose server runs hello_cases_cb (no handshake yet). */
static void hello_fixture(fixture *f)
{
    SSL_CTX *cctx = ct_client_ctx(TLS1_3_VERSION), *sctx = ct_server_ctx(TLS1_3_VERSION);

    SSL_CTX_set_client_hello_cb(sctx, hello_cases_cb, NULL);
    ct_pair_init(&f->p, CT_MEM, cctx, sctx, 0);
    f->p.own_ctx = 1;
    REQUIRE(SSL_set_tlsext_host_name(f->p.c, "localhost") == 1);
    f->ssl = f->p.s;
    f->ctx = sctx;
}

static void fx_setup(fixture *f, int kind)
{
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->p.fd[0] = f->p.fd[1] = -1;
    memcpy(f->buf, "0123456789abcdef", 16);
    switch (kind) {
    case FX_NONE:
        break;
    case FX_CTX:
    case FX_SSL:
    case FX_SESS:
        f->ctx = SSL_CTX_new(TLS_method());
        REQUIRE(f->ctx != NULL);
        if (kind != FX_CTX) {
            f->ssl = SSL_new(f->ctx);
            REQUIRE(f->ssl != NULL);
        }
        if (kind == FX_SESS) {
            f->sess = SSL_SESSION_new();
            REQUIRE(f->sess != NULL);
        }
        break;
    case FX_CONN12:
    case FX_CONN13:
    case FX_DATA13:
    case FX_SESS13:
        ct_pair_connected(&f->p, CT_MEM, kind == FX_CONN12 ? TLS1_2_VERSION : TLS1_3_VERSION, 0);
        f->ssl = f->p.c;
        f->ctx = f->p.cctx;
        f->cipher = SSL_get_current_cipher(f->ssl);
        REQUIRE(f->cipher != NULL);
        if (kind == FX_DATA13) {
            REQUIRE(SSL_write(f->p.s, "hello", 5) == 5);
            ct_pump(&f->p);
        }
        if (kind == FX_SESS13) {
            unsigned char *p;

            /* ct_pair_connected read the server's tickets */
            f->sess = SSL_get1_session(f->ssl);
            REQUIRE(f->sess != NULL);
            f->derlen = i2d_SSL_SESSION(f->sess, NULL);
            REQUIRE(f->derlen > 0);
            f->der = malloc((size_t)f->derlen);
            REQUIRE(f->der != NULL);
            p = f->der;
            REQUIRE(i2d_SSL_SESSION(f->sess, &p) == f->derlen);
        }
        break;
    case FX_HELLO:
        hello_fixture(f);
        break;
    }
    if (g_tracked == NULL) {
        g_tracked = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tracked");
        REQUIRE(g_tracked != NULL);
        BIO_meth_set_create(g_tracked, tracked_create);
        BIO_meth_set_destroy(g_tracked, tracked_destroy);
        BIO_meth_set_ctrl(g_tracked, tracked_ctrl);
    }
    f->bio = BIO_new(g_tracked);
    REQUIRE(f->bio != NULL);
    BIO_set_data(f->bio, &f->bio_freed);
    ERR_clear_error();
}

static void fx_teardown(fixture *f)
{
    switch (f->kind) {
    case FX_CTX:
    case FX_SSL:
        SSL_free(f->ssl);
        SSL_CTX_free(f->ctx);
        break;
    case FX_SESS:
        SSL_SESSION_free(f->sess);
        SSL_free(f->ssl);
        SSL_CTX_free(f->ctx);
        break;
    case FX_CONN12:
    case FX_CONN13:
    case FX_DATA13:
    case FX_SESS13:
    case FX_HELLO:
        SSL_SESSION_free(f->sess);
        free(f->der);
        ct_pair_free(&f->p);
        break;
    }
    /* the BIO, unless a call took it over (then freeing the SSL freed it) */
    if (!f->bio_freed)
        BIO_free(f->bio);
    ERR_clear_error();
}

/* ------------------------------------------------------------------------- */
/* Running and reporting one case                                             */
/* ------------------------------------------------------------------------- */

enum rkind { RI, RU, RP, RS, RV };  /* int/long, uint64_t, pointer, string, void */
enum everr {
    E_YES,   /* a bad argument: the failure value and an ERR entry */
    E_NO,    /* allowed: the expected value and no ERR entry */
    E_ANY,   /* void function that OpenSSL does not define for this input: no crash */
    E_INFO,  /* record the value, do not judge */
};

typedef struct {
    long v;            /* RI: the value; RP/RS: 1 if non-NULL */
    const void *ptr;   /* RP/RS: the pointer returned */
    uint64_t u;        /* RU */
    char str[64];      /* RS */
    unsigned long err; /* first queued ERR entry after the call */
    char extra[160];   /* what the case adds (out-parameters, getters) */
    int macro;         /* the call itself went through an OpenSSL macro */
} result;

static const char *g_call, *g_fx;

/* Returns 1 if the caller (this process, or the forked child) runs the case. */
static int case_enter(const char *fn, const char *args, int fx)
{
    static char call[512];
    pid_t pid;
    int st;

    snprintf(call, sizeof(call), "%s%s", fn, args);
    g_call = call;
    g_fx = fx_names[fx];
    g_macro = 0;
    g_cases++;
    if (!g_fork)
        return 1;
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(10);
        return 1;
    }
    REQUIRE(waitpid(pid, &st, 0) == pid);
    if (WIFSIGNALED(st)) {
        printf("%s | %s | CRASH (signal %d, %s) | - | -\n", g_call, g_fx, WTERMSIG(st),
               strsignal(WTERMSIG(st)));
    } else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        printf("%s | %s | child exit status %d | - | -\n", g_call, g_fx,
               WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    fflush(stdout);
    return 0;
}

static void case_leave(void)
{
    if (g_fork) {
        fflush(stdout);
        _exit(0);
    }
}

static void case_report(result *r, int rk, long exp_ret, int everr)
{
    char val[128], err[200], verdict[200];
    int ok = 1;

    switch (rk) {
    case RI: snprintf(val, sizeof(val), "ret=%ld", r->v); break;
    case RU: snprintf(val, sizeof(val), "ret=0x%llx", (unsigned long long)r->u); break;
    case RP: snprintf(val, sizeof(val), "ret=%s", r->v ? "non-NULL" : "NULL"); break;
    case RS: snprintf(val, sizeof(val), "ret=\"%s\"", r->str); break;
    default: snprintf(val, sizeof(val), "void"); break;
    }
    if (r->err == 0) {
        snprintf(err, sizeof(err), "none");
    } else {
        const char *rs = ERR_reason_error_string(r->err);

        if (ERR_GET_LIB(r->err) == ERR_LIB_SYS)
            rs = "system error";
        snprintf(err, sizeof(err), "lib=%d reason=%d (%s)", ERR_GET_LIB(r->err),
                 ERR_GET_REASON(r->err), rs ? rs : "?");
    }
    /* the verdict */
    verdict[0] = '\0';
    if (everr != E_INFO && everr != E_ANY && rk != RV) {
        long got = rk == RU ? (long)r->u : r->v;

        if (got != exp_ret) {
            ok = 0;
            snprintf(verdict, sizeof(verdict), "VIOLATION: expected %s%ld", rk == RP || rk == RS
                     ? "non-NULL=" : "ret=", exp_ret);
        }
    }
    if (everr == E_YES && r->err == 0) {
        ok = 0;
        snprintf(verdict + strlen(verdict), sizeof(verdict) - strlen(verdict),
                 "%sVIOLATION: no ERR entry", verdict[0] ? "; " : "");
    }
    if (everr == E_NO && r->err != 0) {
        ok = 0;
        snprintf(verdict + strlen(verdict), sizeof(verdict) - strlen(verdict),
                 "%sVIOLATION: unexpected ERR entry", verdict[0] ? "; " : "");
    }
    if (ok)
        snprintf(verdict, sizeof(verdict), "%s", everr == E_INFO ? "info" : "ok");
    else
        g_violations++;
    if (g_fork)
        snprintf(verdict, sizeof(verdict), "-");
    printf("%s | %s | %s%s%s%s | %s | %s\n", g_call, g_fx, val, r->extra[0] ? " " : "",
           r->extra, r->macro ? " [OpenSSL: macro]" : "", err, verdict);
    fflush(stdout);
}

#define CALL_RI(R, e) ((R).v = (long)(e))
#define CALL_RU(R, e) ((R).u = (uint64_t)(e))
#define CALL_RP(R, e) ((R).ptr = (const void *)(e), (R).v = (R).ptr != NULL)
#define CALL_RS(R, e)                                                           \
    do {                                                                        \
        const char *s_ = (e);                                                   \
        (R).ptr = s_;                                                           \
        (R).v = s_ != NULL;                                                     \
        escape((R).str, sizeof((R).str), s_);                                   \
    } while (0)

/* A returned string, printable and on one line. */
static void escape(char *out, size_t outlen, const char *s)
{
    size_t o = 0;

    if (s == NULL) {
        snprintf(out, outlen, "(NULL)");
        return;
    }
    for (; *s != '\0' && o + 5 < outlen; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '\n') {
            out[o++] = '\\';
            out[o++] = 'n';
        } else if (ch < 0x20 || ch >= 0x7f || ch == '|') {
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", ch);
        } else {
            out[o++] = (char)ch;
        }
    }
    out[o] = '\0';
}
#define CALL_RV(R, e) (e)

/* 80 bytes of ticket keys (SSL_CTX_set_tlsext_ticket_keys' size), copied per case. */
static const unsigned char g_keys80[81] = "0123456789abcdef0123456789abcdef0123456789abcdef"
                                          "0123456789abcdef0123456789abcdef";
/* Room for any session's encoding. */
static unsigned char g_big[16384];

/* Append to the case's extra text (out-parameters, state read back after the call). */
#define EXTRA(...)                                                              \
    snprintf(R.extra + strlen(R.extra), sizeof(R.extra) - strlen(R.extra), __VA_ARGS__)

/*
 * CASE(fixture, result kind, function, (arguments), expected value, expectation, post...)
 * The arguments may use: ctx, ssl, bio, buf, n (a size_t), x509, pkey, cert, key (paths),
 * sess (session fixtures), der/derlen (FX_SESS13), garbage (buf's 64 bytes, no session),
 * and out-parameters data, out, len, outlen, bits, ints (int *), vp (void *), sp (an
 * SSL_SESSION *, NULL), keys (80 bytes of ticket keys), big (16 KiB).
 * Where the value itself is not a fact (a length that differs between libraries), the
 * "arguments" may go on to compare it: `(sess, NULL) == derlen` prints ret=1 or 0.
 * `post` statements run after the ERR queue was sampled (EXTRA(...) records values; a case
 * that hands the fixture's BIO over sets F.bio = NULL).
 */
#define CASE(FXK, RK, fn, args, exp_ret, everr, ...)                            \
    do {                                                                        \
        fixture F;                                                              \
        fx_setup(&F, FXK);                                                      \
        if (case_enter(#fn, #args, FXK)) {                                      \
            SSL_CTX *ctx = F.ctx;                                               \
            SSL *ssl = F.ssl;                                                   \
            BIO *bio = F.bio;                                                   \
            unsigned char *buf = F.buf;                                         \
            const SSL_CIPHER *cipher = F.cipher;                                \
            size_t n = 4242;                                                    \
            const unsigned char *data = NULL;                                   \
            unsigned char *out = NULL;                                          \
            unsigned int len = 4242;                                            \
            unsigned char outlen = 42;                                          \
            int bits = 4242;                                                    \
            SSL_SESSION *sess = F.sess;                                         \
            const unsigned char *der = F.der;                                   \
            long derlen = F.derlen;                                             \
            const unsigned char *garbage = F.buf;                               \
            int *ints = NULL;                                                   \
            void *vp = NULL;                                                    \
            SSL_SESSION *sp = NULL;                                             \
            unsigned char keys_[sizeof(g_keys80)];                              \
            unsigned char *keys = keys_;                                        \
            unsigned char *big = g_big;                                         \
            result R;                                                           \
            (void)ctx; (void)ssl; (void)bio; (void)buf; (void)n; (void)cipher;  \
            (void)data; (void)out; (void)len; (void)outlen; (void)bits;         \
            (void)sess; (void)der; (void)derlen; (void)garbage; (void)ints;     \
            (void)vp; (void)sp; (void)keys; (void)big;                          \
            memcpy(keys_, g_keys80, sizeof(keys_));                             \
            memset(&R, 0, sizeof(R));                                           \
            ERR_clear_error();                                                  \
            CALL_##RK(R, fn args);                                              \
            R.err = ERR_peek_error();                                           \
            R.macro = g_macro;                                                  \
            __VA_ARGS__;                                                        \
            case_report(&R, RK, (long)(exp_ret), everr);                        \
            case_leave();                                                       \
        }                                                                       \
        fx_teardown(&F);                                                        \
    } while (0)

/* ------------------------------------------------------------------------- */
/* Callbacks and constants used as valid arguments                            */
/* ------------------------------------------------------------------------- */

static int verify_cb(int ok, X509_STORE_CTX *x)
{
    (void)x;
    return ok;
}

static int alpn_cb(SSL *s, const unsigned char **o, unsigned char *ol, const unsigned char *in,
                   unsigned int inl, void *arg)
{
    (void)s; (void)o; (void)ol; (void)in; (void)inl; (void)arg;
    return SSL_TLSEXT_ERR_NOACK;
}

static int sni_cb(SSL *s, int *alert, void *arg)
{
    (void)s; (void)alert; (void)arg;
    return SSL_TLSEXT_ERR_OK;
}

/* ALPN lists in wire format */
static const unsigned char alpn[] = "\x02" "h2" "\x08" "http/1.1";     /* 12 bytes */
static const unsigned char alpn_client[] = "\x03" "foo" "\x02" "h2";  /* 7 bytes */
static const unsigned char alpn_bad[] = "\x05" "ab";            /* length byte overruns */
static const unsigned char alpn_zero[] = "\x00";             /* empty name */
#define ALPN_LEN 12
#define SNI_CB ((void (*)(void))sni_cb)

/* Objects a case hands over; the case frees what the call did not take. */
static X509_STORE *g_store;
static STACK_OF(X509_NAME) *g_names;

static int g_store_idx = -1, g_store_freed;

static void store_free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
                          void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
    if (ptr != NULL)
        *(int *)ptr = 1;
}

/* A new X509_STORE whose destruction sets g_store_freed. */
static X509_STORE *fresh_store(void)
{
    if (g_store_idx < 0)
        g_store_idx = X509_STORE_get_ex_new_index(0, NULL, NULL, NULL, store_free_cb);
    REQUIRE(g_store_idx >= 0);
    g_store = X509_STORE_new();
    REQUIRE(g_store != NULL);
    g_store_freed = 0;
    REQUIRE(X509_STORE_set_ex_data(g_store, g_store_idx, &g_store_freed) == 1);
    return g_store;
}

static STACK_OF(X509_NAME) *fresh_names(void)
{
    g_names = sk_X509_NAME_new_null();
    REQUIRE(g_names != NULL);
    return g_names;
}

static int client_cert_cb(SSL *s, X509 **x, EVP_PKEY **k)
{
    (void)s; (void)x; (void)k;
    return 0;
}

static void free_names(const void *p)
{
    sk_X509_NAME_pop_free((STACK_OF(X509_NAME) *)p, X509_NAME_free);
}

static const char *hostflags(SSL *ssl)
{
    static char b[32];

    snprintf(b, sizeof(b), "0x%x", X509_VERIFY_PARAM_get_hostflags(SSL_get0_param(ssl)));
    return b;
}

#define cert ct_path("server.pem")
#define key ct_path("server.key")
#define x509 g_x509
#define pkey g_pkey
#define BIG ((size_t)SIZE_MAX)
#define HUGE_INT ((size_t)INT_MAX + 1)

/* ------------------------------------------------------------------------- */
/* The cases                                                                  */
/* ------------------------------------------------------------------------- */

static void cases_init_and_methods(void)
{
    CASE(FX_NONE, RI, OPENSSL_init_ssl, (0, NULL), 1, E_NO);
    CASE(FX_NONE, RI, OPENSSL_init_ssl,
         (OPENSSL_INIT_LOAD_SSL_STRINGS + OPENSSL_INIT_NO_LOAD_SSL_STRINGS, NULL), 1, E_INFO);
    CASE(FX_NONE, RP, TLS_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLS_client_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLS_server_method, (), 1, E_NO);
}

static void cases_ctx(void)
{
    /* creation, references */
    CASE(FX_NONE, RP, SSL_CTX_new, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_up_ref, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_free, (NULL), 0, E_NO);

    /* ctrl */
    CASE(FX_NONE, RI, SSL_CTX_ctrl, (NULL, SSL_CTRL_MODE, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_MODE, 0, NULL), SSL_MODE_AUTO_RETRY, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, -1, 0, NULL), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, INT_MAX, 1, NULL), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_MODE, LONG_MIN, NULL), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, LONG_MAX, NULL), 0,
         E_INFO, EXTRA("min=0x%x", SSL_CTX_get_min_proto_version(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, 0x100000303L, NULL), 0,
         E_INFO, EXTRA("min=0x%x", SSL_CTX_get_min_proto_version(ctx)));

    /* modes */
    CASE(FX_NONE, RI, SSL_CTX_set_mode, (NULL, SSL_MODE_RELEASE_BUFFERS), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_mode, (ctx, -1), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_mode, (ctx, LONG_MIN), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_clear_mode, (NULL, SSL_MODE_AUTO_RETRY), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_clear_mode, (ctx, -1), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_get_mode, (NULL), 0, E_YES);

    /* protocol versions */
    CASE(FX_NONE, RI, SSL_CTX_set_min_proto_version, (NULL, TLS1_2_VERSION), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, -1), 0, E_INFO,
         EXTRA("min=0x%x", SSL_CTX_get_min_proto_version(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, INT_MAX), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, INT_MIN), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, 0x0305), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, 0x02ff), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, DTLS1_2_VERSION), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_min_proto_version, (ctx, SSL3_VERSION), 1, E_INFO,
         EXTRA("min=0x%x", SSL_CTX_get_min_proto_version(ctx)));
    CASE(FX_NONE, RI, SSL_CTX_set_max_proto_version, (NULL, TLS1_3_VERSION), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_max_proto_version, (ctx, -1), 0, E_INFO,
         EXTRA("max=0x%x", SSL_CTX_get_max_proto_version(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_set_max_proto_version, (ctx, INT_MAX), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_max_proto_version, (ctx, 0x0305), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_max_proto_version, (ctx, DTLS1_VERSION), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_get_min_proto_version, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_get_max_proto_version, (NULL), 0, E_YES);

    /* options */
    CASE(FX_NONE, RU, SSL_CTX_set_options, (NULL, SSL_OP_NO_TICKET), 0, E_YES);
    CASE(FX_CTX, RU, SSL_CTX_set_options, (ctx, UINT64_MAX), -1, E_INFO);
    CASE(FX_NONE, RU, SSL_CTX_clear_options, (NULL, SSL_OP_NO_TICKET), 0, E_YES);
    CASE(FX_CTX, RU, SSL_CTX_clear_options, (ctx, UINT64_MAX), 0, E_INFO);
    CASE(FX_NONE, RU, SSL_CTX_get_options, (NULL), 0, E_YES);

    /* verification settings */
    CASE(FX_NONE, RV, SSL_CTX_set_verify, (NULL, SSL_VERIFY_PEER, verify_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_verify, (ctx, SSL_VERIFY_PEER, NULL), 0, E_NO,
         EXTRA("mode=%d", SSL_CTX_get_verify_mode(ctx)));
    CASE(FX_CTX, RV, SSL_CTX_set_verify, (ctx, -1, verify_cb), 0, E_INFO,
         EXTRA("mode=%d", SSL_CTX_get_verify_mode(ctx)));
    CASE(FX_CTX, RV, SSL_CTX_set_verify, (ctx, INT_MIN, NULL), 0, E_INFO,
         EXTRA("mode=%d", SSL_CTX_get_verify_mode(ctx)));
    CASE(FX_NONE, RI, SSL_CTX_get_verify_mode, (NULL), 0, E_YES);

    /* quiet shutdown */
    CASE(FX_NONE, RV, SSL_CTX_set_quiet_shutdown, (NULL, 1), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_quiet_shutdown, (ctx, -5), 0, E_INFO,
         EXTRA("get=%d", SSL_CTX_get_quiet_shutdown(ctx)));
    CASE(FX_CTX, RV, SSL_CTX_set_quiet_shutdown, (ctx, INT_MIN), 0, E_INFO,
         EXTRA("get=%d", SSL_CTX_get_quiet_shutdown(ctx)));
    CASE(FX_NONE, RI, SSL_CTX_get_quiet_shutdown, (NULL), 0, E_YES);

    /* trust */
    CASE(FX_NONE, RI, SSL_CTX_load_verify_locations, (NULL, ct_path("ca.pem"), NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_locations, (ctx, NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_locations, (ctx, NULL, ct_certdir), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_locations, (ctx, ct_path("ca.pem"), NULL), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_locations, (ctx, "/nonexistent/ca.pem", NULL), 0,
         E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_locations, (ctx, "", NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_set_default_verify_paths, (NULL), 0, E_YES);

    /* certificates and keys */
    CASE(FX_NONE, RI, SSL_CTX_use_certificate_file, (NULL, cert, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, NULL, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, NULL, SSL_FILETYPE_ASN1), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, cert, 0), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, cert, 3), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, cert, -1), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, cert, INT_MAX), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, "/nonexistent.pem", SSL_FILETYPE_PEM),
         0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_file, (ctx, key, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_use_certificate_chain_file, (NULL, cert), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_chain_file, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate_chain_file, (ctx, "/nonexistent.pem"), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_use_PrivateKey_file, (NULL, key, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_PrivateKey_file, (ctx, NULL, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_PrivateKey_file, (ctx, key, 0), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_PrivateKey_file, (ctx, key, -1), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_PrivateKey_file, (ctx, key, INT_MIN), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_PrivateKey_file, (ctx, "/nonexistent.key", SSL_FILETYPE_PEM),
         0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_use_certificate, (NULL, x509), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_certificate, (ctx, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_use_PrivateKey, (NULL, pkey), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_PrivateKey, (ctx, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_check_private_key, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_check_private_key, (ctx), 0, E_YES);
}

static void cases_ssl(void)
{
    /* creation, references */
    CASE(FX_NONE, RP, SSL_new, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_up_ref, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_free, (NULL), 0, E_NO);

    /* ctrl, modes, versions, options */
    CASE(FX_NONE, RI, SSL_ctrl, (NULL, SSL_CTRL_MODE, 0, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_ctrl, (ssl, SSL_CTRL_MODE, 0, NULL), SSL_MODE_AUTO_RETRY, E_NO);
    CASE(FX_SSL, RI, SSL_ctrl, (ssl, -1, 0, NULL), 0, E_INFO);
    CASE(FX_SSL, RI, SSL_ctrl, (ssl, INT_MIN, -1, NULL), 0, E_INFO);
    CASE(FX_SSL, RI, SSL_ctrl, (ssl, SSL_CTRL_SET_MAX_PROTO_VERSION, LONG_MIN, NULL), 0, E_INFO,
         EXTRA("max=0x%x", SSL_get_max_proto_version(ssl)));
    CASE(FX_NONE, RI, SSL_set_mode, (NULL, SSL_MODE_ENABLE_PARTIAL_WRITE), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_mode, (ssl, -1), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_clear_mode, (NULL, SSL_MODE_AUTO_RETRY), 0, E_YES);
    CASE(FX_SSL, RI, SSL_clear_mode, (ssl, -1), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_get_mode, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_set_min_proto_version, (NULL, TLS1_2_VERSION), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_min_proto_version, (ssl, -1), 0, E_INFO,
         EXTRA("min=0x%x", SSL_get_min_proto_version(ssl)));
    CASE(FX_SSL, RI, SSL_set_min_proto_version, (ssl, INT_MAX), 0, E_INFO);
    CASE(FX_SSL, RI, SSL_set_min_proto_version, (ssl, 0x0305), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_set_max_proto_version, (NULL, TLS1_3_VERSION), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_max_proto_version, (ssl, INT_MIN), 0, E_INFO,
         EXTRA("max=0x%x", SSL_get_max_proto_version(ssl)));
    CASE(FX_SSL, RI, SSL_set_max_proto_version, (ssl, DTLS1_2_VERSION), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_get_min_proto_version, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_get_max_proto_version, (NULL), 0, E_YES);
    CASE(FX_NONE, RU, SSL_set_options, (NULL, SSL_OP_NO_TICKET), 0, E_YES);
    CASE(FX_SSL, RU, SSL_set_options, (ssl, UINT64_MAX), -1, E_INFO);
    CASE(FX_NONE, RU, SSL_clear_options, (NULL, SSL_OP_NO_TICKET), 0, E_YES);
    CASE(FX_SSL, RU, SSL_clear_options, (ssl, UINT64_MAX), 0, E_INFO);
    CASE(FX_NONE, RU, SSL_get_options, (NULL), 0, E_YES);

    /* verification */
    CASE(FX_NONE, RV, SSL_set_verify, (NULL, SSL_VERIFY_PEER, verify_cb), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_verify, (ssl, SSL_VERIFY_PEER, NULL), 0, E_NO,
         EXTRA("mode=%d", SSL_get_verify_mode(ssl)));
    CASE(FX_SSL, RV, SSL_set_verify, (ssl, -1, NULL), 0, E_INFO,
         EXTRA("mode=%d", SSL_get_verify_mode(ssl)));
    CASE(FX_NONE, RI, SSL_get_verify_mode, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_set1_host, (NULL, "localhost"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set1_host, (ssl, NULL), 1, E_NO);
    CASE(FX_SSL, RI, SSL_set1_host, (ssl, ""), 1, E_INFO);
    CASE(FX_NONE, RI, SSL_add1_host, (NULL, "localhost"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_add1_host, (ssl, NULL), 1, E_NO);
    CASE(FX_SSL, RI, SSL_add1_host, (ssl, ""), 1, E_INFO);
    /* Ours answers X509_V_ERR_UNSPECIFIED, never "verified", without a connection. */
    CASE(FX_NONE, RI, SSL_get_verify_result, (NULL), 1, E_YES);
    CASE(FX_NONE, RP, SSL_get1_peer_certificate, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get_peer_cert_chain, (NULL), 0, E_YES);

    /* BIOs and descriptors */
    CASE(FX_NONE, RV, SSL_set0_rbio, (NULL, bio), 0, E_ANY, EXTRA("bio %s", bio_fate(&F.bio_freed)));
    CASE(FX_SSL, RV, SSL_set0_rbio, (ssl, NULL), 0, E_NO,
         EXTRA("rbio=%s", SSL_get_rbio(ssl) ? "set" : "NULL"));
    CASE(FX_CONN13, RV, SSL_set0_rbio, (ssl, NULL), 0, E_NO,
         EXTRA("rbio=%s", SSL_get_rbio(ssl) ? "set" : "NULL"));
    CASE(FX_NONE, RV, SSL_set0_wbio, (NULL, bio), 0, E_ANY, EXTRA("bio %s", bio_fate(&F.bio_freed)));
    CASE(FX_CONN13, RV, SSL_set0_wbio, (ssl, NULL), 0, E_NO,
         EXTRA("wbio=%s", SSL_get_wbio(ssl) ? "set" : "NULL"));
    CASE(FX_NONE, RV, SSL_set_bio, (NULL, bio, bio), 0, E_ANY, EXTRA("bio %s", bio_fate(&F.bio_freed)));
    CASE(FX_CONN13, RV, SSL_set_bio, (ssl, NULL, NULL), 0, E_NO,
         EXTRA("rbio=%s wbio=%s", SSL_get_rbio(ssl) ? "set" : "NULL",
               SSL_get_wbio(ssl) ? "set" : "NULL"));
    CASE(FX_SSL, RV, SSL_set_bio, (ssl, NULL, bio), 0, E_NO,
         EXTRA("rbio=%s wbio=%s", SSL_get_rbio(ssl) ? "set" : "NULL",
               SSL_get_wbio(ssl) ? "set" : "NULL"));
    CASE(FX_SSL, RV, SSL_set_bio, (ssl, bio, NULL), 0, E_NO,
         EXTRA("rbio=%s wbio=%s", SSL_get_rbio(ssl) ? "set" : "NULL",
               SSL_get_wbio(ssl) ? "set" : "NULL"));
    CASE(FX_NONE, RP, SSL_get_rbio, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get_wbio, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_set_fd, (NULL, 0), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_fd, (ssl, -1), 1, E_INFO, EXTRA("get_fd=%d", SSL_get_fd(ssl)));
    CASE(FX_SSL, RI, SSL_set_fd, (ssl, INT_MIN), 1, E_INFO, EXTRA("get_fd=%d", SSL_get_fd(ssl)));
    CASE(FX_NONE, RI, SSL_set_rfd, (NULL, 0), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_rfd, (ssl, -7), 1, E_INFO, EXTRA("get_rfd=%d", SSL_get_rfd(ssl)));
    CASE(FX_NONE, RI, SSL_set_wfd, (NULL, 1), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_wfd, (ssl, INT_MAX), 1, E_INFO,
         EXTRA("get_wfd=%d", SSL_get_wfd(ssl)));
    CASE(FX_NONE, RI, SSL_get_fd, (NULL), -1, E_YES);
    CASE(FX_NONE, RI, SSL_get_rfd, (NULL), -1, E_YES);
    CASE(FX_NONE, RI, SSL_get_wfd, (NULL), -1, E_YES);
    CASE(FX_NONE, RP, SSL_get_SSL_CTX, (NULL), 0, E_YES);

    /* role and state */
    CASE(FX_NONE, RV, SSL_set_connect_state, (NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_set_accept_state, (NULL), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_is_server, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_is_init_finished, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_in_before, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_in_init, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_version, (NULL), 0, E_YES);
    CASE(FX_NONE, RS, SSL_get_version, (NULL), 1, E_YES);
    CASE(FX_NONE, RI, SSL_get_shutdown, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_set_shutdown, (NULL, SSL_SENT_SHUTDOWN), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_shutdown, (ssl, -1), 0, E_INFO,
         EXTRA("get=%d", SSL_get_shutdown(ssl)));
    CASE(FX_SSL, RV, SSL_set_shutdown, (ssl, 0x100), 0, E_INFO,
         EXTRA("get=%d", SSL_get_shutdown(ssl)));
    CASE(FX_NONE, RV, SSL_set_quiet_shutdown, (NULL, 1), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_quiet_shutdown, (ssl, -5), 0, E_INFO,
         EXTRA("get=%d", SSL_get_quiet_shutdown(ssl)));
    CASE(FX_NONE, RI, SSL_get_quiet_shutdown, (NULL), 0, E_YES);
}

static void cases_io(void)
{

    /* handshakes */
    CASE(FX_NONE, RI, SSL_do_handshake, (NULL), -1, E_YES);
    CASE(FX_NONE, RI, SSL_connect, (NULL), -1, E_YES);
    CASE(FX_NONE, RI, SSL_accept, (NULL), -1, E_YES);

    /* SSL_write */
    CASE(FX_NONE, RI, SSL_write, (NULL, buf, 5), -1, E_YES);
    CASE(FX_NONE, RI, SSL_write, (NULL, buf, -1), -1, E_YES);
    CASE(FX_CONN13, RI, SSL_write, (ssl, NULL, 5), -1, E_YES);
    CASE(FX_CONN13, RI, SSL_write, (ssl, NULL, 0), 0, E_INFO);
    CASE(FX_CONN13, RI, SSL_write, (ssl, buf, -1), -1, E_YES);
    CASE(FX_CONN13, RI, SSL_write, (ssl, buf, INT_MIN), -1, E_YES);
    CASE(FX_SSL, RI, SSL_write, (ssl, NULL, 5), -1, E_YES);

    /* SSL_write_ex */
    CASE(FX_NONE, RI, SSL_write_ex, (NULL, buf, 5, &n), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_write_ex, (ssl, NULL, 5, &n), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_write_ex, (ssl, buf, 5, NULL), 0, E_YES);
    CASE(FX_CONN12, RI, SSL_write_ex, (ssl, buf, 5, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_write_ex, (ssl, buf, BIG, &n), 0, E_YES);
    CASE(FX_SSL, RI, SSL_write_ex, (ssl, buf, HUGE_INT, &n), 0, E_YES);

    /* SSL_read / SSL_peek (data waiting, so a NULL buffer would be written to) */
    CASE(FX_NONE, RI, SSL_read, (NULL, buf, 5), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_read, (ssl, NULL, 5), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_read, (ssl, NULL, 0), 0, E_INFO);
    CASE(FX_DATA13, RI, SSL_read, (ssl, buf, -1), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_read, (ssl, buf, INT_MIN), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_read, (ssl, buf, INT_MAX), 5, E_NO,
         EXTRA("data=%s", memcmp(buf, "hello", 5) == 0 ? "intact" : "CORRUPT"));
    CASE(FX_NONE, RI, SSL_peek, (NULL, buf, 5), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_peek, (ssl, NULL, 5), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_peek, (ssl, buf, -1), -1, E_YES);
    CASE(FX_DATA13, RI, SSL_peek, (ssl, buf, INT_MIN), -1, E_YES);

    /* SSL_read_ex / SSL_peek_ex */
    CASE(FX_NONE, RI, SSL_read_ex, (NULL, buf, 5, &n), 0, E_YES);
    CASE(FX_DATA13, RI, SSL_read_ex, (ssl, NULL, 5, &n), 0, E_YES);
    CASE(FX_DATA13, RI, SSL_read_ex, (ssl, buf, 5, NULL), 0, E_YES,
         EXTRA("then_pending=%d", SSL_pending(ssl)));
    CASE(FX_DATA13, RI, SSL_read_ex, (ssl, buf, BIG, &n), 1, E_NO, EXTRA("n=%zu", n));
    CASE(FX_DATA13, RI, SSL_read_ex, (ssl, buf, HUGE_INT, &n), 1, E_NO, EXTRA("n=%zu", n));
    CASE(FX_SSL, RI, SSL_read_ex, (ssl, buf, BIG, &n), 0, E_YES);
    CASE(FX_NONE, RI, SSL_peek_ex, (NULL, buf, 5, &n), 0, E_YES);
    CASE(FX_DATA13, RI, SSL_peek_ex, (ssl, NULL, 5, &n), 0, E_YES);
    CASE(FX_DATA13, RI, SSL_peek_ex, (ssl, buf, 5, NULL), 0, E_YES);
    CASE(FX_DATA13, RI, SSL_peek_ex, (ssl, buf, BIG, &n), 1, E_NO, EXTRA("n=%zu", n));

    /* pending, want, errors */
    CASE(FX_NONE, RI, SSL_pending, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_has_pending, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_want, (NULL), SSL_NOTHING, E_YES);
    CASE(FX_NONE, RI, SSL_get_error, (NULL, -1), SSL_ERROR_SSL, E_YES);
    CASE(FX_NONE, RI, SSL_get_error, (NULL, 0), SSL_ERROR_SSL, E_YES);
    CASE(FX_NONE, RI, SSL_get_error, (NULL, 1), SSL_ERROR_NONE, E_NO);
    CASE(FX_SSL, RI, SSL_get_error, (ssl, INT_MIN), SSL_ERROR_SYSCALL, E_INFO);
    CASE(FX_SSL, RI, SSL_get_error, (ssl, INT_MAX), SSL_ERROR_NONE, E_NO);

    /* key update */
    CASE(FX_NONE, RI, SSL_key_update, (NULL, SSL_KEY_UPDATE_REQUESTED), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_key_update, (ssl, 2), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_key_update, (ssl, -1), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_key_update, (ssl, INT_MAX), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_key_update, (ssl, INT_MIN), 0, E_YES);
    CASE(FX_CONN12, RI, SSL_key_update, (ssl, SSL_KEY_UPDATE_REQUESTED), 0, E_YES);
    CASE(FX_SSL, RI, SSL_key_update, (ssl, SSL_KEY_UPDATE_NOT_REQUESTED), 0, E_YES);
    CASE(FX_NONE, RI, SSL_get_key_update_type, (NULL), SSL_KEY_UPDATE_NONE, E_YES);

    /* shutdown */
    CASE(FX_NONE, RI, SSL_shutdown, (NULL), -1, E_YES);
}

static void cases_cipher_sni_alpn(void)
{
    /* cipher suites */
    CASE(FX_NONE, RP, SSL_get_current_cipher, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_current_cipher, (ssl), 0, E_NO);
    CASE(FX_NONE, RS, SSL_CIPHER_get_name, (NULL), 1, E_INFO);
    CASE(FX_CONN13, RS, SSL_CIPHER_get_name, (cipher), 1, E_NO);
    CASE(FX_NONE, RS, SSL_CIPHER_standard_name, (NULL), 1, E_INFO);
    CASE(FX_CONN12, RS, SSL_CIPHER_standard_name, (cipher), 1, E_NO);
    CASE(FX_NONE, RS, SSL_CIPHER_get_version, (NULL), 1, E_INFO);
    CASE(FX_CONN12, RS, SSL_CIPHER_get_version, (cipher), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CIPHER_get_bits, (NULL, &bits), 0, E_INFO, EXTRA("alg_bits=%d", bits));
    CASE(FX_NONE, RI, SSL_CIPHER_get_bits, (NULL, NULL), 0, E_INFO);
    CASE(FX_CONN13, RI, SSL_CIPHER_get_bits, (cipher, NULL), 256, E_NO);
    CASE(FX_NONE, RI, SSL_CIPHER_get_id, (NULL), 0, E_YES);
    CASE(FX_NONE, RS, SSL_CIPHER_description, (NULL, (char *)buf, 64), 0, E_INFO);
    CASE(FX_NONE, RS, SSL_CIPHER_description, (NULL, NULL, 128), 1, E_INFO,
         OPENSSL_free((void *)R.ptr));
    CASE(FX_CONN13, RS, SSL_CIPHER_description, (cipher, (char *)buf, 64), 0, E_INFO);
    CASE(FX_CONN13, RS, SSL_CIPHER_description, (cipher, (char *)buf, -1), 0, E_INFO);
    CASE(FX_CONN13, RS, SSL_CIPHER_description, (cipher, (char *)buf, INT_MIN), 0, E_INFO);
    CASE(FX_CONN13, RP, SSL_CIPHER_description, (cipher, NULL, -1), 1, E_NO,
         EXTRA("len=%zu", R.ptr ? strlen(R.ptr) : 0), OPENSSL_free((void *)R.ptr));
    CASE(FX_CONN13, RP, SSL_CIPHER_description, (cipher, NULL, 0), 1, E_NO,
         OPENSSL_free((void *)R.ptr));

    /* server names */
    CASE(FX_NONE, RS, SSL_get_servername, (NULL, TLSEXT_NAMETYPE_host_name), 0, E_YES);
    CASE(FX_SSL, RS, SSL_get_servername, (ssl, TLSEXT_NAMETYPE_host_name), 0, E_NO);
    CASE(FX_CONN13, RS, SSL_get_servername, (ssl, -1), 0, E_INFO);
    CASE(FX_CONN13, RS, SSL_get_servername, (ssl, INT_MAX), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_get_servername_type, (NULL), -1, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_callback_ctrl, (NULL, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, SNI_CB),
         0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_callback_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, NULL), 1,
         E_NO);
    CASE(FX_CTX, RI, SSL_CTX_callback_ctrl, (ctx, -1, SNI_CB), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_callback_ctrl, (ctx, INT_MAX, NULL), 0, E_INFO);
    CASE(FX_NONE, RP, SSL_set_SSL_CTX, (NULL, ctx), 0, E_YES);
    CASE(FX_SSL, RP, SSL_set_SSL_CTX, (ssl, NULL), 1, E_INFO,
         EXTRA("same_ctx=%d", SSL_get_SSL_CTX(ssl) == ctx));

    /* ALPN */
    CASE(FX_NONE, RI, SSL_CTX_set_alpn_protos, (NULL, alpn, ALPN_LEN), 1, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_alpn_protos, (ctx, NULL, ALPN_LEN), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_alpn_protos, (ctx, NULL, 0), 0, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set_alpn_protos, (ctx, alpn_bad, 3), 1, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_alpn_protos, (ctx, alpn_zero, 1), 1, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_alpn_protos, (ctx, alpn, 5), 1, E_INFO);
    CASE(FX_NONE, RI, SSL_set_alpn_protos, (NULL, alpn, ALPN_LEN), 1, E_YES);
    CASE(FX_SSL, RI, SSL_set_alpn_protos, (ssl, NULL, ALPN_LEN), 0, E_INFO);
    CASE(FX_SSL, RI, SSL_set_alpn_protos, (ssl, alpn_bad, 3), 1, E_INFO);
    CASE(FX_SSL, RI, SSL_set_alpn_protos, (ssl, alpn_zero, 1), 1, E_INFO);
    CASE(FX_NONE, RV, SSL_get0_alpn_selected, (NULL, &data, &len), 0, E_ANY,
         EXTRA("data=%s len=%u", data ? "set" : "NULL", len));
    CASE(FX_CONN13, RV, SSL_get0_alpn_selected, (ssl, NULL, &len), 0, E_ANY,
         EXTRA("len=%u", len));
    CASE(FX_CONN13, RV, SSL_get0_alpn_selected, (ssl, &data, NULL), 0, E_ANY,
         EXTRA("data=%s", data ? "set" : "NULL"));
    CASE(FX_CONN13, RV, SSL_get0_alpn_selected, (ssl, &data, &len), 0, E_NO,
         EXTRA("data=%s len=%u", data ? "set" : "NULL", len));
    CASE(FX_NONE, RV, SSL_CTX_set_alpn_select_cb, (NULL, alpn_cb, NULL), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_alpn_select_cb, (ctx, NULL, NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_select_next_proto, (NULL, &outlen, alpn, ALPN_LEN, alpn_client, 7),
         OPENSSL_NPN_NO_OVERLAP, E_YES);
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, NULL, alpn, ALPN_LEN, alpn_client, 7),
         OPENSSL_NPN_NO_OVERLAP, E_YES);
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, NULL, ALPN_LEN, alpn_client, 7),
         OPENSSL_NPN_NO_OVERLAP, E_YES);
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, alpn, ALPN_LEN, NULL, 7),
         OPENSSL_NPN_NO_OVERLAP, E_YES);
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, alpn, ALPN_LEN, alpn_client, 7),
         OPENSSL_NPN_NEGOTIATED, E_NO, EXTRA("out=%.*s", out ? outlen : 0, out ? (char *)out : ""));
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, alpn, 0, alpn_client, 7),
         OPENSSL_NPN_NO_OVERLAP, E_INFO, EXTRA("out=%s outlen=%u", out ? "set" : "NULL", outlen));
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, alpn, ALPN_LEN, alpn_client, 0),
         OPENSSL_NPN_NO_OVERLAP, E_INFO, EXTRA("out=%s outlen=%u", out ? "set" : "NULL", outlen));
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, alpn_bad, 3, alpn_client, 7),
         OPENSSL_NPN_NO_OVERLAP, E_INFO, EXTRA("out=%s outlen=%u", out ? "set" : "NULL", outlen));
    CASE(FX_NONE, RI, SSL_select_next_proto, (&out, &outlen, alpn, ALPN_LEN, alpn_bad, 3),
         OPENSSL_NPN_NO_OVERLAP, E_INFO, EXTRA("out=%s outlen=%u", out ? "set" : "NULL", outlen));
}

static void cases_verify_certs_ciphers_exdata(void)
{
    /* trust store and verification parameters */
    CASE(FX_NONE, RP, SSL_CTX_get_cert_store, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_set_cert_store, (NULL, fresh_store()), 0, E_ANY,
         EXTRA("store %s", bio_fate(&g_store_freed)),
         g_store_freed ? (void)0 : X509_STORE_free(g_store));
    CASE(FX_CTX, RV, SSL_CTX_set_cert_store, (ctx, NULL), 0, E_NO,
         EXTRA("store=%s", SSL_CTX_get_cert_store(ctx) ? "set" : "NULL"));
    CASE(FX_NONE, RP, SSL_CTX_get0_param, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get0_param, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_load_verify_file, (NULL, ct_path("ca.pem")), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_file, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_file, (ctx, "/nonexistent/ca.pem"), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_load_verify_dir, (NULL, ct_certdir), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_dir, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_dir, (ctx, "/nonexistent"), 1, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_load_verify_store, (NULL, "file:/nonexistent"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_store, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_store, (ctx, ""), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_load_verify_store, (ctx, "no-such-scheme:x"), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_get_verify_depth, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_set_verify_depth, (NULL, 3), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_verify_depth, (ctx, -5), 0, E_INFO,
         EXTRA("get=%d", SSL_CTX_get_verify_depth(ctx)));
    CASE(FX_CTX, RV, SSL_CTX_set_verify_depth, (ctx, INT_MAX), 0, E_INFO,
         EXTRA("get=%d", SSL_CTX_get_verify_depth(ctx)));
    CASE(FX_CTX, RV, SSL_CTX_set_verify_depth, (ctx, INT_MIN), 0, E_INFO,
         EXTRA("get=%d", SSL_CTX_get_verify_depth(ctx)));
    CASE(FX_NONE, RI, SSL_get_verify_depth, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_set_verify_depth, (NULL, 3), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_verify_depth, (ssl, -2), 0, E_INFO,
         EXTRA("get=%d", SSL_get_verify_depth(ssl)));
    CASE(FX_NONE, RV, SSL_set_hostflags, (NULL, 0), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_hostflags, (ssl, UINT_MAX), 0, E_INFO,
         EXTRA("get=%s", hostflags(ssl)));
    CASE(FX_NONE, RS, SSL_get0_peername, (NULL), 0, E_YES);
    CASE(FX_SSL, RS, SSL_get0_peername, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get0_peer_certificate, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get0_peer_certificate, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get0_verified_chain, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get0_verified_chain, (ssl), 0, E_NO);

    /* client CA names and client certificates */
    CASE(FX_NONE, RI, SSL_CTX_add_client_CA, (NULL, x509), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_add_client_CA, (ctx, NULL), 0, E_YES);
    /* the list is taken over (freed) even for a NULL context: not freed here (valgrind
     * reports it as definitely lost if that changes) */
    CASE(FX_NONE, RV, SSL_CTX_set_client_CA_list, (NULL, fresh_names()), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_client_CA_list, (ctx, NULL), 0, E_NO);
    CASE(FX_NONE, RP, SSL_load_client_CA_file, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_load_client_CA_file, ("/nonexistent.pem"), 0, E_YES);
    CASE(FX_NONE, RP, SSL_load_client_CA_file, (key), 0, E_YES);
    CASE(FX_NONE, RP, SSL_load_client_CA_file, (ct_path("chain.pem")), 1, E_NO,
         EXTRA("names=%d", R.ptr ? sk_X509_NAME_num(R.ptr) : -1), free_names(R.ptr));
    CASE(FX_NONE, RV, SSL_CTX_set_client_cert_cb, (NULL, client_cert_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_client_cert_cb, (ctx, NULL), 0, E_NO);

    /* the connection's own certificate and key */
    CASE(FX_NONE, RI, SSL_use_certificate, (NULL, x509), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_certificate, (ssl, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_use_PrivateKey, (NULL, pkey), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_PrivateKey, (ssl, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_use_certificate_file, (NULL, cert, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_certificate_file, (ssl, NULL, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_certificate_file, (ssl, cert, 0), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_certificate_file, (ssl, cert, INT_MAX), 0, E_YES);
    CASE(FX_NONE, RI, SSL_use_PrivateKey_file, (NULL, key, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_PrivateKey_file, (ssl, NULL, SSL_FILETYPE_PEM), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_PrivateKey_file, (ssl, key, -1), 0, E_YES);
    CASE(FX_NONE, RI, SSL_use_certificate_chain_file, (NULL, cert), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_certificate_chain_file, (ssl, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_use_certificate_chain_file, (ssl, "/nonexistent.pem"), 0, E_YES);
    CASE(FX_NONE, RI, SSL_check_private_key, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_check_private_key, (ssl), 0, E_YES);

    /* cipher lists */
    CASE(FX_NONE, RI, SSL_CTX_set_cipher_list, (NULL, "HIGH"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_cipher_list, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_cipher_list, (ctx, ""), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_cipher_list, (ctx, "NO-SUCH-CIPHER"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_cipher_list, (ctx, ":::!!!+++---@@@"), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_ciphersuites, (NULL, "TLS_AES_128_GCM_SHA256"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_ciphersuites, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_ciphersuites, (ctx, ""), 1, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_ciphersuites, (ctx, "NO_SUCH_SUITE"), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_ciphersuites, (ctx, ":::"), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_set_cipher_list, (NULL, "HIGH"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_cipher_list, (ssl, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_cipher_list, (ssl, "NO-SUCH-CIPHER"), 0, E_YES);
    CASE(FX_NONE, RI, SSL_set_ciphersuites, (NULL, "TLS_AES_128_GCM_SHA256"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_ciphersuites, (ssl, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_ciphersuites, (ssl, "NO_SUCH_SUITE"), 0, E_INFO);
    CASE(FX_NONE, RP, SSL_CTX_get_ciphers, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get_ciphers, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get_client_ciphers, (NULL), 0, E_NO);
    CASE(FX_SSL, RP, SSL_get_client_ciphers, (ssl), 0, E_NO);
    CASE(FX_CONN13, RP, SSL_get_client_ciphers, (ssl), 0, E_NO);
    CASE(FX_NONE, RS, SSL_get_cipher_list, (NULL, 0), 0, E_YES);
    CASE(FX_SSL, RS, SSL_get_cipher_list, (ssl, -1), 0, E_INFO);
    CASE(FX_SSL, RS, SSL_get_cipher_list, (ssl, INT_MIN), 0, E_INFO);
    CASE(FX_SSL, RS, SSL_get_cipher_list, (ssl, INT_MAX), 0, E_INFO);

    /* ex_data (libcrypto's CRYPTO_EX_DATA checks the index) */
    CASE(FX_NONE, RI, SSL_get_ex_data_X509_STORE_CTX_idx, (), 0, E_INFO,
         EXTRA("(>= 0: %s)", R.v >= 0 ? "yes" : "NO"));
    CASE(FX_NONE, RI, SSL_set_ex_data, (NULL, 0, buf), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_ex_data, (ssl, -1, buf), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_ex_data, (ssl, INT_MIN, buf), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_ex_data, (ssl, 100000, buf), 1, E_INFO,
         EXTRA("get=%s", SSL_get_ex_data(ssl, 100000) == buf ? "same" : "other"));
    CASE(FX_NONE, RP, SSL_get_ex_data, (NULL, 0), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_ex_data, (ssl, -1), 0, E_INFO);
    CASE(FX_SSL, RP, SSL_get_ex_data, (ssl, INT_MAX), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_ex_data, (NULL, 0, buf), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_ex_data, (ctx, -1, buf), 0, E_YES);
    CASE(FX_NONE, RP, SSL_CTX_get_ex_data, (NULL, 0), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get_ex_data, (ctx, INT_MIN), 0, E_INFO);
}

/* ------------------------------------------------------------------------- */
/* Sessions, session cache, tickets, key log, info and client-hello callbacks */
/* ------------------------------------------------------------------------- */

static int new_sess_cb(SSL *s, SSL_SESSION *ss)
{
    (void)s; (void)ss;
    return 0;
}

static void remove_sess_cb(SSL_CTX *c, SSL_SESSION *ss)
{
    (void)c; (void)ss;
}

static SSL_SESSION *get_sess_cb(SSL *s, const unsigned char *id, int idlen, int *copy)
{
    (void)s; (void)id; (void)idlen; (void)copy;
    return NULL;
}

static void info_cb(const SSL *s, int where, int ret)
{
    (void)s; (void)where; (void)ret;
}

static void keylog_cb(const SSL *s, const char *line)
{
    (void)s; (void)line;
}

static int hello_cb(SSL *s, int *al, void *arg)
{
    (void)s; (void)al; (void)arg;
    return SSL_CLIENT_HELLO_SUCCESS;
}

static int ticket_gen_cb(SSL *s, void *arg)
{
    (void)s; (void)arg;
    return 1;
}

static SSL_TICKET_RETURN ticket_dec_cb(SSL *s, SSL_SESSION *ss, const unsigned char *name,
                                       size_t namelen, SSL_TICKET_STATUS st, void *arg)
{
    (void)s; (void)ss; (void)name; (void)namelen; (void)st; (void)arg;
    return SSL_TICKET_RETURN_USE_RENEW;
}

static int ticket_key_evp_cb(SSL *s, unsigned char *name, unsigned char *iv,
                             EVP_CIPHER_CTX *c, EVP_MAC_CTX *h, int enc)
{
    (void)s; (void)name; (void)iv; (void)c; (void)h; (void)enc;
    return 0;
}

/* the HMAC_CTX flavour (SSL_CTX_set_tlsext_ticket_key_cb, a macro for callback_ctrl) */
static int ticket_key_cb(SSL *s, unsigned char *name, unsigned char *iv, EVP_CIPHER_CTX *c,
                         HMAC_CTX *h, int enc)
{
    (void)s; (void)name; (void)iv; (void)c; (void)h; (void)enc;
    return 0;
}
#define TICKET_KEY_CB ((void (*)(void))ticket_key_cb)

/* an exporter label and its length */
#define EKM_LABEL "EXPERIMENTAL", 12
static const unsigned char id33[] = "0123456789abcdef0123456789abcdef!";  /* 33 bytes */

/*
 * A NULL buffer with a non-zero length (set1_id(sess, NULL, 4), get_client_random(ssl,
 * NULL, 32), ...) and a NULL out-parameter OpenSSL writes through unconditionally
 * (get0_ticket_appdata) are bad arguments (OpenSSL crashes on them): failure value and an
 * ERR entry, as for SSL_write(ssl, NULL, 5). NULL that OpenSSL checks for (get_id's len,
 * set1_hostname's and set1_alpn_selected's value) is allowed.
 */
static void cases_sessions(void)
{
    /* the object */
    CASE(FX_NONE, RP, SSL_SESSION_new, (), 1, E_NO, SSL_SESSION_free((SSL_SESSION *)R.ptr));
    CASE(FX_NONE, RV, SSL_SESSION_free, (NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_up_ref, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_up_ref, (sess), 1, E_NO, SSL_SESSION_free(sess));
    CASE(FX_NONE, RP, SSL_SESSION_dup, (NULL), 0, E_YES);
    CASE(FX_SESS, RP, SSL_SESSION_dup, (sess), 1, E_NO, SSL_SESSION_free((SSL_SESSION *)R.ptr));
    CASE(FX_SESS13, RP, SSL_SESSION_dup, (sess), 1, E_NO,
         EXTRA("version=0x%x", R.ptr ? SSL_SESSION_get_protocol_version(R.ptr) : -1),
         SSL_SESSION_free((SSL_SESSION *)R.ptr));

    /* id and id context */
    CASE(FX_NONE, RP, SSL_SESSION_get_id, (NULL, &len), 0, E_YES);
    CASE(FX_SESS, RP, SSL_SESSION_get_id, (sess, NULL), 1, E_NO);
    CASE(FX_SESS, RP, SSL_SESSION_get_id, (sess, &len), 1, E_NO, EXTRA("len=%u", len));
    CASE(FX_NONE, RP, SSL_SESSION_get0_id_context, (NULL, &len), 0, E_YES);
    CASE(FX_SESS, RP, SSL_SESSION_get0_id_context, (sess, NULL), 1, E_NO);
    CASE(FX_SESS, RP, SSL_SESSION_get0_id_context, (sess, &len), 1, E_NO, EXTRA("len=%u", len));
    CASE(FX_NONE, RI, SSL_SESSION_set1_id, (NULL, buf, 4), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_id, (sess, NULL, 4), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_id, (sess, NULL, 0), 1, E_NO);
    CASE(FX_SESS, RI, SSL_SESSION_set1_id, (sess, id33, 32), 1, E_NO,
         SSL_SESSION_get_id(sess, &len), EXTRA("len=%u", len));
    CASE(FX_SESS, RI, SSL_SESSION_set1_id, (sess, id33, 33), 0, E_YES,
         SSL_SESSION_get_id(sess, &len), EXTRA("len=%u", len));
    CASE(FX_SESS, RI, SSL_SESSION_set1_id, (sess, id33, UINT_MAX), 0, E_YES);
    CASE(FX_NONE, RI, SSL_SESSION_set1_id_context, (NULL, buf, 4), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_id_context, (sess, NULL, 4), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_id_context, (sess, NULL, 0), 1, E_NO);
    CASE(FX_SESS, RI, SSL_SESSION_set1_id_context, (sess, id33, 32), 1, E_NO,
         SSL_SESSION_get0_id_context(sess, &len), EXTRA("len=%u", len));
    CASE(FX_SESS, RI, SSL_SESSION_set1_id_context, (sess, id33, 33), 0, E_YES,
         SSL_SESSION_get0_id_context(sess, &len), EXTRA("len=%u", len));
    CASE(FX_SESS, RI, SSL_SESSION_set1_id_context, (sess, id33, UINT_MAX), 0, E_YES);

    /* times */
    CASE(FX_NONE, RI, SSL_SESSION_get_time, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_SESSION_set_time, (NULL, 1000), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set_time, (sess, 1000), 1000, E_NO,
         EXTRA("get=%ld", SSL_SESSION_get_time(sess)));
    CASE(FX_SESS, RI, SSL_SESSION_set_time, (sess, -1), -1, E_INFO,
         EXTRA("get=%ld", SSL_SESSION_get_time(sess)));
    CASE(FX_SESS, RI, SSL_SESSION_set_time, (sess, LONG_MIN), 0, E_INFO,
         EXTRA("get=%ld", SSL_SESSION_get_time(sess)));
    CASE(FX_NONE, RI, SSL_SESSION_get_timeout, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get_timeout, (sess), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_SESSION_set_timeout, (NULL, 10), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set_timeout, (sess, 10), 1, E_NO,
         EXTRA("get=%ld", SSL_SESSION_get_timeout(sess)));
    CASE(FX_SESS, RI, SSL_SESSION_set_timeout, (sess, -1), 0, E_INFO,
         EXTRA("get=%ld", SSL_SESSION_get_timeout(sess)));
    CASE(FX_SESS, RI, SSL_SESSION_set_timeout, (sess, LONG_MIN), 0, E_INFO,
         EXTRA("get=%ld", SSL_SESSION_get_timeout(sess)));
    CASE(FX_SESS, RI, SSL_SESSION_set_timeout, (sess, LONG_MAX), 1, E_INFO,
         EXTRA("get=%ld", SSL_SESSION_get_timeout(sess)));

    /* parameters */
    CASE(FX_NONE, RI, SSL_SESSION_get_protocol_version, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get_protocol_version, (sess), 0, E_NO);
    CASE(FX_SESS13, RI, SSL_SESSION_get_protocol_version, (sess), TLS1_3_VERSION, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_set_protocol_version, (NULL, TLS1_2_VERSION), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set_protocol_version, (sess, -1), 1, E_INFO,
         EXTRA("get=%d", SSL_SESSION_get_protocol_version(sess)));
    CASE(FX_SESS, RI, SSL_SESSION_set_protocol_version, (sess, INT_MAX), 1, E_INFO,
         EXTRA("get=%d", SSL_SESSION_get_protocol_version(sess)));
    CASE(FX_NONE, RP, SSL_SESSION_get0_cipher, (NULL), 0, E_YES);
    CASE(FX_SESS, RP, SSL_SESSION_get0_cipher, (sess), 0, E_NO);
    CASE(FX_SESS13, RP, SSL_SESSION_get0_cipher, (sess), 1, E_NO,
         EXTRA("same as the connection's=%d", R.ptr == (const void *)cipher));
    CASE(FX_SESS13, RI, SSL_SESSION_set_cipher, (NULL, cipher), 0, E_YES);
    CASE(FX_SESS13, RI, SSL_SESSION_set_cipher, (sess, NULL), 1, E_INFO,
         EXTRA("get=%s", SSL_SESSION_get0_cipher(sess) ? "set" : "NULL"));
    CASE(FX_NONE, RS, SSL_SESSION_get0_hostname, (NULL), 0, E_YES);
    CASE(FX_SESS, RS, SSL_SESSION_get0_hostname, (sess), 0, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_set1_hostname, (NULL, "localhost"), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_hostname, (sess, NULL), 1, E_NO,
         EXTRA("get=%s", SSL_SESSION_get0_hostname(sess) ? "set" : "NULL"));
    CASE(FX_SESS, RI, SSL_SESSION_set1_hostname, (sess, ""), 1, E_INFO,
         EXTRA("get=%s", SSL_SESSION_get0_hostname(sess) ? "set" : "NULL"));
    CASE(FX_NONE, RV, SSL_SESSION_get0_alpn_selected, (NULL, &data, &n), 0, E_ANY,
         EXTRA("data=%s n=%zu", data ? "set" : "NULL", n));
    CASE(FX_SESS, RV, SSL_SESSION_get0_alpn_selected, (sess, NULL, &n), 0, E_ANY,
         EXTRA("n=%zu", n));
    CASE(FX_SESS, RV, SSL_SESSION_get0_alpn_selected, (sess, &data, NULL), 0, E_ANY,
         EXTRA("data=%s", data ? "set" : "NULL"));
    CASE(FX_SESS, RV, SSL_SESSION_get0_alpn_selected, (sess, &data, &n), 0, E_NO,
         EXTRA("data=%s n=%zu", data ? "set" : "NULL", n));
    CASE(FX_NONE, RI, SSL_SESSION_set1_alpn_selected, (NULL, alpn + 1, 2), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_alpn_selected, (sess, NULL, 5), 1, E_NO,
         SSL_SESSION_get0_alpn_selected(sess, &data, &n),
         EXTRA("get=%s n=%zu", data ? "set" : "NULL", n));
    CASE(FX_SESS, RI, SSL_SESSION_set1_alpn_selected, (sess, alpn + 1, 0), 1, E_NO,
         SSL_SESSION_get0_alpn_selected(sess, &data, &n),
         EXTRA("get=%s n=%zu", data ? "set" : "NULL", n));
    CASE(FX_SESS, RI, SSL_SESSION_set1_alpn_selected, (sess, alpn + 1, 2), 1, E_NO,
         SSL_SESSION_get0_alpn_selected(sess, &data, &n),
         EXTRA("get=%.*s", data ? (int)n : 0, data ? (const char *)data : ""));
    CASE(FX_NONE, RP, SSL_SESSION_get0_peer, (NULL), 0, E_YES);
    CASE(FX_SESS, RP, SSL_SESSION_get0_peer, (sess), 0, E_NO);
    CASE(FX_SESS13, RP, SSL_SESSION_get0_peer, (sess), 1, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_has_ticket, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_has_ticket, (sess), 0, E_NO);
    CASE(FX_SESS13, RI, SSL_SESSION_has_ticket, (sess), 1, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_get_ticket_lifetime_hint, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get_ticket_lifetime_hint, (sess), 0, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_get_max_early_data, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get_max_early_data, (sess), 0, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_is_resumable, (NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_is_resumable, (sess), 0, E_NO);
    CASE(FX_SESS13, RI, SSL_SESSION_is_resumable, (sess), 1, E_NO);
    CASE(FX_NONE, RI, SSL_SESSION_get_master_key, (NULL, buf, 64), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get_master_key, (sess, buf, 0), 0, E_INFO);
    CASE(FX_SESS13, RI, SSL_SESSION_get_master_key, (sess, buf, 0), 0, E_INFO);
    CASE(FX_SESS13, RI, SSL_SESSION_get_master_key, (sess, buf, BIG), 0, E_INFO);

    /* ex_data and ticket appdata */
    CASE(FX_NONE, RI, SSL_SESSION_set_ex_data, (NULL, 0, buf), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set_ex_data, (sess, -1, buf), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set_ex_data, (sess, INT_MIN, buf), 0, E_YES);
    CASE(FX_NONE, RP, SSL_SESSION_get_ex_data, (NULL, 0), 0, E_YES);
    CASE(FX_SESS, RP, SSL_SESSION_get_ex_data, (sess, -1), 0, E_INFO);
    CASE(FX_SESS, RP, SSL_SESSION_get_ex_data, (sess, INT_MAX), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_SESSION_set1_ticket_appdata, (NULL, buf, 4), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_ticket_appdata, (sess, NULL, 4), 1, E_NO,
         SSL_SESSION_get0_ticket_appdata(sess, &vp, &n),
         EXTRA("get=%s n=%zu", vp ? "set" : "NULL", n));
    CASE(FX_SESS, RI, SSL_SESSION_set1_ticket_appdata, (sess, buf, 0), 1, E_NO,
         SSL_SESSION_get0_ticket_appdata(sess, &vp, &n),
         EXTRA("get=%s n=%zu", vp ? "set" : "NULL", n));
    CASE(FX_SESS, RI, SSL_SESSION_set1_ticket_appdata, (sess, buf, 4), 1, E_NO,
         SSL_SESSION_get0_ticket_appdata(sess, &vp, &n),
         EXTRA("get=%.*s", vp ? (int)n : 0, vp ? (const char *)vp : ""));
    CASE(FX_NONE, RI, SSL_SESSION_get0_ticket_appdata, (NULL, &vp, &n), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get0_ticket_appdata, (sess, NULL, &n), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get0_ticket_appdata, (sess, &vp, NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_get0_ticket_appdata, (sess, &vp, &n), 1, E_NO,
         EXTRA("data=%s n=%zu", vp ? "set" : "NULL", n));

    /* encoding */
    CASE(FX_NONE, RI, i2d_SSL_SESSION, (NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RI, i2d_SSL_SESSION, (NULL, &out), 0, E_YES);
    CASE(FX_SESS, RI, i2d_SSL_SESSION, (sess, NULL) > 0, 1, E_INFO);
    CASE(FX_SESS13, RI, i2d_SSL_SESSION, (sess, NULL) == derlen, 1, E_NO);
    CASE(FX_SESS13, RI, i2d_SSL_SESSION, (sess, &big) == derlen, 1, E_NO,
         EXTRA("advanced=%d same bytes=%d", big == g_big + derlen,
               memcmp(g_big, F.der, (size_t)derlen) == 0));
    /* *pp == NULL: OpenSSL allocates the buffer (ASN.1 i2d convention) */
    CASE(FX_SESS13, RI, i2d_SSL_SESSION, (sess, &out) == derlen, 1, E_INFO,
         EXTRA("out=%s", out ? "allocated" : "NULL"), OPENSSL_free(out));
    CASE(FX_NONE, RP, d2i_SSL_SESSION, (NULL, NULL, 64), 0, E_YES);
    CASE(FX_NONE, RP, d2i_SSL_SESSION, (NULL, &data, 64), 0, E_YES);
    CASE(FX_NONE, RP, d2i_SSL_SESSION, (NULL, &garbage, 64), 0, E_YES,
         EXTRA("advanced=%d", garbage != F.buf));
    CASE(FX_NONE, RP, d2i_SSL_SESSION, (NULL, &garbage, 0), 0, E_YES);
    CASE(FX_NONE, RP, d2i_SSL_SESSION, (NULL, &garbage, -1), 0, E_YES);
    CASE(FX_NONE, RP, d2i_SSL_SESSION, (NULL, &garbage, LONG_MIN), 0, E_YES);
    CASE(FX_SESS13, RP, d2i_SSL_SESSION, (NULL, &der, 1), 0, E_YES);
    CASE(FX_SESS13, RP, d2i_SSL_SESSION, (NULL, &der, derlen - 1), 0, E_YES,
         EXTRA("advanced=%d", der != F.der));
    CASE(FX_SESS13, RP, d2i_SSL_SESSION, (NULL, &der, derlen), 1, E_NO,
         EXTRA("consumed=%s version=0x%x", der == F.der + derlen ? "all" : "NOT all",
               R.ptr ? SSL_SESSION_get_protocol_version(R.ptr) : -1),
         SSL_SESSION_free((SSL_SESSION *)R.ptr));
    CASE(FX_SESS13, RP, d2i_SSL_SESSION, (&sp, &der, derlen), 1, E_NO,
         EXTRA("*a=%s", sp == R.ptr ? "the result" : "other"), SSL_SESSION_free(sp));

    /* the connection's session */
    CASE(FX_NONE, RP, SSL_get_session, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_session, (ssl), 0, E_NO);
    CASE(FX_CONN13, RP, SSL_get_session, (ssl), 1, E_NO);
    CASE(FX_NONE, RP, SSL_get1_session, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get1_session, (ssl), 0, E_NO);
    CASE(FX_CONN12, RP, SSL_get1_session, (ssl), 1, E_NO,
         EXTRA("same as get_session=%d", R.ptr == (const void *)SSL_get_session(ssl)),
         SSL_SESSION_free((SSL_SESSION *)R.ptr));
    CASE(FX_NONE, RI, SSL_set_session, (NULL, sess), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_session, (ssl, NULL), 1, E_NO,
         EXTRA("get=%s", SSL_get_session(ssl) ? "set" : "NULL"));
    CASE(FX_SESS, RI, SSL_set_session, (ssl, sess), 1, E_NO,
         EXTRA("get=%s", SSL_get_session(ssl) == sess ? "the session" : "other"));
    CASE(FX_NONE, RI, SSL_session_reused, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_session_reused, (ssl), 0, E_NO);
    CASE(FX_CONN12, RI, SSL_session_reused, (ssl), 0, E_NO);
    CASE(FX_NONE, RU, SSL_get_client_random, (NULL, buf, 32), 0, E_YES);
    CASE(FX_SSL, RU, SSL_get_client_random, (ssl, buf, 32), 0, E_INFO);
    CASE(FX_CONN13, RU, SSL_get_client_random, (ssl, buf, 0), 32, E_NO);
    CASE(FX_CONN13, RU, SSL_get_client_random, (ssl, buf, 5), 5, E_NO);
    CASE(FX_CONN13, RU, SSL_get_client_random, (ssl, buf, BIG), 32, E_NO);
    CASE(FX_CONN13, RU, SSL_get_client_random, (ssl, NULL, 32), 0, E_YES);
    CASE(FX_NONE, RU, SSL_get_server_random, (NULL, buf, 32), 0, E_YES);
    CASE(FX_CONN13, RU, SSL_get_server_random, (ssl, buf, 0), 32, E_INFO);
    CASE(FX_CONN13, RU, SSL_get_server_random, (ssl, buf, 32), 32, E_INFO);
    CASE(FX_CONN13, RU, SSL_get_server_random, (ssl, NULL, 32), 0, E_YES);

    /* exported keying material, Finished messages */
    CASE(FX_NONE, RI, SSL_export_keying_material, (NULL, buf, 32, EKM_LABEL, NULL, 0, 0), 0,
         E_YES);
    CASE(FX_CONN13, RI, SSL_export_keying_material, (ssl, NULL, 32, EKM_LABEL, NULL, 0, 0), 0,
         E_YES);
    CASE(FX_CONN13, RI, SSL_export_keying_material, (ssl, buf, 32, NULL, 12, NULL, 0, 0), 0,
         E_YES);
    CASE(FX_CONN13, RI, SSL_export_keying_material, (ssl, buf, 32, EKM_LABEL, NULL, 5, 1), 0,
         E_YES);
    CASE(FX_CONN13, RI, SSL_export_keying_material, (ssl, buf, 32, EKM_LABEL, NULL, 0, 1), 1,
         E_NO);
    CASE(FX_CONN13, RI, SSL_export_keying_material, (ssl, buf, 32, EKM_LABEL, NULL, 5, 0), 1,
         E_NO);
    CASE(FX_CONN12, RI, SSL_export_keying_material, (ssl, buf, 32, EKM_LABEL, buf, 5, 1), 1,
         E_NO);
    CASE(FX_CONN13, RI, SSL_export_keying_material, (ssl, buf, 0, EKM_LABEL, NULL, 0, 0), 0,
         E_INFO);
    CASE(FX_SSL, RI, SSL_export_keying_material, (ssl, buf, 32, EKM_LABEL, NULL, 0, 0), -1,
         E_INFO);
    CASE(FX_NONE, RU, SSL_get_finished, (NULL, buf, 64), 0, E_YES);
    CASE(FX_SSL, RU, SSL_get_finished, (ssl, buf, 64), 0, E_NO);
    CASE(FX_CONN13, RU, SSL_get_finished, (ssl, buf, 64), 0, E_INFO);
    CASE(FX_CONN13, RU, SSL_get_finished, (ssl, NULL, 64), 0, E_YES);
    CASE(FX_NONE, RU, SSL_get_peer_finished, (NULL, buf, 64), 0, E_YES);
    CASE(FX_CONN12, RU, SSL_get_peer_finished, (ssl, buf, 0), 0, E_INFO);
    CASE(FX_CONN12, RU, SSL_get_peer_finished, (ssl, NULL, 64), 0, E_YES);

    /* session id contexts */
    CASE(FX_NONE, RI, SSL_CTX_set_session_id_context, (NULL, buf, 4), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_session_id_context, (ctx, NULL, 4), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_session_id_context, (ctx, NULL, 0), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set_session_id_context, (ctx, id33, 32), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set_session_id_context, (ctx, id33, 33), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_session_id_context, (ctx, id33, UINT_MAX), 0, E_YES);
    CASE(FX_NONE, RI, SSL_set_session_id_context, (NULL, buf, 4), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_session_id_context, (ssl, NULL, 4), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_session_id_context, (ssl, NULL, 0), 1, E_NO);
    CASE(FX_SSL, RI, SSL_set_session_id_context, (ssl, id33, 32), 1, E_NO);
    CASE(FX_SSL, RI, SSL_set_session_id_context, (ssl, id33, 33), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_session_id_context, (ssl, id33, UINT_MAX), 0, E_YES);

    /* the context's cache */
    CASE(FX_NONE, RI, SSL_CTX_set_timeout, (NULL, 10), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_timeout, (ctx, 10), 7200, E_NO,
         EXTRA("get=%ld", SSL_CTX_get_timeout(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_set_timeout, (ctx, -1), 7200, E_INFO,
         EXTRA("get=%ld", SSL_CTX_get_timeout(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_set_timeout, (ctx, LONG_MIN), 7200, E_INFO,
         EXTRA("get=%ld", SSL_CTX_get_timeout(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_set_timeout, (ctx, LONG_MAX), 7200, E_INFO,
         EXTRA("get=%ld", SSL_CTX_get_timeout(ctx)));
    CASE(FX_NONE, RI, SSL_CTX_get_timeout, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_get_timeout, (ctx), 7200, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_add_session, (NULL, sess), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_add_session, (ctx, NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_CTX_add_session, (ctx, sess), 1, E_INFO,
         EXTRA("number=%ld", SSL_CTX_sess_number(ctx)));
    CASE(FX_SESS13, RI, SSL_CTX_add_session, (ctx, sess), 1, E_INFO,
         EXTRA("number=%ld", SSL_CTX_sess_number(ctx)));
    CASE(FX_NONE, RI, SSL_CTX_remove_session, (NULL, sess), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_remove_session, (ctx, NULL), 0, E_INFO);
    CASE(FX_SESS, RI, SSL_CTX_remove_session, (ctx, sess), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_flush_sessions, (NULL, 0), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_flush_sessions, (ctx, LONG_MIN), 0, E_NO);
    CASE(FX_CONN13, RV, SSL_CTX_flush_sessions, (ctx, LONG_MAX), 0, E_NO,
         EXTRA("number=%ld", SSL_CTX_sess_number(ctx)));
    CASE(FX_NONE, RV, SSL_CTX_sess_set_new_cb, (NULL, new_sess_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_sess_set_new_cb, (ctx, NULL), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_sess_get_new_cb(ctx) ? "set" : "NULL"));
    CASE(FX_NONE, RP, SSL_CTX_sess_get_new_cb, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_sess_get_new_cb, (ctx), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_sess_set_remove_cb, (NULL, remove_sess_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_sess_set_remove_cb, (ctx, NULL), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_sess_get_remove_cb(ctx) ? "set" : "NULL"));
    CASE(FX_NONE, RP, SSL_CTX_sess_get_remove_cb, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_sess_get_remove_cb, (ctx), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_sess_set_get_cb, (NULL, get_sess_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_sess_set_get_cb, (ctx, NULL), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_sess_get_get_cb(ctx) ? "set" : "NULL"));
    CASE(FX_NONE, RP, SSL_CTX_sess_get_get_cb, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_sess_get_get_cb, (ctx), 0, E_NO);

    /* SSL_CTX_ctrl's session-cache commands (macros in OpenSSL's header) */
    CASE(FX_NONE, RI, SSL_CTX_ctrl, (NULL, SSL_CTRL_SET_SESS_CACHE_MODE, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_SESS_CACHE_MODE, 0, NULL),
         SSL_SESS_CACHE_SERVER, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_SESS_CACHE_MODE, -1, NULL),
         SSL_SESS_CACHE_SERVER, E_INFO, EXTRA("get=%ld", SSL_CTX_get_session_cache_mode(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_SESS_CACHE_MODE, LONG_MIN, NULL),
         SSL_SESS_CACHE_SERVER, E_INFO, EXTRA("get=%ld", SSL_CTX_get_session_cache_mode(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_SESS_CACHE_SIZE, 0, NULL),
         SSL_SESSION_CACHE_MAX_SIZE_DEFAULT, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_SESS_CACHE_SIZE, -1, NULL), 0, E_INFO,
         EXTRA("get=%ld", SSL_CTX_sess_get_cache_size(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_SESS_CACHE_SIZE, LONG_MAX, NULL),
         SSL_SESSION_CACHE_MAX_SIZE_DEFAULT, E_INFO,
         EXTRA("get=%ld", SSL_CTX_sess_get_cache_size(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_NUMBER, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_CONNECT, 0, NULL), 1, E_INFO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_CONNECT_GOOD, 0, NULL), 1, E_INFO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_CONNECT_RENEGOTIATE, 0, NULL), 0,
         E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_ACCEPT, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_ACCEPT_GOOD, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_ACCEPT_RENEGOTIATE, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_HIT, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_CB_HIT, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_MISSES, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_TIMEOUTS, 0, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SESS_CACHE_FULL, 0, NULL), 0, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, 80, NULL), 80, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, 80, keys), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, 79, keys), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, -1, keys), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, LONG_MAX, keys), 0,
         E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_TLSEXT_TICKET_KEYS, 80, NULL), 80, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_TLSEXT_TICKET_KEYS, 81, keys), 0, E_YES);
    /* OpenSSL's context always has (random) keys; ours only those the application set */
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_TLSEXT_TICKET_KEYS, 80, keys), 1, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, 80, keys), 1, E_NO,
         memset(keys, 0, 80), EXTRA("get=%ld", SSL_CTX_get_tlsext_ticket_keys(ctx, keys, 80)),
         EXTRA(" same=%d", memcmp(keys, g_keys80, 80) == 0));

    /* tickets */
    CASE(FX_NONE, RI, SSL_CTX_set_num_tickets, (NULL, 2), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_num_tickets, (ctx, 0), 1, E_NO,
         EXTRA("get=%zu", SSL_CTX_get_num_tickets(ctx)));
    CASE(FX_CTX, RI, SSL_CTX_set_num_tickets, (ctx, BIG), 1, E_INFO,
         EXTRA("get=%zu", SSL_CTX_get_num_tickets(ctx)));
    CASE(FX_NONE, RU, SSL_CTX_get_num_tickets, (NULL), 0, E_YES);
    CASE(FX_CTX, RU, SSL_CTX_get_num_tickets, (ctx), 2, E_NO);
    CASE(FX_NONE, RI, SSL_set_num_tickets, (NULL, 2), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set_num_tickets, (ssl, 0), 1, E_NO,
         EXTRA("get=%zu", SSL_get_num_tickets(ssl)));
    CASE(FX_SSL, RI, SSL_set_num_tickets, (ssl, BIG), 1, E_INFO,
         EXTRA("get=%zu", SSL_get_num_tickets(ssl)));
    CASE(FX_NONE, RU, SSL_get_num_tickets, (NULL), 0, E_YES);
    CASE(FX_SSL, RU, SSL_get_num_tickets, (ssl), 2, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_session_ticket_cb, (NULL, ticket_gen_cb, ticket_dec_cb, NULL),
         0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_session_ticket_cb, (ctx, NULL, NULL, NULL), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set_session_ticket_cb, (ctx, ticket_gen_cb, NULL, buf), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_tlsext_ticket_key_evp_cb, (NULL, ticket_key_evp_cb), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_tlsext_ticket_key_evp_cb, (ctx, NULL), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set_tlsext_ticket_key_evp_cb, (ctx, ticket_key_evp_cb), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_callback_ctrl, (NULL, SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB,
         TICKET_KEY_CB), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_callback_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB, NULL), 1,
         E_NO);
    CASE(FX_CTX, RI, SSL_CTX_callback_ctrl, (ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB,
         TICKET_KEY_CB), 1, E_NO);

    /* key log */
    CASE(FX_NONE, RV, SSL_CTX_set_keylog_callback, (NULL, keylog_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_keylog_callback, (ctx, NULL), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_get_keylog_callback(ctx) ? "set" : "NULL"));
    CASE(FX_CTX, RV, SSL_CTX_set_keylog_callback, (ctx, keylog_cb), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_get_keylog_callback(ctx) == keylog_cb ? "same" : "other"));
    CASE(FX_NONE, RP, SSL_CTX_get_keylog_callback, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get_keylog_callback, (ctx), 0, E_NO);

    /* info callbacks */
    CASE(FX_NONE, RV, SSL_CTX_set_info_callback, (NULL, info_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_info_callback, (ctx, NULL), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_get_info_callback(ctx) ? "set" : "NULL"));
    CASE(FX_CTX, RV, SSL_CTX_set_info_callback, (ctx, info_cb), 0, E_NO,
         EXTRA("get=%s", SSL_CTX_get_info_callback(ctx) == info_cb ? "same" : "other"));
    CASE(FX_NONE, RP, SSL_CTX_get_info_callback, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get_info_callback, (ctx), 0, E_NO);
    CASE(FX_NONE, RV, SSL_set_info_callback, (NULL, info_cb), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_info_callback, (ssl, NULL), 0, E_NO,
         EXTRA("get=%s", SSL_get_info_callback(ssl) ? "set" : "NULL"));
    CASE(FX_SSL, RV, SSL_set_info_callback, (ssl, info_cb), 0, E_NO,
         EXTRA("get=%s", SSL_get_info_callback(ssl) == info_cb ? "same" : "other"));
    CASE(FX_NONE, RP, SSL_get_info_callback, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_info_callback, (ssl), 0, E_NO);

    /* client-hello callback; the getters outside it (see cases_hello for inside) */
    CASE(FX_NONE, RV, SSL_CTX_set_client_hello_cb, (NULL, hello_cb, NULL), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_client_hello_cb, (ctx, NULL, NULL), 0, E_NO);
    CASE(FX_CTX, RV, SSL_CTX_set_client_hello_cb, (ctx, hello_cb, buf), 0, E_NO);
    CASE(FX_NONE, RI, SSL_client_hello_isv2, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_client_hello_isv2, (ssl), 0, E_NO);
    CASE(FX_NONE, RI, SSL_client_hello_get0_legacy_version, (NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_client_hello_get0_legacy_version, (ssl), 0, E_NO);
    CASE(FX_NONE, RU, SSL_client_hello_get0_random, (NULL, &data), 0, E_YES);
    CASE(FX_SSL, RU, SSL_client_hello_get0_random, (ssl, &data), 0, E_NO,
         EXTRA("data=%s", data ? "set" : "NULL"));
    CASE(FX_NONE, RU, SSL_client_hello_get0_session_id, (NULL, &data), 0, E_YES);
    CASE(FX_CONN13, RU, SSL_client_hello_get0_session_id, (ssl, &data), 0, E_NO);
    CASE(FX_NONE, RU, SSL_client_hello_get0_ciphers, (NULL, &data), 0, E_YES);
    CASE(FX_SSL, RU, SSL_client_hello_get0_ciphers, (ssl, NULL), 0, E_NO);
    CASE(FX_NONE, RU, SSL_client_hello_get0_compression_methods, (NULL, &data), 0, E_YES);
    CASE(FX_SSL, RU, SSL_client_hello_get0_compression_methods, (ssl, &data), 0, E_NO);
    CASE(FX_NONE, RI, SSL_client_hello_get1_extensions_present, (NULL, &ints, &n), 0, E_YES);
    CASE(FX_SSL, RI, SSL_client_hello_get1_extensions_present, (ssl, &ints, &n), 0, E_NO,
         EXTRA("out=%s", ints ? "set" : "NULL"));
    CASE(FX_NONE, RI, SSL_client_hello_get0_ext, (NULL, 0, &data, &n), 0, E_YES);
    CASE(FX_SSL, RI, SSL_client_hello_get0_ext, (ssl, 0, &data, &n), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_client_hello_get0_ext, (ssl, 0, &data, &n), 0, E_NO);
}

/*
 * Cases that run inside the server's client-hello callback (fixture "hello"): the
 * client offered TLS 1.3 with SNI "localhost". Each runs in a fresh pair: the callback
 * runs case number g_hello_idx, reports it and lets the handshake go on.
 * X(result kind, function, (arguments), expected value, expectation, post...)
 */
#define HELLO_CASES(X)                                                                      \
    X(RI, SSL_client_hello_isv2, (ssl), 0, E_NO)                                            \
    X(RI, SSL_client_hello_get0_legacy_version, (ssl), TLS1_2_VERSION, E_NO)                \
    X(RU, SSL_client_hello_get0_random, (ssl, &data), 32, E_NO,                             \
      EXTRA("data=%s", data ? "set" : "NULL"))                                              \
    X(RU, SSL_client_hello_get0_random, (ssl, NULL), 32, E_NO)                              \
    X(RU, SSL_client_hello_get0_session_id, (ssl, &data), 32, E_INFO)                       \
    X(RU, SSL_client_hello_get0_session_id, (ssl, NULL), 32, E_INFO)                        \
    X(RU, SSL_client_hello_get0_ciphers, (ssl, &data) % 2, 0, E_NO,                         \
      EXTRA("data=%s", data ? "set" : "NULL"))                                              \
    X(RU, SSL_client_hello_get0_ciphers, (ssl, NULL) > 0, 1, E_NO)                          \
    X(RU, SSL_client_hello_get0_compression_methods, (ssl, &data), 1, E_NO,                 \
      EXTRA("method=%d", data ? data[0] : -1))                                              \
    X(RU, SSL_client_hello_get0_compression_methods, (ssl, NULL), 1, E_NO)                  \
    X(RI, SSL_client_hello_get1_extensions_present, (ssl, &ints, &n), 1, E_NO,              \
      EXTRA("has 0=%d has 43=%d", has_ext(ints, n, 0), has_ext(ints, n, 43)),               \
      OPENSSL_free(ints))                                                                   \
    X(RI, SSL_client_hello_get1_extensions_present, (ssl, NULL, &n), 0, E_YES)              \
    X(RI, SSL_client_hello_get1_extensions_present, (ssl, &ints, NULL), 0, E_YES,           \
      OPENSSL_free(ints))                                                                   \
    X(RI, SSL_client_hello_get0_ext, (ssl, 0, &data, &n), 1, E_NO,                          \
      EXTRA("n=%zu name=%.*s", n, n == 14 && data ? 9 : 0, n == 14 && data ?               \
            (const char *)data + 5 : ""))                                                   \
    X(RI, SSL_client_hello_get0_ext, (ssl, 0, NULL, &n), 1, E_NO, EXTRA("n=%zu", n))        \
    X(RI, SSL_client_hello_get0_ext, (ssl, 0, &data, NULL), 1, E_NO,                        \
      EXTRA("data=%s", data ? "set" : "NULL"))                                              \
    X(RI, SSL_client_hello_get0_ext, (ssl, 0, NULL, NULL), 1, E_NO)                         \
    X(RI, SSL_client_hello_get0_ext, (ssl, 43, &data, &n), 1, E_NO)                         \
    X(RI, SSL_client_hello_get0_ext, (ssl, 0xfefe, &data, &n), 0, E_NO,                     \
      EXTRA("data=%s n=%zu", data ? "set" : "NULL", n))                                     \
    X(RI, SSL_client_hello_get0_ext, (ssl, 0x10000, &data, &n), 0, E_NO)                    \
    X(RI, SSL_client_hello_get0_ext, (ssl, UINT_MAX, &data, &n), 0, E_NO)

static int has_ext(const int *v, size_t n, int t)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++)
        if (v[i] == t)
            return 1;
    return 0;
}

#define HELLO_NAME(RK, fn, args, exp_ret, everr, ...) { #fn, #args },
static const struct { const char *fn, *args; } g_hello_names[] = { HELLO_CASES(HELLO_NAME) };
#define N_HELLO ((int)(sizeof(g_hello_names) / sizeof(g_hello_names[0])))

static int g_hello_idx, g_hello_ran;

#define HELLO_RUN(RK, fn, args, exp_ret, everr, ...)                            \
    if (i_++ == g_hello_idx) {                                                  \
        const unsigned char *data = NULL;                                       \
        size_t n = 4242;                                                        \
        int *ints = NULL;                                                       \
        result R;                                                               \
        (void)data; (void)n; (void)ints;                                        \
        memset(&R, 0, sizeof(R));                                               \
        ERR_clear_error();                                                      \
        CALL_##RK(R, fn args);                                                  \
        R.err = ERR_peek_error();                                               \
        __VA_ARGS__;                                                            \
        case_report(&R, RK, (long)(exp_ret), everr);                            \
        case_leave();                                                           \
    }

static int hello_cases_cb(SSL *ssl, int *al, void *arg)
{
    int i_ = 0;

    (void)al; (void)arg;
    g_hello_ran = 1;
    HELLO_CASES(HELLO_RUN)
    ERR_clear_error();
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void cases_hello(void)
{
    int i;

    for (i = 0; i < N_HELLO; i++) {
        fixture F;

        fx_setup(&F, FX_HELLO);
        g_hello_idx = i;
        g_hello_ran = 0;
        if (case_enter(g_hello_names[i].fn, g_hello_names[i].args, FX_HELLO)) {
            int ok = ct_handshake_nb(&F.p, NULL, NULL);

            if (!g_hello_ran) {
                printf("%s | %s | callback not called | - | VIOLATION: no client-hello "
                       "callback\n", g_call, g_fx);
                g_violations++;
            } else if (!ok) {
                printf("%s | %s | handshake failed after the case | - | VIOLATION: handshake "
                       "failed\n", g_call, g_fx);
                g_violations++;
            }
            case_leave();
        }
        fx_teardown(&F);
    }
}

/* ========================================================================= */
/* misc: cipher NIDs, compression, alert/state strings, methods, security     */
/* level, password/cert callbacks, CA lists, early data, PHA, async, NPN ...  */
/* (kept together at the end of the case list)                               */
/* ========================================================================= */

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static int misc_pw_cb(char *b, int size, int rw, void *u)
{
    (void)b; (void)size; (void)rw; (void)u;
    return 0;
}

static int misc_cert_cb(SSL *s, void *arg)
{
    (void)s; (void)arg;
    return 1;
}

static void misc_msg_cb(int wp, int v, int ct, const void *b, size_t l, SSL *s, void *a)
{
    (void)wp; (void)v; (void)ct; (void)b; (void)l; (void)s; (void)a;
}

static const unsigned char misc_id_c030[2] = { 0xc0, 0x30 };
static const unsigned char misc_id_ffff[2] = { 0xff, 0xff };

static void cases_misc(void)
{
    /* cipher NIDs and lookup */
    CASE(FX_CONN12, RP, SSL_CIPHER_find, (ssl, misc_id_c030), 1, E_NO);
    CASE(FX_CONN12, RP, SSL_CIPHER_find, (ssl, misc_id_ffff), 0, E_INFO);
    CASE(FX_NONE, RP, SSL_CIPHER_find, (NULL, misc_id_c030), 0, E_YES);
    CASE(FX_SSL, RP, SSL_CIPHER_find, (ssl, NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_CIPHER_get_cipher_nid, (cipher), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CIPHER_get_cipher_nid, (NULL), 0, E_NO);
    CASE(FX_CONN12, RI, SSL_CIPHER_get_digest_nid, (cipher), 0, E_NO);
    CASE(FX_NONE, RI, SSL_CIPHER_get_digest_nid, (NULL), 0, E_NO);
    CASE(FX_CONN12, RI, SSL_CIPHER_get_kx_nid, (cipher), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CIPHER_get_kx_nid, (NULL), 0, E_YES);
    CASE(FX_CONN12, RI, SSL_CIPHER_get_auth_nid, (cipher), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CIPHER_get_auth_nid, (NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_CIPHER_is_aead, (cipher), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CIPHER_is_aead, (NULL), 0, E_YES);

    /* compression: none */
    CASE(FX_NONE, RP, SSL_COMP_get_compression_methods, (), 1, E_NO,
         EXTRA("num=%d", sk_SSL_COMP_num(SSL_COMP_get_compression_methods())));
    CASE(FX_NONE, RP, SSL_COMP_set0_compression_methods, (SSL_COMP_get_compression_methods()), 1,
         E_NO);
    CASE(FX_NONE, RI, SSL_COMP_add_compression_method, (200, NULL), 1, E_NO);
    CASE(FX_NONE, RS, SSL_COMP_get_name, (NULL), 0, E_NO);
    CASE(FX_NONE, RS, SSL_COMP_get0_name, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_COMP_get_id, (NULL), -1, E_YES);
    CASE(FX_CONN13, RP, SSL_get_current_compression, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get_current_compression, (NULL), 0, E_YES);
    CASE(FX_CONN13, RP, SSL_get_current_expansion, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get_current_expansion, (NULL), 0, E_YES);

    /* alerts and states */
    CASE(FX_NONE, RS, SSL_alert_type_string, (0x228), 1, E_NO);
    CASE(FX_NONE, RS, SSL_alert_type_string, (INT_MIN), 1, E_INFO);
    CASE(FX_NONE, RS, SSL_alert_type_string_long, (-1), 1, E_INFO);
    CASE(FX_NONE, RS, SSL_alert_desc_string, (INT_MAX), 1, E_INFO);
    CASE(FX_NONE, RS, SSL_alert_desc_string_long, (0x228), 1, E_NO);
    CASE(FX_NONE, RS, SSL_alert_desc_string_long, (INT_MIN), 1, E_INFO);
    CASE(FX_SSL, RI, SSL_get_state, (ssl), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_get_state, (ssl), 1, E_NO);
    CASE(FX_NONE, RI, SSL_get_state, (NULL), 0, E_YES);
    CASE(FX_CONN12, RS, SSL_state_string, (ssl), 1, E_NO);
    CASE(FX_NONE, RS, SSL_state_string, (NULL), 1, E_YES);
    CASE(FX_SSL, RS, SSL_state_string_long, (ssl), 1, E_NO);
    CASE(FX_NONE, RS, SSL_state_string_long, (NULL), 1, E_YES);

    /* methods */
    CASE(FX_NONE, RP, TLSv1_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_client_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_server_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_1_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_1_client_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_1_server_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_2_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_2_client_method, (), 1, E_NO);
    CASE(FX_NONE, RP, TLSv1_2_server_method, (), 1, E_NO);
    CASE(FX_NONE, RP, DTLS_method, (), 1, E_NO);
    CASE(FX_NONE, RP, DTLS_client_method, (), 1, E_NO);
    CASE(FX_NONE, RP, DTLSv1_method, (), 1, E_NO);
    CASE(FX_NONE, RP, DTLSv1_client_method, (), 1, E_NO);
    CASE(FX_NONE, RP, DTLSv1_server_method, (), 1, E_NO);
    CASE(FX_NONE, RI, DTLSv1_listen, (NULL, NULL), -1, E_YES);
    CASE(FX_SSL, RI, DTLSv1_listen, (ssl, NULL), -1, E_YES);
    CASE(FX_CONN13, RI, DTLSv1_listen, (ssl, NULL), -1, E_YES);
    CASE(FX_NONE, RU, DTLS_get_data_mtu, (NULL), 0, E_YES);
    CASE(FX_CONN13, RU, DTLS_get_data_mtu, (ssl), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_set_cookie_generate_cb, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_CTX_set_cookie_verify_cb, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_CTX_set_tlsext_use_srtp, (NULL, "SRTP_AES128_CM_SHA1_80"), 1, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_tlsext_use_srtp, (ctx, NULL), 1, E_YES);
    CASE(FX_NONE, RI, SSL_set_tlsext_use_srtp, (NULL, "SRTP_AES128_CM_SHA1_80"), 1, E_YES);
    CASE(FX_SSL, RI, SSL_set_tlsext_use_srtp, (ssl, NULL), 1, E_YES);
    CASE(FX_NONE, RP, SSL_get_selected_srtp_profile, (NULL), 0, E_YES);
    CASE(FX_CONN13, RP, SSL_get_selected_srtp_profile, (ssl), 0, E_NO);
    CASE(FX_NONE, RI, SSL_extension_supported, (0), 1, E_NO);
    CASE(FX_NONE, RI, SSL_extension_supported, (UINT_MAX), 0, E_NO);
    CASE(FX_NONE, RP, DTLS_server_method, (), 1, E_NO);
    CASE(FX_NONE, RP, SSL_CTX_new_ex, (NULL, NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_CTX_new_ex, (NULL, NULL, TLS_method()), 1, E_NO,
         SSL_CTX_free((SSL_CTX *)R.ptr));
    CASE(FX_NONE, RP, SSL_CTX_new_ex, (NULL, "provider=fips", TLS_method()), 0, E_INFO,
         SSL_CTX_free((SSL_CTX *)R.ptr));

    /* security level */
    CASE(FX_NONE, RV, SSL_CTX_set_security_level, (NULL, 1), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_security_level, (ctx, INT_MIN), 0, E_ANY,
         EXTRA("level=%d", SSL_CTX_get_security_level(ctx)));
    CASE(FX_NONE, RI, SSL_CTX_get_security_level, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_get_security_level, (ctx), 2, E_NO);
    CASE(FX_NONE, RV, SSL_set_security_level, (NULL, 1), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_get_security_level, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_get_security_level, (ssl), 2, E_NO);

    /* PEM password callback */
    CASE(FX_NONE, RV, SSL_CTX_set_default_passwd_cb, (NULL, misc_pw_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_default_passwd_cb, (ctx, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_CTX_set_default_passwd_cb_userdata, (NULL, buf), 0, E_ANY);
    CASE(FX_NONE, RP, SSL_CTX_get_default_passwd_cb, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get_default_passwd_cb, (ctx), 0, E_NO);
    CASE(FX_NONE, RP, SSL_CTX_get_default_passwd_cb_userdata, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_set_default_passwd_cb, (NULL, misc_pw_cb), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_set_default_passwd_cb_userdata, (NULL, buf), 0, E_ANY);
    CASE(FX_NONE, RP, SSL_get_default_passwd_cb, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get_default_passwd_cb_userdata, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_default_passwd_cb_userdata, (ssl), 0, E_NO);

    /* getters */
    CASE(FX_NONE, RP, SSL_CTX_get_verify_callback, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get_verify_callback, (ctx), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get_verify_callback, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_get_certificate, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_certificate, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get_privatekey, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_CTX_get0_certificate, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_CTX_get0_privatekey, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get0_privatekey, (ctx), 0, E_NO);

    /* CA lists */
    CASE(FX_NONE, RP, SSL_CTX_get_client_CA_list, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get_client_CA_list, (ctx), 1, E_NO);
    CASE(FX_NONE, RP, SSL_get_client_CA_list, (NULL), 0, E_YES);
    CASE(FX_CONN13, RP, SSL_get_client_CA_list, (ssl), 1, E_INFO);
    CASE(FX_NONE, RV, SSL_set_client_CA_list, (NULL, fresh_names()), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_client_CA_list, (ssl, NULL), 0, E_ANY);
    CASE(FX_NONE, RP, SSL_dup_CA_list, (NULL), 0, E_YES);
    CASE(FX_NONE, RP, SSL_dup_CA_list, (fresh_names()), 1, E_NO, free_names(g_names);
         free_names(R.ptr));
    CASE(FX_NONE, RI, SSL_add_file_cert_subjects_to_stack, (NULL, cert), 0, E_YES);
    CASE(FX_NONE, RI, SSL_add_file_cert_subjects_to_stack, (fresh_names(), NULL), 0, E_YES,
         free_names(g_names));
    CASE(FX_NONE, RI, SSL_add_file_cert_subjects_to_stack, (fresh_names(), "/nonexistent"), 0,
         E_YES, free_names(g_names));
    CASE(FX_NONE, RI, SSL_add_dir_cert_subjects_to_stack, (NULL, "."), 0, E_YES);
    CASE(FX_NONE, RI, SSL_add_dir_cert_subjects_to_stack, (fresh_names(), NULL), 0, E_YES,
         free_names(g_names));
    CASE(FX_NONE, RI, SSL_add_dir_cert_subjects_to_stack, (fresh_names(), "/nonexistent"), 0,
         E_YES, free_names(g_names));

    /* read-ahead, PHA, message callback */
    CASE(FX_NONE, RV, SSL_set_read_ahead, (NULL, 1), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_set_read_ahead, (ssl, INT_MIN), 0, E_ANY,
         EXTRA("get=%d", SSL_get_read_ahead(ssl)));
    CASE(FX_NONE, RI, SSL_get_read_ahead, (NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_set_post_handshake_auth, (NULL, 1), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_set_post_handshake_auth, (NULL, 1), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_verify_client_post_handshake, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_verify_client_post_handshake, (ssl), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_verify_client_post_handshake, (ssl), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_set_msg_callback, (NULL, misc_msg_cb), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_msg_callback, (ctx, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_set_msg_callback, (NULL, misc_msg_cb), 0, E_ANY);

    /* early data */
    CASE(FX_NONE, RI, SSL_CTX_get_max_early_data, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_set_max_early_data, (NULL, 1), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_max_early_data, (ctx, UINT32_MAX), 1, E_NO,
         EXTRA("get=%u", SSL_CTX_get_max_early_data(ctx)));
    CASE(FX_NONE, RI, SSL_set_max_early_data, (NULL, 1), 0, E_YES);
    CASE(FX_NONE, RI, SSL_get_max_early_data, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_get_early_data_status, (NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_get_early_data_status, (ssl), 0, E_NO);
    CASE(FX_NONE, RI, SSL_read_early_data, (NULL, buf, 5, &n), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_read_early_data, (ssl, buf, 5, &n), 0, E_YES);
    CASE(FX_NONE, RI, SSL_write_early_data, (NULL, buf, 5, &n), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_write_early_data, (ssl, buf, 5, &n), 0, E_YES);

    /* async, renegotiation, kTLS, engines, SRP, PSK, custom extensions, NPN */
    CASE(FX_NONE, RI, SSL_get_all_async_fds, (NULL, NULL, &n), 0, E_YES);
    CASE(FX_SSL, RI, SSL_get_all_async_fds, (ssl, NULL, &n), 0, E_NO, EXTRA("n=%zu", n));
    CASE(FX_NONE, RI, SSL_get_changed_async_fds, (NULL, NULL, &n, NULL, &n), 0, E_YES);
    CASE(FX_SSL, RI, SSL_get_changed_async_fds, (ssl, NULL, NULL, NULL, NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_waiting_for_async, (NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_renegotiate_pending, (NULL), 0, E_YES);
    CASE(FX_CONN12, RI, SSL_renegotiate_pending, (ssl), 0, E_NO);
    CASE(FX_NONE, RI, SSL_renegotiate, (NULL), 0, E_YES);
    CASE(FX_CONN12, RI, SSL_renegotiate, (ssl), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_sendfile, (NULL, 0, 0, 1, 0), -1, E_YES);
    CASE(FX_CONN13, RI, SSL_sendfile, (ssl, -1, -1, BIG, INT_MIN), -1, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_set_client_cert_engine, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_client_cert_engine, (ctx, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_set_srp_username, (NULL, "u"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_username, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_srp_password, (NULL, "p"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_password, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RV, SSL_CTX_set_psk_client_callback, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_CTX_set_psk_server_callback, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_CTX_use_psk_identity_hint, (NULL, "hint"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_psk_identity_hint, (ctx, NULL), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_add_server_custom_ext, (NULL, 1000, NULL, NULL, NULL, NULL, NULL),
         0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_add_server_custom_ext, (ctx, 1000, NULL, NULL, NULL, NULL, NULL), 0,
         E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_add_client_custom_ext, (NULL, 1000, NULL, NULL, NULL, NULL, NULL),
         0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_add_client_custom_ext, (ctx, 1000, NULL, NULL, NULL, NULL, NULL), 0,
         E_INFO);
    CASE(FX_NONE, RV, SSL_CTX_set_psk_find_session_callback, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_CTX_set_psk_use_session_callback, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_SESSION_set1_master_key, (NULL, buf, 16), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_set1_master_key, (sess, buf, 16), 0, E_INFO);
    CASE(FX_NONE, RV, SSL_CTX_set_cert_verify_callback, (NULL, NULL, NULL), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_cert_verify_callback, (ctx, NULL, NULL), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_set_next_proto_select_cb, (NULL, NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_CTX_set_next_protos_advertised_cb, (NULL, NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_get0_next_proto_negotiated, (NULL, &data, &len), 0, E_ANY);
    CASE(FX_CONN13, RV, SSL_get0_next_proto_negotiated, (ssl, &data, &len), 0, E_ANY,
         EXTRA("data=%s len=%u", data ? "set" : "NULL", len));
    CASE(FX_CONN13, RV, SSL_get0_next_proto_negotiated, (ssl, NULL, NULL), 0, E_ANY);

    /* DH parameters, certificate callback */
    CASE(FX_NONE, RI, SSL_CTX_set0_tmp_dh_pkey, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set0_tmp_dh_pkey, (ctx, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_set0_tmp_dh_pkey, (NULL, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_set0_tmp_dh_pkey, (ssl, NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_set_cert_cb, (NULL, misc_cert_cb, NULL), 0, E_ANY);
    CASE(FX_CTX, RV, SSL_CTX_set_cert_cb, (ctx, NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_set_cert_cb, (NULL, misc_cert_cb, NULL), 0, E_ANY);

    /* controls behind OpenSSL's macros */
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TMP_DH, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_TMP_ECDH, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_EXTRA_CHAIN_CERT, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_EXTRA_CHAIN_CERTS, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_CHAIN_CERT, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_CHAIN, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_CHAIN_CERTS, 0, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_SET_READ_AHEAD, LONG_MIN, NULL), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_ctrl, (ctx, SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB, 0, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_ctrl, (ssl, SSL_CTRL_SET_TMP_DH, 0, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_ctrl, (ssl, SSL_CTRL_CHAIN_CERT, 1, NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_ctrl, (ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP, 0, NULL), -1,
         E_NO);
    CASE(FX_CONN13, RI, SSL_ctrl, (ssl, SSL_CTRL_GET_GROUPS, 0, NULL), 0, E_NO);
}

#pragma GCC diagnostic pop

/* ---- SSL_CONF and the configuration file (branch conf) ---- */
static void cases_conf(void)
{
    SSL_CONF_CTX *cc;

    CASE(FX_NONE, RP, SSL_CONF_CTX_new, (), 1, E_NO, SSL_CONF_CTX_free((SSL_CONF_CTX *)R.ptr));
    CASE(FX_NONE, RV, SSL_CONF_CTX_free, (NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_CONF_CTX_set_flags, (NULL, SSL_CONF_FLAG_FILE), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CONF_CTX_clear_flags, (NULL, SSL_CONF_FLAG_FILE), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CONF_CTX_set1_prefix, (NULL, "x"), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CONF_CTX_set_ssl_ctx, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RV, SSL_CONF_CTX_set_ssl, (NULL, NULL), 0, E_ANY);
    CASE(FX_NONE, RI, SSL_CONF_cmd, (NULL, "MinProtocol", "TLSv1.2"), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CONF_cmd_argv, (NULL, NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CONF_cmd_value_type, (NULL, "MinProtocol"), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CONF_CTX_finish, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_config, (NULL, "x"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_config, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_config, (ctx, "no_such_section"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_config, (NULL, "x"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_config, (ssl, NULL), 0, E_YES);
    /* a context with one: NULL and hostile arguments */
    cc = SSL_CONF_CTX_new();
    REQUIRE(cc != NULL);
    CASE(FX_NONE, RI, SSL_CONF_cmd, (cc, NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CONF_cmd, (cc, "", NULL), -2, E_NO);
    CASE(FX_NONE, RI, SSL_CONF_cmd_value_type, (cc, NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_CONF_CTX_set1_prefix, (cc, NULL), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CONF_cmd_argv, (cc, NULL, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CONF_CTX_set_flags, (cc, ~0u), 0x7f, E_INFO);
    CASE(FX_NONE, RI, SSL_CONF_cmd, (cc, "-no_tls1", NULL), 1, E_INFO);
    CASE(FX_NONE, RI, SSL_CONF_cmd, (cc, "MinProtocol", NULL), -3, E_INFO);
    CASE(FX_NONE, RI, SSL_CONF_CTX_finish, (cc), 1, E_INFO);
    SSL_CONF_CTX_free(cc);
    ERR_clear_error();
}

/* Last: all option bits at once (loads what libcrypto's init options name). */
static void cases_last(void)
{
    CASE(FX_NONE, RI, OPENSSL_init_ssl, (UINT64_MAX, NULL), 1, E_INFO);
}

/* The SSL BIO family (BIO_f_ssl and its constructors and helpers), SSL_copy_session_id. */
static void cases_biossl(void)
{
    CASE(FX_NONE, RP, BIO_f_ssl, (), 1, E_NO);
    CASE(FX_NONE, RP, BIO_new_ssl, (NULL, 1), 0, E_YES);
    CASE(FX_CTX, RP, BIO_new_ssl, (ctx, 1), 1, E_NO, BIO_free_all((BIO *)R.ptr));
    CASE(FX_CTX, RP, BIO_new_ssl, (ctx, INT_MIN), 1, E_NO, BIO_free_all((BIO *)R.ptr));
    CASE(FX_NONE, RP, BIO_new_ssl_connect, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, BIO_new_ssl_connect, (ctx), 1, E_NO, BIO_free_all((BIO *)R.ptr));
    CASE(FX_NONE, RP, BIO_new_buffer_ssl_connect, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, BIO_new_buffer_ssl_connect, (ctx), 1, E_NO,
         BIO_free_all((BIO *)R.ptr));
    /* libcrypto's BIO_find_type refuses a NULL chain (ERR_LIB_BIO) */
    CASE(FX_NONE, RI, BIO_ssl_copy_session_id, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, BIO_ssl_copy_session_id, (bio, NULL), 0, E_YES);
    CASE(FX_CTX, RI, BIO_ssl_copy_session_id, (NULL, bio), 0, E_YES);
    /* a chain without an SSL BIO: 0, nothing queued */
    CASE(FX_CTX, RI, BIO_ssl_copy_session_id, (bio, bio), 0, E_NO);
    CASE(FX_NONE, RV, BIO_ssl_shutdown, (NULL), 0, E_NO);
    CASE(FX_CTX, RV, BIO_ssl_shutdown, (bio), 0, E_NO);
    CASE(FX_NONE, RI, SSL_copy_session_id, (NULL, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_copy_session_id, (ssl, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_copy_session_id, (NULL, ssl), 0, E_YES);
    CASE(FX_SSL, RI, SSL_copy_session_id, (ssl, ssl), 1, E_NO);
    CASE(FX_CONN13, RI, SSL_copy_session_id, (ssl, ssl), 1, E_NO,
         EXTRA("session=%s", SSL_get_session(ssl) != NULL ? "kept" : "NULL"));
}

/* What openssl(1) imports beyond the daemons: DANE, CT, SRP and the other features this
 * library refuses, the suites' and sessions' printing, SSL_clear, default CA places. */
#define MEMBIO ((BIO *)(vp = BIO_new(BIO_s_mem())))
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  /* the SRP functions */
static void cases_cli(void)
{
    CASE(FX_NONE, RS, OPENSSL_cipher_name, (NULL), 1, E_NO);
    CASE(FX_NONE, RS, OPENSSL_cipher_name, ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), 1, E_NO);
    CASE(FX_NONE, RS, OPENSSL_cipher_name, ("TLS_AES_256_GCM_SHA384"), 1, E_NO);
    CASE(FX_NONE, RS, OPENSSL_cipher_name, ("FOO"), 1, E_NO);
    CASE(FX_NONE, RP, SSL_CIPHER_get_handshake_digest, (NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_CIPHER_get_handshake_digest, (cipher) == EVP_sha384(), 1, E_NO);
    CASE(FX_CONN12, RI, SSL_CIPHER_get_handshake_digest, (cipher) == EVP_sha384(), 1, E_NO);
    CASE(FX_NONE, RP, SSL_get1_supported_ciphers, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get1_supported_ciphers, (ssl), 1, E_NO,
         sk_SSL_CIPHER_free((STACK_OF(SSL_CIPHER) *)R.ptr));
    CASE(FX_NONE, RP, SSL_get_shared_ciphers, (NULL, (char *)buf, 64), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_shared_ciphers, (ssl, (char *)buf, 64), 0, E_NO);
    CASE(FX_SSL, RP, SSL_get_shared_ciphers, (ssl, NULL, 64), 0, E_NO);
    CASE(FX_CONN13, RP, SSL_get_shared_ciphers, (ssl, (char *)buf, 1), 0, E_NO);
    CASE(FX_CONN13, RP, SSL_get_shared_ciphers, (ssl, (char *)buf, INT_MIN), 0, E_NO);

    CASE(FX_NONE, RI, SSL_clear, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_clear, (ssl), 1, E_NO);
    CASE(FX_CONN13, RI, SSL_clear, (ssl), 1, E_NO,
         EXTRA("in_before=%d init_finished=%d", SSL_in_before(ssl), SSL_is_init_finished(ssl)));
    CASE(FX_NONE, RI, SSL_is_dtls, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_is_dtls, (ssl), 0, E_NO);
    CASE(FX_NONE, RI, SSL_callback_ctrl, (NULL, SSL_CTRL_SET_MSG_CALLBACK, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_callback_ctrl, (ssl, SSL_CTRL_SET_MSG_CALLBACK, NULL), 1, E_NO);
    CASE(FX_SSL, RI, SSL_callback_ctrl, (ssl, -1, NULL), 0, E_INFO);

    CASE(FX_NONE, RI, SSL_CTX_set_default_verify_dir, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_default_verify_dir, (ctx), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_default_verify_file, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_default_verify_file, (ctx), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_default_verify_store, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_default_verify_store, (ctx), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set1_param, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set1_param, (ctx, NULL), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set1_param, (ctx, (X509_VERIFY_PARAM *)(vp = X509_VERIFY_PARAM_new())),
         1, E_NO, X509_VERIFY_PARAM_free((X509_VERIFY_PARAM *)vp));

    CASE(FX_NONE, RP, PEM_read_bio_SSL_SESSION, (NULL, NULL, NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RP, PEM_read_bio_SSL_SESSION, (MEMBIO, NULL, NULL, NULL), 0, E_YES,
         BIO_free((BIO *)vp));
    CASE(FX_NONE, RI, PEM_write_bio_SSL_SESSION, (NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RI, PEM_write_bio_SSL_SESSION, (MEMBIO, NULL), 0, E_YES, BIO_free((BIO *)vp));
    CASE(FX_SESS13, RI, PEM_write_bio_SSL_SESSION, (MEMBIO, sess), 1, E_NO, BIO_free((BIO *)vp));
    CASE(FX_NONE, RI, SSL_SESSION_print, (NULL, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_SESSION_print, (MEMBIO, NULL), 0, E_YES, BIO_free((BIO *)vp));
    CASE(FX_SESS13, RI, SSL_SESSION_print, (NULL, sess), 0, E_YES);
    CASE(FX_SESS13, RI, SSL_SESSION_print, (MEMBIO, sess), 1, E_NO, BIO_free((BIO *)vp));
    CASE(FX_SESS, RI, SSL_SESSION_print, (MEMBIO, sess), 1, E_NO, BIO_free((BIO *)vp));
    CASE(FX_NONE, RI, SSL_SESSION_print_keylog, (NULL, NULL), 0, E_YES);
    CASE(FX_SESS, RI, SSL_SESSION_print_keylog, (MEMBIO, sess), 0, E_NO, BIO_free((BIO *)vp));
    CASE(FX_SESS13, RI, SSL_SESSION_print_keylog, (MEMBIO, sess), 0, E_INFO, BIO_free((BIO *)vp));
    CASE(FX_NONE, RI, SSL_has_matching_session_id, (NULL, buf, 4), 0, E_YES);
    CASE(FX_SSL, RI, SSL_has_matching_session_id, (ssl, NULL, 4), 0, E_YES);
    CASE(FX_SSL, RI, SSL_has_matching_session_id, (ssl, buf, 0), 0, E_NO);
    CASE(FX_SSL, RI, SSL_has_matching_session_id, (ssl, buf, 33), 0, E_NO);
    CASE(FX_SSL, RI, SSL_has_matching_session_id, (ssl, buf, UINT_MAX), 0, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_generate_session_id, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_generate_session_id, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RV, SSL_CTX_set_not_resumable_session_callback, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set_not_resumable_session_callback, (ctx, NULL), 0, E_NO);

    CASE(FX_NONE, RI, SSL_get_peer_signature_type_nid, (NULL, &bits), 0, E_YES);
    CASE(FX_SSL, RI, SSL_get_peer_signature_type_nid, (ssl, &bits), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_get_peer_signature_type_nid, (ssl, NULL), 1, E_NO);
    CASE(FX_CONN13, RI, SSL_get_peer_signature_type_nid, (ssl, &bits), 1, E_NO,
         EXTRA("nid=%d", bits));
    CASE(FX_NONE, RI, SSL_get_sigalgs, (NULL, 0, NULL, NULL, NULL, NULL, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_get_sigalgs, (ssl, -1, NULL, NULL, NULL, NULL, NULL), 0, E_NO);
    CASE(FX_CONN13, RI, SSL_get_sigalgs, (ssl, INT_MAX, NULL, NULL, NULL, NULL, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_get_shared_sigalgs, (NULL, 0, NULL, NULL, NULL, NULL, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_get_shared_sigalgs, (ssl, -1, NULL, NULL, NULL, NULL, NULL), 0, E_NO);
    CASE(FX_NONE, RS, SSL_group_to_name, (NULL, NID_X25519), 0, E_YES);
    CASE(FX_SSL, RS, SSL_group_to_name, (ssl, NID_X25519), 1, E_NO);
    CASE(FX_SSL, RS, SSL_group_to_name, (ssl, NID_X9_62_prime256v1), 1, E_NO);
    CASE(FX_SSL, RS, SSL_group_to_name, (ssl, TLSEXT_nid_unknown + 0x1d), 1, E_NO);
    CASE(FX_SSL, RS, SSL_group_to_name, (ssl, TLSEXT_nid_unknown + 0x1234), 0, E_NO);
    CASE(FX_SSL, RS, SSL_group_to_name, (ssl, 0), 0, E_NO);
    CASE(FX_SSL, RS, SSL_group_to_name, (ssl, -1), 0, E_INFO);
    CASE(FX_NONE, RV, SSL_trace, (0, 0, 0, NULL, 0, NULL, NULL), 0, E_ANY);
    CASE(FX_SSL, RV, SSL_trace, (1, TLS1_3_VERSION, SSL3_RT_HANDSHAKE, buf, 64, ssl, NULL), 0,
         E_ANY);

    CASE(FX_NONE, RI, SSL_CTX_dane_enable, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_dane_enable, (ctx), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_dane_enable, (NULL, "localhost"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_dane_enable, (ssl, "localhost"), 0, E_YES);
    CASE(FX_SSL, RI, SSL_dane_enable, (ssl, NULL), 0, E_YES);
    CASE(FX_NONE, RI, SSL_dane_tlsa_add, (NULL, 3, 1, 1, buf, 32), -1, E_YES);
    CASE(FX_SSL, RI, SSL_dane_tlsa_add, (ssl, 3, 1, 1, buf, 32), -1, E_YES);
    CASE(FX_SSL, RI, SSL_dane_tlsa_add, (ssl, 255, 255, 255, NULL, SIZE_MAX), -1, E_YES);
    CASE(FX_NONE, RI, SSL_dane_set_flags, (NULL, 1), 0, E_YES);
    CASE(FX_SSL, RI, SSL_dane_set_flags, (ssl, 1), 0, E_NO);
    CASE(FX_NONE, RI, SSL_get0_dane_authority, (NULL, NULL, NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_get0_dane_authority, (ssl, NULL, NULL), -1, E_NO);
    CASE(FX_NONE, RI, SSL_get0_dane_tlsa, (NULL, NULL, NULL, NULL, NULL, NULL), 0, E_YES);
    CASE(FX_CONN13, RI, SSL_get0_dane_tlsa, (ssl, NULL, NULL, NULL, NULL, NULL), -1, E_NO);

    CASE(FX_NONE, RI, SSL_CTX_enable_ct, (NULL, SSL_CT_VALIDATION_PERMISSIVE), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_enable_ct, (ctx, SSL_CT_VALIDATION_PERMISSIVE), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_enable_ct, (ctx, INT_MIN), 0, E_YES);
    CASE(FX_NONE, RI, SSL_ct_is_enabled, (NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_ct_is_enabled, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get0_peer_scts, (NULL), 0, E_YES);
    CASE(FX_CONN13, RP, SSL_get0_peer_scts, (ssl), 0, E_INFO);
    CASE(FX_NONE, RP, SSL_CTX_get0_ctlog_store, (NULL), 0, E_YES);
    CASE(FX_CTX, RP, SSL_CTX_get0_ctlog_store, (ctx), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_default_ctlog_list_file, (NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_default_ctlog_list_file, (ctx), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_ctlog_list_file, (NULL, "/nonexistent"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_ctlog_list_file, (ctx, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_ctlog_list_file, (ctx, "/nonexistent"), 0, E_YES);

    CASE(FX_NONE, RV, SSL_CTX_set_security_callback, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set_security_callback, (ctx, NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_get_security_callback, (NULL) != NULL, 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_get_security_callback, (ctx) != NULL, 1, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_set0_security_ex_data, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set0_security_ex_data, (ctx, NULL), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_set0_CA_list, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set0_CA_list, (ctx, NULL), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get0_peer_CA_list, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get0_peer_CA_list, (ssl), 0, E_NO);
    CASE(FX_CONN13, RP, SSL_get0_peer_CA_list, (ssl), 0, E_NO);

    CASE(FX_NONE, RV, SSL_CTX_set_default_read_buffer_len, (NULL, 1), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set_default_read_buffer_len, (ctx, SIZE_MAX), 0, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_recv_max_early_data, (NULL, 1), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_recv_max_early_data, (ctx, UINT32_MAX), 1, E_NO);
    CASE(FX_NONE, RI, SSL_CTX_set_tlsext_max_fragment_length, (NULL, 0), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_tlsext_max_fragment_length, (ctx, 0), 1, E_NO);
    CASE(FX_CTX, RI, SSL_CTX_set_tlsext_max_fragment_length, (ctx, 1), 0, E_INFO);
    CASE(FX_CTX, RI, SSL_CTX_set_tlsext_max_fragment_length, (ctx, 255), 0, E_YES);
    CASE(FX_NONE, RI, SSL_CTX_use_serverinfo_file, (NULL, "x"), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_use_serverinfo_file, (ctx, NULL), 0, E_YES);
    CASE(FX_NONE, RV, SSL_CTX_set_stateless_cookie_generate_cb, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set_stateless_cookie_generate_cb, (ctx, NULL), 0, E_NO);
    CASE(FX_NONE, RV, SSL_CTX_set_stateless_cookie_verify_cb, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RV, SSL_CTX_set_stateless_cookie_verify_cb, (ctx, NULL), 0, E_NO);
    CASE(FX_NONE, RI, SSL_stateless, (NULL), -1, E_YES);
    CASE(FX_SSL, RI, SSL_stateless, (ssl), -1, E_YES);

    CASE(FX_NONE, RI, SSL_CTX_set_srp_cb_arg, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_cb_arg, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_srp_client_pwd_callback, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_client_pwd_callback, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_srp_strength, (NULL, 1024), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_strength, (ctx, INT_MIN), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_srp_username_callback, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_username_callback, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_CTX_set_srp_verify_param_callback, (NULL, NULL), 0, E_YES);
    CASE(FX_CTX, RI, SSL_CTX_set_srp_verify_param_callback, (ctx, NULL), 0, E_INFO);
    CASE(FX_NONE, RI, SSL_set_srp_server_param, (NULL, NULL, NULL, NULL, NULL, NULL), -1, E_YES);
    CASE(FX_SSL, RI, SSL_set_srp_server_param, (ssl, NULL, NULL, NULL, NULL, NULL), -1, E_YES);
    CASE(FX_NONE, RP, SSL_get_srp_N, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_srp_N, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get_srp_g, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_srp_g, (ssl), 0, E_NO);
    CASE(FX_NONE, RP, SSL_get_srp_username, (NULL), 0, E_YES);
    CASE(FX_SSL, RP, SSL_get_srp_username, (ssl), 0, E_NO);

    CASE(FX_NONE, RV, SSL_certs_clear, (NULL), 0, E_YES);
    CASE(FX_SSL, RV, SSL_certs_clear, (ssl), 0, E_NO);
    CASE(FX_NONE, RI, SSL_check_chain, (NULL, NULL, NULL, NULL), 0, E_YES);
    CASE(FX_SSL, RI, SSL_check_chain, (ssl, NULL, NULL, NULL), 0, E_INFO);
}
#pragma GCC diagnostic pop
#undef MEMBIO

int main(int argc, char **argv)
{
    FILE *fp;
    size_t i;

    ct_init(argc, argv);
    alarm(600);  /* ct_init's 45 s is tight for ~630 cases under valgrind */
    g_fork = argc > 2 && strcmp(argv[2], "--fork") == 0;
    if (g_fork) {
        /* the children inherit libssl's error strings (OpenSSL loads them lazily) */
        OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, NULL);
        ERR_clear_error();
    }

    if (!g_fork) {
        /* Our library exports every one of these; a missing one means the wrong libssl. */
        for (i = 0; i < sizeof(g_macro_names) / sizeof(g_macro_names[0]); i++)
            if (dlsym(RTLD_DEFAULT, g_macro_names[i]) == NULL) {
                printf("FAIL: %s is not exported by the loaded libssl.so.3 (not ours?)\n",
                       g_macro_names[i]);
                return 1;
            }
    }

    fp = fopen(ct_path("server.pem"), "r");
    REQUIRE(fp != NULL);
    g_x509 = PEM_read_X509(fp, NULL, NULL, NULL);
    fclose(fp);
    fp = fopen(ct_path("server.key"), "r");
    REQUIRE(fp != NULL);
    g_pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
    fclose(fp);
    REQUIRE(g_x509 != NULL && g_pkey != NULL);

    cases_init_and_methods();
    cases_ctx();
    cases_ssl();
    cases_io();
    cases_cipher_sni_alpn();
    cases_verify_certs_ciphers_exdata();
    cases_sessions();
    cases_hello();
    cases_misc();
    cases_conf();
    cases_last();
    cases_biossl();
    cases_cli();

    X509_free(g_x509);
    EVP_PKEY_free(g_pkey);
    if (!g_fork)
        printf("%d cases, %d violations\n", g_cases, g_violations);
    return 0;
}
