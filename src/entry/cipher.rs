//! Cipher suites: the negotiated one and its description (`SSL_CIPHER`).

use super::{boundary, try_handle, SslHandle, SSL, SSL_CTX};
use crate::cipher::{CipherInfo, CIPHERS};
use crate::ctx::{Context, Settings};
use crate::error::{self, Reason};
use crate::ffi;
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

// ---- what openssl(1) asks of the suites ------------------------------------------------

/// OpenSSL's name of the suite whose RFC name is `stdname`
/// ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" -> "ECDHE-ECDSA-AES256-GCM-SHA384");
/// "(NONE)" for NULL or a suite this library does not know.
#[no_mangle]
pub extern "C" fn OPENSSL_cipher_name(stdname: *const c_char) -> *const c_char {
    boundary("OPENSSL_cipher_name", c"(NONE)".as_ptr(), || {
        if stdname.is_null() {
            return c"(NONE)".as_ptr();
        }
        // SAFETY: a NUL-terminated string from the caller.
        let name = unsafe { CStr::from_ptr(stdname) };
        CIPHERS
            .iter()
            .find(|c| c.standard == name)
            .map_or(c"(NONE)".as_ptr(), |c| c.name.as_ptr())
    })
}

/// The digest of the suite's handshake (its PRF / HKDF hash): SHA-384 for the
/// *_SHA384 suites, SHA-256 for the others; NULL (with an error) for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_handshake_digest(c: *const SSL_CIPHER) -> *const ffi::EVP_MD {
    boundary("SSL_CIPHER_get_handshake_digest", std::ptr::null(), || {
        let Some(c) = from_c(c) else {
            error::raise(Reason::NULL, "SSL_CIPHER_get_handshake_digest");
            return std::ptr::null();
        };
        // SAFETY: libcrypto's static digest descriptions.
        if c.standard.to_bytes().ends_with(b"SHA384") {
            unsafe { ffi::EVP_sha384() }
        } else {
            unsafe { ffi::EVP_sha256() }
        }
    })
}

/// The suites this connection would use, given its enabled protocol versions, as a new
/// `STACK_OF(SSL_CIPHER)` the caller frees (`sk_SSL_CIPHER_free`); NULL for NULL.
#[no_mangle]
pub extern "C" fn SSL_get1_supported_ciphers(ssl: *mut SSL) -> *mut stack_st_SSL_CIPHER {
    boundary("SSL_get1_supported_ciphers", std::ptr::null_mut(), || {
        let h = try_handle!(
            SslHandle,
            ssl,
            std::ptr::null_mut(),
            "SSL_get1_supported_ciphers"
        );
        let (suites, mask) = {
            let st = h.shared.state();
            (st.settings.suites(), st.settings.version_mask())
        };
        // SAFETY: a new stack we fill with pointers to our static descriptions.
        unsafe {
            let sk = ffi::OPENSSL_sk_new_null();
            if sk.is_null() {
                return std::ptr::null_mut();
            }
            let usable = crate::ctx::suites_for_versions(&suites, mask);
            for c in usable.into_iter().filter_map(CipherInfo::find) {
                ffi::OPENSSL_sk_push(sk, to_c(c) as *const c_void);
            }
            sk
        }
    })
}

/// On a server, the suites both the client's ClientHello and this connection have,
/// in the client's order, as OpenSSL's names joined by ':' in `buf` (at most
/// `size` bytes with the NUL; a name that does not fit ends the list). Returns `buf`,
/// or NULL on a client, before a ClientHello, when no suite is shared (or the first
/// does not fit), for `size` < 2, or for NULL.
#[no_mangle]
pub extern "C" fn SSL_get_shared_ciphers(
    ssl: *const SSL,
    buf: *mut c_char,
    size: c_int,
) -> *mut c_char {
    boundary("SSL_get_shared_ciphers", std::ptr::null_mut(), || {
        let h = try_handle!(
            SslHandle,
            ssl,
            std::ptr::null_mut(),
            "SSL_get_shared_ciphers"
        );
        if buf.is_null() || size < 2 || !h.is_server() {
            return std::ptr::null_mut();
        }
        let Some(client) = h.shared.peer_suites() else {
            return std::ptr::null_mut();
        };
        let ours = h.shared.state().settings.suites();
        if client.is_empty() || ours.is_empty() {
            return std::ptr::null_mut();
        }
        let list = shared_cipher_list(&client, &ours, size as usize);
        if list.is_empty() {
            return std::ptr::null_mut();
        }
        // SAFETY: buf holds `size` bytes; the list is shorter than `size`.
        unsafe {
            std::ptr::copy_nonoverlapping(list.as_ptr(), buf as *mut u8, list.len());
            *buf.add(list.len()) = 0;
        }
        buf
    })
}

/// The names of the suites in both lists, in `client`'s order, joined by ':', in
/// fewer than `size` bytes (the first name that does not fit ends it).
fn shared_cipher_list(client: &[u16], ours: &[u16], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in client.iter().filter(|s| ours.contains(s)) {
        let Some(info) = CipherInfo::find(*c) else {
            continue;
        };
        let name = info.name.to_bytes();
        let sep = usize::from(!out.is_empty());
        if out.len() + sep + name.len() >= size {
            break;
        }
        if sep == 1 {
            out.push(b':');
        }
        out.extend_from_slice(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shared_cipher_list;

    #[test]
    fn shared_ciphers_keep_the_clients_order_and_stop_at_the_size() {
        let client = [0xc02c, 0x1302, 0x9999, 0x1301];
        let ours = [0x1301, 0x1302, 0xc02c];
        let all = shared_cipher_list(&client, &ours, 1000);
        assert_eq!(
            all,
            b"ECDHE-ECDSA-AES256-GCM-SHA384:TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"
        );
        // Room for the first name only (29 bytes and the NUL).
        assert_eq!(
            shared_cipher_list(&client, &ours, 30),
            b"ECDHE-ECDSA-AES256-GCM-SHA384"
        );
        assert!(shared_cipher_list(&client, &ours, 10).is_empty());
        assert!(shared_cipher_list(&[0x9999], &ours, 100).is_empty());
    }
}
