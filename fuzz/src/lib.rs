//! Shared pieces of the fuzz targets: the libcrypto functions they call, the test
//! identities, an input reader, a position-keyed data stream, and the call checks.
//!
//! The targets drive the library only through its exported `extern "C"` functions,
//! declared here with OpenSSL's prototypes and called by symbol exactly as a C program
//! calls them, over libcrypto BIOs.

#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    clippy::missing_safety_doc
)]

use libc::{c_char, c_int, c_long, c_uint, c_ulong, c_void, size_t};

// The library under test. Its functions are called through the C declarations below,
// as a C program calls them (by symbol, so moving a function between the library's
// modules changes nothing here); this links the library's rlib into every target.
extern crate ssl;

pub enum SSL {}
pub enum SSL_CTX {}
pub enum SSL_METHOD {}
pub enum SSL_CIPHER {}
pub enum BIO {}
pub enum BIO_METHOD {}
pub enum X509 {}
pub enum EVP_PKEY {}
pub enum X509_STORE_CTX {}
pub enum OPENSSL_STACK {}
pub enum SSL_SESSION {}
pub enum SSL_CONF_CTX {}
pub enum EVP_CIPHER_CTX {}
pub enum EVP_CIPHER {}
pub enum EVP_MAC_CTX {}
pub enum EVP_MD {}
pub enum HMAC_CTX {}

/// libcrypto's `OSSL_PARAM`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct OSSL_PARAM {
    pub key: *const c_char,
    pub data_type: c_uint,
    pub data: *mut c_void,
    pub data_size: size_t,
    pub return_size: size_t,
}

pub type NewSessionCb = Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int>;
pub type RemoveSessionCb = Option<unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)>;
pub type GetSessionCb =
    Option<unsafe extern "C" fn(*mut SSL, *const u8, c_int, *mut c_int) -> *mut SSL_SESSION>;
pub type TicketKeyEvpCb = Option<
    unsafe extern "C" fn(
        *mut SSL,
        *mut u8,
        *mut u8,
        *mut EVP_CIPHER_CTX,
        *mut EVP_MAC_CTX,
        c_int,
    ) -> c_int,
>;
pub type TicketKeyLegacyCb = unsafe extern "C" fn(
    *mut SSL,
    *mut u8,
    *mut u8,
    *mut EVP_CIPHER_CTX,
    *mut HMAC_CTX,
    c_int,
) -> c_int;
pub type TicketGenCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>;
pub type TicketDecCb = Option<
    unsafe extern "C" fn(
        *mut SSL,
        *mut SSL_SESSION,
        *const u8,
        size_t,
        c_int,
        *mut c_void,
    ) -> c_int,
>;
pub type KeylogCb = Option<unsafe extern "C" fn(*const SSL, *const c_char)>;
pub type InfoCb = Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>;
pub type ClientHelloCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>;

pub type VerifyCb = Option<unsafe extern "C" fn(c_int, *mut X509_STORE_CTX) -> c_int>;
pub type ServernameCb = unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int;
pub type ClientCertCb =
    Option<unsafe extern "C" fn(*mut SSL, *mut *mut X509, *mut *mut EVP_PKEY) -> c_int>;
pub type AlpnSelectCb = Option<
    unsafe extern "C" fn(
        *mut SSL,
        *mut *const u8,
        *mut u8,
        *const u8,
        c_uint,
        *mut c_void,
    ) -> c_int,
>;

// ---- the library: OpenSSL 3's prototypes ------------------------------------------------

extern "C" {
    pub fn OPENSSL_init_ssl(opts: u64, settings: *const c_void) -> c_int;
    pub fn TLS_method() -> *const SSL_METHOD;
    pub fn TLS_client_method() -> *const SSL_METHOD;
    pub fn TLS_server_method() -> *const SSL_METHOD;

    pub fn SSL_CTX_new(meth: *const SSL_METHOD) -> *mut SSL_CTX;
    pub fn SSL_CTX_up_ref(ctx: *mut SSL_CTX) -> c_int;
    pub fn SSL_CTX_free(ctx: *mut SSL_CTX);
    pub fn SSL_CTX_ctrl(ctx: *mut SSL_CTX, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn SSL_CTX_callback_ctrl(
        ctx: *mut SSL_CTX,
        cmd: c_int,
        fp: Option<unsafe extern "C" fn()>,
    ) -> c_long;
    pub fn SSL_CTX_set_mode(ctx: *mut SSL_CTX, mode: c_long) -> c_long;
    pub fn SSL_CTX_clear_mode(ctx: *mut SSL_CTX, mode: c_long) -> c_long;
    pub fn SSL_CTX_get_mode(ctx: *mut SSL_CTX) -> c_long;
    pub fn SSL_CTX_set_min_proto_version(ctx: *mut SSL_CTX, v: c_int) -> c_int;
    pub fn SSL_CTX_set_max_proto_version(ctx: *mut SSL_CTX, v: c_int) -> c_int;
    pub fn SSL_CTX_get_min_proto_version(ctx: *mut SSL_CTX) -> c_int;
    pub fn SSL_CTX_get_max_proto_version(ctx: *mut SSL_CTX) -> c_int;
    pub fn SSL_CTX_set_options(ctx: *mut SSL_CTX, op: u64) -> u64;
    pub fn SSL_CTX_clear_options(ctx: *mut SSL_CTX, op: u64) -> u64;
    pub fn SSL_CTX_get_options(ctx: *const SSL_CTX) -> u64;
    pub fn SSL_CTX_set_verify(ctx: *mut SSL_CTX, mode: c_int, cb: VerifyCb);
    pub fn SSL_CTX_get_verify_mode(ctx: *const SSL_CTX) -> c_int;
    pub fn SSL_CTX_set_verify_depth(ctx: *mut SSL_CTX, depth: c_int);
    pub fn SSL_CTX_get_verify_depth(ctx: *const SSL_CTX) -> c_int;
    pub fn SSL_CTX_set_quiet_shutdown(ctx: *mut SSL_CTX, mode: c_int);
    pub fn SSL_CTX_get_quiet_shutdown(ctx: *const SSL_CTX) -> c_int;
    pub fn SSL_CTX_load_verify_locations(
        ctx: *mut SSL_CTX,
        file: *const c_char,
        dir: *const c_char,
    ) -> c_int;
    pub fn SSL_CTX_load_verify_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int;
    pub fn SSL_CTX_load_verify_dir(ctx: *mut SSL_CTX, dir: *const c_char) -> c_int;
    pub fn SSL_CTX_set_default_verify_paths(ctx: *mut SSL_CTX) -> c_int;
    pub fn SSL_CTX_use_certificate_file(
        ctx: *mut SSL_CTX,
        file: *const c_char,
        kind: c_int,
    ) -> c_int;
    pub fn SSL_CTX_use_certificate_chain_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int;
    pub fn SSL_CTX_use_PrivateKey_file(
        ctx: *mut SSL_CTX,
        file: *const c_char,
        kind: c_int,
    ) -> c_int;
    pub fn SSL_CTX_use_certificate(ctx: *mut SSL_CTX, x: *mut X509) -> c_int;
    pub fn SSL_CTX_use_PrivateKey(ctx: *mut SSL_CTX, k: *mut EVP_PKEY) -> c_int;
    pub fn SSL_CTX_check_private_key(ctx: *const SSL_CTX) -> c_int;
    pub fn SSL_CTX_add_client_CA(ctx: *mut SSL_CTX, x: *mut X509) -> c_int;
    pub fn SSL_CTX_set_client_CA_list(ctx: *mut SSL_CTX, list: *mut OPENSSL_STACK);
    pub fn SSL_load_client_CA_file(file: *const c_char) -> *mut OPENSSL_STACK;
    pub fn SSL_CTX_set_alpn_protos(ctx: *mut SSL_CTX, p: *const u8, len: c_uint) -> c_int;
    pub fn SSL_CTX_set_alpn_select_cb(ctx: *mut SSL_CTX, cb: AlpnSelectCb, arg: *mut c_void);
    pub fn SSL_CTX_set_client_cert_cb(ctx: *mut SSL_CTX, cb: ClientCertCb);
    pub fn SSL_CTX_set_ex_data(ctx: *mut SSL_CTX, idx: c_int, data: *mut c_void) -> c_int;
    pub fn SSL_CTX_get_ex_data(ctx: *const SSL_CTX, idx: c_int) -> *mut c_void;
    pub fn SSL_CTX_set_cipher_list(ctx: *mut SSL_CTX, s: *const c_char) -> c_int;
    pub fn SSL_CTX_set_ciphersuites(ctx: *mut SSL_CTX, s: *const c_char) -> c_int;

    pub fn SSL_new(ctx: *mut SSL_CTX) -> *mut SSL;
    pub fn SSL_up_ref(ssl: *mut SSL) -> c_int;
    pub fn SSL_free(ssl: *mut SSL);
    pub fn SSL_ctrl(ssl: *mut SSL, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn SSL_set_mode(ssl: *mut SSL, mode: c_long) -> c_long;
    pub fn SSL_clear_mode(ssl: *mut SSL, mode: c_long) -> c_long;
    pub fn SSL_get_mode(ssl: *mut SSL) -> c_long;
    pub fn SSL_set_min_proto_version(ssl: *mut SSL, v: c_int) -> c_int;
    pub fn SSL_set_max_proto_version(ssl: *mut SSL, v: c_int) -> c_int;
    pub fn SSL_get_min_proto_version(ssl: *mut SSL) -> c_int;
    pub fn SSL_get_max_proto_version(ssl: *mut SSL) -> c_int;
    pub fn SSL_set_options(ssl: *mut SSL, op: u64) -> u64;
    pub fn SSL_clear_options(ssl: *mut SSL, op: u64) -> u64;
    pub fn SSL_get_options(ssl: *const SSL) -> u64;
    pub fn SSL_set_verify(ssl: *mut SSL, mode: c_int, cb: VerifyCb);
    pub fn SSL_get_verify_mode(ssl: *const SSL) -> c_int;
    pub fn SSL_set_verify_depth(ssl: *mut SSL, depth: c_int);
    pub fn SSL_get_verify_depth(ssl: *const SSL) -> c_int;
    pub fn SSL_set1_host(ssl: *mut SSL, name: *const c_char) -> c_int;
    pub fn SSL_add1_host(ssl: *mut SSL, name: *const c_char) -> c_int;
    pub fn SSL_set_hostflags(ssl: *mut SSL, flags: c_uint);
    pub fn SSL_get0_peername(ssl: *mut SSL) -> *const c_char;
    pub fn SSL_get_verify_result(ssl: *const SSL) -> c_long;
    pub fn SSL_get1_peer_certificate(ssl: *const SSL) -> *mut X509;
    pub fn SSL_get0_peer_certificate(ssl: *const SSL) -> *mut X509;
    pub fn SSL_get_peer_cert_chain(ssl: *const SSL) -> *mut OPENSSL_STACK;
    pub fn SSL_get0_verified_chain(ssl: *const SSL) -> *mut OPENSSL_STACK;
    pub fn SSL_use_certificate(ssl: *mut SSL, x: *mut X509) -> c_int;
    pub fn SSL_use_PrivateKey(ssl: *mut SSL, k: *mut EVP_PKEY) -> c_int;
    pub fn SSL_use_certificate_file(ssl: *mut SSL, file: *const c_char, kind: c_int) -> c_int;
    pub fn SSL_use_certificate_chain_file(ssl: *mut SSL, file: *const c_char) -> c_int;
    pub fn SSL_use_PrivateKey_file(ssl: *mut SSL, file: *const c_char, kind: c_int) -> c_int;
    pub fn SSL_check_private_key(ssl: *const SSL) -> c_int;
    pub fn SSL_set0_rbio(ssl: *mut SSL, b: *mut BIO);
    pub fn SSL_set0_wbio(ssl: *mut SSL, b: *mut BIO);
    pub fn SSL_set_bio(ssl: *mut SSL, r: *mut BIO, w: *mut BIO);
    pub fn SSL_get_rbio(ssl: *const SSL) -> *mut BIO;
    pub fn SSL_get_wbio(ssl: *const SSL) -> *mut BIO;
    pub fn SSL_set_fd(ssl: *mut SSL, fd: c_int) -> c_int;
    pub fn SSL_set_rfd(ssl: *mut SSL, fd: c_int) -> c_int;
    pub fn SSL_set_wfd(ssl: *mut SSL, fd: c_int) -> c_int;
    pub fn SSL_get_fd(ssl: *const SSL) -> c_int;
    pub fn SSL_get_rfd(ssl: *const SSL) -> c_int;
    pub fn SSL_get_wfd(ssl: *const SSL) -> c_int;
    pub fn SSL_get_SSL_CTX(ssl: *const SSL) -> *mut SSL_CTX;
    pub fn SSL_set_SSL_CTX(ssl: *mut SSL, ctx: *mut SSL_CTX) -> *mut SSL_CTX;
    pub fn SSL_set_connect_state(ssl: *mut SSL);
    pub fn SSL_set_accept_state(ssl: *mut SSL);
    pub fn SSL_is_server(ssl: *const SSL) -> c_int;
    pub fn SSL_is_init_finished(ssl: *const SSL) -> c_int;
    pub fn SSL_in_before(ssl: *const SSL) -> c_int;
    pub fn SSL_in_init(ssl: *const SSL) -> c_int;
    pub fn SSL_version(ssl: *const SSL) -> c_int;
    pub fn SSL_get_version(ssl: *const SSL) -> *const c_char;
    pub fn SSL_get_shutdown(ssl: *const SSL) -> c_int;
    pub fn SSL_set_shutdown(ssl: *mut SSL, mode: c_int);
    pub fn SSL_set_quiet_shutdown(ssl: *mut SSL, mode: c_int);
    pub fn SSL_get_quiet_shutdown(ssl: *const SSL) -> c_int;
    pub fn SSL_set_ex_data(ssl: *mut SSL, idx: c_int, data: *mut c_void) -> c_int;
    pub fn SSL_get_ex_data(ssl: *const SSL, idx: c_int) -> *mut c_void;
    pub fn SSL_get_ex_data_X509_STORE_CTX_idx() -> c_int;
    pub fn SSL_set_alpn_protos(ssl: *mut SSL, p: *const u8, len: c_uint) -> c_int;
    pub fn SSL_get0_alpn_selected(ssl: *const SSL, data: *mut *const u8, len: *mut c_uint);
    pub fn SSL_select_next_proto(
        out: *mut *mut u8,
        outlen: *mut u8,
        server: *const u8,
        server_len: c_uint,
        client: *const u8,
        client_len: c_uint,
    ) -> c_int;
    pub fn SSL_get_servername(ssl: *const SSL, kind: c_int) -> *const c_char;
    pub fn SSL_get_servername_type(ssl: *const SSL) -> c_int;
    pub fn SSL_set_cipher_list(ssl: *mut SSL, s: *const c_char) -> c_int;
    pub fn SSL_set_ciphersuites(ssl: *mut SSL, s: *const c_char) -> c_int;
    pub fn SSL_get_cipher_list(ssl: *const SSL, n: c_int) -> *const c_char;
    pub fn SSL_get_current_cipher(ssl: *const SSL) -> *const SSL_CIPHER;
    pub fn SSL_CIPHER_get_name(c: *const SSL_CIPHER) -> *const c_char;
    pub fn SSL_CIPHER_standard_name(c: *const SSL_CIPHER) -> *const c_char;
    pub fn SSL_CIPHER_get_version(c: *const SSL_CIPHER) -> *const c_char;
    pub fn SSL_CIPHER_get_bits(c: *const SSL_CIPHER, alg_bits: *mut c_int) -> c_int;
    pub fn SSL_CIPHER_get_id(c: *const SSL_CIPHER) -> u32;
    pub fn SSL_CIPHER_description(
        c: *const SSL_CIPHER,
        buf: *mut c_char,
        size: c_int,
    ) -> *mut c_char;

    pub fn SSL_do_handshake(ssl: *mut SSL) -> c_int;
    pub fn SSL_connect(ssl: *mut SSL) -> c_int;
    pub fn SSL_accept(ssl: *mut SSL) -> c_int;
    pub fn SSL_write(ssl: *mut SSL, buf: *const c_void, num: c_int) -> c_int;
    pub fn SSL_write_ex(
        ssl: *mut SSL,
        buf: *const c_void,
        num: size_t,
        written: *mut size_t,
    ) -> c_int;
    pub fn SSL_read(ssl: *mut SSL, buf: *mut c_void, num: c_int) -> c_int;
    pub fn SSL_read_ex(ssl: *mut SSL, buf: *mut c_void, num: size_t, read: *mut size_t) -> c_int;
    pub fn SSL_peek(ssl: *mut SSL, buf: *mut c_void, num: c_int) -> c_int;
    pub fn SSL_peek_ex(ssl: *mut SSL, buf: *mut c_void, num: size_t, read: *mut size_t) -> c_int;
    pub fn SSL_pending(ssl: *const SSL) -> c_int;
    pub fn SSL_has_pending(ssl: *const SSL) -> c_int;
    pub fn SSL_want(ssl: *const SSL) -> c_int;
    pub fn SSL_get_error(ssl: *const SSL, ret: c_int) -> c_int;
    pub fn SSL_key_update(ssl: *mut SSL, kind: c_int) -> c_int;
    pub fn SSL_get_key_update_type(ssl: *const SSL) -> c_int;
    pub fn SSL_shutdown(ssl: *mut SSL) -> c_int;

    // ---- sessions ----
    pub fn SSL_SESSION_new() -> *mut SSL_SESSION;
    pub fn SSL_SESSION_free(s: *mut SSL_SESSION);
    pub fn SSL_SESSION_up_ref(s: *mut SSL_SESSION) -> c_int;
    pub fn SSL_SESSION_dup(s: *const SSL_SESSION) -> *mut SSL_SESSION;
    pub fn SSL_SESSION_get_id(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8;
    pub fn SSL_SESSION_get0_id_context(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8;
    pub fn SSL_SESSION_set1_id(s: *mut SSL_SESSION, sid: *const u8, len: c_uint) -> c_int;
    pub fn SSL_SESSION_set1_id_context(s: *mut SSL_SESSION, sid: *const u8, len: c_uint) -> c_int;
    pub fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long;
    pub fn SSL_SESSION_set_time(s: *mut SSL_SESSION, t: c_long) -> c_long;
    pub fn SSL_SESSION_get_time_ex(s: *const SSL_SESSION) -> libc::time_t;
    pub fn SSL_SESSION_set_time_ex(s: *mut SSL_SESSION, t: libc::time_t) -> libc::time_t;
    pub fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long;
    pub fn SSL_SESSION_set_timeout(s: *mut SSL_SESSION, t: c_long) -> c_long;
    pub fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int;
    pub fn SSL_SESSION_set_protocol_version(s: *mut SSL_SESSION, v: c_int) -> c_int;
    pub fn SSL_SESSION_get0_cipher(s: *const SSL_SESSION) -> *const SSL_CIPHER;
    pub fn SSL_SESSION_set_cipher(s: *mut SSL_SESSION, c: *const SSL_CIPHER) -> c_int;
    pub fn SSL_SESSION_get0_hostname(s: *const SSL_SESSION) -> *const c_char;
    pub fn SSL_SESSION_set1_hostname(s: *mut SSL_SESSION, h: *const c_char) -> c_int;
    pub fn SSL_SESSION_get0_alpn_selected(
        s: *const SSL_SESSION,
        a: *mut *const u8,
        len: *mut size_t,
    );
    pub fn SSL_SESSION_set1_alpn_selected(s: *mut SSL_SESSION, a: *const u8, len: size_t) -> c_int;
    pub fn SSL_SESSION_get0_peer(s: *mut SSL_SESSION) -> *mut X509;
    pub fn SSL_SESSION_get0_peer_rpk(s: *mut SSL_SESSION) -> *mut EVP_PKEY;
    pub fn SSL_SESSION_has_ticket(s: *const SSL_SESSION) -> c_int;
    pub fn SSL_SESSION_get_ticket_lifetime_hint(s: *const SSL_SESSION) -> c_ulong;
    pub fn SSL_SESSION_get_max_early_data(s: *const SSL_SESSION) -> u32;
    pub fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int;
    pub fn SSL_SESSION_get_master_key(
        s: *const SSL_SESSION,
        out: *mut u8,
        outlen: size_t,
    ) -> size_t;
    pub fn SSL_SESSION_set_ex_data(s: *mut SSL_SESSION, idx: c_int, data: *mut c_void) -> c_int;
    pub fn SSL_SESSION_get_ex_data(s: *const SSL_SESSION, idx: c_int) -> *mut c_void;
    pub fn SSL_SESSION_set1_ticket_appdata(
        s: *mut SSL_SESSION,
        d: *const c_void,
        len: size_t,
    ) -> c_int;
    pub fn SSL_SESSION_get0_ticket_appdata(
        s: *mut SSL_SESSION,
        d: *mut *mut c_void,
        len: *mut size_t,
    ) -> c_int;
    pub fn i2d_SSL_SESSION(s: *const SSL_SESSION, pp: *mut *mut u8) -> c_int;
    pub fn d2i_SSL_SESSION(
        a: *mut *mut SSL_SESSION,
        pp: *mut *const u8,
        length: c_long,
    ) -> *mut SSL_SESSION;
    pub fn d2i_SSL_SESSION_ex(
        a: *mut *mut SSL_SESSION,
        pp: *mut *const u8,
        length: c_long,
        libctx: *mut c_void,
        propq: *const c_char,
    ) -> *mut SSL_SESSION;
    pub fn SSL_get_session(ssl: *const SSL) -> *mut SSL_SESSION;
    pub fn SSL_get1_session(ssl: *mut SSL) -> *mut SSL_SESSION;
    pub fn SSL_set_session(ssl: *mut SSL, s: *mut SSL_SESSION) -> c_int;
    pub fn SSL_copy_session_id(to: *mut SSL, from: *const SSL) -> c_int;
    pub fn SSL_session_reused(ssl: *const SSL) -> c_int;
    pub fn SSL_get_client_random(ssl: *const SSL, out: *mut u8, outlen: size_t) -> size_t;
    pub fn SSL_get_server_random(ssl: *const SSL, out: *mut u8, outlen: size_t) -> size_t;
    pub fn SSL_get_finished(ssl: *const SSL, buf: *mut c_void, count: size_t) -> size_t;
    pub fn SSL_get_peer_finished(ssl: *const SSL, buf: *mut c_void, count: size_t) -> size_t;
    pub fn SSL_set_session_id_context(ssl: *mut SSL, sid: *const u8, len: c_uint) -> c_int;
    pub fn SSL_CTX_set_session_id_context(ctx: *mut SSL_CTX, sid: *const u8, len: c_uint) -> c_int;
    pub fn SSL_CTX_set_timeout(ctx: *mut SSL_CTX, t: c_long) -> c_long;
    pub fn SSL_CTX_get_timeout(ctx: *const SSL_CTX) -> c_long;
    pub fn SSL_CTX_add_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int;
    pub fn SSL_CTX_remove_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int;
    pub fn SSL_CTX_flush_sessions(ctx: *mut SSL_CTX, tm: c_long);
    pub fn SSL_CTX_flush_sessions_ex(ctx: *mut SSL_CTX, tm: libc::time_t);
    pub fn SSL_CTX_sess_set_new_cb(ctx: *mut SSL_CTX, cb: NewSessionCb);
    pub fn SSL_CTX_sess_get_new_cb(ctx: *mut SSL_CTX) -> NewSessionCb;
    pub fn SSL_CTX_sess_set_remove_cb(ctx: *mut SSL_CTX, cb: RemoveSessionCb);
    pub fn SSL_CTX_sess_get_remove_cb(ctx: *mut SSL_CTX) -> RemoveSessionCb;
    pub fn SSL_CTX_sess_set_get_cb(ctx: *mut SSL_CTX, cb: GetSessionCb);
    pub fn SSL_CTX_sess_get_get_cb(ctx: *mut SSL_CTX) -> GetSessionCb;
    pub fn SSL_CTX_set_num_tickets(ctx: *mut SSL_CTX, n: size_t) -> c_int;
    pub fn SSL_CTX_get_num_tickets(ctx: *const SSL_CTX) -> size_t;
    pub fn SSL_set_num_tickets(ssl: *mut SSL, n: size_t) -> c_int;
    pub fn SSL_get_num_tickets(ssl: *const SSL) -> size_t;
    pub fn SSL_CTX_set_keylog_callback(ctx: *mut SSL_CTX, cb: KeylogCb);
    pub fn SSL_CTX_get_keylog_callback(ctx: *const SSL_CTX) -> KeylogCb;
    pub fn SSL_CTX_set_session_ticket_cb(
        ctx: *mut SSL_CTX,
        gen_cb: TicketGenCb,
        dec_cb: TicketDecCb,
        arg: *mut c_void,
    ) -> c_int;
    pub fn SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx: *mut SSL_CTX, cb: TicketKeyEvpCb) -> c_int;

    // ---- callbacks and handshake details ----
    pub fn SSL_CTX_set_info_callback(ctx: *mut SSL_CTX, cb: InfoCb);
    pub fn SSL_CTX_get_info_callback(ctx: *mut SSL_CTX) -> InfoCb;
    pub fn SSL_set_info_callback(ssl: *mut SSL, cb: InfoCb);
    pub fn SSL_get_info_callback(ssl: *const SSL) -> InfoCb;
    pub fn SSL_CTX_set_client_hello_cb(ctx: *mut SSL_CTX, cb: ClientHelloCb, arg: *mut c_void);
    pub fn SSL_client_hello_isv2(ssl: *mut SSL) -> c_int;
    pub fn SSL_client_hello_get0_legacy_version(ssl: *mut SSL) -> c_uint;
    pub fn SSL_client_hello_get0_random(ssl: *mut SSL, out: *mut *const u8) -> size_t;
    pub fn SSL_client_hello_get0_session_id(ssl: *mut SSL, out: *mut *const u8) -> size_t;
    pub fn SSL_client_hello_get0_ciphers(ssl: *mut SSL, out: *mut *const u8) -> size_t;
    pub fn SSL_client_hello_get0_compression_methods(ssl: *mut SSL, out: *mut *const u8) -> size_t;
    pub fn SSL_client_hello_get1_extensions_present(
        ssl: *mut SSL,
        out: *mut *mut c_int,
        outlen: *mut size_t,
    ) -> c_int;
    pub fn SSL_client_hello_get0_ext(
        ssl: *mut SSL,
        kind: c_uint,
        out: *mut *const u8,
        outlen: *mut size_t,
    ) -> c_int;
    pub fn SSL_client_hello_get_extension_order(
        ssl: *mut SSL,
        exts: *mut u16,
        num: *mut size_t,
    ) -> c_int;
    pub fn SSL_get_state(ssl: *const SSL) -> c_int;
    pub fn SSL_state_string(ssl: *const SSL) -> *const c_char;
    pub fn SSL_state_string_long(ssl: *const SSL) -> *const c_char;
    pub fn SSL_export_keying_material(
        ssl: *mut SSL,
        out: *mut u8,
        olen: size_t,
        label: *const c_char,
        llen: size_t,
        context: *const u8,
        contextlen: size_t,
        use_context: c_int,
    ) -> c_int;

    // ---- SSL_CONF ----
    pub fn SSL_CONF_CTX_new() -> *mut SSL_CONF_CTX;
    pub fn SSL_CONF_CTX_free(c: *mut SSL_CONF_CTX);
    pub fn SSL_CONF_CTX_set_flags(c: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint;
    pub fn SSL_CONF_CTX_clear_flags(c: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint;
    pub fn SSL_CONF_CTX_set1_prefix(c: *mut SSL_CONF_CTX, pre: *const c_char) -> c_int;
    pub fn SSL_CONF_CTX_set_ssl_ctx(c: *mut SSL_CONF_CTX, ctx: *mut SSL_CTX);
    pub fn SSL_CONF_CTX_set_ssl(c: *mut SSL_CONF_CTX, ssl: *mut SSL);
    pub fn SSL_CONF_cmd(c: *mut SSL_CONF_CTX, cmd: *const c_char, value: *const c_char) -> c_int;
    pub fn SSL_CONF_cmd_argv(
        c: *mut SSL_CONF_CTX,
        pargc: *mut c_int,
        pargv: *mut *mut *mut c_char,
    ) -> c_int;
    pub fn SSL_CONF_cmd_value_type(c: *mut SSL_CONF_CTX, cmd: *const c_char) -> c_int;
    pub fn SSL_CONF_CTX_finish(c: *mut SSL_CONF_CTX) -> c_int;

    // ---- the SSL BIO ----
    pub fn BIO_f_ssl() -> *const BIO_METHOD;
    pub fn BIO_new_ssl(ctx: *mut SSL_CTX, client: c_int) -> *mut BIO;
    pub fn BIO_ssl_copy_session_id(to: *mut BIO, from: *mut BIO) -> c_int;
    pub fn BIO_ssl_shutdown(b: *mut BIO);
}

// ---- libcrypto ------------------------------------------------------------------------
// The library links libcrypto.so.3 (openssl-sys with OPENSSL_LIBS=crypto); these are
// the few functions of it the harness needs.

pub const BIO_CTRL_PENDING: c_int = 10;
pub const BIO_C_SET_BUF_MEM_EOF_RETURN: c_int = 130;
pub const BIO_C_SHUTDOWN_WR: c_int = 142;
pub const BIO_TYPE_MEM: c_int = 1 | 0x0400;
pub const BIO_TYPE_BIO: c_int = 19 | 0x0400;

extern "C" {
    pub fn BIO_new(m: *const BIO_METHOD) -> *mut BIO;
    pub fn BIO_s_mem() -> *const BIO_METHOD;
    pub fn BIO_new_bio_pair(b1: *mut *mut BIO, w1: size_t, b2: *mut *mut BIO, w2: size_t) -> c_int;
    pub fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut BIO;
    pub fn BIO_read(b: *mut BIO, buf: *mut c_void, len: c_int) -> c_int;
    pub fn BIO_write(b: *mut BIO, buf: *const c_void, len: c_int) -> c_int;
    pub fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn BIO_ctrl_pending(b: *mut BIO) -> size_t;
    pub fn BIO_ctrl_get_write_guarantee(b: *mut BIO) -> size_t;
    pub fn BIO_method_type(b: *const BIO) -> c_int;
    pub fn BIO_up_ref(b: *mut BIO) -> c_int;
    pub fn BIO_free(b: *mut BIO) -> c_int;
    pub fn BIO_free_all(b: *mut BIO);
    pub fn BIO_push(b: *mut BIO, next: *mut BIO) -> *mut BIO;
    pub fn BIO_next(b: *mut BIO) -> *mut BIO;
    pub fn BIO_puts(b: *mut BIO, s: *const c_char) -> c_int;

    pub fn EVP_aes_256_cbc() -> *const EVP_CIPHER;
    pub fn EVP_sha256() -> *const EVP_MD;
    pub fn EVP_EncryptInit_ex(
        c: *mut EVP_CIPHER_CTX,
        t: *const EVP_CIPHER,
        e: *mut c_void,
        key: *const u8,
        iv: *const u8,
    ) -> c_int;
    pub fn EVP_DecryptInit_ex(
        c: *mut EVP_CIPHER_CTX,
        t: *const EVP_CIPHER,
        e: *mut c_void,
        key: *const u8,
        iv: *const u8,
    ) -> c_int;
    pub fn EVP_MAC_CTX_set_params(c: *mut EVP_MAC_CTX, params: *const OSSL_PARAM) -> c_int;
    pub fn OSSL_PARAM_construct_octet_string(
        key: *const c_char,
        buf: *mut c_void,
        bsize: size_t,
    ) -> OSSL_PARAM;
    pub fn OSSL_PARAM_construct_utf8_string(
        key: *const c_char,
        buf: *mut c_char,
        bsize: size_t,
    ) -> OSSL_PARAM;
    pub fn OSSL_PARAM_construct_end() -> OSSL_PARAM;
    pub fn HMAC_Init_ex(
        c: *mut HMAC_CTX,
        key: *const c_void,
        len: c_int,
        md: *const EVP_MD,
        e: *mut c_void,
    ) -> c_int;

    pub fn PEM_read_bio_X509(
        bp: *mut BIO,
        x: *mut *mut X509,
        cb: *mut c_void,
        u: *mut c_void,
    ) -> *mut X509;
    pub fn PEM_read_bio_PrivateKey(
        bp: *mut BIO,
        x: *mut *mut EVP_PKEY,
        cb: *mut c_void,
        u: *mut c_void,
    ) -> *mut EVP_PKEY;
    pub fn X509_free(x: *mut X509);
    pub fn X509_up_ref(x: *mut X509) -> c_int;
    pub fn i2d_X509(x: *const X509, out: *mut *mut u8) -> c_int;
    pub fn EVP_PKEY_free(k: *mut EVP_PKEY);
    pub fn EVP_PKEY_up_ref(k: *mut EVP_PKEY) -> c_int;
    pub fn X509_STORE_CTX_get_current_cert(c: *const X509_STORE_CTX) -> *mut X509;
    pub fn X509_STORE_CTX_get_error(c: *const X509_STORE_CTX) -> c_int;
    pub fn X509_STORE_CTX_get_error_depth(c: *const X509_STORE_CTX) -> c_int;
    pub fn X509_STORE_CTX_get_ex_data(c: *const X509_STORE_CTX, idx: c_int) -> *mut c_void;
    pub fn X509_NAME_free(n: *mut c_void);

    pub fn OPENSSL_sk_num(st: *const OPENSSL_STACK) -> c_int;
    pub fn OPENSSL_sk_value(st: *const OPENSSL_STACK, i: c_int) -> *mut c_void;
    pub fn OPENSSL_sk_pop_free(
        st: *mut OPENSSL_STACK,
        f: Option<unsafe extern "C" fn(*mut c_void)>,
    );
    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);

    pub fn ERR_clear_error();
    pub fn ERR_peek_error() -> c_ulong;
    pub fn ERR_get_error() -> c_ulong;
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;
    pub fn ERR_error_string_n(e: c_ulong, buf: *mut c_char, len: size_t);
}

/// `BIO_ctrl_pending` for a BIO that may be NULL.
pub fn pending(b: *mut BIO) -> usize {
    if b.is_null() {
        0
    } else {
        // SAFETY: a live BIO the caller holds.
        unsafe { BIO_ctrl_pending(b) }
    }
}

/// Read everything buffered in `b` (a memory BIO or the network end of a pair).
pub fn drain(b: *mut BIO) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: a live BIO; buf is writable for its length.
        let n = unsafe { BIO_read(b, buf.as_mut_ptr() as *mut c_void, buf.len() as c_int) };
        if n <= 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n as usize]);
    }
}

/// Write all of `data` into a memory BIO (which always takes it).
pub fn feed(b: *mut BIO, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    // SAFETY: a live BIO; data is readable for its length.
    let n = unsafe { BIO_write(b, data.as_ptr() as *const c_void, data.len() as c_int) };
    assert_eq!(n as usize, data.len(), "memory BIO refused a write");
}

/// A new memory BIO whose empty reads ask for a retry (as for a non-blocking socket).
pub fn mem_bio() -> *mut BIO {
    // SAFETY: plain constructor; the caller owns the result.
    let b = unsafe { BIO_new(BIO_s_mem()) };
    assert!(!b.is_null());
    b
}

/// Empty this thread's ERR queue.
pub fn err_clear() {
    // SAFETY: no arguments.
    unsafe { ERR_clear_error() }
}

/// The oldest queued error as text ("none" when the queue is empty).
pub fn err_text() -> String {
    // SAFETY: no arguments; buf is writable for its length.
    unsafe {
        let e = ERR_peek_error();
        if e == 0 {
            return "none".into();
        }
        let mut buf = [0 as c_char; 256];
        ERR_error_string_n(e, buf.as_mut_ptr(), buf.len());
        std::ffi::CStr::from_ptr(buf.as_ptr())
            .to_string_lossy()
            .into_owned()
    }
}

/// Every queued error as text, oldest first, emptying the queue (for traces).
pub fn err_all() -> String {
    let mut out = Vec::new();
    // SAFETY: plain ERR calls; buf is writable for its length.
    unsafe {
        loop {
            let e = ERR_get_error();
            if e == 0 {
                break;
            }
            let mut buf = [0 as c_char; 256];
            ERR_error_string_n(e, buf.as_mut_ptr(), buf.len());
            out.push(
                std::ffi::CStr::from_ptr(buf.as_ptr())
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    if out.is_empty() {
        "none".into()
    } else {
        out.join(" | ")
    }
}

/// While alive, errors queued are dropped when it goes (`ERR_set_mark` /
/// `ERR_pop_to_mark`): a callback that makes failing calls leaves the queue as it
/// found it, as a careful application does (a queued error makes `SSL_get_error`
/// report `SSL_ERROR_SSL`).
pub struct ErrMark(());

impl ErrMark {
    pub fn new() -> Self {
        // SAFETY: no arguments.
        unsafe { ERR_set_mark() };
        ErrMark(())
    }
}

impl Default for ErrMark {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for ErrMark {
    fn drop(&mut self) {
        // SAFETY: no arguments.
        unsafe { ERR_pop_to_mark() };
    }
}

/// Whether an error is queued.
pub fn err_queued() -> bool {
    // SAFETY: no arguments.
    unsafe { ERR_peek_error() != 0 }
}

// ---- test identities ------------------------------------------------------------------

/// The test PKI of `ctests/certs`, at its absolute path (for the `*_file` functions).
pub const CERTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ctests/certs/");

/// One of the test identities, embedded in the binary.
#[derive(Clone, Copy, Debug)]
pub enum Id {
    Rsa,
    Ec,
}

const SERVER_PEM: &[u8] = include_bytes!("../../ctests/certs/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../ctests/certs/server.key");
const SERVER_EC_PEM: &[u8] = include_bytes!("../../ctests/certs/server-ec.pem");
const SERVER_EC_KEY: &[u8] = include_bytes!("../../ctests/certs/server-ec.key");
const CA_PEM: &[u8] = include_bytes!("../../ctests/certs/ca.pem");

fn mem_buf(pem: &[u8]) -> *mut BIO {
    // SAFETY: pem outlives the read-only BIO, which is freed before returning.
    let b = unsafe { BIO_new_mem_buf(pem.as_ptr() as *const c_void, pem.len() as c_int) };
    assert!(!b.is_null());
    b
}

/// Parse a PEM certificate; the caller owns the reference.
pub fn x509_from_pem(pem: &[u8]) -> *mut X509 {
    let b = mem_buf(pem);
    let n = std::ptr::null_mut();
    // SAFETY: b is a live BIO, freed right after.
    let x = unsafe { PEM_read_bio_X509(b, n, n as *mut c_void, n as *mut c_void) };
    unsafe { BIO_free(b) };
    assert!(!x.is_null(), "test certificate does not parse");
    x
}

/// Parse a PEM private key; the caller owns the reference.
pub fn pkey_from_pem(pem: &[u8]) -> *mut EVP_PKEY {
    let b = mem_buf(pem);
    let n = std::ptr::null_mut();
    // SAFETY: b is a live BIO, freed right after.
    let k = unsafe { PEM_read_bio_PrivateKey(b, n, n as *mut c_void, n as *mut c_void) };
    unsafe { BIO_free(b) };
    assert!(!k.is_null(), "test key does not parse");
    k
}

/// A certificate and key of one identity; the caller owns both references.
pub fn identity(id: Id) -> (*mut X509, *mut EVP_PKEY) {
    match id {
        Id::Rsa => (x509_from_pem(SERVER_PEM), pkey_from_pem(SERVER_KEY)),
        Id::Ec => (x509_from_pem(SERVER_EC_PEM), pkey_from_pem(SERVER_EC_KEY)),
    }
}

/// The test CA certificate; the caller owns the reference.
pub fn ca_cert() -> *mut X509 {
    x509_from_pem(CA_PEM)
}

/// Give `ctx` the certificate and key of `id` (through `SSL_CTX_use_certificate` and
/// `SSL_CTX_use_PrivateKey`, which take their own references).
pub fn use_identity(ctx: *mut SSL_CTX, id: Id) {
    let (x, k) = identity(id);
    // SAFETY: a live context; x and k are our own references, no longer needed after.
    unsafe {
        assert_eq!(SSL_CTX_use_certificate(ctx, x), 1);
        assert_eq!(SSL_CTX_use_PrivateKey(ctx, k), 1);
        X509_free(x);
        EVP_PKEY_free(k);
    }
}

/// Make the libcrypto/libssl state the library needs exist before the first input, so
/// that one-time allocations are not mistaken for leaks of the first input.
pub fn init_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: ignoring SIGPIPE, as programs using sockets with OpenSSL do.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
        assert_eq!(unsafe { OPENSSL_init_ssl(0, std::ptr::null()) }, 1);
        err_clear();
        tolerate_expected_panics();
    });
}

thread_local! {
    static REENTRY_REFUSALS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times, on this thread, the library refused a call made on an `SSL` from
/// inside one of its own callbacks (see `tolerate_expected_panics`): a target compares
/// it before and after calls that must work from inside callbacks.
pub fn reentry_refusals() -> usize {
    REENTRY_REFUSALS.with(|c| c.get())
}

/// libfuzzer-sys turns every panic into a crash, even one the library catches at its
/// panic boundary. Two panics are expected and let through to that boundary (the call
/// then fails with ERR_R_INTERNAL_ERROR) instead of aborting; every other panic still
/// aborts:
/// - rustls's `debug_assert!(!self.sent_fatal_alert)` (cargo-fuzz builds every crate
///   with -Cdebug-assertions), which fires on legitimate input: a fatal alert after our
///   own close_notify. A known upstream issue (rustls/rustls#959); release builds just
///   send the alert.
/// - the library's own refusal of a call made on an `SSL` from inside one of that
///   `SSL`'s callbacks (it would otherwise wait for its own lock), which it raises as a
///   panic on purpose and reports as the call's failure.
fn tolerate_expected_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let file = info.location().map_or("", |l| l.file());
        let rustls_959 = msg == "assertion failed: !self.sent_fatal_alert"
            && file.contains("rustls-0.23.")
            && file.ends_with("src/common_state.rs");
        let reentry = msg == "SSL function called on an SSL from inside one of its own callbacks"
            && file.ends_with("src/entry/mod.rs");
        if reentry {
            REENTRY_REFUSALS.with(|c| c.set(c.get() + 1));
        }
        if rustls_959 || reentry {
            trace!("tolerated panic at {file}: {msg}");
            return;
        }
        previous(info)
    }));
}

// ---- input ----------------------------------------------------------------------------

/// Reads decisions from the fuzzer's bytes; once they run out, every read yields 0.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    pub fn len(&self) -> usize {
        self.data.len()
    }
    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }
    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    pub fn u64(&mut self) -> u64 {
        (self.u32() as u64) | ((self.u32() as u64) << 32)
    }
    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 256 {
            self.u8() as usize % n
        } else {
            self.u32() as usize % n
        }
    }
    /// Up to `n` bytes (fewer when the input ends).
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }
    /// A length-prefixed byte string (one length byte, so at most 255 bytes).
    pub fn short_bytes(&mut self) -> &'a [u8] {
        let n = self.u8() as usize;
        self.bytes(n)
    }
    /// An `int` that is often one of the values functions treat specially.
    pub fn int(&mut self) -> c_int {
        const SPECIAL: [c_int; 12] = [
            0,
            1,
            -1,
            2,
            3,
            16384,
            16385,
            c_int::MAX,
            c_int::MIN,
            0x0303,
            0x0304,
            255,
        ];
        match self.u8() {
            k @ 0..=11 => SPECIAL[k as usize],
            _ => self.u32() as c_int,
        }
    }
    /// A `long`, likewise.
    pub fn long(&mut self) -> c_long {
        match self.u8() {
            0 => 0,
            1 => -1,
            2 => c_long::MAX,
            3 => c_long::MIN,
            4..=127 => self.u8() as c_long,
            _ => self.u64() as c_long,
        }
    }
}

// ---- data streams ---------------------------------------------------------------------

/// The byte at position `pos` of the application data stream `stream`: every position
/// has its own pseudo-random value, so a lost, repeated or reordered byte shows as a
/// mismatch wherever it happens.
pub fn stream_byte(stream: u64, pos: u64) -> u8 {
    let mut z = pos
        .wrapping_add(stream.wrapping_mul(0xD6E8_FEB8_6659_FD93))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as u8
}

/// Bytes `[from, from + len)` of stream `stream`.
pub fn stream_bytes(stream: u64, from: usize, len: usize) -> Vec<u8> {
    (from..from + len)
        .map(|p| stream_byte(stream, p as u64))
        .collect()
}

/// Check that `got` is bytes `[from, from + got.len())` of stream `stream`.
pub fn check_stream(what: &str, stream: u64, from: usize, got: &[u8]) {
    for (i, &b) in got.iter().enumerate() {
        let want = stream_byte(stream, (from + i) as u64);
        assert!(
            b == want,
            "{what}: byte {} of the stream is {b:#04x}, expected {want:#04x} \
             (read of {} bytes starting at {from}): bytes lost, duplicated or reordered",
            from + i,
            got.len()
        );
    }
}

// ---- constants of the API ---------------------------------------------------------------

pub const SSL_ERROR_NONE: c_int = 0;
pub const SSL_ERROR_SSL: c_int = 1;
pub const SSL_ERROR_WANT_READ: c_int = 2;
pub const SSL_ERROR_WANT_WRITE: c_int = 3;
pub const SSL_ERROR_SYSCALL: c_int = 5;
pub const SSL_ERROR_ZERO_RETURN: c_int = 6;

pub const SSL_MODE_ENABLE_PARTIAL_WRITE: c_long = 0x1;
pub const SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: c_long = 0x2;
pub const SSL_MODE_AUTO_RETRY: c_long = 0x4;

pub const SSL_OP_IGNORE_UNEXPECTED_EOF: u64 = 0x80;
pub const SSL_OP_NO_TLSv1_2: u64 = 0x0800_0000;
pub const SSL_OP_NO_TLSv1_3: u64 = 0x2000_0000;

pub const SSL_SENT_SHUTDOWN: c_int = 1;
pub const SSL_RECEIVED_SHUTDOWN: c_int = 2;

pub const SSL_VERIFY_NONE: c_int = 0;
pub const SSL_VERIFY_PEER: c_int = 1;

pub const SSL_FILETYPE_PEM: c_int = 1;
pub const SSL_FILETYPE_ASN1: c_int = 2;

pub const TLS1_2_VERSION: c_int = 0x0303;
pub const TLS1_3_VERSION: c_int = 0x0304;

pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_CB: c_int = 53;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG: c_int = 54;
pub const SSL_CTRL_SET_TLSEXT_HOSTNAME: c_int = 55;
pub const TLSEXT_NAMETYPE_HOST_NAME: c_long = 0;

/// Set both versions bounds of a context to `v` (0: none), one of TLS 1.2 / 1.3 / both.
pub fn pin_version(ctx: *mut SSL_CTX, which: u8) {
    let (min, max) = match which % 3 {
        0 => (0, 0),
        1 => (TLS1_2_VERSION, TLS1_2_VERSION),
        _ => (TLS1_3_VERSION, TLS1_3_VERSION),
    };
    // SAFETY: a live context.
    unsafe {
        assert_eq!(SSL_CTX_set_min_proto_version(ctx, min), 1);
        assert_eq!(SSL_CTX_set_max_proto_version(ctx, max), 1);
    }
}

/// `SSL_get_error`, with a readable name for messages.
pub fn error_name(e: c_int) -> &'static str {
    match e {
        0 => "SSL_ERROR_NONE",
        1 => "SSL_ERROR_SSL",
        2 => "SSL_ERROR_WANT_READ",
        3 => "SSL_ERROR_WANT_WRITE",
        4 => "SSL_ERROR_WANT_X509_LOOKUP",
        5 => "SSL_ERROR_SYSCALL",
        6 => "SSL_ERROR_ZERO_RETURN",
        _ => "?",
    }
}

// ---- known issues -----------------------------------------------------------------------

/// Whether the environment variable `FUZZ_KNOWN_ISSUES` (a comma-separated list) names
/// `id`: a finding already reported, whose check (or triggering call) the targets then
/// skip so that fuzzing can go on past it. Unset (the default), every check is made.
pub fn known_issue(id: &str) -> bool {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        std::env::var("FUZZ_KNOWN_ISSUES")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
    .iter()
    .any(|k| k == id)
}

// ---- reading what the library returns -------------------------------------------------

/// Read a C string the library returned (every byte, so ASan checks the whole of it).
pub unsafe fn read_cstr(p: *const c_char) -> Option<Vec<u8>> {
    if p.is_null() {
        return None;
    }
    Some(std::ffi::CStr::from_ptr(p).to_bytes().to_vec())
}

/// Read `len` bytes the library says are at `p`.
pub unsafe fn touch(p: *const u8, len: usize) {
    if !p.is_null() && len > 0 {
        let s = std::slice::from_raw_parts(p, len);
        std::hint::black_box(s.iter().fold(0u8, |a, &b| a ^ b));
    }
}

/// Walk a `STACK_OF(X509)` the library returned: every element is a certificate.
pub unsafe fn walk_x509_stack(st: *const OPENSSL_STACK) {
    if st.is_null() {
        return;
    }
    let n = OPENSSL_sk_num(st);
    assert!(n >= 0);
    for i in 0..n {
        let x = OPENSSL_sk_value(st, i) as *const X509;
        assert!(!x.is_null(), "NULL certificate in a stack");
        assert!(i2d_X509(x, std::ptr::null_mut()) > 0);
    }
}

// ---- tracing --------------------------------------------------------------------------

/// Whether `FUZZ_TRACE` is set: the targets then print every call they make and its
/// result to stderr (to explain a finding: `FUZZ_TRACE=1 <binary> <input>`).
pub fn tracing() -> bool {
    static T: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *T.get_or_init(|| std::env::var_os("FUZZ_TRACE").is_some())
}

/// `eprintln!` when tracing.
#[macro_export]
macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::tracing() {
            eprintln!($($arg)*);
        }
    };
}
