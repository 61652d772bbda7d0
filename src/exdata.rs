//! Application data attached to our objects (`SSL_set_ex_data`, `SSL_CTX_set_ex_data`),
//! kept in libcrypto's `CRYPTO_EX_DATA`, so the indexes applications get from
//! `SSL_get_ex_new_index` (a libcrypto macro) and their free callbacks work as in
//! OpenSSL.
//!
//! The object and value pointers are opaque here: libcrypto stores them and hands them
//! to the application's callbacks; nothing in this module dereferences them.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use crate::ffi::{self, CryptoExData};
use libc::{c_int, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// `CRYPTO_EX_INDEX_SSL`.
pub(crate) const CLASS_SSL: c_int = 0;
/// `CRYPTO_EX_INDEX_SSL_CTX`.
pub(crate) const CLASS_SSL_CTX: c_int = 1;
/// `CRYPTO_EX_INDEX_SSL_SESSION`.
pub(crate) const CLASS_SSL_SESSION: c_int = 2;
const CLASS_X509_STORE_CTX: c_int = 5;

/// The ex_data of one object of libcrypto's ex_data class `CLASS`.
pub struct ExData<const CLASS: c_int> {
    /// The C pointer of the object (handed to libcrypto's callbacks).
    obj: AtomicUsize,
    data: Mutex<CryptoExData>,
}

// SAFETY: the CRYPTO_EX_DATA is only touched under the mutex.
unsafe impl<const CLASS: c_int> Send for ExData<CLASS> {}
unsafe impl<const CLASS: c_int> Sync for ExData<CLASS> {}

/// An `SSL`'s.
pub type SslExData = ExData<CLASS_SSL>;
/// An `SSL_CTX`'s.
pub type CtxExData = ExData<CLASS_SSL_CTX>;
/// An `SSL_SESSION`'s.
pub type SessionExData = ExData<CLASS_SSL_SESSION>;

impl<const CLASS: c_int> ExData<CLASS> {
    pub fn new() -> Self {
        ExData {
            obj: AtomicUsize::new(0),
            data: Mutex::new(CryptoExData {
                ctx: std::ptr::null_mut(),
                sk: std::ptr::null_mut(),
            }),
        }
    }

    /// Record the object's C pointer and run the class's `new` callbacks.
    pub fn init(&self, obj: *mut c_void) {
        self.obj.store(obj as usize, Ordering::Relaxed);
        let mut d = self.data.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: a zeroed CRYPTO_EX_DATA for a live object.
        unsafe { ffi::CRYPTO_new_ex_data(CLASS, obj, &mut *d) };
    }

    pub fn set(&self, idx: c_int, val: *mut c_void) -> c_int {
        let mut d = self.data.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: the CRYPTO_EX_DATA is ours; libcrypto checks the index.
        unsafe { ffi::CRYPTO_set_ex_data(&mut *d, idx, val) }
    }

    pub fn get(&self, idx: c_int) -> *mut c_void {
        let d = self.data.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: as above.
        unsafe { ffi::CRYPTO_get_ex_data(&*d, idx) }
    }
}

impl<const CLASS: c_int> Default for ExData<CLASS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const CLASS: c_int> Drop for ExData<CLASS> {
    fn drop(&mut self) {
        let obj = self.obj.load(Ordering::Relaxed) as *mut c_void;
        let d = self.data.get_mut().unwrap_or_else(|e| e.into_inner());
        // SAFETY: runs the class's free callbacks and releases the storage, once.
        unsafe { ffi::CRYPTO_free_ex_data(CLASS, obj, d) };
    }
}

/// `SSL_get_ex_data_X509_STORE_CTX_idx`: the index under which a verification's
/// `X509_STORE_CTX` carries the `SSL*` being verified.
pub fn store_ctx_ssl_index() -> c_int {
    static IDX: OnceLock<c_int> = OnceLock::new();
    *IDX.get_or_init(|| {
        // SAFETY: registers an index with no callbacks; the description is static.
        unsafe {
            ffi::CRYPTO_get_ex_new_index(
                CLASS_X509_STORE_CTX,
                0,
                c"SSL for verify callback".as_ptr() as *mut c_void,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
    })
}
