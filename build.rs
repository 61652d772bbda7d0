//! Link the cdylib as OpenSSL's libssl.so.3: SONAME `libssl.so.3`, every export in the
//! `OPENSSL_3.0.0` version node, and nothing else exported.
//!
//! The list of exports is read from the Rust declarations themselves (every
//! `#[no_mangle] pub extern "C" fn` under `src/entry/`), so the version script cannot
//! drift from the code. `.cargo/config.toml` routes linking through `tools/cc-link`,
//! which drops the version script rustc generates so that ours is the only one.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every export with its version node: `OPENSSL_3.0.0` unless the doc comment above it
/// says `Version: OPENSSL_3.x.0`.
const BASE_NODE: &str = "OPENSSL_3.0.0";

fn exports(dir: &Path) -> Vec<(String, String)> {
    let mut names = Vec::new();
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("src/entry")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = fs::read_to_string(&f).expect("readable source");
        let mut exported = false;
        let mut node = String::from(BASE_NODE);
        for line in text.lines() {
            let line = line.trim();
            if let Some(v) = line.strip_prefix("/// Version: ") {
                node = v.trim().to_string();
            } else if line == "#[no_mangle]" {
                exported = true;
            } else if exported {
                if let Some(rest) = line.strip_prefix("pub extern \"C\" fn ") {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    names.push((name, node.clone()));
                }
                exported = false;
                node = String::from(BASE_NODE);
            } else if !line.starts_with("///") && !line.starts_with("#[") {
                node = String::from(BASE_NODE);
            }
        }
    }
    names.sort();
    names
}

/// Generate the C header into `target/<profile>/include/`; `make header` copies it to
/// `include/` and the tests fail when the committed copy differs.
fn header(root: &str, out: &str) {
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src");
    let config =
        cbindgen::Config::from_file(Path::new(root).join("cbindgen.toml")).expect("cbindgen.toml");
    // OUT_DIR is target/<profile>/build/<pkg>/out.
    let profile_dir = Path::new(out).ancestors().nth(3).expect("target/<profile>");
    let dest = profile_dir.join("include");
    fs::create_dir_all(&dest).expect("create include dir");
    cbindgen::generate_with_config(root, config)
        .expect("cbindgen")
        .write_to_file(dest.join("rustls_libssl.h"));
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let names = exports(&Path::new(&root).join("src/entry"));
    // One node per OpenSSL release, each inheriting the one before, as OpenSSL's own
    // libssl.so.3 is versioned.
    let mut nodes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    nodes.entry(BASE_NODE.to_string()).or_default();
    for (name, node) in &names {
        nodes.entry(node.clone()).or_default().push(name.clone());
    }
    let mut map = String::new();
    let mut prev: Option<String> = None;
    for (node, syms) in &nodes {
        map.push_str(&format!("{node} {{\n  global:\n"));
        for n in syms {
            map.push_str(&format!("    {n};\n"));
        }
        match &prev {
            None => map.push_str("  local: *;\n};\n"),
            Some(p) => map.push_str(&format!("}} {p};\n")),
        }
        prev = Some(node.clone());
    }
    let map_path = Path::new(&out).join("libssl.map");
    fs::write(&map_path, map).expect("write version script");
    println!("cargo:rerun-if-changed=src/entry");
    header(&root, &out);
    println!(
        "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
        map_path.display()
    );
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libssl.so.3");
}
