//! The smaller parts of OpenSSL's API that programs expect to find: what OpenSSL says
//! about cipher suites (NIDs), alerts and handshake states as text, the security level,
//! the PEM password callback, the certificate callback, CA-name lists, and settings that
//! only matter to features this library never negotiates (read-ahead, post-handshake
//! authentication, early data, message callbacks, compression).
//!
//! The settings live in three small structures, one per place OpenSSL keeps them:
//! [`MiscSettings`] (copied from a context to each new connection, like the rest of
//! [`crate::ctx::Settings`]), [`CtxMisc`] (the context only) and [`SslMisc`] (one
//! connection).

use crate::certs::{X509Stack, X509};
use crate::cipher::CipherInfo;
use crate::ffi::{self, OPENSSL_STACK, X509_NAME};
use libc::{c_char, c_int, c_long, c_void};
use std::ffi::CStr;

/// libcrypto's `pem_password_cb`.
pub type PemPasswordCb =
    unsafe extern "C" fn(buf: *mut c_char, size: c_int, rwflag: c_int, u: *mut c_void) -> c_int;
/// `SSL_CTX_set_cert_cb`'s callback (the `SSL*` as `void*`).
pub type CertCb = unsafe extern "C" fn(ssl: *mut c_void, arg: *mut c_void) -> c_int;
/// `SSL_CTX_set_msg_callback`'s callback.
pub type MsgCb = unsafe extern "C" fn(
    write_p: c_int,
    version: c_int,
    content_type: c_int,
    buf: *const c_void,
    len: usize,
    ssl: *mut c_void,
    arg: *mut c_void,
);
/// `SSL_CTX_set_tlsext_status_cb`'s callback.
pub type StatusCb = unsafe extern "C" fn(ssl: *mut c_void, arg: *mut c_void) -> c_int;
/// `SSL_CTX_set_security_callback`'s callback.
pub type SecurityCb = unsafe extern "C" fn(
    s: *const c_void,
    ctx: *const c_void,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
    ex: *mut c_void,
) -> c_int;
/// `SSL_CTX_set_not_resumable_session_callback`'s callback.
pub type NotResumableCb = unsafe extern "C" fn(ssl: *mut c_void, is_forward_secure: c_int) -> c_int;
/// `SSL_CTX_set_cert_verify_callback`'s callback: verifies in place of `X509_verify_cert`.
pub type AppVerifyCb =
    unsafe extern "C" fn(ctx: *mut crate::ffi::X509_STORE_CTX, arg: *mut c_void) -> c_int;

/// The libcrypto functions this part calls (not part of our API).
/// cbindgen:ignore
pub(crate) mod sys {
    use crate::ffi::{EVP_PKEY, X509_NAME, X509_VERIFY_PARAM};
    use libc::{c_char, c_int, c_long, c_void};
    extern "C" {
        pub fn d2i_X509_NAME(
            a: *mut *mut X509_NAME,
            pp: *mut *const u8,
            len: c_long,
        ) -> *mut X509_NAME;
        pub fn EVP_PKEY_get_security_bits(pkey: *const EVP_PKEY) -> c_int;
        pub fn X509_VERIFY_PARAM_set_auth_level(p: *mut X509_VERIFY_PARAM, level: c_int);
        pub fn COMP_get_name(meth: *const c_void) -> *const c_char;
        pub fn DH_security_bits(dh: *const c_void) -> c_int;
        pub fn EC_KEY_get0_group(key: *const c_void) -> *const c_void;
        pub fn EC_GROUP_get_curve_name(group: *const c_void) -> c_int;
        pub fn OSSL_LIB_CTX_get0_global_default() -> *mut c_void;
        pub fn X509_NAME_cmp(a: *const X509_NAME, b: *const X509_NAME) -> c_int;
    }
}
use sys::d2i_X509_NAME;

/// OpenSSL 3.0's default security level (2, as Debian builds it).
pub(crate) const DEFAULT_SECURITY_LEVEL: c_int = 2;

/// Settings a connection copies from its context when it is made.
#[derive(Clone, Copy, Debug)]
pub struct MiscSettings {
    /// `SSL_CTX_set_security_level`, kept as given (OpenSSL stores any int).
    pub security_level: c_int,
    pub passwd_cb: Option<PemPasswordCb>,
    pub passwd_userdata: usize,
    pub cert_cb: Option<CertCb>,
    pub cert_cb_arg: usize,
    /// `SSL_CTX_set_read_ahead`, kept as given.
    pub read_ahead: c_int,
    /// `SSL_CTX_set_post_handshake_auth`.
    pub post_handshake_auth: c_int,
    /// `SSL_CTX_set_max_early_data`.
    pub max_early_data: u32,
    pub msg_cb: Option<MsgCb>,
    pub msg_cb_arg: usize,
    /// The protocol version a version-specific method (`TLSv1_2_method`) fixes; 0 for
    /// the general methods.
    pub method_version: c_int,
    /// `SSL_set_tlsext_status_type` (-1: not set).
    pub status_type: c_int,
}

impl Default for MiscSettings {
    fn default() -> Self {
        MiscSettings {
            security_level: DEFAULT_SECURITY_LEVEL,
            passwd_cb: None,
            passwd_userdata: 0,
            cert_cb: None,
            cert_cb_arg: 0,
            read_ahead: 0,
            post_handshake_auth: 0,
            max_early_data: 0,
            msg_cb: None,
            msg_cb_arg: 0,
            method_version: 0,
            status_type: -1,
        }
    }
}

impl MiscSettings {
    /// Whether protocol version `v` is allowed by the method.
    pub fn method_allows(&self, v: c_int) -> bool {
        self.method_version == 0 || self.method_version == v
    }
}

/// What only a context holds.
#[derive(Default)]
pub struct CtxMisc {
    /// `SSL_CTX_add_extra_chain_cert`: sent after the leaf when its own chain is empty.
    pub extra_certs: Vec<X509>,
    /// The stack `SSL_CTX_get_extra_chain_certs` hands out (rebuilt on each call).
    pub extra_stack: Option<X509Stack>,
    /// The stack `SSL_CTX_get_client_CA_list` hands out.
    pub ca_stack: NameCache,
    /// The stack `SSL_CTX_get0_chain_certs` hands out.
    pub chain_stack: Option<X509Stack>,
    /// `SSL_CTX_set_tlsext_status_cb` and its argument.
    pub status_cb: Option<StatusCb>,
    pub status_arg: usize,
    /// `SSL_CTX_set_cert_verify_callback` and its argument.
    pub app_verify: Option<(AppVerifyCb, usize)>,
    /// `SSL_CTX_set0_CA_list`: CA names (DER) a server's certificate request carries
    /// when no client CA list is set.
    pub ca_names: Vec<Vec<u8>>,
    /// The context's CT log list (`SSL_CTX_get0_ctlog_store`), made on first use.
    pub ctlog_store: Option<CtLogStore>,
    /// `SSL_CTX_set_recv_max_early_data` (kept: early data is never accepted).
    pub recv_max_early_data: u32,
    /// `SSL_CTX_set_default_read_buffer_len` (kept: rustls sizes its own buffers).
    pub read_buffer_len: usize,
    /// `SSL_CTX_set_security_callback` (kept, never called) and its ex data.
    pub security_cb: Option<SecurityCb>,
    pub security_ex: usize,
    /// `SSL_CTX_set_not_resumable_session_callback` (kept, never called).
    pub not_resumable_cb: Option<NotResumableCb>,
}

/// A libcrypto `CTLOG_STORE` the context owns. CT validation itself is never enabled
/// here; the store only holds the log list an application loads.
pub struct CtLogStore(*mut c_void);

// SAFETY: libcrypto's CTLOG_STORE is used under the context's lock only.
unsafe impl Send for CtLogStore {}

impl CtLogStore {
    pub fn new() -> Option<CtLogStore> {
        // SAFETY: an owned store, or NULL.
        let p = unsafe { ffi::CTLOG_STORE_new() };
        (!p.is_null()).then_some(CtLogStore(p))
    }
    pub fn as_ptr(&self) -> *mut c_void {
        self.0
    }
}

impl Drop for CtLogStore {
    fn drop(&mut self) {
        // SAFETY: we own it.
        unsafe { ffi::CTLOG_STORE_free(self.0) }
    }
}

/// Where `SSL_read_early_data` is on a server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EarlyState {
    #[default]
    None,
    /// The handshake it started has not completed yet.
    Accepting,
    /// It returned `SSL_READ_EARLY_DATA_FINISH`.
    Finished,
}

/// What only a connection holds, made when first set (most connections never do).
#[derive(Default)]
pub struct SslMiscBox(Option<Box<SslMisc>>);

/// What an `SslMiscBox` reads as before anything is set.
struct Unset(SslMisc);

// SAFETY: every field is None and never changes (the stacks' pointers are absent).
unsafe impl Sync for Unset {}

static UNSET: Unset = Unset(SslMisc {
    client_ca: None,
    ca_stack: NameCache(None),
    dane_flags: 0,
    chain_stack: None,
    peer_ca_names: None,
});

impl std::ops::Deref for SslMiscBox {
    type Target = SslMisc;
    fn deref(&self) -> &SslMisc {
        self.0.as_deref().unwrap_or(&UNSET.0)
    }
}

impl std::ops::DerefMut for SslMiscBox {
    fn deref_mut(&mut self) -> &mut SslMisc {
        self.0.get_or_insert_with(Default::default)
    }
}

/// What only a connection holds.
#[derive(Default)]
pub struct SslMisc {
    /// `SSL_set_client_CA_list` (None: the context's list).
    pub client_ca: Option<Vec<Vec<u8>>>,
    /// The stack `SSL_get_client_CA_list` (and, on a client, `SSL_get0_peer_CA_list`:
    /// the same names) hands out.
    pub ca_stack: NameCache,
    /// `SSL_dane_set_flags` (kept: DANE is never enabled).
    pub dane_flags: libc::c_ulong,
    /// The stack `SSL_get0_chain_certs` hands out.
    pub chain_stack: Option<X509Stack>,
    /// On a client, the CA names the server's CertificateRequest carried (None before
    /// one arrived).
    pub peer_ca_names: Option<Vec<Vec<u8>>>,
}

/// An owned `STACK_OF(X509_NAME)`, holding its names.
pub struct NameStack(*mut OPENSSL_STACK);

// SAFETY: handed to the application read-only, as OpenSSL hands out its lists; only
// replaced under the owner's lock.
unsafe impl Send for NameStack {}

impl NameStack {
    /// A stack of the names whose DER encodings are `ders` (undecodable ones skipped).
    pub fn from_ders(ders: &[Vec<u8>]) -> Option<NameStack> {
        // SAFETY: a new stack; each pushed name is a fresh object it owns (Drop frees).
        unsafe {
            let sk = ffi::OPENSSL_sk_new_null();
            if sk.is_null() {
                return None;
            }
            for der in ders {
                let mut p = der.as_ptr();
                let n = d2i_X509_NAME(std::ptr::null_mut(), &mut p, der.len() as c_long);
                if !n.is_null() {
                    ffi::OPENSSL_sk_push(sk, n as *const c_void);
                }
            }
            Some(NameStack(sk))
        }
    }

    pub fn as_ptr(&self) -> *mut OPENSSL_STACK {
        self.0
    }
}

/// The `STACK_OF(X509_NAME)` a getter hands out for a list of names, kept while the list
/// stays the same: a pointer handed out stays valid until the list changes, as
/// OpenSSL's does (not only until the next call).
#[derive(Default)]
pub struct NameCache(Option<(Vec<Vec<u8>>, NameStack)>);

impl NameCache {
    /// The stack for `names`: the one made before if the names are the same.
    pub fn get(&mut self, names: &[Vec<u8>]) -> *mut OPENSSL_STACK {
        if let Some((n, s)) = &self.0 {
            if n.as_slice() == names {
                return s.as_ptr();
            }
        }
        self.0 = NameStack::from_ders(names).map(|s| (names.to_vec(), s));
        self.0
            .as_ref()
            .map_or(std::ptr::null_mut(), |(_, s)| s.as_ptr())
    }
}

impl Drop for NameStack {
    fn drop(&mut self) {
        // SAFETY: we own the stack and its names.
        unsafe {
            while ffi::OPENSSL_sk_num(self.0) > 0 {
                ffi::X509_NAME_free(ffi::OPENSSL_sk_pop(self.0) as *mut X509_NAME);
            }
            ffi::OPENSSL_sk_free(self.0);
        }
    }
}

// ---- cipher suites as NIDs -----------------------------------------------------------

const NID_AES_128_GCM: c_int = 895;
const NID_AES_256_GCM: c_int = 901;
const NID_CHACHA20_POLY1305: c_int = 1018;
const NID_KX_ECDHE: c_int = 1038;
const NID_KX_ANY: c_int = 1063;
const NID_AUTH_RSA: c_int = 1046;
const NID_AUTH_ECDSA: c_int = 1047;
const NID_AUTH_ANY: c_int = 1064;

/// `SSL_CIPHER_get_cipher_nid`: the bulk cipher's NID.
pub fn cipher_nid(c: &CipherInfo) -> c_int {
    match c.enc {
        "AESGCM(128)" => NID_AES_128_GCM,
        "AESGCM(256)" => NID_AES_256_GCM,
        "CHACHA20/POLY1305(256)" => NID_CHACHA20_POLY1305,
        _ => 0,
    }
}

/// `SSL_CIPHER_get_digest_nid`: the MAC digest's NID; `NID_undef` (0) for the AEAD
/// suites, which are all this library offers.
pub fn digest_nid(_c: &CipherInfo) -> c_int {
    0
}

/// `SSL_CIPHER_get_kx_nid`.
pub fn kx_nid(c: &CipherInfo) -> c_int {
    match c.kx {
        "ECDH" => NID_KX_ECDHE,
        "any" => NID_KX_ANY,
        _ => 0,
    }
}

/// `SSL_CIPHER_get_auth_nid`.
pub fn auth_nid(c: &CipherInfo) -> c_int {
    match c.au {
        "RSA" => NID_AUTH_RSA,
        "ECDSA" => NID_AUTH_ECDSA,
        "any" => NID_AUTH_ANY,
        _ => 0,
    }
}

// ---- alerts and handshake states as text ---------------------------------------------

/// `SSL_alert_type_string` / `_long`: from the level byte (`value >> 8`).
pub fn alert_type(value: c_int) -> (&'static CStr, &'static CStr) {
    match value >> 8 {
        1 => (c"W", c"warning"),
        2 => (c"F", c"fatal"),
        _ => (c"U", c"unknown"),
    }
}

/// `SSL_alert_desc_string` / `_long`: from the description byte (`value & 0xff`), with
/// OpenSSL's wording.
pub fn alert_desc(value: c_int) -> (&'static CStr, &'static CStr) {
    match value & 0xff {
        0 => (c"CN", c"close notify"),
        10 => (c"UM", c"unexpected_message"),
        20 => (c"BM", c"bad record mac"),
        21 => (c"DC", c"decryption failed"),
        22 => (c"RO", c"record overflow"),
        30 => (c"DF", c"decompression failure"),
        40 => (c"HF", c"handshake failure"),
        41 => (c"NC", c"no certificate"),
        42 => (c"BC", c"bad certificate"),
        43 => (c"UC", c"unsupported certificate"),
        44 => (c"CR", c"certificate revoked"),
        45 => (c"CE", c"certificate expired"),
        46 => (c"CU", c"certificate unknown"),
        47 => (c"IP", c"illegal parameter"),
        48 => (c"CA", c"unknown CA"),
        49 => (c"AD", c"access denied"),
        50 => (c"DE", c"decode error"),
        51 => (c"CY", c"decrypt error"),
        60 => (c"ER", c"export restriction"),
        70 => (c"PV", c"protocol version"),
        71 => (c"IS", c"insufficient security"),
        80 => (c"IE", c"internal error"),
        90 => (c"US", c"user canceled"),
        100 => (c"NR", c"no renegotiation"),
        110 => (c"UE", c"unsupported extension"),
        111 => (c"CO", c"certificate unobtainable"),
        112 => (c"UN", c"unrecognized name"),
        113 => (c"BR", c"bad certificate status response"),
        114 => (c"BH", c"bad certificate hash value"),
        115 => (c"UP", c"unknown PSK identity"),
        120 => (c"UK", c"no application protocol"),
        _ => (c"UK", c"unknown"),
    }
}

/// The `OSSL_HANDSHAKE_STATE` values this library reports.
pub(crate) const TLS_ST_BEFORE: u32 = 0;
pub(crate) const TLS_ST_OK: u32 = 1;
pub(crate) const TLS_ST_CW_CLNT_HELLO: u32 = 12;
pub(crate) const TLS_ST_CW_FINISHED: u32 = 18;
pub(crate) const TLS_ST_SW_SRVR_DONE: u32 = 26;
pub(crate) const TLS_ST_EARLY_DATA: u32 = 46;
pub(crate) const TLS_ST_SW_SESSION_TICKET: u32 = 33;

/// `SSL_state_string` / `_long` for a state (`error`: the connection failed).
pub fn state_strings(state: u32, error: bool) -> (&'static CStr, &'static CStr) {
    if error {
        return (c"SSLERR", c"error");
    }
    match state {
        TLS_ST_BEFORE => (c"PINIT", c"before SSL initialization"),
        TLS_ST_OK => (c"SSLOK", c"SSL negotiation finished successfully"),
        TLS_ST_CW_CLNT_HELLO => (c"TWCH", c"SSLv3/TLS write client hello"),
        TLS_ST_CW_FINISHED => (c"TWFIN", c"SSLv3/TLS write finished"),
        TLS_ST_SW_SRVR_DONE => (c"TWSD", c"SSLv3/TLS write server done"),
        TLS_ST_EARLY_DATA => (c"TED", c"TLSv1.3 early data"),
        TLS_ST_SW_SESSION_TICKET => (c"TWST", c"SSLv3/TLS write session ticket"),
        _ => (c"UNKWN", c"unknown state"),
    }
}

// ---- the security level --------------------------------------------------------------

/// The bits of security a level asks for (OpenSSL's table; levels above 5 act as 5).
pub fn level_bits(level: c_int) -> c_int {
    match level {
        ..=0 => 0,
        1 => 80,
        2 => 112,
        3 => 128,
        4 => 192,
        _ => 256,
    }
}

/// Security bits of a key-exchange group (by code point).
fn group_bits(id: u16) -> c_int {
    match id {
        0x001d | 0x0017 => 128,
        0x0018 => 192,
        0x0019 => 256,
        // ML-KEM-768 and its hybrids: category 3.
        0x11ec | 0x11eb | 0x0201 => 192,
        0x0202 => 256,
        _ => 0,
    }
}

/// Drop the suites and groups weaker than `level` allows, as OpenSSL's security
/// callback does when it builds or answers a hello.
pub fn apply_level(level: c_int, suites: &mut Vec<u16>, groups: &mut Vec<u16>) {
    let bits = level_bits(level);
    if bits == 0 {
        return;
    }
    suites.retain(|id| CipherInfo::find(*id).is_some_and(|c| c.bits >= bits));
    groups.retain(|g| group_bits(*g) >= bits);
}

/// Whether an OpenSSL property query only excludes or prefers (so that cryptography
/// outside any OpenSSL provider, rustls's, cannot be said to break it): every clause is
/// optional (`?name=value`), a negation (`name!=value`, `-name`) or `fips=no`.
pub fn query_only_excludes(query: &str) -> bool {
    query.split(',').map(str::trim).all(|c| {
        c.is_empty()
            || c.starts_with('?')
            || c.starts_with('-')
            || c.contains("!=")
            || c.replace(' ', "").eq_ignore_ascii_case("fips=no")
    })
}

/// The SRTP protection profiles OpenSSL 3.0 knows by name (`SSL_CTX_set_tlsext_use_srtp`).
const SRTP_PROFILES: [&str; 4] = [
    "SRTP_AES128_CM_SHA1_80",
    "SRTP_AES128_CM_SHA1_32",
    "SRTP_AEAD_AES_128_GCM",
    "SRTP_AEAD_AES_256_GCM",
];

/// Check a colon-separated SRTP profile list as OpenSSL does: every name known
/// (`SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE`, also for an empty name) and none twice
/// (`SSL_R_BAD_SRTP_PROTECTION_PROFILE_LIST`). Returns the reason of the first fault.
pub fn srtp_profile_fault(list: &[u8]) -> Option<i32> {
    let mut seen = [false; SRTP_PROFILES.len()];
    for name in list.split(|&b| b == b':') {
        let Some(i) = SRTP_PROFILES.iter().position(|p| p.as_bytes() == name) else {
            return Some(crate::reasons::SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE);
        };
        if seen[i] {
            return Some(crate::reasons::SSL_R_BAD_SRTP_PROTECTION_PROFILE_LIST);
        }
        seen[i] = true;
    }
    None
}

/// The TLS extension types this library handles itself (`SSL_extension_supported`):
/// those rustls sends or parses. OpenSSL's list also has extensions rustls lacks
/// (SRP, SRTP, NPN, encrypt-then-MAC, post-handshake authentication, padding...).
pub fn extension_handled(ext_type: u32) -> bool {
    matches!(
        ext_type,
        0 // server_name
            | 5 // status_request
            | 10 // supported_groups
            | 11 // ec_point_formats
            | 13 // signature_algorithms
            | 16 // application_layer_protocol_negotiation
            | 23 // extended_master_secret
            | 35 // session_ticket
            | 41 // pre_shared_key
            | 42 // early_data
            | 43 // supported_versions
            | 44 // cookie
            | 45 // psk_key_exchange_modes
            | 47 // certificate_authorities
            | 51 // key_share
            | 65281 // renegotiation_info
    )
}

#[cfg(test)]
mod tests {
    use super::NameCache;

    #[test]
    fn a_name_stack_stays_while_its_names_do() {
        // DER of the names CN=a and CN=b.
        let a = vec![
            0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, b'a',
        ];
        let mut b = a.clone();
        b[13] = b'b';
        let mut cache = NameCache::default();
        let p = cache.get(std::slice::from_ref(&a));
        assert!(!p.is_null());
        assert_eq!(cache.get(std::slice::from_ref(&a)), p);
        // SAFETY: a live stack of ours.
        assert_eq!(unsafe { crate::ffi::OPENSSL_sk_num(p) }, 1);
        let q = cache.get(&[a.clone(), b]);
        // SAFETY: as above.
        assert_eq!(unsafe { crate::ffi::OPENSSL_sk_num(q) }, 2);
    }

    #[test]
    fn srtp_profile_lists_are_checked_as_openssl_checks_them() {
        use super::srtp_profile_fault as fault;
        use crate::reasons::{
            SSL_R_BAD_SRTP_PROTECTION_PROFILE_LIST as TWICE,
            SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE as UNKNOWN,
        };
        assert_eq!(fault(b"SRTP_AES128_CM_SHA1_80"), None);
        assert_eq!(fault(b"SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_256_GCM"), None);
        assert_eq!(fault(b"SRTP_AES128_F8_SHA1_80"), Some(UNKNOWN));
        assert_eq!(fault(b"srtp_aes128_cm_sha1_80"), Some(UNKNOWN));
        assert_eq!(fault(b"SRTP_AES128_CM_SHA1_8"), Some(UNKNOWN));
        assert_eq!(fault(b""), Some(UNKNOWN));
        assert_eq!(fault(b"SRTP_AES128_CM_SHA1_80:"), Some(UNKNOWN));
        assert_eq!(fault(b":SRTP_AES128_CM_SHA1_80"), Some(UNKNOWN));
        assert_eq!(
            fault(b"SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_80"),
            Some(TWICE)
        );
    }

    #[test]
    fn handled_extensions_are_the_ones_rustls_speaks() {
        for t in [0, 10, 13, 16, 43, 51, 65281] {
            assert!(super::extension_handled(t), "{t}");
        }
        for t in [12, 14, 21, 22, 49, 13172, 1000] {
            assert!(!super::extension_handled(t), "{t}");
        }
    }

    #[test]
    fn property_queries() {
        use super::query_only_excludes as q;
        assert!(q(""));
        assert!(q("provider!=fips"));
        assert!(q("?provider=default, fips=no"));
        assert!(q("-fips"));
        assert!(!q("fips=yes"));
        assert!(!q("provider=default"));
        assert!(!q("provider!=fips,fips=yes"));
    }

    use super::*;

    #[test]
    fn alert_and_state_text() {
        assert_eq!(alert_type(0x228).1, c"fatal");
        assert_eq!(alert_desc(0x228).1, c"handshake failure");
        assert_eq!(alert_desc(-1).0, c"UK");
        assert_eq!(alert_type(-1).0, c"U");
        assert_eq!(state_strings(TLS_ST_OK, false).0, c"SSLOK");
        assert_eq!(state_strings(TLS_ST_OK, true).1, c"error");
    }

    #[test]
    fn levels_filter_weak_suites_and_groups() {
        let (mut s, mut g) = (vec![0x1301, 0x1302, 0xc02f], vec![0x001d, 0x0018, 0x0019]);
        apply_level(2, &mut s, &mut g);
        assert_eq!(s.len(), 3);
        apply_level(4, &mut s, &mut g);
        assert_eq!(s, [0x1302]);
        assert_eq!(g, [0x0018, 0x0019]);
    }
}
