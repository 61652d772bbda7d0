/*
 * t_ekm: SSL_export_keying_material (RFC 5705 / RFC 8446 exporters), as used for
 *   channel bindings. Facts: the return value before the handshake and after it; that
 *   client and server derive the same bytes; that the label, the context and
 *   use_context change the output (TLS 1.2: no context differs from an empty one;
 *   TLS 1.3: they are the same); and, for unusable calls, the ERR entry. Also
 *   SSL_get_finished / SSL_get_peer_finished are not compared (rustls does not expose
 *   Finished messages; README: deviations).
 */
#include "common.h"

static int ekm(SSL *s, unsigned char *out, const char *label, const char *ctx, int use)
{
    return SSL_export_keying_material(s, out, 32, label, strlen(label),
                                      (const unsigned char *)ctx, ctx ? strlen(ctx) : 0, use);
}

static void run(int ver)
{
    ct_pair p;
    unsigned char a[32], b[32], c[32], d[32], e[32];
    int r;

    ct_prefix("%s ", ct_vername(ver));
    ct_pair_new(&p, CT_MEM, ver, 0);
    ERR_clear_error();
    r = ekm(p.c, a, "EXPERIMENTAL-test", NULL, 0);
    FACT("before handshake", "%d", r > 0 ? 1 : r);
    ERR_clear_error();
    ct_handshake(&p);
    REQUIRE(ekm(p.c, a, "EXPERIMENTAL-test", "ctx", 1) == 1);
    REQUIRE(ekm(p.s, b, "EXPERIMENTAL-test", "ctx", 1) == 1);
    FACT("both sides agree", "%d", memcmp(a, b, 32) == 0);
    REQUIRE(ekm(p.c, c, "EXPERIMENTAL-other", "ctx", 1) == 1);
    FACT("label matters", "%d", memcmp(a, c, 32) != 0);
    REQUIRE(ekm(p.c, c, "EXPERIMENTAL-test", "ctx2", 1) == 1);
    FACT("context matters", "%d", memcmp(a, c, 32) != 0);
    REQUIRE(ekm(p.c, d, "EXPERIMENTAL-test", NULL, 0) == 1);
    REQUIRE(ekm(p.c, e, "EXPERIMENTAL-test", "", 1) == 1);
    FACT("no context == empty context", "%d", memcmp(d, e, 32) == 0);
    REQUIRE(ekm(p.s, b, "EXPERIMENTAL-test", NULL, 0) == 1);
    FACT("no context agrees", "%d", memcmp(d, b, 32) == 0);
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    return 0;
}
