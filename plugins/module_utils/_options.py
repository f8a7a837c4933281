# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the connection options every module shares.

`connection_argument_spec()` is merged into each module's spec and mirrored by the
`alibabacloud.ccc.connection` doc fragment; `build_settings()` turns the options (plus the
environment and the aliyun CLI profile) into the settings a `Client` runs on, or raises CCCError
before any request is sent.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._credentials import (
    resolve_credentials,
    resolve_region,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._endpoint import endpoint_for_region, parse_endpoint
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import ValidationError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets

# Five retries with full jitter (0.2 s base, 10 s cap) wait at most 6.2 s in all when the server
# gives no x-acs-retry-after: enough to ride out a throttled burst of batch calls, where the aliyun
# CLI's three retries (at most 1.4 s here) often are not, without hiding a real outage for long.
DEFAULT_MAX_RETRIES = 5
DEFAULT_TIMEOUT = 30.0

ConnectionSettings = namedtuple(
    "ConnectionSettings",
    "credentials credentials_source region endpoint_url host signature_version timeout max_retries validate_certs "
    "secrets",
)
ConnectionSettings.__new__.__defaults__ = (None,)
ConnectionSettings.__doc__ = """Everything a Client needs. `credentials` answers `current()` (temporary keys
are refreshed there); `endpoint_url` is `scheme://host[:port]` and `host` the `host[:port]` that is signed and
sent as the Host header; `secrets` (a `_secrets.Secrets`) knows every secret the credentials handed out."""


def connection_argument_spec() -> dict:
    """The shared options; environment fallbacks are resolved in `_credentials` (see the doc fragment)."""
    return dict(
        access_key_id=dict(type="str", no_log=False),
        access_key_secret=dict(type="str", no_log=True),
        security_token=dict(type="str", no_log=True),
        ecs_role_name=dict(type="str"),
        assume_role=dict(
            type="dict",
            options=dict(
                role_arn=dict(type="str", required=True),
                session_name=dict(type="str"),
                duration_seconds=dict(type="int", default=3600),
                external_id=dict(type="str", no_log=False),
                policy=dict(type="json", no_log=True),
            ),
        ),
        sts_endpoint=dict(type="str"),
        profile=dict(type="str"),
        region=dict(type="str"),
        endpoint=dict(type="str"),
        signature_version=dict(type="str", choices=["v3", "v1"], default="v3"),
        timeout=dict(type="float", default=DEFAULT_TIMEOUT),
        max_retries=dict(type="int", default=DEFAULT_MAX_RETRIES),
        validate_certs=dict(type="bool", default=True),
    )


def build_settings(params, env, home: str, http=None, secrets=None, run=None) -> ConnectionSettings:
    """Validate the connection options and resolve credentials, region and endpoint. `http` is the
    transport credential sources that call a service use (`_client.CredentialHttp`); without it only keys
    given as they are (options, environment, AK/StsToken profiles) can be found. `run` runs External
    profiles' commands (`_cred_external.command_runner`)."""
    timeout = params.get("timeout")
    timeout = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    if not timeout > 0:
        raise ValidationError("timeout must be more than 0 seconds, got %s" % timeout)
    max_retries = params.get("max_retries")
    max_retries = DEFAULT_MAX_RETRIES if max_retries is None else int(max_retries)
    if max_retries < 0:
        raise ValidationError("max_retries must be 0 or more, got %d" % max_retries)
    signature_version = params.get("signature_version") or "v3"
    validate_certs = params.get("validate_certs")

    secrets = Secrets() if secrets is None else secrets
    # The CCC endpoint is checked first: a bad one must not cost an STS or metadata request.
    endpoint_url = host = None
    if params.get("endpoint"):
        endpoint_url, host = parse_endpoint(params["endpoint"])
    elif params.get("region"):
        host = endpoint_for_region(params["region"].strip())
    resolved = resolve_credentials(params, env, home, http, secrets=secrets, run=run)
    region = resolve_region(params, env, resolved.region_hint)
    if host is None:
        host = endpoint_for_region(region)
    endpoint_url = endpoint_url or "https://" + host
    return ConnectionSettings(
        credentials=resolved.credentials,
        credentials_source=resolved.source,
        region=region,
        endpoint_url=endpoint_url,
        host=host,
        signature_version=signature_version,
        timeout=timeout,
        max_retries=max_retries,
        validate_certs=True if validate_certs is None else bool(validate_certs),
        secrets=secrets,
    )
