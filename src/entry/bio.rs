//! The SSL BIO family: `BIO_f_ssl` and the constructors and helpers built on it. The
//! method itself (its read, write and control callbacks) is in `src/bio_ssl.rs`.

use super::{boundary, SSL, SSL_CTX};
use crate::bio_ssl;
use crate::ffi::{self, BIO, BIO_METHOD};
use libc::c_int;

/// The SSL BIO method (`BIO_TYPE_SSL`, "ssl"): reads and writes are `SSL_read` /
/// `SSL_write` on the attached connection, with the retry flags `SSL_get_error` calls
/// for (`BIO_should_retry`, `BIO_should_read`/`write`/`io_special`,
/// `BIO_get_retry_reason`); `BIO_gets` is not supported (as in OpenSSL). Controls as
/// OpenSSL's: `BIO_set_ssl` / `BIO_get_ssl`, `BIO_do_handshake`, `BIO_set_ssl_mode`,
/// `BIO_push` / `BIO_pop` (the next BIO becomes the connection's read and write BIO),
/// `BIO_pending`, `BIO_wpending`, `BIO_flush`, close flag, `BIO_reset`,
/// `BIO_dup_chain`; anything else goes to the connection's read BIO. Freeing the BIO
/// with the close flag set shuts the connection down (once its handshake completed)
/// and frees it.
/// The renegotiation settings (`BIO_set_ssl_renegotiate_bytes`/`_timeout`) are kept
/// and counted as OpenSSL does; when they fall due, the renegotiation is refused with an
/// ERR entry and the read or write still succeeds (on TLS 1.3 exactly as OpenSSL).
/// Compat: deviation — no renegotiation: when it falls due on TLS 1.2, `SSL_R_NO_RENEGOTIATION` is queued instead.
#[no_mangle]
pub extern "C" fn BIO_f_ssl() -> *const BIO_METHOD {
    boundary("BIO_f_ssl", std::ptr::null(), bio_ssl::method)
}

/// A new SSL BIO owning a new connection of `ctx`, in client state when `client` is
/// non-zero, else server state. NULL on failure (a NULL `ctx`: `SSL_R_NULL_SSL_CTX`).
#[no_mangle]
pub extern "C" fn BIO_new_ssl(ctx: *mut SSL_CTX, client: c_int) -> *mut BIO {
    boundary("BIO_new_ssl", std::ptr::null_mut(), || {
        bio_ssl::new_ssl_bio(ctx, client != 0)
    })
}

/// A client SSL BIO of `ctx` followed by a connect BIO (`BIO_s_connect`): set the
/// peer with `BIO_set_conn_hostname` on the returned BIO. NULL on failure.
#[no_mangle]
pub extern "C" fn BIO_new_ssl_connect(ctx: *mut SSL_CTX) -> *mut BIO {
    boundary("BIO_new_ssl_connect", std::ptr::null_mut(), || {
        // SAFETY: plain libcrypto calls; each BIO is freed on failure.
        unsafe {
            let con = ffi::BIO_new(ffi::BIO_s_connect());
            if con.is_null() {
                return std::ptr::null_mut();
            }
            let ssl = bio_ssl::new_ssl_bio(ctx, true);
            if ssl.is_null() {
                ffi::BIO_free(con);
                return std::ptr::null_mut();
            }
            ffi::BIO_push(ssl, con)
        }
    })
}

/// `BIO_new_ssl_connect` behind a buffering BIO (`BIO_f_buffer`), which is returned.
/// NULL on failure.
#[no_mangle]
pub extern "C" fn BIO_new_buffer_ssl_connect(ctx: *mut SSL_CTX) -> *mut BIO {
    boundary("BIO_new_buffer_ssl_connect", std::ptr::null_mut(), || {
        // SAFETY: plain libcrypto calls; each BIO is freed on failure.
        unsafe {
            let buf = ffi::BIO_new(ffi::BIO_f_buffer());
            if buf.is_null() {
                return std::ptr::null_mut();
            }
            let ssl = BIO_new_ssl_connect(ctx);
            if ssl.is_null() {
                ffi::BIO_free(buf);
                return std::ptr::null_mut();
            }
            ffi::BIO_push(buf, ssl)
        }
    })
}

/// Give the connection of the first SSL BIO in chain `to` the session of the first in
/// chain `from` (`SSL_copy_session_id`). Returns 1, or 0 when either chain has no SSL
/// BIO with a connection (a NULL chain also queues libcrypto's NULL-argument error,
/// as OpenSSL's `BIO_find_type` does).
#[no_mangle]
pub extern "C" fn BIO_ssl_copy_session_id(to: *mut BIO, from: *mut BIO) -> c_int {
    boundary("BIO_ssl_copy_session_id", 0, || {
        // SAFETY: the caller's BIO chains (or NULL).
        let (t, f): (*mut SSL, *mut SSL) =
            unsafe { (bio_ssl::find_ssl(to), bio_ssl::find_ssl(from)) };
        if t.is_null() || f.is_null() {
            return 0;
        }
        c_int::from(super::session::SSL_copy_session_id(t, f) == 1)
    })
}

/// `SSL_shutdown` on the connection of every SSL BIO in the chain from `ssl_bio` on
/// (its results are not reported; NULL does nothing).
#[no_mangle]
pub extern "C" fn BIO_ssl_shutdown(ssl_bio: *mut BIO) {
    // SAFETY: the caller's BIO chain (or NULL).
    boundary("BIO_ssl_shutdown", (), || unsafe {
        bio_ssl::shutdown_chain(ssl_bio)
    })
}
