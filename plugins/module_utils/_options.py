# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the connection options every module shares.

`connection_argument_spec()` is merged into each module's spec and mirrored by the
`alibabacloud.ccc.connection` doc fragment; `build_settings()` turns the options (plus the
environment and the aliyun CLI profile) into the settings a `Client` runs on, or raises CCCError
before any request is sent.
"""

from __future__ import annotations

import re
from collections import namedtuple
from urllib.parse import urlsplit

from ansible_collections.alibabacloud.ccc.plugins.module_utils._credentials import (
    resolve_credentials,
    resolve_region,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

# Five retries with full jitter (0.2 s base, 10 s cap) wait at most 6.2 s in all when the server
# gives no x-acs-retry-after: enough to ride out a throttled burst of batch calls, where the aliyun
# CLI's three retries (at most 1.4 s here) often are not, without hiding a real outage for long.
DEFAULT_MAX_RETRIES = 5
DEFAULT_TIMEOUT = 30.0

# The official SDK's endpoint map for CCC 2020-07-01: these regions use the central endpoint.
CENTRAL_ENDPOINT = "ccc.aliyuncs.com"
CENTRAL_REGIONS = frozenset(
    (
        "ap-northeast-1",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-5",
        "cn-beijing",
        "cn-chengdu",
        "cn-hongkong",
        "cn-huhehaote",
        "cn-qingdao",
        "cn-shenzhen",
        "cn-zhangjiakou",
        "eu-central-1",
        "eu-west-1",
        "me-east-1",
        "us-east-1",
        "us-west-1",
        "cn-hangzhou-finance",
        "cn-shenzhen-finance-1",
        "cn-shanghai-finance-1",
        "cn-north-2-gov-1",
    )
)

_REGION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(r"^%s(?:\.%s)*\.?$" % (_LABEL, _LABEL))

ConnectionSettings = namedtuple(
    "ConnectionSettings",
    "credentials credentials_source region endpoint_url host signature_version timeout max_retries validate_certs",
)
ConnectionSettings.__doc__ = """Everything a Client needs. `endpoint_url` is `scheme://host[:port]`
and `host` the `host[:port]` that is signed and sent as the Host header."""


def connection_argument_spec() -> dict:
    """The shared options; environment fallbacks are resolved in `_credentials` (see the doc fragment)."""
    return dict(
        access_key_id=dict(type="str", no_log=False),
        access_key_secret=dict(type="str", no_log=True),
        security_token=dict(type="str", no_log=True),
        profile=dict(type="str"),
        region=dict(type="str"),
        endpoint=dict(type="str"),
        signature_version=dict(type="str", choices=["v3", "v1"], default="v3"),
        timeout=dict(type="float", default=DEFAULT_TIMEOUT),
        max_retries=dict(type="int", default=DEFAULT_MAX_RETRIES),
        validate_certs=dict(type="bool", default=True),
    )


def _invalid(message: str) -> CCCError:
    return CCCError("InvalidOption", message)


def endpoint_for_region(region: str) -> str:
    """The API host for a region, as the official SDK picks it."""
    if not _REGION.match(region):
        raise _invalid("region '%s' is not a region id such as cn-shanghai" % region)
    if region in CENTRAL_REGIONS:
        return CENTRAL_ENDPOINT
    return "ccc.%s.aliyuncs.com" % region


def parse_endpoint(value: str) -> tuple[str, str]:
    """Return (endpoint URL `scheme://host[:port]`, `host[:port]`) for a host name or an
    http(s) URL with an optional port; anything else is an InvalidOption error."""
    shown = value if len(value) <= 200 else value[:200] + "..."
    if not value or any(ch.isspace() for ch in value):
        raise _invalid("endpoint %r is empty or contains spaces" % shown)
    if "://" not in value:
        if not _HOSTNAME.match(value):
            raise _invalid(
                "endpoint %r is not a host name; give a host name such as "
                "ccc.cn-shanghai.aliyuncs.com or a URL such as https://host:port" % shown
            )
        return "https://" + value, value
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise _invalid("endpoint %r uses scheme '%s'; only https:// and http:// are supported" % (shown, parts.scheme))
    if "@" in parts.netloc:
        raise _invalid(
            "endpoint %r must not contain user information; use the key options instead" % (scheme + "://...")
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise _invalid("endpoint %r must not have a path, query or fragment; the API is always at /" % shown)
    try:
        port = parts.port
    except ValueError:
        raise _invalid("endpoint %r has an invalid port" % shown) from None
    hostname = parts.hostname or ""
    is_ipv6 = parts.netloc.startswith("[")
    if not hostname or not (is_ipv6 or _HOSTNAME.match(hostname)):
        raise _invalid("endpoint %r has no valid host name" % shown)
    if port == 0:
        raise _invalid("endpoint %r has an invalid port" % shown)
    host = parts.netloc
    return "%s://%s" % (scheme, host), host


def build_settings(params, env, home: str) -> ConnectionSettings:
    """Validate the connection options and resolve credentials, region and endpoint."""
    timeout = params.get("timeout")
    timeout = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    if not timeout > 0:
        raise _invalid("timeout must be more than 0 seconds, got %s" % timeout)
    max_retries = params.get("max_retries")
    max_retries = DEFAULT_MAX_RETRIES if max_retries is None else int(max_retries)
    if max_retries < 0:
        raise _invalid("max_retries must be 0 or more, got %d" % max_retries)
    signature_version = params.get("signature_version") or "v3"
    if signature_version not in ("v3", "v1"):
        raise _invalid("signature_version must be v3 or v1, got %r" % signature_version)
    validate_certs = params.get("validate_certs")

    resolved = resolve_credentials(params, env, home)
    region = resolve_region(params, env, resolved.region_hint)
    if params.get("endpoint"):
        endpoint_url, host = parse_endpoint(params["endpoint"])
    else:
        host = endpoint_for_region(region)
        endpoint_url = "https://" + host
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
    )
