/*
 * tlsc - a minimal line-oriented TLS client written against OpenSSL 3's
 * public libssl API, used by ctests/peers.sh to talk to unmodified system
 * servers (openssl s_server, gnutls-serv).
 *
 *   tlsc [-m MSG]... [-v none|peer] [-H NAME] [-c CERT -k KEY] [-i]
 *        HOST PORT CAFILE [tls12|tls13|any]
 *
 * Connects to HOST:PORT over TCP (HOST must be "localhost" or a loopback
 * IPv4 address; "localhost" means 127.0.0.1), runs SSL_connect with
 * CAFILE as the only trust anchor and HOST (or -H NAME) as the expected
 * host name (SSL_set1_host), then for each -m MSG (default: one message
 * "hello from tlsc") writes MSG plus a newline and reads one line back.
 * Finally sends close_notify with SSL_shutdown. With -c CERT -k KEY the
 * client has a certificate (SSL_CTX_use_certificate_chain_file, PEM) and
 * private key (SSL_CTX_use_PrivateKey_file, PEM) to offer when the server
 * asks for one.
 *
 * stdout carries one "name: value" fact per line, so that the output under
 * two different libssl.so.3 builds can be compared:
 *   handshake: ok | failed ret=R ssl_error=E err=lib=L reason=N
 *   version: TLSv1.3            (SSL_get_version)
 *   verify: 0                   (SSL_get_verify_result)
 *   peer: CN=localhost RSA      (subject CN and key type of the peer cert:
 *                                RSA, RSA-PSS, EC, ED25519, ED448 or other)
 * and with -i, after "peer:":
 *   peer_key: EC 384 P-384      (key type, bits and, for EC, the curve)
 *   cipher: TLS_AES_256_GCM_SHA384  (SSL_CIPHER_get_name of the current one)
 *   write1: ok N | failed ...
 *   reply1: <line> | failed ...
 *   flags_before_shutdown: F   (SSL_get_shutdown before SSL_shutdown)
 *   shutdown: R                 (first SSL_shutdown return value)
 *   shutdown_flags: F           (SSL_get_shutdown afterwards)
 * stderr gets the path of the libssl that was loaded and, on failures, the
 * OpenSSL error queue. Exit status: 0 if every step succeeded, 1 if some
 * step failed (the facts say which), 2 on usage or local setup errors.
 *
 * Every wait is bounded: socket timeouts of 8 s and an alarm after 20 s.
 *
 * Build: cc -o tlsc tlsc.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <link.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define MAX_MSGS 16
#define LINE_MAX_BYTES 65536

#define PEER_NAME "tlsc"
#include "peer_common.h"

static int connect_loopback(const char *host, const char *port_s)
{
    struct sockaddr_in addr = { .sin_family = AF_INET };
    char *end;
    long port = strtol(port_s, &end, 10);

    if (*port_s == '\0' || *end != '\0' || port <= 0 || port > 65535) {
        fprintf(stderr, "tlsc: bad port %s\n", port_s);
        return -1;
    }
    addr.sin_port = htons((unsigned short)port);
    if (strcmp(host, "localhost") == 0)
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "tlsc: HOST must be localhost or an IPv4 address\n");
        return -1;
    }
    if ((ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "tlsc: refusing non-loopback address %s\n", host);
        return -1;
    }

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = { .tv_sec = 8 };
    if (fd < 0
        || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0
        || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0
        || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("tlsc: connect");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static const char *key_kind(EVP_PKEY *pkey)
{
    if (pkey == NULL)
        return "?";
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
        return "RSA";
    case EVP_PKEY_RSA_PSS:
        return "RSA-PSS";
    case EVP_PKEY_EC:
        return "EC";
    case EVP_PKEY_ED25519:
        return "ED25519";
    case EVP_PKEY_ED448:
        return "ED448";
    default:
        return "other";
    }
}

/* "peer: ..." and, with details, "peer_key: ..." (libcrypto calls only). */
static void print_peer(SSL *ssl, int details)
{
    X509 *cert = SSL_get1_peer_certificate(ssl);
    char cn[256] = "?";

    if (cert == NULL) {
        printf("peer: none\n");
        return;
    }
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                              sizeof(cn));
    EVP_PKEY *pkey = X509_get0_pubkey(cert);
    printf("peer: CN=%s %s\n", cn, key_kind(pkey));
    if (details && pkey != NULL) {
        char group[80] = "";
        size_t glen = 0;
        if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_EC
            && EVP_PKEY_get_group_name(pkey, group + 1, sizeof(group) - 1, &glen) == 1)
            group[0] = ' ';
        else
            group[0] = '\0';
        printf("peer_key: %s %d%s\n", key_kind(pkey), EVP_PKEY_get_bits(pkey), group);
    }
    X509_free(cert);
}

static int usage(void)
{
    fprintf(stderr,
            "usage: tlsc [-m MSG]... [-v none|peer] [-H NAME] [-c CERT -k KEY] [-i] "
            "HOST PORT CAFILE [tls12|tls13|any]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *msgs[MAX_MSGS];
    int nmsgs = 0, verify_mode = SSL_VERIFY_PEER, details = 0, opt;
    const char *expect_name = NULL, *certfile = NULL, *keyfile = NULL;

    while ((opt = getopt(argc, argv, "m:v:H:c:k:i")) != -1) {
        if (opt == 'H')
            expect_name = optarg;
        else if (opt == 'c')
            certfile = optarg;
        else if (opt == 'k')
            keyfile = optarg;
        else if (opt == 'i')
            details = 1;
        else if (opt == 'm' && nmsgs < MAX_MSGS)
            msgs[nmsgs++] = optarg;
        else if (opt == 'v' && strcmp(optarg, "none") == 0)
            verify_mode = SSL_VERIFY_NONE;
        else if (opt == 'v' && strcmp(optarg, "peer") == 0)
            verify_mode = SSL_VERIFY_PEER;
        else
            return usage();
    }
    if (argc - optind < 3 || argc - optind > 4 || (certfile == NULL) != (keyfile == NULL))
        return usage();
    if (nmsgs == 0)
        msgs[nmsgs++] = "hello from tlsc";
    const char *host = argv[optind], *port = argv[optind + 1];
    const char *cafile = argv[optind + 2];
    const char *ver = argc - optind == 4 ? argv[optind + 3] : "any";
    int pin = 0;
    if (strcmp(ver, "tls12") == 0)
        pin = TLS1_2_VERSION;
    else if (strcmp(ver, "tls13") == 0)
        pin = TLS1_3_VERSION;
    else if (strcmp(ver, "any") != 0)
        return usage();

    signal(SIGALRM, on_alarm);
    signal(SIGPIPE, SIG_IGN);
    alarm(20);
    setvbuf(stdout, NULL, _IOLBF, 0);

    const char *libssl = NULL;
    dl_iterate_phdr(find_libssl, &libssl);
    fprintf(stderr, "tlsc: libssl loaded from %s\n", libssl ? libssl : "(not found)");

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1
        || (pin && (SSL_CTX_set_min_proto_version(ctx, pin) != 1
                    || SSL_CTX_set_max_proto_version(ctx, pin) != 1))) {
        fprintf(stderr, "tlsc: cannot set up the context (CA file %s)\n", cafile);
        ERR_print_errors_fp(stderr);
        return 2;
    }
    SSL_CTX_set_verify(ctx, verify_mode, NULL);
    if (certfile != NULL
        && (SSL_CTX_use_certificate_chain_file(ctx, certfile) != 1
            || SSL_CTX_use_PrivateKey_file(ctx, keyfile, SSL_FILETYPE_PEM) != 1)) {
        fprintf(stderr, "tlsc: cannot load the client certificate %s / key %s\n", certfile,
                keyfile);
        ERR_print_errors_fp(stderr);
        return 2;
    }

    int fd = connect_loopback(host, port);
    if (fd < 0)
        return 2;
    SSL *ssl = SSL_new(ctx);
    if (ssl == NULL || SSL_set_fd(ssl, fd) != 1
        || SSL_set1_host(ssl, expect_name ? expect_name : host) != 1) {
        fprintf(stderr, "tlsc: cannot set up the connection\n");
        ERR_print_errors_fp(stderr);
        return 2;
    }

    char why[256];
    int status = 0;
    ERR_clear_error();
    int r = SSL_connect(ssl);
    if (r != 1) {
        describe_failure(why, sizeof(why), ssl, r);
        printf("handshake: failed %s\n", why);
        printf("verify: %ld\n", SSL_get_verify_result(ssl));
        SSL_free(ssl);
        close(fd);
        SSL_CTX_free(ctx);
        return 1;
    }
    printf("handshake: ok\n");
    printf("version: %s\n", SSL_get_version(ssl));
    printf("verify: %ld\n", SSL_get_verify_result(ssl));
    print_peer(ssl, details);
    if (details) {
        const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
        printf("cipher: %s\n", c ? SSL_CIPHER_get_name(c) : "(none)");
    }

    static char carry[LINE_MAX_BYTES], line[LINE_MAX_BYTES + 1];
    size_t carry_len = 0;
    static char out[LINE_MAX_BYTES + 2];
    for (int i = 0; i < nmsgs; i++) {
        size_t len = strlen(msgs[i]);
        if (len > LINE_MAX_BYTES) {
            fprintf(stderr, "tlsc: message too long\n");
            return 2;
        }
        memcpy(out, msgs[i], len);
        out[len++] = '\n';
        size_t written = 0;
        ERR_clear_error();
        r = SSL_write_ex(ssl, out, len, &written);
        if (r != 1) {
            describe_failure(why, sizeof(why), ssl, r);
            printf("write%d: failed %s\n", i + 1, why);
            status = 1;
            break;
        }
        printf("write%d: ok %zu\n", i + 1, written);
        ERR_clear_error();
        r = read_line(ssl, carry, &carry_len, line, sizeof(line));
        if (r != 1) {
            describe_failure(why, sizeof(why), ssl, r);
            printf("reply%d: failed %s\n", i + 1, why);
            status = 1;
            break;
        }
        printf("reply%d: %s\n", i + 1, line);
    }

    printf("flags_before_shutdown: %d\n", SSL_get_shutdown(ssl));
    ERR_clear_error();
    r = SSL_shutdown(ssl);
    printf("shutdown: %d\n", r);
    if (r < 0) {
        ERR_print_errors_fp(stderr);
        ERR_clear_error();
    }
    printf("shutdown_flags: %d\n", SSL_get_shutdown(ssl));

    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return status;
}
