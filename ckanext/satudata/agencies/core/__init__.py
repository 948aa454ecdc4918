"""Pure core of the agencies capability (no ``ckan`` imports): register parsing and
validation (:mod:`.registry`), sync planning (:mod:`.plan`), agency status and
directory helpers (:mod:`.status`)."""
