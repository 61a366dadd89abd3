#!/usr/bin/python3
"""Reads datagate's /metrics with a real Prometheus text parser.

Starts the datagate binary offline on a free loopback port, gives it some
traffic (a JSON client and a Socket.IO client, both subscribed, and a
refused HTTP request), scrapes /metrics and parses it with the parser of
Debian's python3-prometheus-client. Then checks what the Prometheus
conventions ask (HELP and TYPE for every family, counters ending in _total,
units in the names, histograms with cumulative buckets ending in +Inf), that
the families the operators rely on are there with sensible values, that
docs/operations.md names every family, and that the Grafana dashboard and
the alert rules in resources/ use no metric that does not exist.

    check_metrics.py <datagate binary> <source root>
"""

import base64
import glob
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time

from prometheus_client.parser import text_string_to_metric_families

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def start(binary):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("DATAGATE_"):
            del env[name]
    process = subprocess.Popen(
        [binary, "--no-gui", "--host", "127.0.0.1", "--port", "0", "--btc-providers", "simulated",
         "--random-interval", "50"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    log = b""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        log += line
        if b" ready: " in log:
            match = re.search(rb"listening on \S+ port (\d+)", log)
            if match:
                return process, int(match.group(1))
    process.kill()
    sys.exit("datagate did not start:\n" + log.decode(errors="replace"))


def http_get(port, target):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def ws_frame(text):
    payload = text.encode()
    mask = b"\x01\x02\x03\x04"
    assert len(payload) < 126
    return bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class WsClient:
    """A raw WebSocket client that keeps what it has read: the server may send
    its first frame in the same segment as the 101 answer."""

    def __init__(self, port, target):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, self.unread = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), data

    def send_text(self, text):
        self.sock.sendall(ws_frame(text))

    def wait_for(self, needle, timeout=10):
        """Reads until needle shows up in what the server sent, and consumes
        what came up to it."""
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.5)
        while needle not in self.unread and time.monotonic() < deadline:
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            self.unread += chunk
        found = self.unread.find(needle)
        if found < 0:
            return False
        self.unread = self.unread[found + len(needle):]
        return True


def metric_names(text):
    """Identifiers in a PromQL text that look like datagate's or process metrics."""
    return set(re.findall(r"\b((?:datagate|process)_[a-z_]+)\b", text))


def main():
    binary, root = sys.argv[1], sys.argv[2]
    process, port = start(binary)
    try:
        json_client = WsClient(port, "/ws")
        check(json_client.wait_for(b'"welcome"'), "no welcome on /ws")
        json_client.send_text('{"event":"subscribeRandomNumber"}')
        # The event, not the stream's name in the welcome or the subscribed reply.
        check(json_client.wait_for(b'"event":"randomNumber"}'), "no randomNumber tick on /ws")
        sio_client = WsClient(port, "/socket.io/?EIO=4&transport=websocket")
        check(sio_client.wait_for(b'"sid"'), "no Engine.IO open packet")
        sio_client.send_text("40/data,")
        check(sio_client.wait_for(b"Welcome"), "no welcome on /data")
        sio_client.send_text('42/data,["subscribeBitcoinPrice"]')
        check(sio_client.wait_for(b'42/data,["bitcoinPrice",'), "no bitcoinPrice on /data")
        status, _, _ = http_get(port, "/nope")
        check(status == 404, f"/nope answered {status}")

        status, headers, body = http_get(port, "/metrics")
        check(status == 200, f"/metrics answered {status}")
        check(headers.get("content-type") == "text/plain; version=0.0.4; charset=utf-8",
              f"Content-Type {headers.get('content-type')!r}")
        text = body.decode("utf-8")
        # A list, not a dict: the parser files the counter x_total under x,
        # beside a gauge x if there is one.
        families = list(text_string_to_metric_families(text))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

    # The conventions. The parser files "x_total" counters under "x".
    helps = dict(re.findall(r"^# HELP (\S+) (.*)$", text, re.M))
    types = dict(re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M))
    check(set(helps) == set(types), f"HELP without TYPE or the reverse: {set(helps) ^ set(types)}")
    for name, kind in types.items():
        check(helps.get(name, "").strip() != "", f"{name}: empty HELP")
        check(re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", name) is not None, f"{name}: not a valid metric name")
        if kind == "counter":
            check(name.endswith("_total"), f"counter {name} does not end in _total")
        else:
            check(not name.endswith("_total"), f"{kind} {name} ends in _total")
    exposed = set(types)
    for family in families:
        name = family.name
        check(family.type != "untyped", f"{name}: a sample outside the family declared before it")
        for sample in family.samples:
            if family.type == "counter":
                check(sample.name.endswith("_total"), f"counter sample {sample.name}")
                check(sample.value >= 0, f"{sample.name}{sample.labels} = {sample.value} < 0")
        if family.type == "histogram":
            series = {}
            for sample in family.samples:
                key = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
                series.setdefault(key, {"buckets": [], "count": None})
                if sample.name.endswith("_bucket"):
                    series[key]["buckets"].append((float(sample.labels["le"]), sample.value))
                elif sample.name.endswith("_count"):
                    series[key]["count"] = sample.value
            for key, parts in series.items():
                buckets = sorted(parts["buckets"])
                check(buckets and math.isinf(buckets[-1][0]), f"{name}{key}: no +Inf bucket")
                check(all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])), f"{name}{key}: buckets not cumulative")
                check(buckets and buckets[-1][1] == parts["count"], f"{name}{key}: +Inf bucket differs from _count")

    # Bucket bounds as Prometheus's own clients write them: the shortest text
    # that reads back as the same number (le="0.025", not 0.025000000000000001).
    bounds = set(re.findall(r'le="([^"]*)"', text))
    check(bounds, "no histogram bucket in /metrics")
    for le in bounds:
        number = float(le)
        shortest = "+Inf" if math.isinf(number) else str(int(number)) if number.is_integer() else repr(number)
        check(le == shortest, f'le="{le}" is not the shortest form "{shortest}"')

    # Units in the names.
    for name in exposed:
        if re.search(r"(duration|latency|staleness|cpu|time)", name) and "_seq" not in name:
            check(re.search(r"_seconds(_total)?$", name) is not None, f"{name}: a time without _seconds")
        if re.search(r"(memory|bytes)", name):
            check(re.search(r"_bytes(_total)?$", name) is not None, f"{name}: a size without _bytes")

    # What operators rely on, with values that follow from the traffic above.
    required = {
        "datagate_build_info": "gauge", "datagate_ready": "gauge",
        "datagate_connections": "gauge", "datagate_connections_total": "counter",
        "datagate_connections_rejected_total": "counter",
        "datagate_subscriptions": "gauge", "datagate_stream_messages_sent_total": "counter",
        "datagate_stream_sent_bytes_total": "counter",
        "datagate_messages_received_total": "counter", "datagate_messages_rejected_total": "counter",
        "datagate_slow_consumer_disconnects_total": "counter",
        "datagate_upstream_requests_total": "counter", "datagate_upstream_request_duration_seconds": "histogram",
        "datagate_feed_staleness_seconds": "gauge", "datagate_feed_state": "gauge",
        "process_cpu_seconds_total": "counter", "process_resident_memory_bytes": "gauge", "process_open_fds": "gauge",
    }
    for name, kind in required.items():
        check(types.get(name) == kind, f"{name}: expected a {kind}, found {types.get(name)}")

    def samples(name):
        """The samples of the family that exposes this sample name."""
        for family in families:
            for sample in family.samples:
                if sample.name == name:
                    return family.samples
        return []

    def value(name, **labels):
        for sample in samples(name):
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
        return None

    check(value("datagate_connections", protocol="json") == 1, "datagate_connections{json} != 1")
    check(value("datagate_connections", protocol="socket.io") == 1, "datagate_connections{socket.io} != 1")
    check(value("datagate_subscriptions", stream="randomNumber") == 1, "randomNumber subscriptions != 1")
    check(value("datagate_subscriptions", stream="bitcoinPrice") == 1, "bitcoinPrice subscriptions != 1")
    check((value("datagate_connections_rejected_total", protocol="http", reason="not_found") or 0) >= 1,
          "the 404 is not counted")
    check((value("datagate_stream_messages_sent_total", stream="randomNumber") or 0) >= 1, "no randomNumber tick counted")
    check(any(s.labels.get("version") for s in samples("datagate_build_info")), "build info without a version")
    for feed in ("randomNumber", "bitcoinPrice"):
        states = [s for s in samples("datagate_feed_state") if s.labels.get("feed") == feed]
        check(len(states) == 4 and sum(s.value for s in states) == 1, f"{feed}: not exactly one state at 1")
    check(value("process_resident_memory_bytes") > 1e6, "resident memory below 1 MB")

    # docs/operations.md names every family.
    with open(os.path.join(root, "docs", "operations.md"), encoding="utf-8") as doc:
        operations = doc.read()
    for name in exposed:
        check(f"`{name}`" in operations, f"docs/operations.md does not describe {name}")

    # The dashboard and the rules use only what exists.
    series_names = set()
    for name, kind in types.items():
        series_names.add(name)
        if kind == "histogram":
            series_names.update({name + "_bucket", name + "_sum", name + "_count"})
    used = {}
    for path in glob.glob(os.path.join(root, "resources", "grafana", "*.json")):
        with open(path, encoding="utf-8") as file:
            dashboard = json.load(file)
        for panel in dashboard["panels"]:
            for target in panel.get("targets", []):
                for name in metric_names(target["expr"]):
                    used.setdefault(name, path)
    for path in glob.glob(os.path.join(root, "resources", "prometheus", "*.yml")):
        if path.endswith(".test.yml"):
            continue
        with open(path, encoding="utf-8") as file:
            for name in metric_names(file.read()):
                used.setdefault(name, path)
    check(used, "no metric found in resources/grafana and resources/prometheus")
    for name, path in sorted(used.items()):
        check(name in series_names, f"{os.path.relpath(path, root)} uses {name}, which /metrics does not expose")

    print(f"{len(exposed)} metric families parsed; {len(used)} metrics used by the dashboard and the rules")
    if FAILURES:
        print("\n".join("FAIL: " + failure for failure in FAILURES))
        print(f"0 passed, {len(FAILURES)} failed")
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
