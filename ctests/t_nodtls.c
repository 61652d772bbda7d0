/*
 * t_nodtls: what an application of a library without DTLS, SRTP, renegotiation or
 * external PSKs still calls, and must get OpenSSL's answers from:
 *   DTLSv1_method / _client_ / _server_ (non-NULL); DTLSv1_listen on a TLS connection
 *   (-1, SSL_R_BIO_NOT_SET without BIOs, else SSL_R_UNSUPPORTED_SSL_VERSION);
 *   SSL_CTX_set_tlsext_use_srtp / SSL_set_tlsext_use_srtp profile lists (0 for a valid
 *   one; 1 with OpenSSL's reason for unknown, empty and repeated names);
 *   SSL_get_selected_srtp_profile (NULL: none on TLS); the DTLS cookie and TLS 1.3
 *   PSK-session callback setters (no error), and a handshake with a PSK callback that
 *   has no PSK to offer; SSL_extension_supported for extensions both libraries handle
 *   and for unknown types.
 * (What this library refuses where OpenSSL proceeds, SSL_CTX_new with a DTLS method,
 * SSL_renegotiate, SSL_CTX_add_client_custom_ext, SSL_SESSION_set1_master_key, is in
 * ctests/hostile/null_args.c and docs/COMPAT.md.)
 */
#include "common.h"
#include <openssl/srtp.h>

/* DTLSv1_*_method are deprecated since OpenSSL 1.1.0 (applications still call them). */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static int gen_cookie(SSL *s, unsigned char *c, unsigned int *l)
{
    (void)s, (void)c, (void)l;
    return 0;
}

static int verify_cookie(SSL *s, const unsigned char *c, unsigned int l)
{
    (void)s, (void)c, (void)l;
    return 0;
}

static int find_session(SSL *s, const unsigned char *id, size_t len, SSL_SESSION **sess)
{
    (void)s, (void)id, (void)len, (void)sess;
    return 0;
}

/* The answer of a client that has no external PSK for this connection. */
static int use_session(SSL *s, const EVP_MD *md, const unsigned char **id, size_t *len, SSL_SESSION **sess)
{
    (void)s, (void)md, (void)id, (void)len;
    *sess = NULL;
    return 1;
}

static void srtp(const char *list)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);

    ct_prefix("srtp[%s].", list);
    ERR_clear_error();
    FACT("ctx", "%d", SSL_CTX_set_tlsext_use_srtp(ctx, list));
    ct_err("ctx_err");
    ERR_clear_error();
    FACT("ssl", "%d", SSL_set_tlsext_use_srtp(s, list));
    ct_err("ssl_err");
    ERR_clear_error();
    FACT("selected_null", "%d", SSL_get_selected_srtp_profile(s) == NULL);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    static const char *lists[] = { "SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_256_GCM",
        "SRTP_AES128_CM_SHA1_32:SRTP_AEAD_AES_128_GCM", "SRTP_NULL_SHA1_80", "bogus", "",
        "SRTP_AES128_CM_SHA1_80:", "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_80", NULL };
    static const unsigned int exts[] = { 0, 10, 13, 16, 43, 51, 65281, 1000, 65000, 17513 };
    SSL_CTX *ctx;
    SSL *s;
    BIO *a, *b;
    ct_pair p;

    ct_init(argc, argv);
    ct_prefix("methods.");
    FACT("dtlsv1", "%d", DTLSv1_method() != NULL);
    FACT("dtlsv1_client", "%d", DTLSv1_client_method() != NULL);
    FACT("dtlsv1_server", "%d", DTLSv1_server_method() != NULL);

    ct_prefix("listen.");
    ctx = SSL_CTX_new(TLS_server_method());
    s = SSL_new(ctx);
    ERR_clear_error();
    FACT("no_bio", "%d", DTLSv1_listen(s, NULL));
    ct_err("no_bio_err");
    REQUIRE(BIO_new_bio_pair(&a, 0, &b, 0) == 1);
    SSL_set_bio(s, a, a);
    ERR_put_error(ERR_LIB_SSL, 0, SSL_R_BAD_LENGTH, __FILE__, __LINE__);
    FACT("tls", "%d", DTLSv1_listen(s, NULL));
    ct_err("tls_err");
    ERR_get_error();
    FACT("queue_cleared_first", "%d", ERR_peek_error() == 0);
    ERR_clear_error();
    SSL_free(s);
    BIO_free(b);

    ct_prefix("callbacks.");
    SSL_CTX_set_cookie_generate_cb(ctx, gen_cookie);
    SSL_CTX_set_cookie_verify_cb(ctx, verify_cookie);
    SSL_CTX_set_psk_find_session_callback(ctx, find_session);
    SSL_CTX_set_psk_use_session_callback(ctx, use_session);
    ct_err("err");
    SSL_CTX_free(ctx);

    for (int i = 0; lists[i]; i++)
        srtp(lists[i]);

    ct_prefix("extension_supported.");
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        FACT("", "%u=%d", exts[i], SSL_extension_supported(exts[i]));

    /* A TLS 1.3 client whose PSK callback has no PSK to offer: an ordinary handshake.
     * (Not with an SRTP list: OpenSSL's client then sends use_srtp over TLS, and its
     * server refuses it with bad_extension; ours sends none.) */
    ct_prefix("tls13_with_psk_use_session_callback.");
    ctx = ct_client_ctx(TLS1_3_VERSION);
    SSL_CTX_set_psk_use_session_callback(ctx, use_session);
    ct_pair_init(&p, CT_BIOPAIR, ctx, ct_server_ctx(TLS1_3_VERSION), 0);
    p.own_ctx = 1;
    {
        int cret = 0, sret = 0, ok = ct_handshake_nb(&p, &cret, &sret);

        FACT("handshake_ok", "%d", ok);
        if (!ok) {
            FACT("client.err", "%d", SSL_get_error(p.c, cret));
            ct_err("first_error");
            ERR_clear_error();
        }
    }
    FACT("selected_null", "%d", SSL_get_selected_srtp_profile(p.c) == NULL);
    ct_pair_free(&p);
    return 0;
}
