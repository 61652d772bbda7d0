/*
 * t_ciphers: cipher strings and key-exchange groups, and what they negotiate.
 *   SSL_CTX_set_cipher_list with OpenSSL cipher strings (names, aliases, '+'
 *   combinations, '!', '-', '+' ordering, DEFAULT, @STRENGTH), strings that match
 *   nothing this library offers (refused with OpenSSL's error); SSL_CTX_set_ciphersuites;
 *   SSL_get_cipher_list / SSL_get_ciphers restricted to the ciphers both libraries
 *   implement; the suite negotiated under a restricted list; groups lists
 *   (SSL_CTX_set1_groups_list / curves) and SSL_get_negotiated_group;
 *   SSL_get_client_ciphers (NULL on a client, before the ClientHello and for NULL; the
 *   client's suites in its order on the server, held together with SSL_get_ciphers as
 *   Python's SSLSocket.shared_ciphers() holds them); SSL_CTX_use_psk_identity_hint's
 *   length limit.
 */
#include "common.h"

/* The TLS 1.2 suites both implementations offer; others are filtered from listings. */
static const char *common12[] = {
    "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
    "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", NULL };

static int is_common(const char *n)
{
    for (int i = 0; common12[i]; i++)
        if (strcmp(common12[i], n) == 0)
            return 1;
    return 0;
}

static void list_facts(SSL *s)
{
    char out[1024] = "";
    const char *n;

    for (int i = 0; (n = SSL_get_cipher_list(s, i)) != NULL; i++) {
        if (!is_common(n))
            continue;
        strncat(out, n, sizeof(out) - strlen(out) - 2);
        strcat(out, " ");
    }
    FACT("list", "%s", out);
}

static void cipher_list(const char *str)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    int r;

    ct_prefix("cipher_list[%s].", str);
    ERR_clear_error();
    r = SSL_CTX_set_cipher_list(ctx, str);
    FACT("ret", "%d", r);
    ct_err("err");
    ERR_clear_error();
    s = SSL_new(ctx);
    list_facts(s);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void ciphersuites(const char *str)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;

    ct_prefix("ciphersuites[%s].", str);
    ERR_clear_error();
    FACT("ret", "%d", SSL_CTX_set_ciphersuites(ctx, str));
    ct_err("err");
    ERR_clear_error();
    s = SSL_new(ctx);
    list_facts(s);
    FACT("stack_has_entries", "%d", sk_SSL_CIPHER_num(SSL_get_ciphers(s)) > 0);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void negotiate(int ver, int ec, const char *client_list, const char *server_list, const char *suites13)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc = ct_server_ctx_ex(ver, ec);
    ct_pair p;
    int cret, sret, ok;

    ct_prefix("%s.%s.neg[%s|%s|%s].", ct_vername(ver), ec ? "ec" : "rsa", client_list ? client_list : "-",
              server_list ? server_list : "-", suites13 ? suites13 : "-");
    if (client_list)
        REQUIRE(SSL_CTX_set_cipher_list(cc, client_list) == 1);
    if (server_list)
        REQUIRE(SSL_CTX_set_cipher_list(sc, server_list) == 1);
    if (suites13)
        REQUIRE(SSL_CTX_set_ciphersuites(cc, suites13) == 1);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("ok", "%d", ok);
    if (ok)
        FACT("cipher", "%s", SSL_CIPHER_get_name(SSL_get_current_cipher(p.c)));
    else {
        FACT("server.err", "%d", SSL_get_error(p.s, sret));
        ct_err("first_error");
    }
    ERR_clear_error();
    ct_pair_free(&p);
}

static void groups(int ver, const char *client, const char *server)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc = ct_server_ctx(ver);
    ct_pair p;
    int cret, sret, ok;

    ct_prefix("%s.groups[%s|%s].", ct_vername(ver), client ? client : "-", server ? server : "-");
    if (client)
        FACT("client_set", "%d", (int)SSL_CTX_set1_groups_list(cc, client));
    if (server)
        FACT("server_set", "%d", (int)SSL_CTX_set1_curves_list(sc, server));
    ERR_clear_error();
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("ok", "%d", ok);
    if (ok) {
        FACT("client.group", "%d", (int)SSL_get_negotiated_group(p.c));
        FACT("server.group", "%d", (int)SSL_get_negotiated_group(p.s));
        FACT("server.shared_groups", "%d", (int)SSL_get_shared_group(p.s, -1));
        FACT("server.shared_group0", "%d", (int)SSL_get_shared_group(p.s, 0));
    } else {
        ct_err("first_error");
    }
    ERR_clear_error();
    ct_pair_free(&p);
}

/* Versions: an old maximum is refused, never widened; disjoint ranges fail. */
static void versions(const char *label, int cmin, int cmax, int smin, int smax)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method()), *sc = ct_server_ctx(0);
    ct_pair p;
    int cret, sret, ok;

    ct_prefix("versions.%s.", label);
    FACT("client_min_set", "%d", (int)SSL_CTX_set_min_proto_version(cc, cmin));
    FACT("client_max_set", "%d", (int)SSL_CTX_set_max_proto_version(cc, cmax));
    FACT("server_min_set", "%d", (int)SSL_CTX_set_min_proto_version(sc, smin));
    FACT("server_max_set", "%d", (int)SSL_CTX_set_max_proto_version(sc, smax));
    ERR_clear_error();
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("ok", "%d", ok);
    if (ok)
        FACT("version", "%s", SSL_get_version(p.c));
    else {
        FACT("client.err", "%d", SSL_get_error(p.c, cret));
        ct_err("first_error");
    }
    ERR_clear_error();
    ct_pair_free(&p);
}

static void groups_set(const char *list)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    ct_prefix("groups_set[%s].", list);
    ERR_clear_error();
    FACT("ret", "%d", (int)SSL_CTX_set1_groups_list(ctx, list));
    ERR_clear_error();
    SSL_CTX_free(ctx);
}

/* The client lists suites both libraries implement (OpenSSL's server lists every suite
 * it knows of, ours those it implements, so other suites would differ). */
static void client_ciphers(int ver, const char *list12, const char *suites13)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc = ct_server_ctx(ver);
    STACK_OF(SSL_CIPHER) *sk, *mine;
    char out[1024] = "";
    ct_pair p;
    int cret, sret;

    ct_prefix("%s.client_ciphers[%s|%s].", ct_vername(ver), list12, suites13);
    REQUIRE(SSL_CTX_set_cipher_list(cc, list12) == 1);
    REQUIRE(SSL_CTX_set_ciphersuites(cc, suites13) == 1);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    ERR_clear_error();
    FACT("null", "%d", SSL_get_client_ciphers(NULL) == NULL);
    FACT("server_before", "%d", SSL_get_client_ciphers(p.s) == NULL);
    ct_err("err_before");
    FACT("ok", "%d", ct_handshake_nb(&p, &cret, &sret));
    FACT("client", "%d", SSL_get_client_ciphers(p.c) == NULL);
    sk = SSL_get_client_ciphers(p.s);
    FACT("server_nonnull", "%d", sk != NULL);
    for (int i = 0; sk && i < sk_SSL_CIPHER_num(sk); i++) {
        strncat(out, SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)), sizeof(out) - strlen(out) - 2);
        strcat(out, " ");
    }
    FACT("server", "%s", out);
    /* The server's own list, then the client's again: both stay valid together. */
    mine = SSL_get_ciphers(p.s);
    FACT("same_again", "%d", sk == SSL_get_client_ciphers(p.s));
    FACT("both", "%d", mine != NULL && sk != NULL && sk_SSL_CIPHER_num(mine) > 0 &&
                           sk_SSL_CIPHER_num(sk) > 0 && SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, 0)) != NULL);
    ct_err("err");
    ERR_clear_error();
    ct_pair_free(&p);
}

static void psk_hint(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    char hint[PSK_MAX_IDENTITY_LEN + 2];

    ct_prefix("psk_identity_hint.");
    memset(hint, 'h', sizeof hint - 1);
    hint[sizeof hint - 1] = 0; /* PSK_MAX_IDENTITY_LEN + 1 characters */
    ERR_clear_error();
    FACT("short", "%d", SSL_CTX_use_psk_identity_hint(ctx, "hint"));
    FACT("null", "%d", SSL_CTX_use_psk_identity_hint(ctx, NULL));
    FACT("max", "%d", SSL_CTX_use_psk_identity_hint(ctx, hint + 1));
    ct_err("err_ok");
    FACT("too_long", "%d", SSL_CTX_use_psk_identity_hint(ctx, hint));
    ct_err("err");
    ERR_clear_error();
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    static const char *lists[] = { "DEFAULT", "ALL", "HIGH:!aNULL", "ECDHE+AESGCM", "ECDHE+AES256",
        "aECDSA", "aRSA+CHACHA20", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
        "ALL:-AES128:+CHACHA20", "HIGH:!AESGCM", "AESGCM:@STRENGTH", "ECDHE-RSA-AES128-GCM-SHA256:bogus",
        "RC4", "bogus", "!ALL", "DEFAULT:!ECDSA", NULL };
    static const char *suites[] = { "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
        "", "TLS_AES_128_GCM_SHA256:bogus", "bogus", NULL };

    ct_init(argc, argv);
    for (int i = 0; lists[i]; i++)
        cipher_list(lists[i]);
    for (int i = 0; suites[i]; i++)
        ciphersuites(suites[i]);
    negotiate(TLS1_2_VERSION, 0, "ECDHE-RSA-AES128-GCM-SHA256", NULL, NULL);
    negotiate(TLS1_2_VERSION, 0, NULL, "CHACHA20", NULL);
    negotiate(TLS1_2_VERSION, 1, "aECDSA+AES128", NULL, NULL);
    negotiate(TLS1_2_VERSION, 0, "aECDSA", NULL, NULL);
    negotiate(TLS1_3_VERSION, 0, NULL, NULL, "TLS_CHACHA20_POLY1305_SHA256");
    negotiate(TLS1_3_VERSION, 0, NULL, NULL, "TLS_AES_128_GCM_SHA256");
    groups(TLS1_3_VERSION, "X25519", NULL);
    groups(TLS1_3_VERSION, "P-256", NULL);
    groups(TLS1_3_VERSION, "secp384r1", NULL);
    groups(TLS1_3_VERSION, "P-521", NULL);
    groups(TLS1_2_VERSION, "secp521r1", "P-521:P-384");
    groups(TLS1_2_VERSION, "prime256v1", NULL);
    groups(TLS1_2_VERSION, "X25519", "X25519");
    groups(TLS1_3_VERSION, "P-384", "P-256");
    versions("client_max_tls11", 0, TLS1_1_VERSION, 0, 0);
    versions("client_max_tls10", TLS1_VERSION, TLS1_VERSION, 0, 0);
    versions("client12_server13", 0, TLS1_2_VERSION, TLS1_3_VERSION, 0);
    versions("client13_server12", TLS1_3_VERSION, 0, 0, TLS1_2_VERSION);
    versions("any", 0, 0, 0, 0);
    groups_set("X25519:P-256:P-384");
    groups_set("bogus");
    groups_set("X25519:bogus");
    groups_set("");
    client_ciphers(TLS1_3_VERSION, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305",
                   "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256");
    client_ciphers(TLS1_2_VERSION, "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:"
                   "ECDHE-RSA-AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384");
    psk_hint();
    return 0;
}
