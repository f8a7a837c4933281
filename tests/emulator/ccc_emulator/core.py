# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator without its sockets: one ``Emulator`` holds the state, the verifier, the faults and the
counters, and ``respond`` answers one request (the signed API and STS at ``/``, the metadata service, the
control API at ``/_emulator/``) with a ``Response``.

The HTTP server (server.py) writes that Response to a socket; the unit tests of the collection hand their
client's requests to ``respond`` in-process, so a call added here is seen by every test at once.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field

from . import cloud_sso, metadata, oauth, sts
from .actions import Actions, error_for_unknown_version
from .auth import Request, Verifier
from .counters import Counters
from .faults import FaultError, Faults
from .identity import Identity, IdentityError
from .replies import ApiError, gateway_error, new_request_id, success_body
from .state import SeedError, build_world

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
JSON = "application/json;charset=utf-8"


@dataclass
class Response:
    """What to answer: ``drop`` closes the connection without a reply (the client never learns the outcome);
    ``delay_s`` is how long to wait before replying (a slow reply)."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    delay_s: float = 0.0


class Emulator:
    """The state, the verifier, the faults and the counters behind one server."""

    def __init__(self, seed: dict, faults: list | None = None, verbose: bool = False, record: bool = False):
        self.seed = seed
        # With ``record``, every verified API call is kept as (action, parameters), in the order served, and
        # every request as it arrived (method, path, query, headers, body), for tests of what a client sends.
        self.calls: list[tuple[str, dict[str, str]]] | None = [] if record else None
        self.requests: list[dict] | None = [] if record else None
        world = build_world(seed)
        self.verifier = Verifier(world.credentials)
        self.actions = Actions(world)
        self.faults = Faults()
        self.counters = Counters()
        self.identity = Identity(self.verifier)
        self.verbose = verbose
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

    # --- one request ----------------------------------------------------------------------------

    def respond(self, method: str, path: str, query: str, headers: dict[str, list[str]], body: bytes) -> Response:
        """Answer one request; ``headers`` maps lower-case names to their values."""
        if self.requests is not None:
            self.requests.append({"method": method, "path": path, "query": query, "headers": headers, "body": body})
        if path.startswith("/_emulator/") or path == "/_emulator":
            return self._control(method, path, body)
        if metadata.handles(path):
            single = {name: values[0] for name, values in headers.items() if values}
            status, payload, content_type = metadata.handle(self, method, path, single)
            return Response(status, payload, content_type)
        for sign_in in (cloud_sso, oauth):
            if sign_in.handles(path):
                single = {name: values[0] for name, values in headers.items() if values}
                return Response(*sign_in.handle(self, method, path, single, body))
        return self._api(Request(method, query, headers, body), path)

    def _api(self, request: Request, path: str) -> Response:
        action = request.header("x-acs-action") or _action_param(request) or "(none)"
        request_id = new_request_id()
        if action in sts.ACTIONS and path == "/":
            return self._sts(request, request_id)
        self.counters.begin(action)
        try:
            if path != "/":
                raise gateway_error(
                    404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."
                )
            try:
                verified = self.verifier.verify(request)
            except ApiError:
                self.counters.signature_failure()
                raise
            version_error = error_for_unknown_version(verified.version)
            if version_error:
                raise version_error
            self.identity.record_ccc_call(verified.access_key_id)
            return self._serve(verified.action, verified.params, request_id)
        except ApiError as exc:
            self.counters.error(exc.code)
            self._log(f"{action} -> {exc.status} {exc.code}")
            payload = json.dumps(exc.body(request_id, request.header("host") or "")).encode()
            return Response(exc.status, payload, JSON, {"x-acs-request-id": request_id, **exc.headers})
        finally:
            self.counters.end()

    def _sts(self, request: Request, request_id: str) -> Response:
        # STS shares the port (and the fault rules, by action name) but not the CCC counters.
        params = dict(request.query_pairs() + request.form())
        try:
            # Only rules naming the STS action apply: a "*" rule is about the CCC calls.
            named = any(rule.get("action") == params["Action"] for rule in self.faults.describe())
            rule = self.faults.pick(params["Action"])[1] if named else None
            if rule is not None and rule.kind in FAULT_REPLIES:
                status, code, message = FAULT_REPLIES[rule.kind]
                raise gateway_error(status, code, message)
            reply = dict(sts.handle(self, request, params), RequestId=request_id)
            return Response(200, json.dumps(reply).encode(), JSON)
        except ApiError as exc:
            self.identity.count("sts_error:" + exc.code)
            payload = exc.body(request_id, request.header("host") or "")
            payload.pop("Recommend", None)
            return Response(exc.status, json.dumps(payload).encode(), JSON)

    def _serve(self, action: str, params: dict[str, str], request_id: str) -> Response:
        if self.calls is not None:
            self.calls.append((action, dict(params)))
        latency_ms, rule = self.faults.pick(action)
        if latency_ms:
            self.counters.fault("latency")
            time.sleep(latency_ms / 1000)
        if rule is not None:
            self.counters.fault(rule.kind)
        kind = rule.kind if rule else None
        if kind in FAULT_REPLIES:
            status, code, message = FAULT_REPLIES[kind]
            extra = {}
            if kind == "throttle" and rule.retry_after_ms is not None:
                extra["x-acs-retry-after"] = str(rule.retry_after_ms)
            raise gateway_error(status, code, message, headers=extra)
        if kind == "error":
            return self._injected_error(rule, action, request_id)
        if kind == "non_json":
            return Response(rule.status, NON_JSON_PAGE, "text/html", {"x-acs-request-id": request_id})
        if kind == "lost_request":
            return Response(0, drop=True)  # the request never reached the service: nothing is applied
        if kind == "move_number":
            self.actions.move_number(rule.number, rule.usage, rule.active)
        elif kind in ("insert_number", "drop_number"):
            self.actions.change_listing(kind, action, params, rule.number, rule.remark)
        elif kind == "ignore_filter":
            params = {name: value for name, value in params.items() if name != rule.filter}
        elif kind == "keep_flow" and not params.get("ContactFlowId"):
            params = {name: value for name, value in params.items() if name != "ContactFlowId"}
        data = self.actions.call(action, params)
        if kind == "old_shapes":
            data = self.actions.old_shapes(action, data)
        self._log(f"{action} -> 200 OK")
        if kind == "lost_reply":
            return Response(0, drop=True)  # the change is made; the client only sees the connection drop
        reply = Response(200, success_body(request_id, data), JSON, {"x-acs-request-id": request_id})
        if kind == "slow":
            reply.delay_s = rule.delay_ms / 1000
        return reply

    def _injected_error(self, rule, action: str, request_id: str) -> Response:
        """An ``error`` rule's reply: the service's shape (its ``Message`` sent as written: with ``params`` the
        client fills the ``%s``), or only ``{"Message"}``; the request id is always in the header too."""
        message = rule.message or "Injected by the emulator's fault rules."
        if rule.shape == "message":
            body = {"Message": message}
        else:
            body = ApiError(rule.status, rule.code, message, rule.params).body(request_id, "")
            self.counters.error(rule.code)
        self._log(f"{action} -> {rule.http_status or rule.status} {rule.code or '(no code)'}")
        payload = json.dumps(body).encode()
        return Response(rule.http_status or rule.status, payload, JSON, {"x-acs-request-id": request_id})

    def _log(self, line: str) -> None:
        if self.verbose:
            print(line, file=sys.stderr, flush=True)

    # --- the control API ------------------------------------------------------------------------

    def _control(self, method: str, path: str, body: bytes) -> Response:
        route = (method, path.rstrip("/"))
        try:
            if route == ("POST", "/_emulator/reset"):
                self.reset(_json(body) if body.strip() else None)
                return _ok({"ok": True})
            if route == ("POST", "/_emulator/faults"):
                self.faults.add(Faults.parse(_json(body)))
                return _ok({"ok": True, "faults": self.faults.describe()})
            if route == ("GET", "/_emulator/faults"):
                return _ok(self.faults.describe())
            if route == ("DELETE", "/_emulator/faults"):
                self.faults.clear()
                return _ok({"ok": True})
            if route == ("GET", "/_emulator/counters"):
                return _ok(self.counters.snapshot())
            if route == ("POST", "/_emulator/counters/reset"):
                self.counters.reset()
                return _ok({"ok": True})
            if route == ("GET", "/_emulator/state"):
                return _ok(self.state())
            if route == ("GET", "/_emulator/identity"):
                return _ok(self.identity.describe())
            if route == ("POST", "/_emulator/identity"):
                self.identity.configure(_json(body) if body.strip() else {})
                self.identity.reset_counters()
                return _ok({"ok": True})
            if route == ("GET", "/_emulator/health"):
                return _ok({"ok": True})
            return _ok({"error": f"no control endpoint {method} {path}"}, 404)
        except (SeedError, FaultError, IdentityError, ValueError) as exc:
            return _ok({"error": str(exc)}, 400)


def _ok(value, status: int = 200) -> Response:
    return Response(status, json.dumps(value).encode())


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
