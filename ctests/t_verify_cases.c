/*
 * t_verify_cases: certificate verification outcomes, case by case.
 *
 * A server (OpenSSL API: SSL_CTX_use_certificate_chain_file + SSL_CTX_use_PrivateKey_file)
 * presents one of the chains in certs/verify/ (made by certs/verify/make.sh) over a BIO
 * pair to a client that trusts certs/verify/root.pem. Cases: valid leaf, expired leaf,
 * not-yet-valid leaf, unknown issuer, self-signed leaf, untrusted self-signed root in the
 * presented chain, missing intermediate, complete chain via an intermediate, host name and
 * IP address checks (right and wrong), an issuer with CA:FALSE, verify depth too small /
 * large enough, EKU clientAuth only, keyUsage without digitalSignature.
 *
 * Every case runs with SSL_VERIFY_PEER and with SSL_VERIFY_NONE, over TLS 1.2 and 1.3,
 * and prints: the handshake outcome (ok, or which side failed first), SSL_get_verify_result,
 * the client's (and server's) SSL_get_error taken right after its last handshake call,
 * the first queued ERR entry (lib/reason) of the side that failed, the (depth, error,
 * preverify_ok) triples seen by a verify callback that returns preverify_ok, the ERR
 * entry of the other side once it has read the alert, and (extras) whether a peer
 * certificate is available, the peer chain length and the verified chain length.
 */
#include "common.h"

typedef struct {
    const char *label;
    const char *chain;   /* file in certs/verify, served with the key leaf.key */
    const char *host;    /* SSL_set1_host, or NULL */
    const char *ip;      /* X509_VERIFY_PARAM_set1_ip_asc, or NULL */
    int depth;           /* SSL_CTX_set_verify_depth, or -1 */
} vcase;

static const vcase cases[] = {
    { "valid",             "valid.pem",          NULL,            NULL,         -1 },
    { "expired",           "expired.pem",        NULL,            NULL,         -1 },
    { "not_yet_valid",     "notyet.pem",         NULL,            NULL,         -1 },
    { "unknown_issuer",    "unknown.pem",        NULL,            NULL,         -1 },
    { "self_signed_leaf",  "selfsigned.pem",     NULL,            NULL,         -1 },
    { "untrusted_root",    "untrusted_root.pem", NULL,            NULL,         -1 },
    { "missing_int",       "leaf_only.pem",      NULL,            NULL,         -1 },
    { "via_int",           "via_int.pem",        NULL,            NULL,         -1 },
    { "host_ok",           "valid.pem",          "localhost",     NULL,         -1 },
    { "host_wrong",        "valid.pem",          "wrong.example", NULL,         -1 },
    { "ip_ok",             "valid.pem",          NULL,            "127.0.0.1",  -1 },
    { "ip_wrong",          "valid.pem",          NULL,            "10.9.8.7",   -1 },
    { "issuer_not_ca",     "notca.pem",          NULL,            NULL,         -1 },
    { "depth0_via_int",    "via_int.pem",        NULL,            NULL,          0 },
    { "depth1_via_int",    "via_int.pem",        NULL,            NULL,          1 },
    { "depth0_direct",     "valid.pem",          NULL,            NULL,          0 },
    { "eku_client_only",   "eku_client.pem",     NULL,            NULL,         -1 },
    { "ku_no_digsig",      "ku_agree.pem",       NULL,            NULL,         -1 },
};

/* The callback's record (single-threaded: both ends run in the main thread). */
static int cb_calls;
static char cb_log[1024];

static int verify_cb(int ok, X509_STORE_CTX *x)
{
    size_t n = strlen(cb_log);

    cb_calls++;
    snprintf(cb_log + n, sizeof(cb_log) - n, "%s(d%d e%d ok%d)", n ? " " : "",
             X509_STORE_CTX_get_error_depth(x), X509_STORE_CTX_get_error(x), ok);
    return ok;
}

/* One handshake call; returns 1 if the side failed (an error other than WANT_*). */
static int step(SSL *s, int *done, int *err)
{
    int r = SSL_do_handshake(s);

    if (r == 1) {
        *done = 1;
        *err = SSL_ERROR_NONE;
        return 0;
    }
    *err = SSL_get_error(s, r);
    return *err != SSL_ERROR_WANT_READ && *err != SSL_ERROR_WANT_WRITE;
}

/*
 * Alternate client and server handshake calls until both are done or one fails. Each
 * side's SSL_get_error is taken right after its own call (the ERR queue is per thread,
 * so later it would also reflect the other side). Returns 0 (both done), 1 (client
 * failed first) or 2 (server failed first).
 */
static int handshake(ct_pair *p, int *cdone, int *cerr, int *sdone, int *serr)
{
    int i;

    for (i = 0; i < 1000 && !(*cdone && *sdone); i++) {
        if (!*cdone && step(p->c, cdone, cerr))
            return 1;
        if (!*sdone && step(p->s, sdone, serr))
            return 2;
    }
    if (i >= 1000)
        CT_FAIL("handshake iteration bound hit");
    return 0;
}

static const char *vpath(const char *file)
{
    static char bufs[4][1024];
    static int idx;
    char *b = bufs[idx++ & 3];

    snprintf(b, sizeof(bufs[0]), "%s/verify/%s", ct_certdir, file);
    return b;
}

static void run_case(int ver, int mode, const vcase *vc)
{
    SSL_CTX *cc, *sc;
    ct_pair p;
    int cdone = 0, sdone = 0, cerr = -1, serr = -1, failed;
    STACK_OF(X509) *chain;

    ct_prefix("%s.%s.%s.", ct_vername(ver), mode == SSL_VERIFY_PEER ? "peer" : "none",
              vc->label);

    sc = SSL_CTX_new(TLS_server_method());
    REQUIRE(sc != NULL);
    REQUIRE(SSL_CTX_use_certificate_chain_file(sc, vpath(vc->chain)) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(sc, vpath("leaf.key"), SSL_FILETYPE_PEM) == 1);
    ct_pin_version(sc, ver);

    cc = SSL_CTX_new(TLS_client_method());
    REQUIRE(cc != NULL);
    REQUIRE(SSL_CTX_load_verify_locations(cc, vpath("root.pem"), NULL) == 1);
    SSL_CTX_set_verify(cc, mode, verify_cb);
    if (vc->depth >= 0)
        SSL_CTX_set_verify_depth(cc, vc->depth);
    ct_pin_version(cc, ver);

    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    if (vc->host)
        REQUIRE(SSL_set1_host(p.c, vc->host) == 1);
    if (vc->ip)
        REQUIRE(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(p.c), vc->ip) == 1);

    cb_calls = 0;
    cb_log[0] = '\0';
    ERR_clear_error();
    failed = handshake(&p, &cdone, &cerr, &sdone, &serr);
    FACT("handshake", "%s", failed == 0 ? "ok" : failed == 1 ? "client_failed" : "server_failed");
    FACT("verify_result", "%ld", SSL_get_verify_result(p.c));
    FACT("client.ssl_error", "%d", cerr);
    FACT("server.ssl_error", "%d", serr);
    ct_err("first_error");
    FACT("callback", "%s", cb_calls ? cb_log : "(not called)");
    if (failed != 0) {
        /* let the other side read the alert (one more call), then show what it saw */
        SSL *other = failed == 1 ? p.s : p.c;
        int odone = failed == 1 ? sdone : cdone, oerr = -1;

        ERR_clear_error();
        if (!odone) {
            int r = SSL_do_handshake(other);
            oerr = r == 1 ? SSL_ERROR_NONE : SSL_get_error(other, r);
        }
        FACT("other_side.ssl_error", "%d", oerr);
        ct_err("other_side.first_error");
    }
    /* extras */
    FACT("peer_cert", "%d", SSL_get0_peer_certificate(p.c) != NULL);
    chain = SSL_get_peer_cert_chain(p.c);
    FACT("peer_chain_len", "%d", chain ? sk_X509_num(chain) : -1);
    chain = SSL_get0_verified_chain(p.c);
    FACT("verified_chain_len", "%d", chain ? sk_X509_num(chain) : -1);
    ERR_clear_error();
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    static const int vers[2] = { TLS1_2_VERSION, TLS1_3_VERSION };
    static const int modes[2] = { SSL_VERIFY_PEER, SSL_VERIFY_NONE };
    size_t c;
    int v, m;

    ct_init(argc, argv);
    for (v = 0; v < 2; v++)
        for (m = 0; m < 2; m++)
            for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
                run_case(vers[v], modes[m], &cases[c]);
    ct_prefix(NULL);
    FACT("done", "%d", 1);
    return 0;
}
