//! `SSL_CONF`: OpenSSL's configuration commands ("MinProtocol", "-no_tls1_3",
//! "Options = -SessionTicket", ...), as nginx's `ssl_conf_command`, stunnel and the
//! `ssl_conf` section of openssl.cnf use them.
//!
//! [`ConfCtx`] holds the flags, the prefix and what the commands act on (a [`Target`]: a
//! context or a connection, implemented by the entry layer); [`ConfCtx::cmd`] looks a
//! command up in OpenSSL 3.0's table (the same names, flags and value types) and runs it.
//! Return values are OpenSSL's: 2 (a value was used), 1 (a switch), 0 (bad value), -2
//! (unknown command), -3 (missing value).

use crate::consts::*;
use crate::ctx::Settings;
use crate::error::{self, Reason};
use crate::reasons as r;
use std::ffi::{CStr, CString};

// OpenSSL's SSL_CONF_FLAG_* and SSL_CONF_TYPE_* (ssl.h); the header check compares them.
pub const SSL_CONF_FLAG_CMDLINE: u32 = 0x1;
pub const SSL_CONF_FLAG_FILE: u32 = 0x2;
pub const SSL_CONF_FLAG_CLIENT: u32 = 0x4;
pub const SSL_CONF_FLAG_SERVER: u32 = 0x8;
pub const SSL_CONF_FLAG_SHOW_ERRORS: u32 = 0x10;
pub const SSL_CONF_FLAG_CERTIFICATE: u32 = 0x20;
pub const SSL_CONF_FLAG_REQUIRE_PRIVATE: u32 = 0x40;

pub const SSL_CONF_TYPE_UNKNOWN: i32 = 0;
pub const SSL_CONF_TYPE_STRING: i32 = 1;
pub const SSL_CONF_TYPE_FILE: i32 = 2;
pub const SSL_CONF_TYPE_DIR: i32 = 3;
pub const SSL_CONF_TYPE_NONE: i32 = 4;
pub const SSL_CONF_TYPE_STORE: i32 = 5;

/// `SSL_OP_ALL` of OpenSSL 3.0.
const OP_ALL: u64 = SSL_OP_CRYPTOPRO_TLSEXT_BUG
    | SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS
    | SSL_OP_TLSEXT_PADDING
    | SSL_OP_SAFARI_ECDHE_ECDSA_BUG;
/// `SSL_OP_NO_SSL_MASK`.
const OP_NO_SSL_MASK: u64 =
    SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 | SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3;

/// What the commands change: an `SSL_CTX` or an `SSL` (the entry layer implements it over
/// the existing setters, so the errors they queue are the setters' own).
pub trait Target: Send {
    /// Run `f` on the settings (options, version bounds, verify mode).
    fn settings(&self, f: &mut dyn FnMut(&mut Settings));
    /// `SSL_CTX_set_cipher_list`: true on success (its error queued otherwise).
    fn cipher_list(&self, v: &CStr) -> bool;
    /// `SSL_CTX_set_ciphersuites`.
    fn ciphersuites(&self, v: &CStr) -> bool;
    /// `SSL_CTX_set1_groups_list`.
    fn groups(&self, v: &CStr) -> bool;
    /// `SSL_CTX_use_certificate_chain_file`.
    fn certificate_chain_file(&self, v: &CStr) -> bool;
    /// `SSL_CTX_use_PrivateKey_file` (PEM).
    fn private_key_file(&self, v: &CStr) -> bool;
    /// Whether a private key is set.
    fn has_private_key(&self) -> bool;
    /// `SSL_CTX_set_num_tickets` / `SSL_set_num_tickets`.
    fn num_tickets(&self, n: i32) -> bool;
}

/// Which setting a flag name changes.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// An `SSL_OP_*` option bit.
    Option,
    /// Verify-mode bits.
    Verify,
    /// `SSL_CERT_FLAG_TLS_STRICT`, which this library cannot honour.
    CertStrict,
}

/// One name of a flag list (`Options`, `Protocol`, `VerifyMode`) or one switch.
struct Flag {
    name: &'static str,
    /// `SSL_CONF_FLAG_CLIENT` and/or `SSL_CONF_FLAG_SERVER`: the roles it applies to.
    roles: u32,
    /// The name turns the bits off (e.g. "SessionTicket" clears `SSL_OP_NO_TICKET`).
    inverted: bool,
    kind: Kind,
    bits: u64,
}

const BOTH: u32 = SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SERVER;

const fn opt(name: &'static str, roles: u32, inverted: bool, bits: u64) -> Flag {
    Flag {
        name,
        roles,
        inverted,
        kind: Kind::Option,
        bits,
    }
}

const fn vfy(name: &'static str, roles: u32, bits: i32) -> Flag {
    Flag {
        name,
        roles,
        inverted: false,
        kind: Kind::Verify,
        bits: bits as u64,
    }
}

/// The names `Options` takes, as OpenSSL 3.0 defines them.
static OPTIONS: &[Flag] = &[
    opt("SessionTicket", BOTH, true, SSL_OP_NO_TICKET),
    opt(
        "EmptyFragments",
        BOTH,
        true,
        SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS,
    ),
    opt("Bugs", BOTH, false, OP_ALL),
    opt("Compression", BOTH, true, SSL_OP_NO_COMPRESSION),
    opt(
        "ServerPreference",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_CIPHER_SERVER_PREFERENCE,
    ),
    opt(
        "NoResumptionOnRenegotiation",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
    ),
    // SSL_OP_SINGLE_DH_USE and SSL_OP_SINGLE_ECDH_USE are 0 in OpenSSL 3.
    opt("DHSingle", SSL_CONF_FLAG_SERVER, false, 0),
    opt("ECDHSingle", SSL_CONF_FLAG_SERVER, false, 0),
    opt(
        "UnsafeLegacyRenegotiation",
        BOTH,
        false,
        SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION,
    ),
    opt(
        "UnsafeLegacyServerConnect",
        BOTH,
        false,
        SSL_OP_LEGACY_SERVER_CONNECT,
    ),
    opt(
        "ClientRenegotiation",
        BOTH,
        false,
        SSL_OP_ALLOW_CLIENT_RENEGOTIATION,
    ),
    opt("EncryptThenMac", BOTH, true, SSL_OP_NO_ENCRYPT_THEN_MAC),
    opt("NoRenegotiation", BOTH, false, SSL_OP_NO_RENEGOTIATION),
    opt("AllowNoDHEKEX", BOTH, false, SSL_OP_ALLOW_NO_DHE_KEX),
    opt("PrioritizeChaCha", BOTH, false, SSL_OP_PRIORITIZE_CHACHA),
    opt(
        "MiddleboxCompat",
        BOTH,
        false,
        SSL_OP_ENABLE_MIDDLEBOX_COMPAT,
    ),
    opt("AntiReplay", BOTH, true, SSL_OP_NO_ANTI_REPLAY),
    opt(
        "ExtendedMasterSecret",
        BOTH,
        true,
        SSL_OP_NO_EXTENDED_MASTER_SECRET,
    ),
    opt("CANames", BOTH, true, SSL_OP_DISABLE_TLSEXT_CA_NAMES),
    opt("KTLS", BOTH, false, SSL_OP_ENABLE_KTLS),
];

/// The names `Protocol` takes. The DTLS names carry the bits of the TLS versions they
/// share a value with in OpenSSL's header.
static PROTOCOLS: &[Flag] = &[
    opt("ALL", BOTH, true, OP_NO_SSL_MASK),
    opt("SSLv2", BOTH, true, 0),
    opt("SSLv3", BOTH, true, SSL_OP_NO_SSLv3),
    opt("TLSv1", BOTH, true, SSL_OP_NO_TLSv1),
    opt("TLSv1.1", BOTH, true, SSL_OP_NO_TLSv1_1),
    opt("TLSv1.2", BOTH, true, SSL_OP_NO_TLSv1_2),
    opt("TLSv1.3", BOTH, true, SSL_OP_NO_TLSv1_3),
    opt("DTLSv1", BOTH, true, SSL_OP_NO_TLSv1),
    opt("DTLSv1.2", BOTH, true, SSL_OP_NO_TLSv1_2),
];

/// The names `VerifyMode` takes.
static VERIFY: &[Flag] = &[
    vfy("Peer", SSL_CONF_FLAG_CLIENT, SSL_VERIFY_PEER),
    vfy("Request", SSL_CONF_FLAG_SERVER, SSL_VERIFY_PEER),
    vfy(
        "Require",
        SSL_CONF_FLAG_SERVER,
        SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
    ),
    vfy(
        "Once",
        SSL_CONF_FLAG_SERVER,
        SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE,
    ),
    vfy(
        "RequestPostHandshake",
        SSL_CONF_FLAG_SERVER,
        SSL_VERIFY_PEER | SSL_VERIFY_POST_HANDSHAKE,
    ),
    vfy(
        "RequirePostHandshake",
        SSL_CONF_FLAG_SERVER,
        SSL_VERIFY_PEER | SSL_VERIFY_POST_HANDSHAKE | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
    ),
];

/// What a command does with its value.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Action {
    SigAlgs,
    ClientSigAlgs,
    Groups,
    EcdhParameters,
    CipherString,
    Ciphersuites,
    Protocol,
    MinProtocol,
    MaxProtocol,
    Options,
    VerifyMode,
    Certificate,
    PrivateKey,
    ServerInfoFile,
    /// ChainCA*, VerifyCA*: separate chain and verification stores.
    Store,
    /// RequestCA*, ClientCA*: CA names to send.
    CaNames,
    DhParameters,
    RecordPadding,
    NumTickets,
}

/// One entry of the command table.
struct Cmd {
    file: Option<&'static str>,
    cmdline: Option<&'static str>,
    /// `SSL_CONF_FLAG_CLIENT`, `SSL_CONF_FLAG_SERVER`, `SSL_CONF_FLAG_CERTIFICATE`: what the context must allow.
    flags: u32,
    value_type: i32,
    action: Action,
}

/// The switches (`-no_tls1_3`, ...), in OpenSSL 3.0's order.
static SWITCHES: &[Flag] = &[
    opt("no_ssl3", 0, false, SSL_OP_NO_SSLv3),
    opt("no_tls1", 0, false, SSL_OP_NO_TLSv1),
    opt("no_tls1_1", 0, false, SSL_OP_NO_TLSv1_1),
    opt("no_tls1_2", 0, false, SSL_OP_NO_TLSv1_2),
    opt("no_tls1_3", 0, false, SSL_OP_NO_TLSv1_3),
    opt("bugs", 0, false, OP_ALL),
    opt("no_comp", 0, false, SSL_OP_NO_COMPRESSION),
    opt("comp", 0, true, SSL_OP_NO_COMPRESSION),
    opt("ecdh_single", SSL_CONF_FLAG_SERVER, false, 0),
    opt("no_ticket", 0, false, SSL_OP_NO_TICKET),
    opt(
        "serverpref",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_CIPHER_SERVER_PREFERENCE,
    ),
    opt(
        "legacy_renegotiation",
        0,
        false,
        SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION,
    ),
    opt(
        "client_renegotiation",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_ALLOW_CLIENT_RENEGOTIATION,
    ),
    opt(
        "legacy_server_connect",
        SSL_CONF_FLAG_CLIENT,
        false,
        SSL_OP_LEGACY_SERVER_CONNECT,
    ),
    opt("no_renegotiation", 0, false, SSL_OP_NO_RENEGOTIATION),
    opt(
        "no_resumption_on_reneg",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
    ),
    opt(
        "no_legacy_server_connect",
        SSL_CONF_FLAG_CLIENT,
        true,
        SSL_OP_LEGACY_SERVER_CONNECT,
    ),
    opt("allow_no_dhe_kex", 0, false, SSL_OP_ALLOW_NO_DHE_KEX),
    opt(
        "prioritize_chacha",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_PRIORITIZE_CHACHA,
    ),
    Flag {
        name: "strict",
        roles: 0,
        inverted: false,
        kind: Kind::CertStrict,
        bits: 0,
    },
    opt("no_middlebox", 0, true, SSL_OP_ENABLE_MIDDLEBOX_COMPAT),
    opt(
        "anti_replay",
        SSL_CONF_FLAG_SERVER,
        true,
        SSL_OP_NO_ANTI_REPLAY,
    ),
    opt(
        "no_anti_replay",
        SSL_CONF_FLAG_SERVER,
        false,
        SSL_OP_NO_ANTI_REPLAY,
    ),
    opt("no_etm", 0, false, SSL_OP_NO_ENCRYPT_THEN_MAC),
];

const fn cmd(
    file: Option<&'static str>,
    cmdline: Option<&'static str>,
    flags: u32,
    value_type: i32,
    action: Action,
) -> Cmd {
    Cmd {
        file,
        cmdline,
        flags,
        value_type,
        action,
    }
}

const CERT: u32 = SSL_CONF_FLAG_CERTIFICATE;
const SRV_CERT: u32 = SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE;

/// The commands with values, as OpenSSL 3.0 names them (file form, command-line form).
static COMMANDS: &[Cmd] = &[
    cmd(
        Some("SignatureAlgorithms"),
        Some("sigalgs"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::SigAlgs,
    ),
    cmd(
        Some("ClientSignatureAlgorithms"),
        Some("client_sigalgs"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::ClientSigAlgs,
    ),
    cmd(
        Some("Curves"),
        Some("curves"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::Groups,
    ),
    cmd(
        Some("Groups"),
        Some("groups"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::Groups,
    ),
    cmd(
        Some("ECDHParameters"),
        Some("named_curve"),
        SSL_CONF_FLAG_SERVER,
        SSL_CONF_TYPE_STRING,
        Action::EcdhParameters,
    ),
    cmd(
        Some("CipherString"),
        Some("cipher"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::CipherString,
    ),
    cmd(
        Some("Ciphersuites"),
        Some("ciphersuites"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::Ciphersuites,
    ),
    cmd(
        Some("Protocol"),
        None,
        0,
        SSL_CONF_TYPE_STRING,
        Action::Protocol,
    ),
    cmd(
        Some("MinProtocol"),
        Some("min_protocol"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::MinProtocol,
    ),
    cmd(
        Some("MaxProtocol"),
        Some("max_protocol"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::MaxProtocol,
    ),
    cmd(
        Some("Options"),
        None,
        0,
        SSL_CONF_TYPE_STRING,
        Action::Options,
    ),
    cmd(
        Some("VerifyMode"),
        None,
        0,
        SSL_CONF_TYPE_STRING,
        Action::VerifyMode,
    ),
    cmd(
        Some("Certificate"),
        Some("cert"),
        CERT,
        SSL_CONF_TYPE_FILE,
        Action::Certificate,
    ),
    cmd(
        Some("PrivateKey"),
        Some("key"),
        CERT,
        SSL_CONF_TYPE_FILE,
        Action::PrivateKey,
    ),
    cmd(
        Some("ServerInfoFile"),
        None,
        SRV_CERT,
        SSL_CONF_TYPE_FILE,
        Action::ServerInfoFile,
    ),
    cmd(
        Some("ChainCAPath"),
        Some("chainCApath"),
        CERT,
        SSL_CONF_TYPE_DIR,
        Action::Store,
    ),
    cmd(
        Some("ChainCAFile"),
        Some("chainCAfile"),
        CERT,
        SSL_CONF_TYPE_FILE,
        Action::Store,
    ),
    cmd(
        Some("ChainCAStore"),
        Some("chainCAstore"),
        CERT,
        SSL_CONF_TYPE_STORE,
        Action::Store,
    ),
    cmd(
        Some("VerifyCAPath"),
        Some("verifyCApath"),
        CERT,
        SSL_CONF_TYPE_DIR,
        Action::Store,
    ),
    cmd(
        Some("VerifyCAFile"),
        Some("verifyCAfile"),
        CERT,
        SSL_CONF_TYPE_FILE,
        Action::Store,
    ),
    cmd(
        Some("VerifyCAStore"),
        Some("verifyCAstore"),
        CERT,
        SSL_CONF_TYPE_STORE,
        Action::Store,
    ),
    cmd(
        Some("RequestCAFile"),
        Some("requestCAFile"),
        CERT,
        SSL_CONF_TYPE_FILE,
        Action::CaNames,
    ),
    cmd(
        Some("ClientCAFile"),
        None,
        SRV_CERT,
        SSL_CONF_TYPE_FILE,
        Action::CaNames,
    ),
    cmd(
        Some("RequestCAPath"),
        None,
        CERT,
        SSL_CONF_TYPE_DIR,
        Action::CaNames,
    ),
    cmd(
        Some("ClientCAPath"),
        None,
        SRV_CERT,
        SSL_CONF_TYPE_DIR,
        Action::CaNames,
    ),
    cmd(
        Some("RequestCAStore"),
        Some("requestCAStore"),
        CERT,
        SSL_CONF_TYPE_STORE,
        Action::CaNames,
    ),
    cmd(
        Some("ClientCAStore"),
        None,
        SRV_CERT,
        SSL_CONF_TYPE_STORE,
        Action::CaNames,
    ),
    cmd(
        Some("DHParameters"),
        Some("dhparam"),
        SRV_CERT,
        SSL_CONF_TYPE_FILE,
        Action::DhParameters,
    ),
    cmd(
        Some("RecordPadding"),
        Some("record_padding"),
        0,
        SSL_CONF_TYPE_STRING,
        Action::RecordPadding,
    ),
    cmd(
        Some("NumTickets"),
        Some("num_tickets"),
        SSL_CONF_FLAG_SERVER,
        SSL_CONF_TYPE_STRING,
        Action::NumTickets,
    ),
];

/// A command found in the table.
enum Found {
    Switch(&'static Flag),
    Cmd(&'static Cmd),
}

/// Checks that a DH parameter file holds DH parameters (the entry layer decodes it with
/// libcrypto).
pub type DhCheck = fn(&CStr) -> bool;

/// An `SSL_CONF_CTX`.
#[derive(Default)]
pub struct ConfCtx {
    pub flags: u32,
    prefix: Option<Vec<u8>>,
    target: Option<Box<dyn Target>>,
    /// The last certificate file loaded (with `SSL_CONF_FLAG_REQUIRE_PRIVATE`, `finish` loads the
    /// key from it when none was set).
    cert_file: Option<CString>,
}

/// Case-insensitive ASCII comparison, as `OPENSSL_strcasecmp`.
fn eq_nocase(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// C's `atoi` (leading blanks, a sign, digits; 0 when none).
fn atoi(s: &[u8]) -> i64 {
    let mut i = 0;
    while i < s.len() && (s[i] == b' ' || (b'\t'..=b'\r').contains(&s[i])) {
        i += 1;
    }
    let neg = i < s.len() && s[i] == b'-';
    if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        i += 1;
    }
    let mut v: i64 = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add(i64::from(s[i] - b'0'));
        i += 1;
    }
    if neg {
        -v
    } else {
        v
    }
}

/// Split a list on `sep` as libcrypto's `CONF_parse_list` with `nospc`: each element
/// trimmed of white space, `None` for an empty element. `f` returning false stops.
fn parse_list(list: &[u8], sep: u8, mut f: impl FnMut(Option<&[u8]>) -> bool) -> bool {
    let ws = |c: &u8| c.is_ascii_whitespace() || *c == 0x0b;
    let mut rest = list;
    loop {
        let start = rest.iter().position(|c| !ws(c)).unwrap_or(rest.len());
        rest = &rest[start..];
        let end = rest.iter().position(|c| *c == sep);
        let elem = &rest[..end.unwrap_or(rest.len())];
        let trimmed = match elem.iter().rposition(|c| !ws(c)) {
            Some(last) => &elem[..=last],
            None => &elem[..0],
        };
        let ok = if trimmed.is_empty() {
            f(None)
        } else {
            f(Some(trimmed))
        };
        if !ok {
            return false;
        }
        match end {
            None => return true,
            Some(e) => rest = &rest[e + 1..],
        }
    }
}

/// Whether a groups list names only groups OpenSSL knows, one of them ours (what
/// `SSL_CTX_set1_groups_list` checks, without a context to set).
fn groups_syntax_ok(v: &[u8]) -> bool {
    let text = String::from_utf8_lossy(v);
    let mut any = false;
    for name in text.split(':') {
        match crate::cipher::group_by_name(name) {
            None => return false,
            Some(g) => any |= g.is_some(),
        }
    }
    any
}

/// A protocol version by OpenSSL's name; `Some(None)` for the DTLS names (accepted by a
/// TLS context without changing anything, as OpenSSL does).
fn protocol_version(v: &[u8]) -> Option<Option<i32>> {
    Some(Some(match v {
        b"None" => 0,
        b"SSLv3" => SSL3_VERSION,
        b"TLSv1" => TLS1_VERSION,
        b"TLSv1.1" => TLS1_1_VERSION,
        b"TLSv1.2" => TLS1_2_VERSION,
        b"TLSv1.3" => TLS1_3_VERSION,
        b"DTLSv1" | b"DTLSv1.2" => return Some(None),
        _ => return None,
    }))
}

impl ConfCtx {
    pub fn new() -> ConfCtx {
        ConfCtx::default()
    }

    /// `SSL_CONF_CTX_set1_prefix` (`None` removes it).
    pub fn set_prefix(&mut self, prefix: Option<&[u8]>) {
        self.prefix = prefix.map(<[u8]>::to_vec);
    }

    /// Attach a context or connection (`None` detaches). Forgets the certificate file.
    pub fn set_target(&mut self, target: Option<Box<dyn Target>>) {
        self.target = target;
        self.cert_file = None;
    }

    /// The command without its prefix, or `None` when it lacks the required prefix.
    fn skip_prefix<'a>(&self, cmd: &'a [u8]) -> Option<&'a [u8]> {
        if let Some(p) = &self.prefix {
            if cmd.len() <= p.len() {
                return None;
            }
            let head = &cmd[..p.len()];
            if self.flags & SSL_CONF_FLAG_CMDLINE != 0 && head != p.as_slice() {
                return None;
            }
            if self.flags & SSL_CONF_FLAG_FILE != 0 && !eq_nocase(head, p) {
                return None;
            }
            Some(&cmd[p.len()..])
        } else if self.flags & SSL_CONF_FLAG_CMDLINE != 0 {
            if cmd.len() < 2 || cmd[0] != b'-' {
                return None;
            }
            Some(&cmd[1..])
        } else {
            Some(cmd)
        }
    }

    fn allowed(&self, needs: u32) -> bool {
        [
            SSL_CONF_FLAG_SERVER,
            SSL_CONF_FLAG_CLIENT,
            SSL_CONF_FLAG_CERTIFICATE,
        ]
        .iter()
        .all(|f| needs & f == 0 || self.flags & f != 0)
    }

    fn lookup(&self, cmd: &[u8]) -> Option<Found> {
        let cmdline = self.flags & SSL_CONF_FLAG_CMDLINE != 0;
        let file = self.flags & SSL_CONF_FLAG_FILE != 0;
        // The switches come first in OpenSSL's table and have command-line names only.
        if cmdline {
            if let Some(s) = SWITCHES
                .iter()
                .find(|s| self.allowed(s.roles) && s.name.as_bytes() == cmd)
            {
                return Some(Found::Switch(s));
            }
        }
        COMMANDS
            .iter()
            .find(|c| {
                self.allowed(c.flags)
                    && ((cmdline && c.cmdline.is_some_and(|n| n.as_bytes() == cmd))
                        || (file && c.file.is_some_and(|n| eq_nocase(n.as_bytes(), cmd))))
            })
            .map(Found::Cmd)
    }

    /// `SSL_CONF_cmd_value_type`.
    pub fn value_type(&self, cmd: &[u8]) -> i32 {
        match self.skip_prefix(cmd).and_then(|c| self.lookup(c)) {
            Some(Found::Switch(_)) => SSL_CONF_TYPE_NONE,
            Some(Found::Cmd(c)) => c.value_type,
            None => SSL_CONF_TYPE_UNKNOWN,
        }
    }

    /// `SSL_CONF_cmd`: 2, 1, 0, -2 or -3 (see the module documentation). Errors queued
    /// under `SSL_CONF_FLAG_SHOW_ERRORS`: `SSL_R_UNKNOWN_CMD_NAME` ("cmd=..."),
    /// `SSL_R_BAD_VALUE` ("cmd=..., value=..."); the setters' own errors always.
    pub fn cmd(&mut self, cmd: &[u8], value: Option<&CStr>, dh_check: DhCheck) -> i32 {
        let show = self.flags & SSL_CONF_FLAG_SHOW_ERRORS != 0;
        let stripped = self.skip_prefix(cmd);
        let found = stripped.and_then(|c| self.lookup(c));
        let name = String::from_utf8_lossy(stripped.unwrap_or(cmd)).into_owned();
        match found {
            None => {
                if show {
                    error::raise_data(
                        Reason(r::SSL_R_UNKNOWN_CMD_NAME),
                        "SSL_CONF_cmd",
                        &format!("cmd={name}"),
                    );
                }
                -2
            }
            Some(Found::Switch(s)) => {
                if s.kind == Kind::CertStrict {
                    // Compat: strict certificate checks (SSL_CERT_FLAG_TLS_STRICT) are
                    // not implemented; refused rather than ignored.
                    if show {
                        error::raise_data(
                            Reason(r::SSL_R_BAD_VALUE),
                            "SSL_CONF_cmd",
                            &format!("cmd={name}, value=<EMPTY>"),
                        );
                    }
                    return 0;
                }
                self.set_flag(s, true);
                1
            }
            Some(Found::Cmd(c)) => {
                let rv = match value {
                    None => -3,
                    Some(v) => match self.run(c.action, v, dh_check) {
                        true => return 2,
                        false => 0,
                    },
                };
                if show {
                    let v = value.map_or("<EMPTY>".into(), |v| v.to_string_lossy());
                    error::raise_data(
                        Reason(r::SSL_R_BAD_VALUE),
                        "SSL_CONF_cmd",
                        &format!("cmd={name}, value={v}"),
                    );
                }
                rv
            }
        }
    }

    /// Turn a flag on (`on`) or off, on the target if there is one.
    fn set_flag(&self, f: &Flag, on: bool) {
        let Some(t) = &self.target else { return };
        let on = on ^ f.inverted;
        t.settings(&mut |s| match f.kind {
            Kind::Option => {
                if on {
                    s.options |= f.bits;
                } else {
                    s.options &= !f.bits;
                }
            }
            Kind::Verify => {
                if on {
                    s.verify_mode |= f.bits as i32;
                } else {
                    s.verify_mode &= !(f.bits as i32);
                }
            }
            Kind::CertStrict => {}
        });
    }

    /// A flag list ("-SessionTicket,ServerPreference"): false at the first name that is
    /// unknown (or not for this role) or empty; names before it stay applied.
    fn flag_list(&self, table: &[Flag], value: &[u8]) -> bool {
        parse_list(value, b',', |elem| {
            let Some(mut e) = elem else { return false };
            let mut on = true;
            if let Some(rest) = e.strip_prefix(b"+") {
                e = rest;
            } else if let Some(rest) = e.strip_prefix(b"-") {
                e = rest;
                on = false;
            }
            match table
                .iter()
                .find(|f| self.flags & f.roles & BOTH != 0 && eq_nocase(f.name.as_bytes(), e))
            {
                Some(f) => {
                    self.set_flag(f, on);
                    true
                }
                None => false,
            }
        })
    }

    fn version_bound(&self, value: &CStr, min: bool) -> bool {
        let Some(t) = &self.target else { return false };
        let Some(v) = protocol_version(value.to_bytes()) else {
            return false;
        };
        if let Some(v) = v {
            t.settings(&mut |s| {
                if min {
                    s.min_version = v;
                } else {
                    s.max_version = v;
                }
            });
        }
        true
    }

    /// Run one command with its value: true when the value was used.
    fn run(&mut self, action: Action, value: &CStr, dh_check: DhCheck) -> bool {
        let v = value.to_bytes();
        let t = self.target.as_deref();
        match action {
            // Compat: signature algorithm lists are not implemented (rustls chooses
            // among the schemes its provider supports); refused as a bad value.
            Action::SigAlgs | Action::ClientSigAlgs => false,
            Action::Groups => match t {
                Some(t) => t.groups(value),
                // Syntax only.
                None => groups_syntax_ok(v),
            },
            Action::EcdhParameters => {
                if (self.flags & SSL_CONF_FLAG_FILE != 0
                    && (eq_nocase(v, b"+automatic") || eq_nocase(v, b"automatic")))
                    || (self.flags & SSL_CONF_FLAG_CMDLINE != 0 && v == b"auto")
                {
                    return true;
                }
                if v.contains(&b':') {
                    return false;
                }
                t.is_none_or(|t| t.groups(value))
            }
            Action::CipherString => t.is_none_or(|t| t.cipher_list(value)),
            Action::Ciphersuites => t.is_none_or(|t| t.ciphersuites(value)),
            Action::Protocol => self.flag_list(PROTOCOLS, v),
            Action::MinProtocol => self.version_bound(value, true),
            Action::MaxProtocol => self.version_bound(value, false),
            Action::Options => self.flag_list(OPTIONS, v),
            Action::VerifyMode => self.flag_list(VERIFY, v),
            Action::Certificate => {
                let Some(t) = t else { return true };
                let ok = t.certificate_chain_file(value);
                if ok && self.flags & SSL_CONF_FLAG_REQUIRE_PRIVATE != 0 {
                    self.cert_file = Some(value.to_owned());
                }
                ok
            }
            Action::PrivateKey => t.is_none_or(|t| t.private_key_file(value)),
            // Compat: serverinfo (SSL_CTX_use_serverinfo_file) is not implemented.
            Action::ServerInfoFile => t.is_none(),
            // Compat: separate chain-building and verification stores are not
            // implemented (chains are built from, and peers verified against, the
            // context's store); refused rather than merged into it.
            Action::Store => t.is_none(),
            // Compat: CA name lists (SSL_CTX_set0_CA_list) are not implemented.
            Action::CaNames => false,
            // Accepted once the file holds DH parameters: no suite this library offers
            // uses finite-field DH, so the parameters are never needed.
            Action::DhParameters => t.is_none() || dh_check(value),
            Action::RecordPadding => {
                let n = atoi(v);
                // 0 and 1 mean no padding, which is what this library does.
                // Compat: block padding (2..=16384) is refused (rustls cannot pad).
                t.is_some() && (n == 0 || n == 1)
            }
            Action::NumTickets => {
                let n = atoi(v);
                match t {
                    Some(t) if n >= 0 => t.num_tickets(n.min(i64::from(i32::MAX)) as i32),
                    _ => false,
                }
            }
        }
    }

    /// `SSL_CONF_CTX_finish`: with `SSL_CONF_FLAG_REQUIRE_PRIVATE`, a certificate loaded without
    /// a key gets its key from the certificate's file. Returns false when that fails.
    pub fn finish(&mut self) -> bool {
        if self.flags & SSL_CONF_FLAG_REQUIRE_PRIVATE == 0 {
            return true;
        }
        match (&self.target, &self.cert_file) {
            (Some(t), Some(f)) if !t.has_private_key() => t.private_key_file(f),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_as_conf_parse_list() {
        let mut seen = Vec::new();
        assert!(parse_list(b" a , b,c ", b',', |e| {
            seen.push(e.map(|e| e.to_vec()));
            true
        }));
        assert_eq!(
            seen,
            [
                Some(b"a".to_vec()),
                Some(b"b".to_vec()),
                Some(b"c".to_vec())
            ]
        );
        let mut n = 0;
        assert!(!parse_list(b"a,,b", b',', |e| {
            n += 1;
            e.is_some()
        }));
        assert_eq!(n, 2);
        assert!(!parse_list(b"", b',', |e| e.is_some()));
    }

    #[test]
    fn atoi_as_c() {
        assert_eq!(atoi(b"  42x"), 42);
        assert_eq!(atoi(b"-1"), -1);
        assert_eq!(atoi(b"abc"), 0);
    }

    #[test]
    fn prefixes_and_lookup() {
        let mut c = ConfCtx::new();
        c.flags = SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT;
        assert_eq!(c.value_type(b"-no_tls1"), SSL_CONF_TYPE_NONE);
        assert_eq!(c.value_type(b"-serverpref"), SSL_CONF_TYPE_UNKNOWN);
        assert_eq!(c.value_type(b"-cipher"), SSL_CONF_TYPE_STRING);
        assert_eq!(c.value_type(b"-cert"), SSL_CONF_TYPE_UNKNOWN);
        c.flags = SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE;
        assert_eq!(c.value_type(b"clientcafile"), SSL_CONF_TYPE_FILE);
        c.set_prefix(Some(b"TLS."));
        assert_eq!(c.value_type(b"tls.MinProtocol"), SSL_CONF_TYPE_STRING);
        assert_eq!(c.value_type(b"MinProtocol"), SSL_CONF_TYPE_UNKNOWN);
        assert_eq!(c.value_type(b"TLS."), SSL_CONF_TYPE_UNKNOWN);
    }
}
