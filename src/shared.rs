//! The part of a connection its callbacks may see while the connection is busy.
//!
//! A connection (`Conn`) is locked for the whole of an I/O call; application callbacks
//! run inside such calls (libcrypto's verify callback, the application's BIO). What
//! they may ask about the connection (its settings, context, verification result, peer
//! certificates) lives here, behind locks of its own that are never held while
//! application code runs, so callbacks can read and change it.

use crate::certs::{Identity, X509};
use crate::ctx::{Context, Settings};
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// Settings and objects of one `SSL`.
pub struct SslState {
    /// The context's settings until either side changes them (copy on write).
    pub settings: Arc<Settings>,
    /// The context's certificate and key until either side changes them (copy on write).
    pub identity: Arc<Identity>,
    /// The context: the one the connection was made from, until `SSL_set_SSL_CTX`.
    pub ctx: Arc<Context>,
    /// The context the connection was made from.
    pub orig_ctx: Arc<Context>,
    /// CA lists of src/misc.rs.
    pub misc: crate::misc::SslMiscBox,
    /// Where `SSL_read_early_data` is.
    pub early: crate::misc::EarlyState,
}

pub struct SslShared {
    state: Mutex<SslState>,
    /// Verification parameters (`SSL_get0_param`), inherited from the context's.
    pub param: crate::certs::SslParam,
    /// Application data (`SSL_set_ex_data`).
    pub ex_data: crate::exdata::SslExData,
    /// `SSL_get_ciphers`.
    pub cipher_stack: crate::certs::CipherStackCache,
    verify_result: AtomicI64,
    /// The peer's certificates.
    peer: Mutex<PeerCerts>,
    /// Whether the peer's certificate was accepted (verified, or not required to be):
    /// only then is it "the peer certificate", as in OpenSSL.
    peer_accepted: AtomicBool,
    /// `SSL_is_server`.
    server: AtomicBool,
    /// The `SSL*` C holds for this connection (callbacks receive it).
    ssl_ptr: AtomicUsize,
    /// The connection's sessions (see `session`).
    pub sessions: Mutex<crate::session::ConnSessions>,
    /// `SSL_set_info_callback`.
    /// (The function's address; 0: none.)
    info_cb: AtomicUsize,
    /// What a server read from the ClientHello (none on a client).
    hello: Mutex<Option<Box<HelloSeen>>>,
    /// The read and write BIOs as of the end of the last call on the connection
    /// (`SSL_get_rbio`/`SSL_get_wbio` work from inside callbacks).
    bios: (AtomicUsize, AtomicUsize),
    /// The handshake state as of the end of the last call (or just before a callback
    /// runs): `SSL_get_state` from inside callbacks.
    hs_state: std::sync::atomic::AtomicU64,
    /// What read-only getters answer from inside the connection's own callbacks.
    snapshot: Mutex<Snapshot>,
}

/// The certificates the peer presented and what verification made of them.
#[derive(Default)]
struct PeerCerts {
    /// The chain as presented, leaf first.
    chain: Vec<X509>,
    /// The chain verification built (`SSL_get0_verified_chain`).
    verified: Option<crate::certs::X509Stack>,
    /// `SSL_get_peer_cert_chain`'s stack, kept until the next handshake.
    stack: Option<crate::certs::X509Stack>,
}

/// What a server read from the ClientHello.
#[derive(Default)]
struct HelloSeen {
    /// The ClientHello's handshake bytes as they arrive.
    /// (Boxed: only a server in the middle of reading a ClientHello has it, and the
    /// box keeps this struct in a smaller malloc size class.)
    #[allow(clippy::box_collection)]
    raw: Option<Box<Vec<u8>>>,
    /// The parsed message the client-hello callback reads.
    parsed: Option<Box<crate::callbacks::ClientHelloInfo>>,
    /// The SNI name the client sent.
    servername: Option<CString>,
    /// The groups the client listed.
    groups: GroupList,
    /// The cipher suites the client listed that this library knows, in its order, once
    /// the ClientHello has been taken (none while it is still arriving).
    suites: Option<SuiteList>,
}

/// Suites of a ClientHello as indices into `cipher::CIPHERS` (a client lists each
/// known suite once; a repeat beyond the room is dropped), so that the list fits in
/// the few bytes an idle server connection keeps.
#[derive(Default)]
struct SuiteList {
    n: u8,
    idx: [u8; crate::cipher::CIPHERS.len()],
}

impl SuiteList {
    fn new(suites: impl Iterator<Item = u16>) -> SuiteList {
        let mut l = SuiteList::default();
        for s in suites {
            let Some(i) = crate::cipher::CIPHERS.iter().position(|c| c.suite == s) else {
                continue;
            };
            if usize::from(l.n) < l.idx.len() {
                l.idx[usize::from(l.n)] = i as u8;
                l.n += 1;
            }
        }
        l
    }

    fn suites(&self) -> Vec<u16> {
        self.idx[..usize::from(self.n)]
            .iter()
            .map(|&i| crate::cipher::CIPHERS[usize::from(i)].suite)
            .collect()
    }
}

/// The groups of a ClientHello: inline up to 11 (every common client lists fewer), so
/// that an idle server connection holds no block for them.
enum GroupList {
    Inline(u8, [u16; GroupList::INLINE]),
    Heap(Box<[u16]>),
}

impl GroupList {
    const INLINE: usize = 11;

    fn new(groups: impl ExactSizeIterator<Item = u16>) -> GroupList {
        if groups.len() <= Self::INLINE {
            let mut ids = [0; Self::INLINE];
            let mut n = 0;
            for (slot, g) in ids.iter_mut().zip(groups) {
                *slot = g;
                n += 1;
            }
            GroupList::Inline(n, ids)
        } else {
            GroupList::Heap(groups.collect())
        }
    }

    fn as_slice(&self) -> &[u16] {
        match self {
            GroupList::Inline(n, ids) => &ids[..*n as usize],
            GroupList::Heap(b) => b,
        }
    }
}

impl Default for GroupList {
    fn default() -> Self {
        GroupList::Inline(0, [0; Self::INLINE])
    }
}

/// The connection's state as of the end of the last call, or just before one of its
/// callbacks runs (see `SslHandle::read`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Snapshot {
    pub version: Option<u16>,
    pub cipher: Option<u16>,
    pub group: Option<u16>,
    pub init_finished: bool,
    pub in_before: bool,
    pub shutdown: i32,
}

impl SslShared {
    /// A connection's state as `SSL_new` makes it: copies of the context's settings
    /// and identity.
    pub fn new(ctx: Arc<Context>) -> Self {
        let server = ctx.method != crate::ctx::Method::Client;
        let (settings, identity) = {
            let st = ctx.state();
            (st.settings.clone(), st.identity.clone())
        };
        SslShared {
            param: crate::certs::SslParam::inherit(&ctx.param),
            ex_data: crate::exdata::SslExData::new(),
            cipher_stack: Default::default(),
            state: Mutex::new(SslState {
                settings,
                identity,
                orig_ctx: ctx.clone(),
                ctx,
                misc: Default::default(),
                early: Default::default(),
            }),
            verify_result: AtomicI64::new(0),
            peer: Default::default(),
            peer_accepted: AtomicBool::new(false),
            sessions: Mutex::new(Default::default()),
            info_cb: AtomicUsize::new(0),
            hello: Mutex::new(None),
            bios: (AtomicUsize::new(0), AtomicUsize::new(0)),
            hs_state: std::sync::atomic::AtomicU64::new(0),
            snapshot: Mutex::new(Snapshot {
                in_before: true,
                ..Default::default()
            }),
            server: AtomicBool::new(server),
            ssl_ptr: AtomicUsize::new(0),
        }
    }

    /// The `SSL*` to hand to callbacks.
    pub fn ssl_ptr(&self) -> *mut libc::c_void {
        self.ssl_ptr.load(Ordering::Relaxed) as *mut libc::c_void
    }

    pub fn set_ssl_ptr(&self, p: *const libc::c_void) {
        self.ssl_ptr.store(p as usize, Ordering::Relaxed)
    }

    /// `SSL_set_SSL_CTX`: serve with `ctx` from now on, with its certificate.
    pub fn switch_ctx(&self, ctx: Arc<Context>) {
        let identity = ctx.state().identity.clone();
        let mut st = self.state();
        st.identity = identity;
        st.ctx = ctx;
    }

    /// `SSL_is_server`: from the method until a state is set.
    /// The scheme of the peer's verified handshake signature (`SSL_get_peer_signature_*`).
    pub fn peer_sig_scheme(&self) -> Option<u16> {
        let v = self
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .peer_sig;
        (v != 0).then_some(v)
    }

    pub fn set_peer_sig_scheme(&self, scheme: Option<u16>) {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .peer_sig = scheme.unwrap_or(0);
    }

    pub fn is_server(&self) -> bool {
        self.server.load(Ordering::Relaxed)
    }

    pub fn set_server(&self, server: bool) {
        self.server.store(server, Ordering::Relaxed)
    }

    pub fn state(&self) -> MutexGuard<'_, SslState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `SSL_get_verify_result`: `X509_V_OK` (0) until a verification says otherwise.
    pub fn verify_result(&self) -> i64 {
        self.verify_result.load(Ordering::Relaxed)
    }

    pub fn set_verify_result(&self, v: i64) {
        self.verify_result.store(v, Ordering::Relaxed)
    }

    fn peer(&self) -> MutexGuard<'_, PeerCerts> {
        self.peer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn hello(&self) -> MutexGuard<'_, Option<Box<HelloSeen>>> {
        self.hello.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The peer's chain, leaf first (empty until it arrives).
    pub fn peer_chain(&self) -> Vec<X509> {
        self.peer().chain.clone()
    }

    /// Whether the peer presented any certificate.
    pub fn has_peer_chain(&self) -> bool {
        !self.peer().chain.is_empty()
    }

    /// The peer's certificate, borrowed (NULL when none was accepted).
    pub fn peer_leaf_ptr(&self) -> *mut crate::ffi::X509 {
        self.peer_certificate()
            .map_or(std::ptr::null_mut(), |c| c.as_ptr())
    }

    /// The peer's certificate, once accepted.
    pub fn peer_certificate(&self) -> Option<X509> {
        if !self.peer_accepted.load(Ordering::Relaxed) {
            return None;
        }
        self.peer().chain.first().cloned()
    }

    pub fn set_verified_chain(&self, chain: Option<crate::certs::X509Stack>) {
        self.peer().verified = chain;
    }

    /// The verified chain as a borrowed `STACK_OF(X509)`, or NULL.
    pub fn verified_chain_ptr(&self) -> *mut crate::ffi::OPENSSL_STACK {
        let p = self.peer();
        p.verified
            .as_ref()
            .map_or(std::ptr::null_mut(), |s| s.as_ptr())
    }

    pub fn set_peer_accepted(&self, accepted: bool) {
        self.peer_accepted.store(accepted, Ordering::Relaxed)
    }

    /// Run `f` on the server name received (server) or to be sent (client).
    pub fn with_servername<R>(&self, server: bool, f: impl FnOnce(Option<&CString>) -> R) -> R {
        if server {
            f(self.hello().as_ref().and_then(|h| h.servername.as_ref()))
        } else {
            f(self.state().settings.sni.as_ref())
        }
    }

    /// Collect ClientHello bytes (bounded: a ClientHello fits in 64 KiB + header).
    pub fn append_hello(&self, b: &[u8]) {
        let mut h = self.hello();
        let h = h.get_or_insert_with(Default::default);
        let raw = h.raw.get_or_insert_with(Default::default);
        if raw.len() + b.len() <= 0x10000 + 4 {
            raw.extend_from_slice(b);
        }
    }

    /// Parse the collected ClientHello (once it is whole) for the callback.
    pub fn parse_hello(&self) {
        let mut h = self.hello();
        let h = h.get_or_insert_with(Default::default);
        let raw = h.raw.take().unwrap_or_default();
        h.parsed = crate::callbacks::ClientHelloInfo::parse(&raw).map(Box::new);
    }

    /// The body of one extension of the ClientHello read so far (a server, before the
    /// client-hello callback has run).
    pub fn hello_extension(&self, ty: u16) -> Option<Vec<u8>> {
        let h = self.hello();
        let h = h.as_deref()?;
        let parsed;
        let info = match h.parsed.as_deref() {
            Some(i) => i,
            None => {
                parsed = crate::callbacks::ClientHelloInfo::parse(h.raw.as_deref()?)?;
                &parsed
            }
        };
        info.extension(ty).map(<[u8]>::to_vec)
    }

    /// Forget the ClientHello (the handshake moved on).
    pub fn clear_hello(&self) {
        if let Some(h) = self.hello().as_deref_mut() {
            h.raw = None;
            h.parsed = None;
        }
    }

    /// Read the parsed ClientHello.
    pub fn with_hello<R>(
        &self,
        f: impl FnOnce(Option<&crate::callbacks::ClientHelloInfo>) -> R,
    ) -> R {
        let h = self.hello();
        f(h.as_deref().and_then(|h| h.parsed.as_deref()))
    }

    pub fn set_hs_state(&self, (state, failed): (u32, bool)) {
        self.hs_state.store(
            u64::from(state) | (u64::from(failed) << 32),
            Ordering::Relaxed,
        );
    }

    pub fn hs_state(&self) -> (u32, bool) {
        let v = self.hs_state.load(Ordering::Relaxed);
        (v as u32, v >> 32 != 0)
    }

    /// The peer's chain as `SSL_get_peer_cert_chain` shows it (a client sees the leaf
    /// first; a server only the intermediates, as in OpenSSL), kept until the next
    /// handshake; NULL without one, and after a resumption (a session keeps the leaf,
    /// not the chain, as OpenSSL's).
    pub fn peer_chain_stack_ptr(&self) -> *mut crate::ffi::OPENSSL_STACK {
        let resumed = self
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .reused;
        if resumed {
            return std::ptr::null_mut();
        }
        let skip = usize::from(self.is_server());
        let mut p = self.peer();
        let p = &mut *p;
        if p.stack.is_none() {
            if p.chain.is_empty() {
                return std::ptr::null_mut();
            }
            p.stack = crate::certs::X509Stack::new(&p.chain[skip..]);
        }
        p.stack
            .as_ref()
            .map_or(std::ptr::null_mut(), |s| s.as_ptr())
    }

    pub fn set_snapshot(&self, s: Snapshot) {
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = s;
    }

    pub fn snapshot(&self) -> Snapshot {
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_bio_mirror(&self, r: usize, w: usize) {
        self.bios.0.store(r, Ordering::Relaxed);
        self.bios.1.store(w, Ordering::Relaxed);
    }

    pub fn bio_mirror(&self) -> (usize, usize) {
        (
            self.bios.0.load(Ordering::Relaxed),
            self.bios.1.load(Ordering::Relaxed),
        )
    }

    /// The name a server received as SNI.
    pub fn received_servername(&self) -> Option<CString> {
        self.hello().as_ref().and_then(|h| h.servername.clone())
    }

    pub fn set_received_servername(&self, name: Option<CString>) {
        let mut h = self.hello();
        if name.is_some() || h.is_some() {
            h.get_or_insert_with(Default::default).servername = name;
        }
    }

    /// `SSL_get_info_callback`.
    pub fn info_cb(&self) -> Option<crate::callbacks::InfoCb> {
        match self.info_cb.load(Ordering::Relaxed) {
            0 => None,
            // SAFETY: a non-zero value is an InfoCb's address, stored by set_info_cb.
            f => Some(unsafe { std::mem::transmute::<usize, crate::callbacks::InfoCb>(f) }),
        }
    }

    pub fn set_info_cb(&self, cb: Option<crate::callbacks::InfoCb>) {
        self.info_cb
            .store(cb.map_or(0, |f| f as usize), Ordering::Relaxed)
    }

    pub fn set_peer_chain(&self, chain: Vec<X509>) {
        self.peer().chain = chain;
    }

    /// Forget `SSL_get_peer_cert_chain`'s stack (a new handshake starts).
    pub fn clear_peer_stack(&self) {
        self.peer().stack = None;
    }

    /// On a server, the groups the client's ClientHello listed.
    pub fn peer_groups(&self) -> Vec<u16> {
        self.hello()
            .as_ref()
            .map_or_else(Vec::new, |h| h.groups.as_slice().to_vec())
    }

    /// On a server that has read a ClientHello, the suites it listed that this library
    /// knows, in the client's order (`SSL_get_client_ciphers`); None before one.
    pub fn peer_suites(&self) -> Option<Vec<u16>> {
        self.hello()
            .as_ref()
            .and_then(|h| h.suites.as_ref())
            .map(SuiteList::suites)
    }

    pub fn set_peer_suites(&self, suites: impl Iterator<Item = u16>) {
        self.hello().get_or_insert_with(Default::default).suites = Some(SuiteList::new(suites));
    }

    pub fn set_peer_groups(&self, groups: impl ExactSizeIterator<Item = u16>) {
        let mut h = self.hello();
        if groups.len() > 0 || h.is_some() {
            h.get_or_insert_with(Default::default).groups = GroupList::new(groups);
        }
    }
}

impl SslState {
    /// The settings, to change: copied first when others still share them.
    pub fn settings_mut(&mut self) -> &mut Settings {
        Arc::make_mut(&mut self.settings)
    }

    /// The certificate and key, to change: copied first when others still share them.
    pub fn identity_mut(&mut self) -> &mut Identity {
        Arc::make_mut(&mut self.identity)
    }
}
