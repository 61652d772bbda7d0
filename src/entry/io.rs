//! Moving data: the handshake calls, writing, reading, `SSL_get_error`, key updates and
//! shutdown.

use super::{boundary, report, try_handle, SslHandle, SSL};
use crate::conn::{Role, Stop};
use crate::error::{self, Reason};
use libc::{c_int, c_void, size_t};

/// Run the handshake (or send a pending key update) until it completes or the BIO
/// blocks. Returns 1 on completion; ≤ 0 otherwise (see `SSL_get_error`). With neither
/// connect nor accept state set: -1 with `SSL_R_CONNECTION_TYPE_NOT_SET`.
#[no_mangle]
pub extern "C" fn SSL_do_handshake(ssl: *mut SSL) -> c_int {
    boundary("SSL_do_handshake", -1, || {
        let h = try_handle!(SslHandle, ssl, -1, "SSL_do_handshake");
        let r = h.lock().do_handshake();
        match r {
            Ok(()) => 1,
            Err(stop) => {
                report(stop, "SSL_do_handshake");
                -1
            }
        }
    })
}

fn handshake_as(ssl: *mut SSL, role: Role, func: &'static str) -> c_int {
    boundary(func, -1, || {
        let h = try_handle!(SslHandle, ssl, -1, func);
        let r = {
            let mut c = h.lock();
            if c.role().is_none() {
                c.set_role(role);
            }
            c.do_handshake()
        };
        match r {
            Ok(()) => 1,
            Err(stop) => {
                report(stop, func);
                -1
            }
        }
    })
}

/// Client handshake: sets the connect state if no state was set, then as
/// `SSL_do_handshake`.
#[no_mangle]
pub extern "C" fn SSL_connect(ssl: *mut SSL) -> c_int {
    handshake_as(ssl, Role::Client, "SSL_connect")
}

/// Server handshake: sets the accept state if no state was set, then as
/// `SSL_do_handshake`.
#[no_mangle]
pub extern "C" fn SSL_accept(ssl: *mut SSL) -> c_int {
    handshake_as(ssl, Role::Server, "SSL_accept")
}

/// The write path shared by `SSL_write` and `SSL_write_ex`.
pub(crate) fn write_common(
    ssl: *mut SSL,
    buf: *const c_void,
    num: usize,
    func: &'static str,
) -> Result<usize, ()> {
    let h = try_handle!(SslHandle, ssl, Err(()), func);
    if buf.is_null() && num > 0 {
        error::raise(Reason::NULL, func);
        return Err(());
    }
    // No buffer can be that long; a Rust slice may not be either.
    if num > isize::MAX as usize {
        error::raise(Reason::BAD_LENGTH, func);
        return Err(());
    }
    let data: &[u8] = if num == 0 {
        &[]
    } else {
        // SAFETY: the caller passes num readable bytes at buf.
        unsafe { std::slice::from_raw_parts(buf as *const u8, num) }
    };
    let r = h.lock().write(data);
    r.map_err(|stop| report(stop, func))
}

/// Write `num` bytes from `buf`. Performs the handshake first if needed.
///
/// Returns `num` once all of it is written (with `SSL_MODE_ENABLE_PARTIAL_WRITE`: once
/// at least one record is, returning how many bytes that was, ≤ 16384). On a
/// non-blocking BIO it may return -1 with `SSL_ERROR_WANT_WRITE` or
/// `SSL_ERROR_WANT_READ`: repeat the call with the same arguments (the same address,
/// unless `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER` is set, else
/// `SSL_R_BAD_WRITE_RETRY`); data already taken is never sent twice. `num == 0`
/// returns 0 and writes nothing; `num < 0` returns -1 with `SSL_R_BAD_LENGTH`; a retry
/// shorter than the data in flight fails with `SSL_R_BAD_LENGTH`; after `SSL_shutdown`
/// -1 with `SSL_R_PROTOCOL_IS_SHUTDOWN`; with no state set -1 with
/// `SSL_R_UNINITIALIZED`.
#[no_mangle]
pub extern "C" fn SSL_write(ssl: *mut SSL, buf: *const c_void, num: c_int) -> c_int {
    boundary("SSL_write", -1, || {
        if num < 0 {
            try_handle!(SslHandle, ssl, -1, "SSL_write");
            error::raise(Reason::BAD_LENGTH, "SSL_write");
            return -1;
        }
        match write_common(ssl, buf, num as usize, "SSL_write") {
            Ok(n) => n as c_int,
            Err(()) => -1,
        }
    })
}

/// As `SSL_write`, for any `size_t` length: returns 1 and stores the bytes written in
/// `*written`, or 0 on failure (see `SSL_get_error`). `num == 0` returns 1 with
/// `*written = 0`. A NULL `written` fails (`ERR_R_PASSED_NULL_PARAMETER`) before
/// anything is sent.
#[no_mangle]
pub extern "C" fn SSL_write_ex(
    ssl: *mut SSL,
    buf: *const c_void,
    num: size_t,
    written: *mut size_t,
) -> c_int {
    boundary("SSL_write_ex", 0, || {
        // Without somewhere to say how much was written, write nothing.
        if written.is_null() {
            error::raise(Reason::NULL, "SSL_write_ex");
            return 0;
        }
        match write_common(ssl, buf, num, "SSL_write_ex") {
            Ok(n) => {
                // SAFETY: written points at a size_t the caller owns.
                unsafe { *written = n };
                1
            }
            Err(()) => 0,
        }
    })
}

/// The read path shared by the read and peek functions.
pub(crate) fn read_common(
    ssl: *mut SSL,
    buf: *mut c_void,
    num: usize,
    peek: bool,
    func: &'static str,
) -> Result<usize, c_int> {
    let h = try_handle!(SslHandle, ssl, Err(-1), func);
    if buf.is_null() && num > 0 {
        error::raise(Reason::NULL, func);
        return Err(-1);
    }
    // A read never returns more than one record's plaintext, so a longer buffer is only
    // ever used up to that (and a Rust slice may not exceed isize::MAX bytes).
    let num = num.min(READ_MAX);
    let data: &mut [u8] = if num == 0 {
        &mut []
    } else {
        // SAFETY: the caller passes at least num writable bytes at buf.
        unsafe { std::slice::from_raw_parts_mut(buf as *mut u8, num) }
    };
    let r = h.lock().read(data, peek);
    r.map_err(|stop| {
        report(stop, func);
        read_fail_value(stop)
    })
}

/// What a failed read returns: 0 when the stream ended (close_notify, or EOF), else -1.
fn read_fail_value(stop: Stop) -> c_int {
    match stop {
        Stop::ZeroReturn | Stop::Closed(_) => 0,
        _ => -1,
    }
}

fn read_int(ssl: *mut SSL, buf: *mut c_void, num: c_int, peek: bool, func: &'static str) -> c_int {
    boundary(func, -1, || {
        if num < 0 {
            try_handle!(SslHandle, ssl, -1, func);
            error::raise(Reason::BAD_LENGTH, func);
            return -1;
        }
        match read_common(ssl, buf, num as usize, peek, func) {
            Ok(n) => n as c_int,
            Err(v) => v,
        }
    })
}

/// The most a read hands back in one call (a record's plaintext is at most 16384).
const READ_MAX: usize = 1 << 20;

fn read_ex(
    ssl: *mut SSL,
    buf: *mut c_void,
    num: size_t,
    out: *mut size_t,
    peek: bool,
    func: &'static str,
) -> c_int {
    if out.is_null() {
        return boundary(func, 0, || {
            // Reading without saying how much would lose the data.
            error::raise(Reason::NULL, func);
            0
        });
    }
    boundary(func, 0, || match read_common(ssl, buf, num, peek, func) {
        // Reading nothing is a failure for the _ex forms, as in OpenSSL.
        Ok(0) => 0,
        Ok(n) => {
            // SAFETY: out points at a size_t the caller owns.
            unsafe { *out = n };
            1
        }
        Err(_) => 0,
    })
}

/// Read up to `num` bytes of application data into `buf`, performing the handshake
/// first if needed. Returns the number of bytes read (> 0), or ≤ 0: 0 with
/// `SSL_ERROR_ZERO_RETURN` after the peer's close_notify; 0 with `SSL_ERROR_SSL` and
/// `SSL_R_UNEXPECTED_EOF_WHILE_READING` when the transport ended without one (0 with
/// `SSL_ERROR_ZERO_RETURN` under `SSL_OP_IGNORE_UNEXPECTED_EOF`); -1 with
/// `SSL_ERROR_WANT_READ`/`WANT_WRITE` on a non-blocking BIO.
#[no_mangle]
pub extern "C" fn SSL_read(ssl: *mut SSL, buf: *mut c_void, num: c_int) -> c_int {
    read_int(ssl, buf, num, false, "SSL_read")
}

/// As `SSL_read`; returns 1 with `*readbytes` set, or 0 on failure.
#[no_mangle]
pub extern "C" fn SSL_read_ex(
    ssl: *mut SSL,
    buf: *mut c_void,
    num: size_t,
    readbytes: *mut size_t,
) -> c_int {
    read_ex(ssl, buf, num, readbytes, false, "SSL_read_ex")
}

/// As `SSL_read`, but the data stays buffered: the next read returns it again.
#[no_mangle]
pub extern "C" fn SSL_peek(ssl: *mut SSL, buf: *mut c_void, num: c_int) -> c_int {
    read_int(ssl, buf, num, true, "SSL_peek")
}

/// As `SSL_read_ex`, without consuming the data.
#[no_mangle]
pub extern "C" fn SSL_peek_ex(
    ssl: *mut SSL,
    buf: *mut c_void,
    num: size_t,
    readbytes: *mut size_t,
) -> c_int {
    read_ex(ssl, buf, num, readbytes, true, "SSL_peek_ex")
}

/// Decrypted bytes of the current record that a read returns without touching the
/// BIO.
#[no_mangle]
pub extern "C" fn SSL_pending(ssl: *const SSL) -> c_int {
    boundary("SSL_pending", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_pending");
        let n = h.lock().pending();
        n.min(c_int::MAX as usize) as c_int
    })
}

/// 1 when decrypted data or unprocessed record bytes are buffered, else 0.
#[no_mangle]
pub extern "C" fn SSL_has_pending(ssl: *const SSL) -> c_int {
    boundary("SSL_has_pending", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_has_pending");
        let p = h.lock().has_pending();
        p as c_int
    })
}

/// What the last call is waiting for: `SSL_NOTHING` (1), `SSL_WRITING` (2),
/// `SSL_READING` (3).
#[no_mangle]
pub extern "C" fn SSL_want(ssl: *const SSL) -> c_int {
    boundary("SSL_want", 1, || {
        let h = try_handle!(SslHandle, ssl, 1, "SSL_want");
        let w = h.lock().want();
        w
    })
}

/// Why the last call on `ssl` returned `ret`: `SSL_ERROR_NONE` for `ret > 0`; else
/// `SSL_ERROR_SSL` when an error is queued (`SSL_ERROR_SYSCALL` for a system error),
/// `SSL_ERROR_WANT_READ` / `SSL_ERROR_WANT_WRITE` when the BIO asked for a retry,
/// `SSL_ERROR_ZERO_RETURN` after the peer's close_notify, else `SSL_ERROR_SYSCALL`.
/// The ERR queue is read, not popped.
#[no_mangle]
pub extern "C" fn SSL_get_error(ssl: *const SSL, ret: c_int) -> c_int {
    boundary("SSL_get_error", 1, || {
        if ret > 0 {
            return 0;
        }
        let h = try_handle!(SslHandle, ssl, 1, "SSL_get_error");
        let e = h.lock().get_error(ret, error::peek_lib());
        e
    })
}

/// Schedule a TLS 1.3 KeyUpdate (`SSL_KEY_UPDATE_REQUESTED` or
/// `SSL_KEY_UPDATE_NOT_REQUESTED`), sent by the next write or `SSL_do_handshake`.
/// Returns 1, or 0 with `SSL_R_WRONG_SSL_VERSION` (not TLS 1.3),
/// `SSL_R_INVALID_KEY_UPDATE_TYPE`, `SSL_R_STILL_IN_INIT` or `SSL_R_BAD_WRITE_RETRY`.
/// rustls always sends update_requested, so the peer updates its keys too.
#[no_mangle]
pub extern "C" fn SSL_key_update(ssl: *mut SSL, updatetype: c_int) -> c_int {
    boundary("SSL_key_update", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_key_update");
        let r = h.lock().key_update(updatetype);
        match r {
            Ok(()) => 1,
            Err(reason) => {
                error::raise(reason, "SSL_key_update");
                0
            }
        }
    })
}

/// The key update waiting to be sent, or `SSL_KEY_UPDATE_NONE` (-1).
#[no_mangle]
pub extern "C" fn SSL_get_key_update_type(ssl: *const SSL) -> c_int {
    boundary("SSL_get_key_update_type", -1, || {
        let h = try_handle!(SslHandle, ssl, -1, "SSL_get_key_update_type");
        let t = h.lock().key_update_type();
        t
    })
}

/// Close the connection: the first call sends close_notify and returns 0 (1 if the
/// peer's already arrived); a later call waits for the peer's (discarding application
/// data) and returns 1. -1 when the BIO blocks (`SSL_ERROR_WANT_*`), during the
/// handshake (`SSL_R_SHUTDOWN_WHILE_IN_INIT`) or with no state set
/// (`SSL_R_UNINITIALIZED`). With quiet shutdown, nothing is sent and it returns 1.
#[no_mangle]
pub extern "C" fn SSL_shutdown(ssl: *mut SSL) -> c_int {
    boundary("SSL_shutdown", -1, || {
        let h = try_handle!(SslHandle, ssl, -1, "SSL_shutdown");
        let r = h.lock().shutdown();
        match r {
            Ok(v) => v,
            Err(stop) => {
                report(stop, "SSL_shutdown");
                -1
            }
        }
    })
}
