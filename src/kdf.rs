//! The TLS 1.3 key schedule's HMAC, with each key's pads hashed once.
//!
//! rustls's aws-lc-rs provider hands HKDF to aws-lc's one-shot functions: every
//! HKDF-Expand sets the HMAC key up again (two hash blocks), and an expander made by
//! HKDF-Extract redoes the extraction on each expansion. rustls also offers HKDF built on
//! any HMAC (`HkdfUsingHmac`); with aws-lc-rs's HMAC keys, which keep the keyed state and
//! copy it per use, the same outputs cost about half the hash blocks. The hash, HMAC and
//! HKDF code are still aws-lc's and rustls's; only the cipher suites' `hkdf_provider` is
//! swapped (see `ctx::provider`). `bench/rust` builds its provider from this same file,
//! so the C-layer comparison stays like for like.

use aws_lc_rs::hmac as lc;
use rustls::crypto::hash::HashAlgorithm;
use rustls::crypto::hmac::{Hmac, Key, Tag};
use rustls::crypto::tls13::HkdfUsingHmac;
use rustls::crypto::CryptoProvider;
use rustls::{SupportedCipherSuite, Tls13CipherSuite};

/// HMAC over one of aws-lc-rs's digests.
struct HmacAlg(lc::Algorithm);

struct HmacKey(lc::Key);

impl Hmac for HmacAlg {
    fn with_key(&self, key: &[u8]) -> Box<dyn Key> {
        Box::new(HmacKey(lc::Key::new(self.0, key)))
    }

    fn hash_output_len(&self) -> usize {
        self.0.digest_algorithm().output_len()
    }

    fn fips(&self) -> bool {
        aws_lc_rs::try_fips_mode().is_ok()
    }
}

impl Key for HmacKey {
    fn sign_concat(&self, first: &[u8], middle: &[&[u8]], last: &[u8]) -> Tag {
        let mut ctx = lc::Context::with_key(&self.0);
        ctx.update(first);
        for m in middle {
            ctx.update(m);
        }
        ctx.update(last);
        Tag::new(ctx.sign().as_ref())
    }

    fn tag_len(&self) -> usize {
        self.0.algorithm().digest_algorithm().output_len()
    }
}

static HMAC_SHA256: HmacAlg = HmacAlg(lc::HMAC_SHA256);
static HMAC_SHA384: HmacAlg = HmacAlg(lc::HMAC_SHA384);
static HKDF_SHA256: HkdfUsingHmac<'static> = HkdfUsingHmac(&HMAC_SHA256);
static HKDF_SHA384: HkdfUsingHmac<'static> = HkdfUsingHmac(&HMAC_SHA384);

/// The same suite with HKDF over keyed HMAC (suites with another hash unchanged).
fn with_keyed_hkdf(s: &'static Tls13CipherSuite) -> &'static Tls13CipherSuite {
    let hkdf: &'static HkdfUsingHmac<'static> = match s.common.hash_provider.algorithm() {
        HashAlgorithm::SHA256 => &HKDF_SHA256,
        HashAlgorithm::SHA384 => &HKDF_SHA384,
        _ => return s,
    };
    // Made once per process (the provider is built once), so leaking is bounded.
    Box::leak(Box::new(Tls13CipherSuite {
        common: rustls::crypto::CipherSuiteCommon {
            suite: s.common.suite,
            hash_provider: s.common.hash_provider,
            confidentiality_limit: s.common.confidentiality_limit,
        },
        hkdf_provider: hkdf,
        aead_alg: s.aead_alg,
        quic: s.quic,
    }))
}

/// rustls's aws-lc-rs provider with the TLS 1.3 suites' HKDF over keyed HMAC.
pub fn provider() -> CryptoProvider {
    let mut p = rustls::crypto::aws_lc_rs::default_provider();
    for s in p.cipher_suites.iter_mut() {
        if let SupportedCipherSuite::Tls13(t) = *s {
            *s = SupportedCipherSuite::Tls13(with_keyed_hkdf(t));
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::crypto::tls13::{Hkdf, OkmBlock};

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 5869, test case 1 (HKDF-SHA256).
    #[test]
    fn rfc5869_case1() {
        let ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        let salt = hex("000102030405060708090a0b0c");
        let info = hex("f0f1f2f3f4f5f6f7f8f9");
        let mut okm = [0u8; 42];
        HKDF_SHA256
            .extract_from_secret(Some(&salt), &ikm)
            .expand_slice(&[&info], &mut okm)
            .unwrap();
        assert_eq!(
            okm.to_vec(),
            hex(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf\
                 34007208d5b887185865"
            )
        );
    }

    /// Every output equals aws-lc's own HKDF (the provider rustls ships), for both hashes.
    #[test]
    fn same_as_aws_lc_hkdf() {
        let stock = rustls::crypto::aws_lc_rs::default_provider();
        let ours = provider();
        assert_eq!(stock.cipher_suites.len(), ours.cipher_suites.len());
        for (a, b) in stock.cipher_suites.iter().zip(ours.cipher_suites.iter()) {
            assert_eq!(a.suite(), b.suite());
            let (SupportedCipherSuite::Tls13(a), SupportedCipherSuite::Tls13(b)) = (a, b) else {
                continue;
            };
            let (ha, hb) = (a.hkdf_provider, b.hkdf_provider);
            let secret = [7u8; 48];
            let salt = [9u8; 20];
            let info: [&[u8]; 2] = [b"tls13 ", b"derived"];
            for (x, y) in [
                (
                    ha.extract_from_secret(Some(&salt), &secret),
                    hb.extract_from_secret(Some(&salt), &secret),
                ),
                (
                    ha.extract_from_zero_ikm(None),
                    hb.extract_from_zero_ikm(None),
                ),
                (
                    ha.expander_for_okm(&OkmBlock::new(&secret[..32])),
                    hb.expander_for_okm(&OkmBlock::new(&secret[..32])),
                ),
            ] {
                assert_eq!(
                    x.expand_block(&info).as_ref(),
                    y.expand_block(&info).as_ref()
                );
                let (mut o1, mut o2) = ([0u8; 100], [0u8; 100]);
                x.expand_slice(&info, &mut o1).unwrap();
                y.expand_slice(&info, &mut o2).unwrap();
                assert_eq!(o1, o2);
            }
            let k = OkmBlock::new(&secret[..32]);
            assert_eq!(
                ha.hmac_sign(&k, b"finished").as_ref(),
                hb.hmac_sign(&k, b"finished").as_ref()
            );
        }
    }
}
