/*
 * t_cli: the libssl functions the openssl command imports besides what the daemons use,
 * where OpenSSL and a faithful library must agree:
 *   - suite names and digests: OPENSSL_cipher_name, SSL_CIPHER_get_handshake_digest,
 *     SSL_get1_supported_ciphers, SSL_get_shared_ciphers (server only, NULL cases);
 *   - SSL_group_to_name by NID and by TLSEXT_nid_unknown | code point;
 *   - the peer's signature: SSL_get_peer_signature_type_nid / SSL_get_peer_signature_nid
 *     (present after a full handshake, absent on a server without client certificate);
 *   - sessions: PEM_write/read_bio_SSL_SESSION round trip, SSL_SESSION_print's layout,
 *     SSL_SESSION_print_keylog of a TLS 1.2 session, SSL_has_matching_session_id;
 *   - default CA places, SSL_CTX_set1_param, SSL_CTX_set0_CA_list seen by the client in
 *     the certificate request (SSL_get0_peer_CA_list), SSL_certs_clear;
 *   - features never enabled, answered as OpenSSL answers a context without them: DANE
 *     on the connection, CT, SRP getters, SSL_is_dtls, the max fragment length check,
 *     the CT log store, the security callback getter, SSL_callback_ctrl.
 * (Features this library refuses outright, where OpenSSL would accept the call, are in
 * docs/COMPAT.md and ctests/hostile/NULL_ARGS.md, not here.)
 */
#include "common.h"

#include <openssl/x509_vfy.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* the SRP getters */

/* Whether BIO `b`'s text has a line equal to `line`. */
static int has_line(BIO *b, const char *line)
{
    char *data;
    long n = BIO_get_mem_data(b, &data);
    size_t len = strlen(line);

    for (long i = 0; i + (long)len <= n; i++)
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, line, len) == 0 &&
            (i + (long)len == n || data[i + len] == '\n'))
            return 1;
    return 0;
}

static void suites_and_groups(void)
{
    ct_pair p;
    const SSL_CIPHER *c;
    STACK_OF(SSL_CIPHER) *sk;
    char buf[4096];
    int found = 0;

    ct_prefix("names.");
    FACT("cipher_name.null", "%s", OPENSSL_cipher_name(NULL));
    FACT("cipher_name.tls12", "%s",
         OPENSSL_cipher_name("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    FACT("cipher_name.tls13", "%s", OPENSSL_cipher_name("TLS_CHACHA20_POLY1305_SHA256"));
    FACT("cipher_name.unknown", "%s", OPENSSL_cipher_name("TLS_NOT_A_SUITE"));
    {
        SSL_CTX *ctx = ct_client_ctx(0);
        SSL *s = SSL_new(ctx);
        FACT("group.x25519", "%s", SSL_group_to_name(s, NID_X25519));
        FACT("group.p256", "%s", SSL_group_to_name(s, NID_X9_62_prime256v1));
        FACT("group.p384_by_id", "%s", SSL_group_to_name(s, TLSEXT_nid_unknown | 0x18));
        FACT("group.x448_by_id", "%s", SSL_group_to_name(s, TLSEXT_nid_unknown | 0x1e));
        FACT("group.ffdhe2048_by_id", "%s", SSL_group_to_name(s, TLSEXT_nid_unknown | 0x100));
        FACT("group.unknown", "%s", SSL_group_to_name(s, TLSEXT_nid_unknown | 0x1234) ?
             "name" : "NULL");
        FACT("is_dtls", "%d", SSL_is_dtls(s));
        FACT("ct_is_enabled", "%d", SSL_ct_is_enabled(s));
        FACT("srp", "N=%s g=%s user=%s", SSL_get_srp_N(s) ? "set" : "NULL",
             SSL_get_srp_g(s) ? "set" : "NULL", SSL_get_srp_username(s) ? "set" : "NULL");
        FACT("callback_ctrl.msg", "%ld", SSL_callback_ctrl(s, SSL_CTRL_SET_MSG_CALLBACK, NULL));
        SSL_free(s);
        SSL_CTX_free(ctx);
    }

    for (int v = 0; v < 2; v++) {
        int ver = v ? TLS1_3_VERSION : TLS1_2_VERSION;
        int nid = -1;

        ct_prefix("%s.", ct_vername(ver));
        ct_pair_connected(&p, CT_MEM, ver, 0);
        c = SSL_get_current_cipher(p.c);
        FACT("handshake_digest", "%s", EVP_MD_get0_name(SSL_CIPHER_get_handshake_digest(c)));
        sk = SSL_get1_supported_ciphers(p.c);
        for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++)
            found |= sk_SSL_CIPHER_value(sk, i) == c;
        FACT("supported_has_current", "%d", found);
        sk_SSL_CIPHER_free(sk);
        found = 0;
        FACT("shared.client", "%s", SSL_get_shared_ciphers(p.c, buf, sizeof(buf)) ? "list" : "NULL");
        FACT("shared.size1", "%s", SSL_get_shared_ciphers(p.s, buf, 1) ? "list" : "NULL");
        if (SSL_get_shared_ciphers(p.s, buf, sizeof(buf)) != NULL) {
            char *save = NULL, *tok;
            for (tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
                found |= strcmp(tok, SSL_CIPHER_get_name(c)) == 0;
            FACT("shared.server_has_current", "%d", found);
        } else {
            FACT("shared.server_has_current", "NULL");
        }
        found = 0;
        {
            int r = SSL_get_peer_signature_type_nid(p.c, &nid);
            FACT("peer_sig_type.client", "%d nid=%d", r, nid);
        }
        /* (the digest is the scheme the server chose, which may differ: only its presence) */
        FACT("peer_sig_digest.client", "%ld", SSL_get_peer_signature_nid(p.c, &nid));
        FACT("peer_sig_type.server", "%d", SSL_get_peer_signature_type_nid(p.s, &nid));
        ct_pair_free(&p);
    }
}

static void sessions(void)
{
    SSL_CTX *cctx = ct_client_ctx(TLS1_2_VERSION), *sctx = ct_server_ctx(TLS1_2_VERSION);
    SSL_SESSION *sess, *back;
    BIO *mem = BIO_new(BIO_s_mem()), *out = BIO_new(BIO_s_mem());
    const unsigned char *id;
    unsigned int idlen;
    unsigned char other[32] = {1, 2, 3};
    ct_pair p;
    char *text;
    long n;

    ct_prefix("session.");
    /* session ids, held in the server's own cache */
    SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    ct_handshake(&p);
    sess = SSL_get_session(p.c);
    FACT("pem_write", "%d", PEM_write_bio_SSL_SESSION(mem, sess));
    back = PEM_read_bio_SSL_SESSION(mem, NULL, NULL, NULL);
    FACT("pem_read", "%s version=0x%x cipher=%s", back ? "session" : "NULL",
         SSL_SESSION_get_protocol_version(back),
         back ? SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(back)) : "-");
    SSL_SESSION_free(back);
    FACT("pem_read_empty", "%s", PEM_read_bio_SSL_SESSION(mem, NULL, NULL, NULL) ? "session" : "NULL");
    ERR_clear_error();

    FACT("print", "%d", SSL_SESSION_print(out, sess));
    FACT("print.head", "%d", has_line(out, "SSL-Session:"));
    FACT("print.protocol", "%d", has_line(out, "    Protocol  : TLSv1.2"));
    FACT("print.cipher", "%d", has_line(out, "    Cipher    : ECDHE-RSA-AES256-GCM-SHA384"));
    FACT("print.verify", "%d", has_line(out, "    Verify return code: 0 (ok)"));
    FACT("print.ems", "%d", has_line(out, "    Extended master secret: yes"));
    (void)BIO_reset(out);
    FACT("print_keylog", "%d", SSL_SESSION_print_keylog(out, sess));
    n = BIO_get_mem_data(out, &text);
    /* "RSA Session-ID:" 64 hex " Master-Key:" 96 hex "\n" */
    FACT("print_keylog.line", "len=%ld prefix=%d", n, n > 15 && memcmp(text, "RSA Session-ID:", 15) == 0);

    id = SSL_SESSION_get_id(SSL_get_session(p.s), &idlen);
    FACT("matching_id", "%d", SSL_has_matching_session_id(p.s, id, idlen));
    FACT("matching_other", "%d", SSL_has_matching_session_id(p.s, other, sizeof(other)));
    FACT("matching_too_long", "%d", SSL_has_matching_session_id(p.s, id, 33));
    ct_pair_free(&p);
    BIO_free(mem);
    BIO_free(out);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void verify_and_certs(void)
{
    SSL_CTX *cctx = ct_client_ctx(TLS1_3_VERSION), *sctx = ct_server_ctx(TLS1_3_VERSION);
    X509_VERIFY_PARAM *vpm = X509_VERIFY_PARAM_new();
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ct_path("ca.pem"));
    const STACK_OF(X509_NAME) *got;
    char buf[256] = "-";
    ct_pair p;
    SSL *s;

    ct_prefix("ctx.");
    FACT("default_verify_dir", "%d", SSL_CTX_set_default_verify_dir(cctx));
    FACT("default_verify_file", "%d", SSL_CTX_set_default_verify_file(cctx));
    FACT("default_verify_store", "%d", SSL_CTX_set_default_verify_store(cctx));
    X509_VERIFY_PARAM_set_depth(vpm, 3);
    {
        int r = SSL_CTX_set1_param(cctx, vpm);
        FACT("set1_param", "%d depth=%d", r, X509_VERIFY_PARAM_get_depth(SSL_CTX_get0_param(cctx)));
    }
    X509_VERIFY_PARAM_free(vpm);
    FACT("max_fragment_length.disabled", "%d",
         SSL_CTX_set_tlsext_max_fragment_length(cctx, TLSEXT_max_fragment_length_DISABLED));
    FACT("max_fragment_length.bad", "%d", SSL_CTX_set_tlsext_max_fragment_length(cctx, 9));
    ct_err("max_fragment_length.bad_err");
    ERR_clear_error();
    FACT("security_callback", "%s", SSL_CTX_get_security_callback(cctx) ? "set" : "NULL");
    FACT("ctlog_store", "%s", SSL_CTX_get0_ctlog_store(cctx) ? "set" : "NULL");
    FACT("ctlog_missing_file", "%d", SSL_CTX_set_ctlog_list_file(cctx, "/nonexistent/ct.cnf"));
    ERR_clear_error();

    /* a server asking for a client certificate with only the CA list set */
    SSL_CTX_set0_CA_list(sctx, names);
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_load_verify_locations(sctx, ct_path("ca.pem"), NULL);
    REQUIRE(SSL_CTX_use_certificate_file(cctx, ct_path("client.pem"), SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(cctx, ct_path("client.key"), SSL_FILETYPE_PEM) == 1);
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    FACT("peer_ca.before", "%s", SSL_get0_peer_CA_list(p.c) ? "list" : "NULL");
    ct_handshake(&p);
    got = SSL_get0_peer_CA_list(p.c);
    if (got != NULL && sk_X509_NAME_num(got) > 0)
        X509_NAME_oneline(sk_X509_NAME_value(got, 0), buf, sizeof(buf));
    FACT("peer_ca.client", "n=%d first=%s", got ? sk_X509_NAME_num(got) : -1, buf);
    FACT("peer_ca.same_as_client_list", "%d", got == SSL_get_client_CA_list(p.c));
    FACT("peer_ca.verify", "%ld", SSL_get_verify_result(p.s));
    ct_pair_free(&p);

    ct_prefix("ssl.");
    s = SSL_new(sctx);
    FACT("cert_before", "%s", SSL_get_certificate(s) ? "set" : "NULL");
    SSL_certs_clear(s);
    FACT("cert_after_certs_clear", "%s", SSL_get_certificate(s) ? "set" : "NULL");
    FACT("dane_enable", "%d", SSL_dane_enable(s, "localhost"));
    ct_err("dane_enable_err");
    ERR_clear_error();
    FACT("dane_tlsa_add", "%d", SSL_dane_tlsa_add(s, 3, 1, 1, (const unsigned char *)buf, 32));
    ct_err("dane_tlsa_add_err");
    ERR_clear_error();
    {
        unsigned long first = SSL_dane_set_flags(s, 1), second = SSL_dane_set_flags(s, 2);
        FACT("dane_set_flags", "%lu then %lu", first, second);
    }
    FACT("dane_authority", "%d", SSL_get0_dane_authority(s, NULL, NULL));
    FACT("dane_tlsa", "%d", SSL_get0_dane_tlsa(s, NULL, NULL, NULL, NULL, NULL));
    ct_err("end_err");
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    suites_and_groups();
    sessions();
    verify_and_certs();
    return 0;
}
