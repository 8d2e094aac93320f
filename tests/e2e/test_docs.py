"""The documentation keeps up with the code: every configuration key is in
the README and smartbank.conf(5), every route in the README and
smartbank-api(7)."""

import os
import re

from stack import SRCDIR


def read(*parts):
    with open(os.path.join(SRCDIR, *parts), encoding="utf-8") as f:
        return f.read()


def test_every_configuration_key_is_documented():
    keys = re.findall(r'\.name = "(SMARTBANK_[A-Z_]+)"', read("src", "base", "conf.c"))
    assert len(keys) > 10
    readme, conf, man = read("README"), read("man", "smartbank.conf.5"), read("man", "smartbankd.8")
    for key in keys:
        assert key in readme, key
        assert f".It Ev {key}" in conf, key
        assert key in man, key


def test_every_route_is_documented():
    routes = re.findall(r'\.method = "(GET|POST|PUT|DELETE)", \.pattern = "(/[^"]*)"',
                        read("src", "server", "routes.c"))
    assert len(routes) >= 6
    readme, man = read("README"), read("man", "smartbank-api.7")
    for method, path in routes:
        pattern = re.compile(method + r"\s+" + re.escape(path) + r"(\s|$)", re.M)
        assert pattern.search(readme), (method, path)
        assert pattern.search(man), (method, path)
