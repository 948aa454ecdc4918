"""The CKAN plugin class that walks a tuple of capabilities; holds no logic of its own.

Two plugins are built on it: ``satudata`` (plugin.py: every capability, bottom floor first) and
``satudata_metadata`` (metadata_plugin.py: the metadata capability alone, for a portal that
receives our datasets). Each interface method walks ``capabilities()`` in order; nothing is
looked up by name. Interfaces only the whole portal needs (CLI, permission labels, xloader,
the CSRF middleware) are added by ``satudata`` itself.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import yaml

# Not in the toolkit: CKAN's default translation mixin (as in ckanext/example_itranslation).
from ckan.lib.plugins import DefaultTranslation

from .capability import Capability

PACKAGE = Path(__file__).resolve().parent.parent  # ckanext/satudata


def merged(mappings: Any) -> dict[str, Any]:
    """The union of the capabilities' mappings; a name offered twice is a wiring error."""
    result: dict[str, Any] = {}
    for mapping in mappings:
        for key, value in mapping.items():
            if key in result:
                raise ValueError(f"'{key}' is offered by two capabilities")
            result[key] = value
    return result


class CapabilityPlugin(p.SingletonPlugin, DefaultTranslation):
    """Never loaded itself (no entry point): CKAN's SingletonPlugin keeps one instance per class
    in a class attribute, so the two plugins share this base, not each other."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IValidators)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.ISignal)
    p.implements(p.IForkObserver)
    p.implements(p.IMiddleware, inherit=True)

    def capabilities(self) -> Sequence[Capability]:
        raise NotImplementedError

    def panels(self, slot: str) -> list[str]:
        """Template helper ``h.satudata_panels(slot)``: the snippets the capabilities put into a
        slot of a page that a lower floor owns, bottom floor first."""
        return [snippet for cap in self.capabilities() for snippet in cap.panels.get(slot, ())]

    # IConfigurer (paths are absolute: toolkit resolves relative ones from the caller's file)
    def update_config(self, config: Any) -> None:
        if not self.capabilities():
            return
        tk.add_template_directory(config, str(PACKAGE / "templates"))
        tk.add_resource(str(PACKAGE / "assets"), "ckanext-satudata")
        for cap in self.capabilities():
            if cap.update_config:
                cap.update_config(config)

    # IConfigDeclaration
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        for cap in self.capabilities():
            if cap.config_declaration:
                with open(cap.config_declaration, encoding="utf-8") as stream:
                    declaration.load_dict(yaml.safe_load(stream))

    # ITranslation: DefaultTranslation finds ckanext/satudata/i18n, domain ckanext-satudata.
    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IActions, IAuthFunctions, IValidators, ITemplateHelpers
    def get_actions(self) -> dict[str, Any]:
        caps = self.capabilities()
        return merged([cap.actions for cap in caps] + [cap.chained_actions for cap in caps])

    def get_auth_functions(self) -> dict[str, Any]:
        return merged(cap.auth_functions for cap in self.capabilities())

    def get_validators(self) -> dict[str, Any]:
        return merged(cap.validators for cap in self.capabilities())

    def get_helpers(self) -> dict[str, Any]:
        if not self.capabilities():
            return {}
        return merged(
            [{"satudata_panels": self.panels}] + [cap.helpers for cap in self.capabilities()]
        )

    # IMiddleware
    def make_middleware(self, app: Any, config: Any) -> Any:
        for cap in self.capabilities():
            if cap.install_on_app:
                app = cap.install_on_app(app)
        return app

    # IBlueprint
    def get_blueprint(self) -> list[Any]:
        return [bp for cap in self.capabilities() for bp in cap.blueprints()]

    # IFacets
    def dataset_facets(self, facets_dict: OrderedDict, package_type: str) -> OrderedDict:
        for cap in self.capabilities():
            if cap.dataset_facets:
                facets_dict = cap.dataset_facets(facets_dict, package_type)
        return facets_dict

    def organization_facets(
        self, facets_dict: OrderedDict, organization_type: str, package_type: str
    ) -> OrderedDict:
        for cap in self.capabilities():
            if cap.organization_facets:
                facets_dict = cap.organization_facets(facets_dict, organization_type, package_type)
        return facets_dict

    # IPackageController
    def before_dataset_index(self, data_dict: dict[str, Any]) -> dict[str, Any]:
        for cap in self.capabilities():
            if cap.before_dataset_index:
                data_dict = cap.before_dataset_index(data_dict)
        return data_dict

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        for cap in self.capabilities():
            if cap.before_dataset_search:
                search_params = cap.before_dataset_search(search_params)
        return search_params

    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in self.capabilities():
            if cap.after_dataset_show:
                cap.after_dataset_show(context, pkg_dict)

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in self.capabilities():
            if cap.after_dataset_change:
                cap.after_dataset_change(context, pkg_dict, True)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in self.capabilities():
            if cap.after_dataset_change:
                cap.after_dataset_change(context, pkg_dict, False)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in self.capabilities():
            if cap.after_dataset_delete:
                cap.after_dataset_delete(context, pkg_dict)

    # ISignal
    def get_signal_subscriptions(self) -> dict[Any, list[Any]]:
        subscriptions: dict[Any, list[Any]] = {}
        for cap in self.capabilities():
            for signal, receivers in cap.signal_subscriptions.items():
                subscriptions.setdefault(signal, []).extend(receivers)
        return subscriptions

    # IForkObserver
    def before_fork(self) -> None:
        for cap in self.capabilities():
            if cap.before_fork:
                cap.before_fork()
