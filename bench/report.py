#!/usr/bin/python3
"""Write docs/BENCHMARKS.md and docs/bench-ratios.png from bench/run.sh's results.

    bench/report.py target/bench

Reads results.jsonl (timed runs), callgrind.jsonl (instruction counts) and
machine.json. Every row appears, whether it met its target, fell short or failed.
"""
import json
import os
import statistics
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs")


def load(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip()]


runs = load("results.jsonl")
cg = {(r["id"], r["impl"]): r for r in load("callgrind.jsonl")}
machine = json.load(open(os.path.join(OUT, "machine.json")))

# What each row reports: (metric key in the JSON, unit, higher is better).
METRIC = {
    "bulk": ("mbps_cpu", "MB/s", True),
    "tcp": ("mbps_wall", "MB/s", True),
    "hs": ("hs_per_s_cpu", "handshakes/s", True),
    "hs2": ("hs_per_s_wall", "handshakes/s", True),
    "mem": ("ssl_heap_per_conn", "bytes", False),
    "cold": ("cpu_ms_per_proc", "ms CPU", False),
    "aead": ("seal_open_mbps_cpu", "MB/s", True),
}

ROWS = [
    # id, label, metric kind, target (ratio ours/OpenSSL), instruction unit
    ("bulk-1k", "Bulk, BIO pair, 1 KiB writes", "bulk", 2.0, "byte"),
    ("bulk-16k", "Bulk, BIO pair, 16 KiB writes", "bulk", 1.9, "byte"),
    ("bulk-1m", "Bulk, BIO pair, 1 MiB writes", "bulk", None, "byte"),
    ("tcp-16k", "Bulk, loopback TCP, 16 KiB writes (2 processes)", "tcp", None, None),
    ("hs-tls13", "Full TLS 1.3 handshake", "hs", 2.2, "handshake"),
    ("hs-tls13-resume", "Resumed TLS 1.3 handshake", "hs", 2.5, "handshake"),
    ("hs-tls12", "Full TLS 1.2 handshake (ECDSA P-256)", "hs", 2.8, "handshake"),
    ("hs-tls12-noverify", "Full TLS 1.2, client without the CA (diagnostic)", "hs", None,
     "handshake"),
    ("hs-tls13-2threads", "Full TLS 1.3, 2 threads, shared SSL_CTX", "hs2", None, None),
    ("mem", "Heap per idle connection (client+server SSL)", "mem", 0.20, None),
    ("cold-tls13", "New process: load, one full TLS 1.3 handshake, exit", "cold", None, None),
    ("fork-tls13", "Forked child: one full TLS 1.3 handshake, exit", "cold", None, None),
]


def values(row_id, impl, key):
    return [r[key] for r in runs if r["id"] == row_id and r["impl"] == impl and not r.get("failed")]


def failures(row_id, impl):
    return [r for r in runs if r["id"] == row_id and r["impl"] == impl and r.get("failed")]


def round_ratios(row_id, key):
    """ours / OpenSSL within each round (the two ran one after the other)."""
    by = {}
    for r in runs:
        if r["id"] == row_id and not r.get("failed") and r["impl"] in ("openssl", "ours"):
            by.setdefault(r["round"], {})[r["impl"]] = r[key]
    return sorted(v["ours"] / v["openssl"] for v in by.values()
                  if v.get("openssl") and v.get("ours"))


def median(row_id, impl, key):
    v = values(row_id, impl, key)
    return statistics.median(v) if v else None


def instr(row_id, impl):
    r = cg.get((row_id, impl))
    if not r or r.get("failed"):
        return None
    return r["ir"] / r["units"]


def fmt(x, digits=0):
    if x is None:
        return "—"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def status(row_id, impl):
    f = failures(row_id, impl)
    if f:
        return "FAILED: " + f[0]["error"].replace("|", "/")
    return None


lines = []
w = lines.append
w("# Benchmarks")
w("")
w("Our `libssl.so.3` against the system's OpenSSL libssl, running the same binary")
w("(`bench/bench.c`, built against OpenSSL's headers), and against raw rustls")
w("(`bench/rust/`). How each row is measured: [bench/README.md](../bench/README.md).")
w("")
w("Produced by: `make bench` (runs `bench/run.sh target/release`, then `bench/report.py`).")
w("")
w("## Machine")
w("")
m = machine
w(f"- CPU: {m['cpu']}, {m['cores']} cores (shared with other jobs while this ran); "
  f"features the crypto libraries choose AES-GCM code by: {', '.join(m.get('cpu_features', [])) or '?'}")
w(f"- Kernel: {m['kernel']}")
w(f"- OpenSSL: {m['openssl']} (`{m['syslib']}`)")
w(f"- rustls {m['rustls']}, aws-lc-rs {m['aws_lc_rs']}; {m['rustc']}; {m['valgrind']}")
w(f"- Our library: {m.get('ourbuild', 'unknown build')}")
w(f"- Commit: {m['commit']}{' (with uncommitted changes)' if m['dirty'] else ''}; date: {m['date']}")
w("")
w("Pins on both libraries: TLS 1.3 suite `TLS_AES_256_GCM_SHA384`, TLS 1.2 suite")
w("`ECDHE-ECDSA-AES256-GCM-SHA384`, key exchange X25519, server certificate ECDSA P-256")
w("(signed by an RSA-2048 CA, verified by the client). Timed values are medians of")
w(f"{max([r['round'] for r in runs] or [0])} rounds, the two libraries run alternately. Rates are per CPU-second of")
w("the process (single-threaded rows), which the other jobs on this machine disturb far")
w("less than wall time; TCP and the 2-thread row are wall-clock. Instruction counts")
w("(callgrind, measured functions only) do not depend on load at all.")
w("")
w("## Ours vs OpenSSL")
w("")
w("Ratio = ours / OpenSSL: above 1 we are faster (throughput, handshakes); below 1 we")
w("use less (memory, a new or forked process's CPU time). The marker compares the timed ratio with the target; the")
w("instruction ratio (OpenSSL's instructions / ours, so above 1 = we execute fewer) is")
w("beside it. \"Rounds\" is the lowest and highest ratio of one round's two runs (made one")
w("after the other): how much the machine's load moved the timed ratio in this run.")
w("")
w("| Row | Unit | OpenSSL | Ours | Ratio | Rounds | Target | | Instr. OpenSSL | Instr. ours | Instr. ratio |")
w("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
chart = []
for row_id, label, kind, target, unit in ROWS:
    key, munit, higher = METRIC[kind]
    o, u = median(row_id, "openssl", key), median(row_id, "ours", key)
    r = ratio(u, o)
    io, iu = instr(row_id, "openssl"), instr(row_id, "ours")
    ir = ratio(io, iu)
    failed = status(row_id, "ours") or status(row_id, "openssl")
    if failed and u is None:
        mark = "**" + failed + "**"
    elif target is None or r is None:
        mark = ""
    elif (r >= target) if higher else (r <= target):
        mark = "pass"
    else:
        mark = "**short**"
    tgt = "" if target is None else (f"≥{target}×" if higher else f"≤{target}×")
    iunit = f" /{unit}" if unit else ""
    rr = round_ratios(row_id, key)
    spread = f"{rr[0]:.2f}–{rr[-1]:.2f}×" if len(rr) > 1 else "—"
    d = 2 if kind == "cold" else 0
    w(f"| {label} | {munit} | {fmt(o, d)} | {fmt(u, d)} | {fmt(r, 2)}× | {spread} | {tgt} | {mark} | "
      f"{fmt(io, 1 if unit == 'byte' else 0)}{iunit if io else ''} | "
      f"{fmt(iu, 1 if unit == 'byte' else 0)}{iunit if iu else ''} | {fmt(ir, 2)}{'×' if ir else ''} |")
    chart.append((label, r, ir, target, higher))

if any(r["id"] == "mem" for r in runs):
    w("")
    w("Memory detail (medians, bytes per connection = one client `SSL` + one server `SSL`")
    w("+ their BIO pair, established and idle): heap in use (mallinfo2) with and without")
    w("the BIO pair's own buffers (measured separately, the same for both libraries), RSS")
    w("growth (/proc/self/statm):")
    w("")
    w("| | heap, total | BIO pair alone | heap, SSL objects | RSS |")
    w("|---|---:|---:|---:|---:|")
    for impl in ("openssl", "ours"):
        w(f"| {impl} | {fmt(median('mem', impl, 'heap_per_conn'))} | "
          f"{fmt(median('mem', impl, 'biopair_heap_per_conn'))} | "
          f"{fmt(median('mem', impl, 'ssl_heap_per_conn'))} | {fmt(median('mem', impl, 'rss_per_conn'))} |")

oc, uc = median("cold-tls13", "openssl", "cpu_ms_per_proc"), median("cold-tls13", "ours", "cpu_ms_per_proc")
of, uf = median("fork-tls13", "openssl", "cpu_ms_per_proc"), median("fork-tls13", "ours", "cpu_ms_per_proc")
if oc and uc and of and uf:
    procs = max(r.get("procs", 0) for r in runs if r["id"] in ("cold-tls13", "fork-tls13"))
    w("")
    w("New processes (median CPU time of one process, user and system, from `wait4`;")
    w(f"{procs} processes a round). *New process*: the program starts anew (exec, so nothing")
    w("is loaded before it), builds a client and a server `SSL_CTX`, makes one full TLS 1.3")
    w("handshake with the checks of the handshake rows and exits: what a short-lived client")
    w(f"such as `curl` pays on every run; {oc:.2f} ms on OpenSSL, {uc:.2f} ms on ours, most of it")
    w("the dynamic loader and libcrypto's own initialization. *Forked child*: a process that")
    w("has made one handshake forks; the child makes one handshake on the same contexts and")
    w("exits: a server forking per connection or a pre-forked worker; "
      f"{of:.2f} ms on OpenSSL, {uf:.2f} ms on ours.")

o12, u12 = median("hs-tls12", "openssl", "hs_per_s_cpu"), median("hs-tls12", "ours", "hs_per_s_cpu")
o12n = median("hs-tls12-noverify", "openssl", "hs_per_s_cpu")
u12n = median("hs-tls12-noverify", "ours", "hs_per_s_cpu")
if o12 and u12 and o12n and u12n:
    us = lambda with_ca, without: 1e6 / with_ca - 1e6 / without
    w("")
    w("Certificate verification in the TLS 1.2 row: both libraries verify the server's")
    w("chain with libcrypto's `X509_verify_cert` (the `X509_STORE`, callbacks and")
    w("`X509_V_*` results applications rely on), an RSA-2048 signature among the rest.")
    w("Without the CA (diagnostic row: libcrypto finds no issuer and checks no signature;")
    w("the verify result is 20 on both) a handshake takes, per handshake,")
    w(f"{fmt(us(o12, o12n))} µs less on OpenSSL and {fmt(us(u12, u12n))} µs less on ours:")
    w(f"that libcrypto time is {fmt(100 * us(u12, u12n) * u12 / 1e6)}% of our TLS 1.2")
    w(f"handshake, and the ratio without it is {fmt(ratio(u12n, o12n), 2)}×.")
    io12, io12n = instr("hs-tls12", "openssl"), instr("hs-tls12-noverify", "openssl")
    iu12, iu12n = instr("hs-tls12", "ours"), instr("hs-tls12-noverify", "ours")
    if io12 and io12n and iu12 and iu12n:
        w(f"In instructions the difference is the same on both ({fmt(io12 - io12n)} on OpenSSL,")
        w(f"{fmt(iu12 - iu12n)} on ours): the same libcrypto code, which OpenSSL's own libssl")
        w("keeps warm in the caches and our process reaches once per handshake.")

w("")
w("## Ours only: the post-quantum default")
w("")
w("Full TLS 1.3 handshakes with our default group X25519MLKEM768 (OpenSSL 3.0 lacks it,")
w("so there is no OpenSSL column; compare with our X25519 row above).")
w("")
w("| Row | Ours, handshakes/s | Instructions /handshake | vs ours with X25519 |")
w("|---|---:|---:|---:|")
pq = median("hs-tls13-mlkem", "ours", "hs_per_s_cpu")
x = median("hs-tls13", "ours", "hs_per_s_cpu")
w(f"| Full TLS 1.3, X25519MLKEM768 | {fmt(pq)} | {fmt(instr('hs-tls13-mlkem', 'ours'))} | "
  f"{fmt(ratio(pq, x), 2)}× |")
if status("hs-tls13-mlkem", "ours"):
    w(f"\n{status('hs-tls13-mlkem', 'ours')}")

w("")
w("## The C layer: ours vs raw rustls")
w("")
plain = any(k[1] == "plain" for k in cg)
w("The same loops straight on rustls 0.23 with aws-lc-rs (`bench/rust`). Cost = how much")
w("more ours takes: instructions ours / raw − 1, and time raw rate / our rate − 1.")
w("Target: ≤5%. The marker uses the instruction counts (a 5% bound is inside the timing")
w("noise of a shared machine). Bulk rows have two raw runs: over libcrypto's BIO pair, the")
w("transport bench.c uses (rustls's `read_tls` / `write_tls` on `BIO_read` / `BIO_write`),")
w("which the marker uses, since the pair's cost is libcrypto's and not the C layer's; and")
w("over an in-memory pipe in Rust, raw rustls with no transport cost at all (for")
w("reference). Handshake rows: the pipe (a handshake's few BIO calls are counted against")
w("ours).")
if plain:
    w("Our library is profile-guided and raw rustls is not, so the instruction cost")
    w("compares our plain release build (same source, no profile: \"Instr. ours, plain\")")
    w("with raw rustls; the time cost is the shipped, profile-guided build's.")
w("")
if plain:
    w("| Row | Raw rustls | Ours | Time cost | Instr. raw | Instr. ours | Instr. ours, plain | Instr. cost | Target | |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
else:
    w("| Row | Raw rustls | Ours | Time cost | Instr. raw | Instr. ours | Instr. cost | Target | |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for row_id, label, kind, _, unit in ROWS:
    # The marked baseline first: the BIO pair where the row has it.
    bases = [b for b in ("rawbio", "raw") if any(r["id"] == row_id and r["impl"] == b for r in runs)]
    for base in bases:
        key, munit, _ = METRIC[kind]
        raw, u = median(row_id, base, key), median(row_id, "ours", key)
        ir, iu = instr(row_id, base), instr(row_id, "ours")
        ip = instr(row_id, "plain") if plain else iu
        tc = ratio(raw, u) - 1 if raw and u else None
        ic = ratio(ip, ir) - 1 if ir and ip else None
        failed = status(row_id, "ours") or status(row_id, base)
        marked = base == bases[0]
        mark = ("**" + failed + "**") if failed and u is None else (
            "" if ic is None else ("pass" if ic <= 0.05 else "**short**"))
        pct = lambda c: "—" if c is None else f"{c * 100:+.1f}%"
        d = 1 if unit == "byte" else 0
        extra = f"{fmt(ip, d)} | " if plain else ""
        name = label
        if len(bases) > 1:
            name += ": raw over the same BIO pair" if base == "rawbio" else ": raw over a Rust pipe (reference)"
        target = "≤5%" if marked else "—"
        w(f"| {name} | {fmt(raw)} {munit} | {fmt(u)} | {pct(tc)} | {fmt(ir, d)} | {fmt(iu, d)} | "
          f"{extra}{pct(ic)} | {target} | {mark if marked else ''} |")

w("")
w("## Bulk against raw AES-256-GCM")
w("")
a = median("aead-16k", "aead", "seal_open_mbps_cpu")
s_ = median("aead-16k", "aead", "seal_mbps_cpu")
o_ = median("aead-16k", "aead", "open_mbps_cpu")
ia = instr("aead-16k", "aead")
b16 = median("bulk-16k", "ours", "mbps_cpu")
bo = median("bulk-16k", "openssl", "mbps_cpu")
ib = instr("bulk-16k", "ours")
w("aws-lc-rs `LessSafeKey` AES-256-GCM on 16 KiB chunks (the suite pinned above): seal")
w(f"{fmt(s_)} MB/s, open {fmt(o_)} MB/s; seal then open of each chunk (what a bulk byte")
w(f"costs: encrypted once, decrypted once) {fmt(a)} MB/s, {fmt(ia, 2)} instructions/byte.")
w("")
w("| | MB/s (seal+open) | fraction of raw AES-GCM | instructions/byte |")
w("|---|---:|---:|---:|")
w(f"| aws-lc-rs AES-256-GCM alone | {fmt(a)} | 1.00 | {fmt(ia, 2)} |")
w(f"| ours, bulk 16 KiB | {fmt(b16)} | {fmt(ratio(b16, a), 2)} | {fmt(ib, 2)} |")
w(f"| OpenSSL, bulk 16 KiB | {fmt(bo)} | {fmt(ratio(bo, a), 2)} | {fmt(instr('bulk-16k', 'openssl'), 2)} |")
rb = median("bulk-16k", "raw", "mbps_cpu")
w(f"| raw rustls, bulk 16 KiB | {fmt(rb)} | {fmt(ratio(rb, a), 2)} | {fmt(instr('bulk-16k', 'raw'), 2)} |")
w("")
r1, o1 = median("bulk-1k", "raw", "mbps_cpu"), median("bulk-1k", "openssl", "mbps_cpu")
lg = m.get("libcrypto_aes256gcm_encrypt_mbps")
if lg and s_:
    w(f"The system libcrypto's AES-256-GCM, which OpenSSL's libssl seals its records with")
    w(f"(`openssl speed -evp aes-256-gcm -bytes 16384`, encrypt only): {fmt(lg)} MB/s, against")
    w(f"aws-lc's seal {fmt(s_)} MB/s: aws-lc's is {fmt(ratio(s_, lg), 2)}× as fast on this CPU.")
    if ratio(s_, lg) > 1.3:
        w("aws-lc has AES-GCM code for VAES and VPCLMULQDQ with AVX-512, which this CPU has;")
        w("libcrypto 3.0 runs slower code here. Much of the bulk rows' lead comes from that,")
        w("and it depends on the CPU: on one without these features the two libraries'")
        w("AES-GCM run at about the same speed and bulk at 16 KiB near 1× (bench/README.md).")
    else:
        w("On this CPU the two libraries' AES-GCM run at about the same speed, so at 16 KiB")
        w("and more most of a byte's time is the same in both and those rows' ratios stay")
        w("near 1× (bench/README.md).")
    w("")
if rb and bo and r1 and o1:
    w(f"Raw rustls itself reaches {fmt(ratio(rb, bo), 2)}× OpenSSL at 16 KiB and "
      f"{fmt(ratio(r1, o1), 2)}× at 1 KiB in this run over the Rust pipe,")
    rbb, r1b = median("bulk-16k", "rawbio", "mbps_cpu"), median("bulk-1k", "rawbio", "mbps_cpu")
    if rbb and r1b:
        w(f"{fmt(ratio(rbb, bo), 2)}× and {fmt(ratio(r1b, o1), 2)}× over the same BIO pair as ours:")
    w("the ceiling for a library built on it.")
    w("")
w("Callgrind runs without AVX-512, so libcrypto and aws-lc take their AVX2 paths there;")
w("instruction counts compare code paths, timed rates show this CPU's real speed. glibc's")
w("`memcpy` moves large blocks with `rep movsb`, which callgrind counts as one instruction")
w("per byte: copies weigh more in the counts than in time, except in one case: on some")
w("CPUs a `rep movsb` whose destination lies 1 to 31 bytes after its source (modulo 4 KiB)")
w("runs ~30 times slower (bench/README.md, \"Copies\").")

w("")
w("## Runs")
w("")
w("Every timed value (all rounds) is in `target/bench/results.jsonl` after `make bench`;")
w("failed runs are listed here:")
w("")
fails = [r for r in runs if r.get("failed")] + [r for r in cg.values() if r.get("failed")]
if not fails:
    w("None.")
seen = set()
for f in fails:
    k = (f["id"], f["impl"], f["error"])
    if k in seen:
        continue
    seen.add(k)
    n = sum(1 for r in runs if r["id"] == f["id"] and r["impl"] == f["impl"] and r.get("failed"))
    w(f"- `{f['id']}` on {f['impl']} ({n or 'callgrind'} run{'s' if n != 1 else ''}): {f['error']}")
w("")
w("![ratios](bench-ratios.png)")

open(os.path.join(DOCS, "BENCHMARKS.md"), "w").write("\n".join(lines) + "\n")

# ---- the chart -------------------------------------------------------------------------
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

fig, axes = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [5, 1.4]})
speed = [c for c in chart if c[4]]
mem = [c for c in chart if not c[4]]
for ax, group, title in ((axes[0], speed, "Speed: ours / OpenSSL (higher is better)"),
                         (axes[1], mem, "Memory, new process:\nours / OpenSSL (lower is better)")):
    xs = range(len(group))
    tv = [c[1] or 0 for c in group]
    ax.bar([x - 0.2 for x in xs], tv, 0.4, label="time (median)", color="#3b75af")
    if group is speed:
        iv = [c[2] or 0 for c in group]
        ax.bar([x + 0.2 for x in xs], iv, 0.4, label="instructions", color="#9ecae9")
    for x, c in zip(xs, group):
        if c[3]:
            ax.plot([x - 0.45, x + 0.45], [c[3], c[3]], color="#c0392b", linewidth=2,
                    label="target" if x == 0 or group is mem else None)
        if c[1] is None:
            ax.text(x - 0.2, 0.05, "failed", rotation=90, ha="center", va="bottom", fontsize=8)
    ax.axhline(1.0, color="gray", linewidth=0.8, linestyle="--")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([c[0].replace(", ", "\n", 1) for c in group], rotation=30, ha="right",
                       fontsize=7)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig(os.path.join(DOCS, "bench-ratios.png"), dpi=110)
print("wrote docs/BENCHMARKS.md and docs/bench-ratios.png")
