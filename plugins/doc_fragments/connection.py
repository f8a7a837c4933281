# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Mirrors connection_argument_spec() in plugins/module_utils/_options.py.
    DOCUMENTATION = r"""
options:
  access_key_id:
    description:
      - The AccessKey ID requests are signed with.
      - Credentials are looked for in this order, and the first place that has any is used as a
        whole; a place holding only part of a key pair is an error, never mixed with another place.
      - 1. The O(access_key_id), O(access_key_secret) and O(security_token) options.
      - 2. The environment variables E(ALIBABA_CLOUD_ACCESS_KEY_ID), E(ALIBABA_CLOUD_ACCESS_KEY_SECRET)
        and E(ALIBABA_CLOUD_SECURITY_TOKEN).
      - 3. The environment variables E(ALICLOUD_ACCESS_KEY), E(ALICLOUD_SECRET_KEY) and
        E(ALICLOUD_SECURITY_TOKEN).
      - 4. A profile of the aliyun CLI configuration file C(~/.aliyun/config.json), or the file named by
        E(ALICLOUD_SHARED_CREDENTIALS_FILE). See O(profile).
    type: str
  access_key_secret:
    description:
      - The AccessKey secret matching O(access_key_id). It is never shown in results, errors or logs.
      - Falls back as described in O(access_key_id).
    type: str
  security_token:
    description:
      - The STS security token, when O(access_key_id) and O(access_key_secret) are temporary STS
        credentials. It is never shown in results, errors or logs.
      - Falls back as described in O(access_key_id).
    type: str
  profile:
    description:
      - The aliyun CLI profile to read credentials (and the default region) from, used only when no
        keys are given as options or environment variables.
      - Falls back to E(ALIBABA_CLOUD_PROFILE), then E(ALICLOUD_PROFILE), then the C(current) profile of
        the file, then C(default).
      - Profiles in mode C(AK) and C(StsToken) are supported; other modes (for example C(RamRoleArn),
        C(EcsRamRole), C(CloudSSO), C(OAuth)) are refused with an error naming the mode.
    type: str
  region:
    description:
      - The region of the CCC instance, for example C(cn-shanghai). It picks the endpoint when
        O(endpoint) is not set.
      - Falls back to E(ALIBABA_CLOUD_REGION_ID), then E(ALICLOUD_REGION), then the C(region_id) of the
        profile in use, then C(cn-shanghai).
      - The regions the official SDK maps to the central endpoint (for example C(cn-beijing),
        C(cn-hongkong), C(ap-southeast-1), C(eu-central-1), C(us-east-1)) use C(ccc.aliyuncs.com);
        any other region uses C(ccc.<region>.aliyuncs.com).
    type: str
  endpoint:
    description:
      - The API endpoint, overriding the one chosen from O(region).
      - Either a host name (HTTPS is used), or a full C(https://) or C(http://) URL with an optional
        port and nothing after it, for example C(http://127.0.0.1:8080) for a local emulator.
      - Other schemes, paths, queries and user information are refused before any request is sent.
    type: str
  signature_version:
    description:
      - How requests are signed.
      - V(v3) is C(ACS3-HMAC-SHA256), the default of the official SDKs; parameters travel in the query
        string of a C(POST /).
      - V(v1) is C(HMAC-SHA1) with C(SignatureVersion=1.0); every parameter, the signature included,
        travels in the form-encoded body.
    type: str
    choices: [v3, v1]
    default: v3
  timeout:
    description:
      - Seconds to wait for a connection, and then for a reply, on each attempt. Must be more than 0.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a failed call is retried, with exponential backoff and full jitter (at most 10
        seconds per wait), honouring the server's C(x-acs-retry-after).
      - Reads are retried on throttling, C(ServiceUnavailable), C(InternalError), HTTP 5xx replies,
        lost connections and timeouts.
      - Writes are retried only when the server says they were not applied (throttling,
        C(ServiceUnavailable)) or the connection could not be made. A write whose reply is lost is
        never sent again; the module reads the current state instead.
      - V(0) disables retries.
    type: int
    default: 5
  validate_certs:
    description:
      - Whether to verify the endpoint's TLS certificate. The CA bundle in E(REQUESTS_CA_BUNDLE) is
        honoured when set.
      - Set to V(false) only for an endpoint you trust, such as a local emulator with a self-signed
        certificate.
    type: bool
    default: true
requirements:
  - requests
notes:
  - Credentials, the region and the endpoint are resolved once per task; a problem with any of them
    fails the task before any request is sent.
"""
