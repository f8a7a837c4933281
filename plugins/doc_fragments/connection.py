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
      - Credentials are looked for in the order of the official default chain (the C(alibabacloud-credentials)
        libraries and the aliyun CLI), behind this module's options; the first place that has any is used as a
        whole. Places are never mixed. Deliberately stricter than the official chain, a place holding only part
        of what it needs (an ID without a secret; E(ALIBABA_CLOUD_OIDC_PROVIDER_ARN) or
        E(ALIBABA_CLOUD_OIDC_TOKEN_FILE) without the other OIDC variables) is an error naming what is missing,
        and so is a place that is set up but cannot be used; only a place that is not set up at all passes the
        turn to the next.
      - 1. The O(access_key_id), O(access_key_secret) and O(security_token) options, or the O(ecs_role_name)
        option.
      - 2. The environment variables E(ALIBABA_CLOUD_ACCESS_KEY_ID), E(ALIBABA_CLOUD_ACCESS_KEY_SECRET)
        and E(ALIBABA_CLOUD_SECURITY_TOKEN); then E(ALICLOUD_ACCESS_KEY), E(ALICLOUD_SECRET_KEY) and
        E(ALICLOUD_SECURITY_TOKEN).
      - 3. OIDC (RRSA, as on ACK), when E(ALIBABA_CLOUD_ROLE_ARN), E(ALIBABA_CLOUD_OIDC_PROVIDER_ARN) and
        E(ALIBABA_CLOUD_OIDC_TOKEN_FILE) are all set. The token file is read afresh each time and traded for
        temporary keys with STS C(AssumeRoleWithOIDC). E(ALIBABA_CLOUD_ROLE_ARN) alone means nothing here.
      - 4. A profile of the aliyun CLI configuration file, E(ALIBABA_CLOUD_CONFIG_FILE), else
        E(ALICLOUD_SHARED_CREDENTIALS_FILE), else C(~/.aliyun/config.json). See O(profile).
        E(ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true) skips it unless O(profile) is set.
      - 5. C(~/.alibabacloud/credentials.ini), or the file in E(ALIBABA_CLOUD_CREDENTIALS_FILE), the section
        E(ALIBABA_CLOUD_PROFILE), else C(default), of C(type) C(access_key), C(ram_role_arn), C(oidc_role_arn)
        or C(ecs_ram_role), with the official field names.
      - 6. The RAM role of the ECS instance the task runs on, from the metadata service at
        C(http://100.100.100.200) (IMDSv2, falling back to v1 when the token request is refused or times out,
        unless E(ALIBABA_CLOUD_IMDSV1_DISABLED=true)). The role is E(ALIBABA_CLOUD_ECS_METADATA) or the one
        attached. Each request waits at most 1 second, so off ECS this step fails in seconds.
        E(ALIBABA_CLOUD_ECS_METADATA_DISABLED=true) skips it. E(ALIBABACLOUD_CCC_METADATA_ENDPOINT) moves the
        address, for tests and emulators only.
      - 7. E(ALIBABA_CLOUD_CREDENTIALS_URI), a URL answering temporary keys as JSON (C(Code) C(Success),
        C(AccessKeyId), C(AccessKeySecret), C(SecurityToken), C(Expiration)).
      - When no place has credentials, the task fails with one error naming every place and why it gave
        nothing.
      - Temporary keys are fetched again shortly before they expire, so long runs keep working. When CCC
        answers C(InvalidSecurityToken.Expired) anyway, a source that can fetch keys fetches a new one and the
        call is sent again, once.
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
      - Temporary keys given this way cannot be refreshed; when they expire, calls fail with
        C(InvalidSecurityToken.Expired) and a message saying the token must be renewed.
      - Falls back as described in O(access_key_id).
    type: str
  ecs_role_name:
    description:
      - Sign with the temporary keys of this RAM role of the ECS instance the task runs on, read from the
        instance's metadata service (see step 6 in O(access_key_id)).
      - Mutually exclusive with O(access_key_id) and O(access_key_secret).
    type: str
  assume_role:
    description:
      - Assume a RAM role with STS C(AssumeRole), signed with the credentials found as described in
        O(access_key_id), and sign the CCC requests with the role's temporary keys only.
      - The role's keys are fetched again shortly before they expire.
    type: dict
    suboptions:
      role_arn:
        description:
          - The ARN of the role, for example C(acs:ram::123456789012****:role/ccc-operator).
        type: str
        required: true
      session_name:
        description:
          - The role session name, 2 to 64 characters of letters, digits and C(.@_-).
          - Defaults to E(ALIBABA_CLOUD_ROLE_SESSION_NAME), else C(ansible-ccc-<unix time>).
        type: str
      duration_seconds:
        description:
          - How long the temporary keys live, from 900 to 43200 seconds (at most the role's maximum session
            duration).
        type: int
        default: 3600
      external_id:
        description:
          - The external ID the role's trust policy requires, if any.
        type: str
      policy:
        description:
          - An inline policy (JSON text, or a dictionary that is sent as JSON) that further limits the role's
            permissions for this session. It is never shown in results, errors or logs.
        type: json
  sts_endpoint:
    description:
      - The STS endpoint used by O(assume_role), OIDC and RAM role profiles, as a host name (HTTPS) or an
        C(https://) or C(http://) URL with an optional port.
      - Falls back to the profile's C(sts_endpoint), then E(ALIBABA_CLOUD_STS_ENDPOINT); then
        C(sts-vpc.<region>.aliyuncs.com) with the profile's C(enable_vpc) (or, when it does not say,
        E(ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true)), else C(sts.<region>.aliyuncs.com), for the profile's
        C(sts_region), else E(ALIBABA_CLOUD_STS_REGION); else C(sts.aliyuncs.com).
    type: str
  profile:
    description:
      - The aliyun CLI profile to read credentials (and the default region) from, used only when no
        keys are given as options, environment variables or OIDC variables.
      - Falls back to E(ALIBABACLOUD_PROFILE), E(ALIBABA_CLOUD_PROFILE), then E(ALICLOUD_PROFILE) (the CLI's
        order), then the C(current) profile of the file, then C(default). A profile named by the environment
        that the file does not have is looked for in C(credentials.ini) next; one named by this option must
        exist.
      - Every mode the CLI writes for credentials is supported, with the CLI's field names - C(AK),
        C(StsToken), C(RamRoleArn) (C(ram_role_arn), C(ram_session_name), C(expired_seconds),
        C(external_id), C(policy), C(sts_region), C(sts_endpoint), C(enable_vpc)), C(ChainableRamRoleArn)
        (C(source_profile), resolved recursively; a cycle is refused), C(EcsRamRole) (C(ram_role_name),
        discovered when empty), C(OIDC) (C(oidc_provider_arn), C(oidc_token_file), C(ram_role_arn),
        C(ram_session_name) or C(role_session_name)), C(CredentialsURI) (C(credentials_uri)), C(CloudSSO)
        (C(cloud_sso_sign_in_url), C(cloud_sso_account_id), C(cloud_sso_access_config), C(access_token),
        C(cloud_sso_access_token_expire)), C(OAuth) (C(oauth_site_type), C(oauth_access_token),
        C(oauth_access_token_expire), C(oauth_refresh_token)) and C(External) (C(process_command)).
      - A profile without C(mode) gets the mode the CLI recognises from its fields.
      - C(OAuth) profiles refresh their tokens when less than 20 minutes are left and write the rotated tokens
        back into the file, as the CLI does (atomically, keeping its mode and every other profile).
        E(ALIBABACLOUD_CCC_OAUTH_ENDPOINT) moves the OAuth service, for tests and emulators only.
      - C(External) profiles run C(process_command) without a shell, stopped after 60 seconds; what it prints
        never appears in messages.
      - The deprecated C(RamRoleArnWithRoleName) mode is refused with an error naming the mode.
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
      - A refused connection (nothing listens at the endpoint) is retried only once the endpoint has
        answered in the same task; before that it is a wrong endpoint, and the task fails at once.
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
    fails the task before any CCC request is sent. Every task is a new process, so a task using
    O(assume_role), OIDC or the metadata service fetches temporary keys once at its start.
  - STS errors (for example C(EntityNotExist.Role), C(NoPermission), C(AuthenticationFail.OIDCToken.Invalid),
    C(Throttling.User)) fail the task with their code and request id.
  - CloudSSO, OAuth and External profiles fail with C(CloudSSOTokenExpired), C(OAuthError) or
    C(ExternalCredentialsError) when their sign-in has expired or their command fails.
"""
