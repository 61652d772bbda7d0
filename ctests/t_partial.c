/*
 * t_partial: SSL_MODE_ENABLE_PARTIAL_WRITE.
 * On: a successful write of a large buffer returns 1..16384 bytes (one record); the caller
 * re-issues the rest (retrying WANT_* with the same arguments) and everything arrives
 * intact. A write that fits in one record returns its full length. Off: success is always
 * exactly num.
 */
#include "common.h"

typedef struct {
    SSL *w;
    const unsigned char *buf;
    size_t len;
    int use_ex;
    /* results */
    int first_ret;
    size_t first_n;
    int all_in_range;   /* every successful call returned 1..16384 */
    int all_positive;   /* every successful call returned >= 1 byte */
    int all_full;       /* every successful call returned the full remaining length */
    int failed;
    size_t done;
} pw_state;

/* Issue writes (re-issuing the rest after each partial success) until len bytes are done. */
static void partial_loop(ct_pair *p, pw_state *st, ct_reader *rd)
{
    int i, first = 1;

    st->all_in_range = 1;
    st->all_positive = 1;
    st->all_full = 1;
    for (i = 0; i < CT_MAX_ITERS && st->done < st->len; i++) {
        size_t rest = st->len - st->done, n;
        ct_wres r;

        if (p != NULL) {
            r = ct_write_retry(p, st->w, st->buf + st->done, (int)rest, rd, st->use_ex);
        } else {
            /* blocking: one call */
            memset(&r, 0, sizeof(r));
            if (st->use_ex)
                r.ret = SSL_write_ex(st->w, st->buf + st->done, rest, &r.written);
            else
                r.ret = SSL_write(st->w, st->buf + st->done, (int)rest);
        }
        if (r.ret <= 0) {
            st->failed = 1;
            return;
        }
        n = st->use_ex ? r.written : (size_t)r.ret;
        if (first) {
            st->first_ret = r.ret;
            st->first_n = n;
            first = 0;
        }
        if (n < 1 || n > 16384)
            st->all_in_range = 0;
        if (n < 1)
            st->all_positive = 0;
        if (n != rest)
            st->all_full = 0;
        st->done += n;
    }
    if (i >= CT_MAX_ITERS)
        CT_FAIL("partial write loop bound hit");
}

/*
 * fits: the transport takes a whole record at once when the write starts (empty BIO pair of
 * 17000 bytes, memory BIO, socket). never_blocks: the transport never refuses bytes (memory
 * BIO, blocking socket), so every call writes exactly one record.
 * Note: OpenSSL counts everything flushed during WANT_WRITE retries into the eventual
 * success, so after a retry a partial write may report more than 16384 bytes; only the
 * cases above are pinned.
 */
static void report(const char *tag, pw_state *st, ct_reader *rd, uint64_t start, int partial,
                   int fits, int never_blocks)
{
    char name[128];

#define F(suffix, fmt, v) do { snprintf(name, sizeof(name), "%s.%s", tag, suffix); FACT(name, fmt, v); } while (0)
    F("failed", "%d", st->failed);
    if (partial && st->len > 16384) {
        F("first.n>0", "%d", st->first_n > 0);
        if (fits)
            F("first.n<=16384", "%d", st->first_n <= 16384);
        if (never_blocks)
            F("every_success_1..16384", "%d", st->all_in_range);
        F("every_success>0", "%d", st->all_positive);
    } else {
        F("first.ret", "%d", st->first_ret);
        if (st->use_ex)
            F("first.written", "%zu", st->first_n);
        F("every_success_full_length", "%d", st->all_full);
    }
    F("total_written", "%zu", st->done);
    F("received_intact", "%d", rd->bad == 0 && rd->got == start + st->len);
#undef F
}

static void nb_case(int kind, size_t bufsz, int ver, int partial, int via_ssl)
{
    static const size_t sizes[] = { 100, 16384, 16385, 100000, CT_MIB };
    ct_pair p;
    ct_reader rd;
    size_t i;
    int ex;

    ct_pair_new(&p, kind, ver, bufsz);
    if (partial && !via_ssl)
        SSL_CTX_set_mode(p.cctx, SSL_MODE_ENABLE_PARTIAL_WRITE);
    SSL_free(p.c);      /* recreate from the (possibly changed) context */
    p.c = SSL_new(p.cctx);
    REQUIRE(p.c != NULL);
    SSL_set_connect_state(p.c);
    SSL_free(p.s);
    p.s = SSL_new(p.sctx);
    SSL_set_accept_state(p.s);
    if (p.fd[0] >= 0) {
        close(p.fd[0]);
        close(p.fd[1]);
    }
    ct_pair_attach(&p, kind, bufsz);
    if (partial && via_ssl)
        SSL_set_mode(p.c, SSL_MODE_ENABLE_PARTIAL_WRITE);
    ct_handshake(&p);
    FACT("client.mode_has_partial", "%d", (SSL_get_mode(p.c) & SSL_MODE_ENABLE_PARTIAL_WRITE) != 0);
    ct_reader_init(&rd, p.s);
    for (ex = 0; ex <= 1; ex++) {
        for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            pw_state st;
            uint64_t start = rd.got;
            unsigned char *buf = ct_patbuf(sizes[i], rd.got);
            char tag[64];

            memset(&st, 0, sizeof(st));
            st.w = p.c;
            st.buf = buf;
            st.len = sizes[i];
            st.use_ex = ex;
            partial_loop(&p, &st, &rd);
            ct_drain(&p, &rd);
            snprintf(tag, sizeof(tag), "%s_%zu", ex ? "write_ex" : "write", sizes[i]);
            report(tag, &st, &rd, start, partial, kind != CT_BIOPAIR || bufsz >= 17000,
                   kind == CT_MEM);
            free(buf);
        }
    }
    FACT("close.read_err", "%d", ct_close_and_drain(&p, p.c, &rd));
    FACT("total_intact", "%d", rd.bad == 0);
    ct_pair_free(&p);
}

static void blocking_case(int ver)
{
    ct_pair p;
    ct_reader rd;
    pthread_t th;
    pw_state st;
    unsigned char *buf;

    ct_pair_new(&p, CT_SOCK_BLOCK, ver, 0);
    SSL_set_mode(p.c, SSL_MODE_ENABLE_PARTIAL_WRITE);
    ct_handshake(&p);
    ct_reader_init(&rd, p.s);
    rd.want = CT_MIB;
    buf = ct_patbuf(CT_MIB, 0);
    REQUIRE(pthread_create(&th, NULL, ct_reader_thread, &rd) == 0);
    memset(&st, 0, sizeof(st));
    st.w = p.c;
    st.buf = buf;
    st.len = CT_MIB;
    partial_loop(NULL, &st, &rd);
    pthread_join(th, NULL);
    report("write_1048576", &st, &rd, 0, 1, 1, 1);
    free(buf);
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    static const int vers[] = { TLS1_2_VERSION, TLS1_3_VERSION };
    int v;

    ct_init(argc, argv);
    for (v = 0; v < 2; v++) {
        const char *vn = ct_vername(vers[v]);

        ct_prefix("%s.biopair17000.partial_ctx.", vn);
        nb_case(CT_BIOPAIR, 17000, vers[v], 1, 0);
        ct_prefix("%s.biopair4096.partial_ssl.", vn);
        nb_case(CT_BIOPAIR, 4096, vers[v], 1, 1);
        ct_prefix("%s.mem.partial_ctx.", vn);
        nb_case(CT_MEM, 0, vers[v], 1, 0);
        ct_prefix("%s.socknb.partial_ssl.", vn);
        nb_case(CT_SOCK_NB, 0, vers[v], 1, 1);
        ct_prefix("%s.biopair17000.off.", vn);
        nb_case(CT_BIOPAIR, 17000, vers[v], 0, 0);
        ct_prefix("%s.mem.off.", vn);
        nb_case(CT_MEM, 0, vers[v], 0, 0);
        ct_prefix("%s.sockblock.partial_ssl.", vn);
        blocking_case(vers[v]);
    }
    return 0;
}
