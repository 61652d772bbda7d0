//! Session tickets sealed the way OpenSSL seals them when the application manages the
//! keys (`SSL_CTX_set_tlsext_ticket_key_cb` / `_evp_cb`, `SSL_CTX_set_tlsext_ticket_keys`):
//! `key_name (16) ‖ IV ‖ ciphertext ‖ MAC(key_name ‖ IV ‖ ciphertext)`, the cipher and
//! the MAC set up by the application's callback (or AES-256-CBC and HMAC-SHA256 with
//! the application's keys). libcrypto does the cryptography.

use crate::ffi;
use crate::session::TicketKeyCb;
use libc::{c_int, c_uint, c_void};

const NAME: usize = 16;
/// `EVP_MAX_IV_LENGTH`, `EVP_MAX_MD_SIZE`.
const MAX_IV: usize = 16;
const MAX_MD: usize = 64;

/// The MAC context of either callback flavour.
enum Mac {
    Legacy(*mut ffi::HMAC_CTX),
    Evp(*mut ffi::EVP_MAC, *mut ffi::EVP_MAC_CTX),
}

impl Mac {
    fn new(cb: &TicketKeyCb) -> Option<Mac> {
        // SAFETY: plain constructors; NULL results are checked.
        unsafe {
            match cb {
                TicketKeyCb::Legacy(_) => {
                    let h = ffi::HMAC_CTX_new();
                    (!h.is_null()).then_some(Mac::Legacy(h))
                }
                TicketKeyCb::Evp(_) => {
                    let m = ffi::EVP_MAC_fetch(
                        std::ptr::null_mut(),
                        c"HMAC".as_ptr(),
                        std::ptr::null(),
                    );
                    if m.is_null() {
                        return None;
                    }
                    let c = ffi::EVP_MAC_CTX_new(m);
                    if c.is_null() {
                        ffi::EVP_MAC_free(m);
                        return None;
                    }
                    Some(Mac::Evp(m, c))
                }
            }
        }
    }

    fn ptr(&self) -> *mut c_void {
        match self {
            Mac::Legacy(h) => *h as *mut c_void,
            Mac::Evp(_, c) => *c as *mut c_void,
        }
    }

    fn size(&self) -> usize {
        // SAFETY: live contexts set up by the application's callback.
        unsafe {
            match self {
                Mac::Legacy(h) => ffi::HMAC_size(*h),
                Mac::Evp(_, c) => ffi::EVP_MAC_CTX_get_mac_size(*c),
            }
        }
    }

    fn compute(&self, parts: &[&[u8]]) -> Option<Vec<u8>> {
        let mut out = [0u8; MAX_MD];
        // SAFETY: live contexts; `out` holds any digest.
        unsafe {
            match self {
                Mac::Legacy(h) => {
                    for p in parts {
                        if ffi::HMAC_Update(*h, p.as_ptr(), p.len()) != 1 {
                            return None;
                        }
                    }
                    let mut n: c_uint = 0;
                    if ffi::HMAC_Final(*h, out.as_mut_ptr(), &mut n) != 1 {
                        return None;
                    }
                    Some(out[..(n as usize).min(MAX_MD)].to_vec())
                }
                Mac::Evp(_, c) => {
                    for p in parts {
                        if ffi::EVP_MAC_update(*c, p.as_ptr(), p.len()) != 1 {
                            return None;
                        }
                    }
                    let mut n: usize = 0;
                    if ffi::EVP_MAC_final(*c, out.as_mut_ptr(), &mut n, MAX_MD) != 1 {
                        return None;
                    }
                    Some(out[..n.min(MAX_MD)].to_vec())
                }
            }
        }
    }
}

impl Drop for Mac {
    fn drop(&mut self) {
        // SAFETY: contexts we created, freed once.
        unsafe {
            match self {
                Mac::Legacy(h) => ffi::HMAC_CTX_free(*h),
                Mac::Evp(m, c) => {
                    ffi::EVP_MAC_CTX_free(*c);
                    ffi::EVP_MAC_free(*m);
                }
            }
        }
    }
}

struct Cipher(*mut ffi::EVP_CIPHER_CTX);

impl Cipher {
    fn new() -> Option<Cipher> {
        // SAFETY: constructor; NULL checked.
        let c = unsafe { ffi::EVP_CIPHER_CTX_new() };
        (!c.is_null()).then_some(Cipher(c))
    }

    fn iv_len(&self) -> usize {
        // SAFETY: a live context.
        let n = unsafe { ffi::EVP_CIPHER_CTX_get_iv_length(self.0) };
        (n.max(0) as usize).min(MAX_IV)
    }

    fn run(&self, encrypt: bool, input: &[u8]) -> Option<Vec<u8>> {
        let len = c_int::try_from(input.len()).ok()?;
        // SAFETY: a context initialised by the callback (or by us); `out` has room for
        // the input plus a block.
        unsafe {
            let block = ffi::EVP_CIPHER_CTX_get_block_size(self.0).max(1) as usize;
            let mut out = vec![0u8; input.len() + block + 16];
            let mut n: c_int = 0;
            let mut m: c_int = 0;
            let ok = if encrypt {
                ffi::EVP_EncryptUpdate(self.0, out.as_mut_ptr(), &mut n, input.as_ptr(), len) == 1
                    && ffi::EVP_EncryptFinal_ex(self.0, out.as_mut_ptr().add(n as usize), &mut m)
                        == 1
            } else {
                ffi::EVP_DecryptUpdate(self.0, out.as_mut_ptr(), &mut n, input.as_ptr(), len) == 1
                    && ffi::EVP_DecryptFinal_ex(self.0, out.as_mut_ptr().add(n as usize), &mut m)
                        == 1
            };
            if !ok {
                return None;
            }
            out.truncate((n + m) as usize);
            Some(out)
        }
    }
}

impl Drop for Cipher {
    fn drop(&mut self) {
        // SAFETY: ours, freed once.
        unsafe { ffi::EVP_CIPHER_CTX_free(self.0) }
    }
}

fn callback_fn(cb: &TicketKeyCb) -> crate::session::TicketKeyFn {
    match cb {
        TicketKeyCb::Legacy(f) | TicketKeyCb::Evp(f) => *f,
    }
}

/// Seal `plain` with keys the application's callback chooses (enc = 1). `None` when
/// the callback declines or fails: no ticket is issued.
pub fn seal_with_callback(ssl: *mut c_void, cb: TicketKeyCb, plain: &[u8]) -> Option<Vec<u8>> {
    let mac = Mac::new(&cb)?;
    let cipher = Cipher::new()?;
    let mut name = [0u8; NAME];
    let mut iv = [0u8; MAX_IV];
    // SAFETY: the application's callback with our SSL*, buffers of OpenSSL's sizes and
    // live contexts it initialises.
    let ret = unsafe {
        (callback_fn(&cb))(
            ssl,
            name.as_mut_ptr(),
            iv.as_mut_ptr(),
            cipher.0 as *mut c_void,
            mac.ptr(),
            1,
        )
    };
    if ret <= 0 {
        return None;
    }
    let iv = &iv[..cipher.iv_len()];
    let body = cipher.run(true, plain)?;
    let tag = mac.compute(&[&name, iv, &body])?;
    let mut out = Vec::with_capacity(NAME + iv.len() + body.len() + tag.len());
    out.extend_from_slice(&name);
    out.extend_from_slice(iv);
    out.extend_from_slice(&body);
    out.extend_from_slice(&tag);
    Some(out)
}

/// Open a ticket with the application's callback (enc = 0): the plaintext and whether
/// the callback asked for a renewed ticket (it returned 2). `None` for a ticket the
/// callback does not recognise, a bad MAC or a failed decryption: a full handshake.
pub fn open_with_callback(
    ssl: *mut c_void,
    cb: TicketKeyCb,
    ticket: &[u8],
) -> Option<(Vec<u8>, bool)> {
    if ticket.len() < NAME + MAX_IV {
        return None;
    }
    let mac = Mac::new(&cb)?;
    let cipher = Cipher::new()?;
    let mut name = [0u8; NAME];
    name.copy_from_slice(&ticket[..NAME]);
    let mut iv = [0u8; MAX_IV];
    iv.copy_from_slice(&ticket[NAME..NAME + MAX_IV]);
    // SAFETY: as in `seal_with_callback`.
    let ret = unsafe {
        (callback_fn(&cb))(
            ssl,
            name.as_mut_ptr(),
            iv.as_mut_ptr(),
            cipher.0 as *mut c_void,
            mac.ptr(),
            0,
        )
    };
    if ret <= 0 {
        return None;
    }
    let ivlen = cipher.iv_len();
    let tag_len = mac.size();
    if tag_len == 0 || ticket.len() < NAME + ivlen + tag_len {
        return None;
    }
    let (signed, tag) = ticket.split_at(ticket.len() - tag_len);
    let want = mac.compute(&[signed])?;
    if want.len() != tag.len()
        // SAFETY: two buffers of equal length.
        || unsafe {
            ffi::CRYPTO_memcmp(
                want.as_ptr() as *const c_void,
                tag.as_ptr() as *const c_void,
                tag.len(),
            )
        } != 0
    {
        return None;
    }
    let plain = cipher.run(false, &signed[NAME + ivlen..])?;
    Some((plain, ret == 2))
}

/// Seal with `SSL_CTX_set_tlsext_ticket_keys`'s keys: name, HMAC-SHA256 key, AES-256 key.
pub fn seal_with_keys(keys: &[u8; 80], plain: &[u8]) -> Option<Vec<u8>> {
    let iv = crate::session::random_bytes(16);
    let cipher = Cipher::new()?;
    // SAFETY: a fresh context, a 32-byte key and a 16-byte IV for AES-256-CBC.
    if unsafe {
        ffi::EVP_EncryptInit_ex(
            cipher.0,
            ffi::EVP_aes_256_cbc(),
            std::ptr::null_mut(),
            keys[48..].as_ptr(),
            iv.as_ptr(),
        )
    } != 1
    {
        return None;
    }
    let body = cipher.run(true, plain)?;
    let tag = hmac_sha256(&keys[16..48], &[&keys[..16], &iv, &body])?;
    let mut out = keys[..16].to_vec();
    out.extend_from_slice(&iv);
    out.extend_from_slice(&body);
    out.extend_from_slice(&tag);
    Some(out)
}

pub fn open_with_keys(keys: &[u8; 80], ticket: &[u8]) -> Option<Vec<u8>> {
    if ticket.len() < 16 + 16 + 32 || ticket[..16] != keys[..16] {
        return None;
    }
    let (signed, tag) = ticket.split_at(ticket.len() - 32);
    let want = hmac_sha256(&keys[16..48], &[signed])?;
    // SAFETY: two 32-byte buffers.
    if unsafe {
        ffi::CRYPTO_memcmp(
            want.as_ptr() as *const c_void,
            tag.as_ptr() as *const c_void,
            32,
        )
    } != 0
    {
        return None;
    }
    let cipher = Cipher::new()?;
    // SAFETY: as in `seal_with_keys`.
    if unsafe {
        ffi::EVP_DecryptInit_ex(
            cipher.0,
            ffi::EVP_aes_256_cbc(),
            std::ptr::null_mut(),
            keys[48..].as_ptr(),
            signed[16..32].as_ptr(),
        )
    } != 1
    {
        return None;
    }
    cipher.run(false, &signed[32..])
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Option<Vec<u8>> {
    // SAFETY: a fresh HMAC context keyed here, freed by `Mac`'s drop.
    unsafe {
        let h = ffi::HMAC_CTX_new();
        if h.is_null() {
            return None;
        }
        let mac = Mac::Legacy(h);
        if ffi::HMAC_Init_ex(
            h,
            key.as_ptr() as *const c_void,
            key.len() as c_int,
            ffi::EVP_sha256(),
            std::ptr::null_mut(),
        ) != 1
        {
            return None;
        }
        mac.compute(parts)
    }
}
