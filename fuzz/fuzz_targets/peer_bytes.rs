//! peer_bytes: a client and a server of this library, each on a pair of memory BIOs,
//! first talking for real, then, from a point the input chooses (before, during or
//! after the handshake, even in the middle of a flight), one side's incoming bytes are
//! under the fuzzer's control: the real peer's bytes still flow, but the input can
//! deliver, flip, insert and drop bytes, inject whole records or handshake messages of
//! its own, or end the stream. Both sides keep being driven by the input (handshake,
//! read, peek, write, shutdown, key update, state queries).
//!
//! Asserted after every call: it succeeded, or asked to be retried (WANT_READ, having
//! consumed what was buffered; never WANT_WRITE on a memory BIO), or reported the
//! peer's close_notify (ZERO_RETURN with the received-shutdown flag), or failed with
//! SSL_ERROR_SSL *and* an error on the queue. SSL_ERROR_SYSCALL (no queued error) is
//! accepted only after the connection already failed. Data read by either side is
//! exactly the next bytes the other side wrote: forged or damaged records are never
//! delivered as application data.

#![no_main]

use harness::*;
use libc::{c_int, c_void};
use libfuzzer_sys::fuzz_target;
use std::collections::VecDeque;
use std::ffi::CStr;

/// Operations taken from one input.
const MAX_OPS: usize = 400;
/// Most application data one side writes.
const MAX_STREAM: usize = 64 * 1024;

struct Peer {
    name: &'static str,
    ssl: *mut SSL,
    /// Incoming bytes (borrowed: the SSL owns its BIOs).
    rbio: *mut BIO,
    /// Outgoing bytes.
    wbio: *mut BIO,
    stream: u64,
    sent: usize,
    /// A write to repeat with the same arguments.
    pending: Option<Vec<u8>>,
    recv: usize,
    /// SSL_do_handshake returned 1.
    hs_done: bool,
    /// A call failed with SSL_ERROR_SSL.
    failed: bool,
    /// An SSL_shutdown waited for the peer's close_notify, discarding application data
    /// that arrived meanwhile (as the library documents): reads may skip ahead since.
    discarded: bool,
}

impl Peer {
    unsafe fn new(ctx: *mut SSL_CTX, name: &'static str, stream: u64) -> Peer {
        let ssl = SSL_new(ctx);
        assert!(!ssl.is_null());
        let (rbio, wbio) = (mem_bio(), mem_bio());
        SSL_set_bio(ssl, rbio, wbio);
        Peer {
            name,
            ssl,
            rbio,
            wbio,
            stream,
            sent: 0,
            pending: None,
            recv: 0,
            hs_done: false,
            failed: false,
            discarded: false,
        }
    }

    fn bound(&self) -> usize {
        self.sent + self.pending.as_ref().map_or(0, Vec::len)
    }
}

/// What a call returned, for the checks.
enum Outcome {
    /// The call did what was asked.
    Done,
    /// The call returned `ret` (≤ 0 for the int forms; 0 for the _ex forms).
    Failed(c_int),
}

struct World {
    peers: [Peer; 2],
    /// Which peer's input is under the fuzzer's control once the cut is reached.
    fuzzed: usize,
    /// The real peer's bytes on their way to the fuzzed side.
    queue: VecDeque<u8>,
    /// Past the cut: the queue is delivered only by the input.
    cut: bool,
}

impl World {
    /// Check the outcome of `call` on peer `i`, which found `before` bytes buffered.
    unsafe fn check(&mut self, i: usize, call: &str, out: Outcome, before: usize) {
        let p = &mut self.peers[i];
        let Outcome::Failed(ret) = out else {
            trace!("{}: {call} -> ok", p.name);
            return;
        };
        let e = SSL_get_error(p.ssl, ret);
        let after = pending(p.rbio);
        trace!(
            "{}: {call} -> {ret} {} (queued error: {}, buffered {before} -> {after})",
            p.name,
            error_name(e),
            err_text()
        );
        match e {
            SSL_ERROR_WANT_READ => assert!(
                after == 0 || after < before || p.failed,
                "{}: {call} wants to read but left the {after} buffered bytes unread",
                p.name
            ),
            SSL_ERROR_ZERO_RETURN => assert!(
                SSL_get_shutdown(p.ssl) & SSL_RECEIVED_SHUTDOWN != 0,
                "{}: {call} reported ZERO_RETURN without the received-shutdown flag",
                p.name
            ),
            SSL_ERROR_SSL => {
                assert!(
                    err_queued(),
                    "{}: {call} failed with SSL_ERROR_SSL but queued no error",
                    p.name
                );
                p.failed = true;
            }
            SSL_ERROR_SYSCALL => assert!(
                p.failed,
                "{}: {call} returned {ret} with SSL_ERROR_SYSCALL (queued error: {}) on a \
                 connection that had not failed, over memory BIOs",
                p.name,
                err_text()
            ),
            _ => panic!(
                "{}: {call} returned {ret} with {} ({e})",
                p.name,
                error_name(e)
            ),
        }
    }

    /// Data read by peer `i`: the next bytes of what the other peer wrote.
    unsafe fn got(&mut self, i: usize, data: &[u8], peek: bool) {
        let other = &self.peers[1 - i];
        let (stream, bound) = (other.stream, other.bound());
        let p = &mut self.peers[i];
        let mut at = p.recv;
        if p.discarded {
            // Data was thrown away by SSL_shutdown: find where this read resumes (it
            // must still be a later part of the stream, in order).
            let first = stream_bytes(stream, 0, bound);
            at = (p.recv..=bound.saturating_sub(data.len()))
                .find(|&k| first[k..k + data.len()] == *data)
                .unwrap_or(p.recv);
        }
        check_stream(p.name, stream, at, data);
        assert!(
            at + data.len() <= bound,
            "{}: read up to byte {} of a stream the peer wrote only {bound} bytes of",
            p.name,
            at + data.len()
        );
        if !peek {
            p.recv = at + data.len();
        }
    }

    /// Carry what peer `i` wrote towards the other peer.
    unsafe fn carry(&mut self, i: usize) {
        let out = drain(self.peers[i].wbio);
        if i == self.fuzzed {
            // The fuzzed peer's own output reaches the real peer untouched.
            feed(self.peers[1 - i].rbio, &out);
        } else {
            self.queue.extend(out);
            if !self.cut {
                self.deliver(usize::MAX);
            }
        }
    }

    /// Deliver up to `n` queued bytes to the fuzzed peer.
    unsafe fn deliver(&mut self, n: usize) {
        let n = n.min(self.queue.len());
        if n > 0 {
            trace!("deliver {n} real bytes to {}", self.peers[self.fuzzed].name);
        }
        let bytes: Vec<u8> = self.queue.drain(..n).collect();
        feed(self.peers[self.fuzzed].rbio, &bytes);
    }

    unsafe fn inject(&mut self, bytes: &[u8]) {
        trace!(
            "inject {} bytes into {}: {:02x?}",
            bytes.len(),
            self.peers[self.fuzzed].name,
            &bytes[..bytes.len().min(16)]
        );
        feed(self.peers[self.fuzzed].rbio, bytes);
    }

    /// One call on peer `i`, chosen by `call`, then carry its output.
    unsafe fn step(&mut self, i: usize, call: u8, inp: &mut Input) {
        let before = pending(self.peers[i].rbio);
        let ssl = self.peers[i].ssl;
        err_clear();
        match call % 10 {
            0 => {
                let r = SSL_do_handshake(ssl);
                if r == 1 {
                    self.peers[i].hs_done = true;
                }
                self.check(i, "SSL_do_handshake", outcome(r == 1, r), before);
            }
            c @ 1..=3 => {
                let len = match inp.u8() {
                    0 => 16384,
                    b => b as usize,
                };
                let mut buf = vec![0u8; len];
                let p = buf.as_mut_ptr() as *mut c_void;
                let (name, ok, r, n, peek) = match c {
                    1 => {
                        let r = SSL_read(ssl, p, len as c_int);
                        ("SSL_read", r > 0, r, r.max(0) as usize, false)
                    }
                    2 => {
                        let mut n = 0;
                        let r = SSL_read_ex(ssl, p, len, &mut n);
                        ("SSL_read_ex", r == 1, r, n, false)
                    }
                    _ => {
                        let r = SSL_peek(ssl, p, len as c_int);
                        ("SSL_peek", r > 0, r, r.max(0) as usize, true)
                    }
                };
                if ok {
                    assert!(n > 0 && n <= len, "{name} of {len} returned {n}");
                    self.got(i, &buf[..n], peek);
                }
                self.check(i, name, outcome(ok, r), before);
            }
            4 => {
                let p = &mut self.peers[i];
                let buf = match p.pending.take() {
                    Some(b) => b,
                    None => {
                        let len = (1 + inp.u8() as usize * 64).min(MAX_STREAM - p.sent);
                        if len == 0 {
                            return;
                        }
                        stream_bytes(p.stream, p.sent, len)
                    }
                };
                let r = SSL_write(ssl, buf.as_ptr() as *const c_void, buf.len() as c_int);
                if r > 0 {
                    // Partial writes are off: all or nothing.
                    assert_eq!(r as usize, buf.len(), "{}: short SSL_write", p.name);
                    p.sent += buf.len();
                } else {
                    let e = SSL_get_error(ssl, r);
                    if e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE {
                        p.pending = Some(buf);
                    }
                }
                self.check(i, "SSL_write", outcome(r > 0, r), before);
            }
            5 => {
                if SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN != 0 {
                    self.peers[i].discarded = true;
                }
                let r = SSL_shutdown(ssl);
                self.check(i, "SSL_shutdown", outcome(r >= 0, r), before);
            }
            6 => {
                // 1, or 0 with an error queued (not TLS 1.3, not finished, ...).
                let r = SSL_key_update(ssl, (inp.u8() % 3) as c_int - 1);
                assert!(
                    r == 1 || (r == 0 && err_queued()),
                    "SSL_key_update returned {r}"
                );
            }
            7 => {
                // An application's SSL_set_mode / SSL_set_options mid-connection.
                let b = inp.u8();
                if b & 1 != 0 {
                    SSL_set_mode(ssl, SSL_MODE_AUTO_RETRY);
                } else {
                    SSL_clear_mode(ssl, SSL_MODE_AUTO_RETRY);
                }
                if b & 2 != 0 {
                    SSL_set_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
                } else {
                    SSL_clear_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
                }
            }
            _ => queries(ssl),
        }
        self.carry(i);
    }
}

fn outcome(ok: bool, ret: c_int) -> Outcome {
    if ok {
        Outcome::Done
    } else {
        Outcome::Failed(ret)
    }
}

/// The state queries an application makes between calls; every pointer they return
/// is read at once (ASan checks it).
unsafe fn queries(ssl: *mut SSL) {
    assert!(SSL_pending(ssl) >= 0);
    SSL_has_pending(ssl);
    SSL_want(ssl);
    SSL_in_init(ssl);
    SSL_is_init_finished(ssl);
    SSL_get_shutdown(ssl);
    SSL_get_verify_result(ssl);
    let v = SSL_get_version(ssl);
    assert!(!v.is_null());
    // SAFETY: a NUL-terminated string owned by the library.
    let _ = unsafe { CStr::from_ptr(v) }.to_bytes().len();
    let x = SSL_get1_peer_certificate(ssl);
    if !x.is_null() {
        // SAFETY: a certificate we own one reference to.
        unsafe {
            assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
            X509_free(x);
        }
    }
    let chain = SSL_get_peer_cert_chain(ssl) as *const OPENSSL_STACK;
    if !chain.is_null() {
        // SAFETY: a stack the connection owns, valid until it is freed.
        unsafe {
            for k in 0..OPENSSL_sk_num(chain) {
                let x = OPENSSL_sk_value(chain, k) as *const X509;
                assert!(!x.is_null() && i2d_X509(x, std::ptr::null_mut()) > 0);
            }
        }
    }
    let cipher = SSL_get_current_cipher(ssl);
    if !cipher.is_null() {
        let n = SSL_CIPHER_get_name(cipher);
        assert!(!n.is_null());
        // SAFETY: a NUL-terminated string owned by the library.
        let _ = unsafe { CStr::from_ptr(n) }.to_bytes().len();
    }
    let (mut data, mut len) = (std::ptr::null(), 0);
    SSL_get0_alpn_selected(ssl, &mut data, &mut len);
    if !data.is_null() {
        // SAFETY: the library says len bytes are readable there.
        unsafe { std::slice::from_raw_parts(data, len as usize) }
            .iter()
            .for_each(|_| ());
    }
    let name = SSL_get_servername(ssl, 0);
    if !name.is_null() {
        // SAFETY: a NUL-terminated string owned by the library.
        let _ = unsafe { CStr::from_ptr(name) }.to_bytes().len();
    }
    err_clear();
}

fn record(ct: u8, version: u16, body: &[u8], declared: Option<u16>) -> Vec<u8> {
    let len = declared.unwrap_or(body.len() as u16);
    let mut r = vec![
        ct,
        (version >> 8) as u8,
        version as u8,
        (len >> 8) as u8,
        len as u8,
    ];
    r.extend_from_slice(body);
    r
}

unsafe fn run(data: &[u8]) {
    init_once();
    let mut inp = Input::new(data);
    let flags = inp.u8();
    let cut = inp.u8() as usize;

    let cctx = SSL_CTX_new(TLS_client_method());
    let sctx = SSL_CTX_new(TLS_server_method());
    assert!(!cctx.is_null() && !sctx.is_null());
    pin_version(cctx, flags);
    use_identity(sctx, if flags & 4 != 0 { Id::Ec } else { Id::Rsa });
    if flags & 8 != 0 {
        // The client verifies the server against the test CA (and its name).
        let ca = format!("{CERTS_DIR}ca.pem\0");
        assert_eq!(
            SSL_CTX_load_verify_locations(cctx, ca.as_ptr().cast(), std::ptr::null()),
            1
        );
        SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, None);
    }
    if flags & 16 != 0 {
        // The server asks for a client certificate (the client has none).
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, None);
    }
    if flags & 32 != 0 {
        let protos = b"\x02h2\x08http/1.1";
        SSL_CTX_set_alpn_protos(cctx, protos.as_ptr(), protos.len() as _);
    }
    let client = Peer::new(cctx, "client", 1);
    let server = Peer::new(sctx, "server", 2);
    if flags & 32 != 0 {
        let host = c"localhost";
        SSL_ctrl(
            client.ssl,
            SSL_CTRL_SET_TLSEXT_HOSTNAME,
            TLSEXT_NAMETYPE_HOST_NAME,
            host.as_ptr() as *mut c_void,
        );
        SSL_set1_host(client.ssl, host.as_ptr());
    }
    SSL_set_connect_state(client.ssl);
    SSL_set_accept_state(server.ssl);
    let fuzzed = ((flags >> 6) & 1) as usize;
    if flags & 128 != 0 {
        SSL_clear_mode([client.ssl, server.ssl][fuzzed], SSL_MODE_AUTO_RETRY);
    }
    let mut w = World {
        peers: [client, server],
        fuzzed,
        queue: VecDeque::new(),
        cut: false,
    };

    // The real exchange: alternate handshake calls, then a write and a read each.
    for k in 0..cut {
        let i = k % 2;
        if w.peers[i].failed {
            break;
        }
        let call = if !w.peers[i].hs_done {
            0
        } else if k % 4 < 2 {
            4
        } else {
            1
        };
        let byte = [(k * 37 % 200) as u8];
        let mut script = Input::new(&byte);
        w.step(i, call, &mut script);
        assert!(
            !w.peers[i].failed,
            "{}: failed during the undisturbed exchange",
            w.peers[i].name
        );
    }
    w.cut = true;
    trace!("--- cut: {} is fuzzed from here", w.peers[w.fuzzed].name);

    // Under the fuzzer's control.
    let mut ops = 0;
    while !inp.is_empty() && ops < MAX_OPS {
        ops += 1;
        match inp.u8() % 12 {
            0 => {
                let n = match inp.u8() {
                    0 => usize::MAX,
                    b => b as usize,
                };
                w.deliver(n);
            }
            1 => {
                let (pos, x) = (inp.u16() as usize, inp.u8() | 1);
                if !w.queue.is_empty() {
                    let at = pos % w.queue.len();
                    trace!("flip queued byte {at} of {} ^ {x:#04x}", w.queue.len());
                    w.queue[at] ^= x;
                }
            }
            2 => {
                let pos = inp.u16() as usize;
                let bytes = inp.short_bytes();
                let at = pos % (w.queue.len() + 1);
                trace!("insert {} bytes at {at} of the queue", bytes.len());
                for (k, &b) in bytes.iter().enumerate() {
                    w.queue.insert(at + k, b);
                }
            }
            3 => {
                let (pos, n) = (inp.u16() as usize, inp.u8() as usize);
                if !w.queue.is_empty() {
                    let at = pos % w.queue.len();
                    let end = (at + n).min(w.queue.len());
                    trace!("drop queued bytes {at}..{end} of {}", w.queue.len());
                    w.queue.drain(at..end);
                }
            }
            4 => {
                let n = inp.u16() as usize % 2048;
                let bytes = inp.bytes(n);
                w.inject(bytes);
            }
            5 => {
                let ct = match inp.u8() % 6 {
                    0 => 22,
                    1 => 21,
                    2 => 20,
                    3 => 23,
                    4 => 24,
                    _ => inp.u8(),
                };
                let version = match inp.u8() % 4 {
                    0 => 0x0303,
                    1 => 0x0301,
                    2 => 0x0304,
                    _ => inp.u16(),
                };
                let declared = match inp.u8() {
                    0..=200 => None,
                    201..=250 => Some(inp.u16()),
                    _ => Some(18432 + 256 + inp.u8() as u16),
                };
                let n = inp.u16() as usize % 4096;
                let body = inp.bytes(n);
                w.inject(&record(ct, version, body, declared));
            }
            6 => {
                // A handshake message of type t in one record.
                let t = inp.u8();
                let n = inp.u16() as usize % 4096;
                let body = inp.bytes(n);
                let mut msg = vec![t, 0, (body.len() >> 8) as u8, body.len() as u8];
                msg.extend_from_slice(body);
                w.inject(&record(22, 0x0303, &msg, None));
            }
            7 => {
                // The transport ends (reads of an empty BIO now return EOF).
                let b = w.peers[w.fuzzed].rbio;
                trace!("end of stream for {}", w.peers[w.fuzzed].name);
                // SAFETY: the fuzzed peer's live memory BIO.
                unsafe { BIO_ctrl(b, BIO_C_SET_BUF_MEM_EOF_RETURN, 0, std::ptr::null_mut()) };
            }
            8 | 9 => {
                let call = inp.u8();
                w.step(w.fuzzed, call, &mut inp);
            }
            _ => {
                let call = inp.u8();
                w.step(1 - w.fuzzed, call, &mut inp);
            }
        }
    }

    // Let both sides take in what is left.
    w.deliver(usize::MAX);
    for k in 0..6 {
        for i in 0..2 {
            let call = if w.peers[i].hs_done { 1 } else { 0 };
            let byte = [k as u8];
            let mut script = Input::new(&byte);
            w.step(i, call, &mut script);
        }
        w.deliver(usize::MAX);
    }

    for p in &w.peers {
        SSL_free(p.ssl);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    err_clear();
}

// SAFETY: run only passes pointers it created and has not freed.
fuzz_target!(|data: &[u8]| unsafe { run(data) });
