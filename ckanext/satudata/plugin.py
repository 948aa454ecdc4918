"""Wires CKAN's plugin interfaces to the capabilities; holds no logic of its own."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import yaml

import ckan.plugins as p
import ckan.plugins.toolkit as tk
# Not in the toolkit: CKAN's default translation mixin (as in ckanext/example_itranslation), and
# its default permission labels, which CKAN drops once a plugin implements IPermissionLabels.
from ckan.lib.plugins import DefaultPermissionLabels, DefaultTranslation

from ckanext.satudata import capabilities

try:  # ckanext-xloader (requirements.txt) loads the previews; without it there is no hook
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # pragma: no cover
    IXloader = None


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
    if IXloader is not None:
        p.implements(IXloader, inherit=True)

    # IConfigurer
    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        for hook in capabilities.hooks("update_config"):
            hook(config)

    # IConfigDeclaration
    def declare_config_options(self, declaration: Any, key: Any) -> None:
        for path in capabilities.config_declarations():
            with open(path, encoding="utf-8") as stream:
                declaration.load_dict(yaml.safe_load(stream))

    # ITranslation: DefaultTranslation finds ckanext/satudata/i18n, domain ckanext-satudata.
    def i18n_domain(self) -> str:
        return "ckanext-satudata"

    # IActions, IAuthFunctions, IValidators, ITemplateHelpers
    def get_actions(self) -> dict[str, Any]:
        # The plugin's own actions, then CKAN's actions it chains (``toolkit.chained_action``).
        return {**capabilities.merged("actions"), **capabilities.merged("chained_actions")}

    def get_auth_functions(self) -> dict[str, Any]:
        return capabilities.merged("auth_functions")

    def get_validators(self) -> dict[str, Any]:
        return capabilities.merged("validators")

    def get_helpers(self) -> dict[str, Any]:
        return capabilities.merged("helpers")

    # IBlueprint
    def get_blueprint(self) -> list[Any]:
        return [bp for hook in capabilities.hooks("blueprints") for bp in hook()]

    # IClick
    def get_commands(self) -> list[Any]:
        from ckanext.satudata.cli import satudata
        return [satudata]

    # IFacets
    def dataset_facets(self, facets_dict: OrderedDict, package_type: str) -> OrderedDict:
        for hook in capabilities.hooks("dataset_facets"):
            facets_dict = hook(facets_dict, package_type)
        return facets_dict

    def organization_facets(self, facets_dict: OrderedDict, organization_type: str,
                            package_type: str) -> OrderedDict:
        for hook in capabilities.hooks("organization_facets"):
            facets_dict = hook(facets_dict, organization_type, package_type)
        return facets_dict

    # IPackageController
    def before_dataset_index(self, data_dict: dict[str, Any]) -> dict[str, Any]:
        for hook in capabilities.hooks("before_dataset_index"):
            data_dict = hook(data_dict)
        return data_dict

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        for hook in capabilities.hooks("before_dataset_search"):
            search_params = hook(search_params)
        return search_params

    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for hook in capabilities.hooks("after_dataset_show"):
            hook(context, pkg_dict)

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for hook in capabilities.hooks("after_dataset_change"):
            hook(context, pkg_dict, True)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for hook in capabilities.hooks("after_dataset_change"):
            hook(context, pkg_dict, False)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        for hook in capabilities.hooks("after_dataset_delete"):
            hook(context, pkg_dict)

    # IPermissionLabels: CKAN's defaults plus what the capabilities add (the walidata).
    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        labels = DefaultPermissionLabels().get_dataset_labels(dataset_obj)
        for hook in capabilities.hooks("get_dataset_labels"):
            labels.extend(label for label in hook(dataset_obj) if label not in labels)
        return labels

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        labels = DefaultPermissionLabels().get_user_dataset_labels(user_obj)
        for hook in capabilities.hooks("get_user_dataset_labels"):
            labels.extend(label for label in hook(user_obj) if label not in labels)
        return labels

    # IXloader: may the DataStore loader fetch this resource? Every capability must agree.
    def can_upload(self, resource_id: str) -> bool:
        return all(hook(resource_id) for hook in capabilities.hooks("xloader_can_upload"))
