/*
 * t_session: sessions and resumption, as curl, nginx, haproxy and Python use them.
 *   For TLS 1.2 and TLS 1.3 (a client and a server in memory, one SSL_CTX each):
 *   - a first full handshake; the client's session arrives through the new-session
 *     callback (SSL_SESS_CACHE_CLIENT | NO_INTERNAL, as curl sets it) and through
 *     SSL_get1_session after a read; the server's through its new-session callback
 *     (a shared cache keyed by session id, as nginx's: i2d_SSL_SESSION on store,
 *     d2i_SSL_SESSION in the get callback), with the server's own cache off;
 *   - a second connection with SSL_set_session: resumed or not (SSL_session_reused),
 *     on both sides; with tickets (default) and without (SSL_OP_NO_TICKET: session ids
 *     in TLS 1.2, stateful tickets in TLS 1.3, served from the get callback);
 *   - a session id context mismatch: no resumption;
 *   - a session offered to a server that has since changed ticket keys: full
 *     handshake;
 *   - SSL_SESSION getters: protocol version, cipher name, has_ticket, id length,
 *     hostname, is_resumable; i2d/d2i round trip and refcounts.
 */
#include "common.h"

#define MAXCACHE 16
static struct {
    unsigned char id[SSL_MAX_SSL_SESSION_ID_LENGTH];
    unsigned int idlen;
    unsigned char *der;
    int derlen;
} cache[MAXCACHE];
static int ncache, srv_new_calls, srv_get_calls, cli_new_calls;
static int clean_close = 1;
static int print_peer = 1;
static SSL_SESSION *cli_last;

static int srv_new_cb(SSL *s, SSL_SESSION *sess)
{
    unsigned int len;
    const unsigned char *id = SSL_SESSION_get_id(sess, &len);
    (void)s;
    srv_new_calls++;
    if (ncache < MAXCACHE && len > 0) {
        unsigned char *p;
        memcpy(cache[ncache].id, id, len);
        cache[ncache].idlen = len;
        cache[ncache].derlen = i2d_SSL_SESSION(sess, NULL);
        REQUIRE(cache[ncache].derlen > 0);
        cache[ncache].der = malloc(cache[ncache].derlen);
        p = cache[ncache].der;
        REQUIRE(i2d_SSL_SESSION(sess, &p) == cache[ncache].derlen);
        REQUIRE(p == cache[ncache].der + cache[ncache].derlen);
        ncache++;
    }
    return 0; /* we keep no reference */
}

static SSL_SESSION *srv_get_cb(SSL *s, const unsigned char *id, int len, int *copy)
{
    (void)s;
    srv_get_calls++;
    *copy = 0;
    for (int i = 0; i < ncache; i++) {
        if ((int)cache[i].idlen == len && memcmp(cache[i].id, id, len) == 0) {
            const unsigned char *p = cache[i].der;
            return d2i_SSL_SESSION(NULL, &p, cache[i].derlen);
        }
    }
    return NULL;
}

static int cli_new_cb(SSL *s, SSL_SESSION *sess)
{
    (void)s;
    cli_new_calls++;
    SSL_SESSION_free(cli_last);
    cli_last = sess;
    return 1; /* we keep the reference */
}

static void clear_cache(void)
{
    for (int i = 0; i < ncache; i++)
        free(cache[i].der);
    ncache = 0;
}

/* One connection; returns the client's session (a reference) after reading a byte. */
static SSL_SESSION *connect_once(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *offer,
                                 const char *sid_ctx, int *c_reused, int *s_reused)
{
    ct_pair p;
    unsigned char b = 0;
    SSL_SESSION *got;

    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    SSL_set_tlsext_host_name(p.c, "localhost");
    if (sid_ctx)
        REQUIRE(SSL_set_session_id_context(p.s, (const unsigned char *)sid_ctx,
                                           strlen(sid_ctx)) == 1);
    if (offer)
        REQUIRE(SSL_set_session(p.c, offer) == 1);
    ct_handshake(&p);
    /* Server writes one byte; the client reads it (and any tickets before it). */
    REQUIRE(SSL_write(p.s, "x", 1) == 1);
    ct_pump(&p);
    REQUIRE(SSL_read(p.c, &b, 1) == 1 && b == 'x');
    *c_reused = SSL_session_reused(p.c);
    *s_reused = SSL_session_reused(p.s);
    {
        /* A resumed client still knows its peer's certificate and verification result. */
        X509 *peer = SSL_get1_peer_certificate(p.c);
        if (print_peer)
            FACT("client peer", "reused=%d cert=%s verify=%ld chain=%s", *c_reused,
                 peer ? "yes" : "no", SSL_get_verify_result(p.c),
                 SSL_get_peer_cert_chain(p.c) ? "yes" : "no");
        X509_free(peer);
    }
    got = SSL_get1_session(p.c);
    REQUIRE(got != NULL);
    REQUIRE(SSL_get_session(p.s) != NULL);
    if (SSL_version(p.c) == TLS1_2_VERSION) {
        /* TLS 1.2: both sides' sessions hold the same 48-byte master secret (TLS 1.3
         * resumption secrets are not exposed by rustls: README, deviations). */
        unsigned char mc[64], ms[64];
        size_t nc = SSL_SESSION_get_master_key(got, mc, sizeof(mc));
        size_t ns = SSL_SESSION_get_master_key(SSL_get_session(p.s), ms, sizeof(ms));
        FACT("master key", "len=%zu/%zu same=%d", SSL_SESSION_get_master_key(got, NULL, 0),
             nc, nc == ns && nc > 0 && memcmp(mc, ms, nc) == 0);
    }
    if (clean_close) {
        /* close_notify both ways: the sessions stay good. */
        SSL_shutdown(p.c);
        ct_pump(&p);
        SSL_shutdown(p.s);
        ct_pump(&p);
    }
    ct_pair_free(&p);
    return got;
}

static void run(int ver, int no_ticket)
{
    SSL_CTX *sctx = ct_server_ctx(ver), *cctx = ct_client_ctx(ver);
    SSL_SESSION *s1, *s2, *s3, *copy;
    int cr, sr;
    unsigned int idlen;
    unsigned char *der, *p;
    const unsigned char *cp;
    int derlen;

    ct_prefix("%s%s", ct_vername(ver), no_ticket ? " no-ticket" : "");
    srv_new_calls = srv_get_calls = cli_new_calls = 0;
    clear_cache();
    REQUIRE(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"app", 3) == 1);
    SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(sctx, srv_new_cb);
    SSL_CTX_sess_set_get_cb(sctx, srv_get_cb);
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(cctx, cli_new_cb);
    if (no_ticket)
        SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
    FACT("cache mode", "server=%ld client=%ld", SSL_CTX_get_session_cache_mode(sctx),
         SSL_CTX_get_session_cache_mode(cctx));
    FACT("timeout", "%ld", SSL_CTX_get_timeout(sctx));
    FACT("num tickets", "%zu", SSL_CTX_get_num_tickets(sctx));

    s1 = connect_once(cctx, sctx, NULL, NULL, &cr, &sr);
    FACT("first: client sessions", "%d", cli_new_calls);
    FACT("first", "client reused=%d server reused=%d", cr, sr);
    FACT("first callbacks", "client new=%s server new=%s", cli_new_calls > 0 ? "yes" : "no",
         srv_new_calls > 0 ? "yes" : "no");
    FACT("session", "version=%s cipher=%s resumable=%d",
         ct_vername(SSL_SESSION_get_protocol_version(s1)),
         SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(s1)), SSL_SESSION_is_resumable(s1));
    /* A TLS 1.2 client cannot tell from rustls whether it holds a ticket or an id
     * (README: deviations); TLS 1.3 sessions always hold a ticket. */
    if (ver == TLS1_3_VERSION)
        FACT("has_ticket", "%d", SSL_SESSION_has_ticket(s1));
    SSL_SESSION_get_id(s1, &idlen);
    FACT("session id", "%s", idlen > 0 ? "present" : "empty");
    FACT("hostname", "%s", SSL_SESSION_get0_hostname(s1) ? SSL_SESSION_get0_hostname(s1) : "(null)");
    FACT("get1 is the callback's", "%d", s1 == cli_last);

    /* i2d / d2i in the same process, then resume from the copy. */
    derlen = i2d_SSL_SESSION(s1, NULL);
    REQUIRE(derlen > 0);
    der = malloc(derlen);
    p = der;
    REQUIRE(i2d_SSL_SESSION(s1, &p) == derlen);
    cp = der;
    copy = d2i_SSL_SESSION(NULL, &cp, derlen);
    REQUIRE(copy != NULL && cp == der + derlen);
    FACT("copy", "version=%s cipher=%s", ct_vername(SSL_SESSION_get_protocol_version(copy)),
         SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(copy)));
    free(der);

    s2 = connect_once(cctx, sctx, copy, NULL, &cr, &sr);
    FACT("resume from copy", "client reused=%d server reused=%d", cr, sr);
    FACT("get callback used", "%s", srv_get_calls > 0 ? "yes" : "no");
    SSL_SESSION_free(copy);

    /* The newest session resumes again. */
    {
        int before = cli_new_calls;
        s3 = connect_once(cctx, sctx, s2, NULL, &cr, &sr);
        FACT("resume again", "client reused=%d server reused=%d", cr, sr);
        /* OpenSSL: at most one TLS 1.3 ticket after a resumption, and no new session
         * at all after a resumed TLS 1.2 handshake. */
        FACT("resume again: client sessions", "%d", cli_new_calls - before);
    }
    SSL_SESSION_free(s3);

    /* Another session id context on the server: no resumption with a cached session;
     * (stateless tickets carry the context they were made under). */
    s3 = connect_once(cctx, sctx, cli_last, "other", &cr, &sr);
    FACT("other sid_ctx", "client reused=%d", cr);
    SSL_SESSION_free(s3);

    /* A server with new ticket keys (a fresh context) cannot resume a ticket. */
    {
        SSL_CTX *sctx2 = ct_server_ctx(ver);
        REQUIRE(SSL_CTX_set_session_id_context(sctx2, (const unsigned char *)"app", 3) == 1);
        if (no_ticket)
            SSL_CTX_set_options(sctx2, SSL_OP_NO_TICKET);
        s3 = connect_once(cctx, sctx2, cli_last, NULL, &cr, &sr);
        FACT("other server", "client reused=%d server reused=%d", cr, sr);
        SSL_SESSION_free(s3);
        SSL_CTX_free(sctx2);
    }

    /* A connection freed without close_notify spoils its session (OpenSSL's
     * "bad session"): it no longer resumes. */
    clean_close = 0;
    s3 = connect_once(cctx, sctx, cli_last, NULL, &cr, &sr);
    FACT("unclean close", "reused=%d resumable after=%d", cr, SSL_SESSION_is_resumable(s3));
    SSL_SESSION_free(s3);
    clean_close = 1;

    /* Refcounts. */
    REQUIRE(SSL_SESSION_up_ref(s1) == 1);
    SSL_SESSION_free(s1);
    SSL_SESSION_free(s1);
    SSL_SESSION_free(s2);
    SSL_SESSION_free(cli_last);
    cli_last = NULL;
    clear_cache();
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

/* SSL_CTX_set_session_ticket_cb (stunnel): application data in tickets, and the
 * statuses the decrypt callback is given. */
static char dec_log[256];

static int tk_gen_cb(SSL *s, void *arg)
{
    (void)arg;
    return SSL_SESSION_set1_ticket_appdata(SSL_get_session(s), "app-data", 8);
}

static SSL_TICKET_RETURN tk_dec_cb(SSL *s, SSL_SESSION *ss, const unsigned char *name,
                                   size_t namelen, SSL_TICKET_STATUS st, void *arg)
{
    void *data = NULL;
    size_t len = 0;
    char one[64];
    (void)s; (void)name; (void)namelen; (void)arg;
    if (ss != NULL)
        SSL_SESSION_get0_ticket_appdata(ss, &data, &len);
    snprintf(one, sizeof(one), "[status=%d session=%s appdata=%.*s]", (int)st,
             ss ? "yes" : "no", (int)len, data ? (const char *)data : "");
    if (strlen(dec_log) + strlen(one) < sizeof(dec_log))
        strcat(dec_log, one);
    if (st == SSL_TICKET_SUCCESS || st == SSL_TICKET_SUCCESS_RENEW)
        return SSL_TICKET_RETURN_USE;
    return SSL_TICKET_RETURN_IGNORE_RENEW;
}

static void run_ticket_cb(int ver)
{
    SSL_CTX *sctx = ct_server_ctx(ver), *other = ct_server_ctx(ver), *cctx = ct_client_ctx(ver);
    SSL_SESSION *s1, *s2, *s3;
    int cr, sr;

    ct_prefix("%s ticket cb: ", ct_vername(ver));
    /* (OpenSSL keeps the peer's chain in a session whose ticket it renewed through this
     * callback; not a fact about the callback, not printed here.) */
    print_peer = 0;
    REQUIRE(SSL_CTX_set_session_ticket_cb(sctx, tk_gen_cb, tk_dec_cb, NULL) == 1);
    REQUIRE(SSL_CTX_set_session_ticket_cb(other, tk_gen_cb, tk_dec_cb, NULL) == 1);
    dec_log[0] = 0;
    s1 = connect_once(cctx, sctx, NULL, NULL, &cr, &sr);
    s2 = connect_once(cctx, sctx, s1, NULL, &cr, &sr);
    FACT("resumed", "client=%d server=%d decrypt callback: %s", cr, sr, dec_log);
    dec_log[0] = 0;
    s3 = connect_once(cctx, other, s2, NULL, &cr, &sr);
    FACT("other keys", "client=%d server=%d decrypt callback: %s", cr, sr, dec_log);
    SSL_SESSION_free(s1);
    SSL_SESSION_free(s2);
    SSL_SESSION_free(s3);
    SSL_CTX_free(sctx);
    SSL_CTX_free(other);
    SSL_CTX_free(cctx);
    print_peer = 1;
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(TLS1_3_VERSION, 0);
    run(TLS1_3_VERSION, 1);
    run(TLS1_2_VERSION, 0);
    run(TLS1_2_VERSION, 1);
    run_ticket_cb(TLS1_3_VERSION);
    run_ticket_cb(TLS1_2_VERSION);
    {
        SSL_SESSION *s = SSL_SESSION_new();
        ct_prefix("empty");
        FACT("new session", "resumable=%d version=%d has_ticket=%d timeout>0=%d",
             SSL_SESSION_is_resumable(s), SSL_SESSION_get_protocol_version(s),
             SSL_SESSION_has_ticket(s), SSL_SESSION_get_timeout(s) > 0);
        FACT("set1_id 33", "%d", SSL_SESSION_set1_id(s, (const unsigned char *)"0123456789012345678901234567890123", 33));
        ct_err("set1_id 33");
        FACT("set1_id_context 33", "%d", SSL_SESSION_set1_id_context(s, (const unsigned char *)"0123456789012345678901234567890123", 33));
        ct_err("set1_id_context 33");
        SSL_SESSION_free(s);
    }
    return 0;
}
