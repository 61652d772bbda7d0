/*
 * t_callbacks: the application callbacks around a handshake, for TLS 1.2 and TLS 1.3
 * (a client and a server in memory):
 *   - the key log (SSL_CTX_set_keylog_callback): which labels arrive on each side, that
 *     every line reads "LABEL <client random, 64 hex> <secret, hex>", that its client
 *     random is SSL_get_client_random's, that both sides log the same lines;
 *   - the info callback (the client's set on its context, the server's on the connection,
 *     overriding its context's): SSL_CB_HANDSHAKE_START / SSL_CB_HANDSHAKE_DONE counts
 *     for one handshake (and after application data and TLS 1.3 tickets), an
 *     ACCEPT_EXIT / CONNECT_EXIT with ret 1, and the getters (no per-state LOOP or ALERT
 *     events: README deviations);
 *   - the client-hello callback: the SSL_client_hello_get* functions inside it (SNI,
 *     supported_versions, an absent type, the cipher list, the extension types, legacy
 *     version, random), outside it (0), a callback that refuses the hello (errors and
 *     alert on both sides), a callback that switches to the ECDSA context;
 *   - ticket keys: SSL_CTX_set_tlsext_ticket_key_cb (HMAC_CTX) and
 *     SSL_CTX_set_tlsext_ticket_key_evp_cb (EVP_MAC_CTX) with the application's keys:
 *     resumption, whether the callback encrypted (a new ticket) and decrypted, for a
 *     callback that accepts the ticket (returns 1: no new ticket), renews it (returns 2)
 *     or declines it (returns 0: a full handshake); SSL_CTX_set_tlsext_ticket_keys shared
 *     by two server contexts (a ticket from one resumes on the other, not on a third
 *     context with other keys).
 * Cipher suites are pinned (TLS_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256) so the
 * secret lengths are facts.
 */
#include "common.h"

#include <ctype.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#define SUITE13 "TLS_AES_128_GCM_SHA256"
#define SUITE12 "ECDHE-RSA-AES128-GCM-SHA256"
#define SUITE13_ID 0x1301
#define SUITE12_ID 0xc02f

static void pin_suite(SSL_CTX *ctx, int ver)
{
    if (ver == TLS1_3_VERSION)
        REQUIRE(SSL_CTX_set_ciphersuites(ctx, SUITE13) == 1);
    else
        REQUIRE(SSL_CTX_set_cipher_list(ctx, SUITE12) == 1);
}

/* The client offers its session `offer` (may be NULL); the server writes a byte the
 * client reads (so TLS 1.3 tickets arrive), then close_notify both ways. Returns the
 * client's session (a reference); *c_reused / *s_reused: SSL_session_reused. */
static SSL_SESSION *connect_once(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *offer,
                                 int *c_reused, int *s_reused)
{
    ct_pair p;
    unsigned char b = 0;
    SSL_SESSION *got;

    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    SSL_set_tlsext_host_name(p.c, "localhost");
    if (offer)
        REQUIRE(SSL_set_session(p.c, offer) == 1);
    ct_handshake(&p);
    REQUIRE(SSL_write(p.s, "x", 1) == 1);
    ct_pump(&p);
    REQUIRE(SSL_read(p.c, &b, 1) == 1 && b == 'x');
    *c_reused = SSL_session_reused(p.c);
    *s_reused = SSL_session_reused(p.s);
    got = SSL_get1_session(p.c);
    REQUIRE(got != NULL);
    SSL_shutdown(p.c);
    ct_pump(&p);
    SSL_shutdown(p.s);
    ct_pump(&p);
    ct_pair_free(&p);
    return got;
}

static void hex(char *out, const unsigned char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
    out[2 * n] = '\0';
}

/* ------------------------------------------------------------------------- */
/* Key log                                                                    */
/* ------------------------------------------------------------------------- */

#define MAXLINES 64
static struct {
    const SSL *ssl;
    char line[512];
} klog[MAXLINES];
static int nklog, klog_overflow;

static void keylog_cb(const SSL *ssl, const char *line)
{
    if (nklog >= MAXLINES) {
        klog_overflow = 1;
        return;
    }
    klog[nklog].ssl = ssl;
    snprintf(klog[nklog].line, sizeof(klog[0].line), "%s", line);
    nklog++;
}

static int is_hex(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The facts about the lines one side logged. */
static void keylog_side(const char *side, SSL *ssl, const char **sorted, int *nsorted)
{
    unsigned char cr[32];
    char crhex[65], labels[512], lens[64], buf[128];
    const char *lab[MAXLINES];
    int nlab = 0, i, well = 1, crmatch = 1, secret_hex = -1, mixed_len = 0, lower = 1;

    REQUIRE(SSL_get_client_random(ssl, cr, sizeof(cr)) == sizeof(cr));
    hex(crhex, cr, sizeof(cr));
    *nsorted = 0;
    for (i = 0; i < nklog; i++) {
        const char *l = klog[i].line, *sp1, *sp2;
        size_t llen = strlen(l);

        if (klog[i].ssl != ssl)
            continue;
        sorted[(*nsorted)++] = l;
        sp1 = strchr(l, ' ');
        sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        if (sp1 == NULL || sp2 == NULL || strchr(sp2 + 1, ' ') != NULL || sp1 == l ||
            sp2 - sp1 - 1 != 64 || !is_hex(sp1 + 1, 64) || (l + llen) - (sp2 + 1) < 2 ||
            ((l + llen) - (sp2 + 1)) % 2 != 0 || !is_hex(sp2 + 1, (size_t)((l + llen) - (sp2 + 1)))) {
            well = 0;
            continue;
        }
        for (const char *c = sp1 + 1; *c; c++)
            if (isupper((unsigned char)*c))
                lower = 0;
        if (strncasecmp(sp1 + 1, crhex, 64) != 0)
            crmatch = 0;
        if (secret_hex < 0)
            secret_hex = (int)((l + llen) - (sp2 + 1));
        else if (secret_hex != (int)((l + llen) - (sp2 + 1)))
            mixed_len = 1;
        {
            static char labbuf[MAXLINES][64];
            snprintf(labbuf[nlab], sizeof(labbuf[0]), "%.*s", (int)(sp1 - l), l);
            lab[nlab] = labbuf[nlab];
            nlab++;
        }
    }
    qsort(lab, (size_t)nlab, sizeof(lab[0]), cmp_str);
    labels[0] = '\0';
    for (i = 0; i < nlab; i++) {
        int n = 1;

        while (i + 1 < nlab && strcmp(lab[i], lab[i + 1]) == 0) {
            n++;
            i++;
        }
        snprintf(labels + strlen(labels), sizeof(labels) - strlen(labels), "%s%s%s",
                 labels[0] ? " " : "", lab[i], n > 1 ? "(x2+)" : "");
    }
    if (mixed_len)
        snprintf(lens, sizeof(lens), "mixed");
    else
        snprintf(lens, sizeof(lens), "%d", secret_hex);
    snprintf(buf, sizeof(buf), "keylog.%s.labels", side);
    FACT(buf, "%s", nlab ? labels : "(none)");
    snprintf(buf, sizeof(buf), "keylog.%s.well_formed", side);
    FACT(buf, "%d", well);
    snprintf(buf, sizeof(buf), "keylog.%s.lowercase_hex", side);
    FACT(buf, "%d", lower);
    snprintf(buf, sizeof(buf), "keylog.%s.client_random_matches", side);
    FACT(buf, "%d", crmatch);
    snprintf(buf, sizeof(buf), "keylog.%s.secret_hex_len", side);
    FACT(buf, "%s", lens);
    qsort(sorted, (size_t)*nsorted, sizeof(sorted[0]), cmp_str);
}

static void run_keylog(int ver)
{
    SSL_CTX *cctx = ct_client_ctx(ver), *sctx = ct_server_ctx(ver);
    const char *cl[MAXLINES], *sl[MAXLINES];
    int ncl, nsl, same, i;
    ct_pair p;

    ct_prefix("%s.", ct_vername(ver));
    pin_suite(sctx, ver);
    SSL_CTX_set_keylog_callback(cctx, keylog_cb);
    SSL_CTX_set_keylog_callback(sctx, keylog_cb);
    FACT("keylog.get_callback", "%s", SSL_CTX_get_keylog_callback(cctx) == keylog_cb ? "same"
         : "other");
    nklog = 0;
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    ct_handshake(&p);
    REQUIRE(!klog_overflow);
    keylog_side("client", p.c, cl, &ncl);
    keylog_side("server", p.s, sl, &nsl);
    same = ncl == nsl;
    for (i = 0; same && i < ncl; i++)
        same = strcmp(cl[i], sl[i]) == 0;
    FACT("keylog.both_sides_same_lines", "%d", same);
    {
        int other = 0;
        for (i = 0; i < nklog; i++)
            if (klog[i].ssl != p.c && klog[i].ssl != p.s)
                other++;
        FACT("keylog.lines_for_other_ssl", "%d", other);
    }
    ct_pair_free(&p);

    /* No callback: nothing arrives (the getter says NULL). */
    SSL_CTX_set_keylog_callback(cctx, NULL);
    SSL_CTX_set_keylog_callback(sctx, NULL);
    FACT("keylog.get_after_clear", "%s", SSL_CTX_get_keylog_callback(cctx) ? "set" : "NULL");
    nklog = 0;
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    ct_handshake(&p);
    FACT("keylog.lines_without_callback", "%d", nklog);
    ct_pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ------------------------------------------------------------------------- */
/* Info callback                                                              */
/* ------------------------------------------------------------------------- */

typedef struct {
    const SSL *ssl;
    int start, done, exit_ok, exit_wrong_role;
} info_rec;
static info_rec info_c, info_s;

static void info_cb(const SSL *ssl, int where, int ret)
{
    info_rec *r = ssl == info_c.ssl ? &info_c : ssl == info_s.ssl ? &info_s : NULL;

    if (r == NULL)
        return;
    if (where & SSL_CB_HANDSHAKE_START)
        r->start++;
    if (where & SSL_CB_HANDSHAKE_DONE)
        r->done++;
    if ((where & SSL_CB_EXIT) && ret == 1) {
        int want = r == &info_c ? SSL_ST_CONNECT : SSL_ST_ACCEPT;

        if (where & want)
            r->exit_ok++;
        else
            r->exit_wrong_role++;
    }
}

/* The server context's own callback, which the connection's overrides. */
static int info_ctx_other_calls;

static void info_cb_ctx_other(const SSL *ssl, int where, int ret)
{
    (void)ssl; (void)where; (void)ret;
    info_ctx_other_calls++;
}

static void info_facts(const char *when)
{
    char n[128];

    snprintf(n, sizeof(n), "info.%s.client", when);
    FACT(n, "handshake_start=%d handshake_done=%d connect_exit_ret1=%s%s", info_c.start,
         info_c.done, info_c.exit_ok ? "seen" : "not seen",
         info_c.exit_wrong_role ? " (ACCEPT_EXIT too)" : "");
    snprintf(n, sizeof(n), "info.%s.server", when);
    FACT(n, "handshake_start=%d handshake_done=%d accept_exit_ret1=%s%s", info_s.start,
         info_s.done, info_s.exit_ok ? "seen" : "not seen",
         info_s.exit_wrong_role ? " (CONNECT_EXIT too)" : "");
}

static void run_info(int ver)
{
    SSL_CTX *cctx = ct_client_ctx(ver), *sctx = ct_server_ctx(ver);
    ct_pair p;
    unsigned char b;

    ct_prefix("%s.", ct_vername(ver));
    /* the client's through its context, the server's on the connection */
    SSL_CTX_set_info_callback(cctx, info_cb);
    FACT("info.ctx_get", "%s", SSL_CTX_get_info_callback(cctx) == info_cb ? "same" : "other");
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    FACT("info.ssl_get.client", "%s", SSL_get_info_callback(p.c) ? "set" : "NULL");
    SSL_set_info_callback(p.s, info_cb);
    FACT("info.ssl_get.server", "%s", SSL_get_info_callback(p.s) == info_cb ? "same" : "other");
    FACT("info.ctx_get.server", "%s", SSL_CTX_get_info_callback(sctx) ? "set" : "NULL");
    /* set after SSL_new: the context's callback is looked up when it is needed */
    SSL_CTX_set_info_callback(sctx, info_cb_ctx_other);
    info_ctx_other_calls = 0;
    memset(&info_c, 0, sizeof(info_c));
    memset(&info_s, 0, sizeof(info_s));
    info_c.ssl = p.c;
    info_s.ssl = p.s;
    REQUIRE(ct_handshake_nb(&p, NULL, NULL) == 1);
    info_facts("handshake");
    /* application data both ways (TLS 1.3: the client reads the tickets first) */
    REQUIRE(SSL_write(p.s, "s", 1) == 1);
    ct_pump(&p);
    REQUIRE(SSL_read(p.c, &b, 1) == 1);
    REQUIRE(SSL_write(p.c, "c", 1) == 1);
    ct_pump(&p);
    REQUIRE(SSL_read(p.s, &b, 1) == 1);
    info_facts("after_data");
    FACT("info.server_ctx_callback_calls (overridden by the connection's)", "%d",
         info_ctx_other_calls);
    ct_pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ------------------------------------------------------------------------- */
/* Client-hello callback                                                      */
/* ------------------------------------------------------------------------- */

enum { CH_INSPECT, CH_REFUSE, CH_SWITCH };
static int ch_mode, ch_calls, ch_ver;
static SSL_CTX *ch_ec_ctx;
static char ch_facts[32][160];
static int ch_nfacts;

#define CHF(...) snprintf(ch_facts[ch_nfacts < 31 ? ch_nfacts++ : 31], sizeof(ch_facts[0]), \
                          __VA_ARGS__)

static int ch_cb(SSL *s, int *al, void *arg)
{
    const unsigned char *p = NULL;
    size_t len = 0, i;
    int *exts = NULL, r;

    (void)arg;
    ch_calls++;
    if (ch_mode == CH_REFUSE) {
        *al = SSL_AD_HANDSHAKE_FAILURE;
        return SSL_CLIENT_HELLO_ERROR;
    }
    if (ch_mode == CH_SWITCH) {
        REQUIRE(SSL_set_SSL_CTX(s, ch_ec_ctx) == ch_ec_ctx);
        return SSL_CLIENT_HELLO_SUCCESS;
    }
    CHF("isv2=%d", SSL_client_hello_isv2(s));
    CHF("legacy_version=0x%04x", SSL_client_hello_get0_legacy_version(s));
    CHF("random_len=%zu", SSL_client_hello_get0_random(s, &p));
    len = SSL_client_hello_get0_compression_methods(s, &p);
    CHF("compression_methods=%zu first=%d", len, len && p ? p[0] : -1);
    /* server_name: list length (2), type (1), name length (2), name */
    r = SSL_client_hello_get0_ext(s, TLSEXT_TYPE_server_name, &p, &len);
    if (r == 1 && p != NULL && len >= 5 && p[2] == 0 && (size_t)((p[3] << 8) | p[4]) == len - 5 &&
        (size_t)((p[0] << 8) | p[1]) == len - 2)
        CHF("ext server_name: ret=%d name=%.*s", r, (int)(len - 5), (const char *)p + 5);
    else
        CHF("ext server_name: ret=%d (malformed or absent, len=%zu)", r, len);
    r = SSL_client_hello_get0_ext(s, TLSEXT_TYPE_supported_versions, &p, &len);
    if (ch_ver == TLS1_3_VERSION) {
        int has13 = 0;

        /* a list length byte, then two bytes a version */
        for (i = 1; r == 1 && p != NULL && i + 1 < len; i += 2)
            if (p[i] == 0x03 && p[i + 1] == 0x04)
                has13 = 1;
        CHF("ext supported_versions: ret=%d lists 0x0304=%d", r, has13);
    }
    p = (const unsigned char *)"untouched";
    len = 4242;
    r = SSL_client_hello_get0_ext(s, 0xfefe, &p, &len);
    CHF("ext 0xfefe (not sent): ret=%d out untouched=%d", r,
        p != NULL && memcmp(p, "untouched", 9) == 0 && len == 4242);
    len = SSL_client_hello_get0_ciphers(s, &p);
    {
        int found = 0, want = ch_ver == TLS1_3_VERSION ? SUITE13_ID : SUITE12_ID;

        for (i = 0; p != NULL && i + 1 < len; i += 2)
            if (((p[i] << 8) | p[i + 1]) == want)
                found = 1;
        CHF("ciphers: even length=%d has pinned suite=%d", len % 2 == 0, found);
    }
    r = SSL_client_hello_get1_extensions_present(s, &exts, &len);
    {
        int has0 = 0, has10 = 0;

        for (i = 0; exts != NULL && i < len; i++) {
            if (exts[i] == 0)
                has0 = 1;
            if (exts[i] == 10)
                has10 = 1;
        }
        CHF("extensions_present: ret=%d has 0=%d has 10=%d", r, has0, has10);
        OPENSSL_free(exts);
    }
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void run_client_hello(int ver)
{
    SSL_CTX *cctx = ct_client_ctx(ver), *sctx = ct_server_ctx(ver);
    ct_pair p;
    int i, ok, cret = 0, sret = 0;
    const unsigned char *q;
    int *exts = NULL;
    size_t len;

    ct_prefix("%s.", ct_vername(ver));
    ch_ver = ver;
    pin_suite(cctx, ver);
    SSL_CTX_set_client_hello_cb(sctx, ch_cb, NULL);

    /* inspect */
    ch_mode = CH_INSPECT;
    ch_calls = ch_nfacts = 0;
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    REQUIRE(SSL_set_tlsext_host_name(p.c, "hello.example") == 1);
    ok = ct_handshake_nb(&p, NULL, NULL);
    FACT("client_hello.inspect.handshake_ok", "%d", ok);
    FACT("client_hello.inspect.calls", "%d", ch_calls);
    for (i = 0; i < ch_nfacts; i++)
        FACT("client_hello.inspect", "%s", ch_facts[i]);
    /* outside the callback: nothing */
    FACT("client_hello.after.getters",
         "legacy_version=%u random=%zu session_id=%zu ciphers=%zu compression=%zu "
         "ext0=%d extensions_present=%d",
         SSL_client_hello_get0_legacy_version(p.s), SSL_client_hello_get0_random(p.s, &q),
         SSL_client_hello_get0_session_id(p.s, &q), SSL_client_hello_get0_ciphers(p.s, &q),
         SSL_client_hello_get0_compression_methods(p.s, &q),
         SSL_client_hello_get0_ext(p.s, 0, &q, &len),
         SSL_client_hello_get1_extensions_present(p.s, &exts, &len));
    OPENSSL_free(exts);
    ct_pair_free(&p);

    /* refuse with handshake_failure: the server fails in SSL_do_handshake; then the
     * client reads what the server sent */
    ch_mode = CH_REFUSE;
    ch_calls = 0;
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("client_hello.refuse.handshake_ok", "%d", ok);
    FACT("client_hello.refuse.calls", "%d", ch_calls);
    FACT("client_hello.refuse.server", "ret=%d err=%d", sret, SSL_get_error(p.s, sret));
    ct_err("client_hello.refuse.server.error");
    ERR_clear_error();
    ct_pump(&p);
    cret = SSL_do_handshake(p.c);
    FACT("client_hello.refuse.client", "ret=%d err=%d", cret, SSL_get_error(p.c, cret));
    ct_err("client_hello.refuse.client.error");
    {
        unsigned long e = ERR_peek_error();
        int r = ERR_GET_REASON(e);

        FACT("client_hello.refuse.client.alert", "%d", ERR_GET_LIB(e) == ERR_LIB_SSL &&
             r >= SSL_AD_REASON_OFFSET && r < SSL_AD_REASON_OFFSET + 256
             ? r - SSL_AD_REASON_OFFSET : -1);
    }
    ERR_clear_error();
    ct_pair_free(&p);

    /* switch to the ECDSA context */
    ch_mode = CH_SWITCH;
    ch_calls = 0;
    {
        SSL_CTX *cc = ct_client_ctx(ver);
        X509 *peer;

        ct_pair_init(&p, CT_MEM, cc, sctx, 0);
        ok = ct_handshake_nb(&p, NULL, NULL);
        FACT("client_hello.switch.handshake_ok", "%d", ok);
        FACT("client_hello.switch.calls", "%d", ch_calls);
        peer = SSL_get1_peer_certificate(p.c);
        FACT("client_hello.switch.client_peer_key", "%s", peer == NULL ? "none"
             : EVP_PKEY_get_base_id(X509_get0_pubkey(peer)) == EVP_PKEY_EC ? "ec" : "rsa");
        FACT("client_hello.switch.server_ctx", "%s", SSL_get_SSL_CTX(p.s) == ch_ec_ctx ? "ec"
             : "other");
        X509_free(peer);
        ct_pair_free(&p);
        SSL_CTX_free(cc);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ------------------------------------------------------------------------- */
/* Ticket keys                                                                */
/* ------------------------------------------------------------------------- */

static const unsigned char tk_name[16] = "ctests-tick-key1";
static const unsigned char tk_aes[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char tk_hmac[32] = "fedcba9876543210fedcba9876543210";
static int tk_enc, tk_dec, tk_dec_known, tk_decline, tk_renew;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static int tk_legacy_cb(SSL *s, unsigned char key_name[16], unsigned char *iv,
                        EVP_CIPHER_CTX *ectx, HMAC_CTX *hctx, int enc)
{
    (void)s;
    if (enc) {
        tk_enc++;
        memcpy(key_name, tk_name, 16);
        if (RAND_bytes(iv, 16) != 1)
            return -1;
        if (EVP_EncryptInit_ex(ectx, EVP_aes_256_cbc(), NULL, tk_aes, iv) != 1 ||
            HMAC_Init_ex(hctx, tk_hmac, sizeof(tk_hmac), EVP_sha256(), NULL) != 1)
            return -1;
        return 1;
    }
    tk_dec++;
    if (memcmp(key_name, tk_name, 16) != 0)
        return 0;
    tk_dec_known++;
    if (tk_decline)
        return 0;
    if (HMAC_Init_ex(hctx, tk_hmac, sizeof(tk_hmac), EVP_sha256(), NULL) != 1 ||
        EVP_DecryptInit_ex(ectx, EVP_aes_256_cbc(), NULL, tk_aes, iv) != 1)
        return -1;
    return tk_renew ? 2 : 1;
}
#pragma GCC diagnostic pop

static int tk_evp_cb(SSL *s, unsigned char key_name[16], unsigned char *iv,
                     EVP_CIPHER_CTX *ectx, EVP_MAC_CTX *hctx, int enc)
{
    OSSL_PARAM params[3];

    (void)s;
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, (void *)tk_hmac,
                                                  sizeof(tk_hmac));
    params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[2] = OSSL_PARAM_construct_end();
    if (enc) {
        tk_enc++;
        memcpy(key_name, tk_name, 16);
        if (RAND_bytes(iv, 16) != 1)
            return -1;
        if (EVP_EncryptInit_ex(ectx, EVP_aes_256_cbc(), NULL, tk_aes, iv) != 1 ||
            EVP_MAC_CTX_set_params(hctx, params) != 1)
            return -1;
        return 1;
    }
    tk_dec++;
    if (memcmp(key_name, tk_name, 16) != 0)
        return 0;
    tk_dec_known++;
    if (tk_decline)
        return 0;
    if (EVP_MAC_CTX_set_params(hctx, params) != 1 ||
        EVP_DecryptInit_ex(ectx, EVP_aes_256_cbc(), NULL, tk_aes, iv) != 1)
        return -1;
    return tk_renew ? 2 : 1;
}

static void tk_reset(void)
{
    tk_enc = tk_dec = tk_dec_known = tk_decline = tk_renew = 0;
}

static void tk_facts(const char *name, int cr, int sr)
{
    FACT(name, "client reused=%d server reused=%d enc=%s dec=%s dec_known_name=%s", cr, sr,
         tk_enc ? "yes" : "no", tk_dec ? "yes" : "no", tk_dec_known ? "yes" : "no");
}

/* A fresh session from a full handshake, then a connection offering it. (A TLS 1.3 client
 * session of ours resumes once: README deviations; so every resumption gets its own.) */
static void resume_case(const char *name, SSL_CTX *cctx, SSL_CTX *sctx, int renew, int decline)
{
    SSL_SESSION *s1, *s2;
    int cr, sr;

    tk_reset();
    s1 = connect_once(cctx, sctx, NULL, &cr, &sr);
    REQUIRE(cr == 0 && sr == 0);
    tk_reset();
    tk_renew = renew;
    tk_decline = decline;
    s2 = connect_once(cctx, sctx, s1, &cr, &sr);
    tk_facts(name, cr, sr);
    SSL_SESSION_free(s2);
    SSL_SESSION_free(s1);
}

static void run_ticket_cb(int ver, int evp)
{
    SSL_CTX *cctx = ct_client_ctx(ver), *sctx = ct_server_ctx(ver);
    SSL_SESSION *s1;
    int cr, sr;

    ct_prefix("%s.%s.", ct_vername(ver), evp ? "ticket_key_evp_cb" : "ticket_key_cb");
    if (evp) {
        REQUIRE(SSL_CTX_set_tlsext_ticket_key_evp_cb(sctx, tk_evp_cb) == 1);
    } else {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        REQUIRE(SSL_CTX_set_tlsext_ticket_key_cb(sctx, tk_legacy_cb) == 1);
#pragma GCC diagnostic pop
    }

    tk_reset();
    s1 = connect_once(cctx, sctx, NULL, &cr, &sr);
    tk_facts("first", cr, sr);
    /* (a TLS 1.2 client session of ours reports has_ticket 0: README deviations) */
    if (ver == TLS1_3_VERSION)
        FACT("first.session", "has_ticket=%d", SSL_SESSION_has_ticket(s1));
    FACT("first.session", "resumable=%d", SSL_SESSION_is_resumable(s1));
    SSL_SESSION_free(s1);

    /* the callback accepts the ticket (returns 1) */
    resume_case("resume", cctx, sctx, 0, 0);
    /* the callback accepts and asks for a new ticket (returns 2) */
    resume_case("renew", cctx, sctx, 1, 0);
    /* the callback declines to decrypt (returns 0): a full handshake */
    resume_case("decline", cctx, sctx, 0, 1);

    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void run_ticket_keys(int ver)
{
    SSL_CTX *cctx = ct_client_ctx(ver), *a = ct_server_ctx(ver), *b = ct_server_ctx(ver),
            *c = ct_server_ctx(ver);
    unsigned char keys[80], other[80];
    SSL_SESSION *s1, *s2;
    int cr, sr;

    ct_prefix("%s.ticket_keys.", ct_vername(ver));
    memcpy(keys, tk_name, 16);
    memcpy(keys + 16, tk_hmac, 32);
    memcpy(keys + 48, tk_aes, 32);
    memcpy(other, keys, 80);
    other[0] ^= 1;
    FACT("set_a", "%ld", SSL_CTX_set_tlsext_ticket_keys(a, keys, sizeof(keys)));
    FACT("set_b", "%ld", SSL_CTX_set_tlsext_ticket_keys(b, keys, sizeof(keys)));
    FACT("set_c_other", "%ld", SSL_CTX_set_tlsext_ticket_keys(c, other, sizeof(other)));
    {
        unsigned char got[80];
        long r;

        memset(got, 0, sizeof(got));
        r = SSL_CTX_get_tlsext_ticket_keys(b, got, sizeof(got));
        FACT("get_b", "%ld same=%d", r, memcmp(got, keys, 80) == 0);
    }
    s1 = connect_once(cctx, a, NULL, &cr, &sr);
    FACT("first on a", "client reused=%d server reused=%d", cr, sr);
    s2 = connect_once(cctx, b, s1, &cr, &sr);
    FACT("a's ticket on b", "client reused=%d server reused=%d", cr, sr);
    SSL_SESSION_free(s2);
    SSL_SESSION_free(s1);
    s1 = connect_once(cctx, a, NULL, &cr, &sr);
    s2 = connect_once(cctx, c, s1, &cr, &sr);
    FACT("a's ticket on c (other keys)", "client reused=%d server reused=%d", cr, sr);
    SSL_SESSION_free(s2);
    SSL_SESSION_free(s1);
    SSL_CTX_free(cctx);
    SSL_CTX_free(a);
    SSL_CTX_free(b);
    SSL_CTX_free(c);
}

int main(int argc, char **argv)
{
    int vers[2] = { TLS1_2_VERSION, TLS1_3_VERSION };
    int i;

    ct_init(argc, argv);
    ch_ec_ctx = ct_server_ctx_ex(0, 1);
    for (i = 0; i < 2; i++) {
        run_keylog(vers[i]);
        run_info(vers[i]);
        run_client_hello(vers[i]);
        run_ticket_cb(vers[i], 0);
        run_ticket_cb(vers[i], 1);
        run_ticket_keys(vers[i]);
    }
    SSL_CTX_free(ch_ec_ctx);
    return 0;
}
