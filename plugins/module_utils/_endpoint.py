# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: endpoint rules shared by the CCC API and STS.

Pure. `parse_endpoint` is the one rule for what an endpoint option may hold (host name, or an http(s) URL
with an optional port and nothing after it); `endpoint_for_region` picks the CCC host for a region.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

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


def _invalid(message: str) -> CCCError:
    return CCCError("InvalidOption", message)


def endpoint_for_region(region: str) -> str:
    """The API host for a region, as the official SDK picks it."""
    if not _REGION.match(region):
        raise _invalid("region '%s' is not a region id such as cn-shanghai" % region)
    if region in CENTRAL_REGIONS:
        return CENTRAL_ENDPOINT
    return "ccc.%s.aliyuncs.com" % region


def parse_endpoint(value: str, what: str = "endpoint") -> tuple[str, str]:
    """Return (endpoint URL `scheme://host[:port]`, `host[:port]`) for a host name or an
    http(s) URL with an optional port; anything else is an InvalidOption error."""
    shown = value if len(value) <= 200 else value[:200] + "..."
    if not value or any(ch.isspace() for ch in value):
        raise _invalid("%s %r is empty or contains spaces" % (what, shown))
    if "://" not in value:
        if not _HOSTNAME.match(value):
            raise _invalid(
                "%s %r is not a host name; give a host name such as "
                "ccc.cn-shanghai.aliyuncs.com or a URL such as https://host:port" % (what, shown)
            )
        return "https://" + value, value
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise _invalid("%s %r uses scheme '%s'; only https:// and http:// are supported" % (what, shown, parts.scheme))
    if "@" in parts.netloc:
        raise _invalid(
            "%s %r must not contain user information; use the key options instead" % (what, scheme + "://...")
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise _invalid("%s %r must not have a path, query or fragment; the API is always at /" % (what, shown))
    try:
        port = parts.port
    except ValueError:
        raise _invalid("%s %r has an invalid port" % (what, shown)) from None
    hostname = parts.hostname or ""
    is_ipv6 = parts.netloc.startswith("[")
    if not hostname or not (is_ipv6 or _HOSTNAME.match(hostname)):
        raise _invalid("%s %r has no valid host name" % (what, shown))
    if port == 0:
        raise _invalid("%s %r has an invalid port" % (what, shown))
    host = parts.netloc
    return "%s://%s" % (scheme, host), host
