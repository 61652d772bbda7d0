//! OpenSSL's public constants for the API this library implements, with the values of
//! OpenSSL 3.0's headers (`ssl.h`, `tls1.h`, `ssl3.h`, `prov_ssl.h`). cbindgen copies
//! them into `include/`, and `ctests/header_check.c` asserts each against OpenSSL's.

#![allow(non_upper_case_globals)]

use libc::{c_int, c_long};

// SSL_get_error results.
pub const SSL_ERROR_NONE: c_int = 0;
pub const SSL_ERROR_SSL: c_int = 1;
pub const SSL_ERROR_WANT_READ: c_int = 2;
pub const SSL_ERROR_WANT_WRITE: c_int = 3;
pub const SSL_ERROR_WANT_X509_LOOKUP: c_int = 4;
pub const SSL_ERROR_SYSCALL: c_int = 5;
pub const SSL_ERROR_ZERO_RETURN: c_int = 6;
pub const SSL_ERROR_WANT_CONNECT: c_int = 7;
pub const SSL_ERROR_WANT_ACCEPT: c_int = 8;

// The longest PSK identity (and identity hint) OpenSSL takes.
pub const PSK_MAX_IDENTITY_LEN: c_int = 256;

// SSL_want states.
pub const SSL_NOTHING: c_int = 1;
pub const SSL_WRITING: c_int = 2;
pub const SSL_READING: c_int = 3;
pub const SSL_X509_LOOKUP: c_int = 4;

// SSL_get_shutdown flags.
pub const SSL_SENT_SHUTDOWN: c_int = 1;
pub const SSL_RECEIVED_SHUTDOWN: c_int = 2;

// SSL_key_update types.
pub const SSL_KEY_UPDATE_NONE: c_int = -1;
pub const SSL_KEY_UPDATE_NOT_REQUESTED: c_int = 0;
pub const SSL_KEY_UPDATE_REQUESTED: c_int = 1;

// Modes (SSL_CTX_set_mode).
pub const SSL_MODE_ENABLE_PARTIAL_WRITE: u32 = 0x0000_0001;
pub const SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: u32 = 0x0000_0002;
pub const SSL_MODE_AUTO_RETRY: u32 = 0x0000_0004;
pub const SSL_MODE_NO_AUTO_CHAIN: u32 = 0x0000_0008;
pub const SSL_MODE_RELEASE_BUFFERS: u32 = 0x0000_0010;
pub const SSL_MODE_SEND_CLIENTHELLO_TIME: u32 = 0x0000_0020;
pub const SSL_MODE_SEND_SERVERHELLO_TIME: u32 = 0x0000_0040;
pub const SSL_MODE_SEND_FALLBACK_SCSV: u32 = 0x0000_0080;
pub const SSL_MODE_ASYNC: u32 = 0x0000_0100;

// Options (SSL_CTX_set_options).
pub const SSL_OP_NO_EXTENDED_MASTER_SECRET: u64 = 0x1;
pub const SSL_OP_CLEANSE_PLAINTEXT: u64 = 0x2;
pub const SSL_OP_LEGACY_SERVER_CONNECT: u64 = 0x4;
pub const SSL_OP_ENABLE_KTLS: u64 = 0x8;
pub const SSL_OP_TLSEXT_PADDING: u64 = 0x10;
pub const SSL_OP_SAFARI_ECDHE_ECDSA_BUG: u64 = 0x40;
pub const SSL_OP_IGNORE_UNEXPECTED_EOF: u64 = 0x80;
pub const SSL_OP_ALLOW_CLIENT_RENEGOTIATION: u64 = 0x100;
pub const SSL_OP_DISABLE_TLSEXT_CA_NAMES: u64 = 0x200;
pub const SSL_OP_ALLOW_NO_DHE_KEX: u64 = 0x400;
pub const SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: u64 = 0x800;
pub const SSL_OP_NO_QUERY_MTU: u64 = 0x1000;
pub const SSL_OP_COOKIE_EXCHANGE: u64 = 0x2000;
pub const SSL_OP_NO_TICKET: u64 = 0x4000;
pub const SSL_OP_CISCO_ANYCONNECT: u64 = 0x8000;
pub const SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: u64 = 0x10000;
pub const SSL_OP_NO_COMPRESSION: u64 = 0x20000;
pub const SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: u64 = 0x40000;
pub const SSL_OP_NO_ENCRYPT_THEN_MAC: u64 = 0x80000;
pub const SSL_OP_ENABLE_MIDDLEBOX_COMPAT: u64 = 0x100000;
pub const SSL_OP_PRIORITIZE_CHACHA: u64 = 0x200000;
pub const SSL_OP_CIPHER_SERVER_PREFERENCE: u64 = 0x400000;
pub const SSL_OP_TLS_ROLLBACK_BUG: u64 = 0x800000;
pub const SSL_OP_NO_ANTI_REPLAY: u64 = 0x1000000;
pub const SSL_OP_NO_SSLv3: u64 = 0x2000000;
pub const SSL_OP_NO_TLSv1: u64 = 0x4000000;
pub const SSL_OP_NO_TLSv1_2: u64 = 0x8000000;
pub const SSL_OP_NO_TLSv1_1: u64 = 0x10000000;
pub const SSL_OP_NO_TLSv1_3: u64 = 0x20000000;
pub const SSL_OP_NO_RENEGOTIATION: u64 = 0x40000000;
pub const SSL_OP_CRYPTOPRO_TLSEXT_BUG: u64 = 0x80000000;

// Controls (SSL_CTX_ctrl / SSL_ctrl commands).
pub const SSL_CTRL_MODE: c_int = 33;
pub const SSL_CTRL_CLEAR_MODE: c_int = 78;
pub const SSL_CTRL_SET_MIN_PROTO_VERSION: c_int = 123;
pub const SSL_CTRL_SET_MAX_PROTO_VERSION: c_int = 124;
pub const SSL_CTRL_GET_MIN_PROTO_VERSION: c_int = 130;
pub const SSL_CTRL_GET_MAX_PROTO_VERSION: c_int = 131;

// Verification.
pub const SSL_VERIFY_NONE: c_int = 0x00;
pub const SSL_VERIFY_PEER: c_int = 0x01;
pub const SSL_VERIFY_FAIL_IF_NO_PEER_CERT: c_int = 0x02;
pub const SSL_VERIFY_CLIENT_ONCE: c_int = 0x04;
pub const SSL_VERIFY_POST_HANDSHAKE: c_int = 0x08;
pub const X509_V_OK: c_long = 0;

// File types.
pub const SSL_FILETYPE_PEM: c_int = 1;
pub const SSL_FILETYPE_ASN1: c_int = 2;

// Protocol versions.
pub const SSL3_VERSION: c_int = 0x0300;
pub const TLS1_VERSION: c_int = 0x0301;
pub const TLS1_1_VERSION: c_int = 0x0302;
pub const TLS1_2_VERSION: c_int = 0x0303;
pub const TLS1_3_VERSION: c_int = 0x0304;

// OPENSSL_init_ssl options.
pub const OPENSSL_INIT_NO_LOAD_SSL_STRINGS: u64 = 0x0010_0000;
pub const OPENSSL_INIT_LOAD_SSL_STRINGS: u64 = 0x0020_0000;
pub const OPENSSL_INIT_LOAD_CONFIG: u64 = 0x0000_0040;
pub const OPENSSL_INIT_NO_LOAD_CONFIG: u64 = 0x0000_0080;

// Extensions.
pub const SSL_CTRL_SET_TLSEXT_HOSTNAME: c_int = 55;
pub const TLSEXT_NAMETYPE_host_name: c_int = 0;
pub const SSL_TLSEXT_ERR_OK: c_int = 0;
pub const SSL_TLSEXT_ERR_ALERT_WARNING: c_int = 1;
pub const SSL_TLSEXT_ERR_ALERT_FATAL: c_int = 2;
pub const SSL_TLSEXT_ERR_NOACK: c_int = 3;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_CB: c_int = 53;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG: c_int = 54;
pub const SSL_CTRL_SET_GROUPS_LIST: c_int = 92;
pub const SSL_CTRL_GET_NEGOTIATED_GROUP: c_int = 134;
pub const SSL_CTRL_GET_SHARED_GROUP: c_int = 93;

// Info callback events (`SSL_CTX_set_info_callback`).
pub const SSL_ST_CONNECT: i32 = 0x1000;
pub const SSL_ST_ACCEPT: i32 = 0x2000;
pub const SSL_CB_LOOP: i32 = 0x01;
pub const SSL_CB_EXIT: i32 = 0x02;
pub const SSL_CB_READ: i32 = 0x04;
pub const SSL_CB_WRITE: i32 = 0x08;
pub const SSL_CB_ALERT: i32 = 0x4000;
pub const SSL_CB_READ_ALERT: i32 = SSL_CB_ALERT | SSL_CB_READ;
pub const SSL_CB_WRITE_ALERT: i32 = SSL_CB_ALERT | SSL_CB_WRITE;
pub const SSL_CB_ACCEPT_LOOP: i32 = SSL_ST_ACCEPT | SSL_CB_LOOP;
pub const SSL_CB_ACCEPT_EXIT: i32 = SSL_ST_ACCEPT | SSL_CB_EXIT;
pub const SSL_CB_CONNECT_LOOP: i32 = SSL_ST_CONNECT | SSL_CB_LOOP;
pub const SSL_CB_CONNECT_EXIT: i32 = SSL_ST_CONNECT | SSL_CB_EXIT;
pub const SSL_CB_HANDSHAKE_START: i32 = 0x10;
pub const SSL_CB_HANDSHAKE_DONE: i32 = 0x20;

// Session cache (`SSL_CTX_set_session_cache_mode` and the `SSL_CTX_sess_*` macros).
pub const SSL_SESS_CACHE_OFF: i64 = 0x0000;
pub const SSL_SESS_CACHE_CLIENT: i64 = 0x0001;
pub const SSL_SESS_CACHE_SERVER: i64 = 0x0002;
pub const SSL_SESS_CACHE_BOTH: i64 = 0x0003;
pub const SSL_SESS_CACHE_NO_AUTO_CLEAR: i64 = 0x0080;
pub const SSL_SESS_CACHE_NO_INTERNAL_LOOKUP: i64 = 0x0100;
pub const SSL_SESS_CACHE_NO_INTERNAL_STORE: i64 = 0x0200;
pub const SSL_SESS_CACHE_NO_INTERNAL: i64 = 0x0300;
pub const SSL_SESS_CACHE_UPDATE_TIME: i64 = 0x0400;
pub const SSL_CTRL_SESS_NUMBER: i32 = 20;
pub const SSL_CTRL_SESS_CONNECT: i32 = 21;
pub const SSL_CTRL_SESS_CONNECT_GOOD: i32 = 22;
pub const SSL_CTRL_SESS_CONNECT_RENEGOTIATE: i32 = 23;
pub const SSL_CTRL_SESS_ACCEPT: i32 = 24;
pub const SSL_CTRL_SESS_ACCEPT_GOOD: i32 = 25;
pub const SSL_CTRL_SESS_ACCEPT_RENEGOTIATE: i32 = 26;
pub const SSL_CTRL_SESS_HIT: i32 = 27;
pub const SSL_CTRL_SESS_CB_HIT: i32 = 28;
pub const SSL_CTRL_SESS_MISSES: i32 = 29;
pub const SSL_CTRL_SESS_TIMEOUTS: i32 = 30;
pub const SSL_CTRL_SESS_CACHE_FULL: i32 = 31;
pub const SSL_CTRL_SET_SESS_CACHE_SIZE: i32 = 42;
pub const SSL_CTRL_GET_SESS_CACHE_SIZE: i32 = 43;
pub const SSL_CTRL_SET_SESS_CACHE_MODE: i32 = 44;
pub const SSL_CTRL_GET_SESS_CACHE_MODE: i32 = 45;
pub const SSL_CTRL_GET_TLSEXT_TICKET_KEYS: i32 = 58;
pub const SSL_CTRL_SET_TLSEXT_TICKET_KEYS: i32 = 59;
pub const SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB: i32 = 72;
