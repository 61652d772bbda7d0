/*
 * t_servername: the server's ClientHello callbacks, as nginx and haproxy use them.
 *   A servername callback that switches the connection to another context (another
 *   certificate) with SSL_set_SSL_CTX, keeps the default one, or refuses the name;
 *   an ALPN selection callback that picks with SSL_select_next_proto, declines
 *   (NOACK), or refuses (ALERT_FATAL). Facts: handshake outcome, the certificate the
 *   client got (key type), the server name seen, SSL_get_SSL_CTX, the ALPN result on
 *   both sides, and the errors (SSL_get_error, ERR lib/reason) on both sides.
 */
#include "common.h"

static SSL_CTX *ctx_rsa, *ctx_ec;
static int sn_calls, alpn_calls;

static int servername_cb(SSL *s, int *al, void *arg)
{
    const char *name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);

    sn_calls++;
    if (arg != (void *)&ctx_rsa)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    if (name != NULL && strcmp(name, "ec.example") == 0) {
        SSL_set_SSL_CTX(s, ctx_ec);
        return SSL_TLSEXT_ERR_OK;
    }
    if (name != NULL && strcmp(name, "reject.example") == 0) {
        *al = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    return SSL_TLSEXT_ERR_OK;
}

static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    static const unsigned char mine[] = "\x08http/1.1\x02h2";
    unsigned char *o;
    unsigned char ol;

    (void)s;
    alpn_calls++;
    if (inlen >= 7 && memcmp(in, "\x06refuse", 7) == 0)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    if (inlen >= 7 && memcmp(in, "\x06ignore", 7) == 0)
        return SSL_TLSEXT_ERR_NOACK;
    if (SSL_select_next_proto(&o, &ol, mine, sizeof(mine) - 1, in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = o;
    *outlen = ol;
    (void)arg;
    return SSL_TLSEXT_ERR_OK;
}

static void one(int ver, const char *label, const char *sni, const char *alpn_wire, unsigned alpn_len)
{
    SSL_CTX *cc = ct_client_ctx(ver);
    ct_pair p;
    int cret = 0, sret = 0, ok;
    const unsigned char *sel;
    unsigned int len;
    X509 *peer;

    ct_prefix("%s.%s.", ct_vername(ver), label);
    sn_calls = alpn_calls = 0;
    ct_pair_init(&p, CT_BIOPAIR, cc, ctx_rsa, 0);
    if (sni)
        SSL_set_tlsext_host_name(p.c, sni);
    if (alpn_wire)
        REQUIRE(SSL_set_alpn_protos(p.c, (const unsigned char *)alpn_wire, alpn_len) == 0);
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("handshake_ok", "%d", ok);
    FACT("servername_cb_calls", "%d", sn_calls);
    FACT("alpn_cb_calls", "%d", alpn_calls);
    {
        const char *n = SSL_get_servername(p.s, TLSEXT_NAMETYPE_host_name);
        FACT("server.servername", "%s", n ? n : "NULL");
    }
    FACT("server.ctx", "%s", SSL_get_SSL_CTX(p.s) == ctx_ec ? "ec" : SSL_get_SSL_CTX(p.s) == ctx_rsa ? "rsa" : "other");
    if (ok) {
        peer = SSL_get1_peer_certificate(p.c);
        FACT("client.peer_key", "%s", peer == NULL ? "none"
             : EVP_PKEY_get_base_id(X509_get0_pubkey(peer)) == EVP_PKEY_EC ? "ec" : "rsa");
        X509_free(peer);
        SSL_get0_alpn_selected(p.c, &sel, &len);
        FACT("client.alpn", "%.*s", (int)len, sel ? (const char *)sel : "");
        SSL_get0_alpn_selected(p.s, &sel, &len);
        FACT("server.alpn", "%.*s", (int)len, sel ? (const char *)sel : "");
        FACT("version", "%s", SSL_get_version(p.c));
    } else {
        FACT("client.err", "%d", SSL_get_error(p.c, cret));
        FACT("server.err", "%d", SSL_get_error(p.s, sret));
        /* The server fails first; its reason is the oldest on this thread's queue. */
        ct_err("first_error");
        {
            unsigned long e, last = 0;
            while ((e = ERR_get_error()) != 0)
                last = e;
            FACT("last_error", "lib=%d reason=%d", ERR_GET_LIB(last), ERR_GET_REASON(last));
        }
    }
    ct_pair_free(&p);
    SSL_CTX_free(cc);
}

int main(int argc, char **argv)
{
    int vers[2] = { TLS1_2_VERSION, TLS1_3_VERSION };

    ct_init(argc, argv);
    ctx_rsa = ct_server_ctx_ex(0, 0);
    ctx_ec = ct_server_ctx_ex(0, 1);
    SSL_CTX_set_tlsext_servername_callback(ctx_rsa, servername_cb);
    SSL_CTX_set_tlsext_servername_arg(ctx_rsa, &ctx_rsa);
    SSL_CTX_set_alpn_select_cb(ctx_rsa, alpn_cb, NULL);
    SSL_CTX_set_alpn_select_cb(ctx_ec, alpn_cb, NULL);
    for (int i = 0; i < 2; i++) {
        int v = vers[i];
        one(v, "switch_to_ec", "ec.example", "\x02h2\x08http/1.1", 12);
        one(v, "default_name", "localhost", "\x02h2", 3);
        one(v, "no_sni_no_alpn", NULL, NULL, 0);
        one(v, "alpn_noack", "localhost", "\x06ignore", 7);
        one(v, "alpn_no_overlap", "localhost", "\x03" "foo", 4);
        one(v, "refused_name", "reject.example", NULL, 0);
        one(v, "refused_alpn", "localhost", "\x06refuse", 7);
    }
    SSL_CTX_free(ctx_rsa);
    SSL_CTX_free(ctx_ec);
    return 0;
}
