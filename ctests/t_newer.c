/*
 * t_newer: the functions of OpenSSL 3.2-3.4 this library exports for newer binaries
 *   (SSL_get0_group_name, SSL_is_tls, SSL_is_quic, SSL_get_negotiated_*_cert_type,
 *   SSL_get0_peer_rpk, SSL_SESSION_get/set_time_ex, SSL_CTX_flush_sessions_ex,
 *   d2i_SSL_SESSION_ex, SSL_handle_events, SSL_get_event_timeout,
 *   SSL_client_hello_get_extension_order, OSSL_QUIC_client_method).
 *   OpenSSL 3.0 has none of them, so each fact is printed from the newer function when
 *   the loaded libssl has it (looked up with dlvsym under the version node OpenSSL's
 *   libssl.num gives it: a symbol under another node fails the test) and otherwise
 *   from what OpenSSL 3.0 answers for the same thing (the negotiated group's TLS name
 *   from its NID, SSL_SESSION_get_time, ...). Both runs must print the same.
 */
#include "common.h"

#include <dlfcn.h>
#include <sys/time.h>

/* The newer function `name` under `node`, or NULL (OpenSSL 3.0). A symbol exported
 * under any other node is a failure. */
static void *newer(const char *name, const char *node)
{
    void *any = dlsym(RTLD_DEFAULT, name);
    void *exact = dlvsym(RTLD_DEFAULT, name, node);
    if (any != NULL && exact != any) {
        printf("FAIL: %s is not exported under %s\n", name, node);
        exit(1);
    }
    return exact;
}

static const char *group_tls_name(int nid)
{
    switch (nid) {
    case NID_X25519: return "x25519";
    case NID_X9_62_prime256v1: return "secp256r1";
    case NID_secp384r1: return "secp384r1";
    case NID_secp521r1: return "secp521r1";
    default: return "(other)";
    }
}

static unsigned char order_seen[64];
static size_t order_n;
static int order_rc = -1;

static int hello_cb(SSL *s, int *al, void *arg)
{
    int (*order)(SSL *, uint16_t *, size_t *) =
        newer("SSL_client_hello_get_extension_order", "OPENSSL_3.2.0");
    int *ext = NULL;
    size_t n = 0, i;
    (void)al; (void)arg;
    if (order != NULL) {
        uint16_t buf[64];
        size_t num = 0;
        REQUIRE(order(s, NULL, &num) == 1);
        REQUIRE(num <= 64);
        order_rc = order(s, buf, &num);
        for (i = 0; i < num; i++)
            order_seen[i] = (unsigned char)buf[i];
        order_n = num;
    } else {
        REQUIRE(SSL_client_hello_get1_extensions_present(s, &ext, &n) == 1);
        for (i = 0; i < n && i < 64; i++)
            order_seen[i] = (unsigned char)ext[i];
        order_n = n;
        order_rc = 1;
        OPENSSL_free(ext);
    }
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void run(int ver)
{
    SSL_CTX *c = ct_client_ctx(ver), *sv = ct_server_ctx(ver);
    ct_pair p;
    const char *(*group_name)(SSL *) = newer("SSL_get0_group_name", "OPENSSL_3.2.0");
    int (*is_tls)(const SSL *) = newer("SSL_is_tls", "OPENSSL_3.2.0");
    int (*is_quic)(const SSL *) = newer("SSL_is_quic", "OPENSSL_3.2.0");
    int (*cct)(const SSL *) = newer("SSL_get_negotiated_client_cert_type", "OPENSSL_3.2.0");
    int (*sct)(const SSL *) = newer("SSL_get_negotiated_server_cert_type", "OPENSSL_3.2.0");
    EVP_PKEY *(*rpk)(const SSL *) = newer("SSL_get0_peer_rpk", "OPENSSL_3.2.0");
    int (*handle_events)(SSL *) = newer("SSL_handle_events", "OPENSSL_3.2.0");
    int (*event_timeout)(SSL *, struct timeval *, int *) =
        newer("SSL_get_event_timeout", "OPENSSL_3.2.0");
    time_t (*get_time_ex)(const SSL_SESSION *) = newer("SSL_SESSION_get_time_ex", "OPENSSL_3.3.0");
    time_t (*set_time_ex)(SSL_SESSION *, time_t) = newer("SSL_SESSION_set_time_ex", "OPENSSL_3.3.0");
    SSL_SESSION *(*d2i_ex)(SSL_SESSION **, const unsigned char **, long, OSSL_LIB_CTX *,
                           const char *) = newer("d2i_SSL_SESSION_ex", "OPENSSL_3.2.0");
    void (*flush_ex)(SSL_CTX *, time_t) = newer("SSL_CTX_flush_sessions_ex", "OPENSSL_3.4.0");
    SSL_SESSION *sess, *copy;
    unsigned char *der = NULL;
    const unsigned char *cp;
    int len;
    size_t i;

    ct_prefix("%s ", ct_vername(ver));
    REQUIRE(SSL_CTX_set1_groups_list(c, "X25519:P-256") == 1);
    SSL_CTX_set_client_hello_cb(sv, hello_cb, NULL);
    ct_pair_init(&p, CT_MEM, c, sv, 0);
    ct_handshake(&p);

    FACT("group", "client=%s server=%s",
         group_name ? group_name(p.c) : group_tls_name(SSL_get_negotiated_group(p.c)),
         group_name ? group_name(p.s) : group_tls_name(SSL_get_negotiated_group(p.s)));
    FACT("is_tls", "%d", is_tls ? is_tls(p.c) : SSL_version(p.c) >= TLS1_VERSION);
    FACT("is_quic", "%d", is_quic ? is_quic(p.c) : 0);
    FACT("cert types", "client=%d server=%d", cct ? cct(p.c) : 0 /* TLSEXT_cert_type_x509 (3.2) */,
         sct ? sct(p.c) : 0 /* TLSEXT_cert_type_x509 (3.2) */);
    FACT("peer rpk", "%s", (rpk ? rpk(p.c) : NULL) == NULL ? "none" : "present");
    {
        struct timeval tv = { 0, 0 };
        int inf = 0;
        FACT("handle_events", "%d", handle_events ? handle_events(p.c) : 1);
        if (event_timeout != NULL) {
            REQUIRE(event_timeout(p.c, &tv, &inf) == 1);
        } else {
            tv.tv_sec = -1;
            inf = 1;
        }
        FACT("event timeout", "infinite=%d sec=%ld", inf, (long)tv.tv_sec);
    }
    /* (The order itself is the client's: a client on this library sends its own.) */
    FACT("extension order", "rc=%d count>0=%d", order_rc, order_n > 0);
    for (i = 0; i < order_n; i++)
        if (order_seen[i] == 0)
            FACT("extension order", "server_name sent");

    sess = SSL_get1_session(p.c);
    REQUIRE(sess != NULL);
    FACT("time_ex", "%d", (get_time_ex ? (long)get_time_ex(sess) : SSL_SESSION_get_time(sess))
                              == SSL_SESSION_get_time(sess));
    if (set_time_ex != NULL)
        FACT("set_time_ex", "%ld", (long)set_time_ex(sess, 1000));
    else
        FACT("set_time_ex", "%ld", SSL_SESSION_set_time(sess, 1000));
    FACT("time after set", "%ld", SSL_SESSION_get_time(sess));
    len = i2d_SSL_SESSION(sess, &der);
    REQUIRE(len > 0);
    cp = der;
    copy = d2i_ex ? d2i_ex(NULL, &cp, len, NULL, NULL) : d2i_SSL_SESSION(NULL, &cp, len);
    FACT("d2i_ex", "%s consumed all=%d", copy ? "session" : "NULL", (int)(cp - der) == len);
    SSL_SESSION_free(copy);
    OPENSSL_free(der);
    SSL_SESSION_free(sess);
    if (flush_ex)
        flush_ex(sv, (time_t)0);
    else
        SSL_CTX_flush_sessions(sv, 0);
    ct_pair_free(&p);
    SSL_CTX_free(c);
    SSL_CTX_free(sv);
}

int main(int argc, char **argv)
{
    const SSL_METHOD *(*quic)(void) = newer("OSSL_QUIC_client_method", "OPENSSL_3.2.0");
    ct_init(argc, argv);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    ct_prefix("quic ");
    /* OpenSSL 3.0 has no QUIC method at all: no context either way. */
    if (quic != NULL) {
        SSL_CTX *q = SSL_CTX_new(quic());
        FACT("context", "%s", q ? "made" : "none");
        SSL_CTX_free(q);
    } else {
        FACT("context", "none");
    }
    ERR_clear_error();
    return 0;
}
