"""Where the EPSS bukti dukung files live: ``<ckan.storage_path>/satudata/epss/<worksheet>/<id>``,
outside CKAN's public ``uploads/`` tree, so the only way back to a file is the walidata-only
download view. The key is generated here (a UUID), never taken from the uploaded name."""

from __future__ import annotations

import os
import uuid

import ckan.plugins.toolkit as tk


def root() -> str:
    base = tk.config.get("ckan.storage_path") or ""
    if not base:
        raise RuntimeError("ckan.storage_path is not set")
    return os.path.join(base, "satudata", "epss")


def _path(key: str) -> str:
    ws, name = key.split("/", 1)
    uuid.UUID(ws), uuid.UUID(name)  # a stored key is always two UUIDs
    return os.path.join(root(), ws, name)


def max_bytes() -> int:
    return tk.asint(tk.config.get("ckanext.satudata.assessment.epss_max_upload_mb")) * 1024 * 1024


def save(worksheet_id: str, data: bytes) -> str:
    key = f"{worksheet_id}/{uuid.uuid4()}"
    path = _path(key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return key


def read(key: str) -> bytes:
    with open(_path(key), "rb") as f:
        return f.read()


def remove(key: str) -> None:
    try:
        os.remove(_path(key))
    except FileNotFoundError:
        pass
