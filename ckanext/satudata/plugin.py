"""Wires CKAN's plugin interfaces to the capabilities; holds no logic of its own.

``CAPABILITIES`` is the whole registry: each capability's ``wiring.CAPABILITY``, bottom floor
first (metadata < agencies < deadlines < assessment < dcat). Every interface method below walks
it in that order; nothing is looked up by name.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import yaml

# Not in the toolkit: CKAN's default translation mixin (as in ckanext/example_itranslation), and
# its default permission labels, which CKAN drops once a plugin implements IPermissionLabels.
from ckan.lib.plugins import DefaultPermissionLabels, DefaultTranslation
from ckanext.xloader.interfaces import IXloader  # the DataStore loader (requirements.txt)

from ckanext.satudata.agencies import wiring as agencies
from ckanext.satudata.assessment import wiring as assessment
from ckanext.satudata.common import csrf
from ckanext.satudata.common.capability import Capability
from ckanext.satudata.dcat import wiring as dcat
from ckanext.satudata.deadlines import wiring as deadlines
from ckanext.satudata.metadata import wiring as metadata

CAPABILITIES: tuple[Capability, ...] = (
    metadata.CAPABILITY,
    agencies.CAPABILITY,
    deadlines.CAPABILITY,
    assessment.CAPABILITY,
    dcat.CAPABILITY,
)


def merged(mappings: Any) -> dict[str, Any]:
    """The union of the capabilities' mappings; a name offered twice is a wiring error."""
    result: dict[str, Any] = {}
    for mapping in mappings:
        for key, value in mapping.items():
            if key in result:
                raise ValueError(f"'{key}' is offered by two capabilities")
            result[key] = value
    return result


def panels(slot: str) -> list[str]:
    """Template helper ``h.satudata_panels(slot)``: the snippets the capabilities put into a
    slot of a page that a lower floor owns, bottom floor first."""
    return [snippet for cap in CAPABILITIES for snippet in cap.panels.get(slot, ())]


class SatudataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.ITranslation)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IValidators)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)
    p.implements(p.IClick)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPermissionLabels)
    p.implements(p.ISignal)
    p.implements(p.IForkObserver)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(IXloader, inherit=True)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "ckanext-satudata")
        for cap in CAPABILITIES:
            if cap.update_config:
                cap.update_config(config)

    # IConfigDeclaration
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        for cap in CAPABILITIES:
            if cap.config_declaration:
                with open(cap.config_declaration, encoding="utf-8") as stream:
                    declaration.load_dict(yaml.safe_load(stream))

    # ITranslation: DefaultTranslation finds ckanext/satudata/i18n, domain ckanext-satudata.
    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IActions, IAuthFunctions, IValidators, ITemplateHelpers
    def get_actions(self) -> dict[str, Any]:
        return merged(
            [cap.actions for cap in CAPABILITIES] + [cap.chained_actions for cap in CAPABILITIES]
        )

    def get_auth_functions(self) -> dict[str, Any]:
        return merged(cap.auth_functions for cap in CAPABILITIES)

    def get_validators(self) -> dict[str, Any]:
        return merged(cap.validators for cap in CAPABILITIES)

    def get_helpers(self) -> dict[str, Any]:
        return merged([{"satudata_panels": panels}] + [cap.helpers for cap in CAPABILITIES])

    # IMiddleware: one CSRF check of every cookie-authenticated write (common/csrf.py)
    def make_middleware(self, app: Any, config: Any) -> Any:
        app = csrf.install(app)
        for cap in CAPABILITIES:
            if cap.install_on_app:
                app = cap.install_on_app(app)
        return app

    # IBlueprint
    def get_blueprint(self) -> list[Any]:
        return [bp for cap in CAPABILITIES for bp in cap.blueprints()]

    # IClick
    def get_commands(self) -> list[Any]:
        from ckanext.satudata.cli import satudata_group

        return [satudata_group(CAPABILITIES)]

    # IFacets
    def dataset_facets(self, facets_dict: OrderedDict, package_type: str) -> OrderedDict:
        for cap in CAPABILITIES:
            if cap.dataset_facets:
                facets_dict = cap.dataset_facets(facets_dict, package_type)
        return facets_dict

    def organization_facets(
        self, facets_dict: OrderedDict, organization_type: str, package_type: str
    ) -> OrderedDict:
        for cap in CAPABILITIES:
            if cap.organization_facets:
                facets_dict = cap.organization_facets(facets_dict, organization_type, package_type)
        return facets_dict

    # IPackageController
    def before_dataset_index(self, data_dict: dict[str, Any]) -> dict[str, Any]:
        for cap in CAPABILITIES:
            if cap.before_dataset_index:
                data_dict = cap.before_dataset_index(data_dict)
        return data_dict

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        for cap in CAPABILITIES:
            if cap.before_dataset_search:
                search_params = cap.before_dataset_search(search_params)
        return search_params

    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in CAPABILITIES:
            if cap.after_dataset_show:
                cap.after_dataset_show(context, pkg_dict)

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in CAPABILITIES:
            if cap.after_dataset_change:
                cap.after_dataset_change(context, pkg_dict, True)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in CAPABILITIES:
            if cap.after_dataset_change:
                cap.after_dataset_change(context, pkg_dict, False)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for cap in CAPABILITIES:
            if cap.after_dataset_delete:
                cap.after_dataset_delete(context, pkg_dict)

    # IPermissionLabels: CKAN's defaults plus what the capabilities add (the walidata).
    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        labels = DefaultPermissionLabels().get_dataset_labels(dataset_obj)
        for cap in CAPABILITIES:
            if cap.dataset_labels:
                labels.extend(x for x in cap.dataset_labels(dataset_obj) if x not in labels)
        return labels

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        labels = DefaultPermissionLabels().get_user_dataset_labels(user_obj)
        for cap in CAPABILITIES:
            if cap.user_dataset_labels:
                labels.extend(x for x in cap.user_dataset_labels(user_obj) if x not in labels)
        return labels

    # ISignal
    def get_signal_subscriptions(self) -> dict[Any, list[Any]]:
        subscriptions: dict[Any, list[Any]] = {}
        for cap in CAPABILITIES:
            for signal, receivers in cap.signal_subscriptions.items():
                subscriptions.setdefault(signal, []).extend(receivers)
        return subscriptions

    # IForkObserver
    def before_fork(self) -> None:
        for cap in CAPABILITIES:
            if cap.before_fork:
                cap.before_fork()

    # IXloader: may the DataStore loader fetch this resource? Every capability must agree.
    def can_upload(self, resource_id: str) -> bool:
        return all(
            cap.may_load_resource(resource_id) for cap in CAPABILITIES if cap.may_load_resource
        )
