/*
 * t_conf: SSL_CONF (the configuration commands of nginx's ssl_conf_command, stunnel's
 * options, `openssl s_client -min_protocol ...`).
 *   - which command names exist under which flags (SSL_CONF_cmd_value_type), file and
 *     command-line forms, prefixes;
 *   - SSL_CONF_cmd's return values (2, 1, 0, -2, -3) and the errors it queues, with and
 *     without SSL_CONF_FLAG_SHOW_ERRORS (reason and the "cmd=" data);
 *   - the effect of every option name and switch on SSL_CTX_get_options / SSL_get_options,
 *     of Protocol / MinProtocol / MaxProtocol on the version bounds;
 *   - SSL_CONF_cmd_argv's argument consumption;
 *   - handshakes between contexts configured only through SSL_CONF commands: the version
 *     and suite negotiated, and refusals.
 */
#include "common.h"

#define F_FILE SSL_CONF_FLAG_FILE
#define F_CMD SSL_CONF_FLAG_CMDLINE
#define F_CLI SSL_CONF_FLAG_CLIENT
#define F_SRV SSL_CONF_FLAG_SERVER
#define F_CERT SSL_CONF_FLAG_CERTIFICATE
#define F_SHOW SSL_CONF_FLAG_SHOW_ERRORS

/* The first queued error with its data ("lib=.. reason=.. data=..."), then clear. */
static void err_data(const char *name)
{
    const char *data = NULL;
    int flags = 0;
    unsigned long e = ERR_peek_error_data(&data, &flags);

    if (e == 0)
        FACT(name, "err=none");
    else
        FACT(name, "lib=%d reason=%d data=%s", ERR_GET_LIB(e), ERR_GET_REASON(e),
             (flags & ERR_TXT_STRING) && data ? data : "");
    ERR_clear_error();
}

static const char *file_names[] = {
    "SignatureAlgorithms", "ClientSignatureAlgorithms", "Curves", "Groups", "ECDHParameters",
    "CipherString", "Ciphersuites", "Protocol", "MinProtocol", "MaxProtocol", "Options",
    "VerifyMode", "Certificate", "PrivateKey", "ServerInfoFile", "ChainCAPath", "ChainCAFile",
    "ChainCAStore", "VerifyCAPath", "VerifyCAFile", "VerifyCAStore", "RequestCAFile",
    "ClientCAFile", "RequestCAPath", "ClientCAPath", "RequestCAStore", "ClientCAStore",
    "DHParameters", "RecordPadding", "NumTickets", "minprotocol", "CIPHERSTRING",
    "NoSuchCommand", "", NULL };

static const char *cmd_names[] = {
    "-no_ssl3", "-no_tls1", "-no_tls1_1", "-no_tls1_2", "-no_tls1_3", "-bugs", "-no_comp",
    "-comp", "-ecdh_single", "-no_ticket", "-serverpref", "-legacy_renegotiation",
    "-client_renegotiation", "-legacy_server_connect", "-no_renegotiation",
    "-no_resumption_on_reneg", "-no_legacy_server_connect", "-allow_no_dhe_kex",
    "-prioritize_chacha", "-strict", "-no_middlebox", "-anti_replay", "-no_anti_replay",
    "-no_etm", "-sigalgs", "-client_sigalgs", "-curves", "-groups", "-named_curve", "-cipher",
    "-ciphersuites", "-min_protocol", "-max_protocol", "-cert", "-key", "-chainCApath",
    "-chainCAfile", "-chainCAstore", "-verifyCApath", "-verifyCAfile", "-verifyCAstore",
    "-requestCAFile", "-requestCAStore", "-dhparam", "-record_padding", "-num_tickets",
    "-no_ems", "-ecdh_auto", "-MinProtocol", "no_tls1", "-", "--no_tls1", NULL };

static void value_types(void)
{
    static const unsigned fl[] = { F_CLI | F_SRV | F_CERT, F_CLI | F_SRV, F_CLI, F_SRV, 0 };
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    char line[64];
    size_t i, f;

    REQUIRE(c != NULL);
    ct_prefix("type.");
    for (i = 0; file_names[i]; i++) {
        line[0] = '\0';
        for (f = 0; f < 5; f++) {
            SSL_CONF_CTX_clear_flags(c, ~0u);
            SSL_CONF_CTX_set_flags(c, fl[f] | F_FILE);
            snprintf(line + strlen(line), sizeof(line) - strlen(line), " %d",
                     SSL_CONF_cmd_value_type(c, file_names[i]));
        }
        FACT(file_names[i], "%s", line);
    }
    for (i = 0; cmd_names[i]; i++) {
        line[0] = '\0';
        for (f = 0; f < 5; f++) {
            SSL_CONF_CTX_clear_flags(c, ~0u);
            SSL_CONF_CTX_set_flags(c, fl[f] | F_CMD);
            snprintf(line + strlen(line), sizeof(line) - strlen(line), " %d",
                     SSL_CONF_cmd_value_type(c, cmd_names[i]));
        }
        FACT(cmd_names[i], "%s", line);
    }
    /* both forms at once */
    SSL_CONF_CTX_clear_flags(c, ~0u);
    SSL_CONF_CTX_set_flags(c, F_FILE | F_CMD | F_CLI | F_SRV);
    FACT("both.MinProtocol", "%d", SSL_CONF_cmd_value_type(c, "MinProtocol"));
    FACT("both.-min_protocol", "%d", SSL_CONF_cmd_value_type(c, "-min_protocol"));
    FACT("both.NULL", "%d", SSL_CONF_cmd_value_type(c, NULL));
    SSL_CONF_CTX_free(c);
}

/* The set/cleared option bits after one command on a fresh TLS_method context. */
static void option_effect(unsigned flags, const char *cmd, const char *value)
{
    SSL_CTX *x = SSL_CTX_new(TLS_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    uint64_t before, after;
    int rv;

    REQUIRE(x != NULL && c != NULL);
    SSL_CONF_CTX_set_flags(c, flags);
    SSL_CONF_CTX_set_ssl_ctx(c, x);
    before = SSL_CTX_get_options(x);
    ERR_clear_error();
    rv = SSL_CONF_cmd(c, cmd, value);
    after = SSL_CTX_get_options(x);
    ct_prefix("opt[%x].%s=%s.", flags, cmd, value ? value : "(null)");
    FACT("rv", "%d", rv);
    FACT("set", "0x%llx", (unsigned long long)(after & ~before));
    FACT("cleared", "0x%llx", (unsigned long long)(before & ~after));
    err_data("err");
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(x);
}

static const char *option_names[] = {
    "SessionTicket", "EmptyFragments", "Bugs", "Compression", "ServerPreference",
    "NoResumptionOnRenegotiation", "DHSingle", "ECDHSingle", "UnsafeLegacyRenegotiation",
    "UnsafeLegacyServerConnect", "ClientRenegotiation", "EncryptThenMac", "NoRenegotiation",
    "AllowNoDHEKEX", "PrioritizeChaCha", "MiddleboxCompat", "AntiReplay",
    "ExtendedMasterSecret", "CANames", "KTLS", "sessionticket", "NoSuchOption", NULL };

static void options(void)
{
    static const unsigned fl[] = { F_FILE | F_CLI | F_SRV, F_FILE | F_CLI, F_FILE | F_SRV };
    char v[64];
    size_t i, f;

    for (f = 0; f < 3; f++)
        for (i = 0; option_names[i]; i++) {
            option_effect(fl[f], "Options", option_names[i]);
            snprintf(v, sizeof(v), "-%s", option_names[i]);
            option_effect(fl[f], "Options", v);
        }
    option_effect(F_FILE | F_CLI | F_SRV, "Options", "+SessionTicket,-Compression");
    option_effect(F_FILE | F_CLI | F_SRV, "Options", " -SessionTicket , ServerPreference ");
    option_effect(F_FILE | F_CLI | F_SRV, "Options", "-SessionTicket,NoSuchOption");
    option_effect(F_FILE | F_CLI | F_SRV, "Options", "-SessionTicket,,Bugs");
    option_effect(F_FILE | F_CLI | F_SRV | F_SHOW, "Options", "NoSuchOption");
    option_effect(F_FILE | F_CLI | F_SRV, "Options", "");
    option_effect(F_FILE | F_CLI | F_SRV, "Protocol", "-ALL,TLSv1.2");
    option_effect(F_FILE | F_CLI | F_SRV, "Protocol", "-TLSv1.3");
    option_effect(F_FILE | F_CLI | F_SRV, "Protocol", "-SSLv2,-SSLv3,-TLSv1,-TLSv1.1");
    option_effect(F_FILE | F_CLI | F_SRV, "Protocol", "-DTLSv1,-DTLSv1.2");
    option_effect(F_FILE | F_CLI | F_SRV, "Protocol", "ALL,-TLSv1.3");
    option_effect(F_FILE | F_CLI | F_SRV, "Protocol", "TLSv1.4");
    for (i = 0; cmd_names[i]; i++) {
        /* -strict (strict certificate checks) is refused by our library (see COMPAT) */
        if (strcmp(cmd_names[i], "-strict") == 0)
            continue;
        option_effect(F_CMD | F_CLI | F_SRV, cmd_names[i], NULL);
        option_effect(F_CMD | F_CLI, cmd_names[i], NULL);
    }
}

static void versions(unsigned flags, const char *cmd, const char *value)
{
    SSL_CTX *x = SSL_CTX_new(TLS_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();

    REQUIRE(x != NULL && c != NULL);
    SSL_CONF_CTX_set_flags(c, flags);
    SSL_CONF_CTX_set_ssl_ctx(c, x);
    ERR_clear_error();
    ct_prefix("ver[%x].%s=%s.", flags, cmd, value ? value : "(null)");
    FACT("rv", "%d", SSL_CONF_cmd(c, cmd, value));
    FACT("min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(x));
    FACT("max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(x));
    err_data("err");
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(x);
}

/* A string command on a fresh context: return value and error. */
static void simple(unsigned flags, const char *cmd, const char *value)
{
    SSL_CTX *x = SSL_CTX_new(TLS_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();

    REQUIRE(x != NULL && c != NULL);
    SSL_CONF_CTX_set_flags(c, flags);
    SSL_CONF_CTX_set_ssl_ctx(c, x);
    ERR_clear_error();
    ct_prefix("cmd[%x].%s=%s.", flags, cmd ? cmd : "(null)", value ? value : "(null)");
    FACT("rv", "%d", SSL_CONF_cmd(c, cmd, value));
    err_data("err");
    FACT("finish", "%d", SSL_CONF_CTX_finish(c));
    err_data("finish.err");
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(x);
}

static void commands(void)
{
    const unsigned all = F_FILE | F_CLI | F_SRV;
    size_t i;
    static const char *vers[] = { "None", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3",
                                  "DTLSv1", "DTLSv1.2", "tlsv1.2", "TLSv1.4", "", NULL };

    for (i = 0; vers[i]; i++) {
        versions(all, "MinProtocol", vers[i]);
        versions(all, "MaxProtocol", vers[i]);
    }
    versions(F_CMD | F_CLI, "-min_protocol", "TLSv1.3");
    versions(F_CMD | F_CLI, "-max_protocol", "TLSv1.2");
    versions(all | F_SHOW, "MinProtocol", "bogus");
    versions(all | F_SHOW, "MinProtocol", NULL);

    /* unknown commands, missing values, NULL */
    simple(all, "NoSuchCommand", "x");
    simple(all | F_SHOW, "NoSuchCommand", "x");
    simple(all | F_SHOW, NULL, "x");
    simple(all, NULL, NULL);
    simple(all | F_SHOW, "CipherString", NULL);
    simple(all, "CipherString", NULL);
    simple(F_CMD | F_CLI | F_SHOW, "no_tls1", NULL);
    simple(F_CMD | F_CLI | F_SHOW, "-no_such_switch", NULL);
    simple(0 | F_SHOW, "CipherString", "HIGH");
    simple(F_SHOW | F_CLI, "-cipher", "HIGH");

    /* string commands, good and bad values */
    simple(all | F_SHOW, "CipherString", "ECDHE-RSA-AES128-GCM-SHA256");
    simple(all | F_SHOW, "CipherString", "DEFAULT:@SECLEVEL=2");
    simple(all | F_SHOW, "CipherString", "NO-SUCH-CIPHER");
    simple(all | F_SHOW, "Ciphersuites", "TLS_AES_128_GCM_SHA256");
    simple(all | F_SHOW, "Ciphersuites", "NO_SUCH_SUITE");
    simple(all | F_SHOW, "Groups", "P-256:X25519");
    simple(all | F_SHOW, "Curves", "prime256v1");
    simple(all | F_SHOW, "Groups", "no-such-group");
    simple(all | F_SHOW, "ECDHParameters", "P-384");
    simple(all | F_SHOW, "ECDHParameters", "automatic");
    simple(all | F_SHOW, "ECDHParameters", "+automatic");
    simple(all | F_SHOW, "ECDHParameters", "auto");
    simple(all | F_SHOW, "ECDHParameters", "P-256:P-384");
    simple(all | F_SHOW, "ECDHParameters", "no-such-group");
    simple(F_CMD | F_SRV | F_SHOW, "-named_curve", "auto");
    simple(all | F_SHOW, "VerifyMode", "Peer");
    simple(all | F_SHOW, "VerifyMode", "Bogus");
    simple(all | F_SHOW, "NumTickets", "-1");
    simple(all | F_SHOW, "RecordPadding", "-1");
    simple(all | F_SHOW, "RecordPadding", "0");
    simple(all | F_SHOW, "RecordPadding", "100000");
    simple(all | F_SHOW | F_CERT, "Certificate", "/nonexistent.pem");
    simple(all | F_SHOW | F_CERT, "PrivateKey", "/nonexistent.pem");
    simple(all | F_SHOW, "Certificate", "/nonexistent.pem");
    simple(all | F_SHOW | F_CERT, "Certificate", ct_path("server.pem"));
    simple(all | F_SHOW | F_CERT, "PrivateKey", ct_path("server.key"));
    simple(all | F_SHOW | F_CERT, "PrivateKey", ct_path("server.pem"));
    simple(all | F_SHOW | F_CERT, "DHParameters", "/nonexistent.pem");
    simple(all | F_SHOW | F_CERT, "DHParameters", ct_path("server.pem"));
    simple(all | F_SHOW | F_CERT, "DHParameters", ct_path("dhparams.pem"));

    /* VerifyMode's effect */
    {
        static const char *modes[] = { "Peer", "Request", "Require", "Once",
                                       "Request,Require", "Peer,Request", NULL };
        static const unsigned fl[] = { F_FILE | F_CLI, F_FILE | F_SRV, F_FILE | F_CLI | F_SRV };

        for (size_t f = 0; f < 3; f++)
            for (i = 0; modes[i]; i++) {
                SSL_CTX *x = SSL_CTX_new(TLS_method());
                SSL_CONF_CTX *c = SSL_CONF_CTX_new();

                SSL_CONF_CTX_set_flags(c, fl[f]);
                SSL_CONF_CTX_set_ssl_ctx(c, x);
                ct_prefix("verifymode[%x].%s.", fl[f], modes[i]);
                FACT("rv", "%d", SSL_CONF_cmd(c, "VerifyMode", modes[i]));
                FACT("mode", "%d", SSL_CTX_get_verify_mode(x));
                ERR_clear_error();
                SSL_CONF_CTX_free(c);
                SSL_CTX_free(x);
            }
    }
}

/* Commands with no SSL_CTX or SSL attached. */
static void no_target(void)
{
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    static const char *cmds[][2] = {
        { "CipherString", "HIGH" }, { "CipherString", "NO-SUCH" }, { "Ciphersuites", "bogus" },
        { "MinProtocol", "TLSv1.2" },
        { "MaxProtocol", "bogus" }, { "Options", "SessionTicket" }, { "Options", "Bogus" },
        { "Protocol", "-TLSv1" }, { "VerifyMode", "Peer" }, { "ECDHParameters", "P-256" },
        { "RecordPadding", "0" }, { "NumTickets", "2" }, { "Certificate", "/nonexistent" },
        { "DHParameters", "/nonexistent" }, { "VerifyCAFile", "/nonexistent" },
        { NULL, NULL } };

    ct_prefix("notarget.");
    SSL_CONF_CTX_set_flags(c, F_FILE | F_CLI | F_SRV | F_CERT);
    for (size_t i = 0; cmds[i][0]; i++) {
        char n[96];

        snprintf(n, sizeof(n), "%s=%s", cmds[i][0], cmds[i][1]);
        FACT(n, "%d", SSL_CONF_cmd(c, cmds[i][0], cmds[i][1]));
        ERR_clear_error();
    }
    FACT("switch", "%d", (SSL_CONF_CTX_set_flags(c, F_CMD), SSL_CONF_cmd(c, "-no_tls1", NULL)));
    FACT("finish", "%d", SSL_CONF_CTX_finish(c));
    SSL_CONF_CTX_free(c);
}

static void prefixes(void)
{
    SSL_CTX *x = SSL_CTX_new(TLS_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();

    SSL_CONF_CTX_set_ssl_ctx(c, x);
    ct_prefix("prefix.");
    FACT("flags", "0x%x", SSL_CONF_CTX_set_flags(c, F_FILE | F_CLI));
    FACT("flags2", "0x%x", SSL_CONF_CTX_set_flags(c, F_SRV));
    FACT("clear", "0x%x", SSL_CONF_CTX_clear_flags(c, F_SRV | 0x100));
    FACT("set1", "%d", SSL_CONF_CTX_set1_prefix(c, "TLS."));
    FACT("file.TLS.MinProtocol", "%d", SSL_CONF_cmd(c, "TLS.MinProtocol", "TLSv1.2"));
    FACT("file.tls.maxprotocol", "%d", SSL_CONF_cmd(c, "tls.maxprotocol", "TLSv1.3"));
    FACT("file.MinProtocol", "%d", SSL_CONF_cmd(c, "MinProtocol", "TLSv1.2"));
    FACT("file.TLS.", "%d", SSL_CONF_cmd(c, "TLS.", "x"));
    FACT("file.type", "%d", SSL_CONF_cmd_value_type(c, "TLS.CipherString"));
    FACT("file.type_noprefix", "%d", SSL_CONF_cmd_value_type(c, "CipherString"));
    SSL_CONF_CTX_clear_flags(c, F_FILE);
    SSL_CONF_CTX_set_flags(c, F_CMD);
    FACT("set1_cmd", "%d", SSL_CONF_CTX_set1_prefix(c, "--"));
    FACT("cmd.--no_tls1", "%d", SSL_CONF_cmd(c, "--no_tls1", NULL));
    FACT("cmd.-no_tls1", "%d", SSL_CONF_cmd(c, "-no_tls1", NULL));
    FACT("cmd.--NO_TLS1", "%d", SSL_CONF_cmd(c, "--NO_TLS1", NULL));
    FACT("set1_null", "%d", SSL_CONF_CTX_set1_prefix(c, NULL));
    FACT("cmd.-no_tls1_1", "%d", SSL_CONF_cmd(c, "-no_tls1_1", NULL));
    FACT("cmd.no_tls1_1", "%d", SSL_CONF_cmd(c, "no_tls1_1", NULL));
    FACT("options", "0x%llx", (unsigned long long)SSL_CTX_get_options(x));
    FACT("min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(x));
    FACT("max", "0x%x", (unsigned)SSL_CTX_get_max_proto_version(x));
    ERR_clear_error();
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(x);
}

static void argv_cases(void)
{
    SSL_CTX *x = SSL_CTX_new(TLS_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    char *args[] = { "-no_tls1_3", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384", "-bogus",
                     "-min_protocol", "bogus", "-min_protocol", NULL };
    char **pv = args;
    int argc = 7, rv, i;

    SSL_CONF_CTX_set_ssl_ctx(c, x);
    SSL_CONF_CTX_set_flags(c, F_FILE | F_CLI);
    ct_prefix("argv.");
    for (i = 0; i < 6; i++) {
        char n[32];

        rv = SSL_CONF_cmd_argv(c, &argc, &pv);
        snprintf(n, sizeof(n), "step%d", i);
        FACT(n, "rv=%d argc=%d at=%ld", rv, argc, (long)(pv - args));
        if (rv == 0 && argc > 0) {
            pv++;
            argc--;
        }
        if (rv < 0 && argc > 0) {
            pv += 2;
            argc -= 2;
        }
        ERR_clear_error();
    }
    FACT("flags_after", "0x%x", SSL_CONF_CTX_set_flags(c, 0));
    FACT("options", "0x%llx", (unsigned long long)SSL_CTX_get_options(x));
    argc = 0;
    FACT("argc0", "%d", SSL_CONF_cmd_argv(c, &argc, &pv));
    pv = args;
    FACT("nullargc", "%d", SSL_CONF_cmd_argv(c, NULL, &pv));
    FACT("nullargc.at", "%ld", (long)(pv - args));
    ERR_clear_error();
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(x);
}

/* Commands on an SSL rather than an SSL_CTX. */
static void on_ssl(void)
{
    SSL_CTX *x = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(x);
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();

    SSL_CONF_CTX_set_flags(c, F_FILE | F_CLI | F_SRV | F_CERT);
    SSL_CONF_CTX_set_ssl(c, s);
    ct_prefix("ssl.");
    FACT("min", "%d", SSL_CONF_cmd(c, "MinProtocol", "TLSv1.3"));
    FACT("opts", "%d", SSL_CONF_cmd(c, "Options", "-SessionTicket"));
    FACT("cipher", "%d", SSL_CONF_cmd(c, "CipherString", "ECDHE-RSA-AES256-GCM-SHA384"));
    FACT("cipher_bad", "%d", SSL_CONF_cmd(c, "CipherString", "NO-SUCH"));
    FACT("cert", "%d", SSL_CONF_cmd(c, "Certificate", ct_path("server.pem")));
    FACT("key", "%d", SSL_CONF_cmd(c, "PrivateKey", ct_path("server.key")));
    FACT("finish", "%d", SSL_CONF_CTX_finish(c));
    FACT("ssl.min", "0x%x", (unsigned)SSL_get_min_proto_version(s));
    FACT("ctx.min", "0x%x", (unsigned)SSL_CTX_get_min_proto_version(x));
    FACT("ssl.notick", "%d", (SSL_get_options(s) & SSL_OP_NO_TICKET) != 0);
    FACT("ctx.notick", "%d", (SSL_CTX_get_options(x) & SSL_OP_NO_TICKET) != 0);
    FACT("ssl.check_key", "%d", SSL_check_private_key(s));
    ERR_clear_error();
    SSL_CONF_CTX_set_ssl(c, NULL);
    FACT("detached.min", "%d", SSL_CONF_cmd(c, "MinProtocol", "TLSv1.2"));
    SSL_CONF_CTX_free(c);
    SSL_free(s);
    SSL_CTX_free(x);
}

/* Apply "cmd=value;cmd=value" (file form) to ctx; print each result. */
static void apply(SSL_CTX *ctx, unsigned flags, const char *label, const char *const *cmds)
{
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();

    SSL_CONF_CTX_set_flags(c, flags);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    for (size_t i = 0; cmds[i]; i += 2) {
        char n[128];

        snprintf(n, sizeof(n), "%s.%s", label, cmds[i]);
        FACT(n, "%d", SSL_CONF_cmd(c, cmds[i], cmds[i + 1]));
    }
    FACT(label, "finish=%d", SSL_CONF_CTX_finish(c));
    SSL_CONF_CTX_free(c);
    ERR_clear_error();
}

static void handshake(const char *name, const char *const *ccmds, const char *const *scmds)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method()), *sc = SSL_CTX_new(TLS_server_method());
    static const char *const server_id[] = { "Certificate", NULL, "PrivateKey", NULL, NULL };
    const char *id[5];
    ct_pair p;
    int cret, sret, ok;

    REQUIRE(cc != NULL && sc != NULL);
    ct_prefix("hs.%s.", name);
    memcpy(id, server_id, sizeof(id));
    id[1] = ct_path("server.pem");
    id[3] = ct_path("server.key");
    apply(sc, F_FILE | F_SRV | F_CERT, "server_id", id);
    apply(cc, F_FILE | F_CLI, "client", ccmds);
    apply(sc, F_FILE | F_SRV, "server", scmds);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    ok = ct_handshake_nb(&p, &cret, &sret);
    FACT("ok", "%d", ok);
    if (ok) {
        FACT("version", "%s", SSL_get_version(p.c));
        FACT("cipher", "%s", SSL_CIPHER_get_name(SSL_get_current_cipher(p.c)));
    } else {
        ct_err("first_error");
    }
    ERR_clear_error();
    ct_pair_free(&p);
}

static void handshakes(void)
{
    static const char *const none[] = { NULL };
    static const char *const c13[] = { "MinProtocol", "TLSv1.3", NULL };
    static const char *const s12[] = { "MaxProtocol", "TLSv1.2", NULL };
    static const char *const s12c[] = { "Protocol", "-ALL,TLSv1.2", "CipherString",
                                        "ECDHE-RSA-CHACHA20-POLY1305", NULL };
    static const char *const c13s[] = { "Ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", NULL };
    static const char *const sno13[] = { "Options", "-SessionTicket", "Protocol", "-TLSv1.3",
                                         NULL };
    static const char *const spref[] = { "Options", "ServerPreference", "CipherString",
                                         "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
                                         "MaxProtocol", "TLSv1.2", NULL };
    static const char *const cpref[] = { "CipherString",
                                         "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
                                         NULL };
    static const char *const cgroups[] = { "Groups", "P-384", NULL };
    static const char *const sgroups[] = { "Groups", "P-256", NULL };

    handshake("default", none, none);
    handshake("client13_server12", c13, s12);
    handshake("server12_chacha", none, s12c);
    handshake("client13_chacha", c13s, none);
    handshake("server_no13", none, sno13);
    handshake("serverpref", cpref, spref);
    handshake("clientpref", cpref, spref + 2);
    handshake("groups_disjoint", cgroups, sgroups);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    value_types();
    options();
    commands();
    no_target();
    prefixes();
    argv_cases();
    on_ssl();
    handshakes();
    return 0;
}
