/*
 * t_conffile: the OpenSSL configuration file's ssl_conf module.
 *   - OPENSSL_CONF naming a file whose system_default section sets MinProtocol =
 *     TLSv1.3, a cipher string with @SECLEVEL and options: what every new SSL_CTX starts
 *     with (SSL_CTX_get_min_proto_version, options), that a TLS 1.2-only peer is refused
 *     and that the application's own calls after SSL_CTX_new override the file;
 *   - SSL_CTX_config / SSL_config with named sections, unknown names, NULL, a section
 *     whose certificate has no key, a section with bad commands (the others still apply);
 *   - a system_default with a bad command: the context is still made, the command's
 *     error stays queued;
 *   - OPENSSL_INIT_NO_LOAD_CONFIG: the file is not read.
 * Each scenario runs in its own process (libcrypto reads the file once per process).
 */
#include "common.h"

#include <sys/wait.h>

static char g_dir[512];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    REQUIRE(f != NULL);
    REQUIRE(fputs(text, f) >= 0);
    REQUIRE(fclose(f) == 0);
}

static void err_all(const char *name)
{
    const char *data;
    int flags, n = 0;
    unsigned long e;

    while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        char key[96];

        snprintf(key, sizeof(key), "%s.err%d", name, n++);
        FACT(key, "lib=%d reason=%d data=%s", ERR_GET_LIB(e), ERR_GET_REASON(e),
             (flags & ERR_TXT_STRING) ? data : "");
    }
    if (n == 0)
        FACT(name, "err=none");
}

static int handshake(SSL_CTX *cc, SSL_CTX *sc)
{
    ct_pair p;
    int cret, sret, ok;

    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    ok = ct_handshake_nb(&p, &cret, &sret);
    if (ok)
        FACT("hs.version", "%s", SSL_get_version(p.c));
    else
        ct_err("hs.first_error");
    ERR_clear_error();
    ct_pair_free(&p);
    return ok;
}

static SSL_CTX *server(int max)
{
    SSL_CTX *s = SSL_CTX_new(TLS_server_method());

    REQUIRE(s != NULL);
    REQUIRE(SSL_CTX_use_certificate_file(s, ct_path("server.pem"), SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(s, ct_path("server.key"), SSL_FILETYPE_PEM) == 1);
    if (max) {
        REQUIRE(SSL_CTX_set_min_proto_version(s, max) == 1);
        REQUIRE(SSL_CTX_set_max_proto_version(s, max) == 1);
    }
    return s;
}

static void scenario_main(void)
{
    SSL_CTX *c = SSL_CTX_new(TLS_client_method()), *s;
    SSL *ssl;

    REQUIRE(c != NULL);
    err_all("new");
    FACT("client.min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(c));
    FACT("client.max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(c));
    FACT("client.no_ticket", "%d", (SSL_CTX_get_options(c) & SSL_OP_NO_TICKET) != 0);
    FACT("client.ssl_min", "0x%x", (unsigned)SSL_get_min_proto_version(ssl = SSL_new(c)));
    SSL_free(ssl);

    /* a TLS 1.2-only server is refused; one allowing TLS 1.3 is not */
    ct_prefix("tls12_server.");
    s = server(TLS1_2_VERSION);
    FACT("server.min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(s));
    FACT("ok", "%d", handshake(c, s));
    SSL_CTX_free(s);
    ct_prefix("tls13_server.");
    s = server(0);
    FACT("ok", "%d", handshake(c, s));
    SSL_CTX_free(s);

    /* the application's own call after SSL_CTX_new wins */
    ct_prefix("override.");
    FACT("set_min", "%d", (int)SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION));
    FACT("min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(c));
    s = server(TLS1_2_VERSION);
    FACT("ok", "%d", handshake(c, s));
    SSL_CTX_free(s);

    /* named sections */
    ct_prefix("config.");
    FACT("maxonly", "%d", SSL_CTX_config(c, "maxonly"));
    err_all("maxonly");
    FACT("maxonly.max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(c));
    FACT("nosuch", "%d", SSL_CTX_config(c, "nosuch"));
    err_all("nosuch");
    FACT("null", "%d", SSL_CTX_config(c, NULL));
    err_all("null");
    FACT("system_default", "%d", SSL_CTX_config(c, "system_default"));
    err_all("system_default");
    FACT("bad", "%d", SSL_CTX_config(c, "bad"));
    err_all("bad");
    FACT("bad.min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(c));
    FACT("bad.max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(c));
    SSL_CTX_free(c);

    s = SSL_CTX_new(TLS_server_method());
    FACT("certkey", "%d", SSL_CTX_config(s, "certkey"));
    err_all("certkey");
    FACT("certkey.check", "%d", SSL_CTX_check_private_key(s));
    ERR_clear_error();
    FACT("certonly", "%d", SSL_CTX_config(s, "certonly"));
    err_all("certonly");
    ssl = SSL_new(s);
    FACT("ssl.maxonly", "%d", SSL_config(ssl, "maxonly"));
    FACT("ssl.max", "0x%x", (unsigned)SSL_get_max_proto_version(ssl));
    FACT("ssl.ctx_max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(s));
    FACT("ssl.nosuch", "%d", SSL_config(ssl, "nosuch"));
    err_all("ssl.nosuch");
    SSL_free(ssl);
    SSL_CTX_free(s);
}

static void scenario_bad_default(void)
{
    SSL_CTX *c = SSL_CTX_new(TLS_method());

    FACT("made", "%d", c != NULL);
    err_all("new");
    FACT("min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(c));
    FACT("max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(c));
    SSL_CTX_free(c);
}

static void scenario_no_load(void)
{
    SSL_CTX *c;

    FACT("init", "%d", OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL));
    c = SSL_CTX_new(TLS_method());
    FACT("min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(c));
    FACT("config", "%d", SSL_CTX_config(c, "maxonly"));
    ERR_clear_error();
    SSL_CTX_free(c);
}

static void run(const char *name, const char *conf_text, void (*fn)(void))
{
    char path[600];
    pid_t pid;
    int st;

    snprintf(path, sizeof(path), "%s/%s.cnf", g_dir, name);
    write_file(path, conf_text);
    fflush(stdout);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        REQUIRE(setenv("OPENSSL_CONF", path, 1) == 0);
        ct_prefix("%s.", name);
        fn();
        fflush(stdout);
        _exit(0);
    }
    REQUIRE(waitpid(pid, &st, 0) == pid);
    REQUIRE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
    char certs[PATH_MAX], text[4 * PATH_MAX + 2048];

    ct_init(argc, argv);
    REQUIRE(realpath(ct_certdir, certs) != NULL);
    snprintf(g_dir, sizeof(g_dir), "/tmp/t_conffile.XXXXXX");
    REQUIRE(mkdtemp(g_dir) != NULL);

    snprintf(text, sizeof(text),
             "openssl_conf = init\n"
             "[init]\n"
             "ssl_conf = ssl_sect\n"
             "[ssl_sect]\n"
             "system_default = sysdef\n"
             "maxonly = maxonly_sect\n"
             "bad = bad_sect\n"
             "certkey = certkey_sect\n"
             "certonly = certonly_sect\n"
             "[sysdef]\n"
             "MinProtocol = TLSv1.3\n"
             "CipherString = DEFAULT:@SECLEVEL=2\n"
             "Options = -SessionTicket\n"
             "[maxonly_sect]\n"
             "MaxProtocol = TLSv1.2\n"
             "[bad_sect]\n"
             "MinProtocol = TLSv1.2\n"
             "NoSuchCommand = 1\n"
             "CipherString = NO-SUCH-CIPHER\n"
             "MaxProtocol = TLSv1.3\n"
             "[certkey_sect]\n"
             "Certificate = %s/server.pem\n"
             "PrivateKey = %s/server.key\n"
             "[certonly_sect]\n"
             "Certificate = %s/chain.pem\n",
             certs, certs, certs);
    run("main", text, scenario_main);
    run("bad_default",
        "openssl_conf = init\n[init]\nssl_conf = s\n[s]\nsystem_default = d\n"
        "[d]\nMaxProtocol = TLSv1.2\nBogus = 1\nCipherString = NO-SUCH-CIPHER\n"
        "MinProtocol = TLSv1.2\n",
        scenario_bad_default);
    run("no_load", text, scenario_no_load);
    run("no_ssl_conf", "openssl_conf = init\n[init]\n", scenario_bad_default);
    return 0;
}
