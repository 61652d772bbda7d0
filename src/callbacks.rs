//! The application's server-side handshake callbacks, called as OpenSSL calls them
//! when a ClientHello arrives: the servername callback (which may switch the
//! connection to another context with `SSL_set_SSL_CTX`, how nginx and haproxy host
//! many sites), then the ALPN selection callback.
//!
//! They run while the connection is busy; what they may ask about it lives in
//! [`SslShared`], whose locks are not held while they run.

use crate::consts::*;
use crate::reasons as r;
use crate::shared::SslShared;
use libc::{c_int, c_uint, c_void};

/// `SSL_CTX_set_tlsext_servername_callback`'s callback (the `SSL*` as `void*`).
pub type ServernameCb =
    unsafe extern "C" fn(ssl: *mut c_void, al: *mut c_int, arg: *mut c_void) -> c_int;
/// `SSL_CTX_set_alpn_select_cb`'s callback.
pub type AlpnSelectCb = unsafe extern "C" fn(
    ssl: *mut c_void,
    out: *mut *const u8,
    outlen: *mut u8,
    inp: *const u8,
    inlen: c_uint,
    arg: *mut c_void,
) -> c_int;

/// `SSL_CTX_set_client_cert_cb`'s callback.
pub type ClientCertCb = unsafe extern "C" fn(
    ssl: *mut c_void,
    x509: *mut *mut crate::ffi::X509,
    pkey: *mut *mut crate::ffi::EVP_PKEY,
) -> c_int;

/// The callbacks a context holds, with their arguments (kept as addresses).
#[derive(Clone, Copy, Debug, Default)]
pub struct ServerCallbacks {
    pub client_cert: Option<ClientCertCb>,
    pub servername: Option<ServernameCb>,
    pub servername_arg: usize,
    pub alpn_select: Option<AlpnSelectCb>,
    pub alpn_select_arg: usize,
}

/// What the ALPN callback decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlpnChoice {
    /// No callback, or the client offered no ALPN: the server sends none.
    NotAsked,
    Selected(Vec<u8>),
    /// `SSL_TLSEXT_ERR_NOACK` (or a warning): go on without ALPN.
    NoAck,
}

/// A callback refused the handshake: the alert to send and the reason to queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub alert: u8,
    pub reason: c_int,
}

const UNRECOGNIZED_NAME: c_int = 112;
const NO_APPLICATION_PROTOCOL: u8 = 120;
const INTERNAL_ERROR: u8 = 80;

/// Run the certificate callback (`SSL_set_cert_cb`, or after `SSL_set_SSL_CTX` the new
/// context's, as OpenSSL takes the new context's certificate settings). Returns its
/// result, or 1 when there is none.
pub fn cert_cb(shared: &SslShared) -> c_int {
    let (cb, arg) = {
        let st = shared.state();
        let m = if std::sync::Arc::ptr_eq(&st.ctx, &st.orig_ctx) {
            st.settings.misc
        } else {
            st.ctx.state().settings.misc
        };
        (m.cert_cb, m.cert_cb_arg)
    };
    let Some(cb) = cb else { return 1 };
    // SAFETY: the application's callback with its own argument and our SSL*; no lock of
    // ours is held.
    unsafe { cb(shared.ssl_ptr(), arg as *mut c_void) }
}

/// Run the servername and ALPN callbacks of the connection's context for a ClientHello
/// offering `alpn` (its protocol names, in order).
pub fn on_client_hello(shared: &SslShared, alpn: &[Vec<u8>]) -> Result<AlpnChoice, Refusal> {
    let ssl = shared.ssl_ptr();
    let cbs = shared.state().ctx.state().callbacks;
    if let Some(cb) = cbs.servername {
        let mut al = UNRECOGNIZED_NAME;
        // SAFETY: the application's callback with its own argument and our SSL*; no
        // lock of ours is held.
        let ret = unsafe { cb(ssl, &mut al, cbs.servername_arg as *mut c_void) };
        if ret == SSL_TLSEXT_ERR_ALERT_FATAL {
            return Err(Refusal {
                alert: al.clamp(0, 255) as u8,
                reason: r::SSL_R_CALLBACK_FAILED,
            });
        }
    }
    // The certificate callback runs after the servername callback and before ALPN, as
    // in OpenSSL; it may set the connection's certificate and key. 0 (or a retry, < 0,
    // which this library cannot resume) fails the handshake with internal_error.
    if cert_cb(shared) <= 0 {
        return Err(Refusal {
            alert: INTERNAL_ERROR,
            reason: r::SSL_R_CERT_CB_ERROR,
        });
    }
    if alpn.is_empty() {
        return Ok(AlpnChoice::NotAsked);
    }
    // The callback of the context now in force (the servername callback may have
    // switched it).
    let cbs = shared.state().ctx.state().callbacks;
    let Some(cb) = cbs.alpn_select else {
        return Ok(AlpnChoice::NotAsked);
    };
    let mut wire = Vec::new();
    for p in alpn {
        wire.push(p.len() as u8);
        wire.extend_from_slice(p);
    }
    let mut out: *const u8 = std::ptr::null();
    let mut outlen: u8 = 0;
    // SAFETY: as above; `wire` outlives the call.
    let ret = unsafe {
        cb(
            ssl,
            &mut out,
            &mut outlen,
            wire.as_ptr(),
            wire.len() as c_uint,
            cbs.alpn_select_arg as *mut c_void,
        )
    };
    match ret {
        SSL_TLSEXT_ERR_OK if !out.is_null() && outlen > 0 => {
            // SAFETY: the callback points at `outlen` bytes (usually inside `wire`).
            let p = unsafe { std::slice::from_raw_parts(out, outlen as usize) };
            Ok(AlpnChoice::Selected(p.to_vec()))
        }
        SSL_TLSEXT_ERR_ALERT_FATAL => Err(Refusal {
            alert: NO_APPLICATION_PROTOCOL,
            reason: r::SSL_R_NO_APPLICATION_PROTOCOL,
        }),
        _ => Ok(AlpnChoice::NoAck),
    }
}

/// A server asked for a certificate and none is configured: ask the application's
/// client-certificate callback, and use what it returns (taking ownership of both).
pub fn client_cert(shared: &SslShared) {
    let Some(cb) = shared.state().ctx.state().callbacks.client_cert else {
        return;
    };
    let mut x509: *mut crate::ffi::X509 = std::ptr::null_mut();
    let mut pkey: *mut crate::ffi::EVP_PKEY = std::ptr::null_mut();
    // SAFETY: the application's callback with our SSL* and two out-pointers; no lock
    // of ours is held.
    let ret = unsafe { cb(shared.ssl_ptr(), &mut x509, &mut pkey) };
    // SAFETY: the callback hands over one reference to each object it set.
    let (cert, key) = unsafe {
        (
            crate::certs::X509::from_owned(x509),
            crate::certs::PKey::from_owned(pkey),
        )
    };
    if ret == 1 {
        if let (Some(cert), Some(key)) = (cert, key) {
            let mut st = shared.state();
            st.identity.set_cert(cert);
            let _ = st.identity.set_key(key);
        }
    }
}
