"""Assessment capability (floor 3): every dataset and every agency scored on what it entered.

Pure modules (no ``ckan`` import, unit-tested without services): ``assessment.core``
(``indicators`` — the indicator table and the indicator functions over plain dataset dicts,
``structure`` — frictionless structure checks of CSV/XLSX files, ``scoring`` — weights
configuration, dataset score, bands, EPSS-style levels and the agency aggregate).

CKAN shell: ``model`` (tables), ``inputs`` (builds the plain inputs from CKAN, the code lists,
the schema marks and the deadlines capability), ``jobs`` (RQ jobs, debounced per dataset,
chunked whole-portal runs), ``logic`` (actions and auth), ``views`` (``/walidata/assessment``),
``cli`` (``ckan satudata assess``), ``wiring``.
"""
