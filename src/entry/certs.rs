//! Certificates per connection, client certificates, the CA names a server sends, the
//! trust store and verification depth.

use super::ctx::{read_cert_file, read_chain_file, read_key_file};
use super::{boundary, try_handle, SslHandle, SSL, SSL_CTX, X509};
use crate::callbacks::ClientCertCb;
use crate::certs::{PKey, Store, X509 as X509Obj};
use crate::ctx::Context;
use crate::error::{self, Reason};
use crate::ffi::{self, EVP_PKEY, OPENSSL_STACK};
use libc::{c_char, c_int, c_void};

/// `STACK_OF(X509_NAME)` (opaque).
pub type stack_st_X509_NAME = OPENSSL_STACK;
/// libcrypto's `X509_STORE` (opaque).
pub type X509_STORE = ffi::X509_STORE;

/// Use `x` (the caller keeps its reference) as this connection's certificate, instead
/// of the context's. Returns 1, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_use_certificate(ssl: *mut SSL, x: *mut X509) -> c_int {
    boundary("SSL_use_certificate", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_use_certificate");
        // SAFETY: x is NULL or a valid X509; we take our own reference.
        let Some(x) = (unsafe { X509Obj::from_borrowed(x) }) else {
            error::raise(Reason::NULL, "SSL_use_certificate");
            return 0;
        };
        h.shared.state().identity_mut().set_cert(x);
        1
    })
}

/// Use the certificate in `file` (`SSL_FILETYPE_PEM` or `_ASN1`) for this connection.
/// Returns 1, or 0 with an error queued.
#[no_mangle]
pub extern "C" fn SSL_use_certificate_file(
    ssl: *mut SSL,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    boundary("SSL_use_certificate_file", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_use_certificate_file");
        match read_cert_file(file, kind, "SSL_use_certificate_file") {
            Some(x) => {
                h.shared.state().identity_mut().set_cert(x);
                1
            }
            None => 0,
        }
    })
}

/// Use the PEM chain in `file` (leaf first) for this connection. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_use_certificate_chain_file(ssl: *mut SSL, file: *const c_char) -> c_int {
    boundary("SSL_use_certificate_chain_file", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_use_certificate_chain_file");
        let Some(chain) = read_chain_file(file) else {
            return 0;
        };
        let mut st = h.shared.state();
        let mut it = chain.into_iter();
        if let Some(leaf) = it.next() {
            st.identity_mut().set_cert(leaf);
        }
        for c in it {
            st.identity_mut().add_chain_cert(c);
        }
        1
    })
}

/// Use `pkey` (the caller keeps its reference) as this connection's key. Returns 1, or
/// 0 for NULL or a key that does not match the certificate.
#[no_mangle]
pub extern "C" fn SSL_use_PrivateKey(ssl: *mut SSL, pkey: *mut EVP_PKEY) -> c_int {
    boundary("SSL_use_PrivateKey", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_use_PrivateKey");
        // SAFETY: pkey is NULL or a valid EVP_PKEY; we take our own reference.
        let Some(k) = (unsafe { PKey::from_borrowed(pkey) }) else {
            error::raise(Reason::NULL, "SSL_use_PrivateKey");
            return 0;
        };
        let r = super::ssl::use_key(h.shared.state().identity_mut(), k, "SSL_use_PrivateKey");
        r
    })
}

/// Use the private key in `file` for this connection. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_use_PrivateKey_file(
    ssl: *mut SSL,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    boundary("SSL_use_PrivateKey_file", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_use_PrivateKey_file");
        let settings = h.shared.state().settings.clone();
        match read_key_file(file, kind, "SSL_use_PrivateKey_file", &settings) {
            Some(k) => {
                let r = super::ssl::use_key(
                    h.shared.state().identity_mut(),
                    k,
                    "SSL_use_PrivateKey_file",
                );
                r
            }
            None => 0,
        }
    })
}

/// Check that this connection's key matches its certificate (see
/// `SSL_CTX_check_private_key`).
#[no_mangle]
pub extern "C" fn SSL_check_private_key(ssl: *const SSL) -> c_int {
    boundary("SSL_check_private_key", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_check_private_key");
        let st = h.shared.state();
        super::ssl::check_identity(&st.identity, "SSL_check_private_key")
    })
}

/// The peer's certificate without a new reference (valid while the connection keeps
/// it), or NULL.
#[no_mangle]
pub extern "C" fn SSL_get0_peer_certificate(ssl: *const SSL) -> *mut X509 {
    boundary("SSL_get0_peer_certificate", std::ptr::null_mut(), || {
        let h = try_handle!(
            SslHandle,
            ssl,
            std::ptr::null_mut(),
            "SSL_get0_peer_certificate"
        );
        h.shared.peer_leaf_ptr()
    })
}

/// Set the client-certificate callback, called when a server asks for a certificate
/// and the connection has none configured: `int cb(SSL *, X509 **x509, EVP_PKEY **pkey)`
/// returns 1 with both set (the library takes them over) or 0 to send none.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_cert_cb(
    ctx: *mut SSL_CTX,
    cb: Option<
        unsafe extern "C" fn(
            ssl: *mut SSL,
            x509: *mut *mut X509,
            pkey: *mut *mut EVP_PKEY,
        ) -> c_int,
    >,
) {
    boundary("SSL_CTX_set_client_cert_cb", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_client_cert_cb");
        // SAFETY: the same C function type, with `SSL*` passed as `void*`.
        ctx.state().callbacks.client_cert =
            cb.map(|f| unsafe { std::mem::transmute::<_, ClientCertCb>(f) });
    })
}

/// The DER of each name in a `STACK_OF(X509_NAME)`.
pub(crate) fn names_der(list: *const OPENSSL_STACK) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // SAFETY: list is a valid stack of X509_NAME; i2d writes exactly the length it
    // reported.
    unsafe {
        for i in 0..ffi::OPENSSL_sk_num(list).max(0) {
            let n = ffi::OPENSSL_sk_value(list, i) as *const ffi::X509_NAME;
            let len = ffi::i2d_X509_NAME(n, std::ptr::null_mut());
            if len > 0 {
                let mut der = vec![0u8; len as usize];
                let mut p = der.as_mut_ptr();
                if ffi::i2d_X509_NAME(n, &mut p) == len {
                    out.push(der);
                }
            }
        }
    }
    out
}

/// Free a `STACK_OF(X509_NAME)` and its names.
pub(crate) fn free_names(list: *mut OPENSSL_STACK) {
    // SAFETY: the caller owns the stack and its names.
    unsafe {
        while ffi::OPENSSL_sk_num(list) > 0 {
            ffi::X509_NAME_free(ffi::OPENSSL_sk_pop(list) as *mut ffi::X509_NAME);
        }
        ffi::OPENSSL_sk_free(list);
    }
}

/// Set the CA names a server sends when it asks for a client certificate, taking over
/// `list` (NULL: none).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_CA_list(ctx: *mut SSL_CTX, list: *mut stack_st_X509_NAME) {
    boundary("SSL_CTX_set_client_CA_list", (), || {
        let names = if list.is_null() {
            Vec::new()
        } else {
            names_der(list)
        };
        if !list.is_null() {
            free_names(list);
        }
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_client_CA_list");
        ctx.state().client_ca = names;
    })
}

/// Add `x`'s subject to the CA names a server sends. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SSL_CTX, x: *mut X509) -> c_int {
    boundary("SSL_CTX_add_client_CA", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_add_client_CA");
        // SAFETY: x is NULL or a valid X509.
        let Some(x) = (unsafe { X509Obj::from_borrowed(x) }) else {
            error::raise(Reason::NULL, "SSL_CTX_add_client_CA");
            return 0;
        };
        match x.subject_der() {
            Some(der) => {
                ctx.state().client_ca.push(der);
                1
            }
            None => 0,
        }
    })
}

/// Read the subject names of the certificates in PEM `file` (duplicates once) into a
/// new `STACK_OF(X509_NAME)` the caller owns. NULL when the file cannot be read or
/// holds no certificate.
#[no_mangle]
pub extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut stack_st_X509_NAME {
    boundary("SSL_load_client_CA_file", std::ptr::null_mut(), || {
        if file.is_null() {
            error::raise(Reason::NULL, "SSL_load_client_CA_file");
            return std::ptr::null_mut();
        }
        // Every certificate of the file (read_chain_file reads them all).
        let Some(certs) = read_chain_file(file) else {
            return std::ptr::null_mut();
        };
        // SAFETY: a new stack; each pushed name is a duplicate it owns.
        unsafe {
            let sk = ffi::OPENSSL_sk_new_null();
            if sk.is_null() {
                return std::ptr::null_mut();
            }
            for c in &certs {
                let name = ffi::X509_get_subject_name(c.as_ptr());
                let mut seen = false;
                for i in 0..ffi::OPENSSL_sk_num(sk) {
                    if ffi::X509_NAME_cmp(
                        ffi::OPENSSL_sk_value(sk, i) as *const ffi::X509_NAME,
                        name,
                    ) == 0
                    {
                        seen = true;
                    }
                }
                if !seen {
                    ffi::OPENSSL_sk_push(sk, ffi::X509_NAME_dup(name) as *const c_void);
                }
            }
            sk
        }
    })
}

/// The context's trust store (borrowed).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_cert_store(ctx: *const SSL_CTX) -> *mut X509_STORE {
    boundary("SSL_CTX_get_cert_store", std::ptr::null_mut(), || {
        let ctx = try_handle!(Context, ctx, std::ptr::null_mut(), "SSL_CTX_get_cert_store");
        let p = ctx.state().store.as_ptr();
        p
    })
}

/// Replace the context's trust store, taking over the caller's reference to `store`
/// (NULL: an empty store).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cert_store(ctx: *mut SSL_CTX, store: *mut X509_STORE) {
    boundary("SSL_CTX_set_cert_store", (), || {
        // SAFETY: the caller transfers its reference (released here if ctx is NULL).
        let store = unsafe { Store::from_owned(store) }.unwrap_or_default();
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_cert_store");
        ctx.state().store = store;
    })
}

/// Trust the CA certificates in PEM `file`. Returns 1, or 0 with libcrypto's error.
#[no_mangle]
pub extern "C" fn SSL_CTX_load_verify_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    boundary("SSL_CTX_load_verify_file", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_load_verify_file");
        if file.is_null() {
            error::raise(Reason::NULL, "SSL_CTX_load_verify_file");
            return 0;
        }
        let store = ctx.state().store.clone();
        // SAFETY: a valid store and a NUL-terminated path.
        unsafe { ffi::X509_STORE_load_file(store.as_ptr(), file) }
    })
}

/// Trust the CA certificates of hashed directory `dir`. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_load_verify_dir(ctx: *mut SSL_CTX, dir: *const c_char) -> c_int {
    boundary("SSL_CTX_load_verify_dir", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_load_verify_dir");
        if dir.is_null() {
            error::raise(Reason::NULL, "SSL_CTX_load_verify_dir");
            return 0;
        }
        let store = ctx.state().store.clone();
        // SAFETY: a valid store and a NUL-terminated path.
        unsafe { ffi::X509_STORE_load_path(store.as_ptr(), dir) }
    })
}

/// Trust the CA certificates of the `OSSL_STORE` at `uri` (e.g. "file:/etc/ssl/certs").
/// Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_load_verify_store(ctx: *mut SSL_CTX, uri: *const c_char) -> c_int {
    boundary("SSL_CTX_load_verify_store", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_load_verify_store");
        if uri.is_null() {
            error::raise(Reason::NULL, "SSL_CTX_load_verify_store");
            return 0;
        }
        let store = ctx.state().store.clone();
        // SAFETY: a valid store and a NUL-terminated URI.
        unsafe { ffi::X509_STORE_load_store(store.as_ptr(), uri) }
    })
}

/// Limit the length of the peer's chain that verification accepts (as
/// `X509_STORE_CTX_set_depth`); a longer chain fails with
/// `X509_V_ERR_CERT_CHAIN_TOO_LONG`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_verify_depth(ctx: *mut SSL_CTX, depth: c_int) {
    boundary("SSL_CTX_set_verify_depth", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_verify_depth");
        // SAFETY: the context's own parameter set.
        unsafe { ffi::X509_VERIFY_PARAM_set_depth(ctx.param.as_ptr(), depth) };
    })
}

/// The context's verification depth (-1: libcrypto's default).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_verify_depth(ctx: *const SSL_CTX) -> c_int {
    boundary("SSL_CTX_get_verify_depth", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_verify_depth");
        // SAFETY: as above.
        unsafe { ffi::X509_VERIFY_PARAM_get_depth(ctx.param.as_ptr()) }
    })
}

/// As `SSL_CTX_set_verify_depth`, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_verify_depth(ssl: *mut SSL, depth: c_int) {
    boundary("SSL_set_verify_depth", (), || {
        let h = try_handle!(SslHandle, ssl, (), "SSL_set_verify_depth");
        // SAFETY: the connection's own parameter set.
        unsafe { ffi::X509_VERIFY_PARAM_set_depth(h.shared.param.as_ptr(), depth) };
    })
}

/// The connection's verification depth.
#[no_mangle]
pub extern "C" fn SSL_get_verify_depth(ssl: *const SSL) -> c_int {
    boundary("SSL_get_verify_depth", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_get_verify_depth");
        // SAFETY: as above.
        unsafe { ffi::X509_VERIFY_PARAM_get_depth(h.shared.param.as_ptr()) }
    })
}

/// libcrypto's `X509_VERIFY_PARAM` (opaque).
pub type X509_VERIFY_PARAM = ffi::X509_VERIFY_PARAM;

/// The context's verification parameters (borrowed), which new connections inherit:
/// host names, depth, flags, purpose, as libcrypto's `X509_VERIFY_PARAM_*` set them.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_param(ctx: *mut SSL_CTX) -> *mut X509_VERIFY_PARAM {
    boundary("SSL_CTX_get0_param", std::ptr::null_mut(), || {
        let ctx = try_handle!(Context, ctx, std::ptr::null_mut(), "SSL_CTX_get0_param");
        ctx.param.as_ptr()
    })
}

/// The connection's verification parameters (borrowed), used when the peer's
/// certificate is verified.
#[no_mangle]
pub extern "C" fn SSL_get0_param(ssl: *mut SSL) -> *mut X509_VERIFY_PARAM {
    boundary("SSL_get0_param", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get0_param");
        h.shared.param.as_ptr()
    })
}

/// Require the peer's certificate to match host name (or IP address) `hostname`,
/// replacing earlier names; NULL clears them. Checked by libcrypto during
/// verification (`X509_V_ERR_HOSTNAME_MISMATCH`). Returns 1, or 0 on failure.
#[no_mangle]
pub extern "C" fn SSL_set1_host(s: *mut SSL, hostname: *const c_char) -> c_int {
    boundary("SSL_set1_host", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_set1_host");
        // SAFETY: our parameter set; hostname is NULL or NUL-terminated.
        unsafe { ffi::X509_VERIFY_PARAM_set1_host(h.shared.param.as_ptr(), hostname, 0) }
    })
}

/// Add a host name the peer's certificate may match. Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_add1_host(s: *mut SSL, hostname: *const c_char) -> c_int {
    boundary("SSL_add1_host", 0, || {
        let h = try_handle!(SslHandle, s, 0, "SSL_add1_host");
        // SAFETY: as above.
        unsafe { ffi::X509_VERIFY_PARAM_add1_host(h.shared.param.as_ptr(), hostname, 0) }
    })
}

/// Set the host-name checking flags (`X509_CHECK_FLAG_*`).
#[no_mangle]
pub extern "C" fn SSL_set_hostflags(s: *mut SSL, flags: libc::c_uint) {
    boundary("SSL_set_hostflags", (), || {
        let h = try_handle!(SslHandle, s, (), "SSL_set_hostflags");
        // SAFETY: our parameter set.
        unsafe { ffi::X509_VERIFY_PARAM_set_hostflags(h.shared.param.as_ptr(), flags) }
    })
}

/// The name in the peer's certificate that matched (after a host-name check), or NULL.
#[no_mangle]
pub extern "C" fn SSL_get0_peername(s: *mut SSL) -> *const c_char {
    boundary("SSL_get0_peername", std::ptr::null(), || {
        let h = try_handle!(SslHandle, s, std::ptr::null(), "SSL_get0_peername");
        // SAFETY: our parameter set; the string belongs to it.
        unsafe { ffi::X509_VERIFY_PARAM_get0_peername(h.shared.param.as_ptr()) }
    })
}

/// The ex_data index under which a verification's `X509_STORE_CTX` carries the `SSL*`
/// being verified (for verify callbacks).
#[no_mangle]
pub extern "C" fn SSL_get_ex_data_X509_STORE_CTX_idx() -> c_int {
    boundary(
        "SSL_get_ex_data_X509_STORE_CTX_idx",
        -1,
        crate::exdata::store_ctx_ssl_index,
    )
}

/// Attach application data `data` at index `idx` (from `SSL_get_ex_new_index`).
/// Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_set_ex_data(ssl: *mut SSL, idx: c_int, data: *mut c_void) -> c_int {
    boundary("SSL_set_ex_data", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_ex_data");
        h.shared.ex_data.set(idx, data)
    })
}

/// The application data at index `idx`, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_ex_data(ssl: *const SSL, idx: c_int) -> *mut c_void {
    boundary("SSL_get_ex_data", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_ex_data");
        h.shared.ex_data.get(idx)
    })
}

/// As `SSL_set_ex_data`, on a context.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_ex_data(ctx: *mut SSL_CTX, idx: c_int, data: *mut c_void) -> c_int {
    boundary("SSL_CTX_set_ex_data", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_ex_data");
        ctx.ex_data.set(idx, data)
    })
}

/// As `SSL_get_ex_data`, on a context.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_ex_data(ctx: *const SSL_CTX, idx: c_int) -> *mut c_void {
    boundary("SSL_CTX_get_ex_data", std::ptr::null_mut(), || {
        let ctx = try_handle!(Context, ctx, std::ptr::null_mut(), "SSL_CTX_get_ex_data");
        ctx.ex_data.get(idx)
    })
}

/// The chain verification built for the peer, leaf first (borrowed; after a failed
/// verification, as far as it got, as in OpenSSL), or NULL before any verification.
#[no_mangle]
pub extern "C" fn SSL_get0_verified_chain(s: *const SSL) -> *mut super::stack_st_X509 {
    boundary("SSL_get0_verified_chain", std::ptr::null_mut(), || {
        let h = try_handle!(
            SslHandle,
            s,
            std::ptr::null_mut(),
            "SSL_get0_verified_chain"
        );
        h.shared.verified_chain_ptr()
    })
}
