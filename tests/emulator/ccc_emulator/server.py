# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP side: one port for the signed API at ``/`` and the unsigned control API at ``/_emulator/``."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from . import metadata, sts
from .actions import Actions, error_for_unknown_version
from .auth import Request, Verifier
from .counters import Counters
from .faults import FaultError, Faults
from .identity import Identity, IdentityError
from .replies import ApiError, gateway_error, new_request_id, success_body
from .state import SeedError, build_world

MAX_BODY_BYTES = 8 * 1024 * 1024
FAULT_REPLIES = {
    "throttle": (400, "Throttling.User", "Request was denied due to user flow control."),
    "unavailable": (503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
    "internal": (
        500,
        "InternalError",
        "The request processing has failed due to some unknown error, exception or failure.",
    ),
}
NON_JSON_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    b"</center><hr><center>Tengine</center></body></html>"
)


class Emulator:
    """The state, the verifier, the faults and the counters behind one server."""

    def __init__(self, seed: dict, faults: list | None = None):
        self.seed = seed
        world = build_world(seed)
        self.verifier = Verifier(world.credentials)
        self.actions = Actions(world)
        self.faults = Faults()
        self.counters = Counters()
        self.identity = Identity(self.verifier)
        if faults:
            self.faults.add(Faults.parse(faults))

    def reset(self, seed: dict | None) -> None:
        """Replaces the state (and forgets nonces); faults and counters have their own reset."""
        world = build_world(self.seed if seed is None else seed)
        with self.actions.lock:
            self.actions.world = world
            self.verifier.replace_credentials(world.credentials)
            self.identity.forget()
        self.verifier.nonces.clear()

    def state(self) -> dict:
        with self.actions.lock:
            return self.actions.world.describe()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections, as they do with the real API
    server_version = "CCCEmulator/1.0"
    sys_version = ""
    disable_nagle_algorithm = True  # headers and body go out in two writes; don't let them wait on ACKs
    server: EmulatorServer

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    def do_DELETE(self):
        self._dispatch()

    def log_message(self, format, *args):
        # The default log line holds the request target, whose query carries V1 signatures and tokens.
        pass

    def _dispatch(self):
        target = urlsplit(self.path)
        body = self._read_body()
        if body is None:
            return
        if target.path.startswith("/_emulator/") or target.path == "/_emulator":
            self._control(target.path, body)
        elif metadata.handles(target.path):
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, payload, content_type = metadata.handle(self.server.emulator, self.command, target.path, headers)
            self._send(status, payload, content_type)
        else:
            self._api(target.path, target.query, body)

    def _read_body(self) -> bytes | None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._send(411, b'{"error": "send a Content-Length"}', "application/json")
            self.close_connection = True
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            self._send(413, b'{"error": "bad or too large Content-Length"}', "application/json")
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    # --- the signed API -------------------------------------------------------------------------

    def _api(self, path: str, query: str, body: bytes) -> None:
        emulator = self.server.emulator
        headers: dict[str, list[str]] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        request = Request(self.command, query, headers, body)
        action = request.header("x-acs-action") or _action_param(request) or "(none)"
        request_id = new_request_id()
        if action in sts.ACTIONS and path == "/":
            self._sts(request, request_id)
            return
        emulator.counters.begin(action)
        try:
            if path != "/":
                raise gateway_error(
                    404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."
                )
            try:
                verified = emulator.verifier.verify(request)
            except ApiError:
                emulator.counters.signature_failure()
                raise
            version_error = error_for_unknown_version(verified.version)
            if version_error:
                raise version_error
            emulator.identity.record_ccc_call(verified.access_key_id)
            self._serve(verified.action, verified.params, request_id)
        except ApiError as exc:
            emulator.counters.error(exc.code)
            if self.server.verbose:
                print(f"{action} -> {exc.status} {exc.code}", file=sys.stderr, flush=True)
            payload = json.dumps(exc.body(request_id, self.headers.get("Host") or "")).encode()
            self._send(
                exc.status, payload, "application/json;charset=utf-8", {"x-acs-request-id": request_id, **exc.headers}
            )
        finally:
            emulator.counters.end()

    def _sts(self, request: Request, request_id: str) -> None:
        # STS shares the port (and the fault rules, by action name) but not the CCC counters.
        emulator = self.server.emulator
        params = dict(request.query_pairs() + request.form())
        host = self.headers.get("Host") or ""
        try:
            # Only rules naming the STS action apply: a "*" rule is about the CCC calls.
            named = any(rule.get("action") == params["Action"] for rule in emulator.faults.describe())
            rule = emulator.faults.pick(params["Action"])[1] if named else None
            if rule is not None and rule.kind in FAULT_REPLIES:
                status, code, message = FAULT_REPLIES[rule.kind]
                raise gateway_error(status, code, message)
            body = dict(sts.handle(emulator, request, params), RequestId=request_id)
            self._send(200, json.dumps(body).encode(), "application/json;charset=utf-8")
        except ApiError as exc:
            emulator.identity.count("sts_error:" + exc.code)
            payload = exc.body(request_id, host)
            payload.pop("Recommend", None)
            self._send(exc.status, json.dumps(payload).encode(), "application/json;charset=utf-8")

    def _serve(self, action: str, params: dict[str, str], request_id: str) -> None:
        emulator = self.server.emulator
        latency_ms, rule = emulator.faults.pick(action)
        if latency_ms:
            emulator.counters.fault("latency")
            time.sleep(latency_ms / 1000)
        if rule is not None:
            emulator.counters.fault(rule.kind)
        kind = rule.kind if rule else None
        if kind in FAULT_REPLIES:
            status, code, message = FAULT_REPLIES[kind]
            extra = {}
            if kind == "throttle" and rule.retry_after_ms is not None:
                extra["x-acs-retry-after"] = str(rule.retry_after_ms)
            raise gateway_error(status, code, message, headers=extra)
        if kind == "non_json":
            self._send(502, NON_JSON_PAGE, "text/html", {"x-acs-request-id": request_id})
            return
        if kind == "move_number":
            emulator.actions.move_number(rule.number, rule.usage, rule.active)
        elif kind in ("insert_number", "drop_number"):
            emulator.actions.change_listing(kind, action, params, rule.number, rule.remark)
        elif kind == "ignore_filter":
            params = {name: value for name, value in params.items() if name != rule.filter}
        data = emulator.actions.call(action, params)
        if self.server.verbose:
            print(f"{action} -> 200 OK", file=sys.stderr, flush=True)
        if kind == "lost_reply":
            # The change is made; the client only sees the connection drop.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if kind == "slow":
            time.sleep(rule.delay_ms / 1000)
        self._send(
            200, success_body(request_id, data), "application/json;charset=utf-8", {"x-acs-request-id": request_id}
        )

    # --- the control API ------------------------------------------------------------------------

    def _control(self, path: str, body: bytes) -> None:
        emulator = self.server.emulator
        route = (self.command, path.rstrip("/"))
        try:
            if route == ("POST", "/_emulator/reset"):
                emulator.reset(_json(body) if body.strip() else None)
                self._json(200, {"ok": True})
            elif route == ("POST", "/_emulator/faults"):
                emulator.faults.add(Faults.parse(_json(body)))
                self._json(200, {"ok": True, "faults": emulator.faults.describe()})
            elif route == ("GET", "/_emulator/faults"):
                self._json(200, emulator.faults.describe())
            elif route == ("DELETE", "/_emulator/faults"):
                emulator.faults.clear()
                self._json(200, {"ok": True})
            elif route == ("GET", "/_emulator/counters"):
                self._json(200, emulator.counters.snapshot())
            elif route == ("POST", "/_emulator/counters/reset"):
                emulator.counters.reset()
                self._json(200, {"ok": True})
            elif route == ("GET", "/_emulator/state"):
                self._json(200, emulator.state())
            elif route == ("GET", "/_emulator/identity"):
                self._json(200, emulator.identity.describe())
            elif route == ("POST", "/_emulator/identity"):
                emulator.identity.configure(_json(body) if body.strip() else {})
                emulator.identity.reset_counters()
                self._json(200, {"ok": True})
            elif route == ("GET", "/_emulator/health"):
                self._json(200, {"ok": True})
            else:
                self._json(404, {"error": f"no control endpoint {self.command} {path}"})
        except (SeedError, FaultError, IdentityError, ValueError) as exc:
            self._json(400, {"error": str(exc)})

    def _json(self, status: int, value) -> None:
        self._send(status, json.dumps(value).encode(), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                # The client asked to close (or HTTP/1.0): say so, so it never reuses this socket.
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a 'slow' fault beyond its timeout)


def _action_param(request: Request) -> str | None:
    for name, value in request.query_pairs() + request.form():
        if name == "Action":
            return value
    return None


def _json(body: bytes):
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(
        self, address, emulator: Emulator, *, ssl_context: ssl.SSLContext | None = None, verbose: bool = False
    ):
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise ValueError(f"the emulator binds loopback only, not {address[0]}")
        self.emulator = emulator
        self.ssl_context = ssl_context
        self.verbose = verbose
        if ipaddress.ip_address(address[0]).version == 6:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the connection's own thread, so one slow client cannot stall accept().
        if self.ssl_context is not None:
            request = self.ssl_context.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, TimeoutError)):
            return  # a client that went away or spoke plain HTTP to the TLS port
        super().handle_error(request, client_address)

    @property
    def port(self) -> int:
        return self.server_address[1]


def tls_context(directory: str) -> ssl.SSLContext:
    """Uses DIR/cert.pem + DIR/key.pem, creating a self-signed pair for 127.0.0.1/localhost if absent."""
    os.makedirs(directory, exist_ok=True)
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        _make_certificate(cert, key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def _make_certificate(cert: str, key: str) -> None:
    try:
        _make_certificate_with_cryptography(cert, key)
    except ImportError:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-sha256",
                "-days",
                "30",
                "-keyout",
                key,
                "-out",
                cert,
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    os.chmod(key, 0o600)


def _make_certificate_with_cryptography(cert: str, key: str) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    write_atomically(
        key,
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    write_atomically(cert, certificate.public_bytes(serialization.Encoding.PEM))


def write_atomically(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
