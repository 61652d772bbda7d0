/*
 * t_negotiate: what the handshake negotiated, as the application asks for it.
 *   The cipher suite (SSL_get_current_cipher and the SSL_CIPHER accessors) for TLS 1.2
 *   with RSA and ECDSA certificates and for TLS 1.3; SNI sent by the client and seen by
 *   the server (SSL_get_servername / _type on both sides); ALPN offered by a client
 *   to a server that selects nothing; ALPN list validation (inverted return values);
 *   SSL_select_next_proto.
 */
#include "common.h"

static void cipher_facts(const char *who, SSL *ssl)
{
    const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
    char buf[128], name[64];
    int alg = -1;

    snprintf(name, sizeof(name), "%s.cipher", who);
    FACT(name, "%s", c ? SSL_CIPHER_get_name(c) : "NULL");
    if (c == NULL)
        return;
    snprintf(name, sizeof(name), "%s.standard_name", who);
    FACT(name, "%s", SSL_CIPHER_standard_name(c));
    snprintf(name, sizeof(name), "%s.cipher_version", who);
    FACT(name, "%s", SSL_CIPHER_get_version(c));
    snprintf(name, sizeof(name), "%s.bits", who);
    FACT(name, "%d/%d", SSL_CIPHER_get_bits(c, &alg), alg);
    snprintf(name, sizeof(name), "%s.id", who);
    FACT(name, "0x%08x", (unsigned)SSL_CIPHER_get_id(c));
    snprintf(name, sizeof(name), "%s.description", who);
    FACT(name, "[%s]", SSL_CIPHER_description(c, buf, sizeof(buf)));
    snprintf(name, sizeof(name), "%s.description_small_buf", who);
    FACT(name, "%d", SSL_CIPHER_description(c, buf, 64) == NULL);
}

static void suites(int ver, int ec)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc = ct_server_ctx_ex(ver, ec);
    ct_pair p;

    ct_prefix("%s.%s.", ct_vername(ver), ec ? "ecdsa" : "rsa");
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    FACT("before.cipher_is_null", "%d", SSL_get_current_cipher(p.c) == NULL);
    ct_handshake(&p);
    cipher_facts("client", p.c);
    cipher_facts("server", p.s);
    FACT("same_cipher", "%d", SSL_CIPHER_get_id(SSL_get_current_cipher(p.c))
                                  == SSL_CIPHER_get_id(SSL_get_current_cipher(p.s)));
    ct_pair_free(&p);
}

static void sni(int ver, const char *name)
{
    ct_pair p;
    const char *got;

    ct_prefix("%s.sni_%s.", ct_vername(ver), name ? name : "none");
    ct_pair_new(&p, CT_BIOPAIR, ver, 0);
    if (name != NULL)
        FACT("set_tlsext_host_name", "%ld", SSL_set_tlsext_host_name(p.c, name));
    got = SSL_get_servername(p.c, TLSEXT_NAMETYPE_host_name);
    FACT("client.before", "%s", got ? got : "NULL");
    got = SSL_get_servername(p.s, TLSEXT_NAMETYPE_host_name);
    FACT("server.before", "%s", got ? got : "NULL");
    ct_handshake(&p);
    got = SSL_get_servername(p.c, TLSEXT_NAMETYPE_host_name);
    FACT("client.after", "%s", got ? got : "NULL");
    got = SSL_get_servername(p.s, TLSEXT_NAMETYPE_host_name);
    FACT("server.after", "%s", got ? got : "NULL");
    FACT("server.type", "%d", SSL_get_servername_type(p.s));
    FACT("client.type", "%d", SSL_get_servername_type(p.c));
    ct_pair_free(&p);
}

static void sni_invalid(void)
{
    SSL_CTX *cc = ct_client_ctx(0);
    SSL *s = SSL_new(cc);
    char longname[300];

    ct_prefix("sni_invalid.");
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    ERR_clear_error();
    FACT("too_long.ret", "%ld", SSL_set_tlsext_host_name(s, longname));
    ct_err("too_long.err");
    ERR_clear_error();
    FACT("bad_type.ret", "%ld", SSL_ctrl(s, SSL_CTRL_SET_TLSEXT_HOSTNAME, 7, (void *)"x"));
    ct_err("bad_type.err");
    ERR_clear_error();
    FACT("clear.ret", "%ld", SSL_set_tlsext_host_name(s, NULL));
    FACT("cleared", "%d", SSL_get_servername(s, TLSEXT_NAMETYPE_host_name) == NULL);
    SSL_free(s);
    SSL_CTX_free(cc);
}

static void alpn(int ver)
{
    static const unsigned char protos[] = "\x02h2\x08http/1.1";
    static const unsigned char bad[] = "\x05h2";
    const unsigned char *sel = (const unsigned char *)"x";
    unsigned int len = 99;
    ct_pair p;

    ct_prefix("%s.alpn.", ct_vername(ver));
    ct_pair_new(&p, CT_BIOPAIR, ver, 0);
    FACT("ctx_set.ret", "%d", SSL_CTX_set_alpn_protos(p.cctx, protos, sizeof(protos) - 1));
    FACT("ctx_set_bad.ret", "%d", SSL_CTX_set_alpn_protos(p.cctx, bad, sizeof(bad) - 1));
    FACT("ctx_set_empty.ret", "%d", SSL_CTX_set_alpn_protos(p.cctx, NULL, 0));
    FACT("set.ret", "%d", SSL_set_alpn_protos(p.c, protos, sizeof(protos) - 1));
    FACT("set_bad.ret", "%d", SSL_set_alpn_protos(p.c, bad, sizeof(bad) - 1));
    FACT("set_zero_len_name.ret", "%d", SSL_set_alpn_protos(p.c, (const unsigned char *)"\x00", 1));
    FACT("set_again.ret", "%d", SSL_set_alpn_protos(p.c, protos, sizeof(protos) - 1));
    SSL_get0_alpn_selected(p.c, &sel, &len);
    FACT("before.selected", "%s/%u", sel ? "set" : "NULL", len);
    ct_handshake(&p);
    /* The server has no selection callback: nothing is selected. */
    SSL_get0_alpn_selected(p.c, &sel, &len);
    FACT("client.selected", "%s/%u", sel ? "set" : "NULL", len);
    SSL_get0_alpn_selected(p.s, &sel, &len);
    FACT("server.selected", "%s/%u", sel ? "set" : "NULL", len);
    ct_pair_free(&p);
}

static void select_next(void)
{
    static const unsigned char server[] = "\x08http/1.1\x02h2";
    static const unsigned char client[] = "\x02h2\x08http/1.1";
    static const unsigned char other[] = "\x03foo\x03" "bar";
    unsigned char *out = NULL;
    unsigned char outlen = 0;
    int r;

    ct_prefix("select_next_proto.");
    r = SSL_select_next_proto(&out, &outlen, server, sizeof(server) - 1, client, sizeof(client) - 1);
    FACT("overlap.ret", "%d", r);
    FACT("overlap.out", "%.*s", (int)outlen, out);
    r = SSL_select_next_proto(&out, &outlen, server, sizeof(server) - 1, other, sizeof(other) - 1);
    FACT("no_overlap.ret", "%d", r);
    FACT("no_overlap.out", "%.*s", (int)outlen, out);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    suites(TLS1_3_VERSION, 0);
    suites(TLS1_3_VERSION, 1);
    suites(TLS1_2_VERSION, 0);
    suites(TLS1_2_VERSION, 1);
    sni(TLS1_2_VERSION, "localhost");
    sni(TLS1_3_VERSION, "localhost");
    sni(TLS1_3_VERSION, NULL);
    sni_invalid();
    alpn(TLS1_2_VERSION);
    alpn(TLS1_3_VERSION);
    select_next();
    ct_prefix("");
    FACT("null_cipher.name", "%s", SSL_CIPHER_get_name(NULL));
    FACT("null_cipher.version", "%s", SSL_CIPHER_get_version(NULL));
    return 0;
}
