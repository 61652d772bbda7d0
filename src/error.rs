//! Errors as OpenSSL reports them: a reason code of libssl (`ERR_LIB_SSL`) pushed on
//! libcrypto's per-thread ERR queue, so the application's `ERR_get_error`,
//! `ERR_error_string` and `ERR_print_errors` read exactly what OpenSSL would print.
//!
//! The reason strings themselves are registered once with libcrypto (`load_strings`).

use crate::ffi;
use crate::reasons;
use libc::{c_char, c_int, c_ulong};
use std::ffi::CString;
use std::sync::OnceLock;

/// `ERR_LIB_SSL`.
pub(crate) const ERR_LIB_SSL: c_int = 20;
/// `ERR_LIB_SYS`.
pub(crate) const ERR_LIB_SYS: c_int = 2;
const ERR_RFLAG_FATAL: c_int = 0x1 << 18;
const ERR_RFLAG_COMMON: c_int = 0x2 << 18;
/// `ERR_R_PASSED_NULL_PARAMETER`.
pub(crate) const ERR_R_PASSED_NULL_PARAMETER: c_int = 258 | ERR_RFLAG_FATAL | ERR_RFLAG_COMMON;
/// `ERR_R_INTERNAL_ERROR`.
pub(crate) const ERR_R_INTERNAL_ERROR: c_int = 259 | ERR_RFLAG_FATAL | ERR_RFLAG_COMMON;
/// `ERR_R_PASSED_INVALID_ARGUMENT`.
pub(crate) const ERR_R_PASSED_INVALID_ARGUMENT: c_int = 262 | ERR_RFLAG_COMMON;
/// `ERR_R_UNSUPPORTED`.
pub(crate) const ERR_R_UNSUPPORTED: c_int = 268 | ERR_RFLAG_COMMON;
/// `ERR_LIB_ASN1` and its `ASN1_R_WRONG_TAG`.
pub(crate) const ERR_LIB_ASN1: c_int = 13;
pub(crate) const ASN1_R_WRONG_TAG: c_int = 168;
/// `ERR_R_PEM_LIB`.
pub(crate) const ERR_R_PEM_LIB: c_int = 9 | ERR_RFLAG_COMMON;
/// `ERR_R_ASN1_LIB`.
pub(crate) const ERR_R_ASN1_LIB: c_int = 13 | ERR_RFLAG_COMMON;
/// `ERR_R_BIO_LIB`.
pub(crate) const ERR_R_BIO_LIB: c_int = 32 | ERR_RFLAG_COMMON;

/// A libssl reason code (`SSL_R_*`, or a common `ERR_R_*` one) to push under `ERR_LIB_SSL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reason(pub c_int);

impl Reason {
    pub const UNINITIALIZED: Reason = Reason(reasons::SSL_R_UNINITIALIZED);
    pub const BAD_LENGTH: Reason = Reason(reasons::SSL_R_BAD_LENGTH);
    pub const BAD_WRITE_RETRY: Reason = Reason(reasons::SSL_R_BAD_WRITE_RETRY);
    pub const PROTOCOL_IS_SHUTDOWN: Reason = Reason(reasons::SSL_R_PROTOCOL_IS_SHUTDOWN);
    pub const UNEXPECTED_EOF: Reason = Reason(reasons::SSL_R_UNEXPECTED_EOF_WHILE_READING);
    pub const NULL: Reason = Reason(ERR_R_PASSED_NULL_PARAMETER);
    pub const INTERNAL: Reason = Reason(ERR_R_INTERNAL_ERROR);
    pub const INVALID_ARGUMENT: Reason = Reason(ERR_R_PASSED_INVALID_ARGUMENT);
}

/// Push `reason` under `ERR_LIB_SSL`, naming `func` as the function that raised it.
pub fn raise(reason: Reason, func: &'static str) {
    raise_lib(ERR_LIB_SSL, reason.0, func);
}

/// Push an error of any library (e.g. `ERR_LIB_SYS` with an errno).
pub fn raise_lib(lib: c_int, reason: c_int, func: &'static str) {
    load_strings();
    let func = CString::new(func).unwrap_or_default();
    // SAFETY: plain calls into libcrypto with valid NUL-terminated strings; a NULL
    // format string means "no additional data", as ERR_raise() passes it.
    unsafe {
        ffi::ERR_new();
        ffi::ERR_set_debug(c"rustls-libssl".as_ptr(), 0, func.as_ptr());
        ffi::ERR_set_error(lib, reason, std::ptr::null::<c_char>());
    }
}

/// Empty this thread's ERR queue (OpenSSL does so when a handshake starts).
pub fn clear() {
    // SAFETY: no arguments.
    unsafe { ffi::ERR_clear_error() }
}

/// Drop what libcrypto queued during an internal attempt that failed (the failure is
/// reported our own way), when `failed`.
pub fn clear_if(failed: bool) {
    if failed {
        clear();
    }
}

/// The library of the oldest error on this thread's queue, without removing it.
pub fn peek_lib() -> Option<c_int> {
    // SAFETY: no arguments; reads this thread's queue.
    let e = unsafe { ffi::ERR_peek_error() };
    if e == 0 {
        None
    } else {
        Some(err_get_lib(e))
    }
}

/// `ERR_GET_LIB` of OpenSSL 3 (system errors carry the top bit).
pub fn err_get_lib(e: c_ulong) -> c_int {
    if e & (1 << 31) != 0 {
        ERR_LIB_SYS
    } else {
        ((e >> 23) & 0xff) as c_int
    }
}

/// The table handed to libcrypto, which keeps pointers into it for the life of the
/// process; held here so it stays reachable (and leak checkers agree).
struct StringTable {
    _strings: Vec<CString>,
    entries: Vec<ffi::ErrStringData>,
}

// SAFETY: written once before being shared, then only read (by libcrypto).
unsafe impl Send for StringTable {}
unsafe impl Sync for StringTable {}

static TABLE: OnceLock<StringTable> = OnceLock::new();

/// Register "SSL routines" and every libssl reason string with libcrypto, once.
pub fn load_strings() {
    let mut fresh = false;
    let table = TABLE.get_or_init(|| {
        fresh = true;
        let pack = |reason: c_int| ((ERR_LIB_SSL as c_ulong) << 23) | reason as c_ulong;
        let mut strings = Vec::with_capacity(reasons::REASON_STRINGS.len() + 1);
        let mut entries = Vec::with_capacity(reasons::REASON_STRINGS.len() + 2);
        let all = std::iter::once((0, reasons::SSL_LIB_NAME))
            .chain(reasons::REASON_STRINGS.iter().copied());
        for (code, text) in all {
            let s = CString::new(text).unwrap_or_default();
            // The CString's heap buffer does not move when the CString itself does.
            entries.push(ffi::ErrStringData {
                error: pack(code),
                string: s.as_ptr(),
            });
            strings.push(s);
        }
        entries.push(ffi::ErrStringData {
            error: 0,
            string: std::ptr::null(),
        });
        StringTable {
            _strings: strings,
            entries,
        }
    });
    if fresh {
        // SAFETY: the table is terminated by a zero entry and lives for ever.
        unsafe {
            ffi::ERR_load_strings_const(table.entries.as_ptr());
        }
    }
}

/// Push `reason` under `ERR_LIB_SSL` with OpenSSL's additional data text (what
/// `ERR_raise_data` attaches, e.g. "cmd=Foo").
pub fn raise_data(reason: Reason, func: &'static str, data: &str) {
    load_strings();
    let func = CString::new(func).unwrap_or_default();
    let data = CString::new(data.replace('\0', "")).unwrap_or_default();
    // SAFETY: valid NUL-terminated strings; the format consumes exactly one string.
    unsafe {
        ffi::ERR_new();
        ffi::ERR_set_debug(c"rustls-libssl".as_ptr(), 0, func.as_ptr());
        ffi::ERR_set_error(ERR_LIB_SSL, reason.0, c"%s".as_ptr(), data.as_ptr());
    }
}
