//! The `SSL` object: creation and reference counts, its settings (mode, options,
//! versions, verification), its BIOs and file descriptors, its role, and the queries
//! about its state.

use super::ctx::settings_ctrl;
use super::{boundary, stack_st_X509, try_handle, Handle, SslHandle, BIO, SSL, SSL_CTX, X509};
use crate::bio::{Bio, BioPair};
use crate::certs::Identity;
use crate::conn::{Conn, Role};
use crate::consts::*;
use crate::ctx::Context;
use crate::error::{self, Reason};
use crate::reasons as r;
use libc::{c_char, c_int, c_long, c_void};
use std::sync::Arc;

/// Create a connection from `ctx`: it copies the context's mode, options, versions,
/// verify mode and certificate, and keeps a reference to the context. Returns NULL
/// with `SSL_R_NULL_SSL_CTX` for a NULL context.
#[no_mangle]
pub extern "C" fn SSL_new(ctx: *mut SSL_CTX) -> *mut SSL {
    boundary("SSL_new", std::ptr::null_mut(), || {
        // SAFETY: ctx is NULL or a context pointer the caller holds.
        let Some(ctx) = (unsafe { Context::clone_arc(ctx) }) else {
            error::raise(Reason(r::SSL_R_NULL_SSL_CTX), "SSL_new");
            return std::ptr::null_mut();
        };
        let h = Arc::new(SslHandle::new(Conn::new(ctx, BioPair::default())));
        let shared = h.shared.clone();
        let p = SslHandle::into_c(h);
        shared.set_ssl_ptr(p as *const c_void);
        shared.ex_data.init(p as *mut c_void);
        p
    })
}

/// Take one more reference to `ssl`. Returns 1, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_up_ref(ssl: *mut SSL) -> c_int {
    boundary("SSL_up_ref", 0, || {
        try_handle!(SslHandle, ssl, 0, "SSL_up_ref");
        // SAFETY: a connection pointer the caller holds.
        unsafe { SslHandle::up_ref(ssl) as c_int }
    })
}

/// Drop one reference to `ssl`; the last one frees it with its BIOs (each of the read
/// and write BIO slots releases the reference it owns). NULL is ignored.
#[no_mangle]
pub extern "C" fn SSL_free(ssl: *mut SSL) {
    // SAFETY: the caller gives up its reference.
    boundary("SSL_free", (), || unsafe { SslHandle::release(ssl) })
}

/// Connection controls: the same commands as `SSL_CTX_ctrl`, on this connection only,
/// and `SSL_CTRL_SET_TLSEXT_HOSTNAME` (`SSL_set_tlsext_host_name`).
#[no_mangle]
pub extern "C" fn SSL_ctrl(ssl: *mut SSL, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    boundary("SSL_ctrl", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_ctrl");
        if cmd == SSL_CTRL_GET_SHARED_GROUP {
            return shared_group(h, larg);
        }
        if cmd == SSL_CTRL_GET_NEGOTIATED_GROUP {
            let g = h.read(|c| c.negotiated_group(), |s| s.group);
            return g.map_or(0, |g| crate::cipher::group_nid(g) as c_long);
        }
        if let Some(r) = super::misc::ssl_ctrl(h, cmd, larg, parg) {
            return r;
        }
        let mut st = h.shared.state();
        let s = st.settings_mut();
        match cmd {
            SSL_CTRL_SET_TLSEXT_HOSTNAME => super::ext::set_sni(s, larg, parg),
            SSL_CTRL_SET_GROUPS_LIST => super::cipher::set_groups(s, parg),
            _ => settings_ctrl(s, cmd, larg),
        }
    })
}

/// `SSL_get_shared_group(s, n)`: on a server, the `n`-th group both sides support (in
/// our preference order), as a NID, or with `n == -1` how many there are. A client
/// does not know the server's list: 0.
fn shared_group(h: &SslHandle, n: c_long) -> c_long {
    if !h.is_server() {
        return 0;
    }
    let ours = h.shared.state().settings.groups.clone();
    let peer = h.shared.peer_groups();
    let shared: Vec<u16> = ours.into_iter().filter(|g| peer.contains(g)).collect();
    if n == -1 {
        return shared.len() as c_long;
    }
    usize::try_from(n)
        .ok()
        .and_then(|i| shared.get(i))
        .map_or(0, |g| crate::cipher::group_nid(*g) as c_long)
}

/// OR `mode` into the connection's mode; returns the new mask.
#[no_mangle]
pub extern "C" fn SSL_set_mode(ssl: *mut SSL, mode: c_long) -> c_long {
    SSL_ctrl(ssl, SSL_CTRL_MODE, mode, std::ptr::null_mut())
}

/// Clear `mode` bits of the connection's mode; returns the new mask.
#[no_mangle]
pub extern "C" fn SSL_clear_mode(ssl: *mut SSL, mode: c_long) -> c_long {
    SSL_ctrl(ssl, SSL_CTRL_CLEAR_MODE, mode, std::ptr::null_mut())
}

/// The connection's mode mask.
#[no_mangle]
pub extern "C" fn SSL_get_mode(ssl: *mut SSL) -> c_long {
    SSL_ctrl(ssl, SSL_CTRL_MODE, 0, std::ptr::null_mut())
}

/// Set the connection's lowest protocol version. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_set_min_proto_version(ssl: *mut SSL, version: c_int) -> c_int {
    SSL_ctrl(
        ssl,
        SSL_CTRL_SET_MIN_PROTO_VERSION,
        version as c_long,
        std::ptr::null_mut(),
    ) as c_int
}

/// Set the connection's highest protocol version. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_set_max_proto_version(ssl: *mut SSL, version: c_int) -> c_int {
    SSL_ctrl(
        ssl,
        SSL_CTRL_SET_MAX_PROTO_VERSION,
        version as c_long,
        std::ptr::null_mut(),
    ) as c_int
}

/// The connection's lowest protocol version, or 0.
#[no_mangle]
pub extern "C" fn SSL_get_min_proto_version(ssl: *mut SSL) -> c_int {
    SSL_ctrl(ssl, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, std::ptr::null_mut()) as c_int
}

/// The connection's highest protocol version, or 0.
#[no_mangle]
pub extern "C" fn SSL_get_max_proto_version(ssl: *mut SSL) -> c_int {
    SSL_ctrl(ssl, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, std::ptr::null_mut()) as c_int
}

/// OR `op` into the connection's options; returns the new options.
#[no_mangle]
pub extern "C" fn SSL_set_options(ssl: *mut SSL, op: u64) -> u64 {
    boundary("SSL_set_options", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_options");
        let mut st = h.shared.state();
        let s = st.settings_mut();
        s.options |= op;
        s.options
    })
}

/// Clear `op` from the connection's options; returns the new options.
#[no_mangle]
pub extern "C" fn SSL_clear_options(ssl: *mut SSL, op: u64) -> u64 {
    boundary("SSL_clear_options", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_clear_options");
        let mut st = h.shared.state();
        let s = st.settings_mut();
        s.options &= !op;
        s.options
    })
}

/// The connection's options.
#[no_mangle]
pub extern "C" fn SSL_get_options(ssl: *const SSL) -> u64 {
    boundary("SSL_get_options", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_options");
        let o = h.shared.state().settings.options;
        o
    })
}

/// Set this connection's verify mode and callback (see `SSL_CTX_set_verify`).
#[no_mangle]
pub extern "C" fn SSL_set_verify(ssl: *mut SSL, mode: c_int, callback: super::ctx::SSL_verify_cb) {
    boundary("SSL_set_verify", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_verify");
        let mut st = h.shared.state();
        let s = st.settings_mut();
        s.verify_mode = mode;
        s.verify_cb = callback;
    })
}

/// The `X509_V_*` result of verifying the peer's certificate: `X509_V_OK` (0) when it
/// verified, or when no certificate was verified.
#[no_mangle]
pub extern "C" fn SSL_get_verify_result(ssl: *const SSL) -> c_long {
    // Without a connection, never answer "verified".
    const UNSPECIFIED: c_long = 1;
    boundary("SSL_get_verify_result", UNSPECIFIED, || {
        let h = try_handle!(SslHandle, ssl, UNSPECIFIED, "SSL_get_verify_result");
        let v = h.shared.verify_result();
        v as c_long
    })
}

/// The peer's certificate with a new reference the caller must free (`X509_free`), or
/// NULL when the peer presented none (yet).
#[no_mangle]
pub extern "C" fn SSL_get1_peer_certificate(ssl: *const SSL) -> *mut X509 {
    boundary("SSL_get1_peer_certificate", std::ptr::null_mut(), || {
        let h = try_handle!(
            SslHandle,
            ssl,
            std::ptr::null_mut(),
            "SSL_get1_peer_certificate"
        );
        let cert = h.shared.peer_certificate();
        match cert {
            Some(c) => {
                let p = c.as_ptr();
                std::mem::forget(c);
                p
            }
            None => std::ptr::null_mut(),
        }
    })
}

/// The peer's certificate chain (borrowed; valid while the connection lives), or NULL.
/// On a client it starts with the server's certificate; on a server it holds only the
/// client's intermediates (use `SSL_get1_peer_certificate` for the leaf), as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_get_peer_cert_chain(ssl: *const SSL) -> *mut stack_st_X509 {
    boundary("SSL_get_peer_cert_chain", std::ptr::null_mut(), || {
        let h = try_handle!(
            SslHandle,
            ssl,
            std::ptr::null_mut(),
            "SSL_get_peer_cert_chain"
        );
        h.shared.peer_chain_stack_ptr() as *mut stack_st_X509
    })
}

// ---- BIOs and file descriptors ---------------------------------------------------

/// Replace the read BIO, taking over the caller's reference to `rbio` (NULL allowed)
/// and releasing the reference the old one held.
#[no_mangle]
pub extern "C" fn SSL_set0_rbio(ssl: *mut SSL, rbio: *mut BIO) {
    boundary("SSL_set0_rbio", (), || {
        // SAFETY: the caller transfers one reference (released here if ssl is NULL).
        let new = unsafe { Bio::from_owned(rbio) };
        let h = try_handle!(SslHandle, ssl, (), "SSL_set0_rbio");
        let old = std::mem::replace(&mut h.lock().io.rbio, new);
        drop(old);
    })
}

/// Replace the write BIO, taking over the caller's reference to `wbio` (NULL allowed)
/// and releasing the reference the old one held.
#[no_mangle]
pub extern "C" fn SSL_set0_wbio(ssl: *mut SSL, wbio: *mut BIO) {
    boundary("SSL_set0_wbio", (), || {
        // SAFETY: the caller transfers one reference (released here if ssl is NULL).
        let new = unsafe { Bio::from_owned(wbio) };
        let h = try_handle!(SslHandle, ssl, (), "SSL_set0_wbio");
        let old = std::mem::replace(&mut h.lock().io.wbio, new);
        drop(old);
    })
}

/// Set both BIOs, with OpenSSL's ownership rules: the caller transfers one reference
/// to each of `rbio` and `wbio` (just one when they are the same BIO); a BIO already in
/// place is not transferred again.
#[no_mangle]
pub extern "C" fn SSL_set_bio(ssl: *mut SSL, rbio: *mut BIO, wbio: *mut BIO) {
    boundary("SSL_set_bio", (), || {
        if ssl.is_null() {
            // The references were handed over: release them (one for a shared BIO).
            // SAFETY: the caller transfers its references.
            unsafe {
                drop(Bio::from_owned(rbio));
                if wbio != rbio {
                    drop(Bio::from_owned(wbio));
                }
            }
            error::raise(Reason::NULL, "SSL_set_bio");
            return;
        }
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_bio");
        let (cur_r, cur_w) = {
            let c = h.lock();
            (c.io.rbio_ptr(), c.io.wbio_ptr())
        };
        // Nothing changed: nothing is taken over (as OpenSSL).
        if rbio == cur_r && wbio == cur_w {
            return;
        }
        // One BIO in both slots: each slot owns a reference.
        if !rbio.is_null() && rbio == wbio {
            // SAFETY: rbio is a valid BIO the caller hands over.
            unsafe { crate::ffi::BIO_up_ref(rbio) };
        }
        if rbio == cur_r {
            SSL_set0_wbio(ssl, wbio);
            return;
        }
        if wbio == cur_w && cur_r != cur_w {
            SSL_set0_rbio(ssl, rbio);
            return;
        }
        SSL_set0_wbio(ssl, wbio);
        SSL_set0_rbio(ssl, rbio);
    })
}

/// The read BIO (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_rbio(ssl: *const SSL) -> *mut BIO {
    boundary("SSL_get_rbio", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_rbio");
        h.shared.bio_mirror().0 as *mut BIO
    })
}

/// The write BIO (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_wbio(ssl: *const SSL) -> *mut BIO {
    boundary("SSL_get_wbio", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_wbio");
        h.shared.bio_mirror().1 as *mut BIO
    })
}

/// Use socket `fd` for both directions (a socket BIO that does not close it).
/// Returns 1, or 0 when the BIO cannot be made.
#[no_mangle]
pub extern "C" fn SSL_set_fd(ssl: *mut SSL, fd: c_int) -> c_int {
    boundary("SSL_set_fd", 0, || {
        try_handle!(SslHandle, ssl, 0, "SSL_set_fd");
        let Some(bio) = Bio::socket(fd) else {
            error::raise(Reason(crate::error::ERR_R_BIO_LIB), "SSL_set_fd");
            return 0;
        };
        let p = bio.as_ptr();
        std::mem::forget(bio);
        SSL_set_bio(ssl, p, p);
        1
    })
}

/// Use socket `fd` for reading (sharing the write BIO when it is a socket BIO on the
/// same descriptor). Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_set_rfd(ssl: *mut SSL, fd: c_int) -> c_int {
    boundary("SSL_set_rfd", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_rfd");
        let mut c = h.lock();
        let bio = match &c.io.wbio {
            Some(w) if w.is_socket_on(fd) => w.clone_ref(),
            _ => match Bio::socket(fd) {
                Some(b) => b,
                None => {
                    error::raise(Reason(crate::error::ERR_R_BIO_LIB), "SSL_set_rfd");
                    return 0;
                }
            },
        };
        c.io.rbio = Some(bio);
        1
    })
}

/// Use socket `fd` for writing (sharing the read BIO when it is a socket BIO on the
/// same descriptor). Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_set_wfd(ssl: *mut SSL, fd: c_int) -> c_int {
    boundary("SSL_set_wfd", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_wfd");
        let mut c = h.lock();
        let bio = match &c.io.rbio {
            Some(rb) if rb.is_socket_on(fd) => rb.clone_ref(),
            _ => match Bio::socket(fd) {
                Some(b) => b,
                None => {
                    error::raise(Reason(crate::error::ERR_R_BIO_LIB), "SSL_set_wfd");
                    return 0;
                }
            },
        };
        c.io.wbio = Some(bio);
        1
    })
}

/// The descriptor of the read BIO, or -1 when there is none.
#[no_mangle]
pub extern "C" fn SSL_get_fd(ssl: *const SSL) -> c_int {
    SSL_get_rfd(ssl)
}

/// The descriptor of the read BIO (the first descriptor BIO in its chain), or -1.
#[no_mangle]
pub extern "C" fn SSL_get_rfd(ssl: *const SSL) -> c_int {
    boundary("SSL_get_rfd", -1, || {
        let h = try_handle!(SslHandle, ssl, -1, "SSL_get_rfd");
        let fd = h.lock().io.rbio.as_ref().map_or(-1, Bio::fd);
        fd
    })
}

/// The descriptor of the write BIO, or -1.
#[no_mangle]
pub extern "C" fn SSL_get_wfd(ssl: *const SSL) -> c_int {
    boundary("SSL_get_wfd", -1, || {
        let h = try_handle!(SslHandle, ssl, -1, "SSL_get_wfd");
        let fd = h.lock().io.wbio.as_ref().map_or(-1, Bio::fd);
        fd
    })
}

/// The context the connection was made from (borrowed).
#[no_mangle]
pub extern "C" fn SSL_get_SSL_CTX(ssl: *const SSL) -> *mut SSL_CTX {
    boundary("SSL_get_SSL_CTX", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_SSL_CTX");
        let p = Arc::as_ptr(&h.shared.state().ctx) as *mut SSL_CTX;
        p
    })
}

// ---- role and state --------------------------------------------------------------

/// Make the connection a client; the first read, write or `SSL_do_handshake` then
/// starts the handshake.
#[no_mangle]
pub extern "C" fn SSL_set_connect_state(ssl: *mut SSL) {
    boundary("SSL_set_connect_state", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_connect_state");
        h.lock().set_role(Role::Client);
    })
}

/// Make the connection a server; the first read, write or `SSL_do_handshake` then
/// waits for the ClientHello.
#[no_mangle]
pub extern "C" fn SSL_set_accept_state(ssl: *mut SSL) {
    boundary("SSL_set_accept_state", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_accept_state");
        h.lock().set_role(Role::Server);
    })
}

/// 1 when the connection is (or, before a state is set, will be by its method) a
/// server, else 0.
#[no_mangle]
pub extern "C" fn SSL_is_server(ssl: *const SSL) -> c_int {
    boundary("SSL_is_server", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_is_server");
        h.is_server() as c_int
    })
}

/// 1 once the handshake has completed (and no key update waits to be sent), else 0.
#[no_mangle]
pub extern "C" fn SSL_is_init_finished(ssl: *const SSL) -> c_int {
    boundary("SSL_is_init_finished", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_is_init_finished");
        let f = h.read(|c| c.is_init_finished(), |s| s.init_finished);
        f as c_int
    })
}

/// 1 until the handshake has started, else 0.
#[no_mangle]
pub extern "C" fn SSL_in_before(ssl: *const SSL) -> c_int {
    boundary("SSL_in_before", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_in_before");
        let b = h.read(|c| c.in_before(), |s| s.in_before);
        b as c_int
    })
}

/// The connection's verify mode.
#[no_mangle]
pub extern "C" fn SSL_get_verify_mode(ssl: *const SSL) -> c_int {
    boundary("SSL_get_verify_mode", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_verify_mode");
        let m = h.shared.state().settings.verify_mode;
        m
    })
}

/// 1 while the handshake has not completed (or a key update waits), else 0.
#[no_mangle]
pub extern "C" fn SSL_in_init(ssl: *const SSL) -> c_int {
    boundary("SSL_in_init", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_in_init");
        let f = h.read(|c| c.is_init_finished(), |s| s.init_finished);
        (!f) as c_int
    })
}

/// The protocol version of the connection: the negotiated one after the handshake
/// (`TLS1_2_VERSION`, `TLS1_3_VERSION`), before it `TLS1_3_VERSION`, the highest this
/// library supports (as OpenSSL reports for its TLS methods).
#[no_mangle]
pub extern "C" fn SSL_version(ssl: *const SSL) -> c_int {
    boundary("SSL_version", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_version");
        let v = h.read(|c| c.version(), |s| s.version);
        v.map_or(TLS1_3_VERSION, c_int::from)
    })
}

/// The protocol version as text: "TLSv1.2", "TLSv1.3" (see `SSL_version`).
#[no_mangle]
pub extern "C" fn SSL_get_version(ssl: *const SSL) -> *const c_char {
    boundary("SSL_get_version", c"unknown".as_ptr(), || {
        try_handle!(SslHandle, ssl, c"unknown".as_ptr(), "SSL_get_version");
        match SSL_version(ssl) {
            0x0303 => c"TLSv1.2".as_ptr(),
            0x0304 => c"TLSv1.3".as_ptr(),
            _ => c"unknown".as_ptr(),
        }
    })
}

/// The shutdown flags: `SSL_SENT_SHUTDOWN` (1) once our close_notify went out,
/// `SSL_RECEIVED_SHUTDOWN` (2) once the peer's arrived.
#[no_mangle]
pub extern "C" fn SSL_get_shutdown(ssl: *const SSL) -> c_int {
    boundary("SSL_get_shutdown", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_shutdown");
        h.read(|c| c.shutdown_flags(), |s| s.shutdown)
    })
}

/// Set the shutdown flags (e.g. `SSL_SENT_SHUTDOWN` to skip sending close_notify).
#[no_mangle]
pub extern "C" fn SSL_set_shutdown(ssl: *mut SSL, mode: c_int) {
    boundary("SSL_set_shutdown", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_shutdown");
        h.lock().set_shutdown_flags(mode);
    })
}

/// With `mode` non-zero, `SSL_shutdown` only marks the connection closed (both flags)
/// without sending close_notify.
#[no_mangle]
pub extern "C" fn SSL_set_quiet_shutdown(ssl: *mut SSL, mode: c_int) {
    boundary("SSL_set_quiet_shutdown", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_quiet_shutdown");
        h.shared.state().settings_mut().quiet_shutdown = mode;
    })
}

/// 1 when quiet shutdown is on, else 0.
#[no_mangle]
pub extern "C" fn SSL_get_quiet_shutdown(ssl: *const SSL) -> c_int {
    boundary("SSL_get_quiet_shutdown", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_quiet_shutdown");
        let q = h.shared.state().settings.quiet_shutdown;
        q
    })
}

/// Set a private key on an identity, queueing OpenSSL's error when it is refused:
/// returns 1 or 0.
pub(crate) fn use_key(id: &mut Identity, key: crate::certs::PKey, func: &'static str) -> c_int {
    match id.set_key(key) {
        Ok(()) => 1,
        Err(crate::certs::KeyRefused::Mismatch) => 0,
        Err(crate::certs::KeyRefused::Unsupported) => {
            error::raise(Reason(r::SSL_R_UNKNOWN_PKEY_TYPE), func);
            0
        }
    }
}

/// Shared by the `check_private_key` functions.
pub(crate) fn check_identity(id: &Identity, func: &'static str) -> c_int {
    let Some(leaf) = id.chain.first() else {
        error::raise(Reason(r::SSL_R_NO_CERTIFICATE_ASSIGNED), func);
        return 0;
    };
    let Some(key) = &id.key else {
        error::raise(Reason(r::SSL_R_NO_PRIVATE_KEY_ASSIGNED), func);
        return 0;
    };
    leaf.matches(key) as c_int
}

// ---- used by the SSL BIO (src/bio_ssl.rs) -------------------------------------------

/// What `BIO_reset` does to an SSL BIO's connection after `SSL_shutdown` (OpenSSL's
/// `SSL_clear`): back to the start of a handshake in the same role, keeping settings
/// and BIOs; a client offers the session it had for resumption.
pub(crate) fn reset_connection(ssl: *mut SSL) {
    boundary("SSL_clear", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_clear");
        {
            let mut c = h.lock();
            if let Some(role) = c.role() {
                c.set_role(role);
            }
        }
        let mut st = h.shared.sessions.lock().unwrap_or_else(|e| e.into_inner());
        st.reused = false;
        if !h.is_server() && st.current.is_some() {
            st.offered = st.current.clone();
        }
    })
}

/// OpenSSL's `SSL_dup`, for `BIO_dup_chain`: a connection whose handshake has started
/// is shared (one more reference, the same pointer); one that has not is copied into a
/// new connection of the same context: settings, certificate and key, verification
/// parameters, info callback, session, role and shutdown flags. Like OpenSSL's in
/// practice, the copy has no BIOs (the chain's push gives it the next BIO). NULL on
/// failure.
pub(crate) fn dup_connection(ssl: *mut SSL) -> *mut SSL {
    boundary("SSL_dup", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_dup");
        let (before, role, shutdown) = {
            let c = h.lock();
            (c.in_before(), c.role(), c.shutdown_flags())
        };
        if !before {
            SSL_up_ref(ssl);
            return ssl;
        }
        let new = SSL_new(SSL_get_SSL_CTX(ssl));
        let n = try_handle!(SslHandle, new, std::ptr::null_mut(), "SSL_dup");
        let (settings, identity) = {
            let st = h.shared.state();
            (st.settings.clone(), st.identity.clone())
        };
        {
            let mut st = n.shared.state();
            st.settings = settings;
            st.identity = identity;
        }
        // SAFETY: both parameter objects belong to live connections.
        unsafe {
            crate::ffi::X509_VERIFY_PARAM_inherit(n.shared.param.as_ptr(), h.shared.param.as_ptr())
        };
        n.shared.set_info_cb(h.shared.info_cb());
        let sess = super::session::SSL_get_session(ssl);
        super::session::SSL_set_session(new, sess);
        match role {
            Some(Role::Client) => SSL_set_connect_state(new),
            Some(Role::Server) => SSL_set_accept_state(new),
            None => n.shared.set_server(h.is_server()),
        }
        n.lock().set_shutdown_flags(shutdown);
        new
    })
}

// ---- reuse and queries openssl(1) makes ---------------------------------------------

/// Make the connection ready for a new one, in the same role, keeping its settings,
/// BIOs, certificate and session (see `Conn::clear`). Returns 1, or 0 with an error
/// for NULL.
#[no_mangle]
pub extern "C" fn SSL_clear(ssl: *mut SSL) -> c_int {
    boundary("SSL_clear", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_clear");
        h.lock().clear();
        1
    })
}

/// Whether the connection speaks DTLS: never here (0; 0 with an error for NULL).
#[no_mangle]
pub extern "C" fn SSL_is_dtls(ssl: *const SSL) -> c_int {
    boundary("SSL_is_dtls", 0, || {
        try_handle!(SslHandle, ssl, 0, "SSL_is_dtls");
        0
    })
}

/// Install a connection's callback by command: `SSL_CTRL_SET_MSG_CALLBACK`
/// (`SSL_set_msg_callback`). Returns 1, or 0 for a command this library does not
/// take (`SSL_CTRL_SET_TLSEXT_DEBUG_CB` among them: no extension debug output here).
/// Compat: deviation — the message callback is kept and never called (see
/// `SSL_CTX_set_msg_callback`); the extension debug callback is refused (0).
#[no_mangle]
pub extern "C" fn SSL_callback_ctrl(
    ssl: *mut SSL,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    boundary("SSL_callback_ctrl", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_callback_ctrl");
        super::misc::ssl_callback_ctrl(h, cmd, fp)
    })
}
