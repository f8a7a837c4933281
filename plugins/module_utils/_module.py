# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: module glue and the one door errors leave by."""

from __future__ import annotations

import copy
import json
import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import Client, CredentialHttp
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_external import command_runner
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import MASK, CCCError, credential_advice
from ansible_collections.alibabacloud.ccc.plugins.module_utils._options import (
    build_settings,
    connection_argument_spec,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.plugins.module_utils._transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR


class _AnsibleModule(AnsibleModule):
    """An AnsibleModule that keeps its options as the task gave them (``given``), before the argument spec
    converted their types: ``elements: str`` turns the integer YAML made of an unquoted number into the
    digits of a number nobody wrote, and only the value as given shows the mistake."""

    def _load_params(self):
        super()._load_params()
        self.given = copy.deepcopy(self.params)


class CCCModule:
    """An AnsibleModule with the shared connection options, a lazily built Client, and `fail()`."""

    def __init__(self, argument_spec: dict, **ansible_module_kwargs):
        spec = connection_argument_spec()
        clash = sorted(set(spec) & set(argument_spec))
        if clash:
            raise ValueError("module options shadow connection options: %s" % ", ".join(clash))
        spec.update(argument_spec)
        self.module = _AnsibleModule(argument_spec=spec, **ansible_module_kwargs)
        self.params = self.module.params
        self.given = self.module.given
        self._client = None
        self.secrets = Secrets()
        # Secrets found in the environment, a profile or a credential service were never module options,
        # so Ansible does not know to mask them; tell it, for every result this module returns, including
        # temporary keys fetched later in the run.
        self.secrets.listen(self.module.no_log_values.update)
        self._hide_policy_whole()
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)

    def _hide_policy_whole(self) -> None:
        # Ansible hides every leaf of a no_log dictionary wherever it appears, so a policy given as a
        # dictionary ({"Version": "1", ...}) would turn every "1" of the result into ********. The policy is
        # secret as a whole: hide the JSON text it was turned into, and not its single values.
        policy = (self.params.get("assume_role") or {}).get("policy")
        if not policy:
            return
        try:
            leaves = set(_leaves(json.loads(policy)))
        except ValueError:
            leaves = set()
        others = {self.params.get(name) for name in ("access_key_secret", "security_token")}
        self.module.no_log_values.difference_update(leaves - others)
        self.secrets.add(policy)

    def client(self) -> Client:
        """Resolve credentials, region and endpoint once; any problem fails the module."""
        if self._client is None:
            http = CredentialHttp(validate_certs=self.params.get("validate_certs") is not False)
            try:
                settings = build_settings(
                    self.params,
                    os.environ,
                    os.path.expanduser("~"),
                    http=http,
                    secrets=self.secrets,
                    run=command_runner(self.module.run_command),
                )
            except CCCError as exc:
                self.fail(exc)
            self._client = Client(settings)
        return self._client

    def _scrub(self, text: str) -> str:
        secrets = self.secrets.forms()
        for name in ("access_key_secret", "security_token"):
            if self.params.get(name):
                secrets.append(self.params[name])
        policy = (self.params.get("assume_role") or {}).get("policy")
        if isinstance(policy, str) and policy:
            secrets.append(policy)
        for secret in sorted(set(secrets), key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def _with_advice(self, exc: CCCError) -> str:
        """The error's text; when the API refused the credentials, what to check and where they came from
        (the name of the source, never a value)."""
        advice = credential_advice(exc.code)
        if advice is None:
            return str(exc)
        if self._client is not None:
            advice += ". The credentials came from %s" % self._client.settings.credentials_source
        return "%s. %s." % (str(exc).rstrip(". "), advice)

    def fail(self, exc_or_msg, **extra):
        """The one door: `fail_json(msg=..., error={code, message, request_id, http_status})`.

        A `msg` in `extra` is put in front of the error's own text, for context such as
        "adding 3 numbers to ccc-demo".
        """
        if isinstance(exc_or_msg, CCCError):
            error = exc_or_msg.as_dict()
            text = self._with_advice(exc_or_msg)
        else:
            text = str(exc_or_msg)
            error = {"code": None, "message": text, "request_id": None, "http_status": None}
        prefix = extra.pop("msg", None)
        if prefix:
            text = "%s: %s" % (prefix, text)
        error["message"] = self._scrub(str(error["message"]))
        if error.get("request_id"):
            text = "%s (request id %s)" % (text, error["request_id"])
        self.module.fail_json(msg=self._scrub(text), error=error, **extra)


def _leaves(value):
    """The strings Ansible derives from a no_log value's leaves (see module_utils.common.parameters)."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)
