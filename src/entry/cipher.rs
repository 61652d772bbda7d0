//! Cipher suites: the negotiated one and its description (`SSL_CIPHER`).

use super::{boundary, try_handle, SslHandle, SSL, SSL_CTX};
use crate::cipher::{CipherInfo, CIPHERS};
use crate::ctx::{Context, Settings};
use crate::error::{self, Reason};
use crate::reasons as r;
use libc::{c_char, c_int, c_long, c_void};
use std::ffi::CStr;

/// OpenSSL's `SSL_CIPHER` (opaque): points at one of our cipher descriptions.
pub struct SSL_CIPHER {
    _private: [u8; 0],
}

pub(crate) fn to_c(c: &'static CipherInfo) -> *const SSL_CIPHER {
    c as *const CipherInfo as *const SSL_CIPHER
}

/// The description behind an `SSL_CIPHER*`, if it is one of ours.
pub(crate) fn from_c(p: *const SSL_CIPHER) -> Option<&'static CipherInfo> {
    CIPHERS
        .iter()
        .find(|c| std::ptr::eq(*c as *const CipherInfo as *const SSL_CIPHER, p))
}

/// The `SSL_CIPHER*` of a suite (NULL for one we do not know).
pub(crate) fn cipher_ptr(suite: u16) -> *const SSL_CIPHER {
    CipherInfo::find(suite).map_or(std::ptr::null(), to_c)
}

/// The suite behind an `SSL_CIPHER*` of ours.
pub(crate) fn cipher_id(p: *const SSL_CIPHER) -> Option<u16> {
    from_c(p).map(|c| c.suite)
}

/// The cipher suite negotiated on `ssl`, or NULL before the handshake chose one.
#[no_mangle]
pub extern "C" fn SSL_get_current_cipher(ssl: *const SSL) -> *const SSL_CIPHER {
    boundary("SSL_get_current_cipher", std::ptr::null(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null(), "SSL_get_current_cipher");
        let suite = h.read(|c| c.cipher_suite(), |s| s.cipher);
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
    boundary("SSL_CIPHER_get_id", 0, || match from_c(c) {
        Some(c) => c.id(),
        None => {
            error::raise(Reason::NULL, "SSL_CIPHER_get_id");
            0
        }
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

/// `STACK_OF(SSL_CIPHER)` (opaque).
pub type stack_st_SSL_CIPHER = crate::ffi::OPENSSL_STACK;

fn set_list(s: &mut Settings, list: *const c_char, func: &'static str) -> c_int {
    // SAFETY: the caller passes a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(list) }.to_string_lossy();
    let suites = crate::cipher::parse_cipher_list(&text);
    let ok = !suites.is_empty();
    // OpenSSL replaces the TLS 1.2 list even when nothing matched.
    s.tls12_suites = suites;
    if !ok {
        error::raise(Reason(r::SSL_R_NO_CIPHER_MATCH), func);
    }
    ok as c_int
}

fn set_suites(s: &mut Settings, list: *const c_char, func: &'static str) -> c_int {
    // SAFETY: the caller passes a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(list) }.to_string_lossy();
    match crate::cipher::parse_ciphersuites(&text) {
        Some(v) => {
            s.tls13_suites = v;
            1
        }
        None => {
            error::raise(Reason(r::SSL_R_NO_CIPHER_MATCH), func);
            0
        }
    }
}

/// Choose the TLS 1.2 cipher suites with an OpenSSL cipher string ("HIGH:!aNULL",
/// "ECDHE+AESGCM", "DEFAULT", names, '!', '-', '+', @STRENGTH; @SECLEVEL is accepted).
/// Returns 1, or 0 with `SSL_R_NO_CIPHER_MATCH` when no suite this library implements
/// matches (a string selecting only suites it lacks, such as kRSA or CBC ones, is
/// refused rather than widened). TLS 1.3 suites are set with `SSL_CTX_set_ciphersuites`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cipher_list(ctx: *mut SSL_CTX, str: *const c_char) -> c_int {
    boundary("SSL_CTX_set_cipher_list", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_cipher_list");
        if str.is_null() {
            error::raise(Reason::NULL, "SSL_CTX_set_cipher_list");
            return 0;
        }
        let r = set_list(ctx.state().settings_mut(), str, "SSL_CTX_set_cipher_list");
        r
    })
}

/// As `SSL_CTX_set_cipher_list`, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_cipher_list(ssl: *mut SSL, str: *const c_char) -> c_int {
    boundary("SSL_set_cipher_list", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_cipher_list");
        if str.is_null() {
            error::raise(Reason::NULL, "SSL_set_cipher_list");
            return 0;
        }
        let r = set_list(h.shared.state().settings_mut(), str, "SSL_set_cipher_list");
        r
    })
}

/// Choose the TLS 1.3 suites: names separated by ':' (unknown ones skipped; an empty
/// string disables TLS 1.3 suites). Returns 1, or 0 with `SSL_R_NO_CIPHER_MATCH` when
/// names were given and none is known.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_ciphersuites(ctx: *mut SSL_CTX, str: *const c_char) -> c_int {
    boundary("SSL_CTX_set_ciphersuites", 0, || {
        let ctx = try_handle!(Context, ctx, 0, "SSL_CTX_set_ciphersuites");
        if str.is_null() {
            error::raise(Reason::NULL, "SSL_CTX_set_ciphersuites");
            return 0;
        }
        let r = set_suites(ctx.state().settings_mut(), str, "SSL_CTX_set_ciphersuites");
        r
    })
}

/// As `SSL_CTX_set_ciphersuites`, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_ciphersuites(ssl: *mut SSL, str: *const c_char) -> c_int {
    boundary("SSL_set_ciphersuites", 0, || {
        let h = try_handle!(SslHandle, ssl, 0, "SSL_set_ciphersuites");
        if str.is_null() {
            error::raise(Reason::NULL, "SSL_set_ciphersuites");
            return 0;
        }
        let r = set_suites(h.shared.state().settings_mut(), str, "SSL_set_ciphersuites");
        r
    })
}

/// The name of the `n`-th enabled suite (TLS 1.3 ones first), or NULL past the end.
#[no_mangle]
pub extern "C" fn SSL_get_cipher_list(ssl: *const SSL, n: c_int) -> *const c_char {
    boundary("SSL_get_cipher_list", std::ptr::null(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null(), "SSL_get_cipher_list");
        let suites = h.shared.state().settings.suites();
        usize::try_from(n)
            .ok()
            .and_then(|i| suites.get(i))
            .and_then(|id| CipherInfo::find(*id))
            .map_or(std::ptr::null(), |c| c.name.as_ptr())
    })
}

/// The enabled suites (TLS 1.3 first) as a `STACK_OF(SSL_CIPHER)` owned by the
/// connection (valid until its list changes).
#[no_mangle]
pub extern "C" fn SSL_get_ciphers(ssl: *const SSL) -> *mut stack_st_SSL_CIPHER {
    boundary("SSL_get_ciphers", std::ptr::null_mut(), || {
        let h = try_handle!(SslHandle, ssl, std::ptr::null_mut(), "SSL_get_ciphers");
        let suites = h.shared.state().settings.suites();
        h.shared.cipher_stack.get(suites)
    })
}

/// On a server, the cipher suites the client's ClientHello listed, in the client's
/// order; NULL on a client, before a ClientHello, or for NULL (no error, as OpenSSL).
/// Owned by the connection.
/// Compat: deviation — only the suites this library knows (those it can negotiate);
/// OpenSSL lists every suite it knows of, enabled or not.
#[no_mangle]
pub extern "C" fn SSL_get_client_ciphers(ssl: *const SSL) -> *mut stack_st_SSL_CIPHER {
    boundary("SSL_get_client_ciphers", std::ptr::null_mut(), || {
        if ssl.is_null() {
            return std::ptr::null_mut();
        }
        let h = try_handle!(
            SslHandle,
            ssl,
            std::ptr::null_mut(),
            "SSL_get_client_ciphers"
        );
        if !h.is_server() {
            return std::ptr::null_mut();
        }
        match h.shared.peer_suites() {
            Some(suites) => h.shared.cipher_stack.get_client(suites),
            None => std::ptr::null_mut(),
        }
    })
}

/// The context's enabled suites, as `SSL_get_ciphers`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_ciphers(ctx: *const SSL_CTX) -> *mut stack_st_SSL_CIPHER {
    boundary("SSL_CTX_get_ciphers", std::ptr::null_mut(), || {
        let ctx = try_handle!(Context, ctx, std::ptr::null_mut(), "SSL_CTX_get_ciphers");
        let suites = ctx.state().settings.suites();
        ctx.cipher_stack.get(suites)
    })
}

/// `SSL_CTRL_SET_GROUPS_LIST` (`SSL_CTX_set1_groups_list`, `..._curves_list`): groups
/// by name, separated by ':' ("X25519:P-256", "prime256v1", "X25519MLKEM768").
/// Returns 1, or 0 for an unknown name (`ERR_R_PASSED_INVALID_ARGUMENT`, "group 'x'
/// cannot be set") or a list with no group this library implements. Groups OpenSSL
/// knows that we do not (X448, P-521, ffdhe*) are skipped.
pub(crate) fn set_groups(s: &mut Settings, list: *const c_void) -> c_long {
    if list.is_null() {
        return 0;
    }
    // SAFETY: the caller passes a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(list as *const c_char) }.to_string_lossy();
    let mut groups = Vec::new();
    for name in text.split(':') {
        match crate::cipher::group_by_name(name) {
            None => {
                // OpenSSL 3.0's error for a name it does not know.
                error::raise_data(
                    Reason::INVALID_ARGUMENT,
                    "SSL_CTX_set1_groups_list",
                    &format!("group '{name}' cannot be set"),
                );
                return 0;
            }
            Some(None) => {}
            Some(Some(id)) => {
                if !groups.contains(&id) {
                    groups.push(id)
                }
            }
        }
    }
    if groups.is_empty() {
        return 0;
    }
    s.groups = groups;
    1
}
