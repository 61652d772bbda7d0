//! Functions of OpenSSL releases after 3.0 that current builds of curl, nginx, haproxy
//! and Python import, each exported under the version node OpenSSL's `libssl.num`
//! assigns it (the `Version:` line of its documentation; build.rs reads it), so
//! programs built against a newer OpenSSL 3 load on this library too.

use super::session::SSL_SESSION;
use super::{boundary, try_handle, SslHandle, SSL, SSL_CTX};
use crate::ctx::Context;
use crate::error::{self, Reason};
use crate::session::Session;
use libc::{c_char, c_int, c_long, c_uchar, c_void, time_t};

/// The name of the negotiated key-exchange group ("x25519", "secp256r1",
/// "X25519MLKEM768", ...), or NULL before one is negotiated.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_get0_group_name(s: *mut SSL) -> *const c_char {
    boundary("SSL_get0_group_name", std::ptr::null(), || {
        let h = try_handle!(SslHandle, s, std::ptr::null(), "SSL_get0_group_name");
        let g = h.read(|c| c.negotiated_group(), |s| s.group);
        g.and_then(crate::cipher::group_tls_name)
            .map_or(std::ptr::null(), |n| n.as_ptr())
    })
}

/// 1: every connection of this library is TLS (not DTLS, not QUIC).
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_is_tls(s: *const SSL) -> c_int {
    boundary("SSL_is_tls", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_is_tls");
        1
    })
}

/// 0: no connection of this library is QUIC.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_is_quic(s: *const SSL) -> c_int {
    boundary("SSL_is_quic", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_is_quic");
        0
    })
}

/// The client certificate type in use: `TLSEXT_cert_type_x509` (0); raw public keys
/// are never negotiated.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_get_negotiated_client_cert_type(s: *const SSL) -> c_int {
    boundary("SSL_get_negotiated_client_cert_type", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_get_negotiated_client_cert_type");
        0
    })
}

/// The server certificate type in use: `TLSEXT_cert_type_x509` (0).
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_get_negotiated_server_cert_type(s: *const SSL) -> c_int {
    boundary("SSL_get_negotiated_server_cert_type", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_get_negotiated_server_cert_type");
        0
    })
}

/// The peer's raw public key: NULL (raw public keys are never negotiated).
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_get0_peer_rpk(s: *const SSL) -> *mut crate::ffi::EVP_PKEY {
    boundary("SSL_get0_peer_rpk", std::ptr::null_mut(), || {
        let _h = try_handle!(SslHandle, s, std::ptr::null_mut(), "SSL_get0_peer_rpk");
        std::ptr::null_mut()
    })
}

/// The raw public key a session records: NULL (never negotiated).
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_peer_rpk(s: *mut SSL_SESSION) -> *mut crate::ffi::EVP_PKEY {
    boundary("SSL_SESSION_get0_peer_rpk", std::ptr::null_mut(), || {
        let _s = try_handle!(
            Session,
            s,
            std::ptr::null_mut(),
            "SSL_SESSION_get0_peer_rpk"
        );
        std::ptr::null_mut()
    })
}

/// `d2i_SSL_SESSION` with a library context and property query, which this library
/// does not use (its cryptography is rustls's).
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn d2i_SSL_SESSION_ex(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const c_uchar,
    length: c_long,
    libctx: *mut c_void,
    propq: *const c_char,
) -> *mut SSL_SESSION {
    let _ = (libctx, propq);
    super::session::d2i_SSL_SESSION(a, pp, length)
}

/// The extension types of the ClientHello in the order sent (inside the client-hello
/// callback): with `exts` NULL, their number in `*num_exts`; else they are copied
/// when `*num_exts` is large enough. Returns 1, or 0.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_client_hello_get_extension_order(
    s: *mut SSL,
    exts: *mut u16,
    num_exts: *mut usize,
) -> c_int {
    boundary("SSL_client_hello_get_extension_order", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_client_hello_get_extension_order");
        if num_exts.is_null() {
            error::raise(Reason::NULL, "SSL_client_hello_get_extension_order");
            return 0;
        }
        h.shared.with_hello(|info| {
            let Some(info) = info else {
                return 0;
            };
            let n = info.extensions.len();
            // SAFETY: the caller's count and, when given, its array of `*num_exts`.
            unsafe {
                if exts.is_null() {
                    *num_exts = n;
                    return 1;
                }
                if *num_exts < n {
                    error::raise(
                        Reason(error::ERR_R_PASSED_INVALID_ARGUMENT),
                        "SSL_client_hello_get_extension_order",
                    );
                    return 0;
                }
                for (i, (t, _)) in info.extensions.iter().enumerate() {
                    *exts.add(i) = *t;
                }
                *num_exts = n;
            }
            1
        })
    })
}

/// The session's creation time as a `time_t`.
/// Version: OPENSSL_3.3.0
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_time_ex(s: *const SSL_SESSION) -> time_t {
    boundary("SSL_SESSION_get_time_ex", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_time_ex");
        s.info().time as time_t
    })
}

/// Set the session's creation time; returns `t` (0 for NULL).
/// Version: OPENSSL_3.3.0
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_time_ex(s: *mut SSL_SESSION, t: time_t) -> time_t {
    boundary("SSL_SESSION_set_time_ex", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set_time_ex");
        s.info().time = t as c_long;
        t
    })
}

/// `SSL_CTX_flush_sessions` with a `time_t`.
/// Version: OPENSSL_3.4.0
#[no_mangle]
pub extern "C" fn SSL_CTX_flush_sessions_ex(ctx: *mut SSL_CTX, tm: time_t) {
    boundary("SSL_CTX_flush_sessions_ex", (), || {
        let _c = try_handle!(Context, ctx, (), "SSL_CTX_flush_sessions_ex");
        super::session::SSL_CTX_flush_sessions(ctx, tm as c_long)
    })
}

/// The QUIC client method.
/// Compat: refused — no QUIC: `SSL_CTX_new` with it fails with
/// `SSL_R_UNSUPPORTED_PROTOCOL` (programs built with OpenSSL's QUIC load; HTTP/3 fails).
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn OSSL_QUIC_client_method() -> *const super::SSL_METHOD {
    super::misc::quic_client_method(false)
}

/// The QUIC client method with an assisting thread.
/// Compat: refused — as `OSSL_QUIC_client_method`.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn OSSL_QUIC_client_thread_method() -> *const super::SSL_METHOD {
    super::misc::quic_client_method(true)
}

/// Process pending timer events: a TLS connection has none; returns 1 (as OpenSSL for
/// TLS objects), 0 for NULL.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_handle_events(s: *mut SSL) -> c_int {
    boundary("SSL_handle_events", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_handle_events");
        1
    })
}

/// When `SSL_handle_events` should next be called: never, for a TLS connection
/// (`*is_infinite` = 1, `tv` = -1 s). Returns 1, 0 for NULL arguments.
/// Version: OPENSSL_3.2.0
#[no_mangle]
pub extern "C" fn SSL_get_event_timeout(
    s: *mut SSL,
    tv: *mut libc::timeval,
    is_infinite: *mut c_int,
) -> c_int {
    boundary("SSL_get_event_timeout", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_get_event_timeout");
        if tv.is_null() || is_infinite.is_null() {
            error::raise(Reason::NULL, "SSL_get_event_timeout");
            return 0;
        }
        // SAFETY: the caller's out-parameters (checked non-NULL).
        unsafe {
            (*tv).tv_sec = -1;
            (*tv).tv_usec = 0;
            *is_infinite = 1;
        }
        1
    })
}
