//! Library initialisation, methods and the `SSL_CTX` family: creation and reference
//! counts, modes, options, protocol versions, verification settings, certificates.

use super::{boundary, try_handle, Handle, OPENSSL_INIT_SETTINGS, SSL_CTX, SSL_METHOD};
use crate::certs::{DefaultLookup, PKey, X509 as X509Obj};
use crate::consts::*;
use crate::ctx::{valid_version, Context, Method, Settings};
use crate::error::{self, Reason};
use crate::ffi::{self, EVP_PKEY, X509, X509_STORE_CTX};
use crate::reasons as r;
use libc::{c_char, c_int, c_long, c_void};
use std::ffi::{CStr, CString};
use std::sync::Arc;

/// The three methods; an `SSL_METHOD*` points at one of these.
#[repr(C)]
pub struct MethodTag(pub(crate) Method);
static TLS_ANY: MethodTag = MethodTag(Method::Any);
static TLS_CLIENT: MethodTag = MethodTag(Method::Client);
static TLS_SERVER: MethodTag = MethodTag(Method::Server);

fn method_of(p: *const SSL_METHOD) -> Option<Method> {
    [&TLS_ANY, &TLS_CLIENT, &TLS_SERVER]
        .into_iter()
        .find(|m| std::ptr::eq(*m as *const MethodTag as *const SSL_METHOD, p))
        .map(|m| m.0)
}

/// Initialise libcrypto (with `opts`, as `OPENSSL_init_crypto` takes them, plus
/// `OPENSSL_INIT_LOAD_CONFIG` unless `OPENSSL_INIT_NO_LOAD_CONFIG` is given) and register
/// libssl's error strings. Returns 1 on success, 0 on failure. Called implicitly by
/// `SSL_CTX_new`; `SSL_library_init()` and `SSL_load_error_strings()` are macros over it.
#[no_mangle]
pub extern "C" fn OPENSSL_init_ssl(opts: u64, settings: *const OPENSSL_INIT_SETTINGS) -> c_int {
    boundary("OPENSSL_init_ssl", 0, || {
        // The configuration file is loaded unless the caller says not to, as OpenSSL's
        // libssl asks (its `ssl_conf` sections apply to new contexts).
        let mut crypto_opts = opts & 0x000f_ffff;
        if crypto_opts & OPENSSL_INIT_NO_LOAD_CONFIG == 0 {
            crypto_opts |= OPENSSL_INIT_LOAD_CONFIG;
        }
        // SAFETY: settings is NULL or an OPENSSL_INIT_SETTINGS the caller made; we pass
        // on only libcrypto's own option bits.
        let ok = unsafe { ffi::OPENSSL_init_crypto(crypto_opts, settings as *const c_void) };
        error::load_strings();
        ok
    })
}

/// The general-purpose TLS method: a context for either role (the role is chosen by
/// `SSL_set_connect_state` / `SSL_set_accept_state`, `SSL_connect` or `SSL_accept`).
#[no_mangle]
pub extern "C" fn TLS_method() -> *const SSL_METHOD {
    &TLS_ANY as *const MethodTag as *const SSL_METHOD
}

/// The client TLS method.
#[no_mangle]
pub extern "C" fn TLS_client_method() -> *const SSL_METHOD {
    &TLS_CLIENT as *const MethodTag as *const SSL_METHOD
}

/// The server TLS method.
#[no_mangle]
pub extern "C" fn TLS_server_method() -> *const SSL_METHOD {
    &TLS_SERVER as *const MethodTag as *const SSL_METHOD
}

/// Create a context for `meth` (TLS 1.2 and 1.3 over rustls), holding one reference,
/// with OpenSSL's defaults and then the configuration file's `system_default` section
/// (`ssl_conf` module) applied. Returns NULL with `SSL_R_NULL_SSL_METHOD_PASSED` for a
/// NULL or unknown method.
#[no_mangle]
pub extern "C" fn SSL_CTX_new(meth: *const SSL_METHOD) -> *mut SSL_CTX {
    boundary("SSL_CTX_new", std::ptr::null_mut(), || {
        // The general methods, else a version-specific one (src/entry/misc.rs).
        let (method, version) = match method_of(meth).map(|m| Ok((m, 0))) {
            Some(m) => m,
            None => match super::misc::fixed_method(meth) {
                Some(m) => m,
                None => Err(Reason(r::SSL_R_NULL_SSL_METHOD_PASSED)),
            },
        }
        .unwrap_or_else(|reason| (Method::Any, -reason.0));
        if version < 0 {
            error::raise(Reason(-version), "SSL_CTX_new");
            return std::ptr::null_mut();
        }
        if OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, std::ptr::null()) != 1 {
            return std::ptr::null_mut();
        }
        let ctx = Arc::new(Context::new(method));
        ctx.state().settings_mut().misc.method_version = version;
        ctx.ex_data.init(Arc::as_ptr(&ctx) as *mut c_void);
        super::conf::apply_system_config(&ctx);
        Context::into_c(ctx)
    })
}

/// Take one more reference to `ctx`. Returns 1, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_up_ref(ctx: *mut SSL_CTX) -> c_int {
    boundary("SSL_CTX_up_ref", 0, || {
        try_handle!(Context, ctx, 0, "SSL_CTX_up_ref");
        // SAFETY: a context pointer the caller holds a reference to.
        unsafe { Context::up_ref(ctx) as c_int }
    })
}

/// Drop one reference to `ctx`; the last one frees it (connections hold their own).
/// NULL is ignored.
#[no_mangle]
pub extern "C" fn SSL_CTX_free(ctx: *mut SSL_CTX) {
    // SAFETY: the caller gives up its reference.
    boundary("SSL_CTX_free", (), || unsafe { Context::release(ctx) })
}

/// The controls shared by `SSL_CTX_ctrl` and `SSL_ctrl`: mode (`SSL_CTRL_MODE` ORs
/// `larg` in and returns the new mask; `SSL_CTRL_CLEAR_MODE` clears it and returns the
/// new mask) and protocol bounds (set: 1 for a valid version, else 0; get: the bound,
/// 0 when none). Other commands return 0 (not supported).
pub(crate) fn settings_ctrl(s: &mut Settings, cmd: c_int, larg: c_long) -> c_long {
    match cmd {
        SSL_CTRL_MODE => {
            s.mode |= larg as u32;
            s.mode as c_long
        }
        SSL_CTRL_CLEAR_MODE => {
            s.mode &= !(larg as u32);
            s.mode as c_long
        }
        SSL_CTRL_SET_MIN_PROTO_VERSION | SSL_CTRL_SET_MAX_PROTO_VERSION => {
            // OpenSSL takes the bound as an int.
            let v = larg as i32;
            if !valid_version(v) {
                return 0;
            }
            // A version-specific method keeps its version (OpenSSL accepts the bound
            // and does not record it).
            if s.misc.method_version != 0 {
                return 1;
            }
            if cmd == SSL_CTRL_SET_MIN_PROTO_VERSION {
                s.min_version = v;
            } else {
                s.max_version = v;
            }
            1
        }
        SSL_CTRL_GET_MIN_PROTO_VERSION => s.min_version as c_long,
        SSL_CTRL_GET_MAX_PROTO_VERSION => s.max_version as c_long,
        _ => 0,
    }
}

/// Context controls: see `settings_ctrl`, and `SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG`
/// (`parg` is the servername callback's argument).
#[no_mangle]
pub extern "C" fn SSL_CTX_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    boundary("SSL_CTX_ctrl", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_ctrl");
        if let Some(v) = super::session::ctx_ctrl(ctx, cmd, larg, parg) {
            return v;
        }
        if let Some(r) = super::misc::ctx_ctrl(ctx, cmd, larg, parg) {
            return r;
        }
        let mut st = ctx.state();
        match cmd {
            SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG => {
                st.callbacks.servername_arg = parg as usize;
                1
            }
            SSL_CTRL_SET_GROUPS_LIST => super::cipher::set_groups(st.settings_mut(), parg),
            _ => settings_ctrl(st.settings_mut(), cmd, larg),
        }
    })
}

/// OR `mode` into the context's mode; returns the new mask. (A macro in OpenSSL's
/// header; exported for programs built against ours.)
#[no_mangle]
pub extern "C" fn SSL_CTX_set_mode(ctx: *mut SSL_CTX, mode: c_long) -> c_long {
    SSL_CTX_ctrl(ctx, SSL_CTRL_MODE, mode, std::ptr::null_mut())
}

/// Clear `mode` bits; returns the new mask.
#[no_mangle]
pub extern "C" fn SSL_CTX_clear_mode(ctx: *mut SSL_CTX, mode: c_long) -> c_long {
    SSL_CTX_ctrl(ctx, SSL_CTRL_CLEAR_MODE, mode, std::ptr::null_mut())
}

/// The context's mode mask.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_mode(ctx: *mut SSL_CTX) -> c_long {
    SSL_CTX_ctrl(ctx, SSL_CTRL_MODE, 0, std::ptr::null_mut())
}

/// Set the lowest protocol version (0 = lowest supported). Returns 1, or 0 for an
/// unknown version. Only TLS 1.2 and 1.3 are ever negotiated.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_min_proto_version(ctx: *mut SSL_CTX, version: c_int) -> c_int {
    SSL_CTX_ctrl(
        ctx,
        SSL_CTRL_SET_MIN_PROTO_VERSION,
        version as c_long,
        std::ptr::null_mut(),
    ) as c_int
}

/// Set the highest protocol version (0 = highest supported). Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_max_proto_version(ctx: *mut SSL_CTX, version: c_int) -> c_int {
    SSL_CTX_ctrl(
        ctx,
        SSL_CTRL_SET_MAX_PROTO_VERSION,
        version as c_long,
        std::ptr::null_mut(),
    ) as c_int
}

/// The lowest protocol version set, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_min_proto_version(ctx: *mut SSL_CTX) -> c_int {
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, std::ptr::null_mut()) as c_int
}

/// The highest protocol version set, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_max_proto_version(ctx: *mut SSL_CTX) -> c_int {
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, std::ptr::null_mut()) as c_int
}

/// OR `op` into the context's options; returns the new options. New contexts start
/// with OpenSSL 3.0's defaults.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    boundary("SSL_CTX_set_options", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_options");
        let mut st = ctx.state();
        let s = st.settings_mut();
        s.options |= op;
        s.options
    })
}

/// Clear `op` from the context's options; returns the new options.
#[no_mangle]
pub extern "C" fn SSL_CTX_clear_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    boundary("SSL_CTX_clear_options", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_clear_options");
        let mut st = ctx.state();
        let s = st.settings_mut();
        s.options &= !op;
        s.options
    })
}

/// The context's options.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_options(ctx: *const SSL_CTX) -> u64 {
    boundary("SSL_CTX_get_options", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_options");
        let o = ctx.state().settings.options;
        o
    })
}

/// Verification callback type: `preverify_ok` and the `X509_STORE_CTX` of the check.
pub type SSL_verify_cb = crate::certs::VerifyCb;

/// Set the verify mode for new connections (`SSL_VERIFY_NONE`, or `SSL_VERIFY_PEER`
/// with optional `SSL_VERIFY_FAIL_IF_NO_PEER_CERT`) and the optional callback. Under
/// `SSL_VERIFY_PEER` a failed verification fails the handshake
/// (`SSL_R_CERTIFICATE_VERIFY_FAILED`); under `SSL_VERIFY_NONE` the handshake goes on
/// and `SSL_get_verify_result` tells the outcome. The callback is libcrypto's verify
/// callback: it sees `preverify_ok` and the real `X509_STORE_CTX` for each certificate,
/// and its return value overrides the decision.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_verify(ctx: *mut SSL_CTX, mode: c_int, callback: SSL_verify_cb) {
    boundary("SSL_CTX_set_verify", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_verify");
        let mut st = ctx.state();
        let s = st.settings_mut();
        s.verify_mode = mode;
        s.verify_cb = callback;
    })
}

/// Verify peers' chains with `cb(x509_store_ctx, arg)` in place of libcrypto's
/// `X509_verify_cert`: the `X509_STORE_CTX` is set up as for it (store, chain, purpose,
/// parameters, verify callback, the `SSL*` ex_data); a result above 0 accepts, and the
/// context's error is the verify result. Read at each verification from the
/// connection's current context, as OpenSSL does. NULL restores `X509_verify_cert`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cert_verify_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(ctx: *mut X509_STORE_CTX, arg: *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    boundary("SSL_CTX_set_cert_verify_callback", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_cert_verify_callback");
        ctx.state().misc.app_verify = cb.map(|f| (f, arg as usize));
    })
}

/// The verify mode new connections get.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_verify_mode(ctx: *const SSL_CTX) -> c_int {
    boundary("SSL_CTX_get_verify_mode", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_verify_mode");
        let m = ctx.state().settings.verify_mode;
        m
    })
}

/// Make new connections shut down quietly (see `SSL_set_quiet_shutdown`).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_quiet_shutdown(ctx: *mut SSL_CTX, mode: c_int) {
    boundary("SSL_CTX_set_quiet_shutdown", (), || {
        let ctx = try_handle!(Context, ctx, (), "SSL_CTX_set_quiet_shutdown");
        ctx.state().settings_mut().quiet_shutdown = mode;
    })
}

/// 1 when new connections shut down quietly, else 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_quiet_shutdown(ctx: *const SSL_CTX) -> c_int {
    boundary("SSL_CTX_get_quiet_shutdown", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_get_quiet_shutdown");
        let q = ctx.state().settings.quiet_shutdown;
        q
    })
}

fn cstr(p: *const c_char) -> Option<CString> {
    // SAFETY: p is NULL or a NUL-terminated string from the caller.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_owned())
}

/// Load trusted CA certificates from a PEM file and/or a hashed directory into the
/// context's store. Returns 1, or 0 (both NULL, or libcrypto's load error queued).
#[no_mangle]
pub extern "C" fn SSL_CTX_load_verify_locations(
    ctx: *mut SSL_CTX,
    ca_file: *const c_char,
    ca_path: *const c_char,
) -> c_int {
    boundary("SSL_CTX_load_verify_locations", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_load_verify_locations");
        let (file, dir) = (cstr(ca_file), cstr(ca_path));
        if file.is_none() && dir.is_none() {
            error::raise(Reason::NULL, "SSL_CTX_load_verify_locations");
            return 0;
        }
        let store = ctx.state().store.clone();
        store.load_locations(file.as_ref(), dir.as_ref()) as c_int
    })
}

/// Trust the system's default CA locations (Debian's /etc/ssl/certs, or what
/// `SSL_CERT_FILE` / `SSL_CERT_DIR` name). Returns 1, or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_paths(ctx: *mut SSL_CTX) -> c_int {
    boundary("SSL_CTX_set_default_verify_paths", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_default_verify_paths");
        let store = ctx.state().store.clone();
        store.set_default_paths() as c_int
    })
}

fn default_lookup(ctx: *mut SSL_CTX, kind: DefaultLookup, func: &'static str) -> c_int {
    boundary(func, 0, || {
        let ctx = try_handle!(Context, ctx, 0, func);
        let store = ctx.state().store.clone();
        store.add_default_lookup(kind) as c_int
    })
}

/// Trust the certificates of the system's default hashed CA directory
/// (`/usr/lib/ssl/certs`, or `SSL_CERT_DIR`). Returns 1 (a missing directory is no
/// error), or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_dir(ctx: *mut SSL_CTX) -> c_int {
    default_lookup(ctx, DefaultLookup::Dir, "SSL_CTX_set_default_verify_dir")
}

/// Trust the certificates of the system's default CA file (`/usr/lib/ssl/cert.pem`,
/// or `SSL_CERT_FILE`). Returns 1 (a missing file is no error), or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_file(ctx: *mut SSL_CTX) -> c_int {
    default_lookup(ctx, DefaultLookup::File, "SSL_CTX_set_default_verify_file")
}

/// Trust the certificates of the system's default OSSL_STORE URI (the default CA
/// file's). Returns 1 (a missing store is no error), or 0.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_store(ctx: *mut SSL_CTX) -> c_int {
    default_lookup(
        ctx,
        DefaultLookup::Store,
        "SSL_CTX_set_default_verify_store",
    )
}

/// Open `file` for reading as a BIO; libcrypto queues the system error on failure.
fn open_file(file: *const c_char) -> Option<*mut ffi::BIO> {
    if file.is_null() {
        // What libcrypto reports when fopen is handed no name.
        error::raise_lib(error::ERR_LIB_SYS, libc::EFAULT, "BIO_new_file");
        return None;
    }
    // SAFETY: file is a NUL-terminated path; "r" is a valid mode.
    let bio = unsafe { ffi::BIO_new_file(file, c"r".as_ptr()) };
    (!bio.is_null()).then_some(bio)
}

/// Read one certificate (PEM or DER) from `file`.
pub(crate) fn read_cert_file(
    file: *const c_char,
    kind: c_int,
    func: &'static str,
) -> Option<X509Obj> {
    if kind != SSL_FILETYPE_PEM && kind != SSL_FILETYPE_ASN1 {
        error::raise(Reason(r::SSL_R_BAD_SSL_FILETYPE), func);
        return None;
    }
    let bio = open_file(file)?;
    // SAFETY: bio is a fresh file BIO we free; the readers return owned objects.
    unsafe {
        let x = if kind == SSL_FILETYPE_PEM {
            ffi::PEM_read_bio_X509(
                bio,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        } else {
            ffi::d2i_X509_bio(bio, std::ptr::null_mut())
        };
        ffi::BIO_free_all(bio);
        X509Obj::from_owned(x)
    }
}

/// Read a private key (PEM or DER) from `file`; an encrypted PEM key's password comes
/// from `settings`' password callback (`SSL_CTX_set_default_passwd_cb`).
pub(crate) fn read_key_file(
    file: *const c_char,
    kind: c_int,
    func: &'static str,
    settings: &Settings,
) -> Option<PKey> {
    let (cb, u) = super::misc::passwd_of(settings);
    if kind != SSL_FILETYPE_PEM && kind != SSL_FILETYPE_ASN1 {
        error::raise(Reason(r::SSL_R_BAD_SSL_FILETYPE), func);
        return None;
    }
    let bio = open_file(file)?;
    // SAFETY: as above.
    unsafe {
        let k = if kind == SSL_FILETYPE_PEM {
            ffi::PEM_read_bio_PrivateKey(bio, std::ptr::null_mut(), cb, u)
        } else {
            ffi::d2i_PrivateKey_bio(bio, std::ptr::null_mut())
        };
        ffi::BIO_free_all(bio);
        if k.is_null() {
            // After libcrypto's reason, libssl's: which reader failed.
            let lib = if kind == SSL_FILETYPE_PEM {
                error::ERR_R_PEM_LIB
            } else {
                error::ERR_R_ASN1_LIB
            };
            error::raise(Reason(lib), func);
        }
        PKey::from_owned(k)
    }
}

/// Read a PEM chain: the leaf, then any number of intermediates.
pub(crate) fn read_chain_file(file: *const c_char) -> Option<Vec<X509Obj>> {
    let bio = open_file(file)?;
    let mut chain = Vec::new();
    // SAFETY: bio is a fresh file BIO we free; each read returns an owned X509.
    unsafe {
        let (nx, np) = (std::ptr::null_mut(), std::ptr::null_mut());
        if let Some(leaf) = X509Obj::from_owned(ffi::PEM_read_bio_X509_AUX(bio, nx, np, np)) {
            chain.push(leaf);
            while let Some(c) = X509Obj::from_owned(ffi::PEM_read_bio_X509(bio, nx, np, np)) {
                chain.push(c);
            }
            // Reading past the last certificate queues "no start line": expected.
            ffi::ERR_clear_error();
        }
        ffi::BIO_free_all(bio);
    }
    (!chain.is_empty()).then_some(chain)
}

/// Use the certificate in `file` (`SSL_FILETYPE_PEM` or `SSL_FILETYPE_ASN1`) as the
/// context's certificate. Returns 1, or 0 with libcrypto's or libssl's error queued.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_certificate_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    boundary("SSL_CTX_use_certificate_file", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_use_certificate_file");
        match read_cert_file(file, kind, "SSL_CTX_use_certificate_file") {
            Some(x) => {
                ctx.state().identity_mut().set_cert(x);
                1
            }
            None => 0,
        }
    })
}

/// Use the PEM chain in `file` (leaf first, then intermediates) as the context's
/// certificate chain. Returns 1, or 0 with an error queued.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_certificate_chain_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
) -> c_int {
    boundary("SSL_CTX_use_certificate_chain_file", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_use_certificate_chain_file");
        match read_chain_file(file) {
            Some(chain) => {
                let mut st = ctx.state();
                let mut it = chain.into_iter();
                if let Some(leaf) = it.next() {
                    st.identity_mut().set_cert(leaf);
                }
                for c in it {
                    st.identity_mut().add_chain_cert(c);
                }
                1
            }
            None => 0,
        }
    })
}

/// Use the private key in `file` (PEM or DER). Returns 1, or 0 when it cannot be read
/// or does not match the certificate already set.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_PrivateKey_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    boundary("SSL_CTX_use_PrivateKey_file", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_use_PrivateKey_file");
        let settings = ctx.state().settings.clone();
        match read_key_file(file, kind, "SSL_CTX_use_PrivateKey_file", &settings) {
            Some(k) => {
                super::ssl::use_key(ctx.state().identity_mut(), k, "SSL_CTX_use_PrivateKey_file")
            }
            None => 0,
        }
    })
}

/// Use `x` (the caller keeps its own reference) as the context's certificate.
/// Returns 1, or 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_certificate(ctx: *mut SSL_CTX, x: *mut X509) -> c_int {
    boundary("SSL_CTX_use_certificate", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_use_certificate");
        // SAFETY: x is NULL or a valid X509; we take our own reference.
        let Some(x) = (unsafe { X509Obj::from_borrowed(x) }) else {
            error::raise(Reason::NULL, "SSL_CTX_use_certificate");
            return 0;
        };
        ctx.state().identity_mut().set_cert(x);
        1
    })
}

/// Use `pkey` (the caller keeps its reference) as the context's private key. Returns
/// 1, or 0 for NULL or a key that does not match the certificate already set.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_PrivateKey(ctx: *mut SSL_CTX, pkey: *mut EVP_PKEY) -> c_int {
    boundary("SSL_CTX_use_PrivateKey", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_use_PrivateKey");
        // SAFETY: pkey is NULL or a valid EVP_PKEY; we take our own reference.
        let Some(k) = (unsafe { PKey::from_borrowed(pkey) }) else {
            error::raise(Reason::NULL, "SSL_CTX_use_PrivateKey");
            return 0;
        };
        let r = super::ssl::use_key(ctx.state().identity_mut(), k, "SSL_CTX_use_PrivateKey");
        r
    })
}

/// Check that the context's private key matches its certificate. Returns 1, or 0 with
/// `SSL_R_NO_CERTIFICATE_ASSIGNED`, `SSL_R_NO_PRIVATE_KEY_ASSIGNED` or libcrypto's
/// mismatch error queued.
#[no_mangle]
pub extern "C" fn SSL_CTX_check_private_key(ctx: *const SSL_CTX) -> c_int {
    boundary("SSL_CTX_check_private_key", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_check_private_key");
        let st = ctx.state();
        crate::entry::ssl::check_identity(&st.identity, "SSL_CTX_check_private_key")
    })
}
