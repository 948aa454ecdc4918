"""Packaging. The scheming YAML lives in the top-level ``schemas/`` folder (where people look for
it) and is installed as the package ``ckanext.satudata.schemas``, so that
``ckanext.satudata.schemas:dataset.yaml`` resolves both in an editable checkout and in a wheel."""
from setuptools import find_namespace_packages, setup

packages = find_namespace_packages(include=["ckanext.satudata", "ckanext.satudata.*"])
packages.append("ckanext.satudata.schemas")

setup(
    packages=packages,
    package_dir={"ckanext.satudata.schemas": "schemas"},
    package_data={
        "ckanext.satudata.schemas": ["*.yaml"],
        "ckanext.satudata": [
            "**/*.yaml", "**/*.csv", "**/*.json", "**/*.html", "**/*.txt",
            "**/*.css", "**/*.js", "**/*.svg", "**/*.po", "**/*.mo", "**/*.pot",
            "**/*.ini", "**/*.mako", "**/*.xlsx",
        ],
    },
)
