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
/// `SSL_CTX_set_info_callback`'s callback: (ssl, where, ret).
pub type InfoCb = unsafe extern "C" fn(*const c_void, c_int, c_int);
/// `SSL_CTX_set_client_hello_cb`'s callback: (ssl, *alert, arg).
pub type ClientHelloCb = unsafe extern "C" fn(*mut c_void, *mut c_int, *mut c_void) -> c_int;
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
    pub info: Option<InfoCb>,
    pub client_hello: Option<ClientHelloCb>,
    pub client_hello_arg: usize,
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
const INTERNAL_ERROR_AL: c_int = 80;
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
    if let Some(cb) = cbs.client_hello {
        shared.parse_hello();
        let mut al = INTERNAL_ERROR_AL;
        // SAFETY: the application's callback with its own argument and our SSL*; no
        // lock of ours is held.
        let ret = unsafe { cb(ssl, &mut al, cbs.client_hello_arg as *mut c_void) };
        shared.clear_hello();
        // SSL_CLIENT_HELLO_SUCCESS; anything else (an error, or a retry we cannot
        // offer) fails the handshake with the callback's alert.
        if ret != 1 {
            return Err(Refusal {
                alert: al.clamp(0, 255) as u8,
                reason: r::SSL_R_CALLBACK_FAILED,
            });
        }
    }
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
            st.identity_mut().set_cert(cert);
            let _ = st.identity_mut().set_key(key);
        }
    }
}

/// Run the info callback (the connection's, else its context's) with `where_` and `ret`.
pub fn info(shared: &SslShared, where_: c_int, ret: c_int) {
    let own = shared.info_cb();
    let cb = own.or_else(|| shared.state().ctx.state().callbacks.info);
    if let Some(cb) = cb {
        // SAFETY: the application's callback with our SSL*; no lock of ours is held
        // that the functions it may call need.
        unsafe { cb(shared.ssl_ptr(), where_, ret) };
    }
}

/// A ClientHello as the client-hello callback's getters see it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientHelloInfo {
    pub legacy_version: u16,
    pub random: Vec<u8>,
    pub session_id: Vec<u8>,
    /// The cipher suite list as sent (two bytes a suite).
    pub ciphers: Vec<u8>,
    pub compression: Vec<u8>,
    /// Extensions in the order sent: type and body.
    pub extensions: Vec<(u16, Vec<u8>)>,
}

impl ClientHelloInfo {
    /// Parse a ClientHello handshake message (with its 4-byte header); `None` if it is
    /// not a whole, well-formed one.
    pub fn parse(msg: &[u8]) -> Option<ClientHelloInfo> {
        fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
            if b.len() < n {
                return None;
            }
            let (h, t) = b.split_at(n);
            *b = t;
            Some(h)
        }
        fn vec<'a>(b: &mut &'a [u8], len_bytes: usize) -> Option<&'a [u8]> {
            let l = take(b, len_bytes)?
                .iter()
                .fold(0usize, |a, x| (a << 8) | *x as usize);
            take(b, l)
        }
        let mut b = msg;
        let head = take(&mut b, 4)?;
        if head[0] != 1 {
            return None;
        }
        let len = (head[1] as usize) << 16 | (head[2] as usize) << 8 | head[3] as usize;
        let mut body = take(&mut b, len)?;
        let v = take(&mut body, 2)?;
        let mut info = ClientHelloInfo {
            legacy_version: u16::from_be_bytes([v[0], v[1]]),
            random: take(&mut body, 32)?.to_vec(),
            session_id: vec(&mut body, 1)?.to_vec(),
            ciphers: vec(&mut body, 2)?.to_vec(),
            compression: vec(&mut body, 1)?.to_vec(),
            extensions: Vec::new(),
        };
        if !body.is_empty() {
            let mut exts = vec(&mut body, 2)?;
            while !exts.is_empty() {
                let t = take(&mut exts, 2)?;
                let data = vec(&mut exts, 2)?;
                info.extensions
                    .push((u16::from_be_bytes([t[0], t[1]]), data.to_vec()));
            }
        }
        Some(info)
    }

    pub fn extension(&self, ty: u16) -> Option<&[u8]> {
        self.extensions
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, d)| d.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::ClientHelloInfo;

    #[test]
    fn parses_a_client_hello() {
        let mut body = vec![0x03, 0x03];
        body.extend_from_slice(&[7u8; 32]);
        body.extend_from_slice(&[2, 0xaa, 0xbb]); // session id
        body.extend_from_slice(&[0, 4, 0x13, 0x01, 0x13, 0x02]); // suites
        body.extend_from_slice(&[1, 0]); // compression
        let ext = [0u8, 0, 0, 3, 1, 2, 3, 0, 10, 0, 0];
        body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
        body.extend_from_slice(&ext);
        let mut msg = vec![1, 0, 0, body.len() as u8];
        msg.extend_from_slice(&body);
        let h = ClientHelloInfo::parse(&msg).expect("parses");
        assert_eq!(h.legacy_version, 0x0303);
        assert_eq!(h.session_id, vec![0xaa, 0xbb]);
        assert_eq!(h.ciphers, vec![0x13, 0x01, 0x13, 0x02]);
        assert_eq!(h.extension(0), Some(&[1u8, 2, 3][..]));
        assert_eq!(h.extension(10), Some(&[][..]));
        assert_eq!(h.extension(13), None);
        // Truncated messages are refused, not read past.
        for n in 0..msg.len() {
            assert!(ClientHelloInfo::parse(&msg[..n]).is_none());
        }
    }
}
