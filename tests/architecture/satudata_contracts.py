"""An import-linter contract type of this project: capabilities meet only through ``api``.

import-linter's own types cover the floors (``layers``) and the pure cores (``forbidden``); this
one adds the seam rule of docs/architecture.md: a module of capability X that imports a module of
another capability Y imports exactly ``ckanext.satudata.Y.api``. The wiring modules (plugin.py,
cli.py) stand above the seams and import each capability's ``wiring``.
"""

from __future__ import annotations

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

ROOT = "ckanext.satudata"


class ApiOnlyContract(Contract):
    capabilities = fields.ListField(subfield=fields.StringField())
    wiring_modules = fields.ListField(subfield=fields.StringField())

    def _capability(self, module: str) -> str | None:
        parts = module.split(".")
        if parts[:2] == ROOT.split(".") and len(parts) > 2 and parts[2] in self.capabilities:
            return parts[2]
        return None

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        broken = []
        wiring = set(self.wiring_modules)
        for importer in sorted(graph.modules):
            source = self._capability(importer)
            if source is None and importer not in wiring:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = self._capability(imported)
                if target is None or target == source:
                    continue
                allowed = {f"{ROOT}.{target}.api"}
                if importer in wiring:
                    allowed.add(f"{ROOT}.{target}.wiring")
                if imported not in allowed:
                    lines = [
                        d["line_number"]
                        for d in graph.get_import_details(importer=importer, imported=imported)
                    ]
                    broken.append((importer, imported, lines))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["broken"]:
            where = ", ".join(f"l.{n}" for n in lines)
            output.print_error(
                f"{importer} -> {imported} ({where}): go through "
                f"{ROOT}.{imported.split('.')[2]}.api",
                bold=False,
            )
            output.new_line()


class AcyclicContract(Contract):
    """No import circle among the modules of the package, lazy (function-level) imports
    included: a circle means two modules are one idea, or one of them holds two."""

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        modules = sorted(m for m in graph.modules if m.startswith(ROOT + "."))
        edges = {
            m: sorted(
                i for i in graph.find_modules_directly_imported_by(m) if i.startswith(ROOT + ".")
            )
            for m in modules
        }
        circles = _strongly_connected(modules, edges)
        return ContractCheck(kept=not circles, metadata={"circles": circles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for circle in check.metadata["circles"]:
            output.print_error("import circle: " + " <-> ".join(circle), bold=False)
            output.new_line()


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, pos = work.pop()
            if pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges.get(node, [])
            if pos < len(children):
                work.append((node, pos + 1))
                child = children[pos]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)
