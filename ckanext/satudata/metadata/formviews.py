"""``/dataset/new`` for the dataset form in pages.

With ``ckanext.dcat.enable_content_negotiation`` ckanext-dcat registers CKAN's plain
``CreateView`` at ``/dataset/new`` (so that its ``/dataset/<id>`` rule does not catch "new"),
ahead of the dataset blueprint: it shadows ckanext-scheming's paged create view, and page 1
would go straight to the resource stage, skipping pages 2-4. This rule is registered before
dcat's (satudata is the first plugin in ``ckan.plugins``) and hands the request to the create
view the dataset blueprint has: scheming's when the schema has pages, CKAN's otherwise.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

bp = Blueprint("satudata_form_pages", __name__)


def new(package_type: str = "dataset") -> Any:
    views = current_app.view_functions
    view = views.get("dataset.scheming_new") or views["dataset.new"]
    return view(package_type="dataset")


bp.add_url_rule("/dataset/new", view_func=new, methods=["GET", "POST"])
