//! Cipher suites: the negotiated one and its description (`SSL_CIPHER`).

use super::{boundary, try_handle, SslHandle, SSL};
use crate::cipher::{CipherInfo, CIPHERS};
use libc::{c_char, c_int};

/// OpenSSL's `SSL_CIPHER` (opaque): points at one of our cipher descriptions.
pub struct SSL_CIPHER {
    _private: [u8; 0],
}

fn to_c(c: &'static CipherInfo) -> *const SSL_CIPHER {
    c as *const CipherInfo as *const SSL_CIPHER
}

/// The description behind an `SSL_CIPHER*`, if it is one of ours.
fn from_c(p: *const SSL_CIPHER) -> Option<&'static CipherInfo> {
    CIPHERS
        .iter()
        .find(|c| std::ptr::eq(*c as *const CipherInfo as *const SSL_CIPHER, p))
}

/// The cipher suite negotiated on `ssl`, or NULL before the handshake chose one.
#[no_mangle]
pub extern "C" fn SSL_get_current_cipher(ssl: *const SSL) -> *const SSL_CIPHER {
    boundary("SSL_get_current_cipher", std::ptr::null(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null(), "SSL_get_current_cipher");
        let suite = h.lock().cipher_suite();
        suite
            .and_then(CipherInfo::find)
            .map_or(std::ptr::null(), to_c)
    })
}

/// OpenSSL's name of the suite (e.g. "ECDHE-RSA-AES256-GCM-SHA384",
/// "TLS_AES_256_GCM_SHA384"); "(NONE)" for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_name(c: *const SSL_CIPHER) -> *const c_char {
    boundary("SSL_CIPHER_get_name", c"(NONE)".as_ptr(), || {
        from_c(c).map_or(c"(NONE)".as_ptr(), |c| c.name.as_ptr())
    })
}

/// The RFC name of the suite (e.g. "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"); "(NONE)"
/// for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_standard_name(c: *const SSL_CIPHER) -> *const c_char {
    boundary("SSL_CIPHER_standard_name", c"(NONE)".as_ptr(), || {
        from_c(c).map_or(c"(NONE)".as_ptr(), |c| c.standard.as_ptr())
    })
}

/// The lowest protocol version the suite can be used with ("TLSv1.2", "TLSv1.3");
/// "(NONE)" for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_version(c: *const SSL_CIPHER) -> *const c_char {
    boundary("SSL_CIPHER_get_version", c"(NONE)".as_ptr(), || {
        from_c(c).map_or(c"(NONE)".as_ptr(), |c| c.version.as_ptr())
    })
}

/// The suite's secret bits; also stored in `*alg_bits` when not NULL. 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_bits(c: *const SSL_CIPHER, alg_bits: *mut c_int) -> c_int {
    boundary("SSL_CIPHER_get_bits", 0, || {
        let bits = from_c(c).map_or(0, |c| c.bits);
        if !alg_bits.is_null() && !c.is_null() {
            // SAFETY: alg_bits points at an int the caller owns.
            unsafe { *alg_bits = bits };
        }
        bits
    })
}

/// The suite's id: its IANA code point with OpenSSL's 0x03000000 prefix; 0 for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_id(c: *const SSL_CIPHER) -> u32 {
    boundary("SSL_CIPHER_get_id", 0, || {
        from_c(c).map_or(0, CipherInfo::id)
    })
}

/// Write a one-line description of the suite (as `openssl ciphers -v`) into `buf` of
/// `size` bytes and return `buf`; with `buf` NULL, into a new 128-byte buffer the
/// caller frees with `OPENSSL_free`. NULL when `size` is under 128 or allocation
/// fails; "Cipher is (NONE)\n" for a NULL cipher.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_description(
    c: *const SSL_CIPHER,
    buf: *mut c_char,
    size: c_int,
) -> *mut c_char {
    boundary("SSL_CIPHER_description", std::ptr::null_mut(), || {
        const LEN: usize = 128;
        let text = from_c(c).map_or_else(|| "Cipher is (NONE)\n".to_string(), |c| c.description());
        let (out, cap) = if buf.is_null() {
            // SAFETY: libcrypto's allocator, so the caller can OPENSSL_free it.
            let p =
                unsafe { crate::ffi::CRYPTO_malloc(LEN, c"cipher.rs".as_ptr(), 0) } as *mut c_char;
            if p.is_null() {
                return std::ptr::null_mut();
            }
            (p, LEN)
        } else {
            if size < LEN as c_int {
                return std::ptr::null_mut();
            }
            (buf, size as usize)
        };
        let n = text.len().min(cap - 1);
        // SAFETY: out has cap ≥ n + 1 writable bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), out as *mut u8, n);
            *out.add(n) = 0;
        }
        out
    })
}
