//! Our own log lines on stderr, for operators: off unless `RUSTLS_LIBSSL_LOG` is set
//! (to anything but "" or "0"). One line per completed handshake (side, protocol,
//! cipher, group, resumed, SNI, ALPN) and per failed one (OpenSSL's reason string).
//! The format is for people, not parsers:
//!
//! ```text
//! rustls-libssl[1234]: server handshake: TLSv1.3 TLS_AES_256_GCM_SHA384 x25519 resumed=no sni=example.com alpn=h2
//! rustls-libssl[1234]: client handshake failed: certificate verify failed
//! ```

use once_cell::sync::Lazy;
use std::io::Write;

static ENABLED: Lazy<bool> =
    Lazy::new(|| std::env::var_os("RUSTLS_LIBSSL_LOG").is_some_and(|v| !v.is_empty() && v != "0"));

/// Whether log lines are wanted (read once per process).
pub fn enabled() -> bool {
    *ENABLED
}

/// Write one line (prefixed with the library name and the process id).
pub fn line(msg: std::fmt::Arguments<'_>) {
    if !enabled() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "rustls-libssl[{}]: {}", std::process::id(), msg);
}

/// OpenSSL's text for one of our reasons.
pub fn reason_text(reason: i32) -> String {
    let code = reason & 0x7fffff;
    crate::reasons::REASON_STRINGS
        .iter()
        .find(|(r, _)| *r == code)
        .map_or_else(|| format!("reason {code}"), |(_, s)| s.to_string())
}
