"""DCAT capability (floor 4): the ``satudata`` RDF profile on ckanext-dcat and the feeds.

Pure modules: ``vocab`` (namespaces, concept-scheme URIs, EU authority-table mappings),
``paging`` (URL-encoded Hydra paging links).
CKAN shell: ``profile`` (``SatudataProfile``, entry point ``ckan.rdf.profiles: satudata``),
``quality`` (assessment result as W3C DQV), ``views`` (per-agency feed
``/organization/<name>/catalog.<format>``), ``actions`` (ckanext-dcat's ``dcat_catalog_show`` /
``dcat_catalog_search`` chained: encoded paging links, a Solr parse error as a field error),
``wiring``.
"""
