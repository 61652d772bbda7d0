//! A safe wrapper over libcrypto's `BIO`: the connection's transport.
//!
//! `Bio` owns one reference to a `BIO` chain (released with `BIO_free_all`), and
//! `BioPair` is the read and write BIO of one `SSL`, implementing the core's
//! [`Transport`]: reads and writes report the BIO's retry flags the way OpenSSL's
//! record layer interprets them, and `SSL_get_error` reads the same flags afterwards.

use crate::conn::{Io, RetryDir, Transport};
use crate::ffi;
use libc::{c_int, c_void};

/// One owned reference to a `BIO`.
/// (Never NULL, so that `Option<Bio>` is one pointer.)
pub struct Bio(std::ptr::NonNull<ffi::BIO>);

// SAFETY: a BIO has no thread affinity; libcrypto reference counts are atomic, and an
// `SSL` (with its BIOs) is used by one thread at a time, as in OpenSSL.
unsafe impl Send for Bio {}

impl Bio {
    /// Take ownership of one reference the caller hands over. `None` for NULL.
    ///
    /// # Safety
    /// `ptr` must be NULL or a valid `BIO` whose reference is being transferred.
    pub unsafe fn from_owned(ptr: *mut ffi::BIO) -> Option<Bio> {
        std::ptr::NonNull::new(ptr).map(Bio)
    }

    /// A new reference to the same BIO.
    pub fn clone_ref(&self) -> Bio {
        // SAFETY: self.0 is a valid BIO we hold a reference to.
        unsafe { ffi::BIO_up_ref(self.as_ptr()) };
        Bio(self.0)
    }

    /// A new socket BIO over `fd`, which it does not close.
    pub fn socket(fd: c_int) -> Option<Bio> {
        // SAFETY: BIO_new returns an owned BIO or NULL; BIO_C_SET_FD takes a pointer to int.
        unsafe {
            let b = ffi::BIO_new(ffi::BIO_s_socket());
            if b.is_null() {
                return None;
            }
            let mut fd = fd;
            ffi::BIO_ctrl(
                b,
                ffi::BIO_C_SET_FD,
                ffi::BIO_NOCLOSE,
                &mut fd as *mut c_int as *mut c_void,
            );
            std::ptr::NonNull::new(b).map(Bio)
        }
    }

    pub fn as_ptr(&self) -> *mut ffi::BIO {
        self.0.as_ptr()
    }

    /// The file descriptor of the first descriptor BIO in the chain, or -1.
    pub fn fd(&self) -> c_int {
        // SAFETY: valid BIO; BIO_C_GET_FD with a NULL pointer only returns the fd.
        unsafe {
            let b = ffi::BIO_find_type(self.as_ptr(), ffi::BIO_TYPE_DESCRIPTOR);
            if b.is_null() {
                return -1;
            }
            ffi::BIO_ctrl(b, ffi::BIO_C_GET_FD, 0, std::ptr::null_mut()) as c_int
        }
    }

    /// Whether this is a plain socket BIO on `fd`.
    pub fn is_socket_on(&self, fd: c_int) -> bool {
        // SAFETY: valid BIO.
        let t = unsafe { ffi::BIO_method_type(self.as_ptr()) };
        t == ffi::BIO_TYPE_SOCKET && self.fd() == fd
    }

    /// Whether this is a memory BIO or half of a BIO pair (reads and writes are copies,
    /// no system call).
    fn is_memory(&self) -> bool {
        // SAFETY: valid BIO.
        let t = unsafe { ffi::BIO_method_type(self.as_ptr()) };
        t == ffi::BIO_TYPE_MEM || t == ffi::BIO_TYPE_BIO
    }

    fn retry_dir(&self) -> Option<RetryDir> {
        // SAFETY: valid BIO.
        let flags = unsafe { ffi::BIO_test_flags(self.as_ptr(), !0) };
        if flags & ffi::BIO_FLAGS_SHOULD_RETRY == 0 {
            None
        } else if flags & ffi::BIO_FLAGS_READ != 0 {
            Some(RetryDir::Read)
        } else if flags & ffi::BIO_FLAGS_WRITE != 0 {
            Some(RetryDir::Write)
        } else if flags & ffi::BIO_FLAGS_IO_SPECIAL != 0 {
            // SAFETY: valid BIO.
            Some(RetryDir::Special(unsafe {
                ffi::BIO_get_retry_reason(self.as_ptr())
            }))
        } else {
            None
        }
    }

    fn read(&mut self, buf: &mut [u8]) -> Io {
        self.read_raw(buf.as_mut_ptr(), buf.len())
    }

    /// `BIO_read` into `len` writable bytes at `buf` (initialized or not: the BIO only
    /// writes there, and `Done(n)` means it wrote `n`).
    fn read_raw(&mut self, buf: *mut u8, len: usize) -> Io {
        let len = len.min(c_int::MAX as usize) as c_int;
        // SAFETY: the caller's buffer is writable for len bytes.
        let n = unsafe { ffi::BIO_read(self.as_ptr(), buf as *mut c_void, len) };
        if n > 0 {
            Io::Done(n as usize)
        } else if self.retry_dir().is_some() {
            Io::Retry
        } else if n == 0 {
            Io::Eof
        } else {
            Io::Error
        }
    }

    fn write(&mut self, buf: &[u8]) -> Io {
        let len = buf.len().min(c_int::MAX as usize) as c_int;
        // SAFETY: buf is valid for len bytes.
        let n = unsafe { ffi::BIO_write(self.as_ptr(), buf.as_ptr() as *const c_void, len) };
        if n > 0 {
            Io::Done(n as usize)
        } else if self.retry_dir().is_some() {
            Io::Retry
        } else {
            Io::Error
        }
    }

    fn flush(&mut self) -> Io {
        // SAFETY: valid BIO.
        let r =
            unsafe { ffi::BIO_ctrl(self.as_ptr(), ffi::BIO_CTRL_FLUSH, 0, std::ptr::null_mut()) };
        if r > 0 {
            Io::Done(0)
        } else if self.retry_dir().is_some() {
            Io::Retry
        } else {
            Io::Error
        }
    }

    fn set_retry_read(&mut self) {
        // SAFETY: valid BIO.
        unsafe {
            ffi::BIO_clear_flags(
                self.as_ptr(),
                ffi::BIO_FLAGS_READ
                    | ffi::BIO_FLAGS_WRITE
                    | ffi::BIO_FLAGS_IO_SPECIAL
                    | ffi::BIO_FLAGS_SHOULD_RETRY,
            );
            ffi::BIO_set_flags(
                self.as_ptr(),
                ffi::BIO_FLAGS_READ | ffi::BIO_FLAGS_SHOULD_RETRY,
            );
        }
    }
}

impl Drop for Bio {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { ffi::BIO_free_all(self.as_ptr()) }
    }
}

/// The read and write BIO of one `SSL`; each slot owns one reference (they may be the
/// same BIO, referenced twice), as OpenSSL's `SSL_set_bio` arranges.
#[derive(Default)]
pub struct BioPair {
    pub rbio: Option<Bio>,
    pub wbio: Option<Bio>,
}

impl BioPair {
    pub fn rbio_ptr(&self) -> *mut ffi::BIO {
        self.rbio.as_ref().map_or(std::ptr::null_mut(), Bio::as_ptr)
    }
    pub fn wbio_ptr(&self) -> *mut ffi::BIO {
        self.wbio.as_ref().map_or(std::ptr::null_mut(), Bio::as_ptr)
    }
}

impl Transport for BioPair {
    fn read(&mut self, buf: &mut [u8]) -> Io {
        match &mut self.rbio {
            Some(b) => b.read(buf),
            None => Io::NoBio,
        }
    }
    fn read_uninit(&mut self, buf: &mut [std::mem::MaybeUninit<u8>]) -> Io {
        match &mut self.rbio {
            Some(b) => b.read_raw(buf.as_mut_ptr().cast::<u8>(), buf.len()),
            None => Io::NoBio,
        }
    }
    fn write(&mut self, buf: &[u8]) -> Io {
        match &mut self.wbio {
            Some(b) => b.write(buf),
            None => Io::NoBio,
        }
    }
    fn flush(&mut self) -> Io {
        match &mut self.wbio {
            Some(b) => b.flush(),
            None => Io::NoBio,
        }
    }
    fn read_retry(&self) -> Option<RetryDir> {
        self.rbio.as_ref().and_then(Bio::retry_dir)
    }
    fn write_retry(&self) -> Option<RetryDir> {
        self.wbio.as_ref().and_then(Bio::retry_dir)
    }
    fn set_retry_read(&mut self) {
        if let Some(b) = &mut self.rbio {
            b.set_retry_read()
        }
    }
    fn writes_to_memory(&self) -> bool {
        self.wbio.as_ref().is_some_and(Bio::is_memory)
    }
    fn reads_from_memory(&self) -> bool {
        self.rbio.as_ref().is_some_and(Bio::is_memory)
    }
}
