/*
 * t_verify: certificate verification as the application steers it.
 *   A verify callback that sees preverify_ok, the depth and error of each
 *   certificate, finds its SSL (SSL_get_ex_data_X509_STORE_CTX_idx) and its own data
 *   (SSL_get_ex_data), and overrides the decision either way; host names through
 *   SSL_get0_param / X509_VERIFY_PARAM_set1_host and SSL_get0_peername; verify depth;
 *   trust added through SSL_CTX_get_cert_store; SSL_CTX_set_cert_store; ex_data on
 *   SSL and SSL_CTX; SSL_CTX_set_cert_verify_callback in place of X509_verify_cert
 *   (accepting without verifying, rejecting with its own error, verifying itself).
 */
#include "common.h"

typedef struct {
    int calls;
    int override;      /* -1: keep preverify_ok, 0/1: return this */
    char log[256];
} vstate;

static int app_idx = -1;

static int verify_cb(int ok, X509_STORE_CTX *x)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
    vstate *st = ssl ? SSL_get_ex_data(ssl, app_idx) : NULL;
    size_t n;

    if (st == NULL)
        return 0;
    st->calls++;
    n = strlen(st->log);
    snprintf(st->log + n, sizeof(st->log) - n, "[d%d ok%d e%d]", X509_STORE_CTX_get_error_depth(x), ok,
             X509_STORE_CTX_get_error(x));
    return st->override < 0 ? ok : st->override;
}

static void one(int ver, const char *label, int trust_ca, int override, const char *host, int depth)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method()), *sc = ct_server_ctx(ver);
    ct_pair p;
    int cret = 0, sret = 0, ok;
    vstate st = { 0, override, "" };
    const char *peer;

    ct_prefix("%s.%s.", ct_vername(ver), label);
    ct_pin_version(cc, ver);
    if (trust_ca) {
        BIO *b = BIO_new_file(ct_path("ca.pem"), "r");
        X509 *ca = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
        REQUIRE(X509_STORE_add_cert(SSL_CTX_get_cert_store(cc), ca) == 1);
        X509_free(ca);
    }
    SSL_CTX_set_verify(cc, SSL_VERIFY_PEER, verify_cb);
    if (depth >= 0)
        SSL_CTX_set_verify_depth(cc, depth);
    FACT("ctx_depth", "%d", SSL_CTX_get_verify_depth(cc));
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    FACT("ssl_depth", "%d", SSL_get_verify_depth(p.c));
    REQUIRE(SSL_set_ex_data(p.c, app_idx, &st) == 1);
    FACT("ex_data_roundtrip", "%d", SSL_get_ex_data(p.c, app_idx) == &st);
    if (host)
        FACT("set1_host", "%d", X509_VERIFY_PARAM_set1_host(SSL_get0_param(p.c), host, 0));
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("handshake_ok", "%d", ok);
    FACT("verify_result", "%ld", SSL_get_verify_result(p.c));
    FACT("callback_calls_ge1", "%d", st.calls >= 1);
    FACT("callback_log", "%s", st.log);
    {
        STACK_OF(X509) *vc = SSL_get0_verified_chain(p.c);
        FACT("verified_chain_len", "%d", vc ? sk_X509_num(vc) : -1);
    }
    peer = SSL_get0_peername(p.c);
    FACT("peername", "%s", peer ? peer : "NULL");
    if (!ok) {
        FACT("client.err", "%d", SSL_get_error(p.c, cret));
        ct_err("first_error");
        ERR_clear_error();
    }
    ct_pair_free(&p);
}

static void stores(void)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method());
    X509_STORE *st = X509_STORE_new();
    int idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    int v = 42;

    ct_prefix("store.");
    FACT("default_store_nonnull", "%d", SSL_CTX_get_cert_store(cc) != NULL);
    SSL_CTX_set_cert_store(cc, st);
    FACT("set_store_is_used", "%d", SSL_CTX_get_cert_store(cc) == st);
    FACT("ctx_ex_data.set", "%d", SSL_CTX_set_ex_data(cc, idx, &v));
    FACT("ctx_ex_data.get", "%d", *(int *)SSL_CTX_get_ex_data(cc, idx));
    FACT("ctx_param_nonnull", "%d", SSL_CTX_get0_param(cc) != NULL);
    FACT("load_verify_file", "%d", SSL_CTX_load_verify_file(cc, ct_path("ca.pem")));
    FACT("load_verify_store", "%d", SSL_CTX_load_verify_store(cc, ct_path("ca.pem")));
    ERR_clear_error();
    FACT("load_verify_file_missing", "%d", SSL_CTX_load_verify_file(cc, "/nonexistent/ca.pem"));
    ERR_clear_error();
    FACT("load_verify_dir", "%d", SSL_CTX_load_verify_dir(cc, ct_certdir));
    SSL_CTX_free(cc);
}

/* A connection copies its context's parameters at SSL_new: later changes to either
 * side stay on that side, whether or not the context's were touched before. */
static void param_copies(void)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method());
    SSL *before = SSL_new(cc);
    SSL *after;

    ct_prefix("param_copy.");
    X509_VERIFY_PARAM_set_depth(SSL_CTX_get0_param(cc), 3);
    X509_VERIFY_PARAM_set_hostflags(SSL_CTX_get0_param(cc), X509_CHECK_FLAG_NO_WILDCARDS);
    after = SSL_new(cc);
    SSL_CTX_set_verify_depth(cc, 5);
    FACT("ctx_depth", "%d", SSL_CTX_get_verify_depth(cc));
    FACT("before_depth", "%d", SSL_get_verify_depth(before));
    FACT("after_depth", "%d", SSL_get_verify_depth(after));
    FACT("before_hostflags", "%u", X509_VERIFY_PARAM_get_hostflags(SSL_get0_param(before)));
    FACT("after_hostflags", "%u", X509_VERIFY_PARAM_get_hostflags(SSL_get0_param(after)));
    SSL_set_verify_depth(before, 7);
    FACT("before_depth_set", "%d", SSL_get_verify_depth(before));
    FACT("ctx_depth_unchanged", "%d", SSL_CTX_get_verify_depth(cc));
    FACT("before_peername_null", "%d", SSL_get0_peername(before) == NULL);
    SSL_free(before);
    SSL_free(after);
    SSL_CTX_free(cc);
}

/* SSL_CTX_set_cert_verify_callback: called with the X509_STORE_CTX set up for the
 * chain, in place of X509_verify_cert. */
typedef struct {
    int calls, mode; /* 0: accept, 1: reject (application error), 2: X509_verify_cert */
    int had_ssl, had_leaf, arg_ok;
} appv;

static int app_verify(X509_STORE_CTX *x, void *arg)
{
    appv *a = arg;
    SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());

    a->calls++;
    a->had_ssl = ssl != NULL;
    a->had_leaf = X509_STORE_CTX_get0_cert(x) != NULL;
    if (a->mode == 0)
        return 1;
    if (a->mode == 1) {
        X509_STORE_CTX_set_error(x, X509_V_ERR_APPLICATION_VERIFICATION);
        return 0;
    }
    return X509_verify_cert(x);
}

static void cert_verify_callback(int ver, const char *label, int mode, int trust_ca)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method()), *sc = ct_server_ctx(ver);
    appv a = { 0, mode, 0, 0, 0 };
    ct_pair p;
    int cret = 0, sret = 0, ok;

    ct_prefix("%s.cert_verify_callback.%s.", ct_vername(ver), label);
    ct_pin_version(cc, ver);
    if (trust_ca)
        REQUIRE(SSL_CTX_load_verify_locations(cc, ct_path("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(cc, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_cert_verify_callback(cc, app_verify, &a);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("handshake_ok", "%d", ok);
    FACT("calls", "%d", a.calls);
    FACT("saw_ssl_and_leaf", "%d", a.had_ssl && a.had_leaf);
    FACT("verify_result", "%ld", SSL_get_verify_result(p.c));
    if (!ok) {
        FACT("client.err", "%d", SSL_get_error(p.c, cret));
        ct_err("first_error");
        ERR_clear_error();
    }
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    int vers[2] = { TLS1_2_VERSION, TLS1_3_VERSION };

    ct_init(argc, argv);
    app_idx = SSL_get_ex_new_index(0, "t_verify", NULL, NULL, NULL);
    for (int i = 0; i < 2; i++) {
        int v = vers[i];
        one(v, "valid", 1, -1, NULL, -1);
        one(v, "unknown_ca", 0, -1, NULL, -1);
        one(v, "unknown_ca_overridden", 0, 1, NULL, -1);
        one(v, "valid_rejected_by_callback", 1, 0, NULL, -1);
        one(v, "host_ok", 1, -1, "localhost", -1);
        one(v, "host_wrong", 1, -1, "wrong.example", -1);
        one(v, "depth0", 1, -1, NULL, 0);
        one(v, "depth1", 1, -1, NULL, 1);
    }
    stores();
    param_copies();
    for (int i = 0; i < 2; i++) {
        cert_verify_callback(vers[i], "accepts_unknown_ca", 0, 0);
        cert_verify_callback(vers[i], "rejects_valid", 1, 1);
        cert_verify_callback(vers[i], "verifies_valid", 2, 1);
        cert_verify_callback(vers[i], "verifies_unknown_ca", 2, 0);
    }
    return 0;
}
