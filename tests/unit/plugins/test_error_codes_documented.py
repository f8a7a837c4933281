# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every error code the modules can end with has a row in the guide's troubleshooting tables.

The codes are read from the source: each literal given as the ``code`` argument of an error (``CCCError``,
``TransportError``, their subclasses, a helper whose parameter is named ``code``), and the API codes the
collection treats specially (retried, or answered with advice on the credentials). So a new code without a
row fails here. Codes the API or STS give that the collection only passes through are one row, "any other
code"; a row ending in ``.*`` covers every code it begins.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CREDENTIAL_ADVICE
from ansible_collections.alibabacloud.ccc.plugins.module_utils._retry import RETRYABLE_CODES

ROOT = pathlib.Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "docsite" / "rst" / "guide.rst"
SECTION = "Troubleshooting by error code"


def _sources():
    return sorted((ROOT / "plugins").rglob("*.py"))


def _parameters(function):
    names = [a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _signatures(trees):
    """name -> parameter names, for every function and every class (its __init__, inherited if it has
    none) defined in plugins/; and class -> base names."""
    functions, classes = {}, {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name != "__init__":
                functions.setdefault(node.name, _parameters(node))
            elif isinstance(node, ast.ClassDef):
                init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
                bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
                classes[node.name] = (_parameters(init) if init else None, bases)

    def init_of(name):
        params, bases = classes.get(name, (None, ()))
        if params is not None:
            return params
        for base in bases:
            inherited = init_of(base)
            if inherited is not None:
                return inherited
        return None

    signatures = dict(functions)
    signatures.update({name: init_of(name) for name in classes if init_of(name) is not None})
    return signatures, {name: bases for name, (_params, bases) in classes.items()}


def _literals(node):
    """The string constants an argument can evaluate to (``x if c else "Code"`` gives "Code")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literals(node.body) | _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*(_literals(value) for value in node.values))
    return set()


def _callee(call, enclosing_class, bases):
    """The name whose signature a call follows: ``super().__init__(...)`` follows the base class's."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        target = func.value
        if func.attr == "__init__" and isinstance(target, ast.Call) and getattr(target.func, "id", "") == "super":
            parents = bases.get(enclosing_class) or [None]
            return parents[0]
        return func.attr
    return None


def raised_codes():
    """code -> the files that raise it, for every literal code passed to an error in plugins/."""
    trees = {path: ast.parse(path.read_text(), str(path)) for path in _sources()}
    signatures, bases = _signatures(trees.values())
    found = {}
    for path, tree in trees.items():
        classes = [(c, n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for n in ast.walk(c)]
        enclosing = {id(node): cls.name for cls, node in classes}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            params = signatures.get(_callee(call, enclosing.get(id(call)), bases)) or ()
            if "code" not in params:
                continue
            index = params.index("code")
            argument = next((k.value for k in call.keywords if k.arg == "code"), None)
            if argument is None and index < len(call.args):
                argument = call.args[index]
            for code in _literals(argument) if argument is not None else ():
                found.setdefault(code, set()).add(path.relative_to(ROOT).as_posix())
    return found


def special_api_codes():
    """API codes the collection handles itself: the ones it retries and the ones it gives advice on."""
    advised = {code + "*" if code.endswith(".") else code for code, _advice in CREDENTIAL_ADVICE}
    return set(RETRYABLE_CODES) | advised


def first_cells():
    """The text of the first cell of each row of the section's tables."""
    text = GUIDE.read_text()
    start = text.index("\n" + SECTION + "\n")
    end = text.index("\n.. _", start)
    cells, cell = [], None
    for line in text[start:end].splitlines():
        if re.match(r"^\s*\* - ", line):
            cell = [line.split("* - ", 1)[1]]
            cells.append(cell)
        elif cell is not None and re.match(r"^\s+- ", line):
            cell = None
        elif cell is not None:
            cell.append(line.strip())
    return [" ".join(cell) for cell in cells]


def documented_rows():
    """The codes each row names in its first cell (a cell may name several)."""
    return [re.findall(r"``([A-Za-z][A-Za-z0-9.*]*)``", cell) for cell in first_cells()]


def covered(code, rows):
    for names in rows:
        for name in names:
            if name == code or (name.endswith(".*") and code.startswith(name[:-1])):
                return True
    return False


def test_the_source_reading_finds_codes_of_every_kind():
    # Guards the reader itself: a class's own code, a subclass's super().__init__, a helper's code
    # parameter, a conditional code and the transport's codes.
    codes = raised_codes()
    assert {"InvalidOption", "IncompleteListing", "NotConverged", "InvalidResponse", "STSError"} <= set(codes)
    assert {"TLSError", "ConnectTimeout", "ReadTimeout", "ConnectionError", "MissingLibrary"} <= set(codes)


@pytest.mark.parametrize("code", sorted(raised_codes()))
def test_every_code_the_modules_raise_has_a_row_in_the_guide(code):
    assert covered(code, documented_rows()), "%s (raised in %s) has no row in %s's section %r" % (
        code,
        ", ".join(sorted(raised_codes()[code])),
        GUIDE.relative_to(ROOT),
        SECTION,
    )


@pytest.mark.parametrize("code", sorted(special_api_codes()))
def test_every_api_code_the_modules_handle_themselves_has_a_row(code):
    assert covered(code, documented_rows()), "%s has no row in the guide's section %r" % (code, SECTION)


def test_codes_passed_through_from_the_api_are_covered_as_a_class():
    assert any(cell.lower().startswith("any other code") for cell in first_cells())
