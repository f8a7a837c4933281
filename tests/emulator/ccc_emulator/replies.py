# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shapes of the gateway's and the CCC service's replies, in one place."""

from __future__ import annotations

import json
import uuid

API_VERSION = "2020-07-01"


def new_request_id() -> str:
    return str(uuid.uuid4()).upper()


class ApiError(Exception):
    """A reply other than success.

    The gateway (signatures, throttling, unknown actions) answers
    ``{RequestId, HostId, Code, Message, Recommend}``; the CCC service answers
    ``{RequestId, Code, Message, HttpStatusCode, Params}`` where ``Params`` fills the ``%s`` in the message.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        params: list[str] | None = None,
        *,
        gateway: bool = False,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.params = params or []
        self.gateway = gateway
        self.headers = headers or {}

    def body(self, request_id: str, host_id: str) -> dict:
        if self.gateway:
            return {
                "RequestId": request_id,
                "HostId": host_id,
                "Code": self.code,
                "Message": self.message,
                "Recommend": f"https://api.aliyun.com/troubleshoot?q={self.code}&product=CCC",
            }
        return {
            "RequestId": request_id,
            "Code": self.code,
            "Message": self.message,
            "HttpStatusCode": self.status,
            "Params": self.params,
        }


def gateway_error(status: int, code: str, message: str, **kwargs) -> ApiError:
    return ApiError(status, code, message, gateway=True, **kwargs)


# The CCC service's own messages (the calls' error tables); `%s` are filled from Params.
def service_error(status: int, code: str, template: str, *params: str) -> ApiError:
    return ApiError(status, code, template % params, [str(p) for p in params])


def missing_parameter(name: str) -> ApiError:
    return service_error(
        400,
        "MissingParameter",
        "The input parameter %s that is mandatory for processing this request is not supplied.",
        name,
    )


def invalid_parameter(name: str, why: str) -> ApiError:
    return service_error(400, "InvalidParameter", "The parameter %s is invalid: %s.", name, why)


def enumeration(name: str, allowed: list[str]) -> ApiError:
    return service_error(
        400,
        "Parameter.Enumeration",
        "The parameter %s must be one of the value of enumeration %s.",
        name,
        "[" + ", ".join(allowed) + "]",
    )


def maximum(name: str, limit: int) -> ApiError:
    return service_error(
        400, "Parameter.Maximum", "The parameter %s must be less than or equal to %s.", name, str(limit)
    )


def empty(name: str) -> ApiError:
    return service_error(400, "Parameter.Empty", "The parameter %s may not be null or empty.", name)


def blank(name: str) -> ApiError:
    return service_error(400, "Parameter.Blank", "The parameter %s must not be null or empty.", name)


def instance_not_found(instance_id: str) -> ApiError:
    return service_error(404, "NotExists.InstanceId", "The specified instance %s does not exist.", instance_id)


def minimum(name: str, limit: int) -> ApiError:
    return service_error(
        400, "Parameter.Minimum", "The parameter %s must be greater than or equal to %s.", name, str(limit)
    )


class RawJson(str):
    """Already-encoded JSON, spliced into a reply as is (keeps big pages from being re-encoded)."""


class NoData:
    """An action whose success reply has no ``Data`` member (ModifyPhoneNumber, ImportDoNotCallNumbers)."""


class Members:
    """A success reply whose ``Data`` comes with more top-level members, as older reply shapes have."""

    def __init__(self, data, **members):
        self.data = data
        self.members = members


def success_body(request_id: str, data) -> bytes:
    head = '{"RequestId":%s,"Code":"OK","HttpStatusCode":200,"Message":""' % json.dumps(request_id)
    if isinstance(data, Members):
        head += "".join(",%s:%s" % (json.dumps(k), json.dumps(v)) for k, v in data.members.items())
        data = data.data
    if data is NoData:
        return (head + "}").encode()
    encoded = data if isinstance(data, RawJson) else json.dumps(data, separators=(",", ":"))
    return (head + ',"Data":' + encoded + "}").encode()
