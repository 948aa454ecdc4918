"""Agencies capability (floor 1): the register of perangkat daerah and kecamatan,
synced into CKAN organizations, and the walidata role.

Pure modules (no ``ckan`` imports): ``core/`` (registry, plan, status).
CKAN shell: ``sync``, ``merge``, ``auth``, ``labels``, ``actions``, ``views``,
``cli``, ``demo``, ``wiring``.
"""
