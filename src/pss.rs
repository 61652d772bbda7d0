//! RSA-PSS keys (id-RSASSA-PSS certificates), which rustls does not handle, signed and
//! verified by libcrypto: the `rsa_pss_pss_*` signature schemes OpenSSL peers use with
//! such certificates, in TLS 1.2 (ECDHE-RSA suites) and TLS 1.3.

use crate::certs::{PKey, X509};
use crate::ffi;
use rustls::sign::{Signer, SigningKey};
use rustls::{SignatureAlgorithm, SignatureScheme};

/// `EVP_PKEY_RSA_PSS`.
const EVP_PKEY_RSA_PSS: libc::c_int = 912;
const RSA_PKCS1_PSS_PADDING: libc::c_int = 6;
/// `RSA_PSS_SALTLEN_DIGEST`: a salt as long as the digest, as TLS requires.
const RSA_PSS_SALTLEN_DIGEST: libc::c_int = -1;

/// The schemes for RSA-PSS keys, in preference order.
pub const SCHEMES: [SignatureScheme; 3] = [
    SignatureScheme::RSA_PSS_SHA256,
    SignatureScheme::RSA_PSS_SHA384,
    SignatureScheme::RSA_PSS_SHA512,
];
/// Their `rsa_pss_pss_*` code points (0x0809–0x080b).
pub const PSS_PSS: [SignatureScheme; 3] = [
    SignatureScheme::Unknown(0x0809),
    SignatureScheme::Unknown(0x080a),
    SignatureScheme::Unknown(0x080b),
];

fn md_for(scheme: SignatureScheme) -> Option<*const ffi::EVP_MD> {
    // SAFETY: libcrypto's static digest descriptions.
    unsafe {
        match u16::from(scheme) {
            0x0809 => Some(ffi::EVP_sha256()),
            0x080a => Some(ffi::EVP_sha384()),
            0x080b => Some(ffi::EVP_sha512()),
            _ => None,
        }
    }
}

/// Whether `key` is an RSA-PSS key.
pub fn is_pss(key: &PKey) -> bool {
    // SAFETY: a valid key.
    unsafe { ffi::EVP_PKEY_get_base_id(key.as_ptr()) == EVP_PKEY_RSA_PSS }
}

/// Verify an `rsa_pss_pss_*` signature by the RSA-PSS key of certificate `cert_der`.
pub fn verify(cert_der: &[u8], scheme: SignatureScheme, message: &[u8], sig: &[u8]) -> bool {
    let (Some(cert), Some(md)) = (X509::from_der(cert_der), md_for(scheme)) else {
        return false;
    };
    // SAFETY: the key belongs to the certificate, alive throughout; the digest context
    // is ours and freed; pctx is owned by it.
    unsafe {
        let pkey = ffi::X509_get0_pubkey(cert.as_ptr());
        if pkey.is_null() || ffi::EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA_PSS {
            return false;
        }
        let mctx = ffi::EVP_MD_CTX_new();
        if mctx.is_null() {
            return false;
        }
        let mut pctx = std::ptr::null_mut();
        let ok = ffi::EVP_DigestVerifyInit(mctx, &mut pctx, md, std::ptr::null_mut(), pkey) == 1
            && ffi::EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
            && ffi::EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0
            && ffi::EVP_DigestVerify(
                mctx,
                sig.as_ptr(),
                sig.len(),
                message.as_ptr(),
                message.len(),
            ) == 1;
        ffi::EVP_MD_CTX_free(mctx);
        crate::error::clear_if(!ok);
        ok
    }
}

/// An RSA-PSS private key that libcrypto signs with.
#[derive(Debug)]
pub struct PssKey(pub PKey);

impl SigningKey for PssKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        PSS_PSS.iter().find(|s| offered.contains(s)).map(|s| {
            Box::new(PssSigner {
                key: self.0.clone(),
                scheme: *s,
            }) as Box<dyn Signer>
        })
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RSA
    }
}

#[derive(Debug)]
struct PssSigner {
    key: PKey,
    scheme: SignatureScheme,
}

impl Signer for PssSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        let md = md_for(self.scheme).ok_or(rustls::Error::General("scheme".into()))?;
        // SAFETY: as in `verify`; the output buffer has the length libcrypto reports.
        unsafe {
            let mctx = ffi::EVP_MD_CTX_new();
            if mctx.is_null() {
                return Err(rustls::Error::General("EVP_MD_CTX_new".into()));
            }
            let mut pctx = std::ptr::null_mut();
            let mut len = 0usize;
            let mut out = Vec::new();
            let ok = ffi::EVP_DigestSignInit(
                mctx,
                &mut pctx,
                md,
                std::ptr::null_mut(),
                self.key.as_ptr(),
            ) == 1
                && ffi::EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
                && ffi::EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0
                && ffi::EVP_DigestSign(
                    mctx,
                    std::ptr::null_mut(),
                    &mut len,
                    message.as_ptr(),
                    message.len(),
                ) == 1
                && {
                    out.resize(len, 0);
                    ffi::EVP_DigestSign(
                        mctx,
                        out.as_mut_ptr(),
                        &mut len,
                        message.as_ptr(),
                        message.len(),
                    ) == 1
                };
            ffi::EVP_MD_CTX_free(mctx);
            if ok {
                out.truncate(len);
                Ok(out)
            } else {
                crate::error::clear_if(true);
                Err(rustls::Error::General("RSA-PSS signing failed".into()))
            }
        }
    }

    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }
}
