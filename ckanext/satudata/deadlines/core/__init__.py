"""Pure core of the deadlines capability: imports nothing from ``ckan``."""
