//! The libcrypto functions this library calls that `openssl-sys` does not declare (or
//! declares behind features). Types come from `openssl-sys`; everything here links
//! against the system's libcrypto.so.3.

#![allow(non_camel_case_types, dead_code)]

use libc::{c_char, c_int, c_long, c_uint, c_ulong, c_void};
pub use openssl_sys::{BIO, BIO_METHOD, EVP_PKEY, X509, X509_STORE, X509_STORE_CTX};

/// libcrypto's `CRYPTO_EX_DATA`.
#[repr(C)]
pub struct CryptoExData {
    pub ctx: *mut c_void,
    pub sk: *mut c_void,
}

/// libcrypto's `ERR_STRING_DATA`.
#[repr(C)]
pub struct ErrStringData {
    pub error: c_ulong,
    pub string: *const c_char,
}

pub enum OPENSSL_STACK {}
/// `STACK_OF(X509)`.
pub type stack_st_X509 = OPENSSL_STACK;
pub enum PKCS8_PRIV_KEY_INFO {}
pub enum X509_VERIFY_PARAM {}
pub enum X509_NAME {}
pub enum EVP_MD {}
pub enum EVP_MD_CTX {}
pub enum EVP_PKEY_CTX {}
pub enum EVP_CIPHER {}
pub enum EVP_CIPHER_CTX {}
pub enum HMAC_CTX {}
pub enum EVP_MAC {}
pub enum EVP_MAC_CTX {}
pub enum OSSL_PARAM {}

/// libcrypto's `BIO_info_cb`.
pub type BioInfoCb = Option<unsafe extern "C" fn(*mut BIO, c_int, c_int) -> c_int>;
/// The callbacks of a `BIO_METHOD`.
pub type BioWriteEx = unsafe extern "C" fn(*mut BIO, *const c_char, usize, *mut usize) -> c_int;
pub type BioReadEx = unsafe extern "C" fn(*mut BIO, *mut c_char, usize, *mut usize) -> c_int;
pub type BioPuts = unsafe extern "C" fn(*mut BIO, *const c_char) -> c_int;
pub type BioCtrl = unsafe extern "C" fn(*mut BIO, c_int, c_long, *mut c_void) -> c_long;
pub type BioCreate = unsafe extern "C" fn(*mut BIO) -> c_int;
pub type BioCallbackCtrl = unsafe extern "C" fn(*mut BIO, c_int, BioInfoCb) -> c_long;

pub(crate) const BIO_FLAGS_READ: c_int = 0x01;
pub(crate) const BIO_FLAGS_WRITE: c_int = 0x02;
pub(crate) const BIO_FLAGS_IO_SPECIAL: c_int = 0x04;
pub(crate) const BIO_FLAGS_SHOULD_RETRY: c_int = 0x08;
pub(crate) const BIO_CTRL_FLUSH: c_int = 11;
pub(crate) const BIO_C_SET_FD: c_int = 104;
pub(crate) const BIO_C_GET_FD: c_int = 105;
pub(crate) const BIO_NOCLOSE: c_long = 0;
pub(crate) const BIO_TYPE_DESCRIPTOR: c_int = 0x0100;
pub(crate) const BIO_TYPE_SOCKET: c_int = 5 | 0x0400 | 0x0100;
/// `BIO_TYPE_MEM`: 1 | `BIO_TYPE_SOURCE_SINK`.
pub(crate) const BIO_TYPE_MEM: c_int = 1 | 0x0400;
/// `BIO_TYPE_BIO` (half of a BIO pair): 19 | `BIO_TYPE_SOURCE_SINK`.
pub(crate) const BIO_TYPE_BIO: c_int = 19 | 0x0400;
pub(crate) const BIO_FLAGS_RWS: c_int = BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL;
pub(crate) const BIO_CTRL_RESET: c_int = 1;
pub(crate) const BIO_CTRL_INFO: c_int = 3;
pub(crate) const BIO_CTRL_PUSH: c_int = 6;
pub(crate) const BIO_CTRL_POP: c_int = 7;
pub(crate) const BIO_CTRL_GET_CLOSE: c_int = 8;
pub(crate) const BIO_CTRL_SET_CLOSE: c_int = 9;
pub(crate) const BIO_CTRL_PENDING: c_int = 10;
pub(crate) const BIO_CTRL_DUP: c_int = 12;
pub(crate) const BIO_CTRL_WPENDING: c_int = 13;
pub(crate) const BIO_CTRL_SET_CALLBACK: c_int = 14;
pub(crate) const BIO_C_DO_STATE_MACHINE: c_int = 101;
pub(crate) const BIO_C_SET_SSL: c_int = 109;
pub(crate) const BIO_C_GET_SSL: c_int = 110;
pub(crate) const BIO_C_SSL_MODE: c_int = 119;
pub(crate) const BIO_C_SET_SSL_RENEGOTIATE_BYTES: c_int = 125;
pub(crate) const BIO_C_GET_SSL_NUM_RENEGOTIATES: c_int = 126;
pub(crate) const BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT: c_int = 127;
pub(crate) const BIO_CLOSE: c_long = 1;
/// `BIO_TYPE_SSL`: 7 | `BIO_TYPE_FILTER`.
pub(crate) const BIO_TYPE_SSL: c_int = 7 | 0x0200;
pub(crate) const BIO_RR_SSL_X509_LOOKUP: c_int = 0x01;
pub(crate) const BIO_RR_CONNECT: c_int = 0x02;
pub(crate) const BIO_RR_ACCEPT: c_int = 0x03;
pub(crate) const X509_FILETYPE_PEM: c_int = 1;
pub(crate) const X509_FILETYPE_ASN1: c_int = 2;
pub(crate) const X509_V_OK: c_long = 0;

extern "C" {
    pub fn ERR_new();
    pub fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char);
    pub fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char, ...);
    pub fn ERR_peek_error() -> c_ulong;
    pub fn ERR_peek_last_error() -> c_ulong;
    pub fn ERR_clear_error();
    pub fn ERR_load_strings_const(str: *const ErrStringData) -> c_int;
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;
    pub fn OPENSSL_init_crypto(opts: u64, settings: *const c_void) -> c_int;

    pub fn BIO_read(b: *mut BIO, data: *mut c_void, dlen: c_int) -> c_int;
    pub fn BIO_write(b: *mut BIO, data: *const c_void, dlen: c_int) -> c_int;
    pub fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn BIO_test_flags(b: *const BIO, flags: c_int) -> c_int;
    pub fn BIO_clear_flags(b: *mut BIO, flags: c_int);
    pub fn BIO_set_flags(b: *mut BIO, flags: c_int);
    pub fn BIO_up_ref(b: *mut BIO) -> c_int;
    pub fn BIO_free_all(b: *mut BIO);
    pub fn BIO_new(m: *const BIO_METHOD) -> *mut BIO;
    pub fn BIO_s_socket() -> *const BIO_METHOD;
    pub fn BIO_find_type(b: *mut BIO, bio_type: c_int) -> *mut BIO;
    pub fn BIO_method_type(b: *const BIO) -> c_int;
    pub fn BIO_free(b: *mut BIO) -> c_int;
    pub fn BIO_next(b: *mut BIO) -> *mut BIO;
    pub fn BIO_set_next(b: *mut BIO, next: *mut BIO);
    pub fn BIO_push(b: *mut BIO, append: *mut BIO) -> *mut BIO;
    pub fn BIO_get_data(b: *mut BIO) -> *mut c_void;
    pub fn BIO_set_data(b: *mut BIO, ptr: *mut c_void);
    pub fn BIO_get_init(b: *mut BIO) -> c_int;
    pub fn BIO_set_init(b: *mut BIO, init: c_int);
    pub fn BIO_get_shutdown(b: *mut BIO) -> c_int;
    pub fn BIO_set_shutdown(b: *mut BIO, shut: c_int);
    pub fn BIO_get_retry_reason(b: *mut BIO) -> c_int;
    pub fn BIO_set_retry_reason(b: *mut BIO, reason: c_int);
    pub fn BIO_copy_next_retry(b: *mut BIO);
    pub fn BIO_callback_ctrl(b: *mut BIO, cmd: c_int, fp: BioInfoCb) -> c_long;
    pub fn BIO_s_connect() -> *const BIO_METHOD;
    pub fn BIO_f_buffer() -> *const BIO_METHOD;
    pub fn BIO_meth_new(kind: c_int, name: *const c_char) -> *mut BIO_METHOD;
    pub fn BIO_meth_set_write_ex(m: *mut BIO_METHOD, f: Option<BioWriteEx>) -> c_int;
    pub fn BIO_meth_set_read_ex(m: *mut BIO_METHOD, f: Option<BioReadEx>) -> c_int;
    pub fn BIO_meth_set_puts(m: *mut BIO_METHOD, f: Option<BioPuts>) -> c_int;
    pub fn BIO_meth_set_ctrl(m: *mut BIO_METHOD, f: Option<BioCtrl>) -> c_int;
    pub fn BIO_meth_set_create(m: *mut BIO_METHOD, f: Option<BioCreate>) -> c_int;
    pub fn BIO_meth_set_destroy(m: *mut BIO_METHOD, f: Option<BioCreate>) -> c_int;
    pub fn BIO_meth_set_callback_ctrl(m: *mut BIO_METHOD, f: Option<BioCallbackCtrl>) -> c_int;
    pub fn BIO_new_file(filename: *const c_char, mode: *const c_char) -> *mut BIO;
    pub fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut BIO;

    pub fn X509_up_ref(x: *mut X509) -> c_int;
    pub fn X509_free(x: *mut X509);
    pub fn d2i_X509(a: *mut *mut X509, pp: *mut *const u8, len: c_long) -> *mut X509;
    pub fn i2d_X509(x: *const X509, out: *mut *mut u8) -> c_int;
    pub fn X509_check_private_key(x: *const X509, pkey: *const EVP_PKEY) -> c_int;
    pub fn PEM_read_bio_X509(
        bp: *mut BIO,
        x: *mut *mut X509,
        cb: *mut c_void,
        u: *mut c_void,
    ) -> *mut X509;
    pub fn PEM_read_bio_X509_AUX(
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
    pub fn d2i_PrivateKey_bio(bp: *mut BIO, a: *mut *mut EVP_PKEY) -> *mut EVP_PKEY;
    pub fn d2i_X509_bio(bp: *mut BIO, x: *mut *mut X509) -> *mut X509;

    pub fn EVP_PKEY_up_ref(k: *mut EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_free(k: *mut EVP_PKEY);
    pub fn EVP_PKEY2PKCS8(pkey: *const EVP_PKEY) -> *mut PKCS8_PRIV_KEY_INFO;
    pub fn i2d_PKCS8_PRIV_KEY_INFO(a: *const PKCS8_PRIV_KEY_INFO, out: *mut *mut u8) -> c_int;
    pub fn PKCS8_PRIV_KEY_INFO_free(a: *mut PKCS8_PRIV_KEY_INFO);
    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);
    pub fn X509_get0_pubkey(x: *const X509) -> *mut EVP_PKEY;
    pub fn EVP_PKEY_get_base_id(pkey: *const EVP_PKEY) -> c_int;
    pub fn EVP_sha256() -> *const EVP_MD;
    pub fn EVP_sha384() -> *const EVP_MD;
    pub fn EVP_sha512() -> *const EVP_MD;
    pub fn EVP_MD_CTX_new() -> *mut EVP_MD_CTX;
    pub fn EVP_MD_CTX_free(c: *mut EVP_MD_CTX);
    pub fn EVP_DigestVerifyInit(
        c: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        md: *const EVP_MD,
        e: *mut c_void,
        pkey: *mut EVP_PKEY,
    ) -> c_int;
    pub fn EVP_DigestVerify(
        c: *mut EVP_MD_CTX,
        sig: *const u8,
        siglen: usize,
        tbs: *const u8,
        tbslen: usize,
    ) -> c_int;
    pub fn EVP_DigestSignInit(
        c: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        md: *const EVP_MD,
        e: *mut c_void,
        pkey: *mut EVP_PKEY,
    ) -> c_int;
    pub fn EVP_DigestSign(
        c: *mut EVP_MD_CTX,
        sig: *mut u8,
        siglen: *mut usize,
        tbs: *const u8,
        tbslen: usize,
    ) -> c_int;
    pub fn EVP_PKEY_CTX_set_rsa_padding(c: *mut EVP_PKEY_CTX, pad: c_int) -> c_int;
    pub fn EVP_PKEY_CTX_set_rsa_pss_saltlen(c: *mut EVP_PKEY_CTX, len: c_int) -> c_int;
    pub fn CRYPTO_malloc(num: usize, file: *const c_char, line: c_int) -> *mut c_void;

    pub fn X509_STORE_new() -> *mut X509_STORE;
    pub fn X509_STORE_free(s: *mut X509_STORE);
    pub fn X509_STORE_up_ref(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_load_locations(
        s: *mut X509_STORE,
        file: *const c_char,
        dir: *const c_char,
    ) -> c_int;
    pub fn X509_STORE_set_default_paths(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_lock(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_unlock(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_get0_objects(s: *const X509_STORE) -> *mut OPENSSL_STACK;
    pub fn X509_STORE_CTX_new() -> *mut X509_STORE_CTX;
    pub fn X509_STORE_CTX_free(c: *mut X509_STORE_CTX);
    pub fn X509_STORE_CTX_init(
        c: *mut X509_STORE_CTX,
        store: *mut X509_STORE,
        x: *mut X509,
        chain: *mut OPENSSL_STACK,
    ) -> c_int;
    pub fn X509_STORE_CTX_set_default(c: *mut X509_STORE_CTX, name: *const c_char) -> c_int;
    pub fn X509_STORE_CTX_get_error(c: *const X509_STORE_CTX) -> c_int;
    pub fn X509_verify_cert(c: *mut X509_STORE_CTX) -> c_int;
    pub fn X509_STORE_CTX_get1_chain(c: *const X509_STORE_CTX) -> *mut OPENSSL_STACK;
    pub fn X509_STORE_CTX_get0_param(c: *mut X509_STORE_CTX) -> *mut X509_VERIFY_PARAM;
    pub fn X509_STORE_CTX_set_depth(c: *mut X509_STORE_CTX, depth: c_int);
    pub fn X509_STORE_CTX_set_ex_data(
        c: *mut X509_STORE_CTX,
        idx: c_int,
        data: *mut c_void,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_new() -> *mut X509_VERIFY_PARAM;
    pub fn X509_VERIFY_PARAM_free(p: *mut X509_VERIFY_PARAM);
    pub fn X509_VERIFY_PARAM_inherit(
        to: *mut X509_VERIFY_PARAM,
        from: *const X509_VERIFY_PARAM,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_set1(
        to: *mut X509_VERIFY_PARAM,
        from: *const X509_VERIFY_PARAM,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_set_depth(p: *mut X509_VERIFY_PARAM, depth: c_int);
    pub fn X509_VERIFY_PARAM_get_depth(p: *const X509_VERIFY_PARAM) -> c_int;
    pub fn X509_VERIFY_PARAM_set_hostflags(p: *mut X509_VERIFY_PARAM, flags: c_uint);
    pub fn X509_VERIFY_PARAM_get0_peername(p: *const X509_VERIFY_PARAM) -> *mut c_char;
    pub fn X509_VERIFY_PARAM_move_peername(
        to: *mut X509_VERIFY_PARAM,
        from: *mut X509_VERIFY_PARAM,
    );
    pub fn CRYPTO_get_ex_new_index(
        class_index: c_int,
        argl: c_long,
        argp: *mut c_void,
        new_func: *mut c_void,
        dup_func: *mut c_void,
        free_func: *mut c_void,
    ) -> c_int;
    pub fn CRYPTO_new_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut CryptoExData)
        -> c_int;
    pub fn CRYPTO_free_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut CryptoExData);
    pub fn CRYPTO_set_ex_data(ad: *mut CryptoExData, idx: c_int, val: *mut c_void) -> c_int;
    pub fn CRYPTO_get_ex_data(ad: *const CryptoExData, idx: c_int) -> *mut c_void;
    pub fn X509_STORE_load_file(s: *mut X509_STORE, file: *const c_char) -> c_int;
    pub fn X509_STORE_load_path(s: *mut X509_STORE, path: *const c_char) -> c_int;
    pub fn X509_STORE_load_store(s: *mut X509_STORE, uri: *const c_char) -> c_int;
    pub fn X509_get_subject_name(x: *const X509) -> *mut X509_NAME;
    pub fn X509_get_key_usage(x: *mut X509) -> u32;
    pub fn X509_NAME_dup(n: *const X509_NAME) -> *mut X509_NAME;
    pub fn X509_NAME_free(n: *mut X509_NAME);
    pub fn X509_NAME_cmp(a: *const X509_NAME, b: *const X509_NAME) -> c_int;
    pub fn i2d_X509_NAME(n: *const X509_NAME, out: *mut *mut u8) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_host(
        p: *mut X509_VERIFY_PARAM,
        name: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_add1_host(
        p: *mut X509_VERIFY_PARAM,
        name: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn X509_STORE_CTX_set_verify_cb(
        c: *mut X509_STORE_CTX,
        cb: Option<extern "C" fn(c_int, *mut X509_STORE_CTX) -> c_int>,
    );

    pub fn OPENSSL_sk_new_null() -> *mut OPENSSL_STACK;
    pub fn OPENSSL_sk_push(st: *mut OPENSSL_STACK, data: *const c_void) -> c_int;
    pub fn OPENSSL_sk_free(st: *mut OPENSSL_STACK);
    pub fn OPENSSL_sk_num(st: *const OPENSSL_STACK) -> c_int;
    pub fn OPENSSL_sk_value(st: *const OPENSSL_STACK, i: c_int) -> *mut c_void;
    pub fn OPENSSL_sk_pop(st: *mut OPENSSL_STACK) -> *mut c_void;

    // Session tickets (src/tickets.rs).
    pub fn EVP_CIPHER_CTX_new() -> *mut EVP_CIPHER_CTX;
    pub fn EVP_CIPHER_CTX_free(c: *mut EVP_CIPHER_CTX);
    pub fn EVP_CIPHER_CTX_get_iv_length(c: *const EVP_CIPHER_CTX) -> c_int;
    pub fn EVP_CIPHER_CTX_get_block_size(c: *const EVP_CIPHER_CTX) -> c_int;
    pub fn EVP_CIPHER_CTX_get0_cipher(c: *const EVP_CIPHER_CTX) -> *const EVP_CIPHER;
    pub fn EVP_EncryptInit_ex(
        c: *mut EVP_CIPHER_CTX,
        cipher: *const EVP_CIPHER,
        engine: *mut c_void,
        key: *const u8,
        iv: *const u8,
    ) -> c_int;
    pub fn EVP_DecryptInit_ex(
        c: *mut EVP_CIPHER_CTX,
        cipher: *const EVP_CIPHER,
        engine: *mut c_void,
        key: *const u8,
        iv: *const u8,
    ) -> c_int;
    pub fn EVP_EncryptUpdate(
        c: *mut EVP_CIPHER_CTX,
        out: *mut u8,
        outl: *mut c_int,
        inp: *const u8,
        inl: c_int,
    ) -> c_int;
    pub fn EVP_EncryptFinal_ex(c: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int) -> c_int;
    pub fn EVP_DecryptUpdate(
        c: *mut EVP_CIPHER_CTX,
        out: *mut u8,
        outl: *mut c_int,
        inp: *const u8,
        inl: c_int,
    ) -> c_int;
    pub fn EVP_DecryptFinal_ex(c: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int) -> c_int;
    pub fn EVP_aes_256_cbc() -> *const EVP_CIPHER;
    pub fn HMAC_CTX_new() -> *mut HMAC_CTX;
    pub fn HMAC_CTX_free(c: *mut HMAC_CTX);
    pub fn HMAC_Init_ex(
        c: *mut HMAC_CTX,
        key: *const c_void,
        len: c_int,
        md: *const EVP_MD,
        engine: *mut c_void,
    ) -> c_int;
    pub fn HMAC_Update(c: *mut HMAC_CTX, data: *const u8, len: usize) -> c_int;
    pub fn HMAC_Final(c: *mut HMAC_CTX, md: *mut u8, len: *mut c_uint) -> c_int;
    pub fn HMAC_size(c: *const HMAC_CTX) -> usize;
    pub fn EVP_MAC_fetch(
        libctx: *mut c_void,
        alg: *const c_char,
        props: *const c_char,
    ) -> *mut EVP_MAC;
    pub fn EVP_MAC_free(m: *mut EVP_MAC);
    pub fn EVP_MAC_CTX_new(m: *mut EVP_MAC) -> *mut EVP_MAC_CTX;
    pub fn EVP_MAC_CTX_free(c: *mut EVP_MAC_CTX);
    pub fn EVP_MAC_CTX_get_mac_size(c: *mut EVP_MAC_CTX) -> usize;
    pub fn EVP_MAC_update(c: *mut EVP_MAC_CTX, data: *const u8, len: usize) -> c_int;
    pub fn EVP_MAC_final(
        c: *mut EVP_MAC_CTX,
        out: *mut u8,
        outl: *mut usize,
        outsize: usize,
    ) -> c_int;
    pub fn CRYPTO_memcmp(a: *const c_void, b: *const c_void, len: usize) -> c_int;

    // openssl(1)'s imports (src/entry: PEM sessions, default verify locations, CT logs).
    pub fn PEM_ASN1_read_bio(
        d2i: *const c_void,
        name: *const c_char,
        bp: *mut BIO,
        x: *mut *mut c_void,
        cb: *mut c_void,
        u: *mut c_void,
    ) -> *mut c_void;
    pub fn PEM_ASN1_write_bio(
        i2d: *const c_void,
        name: *const c_char,
        bp: *mut BIO,
        x: *const c_void,
        enc: *const c_void,
        kstr: *const u8,
        klen: c_int,
        cb: *mut c_void,
        u: *mut c_void,
    ) -> c_int;
    pub fn X509_LOOKUP_hash_dir() -> *mut c_void;
    pub fn X509_LOOKUP_file() -> *mut c_void;
    pub fn X509_LOOKUP_store() -> *mut c_void;
    pub fn X509_STORE_add_lookup(s: *mut X509_STORE, m: *mut c_void) -> *mut c_void;
    pub fn X509_LOOKUP_ctrl(
        l: *mut c_void,
        cmd: c_int,
        argc: *const c_char,
        argl: c_long,
        ret: *mut *mut c_char,
    ) -> c_int;
    pub fn CTLOG_STORE_new() -> *mut c_void;
    pub fn CTLOG_STORE_free(s: *mut c_void);
    pub fn CTLOG_STORE_load_file(s: *mut c_void, file: *const c_char) -> c_int;
    pub fn CTLOG_STORE_load_default_file(s: *mut c_void) -> c_int;
}
