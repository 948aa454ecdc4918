"""The scheming YAML of ckanext-satudata (dataset, organization), installed as
``ckanext.satudata.schemas`` so scheming finds it by module path (``module:file.yaml``)."""
