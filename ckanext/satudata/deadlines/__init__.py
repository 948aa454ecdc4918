"""Deadlines capability (floor 2): submission periods, the agreed data list
(daftar data) per agency, the submission lifecycle, the frozen cutoff picture,
reminders and periodic-dataset due dates.

Pure modules (no ``ckan`` import, unit-tested without services):
``deadlines.core`` (``calendar``, ``lifecycle``, ``frequency``, ``reminders``,
``importer``, ``summary``, ``item_mail``).

CKAN shell: ``model``, ``actions`` and ``auth``, ``clock`` (the portal's zone and now),
``agency_lookup`` (agencies as the deadlines see them), ``periods``, ``agreed_items`` (the items
and their lifecycle), ``figures`` (delivery and the cutoff picture), ``periodic`` (periodic
datasets), ``reminders`` and ``reminder_records``, ``item_mail`` (the walidata's decisions mailed
to the agency), ``org_merge`` (rows follow a merged agency), ``api`` (what other capabilities
read), ``views``, ``cli``, ``demo``, ``wiring``.
"""
