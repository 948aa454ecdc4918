"""DCAT capability (floor 4): the ``satudata`` RDF profile on ckanext-dcat and the feeds.

Pure module: ``vocab`` (namespaces, concept-scheme URIs, EU authority-table mappings).
CKAN shell: ``profile`` (``SatudataProfile``, entry point ``ckan.rdf.profiles: satudata``),
``quality`` (assessment result as W3C DQV), ``views`` (per-agency feed
``/organization/<name>/catalog.<format>``), ``wiring``.
"""
