"""The one typed description of what a capability plugs into CKAN.

Each capability's ``wiring.py`` builds one frozen :class:`Capability`; ``plugin.py`` imports the
five by name and walks them in floor order. There is no lookup by string: a missing or misspelt
hook is an error at import time (an unknown keyword argument), not a hook that silently never runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Hook = Callable[..., Any]


def _no_blueprints() -> list[Any]:
    return []


@dataclass(frozen=True)
class Capability:
    """What one capability contributes. Every field is optional but ``name``."""

    name: str
    #: Path of the capability's ``config_declaration.yaml`` (IConfigDeclaration).
    config_declaration: Path | None = None
    #: ``update_config(config)`` (IConfigurer), after the templates and public folders are added.
    update_config: Hook | None = None
    #: IActions: the capability's own actions, and the CKAN actions it chains.
    actions: Mapping[str, Hook] = field(default_factory=dict)
    chained_actions: Mapping[str, Hook] = field(default_factory=dict)
    #: IAuthFunctions, IValidators, ITemplateHelpers.
    auth_functions: Mapping[str, Hook] = field(default_factory=dict)
    validators: Mapping[str, Hook] = field(default_factory=dict)
    helpers: Mapping[str, Hook] = field(default_factory=dict)
    #: IBlueprint: a factory, since CKAN builds a new Flask app (and asks again) per app.
    blueprints: Callable[[], Sequence[Any]] = _no_blueprints
    #: IClick: sub-commands of ``ckan satudata``.
    cli_commands: Sequence[Any] = ()
    #: IFacets.
    dataset_facets: Hook | None = None
    organization_facets: Hook | None = None
    #: IPackageController. ``after_dataset_change(context, pkg_dict, created)``.
    before_dataset_index: Hook | None = None
    before_dataset_search: Hook | None = None
    after_dataset_show: Hook | None = None
    after_dataset_change: Hook | None = None
    after_dataset_delete: Hook | None = None
    #: IPermissionLabels: labels added to CKAN's defaults.
    dataset_labels: Hook | None = None
    user_dataset_labels: Hook | None = None
    #: ISignal: {signal: [receiver, ...]}.
    signal_subscriptions: Mapping[Any, Sequence[Hook]] = field(default_factory=dict)
    #: IForkObserver: called in a ``ckan jobs worker`` before it forks for a job.
    before_fork: Hook | None = None
    #: IXloader.can_upload: ``may_load_resource(resource_id) -> bool`` (every capability agrees).
    may_load_resource: Hook | None = None
    #: IMiddleware: ``install(app) -> app`` registers request hooks on the Flask app.
    install_on_app: Hook | None = None
    #: ``ckan satudata demo``: loads this capability's part of the Bekasi demo (idempotent).
    load_demo: Hook | None = None
    #: Template slots of pages owned by lower floors: {slot name: [snippet path, ...]}.
    panels: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Order of ``load_demo`` among the capabilities (data order, not floor order).
    demo_order: int = 0
