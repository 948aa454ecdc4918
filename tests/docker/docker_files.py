"""Readers for the Docker deployment files (docker/), shared by tests/docker.

No Docker engine runs here, so these tests read the files the way Docker Compose would: the YAML
(PyYAML; the `<<` merge keys are resolved by its safe loader), then the `${VAR...}` interpolation
with the values of docker/.env.example, which is what an operator gets after
`cp docker/.env.example docker/.env`.

The tests need no service and no CKAN app; they run in the main suite (`--ckan-ini=test.ini`)
and alone with `.venv/bin/pytest -p no:ckan tests/docker` (CKAN's pytest plugin loads the
ini at session start; `-p no:ckan` skips that).
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCKER = os.path.join(ROOT, "docker")


class MissingVariable(LookupError):
    """A `${VAR:?message}` whose variable is unset or empty: Compose refuses to start."""


_REFERENCE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """Compose's variable interpolation: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e},
    ${VAR?e}, ${VAR:+r}, ${VAR+r}. An unset plain reference becomes '' (Compose warns)."""

    def substitute(match: re.Match) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("bare")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        if op == ":-":
            return value if value else arg
        if op == "-":
            return value if value is not None else arg
        if op in (":?", "?"):
            if value is None or (op == ":?" and value == ""):
                raise MissingVariable(f"{name}: {arg}")
            return value
        if op == ":+":
            return arg if value else ""
        if op == "+":
            return arg if value is not None else ""
        return value or ""

    return _REFERENCE.sub(substitute, text)


def referenced_variables(text: str) -> set[str]:
    return {
        m.group("braced") or m.group("bare")
        for m in _REFERENCE.finditer(text)
        if not m.group("escaped")
    }


def resolve(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [resolve(item, env) for item in node]
    if isinstance(node, dict):
        return {key: resolve(value, env) for key, value in node.items()}
    return node


def read_dotenv(path: str) -> dict[str, str]:
    """The subset of the .env syntax that docker/.env.example uses: KEY=VALUE lines, comments,
    values optionally in single or double quotes."""
    values: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            assert sep, f"{path}:{number}: not KEY=VALUE: {raw!r}"
            key, value = key.strip(), value.strip()
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key), f"{path}:{number}: bad key {key!r}"
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            else:
                value = value.split(" #", 1)[0].rstrip()
            values[key] = value
    return values


def read_ini_section(path: str, section: str = "app:main") -> dict[str, str]:
    parser = configparser.RawConfigParser(strict=True)
    parser.optionxform = str  # keep SECRET_KEY's case
    with open(path, encoding="utf-8") as f:
        parser.read_file(f)
    return dict(parser.items(section)) if parser.has_section(section) else {}


def dockerfile_instructions(path: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if pending and line.lstrip().startswith("#"):
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            full = (pending + line).strip()
            pending = ""
            word, _, rest = full.partition(" ")
            instructions.append((word.upper(), rest.strip()))
    assert not pending, f"{path} ends inside a continued line"
    return instructions
