#!/usr/bin/env python3
"""Tries to starve `sitrep serve` the way a hostile or careless client would,
and prints what the server did.

    python3 bench/serve_starve.py [SITREP_BINARY] [SITE] [SLOW] [IDLE]

SLOW connections send request headers one line a second and never finish
them (slowloris); IDLE connections open and send nothing. While they are
held, a normal request is timed. Defaults: target/release/sitrep, the serve
test fixture, 1000 slow and 5000 idle connections (raise `ulimit -n` first).
"""

import os
import re
import select
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "target", "release", "sitrep")
SITE = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "tests", "fixtures", "serve-site")
SLOW = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
IDLE = int(sys.argv[4]) if len(sys.argv) > 4 else 5000


def start():
    proc = subprocess.Popen(
        [BINARY, "serve", "--root", SITE, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in proc.stdout:
        m = re.search(r"http://[^:]+:(\d+)", line)
        if m:
            return proc, int(m.group(1))
    raise SystemExit("no port printed")


def get(port, timeout=10.0):
    """One GET /: (status or None, seconds)."""
    t = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        status = int(data.split(b" ", 2)[1]) if data else None
    except OSError as e:
        status = f"none ({e.strerror or e})"
    return status, time.monotonic() - t


def readable(s):
    p = select.poll()
    p.register(s, select.POLLIN)
    return bool(p.poll(0))


def still_open(socks):
    """How many of `socks` the server has not closed (an answer such as a
    503 or 408 is read and the socket checked again)."""
    n = 0
    for s in socks:
        try:
            while readable(s):
                if not s.recv(65536):
                    break
            else:
                n += 1
        except OSError:
            pass
    return n


def connect(n):
    socks = []
    for _ in range(n):
        try:
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            break
    return socks


proc, port = start()
try:
    print(f"server {BINARY} on port {port}")
    print("baseline GET /: status %s in %.1f ms" % (lambda r: (r[0], r[1] * 1000))(get(port)))

    slow = connect(SLOW)
    for s in slow:
        try:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        except OSError:
            pass
    t0 = time.monotonic()
    status, took = get(port)
    print(f"{len(slow)} slow-header connections opened; GET / meanwhile: status {status} in {took * 1000:.1f} ms")
    for second in range(1, 16):
        time.sleep(1)
        for s in slow:
            try:
                s.sendall(b"X-Slow: a\r\n")
            except OSError:
                pass
        if second in (1, 5, 9, 11, 13, 15):
            print(f"  after {time.monotonic() - t0:4.1f} s: {still_open(slow)} of {len(slow)} still open")
    for s in slow:
        s.close()

    idle = connect(IDLE)
    status, took = get(port)
    print(f"{len(idle)} idle connections opened; GET / meanwhile: status {status} in {took * 1000:.1f} ms")
    time.sleep(1)
    print(f"  after 1 s: {still_open(idle)} of {len(idle)} still open")
    time.sleep(11)
    print(f"  after 12 s: {still_open(idle)} of {len(idle)} still open")
    for s in idle:
        s.close()
    print("GET / after: status %s in %.1f ms" % (lambda r: (r[0], r[1] * 1000))(get(port)))
finally:
    proc.kill()
