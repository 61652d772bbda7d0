/*
 * How many of the caller's BIO references does SSL_set_bio() consume, in every
 * combination of (current rbio, current wbio) x (new rbio, new wbio)? Prints one line
 * per case; run it against OpenSSL's libssl and against rustls-libssl and diff:
 *
 *   cc -o set_bio_refs fuzz/repro/set_bio_refs.c -lssl -lcrypto
 *   ./set_bio_refs > openssl.txt
 *   LD_LIBRARY_PATH=target/release ./set_bio_refs > ours.txt
 *   diff openssl.txt ours.txt
 *
 * A negative count means the library took a reference more than it was given (the BIO
 * is never freed).
 */
#include <stdio.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>

static int destroyed[4];

static int probe_create(BIO *b) { BIO_set_init(b, 1); return 1; }
static int probe_destroy(BIO *b) { destroyed[(long)BIO_get_data(b)] = 1; return 1; }

int main(void)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "probe");
    const char *nm[] = {"NULL", "A", "B", "C"};
    const int inits[3][2] = {{0, 0}, {1, 1}, {1, 2}};
    const int held = 10; /* extra references the caller keeps on each BIO */
    SSL_CTX *ctx;

    BIO_meth_set_create(m, probe_create);
    BIO_meth_set_destroy(m, probe_destroy);
    ctx = SSL_CTX_new(TLS_method());
    for (int i = 0; i < 3; i++)
        for (int r = 0; r < 4; r++)
            for (int w = 0; w < 4; w++) {
                BIO *b[4] = {NULL};
                SSL *s = SSL_new(ctx);

                for (long j = 1; j < 4; j++) {
                    b[j] = BIO_new(m);
                    BIO_set_data(b[j], (void *)j);
                    destroyed[j] = 0;
                    for (int k = 0; k < held; k++)
                        BIO_up_ref(b[j]);
                }
                /* the starting slots, each with a reference of its own */
                if (inits[i][0]) { BIO_up_ref(b[inits[i][0]]); SSL_set0_rbio(s, b[inits[i][0]]); }
                if (inits[i][1]) { BIO_up_ref(b[inits[i][1]]); SSL_set0_wbio(s, b[inits[i][1]]); }
                SSL_set_bio(s, b[r], b[w]);
                SSL_free(s);
                printf("slots (%s,%s), SSL_set_bio(%s,%s): consumed", nm[inits[i][0]],
                       nm[inits[i][1]], nm[r], nm[w]);
                for (int j = 1; j < 4; j++) {
                    int left = 0;

                    while (!destroyed[j] && left < 100) {
                        BIO_free(b[j]);
                        left++;
                    }
                    /* the creation reference + held, minus what SSL_set_bio consumed */
                    printf(" %s=%d", nm[j], held + 1 - left);
                }
                printf("\n");
            }
    SSL_CTX_free(ctx);
    BIO_meth_free(m);
    return 0;
}
