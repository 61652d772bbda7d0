//! The context (`SSL_CTX`): settings that new connections copy, the trust store and the
//! identity they share, and the rustls configurations built from them.
//!
//! rustls configurations depend only on the protocol versions a connection allows (the
//! verifiers and the certificate resolver read the rest from the connection, see
//! `certs`), so each context builds at most one per role and version set, once, and
//! shares it between all its connections.

use crate::certs::{self, Identity, Store};
use crate::consts::*;
use rustls::crypto::CryptoProvider;
use rustls::{ClientConfig, ServerConfig, SupportedProtocolVersion};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// Options OpenSSL 3.0 sets on every new context:
/// `SSL_OP_NO_COMPRESSION | SSL_OP_ENABLE_MIDDLEBOX_COMPAT`.
pub(crate) const DEFAULT_OPTIONS: u64 = SSL_OP_NO_COMPRESSION | SSL_OP_ENABLE_MIDDLEBOX_COMPAT;

/// The process-wide crypto provider: aws-lc-rs, rustls's defaults, with the TLS 1.3
/// key schedule on keyed HMAC (`kdf`).
pub fn provider() -> &'static Arc<CryptoProvider> {
    static P: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    P.get_or_init(|| Arc::new(crate::kdf::provider()))
}

/// Which of `TLS_method`, `TLS_client_method`, `TLS_server_method` made the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Any,
    Client,
    Server,
}

/// Per-connection settings: a new `SSL` copies its context's, and later changes to either
/// do not reach the other.
#[derive(Clone, Debug)]
pub struct Settings {
    pub mode: u32,
    pub options: u64,
    /// 0 = no bound (OpenSSL's default).
    pub min_version: i32,
    pub max_version: i32,
    pub verify_mode: i32,
    pub verify_cb: certs::VerifyCb,
    /// The name a client sends as SNI (`SSL_set_tlsext_host_name`).
    pub sni: Option<std::ffi::CString>,
    /// Protocols a client offers with ALPN, in order.
    pub alpn: Vec<Vec<u8>>,
    /// TLS 1.2 suites (`SSL_CTX_set_cipher_list`), in preference order.
    pub tls12_suites: Vec<u16>,
    /// TLS 1.3 suites (`SSL_CTX_set_ciphersuites`), in preference order.
    pub tls13_suites: Vec<u16>,
    /// Key-exchange groups (`SSL_CTX_set1_groups_list`), in preference order.
    pub groups: Vec<u16>,
    /// `SSL_set_quiet_shutdown`'s value (non-zero: quiet), kept as given.
    pub quiet_shutdown: i32,
    /// `SSL_CTX_set_session_id_context`.
    pub sid_ctx: Vec<u8>,
    /// TLS 1.3 tickets a server sends after a handshake (`SSL_CTX_set_num_tickets`).
    pub num_tickets: usize,
    /// Security level, callbacks and settings of src/misc.rs.
    pub misc: crate::misc::MiscSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            mode: SSL_MODE_AUTO_RETRY,
            options: DEFAULT_OPTIONS,
            min_version: 0,
            max_version: 0,
            verify_mode: 0,
            verify_cb: None,
            sni: None,
            alpn: Vec::new(),
            tls12_suites: crate::cipher::default_suites(b"TLSv1.2"),
            tls13_suites: crate::cipher::default_suites(b"TLSv1.3"),
            groups: DEFAULT_GROUPS.to_vec(),
            quiet_shutdown: 0,
            sid_ctx: Vec::new(),
            num_tickets: 2,
            misc: Default::default(),
        }
    }
}

impl Settings {
    /// The TLS versions these settings allow: a bit per version, 1 = TLS 1.2, 2 = TLS 1.3.
    pub fn version_mask(&self) -> u8 {
        let allowed = |v: i32, no: u64| {
            (self.min_version == 0 || self.min_version <= v)
                && (self.max_version == 0 || self.max_version >= v)
                && self.options & no == 0
                && self.misc.method_allows(v)
        };
        let mut m = 0;
        if allowed(TLS1_2_VERSION, SSL_OP_NO_TLSv1_2) && !self.tls12_suites.is_empty() {
            m |= 1;
        }
        if allowed(TLS1_3_VERSION, SSL_OP_NO_TLSv1_3) && !self.tls13_suites.is_empty() {
            m |= 2;
        }
        m
    }

    /// Every enabled suite, TLS 1.3 first (the order of `SSL_get_ciphers`).
    pub fn suites(&self) -> Vec<u16> {
        self.tls13_suites
            .iter()
            .chain(self.tls12_suites.iter())
            .copied()
            .collect()
    }
}

/// The default key-exchange groups: the post-quantum hybrid first (which OpenSSL 3.0
/// cannot offer), then X25519, P-256, P-521, P-384 (OpenSSL's order for those).
pub(crate) const DEFAULT_GROUPS: [u16; 5] = [0x11ec, 0x001d, 0x0017, 0x0019, 0x0018];

/// A provider offering `suites` and `groups` (IANA code points), in that order.
fn provider_for(suites: &[u16], groups: &[u16]) -> Arc<CryptoProvider> {
    let base = provider();
    let cipher_suites = suites
        .iter()
        .filter_map(|id| {
            base.cipher_suites
                .iter()
                .find(|s| u16::from(s.suite()) == *id)
                .copied()
        })
        .collect();
    let kx_groups = groups
        .iter()
        .filter_map(|id| {
            rustls::crypto::aws_lc_rs::ALL_KX_GROUPS
                .iter()
                .chain(std::iter::once(&crate::p521::SECP521R1))
                .find(|g| u16::from(g.name()) == *id)
                .copied()
        })
        .collect();
    Arc::new(CryptoProvider {
        cipher_suites,
        kx_groups,
        ..(**base).clone()
    })
}

/// The suites of `suites` (IANA code points) that belong to a version of `mask` (bit 1:
/// TLS 1.2, bit 2: TLS 1.3; TLS 1.3 suites are the 0x13xx ones).
pub(crate) fn suites_for_versions(suites: &[u16], mask: u8) -> Vec<u16> {
    suites
        .iter()
        .copied()
        .filter(|s| {
            if s >> 8 == 0x13 {
                mask & 2 != 0
            } else {
                mask & 1 != 0
            }
        })
        .collect()
}

/// Whether `v` is a version `SSL_CTX_set_min/max_proto_version` accepts (0 = no bound).
pub fn valid_version(v: i32) -> bool {
    matches!(v, 0 | 0x0300..=TLS1_3_VERSION)
}

fn versions(mask: u8) -> Vec<&'static SupportedProtocolVersion> {
    let mut v = Vec::new();
    if mask & 2 != 0 {
        v.push(&rustls::version::TLS13);
    }
    if mask & 1 != 0 {
        v.push(&rustls::version::TLS12);
    }
    v
}

/// What the context's setters change.
#[derive(Default)]
pub struct CtxState {
    /// Shared with the connections made since the last change (copy on write).
    pub settings: Arc<Settings>,
    /// CA names a server sends when asking for a client certificate (DER of each name).
    pub client_ca: Vec<Vec<u8>>,
    pub callbacks: crate::callbacks::ServerCallbacks,
    /// Shared with the connections made since the last change (copy on write).
    pub identity: Arc<Identity>,
    pub store: Store,
    /// Extra chain certificates, CA-list and status callbacks of src/misc.rs.
    pub misc: crate::misc::CtxMisc,
}

/// What a client configuration depends on; connections with equal keys share one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientKey {
    pub versions: u8,
    pub suites: Vec<u16>,
    pub groups: Vec<u16>,
    pub sni: bool,
    pub alpn: Vec<Vec<u8>>,
}

/// What a server configuration depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerKey {
    pub versions: u8,
    pub suites: Vec<u16>,
    pub groups: Vec<u16>,
    /// `SSL_OP_CIPHER_SERVER_PREFERENCE`.
    pub server_order: bool,
    /// The protocol the ALPN callback selected for this connection.
    pub alpn: Option<Vec<u8>>,
    /// The CA names sent with a certificate request.
    pub client_ca: Vec<Vec<u8>>,
    /// TLS 1.3 tickets sent after a handshake (`SSL_CTX_set_num_tickets`).
    pub num_tickets: usize,
}

/// An `SSL_CTX`.
pub struct Context {
    pub method: Method,
    /// Verification parameters new connections inherit (`SSL_CTX_get0_param`).
    pub param: certs::CtxParam,
    /// Application data (`SSL_CTX_set_ex_data`).
    pub ex_data: crate::exdata::CtxExData,
    /// `SSL_CTX_get_ciphers`.
    pub cipher_stack: certs::CipherStackCache,
    state: Mutex<CtxState>,
    sessions: Mutex<crate::session::SessionCtx>,
    client_configs: ConfigCache<ClientKey, ClientConfig>,
    server_configs: ConfigCache<ServerKey, ServerConfig>,
}

impl Context {
    pub fn new(method: Method) -> Context {
        Context {
            method,
            param: certs::CtxParam::new(),
            ex_data: crate::exdata::CtxExData::new(),
            cipher_stack: Default::default(),
            state: Mutex::new(CtxState::default()),
            sessions: Mutex::new(Default::default()),
            client_configs: ConfigCache::default(),
            server_configs: ConfigCache::default(),
        }
    }

    /// The context's settings and objects, for reading or changing.
    pub fn state(&self) -> MutexGuard<'_, CtxState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The context's session cache and session callbacks.
    pub fn sessions(&self) -> MutexGuard<'_, crate::session::SessionCtx> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The client configuration for `key` (its version set non-zero), built on first use.
    pub fn client_config(&self, key: &ClientKey) -> Result<Arc<ClientConfig>, rustls::Error> {
        self.client_configs.get_or_build(key, || {
            // The ClientHello lists only suites of the versions it offers, as OpenSSL's
            // (rustls lists every suite of its provider).
            let suites = suites_for_versions(&key.suites, key.versions);
            let mut cfg = ClientConfig::builder_with_provider(provider_for(&suites, &key.groups))
                .with_protocol_versions(&versions(key.versions))?
                .dangerous()
                .with_custom_certificate_verifier(certs::SERVER_VERIFIER.clone())
                .with_client_cert_resolver(certs::CLIENT_CERT_RESOLVER.clone());
            // OpenSSL sends SNI only when the application sets a host name, and resumes
            // only sessions the application hands back with SSL_set_session (the store
            // takes them from the connection; see `session`). The verifier and resolver
            // are process-wide, so a session resumes under any context, as in OpenSSL.
            cfg.enable_sni = key.sni;
            cfg.resumption =
                rustls::client::Resumption::store(crate::session::CLIENT_STORE.clone());
            cfg.key_log = crate::session::KEY_LOGGER.clone();
            cfg.alpn_protocols = key.alpn.clone();
            Ok(cfg)
        })
    }

    /// The server configuration for `key` (its version set non-zero), built on first use.
    pub fn server_config(&self, key: &ServerKey) -> Result<Arc<ServerConfig>, rustls::Error> {
        self.server_configs.get_or_build(key, || {
            let mut cfg =
                ServerConfig::builder_with_provider(provider_for(&key.suites, &key.groups))
                    .with_protocol_versions(&versions(key.versions))?
                    .with_client_cert_verifier(Arc::new(certs::ClientVerifier {
                        hints: key
                            .client_ca
                            .iter()
                            .map(|n| rustls::DistinguishedName::from(n.clone()))
                            .collect(),
                    }))
                    .with_cert_resolver(Arc::new(certs::CertResolver));
            cfg.ignore_client_order = key.server_order;
            // The context's session cache, tickets and key log, through the connection.
            cfg.session_storage = crate::session::SERVER_STORE.clone();
            cfg.ticketer = crate::session::TICKETS.clone();
            cfg.send_tls13_tickets = key.num_tickets;
            cfg.key_log = crate::session::KEY_LOGGER.clone();
            cfg.alpn_protocols = key.alpn.iter().cloned().collect();
            Ok(cfg)
        })
    }
}

/// rustls configurations by what they depend on, built on first use. A context's
/// connections nearly always ask for the one configuration they asked for last, so
/// that one is checked first, by comparison, without hashing the key.
struct ConfigCache<K, C> {
    inner: Mutex<ConfigCacheInner<K, C>>,
}

struct ConfigCacheInner<K, C> {
    last: Option<(K, Arc<C>)>,
    all: HashMap<K, Arc<C>>,
}

impl<K, C> Default for ConfigCache<K, C> {
    fn default() -> Self {
        ConfigCache {
            inner: Mutex::new(ConfigCacheInner {
                last: None,
                all: HashMap::new(),
            }),
        }
    }
}

impl<K: Clone + Eq + std::hash::Hash, C> ConfigCache<K, C> {
    /// The configuration for `key`, built by `build` the first time.
    fn get_or_build(
        &self,
        key: &K,
        build: impl FnOnce() -> Result<C, rustls::Error>,
    ) -> Result<Arc<C>, rustls::Error> {
        let mut cache = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, c)) = &cache.last {
            if k == key {
                return Ok(c.clone());
            }
        }
        let cfg = match cache.all.get(key) {
            Some(c) => c.clone(),
            None => {
                let c = Arc::new(build()?);
                cache.all.insert(key.clone(), c.clone());
                c
            }
        };
        cache.last = Some((key.clone(), cfg.clone()));
        Ok(cfg)
    }
}

impl CtxState {
    /// The settings, to change: copied first when others still share them.
    pub fn settings_mut(&mut self) -> &mut Settings {
        Arc::make_mut(&mut self.settings)
    }

    /// The certificate and key, to change: copied first when others still share them.
    pub fn identity_mut(&mut self) -> &mut Identity {
        Arc::make_mut(&mut self.identity)
    }
}

#[cfg(test)]
mod tests {
    use super::{suites_for_versions, ConfigCache};

    #[test]
    fn a_client_lists_only_suites_of_its_versions() {
        let all = [0x1302, 0xc02c, 0x1301, 0xcca9];
        assert_eq!(suites_for_versions(&all, 3), all.to_vec());
        assert_eq!(suites_for_versions(&all, 2), vec![0x1302, 0x1301]);
        assert_eq!(suites_for_versions(&all, 1), vec![0xc02c, 0xcca9]);
    }

    #[test]
    fn config_cache_builds_each_key_once_and_serves_any_order() {
        let cache: ConfigCache<u32, String> = ConfigCache::default();
        let builds = std::cell::Cell::new(0);
        let get = |k: u32| {
            cache
                .get_or_build(&k, || {
                    builds.set(builds.get() + 1);
                    Ok(format!("config {k}"))
                })
                .unwrap()
        };
        let a = get(1);
        assert!(std::sync::Arc::ptr_eq(&a, &get(1)));
        let b = get(2);
        assert_eq!(*b, "config 2");
        // Back to the first key (not the last one asked for): the same object.
        assert!(std::sync::Arc::ptr_eq(&a, &get(1)));
        assert!(std::sync::Arc::ptr_eq(&b, &get(2)));
        assert_eq!(builds.get(), 2);
        // A failed build is not cached.
        let failed = cache.get_or_build(&3, || Err(rustls::Error::General("no".into())));
        assert!(failed.is_err());
        assert_eq!(*get(3), "config 3");
    }
}
