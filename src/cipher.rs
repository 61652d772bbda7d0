//! The cipher suites this library offers, described as OpenSSL describes them
//! (`SSL_CIPHER`): OpenSSL's names, the IANA names, versions, strengths.

use std::ffi::CStr;

/// One cipher suite; an `SSL_CIPHER*` points at one of [`CIPHERS`].
#[derive(Debug)]
pub struct CipherInfo {
    /// The IANA code point.
    pub suite: u16,
    /// OpenSSL's name.
    pub name: &'static CStr,
    /// The RFC / IANA name.
    pub standard: &'static CStr,
    /// The lowest protocol that can use it (OpenSSL's `SSL_CIPHER_get_version`).
    pub version: &'static CStr,
    pub bits: i32,
    pub kx: &'static str,
    pub au: &'static str,
    pub enc: &'static str,
}

macro_rules! cipher {
    ($suite:expr, $name:expr, $std:expr, $ver:expr, $bits:expr, $kx:expr, $au:expr, $enc:expr) => {
        CipherInfo {
            suite: $suite,
            name: $name,
            standard: $std,
            version: $ver,
            bits: $bits,
            kx: $kx,
            au: $au,
            enc: $enc,
        }
    };
}

/// Every suite rustls (aws-lc-rs) implements, in OpenSSL's default preference order.
pub static CIPHERS: [CipherInfo; 9] = [
    cipher!(
        0x1302,
        c"TLS_AES_256_GCM_SHA384",
        c"TLS_AES_256_GCM_SHA384",
        c"TLSv1.3",
        256,
        "any",
        "any",
        "AESGCM(256)"
    ),
    cipher!(
        0x1303,
        c"TLS_CHACHA20_POLY1305_SHA256",
        c"TLS_CHACHA20_POLY1305_SHA256",
        c"TLSv1.3",
        256,
        "any",
        "any",
        "CHACHA20/POLY1305(256)"
    ),
    cipher!(
        0x1301,
        c"TLS_AES_128_GCM_SHA256",
        c"TLS_AES_128_GCM_SHA256",
        c"TLSv1.3",
        128,
        "any",
        "any",
        "AESGCM(128)"
    ),
    cipher!(
        0xC02C,
        c"ECDHE-ECDSA-AES256-GCM-SHA384",
        c"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        c"TLSv1.2",
        256,
        "ECDH",
        "ECDSA",
        "AESGCM(256)"
    ),
    cipher!(
        0xC030,
        c"ECDHE-RSA-AES256-GCM-SHA384",
        c"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        c"TLSv1.2",
        256,
        "ECDH",
        "RSA",
        "AESGCM(256)"
    ),
    cipher!(
        0xCCA9,
        c"ECDHE-ECDSA-CHACHA20-POLY1305",
        c"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        c"TLSv1.2",
        256,
        "ECDH",
        "ECDSA",
        "CHACHA20/POLY1305(256)"
    ),
    cipher!(
        0xCCA8,
        c"ECDHE-RSA-CHACHA20-POLY1305",
        c"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        c"TLSv1.2",
        256,
        "ECDH",
        "RSA",
        "CHACHA20/POLY1305(256)"
    ),
    cipher!(
        0xC02B,
        c"ECDHE-ECDSA-AES128-GCM-SHA256",
        c"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        c"TLSv1.2",
        128,
        "ECDH",
        "ECDSA",
        "AESGCM(128)"
    ),
    cipher!(
        0xC02F,
        c"ECDHE-RSA-AES128-GCM-SHA256",
        c"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        c"TLSv1.2",
        128,
        "ECDH",
        "RSA",
        "AESGCM(128)"
    ),
];

impl CipherInfo {
    /// The suite with IANA code point `suite`.
    pub fn find(suite: u16) -> Option<&'static CipherInfo> {
        CIPHERS.iter().find(|c| c.suite == suite)
    }

    /// `SSL_CIPHER_get_id`: the code point with OpenSSL's 0x03000000 prefix.
    pub fn id(&self) -> u32 {
        0x0300_0000 | u32::from(self.suite)
    }

    /// `SSL_CIPHER_description`: one line, in `openssl ciphers -v`'s layout.
    pub fn description(&self) -> String {
        format!(
            "{:<30} {:<7} Kx={:<8} Au={:<5} Enc={:<22} Mac={:<4}\n",
            self.name.to_str().unwrap_or(""),
            self.version.to_str().unwrap_or(""),
            self.kx,
            self.au,
            self.enc,
            "AEAD"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suite_rustls_offers_is_described() {
        for s in crate::ctx::provider().cipher_suites.iter() {
            let code = u16::from(s.suite());
            assert!(
                CipherInfo::find(code).is_some(),
                "{:?} has no entry",
                s.suite()
            );
        }
    }

    #[test]
    fn description_matches_openssl_layout() {
        let c = CipherInfo::find(0xC030).unwrap();
        assert_eq!(
            c.description(),
            "ECDHE-RSA-AES256-GCM-SHA384    TLSv1.2 Kx=ECDH     Au=RSA   Enc=AESGCM(256)            Mac=AEAD\n"
        );
        assert_eq!(c.id(), 0x0300_C030);
    }
}
