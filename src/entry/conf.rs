//! `SSL_CONF_CTX` and the configuration file: `SSL_CONF_cmd` and friends over the
//! [`crate::conf`] core, `SSL_CTX_config` / `SSL_config`, and the `system_default`
//! section of openssl.cnf applied to every new `SSL_CTX`.
//!
//! libcrypto (3.0) owns the `ssl_conf` module: when it loads the configuration file
//! (`OPENSSL_init_ssl` asks it to, as OpenSSL's libssl does) it keeps each section's
//! commands, and hands them out through `conf_ssl_name_find` / `conf_ssl_get` /
//! `conf_ssl_get_cmd`, the functions OpenSSL's own libssl calls. We run them through the
//! same `SSL_CONF` core as `SSL_CONF_cmd`.

use super::{boundary, try_handle, Handle, SslHandle, SSL, SSL_CTX};
use crate::conf::{self, ConfCtx, Target};
use crate::consts::*;
use crate::ctx::{Context, Method, Settings};
use crate::error::{self, Reason};
use crate::reasons as r;
use libc::{c_char, c_int, c_uint, c_void, size_t};
use std::ffi::CStr;
use std::sync::{Arc, Mutex, MutexGuard};

/// OpenSSL's `SSL_CONF_CTX` (opaque).
pub struct SSL_CONF_CTX {
    _private: [u8; 0],
}

/// What an `SSL_CONF_CTX*` points at.
pub struct ConfHandle {
    inner: Mutex<ConfCtx>,
}

impl ConfHandle {
    fn lock(&self) -> MutexGuard<'_, ConfCtx> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Handle for ConfHandle {
    type C = SSL_CONF_CTX;
}

/// libcrypto's `SSL_CONF_CMD` (opaque): one stored section of the `ssl_conf` module.
#[repr(C)]
struct SslConfCmd {
    _private: [u8; 0],
}

/// libcrypto's `OSSL_DECODER_CTX` (opaque).
#[repr(C)]
struct OsslDecoderCtx {
    _private: [u8; 0],
}

/// libcrypto functions this file calls (not part of our API).
/// cbindgen:ignore
mod sys {
    use super::{OsslDecoderCtx, SslConfCmd};
    use libc::{c_char, c_int, c_void, size_t};

    extern "C" {
        pub(super) fn conf_ssl_name_find(name: *const c_char, idx: *mut size_t) -> c_int;
        pub(super) fn conf_ssl_get(
            idx: size_t,
            name: *mut *const c_char,
            cnt: *mut size_t,
        ) -> *const SslConfCmd;
        pub(super) fn conf_ssl_get_cmd(
            cmd: *const SslConfCmd,
            idx: size_t,
            cmdstr: *mut *mut c_char,
            arg: *mut *mut c_char,
        );
        pub(super) fn OSSL_DECODER_CTX_new_for_pkey(
            pkey: *mut *mut crate::ffi::EVP_PKEY,
            input_type: *const c_char,
            input_structure: *const c_char,
            keytype: *const c_char,
            selection: c_int,
            libctx: *mut c_void,
            propquery: *const c_char,
        ) -> *mut OsslDecoderCtx;
        pub(super) fn OSSL_DECODER_from_bio(
            ctx: *mut OsslDecoderCtx,
            bio: *mut crate::ffi::BIO,
        ) -> c_int;
        pub(super) fn OSSL_DECODER_CTX_free(ctx: *mut OsslDecoderCtx);
    }
}
use sys::*;

/// `OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS`.
const SELECT_DOMAIN_PARAMETERS: c_int = 0x04;

/// Whether `file` holds PEM DH parameters (libcrypto's decoder; its errors stay queued
/// when it does not, as OpenSSL's `DHParameters` leaves them).
fn dh_params_ok(file: &CStr) -> bool {
    // SAFETY: a NUL-terminated path and mode; every object made here is freed here.
    unsafe {
        let bio = crate::ffi::BIO_new_file(file.as_ptr(), c"r".as_ptr());
        if bio.is_null() {
            return false;
        }
        let mut pkey: *mut crate::ffi::EVP_PKEY = std::ptr::null_mut();
        let dctx = OSSL_DECODER_CTX_new_for_pkey(
            &mut pkey,
            c"PEM".as_ptr(),
            std::ptr::null(),
            c"DH".as_ptr(),
            SELECT_DOMAIN_PARAMETERS,
            std::ptr::null_mut(),
            std::ptr::null(),
        );
        let ok = !dctx.is_null() && OSSL_DECODER_from_bio(dctx, bio) == 1 && !pkey.is_null();
        if !dctx.is_null() {
            OSSL_DECODER_CTX_free(dctx);
        }
        if !pkey.is_null() {
            crate::ffi::EVP_PKEY_free(pkey);
        }
        crate::ffi::BIO_free_all(bio);
        ok
    }
}

/// A context or connection the commands act on, through the setters C programs call.
enum Attached {
    Ctx(Arc<Context>),
    Ssl(Arc<SslHandle>),
}

impl Attached {
    fn ctx_ptr(c: &Arc<Context>) -> *mut SSL_CTX {
        Arc::as_ptr(c) as *mut SSL_CTX
    }
    fn ssl_ptr(h: &Arc<SslHandle>) -> *mut SSL {
        Arc::as_ptr(h) as *mut SSL
    }
}

impl Target for Attached {
    fn settings(&self, f: &mut dyn FnMut(&mut Settings)) {
        match self {
            Attached::Ctx(c) => f(c.state().settings_mut()),
            Attached::Ssl(h) => f(h.shared.state().settings_mut()),
        }
    }
    fn cipher_list(&self, v: &CStr) -> bool {
        let r = match self {
            Attached::Ctx(c) => {
                super::cipher::SSL_CTX_set_cipher_list(Self::ctx_ptr(c), v.as_ptr())
            }
            Attached::Ssl(h) => super::cipher::SSL_set_cipher_list(Self::ssl_ptr(h), v.as_ptr()),
        };
        r == 1
    }
    fn ciphersuites(&self, v: &CStr) -> bool {
        let r = match self {
            Attached::Ctx(c) => {
                super::cipher::SSL_CTX_set_ciphersuites(Self::ctx_ptr(c), v.as_ptr())
            }
            Attached::Ssl(h) => super::cipher::SSL_set_ciphersuites(Self::ssl_ptr(h), v.as_ptr()),
        };
        r == 1
    }
    fn groups(&self, v: &CStr) -> bool {
        let p = v.as_ptr() as *mut c_void;
        let r = match self {
            Attached::Ctx(c) => {
                super::ctx::SSL_CTX_ctrl(Self::ctx_ptr(c), SSL_CTRL_SET_GROUPS_LIST, 0, p)
            }
            Attached::Ssl(h) => {
                super::ssl::SSL_ctrl(Self::ssl_ptr(h), SSL_CTRL_SET_GROUPS_LIST, 0, p)
            }
        };
        r == 1
    }
    fn certificate_chain_file(&self, v: &CStr) -> bool {
        let r = match self {
            Attached::Ctx(c) => {
                super::ctx::SSL_CTX_use_certificate_chain_file(Self::ctx_ptr(c), v.as_ptr())
            }
            Attached::Ssl(h) => {
                super::certs::SSL_use_certificate_chain_file(Self::ssl_ptr(h), v.as_ptr())
            }
        };
        r == 1
    }
    fn private_key_file(&self, v: &CStr) -> bool {
        let r = match self {
            Attached::Ctx(c) => super::ctx::SSL_CTX_use_PrivateKey_file(
                Self::ctx_ptr(c),
                v.as_ptr(),
                SSL_FILETYPE_PEM,
            ),
            Attached::Ssl(h) => super::certs::SSL_use_PrivateKey_file(
                Self::ssl_ptr(h),
                v.as_ptr(),
                SSL_FILETYPE_PEM,
            ),
        };
        r == 1
    }
    fn has_private_key(&self) -> bool {
        match self {
            Attached::Ctx(c) => c.state().identity.key.is_some(),
            Attached::Ssl(h) => h.shared.state().identity.key.is_some(),
        }
    }
    fn num_tickets(&self, n: i32) -> bool {
        let n = n.max(0) as usize;
        match self {
            Attached::Ctx(c) => c.state().settings_mut().num_tickets = n,
            Attached::Ssl(h) => h.shared.state().settings_mut().num_tickets = n,
        }
        true
    }
}

/// A new configuration context with no flags, no prefix and nothing attached; free it
/// with `SSL_CONF_CTX_free`. NULL only if allocation fails.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_new() -> *mut SSL_CONF_CTX {
    boundary("SSL_CONF_CTX_new", std::ptr::null_mut(), || {
        ConfHandle::into_c(Arc::new(ConfHandle {
            inner: Mutex::new(ConfCtx::new()),
        }))
    })
}

/// Free a configuration context (the context or connection attached stays). NULL is
/// ignored.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_free(cctx: *mut SSL_CONF_CTX) {
    // SAFETY: the caller gives up the pointer it got from SSL_CONF_CTX_new.
    boundary("SSL_CONF_CTX_free", (), || unsafe {
        ConfHandle::release(cctx)
    })
}

/// OR `flags` (`SSL_CONF_FLAG_CMDLINE`, `_FILE`, `_CLIENT`, `_SERVER`, `_SHOW_ERRORS`,
/// `_CERTIFICATE`, `_REQUIRE_PRIVATE`) into the context's flags; returns the new flags
/// (0 for NULL, with `ERR_R_PASSED_NULL_PARAMETER`).
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_flags(cctx: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    boundary("SSL_CONF_CTX_set_flags", 0, || {
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_CTX_set_flags");
        let mut c = c.lock();
        c.flags |= flags;
        c.flags
    })
}

/// Clear `flags`; returns the new flags (0 for NULL, with an error queued).
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_clear_flags(cctx: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    boundary("SSL_CONF_CTX_clear_flags", 0, || {
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_CTX_clear_flags");
        let mut c = c.lock();
        c.flags &= !flags;
        c.flags
    })
}

/// Require `pre` in front of every command name (compared case-insensitively in file
/// mode); NULL removes the prefix (in command-line mode the default prefix is "-").
/// Returns 1, or 0 for a NULL context.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set1_prefix(cctx: *mut SSL_CONF_CTX, pre: *const c_char) -> c_int {
    boundary("SSL_CONF_CTX_set1_prefix", 0, || {
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_CTX_set1_prefix");
        // SAFETY: pre is NULL or NUL-terminated.
        let pre = (!pre.is_null()).then(|| unsafe { CStr::from_ptr(pre) }.to_bytes());
        c.lock().set_prefix(pre);
        1
    })
}

/// Make the commands act on `ctx` (NULL: on nothing; commands that need a context then
/// fail or only check their value, as in OpenSSL). Replaces an `SSL` attached before.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_ssl_ctx(cctx: *mut SSL_CONF_CTX, ctx: *mut SSL_CTX) {
    boundary("SSL_CONF_CTX_set_ssl_ctx", (), || {
        let c = try_handle!(ConfHandle, cctx, (), "SSL_CONF_CTX_set_ssl_ctx");
        // SAFETY: ctx is NULL or a context the caller holds.
        let t = unsafe { Context::clone_arc(ctx) }.map(|c| Box::new(Attached::Ctx(c)) as _);
        c.lock().set_target(t);
    })
}

/// Make the commands act on `ssl` (NULL: on nothing). Replaces a context attached
/// before.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_ssl(cctx: *mut SSL_CONF_CTX, ssl: *mut SSL) {
    boundary("SSL_CONF_CTX_set_ssl", (), || {
        let c = try_handle!(ConfHandle, cctx, (), "SSL_CONF_CTX_set_ssl");
        // SAFETY: ssl is NULL or a connection the caller holds.
        let t = unsafe { SslHandle::clone_arc(ssl) }.map(|h| Box::new(Attached::Ssl(h)) as _);
        c.lock().set_target(t);
    })
}

/// Run one command: `cmd` by its file name ("MinProtocol", case-insensitive) under
/// `SSL_CONF_FLAG_FILE` or its command-line name ("-min_protocol") under
/// `SSL_CONF_FLAG_CMDLINE`, after the prefix; only commands the CLIENT / SERVER /
/// CERTIFICATE flags allow are known. Returns 2 when `value` was used, 1 for a switch
/// (no value), 0 for a bad value (the setter's error queued; with `SHOW_ERRORS` also
/// `SSL_R_BAD_VALUE`, "cmd=..., value=..."), -2 for an unknown command (with
/// `SHOW_ERRORS`: `SSL_R_UNKNOWN_CMD_NAME`, "cmd=..."), -3 when the value is missing.
/// A NULL `cmd`: 0 with `SSL_R_INVALID_NULL_CMD_NAME`.
///
/// Compat: refused — SignatureAlgorithms / ClientSignatureAlgorithms (no signature
/// algorithm lists), ChainCA* / VerifyCA* (no separate chain or verification store),
/// RequestCA* / ClientCA* (no CA name lists), ServerInfoFile,
/// RecordPadding above 1 (rustls cannot pad) and the `-strict` switch: they return 0,
/// as for a bad value.
/// Compat: deviation — DHParameters checks the file and then drops the parameters: no
/// suite this library offers uses finite-field DH.
#[no_mangle]
pub extern "C" fn SSL_CONF_cmd(
    cctx: *mut SSL_CONF_CTX,
    cmd: *const c_char,
    value: *const c_char,
) -> c_int {
    boundary("SSL_CONF_cmd", 0, || {
        if cmd.is_null() {
            error::raise(Reason(r::SSL_R_INVALID_NULL_CMD_NAME), "SSL_CONF_cmd");
            return 0;
        }
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_cmd");
        // SAFETY: cmd and value (if not NULL) are NUL-terminated strings.
        let (cmd, value) = unsafe {
            (
                CStr::from_ptr(cmd).to_bytes(),
                (!value.is_null()).then(|| CStr::from_ptr(value)),
            )
        };
        let rv = c.lock().cmd(cmd, value, dh_params_ok);
        rv
    })
}

/// Run the command at `(*pargv)[0]` (with `(*pargv)[1]` as its value) in command-line
/// mode (the FILE flag is cleared, CMDLINE set). Returns how many arguments were used
/// (1 or 2) and advances `*pargv` and `*pargc` by that; 0 when there is nothing to do
/// or the command is unknown; -1 for a bad value; -3 when the value is missing.
/// `pargc` may be NULL (the vector is then NULL-terminated).
#[no_mangle]
pub extern "C" fn SSL_CONF_cmd_argv(
    cctx: *mut SSL_CONF_CTX,
    pargc: *mut c_int,
    pargv: *mut *mut *mut c_char,
) -> c_int {
    boundary("SSL_CONF_cmd_argv", 0, || {
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_cmd_argv");
        if pargv.is_null() {
            error::raise(Reason::NULL, "SSL_CONF_cmd_argv");
            return 0;
        }
        // SAFETY: pargc is NULL or an int; *pargv holds at least *pargc pointers (or is
        // NULL-terminated), as the caller promises.
        unsafe {
            let argc = (!pargc.is_null()).then(|| *pargc);
            if argc == Some(0) || (*pargv).is_null() {
                return 0;
            }
            let arg = match argc {
                None => **pargv,
                Some(n) if n > 0 => **pargv,
                _ => std::ptr::null_mut(),
            };
            if arg.is_null() {
                return 0;
            }
            let argn = match argc {
                None => *(*pargv).add(1),
                Some(n) if n > 1 => *(*pargv).add(1),
                _ => std::ptr::null_mut(),
            };
            {
                let mut g = c.lock();
                g.flags &= !conf::SSL_CONF_FLAG_FILE;
                g.flags |= conf::SSL_CONF_FLAG_CMDLINE;
            }
            let rv = SSL_CONF_cmd(cctx, arg, argn);
            if rv > 0 {
                *pargv = (*pargv).add(rv as usize);
                if !pargc.is_null() {
                    *pargc -= rv;
                }
                return rv;
            }
            // Unknown: nothing used; a bad value: -1; a missing value stays -3.
            if rv == -2 {
                0
            } else if rv == 0 {
                -1
            } else {
                rv
            }
        }
    })
}

/// The kind of value `cmd` takes under the current flags and prefix:
/// `SSL_CONF_TYPE_STRING` (1), `_FILE` (2), `_DIR` (3), `_NONE` (4, a switch),
/// `_STORE` (5), or `SSL_CONF_TYPE_UNKNOWN` (0).
#[no_mangle]
pub extern "C" fn SSL_CONF_cmd_value_type(cctx: *mut SSL_CONF_CTX, cmd: *const c_char) -> c_int {
    boundary("SSL_CONF_cmd_value_type", 0, || {
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_cmd_value_type");
        if cmd.is_null() {
            return conf::SSL_CONF_TYPE_UNKNOWN;
        }
        // SAFETY: cmd is NUL-terminated.
        let cmd = unsafe { CStr::from_ptr(cmd) }.to_bytes();
        let t = c.lock().value_type(cmd);
        t
    })
}

/// End a run of commands: with `SSL_CONF_FLAG_REQUIRE_PRIVATE`, a certificate loaded
/// without its private key gets the key from the certificate's file. Returns 1, or 0
/// when that fails (the loader's error queued).
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_finish(cctx: *mut SSL_CONF_CTX) -> c_int {
    boundary("SSL_CONF_CTX_finish", 0, || {
        let c = try_handle!(ConfHandle, cctx, 0, "SSL_CONF_CTX_finish");
        let ok = c.lock().finish();
        ok as c_int
    })
}

// ---- the configuration file ---------------------------------------------------------

fn opt_cstr<'a>(p: *const c_char) -> Option<&'a CStr> {
    // SAFETY: p is NULL or a NUL-terminated string from the caller.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) })
}

fn role_flags(m: Method) -> u32 {
    match m {
        Method::Any => conf::SSL_CONF_FLAG_CLIENT | conf::SSL_CONF_FLAG_SERVER,
        Method::Client => conf::SSL_CONF_FLAG_CLIENT,
        Method::Server => conf::SSL_CONF_FLAG_SERVER,
    }
}

/// Run the commands of the `ssl_conf` section `name` (libcrypto's copy of the loaded
/// configuration) on `target`. `system`: the `system_default` section at `SSL_CTX_new`
/// (a missing section is no error, and failed commands do not fail it). Returns 1, or 0
/// when the section is unknown (`SSL_R_INVALID_CONFIGURATION_NAME`, "name=...") or a
/// command failed (each command's own error queued).
fn do_config(target: Attached, method: Method, name: Option<&CStr>, system: bool) -> c_int {
    const SYSTEM_DEFAULT: &CStr = c"system_default";
    let name = if system && name.is_none() {
        Some(SYSTEM_DEFAULT)
    } else {
        name
    };
    let mut idx: size_t = 0;
    let found = match name {
        // SAFETY: a NUL-terminated name and a place for the index.
        Some(n) => (unsafe { conf_ssl_name_find(n.as_ptr(), &mut idx) }) == 1,
        None => false,
    };
    if !found {
        if !system {
            let shown = name.map_or("<NULL>".into(), |n| n.to_string_lossy());
            error::raise_data(
                Reason(r::SSL_R_INVALID_CONFIGURATION_NAME),
                "SSL_CTX_config",
                &format!("name={shown}"),
            );
        }
        return 0;
    }
    let mut count: size_t = 0;
    let mut sect_name: *const c_char = std::ptr::null();
    // SAFETY: idx came from conf_ssl_name_find; the out-parameters are ours.
    let cmds = unsafe { conf_ssl_get(idx, &mut sect_name, &mut count) };
    let mut cctx = ConfCtx::new();
    cctx.flags = conf::SSL_CONF_FLAG_FILE | role_flags(method);
    if !system {
        cctx.flags |= conf::SSL_CONF_FLAG_CERTIFICATE | conf::SSL_CONF_FLAG_REQUIRE_PRIVATE;
    }
    cctx.set_target(Some(Box::new(target)));
    let mut failed = false;
    for i in 0..count {
        let mut cmd: *mut c_char = std::ptr::null_mut();
        let mut arg: *mut c_char = std::ptr::null_mut();
        // SAFETY: i < count; libcrypto keeps the strings while the configuration lives.
        unsafe { conf_ssl_get_cmd(cmds, i, &mut cmd, &mut arg) };
        if cmd.is_null() {
            failed = true;
            continue;
        }
        // SAFETY: NUL-terminated strings owned by libcrypto.
        let (c, a) = unsafe {
            (
                CStr::from_ptr(cmd).to_bytes(),
                (!arg.is_null()).then(|| CStr::from_ptr(arg)),
            )
        };
        if cctx.cmd(c, a, dh_params_ok) <= 0 {
            failed = true;
        }
    }
    if !cctx.finish() {
        failed = true;
    }
    (system || !failed) as c_int
}

/// Apply the configuration file's `system_default` section (if libcrypto loaded one) to
/// a new context, as OpenSSL's `SSL_CTX_new` does: after the defaults, before anything
/// the application sets. Errors the commands queue stay queued; the context is made
/// anyway.
pub(crate) fn apply_system_config(ctx: &Arc<Context>) {
    do_config(Attached::Ctx(ctx.clone()), ctx.method, None, true);
}

/// Apply the `ssl_conf` section `name` of the loaded configuration file to `ctx`, with
/// certificate commands allowed (a certificate without a key takes its key from the
/// same file). Returns 1, or 0: unknown section (`SSL_R_INVALID_CONFIGURATION_NAME`,
/// "name=..."; also for NULL), or a command failed (the others still apply).
#[no_mangle]
pub extern "C" fn SSL_CTX_config(ctx: *mut SSL_CTX, name: *const c_char) -> c_int {
    boundary("SSL_CTX_config", 0, || {
        try_handle!(Context, ctx, 0, "SSL_CTX_config");
        // SAFETY: a context the caller holds.
        let Some(c) = (unsafe { Context::clone_arc(ctx) }) else {
            return 0;
        };
        let name = opt_cstr(name);
        let m = c.method;
        do_config(Attached::Ctx(c), m, name, false)
    })
}

/// As `SSL_CTX_config`, for one connection.
#[no_mangle]
pub extern "C" fn SSL_config(ssl: *mut SSL, name: *const c_char) -> c_int {
    boundary("SSL_config", 0, || {
        try_handle!(SslHandle, ssl, 0, "SSL_config");
        // SAFETY: a connection the caller holds.
        let Some(h) = (unsafe { SslHandle::clone_arc(ssl) }) else {
            return 0;
        };
        let name = opt_cstr(name);
        let m = h.shared.state().ctx.method;
        do_config(Attached::Ssl(h), m, name, false)
    })
}
