//! The SSL BIO (`BIO_f_ssl`): a libcrypto filter BIO whose reads and writes are
//! `SSL_read` / `SSL_write` on an attached `SSL`, and whose controls follow OpenSSL's
//! `ssl_ctrl`: attaching the `SSL` (`BIO_set_ssl`), the handshake
//! (`BIO_do_handshake`), and chaining (`BIO_push` makes the next BIO the `SSL`'s read
//! and write BIO).
//!
//! The method is built once with libcrypto's `BIO_meth_*` and lives for the process, as
//! OpenSSL's static method does. The callbacks call the connection's entry functions;
//! none of them holds the connection's lock while it calls into another BIO (the
//! `SSL`'s own transport does that, inside `SSL_read` and friends).

use crate::entry::io::{read_common, write_common};
use crate::entry::{self, SSL};
use crate::error::{self, Reason};
use crate::ffi::{self, BIO, BIO_METHOD};
use crate::reasons as r;
use libc::{c_char, c_int, c_long, c_ulong, c_void};
use std::sync::OnceLock;

const SSL_ERROR_NONE: c_int = 0;
const SSL_ERROR_WANT_READ: c_int = 2;
const SSL_ERROR_WANT_WRITE: c_int = 3;
const SSL_ERROR_WANT_X509_LOOKUP: c_int = 4;
const SSL_ERROR_WANT_CONNECT: c_int = 7;
const SSL_ERROR_WANT_ACCEPT: c_int = 8;

/// What an SSL BIO holds (its `BIO_get_data`).
#[derive(Default)]
struct BioSsl {
    /// The attached connection (one reference owned when the close flag is set).
    ssl: usize,
    /// OpenSSL's renegotiation bookkeeping: kept and counted as OpenSSL does; when it
    /// falls due, the renegotiation is refused (see `renegotiate`).
    num_renegotiates: c_long,
    renegotiate_count: c_ulong,
    byte_count: usize,
    renegotiate_timeout: c_ulong,
    last_time: c_ulong,
}

impl BioSsl {
    fn ssl(&self) -> *mut SSL {
        self.ssl as *mut SSL
    }
}

struct Method(*mut BIO_METHOD);
// SAFETY: the method is written once, before it is shared, and only read afterwards.
unsafe impl Send for Method {}
unsafe impl Sync for Method {}

static METHOD: OnceLock<Method> = OnceLock::new();

/// `BIO_f_ssl`: the method, built on first use (NULL if libcrypto cannot make it).
pub fn method() -> *const BIO_METHOD {
    METHOD
        .get_or_init(|| {
            // SAFETY: plain libcrypto calls on the method being built; the callbacks
            // have the signatures libcrypto expects.
            unsafe {
                let m = ffi::BIO_meth_new(ffi::BIO_TYPE_SSL, c"ssl".as_ptr());
                if !m.is_null() {
                    ffi::BIO_meth_set_write_ex(m, Some(ssl_write));
                    ffi::BIO_meth_set_read_ex(m, Some(ssl_read));
                    ffi::BIO_meth_set_puts(m, Some(ssl_puts));
                    ffi::BIO_meth_set_ctrl(m, Some(ssl_ctrl));
                    ffi::BIO_meth_set_create(m, Some(ssl_new));
                    ffi::BIO_meth_set_destroy(m, Some(ssl_free));
                    ffi::BIO_meth_set_callback_ctrl(m, Some(ssl_callback_ctrl));
                }
                Method(m)
            }
        })
        .0
}

/// Whether `b` is an SSL BIO of ours.
fn is_ssl_bio(b: *mut BIO) -> bool {
    // SAFETY: a valid BIO.
    !b.is_null() && unsafe { ffi::BIO_method_type(b) } == ffi::BIO_TYPE_SSL
}

/// The state of an SSL BIO, or None (not ours, or not set up).
///
/// # Safety
/// `b` is NULL or a valid BIO; the state is used only during the current call.
unsafe fn state<'a>(b: *mut BIO) -> Option<&'a mut BioSsl> {
    if !is_ssl_bio(b) {
        return None;
    }
    (ffi::BIO_get_data(b) as *mut BioSsl).as_mut()
}

/// The `SSL` of the SSL BIO `b` (NULL if none).
///
/// # Safety
/// `b` is NULL or a valid BIO.
pub unsafe fn ssl_of(b: *mut BIO) -> *mut SSL {
    state(b).map_or(std::ptr::null_mut(), |s| s.ssl())
}

fn now() -> c_ulong {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as c_ulong)
}

fn clear_retry_flags(b: *mut BIO) {
    // SAFETY: a valid BIO.
    unsafe { ffi::BIO_clear_flags(b, ffi::BIO_FLAGS_RWS | ffi::BIO_FLAGS_SHOULD_RETRY) }
}

fn set_retry(b: *mut BIO, dir: c_int) {
    // SAFETY: a valid BIO.
    unsafe { ffi::BIO_set_flags(b, dir | ffi::BIO_FLAGS_SHOULD_RETRY) }
}

/// OpenSSL's BIO calls `SSL_renegotiate` here. Renegotiation is never performed: it
/// fails the way OpenSSL's `SSL_renegotiate` fails when it cannot renegotiate (TLS 1.3:
/// `SSL_R_WRONG_SSL_VERSION`; otherwise as under `SSL_OP_NO_RENEGOTIATION`), and, as
/// in OpenSSL, the read or write that triggered it still succeeds.
fn renegotiate(bs: &mut BioSsl) {
    bs.num_renegotiates += 1;
    let reason = if entry::ssl::SSL_version(bs.ssl()) == crate::consts::TLS1_3_VERSION {
        r::SSL_R_WRONG_SSL_VERSION
    } else {
        r::SSL_R_NO_RENEGOTIATION
    };
    error::raise(Reason(reason), "SSL_renegotiate");
}

/// The renegotiation bookkeeping after `n` bytes went through.
fn count_bytes(bs: &mut BioSsl, n: usize) {
    let mut done = false;
    if bs.renegotiate_count > 0 {
        bs.byte_count += n;
        if bs.byte_count > bs.renegotiate_count as usize {
            bs.byte_count = 0;
            renegotiate(bs);
            done = true;
        }
    }
    if bs.renegotiate_timeout > 0 && !done {
        let t = now();
        if t > bs.last_time.saturating_add(bs.renegotiate_timeout) {
            bs.last_time = t;
            renegotiate(bs);
        }
    }
}

/// Set the BIO's retry flags and reason from `SSL_get_error` after a read or write.
fn retry_from(b: *mut BIO, err: c_int, read: bool) {
    let reason = match err {
        SSL_ERROR_WANT_READ => {
            set_retry(b, ffi::BIO_FLAGS_READ);
            0
        }
        SSL_ERROR_WANT_WRITE => {
            set_retry(b, ffi::BIO_FLAGS_WRITE);
            0
        }
        SSL_ERROR_WANT_X509_LOOKUP => {
            set_retry(b, ffi::BIO_FLAGS_IO_SPECIAL);
            ffi::BIO_RR_SSL_X509_LOOKUP
        }
        // OpenSSL's write side does not look at WANT_ACCEPT.
        SSL_ERROR_WANT_ACCEPT if read => {
            set_retry(b, ffi::BIO_FLAGS_IO_SPECIAL);
            ffi::BIO_RR_ACCEPT
        }
        SSL_ERROR_WANT_CONNECT => {
            set_retry(b, ffi::BIO_FLAGS_IO_SPECIAL);
            ffi::BIO_RR_CONNECT
        }
        _ => 0,
    };
    // SAFETY: a valid BIO.
    unsafe { ffi::BIO_set_retry_reason(b, reason) };
}

// ---- the method's callbacks --------------------------------------------------------

unsafe extern "C" fn ssl_new(b: *mut BIO) -> c_int {
    entry::boundary("ssl_new", 0, || {
        let bs = Box::new(BioSsl::default());
        // SAFETY: libcrypto hands us the BIO being created.
        unsafe {
            ffi::BIO_set_init(b, 0);
            ffi::BIO_set_data(b, Box::into_raw(bs) as *mut c_void);
            ffi::BIO_clear_flags(b, !0);
        }
        1
    })
}

/// Release what the BIO holds: with the close flag set, shut the connection down (if
/// its handshake completed) and free it, as OpenSSL 3.0's `ssl_free` does.
///
/// # Safety
/// `b` is a valid SSL BIO and `bs` its state.
unsafe fn release(b: *mut BIO, bs: &mut BioSsl) {
    if ffi::BIO_get_shutdown(b) != 0 {
        let ssl = bs.ssl();
        if !ssl.is_null() && entry::ssl::SSL_in_init(ssl) == 0 {
            entry::io::SSL_shutdown(ssl);
        }
        if ffi::BIO_get_init(b) != 0 {
            entry::ssl::SSL_free(ssl);
        }
        ffi::BIO_clear_flags(b, !0);
        ffi::BIO_set_init(b, 0);
    }
    *bs = BioSsl::default();
}

unsafe extern "C" fn ssl_free(b: *mut BIO) -> c_int {
    entry::boundary("ssl_free", 0, || {
        if b.is_null() {
            return 0;
        }
        // SAFETY: libcrypto hands us the BIO being freed; its data is our Box.
        unsafe {
            let p = ffi::BIO_get_data(b) as *mut BioSsl;
            if !p.is_null() {
                release(b, &mut *p);
                drop(Box::from_raw(p));
                ffi::BIO_set_data(b, std::ptr::null_mut());
            }
        }
        1
    })
}

unsafe extern "C" fn ssl_read(
    b: *mut BIO,
    buf: *mut c_char,
    size: usize,
    readbytes: *mut usize,
) -> c_int {
    entry::boundary("ssl_read", -1, || {
        // SAFETY: libcrypto hands us an initialised SSL BIO of ours.
        let Some(bs) = (unsafe { state(b) }) else {
            return 0;
        };
        if buf.is_null() {
            return 0;
        }
        let ssl = bs.ssl();
        clear_retry_flags(b);
        let ret = match read_common(ssl, buf as *mut c_void, size, false, "ssl_read_internal") {
            Ok(n) => {
                // SAFETY: libcrypto passes somewhere to store the count.
                unsafe { *readbytes = n };
                1
            }
            Err(v) => v,
        };
        let err = entry::io::SSL_get_error(ssl, ret);
        if err == SSL_ERROR_NONE {
            // SAFETY: set just above.
            count_bytes(bs, unsafe { *readbytes });
        }
        retry_from(b, err, true);
        ret
    })
}

unsafe extern "C" fn ssl_write(
    b: *mut BIO,
    buf: *const c_char,
    size: usize,
    written: *mut usize,
) -> c_int {
    entry::boundary("ssl_write", -1, || {
        // SAFETY: libcrypto hands us an initialised SSL BIO of ours.
        let Some(bs) = (unsafe { state(b) }) else {
            return 0;
        };
        if buf.is_null() {
            return 0;
        }
        let ssl = bs.ssl();
        clear_retry_flags(b);
        let ret = match write_common(ssl, buf as *const c_void, size, "ssl_write_internal") {
            Ok(n) => {
                // SAFETY: libcrypto passes somewhere to store the count.
                unsafe { *written = n };
                1
            }
            Err(()) => -1,
        };
        let err = entry::io::SSL_get_error(ssl, ret);
        if err == SSL_ERROR_NONE {
            // SAFETY: set just above.
            count_bytes(bs, unsafe { *written });
        }
        retry_from(b, err, false);
        ret
    })
}

unsafe extern "C" fn ssl_puts(b: *mut BIO, s: *const c_char) -> c_int {
    entry::boundary("ssl_puts", -1, || {
        if s.is_null() {
            return -1;
        }
        // SAFETY: libcrypto passes a NUL-terminated string.
        let n = unsafe { libc::strlen(s) };
        let n = n.min(c_int::MAX as usize) as c_int;
        // SAFETY: a valid BIO and n readable bytes.
        unsafe { ffi::BIO_write(b, s as *const c_void, n) }
    })
}

unsafe extern "C" fn ssl_callback_ctrl(b: *mut BIO, cmd: c_int, fp: ffi::BioInfoCb) -> c_long {
    entry::boundary("ssl_callback_ctrl", 0, || {
        // SAFETY: libcrypto hands us an SSL BIO of ours.
        let ssl = unsafe { ssl_of(b) };
        if cmd != ffi::BIO_CTRL_SET_CALLBACK || ssl.is_null() {
            return 0;
        }
        let rbio = entry::ssl::SSL_get_rbio(ssl);
        // SAFETY: the read BIO (or NULL, which libcrypto refuses).
        unsafe { ffi::BIO_callback_ctrl(rbio, cmd, fp) }
    })
}

unsafe extern "C" fn ssl_ctrl(b: *mut BIO, cmd: c_int, num: c_long, ptr: *mut c_void) -> c_long {
    // SAFETY: libcrypto hands us an SSL BIO of ours and the command's argument.
    entry::boundary("ssl_ctrl", 0, || unsafe { ctrl(b, cmd, num, ptr) })
}

/// `BIO_ctrl` on the BIO `target` (NULL: libcrypto's answer for NULL).
///
/// # Safety
/// `target` is NULL or a valid BIO; `ptr` is what `cmd` expects.
unsafe fn forward(target: *mut BIO, cmd: c_int, num: c_long, ptr: *mut c_void) -> c_long {
    ffi::BIO_ctrl(target, cmd, num, ptr)
}

/// OpenSSL's `ssl_ctrl`.
///
/// # Safety
/// `b` is an SSL BIO of ours; `ptr` is what `cmd` expects.
unsafe fn ctrl(b: *mut BIO, cmd: c_int, num: c_long, ptr: *mut c_void) -> c_long {
    let Some(bs) = state(b) else {
        return 0;
    };
    let next = ffi::BIO_next(b);
    let ssl = bs.ssl();
    if ssl.is_null() && cmd != ffi::BIO_C_SET_SSL {
        return 0;
    }
    match cmd {
        ffi::BIO_CTRL_RESET => {
            entry::io::SSL_shutdown(ssl);
            entry::ssl::reset_connection(ssl);
            if !next.is_null() {
                forward(next, cmd, num, ptr)
            } else {
                let rbio = entry::ssl::SSL_get_rbio(ssl);
                if rbio.is_null() {
                    1
                } else {
                    forward(rbio, cmd, num, ptr)
                }
            }
        }
        ffi::BIO_CTRL_INFO => 0,
        ffi::BIO_C_SSL_MODE => {
            if num != 0 {
                entry::ssl::SSL_set_connect_state(ssl);
            } else {
                entry::ssl::SSL_set_accept_state(ssl);
            }
            1
        }
        ffi::BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT => {
            let old = bs.renegotiate_timeout as c_long;
            let secs = if num < 60 { 5 } else { num };
            bs.renegotiate_timeout = secs as c_ulong;
            bs.last_time = now();
            old
        }
        ffi::BIO_C_SET_SSL_RENEGOTIATE_BYTES => {
            let old = bs.renegotiate_count as c_long;
            if num >= 512 {
                bs.renegotiate_count = num as c_ulong;
            }
            old
        }
        ffi::BIO_C_GET_SSL_NUM_RENEGOTIATES => bs.num_renegotiates,
        ffi::BIO_C_SET_SSL => set_ssl(b, bs, next, num, ptr as *mut SSL),
        ffi::BIO_C_GET_SSL => {
            if ptr.is_null() {
                0
            } else {
                *(ptr as *mut *mut SSL) = ssl;
                1
            }
        }
        ffi::BIO_CTRL_GET_CLOSE => ffi::BIO_get_shutdown(b) as c_long,
        ffi::BIO_CTRL_SET_CLOSE => {
            ffi::BIO_set_shutdown(b, num as c_int);
            1
        }
        ffi::BIO_CTRL_WPENDING => forward(entry::ssl::SSL_get_wbio(ssl), cmd, num, ptr),
        ffi::BIO_CTRL_PENDING => pending(ssl),
        ffi::BIO_CTRL_FLUSH => {
            clear_retry_flags(b);
            let r = forward(entry::ssl::SSL_get_wbio(ssl), cmd, num, ptr);
            if !next.is_null() {
                ffi::BIO_copy_next_retry(b);
            }
            r
        }
        ffi::BIO_CTRL_PUSH => {
            if !next.is_null() && next != entry::ssl::SSL_get_rbio(ssl) {
                // The connection takes over a reference of its own to the next BIO
                // (two: one per slot, as SSL_set_bio arranges for one BIO in both).
                ffi::BIO_up_ref(next);
                entry::ssl::SSL_set_bio(ssl, next, next);
            }
            1
        }
        ffi::BIO_CTRL_POP => {
            // Only when this very BIO leaves the chain: drop what the push gave.
            if ptr as *mut BIO == b {
                entry::ssl::SSL_set_bio(ssl, std::ptr::null_mut(), std::ptr::null_mut());
            }
            1
        }
        ffi::BIO_C_DO_STATE_MACHINE => handshake(b, ssl, next),
        ffi::BIO_CTRL_DUP => dup(bs, ptr as *mut BIO),
        ffi::BIO_CTRL_SET_CALLBACK => 0,
        _ => forward(entry::ssl::SSL_get_rbio(ssl), cmd, num, ptr),
    }
}

/// `BIO_pending`: decrypted bytes waiting, else what the read BIO holds.
fn pending(ssl: *mut SSL) -> c_long {
    let p = entry::io::SSL_pending(ssl);
    if p != 0 {
        return p as c_long;
    }
    let rbio = entry::ssl::SSL_get_rbio(ssl);
    // SAFETY: the read BIO or NULL; libcrypto's BIO_pending truncates to int.
    unsafe { forward(rbio, ffi::BIO_CTRL_PENDING, 0, std::ptr::null_mut()) as c_int as c_long }
}

/// `BIO_set_ssl`: attach `ssl` (releasing any connection held before), with the close
/// flag `close`; the connection's read BIO becomes the next BIO in the chain (with a
/// reference of its own), as in OpenSSL.
///
/// # Safety
/// `b` is an SSL BIO of ours, `bs` its state, `next` its next BIO or NULL, `ssl` a
/// connection or NULL.
unsafe fn set_ssl(
    b: *mut BIO,
    bs: &mut BioSsl,
    next: *mut BIO,
    close: c_long,
    ssl: *mut SSL,
) -> c_long {
    if !bs.ssl().is_null() {
        release(b, bs);
        ffi::BIO_set_init(b, 0);
        ffi::BIO_clear_flags(b, !0);
    }
    ffi::BIO_set_shutdown(b, close as c_int);
    bs.ssl = ssl as usize;
    if !ssl.is_null() {
        let rbio = entry::ssl::SSL_get_rbio(ssl);
        if !rbio.is_null() {
            ffi::BIO_up_ref(rbio);
            if !next.is_null() {
                ffi::BIO_push(rbio, next);
            }
            ffi::BIO_set_next(b, rbio);
        }
    }
    ffi::BIO_set_init(b, 1);
    1
}

/// `BIO_do_handshake`: `SSL_do_handshake`, with the retry flags it calls for.
///
/// # Safety
/// `b` is an SSL BIO of ours, `next` its next BIO or NULL.
unsafe fn handshake(b: *mut BIO, ssl: *mut SSL, next: *mut BIO) -> c_long {
    clear_retry_flags(b);
    ffi::BIO_set_retry_reason(b, 0);
    let ret = entry::io::SSL_do_handshake(ssl);
    match entry::io::SSL_get_error(ssl, ret) {
        SSL_ERROR_WANT_READ => set_retry(b, ffi::BIO_FLAGS_READ),
        SSL_ERROR_WANT_WRITE => set_retry(b, ffi::BIO_FLAGS_WRITE),
        SSL_ERROR_WANT_CONNECT => {
            set_retry(b, ffi::BIO_FLAGS_IO_SPECIAL);
            let reason = if next.is_null() {
                0
            } else {
                ffi::BIO_get_retry_reason(next)
            };
            ffi::BIO_set_retry_reason(b, reason);
        }
        SSL_ERROR_WANT_X509_LOOKUP => {
            set_retry(b, ffi::BIO_FLAGS_IO_SPECIAL);
            ffi::BIO_set_retry_reason(b, ffi::BIO_RR_SSL_X509_LOOKUP);
        }
        _ => {}
    }
    ret as c_long
}

/// `BIO_dup_chain`'s copy of this BIO's state into `to` (a new SSL BIO): the
/// connection as `SSL_dup` copies it, and the renegotiation bookkeeping.
///
/// # Safety
/// `to` is NULL or a valid BIO.
unsafe fn dup(bs: &BioSsl, to: *mut BIO) -> c_long {
    let Some(d) = state(to) else {
        return 0;
    };
    entry::ssl::SSL_free(d.ssl());
    d.ssl = entry::ssl::dup_connection(bs.ssl()) as usize;
    d.num_renegotiates = bs.num_renegotiates;
    d.renegotiate_count = bs.renegotiate_count;
    d.byte_count = bs.byte_count;
    d.renegotiate_timeout = bs.renegotiate_timeout;
    d.last_time = bs.last_time;
    c_long::from(d.ssl != 0)
}

/// `BIO_new_ssl`: an SSL BIO owning a new connection of `ctx` in client (`client`
/// non-zero) or server state. NULL (with `SSL_new`'s error) on failure.
pub fn new_ssl_bio(ctx: *mut entry::SSL_CTX, client: bool) -> *mut BIO {
    // SAFETY: plain libcrypto calls; the connection's reference passes to the BIO.
    unsafe {
        let b = ffi::BIO_new(method());
        if b.is_null() {
            return b;
        }
        let ssl = entry::ssl::SSL_new(ctx);
        if ssl.is_null() {
            ffi::BIO_free(b);
            return std::ptr::null_mut();
        }
        if client {
            entry::ssl::SSL_set_connect_state(ssl);
        } else {
            entry::ssl::SSL_set_accept_state(ssl);
        }
        ffi::BIO_ctrl(b, ffi::BIO_C_SET_SSL, ffi::BIO_CLOSE, ssl as *mut c_void);
        b
    }
}

/// `BIO_ssl_shutdown`: `SSL_shutdown` on the connection of every SSL BIO in the chain
/// from `b` on.
///
/// # Safety
/// `b` is NULL or a valid BIO chain.
pub unsafe fn shutdown_chain(mut b: *mut BIO) {
    while !b.is_null() {
        let ssl = ssl_of(b);
        if !ssl.is_null() {
            entry::io::SSL_shutdown(ssl);
        }
        b = ffi::BIO_next(b);
    }
}

/// The connection of the first SSL BIO in the chain from `b` (NULL if none). Like
/// OpenSSL, asks libcrypto's `BIO_find_type` (which refuses a NULL chain).
///
/// # Safety
/// `b` is NULL or a valid BIO chain.
pub unsafe fn find_ssl(b: *mut BIO) -> *mut SSL {
    ssl_of(ffi::BIO_find_type(b, ffi::BIO_TYPE_SSL))
}
