# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The vendor's own clients agree with the emulator: every call, both signature schemes, with and without STS.

The SDKs come from requirements-dev.txt; if they cannot be imported this module fails to collect, which is
a failure, not a skip.
"""

from __future__ import annotations

import json

import pytest
from acs_signer import KEY, STS
from alibabacloud_ccc20200701 import models as ccc_models
from alibabacloud_ccc20200701.client import Client as CCCClient
from alibabacloud_tea_openapi.models import Config
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

CREDENTIALS = {"access-key": KEY, "sts": STS}


@pytest.fixture(params=sorted(CREDENTIALS))
def credentials(request):
    return CREDENTIALS[request.param]


# --- V3: alibabacloud-ccc20200701 (tea OpenAPI, ACS3-HMAC-SHA256) ---------------------------------


def tea_client(port: int, credentials, **config) -> CCCClient:
    key_id, secret, token = credentials
    return CCCClient(
        Config(
            access_key_id=key_id,
            access_key_secret=secret,
            security_token=token,
            endpoint=f"127.0.0.1:{port}",
            protocol="http",
            **config,
        )
    )


@pytest.mark.parametrize("signature_algorithm", [None, "v2"], ids=["acs3", "tea-v2-rpc"])
def test_tea_sdk_runs_all_four_calls(api, emulator_port, env_without_proxy, credentials, signature_algorithm):
    extra = {"signature_algorithm": signature_algorithm} if signature_algorithm else {}
    client = tea_client(emulator_port, credentials, **extra)

    added = client.add_phone_numbers(
        ccc_models.AddPhoneNumbersRequest(
            instance_id="ccc-demo",
            usage="Inbound",
            contact_flow_id="flow-main",
            number_list=json.dumps(["057100000010", "057100000011", "099999999999"]),
        )
    ).body
    assert (added.code, added.data) == ("OK", ["099999999999"])

    listed = client.list_phone_numbers(
        ccc_models.ListPhoneNumbersRequest(
            instance_id="ccc-demo",
            page_number=1,
            page_size=100,
            usage="Inbound",
            active=True,
            search_pattern="0571000000",
        )
    ).body
    assert listed.data.total_count == 3
    item = {i.number: i for i in listed.data.list}["057100000010"]
    assert (item.usage, item.contact_flow_id, item.contact_flow_name, item.active) == (
        "Inbound",
        "flow-main",
        "Main IVR",
        True,
    )
    assert {i.number: i for i in listed.data.list}["057100000001"].skill_groups[0].display_name == "Sales"

    modified = client.modify_phone_number(
        ccc_models.ModifyPhoneNumberRequest(
            instance_id="ccc-demo", number="057100000010", usage="Bidirection", contact_flow_id=""
        )
    ).body
    assert modified.code == "OK"
    assert api.bound()["057100000010"]["contact_flow_id"] is None

    removed = client.remove_phone_numbers(
        ccc_models.RemovePhoneNumbersRequest(
            instance_id="ccc-demo", number_list=json.dumps(["057100000011", "057100000001"]), force=True
        )
    ).body
    assert (removed.code, removed.data) == ("OK", [])
    assert {"057100000011", "057100000001"}.isdisjoint(api.bound())
    assert api.counters()["signature_failures"] == 0


@pytest.mark.parametrize("signature_algorithm", [None, "v2"], ids=["acs3", "tea-v2-rpc"])
def test_tea_sdk_runs_both_skill_group_calls(api, emulator_port, env_without_proxy, credentials, signature_algorithm):
    extra = {"signature_algorithm": signature_algorithm} if signature_algorithm else {}
    client = tea_client(emulator_port, credentials, **extra)

    joined = client.add_numbers_to_skill_group(
        ccc_models.AddNumbersToSkillGroupRequest(
            instance_id="ccc-demo",
            skill_group_id="sg-support",
            number_list=json.dumps(["057100000001", "057100000003"]),
        )
    ).body
    assert (joined.code, joined.http_status_code) == ("OK", 200)
    assert api.bound()["057100000001"]["skill_groups"] == ["sg-sales", "sg-support"]

    left = client.remove_phone_numbers_from_skill_group(
        ccc_models.RemovePhoneNumbersFromSkillGroupRequest(
            instance_id="ccc-demo", skill_group_id="sg-sales", number_list=json.dumps(["057100000001"])
        )
    ).body
    assert left.code == "OK"
    listed = client.list_phone_numbers(
        ccc_models.ListPhoneNumbersRequest(instance_id="ccc-demo", page_number=1, page_size=100)
    ).body
    groups = {i.number: [g.skill_group_id for g in i.skill_groups] for i in listed.data.list}
    assert (groups["057100000001"], groups["057100000003"]) == (["sg-support"], ["sg-support"])
    assert api.counters()["signature_failures"] == 0


@pytest.mark.parametrize("signature_algorithm", [None, "v2"], ids=["acs3", "tea-v2-rpc"])
def test_tea_sdk_runs_the_account_view_and_do_not_call_calls(
    api, emulator_port, env_without_proxy, credentials, signature_algorithm
):
    extra = {"signature_algorithm": signature_algorithm} if signature_algorithm else {}
    client = tea_client(emulator_port, credentials, **extra)

    unassigned = client.list_unassigned_numbers(
        ccc_models.ListUnassignedNumbersRequest(page_number=1, page_size=2, search_pattern="02100")
    ).body
    assert (unassigned.code, unassigned.data.total_count, unassigned.data.page_size) == ("OK", 2, 2)
    assert [(i.number, i.province, i.city) for i in unassigned.data.list] == [
        ("02100000001", "Shanghai", "Shanghai"),
        ("02100000002", "Shanghai", "Shanghai"),
    ]

    imported = client.import_do_not_call_numbers(
        ccc_models.ImportDoNotCallNumbersRequest(
            instance_id="ccc-demo",
            number_list=json.dumps(["13900000011", "+8613900000012"]),
            remark="客户要求 opted out",
        )
    ).body
    assert (imported.code, imported.http_status_code) == ("OK", 200)

    listed = client.list_do_not_call_numbers(
        ccc_models.ListDoNotCallNumbersRequest(
            instance_id="ccc-demo", page_number=1, page_size=100, search_pattern="OPTED"
        )
    ).body
    assert listed.data.total_count == 2
    assert [(i.number, i.remark, i.scope) for i in listed.data.list] == [
        ("+8613900000012", "客户要求 opted out", "INSTANCE"),
        ("13900000011", "客户要求 opted out", "INSTANCE"),
    ]
    first = listed.data.list[0]
    assert first.created_time == first.create_time and first.created_time > 1767225600000
    assert first.creator == "1234567890123456"

    system = client.list_do_not_call_numbers(
        ccc_models.ListDoNotCallNumbersRequest(instance_id="ccc-demo", page_number=1, page_size=10, scope="SYSTEM")
    ).body
    assert [(i.number, i.scope) for i in system.data.list] == [("13800000001", "SYSTEM"), ("13800000002", "SYSTEM")]

    removed = client.remove_do_not_call_numbers(
        ccc_models.RemoveDoNotCallNumbersRequest(instance_id="ccc-demo", number_list=json.dumps(["13900000011"]))
    ).body
    assert (removed.code, removed.data) == ("OK", "")
    state = api.control("GET", "/_emulator/state").json()
    assert [e["number"] for e in state["instances"]["ccc-demo"]["do_not_call"]][0] == "+8613900000012"
    assert api.counters()["signature_failures"] == 0


def test_tea_sdk_reads_do_not_call_errors(api, emulator_port, env_without_proxy):
    client = tea_client(emulator_port, KEY)
    with pytest.raises(Exception) as raised:
        client.list_do_not_call_numbers(
            ccc_models.ListDoNotCallNumbersRequest(instance_id="ccc-demo", page_number=1, page_size=10, scope="ALL")
        )
    assert raised.value.code == "Parameter.Enumeration"
    assert raised.value.data["statusCode"] == 400
    with pytest.raises(Exception) as raised:
        client.import_do_not_call_numbers(
            ccc_models.ImportDoNotCallNumbersRequest(instance_id="ccc-demo", number_list="[]")
        )
    assert raised.value.code == "Parameter.Empty"


def test_tea_sdk_reads_an_unknown_skill_group(api, emulator_port, env_without_proxy):
    client = tea_client(emulator_port, KEY)
    with pytest.raises(Exception) as raised:
        client.add_numbers_to_skill_group(
            ccc_models.AddNumbersToSkillGroupRequest(
                instance_id="ccc-demo", skill_group_id="sg-nope", number_list='["057100000003"]'
            )
        )
    assert raised.value.code == "NotExists.SkillGroupId"
    assert raised.value.data["statusCode"] == 404
    assert api.bound()["057100000003"]["skill_groups"] == []


def test_tea_sdk_reads_business_errors(api, emulator_port, env_without_proxy):
    client = tea_client(emulator_port, KEY)
    with pytest.raises(Exception) as raised:
        client.list_phone_numbers(
            ccc_models.ListPhoneNumbersRequest(instance_id="ccc-nope", page_number=1, page_size=10)
        )
    assert raised.value.code == "NotExists.InstanceId"
    assert raised.value.data["statusCode"] == 404


def test_tea_sdk_with_wrong_secret_is_refused(api, emulator_port, env_without_proxy):
    client = tea_client(emulator_port, (KEY[0], "wrong", None))
    with pytest.raises(Exception) as raised:
        client.list_phone_numbers(
            ccc_models.ListPhoneNumbersRequest(instance_id="ccc-demo", page_number=1, page_size=10)
        )
    assert raised.value.code == "SignatureDoesNotMatch"
    assert api.counters()["signature_failures"] == 1


# --- V1: aliyun-python-sdk-core (AcsClient + CommonRequest, HMAC-SHA1) -----------------------------


def acs_client(credentials) -> AcsClient:
    key_id, secret, token = credentials
    credential = StsTokenCredential(key_id, secret, token) if token else AccessKeyCredential(key_id, secret)
    return AcsClient(region_id="cn-shanghai", credential=credential, auto_retry=False)


def common_request(port: int, action: str, method: str, params: dict[str, str], in_body: bool) -> CommonRequest:
    request = CommonRequest(domain=f"127.0.0.1:{port}", version="2020-07-01", action_name=action)
    request.set_protocol_type("http")
    request.set_method(method)
    for name, value in params.items():
        if in_body:
            request.add_body_params(name, value)
        else:
            request.add_query_param(name, value)
    return request


@pytest.mark.parametrize(
    "method,in_body", [("POST", False), ("GET", False), ("POST", True)], ids=["post-query", "get-query", "post-form"]
)
def test_core_sdk_runs_all_four_calls(api, emulator_port, env_without_proxy, credentials, method, in_body):
    client = acs_client(credentials)

    def call(action, **params):
        raw = client.do_action_with_exception(common_request(emulator_port, action, method, params, in_body))
        return json.loads(raw)

    added = call(
        "AddPhoneNumbers",
        InstanceId="ccc-demo",
        Usage="Outbound",
        NumberList=json.dumps(["057100000020", "4001234568"]),
    )
    assert (added["Code"], added["Data"]) == ("OK", ["4001234568"])
    listed = call("ListPhoneNumbers", InstanceId="ccc-demo", PageNumber="1", PageSize="2", Usage="Outbound")
    assert [i["Number"] for i in listed["Data"]["List"]] == ["057100000003", "057100000020"]
    assert (
        call(
            "ModifyPhoneNumber",
            InstanceId="ccc-demo",
            Number="057100000020",
            Usage="Bidirection",
            ContactFlowId="flow-main",
        )["Code"]
        == "OK"
    )
    assert api.bound()["057100000020"]["contact_flow_id"] == "flow-main"
    removed = call("RemovePhoneNumbers", InstanceId="ccc-demo", NumberList=json.dumps(["057100000020"]), Force="True")
    assert removed["Data"] == []
    assert "057100000020" not in api.bound()


@pytest.mark.parametrize(
    "method,in_body", [("POST", False), ("GET", False), ("POST", True)], ids=["post-query", "get-query", "post-form"]
)
def test_core_sdk_runs_the_do_not_call_calls(api, emulator_port, env_without_proxy, credentials, method, in_body):
    client = acs_client(credentials)

    def call(action, **params):
        raw = client.do_action_with_exception(common_request(emulator_port, action, method, params, in_body))
        return json.loads(raw)

    imported = call(
        "ImportDoNotCallNumbers", InstanceId="ccc-demo", NumberList=json.dumps(["13900000021"]), Remark="拒接 & later"
    )
    assert imported["Code"] == "OK" and "Data" not in imported
    listed = call("ListDoNotCallNumbers", InstanceId="ccc-demo", PageNumber="1", PageSize="1")
    assert [(i["Number"], i["Remark"]) for i in listed["Data"]["List"]] == [("13900000021", "拒接 & later")]
    unassigned = call("ListUnassignedNumbers", PageNumber="1", PageSize="1", SearchPattern="4001")
    assert unassigned["Data"]["List"] == [{"Number": "4001234568", "Province": "", "City": ""}]
    removed = call("RemoveDoNotCallNumbers", InstanceId="ccc-demo", NumberList=json.dumps(["13900000021"]))
    assert removed["Data"] == ""
    assert api.counters()["signature_failures"] == 0


def test_core_sdk_reads_gateway_errors(api, emulator_port, env_without_proxy):
    client = acs_client(("LTAINobody", "x", None))
    with pytest.raises(ServerException) as raised:
        client.do_action_with_exception(
            common_request(
                emulator_port,
                "ListPhoneNumbers",
                "POST",
                {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "1"},
                False,
            )
        )
    assert raised.value.get_error_code() == "InvalidAccessKeyId.NotFound"
    assert raised.value.get_http_status() == 404
