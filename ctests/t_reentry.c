/*
 * t_reentry: functions applications call from inside the connection's own callbacks
 *   (stunnel's info and new-session callbacks, nginx's info callback): at
 *   SSL_CB_HANDSHAKE_DONE the version, cipher, state string, init-finished flag and
 *   BIOs; in a client's new-session callback the peer's certificate and chain. Facts:
 *   what each returns, as OpenSSL; and that the handshake and a read still succeed.
 */
#include "common.h"

static void info_cb(const SSL *s, int where, int ret)
{
    (void)ret;
    if (!(where & SSL_CB_HANDSHAKE_DONE))
        return;
    ct_prefix("%s %s done: ", SSL_is_server((SSL *)s) ? "server" : "client",
              SSL_get_version(s));
    FACT("cipher", "%s", SSL_CIPHER_get_name(SSL_get_current_cipher(s)));
    FACT("state", "%s", SSL_state_string_long(s));
    FACT("init finished", "%d", SSL_is_init_finished(s));
    FACT("bios", "%d", SSL_get_rbio(s) != NULL && SSL_get_wbio(s) != NULL);
}

static int new_sess_cb(SSL *s, SSL_SESSION *sess)
{
    X509 *peer = SSL_get1_peer_certificate(s);
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s);
    (void)sess;
    ct_prefix("client %s new session: ", SSL_get_version(s));
    FACT("peer", "%s chain=%d", peer ? "yes" : "no", chain ? sk_X509_num(chain) : -1);
    X509_free(peer);
    return 0;
}

static void run(int ver)
{
    ct_pair p;
    SSL_CTX *c = ct_client_ctx(ver), *sv = ct_server_ctx(ver);
    unsigned char b;

    SSL_CTX_set_info_callback(c, info_cb);
    SSL_CTX_set_info_callback(sv, info_cb);
    SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(c, new_sess_cb);
    ct_pair_init(&p, CT_MEM, c, sv, 0);
    ct_handshake(&p);
    REQUIRE(SSL_write(p.s, "x", 1) == 1);
    ct_pump(&p);
    ct_prefix("%s ", ct_vername(ver));
    FACT("read", "%d", SSL_read(p.c, &b, 1));
    ct_pair_free(&p);
    SSL_CTX_free(c);
    SSL_CTX_free(sv);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    return 0;
}
