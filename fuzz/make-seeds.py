#!/usr/bin/env python3
"""Write the seed corpora in fuzz/corpus/<target>/ (the checked-in files).

Each target reads its input as a little program (see the comments at the top of each
fuzz_targets/*.rs); the seeds below spell out, in that encoding, the starting points a
fuzzer would take long to find by itself: a connected client/server pair exchanging
data, every kind of link, the set_bio/set0 reference games, callbacks, real and
tampered handshakes, tiny buffers and partial writes. Run from anywhere:

    python3 fuzz/make-seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(data))


def u16(v):
    return list(struct.pack("<H", v))


# ---- api_sequence ---------------------------------------------------------------------
# One op: a byte (code % 89) and its arguments. Object arguments pick an index of the
# pool (a byte b: index b % (n+1), NULL when that equals n). The pool starts with
# ctx 0 = client context, ctx 1 = server context (EC identity).
PAIR_MEM = [60, 0, 1, 1]            # client+server on four memory BIOs
PAIR_BIOPAIR = [60, 0, 1, 0, 6, 6]  # ... on a BIO pair (17408-byte buffers)
PAIR_SOCKET = [60, 0, 1, 2]         # ... on a socketpair (SSL_set_fd)
HANDSHAKE = [61, 0, 1, 31]          # conns 0 and 1, up to 32 rounds


def exchange(a, b, wlen, rlen):
    # write kind 1 (buffer), length byte, offset u16; read: no peek, kind 1, len, off
    return [62, a, b, 1, wlen] + u16(0) + [0, 1, rlen] + u16(0)


api = {
    "pair-mem-talk": PAIR_MEM + HANDSHAKE + exchange(0, 1, 100, 200) + exchange(1, 0, 50, 200)
    + [34, 0, 0] + [19, 0],
    "pair-biopair-talk": PAIR_BIOPAIR + HANDSHAKE + exchange(0, 1, 200, 255)
    + [30, 1, 0, 2, 255] + u16(7) + [34, 1, 0, 19, 1],
    "pair-socket-talk": PAIR_SOCKET + HANDSHAKE + exchange(0, 1, 30, 100) + [50, 0, 1, 0, 0],
    # SSL_set_bio(s, A, A) twice with A already in both slots.
    "set-bio-same-twice": [17, 0, 52] + [46, 0, 3, 0, 3, 0] + [46, 0, 3, 0, 3, 0],
    # set0_rbio / set0_wbio / set_bio swaps, then adopt and free the harness refs.
    "bio-swaps": [17, 0, 52, 52, 47, 0, 0, 48, 0, 1, 46, 0, 2, 1, 58, 0, 1, 59, 0, 46, 0, 0, 0]
    + [49, 0, 19, 0],
    # TLS 1.2 only, client verifies with the CA, server has SNI + ALPN callbacks.
    "tls12-callbacks": [5, 0, 9, 1]            # ctx 0: max version TLS 1.2
    + [9, 0, 0, 9, 0]                          # ctx 0: load ca.pem
    + [7, 0, 0, 1, 1]                          # ctx 0: SSL_VERIFY_PEER + verify_cb
    + [14, 1, 0] + [13, 1, 1, 0]               # ctx 1: servername cb, ALPN select cb
    + [12, 0, 12] + list(b"\x02h2\x08http/1.1") + [1]
    + [63, 2, 0x14]                            # callbacks: accept, switch ctx, select
    + PAIR_MEM + [23, 0, 0, 1, 1] + HANDSHAKE  # SNI "localhost" on the client
    + [36, 0, 0, 36, 0, 2, 39, 0, 1, 1, 0, 0, 41, 0, 0, 1, 1, 42, 1, 1] + exchange(0, 1, 10, 10),
    # Writes and reads with NULL, negative, zero and huge lengths, retries, moved buffers.
    "lengths": PAIR_MEM + HANDSHAKE
    + [28, 0, 0, 2] + [28, 0, 0, 4] + [28, 0, 3, 1, 2, 3, 4] + [28, 0, 4]
    + [29, 0, 0, 2, 1] + [29, 0, 0, 3, 0] + [28, 0, 2, 0] + u16(5) + [28, 0, 5, 28, 0, 6]
    + [30, 1, 0, 0, 4] + [31, 1, 0, 0, 2, 1] + [30, 1, 1, 3] + u16(9) + [31, 1, 1, 1, 0, 1, 1],
    # Free in the middle: ctx freed while its connection lives, SSL freed mid-handshake.
    "free-midway": PAIR_BIOPAIR + [61, 0, 1, 1, 2, 0, 2, 1, 19, 0, 61, 0, 0, 3, 18, 0, 19, 0, 19, 0],
}
# Ops 64 and up (sessions, callbacks, SSL_CONF, SSL BIOs), appended after the first 64
# (an op byte is taken modulo 89, so the seeds above decode as before).
PAIR2_MEM = [60, 0, 1, 1]            # a second client+server pair: conns 2 and 3
HANDSHAKE2 = [61, 2, 3, 31]
TALK = exchange(0, 1, 100, 200) + exchange(1, 0, 50, 200)  # the client reads the tickets
api.update({
    # TLS 1.3 resumption with a ticket: new-session callbacks keep the sessions, keylog
    # and info callbacks, i2d/d2i of the client's session, SSL_set_session on a second
    # pair, then SSL_session_reused, the client random and an exporter.
    "resume-tls13": [73, 0, 0, 3]          # ctx 0: cache mode both sides
    + [74, 1, 1, 0, 0, 74, 0, 1, 0, 0]     # new-session callback on both (drops)
    + [78, 0, 0, 79, 1, 0, 1]              # keylog on ctx 0, info callback on ctx 1
    + PAIR_MEM + HANDSHAKE + TALK
    + [64, 0, 1, 67, 0, 1]                 # SSL_get1_session(client), i2d into a buffer
    + [68, 0, 0, 1, 0, 1, 0, 1]            # d2i of that encoding
    + PAIR2_MEM + [65, 2, 1, 0] + HANDSHAKE2
    + [71, 2, 0, 1, 1, 71, 2, 1, 1, 1] + [81, 2, 2, 0, 0, 0]
    + [69, 1, 72, 1, 0, 0, 72, 1, 2, 0],
    # TLS 1.2 resumption by session id: server session id context, get-session callback
    # handing back a session of the pool (copy 0) after the cache lost it.
    "resume-tls12-cache": [5, 0, 9, 1]
    + [75, 2, 4] + list(b"abcd") + [1, 1]
    + [74, 1, 1, 4, 2, 74, 1, 1, 1, 0, 74, 1, 1, 1, 1]
    + PAIR_MEM + HANDSHAKE + TALK
    + [64, 1, 1, 64, 0, 1]                 # server's and client's sessions
    + PAIR2_MEM + [65, 2, 1, 1]            # offer the client's session
    + [72, 1, 1, 0]                        # the server cache forgets its session
    + [88, 0x05] + HANDSHAKE2 + [71, 2, 0, 1, 1, 69, 0],
    # SSL BIOs: two BIO_new_ssl joined by a BIO pair, handshake, write, read, puts,
    # shutdown; a pool connection in a BIO_f_ssl BIO (no close flag, then close flag).
    "ssl-bio-pair": [84, 0, 0, 1, 84, 0, 1, 0, 53, 6, 6, 85, 0, 1, 0, 85, 1, 1, 1]
    + [86, 0, 3, 86, 1, 3] * 6
    + [86, 0, 1, 2, 100, 0, 86, 1, 0, 2, 200, 86, 0, 2, 1, 86, 1, 0, 1, 86, 0, 5, 86, 1, 4]
    + [17, 0, 84, 2, 0, 0, 52, 85, 2, 1, 2, 86, 2, 3, 86, 2, 8, 1, 86, 2, 6, 87, 2, 87, 0],
    # SSL_CONF on the server context: file-mode commands, command-line argv, finish,
    # then a handshake with what they set.
    "conf-cmds": [82, 0, 0, 82, 0, 2, 8, 82, 0, 5, 1]
    + [83, 0, 2, 4, 0, 0, 83, 0, 5, 4, 9, 0, 83, 0, 7, 1, 1, 0, 83, 0, 8, 1, 2, 0]
    + [83, 0, 15, 4, 13, 0, 83, 0, 50, 4, 16, 0, 83, 0, 21, 4, 21, 0, 83, 0, 7, 0, 2]
    + [82, 0, 3, 1, 82, 0, 2, 0, 83, 0, 25, 4, 1, 3, 2, 1, 82, 0, 7]
    + PAIR_MEM + HANDSHAKE + [82, 0, 1],
    # Client hello callback (reads the hello, switches context), info and keylog
    # callbacks, ticket key and session ticket callbacks, resumption with that ticket.
    "hello-ticket-callbacks": [80, 1, 0x21, 0, 1, 2, 79, 1, 0, 0, 78, 0, 0, 78, 1, 0]
    + [77, 1, 0, 0, 77, 1, 0x40, 3, 1, 88, 0x21]
    + PAIR_MEM + HANDSHAKE + TALK
    + [64, 0, 1] + PAIR2_MEM + [65, 2, 1, 0] + HANDSHAKE2
    + [71, 2, 0, 1, 1, 81, 0, 4, 0, 0, 1],
})
for name, ops in api.items():
    write("api_sequence", name, ops)

# ---- peer_bytes -----------------------------------------------------------------------
# flags (bits 0-1 version, 2 EC, 3 client verifies, 4 server asks a cert, 5 ALPN+SNI,
# 6 server is the fuzzed side, 7 AUTO_RETRY off), cut, then ops (byte % 12).
# A ClientHello of OpenSSL 3.0 (s_client defaults, SNI "localhost"): another
# implementation's extensions for the server to parse.
CH13 = bytes.fromhex(
    "1603010136010001320303cae4115f023add6f4d7c2ff5f0380f6b975b150f413c8ee258d156efc1"
    "fd1cd320c8324b169339c9803b79fe5d91c6059d219dc27d21ba6130380d7daf045f5b4f003e1302"
    "13031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c0270067c00ac0140039"
    "c009c0130033009d009c003d003c0035002f00ff010000ab0000000e000c0000096c6f63616c686f"
    "7374000b000403000102000a00160014001d0017001e001900180100010101020103010400230000"
    "0016000000170000000d002a0028040305030603080708080809080a080b08040805080604010501"
    "0601030303010302040205020602002b0009080304030303020301002d0002010100330026002400"
    "1d002017c495862a1fac55affafe941c8e994495bd06af05392a0bcf78ab2dcac71f0f"
)


def deliver(n=0):
    return [0, n]


def step_fuzzed(call, arg=0):
    return [8, call, arg]


def step_real(call, arg=0):
    return [10, call, arg]


peer = {
    # Server fuzzed from the start: a truncated ClientHello, then handshake calls.
    "server-clienthello": [64, 0] + [4] + u16(len(CH13)) + list(CH13) + step_fuzzed(0) * 3,
    # Server fuzzed after the real ClientHello arrived: flip a byte in it.
    "server-flip-hello": [64, 1, 1] + u16(43) + [0x40] + deliver() + step_fuzzed(0) + step_real(0),
    # Client fuzzed in the middle of the server's flight, then more real bytes.
    "client-midflight": [0, 2, 0, 100] + step_fuzzed(0) + [3] + u16(20) + [5] + deliver()
    + step_fuzzed(0) + step_real(1, 50),
    # After the handshake (TLS 1.3): app data records tampered with, then EOF.
    "tls13-appdata": [2, 14] + step_real(4, 3) + [1] + u16(30) + [1] + deliver() + step_fuzzed(1, 0)
    + [7] + step_fuzzed(1, 0),
    # TLS 1.2, server fuzzed after the handshake: injected records of every type.
    "tls12-records": [65, 12] + [5, 0, 0, 0, 3, 0] + [5, 1, 0, 0, 2, 0, 1, 2] + [5, 3, 0, 201]
    + u16(40000) + [10, 0] + list(range(10)) + [6, 20, 36, 0] + list(range(36)) + step_fuzzed(1, 0)
    + step_fuzzed(5),
    # AUTO_RETRY off, key update and shutdown on both sides after a real handshake.
    "keyupdate-shutdown": [130, 16] + step_real(6, 2) + step_real(4, 1) + deliver() + step_fuzzed(3, 9)
    + step_fuzzed(1, 9) + step_fuzzed(5) + step_real(1, 9) + step_real(5) + deliver() + step_fuzzed(5),
}
for name, ops in peer.items():
    write("peer_bytes", name, ops)

# ---- integrity ------------------------------------------------------------------------
# flags (bits 0-1 version, 2 EC, 3 shut down at the end, 4 server shuts first),
# 4 buffer size codes (client int/net, server int/net), 2 mode toggles, wire cap, ops.
# op = byte: bit 0 side; (byte >> 1) % 8: 0/1 write, 2/3 read, 4 move, 5 modes,
# 6 key update, 7 SSL_do_handshake.


def w(side, length_code, b=0):
    return [0 | side, length_code, b]


def r(side, length_code, kind=0):
    return [4 | side, length_code, kind]


def mv(side, a, b):
    return [8 | side, a, b]


integ = {
    "default-both-ways": [8, 0, 0, 0, 0, 0, 0, 0] + w(0, 100) + w(1, 3) + r(1, 0) + r(0, 0)
    + w(0, 0, 1) + r(1, 1, 1),
    "partial-write-tiny": [9, 12, 12, 11, 11, 1, 1, 0] + w(0, 0) + mv(0, 3, 3) + w(0, 0)
    + r(1, 100) + w(0, 0) + w(0, 0, 1),
    "moving-buffer": [8 | 16, 8, 3, 8, 3, 2, 2, 0] + w(0, 2, 2) + w(1, 2, 3) + mv(0, 5, 5)
    + w(0, 2, 2) + r(1, 1, 2) + r(1, 1, 3) + w(0, 2, 2),
    "keyupdate-tls13": [10, 1, 1, 1, 1, 4, 4, 0] + w(0, 50) + [12, 1] + w(0, 200) + r(1, 0)
    + [13, 0] + w(1, 200) + r(0, 0) + [14] + [15],
    "slow-wire-tls12": [9 | 4, 2, 2, 2, 2, 0, 0, 128 + 9] + w(0, 3, 1) + w(1, 3, 1)
    + mv(0, 64, 64) + mv(1, 64, 64) + r(0, 2, 2) + r(1, 2, 0),
}
for name, ops in integ.items():
    write("integrity", name, ops)

print("seeds written under", os.path.join(HERE, "corpus"))
