"""Version constraints in each ecosystem's dialect, and their resolution against the blueprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from herokube.load.runtime.versions import Declared, parse_constraint, parse_version, resolve


@pytest.mark.parametrize(
    ("text", "dialect", "allowed", "refused"),
    [
        (">= 3.2, < 4.0", "gem", ["3.2.0", "3.4.1"], ["3.1.9", "4.0.0"]),
        ("~> 3.3.0", "gem", ["3.3.6"], ["3.4.0"]),
        ("~> 3.3", "gem", ["3.4.1"], ["4.0.0"]),
        ("^8.1", "composer", ["8.1.0", "8.4.1"], ["8.0.30", "9.0.0"]),
        ("~8.1", "composer", ["8.4.1"], ["9.0.0"]),
        ("~8.1.2", "composer", ["8.1.9"], ["8.2.0"]),
        ("^0.2.3", "npm", ["0.2.9"], ["0.3.0"]),
        ("~1.2", "npm", ["1.2.9"], ["1.3.0"]),
        (
            ">=20.12 <21 || 22 || 24 <24.17.0 || 26 <26.3.1",
            "npm",
            ["20.19.1", "22.14.0", "26.3.0"],
            ["21.0.0", "24.17.0", "26.3.1"],
        ),
        ("18.x", "npm", ["18.20.5"], ["19.0.0"]),
        ("16 - 18", "npm", ["16.0.0", "18.9.0"], ["19.0.0"]),
        ("==3.12.*", "pep440", ["3.12.8"], ["3.13.0"]),
        (">=3.11,<3.14", "pep440", ["3.13.1"], ["3.14.0", "3.10.16"]),
        ("~=3.11", "pep440", ["3.13.0"], ["4.0.0"]),
        ("3.14", "plain", ["3.14.0", "3.14.9"], ["3.13.1"]),
        ("4.0.0", "npm", ["4.0.0"], ["4.0.1"]),
        ("*", "npm", ["1.0.0"], []),
    ],
)
def test_constraint_dialects(
    text: str, dialect: str, allowed: list[str], refused: list[str]
) -> None:
    constraint = parse_constraint(text, dialect)
    for version in allowed:
        assert constraint.allows(parse_version(version)[0]), version  # type: ignore[index]
    for version in refused:
        assert not constraint.allows(parse_version(version)[0]), version  # type: ignore[index]


def test_exact_pin_is_recognised() -> None:
    assert parse_constraint("4.0.6").exact == (4, 0, 6)
    assert parse_constraint("4.0").exact is None
    assert parse_constraint(">=4.0.6").exact is None


def test_unreadable_version_raises() -> None:
    with pytest.raises(ValueError):
        parse_constraint("banana")


def test_range_resolves_to_newest_known_release() -> None:
    resolution = resolve("ruby", [Declared(">= 3.2, < 4.0", "Gemfile ruby", "gem")])
    assert resolution.version == "3.4.1"
    assert resolution.line == "3.4"
    assert resolution.declared is not None and resolution.declared.source == "Gemfile ruby"


def test_exact_version_is_kept_even_when_not_latest() -> None:
    resolution = resolve("python", [Declared("3.12.1", "runtime.txt")])
    assert resolution.version == "3.12.1"
    assert resolution.line == "3.12"


def test_lower_precedence_pin_inside_the_range_wins_over_newest() -> None:
    resolution = resolve(
        "ruby",
        [Declared(">=3.3.0", "Gemfile ruby", "gem"), Declared("3.3.6", ".tool-versions ruby")],
    )
    assert resolution.version == "3.3.6"
    assert not resolution.notices


def test_conflict_between_files_is_a_notice() -> None:
    resolution = resolve(
        "python", [Declared("3.12", ".python-version"), Declared("3.11", ".tool-versions python")]
    )
    assert resolution.version == "3.12.8"
    assert [(n.code, n.source) for n in resolution.notices] == [
        ("runtime-version-conflict", ".tool-versions python")
    ]


def test_eol_notice_uses_the_blueprint_date() -> None:
    resolution = resolve("node", [Declared("4.0.0", "package.json engines.node", "npm")])
    assert resolution.version == "4.0.0"
    assert [n.code for n in resolution.notices] == ["runtime-eol"]
    assert "2018-04-30" in resolution.notices[0].message


def test_supported_version_has_no_eol_notice() -> None:
    assert resolve("node", [Declared("22", ".nvmrc")]).notices == ()


def test_no_declaration_uses_the_default() -> None:
    resolution = resolve("python", [])
    assert resolution.declared is None
    assert resolution.line == "3.13"


def test_hint_never_picks_but_steers_and_is_checked() -> None:
    assert (
        resolve("python", [], hints=[Declared(">=3.9", "pyproject.toml", "pep440")]).line == "3.13"
    )
    assert (
        resolve("python", [], hints=[Declared("<3.12", "pyproject.toml", "pep440")]).line == "3.11"
    )
    conflict = resolve(
        "python",
        [Declared("3.12", ".python-version")],
        hints=[Declared("<3.12", "pyproject.toml", "pep440")],
    )
    assert [n.code for n in conflict.notices] == ["runtime-version-conflict"]


def test_unsatisfiable_range_falls_back_to_default_with_notice() -> None:
    resolution = resolve("go", [Declared(">=9.0", "go.mod go")])
    assert "runtime-version-unresolved" in [n.code for n in resolution.notices]


def test_unknown_line_is_reported() -> None:
    resolution = resolve("ruby", [Declared("3.5.0", ".ruby-version")])
    assert resolution.version == "3.5.0"
    assert "runtime-version-unknown" in [n.code for n in resolution.notices]


def test_nvm_alias_resolves() -> None:
    assert resolve("node", [Declared("lts/iron", ".nvmrc", "npm")]).line == "20"


def test_a_wrong_runtimes_blueprint_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    from herokube.blueprints import runtimes_blueprint
    from herokube.errors import UserError

    source = Path(__file__).resolve().parents[2] / "blueprints" / "runtimes.yaml"
    broken = tmp_path / "runtimes.yaml"
    broken.write_text(source.read_text().replace("    line: major\n", "    line: weekly\n", 1))
    with pytest.raises(UserError) as raised:
        runtimes_blueprint(broken)
    line = raised.value.line()
    assert line.startswith(f"{broken}: languages.node.line: ")
    assert "\n" not in line
