"""ckanext-satudata: a regency-level Satu Data Indonesia portal on CKAN 2.12.

Capabilities, bottom floor first (see docs/architecture.md): ``metadata``, ``agencies``,
``deadlines``, ``assessment``, ``dcat``. ``plugin.py`` wires them into CKAN.
"""
