# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Input: a module's options become a validated request, or a ValidationError before any request."""

from __future__ import annotations

import re

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    DoNotCall,
    DoNotCallQuery,
    bindings_option,
    desired_from_params,
    do_not_call_from_params,
    do_not_call_info_module,
    do_not_call_query_from_params,
    normalize_numbers,
    pace_from_params,
    phone_numbers_info_module,
    query_from_params,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import ValidationError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Binding, make_plan
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import do_not_call_input, task_input

params = task_input
SALES, SUPPORT = "sales@ccc-test", "support@ccc-test"
A = "057100000001"


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        (dict(numbers=["0571 0001"]), "numbers must be digits"),
        (dict(numbers=["0571-0001"]), "numbers must be digits"),
        (dict(numbers=["++05710001"]), "numbers must be digits"),
        (dict(numbers=["05710001; rm -rf /"]), "numbers must be digits"),
        (dict(numbers=["12"]), "numbers must be digits"),
        (dict(numbers=[""]), "numbers must be digits"),
        (dict(numbers=["1" * 33]), "numbers must be digits"),
        (dict(instance_id=""), "instance_id"),
        (dict(instance_id="ccc test", numbers=["05710001"], usage="Inbound"), "instance_id"),
        (dict(instance_id="../ccc", numbers=["05710001"], usage="Inbound"), "instance_id"),
        (dict(numbers=["05710001"], usage="inbound"), "usage must be one of"),
        (dict(numbers=["05710001"], usage="Inbound", state="gone"), "state must be one of"),
        (dict(numbers=["05710001"], usage="Outbound", contact_flow_id="flow-a"), "usage=Outbound"),
        (dict(numbers=["4001234567"], usage="Bidirection"), "400 numbers"),
        (dict(numbers=["+4001234567"], usage="Outbound"), "400 numbers"),
        (dict(numbers=["+864001234567"], usage="Outbound"), "400 numbers"),
        (dict(numbers=["864001234567"], usage="Bidirection"), "400 numbers"),
        (dict(numbers=["00864001234567"], usage="Outbound"), "400 numbers"),
        (
            dict(bindings=[{"numbers": ["0571001"], "usage": "Inbound"}], numbers=["0571002"]),
            "mutually exclusive: bindings|numbers",
        ),
        (
            dict(
                bindings=[{"numbers": ["0571001"], "usage": "Inbound"}, {"numbers": ["0571001"], "usage": "Outbound"}]
            ),
            "only one binding; named more than once: 0571001",
        ),
        (
            dict(
                bindings=[
                    {"numbers": ["0571001"], "usage": "Inbound"},
                    {"numbers": ["4008001234"], "usage": "Outbound"},
                ]
            ),
            "bindings[1]: 400 numbers",
        ),
        (
            dict(bindings=[{"numbers": ["0571001"], "usage": "Outbound", "contact_flow_id": "flow-a"}]),
            "usage=Outbound",
        ),
        (dict(bindings=[{"numbers": ["0571 001"], "usage": "Inbound"}]), "bindings[0]: numbers must be digits"),
        (dict(bindings=[{"usage": "Inbound"}]), "missing required arguments: numbers found in bindings"),
        (dict(bindings=[{"numbers": ["0571001"], "usage": "Inbound", "flow": "x"}]), "flow. Supported parameters"),
        (dict(bindings=["0571001"]), "bindings"),
        (dict(bindings=[{"numbers": ["0571001"], "usage": "Inbound"}], state="absent"), "do not apply to state=absent"),
        (dict(), "state=present needs numbers"),
        (dict(purge=True), "purge=true needs numbers (or bindings)"),
        (dict(purge=True, usage="Inbound", force=True), "would unbind every number of ccc-test"),
        (dict(purge=True, skill_group_ids=[SALES]), "give numbers=[] to unbind every number on purpose"),
        (dict(numbers=[A], state="absent", max_removals=-1), "max_removals must be 0 or more, got -1"),
        (dict(numbers=[A], max_removals="many"), "max_removals"),
        (dict(state="absent"), "state=absent needs numbers"),
        (dict(state="absent", numbers=["05710001"], purge=True), "purge applies to state=present"),
        (dict(state="absent", numbers=["05710001"], usage="Inbound"), "do not apply to state=absent"),
        (dict(numbers=["05710001"], usage="Inbound", contact_flow_id="flow a"), "contact_flow_id"),
        (dict(numbers=["05710001"], usage="Inbound", batch_size=0), "batch_size must be at least 1"),
        (dict(numbers=["05710001"], usage="Inbound", max_concurrency=-1), "max_concurrency must be at least 1"),
    ],
)
def test_bad_input_is_rejected_with_a_message_naming_the_problem(overrides, fragment):
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        options = params(**overrides)
        desired_from_params(options)
        pace_from_params(options)


# YAML reads an unquoted 057100000013 as the octal integer 6325010443; 13800000001 unquoted is an integer too.
OCTAL, MOBILE = 6325010443, 13800000001
QUOTE = "quote phone numbers in YAML"


@pytest.mark.parametrize(
    "given, fragment",
    [
        (dict(numbers=[A, OCTAL]), "numbers must be strings, but 6325010443 arrived as an integer: " + QUOTE),
        (dict(numbers=OCTAL), "numbers must be strings, but 6325010443 arrived as an integer: " + QUOTE),
        (dict(number_list=[MOBILE]), "numbers must be strings, but 13800000001 arrived as an integer: " + QUOTE),
        (
            dict(bindings=[{"numbers": [A], "usage": "Inbound"}, {"numbers": [OCTAL, MOBILE], "usage": "Inbound"}]),
            "bindings[1]: numbers must be strings, but 6325010443, 13800000001 arrived as integers: " + QUOTE,
        ),
        (
            dict(bindings=[{"numbers": OCTAL, "usage": "Inbound"}]),
            "bindings[0]: numbers must be strings, but 6325010443",
        ),
    ],
)
def test_a_number_that_arrived_as_an_integer_is_refused_naming_it_and_saying_to_quote(given, fragment):
    # The argument spec (elements: str) has already turned the integer into digits; only the options as the
    # task gave them show it.
    options = task_input(usage="Inbound", **given) if "bindings" not in given else task_input(**given)
    with pytest.raises(ValidationError) as info:
        desired_from_params(options, dict(instance_id="ccc-test", **given))
    assert fragment in info.value.message
    assert "one with a leading 0 as octal: [057100000013] arrives as 6325010443" in info.value.message


def test_the_info_module_refuses_an_integer_number_too():
    with pytest.raises(ValidationError, match="but 6325010443 arrived as an integer: " + QUOTE):
        query_from_params({"instance_id": "ccc-test", "numbers": [OCTAL], "max_concurrency": 8})


def test_numbers_given_as_strings_pass_whatever_their_digits():
    given = dict(numbers=["057100000013", "13800000001", "+8613800000001"], usage="Inbound")
    assert desired_from_params(task_input(**given), dict(instance_id="ccc-test", **given)).numbers == (
        "057100000013",
        "13800000001",
        "+8613800000001",
    )


def test_numbers_are_stripped_deduplicated_and_keep_their_order():
    assert normalize_numbers([" 0571002 ", "0571001", "0571002", "+86571003"]) == ("0571002", "0571001", "+86571003")


def test_too_many_numbers_are_refused():
    with pytest.raises(ValidationError, match="at most"):
        normalize_numbers([str(10**9 + i) for i in range(20001)])


def test_empty_flow_means_clear_and_is_kept_apart_from_omitted():
    assert desired_from_params(params(numbers=["05710001"], contact_flow_id="")).bindings[0].contact_flow_id == ""
    assert desired_from_params(params(numbers=["05710001"])).bindings[0].contact_flow_id is None


@pytest.mark.parametrize(
    "declared",
    [dict(numbers=[]), dict(bindings=[]), dict(numbers=[A], usage="Inbound")],
    ids=["numbers", "bindings", "some"],
)
def test_purge_with_declared_numbers_is_valid_even_when_empty(declared):
    desired = desired_from_params(params(purge=True, **declared))
    assert desired.purge and desired.numbers == tuple(declared.get("numbers") or ())


@pytest.mark.parametrize("given, limit", [(None, None), (0, 0), (20, 20)])
def test_max_removals_is_read_once_for_the_planner(given, limit):
    assert desired_from_params(params(numbers=[], purge=True, max_removals=given)).max_removals == limit


# --- skill groups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        (dict(numbers=[A], usage="Inbound", skill_group_ids=["sales group"]), "not a valid skill group id"),
        (dict(numbers=[A], usage="Inbound", skill_group_ids=["@sales"]), "not a valid skill group id"),
        (
            dict(bindings=[{"numbers": [A], "usage": "Inbound", "skill_group_ids": [SALES, "x/y"]}]),
            "bindings[0]: skill_group_ids",
        ),
        (dict(numbers=[A], state="absent", skill_group_ids=[]), "do not apply to state=absent"),
        (
            dict(bindings=[{"numbers": [A], "usage": "Inbound"}], skill_group_ids=[SALES]),
            "mutually exclusive: bindings|skill_group_ids",
        ),
        (dict(skill_group_ids=[SALES]), "state=present needs numbers"),
    ],
)
def test_bad_skill_group_options_fail_before_any_request(overrides, fragment):
    with pytest.raises(ValidationError) as raised:
        desired_from_params(params(**overrides))
    assert fragment in str(raised.value)


def test_skill_group_ids_are_kept_sorted_and_unique():
    desired = desired_from_params(params(numbers=[A], skill_group_ids=[SUPPORT, " %s " % SALES, SUPPORT]))
    assert desired.bindings[0].skill_group_ids == (SALES, SUPPORT)


# --- ccc_phone_numbers_info: one instance, or the account's unassigned numbers (issue #20) -------------------


def info_query(**given):
    """ccc_phone_numbers_info's options checked against its argument spec, as AnsibleModule would, then read."""
    module = phone_numbers_info_module()
    validator = ArgumentSpecValidator(
        module["argument_spec"], mutually_exclusive=module["mutually_exclusive"], required_if=module["required_if"]
    )
    checked = validator.validate(given)
    if checked.error_messages:
        raise ValidationError("; ".join(checked.error_messages))
    return query_from_params(checked.validated_parameters)


@pytest.mark.parametrize(
    "given, fragment",
    [
        (dict(), "unassigned is False but all of the following are missing: instance_id"),
        (dict(unassigned=False), "missing: instance_id"),
        (dict(unassigned=True, instance_id="ccc-test"), "mutually exclusive: unassigned|instance_id"),
        (dict(unassigned=True, numbers=[A]), "mutually exclusive: unassigned|numbers"),
        (dict(unassigned=True, usage="Inbound"), "mutually exclusive: unassigned|usage"),
        (dict(unassigned=True, active=True), "mutually exclusive: unassigned|active"),
        (dict(unassigned=True, max_concurrency=0), "max_concurrency must be at least 1"),
        (dict(instance_id=""), "instance_id '' is not a valid id"),
    ],
)
def test_the_info_module_asks_for_one_instance_or_the_unassigned_numbers(given, fragment):
    with pytest.raises(ValidationError) as raised:
        info_query(**given)
    assert fragment in str(raised.value)


@pytest.mark.parametrize(
    "given, unassigned, filters",
    [
        (dict(unassigned=True), True, {}),
        (dict(unassigned=True, search_pattern="0571"), True, {"SearchPattern": "0571"}),
        (dict(instance_id="ccc-test", usage="Inbound"), False, {"Usage": "Inbound"}),
    ],
)
def test_the_info_query_says_what_to_list(given, unassigned, filters):
    query = info_query(**given)
    assert (query.unassigned, query.filters, query.with_phone_numbers) == (unassigned, filters, True)
    assert info_query(**dict(given, return_phone_numbers=False)).with_phone_numbers is False


# --- the export: Bindings read from an instance as the bindings option --------------------------------------

B, C, D, TOLL_FREE = "057100000002", "057100000003", "057100000004", "4001234567"


@pytest.mark.parametrize(
    "bound, exported",
    [
        ([], []),
        (
            [Binding(B, "Inbound", "flow-a", [SUPPORT, SALES]), Binding(A, "Inbound", "flow-a", [SALES, SUPPORT])],
            [{"usage": "Inbound", "contact_flow_id": "flow-a", "skill_group_ids": [SALES, SUPPORT], "numbers": [A, B]}],
        ),
        (
            [
                Binding(C, "Outbound"),
                Binding(TOLL_FREE, "Inbound", "flow-b"),
                Binding(A, "Inbound"),
                Binding(B, "Inbound"),
            ],
            [
                {"usage": "Inbound", "skill_group_ids": [], "numbers": [A, B]},
                {"usage": "Inbound", "contact_flow_id": "flow-b", "skill_group_ids": [], "numbers": [TOLL_FREE]},
                {"usage": "Outbound", "skill_group_ids": [], "numbers": [C]},
            ],
        ),
        (
            [Binding(A, "Bidirection", None, [SALES]), Binding(B, "Bidirection", "", ())],
            [
                {"usage": "Bidirection", "skill_group_ids": [], "numbers": [B]},
                {"usage": "Bidirection", "skill_group_ids": [SALES], "numbers": [A]},
            ],
        ),
        (
            # An Outbound number takes no flow: one the API kept is left out, so both share an entry.
            [Binding(A, "Outbound", "flow-a"), Binding(B, "Outbound")],
            [{"usage": "Outbound", "skill_group_ids": [], "numbers": [A, B]}],
        ),
    ],
    ids=["empty", "one-entry-sorted", "by-usage-and-flow", "by-skill-groups", "no-flow-on-outbound"],
)
def test_the_export_has_one_sorted_entry_per_distinct_setting_and_no_flow_key_without_a_flow(bound, exported):
    assert bindings_option(bound) == exported
    assert bindings_option(reversed(bound)) == exported, "the order read must not change the text"


def test_the_export_is_what_the_bindings_option_takes_and_fed_back_with_purge_plans_nothing():
    current = {
        A: Binding(A, "Inbound", "flow-a", [SALES]),
        B: Binding(B, "Outbound"),
        C: Binding(C, "Bidirection", None, [SALES, SUPPORT]),
        D: Binding(D, "Outbound", "flow-a"),
        TOLL_FREE: Binding(TOLL_FREE, "Inbound"),
    }
    desired = desired_from_params(params(bindings=bindings_option(current.values()), purge=True))
    assert sorted(desired.numbers) == sorted(current)
    assert not make_plan(desired, current)


# --- ccc_do_not_call_numbers and its info module (issue #24) ----------------------------------------------

DNC = "13900000001"


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        (
            dict(numbers=[DNC, "139 0000 0002"]),
            "numbers must be digits with an optional leading '+' (3 to 32 digits); invalid: '139 0000 0002'",
        ),
        (dict(numbers=["+86-139"]), "invalid: '+86-139'"),
        (dict(), "state=present needs numbers to add, or purge=true with numbers=[] to remove all"),
        (
            dict(purge=True, remark="x"),
            "purge=true needs numbers: the numbers to keep listed. Left out, it would remove "
            "every number from the do-not-call list of ccc-test; give numbers=[] to remove every number on purpose",
        ),
        (dict(state="absent"), "state=absent needs numbers: the numbers to remove"),
        (dict(state="absent", numbers=[DNC], purge=True), "purge applies to state=present only"),
        (dict(state="absent", numbers=[DNC], remark="x"), "remark applies to the numbers state=present adds"),
        (dict(numbers=[DNC], max_removals=-1), "max_removals must be 0 or more, got -1"),
        (dict(numbers=[DNC], batch_size=0), "batch_size must be at least 1"),
        (dict(numbers=[DNC], usage="Inbound"), "usage. Supported parameters include"),
        (dict(numbers=[DNC], state="listed"), "state must be one of"),
    ],
)
def test_do_not_call_input_is_checked_by_the_same_rules_before_any_request(overrides, fragment):
    with pytest.raises(ValidationError) as refused:
        options = do_not_call_input(**overrides)
        do_not_call_from_params(options)
        pace_from_params(options)
    assert fragment in refused.value.message


def test_a_do_not_call_number_that_arrived_as_an_integer_is_refused_as_a_phone_number_is():
    options = do_not_call_input(numbers=[DNC, str(MOBILE)])
    with pytest.raises(ValidationError) as refused:
        do_not_call_from_params(options, dict(instance_id="ccc-test", numbers=[DNC, MOBILE]))
    assert "numbers must be strings, but 13800000001 arrived as an integer: " + QUOTE in refused.value.message


@pytest.mark.parametrize(
    "overrides, desired",
    [
        (
            dict(numbers=[" %s " % DNC, DNC, "+8613900000002"], remark="CRM"),
            DoNotCall("ccc-test", (DNC, "+8613900000002"), "present", False, "CRM", None),
        ),
        (dict(numbers=[], purge=True, max_removals=0), DoNotCall("ccc-test", (), "present", True, None, 0)),
        (dict(numbers=[DNC], state="absent", remark=""), DoNotCall("ccc-test", (DNC,), "absent", False, None, None)),
    ],
    ids=["present", "purge-to-empty", "absent"],
)
def test_do_not_call_options_become_one_request(overrides, desired):
    assert do_not_call_from_params(do_not_call_input(**overrides)) == desired


def test_the_do_not_call_info_module_reads_the_instance_list_by_default():
    module = do_not_call_info_module()
    options = task_input(module, search_pattern="CRM")
    assert do_not_call_query_from_params(options) == DoNotCallQuery("ccc-test", "INSTANCE", {"SearchPattern": "CRM"}, 8)
    with pytest.raises(ValidationError, match="scope must be one of"):
        task_input(module, scope="ACCOUNT")
