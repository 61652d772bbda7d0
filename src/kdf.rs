//! The crypto provider's hashing: the TLS key schedules' HMAC with each key's pads
//! hashed once, and SHA-384 from the system's libcrypto.
//!
//! rustls's aws-lc-rs provider hands HKDF to aws-lc's one-shot functions: every
//! HKDF-Expand sets the HMAC key up again (two hash blocks), and an expander made by
//! HKDF-Extract redoes the extraction on each expansion. rustls also offers HKDF built on
//! any HMAC (`HkdfUsingHmac`); with HMAC keys that keep the keyed state and copy it per
//! use, the same outputs cost about half the hash blocks.
//!
//! SHA-384 (the pinned `TLS_AES_256_GCM_SHA384` suites' transcript hash, HKDF and TLS 1.2
//! PRF) comes from libcrypto's `SHA384_*` functions: aws-lc runs its SHA-512 block
//! function's vector code on Intel CPUs only and elsewhere the scalar one, where
//! libcrypto picks its AVX2 code by CPU features (on the AMD EPYC of docs/BENCHMARKS.md:
//! 872 MB/s against aws-lc's 606). HMAC-SHA384 over it is ours (RFC 2104, below), HKDF
//! on top is rustls's generic one and the TLS 1.2 PRF ours (`PrfLean`: rustls's generic
//! P_hash less one unused HMAC a call); SHA-256 stays aws-lc's (SHA-NI where present, as
//! fast as libcrypto's). Only the suites' hash, HKDF and PRF providers are swapped (see
//! `ctx::provider`); `bench/rust` builds its provider from this same file, so the
//! C-layer comparison stays like for like.

use aws_lc_rs::hmac as lc;
use rustls::crypto::hash::{self, HashAlgorithm};
use rustls::crypto::hmac::{Hmac, Key, Tag};
use rustls::crypto::tls12::Prf;
use rustls::crypto::tls13::HkdfUsingHmac;
use rustls::crypto::{ActiveKeyExchange, CryptoProvider};
use rustls::{SupportedCipherSuite, Tls12CipherSuite, Tls13CipherSuite};
use std::os::raw::c_uint;

/// libcrypto's `SHA512_CTX` (`<openssl/sha.h>`; SHA-384 uses it too): plain data, so a
/// copy is a fork of the computation.
#[repr(C)]
#[derive(Clone)]
struct Sha512Ctx {
    h: [u64; 8],
    nl: u64,
    nh: u64,
    block: [u64; 16],
    num: c_uint,
    md_len: c_uint,
}

/// libcrypto's functions (cbindgen.toml keeps them out of the generated header).
mod sys {
    use super::Sha512Ctx;
    use std::os::raw::{c_int, c_void};

    #[link(name = "crypto")]
    extern "C" {
        pub fn SHA384_Init(c: *mut Sha512Ctx) -> c_int;
        pub fn SHA384_Update(c: *mut Sha512Ctx, data: *const c_void, len: usize) -> c_int;
        pub fn SHA384_Final(md: *mut u8, c: *mut Sha512Ctx) -> c_int;
    }
}
use sys::{SHA384_Final, SHA384_Init, SHA384_Update};

const SHA384_LEN: usize = 48;
/// SHA-384's block: HMAC pads its key to this length.
const SHA384_BLOCK: usize = 128;

/// A SHA-384 computation in libcrypto. (The three functions only fail on a NULL
/// context; ours is always valid.)
#[derive(Clone)]
struct Sha384(Sha512Ctx);

impl Sha384 {
    fn new() -> Self {
        let mut c = Sha512Ctx {
            h: [0; 8],
            nl: 0,
            nh: 0,
            block: [0; 16],
            num: 0,
            md_len: 0,
        };
        // SAFETY: `c` is a valid SHA512_CTX.
        unsafe { SHA384_Init(&mut c) };
        Sha384(c)
    }

    fn update(&mut self, data: &[u8]) {
        // SAFETY: a valid context and `data.len()` readable bytes.
        unsafe { SHA384_Update(&mut self.0, data.as_ptr().cast(), data.len()) };
    }

    fn finish(mut self) -> [u8; SHA384_LEN] {
        let mut md = [0u8; SHA384_LEN];
        // SAFETY: a valid context; SHA384_Final writes 48 bytes.
        unsafe { SHA384_Final(md.as_mut_ptr(), &mut self.0) };
        md
    }
}

impl Drop for Sha384 {
    /// Contexts hold key material (an HMAC key's pads, secrets being hashed): clear them,
    /// as aws-lc does its own.
    fn drop(&mut self) {
        let words = std::ptr::addr_of_mut!(self.0).cast::<u64>();
        for i in 0..std::mem::size_of::<Sha512Ctx>() / 8 {
            // SAFETY: within `self.0`, which is 8-aligned and a multiple of 8 long.
            unsafe { words.add(i).write_volatile(0) };
        }
    }
}

/// SHA-384 for rustls (transcript hashes, the TLS 1.2 session hash).
struct Sha384Hash;

struct Sha384Context(Sha384);

impl hash::Hash for Sha384Hash {
    fn start(&self) -> Box<dyn hash::Context> {
        Box::new(Sha384Context(Sha384::new()))
    }

    fn hash(&self, data: &[u8]) -> hash::Output {
        let mut h = Sha384::new();
        h.update(data);
        hash::Output::new(&h.finish())
    }

    fn output_len(&self) -> usize {
        SHA384_LEN
    }

    fn algorithm(&self) -> HashAlgorithm {
        HashAlgorithm::SHA384
    }
}

impl hash::Context for Sha384Context {
    fn fork_finish(&self) -> hash::Output {
        hash::Output::new(&self.0.clone().finish())
    }

    fn fork(&self) -> Box<dyn hash::Context> {
        Box::new(Sha384Context(self.0.clone()))
    }

    fn finish(self: Box<Self>) -> hash::Output {
        hash::Output::new(&self.0.finish())
    }

    fn update(&mut self, data: &[u8]) {
        self.0.update(data)
    }
}

/// HMAC-SHA384 (RFC 2104) over libcrypto's SHA-384: each key's inner and outer pads
/// are hashed once, and every tag starts from copies of the two states.
struct HmacSha384;

struct HmacSha384Key {
    inner: Sha384,
    outer: Sha384,
}

impl Hmac for HmacSha384 {
    fn with_key(&self, key: &[u8]) -> Box<dyn Key> {
        let mut block = [0u8; SHA384_BLOCK];
        if key.len() > SHA384_BLOCK {
            let mut h = Sha384::new();
            h.update(key);
            block[..SHA384_LEN].copy_from_slice(&h.finish());
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut pad = [0u8; SHA384_BLOCK];
        let mut keyed = |x: u8| {
            for (p, k) in pad.iter_mut().zip(block.iter()) {
                *p = k ^ x;
            }
            let mut h = Sha384::new();
            h.update(&pad);
            h
        };
        let (inner, outer) = (keyed(0x36), keyed(0x5c));
        // The padded key and the last pad are secrets too. (One volatile store of each
        // whole array: the compiler keeps it and writes it with vector stores, where a
        // loop of byte-sized volatile stores cost ~3,000 instructions a key.)
        // SAFETY: valid, aligned pointers to arrays we own.
        unsafe {
            std::ptr::write_volatile(&mut block, [0u8; SHA384_BLOCK]);
            std::ptr::write_volatile(&mut pad, [0u8; SHA384_BLOCK]);
        }
        Box::new(HmacSha384Key { inner, outer })
    }

    fn hash_output_len(&self) -> usize {
        SHA384_LEN
    }
}

impl Key for HmacSha384Key {
    fn sign_concat(&self, first: &[u8], middle: &[&[u8]], last: &[u8]) -> Tag {
        let mut inner = self.inner.clone();
        inner.update(first);
        for m in middle {
            inner.update(m);
        }
        inner.update(last);
        let mut outer = self.outer.clone();
        outer.update(&inner.finish());
        Tag::new(&outer.finish())
    }

    fn tag_len(&self) -> usize {
        SHA384_LEN
    }
}

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

static SHA384: Sha384Hash = Sha384Hash;
static HMAC_SHA256: HmacAlg = HmacAlg(lc::HMAC_SHA256);
static HMAC_SHA384: HmacSha384 = HmacSha384;
static HKDF_SHA256: HkdfUsingHmac<'static> = HkdfUsingHmac(&HMAC_SHA256);
static HKDF_SHA384: HkdfUsingHmac<'static> = HkdfUsingHmac(&HMAC_SHA384);
static PRF_SHA384: PrfLean = PrfLean(&HMAC_SHA384);

/// The TLS 1.2 PRF (RFC 5246, section 5) over an HMAC: P_hash as rustls's
/// `PrfUsingHmac` computes it, without the A(i+1) it goes on to compute after the last
/// output block and never uses. A call makes 2n HMACs for n blocks instead of 2n + 1:
/// the master secret and each Finished (one block) 2 instead of 3, TLS 1.2's AES-256-GCM
/// key block (two blocks) 4 instead of 5; 8 of a full handshake's 28 on the two sides.
struct PrfLean(&'static dyn Hmac);

impl PrfLean {
    fn p_hash(key: &dyn Key, out: &mut [u8], label: &[u8], seed: &[u8]) {
        let mut a = key.sign(&[label, seed]);
        let mut blocks = out.chunks_mut(key.tag_len()).peekable();
        while let Some(block) = blocks.next() {
            let p = key.sign(&[a.as_ref(), label, seed]);
            block.copy_from_slice(&p.as_ref()[..block.len()]);
            if blocks.peek().is_some() {
                a = key.sign(&[a.as_ref()]);
            }
        }
    }
}

impl Prf for PrfLean {
    fn for_key_exchange(
        &self,
        output: &mut [u8; 48],
        kx: Box<dyn ActiveKeyExchange>,
        peer_pub_key: &[u8],
        label: &[u8],
        seed: &[u8],
    ) -> Result<(), rustls::Error> {
        let shared = kx.complete_for_tls_version(peer_pub_key, &rustls::version::TLS12)?;
        let key = self.0.with_key(shared.secret_bytes());
        Self::p_hash(key.as_ref(), output, label, seed);
        Ok(())
    }

    fn for_secret(&self, output: &mut [u8], secret: &[u8], label: &[u8], seed: &[u8]) {
        Self::p_hash(self.0.with_key(secret).as_ref(), output, label, seed);
    }
}

fn common(c: &rustls::crypto::CipherSuiteCommon) -> rustls::crypto::CipherSuiteCommon {
    rustls::crypto::CipherSuiteCommon {
        suite: c.suite,
        hash_provider: match c.hash_provider.algorithm() {
            HashAlgorithm::SHA384 => &SHA384,
            _ => c.hash_provider,
        },
        confidentiality_limit: c.confidentiality_limit,
    }
}

/// The same TLS 1.3 suite with HKDF over keyed HMAC and libcrypto's SHA-384 (suites
/// with another hash unchanged).
fn tls13(s: &'static Tls13CipherSuite) -> &'static Tls13CipherSuite {
    let hkdf: &'static HkdfUsingHmac<'static> = match s.common.hash_provider.algorithm() {
        HashAlgorithm::SHA256 => &HKDF_SHA256,
        HashAlgorithm::SHA384 => &HKDF_SHA384,
        _ => return s,
    };
    // Made once per process (the provider is built once), so leaking is bounded.
    Box::leak(Box::new(Tls13CipherSuite {
        common: common(&s.common),
        hkdf_provider: hkdf,
        aead_alg: s.aead_alg,
        quic: s.quic,
    }))
}

/// The same TLS 1.2 suite with libcrypto's SHA-384 for its transcript and PRF (SHA-256
/// suites unchanged: their PRF stays aws-lc's).
fn tls12(s: &'static Tls12CipherSuite) -> &'static Tls12CipherSuite {
    if s.common.hash_provider.algorithm() != HashAlgorithm::SHA384 {
        return s;
    }
    Box::leak(Box::new(Tls12CipherSuite {
        common: common(&s.common),
        prf_provider: &PRF_SHA384,
        kx: s.kx,
        sign: s.sign,
        aead_alg: s.aead_alg,
    }))
}

/// rustls's aws-lc-rs provider with the suites' hashing swapped as above.
pub fn provider() -> CryptoProvider {
    let mut p = rustls::crypto::aws_lc_rs::default_provider();
    for s in p.cipher_suites.iter_mut() {
        *s = match *s {
            SupportedCipherSuite::Tls13(t) => SupportedCipherSuite::Tls13(tls13(t)),
            SupportedCipherSuite::Tls12(t) => SupportedCipherSuite::Tls12(tls12(t)),
        };
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

    /// libcrypto's SHA-384 gives aws-lc's digests, whole, in pieces and forked, at
    /// lengths around the block size.
    #[test]
    fn sha384_same_as_aws_lc() {
        use hash::Hash;
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in [0, 1, 47, 48, 111, 112, 127, 128, 129, 255, 256, 257, 1000] {
            let want = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA384, &data[..len]);
            assert_eq!(SHA384.hash(&data[..len]).as_ref(), want.as_ref(), "{len}");
            let mut c = SHA384.start();
            c.update(&data[..len / 3]);
            let fork = c.fork();
            c.update(&data[len / 3..len]);
            assert_eq!(c.fork_finish().as_ref(), want.as_ref());
            assert_eq!(c.finish().as_ref(), want.as_ref());
            let mut fork = fork;
            fork.update(&data[len / 3..len]);
            assert_eq!(fork.finish().as_ref(), want.as_ref());
        }
    }

    /// HMAC-SHA384: RFC 4231 test case 2, and aws-lc's tags for keys shorter than,
    /// equal to and longer than the block.
    #[test]
    fn hmac_sha384_same_as_aws_lc() {
        let k = HMAC_SHA384.with_key(b"Jefe");
        assert_eq!(
            k.sign(&[b"what do ya want ", b"for nothing?"]).as_ref(),
            hex(
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
                 8e2240ca5e69e2c78b3239ecfab21649"
            )
        );
        let data: Vec<u8> = (0..300u32).map(|i| (i * 13 + 1) as u8).collect();
        for klen in [0, 1, 48, 127, 128, 129, 300] {
            let key = &data[..klen];
            let want = lc::sign(&lc::Key::new(lc::HMAC_SHA384, key), &data[..200]);
            let ours = HMAC_SHA384.with_key(key);
            assert_eq!(ours.sign(&[&data[..200]]).as_ref(), want.as_ref(), "{klen}");
            assert_eq!(
                ours.sign_concat(&data[..5], &[&data[5..50], &[]], &data[50..200])
                    .as_ref(),
                want.as_ref()
            );
            assert_eq!(ours.tag_len(), 48);
        }
    }

    /// The TLS 1.2 SHA-384 suites' PRF gives what aws-lc's gives.
    #[test]
    fn tls12_prf_same_as_aws_lc() {
        let stock = rustls::crypto::aws_lc_rs::default_provider();
        let ours = provider();
        let mut checked = 0;
        for (a, b) in stock.cipher_suites.iter().zip(ours.cipher_suites.iter()) {
            assert_eq!(a.suite(), b.suite());
            let (SupportedCipherSuite::Tls12(a), SupportedCipherSuite::Tls12(b)) = (a, b) else {
                continue;
            };
            assert_eq!(
                a.common.hash_provider.algorithm(),
                b.common.hash_provider.algorithm()
            );
            let secret = [5u8; 48];
            let seed = [3u8; 64];
            // Around the block lengths (32 and 48): Finished, master secret, key blocks.
            for len in [1, 12, 32, 47, 48, 49, 72, 96, 104, 150] {
                let (mut o1, mut o2) = ([0u8; 150], [0u8; 150]);
                a.prf_provider
                    .for_secret(&mut o1[..len], &secret, b"key expansion", &seed);
                b.prf_provider
                    .for_secret(&mut o2[..len], &secret, b"key expansion", &seed);
                assert_eq!(o1, o2, "{len}");
            }
            if b.common.hash_provider.algorithm() == HashAlgorithm::SHA384 {
                checked += 1;
            }
        }
        // ECDHE-ECDSA- and ECDHE-RSA-AES256-GCM-SHA384.
        assert_eq!(checked, 2);
    }

    /// A key exchange whose shared secret is fixed (so two PRFs can be given the same).
    struct FixedKx;

    impl ActiveKeyExchange for FixedKx {
        fn complete(
            self: Box<Self>,
            peer: &[u8],
        ) -> Result<rustls::crypto::SharedSecret, rustls::Error> {
            Ok(rustls::crypto::SharedSecret::from(&[peer[0]; 32][..]))
        }
        fn pub_key(&self) -> &[u8] {
            &[1; 32]
        }
        fn group(&self) -> rustls::NamedGroup {
            rustls::NamedGroup::X25519
        }
    }

    /// The master secret from a key exchange is aws-lc's PRF's too.
    #[test]
    fn tls12_prf_for_key_exchange_same_as_aws_lc() {
        let stock = rustls::crypto::aws_lc_rs::default_provider();
        let ours = provider();
        for (a, b) in stock.cipher_suites.iter().zip(ours.cipher_suites.iter()) {
            let (SupportedCipherSuite::Tls12(a), SupportedCipherSuite::Tls12(b)) = (a, b) else {
                continue;
            };
            let seed = [4u8; 64];
            let (mut o1, mut o2) = ([0u8; 48], [0u8; 48]);
            for (prf, out) in [(a.prf_provider, &mut o1), (b.prf_provider, &mut o2)] {
                prf.for_key_exchange(out, Box::new(FixedKx), &[9; 32], b"master secret", &seed)
                    .unwrap();
            }
            assert_eq!(o1, o2);
            assert_ne!(o1, [0; 48]);
        }
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
