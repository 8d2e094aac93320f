"""The documentation keeps up with the code: every configuration key is in
smartbank.conf(5) and smartbankd(8); the routes and who may call them are
what the route table says (smartbankd -r), in smartbank-api(7),
docs/openapi.yaml and the README's route table, none more, none fewer."""

import os
import re
import subprocess

import yaml

from stack import SMARTBANKD, SRCDIR


def read(*parts):
    with open(os.path.join(SRCDIR, *parts), encoding="utf-8") as f:
        return f.read()


def test_every_configuration_key_is_documented():
    keys = re.findall(r'\.name = "(SMARTBANK_[A-Z_]+)"', read("src", "base", "conf.c"))
    assert len(keys) > 10
    conf, man = read("man", "smartbank.conf.5"), read("man", "smartbankd.8")
    for key in keys:
        assert f".It Ev {key}" in conf, key
        assert key in man, key


def route_table():
    """{(METHOD, path with each {name} as {}): role} from smartbankd -r."""
    out = subprocess.run([SMARTBANKD, "-r"], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        method, path, role = line.split()
        table[(method, re.sub(r"\{[^}]*\}", "{}", path))] = role
    assert len(table) >= 20 and set(table.values()) == {"public", "user", "customer", "auditor"}
    return table


def test_the_manual_lists_every_route_and_no_other():
    man = read("man", "smartbank-api.7")
    listed = {(m, re.sub(r"\{[^}]*\}", "{}", p))
              for m, p in re.findall(r"^\.It Li (GET|POST|PUT|DELETE|PATCH) (/\S*)", man, re.M)}
    assert listed == set(route_table())


def test_the_openapi_spec_has_every_route_with_its_role_and_no_other():
    spec = yaml.safe_load(read("docs", "openapi.yaml"))
    ops = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "put", "delete", "patch"):
                ops[(method.upper(), re.sub(r"\{[^}]*\}", "{}", path))] = op
    table = route_table()
    assert set(ops) == set(table)
    for key, role in table.items():
        op = ops[key]
        secured = bool(op.get("security", spec.get("security")))
        assert secured == (role != "public"), key
        assert ("auditor" in op.get("tags", [])) == (role == "auditor"), key


def test_the_readme_route_table_agrees():
    readme = read("README")
    listed = {(m, re.sub(r"\{[^}]*\}", "{}", p)) for m, p in
              re.findall(r"^ {4}(GET|POST|PUT|DELETE|PATCH) +(/[\w/{}-]*)", readme, re.M)}
    assert listed == set(route_table())


def test_the_readme_stays_an_entry_point():
    """What, the two commands, where next: at most 12 KB, every document it
    points to there."""
    readme = read("README")
    assert len(readme.encode()) <= 12 * 1024
    for path in re.findall(r"^ {4}((?:docs|bench)/\S+)", readme, re.M):
        assert os.path.exists(os.path.join(SRCDIR, path)), path
    for page in re.findall(r"^ {4}([a-z.-]+)\(([0-9])\)", readme, re.M):
        assert os.path.exists(os.path.join(SRCDIR, "man", "%s.%s" % page)), page
