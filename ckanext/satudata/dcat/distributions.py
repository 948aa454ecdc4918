"""Serialising the distributions of a dataset (the ``satudata`` profile's part of
``graph_from_dataset`` for each resource): EU file type, IANA media type, download URL of an
uploaded file, language, Satu Data resource fields, position and licence.

A mixin of :class:`ckanext.satudata.dcat.profile.SatudataProfile`; docs/dcat.md says why the
media type and the distribution licence are written as they are.
"""

from __future__ import annotations

from ckanext.dcat.profiles import DCAT, DCT
from ckanext.dcat.profiles.base import SCHEMA
from ckanext.dcat.utils import resource_uri
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ckanext.satudata.dcat import media_types, vocab
from ckanext.satudata.dcat.fields import clean_text
from ckanext.satudata.dcat.vocab import SDI


class DistributionMixin:
    def _graph_resource(
        self,
        resource: dict,
        position: int,
        licence: URIRef | None,
        license_id: str = "",
        full: bool = True,
    ) -> None:
        """``full``: with the Satu Data resource fields and the position (a catalog page's
        summary leaves them to the dataset's own RDF)."""
        g = self.g
        distribution = URIRef(resource_uri(resource))
        if full:
            g.add((distribution, SCHEMA.position, Literal(position)))
        fmt = clean_text(resource.get("format"))
        uri = vocab.eu_uri("format", fmt) if fmt else None
        if uri:
            g.remove((distribution, DCT["format"], None))
            g.add((distribution, DCT["format"], URIRef(uri)))
            if not self._described(URIRef(uri)):
                g.add((URIRef(uri), RDF.type, DCT.MediaTypeOrExtent))
        # dcat:mediaType: the IANA URI (stock writes CKAN's mimetype "text/csv" as a literal).
        g.remove((distribution, DCAT.mediaType, None))
        media_type = media_types.media_type_uri(resource.get("mimetype"), fmt)
        if media_type:
            g.add((distribution, DCAT.mediaType, URIRef(media_type)))
            if not self._described(URIRef(media_type)):
                g.add((URIRef(media_type), RDF.type, DCT.MediaType))
        # An uploaded file is served by the portal itself: its URL downloads it.
        url = clean_text(resource.get("url"))
        if (
            resource.get("url_type") == "upload"
            and url.startswith(("http://", "https://"))
            and (distribution, DCAT.downloadURL, None) not in g
        ):
            g.add((distribution, DCAT.downloadURL, URIRef(url)))
        language = clean_text(resource.get("language"))
        if language and vocab.eu_uri("language", language):
            g.remove((distribution, DCT.language, None))
            self._eu(distribution, DCT.language, "language", language, DCT.LinguisticSystem)
        for key, predicate in (
            (("data_period", SDI.dataPeriod), ("columns_description", SDI.columnsDescription))
            if full
            else ()
        ):
            if clean_text(resource.get(key)):
                g.add((distribution, predicate, Literal(clean_text(resource[key]))))
        for predicate in (DCAT.accessURL, DCAT.downloadURL):
            for url in g.objects(distribution, predicate):
                g.add((url, RDF.type, RDFS.Resource))
        if licence is not None and (distribution, DCT.license, None) not in g:
            g.add((distribution, DCT.license, self._distribution_license(licence, license_id)))

    def _distribution_license(self, licence: URIRef, license_id: str) -> URIRef:
        """The licence of a distribution as CKAN's default register names it (a stock
        harvester maps only that url to its own licence id); else the dataset's licence."""
        url = vocab.stock_license_uri(license_id)
        if not url:
            return licence
        ref = URIRef(url)
        if not self._described(ref):
            self.g.add((ref, RDF.type, DCT.LicenseDocument))
            for title in self.g.objects(licence, DCT.title):
                self.g.add((ref, DCT.title, title))
        return ref
