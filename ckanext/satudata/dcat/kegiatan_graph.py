"""The dataset's statistical activity (MS-Keg) as ``prov:wasGeneratedBy [ a prov:Activity ]``,
written from and read back into ``kegiatan_record`` (a mixin of the satudata profile).

The activity node belongs to the dataset (its own URI), carrying the dataset's collection method
(``dct:type``) and a copy of every MS-Keg item of the linked Kegiatan Statistik record, with
``rdfs:seeAlso`` the record's page. Parsing gives the items back as ``kegiatan_record`` (and the
record's id when the page is on this portal); the dataset's ``kegiatan`` link itself is local to
the portal and is not set from a feed (a harvesting portal has its own kegiatan records).
"""

from __future__ import annotations

import json
from typing import Any

from ckanext.dcat.profiles import DCT
from ckanext.dcat.utils import catalog_uri
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ckanext.satudata.dcat.fields import clean_text, year_of
from ckanext.satudata.dcat.vocab import PROV, SDI
from ckanext.satudata.metadata import api as metadata_api

#: items with a DCAT/PROV property of their own; the others are ``sdi:kegiatan<Name>``
SPECIAL = ("title", "activity_code", "year", "recommendation_id", "owner_org", "name", "id")


def predicate(field: str):
    return SDI["kegiatan" + "".join(part.capitalize() for part in field.split("_"))]


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


class KegiatanGraphMixin:
    def _kegiatan_record(self, d: dict) -> dict:
        """The MS-Keg items to write: ``kegiatan_record`` when the dict carries it (a parsed
        feed), else those of the linked kegiatan as the current user may see them."""
        if isinstance(d.get("kegiatan_record"), dict):
            return d["kegiatan_record"]
        if not clean_text(d.get("kegiatan")):
            return {}
        return metadata_api.ms_keg_items(d, context={})

    def _graph_activity(self, d: dict, dataset_ref) -> None:
        record = self._kegiatan_record(d)
        method = clean_text(d.get("collection_method"))
        if not record and not method:
            return
        g = self.g
        activity = self._node(dataset_ref, "kegiatan")
        g.add((activity, RDF.type, PROV.Activity))
        g.add((dataset_ref, PROV.wasGeneratedBy, activity))
        if method:
            g.add((activity, DCT.type, self._code_concept("collection_method", method)))
        org = self._organization(d)
        if org:
            ref = URIRef(f"{catalog_uri().rstrip('/')}/organization/{org['id']}")
            g.add((activity, PROV.wasAssociatedWith, ref))
        if record:
            self._graph_kegiatan_items(activity, record)

    def _graph_kegiatan_items(self, activity, record: dict) -> None:
        g = self.g
        if clean_text(record.get("id")):
            page = f"{catalog_uri().rstrip('/')}/kegiatan/{clean_text(record['id'])}"
            g.add((activity, RDFS.seeAlso, URIRef(page)))
        if clean_text(record.get("title")):
            g.add((activity, RDFS.label, Literal(clean_text(record["title"]), lang="id")))
        if clean_text(record.get("activity_code")):
            g.add((activity, DCT.identifier, Literal(clean_text(record["activity_code"]))))
        year = year_of(record.get("year"))
        if year:
            g.add((activity, DCT.date, Literal(f"{year:04d}", datatype=XSD.gYear)))
        self._add_identifier(activity, "recommendation_id", record.get("recommendation_id"))
        for field, kind in metadata_api.kegiatan_rules.field_kinds().items():
            value = record.get(field)
            if field in SPECIAL or not _filled(value):
                continue
            if kind == "codes":
                for code in value if isinstance(value, list) else [value]:
                    g.add((activity, predicate(field), Literal(clean_text(code))))
            elif kind == "rows":
                g.add((activity, predicate(field), Literal(json.dumps(value, sort_keys=True))))
            elif kind == "int":
                g.add((activity, predicate(field), Literal(int(value))))
            elif kind == "date":
                g.add((activity, predicate(field), Literal(str(value)[:10], datatype=XSD.date)))
            elif clean_text(value):
                g.add((activity, predicate(field), Literal(clean_text(value))))

    def _parse_activity(self, d: dict, dataset_ref) -> None:
        d["collection_method"] = ""
        d["kegiatan_record"] = {}
        for activity in self.g.objects(dataset_ref, PROV.wasGeneratedBy):
            methods = self._codes_in(activity, DCT.type, "collection_method")
            d["collection_method"] = methods[0] if methods else ""
            d["kegiatan_record"] = self._parse_kegiatan_items(activity)
            break

    def _parse_kegiatan_items(self, activity) -> dict:
        g = self.g
        record: dict[str, Any] = {}
        prefix = catalog_uri().rstrip("/") + "/kegiatan/"
        for page in g.objects(activity, RDFS.seeAlso):
            if str(page).startswith(prefix):
                record["id"] = str(page)[len(prefix) :]
        titles = self._texts_by_lang(activity, RDFS.label)
        record["title"] = titles.get("id", titles.get("", ""))
        record["activity_code"] = self._object_value(activity, DCT.identifier)
        record["year"] = year_of(self._object_value(activity, DCT.date))
        record["recommendation_id"] = self._identifiers(activity).get("recommendation_id", "")
        for field, kind in metadata_api.kegiatan_rules.field_kinds().items():
            if field in SPECIAL:
                continue
            values = [str(v) for v in g.objects(activity, predicate(field))]
            if not values:
                continue
            if kind == "codes":
                record[field] = sorted(values)
            elif kind == "rows":
                try:
                    record[field] = json.loads(values[0])
                except ValueError:
                    continue
            elif kind == "int":
                record[field] = int(values[0]) if values[0].lstrip("-").isdigit() else None
            else:
                record[field] = values[0]
        return {k: v for k, v in record.items() if _filled(v)}
