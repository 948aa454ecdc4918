"""rdflib's Turtle serializer for the ``satudata`` catalog pages, remembering each term's
prefixed name (rdflib only).

rdflib 7's ``TurtleSerializer.get_pname`` works out the prefixed name of a URI at every
occurrence (once per term of every triple to collect the prefixes, again to write it): about
31,000 calls on a catalog page of 100 datasets for a few thousand distinct URIs, half of the
serialisation. :class:`PageTurtleSerializer` keeps the names it found for the run, and, on a
graph with :class:`.qnames.PageNamespaces`, that a URI has none until the next prefix is bound
(a new prefix could give it one), so the output is exactly rdflib's. Registered as the rdflib format :data:`FORMAT`;
the catalog action and the agency feed ask for it on pages with the ``satudata`` profile.
"""

from __future__ import annotations

from rdflib import URIRef, plugin
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer

FORMAT = "satudata-turtle"


class PageTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serializer whose ``get_pname`` answers a URI it shortened before from
    memory (see the module docstring)."""

    def reset(self) -> None:
        super().reset()
        self._pnames: dict = {}
        self._no_pname: dict = {}
        self._namespaces = self.store.namespace_manager

    def get_pname(self, uri, gen_prefix: bool = True):
        if not isinstance(uri, URIRef):
            return None  # as rdflib's, without hashing every literal
        key = (uri, gen_prefix)
        known = self._pnames.get(key)
        if known is not None:
            return known
        # with qnames.PageNamespaces, a URI without a name keeps none until the next bind
        generation = getattr(self._namespaces, "generation", None)
        if generation is not None and self._no_pname.get(key) == generation:
            return None
        pname = super().get_pname(uri, gen_prefix)
        if pname is not None:
            self._pnames[key] = pname
        elif generation is not None:
            self._no_pname[key] = getattr(self._namespaces, "generation", None)
        return pname


plugin.register(FORMAT, Serializer, __name__, "PageTurtleSerializer")
