"""The capabilities of the extension, bottom floor first, and the hooks each one offers.

A capability offers hooks by defining functions in ``ckanext/satudata/<name>/wiring.py``
(see docs/architecture.md). This module only finds them; it knows nothing of what they do.
"""
from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any, Callable, Iterator

CAPABILITIES = ("metadata", "agencies", "deadlines", "assessment", "dcat")
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def wirings() -> Iterator[ModuleType]:
    """The ``wiring`` module of every capability that has one, bottom floor first."""
    for name in CAPABILITIES:
        if not os.path.exists(os.path.join(PACKAGE_DIR, name, "wiring.py")):
            continue
        yield importlib.import_module(f"ckanext.satudata.{name}.wiring")


def hooks(hook_name: str) -> Iterator[Callable[..., Any]]:
    """Every capability's function called ``hook_name``, bottom floor first."""
    for module in wirings():
        hook = getattr(module, hook_name, None)
        if hook is not None:
            yield hook


def merged(hook_name: str) -> dict[str, Any]:
    """The union of the dicts returned by every ``hook_name()``; a name defined twice is a bug."""
    result: dict[str, Any] = {}
    for hook in hooks(hook_name):
        for key, value in hook().items():
            if key in result:
                raise ValueError(f"{hook_name}: '{key}' is defined by two capabilities")
            result[key] = value
    return result


def config_declarations() -> Iterator[str]:
    """Paths of the config declaration files: the extension's own, then each capability's."""
    candidates = [os.path.join(PACKAGE_DIR, "config_declaration.yaml")]
    candidates += [os.path.join(PACKAGE_DIR, name, "config_declaration.yaml") for name in CAPABILITIES]
    return (path for path in candidates if os.path.exists(path))
