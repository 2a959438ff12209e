"""load/domains.py and load/config_rules.py: Heroku's rules, checked where input is read."""

from __future__ import annotations

import pytest

from herokube.errors import UserError
from herokube.load.config_rules import (
    CONFIG_VARS_MAX_BYTES,
    check_config_size,
    check_config_var_name,
)
from herokube.load.domains import kubernetes_hostname
from herokube.model import Notice


@pytest.mark.parametrize("name", ["DATABASE_URL", "_PRIVATE", "a", "Web_Concurrency2", "A__B"])
def test_heroku_accepts_these_names(name: str) -> None:
    check_config_var_name(name, source="f", field="k")


@pytest.mark.parametrize("name", ["1X", "__X", "A-B", "A B", "ÄRGER", "", "A:\n- b", "A.B"])
def test_heroku_refuses_these_names(name: str) -> None:
    with pytest.raises(UserError, match="not a Heroku config var name"):
        check_config_var_name(name, source="export.json", field="config_vars[0].name")


def test_config_size_counts_names_and_values_in_bytes() -> None:
    value = "é" * ((CONFIG_VARS_MAX_BYTES - 1) // 2)  # two bytes each in UTF-8
    check_config_size([("A", value)], source="f", field="env")
    with pytest.raises(UserError, match="64 KB"):
        check_config_size([("A", value), ("B", "xy")], source="f", field="env")


def _host(name: str) -> tuple[str, list[Notice]]:
    notices: list[Notice] = []
    return kubernetes_hostname(name, source="f", field="d", notices=notices), notices


def test_plain_host_is_lower_cased_without_a_trailing_dot() -> None:
    assert _host("WWW.Example.COM.") == ("www.example.com", [])


def test_wildcard_kept_with_a_dns01_notice() -> None:
    host, notices = _host("*.example.com")
    assert host == "*.example.com"
    assert [n.code for n in notices] == ["domain-wildcard"]
    assert "DNS-01" in notices[0].message


def test_idn_becomes_punycode_and_names_the_original() -> None:
    host, notices = _host("*.Bücher.example")
    assert host == "*.xn--bcher-kva.example"
    assert "Bücher.example" in notices[0].message


@pytest.mark.parametrize(
    "name", ["exa mple.com", "a..b", "-a.com", "*.*.example.com", "a" * 64 + ".com", "a*.b.com"]
)
def test_not_a_domain_is_refused(name: str) -> None:
    with pytest.raises(UserError):
        _host(name)
