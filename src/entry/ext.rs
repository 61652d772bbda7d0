//! TLS extensions the application drives: SNI and ALPN.

use super::{boundary, try_handle, Handle, SslHandle, SSL, SSL_CTX};
use crate::callbacks::{AlpnSelectCb, ServernameCb};
use crate::consts::*;
use crate::ctx::{Context, Settings};
use crate::error::{self, Reason};
use crate::reasons as r;
use libc::{c_char, c_int, c_long, c_uint, c_void};
use std::ffi::CStr;

/// `SSL_set_tlsext_host_name` (`SSL_ctrl` with `SSL_CTRL_SET_TLSEXT_HOSTNAME`): the name a
/// client sends as SNI. NULL clears it. Returns 1, or 0 with
/// `SSL_R_SSL3_EXT_INVALID_SERVERNAME_TYPE` or `SSL_R_SSL3_EXT_INVALID_SERVERNAME` (longer
/// than 255 bytes). The name is not what the certificate is checked against: that is
/// `SSL_set1_host`, as in OpenSSL.
pub(crate) fn set_sni(s: &mut Settings, kind: c_long, name: *const c_void) -> c_long {
    if kind != TLSEXT_NAMETYPE_host_name as c_long {
        error::raise(
            Reason(r::SSL_R_SSL3_EXT_INVALID_SERVERNAME_TYPE),
            "SSL_ctrl",
        );
        return 0;
    }
    if name.is_null() {
        s.sni = None;
        return 1;
    }
    // SAFETY: a NUL-terminated string from the caller.
    let name = unsafe { CStr::from_ptr(name as *const c_char) };
    if name.to_bytes().is_empty() || name.to_bytes().len() > 255 {
        error::raise(Reason(r::SSL_R_SSL3_EXT_INVALID_SERVERNAME), "SSL_ctrl");
        return 0;
    }
    s.sni = Some(name.to_owned());
    1
}

/// The server name for `type` `TLSEXT_NAMETYPE_host_name`: on a client the one set
/// with `SSL_set_tlsext_host_name`, on a server the one the client sent (available in
/// the servername callback and after). NULL when there is none. The string belongs to
/// the connection.
#[no_mangle]
pub extern "C" fn SSL_get_servername(s: *const SSL, kind: c_int) -> *const c_char {
    boundary("SSL_get_servername", std::ptr::null(), || {
        let h = try_handle!(SslHandle, s, std::ptr::null(), "SSL_get_servername");
        if kind != TLSEXT_NAMETYPE_host_name {
            return std::ptr::null();
        }
        let server = h.is_server();
        h.shared
            .with_servername(server, |n| n.map_or(std::ptr::null(), |n| n.as_ptr()))
    })
}

/// `TLSEXT_NAMETYPE_host_name` (0) when `SSL_get_servername` has a name, else -1.
#[no_mangle]
pub extern "C" fn SSL_get_servername_type(s: *const SSL) -> c_int {
    boundary("SSL_get_servername_type", -1, || {
        let h = try_handle!(SslHandle, s, -1, "SSL_get_servername_type");
        let server = h.is_server();
        h.shared.with_servername(server, |n| {
            if n.is_some() {
                TLSEXT_NAMETYPE_host_name
            } else {
                -1
            }
        })
    })
}

/// Parse ALPN's wire format (length-prefixed names); `None` when malformed.
fn parse_alpn(protos: *const u8, len: c_uint) -> Option<Vec<Vec<u8>>> {
    if protos.is_null() || len == 0 {
        return Some(Vec::new());
    }
    // SAFETY: the caller passes len readable bytes.
    let mut rest = unsafe { std::slice::from_raw_parts(protos, len as usize) };
    let mut out = Vec::new();
    while let Some((&n, tail)) = rest.split_first() {
        let n = n as usize;
        if n == 0 || n > tail.len() {
            return None;
        }
        out.push(tail[..n].to_vec());
        rest = &tail[n..];
    }
    Some(out)
}

/// Set the protocols new connections offer with ALPN (wire format: each name prefixed
/// by its length byte); an empty list offers none. Note the inverted result, as in
/// OpenSSL: 0 on success, 1 on failure (a malformed list).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_alpn_protos(
    ctx: *mut SSL_CTX,
    protos: *const u8,
    protos_len: c_uint,
) -> c_int {
    boundary("SSL_CTX_set_alpn_protos", 1, || {
        let ctx = try_handle!(Context, ctx, 1, "SSL_CTX_set_alpn_protos");
        match parse_alpn(protos, protos_len) {
            Some(list) => {
                ctx.state().settings_mut().alpn = list;
                0
            }
            None => 1,
        }
    })
}

/// As `SSL_CTX_set_alpn_protos`, for one connection. 0 on success, 1 on failure.
#[no_mangle]
pub extern "C" fn SSL_set_alpn_protos(
    ssl: *mut SSL,
    protos: *const u8,
    protos_len: c_uint,
) -> c_int {
    boundary("SSL_set_alpn_protos", 1, || {
        let h = try_handle!(SslHandle, ssl, 1, "SSL_set_alpn_protos");
        match parse_alpn(protos, protos_len) {
            Some(list) => {
                h.shared.state().settings_mut().alpn = list;
                0
            }
            None => 1,
        }
    })
}

/// The protocol ALPN selected: `*data` points at it (owned by the connection) and
/// `*len` is its length; NULL and 0 when none was.
#[no_mangle]
pub extern "C" fn SSL_get0_alpn_selected(ssl: *const SSL, data: *mut *const u8, len: *mut c_uint) {
    boundary("SSL_get0_alpn_selected", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_get0_alpn_selected");
        let (p, n) = {
            let c = h.lock();
            c.alpn_selected()
                .map_or((std::ptr::null(), 0), |a| (a.as_ptr(), a.len() as c_uint))
        };
        // SAFETY: out-pointers from the caller (NULL ones are skipped).
        unsafe {
            if !data.is_null() {
                *data = p;
            }
            if !len.is_null() {
                *len = n;
            }
        }
    })
}

/// Pick the first protocol of the server's list (`server`, wire format) that the
/// client's list (`client`) also has; without one, the client's first. Sets `*out`/`*outlen`
/// to point into the chosen list and returns `OPENSSL_NPN_NEGOTIATED` (1), or
/// `OPENSSL_NPN_NO_OVERLAP` (2).
#[no_mangle]
pub extern "C" fn SSL_select_next_proto(
    out: *mut *mut u8,
    outlen: *mut u8,
    server: *const u8,
    server_len: c_uint,
    client: *const u8,
    client_len: c_uint,
) -> c_int {
    boundary("SSL_select_next_proto", 2, || {
        if out.is_null() || outlen.is_null() || server.is_null() || client.is_null() {
            error::raise(Reason::NULL, "SSL_select_next_proto");
            return 2;
        }
        // Offsets of (length byte) of each well-formed entry.
        fn entries(p: *const u8, len: c_uint) -> Vec<(usize, usize)> {
            let mut v = Vec::new();
            if p.is_null() {
                return v;
            }
            // SAFETY: the caller passes len readable bytes.
            let b = unsafe { std::slice::from_raw_parts(p, len as usize) };
            let mut i = 0;
            while i < b.len() {
                let n = b[i] as usize;
                if n == 0 || i + 1 + n > b.len() {
                    break;
                }
                v.push((i + 1, n));
                i += 1 + n;
            }
            v
        }
        let s = entries(server, server_len);
        let c = entries(client, client_len);
        // SAFETY: offsets come from `entries`, within the callers' buffers.
        let slice = |p: *const u8, (o, n): (usize, usize)| unsafe {
            std::slice::from_raw_parts(p.add(o), n)
        };
        for &se in &s {
            for &ce in &c {
                if slice(server, se) == slice(client, ce) {
                    // SAFETY: out-pointers from the caller.
                    unsafe {
                        if !out.is_null() {
                            *out = server.add(se.0) as *mut u8;
                        }
                        if !outlen.is_null() {
                            *outlen = se.1 as u8;
                        }
                    }
                    return 1;
                }
            }
        }
        let first = c.first().copied();
        // SAFETY: as above.
        unsafe {
            if !out.is_null() {
                *out = first.map_or(std::ptr::null_mut(), |e| client.add(e.0) as *mut u8);
            }
            if !outlen.is_null() {
                *outlen = first.map_or(0, |e| e.1 as u8);
            }
        }
        2
    })
}

/// Set the server's ALPN selection callback: when a ClientHello offers ALPN, it
/// receives the client's list (wire format) and returns `SSL_TLSEXT_ERR_OK` with
/// `*out`/`*outlen` set to the chosen protocol, `SSL_TLSEXT_ERR_NOACK` to go on without
/// ALPN, or `SSL_TLSEXT_ERR_ALERT_FATAL` to refuse the handshake
/// (no_application_protocol). It runs after the servername callback, on the context
/// then in force.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_alpn_select_cb(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            out: *mut *const u8,
            outlen: *mut u8,
            inp: *const u8,
            inlen: c_uint,
            arg: *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) {
    boundary("SSL_CTX_set_alpn_select_cb", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_alpn_select_cb");
        let mut st = ctx.state();
        // SAFETY: the same C function type, with `SSL*` passed as `void*`.
        st.callbacks.alpn_select = cb.map(|f| unsafe { std::mem::transmute::<_, AlpnSelectCb>(f) });
        st.callbacks.alpn_select_arg = arg as usize;
    })
}

/// Install a callback by command: `SSL_CTRL_SET_TLSEXT_SERVERNAME_CB`
/// (`SSL_CTX_set_tlsext_servername_callback`: `int cb(SSL *, int *alert, void *arg)`,
/// called when a ClientHello arrives; it may read `SSL_get_servername` and switch
/// contexts with `SSL_set_SSL_CTX`; `SSL_TLSEXT_ERR_ALERT_FATAL` refuses the handshake
/// with `*alert`, unrecognized_name unless it sets another). Returns 1, or 0 for an
/// unknown command.
#[no_mangle]
pub extern "C" fn SSL_CTX_callback_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    boundary("SSL_CTX_callback_ctrl", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_callback_ctrl");
        match cmd {
            SSL_CTRL_SET_TLSEXT_SERVERNAME_CB => {
                // SAFETY: the application passes a servername callback cast to void(*)(void).
                ctx.state().callbacks.servername =
                    fp.map(|f| unsafe { std::mem::transmute::<_, ServernameCb>(f) });
                1
            }
            SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB => {
                super::session::set_legacy_ticket_cb(ctx, fp);
                1
            }
            _ => super::misc::ctx_callback_ctrl(ctx, cmd, fp).unwrap_or(0),
        }
    })
}

/// Switch the connection to `ctx` (its certificate and settings for the rest of the
/// handshake; NULL: back to the context it was made from), typically from the
/// servername callback. Returns the context now in force, or NULL for a NULL `ssl`.
#[no_mangle]
pub extern "C" fn SSL_set_SSL_CTX(ssl: *mut SSL, ctx: *mut SSL_CTX) -> *mut SSL_CTX {
    boundary("SSL_set_SSL_CTX", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_set_SSL_CTX");
        // SAFETY: ctx is NULL or a context pointer the caller holds.
        let new = match unsafe { Context::clone_arc(ctx) } {
            Some(c) => c,
            None => h.shared.state().orig_ctx.clone(),
        };
        let p = std::sync::Arc::as_ptr(&new) as *mut SSL_CTX;
        h.shared.switch_ctx(new);
        p
    })
}

// ---- info callback ----------------------------------------------------------------------

/// The info callback for connections of this context: `cb(ssl, where, ret)` with
/// `SSL_CB_HANDSHAKE_START`, `SSL_CB_ACCEPT_LOOP`/`SSL_CB_CONNECT_LOOP` when a
/// handshake starts, `SSL_CB_HANDSHAKE_DONE` and `SSL_CB_ACCEPT_EXIT`/
/// `SSL_CB_CONNECT_EXIT` (ret 1) when it completes.
/// Compat: deviation — no per-message LOOP events and no ALERT events (rustls does not
/// report handshake states or alerts one by one).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_info_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>,
) {
    boundary("SSL_CTX_set_info_callback", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_info_callback");
        // SAFETY: the same ABI with opaque pointer types.
        ctx.state().callbacks.info = unsafe {
            std::mem::transmute::<
                Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>,
                Option<crate::callbacks::InfoCb>,
            >(cb)
        };
    })
}

/// The context's info callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_info_callback(
    ctx: *mut SSL_CTX,
) -> Option<unsafe extern "C" fn(*const SSL, c_int, c_int)> {
    boundary("SSL_CTX_get_info_callback", None, || {
        let ctx = try_handle!(Context, ctx, None, "SSL_CTX_get_info_callback");
        let cb = ctx.state().callbacks.info;
        // SAFETY: as in the setter.
        unsafe { std::mem::transmute(cb) }
    })
}

/// The info callback of one connection (overrides its context's).
/// Compat: deviation — as `SSL_CTX_set_info_callback`.
#[no_mangle]
pub extern "C" fn SSL_set_info_callback(
    ssl: *mut SSL,
    cb: Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>,
) {
    boundary("SSL_set_info_callback", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_info_callback");
        // SAFETY: the same ABI with opaque pointer types.
        h.shared.set_info_cb(unsafe {
            std::mem::transmute::<
                Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>,
                Option<crate::callbacks::InfoCb>,
            >(cb)
        });
    })
}

/// The connection's own info callback, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_info_callback(
    ssl: *const SSL,
) -> Option<unsafe extern "C" fn(*const SSL, c_int, c_int)> {
    boundary("SSL_get_info_callback", None, || {
        let h = try_handle!(SslHandle, ssl, None, "SSL_get_info_callback");
        let cb = h.shared.info_cb();
        // SAFETY: as in the setter.
        unsafe { std::mem::transmute(cb) }
    })
}

// ---- client-hello callback --------------------------------------------------------------

/// The client-hello callback: a server calls `cb(ssl, &alert, arg)` when the
/// ClientHello has arrived, before the servername and ALPN callbacks; it may read the
/// hello with the `SSL_client_hello_get*` functions and switch contexts. It returns
/// `SSL_CLIENT_HELLO_SUCCESS` (1) to go on; anything else fails the handshake with
/// `*alert` (internal_error unless it sets another).
/// Compat: deviation — `SSL_CLIENT_HELLO_RETRY` is not offered; it fails the handshake.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_hello_cb(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    boundary("SSL_CTX_set_client_hello_cb", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_client_hello_cb");
        let mut st = ctx.state();
        // SAFETY: the same ABI with opaque pointer types.
        st.callbacks.client_hello = unsafe {
            std::mem::transmute::<
                Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>,
                Option<crate::callbacks::ClientHelloCb>,
            >(cb)
        };
        st.callbacks.client_hello_arg = arg as usize;
    })
}

/// Read the ClientHello being handled by the client-hello callback.
fn hello<R>(
    ssl: *const SSL,
    fail: R,
    func: &'static str,
    f: impl FnOnce(&crate::callbacks::ClientHelloInfo) -> R,
) -> R {
    let h = try_handle!(SslHandle, ssl, fail, func);
    h.shared.with_hello(|info| match info {
        Some(i) => f(i),
        None => fail,
    })
}

fn out_bytes(out: *mut *const u8, b: &[u8]) -> usize {
    if !out.is_null() {
        // SAFETY: the caller's out-parameter; the bytes live until the callback returns.
        unsafe { *out = b.as_ptr() };
    }
    b.len()
}

/// 1 if the ClientHello was in SSLv2 format (never: we do not accept those).
#[no_mangle]
pub extern "C" fn SSL_client_hello_isv2(ssl: *mut SSL) -> c_int {
    boundary("SSL_client_hello_isv2", 0, || {
        hello(ssl, 0, "SSL_client_hello_isv2", |_| 0)
    })
}

/// The ClientHello's legacy_version (0 outside the callback).
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_legacy_version(ssl: *mut SSL) -> c_uint {
    boundary("SSL_client_hello_get0_legacy_version", 0, || {
        hello(ssl, 0, "SSL_client_hello_get0_legacy_version", |i| {
            i.legacy_version as c_uint
        })
    })
}

/// The ClientHello's random (its length; 0 outside the callback).
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_random(ssl: *mut SSL, out: *mut *const u8) -> usize {
    boundary("SSL_client_hello_get0_random", 0, || {
        hello(ssl, 0, "SSL_client_hello_get0_random", |i| {
            out_bytes(out, &i.random)
        })
    })
}

/// The ClientHello's legacy session id.
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_session_id(ssl: *mut SSL, out: *mut *const u8) -> usize {
    boundary("SSL_client_hello_get0_session_id", 0, || {
        hello(ssl, 0, "SSL_client_hello_get0_session_id", |i| {
            out_bytes(out, &i.session_id)
        })
    })
}

/// The ClientHello's cipher suite list (two bytes a suite, as sent).
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_ciphers(ssl: *mut SSL, out: *mut *const u8) -> usize {
    boundary("SSL_client_hello_get0_ciphers", 0, || {
        hello(ssl, 0, "SSL_client_hello_get0_ciphers", |i| {
            out_bytes(out, &i.ciphers)
        })
    })
}

/// The ClientHello's compression methods.
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_compression_methods(
    ssl: *mut SSL,
    out: *mut *const u8,
) -> usize {
    boundary("SSL_client_hello_get0_compression_methods", 0, || {
        hello(ssl, 0, "SSL_client_hello_get0_compression_methods", |i| {
            out_bytes(out, &i.compression)
        })
    })
}

/// The types of the extensions the ClientHello carries, in order, in a new array
/// (`OPENSSL_free` it). Returns 1, or 0 outside the callback.
#[no_mangle]
pub extern "C" fn SSL_client_hello_get1_extensions_present(
    ssl: *mut SSL,
    out: *mut *mut c_int,
    outlen: *mut usize,
) -> c_int {
    boundary("SSL_client_hello_get1_extensions_present", 0, || {
        if out.is_null() || outlen.is_null() {
            error::raise(Reason::NULL, "SSL_client_hello_get1_extensions_present");
            return 0;
        }
        hello(ssl, 0, "SSL_client_hello_get1_extensions_present", |i| {
            let n = i.extensions.len();
            // SAFETY: libcrypto's allocator (the caller frees with OPENSSL_free); the
            // array is filled before it is handed out.
            unsafe {
                let p = if n == 0 {
                    std::ptr::null_mut()
                } else {
                    let p = crate::ffi::CRYPTO_malloc(
                        n * std::mem::size_of::<c_int>(),
                        c"ext.rs".as_ptr(),
                        0,
                    ) as *mut c_int;
                    if p.is_null() {
                        return 0;
                    }
                    for (k, (t, _)) in i.extensions.iter().enumerate() {
                        *p.add(k) = *t as c_int;
                    }
                    p
                };
                *out = p;
                *outlen = n;
            }
            1
        })
    })
}

/// The body of extension `type_` in the ClientHello. Returns 1 with `*out`/`*outlen`
/// set, or 0 if absent (or outside the callback).
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_ext(
    ssl: *mut SSL,
    type_: c_uint,
    out: *mut *const u8,
    outlen: *mut usize,
) -> c_int {
    boundary("SSL_client_hello_get0_ext", 0, || {
        hello(ssl, 0, "SSL_client_hello_get0_ext", |i| {
            let Ok(t) = u16::try_from(type_) else {
                return 0;
            };
            match i.extension(t) {
                None => 0,
                Some(b) => {
                    let n = out_bytes(out, b);
                    if !outlen.is_null() {
                        // SAFETY: the caller's out-parameter.
                        unsafe { *outlen = n };
                    }
                    1
                }
            }
        })
    })
}

/// Copy the last Finished message this side sent (at most `count` bytes); returns its
/// length.
/// Compat: refused — rustls does not expose Finished messages; always 0 (none), which
/// callers such as Python's tls-unique channel binding treat as unavailable.
#[no_mangle]
pub extern "C" fn SSL_get_finished(s: *const SSL, buf: *mut c_void, count: usize) -> usize {
    boundary("SSL_get_finished", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_get_finished");
        if buf.is_null() && count > 0 {
            error::raise(Reason::NULL, "SSL_get_finished");
        }
        0
    })
}

/// Copy the last Finished message the peer sent; returns its length.
/// Compat: refused — as `SSL_get_finished`: always 0.
#[no_mangle]
pub extern "C" fn SSL_get_peer_finished(s: *const SSL, buf: *mut c_void, count: usize) -> usize {
    boundary("SSL_get_peer_finished", 0, || {
        let _h = try_handle!(SslHandle, s, 0, "SSL_get_peer_finished");
        if buf.is_null() && count > 0 {
            error::raise(Reason::NULL, "SSL_get_peer_finished");
        }
        0
    })
}

/// Derive `olen` bytes of keying material for `label` (and `context` when
/// `use_context`) from the connection's secrets (RFC 5705, RFC 8446 section 7.5).
/// Returns 1; -1 (nothing queued) before the handshake completed; 0 for bad arguments.
#[no_mangle]
pub extern "C" fn SSL_export_keying_material(
    s: *mut SSL,
    out: *mut u8,
    olen: usize,
    label: *const c_char,
    llen: usize,
    context: *const u8,
    contextlen: usize,
    use_context: c_int,
) -> c_int {
    boundary("SSL_export_keying_material", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_export_keying_material");
        if out.is_null()
            || (label.is_null() && llen > 0)
            || (context.is_null() && contextlen > 0 && use_context != 0)
        {
            error::raise(Reason::NULL, "SSL_export_keying_material");
            return 0;
        }
        if olen > 1 << 20 || llen > 1 << 16 || contextlen > 0xffff {
            error::raise(
                Reason(error::ERR_R_PASSED_INVALID_ARGUMENT),
                "SSL_export_keying_material",
            );
            return 0;
        }
        // SAFETY: the caller's buffers of the given lengths (checked non-NULL above).
        let (out, label, ctx) = unsafe {
            (
                std::slice::from_raw_parts_mut(out, olen),
                if llen == 0 {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(label as *const u8, llen)
                },
                if use_context == 0 {
                    None
                } else if contextlen == 0 {
                    Some(&[][..])
                } else {
                    Some(std::slice::from_raw_parts(context, contextlen))
                },
            )
        };
        let conn = h.lock();
        if !conn.handshake_complete() {
            // As OpenSSL: -1, nothing queued, before there are secrets to export from.
            return -1;
        }
        if out.is_empty() {
            return 1;
        }
        match conn.export_keying_material(out, label, ctx) {
            Ok(()) => 1,
            Err(stop) => {
                super::report(stop, "SSL_export_keying_material");
                0
            }
        }
    })
}
