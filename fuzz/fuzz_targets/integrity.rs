//! integrity: a real client and server, each on its own BIO pair, with the bytes
//! between the two pairs moved by the harness. The input chooses the BIO pair buffer
//! sizes, the protocol version and certificate, and then a sequence of operations:
//! SSL_write / SSL_write_ex of chosen lengths (retried with the same arguments after
//! WANT_READ / WANT_WRITE, or with a moved copy when SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
//! is on), SSL_read / SSL_read_ex / SSL_peek / SSL_peek_ex with chosen buffer sizes,
//! moving chosen numbers of bytes in either direction, toggling
//! SSL_MODE_ENABLE_PARTIAL_WRITE / ACCEPT_MOVING_WRITE_BUFFER / AUTO_RETRY, key updates
//! and explicit handshake calls. Then everything is drained, and optionally both sides
//! shut down.
//!
//! Asserted: every byte read is the next byte of what the peer wrote (each stream has a
//! distinct pseudo-random value at every position), never beyond what the peer handed
//! to a write; a write returns all of its length (or, in partial mode, 1..=length);
//! no call fails with anything but WANT_READ / WANT_WRITE (there is no adversary here);
//! at the end both directions delivered exactly what was written, the connection never
//! stalls, and close_notify arrives after all the data.

#![no_main]

use harness::*;
use libc::{c_int, c_long, c_void};
use libfuzzer_sys::fuzz_target;
use std::collections::VecDeque;

/// Most application data written in one direction per input.
const MAX_STREAM: usize = 200_000;
/// Smaller budget when a BIO pair buffer is tiny (every byte then costs a few calls).
const MAX_STREAM_TINY: usize = 2_048;
/// Operations taken from one input.
const MAX_OPS: usize = 600;

struct Pending {
    /// The buffer of the call that first asked to be retried.
    buf: Vec<u8>,
    /// A copy at another address, used for retries while
    /// SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER is on (the original stays alive: a retry
    /// without the mode must present it, as OpenSSL compares with the first call's).
    moved: Option<Vec<u8>>,
    ex: bool,
}

struct Side {
    name: &'static str,
    ssl: *mut SSL,
    /// The harness's end of this side's BIO pair.
    net: *mut BIO,
    /// The SSL's end (borrowed: the SSL owns it).
    int: *mut BIO,
    /// The stream this side writes.
    stream: u64,
    /// Bytes of its stream this side's writes reported written.
    sent: usize,
    /// A write that asked to be retried.
    pending: Option<Pending>,
    /// Bytes of the peer's stream read so far.
    recv: usize,
    /// This side sent its close_notify.
    shut: bool,
    /// The last SSL_do_handshake asked to be called again.
    hs_retry: bool,
    /// The handshake completed (SSL_do_handshake returned 1, or a read or write
    /// succeeded, which OpenSSL allows only after it).
    hs_done: bool,
}

impl Side {
    /// How far the peer may legitimately have read into this side's stream.
    fn readable_bound(&self) -> usize {
        self.sent + self.pending.as_ref().map_or(0, |p| p.buf.len())
    }
    unsafe fn mode(&self) -> c_long {
        SSL_get_mode(self.ssl)
    }
}

fn buffer_size(b: u8) -> usize {
    // 0 (also what an exhausted input reads as) is OpenSSL's default pair size; tiny
    // buffers make every byte cost a few calls, so they get the rarer codes.
    const SIZES: [usize; 14] = [
        17408, 16384, 4096, 1024, 65536, 16389, 16406, 20000, 512, 64, 13, 5, 2, 1,
    ];
    match SIZES.get(b as usize) {
        Some(&s) => s,
        None => 100 + (b as usize) * 97,
    }
}

fn write_len(inp: &mut Input) -> usize {
    match inp.u8() {
        0 => 16384,
        1 => 16385,
        2 => 32768,
        3 => 40000,
        4 => 1,
        b @ 5..=127 => b as usize,
        _ => 1 + inp.u16() as usize % 40000,
    }
}

fn read_len(inp: &mut Input) -> usize {
    match inp.u8() {
        0 => 16384,
        1 => 20000,
        2 => 1,
        b @ 3..=127 => b as usize,
        _ => 1 + inp.u16() as usize % 20000,
    }
}

fn move_len(b: u8) -> usize {
    match b {
        0..=15 => 1 << b,
        16..=127 => b as usize,
        _ => usize::MAX,
    }
}

struct World {
    sides: [Side; 2],
    /// Bytes in flight: [0] client -> server, [1] server -> client.
    wire: [VecDeque<u8>; 2],
    /// Most bytes in flight per direction (a slow network), or usize::MAX.
    wire_cap: usize,
    /// Most application data per direction.
    cap: usize,
    /// The buffer reads go to (kept: allocating it per read would dominate the run).
    rbuf: Vec<u8>,
}

impl World {
    /// Move up to `out` bytes from side `from`'s pair into the wire, then up to `inn`
    /// bytes from the wire into the other side's pair. Returns the bytes moved.
    unsafe fn shift(&mut self, from: usize, out: usize, inn: usize) -> usize {
        let to = 1 - from;
        let mut moved = 0;
        trace!("shift {from}->{to}: out {out} in {inn}");
        let mut buf = [0u8; 4096];
        let mut want = out.min(self.wire_cap.saturating_sub(self.wire[from].len()));
        while want > 0 {
            let n = want.min(buf.len());
            // SAFETY: the harness's end of a live pair; buf is writable for n bytes.
            let r = unsafe {
                BIO_read(
                    self.sides[from].net,
                    buf.as_mut_ptr() as *mut c_void,
                    n as c_int,
                )
            };
            if r <= 0 {
                break;
            }
            self.wire[from].extend(&buf[..r as usize]);
            moved += r as usize;
            want -= r as usize;
        }
        let mut want = inn;
        while want > 0 && !self.wire[from].is_empty() {
            let (head, _) = self.wire[from].as_slices();
            let n = head.len().min(want).min(c_int::MAX as usize);
            // SAFETY: as above; head is readable for n bytes.
            let r = BIO_write(
                self.sides[to].net,
                head.as_ptr() as *const c_void,
                n as c_int,
            );
            if r <= 0 {
                break;
            }
            self.wire[from].drain(..r as usize);
            moved += r as usize;
            want -= r as usize;
        }
        moved
    }

    unsafe fn shift_all(&mut self) -> usize {
        let mut total = 0;
        loop {
            let n = self.shift(0, usize::MAX, usize::MAX) + self.shift(1, usize::MAX, usize::MAX);
            if n == 0 {
                return total;
            }
            total += n;
        }
    }

    /// One SSL_write / SSL_write_ex on side `i`: a retry of the pending write with the
    /// same arguments, or a new write of `len` bytes of the side's stream.
    unsafe fn write(&mut self, i: usize, len: usize, ex: bool, move_buf: bool) {
        let cap = self.cap;
        let side = &mut self.sides[i];
        if side.shut {
            return;
        }
        let mode = side.mode();
        let pend = match side.pending.take() {
            Some(mut p) => {
                if mode & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER == 0 {
                    p.moved = None;
                } else if move_buf {
                    // Same data, different address.
                    p.moved = Some(p.buf.clone());
                }
                p
            }
            None => {
                let len = len.min(cap.saturating_sub(side.sent));
                if len == 0 {
                    return;
                }
                Pending {
                    buf: stream_bytes(side.stream, side.sent, len),
                    moved: None,
                    ex,
                }
            }
        };
        let ex = pend.ex;
        let buf: &[u8] = pend.moved.as_deref().unwrap_or(&pend.buf);
        let (ptr, blen) = (buf.as_ptr(), buf.len());
        let partial = mode & SSL_MODE_ENABLE_PARTIAL_WRITE != 0;
        err_clear();
        let (ret, n) = if ex {
            let mut w = usize::MAX;
            let r = SSL_write_ex(side.ssl, ptr as *const c_void, blen, &mut w);
            (r, if r == 1 { w } else { 0 })
        } else {
            let r = SSL_write(side.ssl, ptr as *const c_void, blen as c_int);
            (r, r.max(0) as usize)
        };
        let ok = if ex { ret == 1 } else { ret > 0 };
        trace!(
            "{}: {}({} bytes at {:p}) -> {ret} ({n} written)",
            side.name,
            if ex { "SSL_write_ex" } else { "SSL_write" },
            blen,
            ptr
        );
        if ok {
            assert!(
                n >= 1 && n <= blen,
                "{}: write of {blen} returned {n}",
                side.name,
            );
            if !partial {
                assert_eq!(
                    n, blen,
                    "{}: write without SSL_MODE_ENABLE_PARTIAL_WRITE returned a short count",
                    side.name
                );
            }
            side.sent += n;
            side.hs_done = true;
            return;
        }
        let e = s_get_error(side.ssl, ret);
        match e {
            SSL_ERROR_WANT_READ | SSL_ERROR_WANT_WRITE => side.pending = Some(pend),
            _ => panic!(
                "{}: write of {} bytes failed with {} (ret {ret}, queued error: {})",
                side.name,
                blen,
                error_name(e),
                err_text()
            ),
        }
    }

    /// One read on side `i` of up to `len` bytes; `kind` picks SSL_read, SSL_read_ex,
    /// SSL_peek or SSL_peek_ex. Returns the bytes consumed.
    unsafe fn read(&mut self, i: usize, len: usize, kind: u8) -> usize {
        let peer_bound = self.sides[1 - i].readable_bound();
        let peer_stream = self.sides[1 - i].stream;
        let peer_sent = self.sides[1 - i].sent;
        let peer_shut = self.sides[1 - i].shut;
        let mut buf = std::mem::take(&mut self.rbuf);
        let n = self.read_into(
            i,
            &mut buf[..len],
            kind,
            peer_bound,
            peer_stream,
            peer_sent,
            peer_shut,
        );
        self.rbuf = buf;
        n
    }

    #[allow(clippy::too_many_arguments)]
    unsafe fn read_into(
        &mut self,
        i: usize,
        buf: &mut [u8],
        kind: u8,
        peer_bound: usize,
        peer_stream: u64,
        peer_sent: usize,
        peer_shut: bool,
    ) -> usize {
        let len = buf.len();
        let side = &mut self.sides[i];
        let p = buf.as_mut_ptr() as *mut c_void;
        let peek = kind & 2 != 0;
        err_clear();
        let (ret, n) = match kind & 3 {
            0 => {
                let r = SSL_read(side.ssl, p, len as c_int);
                (r, r.max(0) as usize)
            }
            1 => {
                let mut got = usize::MAX;
                let r = SSL_read_ex(side.ssl, p, len, &mut got);
                (r, if r == 1 { got } else { 0 })
            }
            2 => {
                let r = SSL_peek(side.ssl, p, len as c_int);
                (r, r.max(0) as usize)
            }
            _ => {
                let mut got = usize::MAX;
                let r = SSL_peek_ex(side.ssl, p, len, &mut got);
                (r, if r == 1 { got } else { 0 })
            }
        };
        trace!(
            "{}: read kind {} of {len} -> {ret} ({n} bytes)",
            side.name,
            kind & 3
        );
        if n > 0 {
            assert!(n <= len, "{}: read of {len} returned {n}", side.name);
            check_stream(side.name, peer_stream, side.recv, &buf[..n]);
            assert!(
                side.recv + n <= peer_bound,
                "{}: read up to byte {} but the peer handed only {peer_bound} to writes",
                side.name,
                side.recv + n
            );
            if !peek {
                side.recv += n;
            }
            side.hs_done = true;
            let buffered = SSL_pending(side.ssl);
            assert!(buffered >= 0);
            assert!(
                side.recv + buffered as usize <= peer_bound,
                "{}: SSL_pending says {buffered} more bytes than the peer wrote",
                side.name
            );
            return if peek { 0 } else { n };
        }
        let e = s_get_error(side.ssl, ret);
        match e {
            SSL_ERROR_WANT_READ | SSL_ERROR_WANT_WRITE => {}
            SSL_ERROR_ZERO_RETURN if peer_shut => {
                assert_eq!(
                    side.recv, peer_sent,
                    "{}: close_notify arrived before all the data",
                    side.name
                );
            }
            _ => panic!(
                "{}: read failed with {} (ret {ret}, queued error: {})",
                side.name,
                error_name(e),
                err_text()
            ),
        }
        0
    }

    unsafe fn handshake(&mut self, i: usize) {
        let side = &mut self.sides[i];
        let before = SSL_is_init_finished(side.ssl);
        err_clear();
        let r = SSL_do_handshake(side.ssl);
        trace!("{}: SSL_do_handshake -> {r}", side.name);
        side.hs_retry = r != 1;
        if r == 1 {
            side.hs_done = true;
            return;
        }
        let e = s_get_error(side.ssl, r);
        assert!(
            e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE,
            "{}: SSL_do_handshake failed with {} (queued error: {})",
            side.name,
            error_name(e),
            err_text()
        );
        let (ssl, name) = (side.ssl, side.name);
        if before == 1 {
            // OpenSSL: on a connection whose handshake is finished (and with no key
            // update pending, which SSL_is_init_finished() also reports), SSL_do_handshake
            // returns 1 at once, without I/O.
            assert!(
                known_issue("do-handshake-after-done"),
                "{name}: SSL_do_handshake on a finished connection (SSL_is_init_finished() \
                 = 1) returned {r} ({}) instead of 1. State: {}",
                error_name(e),
                self.state()
            );
        } else if !known_issue("init-finished-early") {
            // OpenSSL: a handshake call that must be repeated leaves the connection in
            // init (the flight, or the KeyUpdate, is not all out yet).
            assert!(
                SSL_is_init_finished(ssl) == 0 && SSL_in_init(ssl) == 1,
                "{name}: SSL_do_handshake returned {r} ({}) but left SSL_is_init_finished() \
                 = {} and SSL_in_init() = {}: an application that trusts \
                 SSL_is_init_finished() stops calling it while bytes of the handshake are \
                 unsent. State: {}",
                error_name(e),
                SSL_is_init_finished(ssl),
                SSL_in_init(ssl),
                self.state()
            );
        }
    }

    unsafe fn state(&self) -> String {
        let d = |s: &Side| {
            format!(
                "{}: sent {} pending {:?} recv {} init_finished {} shut {} net pending {} mode {:#x}",
                s.name,
                s.sent,
                s.pending.as_ref().map(|p| p.buf.len()),
                s.recv,
                SSL_is_init_finished(s.ssl),
                s.shut,
                pending(s.net),
                s.mode()
            )
        };
        format!(
            "[{}] [{}] wire c->s {} s->c {}",
            d(&self.sides[0]),
            d(&self.sides[1]),
            self.wire[0].len(),
            self.wire[1].len()
        )
    }

    unsafe fn progress_mark(&self) -> (usize, usize, usize, usize, usize, usize, bool, bool) {
        let [c, sv] = &self.sides;
        (
            c.sent,
            c.recv,
            sv.sent,
            sv.recv,
            self.wire[0].len() + pending(c.net),
            self.wire[1].len() + pending(sv.net),
            c.pending.is_some(),
            sv.pending.is_some(),
        )
    }

    /// Finish every pending write and deliver every byte; fail on a stall.
    unsafe fn drain(&mut self) {
        let mut stagnant = 0;
        loop {
            let before = self.progress_mark();
            let mut did = 0;
            for i in 0..2 {
                if self.sides[i].pending.is_some() {
                    self.write(i, 0, false, false);
                }
                // A careful application calls SSL_do_handshake until it returns 1
                // (whatever SSL_is_init_finished says), and again to send a key update.
                let s = &self.sides[i];
                if (s.hs_retry && !s.hs_done)
                    || SSL_is_init_finished(s.ssl) == 0
                    || SSL_get_key_update_type(s.ssl) != -1
                {
                    self.handshake(i);
                }
            }
            did += self.shift_all();
            for i in 0..2 {
                for _ in 0..64 {
                    let n = self.read(i, 20000, 0);
                    did += n;
                    if n == 0 && pending(self.sides[i].int) == 0 {
                        break;
                    }
                }
            }
            did += self.shift_all();
            let [c, sv] = &self.sides;
            let done = c.pending.is_none()
                && sv.pending.is_none()
                && c.recv == sv.sent
                && sv.recv == c.sent
                && SSL_is_init_finished(c.ssl) == 1
                && SSL_is_init_finished(sv.ssl) == 1
                && self.wire[0].is_empty()
                && self.wire[1].is_empty();
            if done {
                return;
            }
            if did == 0 && self.progress_mark() == before {
                stagnant += 1;
                assert!(stagnant < 3, "connection stalled: {}", self.state());
            } else {
                stagnant = 0;
            }
        }
    }

    /// Close both directions; `first` shuts down first: its SSL_shutdown returns 0
    /// (close_notify sent), the peer's SSL_read then returns 0 with ZERO_RETURN after
    /// all the data, the peer's SSL_shutdown returns 1, and the first side's next
    /// SSL_shutdown returns 1 once the answer arrived. With small buffers the calls
    /// interleave (each may ask to be repeated while the other side reads).
    unsafe fn shutdown(&mut self, first: usize) {
        let second = 1 - first;
        let (f, sc) = (self.sides[first].ssl, self.sides[second].ssl);
        self.sides[first].shut = true;
        let mut r = -1;
        for _ in 0..100_000 {
            err_clear();
            r = SSL_shutdown(f);
            trace!("{}: SSL_shutdown -> {r}", self.sides[first].name);
            if r >= 0 {
                break;
            }
            let e = s_get_error(f, r);
            assert_eq!(
                e,
                SSL_ERROR_WANT_WRITE,
                "first SSL_shutdown: {}",
                error_name(e)
            );
            self.shift_all();
            self.read(second, 20000, 0);
        }
        assert_eq!(r, 0, "first SSL_shutdown never completed: {}", self.state());

        let (mut zero, mut r2, mut r1) = (false, -1, -1);
        let mut stagnant = 0;
        while !(zero && r2 == 1 && r1 == 1) {
            let before = self.progress_mark();
            let moved = self.shift_all();
            if !zero {
                // The peer reads: ZERO_RETURN, after all the data.
                err_clear();
                let mut b = [0u8; 512];
                let n = SSL_read(sc, b.as_mut_ptr() as *mut c_void, b.len() as c_int);
                assert!(n <= 0, "data after close_notify");
                let e = s_get_error(sc, n);
                trace!(
                    "{}: SSL_read -> {n} {}",
                    self.sides[second].name,
                    error_name(e)
                );
                if e == SSL_ERROR_ZERO_RETURN {
                    zero = true;
                    assert_eq!(self.sides[second].recv, self.sides[first].sent);
                    self.sides[second].shut = true;
                } else {
                    assert!(
                        e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE,
                        "reading close_notify: {} ({})",
                        error_name(e),
                        self.state()
                    );
                }
            } else if r2 != 1 {
                // The peer answers: its SSL_shutdown completes (1).
                err_clear();
                r2 = SSL_shutdown(sc);
                trace!("{}: SSL_shutdown -> {r2}", self.sides[second].name);
                if r2 != 1 {
                    assert_eq!(r2, -1, "answering SSL_shutdown returned {r2}");
                    let e = s_get_error(sc, r2);
                    assert_eq!(
                        e,
                        SSL_ERROR_WANT_WRITE,
                        "answering SSL_shutdown: {}",
                        error_name(e)
                    );
                }
            }
            if r1 != 1 {
                // The first side waits for the answer: 1 once it arrived.
                err_clear();
                r1 = SSL_shutdown(f);
                trace!("{}: SSL_shutdown -> {r1}", self.sides[first].name);
                if r1 < 0 {
                    let e = s_get_error(f, r1);
                    assert!(
                        e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE,
                        "waiting for close_notify: {} ({})",
                        error_name(e),
                        self.state()
                    );
                }
                assert!(
                    r1 != 1 || r2 == 1,
                    "SSL_shutdown returned 1 before the peer answered"
                );
            }
            if moved == 0 && self.progress_mark() == before {
                stagnant += 1;
                assert!(
                    stagnant < 100,
                    "shutdown stalled (read ZERO_RETURN {zero}, answer {r2}, first side {r1}): {}",
                    self.state()
                );
            } else {
                stagnant = 0;
            }
        }
        let both = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
        assert_eq!(SSL_get_shutdown(self.sides[0].ssl), both);
        assert_eq!(SSL_get_shutdown(self.sides[1].ssl), both);
    }
}

unsafe fn s_get_error(ssl: *mut SSL, ret: c_int) -> c_int {
    SSL_get_error(ssl, ret)
}

unsafe fn toggle_modes(ssl: *mut SSL, bits: u8) {
    let mode = SSL_get_mode(ssl);
    for (bit, m) in [
        (1u8, SSL_MODE_ENABLE_PARTIAL_WRITE),
        (2, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER),
        (4, SSL_MODE_AUTO_RETRY),
    ] {
        if bits & bit != 0 {
            if mode & m != 0 {
                SSL_clear_mode(ssl, m);
            } else {
                SSL_set_mode(ssl, m);
            }
        }
    }
}

unsafe fn run(data: &[u8]) {
    init_once();
    let mut inp = Input::new(data);
    let flags = inp.u8();
    let sizes = [
        buffer_size(inp.u8()),
        buffer_size(inp.u8()),
        buffer_size(inp.u8()),
        buffer_size(inp.u8()),
    ];
    let modes = [inp.u8(), inp.u8()];
    let wire_cap = match inp.u8() {
        0..=127 => usize::MAX,
        b => buffer_size(b - 128),
    };

    let cctx = SSL_CTX_new(TLS_client_method());
    let sctx = SSL_CTX_new(TLS_server_method());
    assert!(!cctx.is_null() && !sctx.is_null());
    pin_version(cctx, flags);
    use_identity(sctx, if flags & 4 != 0 { Id::Ec } else { Id::Rsa });

    let make = |ctx, name, stream, wsize: usize, rsize: usize, modes: u8| {
        let ssl = SSL_new(ctx);
        assert!(!ssl.is_null());
        let (mut int, mut net) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: out-pointers to locals; we own both ends.
        assert_eq!(
            unsafe { BIO_new_bio_pair(&mut int, wsize, &mut net, rsize) },
            1
        );
        // One BIO in both slots: SSL_set_bio takes the one reference we hand over.
        SSL_set_bio(ssl, int, int);
        toggle_modes(ssl, modes);
        Side {
            name,
            ssl,
            net,
            int,
            stream,
            sent: 0,
            pending: None,
            recv: 0,
            shut: false,
            hs_retry: false,
            hs_done: false,
        }
    };
    let client = make(cctx, "client", 1, sizes[0], sizes[1], modes[0]);
    let server = make(sctx, "server", 2, sizes[2], sizes[3], modes[1]);
    SSL_set_connect_state(client.ssl);
    SSL_set_accept_state(server.ssl);
    let tiny = sizes.iter().any(|&s| s < 64) || wire_cap < 64;
    let mut w = World {
        sides: [client, server],
        wire: Default::default(),
        wire_cap,
        rbuf: vec![0u8; 20000],
        cap: if tiny { MAX_STREAM_TINY } else { MAX_STREAM },
    };

    let mut ops = 0;
    while !inp.is_empty() && ops < MAX_OPS {
        ops += 1;
        let op = inp.u8();
        let i = (op & 1) as usize;
        match (op >> 1) % 8 {
            0 | 1 => {
                let len = write_len(&mut inp);
                let b = inp.u8();
                w.write(i, len, b & 1 != 0, b & 2 != 0);
            }
            2 | 3 => {
                let len = read_len(&mut inp);
                let kind = inp.u8();
                w.read(i, len, kind);
            }
            4 => {
                let (a, b) = (move_len(inp.u8()), move_len(inp.u8()));
                w.shift(i, a, b);
            }
            5 => {
                let mut bits = inp.u8();
                // An application that moved a pending write's buffer keeps
                // ACCEPT_MOVING_WRITE_BUFFER until the write completes: without it, the
                // retry must present the buffer of the call that queued the record in
                // flight, which the harness cannot tell.
                if w.sides[i]
                    .pending
                    .as_ref()
                    .is_some_and(|p| p.moved.is_some())
                {
                    bits &= !2;
                }
                toggle_modes(w.sides[i].ssl, bits)
            }
            6 => {
                // TLS 1.3 only, after the handshake, with no write pending: else it is
                // refused (with an error queued), which is fine too.
                err_clear();
                SSL_key_update(w.sides[i].ssl, (inp.u8() & 1) as c_int);
                err_clear();
            }
            _ => w.handshake(i),
        }
    }
    w.drain();
    if flags & 8 != 0 {
        w.shutdown(((flags >> 4) & 1) as usize);
    }

    for side in &w.sides {
        SSL_free(side.ssl);
        // SAFETY: the harness's own end of the pair.
        unsafe { BIO_free(side.net) };
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    err_clear();
}

// SAFETY: run only passes pointers it created and has not freed.
fuzz_target!(|data: &[u8]| unsafe { run(data) });
