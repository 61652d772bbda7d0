//! rawbench: bench.c's bulk and handshake loops straight on rustls (aws-lc-rs provider),
//! with no C layer, and aws-lc-rs's AES-256-GCM on its own.
//!
//! ```text
//! rawbench bulk --chunk N --total N [--transport pipe|bio]
//! rawbench hs   --kind tls13|tls13-resume|tls12 [--count N | --seconds S]
//! rawbench aead --total N                  (16 KiB seal + open, AES-256-GCM)
//!               --certs DIR                (ca.pem, server-ec.pem, server-ec.key)
//! ```
//!
//! The same pins as bench.c: TLS_AES_256_GCM_SHA384 for TLS 1.3,
//! ECDHE-ECDSA-AES256-GCM-SHA384 for TLS 1.2, X25519, a P-256 server certificate the
//! client verifies against the CA. Every run checks its own work (bytes and content,
//! versions, suites, groups, resumption) and exits 1 with a message when anything is
//! wrong; on success it prints one JSON line. Measured work sits in functions named
//! `measured_*`, for `valgrind --tool=callgrind --toggle-collect='*measured_*'`.
//!
//! Transports: an in-memory pipe in Rust (`Pipe`, the default: rustls with nothing
//! else), or for bulk `--transport bio`, libcrypto's BIO pair as bench.c uses it
//! (`BioEnd`): rustls's `read_tls` / `write_tls` then call `BIO_read` / `BIO_write`,
//! as an application of rustls over that transport would, so that what our library
//! adds over the same transport (its C layer) shows on its own.

#[path = "../../../src/kdf.rs"]
#[allow(dead_code)]
mod kdf;

// The library's heap allocator (64-byte aligned large blocks, src/alloc.rs), so that
// copies between record buffers meet the same alignment in both.
#[path = "../../../src/alloc.rs"]
mod alloc;
#[global_allocator]
static ALLOC: alloc::Allocator = alloc::Allocator;

use rustls::client::Resumption;
use rustls::crypto::aws_lc_rs as provider;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::time::Instant;

fn fail(msg: &str) -> ! {
    eprintln!("rawbench: FAIL: {msg}");
    std::process::exit(1);
}

fn cpu_now() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid timespec to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// One direction of the transport between the two ends.
trait Wire: Read + Write {
    /// Whether a write may take less than it is given (a BIO pair's buffer is bounded;
    /// the pipe takes everything).
    const BOUNDED: bool;
    /// Known to hold nothing to read (a BIO pair tells by its read's retry flag).
    fn is_empty(&self) -> bool;
}

/// An in-memory byte pipe (one direction) in Rust.
#[derive(Default)]
struct Pipe {
    buf: Vec<u8>,
    pos: usize,
}

impl Wire for Pipe {
    const BOUNDED: bool = false;
    fn is_empty(&self) -> bool {
        self.pos == self.buf.len()
    }
}

impl Read for Pipe {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        if self.is_empty() {
            self.buf.clear();
            self.pos = 0;
        }
        Ok(n)
    }
}

impl Write for Pipe {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

mod bio {
    use libc::{c_int, c_void};
    pub enum Bio {}
    pub const BIO_FLAGS_SHOULD_RETRY: c_int = 0x08;
    #[link(name = "crypto")]
    extern "C" {
        pub fn BIO_new_bio_pair(
            bio1: *mut *mut Bio,
            writebuf1: usize,
            bio2: *mut *mut Bio,
            writebuf2: usize,
        ) -> c_int;
        pub fn BIO_read(b: *mut Bio, data: *mut c_void, dlen: c_int) -> c_int;
        pub fn BIO_write(b: *mut Bio, data: *const c_void, dlen: c_int) -> c_int;
        pub fn BIO_test_flags(b: *const Bio, flags: c_int) -> c_int;
        pub fn BIO_free(b: *mut Bio) -> c_int;
    }
}

/// bench.c's BIO pair buffer size (`PAIR_BUF`).
const PAIR_BUF: usize = 64 * 1024;

/// A BIO pair (both halves), freed when the last `BioEnd` on it goes.
struct BioPair(*mut bio::Bio, *mut bio::Bio);

impl Drop for BioPair {
    fn drop(&mut self) {
        // SAFETY: both halves are ours, freed once.
        unsafe {
            bio::BIO_free(self.0);
            bio::BIO_free(self.1);
        }
    }
}

/// One direction over a BIO pair: bytes written into `w` are read out of `r`.
struct BioEnd {
    w: *mut bio::Bio,
    r: *mut bio::Bio,
    _pair: std::rc::Rc<BioPair>,
}

/// The two directions (client to server, server to client) of a new BIO pair.
fn bio_wires() -> (BioEnd, BioEnd) {
    let (mut a, mut b) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: out-pointers to two BIO pointers.
    if unsafe { bio::BIO_new_bio_pair(&mut a, PAIR_BUF, &mut b, PAIR_BUF) } != 1 {
        fail("BIO_new_bio_pair");
    }
    let pair = std::rc::Rc::new(BioPair(a, b));
    (
        BioEnd {
            w: a,
            r: b,
            _pair: pair.clone(),
        },
        BioEnd {
            w: b,
            r: a,
            _pair: pair,
        },
    )
}

impl Wire for BioEnd {
    const BOUNDED: bool = true;
    fn is_empty(&self) -> bool {
        false
    }
}

/// A BIO_read/BIO_write result `n` on `b`: bytes moved, `WouldBlock` when the BIO asks
/// for a retry, else `stopped`.
fn bio_result(b: *mut bio::Bio, n: libc::c_int, stopped: io::Result<usize>) -> io::Result<usize> {
    if n > 0 {
        Ok(n as usize)
    // SAFETY: `b` is one of the pair's live BIOs.
    } else if unsafe { bio::BIO_test_flags(b, bio::BIO_FLAGS_SHOULD_RETRY) } != 0 {
        Err(io::ErrorKind::WouldBlock.into())
    } else {
        stopped
    }
}

impl Read for BioEnd {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let len = out.len().min(i32::MAX as usize) as libc::c_int;
        // SAFETY: `out` is writable for len bytes; the BIO is alive (`_pair`).
        let n = unsafe { bio::BIO_read(self.r, out.as_mut_ptr().cast(), len) };
        bio_result(self.r, n, Ok(0))
    }
}

impl Write for BioEnd {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let len = data.len().min(i32::MAX as usize) as libc::c_int;
        // SAFETY: `data` is readable for len bytes; the BIO is alive (`_pair`).
        let n = unsafe { bio::BIO_write(self.w, data.as_ptr().cast(), len) };
        bio_result(self.w, n, Err(io::ErrorKind::BrokenPipe.into()))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Hand `conn` what `wire` holds: false when it held nothing.
fn feed<D>(conn: &mut rustls::ConnectionCommon<D>, wire: &mut impl Wire) -> bool {
    if wire.is_empty() {
        return false;
    }
    match conn.read_tls(wire) {
        Ok(0) => fail("the transport closed"),
        Ok(_) => true,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => false,
        Err(e) => fail(&format!("read_tls: {e}")),
    }
}

/// Send what `conn` has queued, as far as `wire` takes it now.
fn drain<D>(conn: &mut rustls::ConnectionCommon<D>, wire: &mut impl Wire) {
    while conn.wants_write() {
        match conn.write_tls(wire) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
            Err(e) => fail(&format!("write_tls: {e}")),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Tls13,
    Tls13Resume,
    Tls12,
}

struct Setup {
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
    kind: Kind,
}

fn setup(certs: &str, kind: Kind) -> Setup {
    let path = |n: &str| format!("{certs}/{n}");
    let tls13 = kind != Kind::Tls12;
    let suite = if tls13 {
        provider::cipher_suite::TLS13_AES_256_GCM_SHA384
    } else {
        provider::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    };
    // The library's provider (rustls's aws-lc-rs one with the TLS 1.3 key schedule on
    // keyed HMAC, src/kdf.rs), so that the C-layer rows compare like for like.
    let base = kdf::provider();
    let suite = *base
        .cipher_suites
        .iter()
        .find(|s| s.suite() == suite.suite())
        .unwrap_or_else(|| fail("suite"));
    let prov = Arc::new(CryptoProvider {
        cipher_suites: vec![suite],
        kx_groups: vec![provider::kx_group::X25519],
        ..base
    });
    let versions: &[&rustls::SupportedProtocolVersion] = if tls13 {
        &[&rustls::version::TLS13]
    } else {
        &[&rustls::version::TLS12]
    };
    let mut roots = RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(path("ca.pem")).unwrap_or_else(|_| fail("ca.pem")) {
        roots
            .add(c.unwrap_or_else(|_| fail("ca.pem")))
            .unwrap_or_else(|_| fail("ca.pem"));
    }
    let mut client = ClientConfig::builder_with_provider(prov.clone())
        .with_protocol_versions(versions)
        .unwrap_or_else(|_| fail("client versions"))
        .with_root_certificates(roots)
        .with_no_client_auth();
    if kind != Kind::Tls13Resume {
        // As bench.c's client, which offers a session only when resuming (but, as
        // OpenSSL's and our client, asks a TLS 1.2 server for a ticket).
        client.resumption = Resumption::disabled()
            .tls12_resumption(rustls::client::Tls12Resumption::SessionIdOrTickets);
    }
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path("server-ec.pem"))
        .unwrap_or_else(|_| fail("server-ec.pem"))
        .map(|c| c.unwrap_or_else(|_| fail("server-ec.pem")))
        .collect();
    let key = PrivateKeyDer::from_pem_file(path("server-ec.key"))
        .unwrap_or_else(|_| fail("server-ec.key"));
    let mut server = ServerConfig::builder_with_provider(prov)
        .with_protocol_versions(versions)
        .unwrap_or_else(|_| fail("server versions"))
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap_or_else(|e| fail(&format!("server certificate: {e}")));
    // Stateless tickets, as OpenSSL's and our server issue by default (rustls's own
    // ticketer, which our library also uses for a context's own keys).
    server.ticketer = provider::Ticketer::new().unwrap_or_else(|_| fail("ticketer"));
    if kind == Kind::Tls13Resume {
        // After a resumption OpenSSL, and so our library, issues one ticket, not two.
        server.send_tls13_tickets = 1;
    }
    Setup {
        client: Arc::new(client),
        server: Arc::new(server),
        kind,
    }
}

struct Pair<W: Wire> {
    c: ClientConnection,
    s: ServerConnection,
    c2s: W,
    s2c: W,
}

fn pump<W: Wire>(p: &mut Pair<W>) {
    drain(&mut p.c, &mut p.c2s);
    while feed(&mut p.s, &mut p.c2s) {
        if let Err(e) = p.s.process_new_packets() {
            fail(&format!("server: {e}"));
        }
    }
    drain(&mut p.s, &mut p.s2c);
    while feed(&mut p.c, &mut p.s2c) {
        if let Err(e) = p.c.process_new_packets() {
            fail(&format!("client: {e}"));
        }
    }
}

/// Handshake, one byte each way, then the checks bench.c makes.
#[inline(never)]
fn handshake_pair<W: Wire>(st: &Setup, (c2s, s2c): (W, W)) -> Pair<W> {
    let name = ServerName::try_from("localhost").unwrap();
    let mut p = Pair {
        c: ClientConnection::new(st.client.clone(), name).unwrap_or_else(|_| fail("client")),
        s: ServerConnection::new(st.server.clone()).unwrap_or_else(|_| fail("server")),
        c2s,
        s2c,
    };
    let mut rounds = 0;
    while p.c.is_handshaking() || p.s.is_handshaking() {
        rounds += 1;
        if rounds > 50 {
            fail("handshake does not complete");
        }
        pump(&mut p);
    }
    let mut b = [0x5au8];
    p.c.writer().write_all(&b).unwrap();
    pump(&mut p);
    b[0] = 0;
    if p.s.reader().read(&mut b).ok() != Some(1) || b[0] != 0x5a {
        fail("server read after handshake");
    }
    p.s.writer().write_all(&b).unwrap();
    pump(&mut p);
    b[0] = 0;
    if p.c.reader().read(&mut b).ok() != Some(1) || b[0] != 0x5a {
        fail("client read after handshake");
    }
    let (want_v, want_s) = match st.kind {
        Kind::Tls12 => (
            rustls::ProtocolVersion::TLSv1_2,
            rustls::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        ),
        _ => (
            rustls::ProtocolVersion::TLSv1_3,
            rustls::CipherSuite::TLS13_AES_256_GCM_SHA384,
        ),
    };
    if p.c.protocol_version() != Some(want_v) || p.s.protocol_version() != Some(want_v) {
        fail("negotiated version");
    }
    if p.c.negotiated_cipher_suite().map(|s| s.suite()) != Some(want_s) {
        fail("negotiated suite");
    }
    if p.c.negotiated_key_exchange_group().map(|g| g.name()) != Some(rustls::NamedGroup::X25519) {
        fail("negotiated group");
    }
    p
}

/// close_notify both ways, as bench.c's free_pair.
fn close_pair<W: Wire>(mut p: Pair<W>) {
    p.c.send_close_notify();
    p.s.send_close_notify();
    pump(&mut p);
    let mut b = [0u8; 1];
    if p.c.reader().read(&mut b).ok() != Some(0) {
        fail("client did not see the server's close_notify");
    }
}

#[inline(never)]
fn measured_handshake(st: &Setup) {
    let p = handshake_pair(st, pipes());
    if st.kind == Kind::Tls13Resume && p.c.handshake_kind() != Some(rustls::HandshakeKind::Resumed)
    {
        fail("session not resumed");
    }
    close_pair(p);
}

fn cmd_hs(certs: &str, kind: &str, count: u64, seconds: f64) {
    let kind = match kind {
        "tls13" => Kind::Tls13,
        "tls13-resume" => Kind::Tls13Resume,
        "tls12" => Kind::Tls12,
        _ => fail("unknown handshake kind"),
    };
    let st = setup(certs, kind);
    // Warm-up (and, when resuming, the first session).
    close_pair(handshake_pair(&st, pipes()));
    let (w0, c0) = (Instant::now(), cpu_now());
    let mut done = 0u64;
    while if count > 0 {
        done < count
    } else {
        cpu_now() - c0 < seconds
    } {
        measured_handshake(&st);
        done += 1;
    }
    let (wall, cpu) = (w0.elapsed().as_secs_f64(), cpu_now() - c0);
    let resumed = if kind == Kind::Tls13Resume { done } else { 0 };
    println!(
        "{{\"row\":\"hs\",\"lib\":\"rustls-raw\",\"kind\":\"{}\",\"threads\":1,\"handshakes\":{done},\
         \"verified\":true,\"resumed\":{resumed},\"wall_s\":{wall:.6},\"cpu_s\":{cpu:.6},\
         \"hs_per_s_wall\":{:.2},\"hs_per_s_cpu\":{:.2}}}",
        match kind {
            Kind::Tls13 => "tls13",
            Kind::Tls13Resume => "tls13-resume",
            Kind::Tls12 => "tls12",
        },
        done as f64 / wall,
        done as f64 / cpu
    );
}

// ---- bulk ---------------------------------------------------------------------------

const PAT_MOD: usize = 4093;

fn pattern(chunk: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e3779b97f4a7c15;
    (0..chunk + PAT_MOD)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn check_segment(pat: &[u8], chunk: usize, mut pos: u64, mut got: &[u8]) -> bool {
    while !got.is_empty() {
        let start = pos - pos % chunk as u64;
        let off = (pos % chunk as u64) as usize;
        let take = (chunk - off).min(got.len());
        let from = (start % PAT_MOD as u64) as usize + off;
        if pat[from..from + take] != got[..take] {
            return false;
        }
        pos += take as u64;
        got = &got[take..];
    }
    true
}

/// One application write: rustls cuts and encrypts the records, which go to the wire
/// as far as it takes them (a full BIO pair leaves the rest in rustls). Returns whether
/// `data` was taken: not while records of an earlier write still wait (as `SSL_write`
/// must be repeated until its data is out before new data goes in).
fn app_write<W: Wire>(c: &mut ClientConnection, data: &[u8], wire: &mut W) -> bool {
    if W::BOUNDED {
        drain(c, wire);
        if c.wants_write() {
            return false;
        }
    }
    c.writer().write_all(data).unwrap_or_else(|_| fail("write"));
    drain(c, wire);
    true
}

/// One application read: plaintext if rustls holds some, else take records from the
/// wire. 0 when the wire is empty.
fn app_read<W: Wire>(s: &mut ServerConnection, wire: &mut W, buf: &mut [u8]) -> usize {
    loop {
        match s.reader().read(buf) {
            Ok(0) => fail("unexpected close"),
            Ok(n) => return n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => fail(&format!("read: {e}")),
        }
        if !feed(s, wire) {
            return 0;
        }
        if let Err(e) = s.process_new_packets() {
            fail(&format!("server: {e}"));
        }
    }
}

type WriteFn<W> = fn(&mut ClientConnection, &[u8], &mut W) -> bool;
type ReadFn<W> = fn(&mut ServerConnection, &mut W, &mut [u8]) -> usize;

fn transfer<W: Wire>(
    p: &mut Pair<W>,
    pat: &[u8],
    chunk: usize,
    total: u64,
    wr: WriteFn<W>,
    rd: ReadFn<W>,
) -> u64 {
    let mut rbuf = vec![0u8; 16384];
    let (mut written, mut got) = (0u64, 0u64);
    while got < total {
        if written < total {
            let n = (total - written).min(chunk as u64) as usize;
            let from = (written % PAT_MOD as u64) as usize;
            if wr(&mut p.c, &pat[from..from + n], &mut p.c2s) {
                written += n as u64;
            }
        } else {
            // Records of the last write that the transport has not taken yet.
            wr(&mut p.c, &[], &mut p.c2s);
        }
        loop {
            let n = rd(&mut p.s, &mut p.c2s, &mut rbuf);
            if n == 0 {
                break;
            }
            if got + n as u64 > total || !check_segment(pat, chunk, got, &rbuf[..n]) {
                fail(&format!(
                    "received data differs from what was sent at byte {got}"
                ));
            }
            got += n as u64;
        }
    }
    if written != total || got != total {
        fail("byte count");
    }
    got
}

/// The measured phase's calls (the warm-up calls `app_write` / `app_read` directly).
#[inline(never)]
fn measured_write<W: Wire>(c: &mut ClientConnection, data: &[u8], wire: &mut W) -> bool {
    app_write(c, data, wire)
}

#[inline(never)]
fn measured_read<W: Wire>(s: &mut ServerConnection, wire: &mut W, buf: &mut [u8]) -> usize {
    app_read(s, wire, buf)
}

/// The two directions of a new in-memory pipe.
fn pipes() -> (Pipe, Pipe) {
    (Pipe::default(), Pipe::default())
}

fn cmd_bulk(certs: &str, chunk: usize, total: u64, transport: &str) {
    match transport {
        "pipe" => bulk_over(certs, chunk, total, pipes(), "rustls-raw"),
        "bio" => bulk_over(certs, chunk, total, bio_wires(), "rustls-raw-bio-pair"),
        _ => fail("unknown transport"),
    }
}

fn bulk_over<W: Wire>(certs: &str, chunk: usize, total: u64, wires: (W, W), lib: &str) {
    let st = setup(certs, Kind::Tls13);
    let pat = pattern(chunk);
    let mut p = handshake_pair(&st, wires);
    // As bench.c: the write engine hands rustls whole chunks (no buffer limit).
    p.c.set_buffer_limit(None);
    // Warm-up, outside the measured functions: buffers reach their working size.
    transfer(
        &mut p,
        &pat,
        chunk,
        (chunk as u64).max(262144),
        app_write,
        app_read,
    );
    let (w0, c0) = (Instant::now(), cpu_now());
    let got = transfer(&mut p, &pat, chunk, total, measured_write, measured_read);
    let (wall, cpu) = (w0.elapsed().as_secs_f64(), cpu_now() - c0);
    println!(
        "{{\"row\":\"bulk\",\"lib\":\"{lib}\",\"chunk\":{chunk},\"bytes\":{got},\"verified\":true,\
         \"wall_s\":{wall:.6},\"cpu_s\":{cpu:.6},\"mbps_wall\":{:.2},\"mbps_cpu\":{:.2}}}",
        got as f64 / 1e6 / wall,
        got as f64 / 1e6 / cpu
    );
}

// ---- AES-256-GCM alone ----------------------------------------------------------------

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};

fn nonce(n: u64) -> Nonce {
    let mut b = [0u8; 12];
    b[4..].copy_from_slice(&n.to_be_bytes());
    Nonce::assume_unique_for_key(b)
}

#[inline(never)]
fn measured_seal(key: &LessSafeKey, n: u64, aad: &[u8; 5], buf: &mut Vec<u8>) {
    key.seal_in_place_append_tag(nonce(n), Aad::from(*aad), buf)
        .unwrap_or_else(|_| fail("seal"));
}

#[inline(never)]
fn measured_open(key: &LessSafeKey, n: u64, aad: &[u8; 5], buf: &mut [u8]) -> usize {
    key.open_in_place(nonce(n), Aad::from(*aad), buf)
        .unwrap_or_else(|_| fail("open"))
        .len()
}

fn cmd_aead(total: u64) {
    const CHUNK: usize = 16384;
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &[7u8; 32]).unwrap());
    let pat = pattern(CHUNK);
    let aad = [0x17, 0x03, 0x03, 0x40, 0x11];
    let mut buf = Vec::with_capacity(CHUNK + 16);
    let chunks = total.div_ceil(CHUNK as u64);
    let (mut seal_s, mut open_s) = (0.0, 0.0);
    let (w0, c0) = (Instant::now(), cpu_now());
    for i in 0..chunks {
        let from = (i as usize * CHUNK) % PAT_MOD;
        buf.clear();
        buf.extend_from_slice(&pat[from..from + CHUNK]);
        let t0 = cpu_now();
        measured_seal(&key, i, &aad, &mut buf);
        let t1 = cpu_now();
        let n = measured_open(&key, i, &aad, &mut buf);
        seal_s += t1 - t0;
        open_s += cpu_now() - t1;
        if n != CHUNK || buf[..CHUNK] != pat[from..from + CHUNK] {
            fail("AES-GCM round trip");
        }
    }
    let (wall, cpu) = (w0.elapsed().as_secs_f64(), cpu_now() - c0);
    let bytes = chunks * CHUNK as u64;
    println!(
        "{{\"row\":\"aead\",\"lib\":\"aws-lc-rs\",\"chunk\":{CHUNK},\"bytes\":{bytes},\"verified\":true,\
         \"wall_s\":{wall:.6},\"cpu_s\":{cpu:.6},\"seal_mbps_cpu\":{:.2},\"open_mbps_cpu\":{:.2},\
         \"seal_open_mbps_cpu\":{:.2}}}",
        bytes as f64 / 1e6 / seal_s,
        bytes as f64 / 1e6 / open_s,
        bytes as f64 / 1e6 / (seal_s + open_s)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = || -> ! {
        eprintln!(
            "usage: rawbench bulk --chunk N --total N [--transport pipe|bio] | hs --kind K [--count N] [--seconds S] \
             | aead --total N   [--certs DIR]"
        );
        std::process::exit(2)
    };
    if args.len() < 2 {
        usage();
    }
    let (mut chunk, mut total, mut count, mut seconds) = (16384usize, 1u64 << 20, 0u64, 1.0f64);
    let (mut kind, mut certs) = ("tls13".to_string(), "ctests/certs".to_string());
    let mut transport = "pipe".to_string();
    let mut i = 2;
    while i < args.len() {
        let v = args.get(i + 1).unwrap_or_else(|| usage());
        let num = || v.parse::<u64>().unwrap_or_else(|_| usage());
        match args[i].as_str() {
            "--chunk" => chunk = num() as usize,
            "--total" => total = num(),
            "--count" => count = num(),
            "--seconds" => seconds = v.parse().unwrap_or_else(|_| usage()),
            "--kind" => kind = v.clone(),
            "--certs" => certs = v.clone(),
            "--transport" => transport = v.clone(),
            _ => usage(),
        }
        i += 2;
    }
    if chunk == 0 || chunk > 1 << 24 || total == 0 {
        usage();
    }
    match args[1].as_str() {
        "bulk" => cmd_bulk(&certs, chunk, total, &transport),
        "hs" => cmd_hs(&certs, &kind, count, seconds),
        "aead" => cmd_aead(total),
        _ => usage(),
    }
}
