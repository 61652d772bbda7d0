//! api_sequence: the input is decoded into a sequence of calls to the library's
//! exported functions, in any order, with NULL and valid-but-arbitrary arguments:
//! contexts and connections created, referenced, freed (SSL_free and SSL_CTX_free in
//! the middle of everything), modes, options, versions, verification, certificates,
//! ALPN, SNI and cipher settings changed at any time, BIOs (memory BIOs, BIO pairs,
//! socketpairs) attached, swapped and shared, callbacks that call back into the
//! library, handshakes, reads, writes, shutdowns and key updates, and whole
//! client/server pairs connected and driven. Ops 64 and up (appended, so inputs for
//! the first 64 decode as before): sessions (get/set between connections, new, dup,
//! i2d/d2i of real and fuzzed encodings, getters and setters, the context's cache and
//! its callbacks, ticket keys and ticket callbacks), keylog, info and client hello
//! callbacks that call back into the library, SSL_export_keying_material, SSL_CONF
//! and the SSL BIO (BIO_f_ssl, BIO_new_ssl, BIO_set_ssl, BIO_push, I/O, BIO_free_all).
//!
//! Pointers passed are only ever NULL or objects this iteration created and still
//! holds a reference to (or that a live object it holds keeps alive). Lengths are
//! arbitrary, negative and huge included, but a buffer is passed with a length no
//! larger than the buffer; larger lengths go with a NULL buffer, or are negative
//! `int`s, which every function rejects before touching memory.
//!
//! Asserted: no crash, no hang, nothing leaked (everything is freed at the end of each
//! input, and LeakSanitizer checks), reference counts as OpenSSL documents them for
//! SSL_set_bio / SSL_set0_*bio (the harness keeps its own reference to every BIO, so a
//! reference taken twice shows as a leak and one released twice as a use after free),
//! SSL_get_rbio/SSL_get_wbio agree with what was set, results stay within the lengths
//! asked for, and reads write nothing outside their buffer. Session references are
//! counted the same way (the pool, what callbacks keep or hand back), and the getters
//! an info or client hello callback calls on its own SSL are never refused.

#![no_main]

use harness::*;
use libc::{c_char, c_int, c_long, c_uint, c_void};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

const MAX_CTX: usize = 4;
const MAX_SSL: usize = 6;
const MAX_BIO: usize = 16;
const MAX_X509: usize = 8;
const MAX_FDS: usize = 4;
const MAX_OPS: usize = 300;
const BUF: usize = 40_000;

/// Something the callbacks may return as `arg`/ex_data: an address the harness owns.
static MARKER: u8 = 0;
/// An `SSL_METHOD*` the library did not make (it must refuse it without reading it).
static BOGUS_METHOD: u8 = 0;
static SERVER_ALPN: &[u8] = b"\x08http/1.1\x02h2\x03foo";

fn marker() -> *mut c_void {
    &MARKER as *const u8 as *mut c_void
}

/// What the callbacks do, and the contexts they may switch to (all held by the pool).
#[derive(Default)]
struct CbState {
    action: u8,
    /// What the session, ticket and client hello callbacks do.
    action2: u8,
    /// The pool's sessions (a get-session callback may return one).
    sessions: Vec<*mut SSL_SESSION>,
    /// References the new-session callback kept (the pool takes them over).
    kept: Vec<*mut SSL_SESSION>,
    ctxs: Vec<*mut SSL_CTX>,
    x509: Vec<*mut X509>,
    pkeys: Vec<*mut EVP_PKEY>,
}

thread_local! {
    static CB: RefCell<CbState> = RefCell::new(CbState::default());
}

fn cb_action() -> u8 {
    CB.with(|c| c.borrow().action)
}

/// Calls an application may make from inside any callback.
unsafe fn from_callback(ssl: *mut SSL) {
    if ssl.is_null() {
        return;
    }
    let a = cb_action();
    SSL_get_ex_data(ssl, 0);
    SSL_is_server(ssl);
    SSL_get_verify_mode(ssl);
    read_cstr(SSL_get_servername(ssl, 0));
    SSL_get_servername_type(ssl);
    assert!(
        !SSL_get_SSL_CTX(ssl).is_null(),
        "SSL_get_SSL_CTX in a callback"
    );
    if a & 0x80 != 0 {
        // Calls that read the connection's protocol state (the library refuses them
        // from inside a callback: see tolerate_expected_panics in src/lib.rs).
        SSL_version(ssl);
        read_cstr(SSL_get_version(ssl));
        SSL_is_init_finished(ssl);
        SSL_in_init(ssl);
        SSL_get_current_cipher(ssl);
    }
}

unsafe extern "C" fn verify_cb(ok: c_int, store: *mut X509_STORE_CTX) -> c_int {
    let a = cb_action();
    if !store.is_null() {
        let x = X509_STORE_CTX_get_current_cert(store);
        if !x.is_null() {
            assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
        }
        X509_STORE_CTX_get_error(store);
        X509_STORE_CTX_get_error_depth(store);
        let idx = SSL_get_ex_data_X509_STORE_CTX_idx();
        if idx >= 0 {
            from_callback(X509_STORE_CTX_get_ex_data(store, idx) as *mut SSL);
        }
    }
    match a & 3 {
        0 => ok,
        1 => 1,
        2 => 0,
        _ => (ok == 0) as c_int,
    }
}

unsafe extern "C" fn servername_cb(ssl: *mut SSL, al: *mut c_int, arg: *mut c_void) -> c_int {
    assert!(
        arg.is_null() || arg == marker(),
        "servername callback: foreign arg"
    );
    from_callback(ssl);
    let a = cb_action();
    let ctxs = CB.with(|c| c.borrow().ctxs.clone());
    if a & 4 != 0 && !ctxs.is_empty() {
        let ctx = ctxs[(a >> 4) as usize % ctxs.len()];
        let r = SSL_set_SSL_CTX(ssl, ctx);
        assert_eq!(r, ctx, "SSL_set_SSL_CTX in the servername callback");
    }
    if a & 8 != 0 && !al.is_null() {
        *al = 112; // unrecognized_name
    }
    match (a >> 2) & 3 {
        0 | 1 => 0, // SSL_TLSEXT_ERR_OK
        2 => 2,     // SSL_TLSEXT_ERR_ALERT_FATAL
        _ => 3,     // SSL_TLSEXT_ERR_NOACK
    }
}

unsafe extern "C" fn alpn_cb(
    ssl: *mut SSL,
    out: *mut *const u8,
    outlen: *mut u8,
    inp: *const u8,
    inlen: c_uint,
    arg: *mut c_void,
) -> c_int {
    assert!(
        arg.is_null() || arg == marker(),
        "ALPN callback: foreign arg"
    );
    from_callback(ssl);
    touch(inp, inlen as usize);
    match (cb_action() >> 4) & 3 {
        0 => {
            let list = if inp.is_null() {
                &[][..]
            } else {
                std::slice::from_raw_parts(inp, inlen as usize)
            };
            match list.first() {
                Some(&n) if n > 0 && 1 + n as usize <= list.len() => {
                    *out = inp.add(1);
                    *outlen = n;
                    0
                }
                _ => 3,
            }
        }
        1 => {
            let r = SSL_select_next_proto(
                out as *mut *mut u8,
                outlen,
                SERVER_ALPN.as_ptr(),
                SERVER_ALPN.len() as c_uint,
                inp,
                inlen,
            );
            if r == 1 {
                0
            } else {
                3
            }
        }
        2 => 2,
        _ => 3,
    }
}

unsafe extern "C" fn client_cert_cb(
    ssl: *mut SSL,
    x509: *mut *mut X509,
    pkey: *mut *mut EVP_PKEY,
) -> c_int {
    from_callback(ssl);
    let a = cb_action();
    let (xs, ks) = CB.with(|c| (c.borrow().x509.clone(), c.borrow().pkeys.clone()));
    if a & 0x40 == 0 || xs.is_empty() || ks.is_empty() {
        return 0;
    }
    // Hand over new references, as OpenSSL's client_cert_cb contract says.
    let x = xs[(a >> 3) as usize % xs.len()];
    let k = ks[(a >> 1) as usize % ks.len()];
    X509_up_ref(x);
    EVP_PKEY_up_ref(k);
    *x509 = x;
    *pkey = k;
    1
}

#[derive(Clone, Copy)]
struct Conn {
    ssl: *mut SSL,
    refs: usize,
    /// What SSL_get_rbio / SSL_get_wbio must return.
    r: *mut BIO,
    w: *mut BIO,
    /// The last SSL_write's buffer offset and length (to retry it).
    last_write: (usize, usize),
}

struct Pool {
    ctxs: Vec<(*mut SSL_CTX, usize)>,
    conns: Vec<Conn>,
    /// BIOs the harness holds one reference to each.
    bios: Vec<*mut BIO>,
    x509: Vec<*mut X509>,
    pkeys: Vec<*mut EVP_PKEY>,
    fds: Vec<c_int>,
    wbuf: Vec<u8>,
    rbuf: Vec<u8>,
    /// Sessions, one harness reference each (a session appears once per reference).
    sessions: Vec<*mut SSL_SESSION>,
    /// Session encodings from i2d_SSL_SESSION (for d2i_SSL_SESSION).
    encs: Vec<Vec<u8>>,
    confs: Vec<Conf>,
    sbios: Vec<SslBio>,
}

/// Pick an element index, or None (NULL) about once in len+1.
fn pick(inp: &mut Input, len: usize) -> Option<usize> {
    let b = inp.u8() as usize;
    if len == 0 || b % (len + 1) == len {
        None
    } else {
        Some(b % (len + 1))
    }
}

/// A NUL-terminated copy of input bytes (cut at the first NUL), or NULL.
fn cstring(inp: &mut Input) -> Option<Vec<u8>> {
    let b = inp.u8();
    if b == 0 {
        return None;
    }
    let mut v: Vec<u8> = match b {
        1 => b"localhost".to_vec(),
        2 => b"127.0.0.1".to_vec(),
        3 => b"ALL".to_vec(),
        4 => b"TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256".to_vec(),
        5 => b"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305".to_vec(),
        6 => vec![b'a'; 300],
        _ => inp.short_bytes().to_vec(),
    };
    if let Some(z) = v.iter().position(|&c| c == 0) {
        v.truncate(z);
    }
    v.push(0);
    Some(v)
}

fn cptr(s: &Option<Vec<u8>>) -> *const c_char {
    s.as_ref()
        .map_or(std::ptr::null(), |v| v.as_ptr() as *const c_char)
}

/// A path to pass to the *_file functions, or NULL.
fn path(inp: &mut Input) -> Option<Vec<u8>> {
    const FILES: [&str; 9] = [
        "ca.pem",
        "server.pem",
        "server.key",
        "server-ec.pem",
        "server-ec.key",
        "chain.pem",
        "other.key",
        "does-not-exist.pem",
        "",
    ];
    let k = inp.u8() as usize % (FILES.len() + 1);
    FILES
        .get(k)
        .map(|f| format!("{CERTS_DIR}{f}\0").into_bytes())
}

/// What SSL_set_bio consumes of the caller's references, per BIO, by OpenSSL 3.0's
/// rules (measured against libssl.so.3; they differ from its manual page in one case).
fn set_bio_consumes(cur: (*mut BIO, *mut BIO), r: *mut BIO, w: *mut BIO) -> Vec<(*mut BIO, i32)> {
    let mut m: Vec<(*mut BIO, i32)> = Vec::new();
    let mut add = |b: *mut BIO, n: i32| {
        if b.is_null() {
            return;
        }
        match m.iter_mut().find(|e| e.0 == b) {
            Some(e) => e.1 += n,
            None => m.push((b, n)),
        }
    };
    if r == cur.0 && w == cur.1 {
        return m;
    }
    if r == w {
        add(r, -1);
    }
    if r == cur.0 {
        add(w, 1);
    } else if w == cur.1 && cur.0 != cur.1 {
        add(r, 1);
    } else {
        add(r, 1);
        add(w, 1);
    }
    m
}

impl Pool {
    unsafe fn ctx(&self, i: Option<usize>) -> *mut SSL_CTX {
        i.map_or(std::ptr::null_mut(), |i| self.ctxs[i].0)
    }
    unsafe fn conn(&self, i: Option<usize>) -> *mut SSL {
        i.map_or(std::ptr::null_mut(), |i| self.conns[i].ssl)
    }
    unsafe fn bio(&self, i: Option<usize>) -> *mut BIO {
        i.map_or(std::ptr::null_mut(), |i| self.bios[i])
    }
    fn sess(&self, i: Option<usize>) -> *mut SSL_SESSION {
        i.map_or(std::ptr::null_mut(), |i| self.sessions[i])
    }

    /// Take over a session reference (freed at once when the pool is full).
    unsafe fn keep_session(&mut self, s: *mut SSL_SESSION) {
        if self.sessions.len() < MAX_SESS {
            self.sessions.push(s);
        } else {
            SSL_SESSION_free(s);
        }
    }

    fn keep_enc(&mut self, v: Vec<u8>) {
        if self.encs.len() >= MAX_ENC {
            self.encs.remove(0);
        }
        self.encs.push(v);
    }

    /// BIO_set_ssl on an SSL BIO that has neither a connection nor a next BIO, with a
    /// connection of the pool (a reference of its own: the BIO's with BIO_CLOSE, else
    /// the harness's until the BIO is freed) or NULL.
    unsafe fn attach_ssl(&mut self, k: usize, inp: &mut Input) {
        let sb = self.sbios[k];
        if !sb.ssl.is_null() || !BIO_next(sb.b).is_null() {
            return;
        }
        let ssl = self.conn(self.pick_conn(inp));
        let close = inp.bool();
        if !ssl.is_null() {
            assert_eq!(SSL_up_ref(ssl), 1);
        }
        let r = BIO_ctrl(sb.b, BIO_C_SET_SSL, close as c_long, ssl.cast());
        assert_eq!(r, 1, "BIO_set_ssl failed");
        self.sbios[k].ssl = ssl;
        self.sbios[k].owed = !close && !ssl.is_null();
        assert_eq!(bio_get_ssl(sb.b), ssl, "BIO_get_ssl after BIO_set_ssl");
    }
    fn pick_ctx(&self, inp: &mut Input) -> Option<usize> {
        pick(inp, self.ctxs.len())
    }
    fn pick_conn(&self, inp: &mut Input) -> Option<usize> {
        pick(inp, self.conns.len())
    }

    /// Take a reference to a context the harness may not hold (from SSL_get_SSL_CTX).
    unsafe fn adopt_ctx(&mut self, ctx: *mut SSL_CTX) {
        if ctx.is_null() {
            return;
        }
        if let Some(e) = self.ctxs.iter_mut().find(|e| e.0 == ctx) {
            assert_eq!(SSL_CTX_up_ref(ctx), 1);
            e.1 += 1;
        } else if self.ctxs.len() < MAX_CTX {
            assert_eq!(SSL_CTX_up_ref(ctx), 1);
            self.ctxs.push((ctx, 1));
        }
    }

    /// Keep one reference to a BIO the harness does not hold yet.
    unsafe fn adopt_bio(&mut self, b: *mut BIO) {
        if !b.is_null() && !self.bios.contains(&b) && self.bios.len() < MAX_BIO {
            assert_eq!(BIO_up_ref(b), 1);
            self.bios.push(b);
        }
    }

    /// The getters agree with the model of conns[i].
    unsafe fn check_bios(&self, i: usize) {
        let c = &self.conns[i];
        assert_eq!(
            SSL_get_rbio(c.ssl),
            c.r,
            "SSL_get_rbio differs from what was set"
        );
        assert_eq!(
            SSL_get_wbio(c.ssl),
            c.w,
            "SSL_get_wbio differs from what was set"
        );
    }

    unsafe fn new_ssl(&mut self, ctx: *mut SSL_CTX) -> Option<usize> {
        let ssl = SSL_new(ctx);
        if ctx.is_null() {
            assert!(ssl.is_null(), "SSL_new(NULL) made a connection");
            return None;
        }
        assert!(!ssl.is_null(), "SSL_new failed");
        assert!(SSL_get_rbio(ssl).is_null() && SSL_get_wbio(ssl).is_null());
        self.conns.push(Conn {
            ssl,
            refs: 1,
            r: std::ptr::null_mut(),
            w: std::ptr::null_mut(),
            last_write: (0, 0),
        });
        Some(self.conns.len() - 1)
    }

    /// SSL_set_bio with OpenSSL's reference rules: the harness first takes the
    /// references the call will consume, so that it keeps its own.
    unsafe fn set_bio(&mut self, i: usize, r: *mut BIO, w: *mut BIO) {
        self.check_bios(i);
        let c = self.conns[i];
        if known_issue("set-bio-same-leak") && !r.is_null() && r == w && r == c.r && w == c.w {
            return;
        }
        trace!(
            "  SSL_set_bio(conn {i}, {r:?}, {w:?}) with current ({:?}, {:?})",
            c.r,
            c.w
        );
        for (b, n) in set_bio_consumes((c.r, c.w), r, w) {
            for _ in 0..n {
                assert_eq!(BIO_up_ref(b), 1);
            }
        }
        SSL_set_bio(c.ssl, r, w);
        self.conns[i].r = r;
        self.conns[i].w = w;
        self.check_bios(i);
    }

    unsafe fn set0(&mut self, i: usize, b: *mut BIO, read: bool) {
        self.check_bios(i);
        if !b.is_null() {
            assert_eq!(BIO_up_ref(b), 1);
        }
        let ssl = self.conns[i].ssl;
        if read {
            SSL_set0_rbio(ssl, b);
            self.conns[i].r = b;
        } else {
            SSL_set0_wbio(ssl, b);
            self.conns[i].w = b;
        }
        self.check_bios(i);
    }

    /// Move what conns[a] wrote into conns[b]'s read BIO, when both are memory BIOs.
    unsafe fn pump(&mut self, a: usize, b: usize) {
        let (w, r) = (self.conns[a].w, self.conns[b].r);
        if w.is_null() || r.is_null() || w == r {
            return;
        }
        if BIO_method_type(w) != BIO_TYPE_MEM || BIO_method_type(r) != BIO_TYPE_MEM {
            return;
        }
        let data = drain(w);
        feed(r, &data);
    }

    unsafe fn socketpair(&mut self) -> bool {
        if self.fds.len() + 2 > MAX_FDS {
            return false;
        }
        let mut sv = [0; 2];
        let flags = libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
        if libc::socketpair(libc::AF_UNIX, flags, 0, sv.as_mut_ptr()) != 0 {
            return false;
        }
        self.fds.extend(sv);
        true
    }

    /// A client and a server connected to each other, added to the pool.
    unsafe fn pair(&mut self, inp: &mut Input) {
        if self.conns.len() + 2 > MAX_SSL {
            return;
        }
        let (cc, sc) = (self.pick_ctx(inp), self.pick_ctx(inp));
        let (Some(cc), Some(sc)) = (cc, sc) else {
            return;
        };
        let a = self.new_ssl(self.ctxs[cc].0).expect("SSL_new");
        let b = self.new_ssl(self.ctxs[sc].0).expect("SSL_new");
        match inp.u8() % 3 {
            0 if self.bios.len() + 2 <= MAX_BIO => {
                let (mut x, mut y) = (std::ptr::null_mut(), std::ptr::null_mut());
                let (s1, s2) = (pair_size(inp.u8()), pair_size(inp.u8()));
                assert_eq!(BIO_new_bio_pair(&mut x, s1, &mut y, s2), 1);
                self.bios.extend([x, y]);
                self.set_bio(a, x, x);
                self.set_bio(b, y, y);
            }
            1 if self.bios.len() + 4 <= MAX_BIO => {
                let m: Vec<*mut BIO> = (0..4).map(|_| mem_bio()).collect();
                self.bios.extend(&m);
                self.set_bio(a, m[0], m[1]);
                self.set_bio(b, m[2], m[3]);
            }
            _ => {
                if self.socketpair() {
                    let n = self.fds.len();
                    let (f0, f1) = (self.fds[n - 2], self.fds[n - 1]);
                    assert_eq!(SSL_set_fd(self.conns[a].ssl, f0), 1);
                    assert_eq!(SSL_set_fd(self.conns[b].ssl, f1), 1);
                    for k in [a, b] {
                        let r = SSL_get_rbio(self.conns[k].ssl);
                        assert!(!r.is_null() && r == SSL_get_wbio(self.conns[k].ssl));
                        self.conns[k].r = r;
                        self.conns[k].w = r;
                    }
                }
            }
        }
        SSL_set_connect_state(self.conns[a].ssl);
        SSL_set_accept_state(self.conns[b].ssl);
    }

    unsafe fn handshake(&mut self, a: usize, b: usize, rounds: usize) {
        for _ in 0..rounds {
            // SSL_get_error right after each call: moving bytes into a memory BIO
            // clears the retry flags it reads.
            let ra = SSL_do_handshake(self.conns[a].ssl);
            let ea = SSL_get_error(self.conns[a].ssl, ra);
            self.pump(a, b);
            let rb = SSL_do_handshake(self.conns[b].ssl);
            let eb = SSL_get_error(self.conns[b].ssl, rb);
            self.pump(b, a);
            trace!(
                "  handshake conn {a}: {ra} ({}), conn {b}: {rb} ({}); {}",
                error_name(ea),
                error_name(eb),
                if tracing() { err_all() } else { String::new() }
            );
            if ra == 1 && rb == 1 {
                break;
            }
            if ra <= 0 && rb <= 0 {
                if ea != SSL_ERROR_WANT_READ && ea != SSL_ERROR_WANT_WRITE
                    || eb != SSL_ERROR_WANT_READ && eb != SSL_ERROR_WANT_WRITE
                {
                    break;
                }
            }
        }
        err_clear();
    }

    /// SSL_write with one of the argument shapes (see the module comment).
    unsafe fn write(&mut self, i: Option<usize>, inp: &mut Input, ex: bool) {
        let ssl = self.conn(i);
        let kind = inp.u8() % 7;
        let (ptr, num, off, len): (*const c_void, c_long, usize, usize) = match kind {
            0 => (std::ptr::null(), inp.long(), 0, 0),
            1 | 2 => {
                let len = match inp.u8() {
                    0 => 16384,
                    1 => 16385,
                    2 => BUF / 2,
                    b => b as usize * (1 + (kind as usize - 1) * 60),
                }
                .min(BUF);
                let off = inp.u16() as usize % (BUF - len + 1);
                (self.wbuf[off..].as_ptr().cast(), len as c_long, off, len)
            }
            3 => (
                self.wbuf.as_ptr().cast(),
                -(1 + inp.u32() as c_long % 100_000),
                0,
                0,
            ),
            4 => (self.wbuf.as_ptr().cast(), 0, 0, 0),
            _ => {
                // Repeat the last write of this connection: the same arguments (5) or
                // the same data one byte further on (6: a moved buffer).
                let Some(i) = i else { return };
                let (off, len) = self.conns[i].last_write;
                let off = if kind == 6 && off + len < BUF {
                    off + 1
                } else {
                    off
                };
                (self.wbuf[off..].as_ptr().cast(), len as c_long, off, len)
            }
        };
        if let Some(i) = i {
            if (1..=6).contains(&kind) && kind != 3 && kind != 4 {
                self.conns[i].last_write = (off, len);
            }
        }
        if ex {
            // A huge size_t only with a NULL buffer; a negative one means huge.
            let n = if ptr.is_null() {
                num as usize
            } else {
                num.max(0) as usize
            };
            let mut written = usize::MAX;
            let out = if inp.bool() {
                &mut written as *mut usize
            } else {
                std::ptr::null_mut()
            };
            let r = SSL_write_ex(ssl, ptr, n, out);
            if r == 1 && !out.is_null() {
                assert!(written <= n, "SSL_write_ex wrote {written} of {n}");
            }
        } else {
            let num = if ptr.is_null() {
                num as c_int
            } else {
                num.clamp(c_int::MIN as c_long, len as c_long) as c_int
            };
            let r = SSL_write(ssl, ptr, num);
            assert!(r <= num.max(0), "SSL_write returned {r} for {num}");
        }
    }

    /// SSL_read / SSL_peek (and the _ex forms), checking nothing is written outside
    /// the buffer.
    unsafe fn read(&mut self, i: Option<usize>, inp: &mut Input, ex: bool) {
        let ssl = self.conn(i);
        let peek = inp.bool();
        let kind = inp.u8() % 4;
        let (off, len, null, num): (usize, usize, bool, c_long) = match kind {
            0 => (0, 0, true, inp.long()),
            1 | 2 => {
                let len = match inp.u8() {
                    0 => 16384,
                    1 => BUF - 64,
                    b => b as usize * (1 + (kind as usize - 1) * 60),
                }
                .min(BUF - 64);
                let off = 32 + inp.u16() as usize % (BUF - 64 - len + 1);
                (off, len, false, len as c_long)
            }
            _ => (32, 0, false, -(1 + inp.u16() as c_long)),
        };
        // Canaries on both sides of the region the call may write.
        let lo = off.saturating_sub(32);
        let hi = (off + len + 32).min(BUF);
        for k in (lo..off).chain(off + len..hi) {
            self.rbuf[k] = 0xA5;
        }
        let ptr: *mut c_void = if null {
            std::ptr::null_mut()
        } else {
            self.rbuf[off..].as_mut_ptr().cast()
        };
        if ex {
            let n = if null {
                num as usize
            } else {
                num.max(0) as usize
            };
            let mut got = usize::MAX;
            let out = if inp.bool() {
                &mut got as *mut usize
            } else {
                std::ptr::null_mut()
            };
            let r = if peek {
                SSL_peek_ex(ssl, ptr, n, out)
            } else {
                SSL_read_ex(ssl, ptr, n, out)
            };
            if r == 1 && !out.is_null() {
                assert!(got > 0 && got <= n, "SSL_read_ex/peek_ex read {got} of {n}");
            }
        } else {
            let num = num.clamp(c_int::MIN as c_long, c_int::MAX as c_long) as c_int;
            let r = if peek {
                SSL_peek(ssl, ptr, num)
            } else {
                SSL_read(ssl, ptr, num)
            };
            assert!(r <= num.max(0), "SSL_read/peek returned {r} for {num}");
        }
        for k in (lo..off).chain(off + len..hi) {
            assert_eq!(
                self.rbuf[k],
                0xA5,
                "a read wrote outside its buffer (at {k}, buffer {off}..{})",
                off + len
            );
        }
    }

    /// Free everything: the end of an iteration.
    unsafe fn release(&mut self) {
        for sb in self.sbios.drain(..) {
            BIO_free_all(sb.b);
            if sb.owed {
                SSL_free(sb.ssl);
            }
        }
        for cf in self.confs.drain(..) {
            SSL_CONF_CTX_free(cf.c);
            release_conf_refs(cf);
        }
        for c in self.conns.drain(..) {
            for _ in 0..c.refs {
                SSL_free(c.ssl);
            }
        }
        for (ctx, refs) in self.ctxs.drain(..) {
            for _ in 0..refs {
                SSL_CTX_free(ctx);
            }
        }
        for b in self.bios.drain(..) {
            BIO_free(b);
        }
        for x in self.x509.drain(..) {
            X509_free(x);
        }
        for k in self.pkeys.drain(..) {
            EVP_PKEY_free(k);
        }
        for fd in self.fds.drain(..) {
            libc::close(fd);
        }
        for s in self.sessions.drain(..) {
            SSL_SESSION_free(s);
        }
        self.encs.clear();
        // Last: what the new-session callback kept, up to the very end.
        let kept = CB.with(|c| std::mem::take(&mut c.borrow_mut().kept));
        for s in kept {
            SSL_SESSION_free(s);
        }
        CB.with(|c| *c.borrow_mut() = CbState::default());
        err_clear();
    }
}

fn pair_size(b: u8) -> usize {
    match b % 8 {
        0 => 0, // libcrypto's default
        1 => 1,
        2 => 5,
        3 => 512,
        4 => 4096,
        5 => 16384,
        6 => 17408,
        _ => 1 + b as usize * 64,
    }
}

fn verify_cb_choice(b: u8) -> VerifyCb {
    if b & 1 == 0 {
        None
    } else {
        Some(verify_cb)
    }
}

// ---- sessions, callbacks, SSL_CONF and SSL BIOs (ops 64 and up) ---------------------------

const MAX_SESS: usize = 8;
const MAX_KEPT: usize = 8;
const MAX_ENC: usize = 4;
const MAX_CONF: usize = 2;
const MAX_SBIO: usize = 4;

static TICKET_KEY_NAME: [u8; 16] = *b"api_sequence-key";
static TICKET_AES_KEY: [u8; 32] = [0x11; 32];
static TICKET_HMAC_KEY: [u8; 32] = [0x22; 32];

fn action2() -> u8 {
    CB.with(|c| c.borrow().action2)
}

fn set_action2(a: u8) {
    CB.with(|c| c.borrow_mut().action2 = a)
}

/// Every getter of a session (NULL included), reading what they return in full.
unsafe fn session_getters(s: *mut SSL_SESSION) {
    let mut n: c_uint = 0;
    let id = SSL_SESSION_get_id(s, &mut n);
    if !s.is_null() {
        assert!(n <= 32, "SSL_SESSION_get_id: {n} bytes");
    }
    touch(id, n as usize);
    let mut n: c_uint = 0;
    let c = SSL_SESSION_get0_id_context(s, &mut n);
    if !s.is_null() {
        assert!(n <= 32, "SSL_SESSION_get0_id_context: {n} bytes");
    }
    touch(c, n as usize);
    SSL_SESSION_get_time(s);
    SSL_SESSION_get_time_ex(s);
    SSL_SESSION_get_timeout(s);
    SSL_SESSION_get_protocol_version(s);
    let c = SSL_SESSION_get0_cipher(s);
    if !c.is_null() {
        read_cstr(SSL_CIPHER_get_name(c));
    }
    read_cstr(SSL_SESSION_get0_hostname(s));
    let (mut a, mut an) = (std::ptr::null(), 0usize);
    SSL_SESSION_get0_alpn_selected(s, &mut a, &mut an);
    touch(a, an);
    let x = SSL_SESSION_get0_peer(s);
    if !x.is_null() {
        assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
    }
    SSL_SESSION_get0_peer_rpk(s);
    SSL_SESSION_has_ticket(s);
    SSL_SESSION_get_ticket_lifetime_hint(s);
    SSL_SESSION_get_max_early_data(s);
    SSL_SESSION_is_resumable(s);
    SSL_SESSION_get_master_key(s, std::ptr::null_mut(), 0);
    let mut mk = [0xA5u8; 80];
    let k = SSL_SESSION_get_master_key(s, mk.as_mut_ptr(), 64);
    assert!(k <= 64, "SSL_SESSION_get_master_key: {k} of 64");
    assert!(
        mk[64..].iter().all(|&b| b == 0xA5),
        "SSL_SESSION_get_master_key wrote past its buffer"
    );
    SSL_SESSION_get_ex_data(s, 0);
    let (mut d, mut dn) = (std::ptr::null_mut(), 0usize);
    if SSL_SESSION_get0_ticket_appdata(s, &mut d, &mut dn) == 1 {
        touch(d as *const u8, dn);
    }
}

/// Getters an application calls from inside callbacks (an info callback above all);
/// none of them may be refused there.
unsafe fn state_getters(ssl: *mut SSL, what: &str) {
    if ssl.is_null() {
        return;
    }
    let before = reentry_refusals();
    SSL_get_state(ssl);
    read_cstr(SSL_state_string(ssl));
    read_cstr(SSL_state_string_long(ssl));
    assert!(
        read_cstr(SSL_get_version(ssl)).is_some(),
        "SSL_get_version returned NULL in the {what} callback"
    );
    let c = SSL_get_current_cipher(ssl);
    if !c.is_null() {
        read_cstr(SSL_CIPHER_get_name(c));
    }
    walk_x509_stack(SSL_get_peer_cert_chain(ssl));
    let x = SSL_get1_peer_certificate(ssl);
    if !x.is_null() {
        assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
        X509_free(x);
    }
    SSL_is_init_finished(ssl);
    SSL_in_init(ssl);
    SSL_session_reused(ssl);
    let s = SSL_get_session(ssl);
    if !s.is_null() && cb_action() & 1 != 0 {
        session_getters(s);
    }
    assert_eq!(
        reentry_refusals(),
        before,
        "a getter was refused inside the {what} callback (call on an SSL from its own callback)"
    );
}

unsafe extern "C" fn new_session_cb(ssl: *mut SSL, s: *mut SSL_SESSION) -> c_int {
    let _mark = ErrMark::new();
    assert!(!s.is_null(), "new-session callback without a session");
    from_callback(ssl);
    session_getters(s);
    if action2() & 1 == 0 {
        return 0;
    }
    // Keep the reference the callback was given (freed by the harness later).
    CB.with(|c| {
        let mut c = c.borrow_mut();
        if c.kept.len() < MAX_KEPT {
            c.kept.push(s);
            1
        } else {
            0
        }
    })
}

unsafe extern "C" fn remove_session_cb(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) {
    let _mark = ErrMark::new();
    assert!(!ctx.is_null(), "remove-session callback without a context");
    assert!(!s.is_null(), "remove-session callback without a session");
    session_getters(s);
}

unsafe extern "C" fn get_session_cb(
    ssl: *mut SSL,
    id: *const u8,
    len: c_int,
    copy: *mut c_int,
) -> *mut SSL_SESSION {
    let _mark = ErrMark::new();
    from_callback(ssl);
    assert!(
        (0..=32).contains(&len),
        "get-session callback: session id of {len} bytes"
    );
    touch(id, len as usize);
    assert!(!copy.is_null(), "get-session callback: copy is NULL");
    let a = action2();
    let (pool, kept) = CB.with(|c| (c.borrow().sessions.clone(), c.borrow().kept.clone()));
    let list = if (a >> 1) & 3 == 3 { kept } else { pool };
    if (a >> 1) & 3 == 0 || list.is_empty() {
        return std::ptr::null_mut();
    }
    let s = list[(a as usize >> 3) % list.len()];
    let keep_ours = match (a >> 1) & 3 {
        1 => true,
        2 => false,
        _ => a & 0x80 != 0,
    };
    if keep_ours {
        // The library takes a reference of its own.
        *copy = 1;
    } else {
        // The library takes over a reference: give it a new one, keep ours.
        assert_eq!(SSL_SESSION_up_ref(s), 1);
        *copy = 0;
    }
    s
}

/// The ticket key callback's cipher keys (AES-256-CBC), or the failure the action asks
/// for: (what to return, whether the MAC key is to be set too).
unsafe fn ticket_keys(
    name: *mut u8,
    iv: *mut u8,
    cctx: *mut EVP_CIPHER_CTX,
    enc: c_int,
) -> (c_int, bool) {
    let a = action2();
    let ret = match (a >> 3) & 3 {
        1 => return (0, false),
        2 => return (-1, false),
        3 => 2,
        _ => {
            if enc == 0 && a & 0x80 != 0 {
                2
            } else {
                1
            }
        }
    };
    if enc != 0 {
        std::ptr::copy_nonoverlapping(TICKET_KEY_NAME.as_ptr(), name, 16);
        let v = stream_bytes(u64::from(a), 0, 16);
        std::ptr::copy_nonoverlapping(v.as_ptr(), iv, 16);
        if EVP_EncryptInit_ex(
            cctx,
            EVP_aes_256_cbc(),
            std::ptr::null_mut(),
            TICKET_AES_KEY.as_ptr(),
            iv,
        ) != 1
        {
            return (-1, false);
        }
    } else {
        if std::slice::from_raw_parts(name, 16) != TICKET_KEY_NAME {
            return (0, false);
        }
        if EVP_DecryptInit_ex(
            cctx,
            EVP_aes_256_cbc(),
            std::ptr::null_mut(),
            TICKET_AES_KEY.as_ptr(),
            iv,
        ) != 1
        {
            return (-1, false);
        }
    }
    (ret, true)
}

unsafe extern "C" fn ticket_key_evp_cb(
    ssl: *mut SSL,
    name: *mut u8,
    iv: *mut u8,
    cctx: *mut EVP_CIPHER_CTX,
    hctx: *mut EVP_MAC_CTX,
    enc: c_int,
) -> c_int {
    let _mark = ErrMark::new();
    from_callback(ssl);
    assert!(!name.is_null() && !iv.is_null() && !cctx.is_null() && !hctx.is_null());
    let (ret, go_on) = ticket_keys(name, iv, cctx, enc);
    if !go_on {
        return ret;
    }
    let mut key = TICKET_HMAC_KEY;
    let mut digest = *b"SHA256\0";
    let params = [
        OSSL_PARAM_construct_octet_string(c"key".as_ptr(), key.as_mut_ptr().cast(), key.len()),
        OSSL_PARAM_construct_utf8_string(c"digest".as_ptr(), digest.as_mut_ptr().cast(), 0),
        OSSL_PARAM_construct_end(),
    ];
    if EVP_MAC_CTX_set_params(hctx, params.as_ptr()) != 1 {
        return -1;
    }
    ret
}

unsafe extern "C" fn ticket_key_legacy_cb(
    ssl: *mut SSL,
    name: *mut u8,
    iv: *mut u8,
    cctx: *mut EVP_CIPHER_CTX,
    hctx: *mut HMAC_CTX,
    enc: c_int,
) -> c_int {
    let _mark = ErrMark::new();
    from_callback(ssl);
    assert!(!name.is_null() && !iv.is_null() && !cctx.is_null() && !hctx.is_null());
    let (ret, go_on) = ticket_keys(name, iv, cctx, enc);
    if !go_on {
        return ret;
    }
    if HMAC_Init_ex(
        hctx,
        TICKET_HMAC_KEY.as_ptr().cast(),
        32,
        EVP_sha256(),
        std::ptr::null_mut(),
    ) != 1
    {
        return -1;
    }
    ret
}

unsafe extern "C" fn ticket_gen_cb(ssl: *mut SSL, arg: *mut c_void) -> c_int {
    let _mark = ErrMark::new();
    assert!(
        arg.is_null() || arg == marker(),
        "ticket gen callback: foreign arg"
    );
    from_callback(ssl);
    let a = action2();
    let s = SSL_get_session(ssl);
    if !s.is_null() && a & 0x40 != 0 {
        SSL_SESSION_set1_ticket_appdata(s, b"api_sequence appdata".as_ptr().cast(), 20);
    }
    if a & 0xa0 == 0xa0 {
        0
    } else {
        1
    }
}

unsafe extern "C" fn ticket_dec_cb(
    ssl: *mut SSL,
    s: *mut SSL_SESSION,
    keyname: *const u8,
    keyname_len: usize,
    status: c_int,
    arg: *mut c_void,
) -> c_int {
    let _mark = ErrMark::new();
    assert!(
        arg.is_null() || arg == marker(),
        "ticket dec callback: foreign arg"
    );
    assert!(
        (0..=6).contains(&status),
        "ticket dec callback: status {status}"
    );
    from_callback(ssl);
    touch(keyname, keyname_len);
    if !s.is_null() {
        session_getters(s);
    }
    let a = (action2() >> 5) as usize;
    trace!("  ticket dec callback: status {status}, session {s:?}, key name {keyname_len} bytes");
    // OpenSSL: SSL_TICKET_SUCCESS (5) and SUCCESS_RENEW (6) come with the decrypted
    // session, EMPTY (3) and NO_DECRYPT (4) with NULL.
    if !known_issue("ticket-dec-status") {
        assert_eq!(
            matches!(status, 5 | 6),
            !s.is_null(),
            "ticket decrypt callback: status {status} with session {s:?} \
             (SSL_TICKET_SUCCESS is 5, SUCCESS_RENEW 6, NO_DECRYPT 4 comes without one)"
        );
    }
    match status {
        // SSL_TICKET_SUCCESS(_RENEW): USE, USE_RENEW, IGNORE, IGNORE_RENEW or ABORT.
        5 | 6 if !s.is_null() => [3, 4, 1, 2, 0][a % 5],
        _ => [1, 2, 0][a % 3],
    }
}

unsafe extern "C" fn keylog_cb(ssl: *const SSL, line: *const c_char) {
    let _mark = ErrMark::new();
    assert!(!ssl.is_null(), "keylog callback without an SSL");
    from_callback(ssl as *mut SSL);
    assert!(read_cstr(line).is_some(), "keylog callback without a line");
}

unsafe extern "C" fn info_cb(ssl: *const SSL, _where: c_int, _ret: c_int) {
    let _mark = ErrMark::new();
    assert!(!ssl.is_null(), "info callback without an SSL");
    from_callback(ssl as *mut SSL);
    state_getters(ssl as *mut SSL, "info");
}

unsafe extern "C" fn client_hello_cb(ssl: *mut SSL, al: *mut c_int, arg: *mut c_void) -> c_int {
    let _mark = ErrMark::new();
    assert!(
        arg.is_null() || arg == marker(),
        "client hello callback: foreign arg"
    );
    from_callback(ssl);
    state_getters(ssl, "client hello");
    SSL_client_hello_isv2(ssl);
    SSL_client_hello_get0_legacy_version(ssl);
    for f in [
        SSL_client_hello_get0_random,
        SSL_client_hello_get0_session_id,
        SSL_client_hello_get0_ciphers,
        SSL_client_hello_get0_compression_methods,
    ] {
        let mut p = std::ptr::null();
        let n = f(ssl, &mut p);
        touch(p, n);
        f(ssl, std::ptr::null_mut());
    }
    let (mut e, mut en) = (std::ptr::null_mut::<c_int>(), 0usize);
    let mut types = Vec::new();
    if SSL_client_hello_get1_extensions_present(ssl, &mut e, &mut en) == 1 {
        if en > 0 {
            assert!(!e.is_null(), "get1_extensions_present: NULL with {en}");
            types = std::slice::from_raw_parts(e, en).to_vec();
        }
        if !e.is_null() {
            CRYPTO_free(e.cast(), c"api_sequence".as_ptr(), 0);
        }
    }
    SSL_client_hello_get1_extensions_present(ssl, std::ptr::null_mut(), &mut en);
    types.extend([0, 16, 43, 51, 0xffff, 0x10000, -1]);
    for t in types {
        let (mut o, mut on) = (std::ptr::null(), 0usize);
        if SSL_client_hello_get0_ext(ssl, t as c_uint, &mut o, &mut on) == 1 {
            touch(o, on);
        }
    }
    let mut num = 0usize;
    if SSL_client_hello_get_extension_order(ssl, std::ptr::null_mut(), &mut num) == 1 {
        let mut v = vec![0u16; num + 1];
        let mut m = num;
        if SSL_client_hello_get_extension_order(ssl, v.as_mut_ptr(), &mut m) == 1 {
            assert!(m <= num, "get_extension_order: {m} of {num}");
        }
        if num > 0 {
            let mut m = num - 1;
            SSL_client_hello_get_extension_order(ssl, v.as_mut_ptr(), &mut m);
        }
    }
    let a = action2();
    match (a >> 5) & 3 {
        0 => 1,
        1 => {
            let ctxs = CB.with(|c| c.borrow().ctxs.clone());
            if !ctxs.is_empty() {
                let ctx = ctxs[(a as usize) % ctxs.len()];
                let r = SSL_set_SSL_CTX(ssl, ctx);
                assert_eq!(r, ctx, "SSL_set_SSL_CTX in the client hello callback");
            }
            1
        }
        2 => {
            if !al.is_null() {
                *al = 40; // handshake_failure
            }
            0
        }
        _ => -1,
    }
}

/// A byte-string argument: NULL (with 0 or a non-zero length), up to 32 bytes, 33
/// bytes, or a shorter length than the buffer's.
fn byte_arg(inp: &mut Input) -> (Option<Vec<u8>>, usize) {
    match inp.u8() % 6 {
        0 => (None, 0),
        1 => (None, inp.u32() as usize | 1),
        2 => {
            let n = inp.u8() as usize % 33;
            let v = inp.bytes(n).to_vec();
            let n = v.len();
            (Some(v), n)
        }
        3 => (Some(vec![0x5a; 33]), 33),
        _ => {
            let v = inp.short_bytes().to_vec();
            let n = if v.is_empty() {
                0
            } else {
                inp.u8() as usize % (v.len() + 1)
            };
            (Some(v), n)
        }
    }
}

fn bptr(v: &Option<Vec<u8>>) -> *const u8 {
    v.as_ref().map_or(std::ptr::null(), |v| v.as_ptr())
}

const CONF_CMDS: &[&str] = &[
    "CipherString",
    "Ciphersuites",
    "MinProtocol",
    "MaxProtocol",
    "Protocol",
    "Options",
    "VerifyMode",
    "Certificate",
    "PrivateKey",
    "ChainCAFile",
    "ChainCAPath",
    "VerifyCAFile",
    "ClientCAFile",
    "RequestCAFile",
    "Curves",
    "Groups",
    "SignatureAlgorithms",
    "ClientSignatureAlgorithms",
    "ECDHParameters",
    "DHParameters",
    "RecordPadding",
    "NumTickets",
    "ServerInfoFile",
    "-cipher",
    "-ciphersuites",
    "-min_protocol",
    "-max_protocol",
    "-no_ticket",
    "-serverpref",
    "-cert",
    "-key",
    "-no_tls1_3",
    "-no_tls1_2",
    "-curves",
    "-groups",
    "-sigalgs",
    "-num_tickets",
    "-strict",
    "-bugs",
    "-comp",
    "-no_comp",
    "-legacy_renegotiation",
    "-no_middlebox",
    "-prioritize_chacha",
    "-record_padding",
    "-dhparam",
    "-named_curve",
    "-verifyCAfile",
    "-chainCAfile",
    "-requestCAfile",
];

const CONF_VALUES: &[&str] = &[
    "TLSv1.2",
    "TLSv1.3",
    "TLSv1",
    "SSLv3",
    "None",
    "ALL",
    "-ALL,TLSv1.2",
    "SessionTicket",
    "-SessionTicket",
    "ServerPreference,-Compression,-TLSv1.3",
    "Peer",
    "Peer,Request,Once",
    "Require,RequestPostHandshake",
    "P-256:X25519",
    "X25519",
    "P-521:P-384:nope",
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305",
    "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256",
    "ALL:!aNULL",
    "0",
    "1",
    "2",
    "10",
    "-1",
    "99999999999999999999",
    "RSA+SHA256:ECDSA+SHA256:rsa_pss_rsae_sha256",
    "auto",
    "",
];

/// A configuration command name: one of OpenSSL's (as is, lower case, or behind a
/// prefix), raw bytes, or NULL.
fn conf_name(inp: &mut Input) -> Option<Vec<u8>> {
    let b = inp.u8();
    if b == 0 {
        return None;
    }
    if b >= 0xf0 {
        return cstring(inp);
    }
    let mut v = CONF_CMDS[b as usize % CONF_CMDS.len()].as_bytes().to_vec();
    match (b >> 6) & 3 {
        1 => v.make_ascii_lowercase(),
        2 => v.splice(0..0, b"Pfx".iter().copied()).for_each(drop),
        _ => {}
    }
    v.push(0);
    Some(v)
}

/// A configuration value: from the dictionary, a test file, raw bytes, or NULL.
fn conf_value(inp: &mut Input) -> Option<Vec<u8>> {
    match inp.u8() % 8 {
        0 => None,
        1 | 2 => path(inp),
        3 => cstring(inp),
        _ => {
            let mut v = CONF_VALUES[inp.u8() as usize % CONF_VALUES.len()]
                .as_bytes()
                .to_vec();
            v.push(0);
            Some(v)
        }
    }
}

/// An SSL BIO the harness holds (one reference to the BIO).
#[derive(Clone, Copy)]
struct SslBio {
    b: *mut BIO,
    /// The connection attached (NULL: none).
    ssl: *mut SSL,
    /// The harness holds a reference to `ssl` for this BIO (close flag off): released
    /// after the BIO is freed. With the close flag on, the BIO owns that reference.
    owed: bool,
}

/// A configuration context and the references the harness holds to what it points at.
#[derive(Clone, Copy)]
struct Conf {
    c: *mut SSL_CONF_CTX,
    ctx: *mut SSL_CTX,
    ssl: *mut SSL,
}

unsafe fn release_conf_refs(cf: Conf) {
    if !cf.ctx.is_null() {
        SSL_CTX_free(cf.ctx);
    }
    if !cf.ssl.is_null() {
        SSL_free(cf.ssl);
    }
}

unsafe fn bio_get_ssl(b: *mut BIO) -> *mut SSL {
    let mut s: *mut SSL = std::ptr::null_mut();
    BIO_ctrl(b, BIO_C_GET_SSL, 0, (&mut s as *mut *mut SSL).cast());
    s
}

const BIO_C_SET_SSL: c_int = 109;
const BIO_C_GET_SSL: c_int = 110;
const BIO_C_DO_STATE_MACHINE: c_int = 101;
const BIO_C_SSL_MODE: c_int = 119;
const BIO_CTRL_GET_CLOSE: c_int = 8;
const BIO_CTRL_SET_CLOSE: c_int = 9;
const BIO_CTRL_FLUSH: c_int = 11;
const BIO_CTRL_WPENDING: c_int = 13;

/// The number of op codes: an input byte modulo this picks the op (0..=63 as before
/// the session, callback, SSL_CONF and SSL BIO ops were appended).
const NUM_OPS: usize = 89;

/// What each op code does (for FUZZ_TRACE).
const OP_NAMES: [&str; NUM_OPS] = [
    "SSL_CTX_new",
    "SSL_CTX_up_ref",
    "SSL_CTX_free",
    "SSL_CTX mode",
    "SSL_CTX options",
    "SSL_CTX versions",
    "SSL_CTX_ctrl",
    "SSL_CTX verify",
    "SSL_CTX quiet shutdown",
    "SSL_CTX verify locations",
    "SSL_CTX *_file",
    "SSL_CTX cert/key",
    "SSL_CTX ALPN",
    "SSL_CTX ALPN callback",
    "SSL_CTX servername callback",
    "SSL_CTX ciphers",
    "SSL_CTX client CAs / client cert callback",
    "SSL_new",
    "SSL_up_ref",
    "SSL_free",
    "SSL mode",
    "SSL options",
    "SSL versions",
    "SSL_ctrl / SNI",
    "SSL verify",
    "SSL hosts",
    "SSL connect/accept state",
    "SSL handshake",
    "SSL_write",
    "SSL_write_ex",
    "SSL_read/peek",
    "SSL_read_ex/peek_ex",
    "SSL pending/want/get_error",
    "SSL_key_update",
    "SSL shutdown",
    "SSL state queries",
    "SSL peer certificates",
    "SSL_get_SSL_CTX",
    "SSL_set_SSL_CTX",
    "SSL cipher",
    "SSL cipher lists",
    "SSL ALPN",
    "SSL servername",
    "SSL_select_next_proto",
    "SSL cert/key",
    "ex_data",
    "SSL_set_bio",
    "SSL_set0_rbio",
    "SSL_set0_wbio",
    "SSL_get_rbio/wbio",
    "SSL_set_*fd",
    "SSL_get_*fd",
    "BIO mem",
    "BIO pair",
    "BIO_write",
    "BIO_read",
    "BIO to BIO",
    "BIO eof/shutdown_wr",
    "adopt SSL's BIO",
    "BIO_free",
    "client/server pair",
    "handshake pair",
    "exchange data",
    "init/ERR/callback action/identities",
    "SSL_get1_session/SSL_get_session",
    "SSL_set_session/SSL_copy_session_id",
    "SSL_SESSION_new/up_ref/free/dup",
    "i2d_SSL_SESSION",
    "d2i_SSL_SESSION",
    "SSL_SESSION getters",
    "SSL_SESSION setters",
    "session reused/randoms/finished/master key",
    "session cache add/remove/flush/timeout",
    "session cache controls/ticket keys",
    "session callbacks (new/remove/get)",
    "session id context",
    "num tickets",
    "ticket key/session ticket callbacks",
    "keylog callback",
    "info callback",
    "client hello callback",
    "SSL_export_keying_material",
    "SSL_CONF_CTX",
    "SSL_CONF_cmd",
    "SSL BIO new",
    "SSL BIO set_ssl/push",
    "SSL BIO I/O and controls",
    "SSL BIO free_all",
    "session/ticket/hello callback action",
];

unsafe fn op(p: &mut Pool, inp: &mut Input) {
    // The callbacks may switch to any context the pool holds, and hand out its certs.
    CB.with(|c| {
        let mut c = c.borrow_mut();
        c.ctxs = p.ctxs.iter().map(|e| e.0).collect();
        c.x509 = p.x509.clone();
        c.pkeys = p.pkeys.clone();
    });
    // Sessions the new-session callback kept join the pool.
    let kept = CB.with(|c| std::mem::take(&mut c.borrow_mut().kept));
    for s in kept {
        p.keep_session(s);
    }
    CB.with(|c| c.borrow_mut().sessions = p.sessions.clone());
    let code = inp.u8() as usize % NUM_OPS;
    trace!(
        "op {} {} ({} input bytes left)",
        code,
        OP_NAMES[code],
        inp.len()
    );
    match code {
        // ---- contexts ----------------------------------------------------------------
        0 => {
            if p.ctxs.len() < MAX_CTX {
                let m = match inp.u8() % 5 {
                    0 => TLS_method(),
                    1 => TLS_client_method(),
                    2 => TLS_server_method(),
                    3 => std::ptr::null(),
                    _ => &BOGUS_METHOD as *const u8 as *const SSL_METHOD,
                };
                let ctx = SSL_CTX_new(m);
                if ctx.is_null() {
                    err_clear();
                } else {
                    p.ctxs.push((ctx, 1));
                }
            }
        }
        1 => {
            let i = p.pick_ctx(inp);
            let r = SSL_CTX_up_ref(p.ctx(i));
            if let Some(i) = i {
                assert_eq!(r, 1);
                p.ctxs[i].1 += 1;
            }
        }
        2 => {
            let i = p.pick_ctx(inp);
            SSL_CTX_free(p.ctx(i));
            if let Some(i) = i {
                p.ctxs[i].1 -= 1;
                if p.ctxs[i].1 == 0 {
                    p.ctxs.remove(i);
                }
            }
        }
        3 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let m = inp.long();
            match inp.u8() % 3 {
                0 => SSL_CTX_set_mode(ctx, m),
                1 => SSL_CTX_clear_mode(ctx, m),
                _ => SSL_CTX_get_mode(ctx),
            };
        }
        4 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let o = inp.u64();
            match inp.u8() % 3 {
                0 => SSL_CTX_set_options(ctx, o),
                1 => SSL_CTX_clear_options(ctx, o),
                _ => SSL_CTX_get_options(ctx),
            };
        }
        5 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let v = inp.int();
            match inp.u8() % 4 {
                0 => SSL_CTX_set_min_proto_version(ctx, v),
                1 => SSL_CTX_set_max_proto_version(ctx, v),
                2 => SSL_CTX_get_min_proto_version(ctx),
                _ => SSL_CTX_get_max_proto_version(ctx),
            };
        }
        6 => {
            // Any command with a NULL parg (a command given a pointer could write
            // through it; those with pointers are exercised by their own ops).
            let ctx = p.ctx(p.pick_ctx(inp));
            let cmd = match inp.u8() {
                0 => 33,
                1 => 78,
                2..=5 => 121 + inp.u8() as c_int % 12,
                _ => inp.int(),
            };
            SSL_CTX_ctrl(ctx, cmd, inp.long(), std::ptr::null_mut());
        }
        7 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 4 {
                0 => {
                    let cb = verify_cb_choice(inp.u8());
                    SSL_CTX_set_verify(ctx, inp.int(), cb);
                }
                1 => {
                    SSL_CTX_get_verify_mode(ctx);
                }
                2 => SSL_CTX_set_verify_depth(ctx, inp.int()),
                _ => {
                    SSL_CTX_get_verify_depth(ctx);
                }
            }
        }
        8 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            if inp.bool() {
                SSL_CTX_set_quiet_shutdown(ctx, inp.int());
            } else {
                SSL_CTX_get_quiet_shutdown(ctx);
            }
        }
        9 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let (f, d) = (path(inp), path(inp));
            match inp.u8() % 8 {
                0..=2 => SSL_CTX_load_verify_locations(ctx, cptr(&f), cptr(&d)),
                3 | 4 => SSL_CTX_load_verify_file(ctx, cptr(&f)),
                5 | 6 => SSL_CTX_load_verify_dir(ctx, cptr(&d)),
                _ => SSL_CTX_set_default_verify_paths(ctx),
            };
        }
        10 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let f = path(inp);
            let kind = match inp.u8() % 4 {
                0 | 1 => SSL_FILETYPE_PEM,
                2 => SSL_FILETYPE_ASN1,
                _ => inp.int(),
            };
            match inp.u8() % 3 {
                0 => SSL_CTX_use_certificate_file(ctx, cptr(&f), kind),
                1 => SSL_CTX_use_certificate_chain_file(ctx, cptr(&f)),
                _ => SSL_CTX_use_PrivateKey_file(ctx, cptr(&f), kind),
            };
        }
        11 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 3 {
                0 => {
                    let x = pick(inp, p.x509.len()).map_or(std::ptr::null_mut(), |i| p.x509[i]);
                    SSL_CTX_use_certificate(ctx, x)
                }
                1 => {
                    let k = pick(inp, p.pkeys.len()).map_or(std::ptr::null_mut(), |i| p.pkeys[i]);
                    SSL_CTX_use_PrivateKey(ctx, k)
                }
                _ => SSL_CTX_check_private_key(ctx),
            };
        }
        12 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let protos = inp.short_bytes();
            if inp.bool() {
                SSL_CTX_set_alpn_protos(ctx, protos.as_ptr(), protos.len() as c_uint);
            } else {
                // NULL with any length: "no protocols".
                SSL_CTX_set_alpn_protos(ctx, std::ptr::null(), inp.u32());
            }
        }
        13 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let cb: AlpnSelectCb = if inp.bool() { Some(alpn_cb) } else { None };
            let arg = if inp.bool() {
                marker()
            } else {
                std::ptr::null_mut()
            };
            SSL_CTX_set_alpn_select_cb(ctx, cb, arg);
        }
        14 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 4 {
                0 => {
                    let cb: ServernameCb = servername_cb;
                    SSL_CTX_callback_ctrl(
                        ctx,
                        SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                        Some(std::mem::transmute::<ServernameCb, unsafe extern "C" fn()>(
                            cb,
                        )),
                    );
                }
                1 => {
                    SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, None);
                }
                2 => {
                    SSL_CTX_callback_ctrl(ctx, inp.int(), None);
                }
                _ => {
                    let arg = if inp.bool() {
                        marker()
                    } else {
                        std::ptr::null_mut()
                    };
                    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, arg);
                }
            }
        }
        15 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let s = cstring(inp);
            if inp.bool() {
                SSL_CTX_set_cipher_list(ctx, cptr(&s));
            } else {
                SSL_CTX_set_ciphersuites(ctx, cptr(&s));
            }
        }
        16 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 3 {
                0 => {
                    let x = pick(inp, p.x509.len()).map_or(std::ptr::null_mut(), |i| p.x509[i]);
                    SSL_CTX_add_client_CA(ctx, x);
                }
                1 => {
                    let f = path(inp);
                    let list = SSL_load_client_CA_file(cptr(&f));
                    if !list.is_null() {
                        if !ctx.is_null() && inp.bool() {
                            // The context takes the list over.
                            SSL_CTX_set_client_CA_list(ctx, list);
                        } else {
                            OPENSSL_sk_pop_free(list, Some(X509_NAME_free));
                        }
                    }
                }
                _ => {
                    let cb = if inp.bool() {
                        Some(client_cert_cb as _)
                    } else {
                        None
                    };
                    SSL_CTX_set_client_cert_cb(ctx, cb);
                }
            }
        }
        // ---- connections -------------------------------------------------------------
        17 => {
            if p.conns.len() < MAX_SSL {
                let i = p.pick_ctx(inp);
                p.new_ssl(p.ctx(i));
                err_clear();
            }
        }
        18 => {
            let i = p.pick_conn(inp);
            let r = SSL_up_ref(p.conn(i));
            if let Some(i) = i {
                assert_eq!(r, 1);
                p.conns[i].refs += 1;
            }
        }
        19 => {
            let i = p.pick_conn(inp);
            SSL_free(p.conn(i));
            if let Some(i) = i {
                p.conns[i].refs -= 1;
                if p.conns[i].refs == 0 {
                    p.conns.remove(i);
                }
            }
        }
        20 => {
            let ssl = p.conn(p.pick_conn(inp));
            let m = inp.long();
            match inp.u8() % 3 {
                0 => SSL_set_mode(ssl, m),
                1 => SSL_clear_mode(ssl, m),
                _ => SSL_get_mode(ssl),
            };
        }
        21 => {
            let ssl = p.conn(p.pick_conn(inp));
            let o = inp.u64();
            match inp.u8() % 3 {
                0 => SSL_set_options(ssl, o),
                1 => SSL_clear_options(ssl, o),
                _ => SSL_get_options(ssl),
            };
        }
        22 => {
            let ssl = p.conn(p.pick_conn(inp));
            let v = inp.int();
            match inp.u8() % 4 {
                0 => SSL_set_min_proto_version(ssl, v),
                1 => SSL_set_max_proto_version(ssl, v),
                2 => SSL_get_min_proto_version(ssl),
                _ => SSL_get_max_proto_version(ssl),
            };
        }
        23 => {
            let ssl = p.conn(p.pick_conn(inp));
            if inp.bool() {
                let cmd = match inp.u8() {
                    0 => 33,
                    1 => 78,
                    2..=5 => 121 + inp.u8() as c_int % 12,
                    _ => inp.int(),
                };
                SSL_ctrl(ssl, cmd, inp.long(), std::ptr::null_mut());
            } else {
                // SSL_set_tlsext_host_name.
                let name = cstring(inp);
                let kind = if inp.bool() {
                    TLSEXT_NAMETYPE_HOST_NAME
                } else {
                    inp.long()
                };
                SSL_ctrl(
                    ssl,
                    SSL_CTRL_SET_TLSEXT_HOSTNAME,
                    kind,
                    cptr(&name) as *mut c_void,
                );
            }
        }
        24 => {
            let ssl = p.conn(p.pick_conn(inp));
            match inp.u8() % 4 {
                0 => {
                    let cb = verify_cb_choice(inp.u8());
                    SSL_set_verify(ssl, inp.int(), cb);
                }
                1 => {
                    SSL_get_verify_mode(ssl);
                }
                2 => SSL_set_verify_depth(ssl, inp.int()),
                _ => {
                    SSL_get_verify_depth(ssl);
                }
            }
        }
        25 => {
            let ssl = p.conn(p.pick_conn(inp));
            let name = cstring(inp);
            match inp.u8() % 4 {
                0 => {
                    SSL_set1_host(ssl, cptr(&name));
                }
                1 => {
                    SSL_add1_host(ssl, cptr(&name));
                }
                2 => SSL_set_hostflags(ssl, inp.u32()),
                _ => {
                    read_cstr(SSL_get0_peername(ssl));
                }
            }
        }
        26 => {
            let ssl = p.conn(p.pick_conn(inp));
            if inp.bool() {
                SSL_set_connect_state(ssl);
            } else {
                SSL_set_accept_state(ssl);
            }
        }
        27 => {
            let ssl = p.conn(p.pick_conn(inp));
            let r = match inp.u8() % 3 {
                0 => SSL_do_handshake(ssl),
                1 => SSL_connect(ssl),
                _ => SSL_accept(ssl),
            };
            assert!(r <= 1);
        }
        28 => {
            let i = p.pick_conn(inp);
            p.write(i, inp, false);
        }
        29 => {
            let i = p.pick_conn(inp);
            p.write(i, inp, true);
        }
        30 => {
            let i = p.pick_conn(inp);
            p.read(i, inp, false);
        }
        31 => {
            let i = p.pick_conn(inp);
            p.read(i, inp, true);
        }
        32 => {
            let ssl = p.conn(p.pick_conn(inp));
            match inp.u8() % 5 {
                0 => assert!(SSL_pending(ssl) >= 0),
                1 => assert!((0..=1).contains(&SSL_has_pending(ssl))),
                2 => {
                    SSL_want(ssl);
                }
                3 => {
                    let e = SSL_get_error(ssl, inp.int());
                    assert!((0..=12).contains(&e), "SSL_get_error returned {e}");
                }
                _ => {
                    SSL_get_key_update_type(ssl);
                }
            }
        }
        33 => {
            let ssl = p.conn(p.pick_conn(inp));
            SSL_key_update(ssl, inp.int());
        }
        34 => {
            let ssl = p.conn(p.pick_conn(inp));
            match inp.u8() % 5 {
                0 => {
                    let r = SSL_shutdown(ssl);
                    assert!((-1..=1).contains(&r), "SSL_shutdown returned {r}");
                }
                1 => SSL_set_shutdown(ssl, inp.int()),
                2 => {
                    SSL_get_shutdown(ssl);
                }
                3 => SSL_set_quiet_shutdown(ssl, inp.int()),
                _ => {
                    SSL_get_quiet_shutdown(ssl);
                }
            }
        }
        35 => {
            let ssl = p.conn(p.pick_conn(inp));
            SSL_is_server(ssl);
            SSL_is_init_finished(ssl);
            SSL_in_before(ssl);
            SSL_in_init(ssl);
            SSL_version(ssl);
            let v = read_cstr(SSL_get_version(ssl));
            assert!(v.is_some(), "SSL_get_version returned NULL");
            SSL_get_verify_result(ssl);
        }
        36 => {
            let ssl = p.conn(p.pick_conn(inp));
            match inp.u8() % 4 {
                0 => {
                    let x = SSL_get1_peer_certificate(ssl);
                    if !x.is_null() {
                        assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
                        if p.x509.len() < MAX_X509 {
                            p.x509.push(x);
                        } else {
                            X509_free(x);
                        }
                    }
                }
                1 => {
                    let x = SSL_get0_peer_certificate(ssl);
                    if !x.is_null() {
                        assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
                    }
                }
                2 => walk_x509_stack(SSL_get_peer_cert_chain(ssl)),
                _ => walk_x509_stack(SSL_get0_verified_chain(ssl)),
            }
        }
        37 => {
            let i = p.pick_conn(inp);
            let ctx = SSL_get_SSL_CTX(p.conn(i));
            assert_eq!(ctx.is_null(), i.is_none(), "SSL_get_SSL_CTX");
            if inp.bool() {
                p.adopt_ctx(ctx);
            }
        }
        38 => {
            let ssl = p.conn(p.pick_conn(inp));
            let ctx = p.ctx(p.pick_ctx(inp));
            let r = SSL_set_SSL_CTX(ssl, ctx);
            if !ssl.is_null() && !ctx.is_null() {
                assert_eq!(r, ctx, "SSL_set_SSL_CTX returned another context");
            }
        }
        39 => {
            let ssl = p.conn(p.pick_conn(inp));
            let c = if inp.bool() {
                SSL_get_current_cipher(ssl)
            } else {
                std::ptr::null()
            };
            read_cstr(SSL_CIPHER_get_name(c));
            read_cstr(SSL_CIPHER_standard_name(c));
            read_cstr(SSL_CIPHER_get_version(c));
            SSL_CIPHER_get_id(c);
            let mut bits = 0;
            let out = if inp.bool() {
                &mut bits as *mut c_int
            } else {
                std::ptr::null_mut()
            };
            SSL_CIPHER_get_bits(c, out);
            if inp.bool() {
                let d = SSL_CIPHER_description(c, std::ptr::null_mut(), 0);
                if !d.is_null() {
                    read_cstr(d);
                    CRYPTO_free(d.cast(), c"api_sequence".as_ptr(), 0);
                }
            } else {
                let mut buf = [0u8; 256];
                let size = match inp.u8() % 4 {
                    0 => 256,
                    1 => 128,
                    2 => 127,
                    _ => -1,
                };
                let d = SSL_CIPHER_description(c, buf.as_mut_ptr().cast(), size);
                if !d.is_null() {
                    assert_eq!(d, buf.as_mut_ptr().cast(), "description not in the buffer");
                    assert!(buf.contains(&0), "description not terminated");
                }
            }
        }
        40 => {
            let ssl = p.conn(p.pick_conn(inp));
            match inp.u8() % 3 {
                0 => {
                    read_cstr(SSL_get_cipher_list(ssl, inp.int()));
                }
                1 => {
                    let s = cstring(inp);
                    SSL_set_cipher_list(ssl, cptr(&s));
                }
                _ => {
                    let s = cstring(inp);
                    SSL_set_ciphersuites(ssl, cptr(&s));
                }
            }
        }
        41 => {
            let ssl = p.conn(p.pick_conn(inp));
            if inp.bool() {
                let protos = inp.short_bytes();
                if inp.bool() {
                    SSL_set_alpn_protos(ssl, protos.as_ptr(), protos.len() as c_uint);
                } else {
                    SSL_set_alpn_protos(ssl, std::ptr::null(), inp.u32());
                }
            } else {
                let (mut d, mut n) = (std::ptr::null(), 0 as c_uint);
                let dp = if inp.bool() {
                    &mut d as *mut *const u8
                } else {
                    std::ptr::null_mut()
                };
                let np = if inp.bool() {
                    &mut n as *mut c_uint
                } else {
                    std::ptr::null_mut()
                };
                SSL_get0_alpn_selected(ssl, dp, np);
                if !dp.is_null() && !np.is_null() {
                    touch(d, n as usize);
                }
            }
        }
        42 => {
            let ssl = p.conn(p.pick_conn(inp));
            read_cstr(SSL_get_servername(ssl, inp.int()));
            SSL_get_servername_type(ssl);
        }
        43 => {
            let server = inp.short_bytes().to_vec();
            let client = inp.short_bytes().to_vec();
            let (mut out, mut outlen) = (std::ptr::null_mut::<u8>(), 0u8);
            let sp = if inp.u8() % 4 == 0 {
                std::ptr::null()
            } else {
                server.as_ptr()
            };
            let cp = if inp.u8() % 4 == 0 {
                std::ptr::null()
            } else {
                client.as_ptr()
            };
            let r = SSL_select_next_proto(
                &mut out,
                &mut outlen,
                sp,
                if sp.is_null() {
                    0
                } else {
                    server.len() as c_uint
                },
                cp,
                if cp.is_null() {
                    0
                } else {
                    client.len() as c_uint
                },
            );
            assert!(r == 1 || r == 2, "SSL_select_next_proto returned {r}");
            if !out.is_null() {
                let within = |b: &[u8]| {
                    let (s, e) = (b.as_ptr() as usize, b.as_ptr() as usize + b.len());
                    (out as usize) >= s && (out as usize) + outlen as usize <= e
                };
                assert!(
                    within(&server) || within(&client),
                    "selected protocol outside both lists"
                );
                touch(out, outlen as usize);
            }
        }
        44 => {
            let ssl = p.conn(p.pick_conn(inp));
            match inp.u8() % 6 {
                0 => {
                    let x = pick(inp, p.x509.len()).map_or(std::ptr::null_mut(), |i| p.x509[i]);
                    SSL_use_certificate(ssl, x);
                }
                1 => {
                    let k = pick(inp, p.pkeys.len()).map_or(std::ptr::null_mut(), |i| p.pkeys[i]);
                    SSL_use_PrivateKey(ssl, k);
                }
                2 => {
                    SSL_check_private_key(ssl);
                }
                3 => {
                    let f = path(inp);
                    SSL_use_certificate_file(ssl, cptr(&f), inp.int());
                }
                4 => {
                    let f = path(inp);
                    SSL_use_certificate_chain_file(ssl, cptr(&f));
                }
                _ => {
                    let f = path(inp);
                    SSL_use_PrivateKey_file(ssl, cptr(&f), inp.int());
                }
            }
        }
        45 => {
            let idx = [0, 1, 2, -1, 7, 63][inp.u8() as usize % 6];
            let data = if inp.bool() {
                marker()
            } else {
                std::ptr::null_mut()
            };
            if inp.bool() {
                let ssl = p.conn(p.pick_conn(inp));
                if SSL_set_ex_data(ssl, idx, data) == 1 {
                    assert_eq!(SSL_get_ex_data(ssl, idx), data, "SSL_get_ex_data");
                }
            } else {
                let ctx = p.ctx(p.pick_ctx(inp));
                if SSL_CTX_set_ex_data(ctx, idx, data) == 1 {
                    assert_eq!(SSL_CTX_get_ex_data(ctx, idx), data, "SSL_CTX_get_ex_data");
                }
            }
        }
        // ---- BIOs ----------------------------------------------------------------------
        46 => {
            let Some(i) = p.pick_conn(inp) else {
                SSL_set_bio(
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                );
                return;
            };
            let c = p.conns[i];
            // Each of rbio and wbio: NULL, the current rbio, the current wbio, or a
            // BIO of the pool.
            let choose = |inp: &mut Input| match inp.u8() % 4 {
                0 => std::ptr::null_mut(),
                1 => c.r,
                2 => c.w,
                _ => p.bio(pick(inp, p.bios.len())),
            };
            let (r, w) = (choose(inp), choose(inp));
            // A BIO of the connection that the pool does not hold (from SSL_set_fd):
            // the harness needs its own reference before handing one over.
            for b in [r, w] {
                if !b.is_null() && !p.bios.contains(&b) {
                    if p.bios.len() >= MAX_BIO {
                        return;
                    }
                    p.adopt_bio(b);
                }
            }
            p.set_bio(i, r, w);
        }
        47 | 48 => {
            let Some(i) = p.pick_conn(inp) else {
                SSL_set0_rbio(std::ptr::null_mut(), std::ptr::null_mut());
                SSL_set0_wbio(std::ptr::null_mut(), std::ptr::null_mut());
                return;
            };
            let b = p.bio(pick(inp, p.bios.len()));
            p.set0(i, b, code == 47);
        }
        49 => {
            match p.pick_conn(inp) {
                Some(i) => p.check_bios(i),
                None => {
                    assert!(SSL_get_rbio(std::ptr::null()).is_null());
                    assert!(SSL_get_wbio(std::ptr::null()).is_null());
                }
            }
            err_clear();
        }
        50 => {
            let i = p.pick_conn(inp);
            let fd = match inp.u8() % 3 {
                0 => -1,
                _ => {
                    if p.fds.is_empty() && !p.socketpair() {
                        return;
                    }
                    p.fds[inp.u8() as usize % p.fds.len()]
                }
            };
            let ssl = p.conn(i);
            let which = inp.u8() % 3;
            let r = match which {
                0 => SSL_set_fd(ssl, fd),
                1 => SSL_set_rfd(ssl, fd),
                _ => SSL_set_wfd(ssl, fd),
            };
            if let Some(i) = i {
                assert_eq!(r, 1, "SSL_set_*fd failed");
                // The new BIO(s) belong to the connection; the model follows.
                if which != 2 {
                    p.conns[i].r = SSL_get_rbio(ssl);
                    assert!(!p.conns[i].r.is_null());
                }
                if which != 1 {
                    p.conns[i].w = SSL_get_wbio(ssl);
                    assert!(!p.conns[i].w.is_null());
                }
                if which == 0 {
                    assert_eq!(p.conns[i].r, p.conns[i].w, "SSL_set_fd: two BIOs");
                }
                assert_eq!(
                    SSL_get_fd(ssl),
                    if which == 2 { SSL_get_rfd(ssl) } else { fd }
                );
            }
            err_clear();
        }
        51 => {
            let ssl = p.conn(p.pick_conn(inp));
            SSL_get_fd(ssl);
            SSL_get_rfd(ssl);
            SSL_get_wfd(ssl);
            err_clear();
        }
        52 => {
            if p.bios.len() < MAX_BIO {
                p.bios.push(mem_bio());
            }
        }
        53 => {
            if p.bios.len() + 2 <= MAX_BIO {
                let (mut x, mut y) = (std::ptr::null_mut(), std::ptr::null_mut());
                assert_eq!(
                    BIO_new_bio_pair(&mut x, pair_size(inp.u8()), &mut y, pair_size(inp.u8())),
                    1
                );
                p.bios.extend([x, y]);
            }
        }
        54 => {
            if let Some(i) = pick(inp, p.bios.len()) {
                let data = inp.short_bytes();
                BIO_write(p.bios[i], data.as_ptr().cast(), data.len() as c_int);
            }
        }
        55 => {
            if let Some(i) = pick(inp, p.bios.len()) {
                let mut buf = [0u8; 4096];
                let n = 1 + inp.u16() as usize % buf.len();
                BIO_read(p.bios[i], buf.as_mut_ptr().cast(), n as c_int);
            }
        }
        56 => {
            let (a, b) = (pick(inp, p.bios.len()), pick(inp, p.bios.len()));
            if let (Some(a), Some(b)) = (a, b) {
                let mut buf = [0u8; 4096];
                let n = BIO_read(
                    p.bios[a],
                    buf.as_mut_ptr().cast(),
                    (1 + inp.u16() as usize % 4096) as c_int,
                );
                if n > 0 {
                    BIO_write(p.bios[b], buf.as_ptr().cast(), n);
                }
            }
        }
        57 => {
            if let Some(i) = pick(inp, p.bios.len()) {
                let b = p.bios[i];
                match inp.u8() % 3 {
                    0 => BIO_ctrl(b, BIO_C_SET_BUF_MEM_EOF_RETURN, 0, std::ptr::null_mut()),
                    1 => BIO_ctrl(b, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, std::ptr::null_mut()),
                    _ => BIO_ctrl(b, BIO_C_SHUTDOWN_WR, 0, std::ptr::null_mut()),
                };
            }
        }
        58 => {
            if let Some(i) = p.pick_conn(inp) {
                p.check_bios(i);
                let c = p.conns[i];
                p.adopt_bio(if inp.bool() { c.r } else { c.w });
            }
        }
        59 => {
            // Drop the harness's own reference (connections keep theirs).
            if let Some(i) = pick(inp, p.bios.len()) {
                BIO_free(p.bios.remove(i));
            }
        }
        // ---- whole conversations ---------------------------------------------------------
        60 => p.pair(inp),
        61 => {
            let (a, b) = (p.pick_conn(inp), p.pick_conn(inp));
            if let (Some(a), Some(b)) = (a, b) {
                if a != b {
                    let rounds = 1 + inp.u8() as usize % 32;
                    p.handshake(a, b, rounds);
                }
            }
        }
        62 => {
            // Data from a to b: a write, the bytes moved, a read.
            let (a, b) = (p.pick_conn(inp), p.pick_conn(inp));
            if let (Some(a), Some(b)) = (a, b) {
                if a != b {
                    p.write(Some(a), inp, false);
                    p.pump(a, b);
                    p.read(Some(b), inp, false);
                    p.pump(b, a);
                }
            }
        }
        // ---- sessions ---------------------------------------------------------------------
        64 => {
            let ssl = p.conn(p.pick_conn(inp));
            if inp.bool() {
                let s = SSL_get1_session(ssl);
                if !s.is_null() {
                    session_getters(s);
                    p.keep_session(s);
                }
            } else {
                let s = SSL_get_session(ssl);
                if !s.is_null() {
                    session_getters(s);
                    if inp.bool() {
                        assert_eq!(SSL_SESSION_up_ref(s), 1);
                        p.keep_session(s);
                    }
                }
            }
            err_clear();
        }
        65 => {
            let ssl = p.conn(p.pick_conn(inp));
            if inp.u8() % 4 != 0 {
                let s = p.sess(pick(inp, p.sessions.len()));
                let r = SSL_set_session(ssl, s);
                if !ssl.is_null() {
                    assert_eq!(r, 1, "SSL_set_session failed");
                    assert_eq!(
                        SSL_get_session(ssl),
                        s,
                        "SSL_get_session after SSL_set_session"
                    );
                }
            } else {
                let from = p.conn(p.pick_conn(inp));
                SSL_copy_session_id(ssl, from);
            }
            err_clear();
        }
        66 => {
            match inp.u8() % 4 {
                0 => {
                    let s = SSL_SESSION_new();
                    assert!(!s.is_null(), "SSL_SESSION_new failed");
                    session_getters(s);
                    p.keep_session(s);
                }
                1 => {
                    let i = pick(inp, p.sessions.len());
                    let r = SSL_SESSION_up_ref(p.sess(i));
                    match i {
                        Some(i) => {
                            assert_eq!(r, 1);
                            p.keep_session(p.sessions[i]);
                        }
                        None => assert_eq!(r, 0),
                    }
                }
                2 => {
                    let i = pick(inp, p.sessions.len());
                    SSL_SESSION_free(p.sess(i));
                    if let Some(i) = i {
                        p.sessions.remove(i);
                    }
                }
                _ => {
                    let i = pick(inp, p.sessions.len());
                    let s = SSL_SESSION_dup(p.sess(i));
                    assert_eq!(s.is_null(), i.is_none(), "SSL_SESSION_dup");
                    if !s.is_null() {
                        session_getters(s);
                        p.keep_session(s);
                    }
                }
            }
            err_clear();
        }
        67 => {
            let s = p.sess(pick(inp, p.sessions.len()));
            let n = i2d_SSL_SESSION(s, std::ptr::null_mut());
            assert!(n >= 0, "i2d_SSL_SESSION returned {n}");
            match inp.u8() % 3 {
                0 => {}
                1 => {
                    if n > 0 {
                        let n = n as usize;
                        let mut buf = vec![0xA5u8; n + 16];
                        let mut q = buf.as_mut_ptr();
                        let m = i2d_SSL_SESSION(s, &mut q);
                        assert_eq!(m as usize, n, "i2d_SSL_SESSION: two lengths");
                        assert_eq!(
                            q as usize,
                            buf.as_ptr() as usize + n,
                            "i2d_SSL_SESSION did not advance *pp by its length"
                        );
                        assert!(
                            buf[n..].iter().all(|&b| b == 0xA5),
                            "i2d_SSL_SESSION wrote past its length"
                        );
                        buf.truncate(n);
                        p.keep_enc(buf);
                    }
                }
                _ => {
                    let mut q: *mut u8 = std::ptr::null_mut();
                    let m = i2d_SSL_SESSION(s, &mut q);
                    assert_eq!(m, n, "i2d_SSL_SESSION: two lengths");
                    if m > 0 {
                        assert!(!q.is_null(), "i2d_SSL_SESSION allocated nothing");
                        let v = std::slice::from_raw_parts(q, m as usize).to_vec();
                        CRYPTO_free(q.cast(), c"api_sequence".as_ptr(), 0);
                        p.keep_enc(v);
                    } else {
                        assert!(q.is_null(), "i2d_SSL_SESSION allocated for nothing");
                    }
                }
            }
            err_clear();
        }
        68 => {
            let mut data: Vec<u8> = match inp.u8() % 5 {
                0 | 1 if !p.encs.is_empty() => p.encs[inp.u8() as usize % p.encs.len()].clone(),
                2 if !p.encs.is_empty() => {
                    let mut v = p.encs[inp.u8() as usize % p.encs.len()].clone();
                    for _ in 0..1 + inp.u8() % 4 {
                        if !v.is_empty() {
                            let k = inp.u16() as usize % v.len();
                            v[k] ^= inp.u8() | 1;
                        }
                    }
                    v
                }
                3 if !p.encs.is_empty() => {
                    let v = &p.encs[inp.u8() as usize % p.encs.len()];
                    v[..inp.u16() as usize % (v.len() + 1)].to_vec()
                }
                _ => inp.short_bytes().to_vec(),
            };
            if inp.u8() % 4 == 0 {
                data.extend_from_slice(inp.short_bytes());
            }
            let len: c_long = match inp.u8() % 6 {
                0..=2 => data.len() as c_long,
                3 => (inp.u16() as usize % (data.len() + 1)) as c_long,
                4 => 0,
                _ => [-1, c_long::MIN][inp.u8() as usize % 2],
            };
            let start = data.as_ptr();
            let mut q = start;
            let pp: *mut *const u8 = if inp.u8() % 8 == 0 {
                std::ptr::null_mut()
            } else {
                &mut q
            };
            // a: NULL, a slot holding NULL, or a slot holding one of our references.
            let kind = inp.u8() % 3;
            let idx = if kind == 2 {
                pick(inp, p.sessions.len())
            } else {
                None
            };
            let before = p.sess(idx);
            let mut slot = before;
            let a: *mut *mut SSL_SESSION = if kind == 0 {
                std::ptr::null_mut()
            } else {
                &mut slot
            };
            let r = if inp.bool() {
                d2i_SSL_SESSION(a, pp, len)
            } else {
                d2i_SSL_SESSION_ex(a, pp, len, std::ptr::null_mut(), std::ptr::null())
            };
            if r.is_null() {
                assert_eq!(q, start, "a failed d2i_SSL_SESSION moved *pp");
                assert_eq!(slot, before, "a failed d2i_SSL_SESSION changed *a");
            } else {
                let used = q as usize - start as usize;
                assert!(
                    used > 0 && used as c_long <= len,
                    "d2i_SSL_SESSION consumed {used} of {len} bytes"
                );
                if !a.is_null() {
                    assert_eq!(slot, r, "d2i_SSL_SESSION: *a is not the result");
                }
                session_getters(r);
                match idx {
                    // Our reference to the old *a went with it.
                    Some(i) => p.sessions[i] = r,
                    None => p.keep_session(r),
                }
            }
            err_clear();
        }
        69 => {
            session_getters(p.sess(pick(inp, p.sessions.len())));
            err_clear();
        }
        70 => {
            let s = p.sess(pick(inp, p.sessions.len()));
            match inp.u8() % 11 {
                k @ (0 | 1) => {
                    let (v, n) = byte_arg(inp);
                    let r = if k == 0 {
                        SSL_SESSION_set1_id(s, bptr(&v), n as c_uint)
                    } else {
                        SSL_SESSION_set1_id_context(s, bptr(&v), n as c_uint)
                    };
                    if r == 1 && !s.is_null() {
                        let mut m: c_uint = 0;
                        let got = if k == 0 {
                            SSL_SESSION_get_id(s, &mut m)
                        } else {
                            SSL_SESSION_get0_id_context(s, &mut m)
                        };
                        assert_eq!(m as usize, n, "session id (context) length after set1");
                        if n > 0 {
                            assert_eq!(
                                std::slice::from_raw_parts(got, n),
                                &v.as_ref().unwrap()[..n],
                                "session id (context) after set1"
                            );
                        }
                    }
                }
                2 => {
                    SSL_SESSION_set_time(s, inp.long());
                }
                3 => {
                    SSL_SESSION_set_time_ex(s, inp.u64() as libc::time_t);
                }
                4 => {
                    SSL_SESSION_set_timeout(s, inp.long());
                }
                5 => {
                    SSL_SESSION_set_protocol_version(s, inp.int());
                }
                6 => {
                    let c = match inp.u8() % 3 {
                        0 => SSL_get_current_cipher(p.conn(p.pick_conn(inp))),
                        1 => SSL_SESSION_get0_cipher(p.sess(pick(inp, p.sessions.len()))),
                        _ => std::ptr::null(),
                    };
                    SSL_SESSION_set_cipher(s, c);
                }
                7 => {
                    let h = cstring(inp);
                    let r = SSL_SESSION_set1_hostname(s, cptr(&h));
                    if r == 1 && !s.is_null() {
                        let got = read_cstr(SSL_SESSION_get0_hostname(s));
                        if let Some(h) = h.as_ref().filter(|h| h.len() > 1) {
                            assert_eq!(
                                got.as_deref(),
                                Some(&h[..h.len() - 1]),
                                "SSL_SESSION_get0_hostname after set1"
                            );
                        }
                    }
                }
                8 => {
                    let (v, n) = byte_arg(inp);
                    SSL_SESSION_set1_alpn_selected(s, bptr(&v), n);
                }
                9 => {
                    let idx = [0, 1, -1, 7][inp.u8() as usize % 4];
                    let data = if inp.bool() {
                        marker()
                    } else {
                        std::ptr::null_mut()
                    };
                    if SSL_SESSION_set_ex_data(s, idx, data) == 1 {
                        assert_eq!(
                            SSL_SESSION_get_ex_data(s, idx),
                            data,
                            "SSL_SESSION_get_ex_data"
                        );
                    }
                }
                _ => {
                    let (v, n) = byte_arg(inp);
                    SSL_SESSION_set1_ticket_appdata(s, bptr(&v).cast(), n);
                }
            }
            err_clear();
        }
        71 => {
            let ssl = p.conn(p.pick_conn(inp));
            let kind = inp.u8() % 6;
            let mut buf = [0xA5u8; 112];
            let null = inp.u8() % 4 == 0;
            let (ptr, len) = if null {
                (
                    std::ptr::null_mut(),
                    [0, 1, 32, usize::MAX][inp.u8() as usize % 4],
                )
            } else {
                let n = match inp.u8() % 4 {
                    0 => 0,
                    1 => 32,
                    2 => 1 + inp.u8() as usize % 96,
                    _ => 96,
                };
                (buf.as_mut_ptr(), n)
            };
            let r = match kind {
                0 => {
                    let r = SSL_session_reused(ssl);
                    trace!("  SSL_session_reused = {r}");
                    assert!((0..=1).contains(&r), "SSL_session_reused returned {r}");
                    0
                }
                1 => SSL_get_client_random(ssl, ptr, len),
                2 => SSL_get_server_random(ssl, ptr, len),
                3 => SSL_get_finished(ssl, ptr.cast(), len),
                4 => SSL_get_peer_finished(ssl, ptr.cast(), len),
                _ => SSL_SESSION_get_master_key(p.sess(pick(inp, p.sessions.len())), ptr, len),
            };
            if !null && len > 0 && matches!(kind, 1 | 2 | 5) {
                assert!(r <= len, "copied {r} bytes into {len}");
            }
            if !null {
                assert!(
                    buf[len..].iter().all(|&b| b == 0xA5),
                    "a getter wrote past its buffer ({len} bytes)"
                );
            }
            err_clear();
        }
        72 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 6 {
                0 => {
                    SSL_CTX_add_session(ctx, p.sess(pick(inp, p.sessions.len())));
                }
                1 => {
                    SSL_CTX_remove_session(ctx, p.sess(pick(inp, p.sessions.len())));
                }
                2 => SSL_CTX_flush_sessions(ctx, inp.long()),
                3 => {
                    let t = match inp.u8() % 4 {
                        0 => 0,
                        1 => libc::time(std::ptr::null_mut()) + inp.u32() as libc::time_t,
                        2 => libc::time_t::MAX,
                        _ => inp.u64() as libc::time_t,
                    };
                    SSL_CTX_flush_sessions_ex(ctx, t);
                }
                4 => {
                    SSL_CTX_set_timeout(ctx, inp.long());
                }
                _ => {
                    SSL_CTX_get_timeout(ctx);
                }
            }
            err_clear();
        }
        73 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 4 {
                0 => {
                    let mode = match inp.u8() % 10 {
                        k @ 0..=8 => [0, 1, 2, 3, 0x80, 0x100, 0x200, 0x300, 0x383][k as usize],
                        _ => inp.long(),
                    };
                    SSL_CTX_ctrl(ctx, 44, mode, std::ptr::null_mut());
                }
                1 => {
                    let size = match inp.u8() % 6 {
                        k @ 0..=4 => [0, 1, 2, 20480, -1][k as usize],
                        _ => inp.long(),
                    };
                    SSL_CTX_ctrl(ctx, 42, size, std::ptr::null_mut());
                }
                2 => {
                    let cmd = match inp.u8() % 4 {
                        0 => 43,
                        1 => 45,
                        _ => 20 + inp.u8() as c_int % 12,
                    };
                    SSL_CTX_ctrl(ctx, cmd, 0, std::ptr::null_mut());
                }
                _ => {
                    // SSL_CTX_set/get_tlsext_ticket_keys: 80 bytes.
                    let mut buf = [0xA5u8; 128];
                    let keys = inp.bytes(80);
                    buf[..keys.len()].copy_from_slice(keys);
                    let cmd = if inp.bool() { 59 } else { 58 };
                    let (ptr, larg) = if inp.u8() % 8 == 0 {
                        (std::ptr::null_mut(), inp.long())
                    } else {
                        let l = [80, 80, 80, 48, 128, 0, -1][inp.u8() as usize % 7];
                        (buf.as_mut_ptr(), l)
                    };
                    SSL_CTX_ctrl(ctx, cmd, larg, ptr.cast());
                    assert!(
                        buf[80..].iter().all(|&b| b == 0xA5),
                        "ticket keys control wrote past 80 bytes"
                    );
                }
            }
            err_clear();
        }
        74 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            let on = inp.bool();
            set_action2(inp.u8());
            match inp.u8() % 4 {
                0 => SSL_CTX_sess_set_new_cb(ctx, if on { Some(new_session_cb) } else { None }),
                1 => {
                    SSL_CTX_sess_set_remove_cb(ctx, if on { Some(remove_session_cb) } else { None })
                }
                2 => SSL_CTX_sess_set_get_cb(ctx, if on { Some(get_session_cb) } else { None }),
                _ => {
                    SSL_CTX_sess_get_new_cb(ctx);
                    SSL_CTX_sess_get_remove_cb(ctx);
                    SSL_CTX_sess_get_get_cb(ctx);
                }
            }
            err_clear();
        }
        75 => {
            let (v, n) = byte_arg(inp);
            if inp.bool() {
                let ctx = p.ctx(p.pick_ctx(inp));
                SSL_CTX_set_session_id_context(ctx, bptr(&v), n as c_uint);
            } else {
                let ssl = p.conn(p.pick_conn(inp));
                SSL_set_session_id_context(ssl, bptr(&v), n as c_uint);
            }
            err_clear();
        }
        76 => {
            // At most 10 tickets: a huge number makes a server issue tickets for ever
            // (as OpenSSL's would), which is not what this target looks for.
            let n = [0, 1, 2, 3, 5, 10][inp.u8() as usize % 6];
            match inp.u8() % 4 {
                0 => {
                    SSL_CTX_set_num_tickets(p.ctx(p.pick_ctx(inp)), n);
                }
                1 => {
                    SSL_CTX_get_num_tickets(p.ctx(p.pick_ctx(inp)));
                }
                2 => {
                    SSL_set_num_tickets(p.conn(p.pick_conn(inp)), n);
                }
                _ => {
                    SSL_get_num_tickets(p.conn(p.pick_conn(inp)));
                }
            }
            err_clear();
        }
        77 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            set_action2(inp.u8());
            match inp.u8() % 5 {
                0 => {
                    SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, Some(ticket_key_evp_cb));
                }
                1 => {
                    SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, None);
                }
                2 => {
                    let cb: TicketKeyLegacyCb = ticket_key_legacy_cb;
                    SSL_CTX_callback_ctrl(
                        ctx,
                        72,
                        Some(std::mem::transmute::<
                            TicketKeyLegacyCb,
                            unsafe extern "C" fn(),
                        >(cb)),
                    );
                }
                3 => {
                    let arg = if inp.bool() {
                        marker()
                    } else {
                        std::ptr::null_mut()
                    };
                    SSL_CTX_set_session_ticket_cb(
                        ctx,
                        Some(ticket_gen_cb),
                        Some(ticket_dec_cb),
                        arg,
                    );
                }
                _ => {
                    SSL_CTX_set_session_ticket_cb(ctx, None, None, std::ptr::null_mut());
                }
            }
            err_clear();
        }
        // ---- callbacks --------------------------------------------------------------------
        78 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            match inp.u8() % 3 {
                0 => SSL_CTX_set_keylog_callback(ctx, Some(keylog_cb)),
                1 => SSL_CTX_set_keylog_callback(ctx, None),
                _ => {
                    SSL_CTX_get_keylog_callback(ctx);
                }
            }
            err_clear();
        }
        79 => {
            let on = inp.bool();
            let cb: InfoCb = if on { Some(info_cb) } else { None };
            match inp.u8() % 4 {
                0 => SSL_CTX_set_info_callback(p.ctx(p.pick_ctx(inp)), cb),
                1 => SSL_set_info_callback(p.conn(p.pick_conn(inp)), cb),
                2 => {
                    SSL_CTX_get_info_callback(p.ctx(p.pick_ctx(inp)));
                }
                _ => {
                    SSL_get_info_callback(p.conn(p.pick_conn(inp)));
                }
            }
            err_clear();
        }
        80 => {
            let ctx = p.ctx(p.pick_ctx(inp));
            set_action2(inp.u8());
            let arg = if inp.bool() {
                marker()
            } else {
                std::ptr::null_mut()
            };
            let cb: ClientHelloCb = if inp.u8() % 4 != 0 {
                Some(client_hello_cb)
            } else {
                None
            };
            SSL_CTX_set_client_hello_cb(ctx, cb, arg);
            // Outside the callback the ClientHello getters have nothing to give.
            let ssl = p.conn(p.pick_conn(inp));
            let mut q = std::ptr::null();
            assert_eq!(SSL_client_hello_get0_random(ssl, &mut q), 0);
            let (mut e, mut en) = (std::ptr::null_mut::<c_int>(), 0usize);
            assert_eq!(
                SSL_client_hello_get1_extensions_present(ssl, &mut e, &mut en),
                0
            );
            err_clear();
        }
        81 => {
            let ssl = p.conn(p.pick_conn(inp));
            let mut out = vec![0xA5u8; 1024 + 16];
            let (optr, olen) = match inp.u8() % 6 {
                0 => (
                    std::ptr::null_mut(),
                    [0, 32, usize::MAX][inp.u8() as usize % 3],
                ),
                1 => (out.as_mut_ptr(), 0),
                2 => (out.as_mut_ptr(), 32),
                3 => (out.as_mut_ptr(), 1 + inp.u16() as usize % 1024),
                4 => (out.as_mut_ptr(), 1024),
                _ => (out.as_mut_ptr(), 1),
            };
            let (label, llen) = match inp.u8() % 5 {
                0 => (Some(b"EXPORTER-api-sequence".to_vec()), 21),
                1 => (Some(b"client finished".to_vec()), 15),
                2 => (None, 0),
                3 => (None, inp.u32() as usize | 1),
                _ => {
                    let v = inp.short_bytes().to_vec();
                    let n = v.len();
                    (Some(v), n)
                }
            };
            let (context, clen) = byte_arg(inp);
            let use_context = match inp.u8() % 3 {
                0 => 0,
                1 => 1,
                _ => inp.int(),
            };
            let r = SSL_export_keying_material(
                ssl,
                optr,
                olen,
                bptr(&label).cast(),
                llen,
                bptr(&context),
                clen,
                use_context,
            );
            assert!(
                (-1..=1).contains(&r),
                "SSL_export_keying_material returned {r}"
            );
            if !optr.is_null() {
                assert!(
                    out[olen..olen + 16].iter().all(|&b| b == 0xA5),
                    "SSL_export_keying_material wrote past {olen} bytes"
                );
            }
            err_clear();
        }
        // ---- SSL_CONF ---------------------------------------------------------------------
        82 => {
            let i = pick(inp, p.confs.len());
            let c = i.map_or(std::ptr::null_mut(), |i| p.confs[i].c);
            match inp.u8() % 8 {
                0 => {
                    if p.confs.len() < MAX_CONF {
                        let c = SSL_CONF_CTX_new();
                        assert!(!c.is_null(), "SSL_CONF_CTX_new failed");
                        p.confs.push(Conf {
                            c,
                            ctx: std::ptr::null_mut(),
                            ssl: std::ptr::null_mut(),
                        });
                    }
                }
                1 => {
                    SSL_CONF_CTX_free(c);
                    if let Some(i) = i {
                        release_conf_refs(p.confs.remove(i));
                    }
                }
                k @ (2 | 3) => {
                    let flags = match inp.u8() % 12 {
                        f @ 0..=10 => [
                            1,
                            2,
                            4,
                            8,
                            0x10,
                            0x20,
                            0x40,
                            1 | 4,
                            2 | 8 | 0x10,
                            0x7f,
                            0x20 | 0x40,
                        ][f as usize],
                        _ => inp.u32(),
                    };
                    if k == 2 {
                        SSL_CONF_CTX_set_flags(c, flags);
                    } else {
                        SSL_CONF_CTX_clear_flags(c, flags);
                    }
                }
                4 => {
                    let pre = match inp.u8() % 5 {
                        0 => None,
                        1 => Some(b"-\0".to_vec()),
                        2 => Some(b"\0".to_vec()),
                        3 => Some(b"Pfx\0".to_vec()),
                        _ => cstring(inp),
                    };
                    SSL_CONF_CTX_set1_prefix(c, cptr(&pre));
                }
                5 => {
                    let ctx = p.ctx(p.pick_ctx(inp));
                    match i {
                        Some(i) => {
                            // Keep what the configuration context points at alive.
                            if !ctx.is_null() {
                                assert_eq!(SSL_CTX_up_ref(ctx), 1);
                            }
                            SSL_CONF_CTX_set_ssl_ctx(c, ctx);
                            let old = std::mem::replace(
                                &mut p.confs[i],
                                Conf {
                                    c,
                                    ctx,
                                    ssl: std::ptr::null_mut(),
                                },
                            );
                            release_conf_refs(Conf { c, ..old });
                        }
                        None => SSL_CONF_CTX_set_ssl_ctx(c, ctx),
                    }
                }
                6 => {
                    let ssl = p.conn(p.pick_conn(inp));
                    match i {
                        Some(i) => {
                            if !ssl.is_null() {
                                assert_eq!(SSL_up_ref(ssl), 1);
                            }
                            SSL_CONF_CTX_set_ssl(c, ssl);
                            let old = std::mem::replace(
                                &mut p.confs[i],
                                Conf {
                                    c,
                                    ctx: std::ptr::null_mut(),
                                    ssl,
                                },
                            );
                            release_conf_refs(Conf { c, ..old });
                        }
                        None => SSL_CONF_CTX_set_ssl(c, ssl),
                    }
                }
                _ => {
                    SSL_CONF_CTX_finish(c);
                }
            }
            err_clear();
        }
        83 => {
            let c = pick(inp, p.confs.len()).map_or(std::ptr::null_mut(), |i| p.confs[i].c);
            let cmd = conf_name(inp);
            let val = conf_value(inp);
            match inp.u8() % 4 {
                0 | 1 => {
                    let r = SSL_CONF_cmd(c, cptr(&cmd), cptr(&val));
                    assert!([-3, -2, 0, 1, 2].contains(&r), "SSL_CONF_cmd returned {r}");
                }
                2 => {
                    let t = SSL_CONF_cmd_value_type(c, cptr(&cmd));
                    assert!((0..=5).contains(&t), "SSL_CONF_cmd_value_type returned {t}");
                }
                _ => {
                    let mut argv: [*mut c_char; 3] = [
                        cptr(&cmd) as *mut c_char,
                        cptr(&val) as *mut c_char,
                        std::ptr::null_mut(),
                    ];
                    let mut argc: c_int = inp.u8() as c_int % 3;
                    let pc = if inp.bool() {
                        &mut argc as *mut c_int
                    } else {
                        std::ptr::null_mut()
                    };
                    let mut pv = argv.as_mut_ptr();
                    let r = SSL_CONF_cmd_argv(c, pc, &mut pv);
                    let adv =
                        (pv as usize - argv.as_ptr() as usize) / std::mem::size_of::<*mut c_char>();
                    assert!((-3..=2).contains(&r), "SSL_CONF_cmd_argv returned {r}");
                    assert!(adv <= 2, "SSL_CONF_cmd_argv advanced {adv} arguments");
                    if r > 0 {
                        assert_eq!(adv, r as usize, "SSL_CONF_cmd_argv: advance and result");
                    }
                    assert!(argc >= 0, "SSL_CONF_cmd_argv: argc {argc}");
                }
            }
            err_clear();
        }
        // ---- SSL BIOs ----------------------------------------------------------------------
        84 => {
            if p.sbios.len() >= MAX_SBIO {
                return;
            }
            match inp.u8() % 3 {
                0 => {
                    let ctx = p.ctx(p.pick_ctx(inp));
                    let b = BIO_new_ssl(ctx, inp.int());
                    if ctx.is_null() {
                        assert!(b.is_null(), "BIO_new_ssl(NULL)");
                    } else {
                        assert!(!b.is_null(), "BIO_new_ssl failed");
                        let ssl = bio_get_ssl(b);
                        assert!(!ssl.is_null(), "BIO_new_ssl without a connection");
                        p.sbios.push(SslBio {
                            b,
                            ssl,
                            owed: false,
                        });
                    }
                }
                k => {
                    let b = BIO_new(BIO_f_ssl());
                    assert!(!b.is_null(), "BIO_new(BIO_f_ssl())");
                    p.sbios.push(SslBio {
                        b,
                        ssl: std::ptr::null_mut(),
                        owed: false,
                    });
                    if k == 2 {
                        p.attach_ssl(p.sbios.len() - 1, inp);
                    }
                }
            }
            err_clear();
        }
        85 => {
            let Some(k) = pick(inp, p.sbios.len()) else {
                return;
            };
            if inp.u8() % 4 == 0 {
                p.attach_ssl(k, inp);
                return;
            }
            let sb = p.sbios[k];
            // One BIO at the end of an SSL BIO with nothing behind it yet (so that
            // BIO_free_all releases exactly what the harness gave the chain).
            if !BIO_next(sb.b).is_null() {
                return;
            }
            let Some(j) = pick(inp, p.bios.len()) else {
                return;
            };
            let m = p.bios[j];
            let (rb, wb) = if sb.ssl.is_null() {
                (std::ptr::null_mut(), std::ptr::null_mut())
            } else {
                (SSL_get_rbio(sb.ssl), SSL_get_wbio(sb.ssl))
            };
            if m == wb && m != rb {
                // SSL_set_bio(ssl, m, m) with m only the write BIO consumes nothing
                // (OpenSSL's rules), so the push's reference would leak, in OpenSSL too.
                return;
            }
            // The chain's reference, which BIO_free_all releases.
            assert_eq!(BIO_up_ref(m), 1);
            BIO_push(sb.b, m);
            let i = p
                .conns
                .iter()
                .position(|c| c.ssl == sb.ssl && !sb.ssl.is_null());
            if !sb.ssl.is_null() && m != rb {
                assert_eq!(SSL_get_rbio(sb.ssl), m, "BIO_push: the connection's rbio");
                assert_eq!(SSL_get_wbio(sb.ssl), m, "BIO_push: the connection's wbio");
                if let Some(i) = i {
                    p.conns[i].r = m;
                    p.conns[i].w = m;
                }
            }
            if let Some(i) = i {
                p.check_bios(i);
            }
            err_clear();
        }
        86 => {
            let k = pick(inp, p.sbios.len());
            let b = k.map_or(std::ptr::null_mut(), |k| p.sbios[k].b);
            match inp.u8() % 10 {
                0 => {
                    let mut buf = [0xA5u8; 4096 + 32];
                    let n = match inp.u8() % 3 {
                        0 => 1,
                        1 => 4096,
                        _ => 1 + inp.u16() as usize % 4096,
                    };
                    let r = BIO_read(b, buf[16..].as_mut_ptr().cast(), n as c_int);
                    assert!(r <= n as c_int, "BIO_read on an SSL BIO: {r} of {n}");
                    assert!(
                        buf[..16].iter().chain(&buf[16 + n..]).all(|&x| x == 0xA5),
                        "BIO_read on an SSL BIO wrote outside its buffer"
                    );
                }
                1 => {
                    let n = match inp.u8() % 3 {
                        0 => 1,
                        1 => 16385,
                        _ => inp.u16() as usize % BUF,
                    };
                    let r = BIO_write(b, p.wbuf.as_ptr().cast(), n as c_int);
                    assert!(r <= n as c_int, "BIO_write on an SSL BIO: {r} of {n}");
                }
                2 => {
                    let s = cstring(inp).unwrap_or_else(|| b"\0".to_vec());
                    BIO_puts(b, s.as_ptr().cast());
                }
                3 => {
                    let r = BIO_ctrl(b, BIO_C_DO_STATE_MACHINE, 0, std::ptr::null_mut());
                    trace!("  BIO_do_handshake = {r}");
                    assert!(r <= 1, "BIO_do_handshake returned {r}");
                }
                4 => {
                    BIO_ctrl_pending(b);
                    BIO_ctrl(b, BIO_CTRL_WPENDING, 0, std::ptr::null_mut());
                    BIO_ctrl(b, BIO_CTRL_FLUSH, 0, std::ptr::null_mut());
                }
                5 => BIO_ssl_shutdown(b),
                6 => {
                    if let Some(k) = k {
                        assert_eq!(bio_get_ssl(b), p.sbios[k].ssl, "BIO_get_ssl");
                    }
                }
                7 => {
                    let b2 =
                        pick(inp, p.sbios.len()).map_or(std::ptr::null_mut(), |k| p.sbios[k].b);
                    BIO_ssl_copy_session_id(b, b2);
                }
                8 => {
                    // Move the close flag; the reference to the connection moves with it.
                    if let Some(k) = k {
                        let sb = p.sbios[k];
                        if !sb.ssl.is_null() {
                            let was = BIO_ctrl(b, BIO_CTRL_GET_CLOSE, 0, std::ptr::null_mut()) != 0;
                            assert_eq!(was, !sb.owed, "BIO_get_close");
                            let want = inp.bool();
                            BIO_ctrl(b, BIO_CTRL_SET_CLOSE, want as c_long, std::ptr::null_mut());
                            p.sbios[k].owed = !want;
                        }
                    }
                }
                _ => {
                    BIO_ctrl(
                        b,
                        BIO_C_SSL_MODE,
                        inp.bool() as c_long,
                        std::ptr::null_mut(),
                    );
                }
            }
            err_clear();
        }
        87 => match pick(inp, p.sbios.len()) {
            Some(k) => {
                let sb = p.sbios.remove(k);
                BIO_free_all(sb.b);
                if sb.owed {
                    SSL_free(sb.ssl);
                }
            }
            None => BIO_free_all(std::ptr::null_mut()),
        },
        88 => set_action2(inp.u8()),
        _ => match inp.u8() % 4 {
            0 => {
                let safe = 0x3f | 0x0010_0000 | 0x0020_0000;
                assert_eq!(OPENSSL_init_ssl(inp.u64() & safe, std::ptr::null()), 1);
            }
            1 => err_clear(),
            2 => CB.with(|c| c.borrow_mut().action = inp.u8()),
            _ => {
                // Certificates and keys the pool can hand out.
                if p.x509.len() < MAX_X509 {
                    let (x, k) = identity(if inp.bool() { Id::Ec } else { Id::Rsa });
                    p.x509.push(x);
                    if p.pkeys.len() < 4 {
                        p.pkeys.push(k);
                    } else {
                        EVP_PKEY_free(k);
                    }
                }
            }
        },
    }
}

unsafe fn run(data: &[u8]) {
    init_once();
    let mut inp = Input::new(data);
    let mut p = Pool {
        ctxs: Vec::new(),
        conns: Vec::new(),
        bios: Vec::new(),
        x509: Vec::new(),
        pkeys: Vec::new(),
        fds: Vec::new(),
        wbuf: stream_bytes(7, 0, BUF),
        rbuf: vec![0u8; BUF],
        sessions: Vec::new(),
        encs: Vec::new(),
        confs: Vec::new(),
        sbios: Vec::new(),
    };
    // A starting point the input can use or ignore: a client and a server context,
    // the server with a certificate, and the test identities and CA.
    let cctx = SSL_CTX_new(TLS_client_method());
    let sctx = SSL_CTX_new(TLS_server_method());
    use_identity(sctx, Id::Ec);
    p.ctxs.push((cctx, 1));
    p.ctxs.push((sctx, 1));
    let (x, k) = identity(Id::Rsa);
    p.x509.extend([x, ca_cert()]);
    p.pkeys.push(k);

    let mut ops = 0;
    while !inp.is_empty() && ops < MAX_OPS {
        ops += 1;
        op(&mut p, &mut inp);
    }
    p.release();
}

// SAFETY: run only passes pointers it created and has not freed.
fuzz_target!(|data: &[u8]| unsafe { run(data) });
