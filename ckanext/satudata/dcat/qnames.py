"""rdflib's namespace manager with a memory of the URIs it cannot shorten (rdflib only).

rdflib 7's Turtle serializer asks the graph for the prefixed name of every URI of every triple,
twice (once to collect the prefixes, once to write), and for subjects and objects it asks with
``generate=False``: a URI whose namespace has no prefix (``<dataset>#kontak``, a distribution,
an EU authority code, a concept) raises ``KeyError``. ``NamespaceManager.compute_qname`` caches
only its answers, not its refusals, so each occurrence of such a URI runs ``split_uri`` (a
Unicode category per character) and the namespace trie again: on a catalog page of 100
datasets about 10,000 refused look-ups, a third of the serialisation. :class:`PageNamespaces`
remembers the refusals until the next ``bind`` (a new prefix can make a refused URI
shortenable), so the output is the same, only cheaper.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import NamespaceManager


class PageNamespaces(NamespaceManager):
    """A :class:`NamespaceManager` whose ``compute_qname(uri, generate=False)`` refuses a URI it
    refused before without looking again (see the module docstring); its answers are kept in
    front of the base class's cache, which sits behind two more calls."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph, bind_namespaces="none")
        self._known: dict[str, tuple] = {}
        self._refused: dict[str, tuple[type[Exception], tuple]] = {}
        # counts the binds: what was refused under one generation stays refused in it
        self.generation = 0

    def compute_qname(self, uri: str, generate: bool = True):
        known = self._known.get(uri)
        if known is not None:
            return known
        if not generate:
            refused = self._refused.get(uri)
            if refused is not None:
                # a new exception each time: raising one object again grows its traceback
                raise refused[0](*refused[1])
        try:
            known = self._known[uri] = super().compute_qname(uri, generate)
            return known
        except (KeyError, ValueError) as error:
            if not generate:
                self._refused[uri] = (type(error), error.args)
            raise

    def bind(self, prefix, namespace, override: bool = True, replace: bool = False) -> None:
        self._known, self._refused = {}, {}
        self.generation += 1
        super().bind(prefix, namespace, override=override, replace=replace)


def remember_refusals(graph: Graph) -> None:
    """Give ``graph`` a :class:`PageNamespaces` with the prefixes it has now (once)."""
    if isinstance(graph.namespace_manager, PageNamespaces):
        return
    bound = list(graph.namespace_manager.namespaces())
    manager = PageNamespaces(graph)
    for prefix, namespace in bound:
        # already in the store: this only fills the new manager's namespace trie
        manager.bind(prefix, namespace, override=True)
    graph.namespace_manager = manager
