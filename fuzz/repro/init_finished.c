/*
 * A client and a server over BIO pairs with 1-byte buffers; the program relays the
 * bytes between the pairs through an unbounded queue, and calls SSL_do_handshake on
 * each side until it returns 1. With "trust" it instead stops calling it as soon as
 * SSL_is_init_finished() returns 1 (as event loops that test it do).
 *
 *   cc -o init_finished fuzz/repro/init_finished.c -lssl -lcrypto
 *   ./init_finished ctests/certs 1.2 trust                                # OpenSSL
 *   LD_LIBRARY_PATH=target/release ./init_finished ctests/certs 1.2 trust # ours
 *
 * Prints each SSL_do_handshake that failed with WANT_READ/WANT_WRITE while
 * SSL_is_init_finished() already returned 1 (OpenSSL: never), and whether the
 * handshake completed on both sides.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>

static char q[2][1 << 16];
static size_t qn[2];

static void relay(BIO *from, BIO *to, int d)
{
    while (qn[d] < sizeof(q[d]) && BIO_read(from, q[d] + qn[d], 1) == 1)
        qn[d]++;
    while (qn[d] > 0 && BIO_write(to, q[d], 1) == 1)
        memmove(q[d], q[d] + 1, --qn[d]);
}

int main(int argc, char **argv)
{
    char cert[512], key[512];
    int trust = argc > 3 && strcmp(argv[3], "trust") == 0;
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    const char *name[2] = {"client", "server"};
    SSL *ssl[2];
    BIO *in[2], *net[2];
    int done[2] = {0, 0}, reported[2] = {0, 0};

    if (argc < 3) {
        fprintf(stderr, "usage: %s CERTDIR 1.2|1.3 [trust]\n", argv[0]);
        return 2;
    }
    snprintf(cert, sizeof(cert), "%s/server.pem", argv[1]);
    snprintf(key, sizeof(key), "%s/server.key", argv[1]);
    if (strcmp(argv[2], "1.2") == 0)
        SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
    else
        SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION);
    if (SSL_CTX_use_certificate_file(sctx, cert, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_use_PrivateKey_file(sctx, key, SSL_FILETYPE_PEM) != 1)
        return 2;
    ssl[0] = SSL_new(cctx);
    ssl[1] = SSL_new(sctx);
    for (int i = 0; i < 2; i++) {
        BIO_new_bio_pair(&in[i], 1, &net[i], 1);
        SSL_set_bio(ssl[i], in[i], in[i]);
    }
    SSL_set_connect_state(ssl[0]);
    SSL_set_accept_state(ssl[1]);
    for (int round = 0; round < 100000 && !(done[0] && done[1]); round++) {
        for (int i = 0; i < 2; i++) {
            int r, e;

            if (done[i])
                continue;
            r = SSL_do_handshake(ssl[i]);
            if (r == 1) {
                done[i] = 1;
                continue;
            }
            e = SSL_get_error(ssl[i], r);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
                printf("%s: SSL_get_error %d\n", name[i], e);
                return 2;
            }
            if (SSL_is_init_finished(ssl[i])) {
                if (!reported[i]++)
                    printf("%s: SSL_do_handshake -> %d (%s) with SSL_is_init_finished() = 1\n",
                           name[i], r, e == SSL_ERROR_WANT_WRITE ? "WANT_WRITE" : "WANT_READ");
                if (trust)
                    done[i] = 1;
            }
        }
        relay(net[0], net[1], 0);
        relay(net[1], net[0], 1);
    }
    printf("client in_init=%d, server in_init=%d: handshake %s\n", SSL_in_init(ssl[0]),
           SSL_in_init(ssl[1]),
           SSL_in_init(ssl[0]) || SSL_in_init(ssl[1]) ? "STALLED" : "complete");
    for (int i = 0; i < 2; i++) {
        SSL_free(ssl[i]);
        BIO_free(net[i]);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
