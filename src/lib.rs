//! rustls-libssl: a drop-in `libssl.so.3` for programs built against OpenSSL 3, with the
//! TLS protocol run by rustls.
//!
//! Layers, from the C program down:
//! - [`entry`]: the `extern "C"` functions, one thin file per API family;
//! - [`conn`] and [`ctx`]: the connection and context cores (no raw pointers);
//! - [`certs`]: certificates, keys and verification through libcrypto;
//! - [`bio`]: the transport, over libcrypto's BIOs;
//! - [`error`]: OpenSSL's error codes on libcrypto's ERR queue.

/// The heap allocator (large blocks cache-line aligned; see the module).
/// cbindgen:ignore
mod alloc;
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

pub mod bio;
pub mod bio_ssl;
pub mod callbacks;
pub mod certs;
pub mod cipher;
pub mod conf;
pub mod conn;
pub mod consts;
pub mod ctx;
pub mod entry;
pub mod error;
pub mod exdata;
/// libcrypto declarations (not part of our API).
/// cbindgen:ignore
mod ffi;
pub mod kdf;
pub mod lock;
pub mod log;
pub mod misc;
pub mod p521;
pub mod pss;
pub mod reasons;
pub mod session;
pub mod shared;
mod tickets;
