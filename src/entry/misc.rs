//! The rest of the API programs link against: cipher NIDs, compression (never done),
//! alerts and states as text, version-specific and DTLS methods, the security level,
//! the PEM password and certificate callbacks, CA-name lists, and the settings of
//! features this library does not negotiate (read-ahead, post-handshake authentication,
//! early data, async engines, NPN, SRP, PSK, custom extensions, kTLS), plus the
//! `SSL_CTX_ctrl` / `SSL_ctrl` commands behind OpenSSL's macros for them.

use super::certs::stack_st_X509_NAME;
use super::cipher::{from_c, to_c, SSL_CIPHER};
use super::ctx::{MethodTag, SSL_verify_cb};
use super::{boundary, try_handle, SslHandle, SSL, SSL_CTX, SSL_METHOD};
use crate::certs::{Identity, PKey, X509Stack, X509 as X509Obj};
use crate::cipher::CipherInfo;
use crate::conn::Role;
use crate::ctx::{Context, Method, Settings};
use crate::error::{self, Reason};
use crate::ffi::{self, EVP_PKEY, OPENSSL_STACK, X509};
use crate::misc::{self as core, CertCb, EarlyState, MsgCb, PemPasswordCb};
use crate::reasons as r;
use libc::{c_char, c_int, c_long, c_uint, c_void};
use std::ffi::CStr;
use std::sync::atomic::{AtomicPtr, Ordering};

/// `STACK_OF(SSL_COMP)` (opaque).
pub type stack_st_SSL_COMP = OPENSSL_STACK;
/// OpenSSL's `SSL_COMP` (opaque).
#[repr(C)]
pub struct SSL_COMP {
    _private: [u8; 0],
}
/// libcrypto's `COMP_METHOD` (opaque).
#[repr(C)]
pub struct COMP_METHOD {
    _private: [u8; 0],
}
/// libcrypto's `ENGINE` (opaque).
#[repr(C)]
pub struct ENGINE {
    _private: [u8; 0],
}
/// libcrypto's `OSSL_LIB_CTX` (opaque).
#[repr(C)]
pub struct OSSL_LIB_CTX {
    _private: [u8; 0],
}
/// OpenSSL's `OSSL_HANDSHAKE_STATE` (an enum).
pub type OSSL_HANDSHAKE_STATE = c_uint;

/// `ERR_R_UNSUPPORTED`: what this library reports for a feature it does not have.
const ERR_R_UNSUPPORTED: c_int = 268 | (0x2 << 18);
/// `ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED`.
const ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED: c_int = 257 | (0x3 << 18);

use crate::misc::sys::{
    DH_security_bits, EC_GROUP_get_curve_name, EC_KEY_get0_group, OSSL_LIB_CTX_get0_global_default,
    X509_NAME_cmp,
};

// ---- cipher suites -------------------------------------------------------------------

/// The suite with the two-byte IANA code `ptr[0..2]` among those this library
/// implements, or NULL.
/// Compat: deviation — suites OpenSSL knows but rustls lacks (kRSA, DHE, CBC, PSK…) are
/// not found (NULL), where OpenSSL returns its description of them.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_find(ssl: *mut SSL, ptr: *const u8) -> *const SSL_CIPHER {
    boundary("SSL_CIPHER_find", std::ptr::null(), || {
        try_handle!(SslHandle, ssl, std::ptr::null(), "SSL_CIPHER_find");
        if ptr.is_null() {
            error::raise(Reason::NULL, "SSL_CIPHER_find");
            return std::ptr::null();
        }
        // SAFETY: the caller passes two readable bytes.
        let id = unsafe { u16::from_be_bytes([*ptr, *ptr.add(1)]) };
        CipherInfo::find(id).map_or(std::ptr::null(), to_c)
    })
}

/// The NID of the suite's bulk cipher (`NID_aes_256_gcm`, `NID_chacha20_poly1305`, ...);
/// `NID_undef` (0) for NULL, as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_cipher_nid(c: *const SSL_CIPHER) -> c_int {
    boundary("SSL_CIPHER_get_cipher_nid", 0, || {
        from_c(c).map_or(0, core::cipher_nid)
    })
}

/// The NID of the suite's MAC digest: `NID_undef` (0) for AEAD suites (all of ours)
/// and for NULL, as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_digest_nid(c: *const SSL_CIPHER) -> c_int {
    boundary("SSL_CIPHER_get_digest_nid", 0, || {
        from_c(c).map_or(0, core::digest_nid)
    })
}

/// The NID of the suite's key exchange (`NID_kx_ecdhe`; `NID_kx_any` for TLS 1.3
/// suites). 0 with `ERR_R_PASSED_NULL_PARAMETER` for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_kx_nid(c: *const SSL_CIPHER) -> c_int {
    boundary("SSL_CIPHER_get_kx_nid", 0, || match from_c(c) {
        Some(c) => core::kx_nid(c),
        None => {
            error::raise(Reason::NULL, "SSL_CIPHER_get_kx_nid");
            0
        }
    })
}

/// The NID of the suite's authentication (`NID_auth_rsa`, `NID_auth_ecdsa`;
/// `NID_auth_any` for TLS 1.3 suites). 0 with `ERR_R_PASSED_NULL_PARAMETER` for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_auth_nid(c: *const SSL_CIPHER) -> c_int {
    boundary("SSL_CIPHER_get_auth_nid", 0, || match from_c(c) {
        Some(c) => core::auth_nid(c),
        None => {
            error::raise(Reason::NULL, "SSL_CIPHER_get_auth_nid");
            0
        }
    })
}

/// 1: every suite this library offers is an AEAD suite. 0 with
/// `ERR_R_PASSED_NULL_PARAMETER` for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_is_aead(c: *const SSL_CIPHER) -> c_int {
    boundary("SSL_CIPHER_is_aead", 0, || match from_c(c) {
        Some(_) => 1,
        None => {
            error::raise(Reason::NULL, "SSL_CIPHER_is_aead");
            0
        }
    })
}

// ---- compression (never done) --------------------------------------------------------

/// The process-wide compression method table (`SSL_COMP_set0_compression_methods`).
static COMP_METHODS: AtomicPtr<OPENSSL_STACK> = AtomicPtr::new(std::ptr::null_mut());
static COMP_INIT: std::sync::Once = std::sync::Once::new();

fn comp_table() -> &'static AtomicPtr<OPENSSL_STACK> {
    COMP_INIT.call_once(|| {
        // SAFETY: a new empty stack, owned by the table for the life of the process.
        let sk = unsafe { ffi::OPENSSL_sk_new_null() };
        COMP_METHODS.store(sk, Ordering::SeqCst);
    });
    &COMP_METHODS
}

/// The table of compression methods: an empty stack (borrowed), as Debian's OpenSSL 3
/// has none; this library never compresses.
#[no_mangle]
pub extern "C" fn SSL_COMP_get_compression_methods() -> *mut stack_st_SSL_COMP {
    boundary(
        "SSL_COMP_get_compression_methods",
        std::ptr::null_mut(),
        || comp_table().load(Ordering::SeqCst),
    )
}

/// Replace the table of compression methods with `meths` (kept, never used) and return
/// the previous one, which the caller now owns.
#[no_mangle]
pub extern "C" fn SSL_COMP_set0_compression_methods(
    meths: *mut stack_st_SSL_COMP,
) -> *mut stack_st_SSL_COMP {
    boundary(
        "SSL_COMP_set0_compression_methods",
        std::ptr::null_mut(),
        || comp_table().swap(meths, Ordering::SeqCst),
    )
}

/// Add compression method `cm` under `id`. Note OpenSSL's inverted result: 0 on
/// success, 1 on failure. A NULL method is "nothing to add": 1 without an error, as
/// OpenSSL. An id outside 193..=255 fails with
/// `SSL_R_COMPRESSION_ID_NOT_WITHIN_PRIVATE_RANGE`.
/// Compat: refused — this library never compresses: a real method fails (1) with
/// `SSL_R_UNSUPPORTED_COMPRESSION_ALGORITHM`.
#[no_mangle]
pub extern "C" fn SSL_COMP_add_compression_method(id: c_int, cm: *mut COMP_METHOD) -> c_int {
    boundary("SSL_COMP_add_compression_method", 1, || {
        if cm.is_null() {
            return 1;
        }
        let reason = if !(193..=255).contains(&id) {
            r::SSL_R_COMPRESSION_ID_NOT_WITHIN_PRIVATE_RANGE
        } else {
            r::SSL_R_UNSUPPORTED_COMPRESSION_ALGORITHM
        };
        error::raise(Reason(reason), "SSL_COMP_add_compression_method");
        1
    })
}

/// The name of compression method `comp` (libcrypto's), or NULL for NULL.
#[no_mangle]
pub extern "C" fn SSL_COMP_get_name(comp: *const COMP_METHOD) -> *const c_char {
    boundary("SSL_COMP_get_name", std::ptr::null(), || {
        if comp.is_null() {
            return std::ptr::null();
        }
        // SAFETY: a COMP_METHOD from libcrypto.
        unsafe { crate::misc::sys::COMP_get_name(comp as *const c_void) }
    })
}

/// OpenSSL's layout of an `SSL_COMP` (`id`, `name`, `method`).
#[repr(C)]
struct SslCompLayout {
    id: c_int,
    name: *const c_char,
    method: *mut c_void,
}

/// The name of table entry `comp`. NULL with `ERR_R_PASSED_NULL_PARAMETER` for NULL
/// (this library's table is always empty, so there is no entry to ask about).
#[no_mangle]
pub extern "C" fn SSL_COMP_get0_name(comp: *const SSL_COMP) -> *const c_char {
    boundary("SSL_COMP_get0_name", std::ptr::null(), || {
        if comp.is_null() {
            error::raise(Reason::NULL, "SSL_COMP_get0_name");
            return std::ptr::null();
        }
        // SAFETY: an SSL_COMP has OpenSSL's layout.
        unsafe { (*(comp as *const SslCompLayout)).name }
    })
}

/// The id of table entry `comp`; -1 with `ERR_R_PASSED_NULL_PARAMETER` for NULL.
#[no_mangle]
pub extern "C" fn SSL_COMP_get_id(comp: *const SSL_COMP) -> c_int {
    boundary("SSL_COMP_get_id", -1, || {
        if comp.is_null() {
            error::raise(Reason::NULL, "SSL_COMP_get_id");
            return -1;
        }
        // SAFETY: as above.
        unsafe { (*(comp as *const SslCompLayout)).id }
    })
}

/// A context setting for a feature never negotiated here (DTLS, PSK): taken, and never
/// used (for a NULL context, an error).
fn setting_never_used(ctx: *mut SSL_CTX, func: &'static str) {
    boundary(func, (), || {
        try_handle!(Context, ctx, (), func);
    })
}

/// A connection's answer that never changes here: `v` (0, the failure value, and an
/// error for a NULL connection).
fn fixed_answer<R: Copy + Default>(s: *const SSL, func: &'static str, v: R) -> R {
    boundary(func, R::default(), || {
        try_handle!(SslHandle, s, R::default(), func);
        v
    })
}

/// What a connection's getter of something never negotiated here returns: NULL (and
/// for a NULL connection, NULL with an error).
fn never_negotiated<T>(s: *const SSL, func: &'static str) -> *mut T {
    boundary(func, std::ptr::null_mut(), || {
        try_handle!(SslHandle, s, std::ptr::null_mut(), func);
        std::ptr::null_mut()
    })
}

/// The compression in use: always NULL (none is ever negotiated).
#[no_mangle]
pub extern "C" fn SSL_get_current_compression(s: *const SSL) -> *const COMP_METHOD {
    never_negotiated::<COMP_METHOD>(s, "SSL_get_current_compression")
}

/// The expansion in use: always NULL (none is ever negotiated).
#[no_mangle]
pub extern "C" fn SSL_get_current_expansion(s: *const SSL) -> *const COMP_METHOD {
    never_negotiated::<COMP_METHOD>(s, "SSL_get_current_expansion")
}

// ---- alerts and states as text -------------------------------------------------------

/// The alert level of `value` (level << 8 | description) as one letter: "W", "F", "U".
#[no_mangle]
pub extern "C" fn SSL_alert_type_string(value: c_int) -> *const c_char {
    core::alert_type(value).0.as_ptr()
}

/// The alert level as a word: "warning", "fatal", "unknown".
#[no_mangle]
pub extern "C" fn SSL_alert_type_string_long(value: c_int) -> *const c_char {
    core::alert_type(value).1.as_ptr()
}

/// The alert description of `value` as OpenSSL's two letters ("HF", "UK" for unknown).
#[no_mangle]
pub extern "C" fn SSL_alert_desc_string(value: c_int) -> *const c_char {
    core::alert_desc(value).0.as_ptr()
}

/// The alert description in OpenSSL's words ("handshake failure", "unknown").
#[no_mangle]
pub extern "C" fn SSL_alert_desc_string_long(value: c_int) -> *const c_char {
    core::alert_desc(value).1.as_ptr()
}

fn state_of(h: &SslHandle) -> (u32, bool) {
    // From inside one of the connection's callbacks (stunnel's info callback asks),
    // the state recorded just before the callback ran.
    if h.held_by_current_thread() {
        return h.shared.hs_state();
    }
    h.lock().handshake_state()
}

/// Where the handshake is, as an `OSSL_HANDSHAKE_STATE`: `TLS_ST_BEFORE` until it
/// starts (and while a server waits for the ClientHello), `TLS_ST_OK` once done.
/// 0 (`TLS_ST_BEFORE`) with `ERR_R_PASSED_NULL_PARAMETER` for NULL.
/// Compat: deviation — in between, rustls's progress is mapped to the state OpenSSL
/// reports at the same point between flights (client: `TLS_ST_CW_CLNT_HELLO` before the
/// server answers, `TLS_ST_CW_FINISHED` after; server: `TLS_ST_SW_SRVR_DONE` in TLS 1.2,
/// `TLS_ST_EARLY_DATA` in TLS 1.3); the states inside a flight are never reported.
#[no_mangle]
pub extern "C" fn SSL_get_state(ssl: *const SSL) -> OSSL_HANDSHAKE_STATE {
    boundary("SSL_get_state", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_state");
        state_of(h).0
    })
}

/// The handshake state as OpenSSL's short code ("PINIT", "TWCH", "SSLOK"; "SSLERR"
/// after a fatal error). "UNKWN" with `ERR_R_PASSED_NULL_PARAMETER` for NULL.
#[no_mangle]
pub extern "C" fn SSL_state_string(ssl: *const SSL) -> *const c_char {
    boundary("SSL_state_string", c"UNKWN".as_ptr(), || {
        let h = try_handle!(SslHandle, ssl, c"UNKWN".as_ptr(), "SSL_state_string");
        let (st, err) = state_of(h);
        core::state_strings(st, err).0.as_ptr()
    })
}

/// The handshake state in OpenSSL's words ("before SSL initialization", "SSL negotiation
/// finished successfully", "error"). "unknown state" with `ERR_R_PASSED_NULL_PARAMETER`
/// for NULL.
#[no_mangle]
pub extern "C" fn SSL_state_string_long(ssl: *const SSL) -> *const c_char {
    boundary("SSL_state_string_long", c"unknown state".as_ptr(), || {
        let h = try_handle!(
            SslHandle,
            ssl,
            c"unknown state".as_ptr(),
            "SSL_state_string_long"
        );
        let (st, err) = state_of(h);
        core::state_strings(st, err).1.as_ptr()
    })
}

// ---- version-specific and DTLS methods -----------------------------------------------

/// A method fixed to one protocol version (or a DTLS method, version 0).
#[repr(C)]
pub struct FixedMethod {
    base: MethodTag,
    version: c_int,
    dtls: bool,
}

macro_rules! fixed {
    ($name:ident, $m:ident, $v:expr, $dtls:expr) => {
        static $name: FixedMethod = FixedMethod {
            base: MethodTag(Method::$m),
            version: $v,
            dtls: $dtls,
        };
    };
}
fixed!(TLS10_ANY, Any, 0x0301, false);
fixed!(TLS10_CLIENT, Client, 0x0301, false);
fixed!(TLS10_SERVER, Server, 0x0301, false);
fixed!(TLS11_ANY, Any, 0x0302, false);
fixed!(TLS11_CLIENT, Client, 0x0302, false);
fixed!(TLS11_SERVER, Server, 0x0302, false);
fixed!(TLS12_ANY, Any, 0x0303, false);
fixed!(TLS12_CLIENT, Client, 0x0303, false);
fixed!(TLS12_SERVER, Server, 0x0303, false);
fixed!(DTLS_ANY, Any, 0, true);
fixed!(DTLS_CLIENT, Client, 0, true);
fixed!(DTLS_SERVER, Server, 0, true);
// QUIC (OpenSSL 3.2's OSSL_QUIC_client_method): not spoken either.
fixed!(QUIC_CLIENT, Client, 0, true);
fixed!(QUIC_CLIENT_THREAD, Client, 0, true);

static FIXED: [&FixedMethod; 14] = [
    &TLS10_ANY,
    &TLS10_CLIENT,
    &TLS10_SERVER,
    &TLS11_ANY,
    &TLS11_CLIENT,
    &TLS11_SERVER,
    &TLS12_ANY,
    &TLS12_CLIENT,
    &TLS12_SERVER,
    &DTLS_ANY,
    &DTLS_CLIENT,
    &DTLS_SERVER,
    &QUIC_CLIENT,
    &QUIC_CLIENT_THREAD,
];

/// The QUIC client methods (see `entry::newer`).
pub(crate) fn quic_client_method(thread: bool) -> *const SSL_METHOD {
    meth(if thread {
        &QUIC_CLIENT_THREAD
    } else {
        &QUIC_CLIENT
    })
}

fn meth(m: &'static FixedMethod) -> *const SSL_METHOD {
    m as *const FixedMethod as *const SSL_METHOD
}

/// What `SSL_CTX_new` makes of a method that is not one of the three general ones:
/// `None` when it is none of ours, else the role and fixed version, or the reason a
/// context cannot be made (DTLS).
pub(crate) fn fixed_method(p: *const SSL_METHOD) -> Option<Result<(Method, c_int), Reason>> {
    let m = FIXED.iter().find(|m| std::ptr::eq(meth(m), p))?;
    if m.dtls {
        return Some(Err(Reason(r::SSL_R_UNSUPPORTED_PROTOCOL)));
    }
    Some(Ok((m.base.0, m.version)))
}

/// TLS 1.0 only, either role.
/// Compat: refused — contexts are made (as OpenSSL), but rustls has no TLS 1.0: every
/// handshake fails as OpenSSL 3.0 fails at security level 2 with TLS 1.0 only
/// (`SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM` on a client, no protocol on a server).
#[no_mangle]
pub extern "C" fn TLSv1_method() -> *const SSL_METHOD {
    meth(&TLS10_ANY)
}
/// TLS 1.0 only, client. See `TLSv1_method`.
/// Compat: refused — no TLS 1.0 in rustls; handshakes fail.
#[no_mangle]
pub extern "C" fn TLSv1_client_method() -> *const SSL_METHOD {
    meth(&TLS10_CLIENT)
}
/// TLS 1.0 only, server. See `TLSv1_method`.
/// Compat: refused — no TLS 1.0 in rustls; handshakes fail.
#[no_mangle]
pub extern "C" fn TLSv1_server_method() -> *const SSL_METHOD {
    meth(&TLS10_SERVER)
}
/// TLS 1.1 only, either role.
/// Compat: refused — no TLS 1.1 in rustls; contexts are made, handshakes fail as with
/// `TLSv1_method`.
#[no_mangle]
pub extern "C" fn TLSv1_1_method() -> *const SSL_METHOD {
    meth(&TLS11_ANY)
}
/// TLS 1.1 only, client.
/// Compat: refused — no TLS 1.1 in rustls; handshakes fail.
#[no_mangle]
pub extern "C" fn TLSv1_1_client_method() -> *const SSL_METHOD {
    meth(&TLS11_CLIENT)
}
/// TLS 1.1 only, server.
/// Compat: refused — no TLS 1.1 in rustls; handshakes fail.
#[no_mangle]
pub extern "C" fn TLSv1_1_server_method() -> *const SSL_METHOD {
    meth(&TLS11_SERVER)
}
/// TLS 1.2 only, either role: contexts negotiate TLS 1.2 and nothing else; protocol
/// bounds set on them are accepted and ignored, and read back as 0, as in OpenSSL.
/// Compat: deviation — `SSL_version` reports TLS 1.3 before the handshake (OpenSSL:
/// TLS 1.2).
#[no_mangle]
pub extern "C" fn TLSv1_2_method() -> *const SSL_METHOD {
    meth(&TLS12_ANY)
}
/// TLS 1.2 only, client. See `TLSv1_2_method`.
#[no_mangle]
pub extern "C" fn TLSv1_2_client_method() -> *const SSL_METHOD {
    meth(&TLS12_CLIENT)
}
/// TLS 1.2 only, server. See `TLSv1_2_method`.
#[no_mangle]
pub extern "C" fn TLSv1_2_server_method() -> *const SSL_METHOD {
    meth(&TLS12_SERVER)
}
/// DTLS, either role.
/// Compat: refused — no DTLS: `SSL_CTX_new` with it fails (NULL,
/// `SSL_R_UNSUPPORTED_PROTOCOL`) where OpenSSL makes a DTLS context.
#[no_mangle]
pub extern "C" fn DTLS_method() -> *const SSL_METHOD {
    meth(&DTLS_ANY)
}
/// DTLS client.
/// Compat: refused — no DTLS: `SSL_CTX_new` fails with `SSL_R_UNSUPPORTED_PROTOCOL`.
#[no_mangle]
pub extern "C" fn DTLS_client_method() -> *const SSL_METHOD {
    meth(&DTLS_CLIENT)
}
/// DTLS server.
/// Compat: refused — no DTLS: `SSL_CTX_new` fails with `SSL_R_UNSUPPORTED_PROTOCOL`.
#[no_mangle]
pub extern "C" fn DTLS_server_method() -> *const SSL_METHOD {
    meth(&DTLS_SERVER)
}
/// DTLS 1.0, either role (deprecated in OpenSSL 3.0).
/// Compat: refused — no DTLS: `SSL_CTX_new` fails with `SSL_R_UNSUPPORTED_PROTOCOL`.
#[no_mangle]
pub extern "C" fn DTLSv1_method() -> *const SSL_METHOD {
    meth(&DTLS_ANY)
}
/// DTLS 1.0 client (deprecated in OpenSSL 3.0).
/// Compat: refused — no DTLS: `SSL_CTX_new` fails with `SSL_R_UNSUPPORTED_PROTOCOL`.
#[no_mangle]
pub extern "C" fn DTLSv1_client_method() -> *const SSL_METHOD {
    meth(&DTLS_CLIENT)
}
/// DTLS 1.0 server (deprecated in OpenSSL 3.0).
/// Compat: refused — no DTLS: `SSL_CTX_new` fails with `SSL_R_UNSUPPORTED_PROTOCOL`.
#[no_mangle]
pub extern "C" fn DTLSv1_server_method() -> *const SSL_METHOD {
    meth(&DTLS_SERVER)
}

/// OpenSSL's `BIO_ADDR` (opaque; `DTLSv1_listen` never fills one).
pub enum BIO_ADDR {}

/// Wait for a DTLS ClientHello. Every connection here is TLS: -1, with
/// `SSL_R_BIO_NOT_SET` when a BIO is missing, else `SSL_R_UNSUPPORTED_SSL_VERSION`, as
/// OpenSSL answers for a TLS connection (after clearing the error queue).
/// Compat: deviation — OpenSSL first resets the connection (`SSL_clear`); this does not.
#[no_mangle]
pub extern "C" fn DTLSv1_listen(s: *mut SSL, client: *mut BIO_ADDR) -> c_int {
    boundary("DTLSv1_listen", -1, || {
        let h = try_handle!(SslHandle, s, -1, "DTLSv1_listen");
        let _ = client;
        error::clear();
        let (r, w) = h.shared.bio_mirror();
        let reason = if r == 0 || w == 0 {
            r::SSL_R_BIO_NOT_SET
        } else {
            r::SSL_R_UNSUPPORTED_SSL_VERSION
        };
        error::raise(Reason(reason), "DTLSv1_listen");
        -1
    })
}

/// The payload a DTLS record can carry: 0, as there is no DTLS connection (OpenSSL
/// reads DTLS state that a TLS connection lacks).
#[no_mangle]
pub extern "C" fn DTLS_get_data_mtu(s: *const SSL) -> usize {
    fixed_answer(s, "DTLS_get_data_mtu", 0)
}

/// Set the DTLS cookie callbacks (the server's stateless HelloVerifyRequest).
/// Compat: deviation — accepted and never called: no DTLS.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cookie_generate_cb(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(ssl: *mut SSL, cookie: *mut u8, cookie_len: *mut c_uint) -> c_int,
    >,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_cookie_generate_cb")
}

/// See `SSL_CTX_set_cookie_generate_cb`.
/// Compat: deviation — accepted and never called: no DTLS.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cookie_verify_cb(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(ssl: *mut SSL, cookie: *const u8, cookie_len: c_uint) -> c_int>,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_cookie_verify_cb")
}

/// OpenSSL's `SRTP_PROTECTION_PROFILE` (none is ever selected).
pub enum SRTP_PROTECTION_PROFILE {}

/// The SRTP profiles for DTLS-SRTP, a colon-separated list. Returns 0 (success) or 1
/// with OpenSSL's reason for an unknown or repeated name, as OpenSSL; never sent.
/// Compat: deviation — checked and never sent (DTLS-SRTP needs DTLS; OpenSSL also
/// sends use_srtp in TLS ClientHellos, which its own TLS server refuses: bad_extension).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_tlsext_use_srtp(ctx: *mut SSL_CTX, profiles: *const c_char) -> c_int {
    boundary("SSL_CTX_set_tlsext_use_srtp", 1, || {
        try_handle!(Context, ctx, 1, "SSL_CTX_set_tlsext_use_srtp");
        srtp_list(profiles, "SSL_CTX_set_tlsext_use_srtp")
    })
}

/// As `SSL_CTX_set_tlsext_use_srtp`, for one connection.
/// Compat: deviation — checked and never sent (see `SSL_CTX_set_tlsext_use_srtp`).
#[no_mangle]
pub extern "C" fn SSL_set_tlsext_use_srtp(s: *mut SSL, profiles: *const c_char) -> c_int {
    boundary("SSL_set_tlsext_use_srtp", 1, || {
        try_handle!(SslHandle, s, 1, "SSL_set_tlsext_use_srtp");
        srtp_list(profiles, "SSL_set_tlsext_use_srtp")
    })
}

fn srtp_list(profiles: *const c_char, func: &'static str) -> c_int {
    if profiles.is_null() {
        error::raise(Reason::NULL, func);
        return 1;
    }
    // SAFETY: the caller passes a NUL-terminated string.
    let list = unsafe { CStr::from_ptr(profiles) }.to_bytes();
    match core::srtp_profile_fault(list) {
        Some(reason) => {
            error::raise(Reason(reason), func);
            1
        }
        None => 0,
    }
}

/// The SRTP profile negotiated: NULL, as none ever is (no DTLS).
#[no_mangle]
pub extern "C" fn SSL_get_selected_srtp_profile(s: *mut SSL) -> *mut SRTP_PROTECTION_PROFILE {
    never_negotiated(s, "SSL_get_selected_srtp_profile")
}

/// Whether this library handles TLS extension `ext_type` itself: 1 for the extensions
/// rustls sends or parses, else 0.
/// Compat: deviation — OpenSSL also answers 1 for the extensions it has and rustls
/// lacks (SRP, use_srtp, NPN, encrypt_then_mac, post_handshake_auth, padding, SCT...).
#[no_mangle]
pub extern "C" fn SSL_extension_supported(ext_type: c_uint) -> c_int {
    boundary("SSL_extension_supported", 0, || {
        c_int::from(core::extension_handled(ext_type))
    })
}

/// Start a renegotiation. rustls never renegotiates: 0 with `SSL_R_NO_RENEGOTIATION`,
/// as OpenSSL answers under `SSL_OP_NO_RENEGOTIATION`.
/// Compat: refused — no renegotiation (OpenSSL schedules one on a TLS 1.2 connection).
#[no_mangle]
pub extern "C" fn SSL_renegotiate(s: *mut SSL) -> c_int {
    boundary("SSL_renegotiate", 0, || {
        try_handle!(SslHandle, s, 0, "SSL_renegotiate");
        error::raise(Reason(r::SSL_R_NO_RENEGOTIATION), "SSL_renegotiate");
        0
    })
}

/// `SSL_CTX_new` in a library context: with `libctx` NULL (or the default context),
/// `SSL_CTX_new(meth)`. A property query is accepted when it asks for nothing rustls's
/// cryptography cannot be said to meet: optional clauses (`?...`) and exclusions
/// (`provider!=fips`, as stunnel4 passes; `fips=no`, `-fips`).
/// Compat: deviation — another library context, or a query that requires something
/// (`fips=yes`, `provider=default`, ...), is refused (NULL with `ERR_R_UNSUPPORTED`):
/// the TLS cryptography is rustls's (aws-lc), not an OpenSSL provider's.
#[no_mangle]
pub extern "C" fn SSL_CTX_new_ex(
    libctx: *mut OSSL_LIB_CTX,
    propq: *const c_char,
    meth: *const SSL_METHOD,
) -> *mut SSL_CTX {
    boundary("SSL_CTX_new_ex", std::ptr::null_mut(), || {
        // SAFETY: a libcrypto function without arguments.
        let default = unsafe { OSSL_LIB_CTX_get0_global_default() };
        // SAFETY: propq is NULL or NUL-terminated.
        let query = if propq.is_null() {
            String::new()
        } else {
            unsafe { CStr::from_ptr(propq) }
                .to_string_lossy()
                .into_owned()
        };
        if (!libctx.is_null() && libctx as *mut c_void != default)
            || !crate::misc::query_only_excludes(&query)
        {
            error::raise(Reason(ERR_R_UNSUPPORTED), "SSL_CTX_new_ex");
            return std::ptr::null_mut();
        }
        super::ctx::SSL_CTX_new(meth)
    })
}

// ---- the security level --------------------------------------------------------------

/// Set the context's security level (kept as given; new connections copy it).
/// Compat: deviation — applied to what this library decides: peer certificates are
/// verified at that level (`X509_V_ERR_EE_KEY_TOO_SMALL`, `_CA_MD_TOO_WEAK`...), suites
/// and groups weaker than it are not offered or accepted, DH parameters are checked
/// against it; our own certificate and key are not checked when set (OpenSSL refuses
/// too small a key there with `SSL_R_EE_KEY_TOO_SMALL`).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_security_level(ctx: *mut SSL_CTX, level: c_int) {
    boundary("SSL_CTX_set_security_level", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_security_level");
        ctx.state().settings_mut().misc.security_level = level;
    })
}

/// The context's security level (2 by default).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_security_level(ctx: *const SSL_CTX) -> c_int {
    boundary("SSL_CTX_get_security_level", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_security_level");
        let l = ctx.state().settings.misc.security_level;
        l
    })
}

/// Set the connection's security level (see `SSL_CTX_set_security_level`).
/// Compat: deviation — applied as `SSL_CTX_set_security_level` describes.
#[no_mangle]
pub extern "C" fn SSL_set_security_level(s: *mut SSL, level: c_int) {
    boundary("SSL_set_security_level", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_security_level");
        h.shared.state().settings_mut().misc.security_level = level;
    })
}

/// The connection's security level.
#[no_mangle]
pub extern "C" fn SSL_get_security_level(s: *const SSL) -> c_int {
    boundary("SSL_get_security_level", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_get_security_level");
        let l = h.shared.state().settings.misc.security_level;
        l
    })
}

// ---- the PEM password callback -------------------------------------------------------

/// Set the callback that supplies the password of encrypted PEM private keys read by
/// `SSL_CTX_use_PrivateKey_file` (libcrypto's `pem_password_cb`). NULL: libcrypto's
/// default (it asks on the terminal).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_passwd_cb(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(buf: *mut c_char, size: c_int, rwflag: c_int, u: *mut c_void) -> c_int,
    >,
) {
    boundary("SSL_CTX_set_default_passwd_cb", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_default_passwd_cb");
        ctx.state().settings_mut().misc.passwd_cb = cb;
    })
}

/// Set the `userdata` argument the password callback receives.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_passwd_cb_userdata(ctx: *mut SSL_CTX, u: *mut c_void) {
    boundary("SSL_CTX_set_default_passwd_cb_userdata", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_default_passwd_cb_userdata");
        ctx.state().settings_mut().misc.passwd_userdata = u as usize;
    })
}

/// The context's password callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_default_passwd_cb(
    ctx: *mut SSL_CTX,
) -> Option<
    unsafe extern "C" fn(buf: *mut c_char, size: c_int, rwflag: c_int, u: *mut c_void) -> c_int,
> {
    boundary("SSL_CTX_get_default_passwd_cb", None, || {
        let ctx = try_handle!(Context, ctx, None, "SSL_CTX_get_default_passwd_cb");
        let cb = ctx.state().settings.misc.passwd_cb;
        cb
    })
}

/// The context's password callback argument, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_default_passwd_cb_userdata(ctx: *mut SSL_CTX) -> *mut c_void {
    boundary(
        "SSL_CTX_get_default_passwd_cb_userdata",
        std::ptr::null_mut(),
        || {
            let ctx = try_handle!(
                Context,
                ctx,
                std::ptr::null_mut(),
                "SSL_CTX_get_default_passwd_cb_userdata"
            );
            let u = ctx.state().settings.misc.passwd_userdata;
            u as *mut c_void
        },
    )
}

/// As `SSL_CTX_set_default_passwd_cb`, for `SSL_use_PrivateKey_file` on this connection.
#[no_mangle]
pub extern "C" fn SSL_set_default_passwd_cb(
    s: *mut SSL,
    cb: Option<
        unsafe extern "C" fn(buf: *mut c_char, size: c_int, rwflag: c_int, u: *mut c_void) -> c_int,
    >,
) {
    boundary("SSL_set_default_passwd_cb", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_default_passwd_cb");
        h.shared.state().settings_mut().misc.passwd_cb = cb;
    })
}

/// As `SSL_CTX_set_default_passwd_cb_userdata`, for this connection.
#[no_mangle]
pub extern "C" fn SSL_set_default_passwd_cb_userdata(s: *mut SSL, u: *mut c_void) {
    boundary("SSL_set_default_passwd_cb_userdata", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_default_passwd_cb_userdata");
        h.shared.state().settings_mut().misc.passwd_userdata = u as usize;
    })
}

/// The connection's password callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_default_passwd_cb(
    s: *mut SSL,
) -> Option<
    unsafe extern "C" fn(buf: *mut c_char, size: c_int, rwflag: c_int, u: *mut c_void) -> c_int,
> {
    boundary("SSL_get_default_passwd_cb", None, || {
        let h = try_handle!(SslHandle, s, None, "SSL_get_default_passwd_cb");
        let cb = h.shared.state().settings.misc.passwd_cb;
        cb
    })
}

/// The connection's password callback argument, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_default_passwd_cb_userdata(s: *mut SSL) -> *mut c_void {
    boundary(
        "SSL_get_default_passwd_cb_userdata",
        std::ptr::null_mut(),
        || {
            let h = try_handle!(
                SslHandle,
                s,
                std::ptr::null_mut(),
                "SSL_get_default_passwd_cb_userdata"
            );
            let u = h.shared.state().settings.misc.passwd_userdata;
            u as *mut c_void
        },
    )
}

/// The password callback and its argument, as libcrypto's PEM readers take them.
pub(crate) fn passwd_of(s: &Settings) -> (*mut c_void, *mut c_void) {
    let cb: Option<PemPasswordCb> = s.misc.passwd_cb;
    (
        cb.map_or(std::ptr::null_mut(), |f| f as *mut c_void),
        s.misc.passwd_userdata as *mut c_void,
    )
}

// ---- getters of callbacks, certificates and keys -------------------------------------

/// The context's verify callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_verify_callback(ctx: *const SSL_CTX) -> SSL_verify_cb {
    boundary("SSL_CTX_get_verify_callback", None, || {
        let ctx = try_handle!(Context, ctx, None, "SSL_CTX_get_verify_callback");
        let cb = ctx.state().settings.verify_cb;
        cb
    })
}

/// The connection's verify callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_verify_callback(s: *const SSL) -> SSL_verify_cb {
    boundary("SSL_get_verify_callback", None, || {
        let h = try_handle!(SslHandle, s, None, "SSL_get_verify_callback");
        let cb = h.shared.state().settings.verify_cb;
        cb
    })
}

fn leaf_ptr(id: &Identity) -> *mut X509 {
    id.chain
        .first()
        .map_or(std::ptr::null_mut(), |c| c.as_ptr())
}

fn key_ptr(id: &Identity) -> *mut EVP_PKEY {
    id.key.as_ref().map_or(std::ptr::null_mut(), |k| k.as_ptr())
}

/// The connection's certificate (borrowed), or NULL when none is set.
#[no_mangle]
pub extern "C" fn SSL_get_certificate(ssl: *const SSL) -> *mut X509 {
    boundary("SSL_get_certificate", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_certificate");
        let p = leaf_ptr(&h.shared.state().identity);
        p
    })
}

/// The connection's private key (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_privatekey(ssl: *const SSL) -> *mut EVP_PKEY {
    boundary("SSL_get_privatekey", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_privatekey");
        let p = key_ptr(&h.shared.state().identity);
        p
    })
}

/// The context's certificate (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_certificate(ctx: *const SSL_CTX) -> *mut X509 {
    boundary("SSL_CTX_get0_certificate", std::ptr::null_mut(), || {
        let ctx = try_handle!(
            Context,
            ctx,
            std::ptr::null_mut(),
            "SSL_CTX_get0_certificate"
        );
        let p = leaf_ptr(&ctx.state().identity);
        p
    })
}

/// The context's private key (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SSL_CTX) -> *mut EVP_PKEY {
    boundary("SSL_CTX_get0_privatekey", std::ptr::null_mut(), || {
        let ctx = try_handle!(
            Context,
            ctx,
            std::ptr::null_mut(),
            "SSL_CTX_get0_privatekey"
        );
        let p = key_ptr(&ctx.state().identity);
        p
    })
}

// ---- CA-name lists -------------------------------------------------------------------

/// The CA names the context's servers send with a certificate request (borrowed, valid
/// until the list changes); an empty list when none is set.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_client_CA_list(ctx: *const SSL_CTX) -> *mut stack_st_X509_NAME {
    boundary("SSL_CTX_get_client_CA_list", std::ptr::null_mut(), || {
        let ctx = try_handle!(
            Context,
            ctx,
            std::ptr::null_mut(),
            "SSL_CTX_get_client_CA_list"
        );
        let st = &mut *ctx.state();
        st.misc.ca_stack.get(&st.client_ca)
    })
}

/// On a server, the CA names it sends (its own list, else its context's); on a client,
/// the names the server's certificate request carried (empty before one). Borrowed.
#[no_mangle]
pub extern "C" fn SSL_get_client_CA_list(s: *const SSL) -> *mut stack_st_X509_NAME {
    boundary("SSL_get_client_CA_list", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, s, std::ptr::null_mut(), "SSL_get_client_CA_list");
        let server = h.is_server();
        let mut st = h.shared.state();
        let names = if !server {
            // Before a certificate request: no list, as OpenSSL.
            match &st.misc.peer_ca_names {
                Some(n) => n.clone(),
                None => return std::ptr::null_mut(),
            }
        } else if let Some(own) = &st.misc.client_ca {
            own.clone()
        } else {
            st.ctx.state().client_ca.clone()
        };
        st.misc.ca_stack.get(&names)
    })
}

/// Set the CA names this connection sends, taking over `name_list` (NULL: none).
#[no_mangle]
pub extern "C" fn SSL_set_client_CA_list(s: *mut SSL, name_list: *mut stack_st_X509_NAME) {
    boundary("SSL_set_client_CA_list", (), || {
        let names = if name_list.is_null() {
            Vec::new()
        } else {
            let n = super::certs::names_der(name_list);
            super::certs::free_names(name_list);
            n
        };
        let h = try_handle!(SslHandle, s, (), "SSL_set_client_CA_list");
        h.shared.state().misc.client_ca = Some(names);
    })
}

/// A copy of `sk` (new stack, duplicated names) the caller owns; NULL for NULL (with
/// `ERR_R_PASSED_NULL_PARAMETER`).
#[no_mangle]
pub extern "C" fn SSL_dup_CA_list(sk: *const stack_st_X509_NAME) -> *mut stack_st_X509_NAME {
    boundary("SSL_dup_CA_list", std::ptr::null_mut(), || {
        if sk.is_null() {
            error::raise(Reason::NULL, "SSL_dup_CA_list");
            return std::ptr::null_mut();
        }
        dup_names(sk)
    })
}

/// Add the subject name of each certificate in `certs` to `stack` unless it is there.
fn add_subjects(stack: *mut OPENSSL_STACK, certs: &[X509Obj]) {
    // SAFETY: stack is a valid STACK_OF(X509_NAME); pushed names are duplicates it owns.
    unsafe {
        for c in certs {
            let name = ffi::X509_get_subject_name(c.as_ptr());
            if name.is_null() {
                continue;
            }
            let present = (0..ffi::OPENSSL_sk_num(stack)).any(|i| {
                X509_NAME_cmp(
                    ffi::OPENSSL_sk_value(stack, i) as *const ffi::X509_NAME,
                    name,
                ) == 0
            });
            if !present {
                ffi::OPENSSL_sk_push(stack, ffi::X509_NAME_dup(name) as *const c_void);
            }
        }
    }
}

/// Add the subject names of the certificates in PEM `file` to `stack_cas` (those not
/// already there). Returns 1 (also for a file without certificates, as OpenSSL), or 0
/// when the file cannot be opened (the system error queued).
#[no_mangle]
pub extern "C" fn SSL_add_file_cert_subjects_to_stack(
    stack_cas: *mut stack_st_X509_NAME,
    file: *const c_char,
) -> c_int {
    boundary("SSL_add_file_cert_subjects_to_stack", 0, || {
        if stack_cas.is_null() || file.is_null() {
            error::raise(Reason::NULL, "SSL_add_file_cert_subjects_to_stack");
            return 0;
        }
        // SAFETY: file is NUL-terminated.
        let path = unsafe { CStr::from_ptr(file) }
            .to_string_lossy()
            .into_owned();
        if let Err(e) = std::fs::File::open(&path) {
            let errno = e.raw_os_error().unwrap_or(libc::EIO);
            error::raise_lib(
                error::ERR_LIB_SYS,
                errno,
                "SSL_add_file_cert_subjects_to_stack",
            );
            return 0;
        }
        if let Some(certs) = super::ctx::read_chain_file(file) {
            add_subjects(stack_cas, &certs);
        }
        error::clear();
        1
    })
}

/// Add the subject names of the certificates in every file of directory `dir`
/// (subdirectories skipped). Returns 1, or 0 when the directory or one of its files
/// cannot be read (the system error queued).
#[no_mangle]
pub extern "C" fn SSL_add_dir_cert_subjects_to_stack(
    stack_cas: *mut stack_st_X509_NAME,
    dir: *const c_char,
) -> c_int {
    boundary("SSL_add_dir_cert_subjects_to_stack", 0, || {
        if stack_cas.is_null() || dir.is_null() {
            error::raise(Reason::NULL, "SSL_add_dir_cert_subjects_to_stack");
            return 0;
        }
        // SAFETY: dir is NUL-terminated.
        let base = unsafe { CStr::from_ptr(dir) }
            .to_string_lossy()
            .into_owned();
        let entries = match std::fs::read_dir(&base) {
            Ok(e) => e,
            Err(e) => {
                let errno = e.raw_os_error().unwrap_or(libc::EIO);
                error::raise_lib(
                    error::ERR_LIB_SYS,
                    errno,
                    "SSL_add_dir_cert_subjects_to_stack",
                );
                return 0;
            }
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let path = format!("{}/{}", base, entry.file_name().to_string_lossy());
            let Ok(path) = std::ffi::CString::new(path) else {
                continue;
            };
            if SSL_add_file_cert_subjects_to_stack(stack_cas, path.as_ptr()) == 0 {
                return 0;
            }
        }
        1
    })
}

/// A copy of a `STACK_OF(X509_NAME)`: a new stack of duplicated names (NULL stays NULL).
fn dup_names(list: *const OPENSSL_STACK) -> *mut OPENSSL_STACK {
    if list.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: list is a valid stack of names; the copy owns duplicates of each.
    unsafe {
        let sk = ffi::OPENSSL_sk_new_null();
        if sk.is_null() {
            return sk;
        }
        for i in 0..ffi::OPENSSL_sk_num(list) {
            let n = ffi::OPENSSL_sk_value(list, i) as *const ffi::X509_NAME;
            let d = ffi::X509_NAME_dup(n);
            if d.is_null() {
                while ffi::OPENSSL_sk_num(sk) > 0 {
                    ffi::X509_NAME_free(ffi::OPENSSL_sk_pop(sk) as *mut ffi::X509_NAME);
                }
                ffi::OPENSSL_sk_free(sk);
                return std::ptr::null_mut();
            }
            ffi::OPENSSL_sk_push(sk, d as *const c_void);
        }
        sk
    }
}

/// Whether a key is strong enough for `level` (`SSL_CTX_set0_tmp_dh_pkey`'s check).
fn key_meets_level(pkey: *const ffi::EVP_PKEY, level: c_int) -> bool {
    let bits = core::level_bits(level);
    if bits == 0 {
        return true;
    }
    // SAFETY: pkey is NULL or a valid key; libcrypto returns a negative value for NULL.
    let have = unsafe { crate::misc::sys::EVP_PKEY_get_security_bits(pkey) };
    have >= bits
}

// ---- read-ahead, post-handshake auth, message callbacks ------------------------------

/// Set read-ahead (kept and reported).
/// Compat: deviation — read-ahead only changes how much is read at once; records are
/// always read one at a time here, so it changes nothing.
#[no_mangle]
pub extern "C" fn SSL_set_read_ahead(s: *mut SSL, yes: c_int) {
    boundary("SSL_set_read_ahead", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_read_ahead");
        h.shared.state().settings_mut().misc.read_ahead = yes;
    })
}

/// The read-ahead setting, as set.
#[no_mangle]
pub extern "C" fn SSL_get_read_ahead(s: *const SSL) -> c_int {
    boundary("SSL_get_read_ahead", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_get_read_ahead");
        let v = h.shared.state().settings.misc.read_ahead;
        v
    })
}

/// Allow post-handshake client authentication on new connections (kept).
/// Compat: deviation — rustls has no post-handshake authentication: a client never
/// offers it and a server never requests it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_post_handshake_auth(ctx: *mut SSL_CTX, val: c_int) {
    boundary("SSL_CTX_set_post_handshake_auth", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_post_handshake_auth");
        ctx.state().settings_mut().misc.post_handshake_auth = val;
    })
}

/// As `SSL_CTX_set_post_handshake_auth`, for one connection.
/// Compat: deviation — never offered (see `SSL_CTX_set_post_handshake_auth`).
#[no_mangle]
pub extern "C" fn SSL_set_post_handshake_auth(s: *mut SSL, val: c_int) {
    boundary("SSL_set_post_handshake_auth", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_post_handshake_auth");
        h.shared.state().settings_mut().misc.post_handshake_auth = val;
    })
}

/// Ask a TLS 1.3 client for its certificate after the handshake. Returns 0 with the
/// error OpenSSL gives: `SSL_R_WRONG_SSL_VERSION` unless TLS 1.3 was negotiated,
/// `SSL_R_NOT_SERVER` on a client, `SSL_R_STILL_IN_INIT` before the handshake
/// finished, else `SSL_R_EXTENSION_NOT_RECEIVED`.
/// Compat: refused — rustls has no post-handshake authentication; the last error is
/// reported even to a client that offered it.
#[no_mangle]
pub extern "C" fn SSL_verify_client_post_handshake(s: *mut SSL) -> c_int {
    boundary("SSL_verify_client_post_handshake", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_verify_client_post_handshake");
        let (version, finished) = {
            let c = h.lock();
            (c.version(), c.is_init_finished())
        };
        let reason = if version != Some(0x0304) {
            r::SSL_R_WRONG_SSL_VERSION
        } else if !h.is_server() {
            r::SSL_R_NOT_SERVER
        } else if !finished {
            r::SSL_R_STILL_IN_INIT
        } else {
            r::SSL_R_EXTENSION_NOT_RECEIVED
        };
        error::raise(Reason(reason), "SSL_verify_client_post_handshake");
        0
    })
}

fn msg_cb(
    cb: Option<
        unsafe extern "C" fn(
            write_p: c_int,
            version: c_int,
            content_type: c_int,
            buf: *const c_void,
            len: usize,
            ssl: *mut SSL,
            arg: *mut c_void,
        ),
    >,
) -> Option<MsgCb> {
    // SAFETY: the same C function type, with `SSL*` passed as `void*`.
    cb.map(|f| unsafe { std::mem::transmute::<_, MsgCb>(f) })
}

/// Set the protocol message callback (kept; `SSL_CTX_set_msg_callback_arg` sets its
/// argument).
/// Compat: deviation — never called: rustls does not show the handshake messages and
/// records it exchanges.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_msg_callback(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            write_p: c_int,
            version: c_int,
            content_type: c_int,
            buf: *const c_void,
            len: usize,
            ssl: *mut SSL,
            arg: *mut c_void,
        ),
    >,
) {
    boundary("SSL_CTX_set_msg_callback", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_msg_callback");
        ctx.state().settings_mut().misc.msg_cb = msg_cb(cb);
    })
}

/// As `SSL_CTX_set_msg_callback`, for one connection.
/// Compat: deviation — never called (see `SSL_CTX_set_msg_callback`).
#[no_mangle]
pub extern "C" fn SSL_set_msg_callback(
    ssl: *mut SSL,
    cb: Option<
        unsafe extern "C" fn(
            write_p: c_int,
            version: c_int,
            content_type: c_int,
            buf: *const c_void,
            len: usize,
            ssl: *mut SSL,
            arg: *mut c_void,
        ),
    >,
) {
    boundary("SSL_set_msg_callback", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_msg_callback");
        h.shared.state().settings_mut().misc.msg_cb = msg_cb(cb);
    })
}

// ---- early data (0-RTT): never negotiated -------------------------------------------

/// The most early data the context's servers would accept (as set; 0 by default).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_max_early_data(ctx: *const SSL_CTX) -> u32 {
    boundary("SSL_CTX_get_max_early_data", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_max_early_data");
        let v = ctx.state().settings.misc.max_early_data;
        v
    })
}

/// Set the most early data to accept. Returns 1.
/// Compat: deviation — kept and reported, but 0-RTT is never negotiated: servers
/// accept no early data (clients then send it again after the handshake, as TLS 1.3
/// requires) and `SSL_get_early_data_status` says `SSL_EARLY_DATA_NOT_SENT`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_max_early_data(ctx: *mut SSL_CTX, max_early_data: u32) -> c_int {
    boundary("SSL_CTX_set_max_early_data", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_max_early_data");
        ctx.state().settings_mut().misc.max_early_data = max_early_data;
        1
    })
}

/// As `SSL_CTX_set_max_early_data`, for one connection. Returns 1.
/// Compat: deviation — kept, never negotiated (see `SSL_CTX_set_max_early_data`).
#[no_mangle]
pub extern "C" fn SSL_set_max_early_data(s: *mut SSL, max_early_data: u32) -> c_int {
    boundary("SSL_set_max_early_data", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_set_max_early_data");
        h.shared.state().settings_mut().misc.max_early_data = max_early_data;
        1
    })
}

/// The connection's early-data limit, as set.
#[no_mangle]
pub extern "C" fn SSL_get_max_early_data(s: *const SSL) -> u32 {
    boundary("SSL_get_max_early_data", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_get_max_early_data");
        let v = h.shared.state().settings.misc.max_early_data;
        v
    })
}

/// `SSL_EARLY_DATA_NOT_SENT` (0): early data is never sent nor accepted here.
#[no_mangle]
pub extern "C" fn SSL_get_early_data_status(s: *const SSL) -> c_int {
    boundary("SSL_get_early_data_status", 0, || {
        try_handle!(SslHandle, s, 0, "SSL_get_early_data_status");
        0
    })
}

const READ_EARLY_DATA_ERROR: c_int = 0;
const READ_EARLY_DATA_FINISH: c_int = 2;

/// On a server, read early data. No early data is ever accepted here, so this runs the
/// handshake: `SSL_READ_EARLY_DATA_ERROR` (0) while it waits for I/O or fails
/// (`SSL_get_error` tells which), then `SSL_READ_EARLY_DATA_FINISH` (2) with
/// `*readbytes` 0; call `SSL_read` afterwards. On a client, or on a server whose
/// handshake was started otherwise: 0 with `ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED`.
/// Compat: deviation — the whole handshake completes inside this call (OpenSSL
/// returns once its own flight is written).
#[no_mangle]
pub extern "C" fn SSL_read_early_data(
    s: *mut SSL,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
) -> c_int {
    boundary("SSL_read_early_data", READ_EARLY_DATA_ERROR, || {
        let h = try_handle!(SslHandle, s, READ_EARLY_DATA_ERROR, "SSL_read_early_data");
        let _ = (buf, num);
        let early = h.shared.state().early;
        let not_allowed = || {
            error::raise(
                Reason(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED),
                "SSL_read_early_data",
            );
            READ_EARLY_DATA_ERROR
        };
        if !h.is_server() {
            return not_allowed();
        }
        match early {
            EarlyState::Finished => {
                return not_allowed();
            }
            EarlyState::None => {
                let mut c = h.lock();
                if !c.in_before() {
                    return not_allowed();
                }
                if c.role() != Some(Role::Server) {
                    c.set_role(Role::Server);
                }
            }
            EarlyState::Accepting => {}
        }
        h.shared.state().early = EarlyState::Accepting;
        let ret = super::io::SSL_do_handshake(s);
        if ret <= 0 {
            return READ_EARLY_DATA_ERROR;
        }
        h.shared.state().early = EarlyState::Finished;
        if !readbytes.is_null() {
            // SAFETY: an out-parameter from the caller.
            unsafe { *readbytes = 0 };
        }
        READ_EARLY_DATA_FINISH
    })
}

/// On a client, send early data. Returns 0 with `ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED`, as
/// OpenSSL does without a resumable session allowing early data (this library never
/// has one).
/// Compat: refused — no 0-RTT.
#[no_mangle]
pub extern "C" fn SSL_write_early_data(
    s: *mut SSL,
    buf: *const c_void,
    num: usize,
    written: *mut usize,
) -> c_int {
    boundary("SSL_write_early_data", 0, || {
        try_handle!(SslHandle, s, 0, "SSL_write_early_data");
        let _ = (buf, num, written);
        error::raise(
            Reason(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED),
            "SSL_write_early_data",
        );
        0
    })
}

// ---- async engines, renegotiation, kTLS, engines, SRP, PSK, NPN, custom extensions ---

/// The descriptors of async jobs: there are none (no async engine is ever used), so 0
/// is returned and `*numfds` is left alone, as OpenSSL does without an async context.
#[no_mangle]
pub extern "C" fn SSL_get_all_async_fds(s: *mut SSL, fds: *mut c_int, numfds: *mut usize) -> c_int {
    boundary("SSL_get_all_async_fds", 0, || {
        try_handle!(SslHandle, s, 0, "SSL_get_all_async_fds");
        let _ = (fds, numfds);
        0
    })
}

/// As `SSL_get_all_async_fds`: 0, the counts untouched.
#[no_mangle]
pub extern "C" fn SSL_get_changed_async_fds(
    s: *mut SSL,
    addfd: *mut c_int,
    numaddfds: *mut usize,
    delfd: *mut c_int,
    numdelfds: *mut usize,
) -> c_int {
    boundary("SSL_get_changed_async_fds", 0, || {
        try_handle!(SslHandle, s, 0, "SSL_get_changed_async_fds");
        let _ = (addfd, numaddfds, delfd, numdelfds);
        0
    })
}

/// 0: no async job is ever in progress.
#[no_mangle]
pub extern "C" fn SSL_waiting_for_async(s: *mut SSL) -> c_int {
    fixed_answer(s, "SSL_waiting_for_async", 0)
}

/// 0: no renegotiation is ever pending (rustls does not renegotiate).
#[no_mangle]
pub extern "C" fn SSL_renegotiate_pending(s: *const SSL) -> c_int {
    fixed_answer(s, "SSL_renegotiate_pending", 0)
}

/// Send a file through kernel TLS. Fails with -1 as OpenSSL does without kTLS:
/// `SSL_R_UNINITIALIZED` (and `SSL_R_PROTOCOL_IS_SHUTDOWN` after close_notify was sent).
/// Compat: refused — no kTLS.
#[no_mangle]
pub extern "C" fn SSL_sendfile(
    s: *mut SSL,
    fd: c_int,
    offset: i64,
    size: usize,
    flags: c_int,
) -> isize {
    boundary("SSL_sendfile", -1, || {
        let h = try_handle!(SslHandle, s, -1, "SSL_sendfile");
        let _ = (fd, offset, size, flags);
        let shut = {
            let c = h.lock();
            c.role().is_some() && c.shutdown_flags() & crate::consts::SSL_SENT_SHUTDOWN != 0
        };
        let reason = if shut {
            Reason::PROTOCOL_IS_SHUTDOWN
        } else {
            Reason::UNINITIALIZED
        };
        error::raise(reason, "SSL_sendfile");
        -1
    })
}

/// Use an engine's client-certificate function. Returns 0.
/// Compat: refused — no engine client-certificate methods: 0 with
/// `SSL_R_NO_CLIENT_CERT_METHOD` (`ERR_R_PASSED_NULL_PARAMETER` for a NULL engine).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_cert_engine(ctx: *mut SSL_CTX, e: *mut ENGINE) -> c_int {
    boundary("SSL_CTX_set_client_cert_engine", 0, || {
        try_handle!(Context, ctx, 0, "SSL_CTX_set_client_cert_engine");
        let reason = if e.is_null() {
            Reason::NULL
        } else {
            Reason(r::SSL_R_NO_CLIENT_CERT_METHOD)
        };
        error::raise(reason, "SSL_CTX_set_client_cert_engine");
        0
    })
}

/// Set the SRP user name. Returns 0.
/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED` (OpenSSL stores it).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_username(ctx: *mut SSL_CTX, name: *mut c_char) -> c_int {
    boundary("SSL_CTX_set_srp_username", 0, || {
        try_handle!(Context, ctx, 0, "SSL_CTX_set_srp_username");
        let _ = name;
        error::raise(Reason(ERR_R_UNSUPPORTED), "SSL_CTX_set_srp_username");
        0
    })
}

/// Set the SRP password. Returns 0.
/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_password(ctx: *mut SSL_CTX, password: *mut c_char) -> c_int {
    boundary("SSL_CTX_set_srp_password", 0, || {
        try_handle!(Context, ctx, 0, "SSL_CTX_set_srp_password");
        let _ = password;
        error::raise(Reason(ERR_R_UNSUPPORTED), "SSL_CTX_set_srp_password");
        0
    })
}

/// Set the client's PSK callback.
/// Compat: deviation — accepted and never called: no PSK suites are offered (a cipher
/// string selecting only PSK suites is refused by `SSL_CTX_set_cipher_list`).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_client_callback(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            hint: *const c_char,
            identity: *mut c_char,
            max_identity_len: c_uint,
            psk: *mut u8,
            max_psk_len: c_uint,
        ) -> c_uint,
    >,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_psk_client_callback")
}

/// The identity hint a server sends with a PSK suite. Returns 1; 0 for a hint longer
/// than `PSK_MAX_IDENTITY_LEN` (`SSL_R_DATA_LENGTH_TOO_LONG`), as OpenSSL.
/// Compat: deviation — accepted and never sent: no PSK suites are negotiated.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_psk_identity_hint(
    ctx: *mut SSL_CTX,
    identity_hint: *const c_char,
) -> c_int {
    boundary("SSL_CTX_use_psk_identity_hint", 0, || {
        try_handle!(Context, ctx, 0, "SSL_CTX_use_psk_identity_hint");
        if !identity_hint.is_null() {
            // SAFETY: the caller passes a NUL-terminated string.
            let len = unsafe { CStr::from_ptr(identity_hint) }.to_bytes().len();
            if len > crate::consts::PSK_MAX_IDENTITY_LEN as usize {
                error::raise(
                    Reason(r::SSL_R_DATA_LENGTH_TOO_LONG),
                    "SSL_CTX_use_psk_identity_hint",
                );
                return 0;
            }
        }
        1
    })
}

/// Set the server's PSK callback.
/// Compat: deviation — accepted and never called: no PSK suites are negotiated.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_server_callback(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            identity: *const c_char,
            psk: *mut u8,
            max_psk_len: c_uint,
        ) -> c_uint,
    >,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_psk_server_callback")
}

/// Set the TLS 1.3 server's external-PSK lookup.
/// Compat: deviation — accepted and never called: no PSK is negotiated.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_find_session_callback(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            identity: *const u8,
            identity_len: usize,
            sess: *mut *mut super::session::SSL_SESSION,
        ) -> c_int,
    >,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_psk_find_session_callback")
}

/// OpenSSL's `EVP_MD` (opaque).
pub enum EVP_MD {}

/// Set the TLS 1.3 client's external-PSK choice.
/// Compat: deviation — accepted and never called: no PSK is offered (OpenSSL calls it
/// for each ClientHello and aborts the handshake when it returns 0).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_use_session_callback(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            md: *const EVP_MD,
            id: *mut *const u8,
            idlen: *mut usize,
            sess: *mut *mut super::session::SSL_SESSION,
        ) -> c_int,
    >,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_psk_use_session_callback")
}

/// OpenSSL's custom-extension callback types (`<openssl/ssl.h>`).
#[allow(non_camel_case_types)]
pub type custom_ext_add_cb = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        out: *mut *const u8,
        outlen: *mut usize,
        al: *mut c_int,
        add_arg: *mut c_void,
    ) -> c_int,
>;
#[allow(non_camel_case_types)]
pub type custom_ext_free_cb = Option<
    unsafe extern "C" fn(s: *mut SSL, ext_type: c_uint, out: *const u8, add_arg: *mut c_void),
>;
#[allow(non_camel_case_types)]
pub type custom_ext_parse_cb = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        inp: *const u8,
        inlen: usize,
        al: *mut c_int,
        parse_arg: *mut c_void,
    ) -> c_int,
>;

/// Both custom-extension adders: rustls cannot add or parse arbitrary extensions.
fn refuse_custom_ext(ctx: *mut SSL_CTX, func: &'static str) -> c_int {
    boundary(func, 0, || {
        try_handle!(Context, ctx, 0, func);
        error::raise(Reason(ERR_R_UNSUPPORTED), func);
        0
    })
}

/// Add a custom TLS extension to the server's hellos. Returns 0.
/// Compat: refused — rustls cannot add or parse arbitrary extensions: 0 with
/// `ERR_R_UNSUPPORTED` (OpenSSL returns 1 for types it does not handle itself).
#[no_mangle]
pub extern "C" fn SSL_CTX_add_server_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    add_cb: custom_ext_add_cb,
    free_cb: custom_ext_free_cb,
    add_arg: *mut c_void,
    parse_cb: custom_ext_parse_cb,
    parse_arg: *mut c_void,
) -> c_int {
    let _ = (ext_type, add_cb, free_cb, add_arg, parse_cb, parse_arg);
    refuse_custom_ext(ctx, "SSL_CTX_add_server_custom_ext")
}

/// Add a custom TLS extension to the client's hellos. Returns 0.
/// Compat: refused — rustls cannot add or parse arbitrary extensions: 0 with
/// `ERR_R_UNSUPPORTED` (OpenSSL returns 1 for types it does not handle itself).
#[no_mangle]
pub extern "C" fn SSL_CTX_add_client_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    add_cb: custom_ext_add_cb,
    free_cb: custom_ext_free_cb,
    add_arg: *mut c_void,
    parse_cb: custom_ext_parse_cb,
    parse_arg: *mut c_void,
) -> c_int {
    let _ = (ext_type, add_cb, free_cb, add_arg, parse_cb, parse_arg);
    refuse_custom_ext(ctx, "SSL_CTX_add_client_custom_ext")
}

/// Set the client's NPN selection callback.
/// Compat: deviation — accepted and never called: rustls has no NPN (ALPN replaced it).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_next_proto_select_cb(
    s: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            s: *mut SSL,
            out: *mut *mut u8,
            outlen: *mut u8,
            inp: *const u8,
            inlen: c_uint,
            arg: *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) {
    boundary("SSL_CTX_set_next_proto_select_cb", (), || {
        try_handle!(Context, s, (), "SSL_CTX_set_next_proto_select_cb");
        let _ = (cb, arg);
    })
}

/// Set the server's NPN advertisement callback.
/// Compat: deviation — accepted and never called: no NPN.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_next_protos_advertised_cb(
    s: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            out: *mut *const u8,
            outlen: *mut c_uint,
            arg: *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) {
    boundary("SSL_CTX_set_next_protos_advertised_cb", (), || {
        try_handle!(Context, s, (), "SSL_CTX_set_next_protos_advertised_cb");
        let _ = (cb, arg);
    })
}

/// The protocol NPN negotiated: never any, so `*data` = NULL and `*len` = 0.
#[no_mangle]
pub extern "C" fn SSL_get0_next_proto_negotiated(
    s: *const SSL,
    data: *mut *const u8,
    len: *mut c_uint,
) {
    boundary("SSL_get0_next_proto_negotiated", (), || {
        try_handle!(SslHandle, s, (), "SSL_get0_next_proto_negotiated");
        // SAFETY: out-parameters from the caller (NULL ones skipped).
        unsafe {
            if !data.is_null() {
                *data = std::ptr::null();
            }
            if !len.is_null() {
                *len = 0;
            }
        }
    })
}

// ---- DH parameters (no DHE suites) ---------------------------------------------------

/// Set the DH parameters for DHE suites, taking over `dhpkey` on success. Returns 1, or
/// 0 with `SSL_R_DH_KEY_TOO_SMALL` when the key is weaker than the security level
/// (NULL is, except at level 0), leaving `dhpkey` to the caller.
/// Compat: deviation — no DHE suite is ever negotiated (rustls has none): the
/// parameters are checked, taken and freed, and never used.
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_tmp_dh_pkey(ctx: *mut SSL_CTX, dhpkey: *mut EVP_PKEY) -> c_int {
    boundary("SSL_CTX_set0_tmp_dh_pkey", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set0_tmp_dh_pkey");
        let level = ctx.state().settings.misc.security_level;
        take_dh(dhpkey, level, "SSL_CTX_set0_tmp_dh_pkey")
    })
}

/// As `SSL_CTX_set0_tmp_dh_pkey`, for one connection.
/// Compat: deviation — checked, taken and freed, never used (no DHE suites).
#[no_mangle]
pub extern "C" fn SSL_set0_tmp_dh_pkey(s: *mut SSL, dhpkey: *mut EVP_PKEY) -> c_int {
    boundary("SSL_set0_tmp_dh_pkey", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_set0_tmp_dh_pkey");
        let level = h.shared.state().settings.misc.security_level;
        take_dh(dhpkey, level, "SSL_set0_tmp_dh_pkey")
    })
}

fn take_dh(dhpkey: *mut EVP_PKEY, level: c_int, func: &'static str) -> c_int {
    if !key_meets_level(dhpkey, level) {
        error::raise(Reason(r::SSL_R_DH_KEY_TOO_SMALL), func);
        return 0;
    }
    // SAFETY: the caller hands the key over on success; we have no use for it.
    drop(unsafe { PKey::from_owned(dhpkey) });
    1
}

// ---- the certificate callback --------------------------------------------------------

fn cert_cb(
    cb: Option<unsafe extern "C" fn(ssl: *mut SSL, arg: *mut c_void) -> c_int>,
) -> Option<CertCb> {
    // SAFETY: the same C function type, with `SSL*` passed as `void*`.
    cb.map(|f| unsafe { std::mem::transmute::<_, CertCb>(f) })
}

/// Set the certificate callback for new connections. A server calls it once the
/// ClientHello is in (after the servername callback, before ALPN selection); it may
/// choose the certificate with `SSL_use_certificate` / `SSL_use_PrivateKey` and
/// returns 1 to go on, 0 to fail the handshake (internal_error alert,
/// `SSL_R_CERT_CB_ERROR`). A client calls it when the server asks for a certificate,
/// before the client-certificate callback.
/// Compat: deviation — a negative result (OpenSSL: suspend and retry) fails the
/// handshake like 0; a client whose callback fails sends no certificate instead of
/// aborting the handshake.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cert_cb(
    c: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(ssl: *mut SSL, arg: *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    boundary("SSL_CTX_set_cert_cb", (), || {
        let ctx = try_handle!(Context, c, (), "SSL_CTX_set_cert_cb");
        let mut st = ctx.state();
        let m = &mut st.settings_mut().misc;
        m.cert_cb = cert_cb(cb);
        m.cert_cb_arg = arg as usize;
    })
}

/// As `SSL_CTX_set_cert_cb`, for one connection.
/// Compat: deviation — as `SSL_CTX_set_cert_cb`.
#[no_mangle]
pub extern "C" fn SSL_set_cert_cb(
    s: *mut SSL,
    cb: Option<unsafe extern "C" fn(ssl: *mut SSL, arg: *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    boundary("SSL_set_cert_cb", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_cert_cb");
        let mut st = h.shared.state();
        let m = &mut st.settings_mut().misc;
        m.cert_cb = cert_cb(cb);
        m.cert_cb_arg = arg as usize;
    })
}

// ---- controls ------------------------------------------------------------------------

const SSL_CTRL_SET_TMP_DH: c_int = 3;
const SSL_CTRL_SET_TMP_ECDH: c_int = 4;
const SSL_CTRL_EXTRA_CHAIN_CERT: c_int = 14;
const SSL_CTRL_SET_MSG_CALLBACK: c_int = 15;
const SSL_CTRL_SET_MSG_CALLBACK_ARG: c_int = 16;
const SSL_CTRL_GET_READ_AHEAD: c_int = 40;
const SSL_CTRL_SET_READ_AHEAD: c_int = 41;
const SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB: c_int = 63;
const SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG: c_int = 64;
const SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE: c_int = 65;
const SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP: c_int = 70;
const SSL_CTRL_GET_EXTRA_CHAIN_CERTS: c_int = 82;
const SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS: c_int = 83;
const SSL_CTRL_CHAIN: c_int = 88;
const SSL_CTRL_CHAIN_CERT: c_int = 89;
const SSL_CTRL_GET_GROUPS: c_int = 90;
const SSL_CTRL_BUILD_CERT_CHAIN: c_int = 105;
const SSL_CTRL_GET_PEER_TMP_KEY: c_int = 109;
const SSL_CTRL_GET_CHAIN_CERTS: c_int = 115;
const SSL_CTRL_SELECT_CURRENT_CERT: c_int = 116;
const SSL_CTRL_SET_CURRENT_CERT: c_int = 117;
const SSL_CTRL_SET_DH_AUTO: c_int = 118;
const SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE: c_int = 127;
const SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB: c_int = 128;
const SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG: c_int = 129;
const SSL_CERT_SET_FIRST: c_long = 1;

/// The controls on settings a context and a connection share. `None`: not one of them.
fn settings_ctrl(
    s: &mut Settings,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
    func: &'static str,
) -> Option<c_long> {
    let m = &mut s.misc;
    Some(match cmd {
        SSL_CTRL_GET_READ_AHEAD => m.read_ahead as c_long,
        SSL_CTRL_SET_READ_AHEAD => {
            let old = m.read_ahead;
            m.read_ahead = larg as c_int;
            old as c_long
        }
        SSL_CTRL_SET_MSG_CALLBACK_ARG => {
            m.msg_cb_arg = parg as usize;
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE => {
            m.status_type = larg as c_int;
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE => m.status_type as c_long,
        // No DHE suites: automatic DH parameters have nothing to apply to.
        SSL_CTRL_SET_DH_AUTO => 1,
        SSL_CTRL_SET_TMP_DH => {
            if parg.is_null() {
                error::raise(Reason::NULL, func);
                return Some(0);
            }
            let bits = core::level_bits(m.security_level);
            // SAFETY: parg is the caller's DH; only read.
            if bits > 0 && unsafe { DH_security_bits(parg) } < bits {
                error::raise(Reason(r::SSL_R_DH_KEY_TOO_SMALL), func);
                return Some(0);
            }
            1
        }
        SSL_CTRL_SET_TMP_ECDH => {
            if parg.is_null() {
                error::raise(Reason::NULL, func);
                return Some(0);
            }
            // SAFETY: parg is the caller's EC_KEY; only read.
            let group = unsafe { EC_KEY_get0_group(parg) };
            if group.is_null() {
                error::raise(Reason(r::SSL_R_MISSING_PARAMETERS), func);
                return Some(0);
            }
            // SAFETY: a group of that key.
            let id = match unsafe { EC_GROUP_get_curve_name(group) } {
                415 => 0x0017,
                715 => 0x0018,
                716 => 0x0019,
                _ => {
                    error::raise(Reason(r::SSL_R_UNSUPPORTED_ELLIPTIC_CURVE), func);
                    return Some(0);
                }
            };
            s.groups = vec![id];
            1
        }
        _ => return None,
    })
}

/// The certificate-chain controls, on the context's or a connection's certificate.
fn chain_ctrl(
    id: &mut Identity,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
    cache: &mut Option<X509Stack>,
    func: &'static str,
) -> Option<c_long> {
    Some(match cmd {
        SSL_CTRL_CHAIN => {
            if id.chain.is_empty() {
                error::raise(Reason(r::SSL_R_NO_CERTIFICATE_SET), func);
                return Some(0);
            }
            let sk = parg as *mut OPENSSL_STACK;
            let mut certs = Vec::new();
            if !sk.is_null() {
                // SAFETY: a STACK_OF(X509): set0 hands over the stack and its
                // references, set1 lends them.
                unsafe {
                    for i in 0..ffi::OPENSSL_sk_num(sk) {
                        let x = ffi::OPENSSL_sk_value(sk, i) as *mut X509;
                        if let Some(x) = X509Obj::from_borrowed(x) {
                            certs.push(x);
                        }
                    }
                    if larg == 0 {
                        while ffi::OPENSSL_sk_num(sk) > 0 {
                            ffi::X509_free(ffi::OPENSSL_sk_pop(sk) as *mut X509);
                        }
                        ffi::OPENSSL_sk_free(sk);
                    }
                }
            }
            id.chain.truncate(1);
            for c in certs {
                id.add_chain_cert(c);
            }
            if id.chain.len() == 1 {
                // Rebuild the rustls form without the old intermediates.
                let leaf = id.chain[0].clone();
                id.set_cert(leaf);
            }
            1
        }
        SSL_CTRL_CHAIN_CERT => {
            if parg.is_null() {
                error::raise(Reason::NULL, func);
                return Some(0);
            }
            if id.chain.is_empty() {
                error::raise(Reason(r::SSL_R_NO_CERTIFICATE_SET), func);
                return Some(0);
            }
            // SAFETY: an X509: add0 hands over a reference, add1 lends it.
            let x = unsafe {
                if larg == 0 {
                    X509Obj::from_owned(parg as *mut X509)
                } else {
                    X509Obj::from_borrowed(parg as *mut X509)
                }
            };
            if let Some(x) = x {
                id.add_chain_cert(x);
            }
            1
        }
        SSL_CTRL_GET_CHAIN_CERTS => {
            if parg.is_null() {
                error::raise(Reason::NULL, func);
                return Some(0);
            }
            *cache = (id.chain.len() > 1)
                .then(|| X509Stack::new(&id.chain[1..]))
                .flatten();
            let p = cache.as_ref().map_or(std::ptr::null_mut(), |s| s.as_ptr());
            // SAFETY: parg is a STACK_OF(X509)** out-parameter.
            unsafe { *(parg as *mut *mut OPENSSL_STACK) = p };
            1
        }
        SSL_CTRL_SELECT_CURRENT_CERT => {
            let leaf = id.chain.first().map(|c| c.as_ptr());
            (!parg.is_null() && leaf == Some(parg as *mut X509)) as c_long
        }
        SSL_CTRL_SET_CURRENT_CERT => {
            (larg == SSL_CERT_SET_FIRST && !id.chain.is_empty() && id.key.is_some()) as c_long
        }
        SSL_CTRL_BUILD_CERT_CHAIN => {
            // Compat: chains are built from the trust store at each handshake instead
            // (unless SSL_MODE_NO_AUTO_CHAIN); building one ahead is not supported.
            error::raise(Reason(ERR_R_UNSUPPORTED), func);
            0
        }
        _ => return None,
    })
}

/// `SSL_CTX_ctrl` commands of this module: read-ahead (`SSL_CTX_set_read_ahead` returns
/// the old value), the message callback argument, OCSP status type and callback
/// argument (kept), DH and ECDH parameters (`SSL_CTX_set_tmp_dh`: checked against the
/// security level, unused; `SSL_CTX_set_tmp_ecdh`: selects that curve's group),
/// `SSL_CTX_set_dh_auto` (1), extra chain certificates (`SSL_CTX_add_extra_chain_cert`
/// takes the certificate; `SSL_CTX_get_extra_chain_certs` gives them, or with none the
/// certificate's own chain), chain controls (`SSL_CTX_set0/1_chain`,
/// `SSL_CTX_add0/1_chain_cert`, `SSL_CTX_get0_chain_certs`, `SSL_CTX_select_current_cert`,
/// `SSL_CTX_set_current_cert`). `SSL_CTX_build_cert_chain` fails with
/// `ERR_R_UNSUPPORTED`. `None`: not one of these.
pub(crate) fn ctx_ctrl(
    ctx: &Context,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> Option<c_long> {
    const F: &str = "SSL_CTX_ctrl";
    let mut st = ctx.state();
    if let Some(r) = settings_ctrl(st.settings_mut(), cmd, larg, parg, F) {
        return Some(r);
    }
    let st = &mut *st;
    Some(match cmd {
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG => {
            st.misc.status_arg = parg as usize;
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB | SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG => {
            if parg.is_null() {
                error::raise(Reason::NULL, F);
                return Some(0);
            }
            let v = if cmd == SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB {
                st.misc
                    .status_cb
                    .map_or(std::ptr::null_mut(), |f| f as *mut c_void)
            } else {
                st.misc.status_arg as *mut c_void
            };
            // SAFETY: an out-parameter of pointer size.
            unsafe { *(parg as *mut *mut c_void) = v };
            1
        }
        SSL_CTRL_EXTRA_CHAIN_CERT => {
            // SAFETY: the caller hands over one reference to an X509.
            match unsafe { X509Obj::from_owned(parg as *mut X509) } {
                Some(x) => {
                    st.misc.extra_certs.push(x);
                    1
                }
                None => {
                    error::raise(Reason::NULL, F);
                    0
                }
            }
        }
        SSL_CTRL_GET_EXTRA_CHAIN_CERTS => {
            if parg.is_null() {
                error::raise(Reason::NULL, F);
                return Some(0);
            }
            let certs: &[X509Obj] = if st.misc.extra_certs.is_empty() && larg == 0 {
                st.identity.chain.get(1..).unwrap_or(&[])
            } else {
                &st.misc.extra_certs
            };
            st.misc.extra_stack = (!certs.is_empty()).then(|| X509Stack::new(certs)).flatten();
            let p = st
                .misc
                .extra_stack
                .as_ref()
                .map_or(std::ptr::null_mut(), |s| s.as_ptr());
            // SAFETY: parg is a STACK_OF(X509)** out-parameter.
            unsafe { *(parg as *mut *mut OPENSSL_STACK) = p };
            1
        }
        SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS => {
            st.misc.extra_certs.clear();
            1
        }
        _ => {
            return chain_ctrl(
                std::sync::Arc::make_mut(&mut st.identity),
                cmd,
                larg,
                parg,
                &mut st.misc.chain_stack,
                F,
            )
        }
    })
}

/// `SSL_ctrl` commands of this module: those of `ctx_ctrl` that apply to one connection
/// (read-ahead, message callback argument, OCSP status type, DH/ECDH parameters, chain
/// controls), `SSL_get1_groups` (on a server, the groups the client offered, as NIDs;
/// the count, and the NIDs in `parg` when not NULL), `SSL_get_peer_tmp_key` (0: the
/// peer's ephemeral key is not available) and `SSL_get_tlsext_status_ocsp_resp` (-1,
/// `*parg` NULL: no OCSP response is ever received).
pub(crate) fn ssl_ctrl(
    h: &SslHandle,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> Option<c_long> {
    const F: &str = "SSL_ctrl";
    match cmd {
        SSL_CTRL_GET_GROUPS => {
            if !h.is_server() {
                return Some(0);
            }
            let peer = h.shared.peer_groups();
            if !parg.is_null() {
                for (i, g) in peer.iter().enumerate() {
                    // SAFETY: the caller's array has room for the count it asked for.
                    unsafe { *(parg as *mut c_int).add(i) = crate::cipher::group_nid(*g) as c_int };
                }
            }
            return Some(peer.len() as c_long);
        }
        SSL_CTRL_GET_PEER_TMP_KEY => return Some(0),
        // SSL_get_peer_signature_nid: the digest of the peer's handshake signature.
        SSL_CTRL_GET_PEER_SIGNATURE_NID => {
            let Some((_, hash)) = h.shared.peer_sig_scheme().and_then(scheme_nids) else {
                return Some(0);
            };
            if !parg.is_null() {
                // SAFETY: an int out-parameter.
                unsafe { *(parg as *mut c_int) = hash };
            }
            return Some(1);
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP => {
            if !parg.is_null() {
                // SAFETY: an out-parameter of pointer size.
                unsafe { *(parg as *mut *const u8) = std::ptr::null() };
            }
            return Some(-1);
        }
        _ => {}
    }
    let mut st = h.shared.state();
    if let Some(r) = settings_ctrl(st.settings_mut(), cmd, larg, parg, F) {
        return Some(r);
    }
    let st = &mut *st;
    let mut cache = None;
    let r = chain_ctrl(st.identity_mut(), cmd, larg, parg, &mut cache, F);
    if cache.is_some() {
        // SSL_get0_chain_certs: the stack lives with the connection.
        st.misc.chain_stack = cache;
    }
    r
}

/// `SSL_CTX_callback_ctrl` commands of this module: `SSL_CTRL_SET_MSG_CALLBACK` (as
/// `SSL_CTX_set_msg_callback`) and `SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB`
/// (`SSL_CTX_set_tlsext_status_cb`: kept, returns 1).
/// Compat: deviation — the OCSP status callback is never called: no OCSP response is
/// stapled.
pub(crate) fn ctx_callback_ctrl(
    ctx: &Context,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> Option<c_long> {
    match cmd {
        SSL_CTRL_SET_MSG_CALLBACK => {
            ctx.state().settings_mut().misc.msg_cb = msg_cb_of(fp);
            Some(1)
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB => {
            // SAFETY: the application passes a status callback cast to void(*)(void).
            ctx.state().misc.status_cb =
                fp.map(|f| unsafe { std::mem::transmute::<_, core::StatusCb>(f) });
            Some(1)
        }
        _ => None,
    }
}

/// `SSL_callback_ctrl`'s commands: the per-connection form of `ctx_callback_ctrl`'s
/// `SSL_CTRL_SET_MSG_CALLBACK`; 0 for the others.
pub(crate) fn ssl_callback_ctrl(
    h: &SslHandle,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    match cmd {
        SSL_CTRL_SET_MSG_CALLBACK => {
            h.shared.state().settings_mut().misc.msg_cb = msg_cb_of(fp);
            1
        }
        _ => 0,
    }
}

/// A message callback passed through a `*_callback_ctrl` as `void (*)(void)`.
fn msg_cb_of(fp: Option<unsafe extern "C" fn()>) -> Option<MsgCb> {
    // SAFETY: the application passes a message callback cast to void(*)(void).
    fp.map(|f| unsafe { std::mem::transmute::<_, MsgCb>(f) })
}

// ---- what openssl(1) imports besides ------------------------------------------------
//
// The command-line tool links against every one of these, so it cannot start without
// them; most serve options this library has no feature for (DANE, CT validation, SRP,
// stateless HelloRetryRequest, max fragment length, server info), and fail as OpenSSL
// fails when a feature is missing or not enabled.

/// libcrypto's `BIGNUM`, `CTLOG_STORE` and `STACK_OF(SCT)` (opaque; never made here).
pub struct BIGNUM {
    _private: [u8; 0],
}
pub struct CTLOG_STORE {
    _private: [u8; 0],
}
pub struct stack_st_SCT {
    _private: [u8; 0],
}

/// `SSL_CTRL_GET_PEER_SIGNATURE_NID` (`SSL_get_peer_signature_nid`).
const SSL_CTRL_GET_PEER_SIGNATURE_NID: c_int = 108;

/// A context function for a feature this library does not have: 0 and
/// `ERR_R_UNSUPPORTED` (an error for a NULL context).
pub(crate) fn unsupported_ctx(ctx: *const SSL_CTX, func: &'static str) -> c_int {
    boundary(func, 0, || {
        try_handle!(Context, ctx, 0, func);
        error::raise(Reason(ERR_R_UNSUPPORTED), func);
        0
    })
}

/// As `unsupported_ctx`, for a connection, returning `fail`.
fn unsupported_ssl(s: *const SSL, func: &'static str, fail: c_int) -> c_int {
    boundary(func, fail, || {
        try_handle!(SslHandle, s, fail, func);
        error::raise(Reason(ERR_R_UNSUPPORTED), func);
        fail
    })
}

/// The (signature type, digest) NIDs of a TLS signature scheme, as OpenSSL reports
/// them (`EVP_PKEY_RSA`, `EVP_PKEY_RSA_PSS`, `EVP_PKEY_EC`, `NID_ED25519`; the digest
/// `NID_undef` for EdDSA).
pub(crate) fn scheme_nids(scheme: u16) -> Option<(c_int, c_int)> {
    const RSA: c_int = 6;
    const RSA_PSS: c_int = 912;
    const EC: c_int = 408;
    const ED25519: c_int = 1087;
    const ED448: c_int = 1088;
    const SHA1: c_int = 64;
    const SHA256: c_int = 672;
    const SHA384: c_int = 673;
    const SHA512: c_int = 674;
    Some(match scheme {
        0x0201 => (RSA, SHA1),
        0x0401 => (RSA, SHA256),
        0x0501 => (RSA, SHA384),
        0x0601 => (RSA, SHA512),
        0x0203 => (EC, SHA1),
        0x0403 => (EC, SHA256),
        0x0503 => (EC, SHA384),
        0x0603 => (EC, SHA512),
        0x0804 | 0x0809 => (RSA_PSS, SHA256),
        0x0805 | 0x080a => (RSA_PSS, SHA384),
        0x0806 | 0x080b => (RSA_PSS, SHA512),
        0x0807 => (ED25519, 0),
        0x0808 => (ED448, 0),
        _ => return None,
    })
}

/// The signature type of the peer's handshake signature in `*pnid`. Returns 1, or 0
/// before one was verified (a resumed handshake has none; neither has a server whose
/// client sent no certificate).
#[no_mangle]
pub extern "C" fn SSL_get_peer_signature_type_nid(s: *const SSL, pnid: *mut c_int) -> c_int {
    boundary("SSL_get_peer_signature_type_nid", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_get_peer_signature_type_nid");
        let Some((sig, _)) = h.shared.peer_sig_scheme().and_then(scheme_nids) else {
            return 0;
        };
        if !pnid.is_null() {
            // SAFETY: an int the caller owns.
            unsafe { *pnid = sig };
        }
        1
    })
}

/// The signature algorithms the peer offered: 0 (none known).
/// Compat: deviation — the peer's signature_algorithms list is not kept: 0 ("none"),
/// and the out-parameters are left alone.
#[no_mangle]
pub extern "C" fn SSL_get_sigalgs(
    s: *mut SSL,
    idx: c_int,
    psign: *mut c_int,
    phash: *mut c_int,
    psignandhash: *mut c_int,
    rsig: *mut u8,
    rhash: *mut u8,
) -> c_int {
    let _ = (idx, psign, phash, psignandhash, rsig, rhash);
    fixed_answer(s, "SSL_get_sigalgs", 0)
}

/// The signature algorithms both sides share: 0 (none known).
/// Compat: deviation — as `SSL_get_sigalgs`: 0.
#[no_mangle]
pub extern "C" fn SSL_get_shared_sigalgs(
    s: *mut SSL,
    idx: c_int,
    psign: *mut c_int,
    phash: *mut c_int,
    psignandhash: *mut c_int,
    rsig: *mut u8,
    rhash: *mut u8,
) -> c_int {
    let _ = (idx, psign, phash, psignandhash, rsig, rhash);
    fixed_answer(s, "SSL_get_shared_sigalgs", 0)
}

/// The TLS name of a group given by NID (or `TLSEXT_nid_unknown | code point`):
/// "x25519", "secp256r1", "X25519MLKEM768"...; NULL for a group this library does not
/// know or a NULL connection.
#[no_mangle]
pub extern "C" fn SSL_group_to_name(s: *mut SSL, nid: c_int) -> *const c_char {
    boundary("SSL_group_to_name", std::ptr::null(), || {
        try_handle!(SslHandle, s, std::ptr::null(), "SSL_group_to_name");
        const NID_UNKNOWN: c_int = 0x0100_0000;
        let id = if nid & NID_UNKNOWN != 0 {
            Some((nid & 0xffff) as u16)
        } else {
            [0x001d_u16, 0x0017, 0x0018, 0x0019]
                .into_iter()
                .find(|g| crate::cipher::group_nid(*g) == i64::from(nid))
        };
        id.and_then(|g| crate::cipher::group_tls_name(g).or_else(|| other_group_name(g)))
            .map_or(std::ptr::null(), |n| n.as_ptr())
    })
}

/// The TLS names of groups OpenSSL 3.0 knows and this library does not implement (a
/// peer may offer them: `SSL_get1_groups`).
fn other_group_name(id: u16) -> Option<&'static CStr> {
    Some(match id {
        0x0015 => c"secp224r1",
        0x001a => c"brainpoolP256r1",
        0x001b => c"brainpoolP384r1",
        0x001c => c"brainpoolP512r1",
        0x001e => c"x448",
        0x0100 => c"ffdhe2048",
        0x0101 => c"ffdhe3072",
        0x0102 => c"ffdhe4096",
        0x0103 => c"ffdhe6144",
        0x0104 => c"ffdhe8192",
        _ => return None,
    })
}

/// Print a protocol message for a message callback: nothing is printed here.
/// Compat: refused — message callbacks are never called by this library, so the
/// tracer never runs from it; called directly it prints nothing and queues
/// `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_trace(
    write_p: c_int,
    version: c_int,
    content_type: c_int,
    buf: *const c_void,
    len: usize,
    ssl: *mut SSL,
    arg: *mut c_void,
) {
    boundary("SSL_trace", (), || {
        let _ = (write_p, version, content_type, buf, len, ssl, arg);
        error::raise(Reason(ERR_R_UNSUPPORTED), "SSL_trace");
    })
}

// DANE (RFC 6698 TLSA verification): not in this library.

/// Enable DANE on the context. Returns 0.
/// Compat: refused — no DANE: 0 with `ERR_R_UNSUPPORTED`; the connection functions
/// then fail as on a context without DANE.
#[no_mangle]
pub extern "C" fn SSL_CTX_dane_enable(ctx: *mut SSL_CTX) -> c_int {
    unsupported_ctx(ctx, "SSL_CTX_dane_enable")
}

/// Enable DANE on the connection: 0 with `SSL_R_CONTEXT_NOT_DANE_ENABLED` (no
/// context has DANE here).
#[no_mangle]
pub extern "C" fn SSL_dane_enable(s: *mut SSL, basedomain: *const c_char) -> c_int {
    boundary("SSL_dane_enable", 0, || {
        try_handle!(SslHandle, s, 0, "SSL_dane_enable");
        let _ = basedomain;
        error::raise(Reason(r::SSL_R_CONTEXT_NOT_DANE_ENABLED), "SSL_dane_enable");
        0
    })
}

/// Add a TLSA record: -1 with `SSL_R_DANE_NOT_ENABLED`.
#[no_mangle]
pub extern "C" fn SSL_dane_tlsa_add(
    s: *mut SSL,
    usage: u8,
    selector: u8,
    mtype: u8,
    data: *const u8,
    dlen: usize,
) -> c_int {
    boundary("SSL_dane_tlsa_add", -1, || {
        try_handle!(SslHandle, s, -1, "SSL_dane_tlsa_add");
        let _ = (usage, selector, mtype, data, dlen);
        error::raise(Reason(r::SSL_R_DANE_NOT_ENABLED), "SSL_dane_tlsa_add");
        -1
    })
}

/// Set DANE flags; returns the flags set before. They are kept, and matter to nothing
/// here (DANE is never enabled).
#[no_mangle]
pub extern "C" fn SSL_dane_set_flags(s: *mut SSL, flags: libc::c_ulong) -> libc::c_ulong {
    boundary("SSL_dane_set_flags", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_dane_set_flags");
        let mut st = h.shared.state();
        let misc = &mut st.misc;
        let old = misc.dane_flags;
        misc.dane_flags |= flags;
        old
    })
}

/// The TLSA record that authenticated the peer: -1 (DANE is not enabled), no error.
#[no_mangle]
pub extern "C" fn SSL_get0_dane_authority(
    s: *mut SSL,
    mcert: *mut *mut X509,
    mspki: *mut *mut EVP_PKEY,
) -> c_int {
    let _ = (mcert, mspki);
    fixed_answer(s, "SSL_get0_dane_authority", -1)
}

/// The matched TLSA record's fields: -1 (DANE is not enabled), no error.
#[no_mangle]
pub extern "C" fn SSL_get0_dane_tlsa(
    s: *mut SSL,
    usage: *mut u8,
    selector: *mut u8,
    mtype: *mut u8,
    data: *mut *const u8,
    dlen: *mut usize,
) -> c_int {
    let _ = (usage, selector, mtype, data, dlen);
    fixed_answer(s, "SSL_get0_dane_tlsa", -1)
}

// Certificate Transparency: the log list can be loaded; SCT validation is not done.

/// Enable SCT validation. Returns 0.
/// Compat: refused — no Certificate Transparency validation: 0 with
/// `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_enable_ct(ctx: *mut SSL_CTX, validation_mode: c_int) -> c_int {
    let _ = validation_mode;
    unsupported_ctx(ctx, "SSL_CTX_enable_ct")
}

/// Whether SCT validation is enabled: never (0).
#[no_mangle]
pub extern "C" fn SSL_ct_is_enabled(s: *const SSL) -> c_int {
    fixed_answer(s, "SSL_ct_is_enabled", 0)
}

/// The peer's SCTs: NULL (none are parsed).
/// Compat: deviation — SCTs are not extracted: NULL, as for a peer that sent none.
#[no_mangle]
pub extern "C" fn SSL_get0_peer_scts(s: *mut SSL) -> *const stack_st_SCT {
    never_negotiated::<stack_st_SCT>(s, "SSL_get0_peer_scts")
}

/// The context's CT log store (libcrypto's `CTLOG_STORE`, owned by the context), made on
/// first use; NULL for NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_ctlog_store(ctx: *const SSL_CTX) -> *const CTLOG_STORE {
    boundary("SSL_CTX_get0_ctlog_store", std::ptr::null(), || {
        let ctx = try_handle!(Context, ctx, std::ptr::null(), "SSL_CTX_get0_ctlog_store");
        ctlog_store(ctx) as *const CTLOG_STORE
    })
}

fn ctlog_store(ctx: &Context) -> *mut c_void {
    let mut st = ctx.state();
    if st.misc.ctlog_store.is_none() {
        st.misc.ctlog_store = core::CtLogStore::new();
    }
    st.misc
        .ctlog_store
        .as_ref()
        .map_or(std::ptr::null_mut(), |s| s.as_ptr())
}

/// Load CT logs from the default list (`CTLOG_FILE`, else OpenSSL's directory's
/// ct_log_list.cnf) into the context's store. Returns 1, or 0 (libcrypto's error).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_ctlog_list_file(ctx: *mut SSL_CTX) -> c_int {
    boundary("SSL_CTX_set_default_ctlog_list_file", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_default_ctlog_list_file");
        let store = ctlog_store(ctx);
        if store.is_null() {
            return 0;
        }
        // SAFETY: the context's live store.
        unsafe { ffi::CTLOG_STORE_load_default_file(store) }
    })
}

/// Load CT logs from `path` into the context's store. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_ctlog_list_file(ctx: *mut SSL_CTX, path: *const c_char) -> c_int {
    boundary("SSL_CTX_set_ctlog_list_file", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_ctlog_list_file");
        if path.is_null() {
            error::raise(Reason::NULL, "SSL_CTX_set_ctlog_list_file");
            return 0;
        }
        let store = ctlog_store(ctx);
        if store.is_null() {
            return 0;
        }
        // SAFETY: the context's live store; path is NUL-terminated.
        unsafe { ffi::CTLOG_STORE_load_file(store, path) }
    })
}

// Security callback (OpenSSL's security framework).

/// Set the security callback. It is kept (`SSL_CTX_get_security_callback` returns it)
/// and never called.
/// Compat: deviation — never called: security levels are applied by this library's
/// own checks (`SSL_CTX_set_security_level`).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_security_callback(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            s: *const SSL,
            ctx: *const SSL_CTX,
            op: c_int,
            bits: c_int,
            nid: c_int,
            other: *mut c_void,
            ex: *mut c_void,
        ) -> c_int,
    >,
) {
    boundary("SSL_CTX_set_security_callback", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_security_callback");
        // (The same function type, with the handles as untyped pointers.)
        ctx.state().misc.security_cb =
            cb.map(|f| unsafe { std::mem::transmute::<_, core::SecurityCb>(f) });
    })
}

/// The security callback: the one set, else a default that answers by the security
/// level (bits of security against 80, 112, 128, 192, 256 for levels 1 to 5; no
/// tickets from level 3). NULL for NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_security_callback(
    ctx: *const SSL_CTX,
) -> Option<
    unsafe extern "C" fn(
        s: *const SSL,
        ctx: *const SSL_CTX,
        op: c_int,
        bits: c_int,
        nid: c_int,
        other: *mut c_void,
        ex: *mut c_void,
    ) -> c_int,
> {
    boundary("SSL_CTX_get_security_callback", None, || {
        let ctx = try_handle!(Context, ctx, None, "SSL_CTX_get_security_callback");
        let cb = ctx.state().misc.security_cb;
        let cb = cb.unwrap_or(default_security_cb);
        // SAFETY: the same function type, with the handles typed.
        Some(unsafe { std::mem::transmute::<core::SecurityCb, TypedSecurityCb>(cb) })
    })
}

/// `core::SecurityCb` with the handles typed, as the C API has it.
type TypedSecurityCb = unsafe extern "C" fn(
    *const SSL,
    *const SSL_CTX,
    c_int,
    c_int,
    c_int,
    *mut c_void,
    *mut c_void,
) -> c_int;

/// OpenSSL's default security callback's rule, for `SSL_CTX_get_security_callback`.
unsafe extern "C" fn default_security_cb(
    s: *const c_void,
    ctx: *const c_void,
    op: c_int,
    bits: c_int,
    _nid: c_int,
    _other: *mut c_void,
    _ex: *mut c_void,
) -> c_int {
    const SECOP_TMP_DH: c_int = 7 | (4 << 16);
    const SECOP_TICKET: c_int = 10;
    let level = if !ctx.is_null() {
        SSL_CTX_get_security_level(ctx as *const SSL_CTX)
    } else {
        SSL_get_security_level(s as *const SSL)
    };
    security_rule(
        level,
        op & 0xffff,
        op == SECOP_TMP_DH,
        op & 0xffff == SECOP_TICKET,
        bits,
    )
}

fn security_rule(level: c_int, _op: c_int, tmp_dh: bool, ticket: bool, bits: c_int) -> c_int {
    if level <= 0 {
        return c_int::from(!(tmp_dh && bits < 80));
    }
    let minbits = [80, 112, 128, 192, 256][(level.min(5) - 1) as usize];
    if ticket {
        return c_int::from(level < 3);
    }
    c_int::from(bits >= minbits)
}

/// Set the security callback's extra data (kept, as the callback is).
/// Compat: deviation — kept for a callback that is never called.
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_security_ex_data(ctx: *mut SSL_CTX, ex: *mut c_void) {
    boundary("SSL_CTX_set0_security_ex_data", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set0_security_ex_data");
        ctx.state().misc.security_ex = ex as usize;
    })
}

// CA names.

/// Set the CA names list, taking over `name_list`: a server's certificate request
/// carries them when no client CA list is set (`SSL_CTX_set_client_CA_list`).
/// Compat: deviation — a client does not send them (rustls sends no
/// certificate_authorities extension).
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_CA_list(ctx: *mut SSL_CTX, name_list: *mut stack_st_X509_NAME) {
    boundary("SSL_CTX_set0_CA_list", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set0_CA_list");
        let names = if name_list.is_null() {
            Vec::new()
        } else {
            let n = super::certs::names_der(name_list);
            super::certs::free_names(name_list);
            n
        };
        ctx.state().misc.ca_names = names;
    })
}

/// The CA names the peer sent: on a client, those of the server's certificate request
/// (NULL before one); on a server, NULL. Borrowed.
/// Compat: deviation — a server does not see a client's certificate_authorities
/// extension (rustls does not pass it on): NULL.
#[no_mangle]
pub extern "C" fn SSL_get0_peer_CA_list(s: *const SSL) -> *const stack_st_X509_NAME {
    boundary("SSL_get0_peer_CA_list", std::ptr::null(), || {
        let h = try_handle!(SslHandle, s, std::ptr::null(), "SSL_get0_peer_CA_list");
        if h.is_server() {
            return std::ptr::null();
        }
        let mut st = h.shared.state();
        let Some(names) = st.misc.peer_ca_names.clone() else {
            return std::ptr::null();
        };
        st.misc.ca_stack.get(&names)
    })
}

/// Copy `vpm`'s verification settings into the context's (`X509_VERIFY_PARAM_set1`;
/// NULL copies nothing). Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set1_param(ctx: *mut SSL_CTX, vpm: *mut ffi::X509_VERIFY_PARAM) -> c_int {
    boundary("SSL_CTX_set1_param", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set1_param");
        // SAFETY: the context's live parameters and the caller's (or NULL).
        unsafe { ffi::X509_VERIFY_PARAM_set1(ctx.param.as_ptr(), vpm) }
    })
}

// Settings of features this library sizes or never negotiates itself.

/// The read buffer's size: kept; rustls sizes its own buffers.
/// Compat: deviation — kept and unused (a size hint only; rustls sizes its buffers).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_read_buffer_len(ctx: *mut SSL_CTX, len: usize) {
    boundary("SSL_CTX_set_default_read_buffer_len", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_default_read_buffer_len");
        ctx.state().misc.read_buffer_len = len;
    })
}

/// The most early data the context's servers would take in: kept (early data is never
/// accepted here). Returns 1.
/// Compat: deviation — kept and unused: no 0-RTT data is ever accepted.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_recv_max_early_data(
    ctx: *mut SSL_CTX,
    recv_max_early_data: u32,
) -> c_int {
    boundary("SSL_CTX_set_recv_max_early_data", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_recv_max_early_data");
        ctx.state().misc.recv_max_early_data = recv_max_early_data;
        1
    })
}

/// Ask for the max_fragment_length extension (`TLSEXT_max_fragment_length_*`).
/// Returns 1 for DISABLED (the default), else 0.
/// Compat: refused — rustls sends no max_fragment_length extension: 0 with
/// `ERR_R_UNSUPPORTED` for a length (1-4), and for another value
/// `SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH`, as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_tlsext_max_fragment_length(ctx: *mut SSL_CTX, mode: u8) -> c_int {
    const F: &str = "SSL_CTX_set_tlsext_max_fragment_length";
    boundary(F, 0, || {
        try_handle!(Context, ctx, 0, F);
        match mode {
            0 => 1,
            1..=4 => {
                error::raise(Reason(ERR_R_UNSUPPORTED), F);
                0
            }
            _ => {
                error::raise(Reason(r::SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH), F);
                0
            }
        }
    })
}

/// Load server info (extensions for the ServerHello) from a file. Returns 0.
/// Compat: refused — no custom extensions: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_serverinfo_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    let _ = file;
    unsupported_ctx(ctx, "SSL_CTX_use_serverinfo_file")
}

// Stateless HelloRetryRequest (SSL_stateless): not here.

/// The cookie generator of `SSL_stateless`: accepted; it only matters to
/// `SSL_stateless`, which this library refuses.
/// Compat: deviation — never called (`SSL_stateless` is refused).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_stateless_cookie_generate_cb(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut u8, *mut usize) -> c_int>,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_stateless_cookie_generate_cb")
}

/// The cookie verifier of `SSL_stateless`: accepted, as the generator.
/// Compat: deviation — never called (`SSL_stateless` is refused).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_stateless_cookie_verify_cb(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *const u8, usize) -> c_int>,
) {
    let _ = cb;
    setting_never_used(ctx, "SSL_CTX_set_stateless_cookie_verify_cb")
}

/// Answer a ClientHello statelessly (a HelloRetryRequest with a cookie). Returns -1.
/// Compat: refused — -1 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_stateless(s: *mut SSL) -> c_int {
    unsupported_ssl(s, "SSL_stateless", -1)
}

// SRP (RFC 5054): no SRP suites here.

/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_cb_arg(ctx: *mut SSL_CTX, arg: *mut c_void) -> c_int {
    let _ = arg;
    unsupported_ctx(ctx, "SSL_CTX_set_srp_cb_arg")
}

/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_client_pwd_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> *mut c_char>,
) -> c_int {
    let _ = cb;
    unsupported_ctx(ctx, "SSL_CTX_set_srp_client_pwd_callback")
}

/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_strength(ctx: *mut SSL_CTX, strength: c_int) -> c_int {
    let _ = strength;
    unsupported_ctx(ctx, "SSL_CTX_set_srp_strength")
}

/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_username_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>,
) -> c_int {
    let _ = cb;
    unsupported_ctx(ctx, "SSL_CTX_set_srp_username_callback")
}

/// Compat: refused — no SRP suites: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_verify_param_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>,
) -> c_int {
    let _ = cb;
    unsupported_ctx(ctx, "SSL_CTX_set_srp_verify_param_callback")
}

/// Compat: refused — no SRP suites: -1 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_set_srp_server_param(
    s: *mut SSL,
    n: *const BIGNUM,
    g: *const BIGNUM,
    sa: *mut BIGNUM,
    v: *mut BIGNUM,
    info: *mut c_char,
) -> c_int {
    let _ = (n, g, sa, v, info);
    unsupported_ssl(s, "SSL_set_srp_server_param", -1)
}

/// The SRP prime: NULL (SRP is never negotiated).
#[no_mangle]
pub extern "C" fn SSL_get_srp_N(s: *mut SSL) -> *mut BIGNUM {
    never_negotiated::<BIGNUM>(s, "SSL_get_srp_N")
}

/// The SRP generator: NULL (SRP is never negotiated).
#[no_mangle]
pub extern "C" fn SSL_get_srp_g(s: *mut SSL) -> *mut BIGNUM {
    never_negotiated::<BIGNUM>(s, "SSL_get_srp_g")
}

/// The SRP user name: NULL (SRP is never negotiated).
#[no_mangle]
pub extern "C" fn SSL_get_srp_username(s: *mut SSL) -> *mut c_char {
    never_negotiated::<c_char>(s, "SSL_get_srp_username")
}

// A connection's certificates.

/// Forget the connection's certificates and keys (those it copied from its context
/// when it was made too, as OpenSSL: it then has none).
#[no_mangle]
pub extern "C" fn SSL_certs_clear(s: *mut SSL) {
    boundary("SSL_certs_clear", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_certs_clear");
        let mut st = h.shared.state();
        *st.identity_mut() = Identity::default();
    })
}

/// Whether certificate `x` with key `pk` and `chain` suits the peer: 0 (no
/// `CERT_PKEY_*` flags).
/// Compat: refused — rustls chooses the certificate by its own rules: 0 ("not
/// suitable") with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_check_chain(
    s: *mut SSL,
    x: *mut X509,
    pk: *mut EVP_PKEY,
    chain: *mut super::stack_st_X509,
) -> c_int {
    let _ = (x, pk, chain);
    unsupported_ssl(s, "SSL_check_chain", 0)
}

#[cfg(test)]
mod cli_tests {
    use super::{scheme_nids, security_rule};

    #[test]
    fn security_rule_follows_the_levels() {
        assert_eq!(security_rule(0, 0, true, false, 64), 0);
        assert_eq!(security_rule(0, 0, false, false, 1), 1);
        assert_eq!(security_rule(2, 0, false, false, 112), 1);
        assert_eq!(security_rule(2, 0, false, false, 111), 0);
        assert_eq!(security_rule(2, 0, false, true, 0), 1);
        assert_eq!(security_rule(3, 0, false, true, 999), 0);
        assert_eq!(security_rule(9, 0, false, false, 256), 1);
    }

    #[test]
    fn signature_schemes_map_to_openssls_nids() {
        assert_eq!(scheme_nids(0x0403), Some((408, 672)));
        assert_eq!(scheme_nids(0x0804), Some((912, 672)));
        assert_eq!(scheme_nids(0x0807), Some((1087, 0)));
        assert_eq!(scheme_nids(0x1234), None);
    }
}
