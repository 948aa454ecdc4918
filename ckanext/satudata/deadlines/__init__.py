"""Deadlines capability (floor 2): submission periods, the agreed data list
(daftar data) per agency, the submission lifecycle, the frozen cutoff picture,
reminders and periodic-dataset due dates.

Pure modules (no ``ckan`` import, unit-tested without services):
``deadlines.core`` (``calendar``, ``lifecycle``, ``frequency``, ``reminders``,
``importer``, ``summary``, ``item_mail``).

CKAN shell: ``model``, ``logic`` (actions and auth), ``service`` (database
work shared by actions, views, jobs and the CLI), ``api`` (read functions for
the assessment capability), ``agreed_items`` (the items and their lifecycle),
``reminders`` (reminder mails), ``item_mail`` (the walidata's decisions mailed to the
agency), ``views``, ``cli``, ``demo``, ``wiring``.
"""
