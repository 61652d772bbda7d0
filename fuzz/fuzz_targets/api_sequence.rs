//! api_sequence: the input is decoded into a sequence of calls to the library's
//! exported functions, in any order, with NULL and valid-but-arbitrary arguments:
//! contexts and connections created, referenced, freed (SSL_free and SSL_CTX_free in
//! the middle of everything), modes, options, versions, verification, certificates,
//! ALPN, SNI and cipher settings changed at any time, BIOs (memory BIOs, BIO pairs,
//! socketpairs) attached, swapped and shared, callbacks that call back into the
//! library, handshakes, reads, writes, shutdowns and key updates, and whole
//! client/server pairs connected and driven.
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
//! asked for, and reads write nothing outside their buffer.

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
            let ra = SSL_do_handshake(self.conns[a].ssl);
            self.pump(a, b);
            let rb = SSL_do_handshake(self.conns[b].ssl);
            self.pump(b, a);
            trace!("  handshake conn {a}: {ra}, conn {b}: {rb}");
            if ra == 1 && rb == 1 {
                break;
            }
            if ra <= 0 && rb <= 0 {
                let ea = SSL_get_error(self.conns[a].ssl, ra);
                let eb = SSL_get_error(self.conns[b].ssl, rb);
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

/// What each op code does (for FUZZ_TRACE).
const OP_NAMES: [&str; 64] = [
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
];

unsafe fn op(p: &mut Pool, inp: &mut Input) {
    // The callbacks may switch to any context the pool holds, and hand out its certs.
    CB.with(|c| {
        let mut c = c.borrow_mut();
        c.ctxs = p.ctxs.iter().map(|e| e.0).collect();
        c.x509 = p.x509.clone();
        c.pkeys = p.pkeys.clone();
    });
    let code = inp.u8();
    trace!(
        "op {} {} ({} input bytes left)",
        code % 64,
        OP_NAMES[(code % 64) as usize],
        inp.len()
    );
    match code % 64 {
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
            p.set0(i, b, code % 64 == 47);
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
