#!/usr/bin/python3
"""Generate docs/COMPAT.md: every symbol OpenSSL 3.0's libssl.so.3 exports, which of the
programs tested by ctests/apps import it, and our status.

  /usr/bin/python3 tools/gen-compat.py [--check] [OURLIB]

OURLIB is our built library (default target/release/libssl.so.3). Without --check the
table is written to docs/COMPAT.md; with --check it is generated in memory and compared:
the exit status is 1 (and a diff is printed) when docs/COMPAT.md is stale.

Sources, all read with binutils' nm (nothing is loaded or run):
  * the reference: nm -D --defined-only /lib/x86_64-linux-gnu/libssl.so.3
  * each program's imports: nm -D --undefined-only on its binary (for curl, libcurl.so.4;
    for python3, the _ssl extension module of /usr/bin/python3), kept when the name is
    one the reference exports
  * our exports: nm -D --defined-only OURLIB, with their version nodes
  * annotations in src/entry/*.rs: the doc comment (///) above an exported
    `#[no_mangle] pub extern "C" fn` may hold one line
        Compat: refused — <reason>      the export exists but fails as OpenSSL fails
        Compat: deviation — <note>      implemented, with the noted difference
Status: "implemented" (exported, possibly with a deviation), "refused", "absent" (not
exported). The output depends only on these inputs (sorted, no dates).
"""
import difflib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "COMPAT.md")
SYSTEM_LIBSSL = "/lib/x86_64-linux-gnu/libssl.so.3"
BASE_VERSION = "OPENSSL_3.0.0"


def python_module(name, package):
    # where /usr/bin/python3 (whichever python runs this script) keeps the extension
    # module `name`, found without loading it (its parent packages are imported, on the
    # system's libraries)
    code = f"import importlib.util; print(importlib.util.find_spec('{name}').origin)"
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "LD_PRELOAD")}
    try:
        res = subprocess.run(["/usr/bin/python3", "-I", "-c", code], capture_output=True,
                             text=True, env=env, check=True)
    except (OSError, subprocess.CalledProcessError):
        sys.exit(f"gen-compat: /usr/bin/python3 or its {name} module not found ({package})")
    path = res.stdout.strip()
    if not os.path.isfile(path):
        sys.exit(f"gen-compat: /usr/bin/python3's {name} module not found ({package})")
    return path


# (column, what it is, path)
def programs():
    return [
        ("nginx", "/usr/sbin/nginx", "/usr/sbin/nginx"),
        ("curl", "libcurl.so.4", "/usr/lib/x86_64-linux-gnu/libcurl.so.4"),
        ("stunnel4", "/usr/bin/stunnel4", "/usr/bin/stunnel4"),
        ("socat", "/usr/bin/socat", "/usr/bin/socat"),
        ("haproxy", "/usr/sbin/haproxy", "/usr/sbin/haproxy"),
        ("openssl", "the openssl command (/usr/bin/openssl)", "/usr/bin/openssl"),
    ] + [("python3", f"_ssl of /usr/bin/python3 ({p})", p)
         for p in [python_module("_ssl", "Debian: python3")]] + [
        ("pyOpenSSL", f"python3-cryptography's bindings, which pyOpenSSL calls ({p})", p)
        for p in [python_module("cryptography.hazmat.bindings._openssl",
                                "Debian: python3-cryptography, with python3-openssl")]]


def nm(args, path):
    env = dict(os.environ, LC_ALL="C")
    try:
        res = subprocess.run(["nm", "-D"] + args + [path], capture_output=True, text=True,
                             env=env, check=True)
    except FileNotFoundError:
        sys.exit("gen-compat: nm not found (Debian: binutils)")
    except subprocess.CalledProcessError as e:
        sys.exit(f"gen-compat: nm -D {' '.join(args)} {path} failed: {e.stderr.strip()}")
    syms = {}
    for line in res.stdout.splitlines():
        field = line.split()[-1]
        name, _, version = field.partition("@")
        syms[name] = version.lstrip("@")
    return syms


def annotations():
    """name -> (kind, note) from the Compat: lines of src/entry/*.rs."""
    entry = os.path.join(ROOT, "src", "entry")
    found = {}
    compat_re = re.compile(r"^Compat:\s*(refused|deviation)\s*(?:—|–|-|:)\s*(.*)$")
    fn_re = re.compile(r'^pub\s+(?:unsafe\s+)?extern\s+"C"\s+fn\s+([A-Za-z_][A-Za-z0-9_]*)')
    for fname in sorted(os.listdir(entry)):
        if not fname.endswith(".rs"):
            continue
        path = os.path.join(entry, fname)
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        doc = []
        exported = False
        for lineno, raw in enumerate(lines, 1):
            line = raw.strip()
            if line.startswith("///"):
                doc.append((lineno, line[3:].strip()))
                continue
            if line in ("#[no_mangle]", "#[unsafe(no_mangle)]"):
                exported = True
                continue
            if line.startswith("#["):
                continue
            m = fn_re.match(line)
            if m and exported:
                # A Compat: note runs on over the following doc lines until a blank
                # doc line or the next Compat: line. Several notes on one function
                # (some commands refused, others deviating) make it a deviation.
                notes = []
                cur = None
                for dl, text in doc:
                    c = compat_re.match(text)
                    if c:
                        cur = [c.group(1), c.group(2).strip()]
                        notes.append(cur)
                    elif cur is not None and text:
                        cur[1] = (cur[1] + " " + text).strip()
                    else:
                        cur = None
                if len(notes) == 1:
                    found[m.group(1)] = (notes[0][0], notes[0][1])
                elif notes:
                    found[m.group(1)] = (
                        "deviation",
                        "; ".join(f"{k}: {t}" for k, t in notes),
                    )
            doc = []
            exported = False
    return found


def md_escape(text):
    return text.replace("|", "\\|")


def generate(ourlib):
    ref = nm(["--defined-only"], SYSTEM_LIBSSL)
    ref_names = sorted(ref)
    ours = nm(["--defined-only"], ourlib)
    notes = annotations()
    progs = programs()
    imports = {}
    for col, _, path in progs:
        if not os.path.isfile(path):
            sys.exit(f"gen-compat: {path} not found (install the Debian package for {col})")
        und = nm(["--undefined-only"], path)
        imports[col] = {n for n in und if n in ref}

    def status(name):
        if name not in ours or ours[name] != BASE_VERSION:
            return "absent", ""
        kind, note = notes.get(name, (None, ""))
        if kind == "refused":
            return "refused", note
        if kind == "deviation":
            return "implemented", "deviation: " + note
        return "implemented", ""

    stats = {n: status(n) for n in ref_names}
    total_impl = sum(1 for n in ref_names if stats[n][0] == "implemented")
    total_ref = sum(1 for n in ref_names if stats[n][0] == "refused")

    o = []
    o.append("# Compatibility table")
    o.append("")
    o.append("Generated by `tools/gen-compat.py` (`make compat`); do not edit. "
             "`make compat-check` (run by CI) fails when it is stale.")
    o.append("")
    o.append("One row per symbol that OpenSSL 3.0's `libssl.so.3` exports "
             f"(`nm -D --defined-only {SYSTEM_LIBSSL}`), a column per program tested by "
             "`ctests/apps/run.sh` (● = the program imports the symbol: `nm -D "
             "--undefined-only` on its binary), and our status:")
    o.append("")
    o.append("- **implemented**: our `libssl.so.3` exports it (version `OPENSSL_3.0.0`);")
    o.append("- **refused**: exported, but it deliberately fails the way OpenSSL fails when "
             "it cannot do the thing;")
    o.append("- **absent**: not exported: a program importing it fails to load "
             "(`symbol lookup error`) when it is linked with immediate binding, as all "
             "of these but socat are, or when it first calls it.")
    o.append("")
    o.append("The status comes from our library's exports and from the convention for "
             "the doc comment (`///`) above each exported `#[no_mangle] pub extern \"C\" "
             "fn` in `src/entry/*.rs`: a line `Compat: refused — <reason>` marks a "
             "refusal, a line `Compat: deviation — <note>` a difference from OpenSSL; "
             "the reason or note is shown in the last column. Functions that OpenSSL "
             "defines as macros over `SSL_ctrl`/`SSL_CTX_ctrl` (for example "
             "`SSL_CTX_set_tmp_dh`) are not symbols and are not listed: they depend on "
             "the `ctrl` commands implemented.")
    o.append("")
    o.append("Programs:")
    o.append("")
    for col, what, _ in progs:
        o.append(f"- **{col}**: `{what}`")
    o.append("")
    o.append("## Counts")
    o.append("")
    o.append(f"Implemented: **{total_impl} of {len(ref_names)}** libssl symbols "
             f"(refused: {total_ref}, absent: {len(ref_names) - total_impl - total_ref}).")
    o.append("")
    o.append("| program | imports | implemented | refused | absent |")
    o.append("|---|---:|---:|---:|---:|")
    for col, _, _ in progs:
        imp = imports[col]
        c = {"implemented": 0, "refused": 0, "absent": 0}
        for n in imp:
            c[stats[n][0]] += 1
        o.append(f"| {col} | {len(imp)} | {c['implemented']} | {c['refused']} | {c['absent']} |")
    o.append("")
    o.append("## Symbols")
    o.append("")
    cols = [c for c, _, _ in progs]
    o.append("| symbol | " + " | ".join(cols) + " | status | note |")
    o.append("|---|" + "---|" * len(cols) + "---|---|")
    for n in ref_names:
        marks = ["●" if n in imports[c] else "" for c in cols]
        st, note = stats[n]
        o.append(f"| `{n}` | " + " | ".join(marks) + f" | {st} | {md_escape(note)} |")
    o.append("")
    o.append("## Exports beyond OpenSSL 3.0")
    o.append("")
    newer = sorted((n, v) for n, v in ours.items() if v and v != BASE_VERSION)
    o.append("### Under a newer version node (`OPENSSL_3.2.0` etc.)")
    o.append("")
    if newer:
        o.append("| symbol | version node | note |")
        o.append("|---|---|---|")
        for n, v in newer:
            kind, note = notes.get(n, (None, ""))
            text = f"{kind}: {note}" if kind else ""
            o.append(f"| `{n}` | `{v}` | {md_escape(text)} |")
    else:
        o.append("None.")
    o.append("")
    extra = sorted(n for n, v in ours.items() if v == BASE_VERSION and n not in ref)
    o.append("### Under `OPENSSL_3.0.0` but not exported by OpenSSL 3.0's libssl")
    o.append("")
    if extra:
        o.append("Names that OpenSSL 3.0's `<openssl/ssl.h>` defines as macros (over "
                 "`SSL_ctrl`/`SSL_CTX_ctrl`) or not at all; programs built against "
                 "OpenSSL 3.0 never import them.")
        o.append("")
        o.append("| symbol | note |")
        o.append("|---|---|")
        for n in extra:
            kind, note = notes.get(n, (None, ""))
            text = f"{kind}: {note}" if kind else ""
            o.append(f"| `{n}` | {md_escape(text)} |")
    else:
        o.append("None.")
    o.append("")
    unknown = sorted(n for n in notes if n not in ours)
    if unknown:
        sys.exit("gen-compat: Compat: annotations on functions our library does not export: "
                 + ", ".join(unknown))
    return "\n".join(o)


def main():
    args = sys.argv[1:]
    check = False
    if args and args[0] == "--check":
        check = True
        args = args[1:]
    if len(args) > 1:
        sys.exit("usage: gen-compat.py [--check] [OURLIB]")
    ourlib = args[0] if args else os.path.join(ROOT, "target", "release", "libssl.so.3")
    if not os.path.isfile(ourlib):
        sys.exit(f"gen-compat: {ourlib} not found (make build)")
    text = generate(ourlib)
    if check:
        try:
            with open(OUT, encoding="utf-8") as f:
                cur = f.read()
        except FileNotFoundError:
            cur = ""
        if cur != text:
            sys.stdout.writelines(difflib.unified_diff(
                cur.splitlines(True), text.splitlines(True), "docs/COMPAT.md (committed)",
                "docs/COMPAT.md (generated)"))
            print("gen-compat: docs/COMPAT.md is stale: run `make compat` and commit it",
                  file=sys.stderr)
            return 1
        print("gen-compat: docs/COMPAT.md is up to date")
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"gen-compat: wrote {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
