"""Pure core of the assessment capability: imports nothing from ``ckan``."""
