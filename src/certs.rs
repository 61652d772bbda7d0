//! Certificates, keys and verification, kept as libcrypto objects.
//!
//! Applications hand us `X509` and `EVP_PKEY` objects and read back `X509_V_*` codes, so
//! certificates and keys stay libcrypto's: chain verification runs through libcrypto's
//! `X509_verify_cert` against the context's `X509_STORE`, which makes every verification
//! result OpenSSL's own. rustls keeps the handshake signatures: keys are handed to the
//! aws-lc-rs provider as PKCS#8, and peer signatures are checked by the provider.
//!
//! rustls configurations are shared by every connection of a context, so the verifiers
//! and the certificate resolver find the connection they work for through
//! [`SslShared`], a per-thread pointer that the connection sets while rustls
//! processes its records.

use crate::consts::{SSL_VERIFY_FAIL_IF_NO_PEER_CERT, SSL_VERIFY_PEER};
use crate::ffi;
use crate::shared::SslShared;
use libc::{c_int, c_long};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::ResolvesClientCert;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{CertificateError, DigitallySignedStruct, DistinguishedName, SignatureScheme};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::CString;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The peer-certificate cache's hasher: the process's keyed SipHash over a DER's
/// length and its last `TailHash::TAIL` bytes only (the end of the signature, which
/// differs between certificates), not the whole certificate twice per handshake (once
/// per lookup, once per insert). Lookups still compare whole DERs. A peer that sends
/// many certificates ending alike only makes the lookups of a cache of at most 256
/// entries compare more of them.
#[derive(Default)]
struct TailHash(std::collections::hash_map::RandomState);

impl TailHash {
    const TAIL: usize = 32;
}

impl std::hash::BuildHasher for TailHash {
    type Hasher = TailHasher;
    fn build_hasher(&self) -> TailHasher {
        TailHasher(self.0.build_hasher())
    }
}

/// See [`TailHash`]; byte strings (the only keys it is used with) arrive as one
/// `write` of their bytes after their length.
struct TailHasher(std::collections::hash_map::DefaultHasher);

impl std::hash::Hasher for TailHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0
            .write(&bytes[bytes.len().saturating_sub(TailHash::TAIL)..]);
    }
    fn write_usize(&mut self, n: usize) {
        self.0.write_usize(n);
    }
    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// libcrypto's verify callback, as `SSL_CTX_set_verify` takes it.
pub type VerifyCb = Option<extern "C" fn(c_int, *mut ffi::X509_STORE_CTX) -> c_int>;

macro_rules! owned_ref {
    ($name:ident, $ty:ty, $up:path, $free:path) => {
        /// One owned reference to a libcrypto object (never NULL, so that an
        /// `Option` of it is one pointer).
        pub struct $name(std::ptr::NonNull<$ty>);
        // SAFETY: libcrypto reference counts are atomic, and these objects are only
        // read once shared (as OpenSSL shares them between connections).
        unsafe impl Send for $name {}
        unsafe impl Sync for $name {}
        impl $name {
            /// Take over a reference the caller owns. `None` for NULL.
            ///
            /// # Safety
            /// `p` must be NULL or a valid object whose reference is transferred.
            pub unsafe fn from_owned(p: *mut $ty) -> Option<Self> {
                std::ptr::NonNull::new(p).map(Self)
            }
            /// Take a new reference to an object the caller keeps.
            ///
            /// # Safety
            /// `p` must be NULL or a valid object.
            pub unsafe fn from_borrowed(p: *mut $ty) -> Option<Self> {
                let p = std::ptr::NonNull::new(p)?;
                $up(p.as_ptr());
                Some(Self(p))
            }
            pub fn as_ptr(&self) -> *mut $ty {
                self.0.as_ptr()
            }
        }
        impl Clone for $name {
            fn clone(&self) -> Self {
                // SAFETY: we hold a reference, so the object is alive.
                unsafe { $up(self.0.as_ptr()) };
                Self(self.0)
            }
        }
        impl Drop for $name {
            fn drop(&mut self) {
                // SAFETY: we own one reference.
                unsafe { $free(self.0.as_ptr()) }
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:p})", stringify!($name), self.0)
            }
        }
    };
}

owned_ref!(X509, ffi::X509, ffi::X509_up_ref, ffi::X509_free);
owned_ref!(
    PKey,
    ffi::EVP_PKEY,
    ffi::EVP_PKEY_up_ref,
    ffi::EVP_PKEY_free
);
owned_ref!(
    Store,
    ffi::X509_STORE,
    ffi::X509_STORE_up_ref,
    ffi::X509_STORE_free
);

impl X509 {
    pub fn from_der(der: &[u8]) -> Option<X509> {
        let mut p = der.as_ptr();
        // SAFETY: p points at der.len() readable bytes; d2i returns an owned X509 or NULL.
        unsafe {
            X509::from_owned(ffi::d2i_X509(
                std::ptr::null_mut(),
                &mut p,
                der.len() as c_long,
            ))
        }
    }

    /// `from_der` through a process-wide cache of parsed peer certificates: servers
    /// see the same client certificates and clients the same server chains again and
    /// again, and libcrypto's parse (with its extension cache) is the larger part of
    /// verifying one. The cache holds at most `PEER_CACHE` certificates; a shared
    /// `X509` is immutable in practice (OpenSSL shares them between a session's
    /// connections too).
    pub fn from_der_cached(der: &[u8]) -> Option<X509> {
        const PEER_CACHE: usize = 256;
        static CACHE: once_cell::sync::Lazy<Mutex<HashMap<Vec<u8>, X509, TailHash>>> =
            once_cell::sync::Lazy::new(|| Mutex::new(HashMap::default()));
        if let Some(x) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).get(der) {
            return Some(x.clone());
        }
        let x = X509::from_der(der)?;
        let mut c = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if c.len() >= PEER_CACHE {
            c.clear();
        }
        c.insert(der.to_vec(), x.clone());
        Some(x)
    }

    /// The first certificate of a PEM text.
    pub fn from_pem(pem: &[u8]) -> Option<X509> {
        let n = std::ptr::null_mut();
        // SAFETY: a read-only memory BIO over pem, freed here; the reader returns an
        // owned X509 or NULL.
        unsafe {
            let bio = ffi::BIO_new_mem_buf(pem.as_ptr() as *const libc::c_void, pem.len() as c_int);
            let x = ffi::PEM_read_bio_X509(bio, n, n as *mut libc::c_void, n as *mut libc::c_void);
            ffi::BIO_free_all(bio);
            X509::from_owned(x)
        }
    }

    pub fn to_der(&self) -> Option<Vec<u8>> {
        // SAFETY: i2d with a NULL output returns the length; then writes exactly that many.
        unsafe {
            let len = ffi::i2d_X509(self.as_ptr(), std::ptr::null_mut());
            if len <= 0 {
                return None;
            }
            let mut out = vec![0u8; len as usize];
            let mut p = out.as_mut_ptr();
            (ffi::i2d_X509(self.as_ptr(), &mut p) == len).then_some(out)
        }
    }

    /// Whether the key usage extension, if present, allows digital signatures (what a
    /// TLS 1.2 ECDHE server must make with its key).
    pub fn allows_signing(&self) -> bool {
        const KU_DIGITAL_SIGNATURE: u32 = 0x0080;
        // SAFETY: a valid certificate; returns UINT32_MAX without the extension.
        let ku = unsafe { ffi::X509_get_key_usage(self.as_ptr()) };
        ku & KU_DIGITAL_SIGNATURE != 0
    }

    /// The DER of this certificate's subject name.
    pub fn subject_der(&self) -> Option<Vec<u8>> {
        // SAFETY: the name belongs to the certificate; i2d as for to_der.
        unsafe {
            let name = ffi::X509_get_subject_name(self.as_ptr());
            if name.is_null() {
                return None;
            }
            let len = ffi::i2d_X509_NAME(name, std::ptr::null_mut());
            if len <= 0 {
                return None;
            }
            let mut out = vec![0u8; len as usize];
            let mut p = out.as_mut_ptr();
            (ffi::i2d_X509_NAME(name, &mut p) == len).then_some(out)
        }
    }

    /// Whether `key` is the private half of this certificate's public key
    /// (libcrypto pushes `X509_R_KEY_VALUES_MISMATCH` when it is not).
    pub fn matches(&self, key: &PKey) -> bool {
        // SAFETY: both valid.
        unsafe { ffi::X509_check_private_key(self.as_ptr(), key.as_ptr()) == 1 }
    }
}

impl PKey {
    /// The private key of a PEM text (unencrypted).
    pub fn from_pem(pem: &[u8]) -> Option<PKey> {
        let n = std::ptr::null_mut();
        // SAFETY: as for X509::from_pem.
        unsafe {
            let bio = ffi::BIO_new_mem_buf(pem.as_ptr() as *const libc::c_void, pem.len() as c_int);
            let k = ffi::PEM_read_bio_PrivateKey(
                bio,
                n,
                n as *mut libc::c_void,
                n as *mut libc::c_void,
            );
            ffi::BIO_free_all(bio);
            PKey::from_owned(k)
        }
    }

    /// The key as PKCS#8 DER, the form the rustls provider loads.
    pub fn to_pkcs8(&self) -> Option<Vec<u8>> {
        // SAFETY: EVP_PKEY2PKCS8 returns an owned structure we free; i2d as for X509.
        unsafe {
            let p8 = ffi::EVP_PKEY2PKCS8(self.as_ptr());
            if p8.is_null() {
                return None;
            }
            let len = ffi::i2d_PKCS8_PRIV_KEY_INFO(p8, std::ptr::null_mut());
            let out = if len > 0 {
                let mut out = vec![0u8; len as usize];
                let mut p = out.as_mut_ptr();
                (ffi::i2d_PKCS8_PRIV_KEY_INFO(p8, &mut p) == len).then_some(out)
            } else {
                None
            };
            ffi::PKCS8_PRIV_KEY_INFO_free(p8);
            out
        }
    }
}

/// The default CA locations `Store::add_default_lookup` adds (`X509_L_*` commands,
/// `X509_FILETYPE_DEFAULT` = 3).
#[derive(Clone, Copy)]
pub enum DefaultLookup {
    Dir,
    File,
    Store,
}
const X509_L_FILE_LOAD: c_int = 1;
const X509_L_ADD_DIR: c_int = 2;
const X509_L_ADD_STORE: c_int = 3;

impl Store {
    pub fn new() -> Store {
        // SAFETY: X509_STORE_new returns an owned store; allocation failure aborts below.
        unsafe { Store::from_owned(ffi::X509_STORE_new()) }.expect("X509_STORE_new")
    }

    /// `X509_STORE_load_locations`: a PEM file and/or a hashed directory.
    pub fn load_locations(&self, file: Option<&CString>, dir: Option<&CString>) -> bool {
        let f = file.map_or(std::ptr::null(), |s| s.as_ptr());
        let d = dir.map_or(std::ptr::null(), |s| s.as_ptr());
        // SAFETY: valid store and NUL-terminated strings or NULL.
        unsafe { ffi::X509_STORE_load_locations(self.as_ptr(), f, d) == 1 }
    }

    /// One of the system's default CA locations, as `SSL_CTX_set_default_verify_dir`,
    /// `_file` and `_store` add them: a lookup of `method`'s kind at the default place.
    /// Errors of a missing place are dropped (as OpenSSL does); false only when the
    /// lookup cannot be added.
    pub fn add_default_lookup(&self, kind: DefaultLookup) -> bool {
        // SAFETY: valid store; the lookup belongs to the store; NULL names mean the
        // default location; the ERR mark brackets the errors dropped.
        unsafe {
            let (method, cmd, arg) = match kind {
                DefaultLookup::Dir => (ffi::X509_LOOKUP_hash_dir(), X509_L_ADD_DIR, 3),
                DefaultLookup::File => (ffi::X509_LOOKUP_file(), X509_L_FILE_LOAD, 3),
                DefaultLookup::Store => (ffi::X509_LOOKUP_store(), X509_L_ADD_STORE, 0),
            };
            let lookup = ffi::X509_STORE_add_lookup(self.as_ptr(), method);
            if lookup.is_null() {
                return false;
            }
            ffi::ERR_set_mark();
            ffi::X509_LOOKUP_ctrl(lookup, cmd, std::ptr::null(), arg, std::ptr::null_mut());
            ffi::ERR_pop_to_mark();
            true
        }
    }

    /// `X509_STORE_set_default_paths`: the system's CA certificates.
    pub fn set_default_paths(&self) -> bool {
        // SAFETY: valid store.
        unsafe { ffi::X509_STORE_set_default_paths(self.as_ptr()) == 1 }
    }

    /// Verify `leaf` with `chain` as untrusted intermediates, for `purpose`
    /// ("ssl_server" or "ssl_client"). Returns whether `X509_verify_cert` accepted the
    /// chain (a callback may accept despite an error) and the `X509_V_*` error it left.
    /// `ssl` is only stored in the `X509_STORE_CTX` for the callback to find. With
    /// `app_verify` (`SSL_CTX_set_cert_verify_callback`), that function runs in place
    /// of `X509_verify_cert`, on the same `X509_STORE_CTX`, and its result (> 0: accepted)
    /// decides, as in OpenSSL.
    #[allow(clippy::not_unsafe_ptr_arg_deref, clippy::too_many_arguments)]
    pub fn verify(
        &self,
        leaf: &X509,
        chain: &[X509],
        purpose: &str,
        cb: VerifyCb,
        app_verify: Option<(crate::misc::AppVerifyCb, usize)>,
        param: &SslParam,
        ssl: *mut libc::c_void,
        auth_level: c_int,
    ) -> Verification {
        let purpose = CString::new(purpose).unwrap_or_default();
        // SAFETY: every object is valid for the duration; the stack borrows the X509s
        // (no references taken) and is freed before they are.
        unsafe {
            let ctx = ffi::X509_STORE_CTX_new();
            let sk = ffi::OPENSSL_sk_new_null();
            if ctx.is_null() || sk.is_null() {
                ffi::X509_STORE_CTX_free(ctx);
                ffi::OPENSSL_sk_free(sk);
                return Verification::failed();
            }
            for c in chain {
                ffi::OPENSSL_sk_push(sk, c.as_ptr() as *const libc::c_void);
            }
            let mut result = Verification::failed();
            if ffi::X509_STORE_CTX_init(ctx, self.as_ptr(), leaf.as_ptr(), sk) == 1 {
                ffi::X509_STORE_CTX_set_default(ctx, purpose.as_ptr());
                // Setting libcrypto's default parameters changes nothing: skipped.
                if let Some(p) = param.made() {
                    ffi::X509_VERIFY_PARAM_set1(ffi::X509_STORE_CTX_get0_param(ctx), p.0);
                }
                // The connection's security level bounds key sizes and digests, as in
                // OpenSSL's libssl.
                crate::misc::sys::X509_VERIFY_PARAM_set_auth_level(
                    ffi::X509_STORE_CTX_get0_param(ctx),
                    auth_level,
                );
                ffi::X509_STORE_CTX_set_ex_data(ctx, crate::exdata::store_ctx_ssl_index(), ssl);
                if let Some(cb) = cb {
                    ffi::X509_STORE_CTX_set_verify_cb(ctx, Some(cb));
                }
                let ok = match app_verify {
                    Some((f, arg)) => f(ctx, arg as *mut libc::c_void) > 0,
                    None => ffi::X509_verify_cert(ctx) == 1,
                };
                // The name that matched goes back to the connection (SSL_get0_peername).
                let used = ffi::X509_STORE_CTX_get0_param(ctx);
                if param.made().is_some() || !ffi::X509_VERIFY_PARAM_get0_peername(used).is_null() {
                    ffi::X509_VERIFY_PARAM_move_peername(param.as_ptr(), used);
                }
                result = Verification {
                    ok,
                    error: ffi::X509_STORE_CTX_get_error(ctx) as c_long,
                    chain: X509Stack::from_owned(ffi::X509_STORE_CTX_get1_chain(ctx)),
                };
            }
            ffi::X509_STORE_CTX_free(ctx);
            ffi::OPENSSL_sk_free(sk);
            result
        }
    }
}

/// The outcome of one verification.
pub struct Verification {
    /// `X509_verify_cert` accepted the chain (a callback may accept despite an error).
    pub ok: bool,
    /// The `X509_V_*` error it left.
    pub error: c_long,
    /// The chain it built, leaf first (as far as it got, when it failed).
    pub chain: Option<X509Stack>,
}

impl Verification {
    fn failed() -> Self {
        Verification {
            ok: false,
            error: X509_V_ERR_UNSPECIFIED,
            chain: None,
        }
    }
}

impl Store {
    /// How many certificates and CRLs the store holds (it only ever gains some: lookups
    /// in hashed directories add what they load).
    pub fn object_count(&self) -> c_int {
        // SAFETY: a valid store; its object stack is read under the store's lock.
        unsafe {
            ffi::X509_STORE_lock(self.as_ptr());
            let n = ffi::OPENSSL_sk_num(ffi::X509_STORE_get0_objects(self.as_ptr()));
            ffi::X509_STORE_unlock(self.as_ptr());
            n
        }
    }

    /// The chain libcrypto builds for `leaf` from this store (leaf first), whether or not
    /// it verifies; errors it leaves are dropped, as OpenSSL's automatic chain does.
    pub fn build_chain(&self, leaf: &X509) -> Vec<X509> {
        let mut out = Vec::new();
        // SAFETY: a store context over valid objects, freed here; the built stack holds
        // its own references, which X509Stack releases.
        unsafe {
            let ctx = ffi::X509_STORE_CTX_new();
            if ctx.is_null() {
                return out;
            }
            ffi::ERR_set_mark();
            if ffi::X509_STORE_CTX_init(ctx, self.as_ptr(), leaf.as_ptr(), std::ptr::null_mut())
                == 1
            {
                ffi::X509_verify_cert(ctx);
                if let Some(stack) = X509Stack::from_owned(ffi::X509_STORE_CTX_get1_chain(ctx)) {
                    for i in 0..ffi::OPENSSL_sk_num(stack.as_ptr()) {
                        let x = ffi::OPENSSL_sk_value(stack.as_ptr(), i) as *mut ffi::X509;
                        if let Some(x) = X509::from_borrowed(x) {
                            out.push(x);
                        }
                    }
                }
            }
            ffi::ERR_pop_to_mark();
            ffi::X509_STORE_CTX_free(ctx);
        }
        out
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

/// An owned `X509_VERIFY_PARAM`: what verification checks besides the chain (host
/// names, depth, flags), as the application set it.
pub struct VerifyParam(*mut ffi::X509_VERIFY_PARAM);

// SAFETY: handed to the application, which may change it between calls, as in OpenSSL;
// we only read it while verifying.
unsafe impl Send for VerifyParam {}
unsafe impl Sync for VerifyParam {}

impl VerifyParam {
    /// A new parameter set, inheriting what `parent` sets (a connection's from its
    /// context's).
    pub fn new(parent: Option<&VerifyParam>) -> VerifyParam {
        // SAFETY: a new object we own; inherit only reads the parent.
        unsafe {
            let p = ffi::X509_VERIFY_PARAM_new();
            assert!(!p.is_null(), "X509_VERIFY_PARAM_new");
            if let Some(parent) = parent {
                ffi::X509_VERIFY_PARAM_inherit(p, parent.0);
            }
            VerifyParam(p)
        }
    }

    pub fn as_ptr(&self) -> *mut ffi::X509_VERIFY_PARAM {
        self.0
    }
}

impl Drop for VerifyParam {
    fn drop(&mut self) {
        // SAFETY: we own it.
        unsafe { ffi::X509_VERIFY_PARAM_free(self.0) }
    }
}

/// A context's verification parameters (`SSL_CTX_get0_param`), and whether they can
/// differ from libcrypto's defaults: changed through us, or handed to the application.
pub struct CtxParam {
    param: VerifyParam,
    touched: std::sync::atomic::AtomicBool,
}

impl CtxParam {
    pub fn new() -> CtxParam {
        CtxParam {
            param: VerifyParam::new(None),
            touched: Default::default(),
        }
    }

    /// The object, for the application or libcrypto to read or change; from now on,
    /// new connections copy it.
    pub fn as_ptr(&self) -> *mut ffi::X509_VERIFY_PARAM {
        self.touched
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.param.as_ptr()
    }
}

impl Default for CtxParam {
    fn default() -> Self {
        CtxParam::new()
    }
}

/// A connection's verification parameters (`SSL_get0_param`), copied from its
/// context's at `SSL_new`. While the context's are untouched that copy would be
/// libcrypto's defaults, so it is made only when first needed (an idle connection
/// then holds none).
pub struct SslParam(std::sync::OnceLock<VerifyParam>);

impl SslParam {
    pub fn inherit(ctx: &CtxParam) -> SslParam {
        let cell = std::sync::OnceLock::new();
        if ctx.touched.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = cell.set(VerifyParam::new(Some(&ctx.param)));
        }
        SslParam(cell)
    }

    /// The object (made now if it was not yet), for the application or libcrypto.
    pub fn as_ptr(&self) -> *mut ffi::X509_VERIFY_PARAM {
        self.0.get_or_init(|| VerifyParam::new(None)).as_ptr()
    }

    /// The object, unless it is still the untouched default.
    fn made(&self) -> Option<&VerifyParam> {
        self.0.get()
    }
}

/// An owned `STACK_OF(X509)`, holding a reference to each certificate.
/// (Never NULL, so that `Option<X509Stack>` is one pointer.)
pub struct X509Stack(std::ptr::NonNull<ffi::OPENSSL_STACK>);

// SAFETY: as for X509: shared read-only once built.
unsafe impl Send for X509Stack {}

impl X509Stack {
    pub fn new(certs: &[X509]) -> Option<X509Stack> {
        // SAFETY: a new stack; each pushed X509 carries its own new reference, which
        // Drop releases.
        unsafe {
            let sk = ffi::OPENSSL_sk_new_null();
            if sk.is_null() {
                return None;
            }
            for c in certs {
                let c = c.clone();
                ffi::OPENSSL_sk_push(sk, c.as_ptr() as *const libc::c_void);
                std::mem::forget(c);
            }
            std::ptr::NonNull::new(sk).map(X509Stack)
        }
    }

    pub fn as_ptr(&self) -> *mut ffi::OPENSSL_STACK {
        self.0.as_ptr()
    }

    /// Take over a stack whose entries each hold a reference (NULL: `None`).
    ///
    /// # Safety
    /// `sk` must be NULL or such a stack, owned by the caller.
    pub unsafe fn from_owned(sk: *mut ffi::OPENSSL_STACK) -> Option<X509Stack> {
        std::ptr::NonNull::new(sk).map(X509Stack)
    }
}

impl Drop for X509Stack {
    fn drop(&mut self) {
        // SAFETY: every element is an X509 reference we own.
        unsafe {
            while ffi::OPENSSL_sk_num(self.0.as_ptr()) > 0 {
                ffi::X509_free(ffi::OPENSSL_sk_pop(self.0.as_ptr()) as *mut ffi::X509);
            }
            ffi::OPENSSL_sk_free(self.0.as_ptr());
        }
    }
}

/// An owned `OPENSSL_STACK` of pointers it does not own (e.g. `STACK_OF(SSL_CIPHER)`,
/// whose entries are static).
pub struct PtrStack(*mut ffi::OPENSSL_STACK);

// SAFETY: built once, then only read.
unsafe impl Send for PtrStack {}

impl PtrStack {
    pub fn new(items: impl IntoIterator<Item = *const libc::c_void>) -> Option<PtrStack> {
        // SAFETY: a new stack holding plain pointers.
        unsafe {
            let sk = ffi::OPENSSL_sk_new_null();
            if sk.is_null() {
                return None;
            }
            for p in items {
                ffi::OPENSSL_sk_push(sk, p);
            }
            Some(PtrStack(sk))
        }
    }

    pub fn as_ptr(&self) -> *mut ffi::OPENSSL_STACK {
        self.0
    }
}

impl Drop for PtrStack {
    fn drop(&mut self) {
        // SAFETY: we own the stack, not its entries.
        unsafe { ffi::OPENSSL_sk_free(self.0) }
    }
}

/// `STACK_OF(SSL_CIPHER)`s for suite lists, each rebuilt only when its list changes
/// (boxed: most connections never ask). Two lists, each with its own stack, so that
/// a caller may hold both at once: the enabled suites (`SSL_get_ciphers`) and, on a
/// server, the client's (`SSL_get_client_ciphers`).
#[derive(Default)]
pub struct CipherStackCache(Mutex<Option<Box<[Option<SuiteStack>; 2]>>>);

/// A suite list and its stack.
type SuiteStack = (Vec<u16>, PtrStack);

impl CipherStackCache {
    /// The stack for `suites` (the enabled ones), valid until a call with another list.
    pub fn get(&self, suites: Vec<u16>) -> *mut ffi::OPENSSL_STACK {
        self.get_in(0, suites)
    }

    /// The stack for the client's `suites`, valid until a call with another list.
    pub fn get_client(&self, suites: Vec<u16>) -> *mut ffi::OPENSSL_STACK {
        self.get_in(1, suites)
    }

    fn get_in(&self, slot: usize, suites: Vec<u16>) -> *mut ffi::OPENSSL_STACK {
        let mut c = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let slots = c.get_or_insert_with(Default::default);
        if let Some((s, st)) = &slots[slot] {
            if *s == suites {
                return st.as_ptr();
            }
        }
        let items = suites
            .iter()
            .filter_map(|id| crate::cipher::CipherInfo::find(*id))
            .map(|c| c as *const crate::cipher::CipherInfo as *const libc::c_void);
        match PtrStack::new(items) {
            Some(st) => {
                let p = st.as_ptr();
                slots[slot] = Some((suites, st));
                p
            }
            None => std::ptr::null_mut(),
        }
    }
}

/// `X509_V_ERR_UNSPECIFIED`.
pub(crate) const X509_V_ERR_UNSPECIFIED: c_long = 1;

/// Why a private key was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRefused {
    /// It does not match the certificate (libcrypto queued the reason).
    Mismatch,
    /// rustls cannot sign with this kind of key.
    Unsupported,
}

/// A certificate chain and its private key, as the application configured them, plus the
/// rustls form of the pair (built when both halves are present and match).
#[derive(Clone, Default)]
pub struct Identity {
    pub chain: Vec<X509>,
    pub key: Option<PKey>,
    pub certified: Option<Arc<CertifiedKey>>,
    /// The key is RSA-PSS (noted when set: asking libcrypto costs a method lookup).
    pub key_is_pss: bool,
    /// What [`Identity::to_send`] sent last, with what it was made from.
    sent: SentCache,
}

/// How long a chain built from the store is reused when the store gained nothing.
const BUILT_CHAIN_TTL: std::time::Duration = std::time::Duration::from_secs(1);

/// The chain [`Identity::to_send`] made last. Building it (libcrypto's chain search, or
/// re-keying rustls with the context's extra certificates) costs more than the rest of
/// a resumed handshake's bookkeeping, and OpenSSL's result only changes when its inputs
/// do: the identity (`certified`, replaced by every change), the extra certificates,
/// or the store's contents. A store change is seen by its object count (stores only
/// grow); what no count shows (the store's flags, a certificate that expires between
/// two candidates) is picked up within [`BUILT_CHAIN_TTL`].
#[derive(Default)]
struct SentCache(Mutex<Option<Sent>>);

struct Sent {
    from: Arc<CertifiedKey>,
    inputs: SentFrom,
    made: std::time::Instant,
    key: Arc<CertifiedKey>,
}

/// What a sent chain was made from. Holding references keeps the pointers unique.
enum SentFrom {
    Extra(Vec<X509>),
    Store(Store, c_int),
}

impl SentFrom {
    fn same(&self, other: &SentFrom) -> bool {
        match (self, other) {
            (SentFrom::Extra(a), SentFrom::Extra(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.as_ptr() == y.as_ptr())
            }
            (SentFrom::Store(a, n), SentFrom::Store(b, m)) => a.as_ptr() == b.as_ptr() && n == m,
            _ => false,
        }
    }
}

impl Clone for SentCache {
    /// A changed copy of an identity starts without a cached chain.
    fn clone(&self) -> Self {
        SentCache::default()
    }
}

impl SentCache {
    fn get(&self, from: &Arc<CertifiedKey>, inputs: &SentFrom) -> Option<Arc<CertifiedKey>> {
        let g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let s = g.as_ref()?;
        let fresh = match inputs {
            SentFrom::Extra(_) => true,
            SentFrom::Store(..) => s.made.elapsed() < BUILT_CHAIN_TTL,
        };
        (Arc::ptr_eq(&s.from, from) && s.inputs.same(inputs) && fresh).then(|| s.key.clone())
    }

    fn put(&self, from: Arc<CertifiedKey>, inputs: SentFrom, key: Arc<CertifiedKey>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Sent {
            from,
            inputs,
            made: std::time::Instant::now(),
            key,
        });
    }
}

impl Identity {
    /// Set the leaf certificate. A key that does not match it is dropped, as OpenSSL does.
    pub fn set_cert(&mut self, cert: X509) {
        if let Some(k) = &self.key {
            if !cert.matches(k) {
                // SAFETY: clearing the mismatch entry libcrypto just pushed; OpenSSL
                // replaces the key silently here too.
                unsafe { ffi::ERR_clear_error() };
                self.key = None;
                self.key_is_pss = false;
            }
        }
        self.chain = vec![cert];
        self.rebuild();
    }

    /// Add an intermediate certificate after the leaf.
    pub fn add_chain_cert(&mut self, cert: X509) {
        self.chain.push(cert);
        self.rebuild();
    }

    /// Set the private key. Fails when a certificate is present and does not match
    /// (libcrypto queues why), or when rustls cannot sign with this kind of key (e.g.
    /// an RSA-PSS-only key): refused now rather than at the first handshake.
    pub fn set_key(&mut self, key: PKey) -> Result<(), KeyRefused> {
        if let Some(leaf) = self.chain.first() {
            if !leaf.matches(&key) {
                return Err(KeyRefused::Mismatch);
            }
        }
        let pss = crate::pss::is_pss(&key);
        let usable = pss
            || key.to_pkcs8().is_some_and(|der| {
                crate::ctx::provider()
                    .key_provider
                    .load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der)))
                    .is_ok()
            });
        if !usable {
            return Err(KeyRefused::Unsupported);
        }
        self.key_is_pss = pss;
        self.key = Some(key);
        self.rebuild();
        Ok(())
    }

    /// What to send: the configured chain; when only the leaf is configured, the leaf
    /// with the context's `extra` certificates (`SSL_CTX_add_extra_chain_cert`), or if
    /// there are none (and `SSL_MODE_NO_AUTO_CHAIN` is off) the chain libcrypto builds
    /// from `store`, as OpenSSL does. The last result is reused (see [`SentCache`]).
    pub fn to_send(
        &self,
        store: &Store,
        auto_chain: bool,
        extra: &[X509],
    ) -> Option<Arc<CertifiedKey>> {
        let certified = self.certified.clone()?;
        if self.chain.len() != 1 || (extra.is_empty() && !auto_chain) {
            return Some(certified);
        }
        let inputs = if extra.is_empty() {
            SentFrom::Store(store.clone(), store.object_count())
        } else {
            SentFrom::Extra(extra.to_vec())
        };
        if let Some(k) = self.sent.get(&certified, &inputs) {
            return Some(k);
        }
        let made = match &inputs {
            SentFrom::Extra(extra) => {
                let mut with_extra = self.clone();
                for c in extra {
                    with_extra.add_chain_cert(c.clone());
                }
                with_extra.certified?
            }
            SentFrom::Store(..) => {
                let built = store.build_chain(&self.chain[0]);
                let certs: Option<Vec<CertificateDer<'static>>> = built
                    .iter()
                    .map(|c| c.to_der().map(CertificateDer::from))
                    .collect();
                match certs {
                    Some(certs) if built.len() > 1 => {
                        Arc::new(CertifiedKey::new(certs, certified.key.clone()))
                    }
                    _ => certified.clone(),
                }
            }
        };
        self.sent.put(certified, inputs, made.clone());
        Some(made)
    }

    fn rebuild(&mut self) {
        self.certified = None;
        let (Some(key), false) = (&self.key, self.chain.is_empty()) else {
            return;
        };
        let signer: Arc<dyn rustls::sign::SigningKey> = if self.key_is_pss {
            Arc::new(crate::pss::PssKey(key.clone()))
        } else {
            let Some(pkcs8) = key.to_pkcs8() else { return };
            let provider = crate::ctx::provider();
            let Ok(signer) = provider
                .key_provider
                .load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pkcs8)))
            else {
                return;
            };
            signer
        };
        let certs: Option<Vec<CertificateDer<'static>>> = self
            .chain
            .iter()
            .map(|c| c.to_der().map(CertificateDer::from))
            .collect();
        if let Some(certs) = certs {
            self.certified = Some(Arc::new(CertifiedKey::new(certs, signer)));
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<SslShared>>> = const { RefCell::new(None) };
}

/// Makes `scope` the current connection on this thread until dropped.
pub struct ScopeGuard(Option<Arc<SslShared>>);

pub fn enter(scope: &Arc<SslShared>) -> ScopeGuard {
    ScopeGuard(CURRENT.with(|c| c.replace(Some(scope.clone()))))
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        let prev = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = prev);
    }
}

pub(crate) fn current() -> Option<Arc<SslShared>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Map an `X509_V_ERR_*` to the rustls error whose alert is the one OpenSSL sends for
/// it: unknown_ca for issuer and chain problems, certificate_expired, bad_certificate
/// (not yet valid, name mismatches, rejected or untrusted), certificate_revoked,
/// decrypt_error (bad signature), unsupported_certificate (purpose), and
/// certificate_unknown for the rest.
fn x509_error_to_rustls(code: c_long) -> CertificateError {
    match code {
        2 | 3 | 18 | 19 | 20 | 21 | 22 | 25 | 79 => CertificateError::UnknownIssuer,
        10 | 12 => CertificateError::Expired,
        4 | 6 | 9 | 11 | 13 | 14 | 15 | 16 | 27 | 28 | 52 | 62 | 63 | 64 | 66 | 67 | 68 => {
            CertificateError::BadEncoding
        }
        23 => CertificateError::Revoked,
        7 => CertificateError::BadSignature,
        26 => CertificateError::InvalidPurpose,
        _ => CertificateError::Other(rustls::OtherError(Arc::new(VerifyFailed(code)))),
    }
}

/// A verification failure with its `X509_V_*` code.
#[derive(Debug)]
pub struct VerifyFailed(pub c_long);

impl fmt::Display for VerifyFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "certificate verify failed (X509_V error {})", self.0)
    }
}
impl std::error::Error for VerifyFailed {}

/// Run libcrypto's verification for the current connection and decide.
fn verify_peer(
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    purpose: &str,
) -> Result<(), rustls::Error> {
    let scope = current().ok_or(rustls::Error::General("no handshake scope".into()))?;
    let leaf = X509::from_der_cached(end_entity).ok_or(CertificateError::BadEncoding)?;
    let chain: Vec<X509> = intermediates
        .iter()
        .filter_map(|c| X509::from_der_cached(c))
        .collect();
    // Copy what verification needs, so that no lock is held while libcrypto runs the
    // application's callback (which may call back into this connection).
    let (ctx, verify_mode, verify_cb, level) = {
        let st = scope.state();
        let s = &st.settings;
        (
            st.ctx.clone(),
            s.verify_mode,
            s.verify_cb,
            s.misc.security_level,
        )
    };
    let (store, app_verify) = {
        let st = ctx.state();
        (st.store.clone(), st.misc.app_verify)
    };
    let v = store.verify(
        &leaf,
        &chain,
        purpose,
        verify_cb,
        app_verify,
        &scope.param,
        scope.ssl_ptr(),
        level,
    );
    let (ok, result) = (v.ok, v.error);
    scope.set_verify_result(result);
    scope.set_verified_chain(v.chain);
    let mut full = vec![leaf];
    full.extend(chain);
    scope.set_peer_chain(full);
    let accepted = ok || verify_mode & SSL_VERIFY_PEER == 0;
    scope.set_peer_accepted(accepted);
    if accepted {
        Ok(())
    } else {
        let code = if result == ffi::X509_V_OK {
            X509_V_ERR_UNSPECIFIED
        } else {
            result
        };
        Err(x509_error_to_rustls(code).into())
    }
}

fn schemes() -> Vec<SignatureScheme> {
    let mut v = crate::ctx::provider()
        .signature_verification_algorithms
        .supported_schemes();
    // RSA-PSS certificates, verified by libcrypto (src/pss.rs).
    v.extend(crate::pss::PSS_PSS);
    v
}

/// An `rsa_pss_pss_*` signature, which rustls does not verify: libcrypto does.
fn pss_sig(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
) -> Option<Result<HandshakeSignatureValid, rustls::Error>> {
    if !crate::pss::PSS_PSS.contains(&dss.scheme) {
        return None;
    }
    Some(
        if crate::pss::verify(cert, dss.scheme, message, dss.signature()) {
            Ok(HandshakeSignatureValid::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::BadSignature,
            ))
        },
    )
}

/// Remember a verified peer signature's scheme on the current connection.
fn note_peer_sig(r: &Result<HandshakeSignatureValid, rustls::Error>, dss: &DigitallySignedStruct) {
    if r.is_ok() {
        if let Some(s) = current() {
            s.set_peer_sig_scheme(Some(u16::from(dss.scheme)));
        }
    }
}

fn tls12_sig(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    if let Some(r) = pss_sig(message, cert, dss) {
        note_peer_sig(&r, dss);
        return r;
    }
    let r = rustls::crypto::verify_tls12_signature(
        message,
        cert,
        dss,
        &crate::ctx::provider().signature_verification_algorithms,
    );
    note_peer_sig(&r, dss);
    r
}

fn tls13_sig(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    if let Some(r) = pss_sig(message, cert, dss) {
        note_peer_sig(&r, dss);
        return r;
    }
    let r = rustls::crypto::verify_tls13_signature(
        message,
        cert,
        dss,
        &crate::ctx::provider().signature_verification_algorithms,
    );
    note_peer_sig(&r, dss);
    r
}

/// The client's verifier of server certificates: libcrypto's chain verification with the
/// "ssl_server" purpose; the host name is not checked unless the application asks
/// (OpenSSL's default).
#[derive(Debug)]
pub struct ServerVerifier;

/// The one verifier every client configuration shares (rustls resumes a session only
/// under the verifier that made it).
pub static SERVER_VERIFIER: once_cell::sync::Lazy<Arc<dyn ServerCertVerifier>> =
    once_cell::sync::Lazy::new(|| Arc::new(ServerVerifier));

impl ServerCertVerifier for ServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        verify_peer(end_entity, intermediates, "ssl_server")
            .map(|()| ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        tls12_sig(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        tls13_sig(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        schemes()
    }
}

/// The server's verifier of client certificates, following the connection's
/// `SSL_VERIFY_PEER` / `SSL_VERIFY_FAIL_IF_NO_PEER_CERT` flags.
#[derive(Debug)]
pub struct ClientVerifier {
    /// The CA names sent in the CertificateRequest (`SSL_CTX_set_client_CA_list`).
    pub hints: Vec<DistinguishedName>,
}

impl ClientCertVerifier for ClientVerifier {
    fn offer_client_auth(&self) -> bool {
        current().is_some_and(|s| s.state().settings.verify_mode & SSL_VERIFY_PEER != 0)
    }

    fn client_auth_mandatory(&self) -> bool {
        current().is_some_and(|s| {
            s.state().settings.verify_mode & (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
                == SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
        })
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        verify_peer(end_entity, intermediates, "ssl_client")
            .map(|()| ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        tls12_sig(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        tls13_sig(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        schemes()
    }
}

/// The connection's certificate and chain to send.
fn identity_to_send(scope: &SslShared) -> Option<Arc<CertifiedKey>> {
    let (identity, ctx, mode) = {
        let st = scope.state();
        (st.identity.clone(), st.ctx.clone(), st.settings.mode)
    };
    let (store, extra) = {
        let st = ctx.state();
        (st.store.clone(), st.misc.extra_certs.clone())
    };
    identity.to_send(
        &store,
        mode & crate::consts::SSL_MODE_NO_AUTO_CHAIN == 0,
        &extra,
    )
}

/// The client's certificate, when a server asks: the one configured on the
/// connection, else what the application's client-certificate callback supplies.
#[derive(Debug)]
pub struct ClientCertResolver;

/// Shared by every client configuration, as the verifier is.
pub static CLIENT_CERT_RESOLVER: once_cell::sync::Lazy<Arc<dyn ResolvesClientCert>> =
    once_cell::sync::Lazy::new(|| Arc::new(ClientCertResolver));

impl ResolvesClientCert for ClientCertResolver {
    fn resolve(&self, hints: &[&[u8]], _schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        let scope = current()?;
        // The CA names the server sent (SSL_get_client_CA_list on a client).
        scope.state().misc.peer_ca_names = Some(hints.iter().map(|h| h.to_vec()).collect());
        // The certificate callback comes first, as in OpenSSL; a failure (which OpenSSL
        // turns into a fatal alert) sends no certificate here.
        if crate::callbacks::cert_cb(&scope) <= 0 {
            return None;
        }
        if scope.state().identity.certified.is_none() {
            crate::callbacks::client_cert(&scope);
        }
        identity_to_send(&scope)
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// The server's certificate: the one configured on the connection being negotiated.
#[derive(Debug)]
pub struct CertResolver;

impl ResolvesServerCert for CertResolver {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let scope = current()?;
        scope.set_received_servername(hello.server_name().and_then(|n| CString::new(n).ok()));
        identity_to_send(&scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certs_file(name: &str) -> String {
        format!("{}/ctests/certs/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    fn cert(name: &str) -> X509 {
        X509::from_pem(&std::fs::read(certs_file(name)).unwrap()).unwrap()
    }

    fn server_identity() -> Identity {
        let key = PKey::from_pem(&std::fs::read(certs_file("server-ec.key")).unwrap()).unwrap();
        let mut id = Identity::default();
        id.set_cert(cert("server-ec.pem"));
        id.set_key(key).unwrap();
        assert!(!id.key_is_pss);
        id
    }

    #[test]
    fn peer_cache_keys_hash_by_tail_and_match_whole() {
        use std::hash::BuildHasher;
        let h = TailHash::default();
        let der: Vec<u8> = (0..200u8).collect();
        // A Vec key and the slice looked up with hash alike.
        assert_eq!(h.hash_one(&der), h.hash_one(der.as_slice()));
        // Only the length and the tail count...
        let mut head = der.clone();
        head[0] ^= 1;
        assert_eq!(h.hash_one(&der), h.hash_one(&head));
        let mut tail = der.clone();
        tail[199] ^= 1;
        assert_ne!(h.hash_one(&der), h.hash_one(&tail));
        assert_ne!(h.hash_one(&der), h.hash_one(&der[1..]));
        // ...but a lookup still needs the whole DER: alike tails stay two entries.
        let mut map: HashMap<Vec<u8>, u8, TailHash> = HashMap::default();
        map.insert(der.clone(), 1);
        map.insert(head.clone(), 2);
        assert_eq!(
            (map.get(der.as_slice()), map.get(head.as_slice())),
            (Some(&1), Some(&2))
        );
        assert_eq!(map.get(&tail[..]), None);
        // Shorter than the tail: all of it.
        assert_ne!(h.hash_one(&[1u8, 2][..]), h.hash_one(&[1u8, 3][..]));
    }

    #[test]
    fn sent_chain_is_reused_until_what_it_is_made_from_changes() {
        let id = server_identity();
        let leaf_only = id.certified.clone().unwrap();
        let store = Store::new();
        let send =
            |store: &Store, auto: bool, extra: &[X509]| id.to_send(store, auto, extra).unwrap();

        // An empty store builds no chain: the leaf alone, then the same object again.
        let first = send(&store, true, &[]);
        assert_eq!(first.cert.len(), 1);
        assert!(Arc::ptr_eq(&first, &send(&store, true, &[])));
        // The store gains the CA: built again, leaf and CA, then reused.
        let ca = CString::new(certs_file("ca.pem")).unwrap();
        assert!(store.load_locations(Some(&ca), None));
        let second = send(&store, true, &[]);
        assert_eq!(second.cert.len(), 2);
        assert!(Arc::ptr_eq(&second, &send(&store, true, &[])));
        // Another store is another input.
        assert_eq!(send(&Store::new(), true, &[]).cert.len(), 1);
        // SSL_MODE_NO_AUTO_CHAIN: the configured leaf, nothing cached or built.
        assert!(Arc::ptr_eq(&send(&store, false, &[]), &leaf_only));
        // Extra certificates: the leaf with them, reused for the same objects only.
        let stranger = cert("stranger.pem");
        let extra = send(&store, true, std::slice::from_ref(&stranger));
        assert_eq!(extra.cert.len(), 2);
        assert!(Arc::ptr_eq(
            &extra,
            &send(&store, true, std::slice::from_ref(&stranger))
        ));
        let again = send(&store, true, &[cert("stranger.pem")]);
        assert!(!Arc::ptr_eq(&extra, &again));
        // A chain from the store is rebuilt once it is older than the TTL.
        let built = send(&store, true, &[]);
        if let Some(s) = id.sent.0.lock().unwrap().as_mut() {
            s.made = std::time::Instant::now() - 2 * BUILT_CHAIN_TTL;
        }
        assert!(!Arc::ptr_eq(&built, &send(&store, true, &[])));
        // A changed identity starts without the cached chain.
        let mut changed = id.clone();
        changed.set_cert(cert("server-ec.pem"));
        let key = PKey::from_pem(&std::fs::read(certs_file("server-ec.key")).unwrap()).unwrap();
        changed.set_key(key).unwrap();
        let fresh = changed.to_send(&store, true, &[]).unwrap();
        assert!(!Arc::ptr_eq(&fresh, &send(&store, true, &[])));
        assert_eq!(fresh.cert.len(), 2);
    }
}
