//! The connection (`SSL`): its state, the handshake driver, the write engine, the read
//! engine and shutdown, over any [`Transport`].
//!
//! The write engine follows OpenSSL's record layer. Application data is cut into
//! records of at most 16384 bytes; each record is encrypted by rustls and flushed to
//! the transport before the next is taken. When the transport cannot take a record
//! whole, the call fails with `WANT_WRITE` and remembers what OpenSSL remembers: how
//! many bytes of the caller's buffer were already sent (`done`), the length and address
//! of the record in flight. A retry must present the same data: it first finishes the
//! record in flight, then goes on from `done + record_len`. No byte is taken twice and
//! none is dropped.
//!
//! The read engine pulls exactly one record at a time from the transport (a header,
//! then its body), as OpenSSL does without read-ahead: it never consumes bytes beyond
//! the record it needs, and `SSL_pending` counts the plaintext of that record.

use crate::callbacks::{self, AlpnChoice};
use crate::certs;
use crate::consts::*;
use crate::ctx::Context;
use crate::error::Reason;
use crate::reasons as r;
use crate::shared::SslShared;
use rustls::pki_types::ServerName;
use std::io::{self, BufRead};
use std::sync::Arc;

/// What one transport operation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Io {
    /// Moved this many bytes (0 for a successful flush).
    Done(usize),
    /// Could not progress now; retry later (the BIO's retry flags say in which direction).
    Retry,
    /// End of stream (a read returned 0 without asking for a retry).
    Eof,
    /// A hard failure (a socket error, say).
    Error,
    /// There is no BIO in that direction.
    NoBio,
}

/// The direction a BIO asks to be retried in (`BIO_should_read` / `BIO_should_write`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDir {
    Read,
    Write,
    /// `BIO_should_io_special`, with the BIO's retry reason (`BIO_RR_CONNECT`, ...).
    Special(i32),
}

/// The byte stream under a connection: the `SSL`'s read and write BIOs.
pub trait Transport {
    fn read(&mut self, buf: &mut [u8]) -> Io;
    /// `read` into memory not yet initialized; `Done(n)` initialized `buf[..n]`.
    fn read_uninit(&mut self, buf: &mut [std::mem::MaybeUninit<u8>]) -> Io {
        for b in buf.iter_mut() {
            b.write(0);
        }
        // SAFETY: every byte was just initialized; MaybeUninit<u8> has u8's layout.
        let buf =
            unsafe { std::slice::from_raw_parts_mut(buf.as_mut_ptr().cast::<u8>(), buf.len()) };
        self.read(buf)
    }
    fn write(&mut self, buf: &[u8]) -> Io;
    fn flush(&mut self) -> Io;
    /// The read side's retry flag, as `SSL_get_error` reads it.
    fn read_retry(&self) -> Option<RetryDir>;
    /// The write side's retry flag.
    fn write_retry(&self) -> Option<RetryDir>;
    /// Mark the read side "retry reading" (a read that handled only protocol records
    /// without `SSL_MODE_AUTO_RETRY`).
    fn set_retry_read(&mut self);
    /// Whether a read costs no system call (memory underneath). A large record's body
    /// then goes from the transport straight into rustls's buffer, in the pieces rustls
    /// asks for (4 KiB); from a socket, one read for the whole body costs less than a
    /// copy saved.
    fn reads_from_memory(&self) -> bool {
        false
    }
    /// Whether a write costs no system call (memory underneath): after the handshake
    /// rustls then writes its records to the transport itself (see `flush_direct`).
    fn writes_to_memory(&self) -> bool {
        false
    }
}

/// Why a call did not complete: its result is ≤ 0, and `SSL_get_error` reports this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    WantRead,
    WantWrite,
    /// A libssl error: the entry layer pushes this reason on the ERR queue.
    Ssl(Reason),
    /// A transport failure; no ERR entry (`SSL_ERROR_SYSCALL`).
    Syscall,
    /// The peer's close_notify was received (`SSL_ERROR_ZERO_RETURN`).
    ZeroReturn,
    /// The stream ended badly after the handshake (a fatal alert, EOF without
    /// close_notify): a libssl error, and a read returns 0.
    Closed(Reason),
}

/// Which side of the handshake the connection plays, once set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Client,
    Server,
}

/// The most application data one record carries.
pub(crate) const MAX_FRAGMENT: usize = 16384;
/// The largest record body a peer may send (TLS 1.2's ciphertext bound).
const MAX_RECORD_BODY: usize = MAX_FRAGMENT + 2048;
const HEADER: usize = 5;
/// The record buffer of a connection that has seen only small records (a handshake).
const SMALL_RECORD: usize = 2048 + HEADER;
/// The ChangeCipherSpec record of TLS 1.3's middlebox compatibility mode.
const FAKE_CCS: [u8; 6] = [0x14, 0x03, 0x03, 0x00, 0x01, 0x01];
/// Capacity the outgoing buffer keeps between writes (a few records).
const OUT_KEEP: usize = 64 * 1024;
/// Output `flush_tls` gathers on the stack before it needs the `out` buffer.
const STACK_OUT: usize = 4096;

/// A write that stopped with a record in flight (OpenSSL's `wnum` / `wpend_*`).
#[derive(Clone, Copy, Debug)]
struct PendingWrite {
    /// Bytes of the caller's buffer fully sent before the record in flight.
    done: usize,
    /// Application bytes in the record in flight.
    record_len: usize,
    /// Where in the caller's buffer that record's data started.
    addr: std::num::NonZeroUsize,
}

/// A record being assembled from the transport, when it could not be read whole in one
/// call (a non-blocking transport gave part of it) or is too large for the stack buffer
/// `read_record` tries first and comes from a socket (from memory it streams into
/// rustls). Empty otherwise: an idle connection holds no record buffer. The full-size
/// buffer of a bulk transfer is kept once made, and always made fresh rather than
/// grown (with 64-byte alignment, see `alloc`, so that copies from it into rustls's
/// buffer never meet the slow `rep movsb` case).
struct RecordReader {
    buf: Vec<u8>,
    /// (Record sizes fit in 32 bits.)
    have: u32,
    /// Bytes still to come of a record whose body goes from the transport straight into
    /// rustls's buffer (0: none).
    stream: u32,
    /// That record's header, read first, and how many of its bytes rustls has still to
    /// be given (they go ahead of the body, in the same `read_tls`).
    head: [u8; HEADER],
    head_left: u8,
}

impl RecordReader {
    fn new() -> Self {
        RecordReader {
            buf: Vec::new(),
            have: 0,
            stream: 0,
            head: [0; HEADER],
            head_left: 0,
        }
    }

    /// Room for `n` bytes of the record: a small buffer for handshake-sized records,
    /// the full record size once a larger one comes.
    fn reserve(&mut self, n: usize) {
        if self.buf.len() >= n {
            return;
        }
        let size = if n <= SMALL_RECORD {
            SMALL_RECORD
        } else {
            HEADER + MAX_RECORD_BODY
        };
        let mut fresh = vec![0u8; size];
        let have = self.have as usize;
        fresh[..have].copy_from_slice(&self.buf[..have]);
        self.buf = fresh;
    }

    /// Keep the start of a record, `head`, that a call could not finish (`need`: the
    /// bytes the record needs in all, as far as known).
    fn carry(&mut self, head: &[u8], need: usize) {
        self.reserve(need);
        self.buf[..head.len()].copy_from_slice(head);
        self.have = head.len() as u32;
    }

    /// A record was handed on: the small buffer goes (the next small record is read on
    /// the stack), a full-size one stays for the next large record.
    fn done(&mut self) {
        self.have = 0;
        if self.buf.len() <= SMALL_RECORD {
            self.buf = Vec::new();
        }
    }
}

/// The whole length of the record in `buf[..have]` once it is complete. A header
/// announcing more than a peer may send completes the "record" at once: rustls receives
/// it and refuses it.
fn record_complete(buf: &[u8], have: usize) -> Option<usize> {
    if have < HEADER {
        return None;
    }
    let body = u16::from_be_bytes([buf[3], buf[4]]) as usize;
    if body > MAX_RECORD_BODY {
        return Some(HEADER);
    }
    (have == HEADER + body).then_some(HEADER + body)
}

/// Bytes the record in `buf[..have]` needs in all, as far as its header tells.
fn record_need(buf: &[u8], have: usize) -> usize {
    if have < HEADER {
        HEADER
    } else {
        HEADER + u16::from_be_bytes([buf[3], buf[4]]) as usize
    }
}

/// A record for rustls's `read_tls`: the header bytes still to hand over, then the
/// rest of the body, read from the transport straight into rustls's buffer.
struct Streamed<'a, T: Transport> {
    io: &'a mut T,
    /// The header, of which the last `head_left` bytes are still to be given.
    head: &'a [u8; HEADER],
    head_left: usize,
    /// Bytes of the body not yet read.
    left: usize,
    /// What stopped the transport.
    stopped: Option<Io>,
}

impl<T: Transport> io::Read for Streamed<'_, T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let h = self.head_left.min(buf.len());
        buf[..h].copy_from_slice(&self.head[HEADER - self.head_left..][..h]);
        self.head_left -= h;
        let n = (buf.len() - h).min(self.left);
        if n == 0 {
            return Ok(h);
        }
        match self.io.read(&mut buf[h..h + n]) {
            Io::Done(k) if k > 0 => {
                self.left -= k;
                Ok(h + k)
            }
            // (A read of nothing is the transport's end: rustls must not take it for
            // the peer's.)
            Io::Done(_) => {
                self.stopped = Some(Io::Eof);
                if h > 0 {
                    Ok(h)
                } else {
                    Err(io::ErrorKind::UnexpectedEof.into())
                }
            }
            other => {
                self.stopped = Some(other);
                if h > 0 {
                    Ok(h)
                } else {
                    Err(io::ErrorKind::WouldBlock.into())
                }
            }
        }
    }
}

/// Output gathered by `flush_tls`: `STACK_OUT` bytes on the stack, then, once they
/// would overflow, everything in the connection's `out` buffer.
struct Gather<'a> {
    stack: &'a mut [std::mem::MaybeUninit<u8>; STACK_OUT],
    len: usize,
    spill: &'a mut Vec<u8>,
}

impl Gather<'_> {
    fn put(&mut self, data: &[u8]) {
        if self.spill.is_empty() && self.len + data.len() <= STACK_OUT {
            // SAFETY: `len + data.len() <= STACK_OUT`; MaybeUninit<u8> has u8's layout.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    data.as_ptr(),
                    self.stack.as_mut_ptr().add(self.len).cast::<u8>(),
                    data.len(),
                );
            }
            self.len += data.len();
            return;
        }
        if self.spill.is_empty() && self.len > 0 {
            // SAFETY: `stack[..len]` was initialized by the copies above.
            let head =
                unsafe { std::slice::from_raw_parts(self.stack.as_ptr().cast::<u8>(), self.len) };
            self.spill.extend_from_slice(head);
        }
        self.spill.extend_from_slice(data);
    }
}

impl std::io::Write for Gather<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.put(data);
        Ok(data.len())
    }

    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        let mut n = 0;
        for b in bufs {
            self.put(b);
            n += b.len();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The transport as rustls's `write_tls` sees it in `flush_direct`: a write the
/// transport refuses is an error for rustls (which keeps the bytes) and `stop` says why.
struct Direct<'a, T: Transport> {
    io: &'a mut T,
    stop: Option<Io>,
}

impl<T: Transport> std::io::Write for Direct<'_, T> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        match self.io.write(data) {
            Io::Done(n) => Ok(n),
            other => {
                self.stop = Some(other);
                Err(std::io::ErrorKind::WouldBlock.into())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Why a record could not be read.
enum ReadStop {
    Stop(Stop),
    Eof,
}

/// One `SSL`.
pub struct Conn<T: Transport> {
    pub io: T,
    pub shared: Arc<SslShared>,
    role: Option<Role>,
    tls: Option<rustls::Connection>,
    /// A server waiting for the ClientHello (before the callbacks choose the config).
    acceptor: Option<Box<rustls::server::Acceptor>>,
    rec: RecordReader,
    /// Encrypted records not yet taken by the transport, from `out_pos` on.
    out: Vec<u8>,
    out_pos: usize,
    wpend: Option<PendingWrite>,
    shutdown: i32,
    /// The peer closed properly (close_notify, or EOF under IGNORE_UNEXPECTED_EOF).
    closed_cleanly: bool,
    rwstate: i32,
    fatal: bool,
    /// The handshake driver finished (its last flight is out), as OpenSSL's state
    /// machine leaves "init" only then.
    hs_complete: bool,
    eof: bool,
    key_update: i8,
    /// rustls may hold plaintext (or the peer's close) that `take_plaintext` has not
    /// looked at: false once it found none, true again after rustls processes records.
    maybe_plaintext: bool,
    /// The shutdown flags and fatal state of the last snapshot `record_state` took
    /// after the handshake (`None`: take the next one).
    recorded: std::cell::Cell<Option<(i32, bool)>>,
}

impl<T: Transport> Drop for Conn<T> {
    fn drop(&mut self) {
        crate::session::connection_ended(
            &self.shared,
            self.hs_complete && !self.fatal,
            self.shutdown & SSL_SENT_SHUTDOWN != 0,
        );
    }
}

impl<T: Transport> Conn<T> {
    pub fn new(ctx: Arc<Context>, io: T) -> Self {
        Conn {
            io,
            shared: Arc::new(SslShared::new(ctx)),
            role: None,
            tls: None,
            acceptor: None,
            rec: RecordReader::new(),
            out: Vec::new(),
            out_pos: 0,
            wpend: None,
            shutdown: 0,
            closed_cleanly: false,
            rwstate: SSL_NOTHING,
            fatal: false,
            hs_complete: false,
            eof: false,
            key_update: SSL_KEY_UPDATE_NONE as i8,
            maybe_plaintext: true,
            recorded: std::cell::Cell::new(None),
        }
    }

    /// `SSL_set_connect_state` / `SSL_set_accept_state`: choose the role and start over.
    pub fn set_role(&mut self, role: Role) {
        self.role = Some(role);
        self.shared.set_server(role == Role::Server);
        self.shutdown = 0;
        self.tls = None;
        self.maybe_plaintext = true;
        self.acceptor = None;
        self.shared.clear_peer_stack();
        self.shared.set_verify_result(0);
        self.shared.set_peer_chain(Vec::new());
        self.shared.set_peer_accepted(false);
        self.shared.set_peer_sig_scheme(None);
        self.shared.set_verified_chain(None);
        self.shared.set_received_servername(None);
        self.wpend = None;
        self.fatal = false;
        self.hs_complete = false;
        self.eof = false;
        self.closed_cleanly = false;
        self.rec.have = 0;
        self.rec.stream = 0;
        self.rec.head_left = 0;
        self.out.clear();
        self.out_pos = 0;
    }

    /// `SSL_clear`: ready for a new connection in the same role (a server stays a
    /// server), with the same settings, BIOs and session (a client offers it again); a
    /// connection that ended without our close_notify first loses its session, from
    /// the cache and from the connection, as at free.
    pub fn clear(&mut self) {
        crate::session::connection_ended(
            &self.shared,
            self.hs_complete && !self.fatal,
            self.shutdown & SSL_SENT_SHUTDOWN != 0,
        );
        crate::session::connection_cleared(&self.shared, self.role == Some(Role::Client));
        if let Some(role) = self.role {
            self.set_role(role);
        }
        self.shutdown = 0;
        self.rwstate = SSL_NOTHING;
        self.key_update = SSL_KEY_UPDATE_NONE as i8;
        self.recorded.set(None);
    }

    /// Whether the handshake has not started yet.
    pub fn in_before(&self) -> bool {
        self.tls.is_none() && self.acceptor.is_none()
    }

    /// `SSL_get_state`: the `OSSL_HANDSHAKE_STATE` nearest to where the handshake is
    /// (see `crate::misc`), and whether the connection failed.
    pub fn handshake_state(&self) -> (u32, bool) {
        use crate::misc::*;
        let state = if self.handshake_done() {
            TLS_ST_OK
        } else if self.tls.is_none() {
            // Not started, or a server still waiting for the ClientHello.
            TLS_ST_BEFORE
        } else if self.is_server() {
            if self.version() == Some(0x0304) {
                TLS_ST_EARLY_DATA
            } else {
                TLS_ST_SW_SRVR_DONE
            }
        } else if self.version().is_none() {
            TLS_ST_CW_CLNT_HELLO
        } else {
            TLS_ST_CW_FINISHED
        };
        (state, self.fatal)
    }

    pub fn role(&self) -> Option<Role> {
        self.role
    }

    pub fn is_server(&self) -> bool {
        self.shared.is_server()
    }

    /// `SSL_want`.
    pub fn want(&self) -> i32 {
        self.rwstate
    }

    pub fn shutdown_flags(&self) -> i32 {
        self.shutdown
    }

    /// `SSL_set_shutdown`: stored as given, as OpenSSL does.
    pub fn set_shutdown_flags(&mut self, flags: i32) {
        self.shutdown = flags;
    }

    /// `SSL_get_verify_result`: `X509_V_OK` until a peer certificate was verified.
    pub fn verify_result(&self) -> i64 {
        self.shared.verify_result()
    }

    /// Whether the handshake has completed (and no key update waits to be sent).
    pub fn is_init_finished(&self) -> bool {
        // A fatal error puts OpenSSL's state machine back "in init".
        self.handshake_done() && i32::from(self.key_update) == SSL_KEY_UPDATE_NONE && !self.fatal
    }

    fn handshake_done(&self) -> bool {
        self.hs_complete && self.tls.as_ref().is_some_and(|t| !t.is_handshaking())
    }

    /// The negotiated protocol version (`0x0303`, `0x0304`), if any.
    pub fn version(&self) -> Option<u16> {
        self.tls
            .as_ref()
            .and_then(|t| t.protocol_version())
            .map(u16::from)
    }

    /// The protocol ALPN selected, if any.
    pub fn alpn_selected(&self) -> Option<&[u8]> {
        self.tls.as_ref().and_then(|t| t.alpn_protocol())
    }

    /// The negotiated key-exchange group's code point.
    pub fn negotiated_group(&self) -> Option<u16> {
        self.tls
            .as_ref()
            .and_then(|t| t.negotiated_key_exchange_group())
            .map(|g| u16::from(g.name()))
    }

    /// The negotiated cipher suite's IANA code point.
    pub fn cipher_suite(&self) -> Option<u16> {
        self.tls
            .as_ref()
            .and_then(|t| t.negotiated_cipher_suite())
            .map(|s| u16::from(s.suite()))
    }

    /// Whether the handshake has completed (secrets exist to export from).
    pub fn handshake_complete(&self) -> bool {
        self.handshake_done()
    }

    /// RFC 5705 / 8446 keying material (`SSL_export_keying_material`), once the
    /// handshake is complete.
    pub fn export_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), Stop> {
        let tls = match self.tls.as_ref() {
            Some(t) if self.handshake_done() => t,
            _ => return Err(Stop::Ssl(Reason(r::SSL_R_APP_DATA_IN_HANDSHAKE))),
        };
        tls.export_keying_material(out, label, context)
            .map(|_| ())
            .map_err(|_| Stop::Ssl(Reason::INTERNAL))
    }

    pub fn key_update_type(&self) -> i32 {
        i32::from(self.key_update)
    }

    /// `SSL_get_error(ssl, ret)`, given the library of the oldest queued error, if any.
    pub fn get_error(&self, ret: i32, queued_lib: Option<i32>) -> i32 {
        if ret > 0 {
            return SSL_ERROR_NONE;
        }
        if let Some(lib) = queued_lib {
            return if lib == crate::error::ERR_LIB_SYS {
                SSL_ERROR_SYSCALL
            } else {
                SSL_ERROR_SSL
            };
        }
        let retry = match self.rwstate {
            SSL_READING => self.io.read_retry(),
            SSL_WRITING => self.io.write_retry(),
            _ => None,
        };
        match retry {
            Some(RetryDir::Read) => return SSL_ERROR_WANT_READ,
            Some(RetryDir::Write) => return SSL_ERROR_WANT_WRITE,
            // A connect or accept BIO still connecting (`BIO_RR_CONNECT` / `BIO_RR_ACCEPT`).
            Some(RetryDir::Special(crate::ffi::BIO_RR_CONNECT)) => return SSL_ERROR_WANT_CONNECT,
            Some(RetryDir::Special(crate::ffi::BIO_RR_ACCEPT)) => return SSL_ERROR_WANT_ACCEPT,
            Some(RetryDir::Special(_)) => return SSL_ERROR_SYSCALL,
            None => {}
        }
        if self.shutdown & SSL_RECEIVED_SHUTDOWN != 0 && self.closed_cleanly {
            return SSL_ERROR_ZERO_RETURN;
        }
        SSL_ERROR_SYSCALL
    }

    // ---- the handshake -------------------------------------------------------------

    /// Create the rustls connection for the chosen role, on first use.
    fn start(&mut self) -> Result<(), Stop> {
        if self.tls.is_some() || self.acceptor.is_some() {
            return Ok(());
        }
        let role = self.role.ok_or(Stop::Ssl(Reason::UNINITIALIZED))?;
        // As OpenSSL's state machine does when a handshake begins.
        crate::error::clear();
        crate::session::handshake_started(&self.shared);
        self.info(SSL_CB_HANDSHAKE_START, 1);
        let loop_event = if role == Role::Server {
            SSL_CB_ACCEPT_LOOP
        } else {
            SSL_CB_CONNECT_LOOP
        };
        self.info(loop_event, 1);
        let (mask, ctx, sni, alpn, suites, groups) = {
            let st = self.shared.state();
            let s = &st.settings;
            (
                s.version_mask(),
                st.ctx.clone(),
                s.sni.clone(),
                s.alpn.clone(),
                s.suites(),
                s.groups.clone(),
            )
        };
        if mask == 0 {
            // Only versions below TLS 1.2 allowed: OpenSSL 3.0 at Debian's security level
            // 2 has no signature algorithm for them and says so; otherwise nothing is left.
            let (max, fixed) = {
                let s = &self.shared.state().settings;
                (s.max_version, s.misc.method_version)
            };
            let below = |v: i32| v != 0 && v < TLS1_2_VERSION;
            let reason = if below(max) || below(fixed) {
                r::SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM
            } else {
                r::SSL_R_NO_PROTOCOLS_AVAILABLE
            };
            return Err(Stop::Ssl(Reason(reason)));
        }
        let (mut suites, mut groups) = (suites, groups);
        let level = self.shared.state().settings.misc.security_level;
        crate::misc::apply_level(level, &mut suites, &mut groups);
        if role == Role::Client && (suites.is_empty() || groups.is_empty()) {
            return Err(Stop::Ssl(Reason(r::SSL_R_NO_CIPHERS_AVAILABLE)));
        }
        let internal = |_| Stop::Ssl(Reason::INTERNAL);
        let mut tls: rustls::Connection = match role {
            Role::Client => {
                // The SNI name, when the application set one that is a DNS name. The
                // name is not verified here (our verifier checks names only when the
                // application asks, with SSL_set1_host).
                let dns = sni
                    .as_ref()
                    .and_then(|n| n.to_str().ok())
                    .and_then(|n| rustls::pki_types::DnsName::try_from(n.to_string()).ok());
                let key = crate::ctx::ClientKey {
                    versions: mask,
                    suites,
                    groups,
                    sni: dns.is_some(),
                    alpn,
                };
                let cfg = ctx.client_config(&key).map_err(internal)?;
                // rustls takes the offered session (`SSL_set_session`) now.
                let _current = certs::enter(&self.shared);
                let name = match dns {
                    Some(d) => ServerName::DnsName(d),
                    // With no name rustls sends no SNI for an address.
                    None => ServerName::IpAddress(std::net::Ipv4Addr::UNSPECIFIED.into()),
                };
                rustls::ClientConnection::new(cfg, name)
                    .map_err(internal)?
                    .into()
            }
            Role::Server => {
                // The configuration is chosen once the ClientHello is in and the
                // application's callbacks have run (see `accept`).
                self.acceptor = Some(Box::default());
                return Ok(());
            }
        };
        // The write engine bounds what it hands rustls itself.
        tls.set_buffer_limit(None);
        self.tls = Some(tls);
        Ok(())
    }

    /// Refuse work on a connection that failed fatally: like OpenSSL's state machine
    /// in its error state, fail without queueing anything (`SSL_ERROR_SYSCALL`).
    fn check_usable(&self) -> Result<(), Stop> {
        if self.fatal {
            Err(Stop::Syscall)
        } else {
            Ok(())
        }
    }

    /// `SSL_do_handshake`: drive the handshake (or send a pending key update) until done
    /// or the transport blocks.
    pub fn do_handshake(&mut self) -> Result<(), Stop> {
        self.rwstate = SSL_NOTHING;
        if self.role.is_none() {
            return Err(Stop::Ssl(Reason(r::SSL_R_CONNECTION_TYPE_NOT_SET)));
        }
        // Nothing to do once the handshake is finished (OpenSSL returns 1 without I/O,
        // even while a write waits for the transport).
        if self.is_init_finished() {
            return Ok(());
        }
        self.handshake()
    }

    fn handshake(&mut self) -> Result<(), Stop> {
        self.check_usable()?;
        self.start()?;
        loop {
            if self.acceptor.is_some() {
                match self.read_record() {
                    Ok(()) => {}
                    Err(ReadStop::Stop(s)) => return Err(s),
                    Err(ReadStop::Eof) => return Err(self.unexpected_eof()),
                }
                self.accept()?;
                continue;
            }
            let handshaking = self.tls().is_handshaking();
            self.flush_tls(handshaking)?;
            if !self.tls().is_handshaking() {
                break;
            }
            match self.read_record() {
                Ok(()) => {}
                Err(ReadStop::Stop(s)) => return Err(s),
                Err(ReadStop::Eof) => return Err(self.unexpected_eof()),
            }
            self.process()?;
        }
        if !self.hs_complete {
            self.hs_complete = true;
            self.handshake_finished();
        }
        if i32::from(self.key_update) != SSL_KEY_UPDATE_NONE {
            // rustls always asks the peer to update too (update_requested).
            self.tls_mut()
                .refresh_traffic_keys()
                .map_err(|_| Stop::Ssl(Reason::INTERNAL))?;
            self.key_update = SSL_KEY_UPDATE_NONE as i8;
            self.flush_tls(false)?;
        }
        Ok(())
    }

    fn tls(&self) -> &rustls::Connection {
        self.tls.as_ref().expect("connection started")
    }

    fn tls_mut(&mut self) -> &mut rustls::Connection {
        self.tls.as_mut().expect("connection started")
    }

    /// Mark the connection failed and return the error to report.
    fn fail(&mut self, reason: Reason) -> Stop {
        if crate::log::enabled() && !self.fatal {
            crate::log::line(format_args!(
                "{} {} failed: {}",
                if self.is_server() { "server" } else { "client" },
                if self.hs_complete {
                    "connection"
                } else {
                    "handshake"
                },
                crate::log::reason_text(reason.0)
            ));
        }
        self.fatal = true;
        Stop::Ssl(reason)
    }

    /// Send everything rustls has queued; `flush_bio` also flushes the BIO afterwards
    /// (end of a handshake flight, or an alert), as OpenSSL does.
    fn flush_tls(&mut self, flush_bio: bool) -> Result<(), Stop> {
        if self.out_pos == self.out.len()
            && self.io.writes_to_memory()
            && self.tls.as_ref().is_some_and(|t| !t.is_handshaking())
        {
            return self.flush_direct(flush_bio);
        }
        // Gather everything rustls has queued, so that a flight leaves in one write: a
        // small record written alone meets Nagle's algorithm and delayed ACKs (and a
        // peer that closes may then never see it), where OpenSSL writes whole flights.
        if self.out_pos == self.out.len() {
            // Nothing held back: gather on the stack, so that an idle connection keeps
            // no output buffer; what does not fit, or what the transport does not take
            // now, goes to `out`.
            let mut stack = [std::mem::MaybeUninit::<u8>::uninit(); STACK_OUT];
            let mut gather = Gather {
                stack: &mut stack,
                len: 0,
                spill: &mut self.out,
            };
            if let Some(tls) = self.tls.as_mut() {
                while tls.wants_write() {
                    if tls.write_tls(&mut gather).is_err() {
                        break;
                    }
                }
            }
            let len = gather.len;
            if self.out.is_empty() {
                // SAFETY: `Gather` initialized `stack[..len]` (and never reads past it).
                let data = unsafe { std::slice::from_raw_parts(stack.as_ptr().cast::<u8>(), len) };
                return self.send_gathered(data, flush_bio);
            }
        } else if let Some(tls) = self.tls.as_mut() {
            while tls.wants_write() {
                if tls.write_tls(&mut self.out).is_err() {
                    break;
                }
            }
        }
        if self.out_pos == self.out.len() {
            self.out.clear();
            self.out_pos = 0;
            return Ok(());
        }
        // rustls emits TLS 1.3's middlebox-compatibility ChangeCipherSpec as soon as the
        // ServerHello arrives; OpenSSL sends it with the client's next flight. Hold it
        // until that flight joins it (the server is still sending, so nothing waits).
        let handshaking = self.tls.as_ref().is_some_and(|t| t.is_handshaking());
        if handshaking && self.out[self.out_pos..] == FAKE_CCS {
            return Ok(());
        }
        while self.out_pos < self.out.len() {
            match self.io.write(&self.out[self.out_pos..]) {
                Io::Done(n) => self.out_pos += n,
                io => return Err(self.write_stop(io)),
            }
        }
        self.out_pos = 0;
        if self.out.capacity() <= STACK_OUT {
            // Handshake-sized: the stack serves the next flight, so keep nothing.
            self.out = Vec::new();
        } else {
            self.out.clear();
            self.out.shrink_to(OUT_KEEP);
        }
        self.flush_bio_if(flush_bio)
    }

    /// `flush_tls` after the handshake to a memory transport (a memory BIO, a BIO pair)
    /// with nothing of ours held back: rustls writes its records straight to the
    /// transport, one write each, and keeps what the transport does not take for the
    /// next call. This saves copying every record through `out`; the gathering stays for
    /// sockets (fewer system calls) and handshakes (whole flights).
    fn flush_direct(&mut self, flush_bio: bool) -> Result<(), Stop> {
        self.out.clear();
        self.out_pos = 0;
        let Some(tls) = self.tls.as_mut() else {
            return Ok(());
        };
        let mut direct = Direct {
            io: &mut self.io,
            stop: None,
        };
        while tls.wants_write() {
            if tls.write_tls(&mut direct).is_err() {
                break;
            }
        }
        if let Some(io) = direct.stop {
            return Err(self.write_stop(io));
        }
        self.flush_bio_if(flush_bio)
    }

    /// Send records gathered on the stack; what the transport does not take is kept in
    /// `out` for the next call.
    fn send_gathered(&mut self, data: &[u8], flush_bio: bool) -> Result<(), Stop> {
        self.out_pos = 0;
        if data.is_empty() {
            return Ok(());
        }
        // The ChangeCipherSpec waits for the flight after it (see `flush_tls`).
        let handshaking = self.tls.as_ref().is_some_and(|t| t.is_handshaking());
        if handshaking && data == FAKE_CCS {
            self.out.extend_from_slice(data);
            return Ok(());
        }
        let mut pos = 0;
        while pos < data.len() {
            match self.io.write(&data[pos..]) {
                Io::Done(n) => pos += n,
                io => {
                    self.out.extend_from_slice(&data[pos..]);
                    return Err(self.write_stop(io));
                }
            }
        }
        self.flush_bio_if(flush_bio)
    }

    /// What a write the transport refused (`io`, not `Done`) stops the call with.
    fn write_stop(&mut self, io: Io) -> Stop {
        match io {
            Io::Retry => {
                self.rwstate = SSL_WRITING;
                Stop::WantWrite
            }
            Io::NoBio => Stop::Ssl(Reason(r::SSL_R_BIO_NOT_SET)),
            Io::Done(_) | Io::Eof | Io::Error => Stop::Syscall,
        }
    }

    /// `BIO_flush` the write BIO when `flush_bio` asks: a retry stops the call, any
    /// other failure is left for the next write to meet.
    fn flush_bio_if(&mut self, flush_bio: bool) -> Result<(), Stop> {
        if flush_bio {
            if let Io::Retry = self.io.flush() {
                self.rwstate = SSL_WRITING;
                return Err(Stop::WantWrite);
            }
        }
        Ok(())
    }

    /// Whether records wait to be sent (queued in rustls or in our buffer).
    fn has_unsent(&self) -> bool {
        self.out_pos < self.out.len() || self.tls.as_ref().is_some_and(|t| t.wants_write())
    }

    /// Read one whole record from the transport and hand it to rustls. Once its header
    /// is in, the body goes from the transport straight into rustls's buffer (behind
    /// the header, in the same `read_tls`), unless the acceptor takes the record (a
    /// ClientHello) or a large body comes from a socket; then, and for a header that
    /// came in pieces, the record is read into a stack buffer, or into the connection's
    /// record buffer when a call cannot finish it.
    fn read_record(&mut self) -> Result<(), ReadStop> {
        if self.rec.stream > 0 || self.rec.head_left > 0 {
            return self.read_record_streamed();
        }
        if self.rec.have == 0 {
            let mut stack = [std::mem::MaybeUninit::<u8>::uninit(); SMALL_RECORD];
            let mut have = 0;
            /// The start of `stack`, `have` bytes long.
            ///
            /// # Safety
            /// `stack[..have]` must be initialized.
            unsafe fn init(stack: &[std::mem::MaybeUninit<u8>], have: usize) -> &[u8] {
                // SAFETY: the caller's promise; MaybeUninit<u8> has u8's layout.
                unsafe { std::slice::from_raw_parts(stack.as_ptr().cast::<u8>(), have) }
            }
            // Below, `have` (and `len <= have`) counts bytes `read_uninit` initialized.
            let len = loop {
                // SAFETY: see above.
                let got = unsafe { init(&stack, have) };
                if let Some(len) = record_complete(got, have) {
                    break len;
                }
                let need = record_need(got, have);
                if have == HEADER
                    && self.acceptor.is_none()
                    && self.tls.is_some()
                    && (need <= SMALL_RECORD || self.io.reads_from_memory())
                {
                    // rustls takes the header and the body as it comes.
                    self.rec.head.copy_from_slice(got);
                    self.rec.head_left = HEADER as u8;
                    self.rec.stream = (need - HEADER) as u32;
                    return self.read_record_streamed();
                }
                if need > SMALL_RECORD {
                    // Carry on in the record buffer.
                    self.rec.carry(got, need);
                    return self.read_record_buffered();
                }
                match self.read_transport_uninit(&mut stack[have..need]) {
                    Ok(n) => have += n,
                    Err(e) => {
                        if have > 0 {
                            // SAFETY: see above.
                            self.rec.carry(unsafe { init(&stack, have) }, need);
                        }
                        return Err(e);
                    }
                }
            };
            // SAFETY: see above.
            return self.feed_record(unsafe { init(&stack, len) });
        }
        self.read_record_buffered()
    }

    /// Go on with a record begun in the record buffer.
    fn read_record_buffered(&mut self) -> Result<(), ReadStop> {
        let len = loop {
            if let Some(len) = record_complete(&self.rec.buf, self.rec.have as usize) {
                break len;
            }
            let have = self.rec.have as usize;
            let need = record_need(&self.rec.buf, have);
            self.rec.reserve(need);
            let mut buf = std::mem::take(&mut self.rec.buf);
            let got = self.read_transport(&mut buf[have..need]);
            self.rec.buf = buf;
            self.rec.have += got? as u32;
        };
        let buf = std::mem::take(&mut self.rec.buf);
        let fed = self.feed_record(&buf[..len]);
        self.rec.buf = buf;
        self.rec.done();
        fed
    }

    /// Go on with a record whose header is in: hand rustls what it has not had of the
    /// header, and read the body from the transport straight into rustls's buffer,
    /// never past its end.
    fn read_record_streamed(&mut self) -> Result<(), ReadStop> {
        while self.rec.stream > 0 || self.rec.head_left > 0 {
            let tls = self.tls.as_mut().expect("connection started");
            let mut src = Streamed {
                io: &mut self.io,
                head: &self.rec.head,
                head_left: self.rec.head_left as usize,
                left: self.rec.stream as usize,
                stopped: None,
            };
            let r = tls.read_tls(&mut src);
            let (head_left, left, stopped) = (src.head_left, src.left, src.stopped);
            self.rec.head_left = head_left as u8;
            self.rec.stream = left as u32;
            match (r, stopped) {
                // The transport stopped (rustls may have taken the header first).
                (_, Some(io)) => {
                    self.transport_result(io)?;
                }
                // rustls takes nothing more (the peer's close_notify came before).
                (Ok(0), None) => return Ok(()),
                (Ok(_), None) => {}
                // The plaintext buffer is full: decrypt what is buffered first.
                (Err(_), None) => {
                    let _current = certs::enter(&self.shared);
                    let tls = self.tls.as_mut().expect("connection started");
                    let r = tls.process_new_packets();
                    self.maybe_plaintext = true;
                    if let Err(e) = r {
                        return Err(ReadStop::Stop(self.rustls_failed(&e)));
                    }
                }
            }
        }
        Ok(())
    }

    /// One read from the transport.
    fn read_transport(&mut self, buf: &mut [u8]) -> Result<usize, ReadStop> {
        let io = self.io.read(buf);
        self.transport_result(io)
    }

    /// One read from the transport into memory not yet initialized.
    fn read_transport_uninit(
        &mut self,
        buf: &mut [std::mem::MaybeUninit<u8>],
    ) -> Result<usize, ReadStop> {
        let io = self.io.read_uninit(buf);
        self.transport_result(io)
    }

    fn transport_result(&mut self, io: Io) -> Result<usize, ReadStop> {
        match io {
            Io::Done(n) => Ok(n),
            Io::Retry => {
                self.rwstate = SSL_READING;
                Err(ReadStop::Stop(Stop::WantRead))
            }
            Io::Eof => {
                self.eof = true;
                Err(ReadStop::Eof)
            }
            Io::Error => Err(ReadStop::Stop(Stop::Syscall)),
            Io::NoBio => Err(ReadStop::Stop(Stop::Ssl(Reason(r::SSL_R_READ_BIO_NOT_SET)))),
        }
    }

    /// Hand one whole record to the acceptor or to rustls.
    fn feed_record(&mut self, record: &[u8]) -> Result<(), ReadStop> {
        let len = record.len();
        if let Some(acceptor) = self.acceptor.as_mut() {
            // The ClientHello's handshake bytes, for the client-hello callback.
            if len > HEADER && record[0] == 22 {
                self.shared.append_hello(&record[HEADER..len]);
            }
            let mut rest = record;
            while !rest.is_empty() {
                // A refusal (too much data) surfaces from `accept`.
                if !matches!(acceptor.read_tls(&mut rest), Ok(n) if n > 0) {
                    break;
                }
            }
            return Ok(());
        }
        // (read_tls only buffers: no callback runs in it, so the connection becomes the
        // thread's current one only to process.)
        let tls = self.tls.as_mut().expect("connection started");
        let mut rest = record;
        while !rest.is_empty() {
            match tls.read_tls(&mut rest) {
                Ok(0) => break,
                Ok(_) => {}
                // The plaintext buffer is full: decrypt what is buffered first.
                Err(_) => {
                    let _current = certs::enter(&self.shared);
                    let r = tls.process_new_packets();
                    self.maybe_plaintext = true;
                    if let Err(e) = r {
                        return Err(ReadStop::Stop(self.rustls_failed(&e)));
                    }
                }
            }
        }
        Ok(())
    }

    /// A server with a whole ClientHello: run the application's callbacks (servername,
    /// ALPN), pick the configuration they imply, and start the rustls connection.
    fn accept(&mut self) -> Result<(), Stop> {
        let acceptor = self.acceptor.as_mut().expect("accepting");
        let accepted = match acceptor.accept() {
            Ok(None) => return Ok(()),
            Ok(Some(a)) => a,
            Err((e, alert)) => return Err(self.refuse_hello(&e, alert)),
        };
        self.acceptor = None;
        let (name, alpn, offers_tls13) = {
            let hello = accepted.client_hello();
            let offers_tls13 = hello
                .cipher_suites()
                .iter()
                .any(|s| u16::from(*s) >> 8 == 0x13);
            let groups = hello.named_groups().unwrap_or_default();
            self.shared
                .set_peer_groups(groups.iter().map(|n| u16::from(*n)));
            self.shared
                .set_peer_suites(hello.cipher_suites().iter().map(|s| u16::from(*s)));
            let name = hello
                .server_name()
                .and_then(|n| std::ffi::CString::new(n).ok());
            let alpn: Vec<Vec<u8>> = hello
                .alpn()
                .map(|offer| offer.map(<[u8]>::to_vec).collect())
                .unwrap_or_default();
            (name, alpn, offers_tls13)
        };
        self.shared.set_received_servername(name);
        // An empty session ticket extension (a TLS 1.2 client asking for a ticket), read
        // only for a ticket decrypt callback, the one thing that hears of it.
        let has_dec_cb = self
            .shared
            .state()
            .orig_ctx
            .sessions()
            .ticket_dec_cb
            .is_some();
        let empty_ticket = has_dec_cb
            && self
                .shared
                .hello_extension(35)
                .is_some_and(|e| e.is_empty());
        self.record_state();
        let choice = match callbacks::on_client_hello(&self.shared, &alpn) {
            Ok(c) => c,
            Err(refusal) => {
                self.send_plain_alert(refusal.alert);
                return Err(self.fail(Reason(refusal.reason)));
            }
        };
        let (mask, ctx, mut suites, groups, server_order, can_sign) = {
            let st = self.shared.state();
            let s = &st.settings;
            (
                s.version_mask(),
                st.ctx.clone(),
                s.suites(),
                s.groups.clone(),
                s.options & SSL_OP_CIPHER_SERVER_PREFERENCE != 0,
                st.identity.chain.first().is_none_or(|c| c.allows_signing())
                    // rustls's TLS 1.2 cannot sign with rsa_pss_pss_* (RSA-PSS keys).
                    && !st.identity.key_is_pss,
            )
        };
        let mut mask = mask;
        let mut groups = groups;
        let level = self.shared.state().settings.misc.security_level;
        crate::misc::apply_level(level, &mut suites, &mut groups);
        if suites.is_empty() || groups.is_empty() {
            mask = 0;
        }
        if !can_sign {
            // Every TLS 1.2 suite here is ECDHE, signed with the certificate's key; a key
            // usage without digitalSignature rules them out (OpenSSL then finds no shared
            // cipher for a TLS 1.2 client; TLS 1.3 goes ahead, as in OpenSSL).
            suites.retain(|id| {
                crate::cipher::CipherInfo::find(*id)
                    .is_some_and(|c| c.version.to_bytes() == b"TLSv1.3")
            });
            mask &= !1;
        }
        if mask == 0 {
            self.send_plain_alert(40);
            return Err(self.fail(Reason(r::SSL_R_NO_SHARED_CIPHER)));
        }
        // Which protocol this will be, for the ticket callbacks (rustls prefers 1.3).
        crate::session::server_hello_seen(
            &self.shared,
            offers_tls13 && mask & 2 != 0,
            empty_ticket,
        );
        self.shared.clear_hello();
        // The connection's own list (SSL_set_client_CA_list), else the context's.
        let own_ca = self.shared.state().misc.client_ca.clone();
        let mut client_ca = own_ca.unwrap_or_else(|| ctx.state().client_ca.clone());
        // Without a client CA list, the CA list (SSL_CTX_set0_CA_list), as OpenSSL.
        if client_ca.is_empty() {
            client_ca = ctx.state().misc.ca_names.clone();
        }
        let num_tickets = self.shared.state().settings.num_tickets;
        let key = crate::ctx::ServerKey {
            num_tickets,
            versions: mask,
            suites,
            groups,
            server_order,
            client_ca,
            alpn: match choice {
                AlpnChoice::Selected(p) => Some(p),
                AlpnChoice::NotAsked | AlpnChoice::NoAck => None,
            },
        };
        let cfg = ctx
            .server_config(&key)
            .map_err(|_| Stop::Ssl(Reason::INTERNAL))?;
        crate::session::server_session_started(&self.shared);
        let _current = certs::enter(&self.shared);
        match accepted.into_connection(cfg) {
            Ok(conn) => {
                let mut tls: rustls::Connection = conn.into();
                tls.set_buffer_limit(None);
                self.tls = Some(tls);
                self.after_step();
                Ok(())
            }
            Err((e, alert)) => Err(self.refuse_hello(&e, alert)),
        }
    }

    /// The ClientHello stage failed: send the alert rustls prepared, best effort, and fail.
    fn refuse_hello(
        &mut self,
        e: &rustls::Error,
        mut alert: rustls::server::AcceptedAlert,
    ) -> Stop {
        let mut out = Out {
            io: &mut self.io,
            last: Io::Done(0),
        };
        let _ = alert.write_all(&mut out);
        let _ = self.io.flush();
        self.fail(map_rustls_error(e))
    }

    /// Send a fatal alert in the clear (before any key is agreed), best effort.
    fn send_plain_alert(&mut self, description: u8) {
        let record = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, description];
        let _ = self.io.write(&record);
        let _ = self.io.flush();
    }

    /// Let rustls process what it received; on a protocol error, send its alert and fail.
    fn process(&mut self) -> Result<(), Stop> {
        self.maybe_plaintext = true;
        if self.hs_complete && self.is_server() && !self.tls().is_handshaking() {
            // A server after its handshake: rustls only decrypts application data and
            // handles alerts and key updates, none of which runs a callback of ours (no
            // certificate, session, ticket or key-log callback; rustls logs no secret
            // for a key update), so the thread's current connection and the session
            // bookkeeping are not needed.
            return match self.tls_mut().process_new_packets() {
                Ok(_) => Ok(()),
                Err(e) => Err(self.rustls_failed(&e)),
            };
        }
        let _current = certs::enter(&self.shared);
        // Verify callbacks may run in this step: what they may ask, recorded.
        if self.tls().is_handshaking() {
            self.record_state();
            if self.is_server()
                && self.tls().handshake_kind() == Some(rustls::HandshakeKind::Resumed)
            {
                crate::session::server_resuming(&self.shared);
            }
        }
        match self.tls_mut().process_new_packets() {
            Ok(_) => {
                self.after_step();
                Ok(())
            }
            Err(e) => Err(self.rustls_failed(&e)),
        }
    }

    /// Run the info callback, with the state it may ask for recorded first.
    fn info(&self, where_: i32, ret: i32) {
        self.record_state();
        callbacks::info(&self.shared, where_, ret);
    }

    /// Record what getters answer from inside our callbacks (see `SslHandle::read`).
    #[inline]
    pub fn record_state(&self) {
        // After the handshake only the shutdown flags and a fatal error still change:
        // a call that changed neither has nothing new to record. (This check runs on
        // every call and is inlined; the recording is not.)
        if self.handshake_done() && self.recorded.get() == Some((self.shutdown, self.fatal)) {
            return;
        }
        self.record_state_now();
    }

    #[inline(never)]
    fn record_state_now(&self) {
        let key = (self.shutdown, self.fatal);
        let settled = self.handshake_done();
        self.recorded.set(settled.then_some(key));
        self.shared.set_hs_state(self.handshake_state());
        self.shared.set_snapshot(crate::shared::Snapshot {
            version: self.version(),
            cipher: self.cipher_suite(),
            group: self.negotiated_group(),
            init_finished: self.is_init_finished(),
            in_before: self.in_before(),
            shutdown: self.shutdown,
        });
    }

    /// The operator's log line for a completed handshake.
    fn log_handshake(&self, facts: &crate::session::ConnFacts) {
        let suite = crate::cipher::CipherInfo::find(facts.cipher).map_or_else(
            || format!("{:#06x}", facts.cipher),
            |c| c.name.to_string_lossy().into_owned(),
        );
        let group = self.negotiated_group().map_or_else(
            || "-".to_string(),
            |g| {
                crate::cipher::group_tls_name(g)
                    .map_or_else(|| format!("{g:#06x}"), |n| n.to_string_lossy().into_owned())
            },
        );
        let sni = if self.is_server() {
            self.shared.received_servername()
        } else {
            self.shared.state().settings.sni.clone()
        };
        crate::log::line(format_args!(
            "{} handshake: {} {} {} resumed={} sni={} alpn={}",
            if self.is_server() { "server" } else { "client" },
            match facts.version {
                0x0304 => "TLSv1.3",
                0x0303 => "TLSv1.2",
                _ => "?",
            },
            suite,
            group,
            if facts.resumed { "yes" } else { "no" },
            sni.as_ref()
                .map_or(std::borrow::Cow::Borrowed("-"), |s| s.to_string_lossy()),
            facts
                .alpn
                .as_ref()
                .map_or(
                    std::borrow::Cow::Borrowed("-"),
                    |a| String::from_utf8_lossy(a)
                ),
        ));
    }

    /// A resumed handshake verified no certificate: the peer's chain comes from the
    /// session (rustls keeps it), and the verification result from our session, as
    /// OpenSSL restores both.
    fn restore_peer(&mut self) {
        if self.shared.has_peer_chain() {
            return;
        }
        let chain: Vec<crate::certs::X509> = self
            .tls
            .as_ref()
            .and_then(|t| t.peer_certificates())
            .map(|certs| {
                // The session records the leaf only.
                certs
                    .iter()
                    .take(1)
                    .filter_map(|c| crate::certs::X509::from_der_cached(c.as_ref()))
                    .collect()
            })
            .unwrap_or_default();
        if chain.is_empty() {
            return;
        }
        let result = {
            let cs = self
                .shared
                .sessions
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let s = if self.is_server() {
                cs.resumed.clone()
            } else {
                cs.offered.clone()
            };
            s.map_or(0, |s| s.info().verify_result)
        };
        self.shared.set_peer_chain(chain);
        self.shared.set_peer_accepted(true);
        self.shared.set_verify_result(result);
    }

    /// What the connection knows of itself, for the sessions rustls made.
    fn facts(&self) -> crate::session::ConnFacts {
        let tls = self.tls.as_ref();
        crate::session::ConnFacts {
            version: self.version().unwrap_or(0),
            cipher: self.cipher_suite().unwrap_or(0),
            alpn: self.alpn_selected().map(<[u8]>::to_vec),
            resumed: tls.and_then(|t| t.handshake_kind()) == Some(rustls::HandshakeKind::Resumed),
        }
    }

    /// After rustls processed records: finish the sessions it made (new-session
    /// callback and cache).
    fn after_step(&mut self) {
        let pending = !self
            .shared
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pending
            .is_empty();
        if pending {
            self.record_state();
            let facts = self.facts();
            crate::session::finish_new_sessions(&self.shared, &facts);
        }
    }

    /// The handshake is complete: record whether it resumed and settle the
    /// connection's session.
    fn handshake_finished(&mut self) {
        let facts = self.facts();
        if facts.resumed {
            self.restore_peer();
        }
        crate::session::handshake_finished(&self.shared, &facts);
        if crate::log::enabled() {
            self.log_handshake(&facts);
        }
        // A TLS 1.3 server of OpenSSL reports "done" while it is about to write its
        // tickets: still in init, in the session-ticket state.
        let tickets = self.is_server()
            && facts.version == 0x0304
            && self.shared.state().settings.num_tickets > 0;
        if tickets {
            self.record_state();
            let mut s = self.shared.snapshot();
            s.init_finished = false;
            self.shared.set_snapshot(s);
            self.recorded.set(None);
            self.shared
                .set_hs_state((crate::misc::TLS_ST_SW_SESSION_TICKET, false));
            callbacks::info(&self.shared, SSL_CB_HANDSHAKE_DONE, 1);
        } else {
            self.info(SSL_CB_HANDSHAKE_DONE, 1);
        }
        let exit = if self.is_server() {
            SSL_CB_ACCEPT_EXIT
        } else {
            SSL_CB_CONNECT_EXIT
        };
        self.info(exit, 1);
    }

    /// rustls refused what it received: send the alert it queued (if the transport
    /// takes it) and fail. A fatal alert from the peer also ends its side, as in
    /// OpenSSL (`SSL_RECEIVED_SHUTDOWN`).
    fn rustls_failed(&mut self, e: &rustls::Error) -> Stop {
        if let rustls::Error::AlertReceived(_) = e {
            self.shutdown |= SSL_RECEIVED_SHUTDOWN;
        }
        let reason = map_rustls_error(e);
        let _ = self.flush_tls(true);
        self.fail(reason)
    }

    // ---- the write engine ----------------------------------------------------------

    /// `SSL_write_ex`: write `buf` (at address `buf.as_ptr()`) as application data.
    /// Returns the bytes written: all of them, or with `SSL_MODE_ENABLE_PARTIAL_WRITE`
    /// at least one record's worth.
    pub fn write(&mut self, buf: &[u8]) -> Result<usize, Stop> {
        self.rwstate = SSL_NOTHING;
        if self.role.is_none() {
            return Err(Stop::Ssl(Reason::UNINITIALIZED));
        }
        if self.shutdown & SSL_SENT_SHUTDOWN != 0 {
            return Err(Stop::Ssl(Reason::PROTOCOL_IS_SHUTDOWN));
        }
        let len = buf.len();
        if let Some(p) = self.wpend {
            if len < p.done + p.record_len {
                return Err(self.fail(Reason::BAD_LENGTH));
            }
        }
        if !self.is_init_finished() {
            self.handshake()?;
        }
        self.check_usable()?;
        // The mode matters only to a retry and once a record is out with more to come:
        // a write that fits one record does without its lock.
        let mut mode = None;
        let mut done = 0;
        if let Some(p) = self.wpend {
            let mode = *mode.get_or_insert_with(|| self.shared.state().settings.mode);
            let partial = mode & SSL_MODE_ENABLE_PARTIAL_WRITE != 0;
            let moving_ok = mode & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER != 0;
            if !moving_ok && buf.as_ptr() as usize + p.done != p.addr.get() {
                self.wpend = None;
                return Err(self.fail(Reason::BAD_WRITE_RETRY));
            }
            self.flush_tls(false)?;
            self.wpend = None;
            done = p.done + p.record_len;
            if partial || done == len {
                return Ok(done);
            }
        }
        while done < len {
            let n = (len - done).min(MAX_FRAGMENT);
            let chunk = &buf[done..done + n];
            let taken = {
                let mut w = self.tls_mut().writer();
                io::Write::write(&mut w, chunk).map_err(|_| Stop::Ssl(Reason::INTERNAL))?
            };
            match self.flush_tls(false) {
                Ok(()) => {}
                Err(Stop::WantWrite) => {
                    self.wpend = Some(PendingWrite {
                        done,
                        record_len: taken,
                        // (A slice's address is never 0.)
                        addr: std::num::NonZeroUsize::new(chunk.as_ptr() as usize)
                            .unwrap_or(std::num::NonZeroUsize::MIN),
                    });
                    return Err(Stop::WantWrite);
                }
                Err(e) => return Err(e),
            }
            done += taken;
            if done < len
                && *mode.get_or_insert_with(|| self.shared.state().settings.mode)
                    & SSL_MODE_ENABLE_PARTIAL_WRITE
                    != 0
            {
                break;
            }
        }
        Ok(done)
    }

    // ---- the read engine -----------------------------------------------------------

    /// `SSL_read_ex` / `SSL_peek_ex`: copy up to `buf.len()` bytes of application data.
    pub fn read(&mut self, buf: &mut [u8], peek: bool) -> Result<usize, Stop> {
        self.rwstate = SSL_NOTHING;
        if self.role.is_none() {
            return Err(Stop::Ssl(Reason::UNINITIALIZED));
        }
        if self.shutdown & SSL_RECEIVED_SHUTDOWN != 0 {
            return Err(Stop::ZeroReturn);
        }
        if !self.handshake_done() {
            self.handshake()?;
        }
        self.check_usable()?;
        self.read_loop(buf, peek).map_err(|stop| match stop {
            // After the handshake, the end of the stream (a fatal alert, a bare EOF)
            // makes the read return 0, as in OpenSSL.
            Stop::Ssl(r) if r == Reason::UNEXPECTED_EOF || (1000..1256).contains(&r.0) => {
                Stop::Closed(r)
            }
            other => other,
        })
    }

    fn read_loop(&mut self, buf: &mut [u8], peek: bool) -> Result<usize, Stop> {
        loop {
            if let Some(n) = self.take_plaintext(buf, peek)? {
                return Ok(n);
            }
            if self.eof {
                return Err(self.unexpected_eof());
            }
            match self.read_record() {
                Ok(()) => {}
                Err(ReadStop::Stop(s)) => return Err(s),
                Err(ReadStop::Eof) => return Err(self.unexpected_eof()),
            }
            self.process()?;
            // Answer what the record asked for (a key update, a refused renegotiation);
            // if the transport is full it goes out with the next write.
            if self.has_unsent() {
                let _ = self.flush_tls(false);
            }
            // Its data, or the peer's close.
            if let Some(n) = self.take_plaintext(buf, peek)? {
                return Ok(n);
            }
            // A record without application data (a handshake message, a key update):
            // without SSL_MODE_AUTO_RETRY the read stops, as OpenSSL's does.
            if self.shared.state().settings.mode & SSL_MODE_AUTO_RETRY == 0 {
                self.io.set_retry_read();
                self.rwstate = SSL_READING;
                return Err(Stop::WantRead);
            }
        }
    }

    /// Copy plaintext rustls holds; `Ok(None)` when it holds none yet.
    #[inline]
    fn take_plaintext(&mut self, buf: &mut [u8], peek: bool) -> Result<Option<usize>, Stop> {
        if !self.maybe_plaintext {
            return Ok(None);
        }
        self.take_plaintext_now(buf, peek)
    }

    #[inline(never)]
    fn take_plaintext_now(&mut self, buf: &mut [u8], peek: bool) -> Result<Option<usize>, Stop> {
        let mut reader = self.tls_mut().reader();
        match reader.fill_buf() {
            Ok([]) => {
                self.shutdown |= SSL_RECEIVED_SHUTDOWN;
                self.closed_cleanly = true;
                Err(Stop::ZeroReturn)
            }
            Ok(chunk) => {
                let n = chunk.len().min(buf.len());
                buf[..n].copy_from_slice(&chunk[..n]);
                if !peek {
                    reader.consume(n);
                    // Nothing more buffered and no close_notify: the next read goes
                    // straight to the transport (rustls's check is a few loads; the
                    // reader's, which builds an io::Error, is not).
                    if self.tls().wants_read() {
                        self.maybe_plaintext = false;
                    }
                }
                Ok(Some(n))
            }
            Err(_) => {
                self.maybe_plaintext = false;
                Ok(None)
            }
        }
    }

    fn unexpected_eof(&mut self) -> Stop {
        if self.shared.state().settings.options & SSL_OP_IGNORE_UNEXPECTED_EOF != 0 {
            self.shutdown |= SSL_RECEIVED_SHUTDOWN;
            self.closed_cleanly = true;
            Stop::ZeroReturn
        } else {
            self.fail(Reason::UNEXPECTED_EOF)
        }
    }

    /// `SSL_pending`: decrypted bytes ready to be read without touching the transport.
    pub fn pending(&mut self) -> usize {
        match self.tls.as_mut() {
            Some(tls) => tls.reader().fill_buf().map_or(0, |c| c.len()),
            None => 0,
        }
    }

    /// Whether unprocessed record bytes or plaintext are buffered (`SSL_has_pending`).
    pub fn has_pending(&mut self) -> bool {
        self.pending() > 0 || self.rec.have > 0 || self.rec.stream > 0 || self.rec.head_left > 0
    }

    // ---- shutdown and key update ---------------------------------------------------

    /// `SSL_shutdown`: 0 once our close_notify is sent, 1 once the peer's has arrived too.
    pub fn shutdown(&mut self) -> Result<i32, Stop> {
        self.rwstate = SSL_NOTHING;
        if self.role.is_none() {
            return Err(Stop::Ssl(Reason::UNINITIALIZED));
        }
        if !self.is_init_finished() {
            return Err(Stop::Ssl(Reason(r::SSL_R_SHUTDOWN_WHILE_IN_INIT)));
        }
        if self.shared.state().settings.quiet_shutdown != 0 {
            self.shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
            return Ok(1);
        }
        if self.shutdown & SSL_SENT_SHUTDOWN == 0 {
            self.shutdown |= SSL_SENT_SHUTDOWN;
            if !self.fatal {
                self.tls_mut().send_close_notify();
            }
            self.flush_tls(true)?;
        } else if self.has_unsent() {
            self.flush_tls(true)?;
        } else if self.shutdown & SSL_RECEIVED_SHUTDOWN == 0 {
            self.await_close_notify()?;
        }
        if self.shutdown == SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN {
            Ok(1)
        } else {
            Ok(0)
        }
    }

    /// Read (and discard application data) until the peer's close_notify.
    fn await_close_notify(&mut self) -> Result<(), Stop> {
        let mut scratch = [0u8; 1024];
        loop {
            match self.take_plaintext(&mut scratch, false) {
                Err(Stop::ZeroReturn) => return Ok(()),
                Err(e) => return Err(e),
                Ok(Some(_)) => continue,
                Ok(None) => {}
            }
            self.check_usable()?;
            match self.read_record() {
                Ok(()) => {}
                Err(ReadStop::Stop(s)) => return Err(s),
                Err(ReadStop::Eof) => return Err(self.unexpected_eof()),
            }
            self.process()?;
        }
    }

    /// `SSL_key_update`: schedule a TLS 1.3 KeyUpdate for the next write or handshake call.
    pub fn key_update(&mut self, kind: i32) -> Result<(), Reason> {
        if self.version() != Some(0x0304) {
            return Err(Reason(r::SSL_R_WRONG_SSL_VERSION));
        }
        if kind != SSL_KEY_UPDATE_NOT_REQUESTED && kind != SSL_KEY_UPDATE_REQUESTED {
            return Err(Reason(r::SSL_R_INVALID_KEY_UPDATE_TYPE));
        }
        if !self.is_init_finished() {
            return Err(Reason(r::SSL_R_STILL_IN_INIT));
        }
        if self.wpend.is_some() {
            return Err(Reason::BAD_WRITE_RETRY);
        }
        self.key_update = kind as i8;
        Ok(())
    }
}

/// rustls writes records through this into the transport, which records the outcome.
struct Out<'a, T: Transport> {
    io: &'a mut T,
    last: Io,
}

impl<T: Transport> io::Write for Out<'_, T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.last = self.io.write(buf);
        match self.last {
            Io::Done(n) => Ok(n),
            Io::Retry => Err(io::ErrorKind::WouldBlock.into()),
            _ => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The libssl reason OpenSSL reports for what rustls refused.
pub fn map_rustls_error(e: &rustls::Error) -> Reason {
    use rustls::Error as E;
    let reason = match e {
        E::InvalidCertificate(_) => r::SSL_R_CERTIFICATE_VERIFY_FAILED,
        E::AlertReceived(alert) => 1000 + u8::from(*alert) as i32,
        E::NoCertificatesPresented => r::SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE,
        E::DecryptError => r::SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC,
        E::InvalidMessage(m) => match m {
            rustls::InvalidMessage::InvalidContentType
            | rustls::InvalidMessage::UnknownProtocolVersion => r::SSL_R_WRONG_VERSION_NUMBER,
            rustls::InvalidMessage::MessageTooLarge => r::SSL_R_PACKET_LENGTH_TOO_LONG,
            _ => r::SSL_R_BAD_PACKET,
        },
        E::InappropriateMessage { .. } | E::InappropriateHandshakeMessage { .. } => {
            r::SSL_R_UNEXPECTED_MESSAGE
        }
        E::PeerIncompatible(p) => match p {
            rustls::PeerIncompatible::NoCipherSuitesInCommon => r::SSL_R_NO_SHARED_CIPHER,
            rustls::PeerIncompatible::NoKxGroupsInCommon => r::SSL_R_NO_SUITABLE_KEY_SHARE,
            rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13
            | rustls::PeerIncompatible::Tls12NotOffered
            | rustls::PeerIncompatible::Tls12NotOfferedOrEnabled
            | rustls::PeerIncompatible::Tls13RequiredForQuic
            | rustls::PeerIncompatible::SupportedVersionsExtensionRequired => {
                r::SSL_R_UNSUPPORTED_PROTOCOL
            }
            rustls::PeerIncompatible::NoSignatureSchemesInCommon => {
                r::SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM
            }
            _ => r::SSL_R_SSL_HANDSHAKE_FAILURE,
        },
        E::PeerMisbehaved(p) => match p {
            rustls::PeerMisbehaved::TooManyRenegotiationRequests => r::SSL_R_NO_RENEGOTIATION,
            rustls::PeerMisbehaved::TooManyWarningAlertsReceived => r::SSL_R_TOO_MANY_WARN_ALERTS,
            _ => r::SSL_R_UNEXPECTED_MESSAGE,
        },
        _ => crate::error::ERR_R_INTERNAL_ERROR,
    };
    Reason(reason)
}

#[cfg(test)]
mod tests {
    //! The engines against a scripted transport: an in-memory pipe whose write side
    //! accepts a set number of bytes and then asks for a retry.

    use super::*;
    use crate::certs::{PKey, X509};
    use crate::ctx::Method;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    type Pipe = Rc<RefCell<VecDeque<u8>>>;

    /// One end of a scripted connection.
    struct Scripted {
        rx: Pipe,
        tx: Pipe,
        /// Bytes the next writes may still take before the transport says "retry";
        /// `None` = unlimited.
        budget: Option<usize>,
        retry: Option<RetryDir>,
        /// What `reads_from_memory` and `writes_to_memory` say.
        memory: bool,
    }

    impl Transport for Scripted {
        fn read(&mut self, buf: &mut [u8]) -> Io {
            let mut rx = self.rx.borrow_mut();
            if rx.is_empty() {
                self.retry = Some(RetryDir::Read);
                return Io::Retry;
            }
            let n = buf.len().min(rx.len());
            for (d, s) in buf.iter_mut().zip(rx.drain(..n)) {
                *d = s;
            }
            self.retry = None;
            Io::Done(n)
        }
        fn write(&mut self, buf: &[u8]) -> Io {
            let n = match self.budget {
                Some(0) => {
                    self.retry = Some(RetryDir::Write);
                    return Io::Retry;
                }
                Some(b) => b.min(buf.len()),
                None => buf.len(),
            };
            if let Some(b) = &mut self.budget {
                *b -= n;
            }
            self.tx.borrow_mut().extend(&buf[..n]);
            self.retry = None;
            Io::Done(n)
        }
        fn flush(&mut self) -> Io {
            Io::Done(0)
        }
        fn read_retry(&self) -> Option<RetryDir> {
            self.retry.filter(|d| *d == RetryDir::Read)
        }
        fn write_retry(&self) -> Option<RetryDir> {
            self.retry.filter(|d| *d == RetryDir::Write)
        }
        fn set_retry_read(&mut self) {
            self.retry = Some(RetryDir::Read);
        }
        fn reads_from_memory(&self) -> bool {
            self.memory
        }
        fn writes_to_memory(&self) -> bool {
            self.memory
        }
    }

    fn certs_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ctests/certs")
    }

    fn server_ctx() -> Arc<Context> {
        let ctx = Context::new(Method::Server);
        {
            let mut st = ctx.state();
            let pem = std::fs::read(certs_dir().join("server.pem")).unwrap();
            let key = std::fs::read(certs_dir().join("server.key")).unwrap();
            st.identity_mut().set_cert(X509::from_pem(&pem).unwrap());
            assert!(st
                .identity_mut()
                .set_key(PKey::from_pem(&key).unwrap())
                .is_ok());
        }
        Arc::new(ctx)
    }

    /// A connected client and server (handshake done) over scripted pipes.
    fn pair(version: i32) -> (Conn<Scripted>, Conn<Scripted>) {
        let (a, b): (Pipe, Pipe) = Default::default();
        let ctx_c = Arc::new(Context::new(Method::Client));
        let mut client = Conn::new(
            ctx_c,
            Scripted {
                rx: a.clone(),
                tx: b.clone(),
                budget: None,
                retry: None,
                memory: true,
            },
        );
        let mut server = Conn::new(
            server_ctx(),
            Scripted {
                rx: b,
                tx: a,
                budget: None,
                retry: None,
                memory: true,
            },
        );
        client.shared.state().settings_mut().max_version = version;
        client.set_role(Role::Client);
        server.set_role(Role::Server);
        for _ in 0..20 {
            let c = client.do_handshake();
            let s = server.do_handshake();
            if c.is_ok() && s.is_ok() {
                return (client, server);
            }
        }
        panic!("handshake did not complete");
    }

    fn read_all(conn: &mut Conn<Scripted>, want: usize) -> Vec<u8> {
        let mut got = Vec::new();
        let mut buf = vec![0u8; 20000];
        while got.len() < want {
            match conn.read(&mut buf, false) {
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(Stop::WantRead) => break,
                Err(e) => panic!("read failed: {e:?}"),
            }
        }
        got
    }

    /// Each version over a memory-like transport and a socket-like one.
    const BOTH_TRANSPORTS: [(i32, bool); 4] = [
        (TLS1_2_VERSION, true),
        (TLS1_3_VERSION, true),
        (TLS1_2_VERSION, false),
        (TLS1_3_VERSION, false),
    ];

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    #[test]
    fn large_record_arriving_in_pieces_is_read_whole() {
        // From memory (streamed into rustls) and from a socket (our record buffer).
        for (version, memory) in BOTH_TRANSPORTS {
            let (mut client, mut server) = pair(version);
            server.io.memory = memory;
            let data = pattern(16_000);
            assert_eq!(client.write(&data).ok(), Some(data.len()));
            let wire: Vec<u8> = server.io.rx.borrow_mut().drain(..).collect();
            let mut got = Vec::new();
            let mut buf = vec![0u8; 20_000];
            for piece in wire.chunks(999) {
                server.io.rx.borrow_mut().extend(piece);
                match server.read(&mut buf, false) {
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                    Err(Stop::WantRead) => {
                        // Part of the record arrived: it counts as pending.
                        assert!(server.has_pending());
                    }
                    Err(e) => panic!("read failed: {e:?}"),
                }
            }
            assert_eq!(got, data);
            assert!(!server.has_pending());
        }
    }

    #[test]
    fn small_records_arriving_in_pieces_are_read_whole() {
        // Two ways of cutting the wire: each record's header alone (rustls gets it and
        // the transport then stops, with the body still to come), then its body in
        // three pieces, which go straight to rustls; and three-byte pieces, which split
        // headers (a header that came in pieces takes the record buffer).
        for split_at_headers in [true, false] {
            for (version, memory) in BOTH_TRANSPORTS {
                let (mut client, mut server) = pair(version);
                server.io.memory = memory;
                let mut data = Vec::new();
                for n in [1usize, 100, 1000, 2000] {
                    let chunk = pattern(n);
                    assert_eq!(client.write(&chunk).ok(), Some(n));
                    data.extend_from_slice(&chunk);
                }
                let wire: Vec<u8> = server.io.rx.borrow_mut().drain(..).collect();
                let mut pieces: Vec<&[u8]> = Vec::new();
                if split_at_headers {
                    let mut rest = &wire[..];
                    while !rest.is_empty() {
                        let len = HEADER + u16::from_be_bytes([rest[3], rest[4]]) as usize;
                        let (record, tail) = rest.split_at(len);
                        pieces.push(&record[..HEADER]);
                        let body = &record[HEADER..];
                        let third = body.len().div_ceil(3).max(1);
                        pieces.extend(body.chunks(third));
                        rest = tail;
                    }
                } else {
                    pieces.extend(wire.chunks(3));
                }
                let mut got = Vec::new();
                let mut buf = vec![0u8; 20_000];
                for piece in pieces {
                    server.io.rx.borrow_mut().extend(piece);
                    loop {
                        match server.read(&mut buf, false) {
                            Ok(n) => got.extend_from_slice(&buf[..n]),
                            Err(Stop::WantRead) => break,
                            Err(e) => panic!("read failed: {e:?}"),
                        }
                    }
                    if split_at_headers && piece.len() == HEADER {
                        // The header is rustls's, the body still to come.
                        assert!(server.rec.stream > 0 && server.rec.head_left == 0);
                        assert!(server.has_pending());
                    }
                }
                assert_eq!(got, data);
                assert!(!server.has_pending());
            }
        }
    }

    #[test]
    fn blocked_write_retried_with_same_arguments_sends_each_byte_once() {
        // To memory (rustls writes to the transport) and to a socket (through `out`).
        for (version, memory) in BOTH_TRANSPORTS {
            let (mut client, mut server) = pair(version);
            client.io.memory = memory;
            let data = pattern(100_000);
            client.io.budget = Some(500);
            let mut received = Vec::new();
            let mut stops = 0;
            let n = loop {
                match client.write(&data) {
                    Ok(n) => break n,
                    Err(Stop::WantWrite) => {
                        assert_eq!(client.get_error(-1, None), SSL_ERROR_WANT_WRITE);
                        stops += 1;
                        assert!(stops < 10_000, "no progress");
                        // The peer drains what arrived; the transport takes more.
                        received.extend(read_all(&mut server, usize::MAX));
                        client.io.budget = Some(700);
                    }
                    Err(e) => panic!("unexpected {e:?}"),
                }
            };
            received.extend(read_all(&mut server, data.len() - received.len()));
            assert_eq!(n, data.len());
            assert!(stops > 0);
            assert_eq!(received, data, "bytes lost or duplicated");
        }
    }

    #[test]
    fn post_quantum_hybrid_is_negotiated_by_default() {
        for version in [TLS1_2_VERSION, TLS1_3_VERSION] {
            let (client, server) = pair(version);
            let want = if version == TLS1_3_VERSION {
                0x11ec
            } else {
                0x001d
            };
            assert_eq!(client.negotiated_group(), Some(want));
            assert_eq!(server.negotiated_group(), Some(want));
        }
    }

    #[test]
    fn partial_write_mode_returns_after_one_record() {
        let (mut client, mut server) = pair(TLS1_3_VERSION);
        client.shared.state().settings_mut().mode |= SSL_MODE_ENABLE_PARTIAL_WRITE;
        let data = pattern(40_000);
        let mut sent = 0;
        while sent < data.len() {
            let n = client.write(&data[sent..]).unwrap();
            assert!(n > 0 && n <= MAX_FRAGMENT);
            sent += n;
        }
        assert_eq!(read_all(&mut server, data.len()), data);
    }

    #[test]
    fn moved_buffer_needs_the_mode() {
        for moving in [false, true] {
            let (mut client, mut server) = pair(TLS1_2_VERSION);
            if moving {
                client.shared.state().settings_mut().mode |= SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;
            }
            let data = pattern(30_000);
            client.io.budget = Some(100);
            assert_eq!(client.write(&data), Err(Stop::WantWrite));
            let moved = data.clone();
            client.io.budget = None;
            let r = client.write(&moved);
            if moving {
                assert_eq!(r, Ok(data.len()));
                assert_eq!(read_all(&mut server, data.len()), data);
            } else {
                assert_eq!(r, Err(Stop::Ssl(Reason::BAD_WRITE_RETRY)));
                // The connection is then unusable, without a new error.
                assert_eq!(client.write(&data), Err(Stop::Syscall));
            }
        }
    }

    #[test]
    fn shorter_retry_is_bad_length() {
        let (mut client, _server) = pair(TLS1_3_VERSION);
        let data = pattern(30_000);
        client.io.budget = Some(100);
        assert_eq!(client.write(&data), Err(Stop::WantWrite));
        client.io.budget = None;
        assert_eq!(
            client.write(&data[..100]),
            Err(Stop::Ssl(Reason::BAD_LENGTH))
        );
    }

    #[test]
    fn no_role_is_uninitialized() {
        let (a, b): (Pipe, Pipe) = Default::default();
        let mut c = Conn::new(
            Arc::new(Context::new(Method::Any)),
            Scripted {
                rx: a,
                tx: b,
                budget: None,
                retry: None,
                memory: true,
            },
        );
        assert_eq!(c.write(b"x"), Err(Stop::Ssl(Reason::UNINITIALIZED)));
        assert_eq!(
            c.read(&mut [0u8; 4], false),
            Err(Stop::Ssl(Reason::UNINITIALIZED))
        );
        assert_eq!(
            c.do_handshake(),
            Err(Stop::Ssl(Reason(r::SSL_R_CONNECTION_TYPE_NOT_SET)))
        );
        assert_eq!(c.get_error(-1, None), SSL_ERROR_SYSCALL);
        assert_eq!(c.get_error(1, Some(20)), SSL_ERROR_NONE);
        assert_eq!(c.get_error(-1, Some(20)), SSL_ERROR_SSL);
        assert_eq!(
            c.get_error(-1, Some(crate::error::ERR_LIB_SYS)),
            SSL_ERROR_SYSCALL
        );
    }

    #[test]
    fn close_notify_gives_zero_return_and_writes_still_work() {
        let (mut client, mut server) = pair(TLS1_3_VERSION);
        assert_eq!(client.shutdown(), Ok(0));
        assert_eq!(
            client.write(b"x"),
            Err(Stop::Ssl(Reason::PROTOCOL_IS_SHUTDOWN))
        );
        let mut buf = [0u8; 16];
        assert_eq!(server.read(&mut buf, false), Err(Stop::ZeroReturn));
        assert_eq!(server.get_error(0, None), SSL_ERROR_ZERO_RETURN);
        assert_eq!(server.write(b"late"), Ok(4));
        assert_eq!(client.read(&mut buf, false), Ok(4));
        assert_eq!(server.shutdown(), Ok(1));
        assert_eq!(client.shutdown(), Ok(1));
    }

    #[test]
    fn key_update_is_sent_by_the_next_write() {
        let (mut client, mut server) = pair(TLS1_3_VERSION);
        assert_eq!(client.key_update(SSL_KEY_UPDATE_REQUESTED), Ok(()));
        assert_eq!(client.key_update_type(), SSL_KEY_UPDATE_REQUESTED);
        assert!(!client.is_init_finished());
        assert_eq!(client.write(b"after update"), Ok(12));
        assert_eq!(client.key_update_type(), SSL_KEY_UPDATE_NONE);
        assert_eq!(read_all(&mut server, 12), b"after update");
        // The server answered the request; data keeps flowing both ways.
        assert_eq!(server.write(b"back"), Ok(4));
        assert_eq!(read_all(&mut client, 4), b"back");
        assert_eq!(
            client.key_update(7),
            Err(Reason(r::SSL_R_INVALID_KEY_UPDATE_TYPE))
        );
        let (mut c12, _s12) = pair(TLS1_2_VERSION);
        assert_eq!(c12.key_update(1), Err(Reason(r::SSL_R_WRONG_SSL_VERSION)));
    }
}
