# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""One side of a side-by-side credentials check, run in a process of its own (the official library reads its
environment once, at import).

    python credentials_side_by_side.py official|collection CASE.json

The environment and HOME are the case's. An emulator is started in this process on loopback; every request a
chain makes for credentials is recorded with the address it was meant for, then sent to the emulator instead
(the official library at its one HTTP door, TeaCore.do_action; the collection through a transport that wraps
CredentialHttp). Any other connection or name lookup raises before a packet leaves. Prints one JSON object:
the identity the chain ended with and the credential requests it meant to send.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def guard_sockets() -> None:
    connect, resolve = socket.socket.connect, socket.getaddrinfo

    def loopback(host) -> bool:
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not loopback(address[0]):
            raise ConnectionRefusedError("side-by-side test: connection to %s refused (loopback only)" % address[0])
        return connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not loopback(host.decode() if isinstance(host, bytes) else host):
            raise socket.gaierror("side-by-side test: no lookup of %s (loopback only)" % host)
        return resolve(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.getaddrinfo = guarded_getaddrinfo


def start_emulator(identity: dict):
    sys.path.insert(0, str(REPO / "tests" / "emulator"))
    from ccc_emulator.core import Emulator
    from ccc_emulator.server import EmulatorServer

    seed = json.loads((REPO / "tests" / "emulator" / "seeds" / "default.json").read_text())
    emulator = Emulator(seed)
    emulator.identity.configure(identity)
    server = EmulatorServer(("127.0.0.1", 0), emulator)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return emulator, server.port


def note(asked: list, method: str, url: str, params: dict) -> None:
    parts = urlsplit(url)
    address = "%s://%s" % (parts.scheme, parts.netloc)
    entry = {"address": address, "path": parts.path or "/", "method": method}
    for name in ("Action", "RoleArn", "RoleSessionName"):
        if params.get(name):
            entry[name] = params[name]
    asked.append(entry)


def official(port: int, asked: list) -> str:
    from alibabacloud_credentials.provider import DefaultCredentialsProvider
    from Tea.core import TeaCore

    do_action = TeaCore.do_action

    def redirected(request, runtime_option=None):
        host = request.headers.get("host", "")
        netloc = host if request.port in (None, 80, 443) else "%s:%s" % (host, request.port)
        params = dict(request.query or {})
        if isinstance(request.body, (str, bytes)):
            text = request.body.decode() if isinstance(request.body, bytes) else request.body
            params.update(dict(parse_qsl(text)))
        note(asked, request.method, "%s://%s%s" % (request.protocol, netloc, request.pathname or "/"), params)
        request.protocol, request.port = "http", port
        request.headers["host"] = "127.0.0.1"
        return do_action(request, runtime_option)

    TeaCore.do_action = staticmethod(redirected)
    return DefaultCredentialsProvider(reuse_last_provider_enabled=False).get_credentials().get_access_key_id()


class Redirecting:
    """The collection's credential transport, recording each request and sending it to the emulator."""

    def __init__(self, http, port: int, asked: list):
        self.http, self.port, self.asked = http, port, asked

    def request(self, method, url, headers=None, form=None, timeout=(5.0, 10.0)):
        note(self.asked, method, url, form if isinstance(form, dict) else {})
        parts = urlsplit(url)
        target = "http://127.0.0.1:%d%s" % (self.port, parts.path + ("?" + parts.query if parts.query else ""))
        return self.http.request(method, target, headers=headers, form=form, timeout=timeout)


def collection(port: int, asked: list) -> str:
    sys.path.insert(0, os.environ.pop("SIDE_BY_SIDE_COLLECTIONS"))
    from ansible.module_utils.basic import AnsibleModule
    from ansible.module_utils.testing import patch_module_args

    from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import CredentialHttp
    from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_external import command_runner
    from ansible_collections.alibabacloud.ccc.plugins.module_utils._credentials import resolve_credentials

    with patch_module_args({}):
        run_command = AnsibleModule(argument_spec={}).run_command
    http = Redirecting(CredentialHttp(), port, asked)
    run = command_runner(run_command)
    resolved = resolve_credentials({}, os.environ, os.environ["HOME"], http, run=run)
    return resolved.credentials.current().access_key_id


def main() -> None:
    side, case_file = sys.argv[1], sys.argv[2]
    case = json.loads(Path(case_file).read_text())
    guard_sockets()
    emulator, port = start_emulator(case.get("identity") or {})
    asked: list = []
    result = {"side": side}
    try:
        key_id = (official if side == "official" else collection)(port, asked)
    except Exception as exc:  # either chain's failure is the result being compared
        result["identity"] = None
        result["error"] = "%s: %s" % (type(exc).__name__, str(exc)[:2000])
    else:
        issued = {i["access_key_id"]: i["via"] for i in emulator.identity.describe()["issued"]}
        result["identity"] = "temporary key from %s" % issued[key_id] if key_id in issued else key_id
    result["asked"] = summary(asked)
    print(json.dumps(result))


def summary(asked: list) -> list:
    """The requests in order, the metadata service's (which the two chains make in different numbers) once."""
    out: list = []
    for entry in asked:
        if entry["path"].startswith("/latest/"):
            entry = {"address": entry["address"], "path": "(metadata service)"}
        if not out or out[-1] != entry:
            out.append(entry)
    return [{k: v for k, v in e.items() if k != "method"} for e in out]


if __name__ == "__main__":
    main()
