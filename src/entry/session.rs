//! Sessions: `SSL_SESSION` objects, `SSL_get_session`/`SSL_set_session`, the session
//! cache and its callbacks, session id contexts, timeouts, tickets and the key log.

// Callback pointers cross between the C prototypes (typed with our opaque handles) and
// the core's (`c_void`): the same ABI, converted by transmute.
#![allow(clippy::missing_transmute_annotations)]

use super::{boundary, try_handle, Handle, SslHandle, SSL, SSL_CTX};
use crate::ctx::Context;
use crate::error::{self, Reason};
use crate::reasons as r;
use crate::session::{self, Session, TicketKeyCb};
use libc::{c_char, c_int, c_long, c_uchar, c_uint, c_ulong, c_void};
use std::sync::Arc;

/// OpenSSL's `SSL_SESSION` (opaque).
pub struct SSL_SESSION {
    _private: [u8; 0],
}
pub use super::cipher::SSL_CIPHER;
pub use crate::ffi::{EVP_CIPHER_CTX, EVP_MAC_CTX, HMAC_CTX};

impl Handle for Session {
    type C = SSL_SESSION;
}

/// The C pointer of a session (a borrowed view of the `Arc`).
pub(crate) fn session_ptr(s: &Arc<Session>) -> *mut c_void {
    Arc::as_ptr(s) as *mut c_void
}

/// Give a new session its ex_data (the class's `new` callbacks see its C pointer).
pub(crate) fn session_init(s: &Arc<Session>) {
    s.ex_data.init(session_ptr(s));
}

/// A session an application callback returned: with `copy`, the application keeps its
/// reference and we take another; without, its reference passes to us.
///
/// # Safety
/// `p` is an `SSL_SESSION*` of ours holding a reference.
pub(crate) unsafe fn session_from_callback(p: *mut c_void, copy: bool) -> Option<Arc<Session>> {
    let p = p as *const SSL_SESSION;
    if copy {
        Session::clone_arc(p)
    } else {
        Some(Arc::from_raw(p as *const Session))
    }
}

/// Run the new-session callback: it gets a reference it keeps when it returns 1.
pub(crate) fn call_new_session_cb(ssl: *mut c_void, cb: session::NewCb, s: &Arc<Session>) {
    let p = Session::into_c(s.clone());
    // SAFETY: the application's callback with our SSL* and a session reference it now
    // owns if it returns non-zero.
    let keep = unsafe { cb(ssl, p as *mut c_void) };
    if keep == 0 {
        // SAFETY: the reference made above, not kept by the application.
        unsafe { Session::release(p) };
    }
}

fn new_c(s: Session) -> *mut SSL_SESSION {
    let s = Arc::new(s);
    session_init(&s);
    Session::into_c(s)
}

// ---- the object ---------------------------------------------------------------------

/// A new, empty session (not resumable). Returns it, with one reference.
#[no_mangle]
pub extern "C" fn SSL_SESSION_new() -> *mut SSL_SESSION {
    boundary("SSL_SESSION_new", std::ptr::null_mut(), || {
        new_c(Session::empty())
    })
}

/// Drop a reference (NULL is ignored); the last one frees the session.
#[no_mangle]
pub extern "C" fn SSL_SESSION_free(s: *mut SSL_SESSION) {
    boundary("SSL_SESSION_free", (), || {
        // SAFETY: C gives up a reference it holds.
        unsafe { Session::release(s) }
    })
}

/// Take a reference. Returns 1, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_up_ref(s: *mut SSL_SESSION) -> c_int {
    boundary("SSL_SESSION_up_ref", 0, || {
        let _s = try_handle!(Session, s, 0, "SSL_SESSION_up_ref");
        // SAFETY: a pointer from us (checked non-NULL).
        c_int::from(unsafe { Session::up_ref(s) })
    })
}

/// A copy of the session (its parameters; the resumption state is shared). NULL for
/// NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_dup(s: *const SSL_SESSION) -> *mut SSL_SESSION {
    boundary("SSL_SESSION_dup", std::ptr::null_mut(), || {
        let s = try_handle!(Session, s, std::ptr::null_mut(), "SSL_SESSION_dup");
        new_c(s.dup())
    })
}

/// The session id (its length in `*len`); pointer valid while the session is unchanged.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_id(s: *const SSL_SESSION, len: *mut c_uint) -> *const c_uchar {
    boundary("SSL_SESSION_get_id", std::ptr::null(), || {
        let s = try_handle!(Session, s, std::ptr::null(), "SSL_SESSION_get_id");
        let (p, n) = field_ptr(s, |i| Some(&i.id));
        if !len.is_null() {
            // SAFETY: the caller's out-parameter.
            unsafe { *len = n as c_uint };
        }
        p
    })
}

/// The session's id context (its length in `*len`).
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_id_context(
    s: *const SSL_SESSION,
    len: *mut c_uint,
) -> *const c_uchar {
    boundary("SSL_SESSION_get0_id_context", std::ptr::null(), || {
        let s = try_handle!(Session, s, std::ptr::null(), "SSL_SESSION_get0_id_context");
        let (p, n) = field_ptr(s, |i| Some(&i.sid_ctx));
        if !len.is_null() {
            // SAFETY: the caller's out-parameter.
            unsafe { *len = n as c_uint };
        }
        p
    })
}

/// A pointer into the session's own copy of some bytes, valid until they change (as
/// OpenSSL's pointers into its session are).
fn field_ptr(
    s: &Session,
    f: impl FnOnce(&crate::session::Info) -> Option<&[u8]>,
) -> (*const c_uchar, usize) {
    let info = s.info();
    f(&info).map_or((std::ptr::null(), 0), |v| (v.as_ptr(), v.len()))
}

/// A NULL buffer with a non-zero length: the caller's mistake (NULL + ERR entry).
fn null_with_len(p: *const c_void, len: usize, func: &'static str) -> bool {
    if p.is_null() && len > 0 {
        error::raise(Reason::NULL, func);
        return true;
    }
    false
}

/// An id or id context argument: its bytes, or `None` (with the ERR entry) for a NULL
/// buffer with a length or one longer than `max` (`too_long`).
fn id_arg(
    p: *const c_uchar,
    len: c_uint,
    max: usize,
    too_long: c_int,
    func: &'static str,
) -> Option<Vec<u8>> {
    if null_with_len(p as *const c_void, len as usize, func) {
        return None;
    }
    if len as usize > max {
        error::raise(Reason(too_long), func);
        return None;
    }
    Some(bytes_arg(p, len as usize).to_vec())
}

fn bytes_arg<'a>(p: *const c_uchar, len: usize) -> &'a [u8] {
    if p.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller's buffer of `len` bytes.
        unsafe { std::slice::from_raw_parts(p, len) }
    }
}

/// Set the session id (at most 32 bytes). Returns 1, or 0 with
/// `SSL_R_SSL_SESSION_ID_TOO_LONG`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set1_id(
    s: *mut SSL_SESSION,
    sid: *const c_uchar,
    sid_len: c_uint,
) -> c_int {
    boundary("SSL_SESSION_set1_id", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set1_id");
        let Some(v) = id_arg(
            sid,
            sid_len,
            session::MAX_SESSION_ID,
            r::SSL_R_SSL_SESSION_ID_TOO_LONG,
            "SSL_SESSION_set1_id",
        ) else {
            return 0;
        };
        // (id_arg checked the length.)
        s.info().id = crate::session::SessionId::new(&v).unwrap_or_default();
        1
    })
}

/// Set the id context (at most 32 bytes). Returns 1, or 0 with
/// `SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set1_id_context(
    s: *mut SSL_SESSION,
    sid_ctx: *const c_uchar,
    sid_ctx_len: c_uint,
) -> c_int {
    boundary("SSL_SESSION_set1_id_context", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set1_id_context");
        let Some(v) = id_arg(
            sid_ctx,
            sid_ctx_len,
            session::MAX_SID_CTX,
            r::SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
            "SSL_SESSION_set1_id_context",
        ) else {
            return 0;
        };
        s.info().sid_ctx = v.into();
        1
    })
}

/// Creation time (seconds since the epoch); 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long {
    boundary("SSL_SESSION_get_time", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_time");
        s.info().time as c_long
    })
}

/// Set the creation time; returns `t`, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_time(s: *mut SSL_SESSION, t: c_long) -> c_long {
    boundary("SSL_SESSION_set_time", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set_time");
        s.info().time = t;
        t
    })
}

/// The timeout in seconds; 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long {
    boundary("SSL_SESSION_get_timeout", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_timeout");
        s.info().timeout as c_long
    })
}

/// Set the timeout (seconds); returns 1, or 0 for NULL or a negative value.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_timeout(s: *mut SSL_SESSION, t: c_long) -> c_long {
    boundary("SSL_SESSION_set_timeout", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set_timeout");
        if t < 0 {
            return 0;
        }
        s.info().timeout = t;
        1
    })
}

/// The protocol version (`TLS1_3_VERSION`, ...); 0 for an empty session.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int {
    boundary("SSL_SESSION_get_protocol_version", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_protocol_version");
        s.info().version as c_int
    })
}

/// Set the protocol version recorded in the session. Returns 1.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_protocol_version(s: *mut SSL_SESSION, version: c_int) -> c_int {
    boundary("SSL_SESSION_set_protocol_version", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set_protocol_version");
        s.info().version = version.clamp(0, u16::MAX as c_int) as u16;
        1
    })
}

/// The session's cipher, or NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_cipher(s: *const SSL_SESSION) -> *const SSL_CIPHER {
    boundary("SSL_SESSION_get0_cipher", std::ptr::null(), || {
        let s = try_handle!(Session, s, std::ptr::null(), "SSL_SESSION_get0_cipher");
        let id = s.info().cipher;
        super::cipher::cipher_ptr(id)
    })
}

/// Set the session's cipher. Returns 1, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_cipher(s: *mut SSL_SESSION, cipher: *const SSL_CIPHER) -> c_int {
    boundary("SSL_SESSION_set_cipher", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set_cipher");
        // NULL clears the cipher, as in OpenSSL.
        s.info().cipher = super::cipher::cipher_id(cipher).unwrap_or(0);
        1
    })
}

/// The server name the session was made for (the SNI), or NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_hostname(s: *const SSL_SESSION) -> *const c_char {
    boundary("SSL_SESSION_get0_hostname", std::ptr::null(), || {
        let s = try_handle!(Session, s, std::ptr::null(), "SSL_SESSION_get0_hostname");
        let p = s
            .info()
            .hostname
            .as_ref()
            .map_or(std::ptr::null(), |h| h.as_ptr());
        p
    })
}

/// Set the session's host name (NULL clears it). Returns 1.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set1_hostname(s: *mut SSL_SESSION, hostname: *const c_char) -> c_int {
    boundary("SSL_SESSION_set1_hostname", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set1_hostname");
        s.info().hostname = if hostname.is_null() {
            None
        } else {
            // SAFETY: a NUL-terminated string from the caller.
            Some(unsafe { std::ffi::CStr::from_ptr(hostname) }.to_owned())
        };
        1
    })
}

/// The ALPN protocol the session negotiated (NULL and 0 if none).
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_alpn_selected(
    s: *const SSL_SESSION,
    alpn: *mut *const c_uchar,
    len: *mut usize,
) {
    boundary("SSL_SESSION_get0_alpn_selected", (), || {
        let s = try_handle!(Session, s, (), "SSL_SESSION_get0_alpn_selected");
        let (p, n) = field_ptr(s, |i| i.alpn.as_deref());
        // SAFETY: the caller's out-parameters (NULL skipped).
        unsafe {
            if !alpn.is_null() {
                *alpn = p;
            }
            if !len.is_null() {
                *len = n;
            }
        }
    })
}

/// Set the session's ALPN protocol. Returns 1.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set1_alpn_selected(
    s: *mut SSL_SESSION,
    alpn: *const c_uchar,
    len: usize,
) -> c_int {
    boundary("SSL_SESSION_set1_alpn_selected", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set1_alpn_selected");
        s.info().alpn = (!alpn.is_null() && len > 0).then(|| bytes_arg(alpn, len).into());
        1
    })
}

/// The peer's certificate the session records (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_peer(s: *mut SSL_SESSION) -> *mut crate::ffi::X509 {
    boundary("SSL_SESSION_get0_peer", std::ptr::null_mut(), || {
        let s = try_handle!(Session, s, std::ptr::null_mut(), "SSL_SESSION_get0_peer");
        let p = s
            .info()
            .peer
            .as_ref()
            .map_or(std::ptr::null_mut(), |c| c.as_ptr());
        p
    })
}

/// 1 if the session came with a ticket (TLS 1.3 tickets, TLS 1.2 session tickets).
#[no_mangle]
pub extern "C" fn SSL_SESSION_has_ticket(s: *const SSL_SESSION) -> c_int {
    boundary("SSL_SESSION_has_ticket", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_has_ticket");
        c_int::from(s.info().has_ticket)
    })
}

/// The lifetime hint of the session's ticket, in seconds (0 without a ticket).
/// Compat: deviation — rustls does not report the server's hint; a client session
/// carries the session timeout instead.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_ticket_lifetime_hint(s: *const SSL_SESSION) -> c_ulong {
    boundary("SSL_SESSION_get_ticket_lifetime_hint", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_ticket_lifetime_hint");
        s.info().ticket_lifetime_hint as c_ulong
    })
}

/// The maximum early data the session's ticket allows (0: none).
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_max_early_data(s: *const SSL_SESSION) -> u32 {
    boundary("SSL_SESSION_get_max_early_data", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_max_early_data");
        s.info().max_early_data
    })
}

/// 1 if the session can resume a connection (it holds resumption state not used yet).
/// Compat: deviation — a TLS 1.3 client session resumes once (its ticket is used up).
#[no_mangle]
pub extern "C" fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int {
    boundary("SSL_SESSION_is_resumable", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_is_resumable");
        c_int::from(s.is_resumable())
    })
}

/// The session's master secret: its length when `outlen` is 0, else the bytes copied
/// (at most `outlen`).
/// Compat: deviation — TLS 1.2 sessions have their master secret (rustls's key log
/// hands it over); TLS 1.3 sessions report none (0: rustls keeps its resumption
/// secret) and queue an ERR entry when bytes were requested.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_master_key(
    s: *const SSL_SESSION,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    boundary("SSL_SESSION_get_master_key", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get_master_key");
        let key = s.info().master_key.clone();
        if key.is_empty() {
            if outlen > 0 {
                error::raise(
                    Reason(error::ERR_R_UNSUPPORTED),
                    "SSL_SESSION_get_master_key",
                );
            }
            return 0;
        }
        if outlen == 0 {
            return key.len();
        }
        if null_with_len(out as *const c_void, outlen, "SSL_SESSION_get_master_key") {
            return 0;
        }
        let n = outlen.min(key.len());
        // SAFETY: the caller's buffer of `outlen` bytes (checked non-NULL).
        unsafe { std::ptr::copy_nonoverlapping(key.as_ptr(), out, n) };
        n
    })
}

/// Set a session's master secret (to build a session by hand, or a TLS 1.3 external
/// PSK). Fails: 0 (OpenSSL's failure value) with `ERR_R_UNSUPPORTED`.
/// Compat: refused — a session resumes with the secret rustls keeps in it, which
/// cannot be replaced; storing the bytes would only change what
/// `SSL_SESSION_get_master_key` reports.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set1_master_key(
    sess: *mut SSL_SESSION,
    input: *const c_uchar,
    len: usize,
) -> c_int {
    boundary("SSL_SESSION_set1_master_key", 0, || {
        try_handle!(Session, sess, 0, "SSL_SESSION_set1_master_key");
        let _ = (input, len);
        error::raise(
            Reason(error::ERR_R_UNSUPPORTED),
            "SSL_SESSION_set1_master_key",
        );
        0
    })
}

/// Attach application data at `idx`. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_ex_data(
    s: *mut SSL_SESSION,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    boundary("SSL_SESSION_set_ex_data", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set_ex_data");
        s.ex_data.set(idx, data)
    })
}

/// The application data at `idx`, or NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_ex_data(s: *const SSL_SESSION, idx: c_int) -> *mut c_void {
    boundary("SSL_SESSION_get_ex_data", std::ptr::null_mut(), || {
        let s = try_handle!(Session, s, std::ptr::null_mut(), "SSL_SESSION_get_ex_data");
        s.ex_data.get(idx)
    })
}

/// Application data a server puts into the tickets it issues for this session.
/// Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set1_ticket_appdata(
    s: *mut SSL_SESSION,
    data: *const c_void,
    len: usize,
) -> c_int {
    boundary("SSL_SESSION_set1_ticket_appdata", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_set1_ticket_appdata");
        // NULL or no bytes: no application data (OpenSSL keeps NULL and succeeds).
        s.info().ticket_appdata =
            (!data.is_null() && len > 0).then(|| bytes_arg(data as *const c_uchar, len).into());
        1
    })
}

/// The ticket application data (borrowed, NULL and 0 if none). Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_ticket_appdata(
    s: *mut SSL_SESSION,
    data: *mut *mut c_void,
    len: *mut usize,
) -> c_int {
    boundary("SSL_SESSION_get0_ticket_appdata", 0, || {
        let s = try_handle!(Session, s, 0, "SSL_SESSION_get0_ticket_appdata");
        if data.is_null() || len.is_null() {
            error::raise(Reason::NULL, "SSL_SESSION_get0_ticket_appdata");
            return 0;
        }
        let (p, n) = field_ptr(s, |i| i.ticket_appdata.as_deref());
        // SAFETY: the caller's out-parameters (NULL skipped).
        unsafe {
            if !data.is_null() {
                *data = p as *mut c_void;
            }
            if !len.is_null() {
                *len = n;
            }
        }
        1
    })
}

/// Encode the session: its length, and with `pp` the bytes written at `*pp` (which
/// advances). Returns 0 for NULL.
/// Compat: deviation — our own encoding, not OpenSSL's ASN.1; a client session's
/// resumption state stays in the process (rustls cannot export it), so a decoded
/// client session resumes only in the process that encoded it.
#[no_mangle]
pub extern "C" fn i2d_SSL_SESSION(s: *const SSL_SESSION, pp: *mut *mut c_uchar) -> c_int {
    boundary("i2d_SSL_SESSION", 0, || {
        let s = try_handle!(Session, s, 0, "i2d_SSL_SESSION");
        // A session that never had a protocol has nothing to encode (OpenSSL: 0).
        if s.info().version == 0 {
            return 0;
        }
        let bytes = s.encode();
        let Ok(n) = c_int::try_from(bytes.len()) else {
            return 0;
        };
        if !pp.is_null() {
            // SAFETY: the caller's buffer pointer, which OpenSSL's contract says has room
            // for the length a first call returned.
            unsafe {
                if (*pp).is_null() {
                    // As OpenSSL's i2d functions: allocate (OPENSSL_free'd by the
                    // caller) and leave *pp at the start.
                    let buf = crate::ffi::CRYPTO_malloc(bytes.len(), c"session.rs".as_ptr(), 0)
                        as *mut c_uchar;
                    if buf.is_null() {
                        return 0;
                    }
                    std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
                    *pp = buf;
                    return n;
                }
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), *pp, bytes.len());
                *pp = (*pp).add(bytes.len());
            }
        }
        n
    })
}

/// Decode a session from `length` bytes at `*pp` (advancing it); with `a`, `*a` is
/// freed and replaced. NULL (and an ERR entry) for bytes that are not a session.
#[no_mangle]
pub extern "C" fn d2i_SSL_SESSION(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const c_uchar,
    length: c_long,
) -> *mut SSL_SESSION {
    boundary("d2i_SSL_SESSION", std::ptr::null_mut(), || {
        // SAFETY: the caller's pointer to its buffer pointer (NULL checked).
        if pp.is_null() || unsafe { (*pp).is_null() } || length <= 0 {
            error::raise(Reason::NULL, "d2i_SSL_SESSION");
            return std::ptr::null_mut();
        }
        // SAFETY: `length` bytes at `*pp`.
        let data = unsafe { std::slice::from_raw_parts(*pp, length as usize) };
        let Some((s, used)) = Session::decode(data) else {
            error::raise_lib(
                error::ERR_LIB_ASN1,
                error::ASN1_R_WRONG_TAG,
                "d2i_SSL_SESSION",
            );
            return std::ptr::null_mut();
        };
        let p = new_c(s);
        // SAFETY: as above; `a` is the caller's slot (its old session is released).
        unsafe {
            *pp = (*pp).add(used);
            if !a.is_null() {
                Session::release(*a);
                *a = p;
            }
        }
        p
    })
}

// ---- the connection's session --------------------------------------------------------

/// The connection's session (borrowed), or NULL: after a handshake, the session it
/// made or resumed; before, what `SSL_set_session` gave.
#[no_mangle]
pub extern "C" fn SSL_get_session(ssl: *const SSL) -> *mut SSL_SESSION {
    boundary("SSL_get_session", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_session");
        let cur = h
            .shared
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .current
            .clone();
        cur.map_or(std::ptr::null_mut(), |s| {
            Arc::as_ptr(&s) as *mut SSL_SESSION
        })
    })
}

/// `SSL_get_session` with a reference for the caller.
#[no_mangle]
pub extern "C" fn SSL_get1_session(ssl: *mut SSL) -> *mut SSL_SESSION {
    boundary("SSL_get1_session", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get1_session");
        let cur = h
            .shared
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .current
            .clone();
        cur.map_or(std::ptr::null_mut(), Session::into_c)
    })
}

/// Offer `session` for resumption on the next handshake (a client), or forget the
/// offer (NULL); it is also what `SSL_get_session` returns until then. Returns 1.
#[no_mangle]
pub extern "C" fn SSL_set_session(ssl: *mut SSL, session: *mut SSL_SESSION) -> c_int {
    boundary("SSL_set_session", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_session");
        // SAFETY: a session pointer of ours, or NULL.
        let s = unsafe { Session::clone_arc(session) };
        let mut st = h.shared.sessions.lock().unwrap_or_else(|e| e.into_inner());
        st.offered = s.clone();
        st.current = s;
        1
    })
}

/// Make `to` resume `from`'s session (as `SSL_set_session(to, SSL_get_session(from))`)
/// and take `from`'s certificate, key and session id context. Returns 1, or 0 for NULL.
/// OpenSSL shares one certificate store between the two (later changes to one show in
/// the other) and gives `to` the method of `from`.
/// Compat: deviation — `to` gets a copy of `from`'s certificate and key, and keeps its own method.
#[no_mangle]
pub extern "C" fn SSL_copy_session_id(to: *mut SSL, from: *const SSL) -> c_int {
    boundary("SSL_copy_session_id", 0, || {
        let f = try_handle!(SslHandle, from, 0, "SSL_copy_session_id");
        let t = try_handle!(SslHandle, to, 0, "SSL_copy_session_id");
        if SSL_set_session(to, SSL_get_session(from)) != 1 {
            return 0;
        }
        let (identity, sid_ctx) = {
            let st = f.shared.state();
            (st.identity.clone(), st.settings.sid_ctx.clone())
        };
        let mut st = t.shared.state();
        st.identity = identity;
        st.settings_mut().sid_ctx = sid_ctx;
        1
    })
}

/// 1 if the last handshake resumed a session.
#[no_mangle]
pub extern "C" fn SSL_session_reused(ssl: *const SSL) -> c_int {
    boundary("SSL_session_reused", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_session_reused");
        let reused = h
            .shared
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .reused;
        c_int::from(reused)
    })
}

/// The client random of the handshake: its length (32) when `outlen` is 0, else the
/// bytes copied (at most `outlen`). 0 before a handshake produced one.
#[no_mangle]
pub extern "C" fn SSL_get_client_random(
    ssl: *const SSL,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    boundary("SSL_get_client_random", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_client_random");
        if null_with_len(out as *const c_void, outlen, "SSL_get_client_random") {
            return 0;
        }
        // Before a handshake OpenSSL copies its still-zero client random.
        let r = h
            .shared
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .client_random
            .unwrap_or([0u8; 32]);
        if outlen == 0 {
            return r.len();
        }
        let n = outlen.min(r.len());
        if !out.is_null() {
            // SAFETY: the caller's buffer of `outlen` bytes.
            unsafe { std::ptr::copy_nonoverlapping(r.as_ptr(), out, n) };
        }
        n
    })
}

/// The server random.
/// Compat: refused — rustls does not expose the server random; returns 0 (none).
#[no_mangle]
pub extern "C" fn SSL_get_server_random(
    ssl: *const SSL,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    boundary("SSL_get_server_random", 0, || {
        let _h = try_handle!(SslHandle, ssl, 0, "SSL_get_server_random");
        null_with_len(out as *const c_void, outlen, "SSL_get_server_random");
        0
    })
}

/// Set the session id context new sessions of this connection carry and resumed ones
/// must match (at most 32 bytes). Returns 1, or 0 with
/// `SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG`.
#[no_mangle]
pub extern "C" fn SSL_set_session_id_context(
    ssl: *mut SSL,
    sid_ctx: *const c_uchar,
    sid_ctx_len: c_uint,
) -> c_int {
    boundary("SSL_set_session_id_context", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_session_id_context");
        let Some(v) = id_arg(
            sid_ctx,
            sid_ctx_len,
            session::MAX_SID_CTX,
            r::SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
            "SSL_set_session_id_context",
        ) else {
            return 0;
        };
        h.shared.state().settings_mut().sid_ctx = v;
        1
    })
}

// ---- the context's cache ----------------------------------------------------------------

/// The context's session id context (see `SSL_set_session_id_context`).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_session_id_context(
    ctx: *mut SSL_CTX,
    sid_ctx: *const c_uchar,
    sid_ctx_len: c_uint,
) -> c_int {
    boundary("SSL_CTX_set_session_id_context", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_session_id_context");
        let Some(v) = id_arg(
            sid_ctx,
            sid_ctx_len,
            session::MAX_SID_CTX,
            r::SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
            "SSL_CTX_set_session_id_context",
        ) else {
            return 0;
        };
        ctx.state().settings_mut().sid_ctx = v;
        1
    })
}

/// Set the timeout of new sessions (seconds); returns the previous one (0 for NULL).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_timeout(ctx: *mut SSL_CTX, t: c_long) -> c_long {
    boundary("SSL_CTX_set_timeout", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_timeout");
        let mut sc = ctx.sessions();
        let old = sc.timeout;
        sc.timeout = t;
        old as c_long
    })
}

/// The timeout of new sessions (seconds; OpenSSL's default 7200).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_timeout(ctx: *const SSL_CTX) -> c_long {
    boundary("SSL_CTX_get_timeout", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_timeout");
        let t = ctx.sessions().timeout;
        t as c_long
    })
}

/// Add a session to the cache. Returns 1 if added, 0 if it was there (or has no id).
#[no_mangle]
pub extern "C" fn SSL_CTX_add_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int {
    boundary("SSL_CTX_add_session", 0, || {
        let c = try_handle!(Context, ctx, 0, "SSL_CTX_add_session");
        // SAFETY: a session pointer of ours, or NULL.
        let Some(s) = (unsafe { Session::clone_arc(s) }) else {
            error::raise(Reason::NULL, "SSL_CTX_add_session");
            return 0;
        };
        let (added, gone, cb) = {
            let mut sc = c.sessions();
            let (added, gone) = sc.add(&s);
            (added, gone, sc.remove_cb)
        };
        session::removed(ctx as *mut c_void, cb, gone);
        c_int::from(added)
    })
}

/// Remove a session from the cache (running the remove callback). Returns 1 if it was
/// cached, else 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_remove_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int {
    boundary("SSL_CTX_remove_session", 0, || {
        let c = try_handle!(Context, ctx, 0, "SSL_CTX_remove_session");
        let Some(s) = (unsafe { Session::get(s) }) else {
            error::raise(Reason::NULL, "SSL_CTX_remove_session");
            return 0;
        };
        let (gone, cb) = {
            let mut sc = c.sessions();
            (sc.remove(s), sc.remove_cb)
        };
        let found = gone.is_some();
        session::removed(ctx as *mut c_void, cb, gone.into_iter().collect());
        c_int::from(found)
    })
}

/// Drop the cached sessions that have expired at time `tm`.
#[no_mangle]
pub extern "C" fn SSL_CTX_flush_sessions(ctx: *mut SSL_CTX, tm: c_long) {
    boundary("SSL_CTX_flush_sessions", (), || {
        let c = try_handle!(Context, ctx, (), "SSL_CTX_flush_sessions");
        let (gone, cb) = {
            let mut sc = c.sessions();
            (sc.flush(tm), sc.remove_cb)
        };
        session::removed(ctx as *mut c_void, cb, gone);
    })
}

/// The new-session callback: called with each new session (a reference the callback
/// keeps when it returns 1) when the cache mode covers the connection's side.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_set_new_cb(
    ctx: *mut SSL_CTX,
    new_session_cb: Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int>,
) {
    boundary("SSL_CTX_sess_set_new_cb", (), || {
        let c = try_handle!(Context, ctx, (), "SSL_CTX_sess_set_new_cb");
        // SAFETY: the same ABI with opaque pointer types.
        c.sessions().new_cb =
            unsafe { std::mem::transmute::<_, Option<session::NewCb>>(new_session_cb) };
    })
}

/// The new-session callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_get_new_cb(
    ctx: *mut SSL_CTX,
) -> Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int> {
    boundary("SSL_CTX_sess_get_new_cb", None, || {
        let c = try_handle!(Context, ctx, None, "SSL_CTX_sess_get_new_cb");
        let cb = c.sessions().new_cb;
        // SAFETY: as in the setter.
        unsafe { std::mem::transmute(cb) }
    })
}

/// The remove-session callback: called when a session leaves the internal cache.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_set_remove_cb(
    ctx: *mut SSL_CTX,
    remove_session_cb: Option<unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)>,
) {
    boundary("SSL_CTX_sess_set_remove_cb", (), || {
        let c = try_handle!(Context, ctx, (), "SSL_CTX_sess_set_remove_cb");
        // SAFETY: the same ABI with opaque pointer types.
        c.sessions().remove_cb =
            unsafe { std::mem::transmute::<_, Option<session::RemoveCb>>(remove_session_cb) };
    })
}

/// The remove-session callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_get_remove_cb(
    ctx: *mut SSL_CTX,
) -> Option<unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)> {
    boundary("SSL_CTX_sess_get_remove_cb", None, || {
        let c = try_handle!(Context, ctx, None, "SSL_CTX_sess_get_remove_cb");
        let cb = c.sessions().remove_cb;
        // SAFETY: as in the setter.
        unsafe { std::mem::transmute(cb) }
    })
}

/// The get-session callback: a server asks it for a session id the internal cache does
/// not hold (`*copy`: 1 = the callback keeps its reference; 0 = it passes it to us).
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_set_get_cb(
    ctx: *mut SSL_CTX,
    get_session_cb: Option<
        unsafe extern "C" fn(*mut SSL, *const c_uchar, c_int, *mut c_int) -> *mut SSL_SESSION,
    >,
) {
    boundary("SSL_CTX_sess_set_get_cb", (), || {
        let c = try_handle!(Context, ctx, (), "SSL_CTX_sess_set_get_cb");
        // SAFETY: the same ABI with opaque pointer types.
        c.sessions().get_cb =
            unsafe { std::mem::transmute::<_, Option<session::GetCb>>(get_session_cb) };
    })
}

/// The get-session callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_get_get_cb(
    ctx: *mut SSL_CTX,
) -> Option<unsafe extern "C" fn(*mut SSL, *const c_uchar, c_int, *mut c_int) -> *mut SSL_SESSION> {
    boundary("SSL_CTX_sess_get_get_cb", None, || {
        let c = try_handle!(Context, ctx, None, "SSL_CTX_sess_get_get_cb");
        let cb = c.sessions().get_cb;
        // SAFETY: as in the setter.
        unsafe { std::mem::transmute(cb) }
    })
}

/// How many TLS 1.3 tickets a server sends after a handshake (default 2). Returns 1.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_num_tickets(ctx: *mut SSL_CTX, num_tickets: usize) -> c_int {
    boundary("SSL_CTX_set_num_tickets", 0, || {
        let c = try_handle!(Context, ctx, 0, "SSL_CTX_set_num_tickets");
        c.state().settings_mut().num_tickets = num_tickets;
        1
    })
}

/// The number of TLS 1.3 tickets a server sends.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_num_tickets(ctx: *const SSL_CTX) -> usize {
    boundary("SSL_CTX_get_num_tickets", 0, || {
        let c = try_handle!(Context, ctx, 0, "SSL_CTX_get_num_tickets");
        let n = c.state().settings.num_tickets;
        n
    })
}

/// How many TLS 1.3 tickets this connection (a server) sends. Returns 1.
#[no_mangle]
pub extern "C" fn SSL_set_num_tickets(s: *mut SSL, num_tickets: usize) -> c_int {
    boundary("SSL_set_num_tickets", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_set_num_tickets");
        h.shared.state().settings_mut().num_tickets = num_tickets;
        1
    })
}

/// The number of TLS 1.3 tickets this connection sends.
#[no_mangle]
pub extern "C" fn SSL_get_num_tickets(s: *const SSL) -> usize {
    boundary("SSL_get_num_tickets", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_get_num_tickets");
        let n = h.shared.state().settings.num_tickets;
        n
    })
}

/// The keylog callback: called with each secret in NSS key log format (as with
/// `SSLKEYLOGFILE`, which this library also honours for every program).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_keylog_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*const SSL, *const c_char)>,
) {
    boundary("SSL_CTX_set_keylog_callback", (), || {
        let c = try_handle!(Context, ctx, (), "SSL_CTX_set_keylog_callback");
        // SAFETY: the same ABI with opaque pointer types.
        c.sessions().keylog_cb = unsafe { std::mem::transmute::<_, Option<session::KeylogCb>>(cb) };
    })
}

/// The keylog callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_keylog_callback(
    ctx: *const SSL_CTX,
) -> Option<unsafe extern "C" fn(*const SSL, *const c_char)> {
    boundary("SSL_CTX_get_keylog_callback", None, || {
        let c = try_handle!(Context, ctx, None, "SSL_CTX_get_keylog_callback");
        let cb = c.sessions().keylog_cb;
        // SAFETY: as in the setter.
        unsafe { std::mem::transmute(cb) }
    })
}

/// Callbacks around stateless tickets: `gen_cb` before a ticket is made (it may attach
/// data with `SSL_SESSION_set1_ticket_appdata`), `dec_cb` after one is decrypted (it
/// decides: use, ignore, abort). Returns 1.
/// Compat: deviation — `SSL_TICKET_RETURN_ABORT` falls back to a full handshake rather
/// than failing it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_session_ticket_cb(
    ctx: *mut SSL_CTX,
    gen_cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>,
    dec_cb: Option<
        unsafe extern "C" fn(
            *mut SSL,
            *mut SSL_SESSION,
            *const c_uchar,
            usize,
            c_int,
            *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) -> c_int {
    boundary("SSL_CTX_set_session_ticket_cb", 0, || {
        let c = try_handle!(Context, ctx, 0, "SSL_CTX_set_session_ticket_cb");
        let mut sc = c.sessions();
        // SAFETY: the same ABI with opaque pointer types.
        unsafe {
            sc.ticket_gen_cb = std::mem::transmute::<_, Option<session::TicketGenCb>>(gen_cb);
            sc.ticket_dec_cb = std::mem::transmute::<_, Option<session::TicketDecCb>>(dec_cb);
        }
        sc.ticket_cb_arg = arg as usize;
        1
    })
}

/// The ticket key callback with an `EVP_MAC_CTX` (see tickets.rs for the ticket
/// format, OpenSSL's). Returns 1.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_tlsext_ticket_key_evp_cb(
    ctx: *mut SSL_CTX,
    fp: Option<
        unsafe extern "C" fn(
            *mut SSL,
            *mut c_uchar,
            *mut c_uchar,
            *mut EVP_CIPHER_CTX,
            *mut EVP_MAC_CTX,
            c_int,
        ) -> c_int,
    >,
) -> c_int {
    boundary("SSL_CTX_set_tlsext_ticket_key_evp_cb", 0, || {
        let c = try_handle!(Context, ctx, 0, "SSL_CTX_set_tlsext_ticket_key_evp_cb");
        // SAFETY: the same ABI with opaque pointer types.
        let f = unsafe { std::mem::transmute::<_, Option<session::TicketKeyFn>>(fp) };
        c.sessions().ticket_key_cb = f.map(TicketKeyCb::Evp);
        1
    })
}

/// Session-cache controls of `SSL_CTX_ctrl`; `None` for other commands.
pub(crate) fn ctx_ctrl(
    ctx: &Context,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> Option<c_long> {
    use crate::consts::*;
    let mut sc = ctx.sessions();
    let v = match cmd {
        SSL_CTRL_SET_SESS_CACHE_MODE => {
            let old = sc.mode;
            // OpenSSL keeps the mode in an unsigned int.
            sc.mode = c_long::from(larg as u32);
            old as c_long
        }
        SSL_CTRL_GET_SESS_CACHE_MODE => sc.mode as c_long,
        SSL_CTRL_SET_SESS_CACHE_SIZE => {
            if larg < 0 {
                return Some(0);
            }
            let old = sc.cache_size;
            sc.cache_size = larg;
            old as c_long
        }
        SSL_CTRL_GET_SESS_CACHE_SIZE => sc.cache_size as c_long,
        SSL_CTRL_SESS_NUMBER => sc.number() as c_long,
        SSL_CTRL_SESS_CONNECT => sc.stats.connect as c_long,
        SSL_CTRL_SESS_CONNECT_GOOD => sc.stats.connect_good as c_long,
        SSL_CTRL_SESS_CONNECT_RENEGOTIATE | SSL_CTRL_SESS_ACCEPT_RENEGOTIATE => 0,
        SSL_CTRL_SESS_ACCEPT => sc.stats.accept as c_long,
        SSL_CTRL_SESS_ACCEPT_GOOD => sc.stats.accept_good as c_long,
        SSL_CTRL_SESS_HIT => sc.stats.hits as c_long,
        SSL_CTRL_SESS_CB_HIT => sc.stats.cb_hits as c_long,
        SSL_CTRL_SESS_MISSES => sc.stats.misses as c_long,
        SSL_CTRL_SESS_TIMEOUTS => sc.stats.timeouts as c_long,
        SSL_CTRL_SESS_CACHE_FULL => sc.stats.cache_full as c_long,
        SSL_CTRL_SET_TLSEXT_TICKET_KEYS | SSL_CTRL_GET_TLSEXT_TICKET_KEYS => {
            if parg.is_null() {
                return Some(80);
            }
            if larg != 80 {
                error::raise(Reason(r::SSL_R_INVALID_TICKET_KEYS_LENGTH), "SSL_CTX_ctrl");
                return Some(0);
            }
            // SAFETY: the caller's 80-byte buffer.
            let buf = unsafe { std::slice::from_raw_parts_mut(parg as *mut u8, 80) };
            if cmd == SSL_CTRL_SET_TLSEXT_TICKET_KEYS {
                let mut k = [0u8; 80];
                k.copy_from_slice(buf);
                sc.ticket_keys = Some(k);
            } else {
                match sc.ticket_keys {
                    Some(k) => buf.copy_from_slice(&k),
                    None => {
                        // OpenSSL's context always has keys; ours are rustls's own and
                        // cannot be read out.
                        error::raise(Reason(error::ERR_R_UNSUPPORTED), "SSL_CTX_ctrl");
                        return Some(0);
                    }
                }
            }
            1
        }
        _ => return None,
    };
    Some(v)
}

/// `SSL_CTX_callback_ctrl`'s ticket key callback (HMAC_CTX flavour).
pub(crate) fn set_legacy_ticket_cb(ctx: &Context, fp: Option<unsafe extern "C" fn()>) {
    // SAFETY: OpenSSL's macro passes the callback cast to `void (*)(void)`; it has the
    // ticket key callback's signature.
    let f = unsafe { std::mem::transmute::<_, Option<session::TicketKeyFn>>(fp) };
    ctx.sessions().ticket_key_cb = f.map(TicketKeyCb::Legacy);
}

// ---- what openssl(1) asks of sessions ------------------------------------------------

/// The PEM label of an encoded session.
const PEM_SESSION: &std::ffi::CStr = c"SSL SESSION PARAMETERS";

/// Read a PEM "SSL SESSION PARAMETERS" block (this library's encoding, see
/// `i2d_SSL_SESSION`) from `bp`; stores it in `*x` too when `x` is not NULL. NULL with
/// libcrypto's PEM error when none is there.
#[no_mangle]
pub extern "C" fn PEM_read_bio_SSL_SESSION(
    bp: *mut crate::ffi::BIO,
    x: *mut *mut SSL_SESSION,
    cb: Option<
        unsafe extern "C" fn(buf: *mut c_char, size: c_int, rwflag: c_int, u: *mut c_void) -> c_int,
    >,
    u: *mut c_void,
) -> *mut SSL_SESSION {
    boundary("PEM_read_bio_SSL_SESSION", std::ptr::null_mut(), || {
        if bp.is_null() {
            error::raise(Reason::NULL, "PEM_read_bio_SSL_SESSION");
            return std::ptr::null_mut();
        }
        let d2i: extern "C" fn(*mut *mut SSL_SESSION, *mut *const c_uchar, c_long) -> _ =
            d2i_SSL_SESSION;
        // SAFETY: libcrypto reads the block and calls our decoder on its bytes.
        unsafe {
            crate::ffi::PEM_ASN1_read_bio(
                d2i as *const c_void,
                PEM_SESSION.as_ptr(),
                bp,
                x as *mut *mut c_void,
                cb.map_or(std::ptr::null_mut(), |f| f as *mut c_void),
                u,
            ) as *mut SSL_SESSION
        }
    })
}

/// Write `x` to `bp` as a PEM "SSL SESSION PARAMETERS" block. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn PEM_write_bio_SSL_SESSION(
    bp: *mut crate::ffi::BIO,
    x: *const SSL_SESSION,
) -> c_int {
    boundary("PEM_write_bio_SSL_SESSION", 0, || {
        if bp.is_null() || x.is_null() {
            error::raise(Reason::NULL, "PEM_write_bio_SSL_SESSION");
            return 0;
        }
        let i2d: extern "C" fn(*const SSL_SESSION, *mut *mut c_uchar) -> c_int = i2d_SSL_SESSION;
        // SAFETY: libcrypto calls our encoder on `x` and writes the block.
        unsafe {
            crate::ffi::PEM_ASN1_write_bio(
                i2d as *const c_void,
                PEM_SESSION.as_ptr(),
                bp,
                x as *const c_void,
                std::ptr::null(),
                std::ptr::null(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
    })
}

/// Whether the connection's session cache holds a session with this id (at most 32
/// bytes). 1 or 0.
/// Compat: deviation — the id alone is compared (OpenSSL also compares the protocol
/// version; this library's cache holds one session per id).
#[no_mangle]
pub extern "C" fn SSL_has_matching_session_id(
    ssl: *const SSL,
    id: *const c_uchar,
    id_len: c_uint,
) -> c_int {
    boundary("SSL_has_matching_session_id", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_has_matching_session_id");
        if id.is_null() && id_len > 0 {
            error::raise(Reason::NULL, "SSL_has_matching_session_id");
            return 0;
        }
        if id_len as usize > session::MAX_SESSION_ID {
            return 0;
        }
        let bytes = if id_len == 0 {
            &[][..]
        } else {
            // SAFETY: id_len bytes at id.
            unsafe { std::slice::from_raw_parts(id, id_len as usize) }
        };
        let ctx = h.shared.state().orig_ctx.clone();
        let found = ctx.sessions().has_id(bytes);
        found as c_int
    })
}

/// Set the server's session id generator. Returns 0.
/// Compat: refused — rustls makes the session ids: 0 with `ERR_R_UNSUPPORTED`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_generate_session_id(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_uchar, *mut c_uint) -> c_int>,
) -> c_int {
    let _ = cb;
    super::misc::unsupported_ctx(ctx, "SSL_CTX_set_generate_session_id")
}

/// Set the callback that may make a TLS 1.2 server's new session not resumable.
/// Compat: deviation — kept and never called: sessions stay resumable.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_not_resumable_session_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(ssl: *mut SSL, is_forward_secure: c_int) -> c_int>,
) {
    boundary("SSL_CTX_set_not_resumable_session_callback", (), || {
        let ctx = try_handle!(
            Context,
            ctx,
            (),
            "SSL_CTX_set_not_resumable_session_callback"
        );
        // SAFETY: the same function type, with the handle as an untyped pointer.
        ctx.state().misc.not_resumable_cb =
            cb.map(|f| unsafe { std::mem::transmute::<_, crate::misc::NotResumableCb>(f) });
    })
}

/// Print the session as OpenSSL does (`SSL-Session:` and its fields, one a line).
/// Returns 1, or 0 for NULL or a failed write.
/// Compat: deviation — a TLS 1.3 session shows no resumption PSK and no ticket dump
/// (rustls keeps them); "Extended master secret" is "yes" for TLS 1.2 (rustls always
/// offers it and every OpenSSL or GnuTLS peer takes it) and "no" for TLS 1.3.
#[no_mangle]
pub extern "C" fn SSL_SESSION_print(bp: *mut crate::ffi::BIO, ses: *const SSL_SESSION) -> c_int {
    boundary("SSL_SESSION_print", 0, || {
        let s = try_handle!(Session, ses, 0, "SSL_SESSION_print");
        if bp.is_null() {
            error::raise(Reason::NULL, "SSL_SESSION_print");
            return 0;
        }
        let text = {
            let i = s.info();
            // SAFETY: libcrypto's static strings for a verify result.
            let verify = unsafe {
                std::ffi::CStr::from_ptr(openssl_sys::X509_verify_cert_error_string(
                    i.verify_result as c_long,
                ))
            };
            session_text(&i, &verify.to_string_lossy())
        };
        bio_put(bp, text.as_bytes())
    })
}

/// Print the session's TLS 1.2 key as an NSS key log line,
/// `RSA Session-ID:<hex> Master-Key:<hex>`. Returns 1, or 0 for NULL, a session
/// without an id or a master key (a TLS 1.3 session), or a failed write.
/// Compat: deviation — a TLS 1.3 session gives 0 (OpenSSL prints its resumption
/// secret as the key; rustls keeps it).
#[no_mangle]
pub extern "C" fn SSL_SESSION_print_keylog(
    bp: *mut crate::ffi::BIO,
    x: *const SSL_SESSION,
) -> c_int {
    boundary("SSL_SESSION_print_keylog", 0, || {
        let s = try_handle!(Session, x, 0, "SSL_SESSION_print_keylog");
        if bp.is_null() {
            error::raise(Reason::NULL, "SSL_SESSION_print_keylog");
            return 0;
        }
        let line = {
            let i = s.info();
            if i.id.is_empty() || i.master_key.is_empty() {
                return 0;
            }
            format!(
                "RSA Session-ID:{} Master-Key:{}\n",
                hex(&i.id),
                hex(&i.master_key)
            )
        };
        bio_put(bp, line.as_bytes())
    })
}

fn bio_put(bp: *mut crate::ffi::BIO, b: &[u8]) -> c_int {
    // SAFETY: the caller's BIO; `b` is valid for its length.
    let n = unsafe { crate::ffi::BIO_write(bp, b.as_ptr() as *const c_void, b.len() as c_int) };
    c_int::from(n == b.len() as c_int)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// `SSL_SESSION_print`'s text for a session.
fn session_text(i: &session::Info, verify: &str) -> String {
    use std::fmt::Write;
    let tls13 = i.version == crate::consts::TLS1_3_VERSION as u16;
    let protocol = match i.version {
        0x0304 => "TLSv1.3",
        0x0303 => "TLSv1.2",
        0x0302 => "TLSv1.1",
        0x0301 => "TLSv1",
        0x0300 => "SSLv3",
        _ => "unknown",
    };
    let mut t = String::new();
    let _ = writeln!(t, "SSL-Session:");
    let _ = writeln!(t, "    Protocol  : {protocol}");
    match crate::cipher::CipherInfo::find(i.cipher) {
        Some(c) => {
            let _ = writeln!(t, "    Cipher    : {}", c.name.to_string_lossy());
        }
        None => {
            let _ = writeln!(t, "    Cipher    : {:04X}", i.cipher);
        }
    }
    let _ = write!(t, "    Session-ID: {}", hex(&i.id));
    let _ = write!(t, "\n    Session-ID-ctx: {}", hex(&i.sid_ctx));
    if tls13 {
        t.push_str("\n    Resumption PSK: ");
    } else {
        let _ = write!(t, "\n    Master-Key: {}", hex(&i.master_key));
    }
    t.push_str("\n    PSK identity: None");
    t.push_str("\n    PSK identity hint: None");
    t.push_str("\n    SRP username: None");
    if i.ticket_lifetime_hint != 0 {
        let _ = write!(
            t,
            "\n    TLS session ticket lifetime hint: {} (seconds)",
            i.ticket_lifetime_hint
        );
    }
    if i.time != 0 {
        let _ = write!(t, "\n    Start Time: {}", i.time);
    }
    if i.timeout != 0 {
        let _ = write!(t, "\n    Timeout   : {} (sec)", i.timeout);
    }
    t.push('\n');
    let _ = writeln!(t, "    Verify return code: {} ({verify})", i.verify_result);
    let ems = if i.version == crate::consts::TLS1_2_VERSION as u16 {
        "yes"
    } else {
        "no"
    };
    let _ = writeln!(t, "    Extended master secret: {ems}");
    if tls13 {
        let _ = writeln!(t, "    Max Early Data: {}", i.max_early_data);
    }
    t
}

#[cfg(test)]
mod print_tests {
    use super::session_text;
    use crate::session::{Info, SessionId};

    #[test]
    fn a_tls13_session_prints_as_openssl_lays_it_out() {
        let i = Info {
            version: 0x0304,
            cipher: 0x1302,
            id: SessionId::new(&[0xab, 0x01]).unwrap(),
            time: 1_700_000_000,
            timeout: 7200,
            ticket_lifetime_hint: 7200,
            ..Default::default()
        };
        assert_eq!(
            session_text(&i, "ok"),
            "SSL-Session:\n    Protocol  : TLSv1.3\n    Cipher    : TLS_AES_256_GCM_SHA384\n    \
             Session-ID: AB01\n    Session-ID-ctx: \n    Resumption PSK: \n    PSK identity: \
             None\n    PSK identity hint: None\n    SRP username: None\n    TLS session ticket \
             lifetime hint: 7200 (seconds)\n    Start Time: 1700000000\n    Timeout   : 7200 \
             (sec)\n    Verify return code: 0 (ok)\n    Extended master secret: no\n    Max \
             Early Data: 0\n"
        );
    }
}
