#!/usr/bin/env python3
"""Slow and idle connection attacks on `dafu serve`, with a normal client
measuring its answers meanwhile.

Usage: test_attack.py DAFU SOURCE_DIR [HOLD_SECONDS]

Three phases against a server on 127.0.0.1 and a free port, each held
HOLD_SECONDS (default 30; ctest's quick form holds 4):
  slowloris  300 connections that send one header byte a second and reconnect
             when the server closes them;
  idle       2,000 connections that send nothing (reopened when closed);
  per-ip     with --per-ip 50, 200 idle connections from 127.0.0.1, while the
             normal client comes from 127.0.0.2.
Meanwhile a normal client asks for /api/search?q=... twice a second; every
answer must be 200 within its 10 s socket timeout (unanswered requests, the
failure this guards against, wait for ever). With a hold of 20 s or more the
header deadline (10 s) must also have cut every slowloris connection at least
once, and every idle one. Prints the answer times; exits 0 when all checks
pass, 1 otherwise, 77 when sockets are short.
"""
import http.client
import os
import resource
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

DAFU = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
HOLD = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
CLIENT_TIMEOUT = 10.0
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, flush=True)


def start(db, *extra):
    p = subprocess.Popen([DAFU, "serve", "--db", db, "--port", "0", "--threads", "2", *extra],
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    if "serving" not in line:
        p.kill()
        sys.exit("server did not start: " + line)
    port = int(line.rstrip().rstrip("/").rsplit(":", 1)[1])
    threading.Thread(target=p.stderr.read, daemon=True).start()
    return p, port


def normal_client(port, stop, times, errors, source="127.0.0.1"):
    """One request every half second, each on a new connection."""
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT,
                                           source_address=(source, 0))
            c.request("GET", "/api/search?q=%E4%B9%A1%E6%9D%91&limit=2")
            r = c.getresponse()
            r.read()
            c.close()
            if r.status != 200:
                errors.append("status %d" % r.status)
            else:
                times.append(time.monotonic() - t0)
        except OSError as e:
            errors.append("%s after %.1f s" % (e.__class__.__name__, time.monotonic() - t0))
        stop.wait(0.5)


def open_conn(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    return s


def closed_by_server(s):
    """True when the server ended the connection (EOF or reset)."""
    try:
        p = select.poll()
        p.register(s, select.POLLIN | select.POLLERR | select.POLLHUP)
        if not p.poll(0):
            return False
        return s.recv(4096) == b""
    except OSError:
        return True


def attack(port, n, stop, slow, counts):
    """n connections; `slow` ones send a header byte a second. Closed ones are
    counted in counts['cut'] and reopened."""
    head = b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: "
    conns = [[open_conn(port), 0] for _ in range(n)]
    counts["open"] = n
    while not stop.is_set():
        for c in conns:
            s = c[0]
            if closed_by_server(s):
                counts["cut"] += 1
                s.close()
                c[0], c[1] = open_conn(port), 0
                continue
            if slow:
                b = head[c[1]:c[1] + 1] or b"a"
                try:
                    s.send(b)
                    c[1] += 1
                except BlockingIOError:
                    pass
                except OSError:
                    counts["cut"] += 1
                    s.close()
                    c[0], c[1] = open_conn(port), 0
        stop.wait(1.0)
    for c in conns:
        c[0].close()


def phase(name, port, n, slow, source="127.0.0.1"):
    stop = threading.Event()
    counts = {"cut": 0, "open": 0}
    times, errors = [], []
    a = threading.Thread(target=attack, args=(port, n, stop, slow, counts))
    a.start()
    time.sleep(1.0)  # the attack's connections are open before the client starts
    cl = threading.Thread(target=normal_client, args=(port, stop, times, errors, source))
    cl.start()
    time.sleep(HOLD)
    stop.set()
    cl.join()
    a.join()
    med = statistics.median(times) if times else float("nan")
    print("%s: %d connections held %.0f s, cut and reopened %d times; normal client: "
          "%d answered (median %.3f s, max %.3f s), %d failed %s" %
          (name, n, HOLD, counts["cut"], len(times), med, max(times, default=float("nan")),
           len(errors), errors[:3]), flush=True)
    check(not errors, "%s: every normal request answered 200 (failures: %s)" % (name, errors[:3]))
    check(len(times) >= HOLD, "%s: the normal client was answered %d times in %.0f s" %
          (name, len(times), HOLD))
    return counts


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 3000
    if soft < want:
        if hard < want and hard != resource.RLIM_INFINITY:
            print("skip: %d file descriptors allowed, %d needed" % (hard, want))
            return 77
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    work = tempfile.mkdtemp(prefix="dafu-attack-")
    try:
        db = os.path.join(work, "dafu.db")
        subprocess.run([DAFU, "import", "--db", db, os.path.join(SRC, "tests", "letters")],
                       check=True, stderr=subprocess.DEVNULL)
        p, port = start(db)
        try:
            slow = phase("slowloris", port, 300, True)
            idle = phase("idle", port, 2000, False)
            if HOLD >= 20:
                check(slow["cut"] >= 300, "slowloris: the header deadline cut every slow "
                      "connection (%d cuts for 300)" % slow["cut"])
                check(idle["cut"] >= 2000, "idle: every idle connection was closed "
                      "(%d closes for 2000)" % idle["cut"])
        finally:
            p.terminate()
            p.wait(30)
        p, port = start(db, "--per-ip", "50")
        try:
            # Over the limit, the server closes a connection at once.
            conns = [open_conn(port) for _ in range(200)]
            time.sleep(2.0)
            refused = sum(1 for s in conns if closed_by_server(s))
            print("per-ip: %d of 200 connections from 127.0.0.1 closed at once" % refused,
                  flush=True)
            check(refused >= 150, "per-ip: at most 50 connections kept from one address "
                  "(%d of 200 closed)" % refused)
            for s in conns:
                s.close()
            phase("per-ip", port, 200, False, source="127.0.0.2")
        finally:
            p.terminate()
            p.wait(30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d checks failed" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
