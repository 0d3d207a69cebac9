#!/usr/bin/env python3
"""Holds the connections of a loaded mig-api: idle ones (connected, silent),
slow-header ones (one byte of a request head every few seconds) and
/action/follow streams (read as they come). Prints "ready" once all are
open, then holds them until killed; at exit, prints how many were still
open (a server may close idle ones after its idle timeout).

    hold.py PORT --idle 1000 --slow 8 --follow 200 --action ID
"""
import argparse
import selectors
import signal
import socket
import sys
import time


def connect(port, source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--idle", type=int, default=0)
    ap.add_argument("--slow", type=int, default=0)
    ap.add_argument("--follow", type=int, default=0)
    ap.add_argument("--action", type=int, default=0)
    ap.add_argument("--slow-interval", type=float, default=3.0)
    a = ap.parse_args()
    # Connections come from 127.0.0.2..: the benchmark's own requests keep
    # 127.0.0.1, as an investigator's would keep their address.
    sources = ["127.0.0.%d" % (2 + i % 200) for i in range(a.idle + a.slow + a.follow)]
    sel = selectors.DefaultSelector()
    idle, slow, follow = [], [], []
    n = 0
    for _ in range(a.idle):
        idle.append(connect(a.port, sources[n]))
        n += 1
    head = b"GET /api/v1/heartbeat HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000
    for _ in range(a.slow):
        slow.append([connect(a.port, sources[n]), 0])
        n += 1
    request = ("GET /api/v1/action/follow?actionid=%d HTTP/1.1\r\nHost: x\r\n\r\n" %
               a.action).encode()
    for _ in range(a.follow):
        s = connect(a.port, sources[n])
        n += 1
        s.setblocking(True)
        s.sendall(request)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        follow.append(s)
    print("ready", flush=True)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    streamed = 0
    next_slow = time.monotonic()
    while not stop:
        for key, _ in sel.select(timeout=0.2):
            try:
                data = key.fileobj.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(key.fileobj)
            streamed += len(data)
        if time.monotonic() >= next_slow:
            next_slow += a.slow_interval
            for entry in slow:
                try:
                    entry[0].send(head[entry[1]:entry[1] + 1])
                    entry[1] = min(entry[1] + 1, len(head) - 1)
                except OSError:
                    pass
    alive = 0
    for s in idle:
        try:
            alive += 1 if s.recv(1, socket.MSG_PEEK) != b"" else 0
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    print("idle connections still open: %d of %d; follow bytes read: %d" %
          (alive, len(idle), streamed), flush=True)


if __name__ == "__main__":
    sys.exit(main())
