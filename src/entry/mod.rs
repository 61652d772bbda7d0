//! The C ABI: every exported function, grouped by API family. Each one is a panic
//! boundary, checks its pointers and lengths, converts, and makes one call into the
//! core. Nothing here holds protocol logic.
//!
//! Handles: an `SSL_CTX*` is an `Arc<Context>` and an `SSL*` an `Arc<SslHandle>`, both
//! turned into raw pointers; `*_up_ref` and `*_free` move the reference count.
//! [`Handle`] is the one place where pointers become references.

// The entry points take C pointers by design: each checks them (NULL) and relies on
// the caller passing pointers it got from us, exactly as OpenSSL does.
#![allow(
    non_camel_case_types,
    clippy::missing_safety_doc,
    clippy::not_unsafe_ptr_arg_deref
)]

pub mod bio;
pub mod certs;
pub mod cipher;
pub mod conf;
pub mod ctx;
pub mod ext;
pub mod io;
pub mod misc;
pub mod newer;
pub mod session;
pub mod ssl;

use crate::bio::BioPair;
use crate::conn::{Conn, Stop};
use crate::ctx::Context;
use crate::error::{self, Reason};
use crate::lock::{OwnerGuard, OwnerLock};
use crate::shared::SslShared;
use std::ops::{Deref, DerefMut};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// OpenSSL's `SSL` (opaque).
pub struct SSL {
    _private: [u8; 0],
}
/// OpenSSL's `SSL_CTX` (opaque).
pub struct SSL_CTX {
    _private: [u8; 0],
}
/// OpenSSL's `SSL_METHOD` (opaque).
pub struct SSL_METHOD {
    _private: [u8; 0],
}
/// libcrypto's `OPENSSL_INIT_SETTINGS` (opaque).
pub struct OPENSSL_INIT_SETTINGS {
    _private: [u8; 0],
}
pub use crate::ffi::{stack_st_X509, BIO, EVP_PKEY, X509, X509_STORE_CTX};
pub(crate) use session::{call_new_session_cb, session_from_callback, session_init, session_ptr};

/// Run `f`, turning a panic into OpenSSL's failure value `fail` and an
/// `ERR_R_INTERNAL_ERROR` entry naming `func`.
pub(crate) fn boundary<R>(func: &'static str, fail: R, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => {
            error::raise(Reason::INTERNAL, func);
            fail
        }
    }
}

/// Push the ERR entry a stopped call owes the application, if any.
pub(crate) fn report(stop: Stop, func: &'static str) {
    if let Stop::Ssl(reason) | Stop::Closed(reason) = stop {
        error::raise(reason, func);
    }
}

/// A Rust object that C holds as a reference-counted pointer.
pub(crate) trait Handle: Sized {
    type C;

    /// Give C one reference.
    fn into_c(this: Arc<Self>) -> *mut Self::C {
        Arc::into_raw(this) as *mut Self::C
    }

    /// Borrow the object behind a C pointer; `None` for NULL.
    ///
    /// # Safety
    /// `p` must be NULL or a pointer from `into_c` that still holds a reference.
    unsafe fn get<'a>(p: *const Self::C) -> Option<&'a Self> {
        (p as *const Self).as_ref()
    }

    /// A new Rust-side reference to the object behind a C pointer.
    ///
    /// # Safety
    /// As for `get`.
    unsafe fn clone_arc(p: *const Self::C) -> Option<Arc<Self>> {
        if p.is_null() {
            return None;
        }
        Arc::increment_strong_count(p as *const Self);
        Some(Arc::from_raw(p as *const Self))
    }

    /// `*_up_ref`.
    ///
    /// # Safety
    /// As for `get`.
    unsafe fn up_ref(p: *const Self::C) -> bool {
        if p.is_null() {
            return false;
        }
        Arc::increment_strong_count(p as *const Self);
        true
    }

    /// `*_free`: drop C's reference (NULL is ignored).
    ///
    /// # Safety
    /// As for `get`; C gives up the reference.
    unsafe fn release(p: *const Self::C) {
        if !p.is_null() {
            drop(Arc::from_raw(p as *const Self));
        }
    }
}

impl Handle for Context {
    type C = SSL_CTX;
}

/// What an `SSL*` points at.
pub struct SslHandle {
    /// The connection, under the lock of the thread using it (see `crate::lock`).
    conn: OwnerLock<Conn<BioPair>>,
    /// The connection's callback-visible part (also reachable through `conn`), usable
    /// without the connection's lock.
    pub shared: Arc<SslShared>,
}

/// A number unique to the calling thread while it lives, never 0: its `pthread_t`
/// (one register read, where a thread-local's address costs a `__tls_get_addr` call
/// in a shared library).
fn thread_tag() -> usize {
    // SAFETY: pthread_self has no preconditions.
    let t = unsafe { libc::pthread_self() } as usize;
    t.max(1)
}

/// The connection, locked for one call.
pub struct ConnGuard<'a> {
    guard: OwnerGuard<'a, Conn<BioPair>>,
}

impl Deref for ConnGuard<'_> {
    type Target = Conn<BioPair>;
    fn deref(&self) -> &Self::Target {
        &self.guard
    }
}

impl DerefMut for ConnGuard<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.guard
    }
}

impl Drop for ConnGuard<'_> {
    fn drop(&mut self) {
        // Callbacks may ask for the BIOs while the connection is busy: keep a copy.
        let (r, w) = (self.guard.io.rbio_ptr(), self.guard.io.wbio_ptr());
        self.guard.shared.set_bio_mirror(r as usize, w as usize);
        self.guard.record_state();
        // `guard` releases the lock after this.
    }
}

impl SslHandle {
    pub fn new(conn: Conn<BioPair>) -> Self {
        SslHandle {
            shared: conn.shared.clone(),
            conn: OwnerLock::new(conn),
        }
    }

    /// `SSL_is_server`, without the connection's lock.
    pub fn is_server(&self) -> bool {
        self.shared.is_server()
    }

    /// Whether this thread is inside a call on this connection (so a callback of
    /// ours is running): functions that only read state answer from `shared` then.
    pub fn held_by_current_thread(&self) -> bool {
        self.conn.held_by(thread_tag())
    }

    /// Read the connection: under its lock, or, from inside one of its own callbacks
    /// (which run while this thread holds the lock), from the state recorded just
    /// before the callback ran.
    pub fn read<R>(
        &self,
        f: impl FnOnce(&Conn<BioPair>) -> R,
        recorded: impl FnOnce(&crate::shared::Snapshot) -> R,
    ) -> R {
        if self.held_by_current_thread() {
            return recorded(&self.shared.snapshot());
        }
        f(&self.lock())
    }

    /// The connection, for one call. A connection whose lock was poisoned by a panic
    /// is still returned: the panic already failed that call.
    ///
    /// A call made on the same `SSL` from inside one of its own callbacks (a verify
    /// callback, an application BIO) would wait for itself for ever; it fails instead
    /// (the panic becomes the call's error value and `ERR_R_INTERNAL_ERROR`).
    pub fn lock(&self) -> ConnGuard<'_> {
        match self.conn.lock(thread_tag()) {
            Some(guard) => ConnGuard { guard },
            None => panic!("SSL function called on an SSL from inside one of its own callbacks"),
        }
    }
}

impl Handle for SslHandle {
    type C = SSL;
}

/// Look up `$p` as `$ty`, or push `ERR_R_PASSED_NULL_PARAMETER` and return `$fail`.
macro_rules! try_handle {
    ($ty:ty, $p:expr, $fail:expr, $func:expr) => {
        // SAFETY: C passes pointers it got from us (or NULL), as OpenSSL requires.
        match unsafe { <$ty as $crate::entry::Handle>::get($p) } {
            Some(h) => h,
            None => {
                $crate::error::raise($crate::error::Reason::NULL, $func);
                #[allow(clippy::unused_unit)]
                return $fail;
            }
        }
    };
}
pub(crate) use try_handle;
