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

/// What an OpenSSL cipher-string word selects among our suites: `Some(true/false)` per
/// suite for a known word, `None` for a word OpenSSL would not recognise.
fn alias_matches(c: &CipherInfo, word: &str) -> Option<bool> {
    let tls12 = c.version.to_bytes() == b"TLSv1.2";
    let enc = c.enc;
    let aes = enc.starts_with("AESGCM");
    let r = match word {
        "ALL" | "HIGH" | "AEAD" | "TLSv1.2" | "kECDHE" | "ECDHE" | "EECDH" | "kEECDH" | "ECDH" => {
            tls12
        }
        "aRSA" => tls12 && c.au == "RSA",
        "aECDSA" | "ECDSA" => tls12 && c.au == "ECDSA",
        "AES" | "AESGCM" => tls12 && aes,
        "AES128" => tls12 && enc == "AESGCM(128)",
        "AES256" => tls12 && enc == "AESGCM(256)",
        "CHACHA20" => tls12 && enc.starts_with("CHACHA20"),
        "SHA256" => tls12 && (enc == "AESGCM(128)" || enc.starts_with("CHACHA20")),
        "SHA384" => tls12 && enc == "AESGCM(256)",
        // Words OpenSSL knows that select nothing we implement (other key exchanges,
        // ciphers, MACs and protocol versions).
        "COMPLEMENTOFDEFAULT"
        | "COMPLEMENTOFALL"
        | "MEDIUM"
        | "LOW"
        | "EXPORT"
        | "eNULL"
        | "NULL"
        | "aNULL"
        | "ADH"
        | "AECDH"
        | "kRSA"
        | "RSA"
        | "DHE"
        | "EDH"
        | "kDHE"
        | "kEDH"
        | "DH"
        | "kDH"
        | "aDSS"
        | "DSS"
        | "PSK"
        | "kPSK"
        | "kECDHEPSK"
        | "kDHEPSK"
        | "kRSAPSK"
        | "aPSK"
        | "SRP"
        | "kSRP"
        | "aSRP"
        | "3DES"
        | "DES"
        | "RC4"
        | "RC2"
        | "IDEA"
        | "SEED"
        | "MD5"
        | "SHA1"
        | "SHA"
        | "CAMELLIA"
        | "CAMELLIA128"
        | "CAMELLIA256"
        | "ARIA"
        | "ARIA128"
        | "ARIA256"
        | "ARIAGCM"
        | "AESCCM"
        | "AESCCM8"
        | "CBC"
        | "TLSv1"
        | "TLSv1.0"
        | "SSLv3"
        | "GOST94"
        | "GOST89MAC"
        | "kGOST"
        | "aGOST"
        | "SUITEB128"
        | "SUITEB128ONLY"
        | "SUITEB192"
        | "kECDH"
        | "aECDH" => false,
        name => {
            let known = CIPHERS.iter().any(|x| x.name.to_bytes() == name.as_bytes());
            if !known {
                return None;
            }
            tls12 && c.name.to_bytes() == name.as_bytes()
        }
    };
    Some(r)
}

/// Apply an OpenSSL cipher string (`SSL_CTX_set_cipher_list`) to our TLS 1.2 suites.
/// Returns the selected suites in order; an empty list means nothing we implement
/// matched (the caller fails with `SSL_R_NO_CIPHER_MATCH`, as OpenSSL does when no
/// TLS 1.2 cipher remains). Words OpenSSL does not know are skipped, as it does;
/// `@SECLEVEL=n` is accepted (every suite offered here meets levels 0–3).
pub fn parse_cipher_list(s: &str) -> Vec<u16> {
    #[derive(Clone, Copy, PartialEq)]
    enum St {
        Off,
        On,
        Killed,
    }
    let mut order: Vec<(&'static CipherInfo, St)> = CIPHERS
        .iter()
        .filter(|c| c.version.to_bytes() == b"TLSv1.2")
        .map(|c| (c, St::Off))
        .collect();
    let words = s
        .split([':', ',', ' '])
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            // DEFAULT expands to OpenSSL's default rule list.
            if w == "DEFAULT" {
                vec!["ALL", "!COMPLEMENTOFDEFAULT", "!eNULL"]
            } else {
                vec![w]
            }
        })
        .collect::<Vec<_>>();
    for word in words {
        if word == "@STRENGTH" {
            let mut on: Vec<_> = order
                .iter()
                .copied()
                .filter(|(_, s)| *s == St::On)
                .collect();
            on.sort_by_key(|(c, _)| std::cmp::Reverse(c.bits));
            let rest: Vec<_> = order
                .iter()
                .copied()
                .filter(|(_, s)| *s != St::On)
                .collect();
            order = rest.into_iter().chain(on).collect();
            continue;
        }
        if word.starts_with('@') {
            continue;
        }
        let (op, body) = match word.as_bytes()[0] {
            b'!' | b'-' | b'+' => (word.as_bytes()[0], &word[1..]),
            _ => (b' ', word),
        };
        let parts: Vec<&str> = body.split('+').collect();
        let sel = |c: &CipherInfo| -> Option<bool> {
            let mut all = true;
            for p in &parts {
                all &= alias_matches(c, p)?;
            }
            Some(all)
        };
        // A word with an unknown part selects nothing.
        let hit: Vec<bool> = order.iter().map(|(c, _)| sel(c).unwrap_or(false)).collect();
        match op {
            b'!' => {
                for (i, h) in hit.iter().enumerate() {
                    if *h {
                        order[i].1 = St::Killed;
                    }
                }
            }
            b'-' => {
                for (i, h) in hit.iter().enumerate() {
                    if *h && order[i].1 == St::On {
                        order[i].1 = St::Off;
                    }
                }
            }
            b'+' | b' ' => {
                let want = if op == b'+' { St::On } else { St::Off };
                let (mut moved, mut kept) = (Vec::new(), Vec::new());
                for (i, e) in order.iter().enumerate() {
                    if hit[i] && e.1 == want {
                        moved.push((e.0, St::On));
                    } else {
                        kept.push(*e);
                    }
                }
                kept.extend(moved);
                order = kept;
            }
            _ => unreachable!(),
        }
    }
    order
        .into_iter()
        .filter(|(_, s)| *s == St::On)
        .map(|(c, _)| c.suite)
        .collect()
}

/// Parse a TLS 1.3 suite list (`SSL_CTX_set_ciphersuites`): names separated by ':'.
/// Unknown names are skipped; `None` when the string is not empty and names no known
/// suite (OpenSSL then fails with `SSL_R_NO_CIPHER_MATCH`); an empty string selects no
/// TLS 1.3 suite.
pub fn parse_ciphersuites(s: &str) -> Option<Vec<u16>> {
    let names: Vec<&str> = s.split(':').filter(|w| !w.is_empty()).collect();
    let out: Vec<u16> = names
        .iter()
        .filter_map(|n| {
            CIPHERS
                .iter()
                .find(|c| c.version.to_bytes() == b"TLSv1.3" && c.name.to_bytes() == n.as_bytes())
                .map(|c| c.suite)
        })
        .collect();
    if out.is_empty() && !s.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// The default TLS 1.2 and 1.3 suite lists, in OpenSSL's default order.
pub fn default_suites(version: &[u8]) -> Vec<u16> {
    CIPHERS
        .iter()
        .filter(|c| c.version.to_bytes() == version)
        .map(|c| c.suite)
        .collect()
}

/// Key-exchange groups by OpenSSL name (and the IETF names of the post-quantum
/// hybrids OpenSSL 3.0 does not know): `Some(Some(id))` for a group we implement,
/// `Some(None)` for one OpenSSL knows that we do not, `None` for an unknown name.
pub fn group_by_name(name: &str) -> Option<Option<u16>> {
    let n = name.to_ascii_lowercase();
    Some(match n.as_str() {
        "x25519" => Some(0x001d),
        "p-256" | "prime256v1" | "secp256r1" => Some(0x0017),
        "p-384" | "secp384r1" => Some(0x0018),
        "p-521" | "secp521r1" => Some(0x0019),
        "x25519mlkem768" => Some(0x11ec),
        "secp256r1mlkem768" => Some(0x11eb),
        "mlkem768" => Some(0x0201),
        "mlkem1024" => Some(0x0202),
        "x448" | "p-224" | "secp224r1" | "ffdhe2048" | "ffdhe3072" | "ffdhe4096" | "ffdhe6144"
        | "ffdhe8192" | "brainpoolp256r1" | "brainpoolp384r1" | "brainpoolp512r1" | "secp192k1"
        | "secp224k1" | "secp256k1" | "prime192v1" => None,
        _ => return None,
    })
}

/// The NID OpenSSL reports for a group (`SSL_get_negotiated_group`); for groups
/// OpenSSL 3.0 has no NID for, the code point with `TLSEXT_nid_unknown` set, as newer
/// OpenSSL does.
pub fn group_nid(id: u16) -> i64 {
    match id {
        0x001d => 1034,
        0x0017 => 415,
        0x0018 => 715,
        0x0019 => 716,
        other => 0x0100_0000 | i64::from(other),
    }
}

/// The TLS name of a group as OpenSSL 3.2+ reports it (`SSL_get0_group_name`).
pub fn group_tls_name(id: u16) -> Option<&'static std::ffi::CStr> {
    Some(match id {
        0x001d => c"x25519",
        0x0017 => c"secp256r1",
        0x0018 => c"secp384r1",
        0x0019 => c"secp521r1",
        0x11ec => c"X25519MLKEM768",
        0x11eb => c"SecP256r1MLKEM768",
        0x0201 => c"MLKEM768",
        0x0202 => c"MLKEM1024",
        _ => return None,
    })
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

    fn names(v: &[u16]) -> Vec<&'static str> {
        v.iter()
            .map(|s| CipherInfo::find(*s).unwrap().name.to_str().unwrap())
            .collect()
    }

    #[test]
    fn cipher_strings_select_as_openssl() {
        assert_eq!(
            names(&parse_cipher_list("ECDHE+AES256")),
            [
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384"
            ]
        );
        assert_eq!(
            names(&parse_cipher_list("ALL:-AES128:+CHACHA20")),
            [
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-CHACHA20-POLY1305",
                "ECDHE-RSA-CHACHA20-POLY1305"
            ]
        );
        assert_eq!(parse_cipher_list("DEFAULT").len(), 6);
        assert!(parse_cipher_list("RC4:bogus").is_empty());
        assert!(parse_cipher_list("!ALL").is_empty());
        assert_eq!(
            names(&parse_cipher_list("ECDHE-RSA-AES128-GCM-SHA256:bogus")),
            ["ECDHE-RSA-AES128-GCM-SHA256"]
        );
    }

    #[test]
    fn tls13_suites_and_groups() {
        assert_eq!(
            parse_ciphersuites("TLS_AES_128_GCM_SHA256:bogus"),
            Some(vec![0x1301])
        );
        assert_eq!(parse_ciphersuites(""), Some(vec![]));
        assert_eq!(parse_ciphersuites("bogus"), None);
        assert_eq!(group_by_name("P-256"), Some(Some(0x17)));
        assert_eq!(group_by_name("X448"), Some(None));
        assert_eq!(group_by_name("bogus"), None);
    }
}
