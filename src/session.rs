//! Sessions (`SSL_SESSION`) and resumption.
//!
//! A [`Session`] is what OpenSSL calls a session: the parameters of one handshake
//! (version, cipher, ids, peer certificate, times) and the secret state that lets a
//! later handshake resume it. The secret state is rustls's:
//! - a client keeps rustls's `Tls13ClientSessionValue` (one ticket, used once) or
//!   `Tls12ClientSessionValue`; rustls does not serialise these, so an encoded client
//!   session (`i2d_SSL_SESSION`) carries a reference to the value, which resumes only in
//!   the process that made it;
//! - a server keeps the bytes rustls stores for a session id or a stateful ticket (its
//!   encoded `ServerSessionValue`), which encode completely.
//!
//! rustls reaches sessions through process-wide adapters ([`ClientStore`],
//! [`ServerStore`], [`Tickets`], [`KeyLogger`]) that find the connection they work for
//! through the thread's current connection (`certs::enter`), so OpenSSL's per-`SSL`
//! choices (`SSL_set_session`, the session cache of the `SSL_CTX` the connection was
//! made from, its callbacks) apply although rustls configurations are shared.
//!
//! Application callbacks that rustls's events imply (the new-session callback, say) are
//! queued on the connection and run when rustls returns ([`finish_new_sessions`]), so
//! they never run inside rustls.

use crate::certs::X509;
use crate::shared::SslShared;
use libc::{c_int, c_uchar, c_void};
use once_cell::sync::Lazy;
use rustls::client::{ClientSessionStore, Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls::pki_types::ServerName;
use rustls::server::{ProducesTickets, StoresServerSessions};
use rustls::NamedGroup;
use std::collections::{HashMap, VecDeque};
use std::ffi::CString;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{SystemTime, UNIX_EPOCH};

/// `SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`.
pub(crate) const CACHE_SIZE_DEFAULT: i64 = 1024 * 20;
/// OpenSSL's default session timeout for TLS methods, in seconds.
pub(crate) const TIMEOUT_DEFAULT: i64 = 7200;
/// `SSL_MAX_SID_CTX_LENGTH`, `SSL_MAX_SSL_SESSION_ID_LENGTH`.
pub(crate) const MAX_SID_CTX: usize = 32;
pub(crate) const MAX_SESSION_ID: usize = 32;
/// The session-cache modes (`SSL_SESS_CACHE_*`).
pub(crate) const CACHE_CLIENT: i64 = 0x1;
pub(crate) const CACHE_SERVER: i64 = 0x2;
pub(crate) const CACHE_NO_INTERNAL_LOOKUP: i64 = 0x100;
pub(crate) const CACHE_NO_INTERNAL_STORE: i64 = 0x200;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A session id (at most `MAX_SESSION_ID` bytes), held inline.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SessionId {
    len: u8,
    bytes: [u8; MAX_SESSION_ID],
}

impl SessionId {
    /// The id `b`; `None` when it is longer than `MAX_SESSION_ID` bytes.
    pub fn new(b: &[u8]) -> Option<SessionId> {
        let mut id = SessionId {
            len: u8::try_from(b.len())
                .ok()
                .filter(|&n| usize::from(n) <= MAX_SESSION_ID)?,
            bytes: [0; MAX_SESSION_ID],
        };
        id.bytes[..b.len()].copy_from_slice(b);
        Some(id)
    }

    /// A random id of full length.
    pub fn random() -> SessionId {
        let mut id = SessionId {
            len: MAX_SESSION_ID as u8,
            bytes: [0; MAX_SESSION_ID],
        };
        fill_random(&mut id.bytes);
        id
    }
}

impl std::ops::Deref for SessionId {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl std::fmt::Debug for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

pub(crate) fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    fill_random(&mut v);
    v
}

fn fill_random(buf: &mut [u8]) {
    use aws_lc_rs::rand::SecureRandom;
    // A failing system RNG leaves zeroes; aws-lc aborts before that in practice.
    let _ = aws_lc_rs::rand::SystemRandom::new().fill(buf);
}

/// The secret state that resumes a session.
pub enum Value {
    /// None (a session made by the application, or one already used up).
    Empty,
    /// A client's TLS 1.3 ticket (single use).
    Tls13(Box<Tls13ClientSessionValue>),
    /// A client's TLS 1.2 session.
    Tls12(Box<Tls12ClientSessionValue>),
    /// A server's session as rustls encodes it.
    Server(Box<[u8]>),
}

impl Value {
    fn is_resumable(&self) -> bool {
        !matches!(self, Value::Empty)
    }
}

/// A session's parameters (what `SSL_SESSION_get_*` read).
#[derive(Clone, Default)]
pub struct Info {
    /// `TLS1_2_VERSION`, `TLS1_3_VERSION`; 0 for an empty session.
    pub version: u16,
    /// The cipher suite's IANA code point.
    pub cipher: u16,
    pub id: SessionId,
    pub sid_ctx: Box<[u8]>,
    /// Creation time, seconds since the epoch.
    pub time: i64,
    pub timeout: i64,
    pub hostname: Option<CString>,
    pub alpn: Option<Box<[u8]>>,
    pub ticket_lifetime_hint: u32,
    pub has_ticket: bool,
    pub peer: Option<X509>,
    pub ticket_appdata: Option<Box<[u8]>>,
    pub max_early_data: u32,
    /// The peer verification result when the session was made (restored on resumption,
    /// as OpenSSL's `SSL_get_verify_result` does).
    pub verify_result: i64,
    /// The TLS 1.2 master secret (from rustls's key log); empty for TLS 1.3.
    pub master_key: Box<[u8]>,
}

/// An `SSL_SESSION`.
pub struct Session {
    pub ex_data: crate::exdata::SessionExData,
    info: Mutex<Info>,
    /// Shared between a session and its copies (`d2i` of its encoding in this process).
    value: Arc<Mutex<Value>>,
    /// Removed from its cache as "bad" (a connection ended without close_notify).
    not_resumable: std::sync::atomic::AtomicBool,
}

impl Session {
    pub fn new(info: Info, value: Value) -> Session {
        Session {
            ex_data: crate::exdata::SessionExData::new(),
            info: Mutex::new(info),
            value: Arc::new(Mutex::new(value)),
            not_resumable: Default::default(),
        }
    }

    /// `SSL_SESSION_new`: an empty session, created now.
    pub fn empty() -> Session {
        Session::new(
            Info {
                time: now(),
                timeout: 304,
                ..Default::default()
            },
            Value::Empty,
        )
    }

    pub fn info(&self) -> MutexGuard<'_, Info> {
        lock(&self.info)
    }

    /// Whether the session can resume a connection (`SSL_SESSION_is_resumable`).
    pub fn is_resumable(&self) -> bool {
        !self
            .not_resumable
            .load(std::sync::atomic::Ordering::Relaxed)
            && lock(&self.value).is_resumable()
    }

    /// Never resume this session again (OpenSSL's `not_resumable`).
    pub fn mark_not_resumable(&self) {
        self.not_resumable
            .store(true, std::sync::atomic::Ordering::Relaxed)
    }

    fn expired(&self, at: i64) -> bool {
        let i = self.info();
        i.time.saturating_add(i.timeout) < at
    }

    /// A copy sharing nothing but the secret state (`SSL_SESSION_dup`).
    pub fn dup(&self) -> Session {
        Session {
            ex_data: crate::exdata::SessionExData::new(),
            info: Mutex::new(self.info().clone()),
            value: self.value.clone(),
            not_resumable: Default::default(),
        }
    }

    fn server_value(&self) -> Option<Vec<u8>> {
        match &*lock(&self.value) {
            Value::Server(v) => Some(v.to_vec()),
            _ => None,
        }
    }

    // ---- encoding (i2d / d2i) ----------------------------------------------------

    /// `i2d_SSL_SESSION`'s bytes.
    pub fn encode(&self) -> Vec<u8> {
        let info = self.info().clone();
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(MAGIC);
        let (kind, value) = {
            let v = lock(&self.value);
            match &*v {
                Value::Empty => (0u8, Vec::new()),
                Value::Server(b) => (1, b.to_vec()),
                Value::Tls13(_) | Value::Tls12(_) => (2, register(&self.value)),
            }
        };
        out.push(kind);
        out.extend_from_slice(&info.version.to_be_bytes());
        out.extend_from_slice(&info.cipher.to_be_bytes());
        out.extend_from_slice(&info.time.to_be_bytes());
        out.extend_from_slice(&info.timeout.to_be_bytes());
        out.extend_from_slice(&info.ticket_lifetime_hint.to_be_bytes());
        out.extend_from_slice(&info.max_early_data.to_be_bytes());
        out.push(u8::from(info.has_ticket));
        out.extend_from_slice(&info.verify_result.to_be_bytes());
        put(&mut out, &info.id);
        put(&mut out, &info.sid_ctx);
        put(
            &mut out,
            info.hostname.as_ref().map_or(&[][..], |h| h.as_bytes()),
        );
        put_opt(&mut out, info.alpn.as_deref());
        put_opt(&mut out, info.ticket_appdata.as_deref());
        put(
            &mut out,
            &info
                .peer
                .as_ref()
                .and_then(|p| p.to_der())
                .unwrap_or_default(),
        );
        put(&mut out, &info.master_key);
        put(&mut out, &value);
        out
    }

    /// `d2i_SSL_SESSION`: a session from `encode`'s bytes and how many it used, or
    /// `None` for bytes that are not one.
    pub fn decode(data: &[u8]) -> Option<(Session, usize)> {
        let mut r = Reader { data, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let kind = r.u8()?;
        let mut info = Info {
            version: u16::from_be_bytes(r.array()?),
            cipher: u16::from_be_bytes(r.array()?),
            time: i64::from_be_bytes(r.array()?),
            timeout: i64::from_be_bytes(r.array()?),
            ticket_lifetime_hint: u32::from_be_bytes(r.array()?),
            max_early_data: u32::from_be_bytes(r.array()?),
            has_ticket: r.u8()? != 0,
            verify_result: i64::from_be_bytes(r.array()?),
            ..Default::default()
        };
        info.id = SessionId::new(r.field()?)?;
        info.sid_ctx = r.field()?.into();
        if info.sid_ctx.len() > MAX_SID_CTX {
            return None;
        }
        let host = r.field()?;
        info.hostname = if host.is_empty() {
            None
        } else {
            Some(CString::new(host).ok()?)
        };
        info.alpn = r.opt_field()?.map(Box::from);
        info.ticket_appdata = r.opt_field()?.map(Box::from);
        let peer = r.field()?;
        if !peer.is_empty() {
            info.peer = Some(X509::from_der(peer)?);
        }
        info.master_key = r.field()?.into();
        let value = r.field()?;
        let value = match kind {
            0 => Arc::new(Mutex::new(Value::Empty)),
            1 => Arc::new(Mutex::new(Value::Server(value.into()))),
            2 => lookup(value).unwrap_or_else(|| Arc::new(Mutex::new(Value::Empty))),
            _ => return None,
        };
        let s = Session {
            ex_data: crate::exdata::SessionExData::new(),
            info: Mutex::new(info),
            value,
            not_resumable: Default::default(),
        };
        Some((s, r.pos))
    }
}

const MAGIC: &[u8] = b"\x30rls-session-3";

fn put(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
}

fn put_opt(out: &mut Vec<u8>, b: Option<&[u8]>) {
    match b {
        None => out.extend_from_slice(&u32::MAX.to_be_bytes()),
        Some(b) => put(out, b),
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn field(&mut self) -> Option<&'a [u8]> {
        let n = u32::from_be_bytes(self.array()?);
        self.take(n as usize)
    }
    fn opt_field(&mut self) -> Option<Option<&'a [u8]>> {
        let n = u32::from_be_bytes(self.array()?);
        if n == u32::MAX {
            return Some(None);
        }
        self.take(n as usize).map(Some)
    }
}

/// Client secret state reachable from encodings made in this process: a random token
/// names it; the registry holds it weakly, so it lives as long as some session does.
type Registry = HashMap<Vec<u8>, Weak<Mutex<Value>>>;
static REGISTRY: Lazy<Mutex<Registry>> = Lazy::new(|| Mutex::new(HashMap::new()));

fn register(v: &Arc<Mutex<Value>>) -> Vec<u8> {
    let mut reg = lock(&REGISTRY);
    reg.retain(|_, w| w.strong_count() > 0);
    if let Some((k, _)) = reg
        .iter()
        .find(|(_, w)| Weak::ptr_eq(w, &Arc::downgrade(v)))
    {
        return k.clone();
    }
    let token = random_bytes(16);
    reg.insert(token.clone(), Arc::downgrade(v));
    token
}

fn lookup(token: &[u8]) -> Option<Arc<Mutex<Value>>> {
    lock(&REGISTRY).get(token).and_then(Weak::upgrade)
}

// ---- callbacks ----------------------------------------------------------------------

pub type NewCb = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
pub type RemoveCb = unsafe extern "C" fn(*mut c_void, *mut c_void);
pub type GetCb =
    unsafe extern "C" fn(*mut c_void, *const c_uchar, c_int, *mut c_int) -> *mut c_void;
/// `SSL_CTX_set_tlsext_ticket_key_cb` (HMAC_CTX) and `..._evp_cb` (EVP_MAC_CTX): the
/// same shape, told apart by [`TicketKeyCb`].
pub type TicketKeyFn = unsafe extern "C" fn(
    *mut c_void,
    *mut c_uchar,
    *mut c_uchar,
    *mut c_void,
    *mut c_void,
    c_int,
) -> c_int;
pub type KeylogCb = unsafe extern "C" fn(*const c_void, *const libc::c_char);
pub type TicketGenCb = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
pub type TicketDecCb = unsafe extern "C" fn(
    *mut c_void,
    *mut c_void,
    *const c_uchar,
    usize,
    c_int,
    *mut c_void,
) -> c_int;

#[derive(Clone, Copy)]
pub enum TicketKeyCb {
    Legacy(TicketKeyFn),
    Evp(TicketKeyFn),
}

/// The session side of an `SSL_CTX`.
pub struct SessionCtx {
    pub mode: i64,
    pub cache_size: i64,
    pub timeout: i64,
    cache: HashMap<SessionId, Arc<Session>>,
    order: VecDeque<SessionId>,
    pub new_cb: Option<NewCb>,
    pub remove_cb: Option<RemoveCb>,
    pub get_cb: Option<GetCb>,
    pub ticket_key_cb: Option<TicketKeyCb>,
    /// `SSL_CTX_set_tlsext_ticket_keys`: name (16), HMAC key (32), AES key (32).
    pub ticket_keys: Option<[u8; 80]>,
    pub ticket_gen_cb: Option<TicketGenCb>,
    pub ticket_dec_cb: Option<TicketDecCb>,
    pub ticket_cb_arg: usize,
    pub keylog_cb: Option<KeylogCb>,
    /// Keys for the context's own tickets (when the application gives none).
    own_ticketer: Option<Arc<dyn ProducesTickets>>,
    pub stats: Stats,
}

/// `SSL_CTX_sess_*` counters.
#[derive(Clone, Copy, Default, Debug)]
pub struct Stats {
    pub connect: i64,
    pub connect_good: i64,
    pub accept: i64,
    pub accept_good: i64,
    pub hits: i64,
    pub cb_hits: i64,
    pub misses: i64,
    pub timeouts: i64,
    pub cache_full: i64,
}

impl Default for SessionCtx {
    fn default() -> Self {
        SessionCtx {
            mode: CACHE_SERVER,
            cache_size: CACHE_SIZE_DEFAULT,
            timeout: TIMEOUT_DEFAULT,
            cache: HashMap::new(),
            order: VecDeque::new(),
            new_cb: None,
            remove_cb: None,
            get_cb: None,
            ticket_key_cb: None,
            ticket_keys: None,
            ticket_gen_cb: None,
            ticket_dec_cb: None,
            ticket_cb_arg: 0,
            keylog_cb: None,
            own_ticketer: None,
            stats: Stats::default(),
        }
    }
}

impl SessionCtx {
    /// `SSL_CTX_add_session`: 1 if added, 0 if it was there already (or has no id).
    /// Returns what was evicted, for the remove callback.
    pub fn add(&mut self, s: &Arc<Session>) -> (bool, Vec<Arc<Session>>) {
        let id = s.info().id;
        if id.is_empty() {
            return (false, Vec::new());
        }
        let mut evicted = Vec::new();
        if let Some(old) = self.cache.insert(id, s.clone()) {
            if Arc::ptr_eq(&old, s) {
                return (false, evicted);
            }
            self.order.retain(|k| k != &id);
            evicted.push(old);
        }
        self.order.push_back(id);
        if self.cache_size > 0 {
            while self.cache.len() as i64 > self.cache_size {
                let Some(k) = self.order.pop_front() else {
                    break;
                };
                if let Some(old) = self.cache.remove(&k) {
                    self.stats.cache_full += 1;
                    evicted.push(old);
                }
            }
        }
        (true, evicted)
    }

    /// Whether a session with this id is cached (`SSL_has_matching_session_id`).
    pub fn has_id(&self, id: &[u8]) -> bool {
        SessionId::new(id).is_some_and(|k| self.cache.contains_key(&k))
    }

    /// `SSL_CTX_remove_session`: the session if it was cached.
    pub fn remove(&mut self, s: &Session) -> Option<Arc<Session>> {
        let id = s.info().id;
        match self.cache.get(&id) {
            Some(c) if std::ptr::eq(Arc::as_ptr(c), s) => {
                self.order.retain(|k| k != &id);
                self.cache.remove(&id)
            }
            _ => None,
        }
    }

    pub fn number(&self) -> usize {
        self.cache.len()
    }

    /// `SSL_CTX_flush_sessions`: drop sessions expired at `at`.
    pub fn flush(&mut self, at: i64) -> Vec<Arc<Session>> {
        let dead: Vec<SessionId> = self
            .cache
            .iter()
            .filter(|(_, s)| s.expired(at))
            .map(|(k, _)| *k)
            .collect();
        self.order.retain(|k| !dead.contains(k));
        dead.iter().filter_map(|k| self.cache.remove(k)).collect()
    }

    fn own_ticketer(&mut self) -> Option<Arc<dyn ProducesTickets>> {
        if self.own_ticketer.is_none() {
            self.own_ticketer = rustls::crypto::aws_lc_rs::Ticketer::new().ok();
        }
        self.own_ticketer.clone()
    }
}

/// Run the remove callback for sessions leaving a context's cache.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub fn removed(ctx_ptr: *mut c_void, cb: Option<RemoveCb>, gone: Vec<Arc<Session>>) {
    for s in gone {
        if let Some(cb) = cb {
            let p = crate::entry::session_ptr(&s);
            // SAFETY: the application's callback with its context and a session that
            // stays alive for the call (we hold `s`).
            unsafe { cb(ctx_ptr, p) };
        }
    }
}

// ---- per-connection state -------------------------------------------------------------

/// A connection's sessions.
#[derive(Default)]
pub struct ConnSessions {
    /// `SSL_get_session`.
    pub current: Option<Arc<Session>>,
    /// `SSL_set_session`: what a client offers to resume.
    pub offered: Option<Arc<Session>>,
    /// Sessions rustls made during the last step, waiting for their parameters and the
    /// new-session callback.
    pub pending: Vec<Pending>,
    /// The client random, as the key log saw it.
    pub client_random: Option<[u8; 32]>,
    /// The TLS 1.2 master secret, as the key log saw it (`CLIENT_RANDOM`).
    master_secret: Box<[u8]>,
    /// A server resumed from the cache or the get callback.
    pub resumed: Option<Arc<Session>>,
    /// The ticket application data a server received (`SSL_SESSION_get0_ticket_appdata`).
    pub received_appdata: Option<Box<[u8]>>,
    /// `SSL_session_reused`.
    pub reused: bool,
    /// The signature scheme of the peer's verified handshake signature, 0 before one
    /// (a plain u16: it fits this struct's padding, so no connection grows for it).
    pub peer_sig: u16,
    /// A server will negotiate TLS 1.3 (known once the ClientHello is read).
    tls13: bool,
    /// Tickets this connection may still issue after resuming with the application's
    /// ticket key callback (0 when it did not ask to renew, 1 when it did); `None`: no
    /// limit.
    ticket_budget: Option<u8>,
    /// A session was made during the current handshake.
    fresh: bool,
}

impl ConnSessions {
    /// One more ticket may be issued (and is counted), or the budget is spent: after a
    /// resumption OpenSSL issues at most one TLS 1.3 ticket, and none when the
    /// application's key callback did not ask to renew.
    fn take_ticket(&mut self) -> bool {
        match self.ticket_budget {
            Some(0) => false,
            Some(n) => {
                self.ticket_budget = Some(n - 1);
                true
            }
            None => true,
        }
    }
}

/// A handshake starts: forget what the last one found.
pub fn handshake_started(shared: &SslShared) {
    let mut cs = conn_state(shared);
    cs.pending.clear();
    cs.client_random = None;
    cs.master_secret = Box::default();
    cs.resumed = None;
    cs.received_appdata = None;
    cs.reused = false;
    cs.fresh = false;
    cs.ticket_budget = None;
    let server = shared.is_server();
    drop(cs);
    let ctx = shared.state().orig_ctx.clone();
    let mut sc = ctx.sessions();
    if server {
        sc.stats.accept += 1;
    } else {
        sc.stats.connect += 1;
    }
}

/// A server is resuming (rustls accepted the offered session): OpenSSL issues at most
/// one TLS 1.3 ticket after a resumption, whatever `SSL_CTX_set_num_tickets` says.
pub fn server_resuming(shared: &SslShared) {
    let mut cs = conn_state(shared);
    cs.ticket_budget = Some(cs.ticket_budget.map_or(1, |n| n.min(1)));
}

/// A server has read the ClientHello and knows the protocol it will speak. A TLS 1.2
/// ClientHello with an empty session ticket extension is announced to the decrypt
/// callback (`SSL_TICKET_EMPTY`, no session), as OpenSSL does.
pub fn server_hello_seen(shared: &SslShared, tls13: bool, empty_ticket: bool) {
    conn_state(shared).tls13 = tls13;
    if tls13 {
        return;
    }
    let ctx = shared.state().orig_ctx.clone();
    let (dec, arg) = {
        let sc = ctx.sessions();
        (sc.ticket_dec_cb, sc.ticket_cb_arg)
    };
    let Some(dec) = dec else {
        return;
    };
    if shared.state().settings.options & crate::consts::SSL_OP_NO_TICKET != 0 {
        return;
    }
    if empty_ticket {
        // SAFETY: the application's callback with our SSL*, no session and no key name.
        unsafe {
            dec(
                shared.ssl_ptr(),
                std::ptr::null_mut(),
                std::ptr::null(),
                0,
                TICKET_EMPTY,
                arg as *mut c_void,
            )
        };
    }
}

/// A server has read the ClientHello: its connection gets a session now, so callbacks
/// during the handshake (`SSL_get_session`) see one.
pub fn server_session_started(shared: &Arc<SslShared>) {
    let s = Arc::new(connection_session(shared, None));
    crate::entry::session_init(&s);
    conn_state(shared).current = Some(s);
}

/// A session describing the connection (not resumable on its own).
fn connection_session(shared: &SslShared, facts: Option<&ConnFacts>) -> Session {
    let (ctx, sid_ctx, sni) = {
        let st = shared.state();
        (
            st.orig_ctx.clone(),
            st.settings.sid_ctx.clone(),
            st.settings.sni.clone(),
        )
    };
    let server = shared.is_server();
    // (One lock at a time: two guards in one expression would deadlock.)
    let (master_key, ticket_appdata) = {
        let cs = conn_state(shared);
        (cs.master_secret.clone(), cs.received_appdata.clone())
    };
    let info = Info {
        version: facts.map_or(0, |f| f.version),
        cipher: facts.map_or(0, |f| f.cipher),
        id: SessionId::random(),
        sid_ctx: sid_ctx.into(),
        time: now(),
        timeout: ctx.sessions().timeout,
        // OpenSSL records the SNI in a server's session only.
        hostname: if server {
            shared.received_servername()
        } else {
            let _ = sni;
            None
        },
        alpn: facts.and_then(|f| f.alpn.as_deref().map(Box::from)),
        peer: shared.peer_certificate(),
        verify_result: shared.verify_result(),
        master_key,
        ticket_appdata,
        ..Default::default()
    };
    Session::new(info, Value::Empty)
}

/// The handshake completed: record whether it resumed, and settle the connection's
/// session (the resumed one, one made during the handshake, or one describing it).
pub fn handshake_finished(shared: &Arc<SslShared>, facts: &ConnFacts) {
    let server = shared.is_server();
    {
        let ctx = shared.state().orig_ctx.clone();
        let mut sc = ctx.sessions();
        if server {
            sc.stats.accept_good += 1;
        } else {
            sc.stats.connect_good += 1;
        }
    }
    let mut cs = conn_state(shared);
    cs.reused = facts.resumed;
    if facts.resumed {
        let s = if server {
            cs.resumed.clone()
        } else {
            cs.offered.clone()
        };
        if let Some(s) = s {
            cs.current = Some(s);
            return;
        }
    }
    if cs.fresh {
        return;
    }
    drop(cs);
    let s = Arc::new(connection_session(shared, Some(facts)));
    crate::entry::session_init(&s);
    conn_state(shared).current = Some(s);
}

pub enum Pending {
    /// A client's new session.
    Client(Value, u32),
    /// A server stored a session under this id (session id or stateful ticket).
    Server(Vec<u8>, Vec<u8>),
    /// A server issued a stateless ticket.
    Ticket,
}

fn conn_state(shared: &SslShared) -> MutexGuard<'_, ConnSessions> {
    lock(&shared.sessions)
}

/// The current connection of this thread, if rustls works for one.
fn current() -> Option<Arc<SslShared>> {
    crate::certs::current()
}

// ---- client side ------------------------------------------------------------------------

/// rustls's client session store: takes what `SSL_set_session` offered and reports new
/// sessions to the connection.
#[derive(Debug)]
pub struct ClientStore;

pub static CLIENT_STORE: Lazy<Arc<ClientStore>> = Lazy::new(|| Arc::new(ClientStore));

impl ClientStore {
    fn offered_value<R>(&self, f: impl FnOnce(&mut Value) -> Option<R>) -> Option<R> {
        let shared = current()?;
        let offered = conn_state(&shared).offered.clone()?;
        if offered.expired(now()) || !offered.is_resumable() {
            return None;
        }
        let mut v = lock(&offered.value);
        f(&mut v)
    }
}

impl ClientSessionStore for ClientStore {
    fn set_kx_hint(&self, _: ServerName<'static>, _: NamedGroup) {}

    fn kx_hint(&self, _: &ServerName<'_>) -> Option<NamedGroup> {
        None
    }

    fn set_tls12_session(&self, _: ServerName<'static>, value: Tls12ClientSessionValue) {
        if let Some(shared) = current() {
            conn_state(&shared)
                .pending
                .push(Pending::Client(Value::Tls12(Box::new(value)), 0));
        }
    }

    fn tls12_session(&self, _: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        self.offered_value(|v| match v {
            Value::Tls12(t) => Some((**t).clone()),
            _ => None,
        })
    }

    fn remove_tls12_session(&self, _: &ServerName<'static>) {}

    fn insert_tls13_ticket(&self, _: ServerName<'static>, value: Tls13ClientSessionValue) {
        if let Some(shared) = current() {
            let hint = value.max_early_data_size();
            conn_state(&shared)
                .pending
                .push(Pending::Client(Value::Tls13(Box::new(value)), hint));
        }
    }

    fn take_tls13_ticket(&self, _: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
        self.offered_value(|v| match std::mem::replace(v, Value::Empty) {
            Value::Tls13(t) => Some(*t),
            other => {
                *v = other;
                None
            }
        })
    }
}

// ---- server side ------------------------------------------------------------------------

/// rustls's server session storage: the connection's context's cache and callbacks.
#[derive(Debug)]
pub struct ServerStore;

pub static SERVER_STORE: Lazy<Arc<ServerStore>> = Lazy::new(|| Arc::new(ServerStore));

impl ServerStore {
    fn find(&self, key: &[u8], take: bool) -> Option<Vec<u8>> {
        let shared = current()?;
        let ctx = shared.state().orig_ctx.clone();
        let sid_ctx = shared.state().settings.sid_ctx.clone();
        let at = now();
        let (found, remove_cb) = {
            let mut sc = ctx.sessions();
            let mut found = None;
            let internal = sc.mode & CACHE_NO_INTERNAL_LOOKUP == 0;
            // (A key longer than a session id is in no cache.)
            if let Some(id) = SessionId::new(key).filter(|_| internal) {
                if let Some(s) = sc.cache.get(&id).cloned() {
                    if s.expired(at) {
                        sc.stats.timeouts += 1;
                        let gone = sc.remove(&s);
                        drop(sc);
                        removed(
                            ctx_ptr(&ctx),
                            ctx.sessions().remove_cb,
                            gone.into_iter().collect(),
                        );
                        sc = ctx.sessions();
                    } else {
                        sc.stats.hits += 1;
                        found = Some(s);
                    }
                }
            }
            (found, sc.remove_cb)
        };
        let found = match found {
            Some(s) => Some(s),
            None => {
                let cb = ctx.sessions().get_cb;
                let s = cb.and_then(|cb| get_from_callback(&shared, cb, key));
                let mut sc = ctx.sessions();
                match &s {
                    Some(s) if s.expired(at) => {
                        sc.stats.timeouts += 1;
                        None
                    }
                    Some(s) => {
                        sc.stats.cb_hits += 1;
                        if sc.mode & CACHE_NO_INTERNAL_STORE == 0 {
                            let (_, gone) = sc.add(s);
                            drop(sc);
                            removed(ctx_ptr(&ctx), remove_cb, gone);
                        }
                        s.clone().into()
                    }
                    None => {
                        sc.stats.misses += 1;
                        None
                    }
                }
            }
        }?;
        // A session made for another application context does not resume here.
        if *found.info().sid_ctx != *sid_ctx || !found.is_resumable() {
            return None;
        }
        let value = found.server_value()?;
        if take {
            let gone = ctx.sessions().remove(&found);
            removed(ctx_ptr(&ctx), remove_cb, gone.into_iter().collect());
        }
        conn_state(&shared).resumed = Some(found);
        Some(value)
    }
}

fn ctx_ptr(ctx: &Arc<crate::ctx::Context>) -> *mut c_void {
    Arc::as_ptr(ctx) as *mut c_void
}

fn get_from_callback(shared: &SslShared, cb: GetCb, key: &[u8]) -> Option<Arc<Session>> {
    let mut copy: c_int = 1;
    // SAFETY: the application's callback with our SSL* and the id, which outlives the
    // call; it returns a session pointer it got from us, or NULL.
    let p = unsafe {
        cb(
            shared.ssl_ptr(),
            key.as_ptr(),
            key.len() as c_int,
            &mut copy,
        )
    };
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` is an SSL_SESSION* of ours. With `copy` set the application keeps its
    // reference and we take one of our own; otherwise its reference passes to us.
    unsafe { crate::entry::session_from_callback(p, copy != 0) }
}

impl StoresServerSessions for ServerStore {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        let Some(shared) = current() else {
            return false;
        };
        let mut cs = conn_state(&shared);
        // A TLS 1.3 stateful ticket counts against the budget (not a TLS 1.2 session id).
        if cs.tls13 && !cs.take_ticket() {
            return false;
        }
        cs.pending.push(Pending::Server(key, value));
        true
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.find(key, false)
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.find(key, true)
    }

    fn can_cache(&self) -> bool {
        current().is_some_and(|s| {
            let ctx = s.state().orig_ctx.clone();
            let mode = ctx.sessions().mode;
            mode & CACHE_SERVER != 0
        })
    }
}

/// rustls's ticket producer: the application's ticket key callback or keys, or the
/// context's own keys, with the stunnel-style ticket application data in front of
/// rustls's plaintext.
#[derive(Debug)]
pub struct Tickets;

pub static TICKETS: Lazy<Arc<Tickets>> = Lazy::new(|| Arc::new(Tickets));

/// `SSL_TICKET_*` statuses and returns.
const TICKET_EMPTY: c_int = 3;
const TICKET_NO_DECRYPT: c_int = 4;
const TICKET_SUCCESS: c_int = 5;
const TICKET_SUCCESS_RENEW: c_int = 6;
const TICKET_RETURN_ABORT: c_int = 0;
const TICKET_RETURN_IGNORE: c_int = 1;
const TICKET_RETURN_IGNORE_RENEW: c_int = 2;

impl ProducesTickets for Tickets {
    fn enabled(&self) -> bool {
        current().is_some_and(|s| s.state().settings.options & crate::consts::SSL_OP_NO_TICKET == 0)
    }

    fn lifetime(&self) -> u32 {
        current()
            .map(|s| {
                s.state()
                    .orig_ctx
                    .sessions()
                    .timeout
                    .clamp(0, u32::MAX as i64) as u32
            })
            .unwrap_or(TIMEOUT_DEFAULT as u32)
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let shared = current()?;
        if !conn_state(&shared).take_ticket() {
            return None;
        }
        let ctx = shared.state().orig_ctx.clone();
        let (gen, arg) = {
            let sc = ctx.sessions();
            (sc.ticket_gen_cb, sc.ticket_cb_arg)
        };
        if let Some(gen) = gen {
            // SAFETY: the application's callback with our SSL* and its argument.
            if unsafe { gen(shared.ssl_ptr(), arg as *mut c_void) } == 0 {
                return None;
            }
        }
        let mut inner = Vec::with_capacity(plain.len() + 48);
        // The application's data for the ticket, written from where it lies (no copy).
        match conn_state(&shared).current.as_ref() {
            Some(s) => put_opt(&mut inner, s.info().ticket_appdata.as_deref()),
            None => put_opt(&mut inner, None),
        }
        // The session id context the ticket was made under: it resumes only there.
        put(&mut inner, &shared.state().settings.sid_ctx);
        inner.extend_from_slice(plain);
        let ticket = seal(&shared, &ctx, &inner)?;
        conn_state(&shared).pending.push(Pending::Ticket);
        Some(ticket)
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        let shared = current()?;
        let ctx = shared.state().orig_ctx.clone();
        let Some((inner, renew)) = open(&shared, &ctx, cipher) else {
            // As OpenSSL: the decrypt callback hears of a ticket it cannot use (no
            // session); whatever it answers, the handshake is a full one.
            let (dec, arg) = {
                let sc = ctx.sessions();
                (sc.ticket_dec_cb, sc.ticket_cb_arg)
            };
            if let Some(dec) = dec {
                let name = cipher.get(..16).unwrap_or(cipher);
                // SAFETY: the application's callback with our SSL*, no session, the key
                // name bytes and its argument.
                unsafe {
                    dec(
                        shared.ssl_ptr(),
                        std::ptr::null_mut(),
                        name.as_ptr(),
                        name.len(),
                        TICKET_NO_DECRYPT,
                        arg as *mut c_void,
                    )
                };
            }
            return None;
        };
        let callback_renew = renew;
        // OpenSSL renews TLS 1.3 tickets it decrypted with its own keys (a resumed
        // TLS 1.3 handshake issues new ones).
        let renew = renew.unwrap_or_else(|| conn_state(&shared).tls13);
        let mut r = Reader {
            data: &inner,
            pos: 0,
        };
        let appdata = r.opt_field()?.map(<[u8]>::to_vec);
        let sid_ctx = r.field()?;
        if sid_ctx != shared.state().settings.sid_ctx.as_slice() {
            return None;
        }
        let plain = inner[r.pos..].to_vec();
        let (dec, arg) = {
            let sc = ctx.sessions();
            (sc.ticket_dec_cb, sc.ticket_cb_arg)
        };
        if let Some(dec) = dec {
            let s = Arc::new(Session::new(
                Info {
                    ticket_appdata: appdata.as_deref().map(Box::from),
                    time: now(),
                    ..Default::default()
                },
                Value::Empty,
            ));
            crate::entry::session_init(&s);
            let p = crate::entry::session_ptr(&s);
            let status = if renew {
                TICKET_SUCCESS_RENEW
            } else {
                TICKET_SUCCESS
            };
            let name = cipher.get(..16).unwrap_or(cipher);
            // SAFETY: the application's callback with our SSL*, a session alive for the
            // call, the key name bytes and its argument.
            let ret = unsafe {
                dec(
                    shared.ssl_ptr(),
                    p,
                    name.as_ptr(),
                    name.len(),
                    status,
                    arg as *mut c_void,
                )
            };
            if matches!(
                ret,
                TICKET_RETURN_ABORT | TICKET_RETURN_IGNORE | TICKET_RETURN_IGNORE_RENEW
            ) {
                return None;
            }
        }
        let mut cs = conn_state(&shared);
        cs.received_appdata = appdata.map(Vec::into_boxed_slice);
        if let Some(r) = callback_renew {
            cs.ticket_budget = Some(u8::from(r));
        }
        Some(plain)
    }
}

/// Encrypt a ticket with the application's keys or callback, or the context's own keys.
fn seal(shared: &SslShared, ctx: &Arc<crate::ctx::Context>, inner: &[u8]) -> Option<Vec<u8>> {
    let (cb, keys) = {
        let sc = ctx.sessions();
        (sc.ticket_key_cb, sc.ticket_keys)
    };
    if let Some(cb) = cb {
        return crate::tickets::seal_with_callback(shared.ssl_ptr(), cb, inner);
    }
    if let Some(keys) = keys {
        return crate::tickets::seal_with_keys(&keys, inner);
    }
    let t = ctx.sessions().own_ticketer()?;
    t.encrypt(inner)
}

/// Decrypt a ticket; with the application's callback, also whether it asked for a
/// fresh one.
fn open(
    shared: &SslShared,
    ctx: &Arc<crate::ctx::Context>,
    cipher: &[u8],
) -> Option<(Vec<u8>, Option<bool>)> {
    let (cb, keys) = {
        let sc = ctx.sessions();
        (sc.ticket_key_cb, sc.ticket_keys)
    };
    if let Some(cb) = cb {
        return crate::tickets::open_with_callback(shared.ssl_ptr(), cb, cipher)
            .map(|(p, r)| (p, Some(r)));
    }
    if let Some(keys) = keys {
        return crate::tickets::open_with_keys(&keys, cipher).map(|p| (p, None));
    }
    let t = ctx.sessions().own_ticketer()?;
    t.decrypt(cipher).map(|p| (p, None))
}

// ---- the key log ------------------------------------------------------------------------

/// rustls's key log: the context's keylog callback, `SSLKEYLOGFILE`, and the client
/// random for `SSL_get_client_random`.
#[derive(Debug)]
pub struct KeyLogger;

pub static KEY_LOGGER: Lazy<Arc<KeyLogger>> = Lazy::new(|| Arc::new(KeyLogger));

static KEYLOG_FILE: Lazy<Option<Mutex<std::fs::File>>> = Lazy::new(|| {
    let path = std::env::var_os("SSLKEYLOGFILE")?;
    if path.is_empty() {
        return None;
    }
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .ok()
        .map(Mutex::new)
});

fn hex(out: &mut String, b: &[u8]) {
    use std::fmt::Write;
    for x in b {
        let _ = write!(out, "{x:02x}");
    }
}

impl rustls::KeyLog for KeyLogger {
    fn will_log(&self, _label: &str) -> bool {
        true
    }

    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let Some(shared) = current() else {
            return;
        };
        {
            let mut cs = conn_state(&shared);
            if let Ok(r) = <[u8; 32]>::try_from(client_random) {
                cs.client_random = Some(r);
            }
            if label == "CLIENT_RANDOM" {
                cs.master_secret = secret.into();
            }
        }
        let cb = shared.state().ctx.sessions().keylog_cb;
        let file = KEYLOG_FILE.as_ref();
        if cb.is_none() && file.is_none() {
            return;
        }
        let mut line = String::with_capacity(label.len() + 2 + 64 + 2 * secret.len());
        line.push_str(label);
        line.push(' ');
        hex(&mut line, client_random);
        line.push(' ');
        hex(&mut line, secret);
        if let Some(f) = file {
            use std::io::Write;
            // One write per line: other writers of the file (the application's own key
            // log, say) append whole lines too.
            let mut whole = Vec::with_capacity(line.len() + 1);
            whole.extend_from_slice(line.as_bytes());
            whole.push(b'\n');
            let _ = lock(f).write_all(&whole);
        }
        if let (Some(cb), Ok(c)) = (cb, CString::new(line)) {
            // SAFETY: the application's callback with our SSL* and a line that outlives
            // the call.
            unsafe { cb(shared.ssl_ptr(), c.as_ptr()) };
        }
    }
}

// ---- after each rustls step ---------------------------------------------------------

/// What the connection knows about itself when rustls has finished a step.
pub struct ConnFacts {
    pub version: u16,
    pub cipher: u16,
    pub alpn: Option<Vec<u8>>,
    pub resumed: bool,
}

/// Give the sessions rustls made in the last step their parameters, cache them, make
/// the newest the connection's current session and run the new-session callback.
pub fn finish_new_sessions(shared: &Arc<SslShared>, facts: &ConnFacts) {
    let mut pending = std::mem::take(&mut conn_state(shared).pending);
    if pending.is_empty() {
        return;
    }
    // A TLS 1.2 server that issues a ticket keeps no session of its own (rustls also
    // stores one under the session id; OpenSSL neither caches nor announces it).
    if facts.version == crate::consts::TLS1_2_VERSION as u16
        && pending.iter().any(|p| matches!(p, Pending::Ticket))
    {
        pending.retain(|p| !matches!(p, Pending::Server(..)));
    }
    let server = shared.is_server();
    let (ctx, sid_ctx, sni) = {
        let st = shared.state();
        (
            st.orig_ctx.clone(),
            st.settings.sid_ctx.clone(),
            st.settings.sni.clone(),
        )
    };
    let peer = shared.peer_certificate();
    let timeout = ctx.sessions().timeout;
    let master_key = conn_state(shared).master_secret.clone();
    for p in pending {
        let stateless_tls12 =
            matches!(p, Pending::Ticket) && facts.version == crate::consts::TLS1_2_VERSION as u16;
        let mut info = Info {
            version: facts.version,
            cipher: facts.cipher,
            sid_ctx: sid_ctx.as_slice().into(),
            time: now(),
            timeout,
            alpn: facts.alpn.as_deref().map(Box::from),
            peer: peer.clone(),
            verify_result: shared.verify_result(),
            master_key: master_key.clone(),
            ..Default::default()
        };
        let value = match p {
            Pending::Client(v, max_early) => {
                // OpenSSL records no host name in a client's session.
                let _ = &sni;
                info.has_ticket = matches!(v, Value::Tls13(_));
                info.max_early_data = max_early;
                // rustls keeps the server's session id to itself; like OpenSSL's TLS 1.3
                // client sessions, ours get a random one.
                info.id = SessionId::random();
                if let Value::Tls13(_) = v {
                    info.ticket_lifetime_hint = timeout.clamp(0, u32::MAX as i64) as u32;
                }
                v
            }
            Pending::Server(id, bytes) => {
                info.hostname = shared.received_servername();
                // (rustls's session ids and ticket keys are 32 bytes.)
                info.id = SessionId::new(&id).unwrap_or_default();
                Value::Server(bytes.into_boxed_slice())
            }
            Pending::Ticket => {
                info.hostname = shared.received_servername();
                info.has_ticket = true;
                info.id = SessionId::random();
                info.ticket_appdata = conn_state(shared)
                    .current
                    .as_ref()
                    .and_then(|s| s.info().ticket_appdata.clone());
                Value::Empty
            }
        };
        let s = Arc::new(Session::new(info, value));
        crate::entry::session_init(&s);
        {
            let mut cs = conn_state(shared);
            cs.current = Some(s.clone());
            cs.fresh = true;
        }
        // A TLS 1.2 server's stateless ticket makes no cache entry (no callback either).
        if stateless_tls12 {
            continue;
        }
        // OpenSSL's cache update: a resumed TLS 1.2 handshake adds nothing and calls no
        // new-session callback (the connection still holds the renewed session).
        if facts.resumed && facts.version != crate::consts::TLS1_3_VERSION as u16 {
            continue;
        }
        let mode_bit = if server { CACHE_SERVER } else { CACHE_CLIENT };
        let (mode, new_cb, remove_cb) = {
            let sc = ctx.sessions();
            (sc.mode, sc.new_cb, sc.remove_cb)
        };
        if mode & mode_bit == 0 {
            continue;
        }
        if mode & CACHE_NO_INTERNAL_STORE == 0 && s.is_resumable() {
            let (_, gone) = ctx.sessions().add(&s);
            removed(ctx_ptr(&ctx), remove_cb, gone);
        }
        if let Some(cb) = new_cb {
            crate::entry::call_new_session_cb(shared.ssl_ptr(), cb, &s);
        }
    }
}

/// `SSL_clear`: the next connection on this `SSL` starts with the session state of a new
/// one, except that the session is kept (a client offers it again, as OpenSSL's
/// `SSL_clear` keeps `s->session`) unless `connection_ended` found it bad.
pub fn connection_cleared(shared: &SslShared, client: bool) {
    let mut cs = conn_state(shared);
    let kept = cs.current.take().filter(|s| s.is_resumable());
    *cs = ConnSessions::default();
    if client {
        cs.offered = kept.clone();
    }
    cs.current = kept;
}

/// A connection is freed: if its handshake completed and it did not send close_notify,
/// its session is "bad": removed from its context's cache and never resumed again, as
/// OpenSSL does (`SSL_free` without `SSL_shutdown`).
pub fn connection_ended(shared: &SslShared, established: bool, sent_shutdown: bool) {
    if !established || sent_shutdown {
        return;
    }
    let Some(s) = conn_state(shared).current.clone() else {
        return;
    };
    s.mark_not_resumable();
    let ctx = shared.state().orig_ctx.clone();
    let (gone, cb) = {
        let mut sc = ctx.sessions();
        (sc.remove(&s), sc.remove_cb)
    };
    removed(ctx_ptr(&ctx), cb, gone.into_iter().collect());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ids_longer_than_32_bytes_are_refused() {
        assert_eq!(SessionId::new(&[7; 32]).as_deref(), Some(&[7u8; 32][..]));
        assert!(SessionId::new(&[7; 33]).is_none());
        assert_eq!(SessionId::random().len(), MAX_SESSION_ID);
    }

    /// An encoding whose id field holds `id`.
    fn encoding_with_id(id: &[u8]) -> Vec<u8> {
        let enc = Session::empty().encode();
        // The id field follows the magic, the kind and 37 bytes of fixed fields; an
        // empty session's is the 4-byte length 0.
        let at = MAGIC.len() + 1 + 37;
        assert_eq!(enc[at..at + 4], [0, 0, 0, 0]);
        let mut out = enc[..at].to_vec();
        put(&mut out, id);
        out.extend_from_slice(&enc[at + 4..]);
        out
    }

    #[test]
    fn decoding_refuses_an_id_longer_than_32_bytes() {
        let (s, _) = Session::decode(&encoding_with_id(&[1; 32])).expect("32-byte id");
        assert_eq!(&*s.info().id, &[1u8; 32][..]);
        assert!(Session::decode(&encoding_with_id(&[1; 33])).is_none());
    }
}
