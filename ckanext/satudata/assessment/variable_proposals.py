"""Action ``satudata_variables_from_file``: the variables of the dataset form proposed from the
header of a CSV/XLSX file the editor picks on the form's variables page.

Assessment, not metadata, serves it: the table reader (frictionless, bounded by
``core.filelimits``) lives here, and metadata, the lowest floor, cannot import it. The form only
names the action (slot ``dataset_form_variables``). The file is an upload of the request, never
stored: copied to a temporary file up to ``ckanext.satudata.assessment.propose_max_mb``, read for
its first rows within the read limits of every assessment, and deleted. Whatever is wrong with
it is a field error on ``upload``, never a 500.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from typing import Any

import ckan.plugins.toolkit as tk

from . import settings
from .core import table_reading, variable_proposals
from .core.filelimits import TooLarge

log = logging.getLogger(__name__)
FORMATS = ("csv", "xlsx")
ROWS = 60  # a few title rows above the header, then the sample of variable_proposals
CHUNK = 64 * 1024


def max_bytes() -> int:
    return int(float(settings._cfg("propose_max_mb", 20)) * 1024 * 1024)


def _refuse(message: str) -> tk.ValidationError:
    return tk.ValidationError({"upload": [message]})


def _copy(upload: Any, path: str, limit: int) -> None:
    stream = getattr(upload, "stream", None) or upload
    written = 0
    with open(path, "wb") as out:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return
            written += len(chunk)
            if written > limit:
                raise _refuse(
                    tk._("The file is larger than %(mb)s MB") % {"mb": f"{limit / 1048576:g}"}
                )
            out.write(chunk)


def variables_from_file(context: dict, data_dict: dict) -> dict[str, Any]:
    """``upload`` (multipart file, ``.csv`` or ``.xlsx``) -> ``{"variables": [{"name",
    "data_type"}], "columns": n}``. Auth: anyone who may create a dataset."""
    tk.check_access("satudata_variables_from_file", context, data_dict)
    upload = data_dict.get("upload")
    filename = getattr(upload, "filename", None)
    if not filename or not hasattr(getattr(upload, "stream", upload), "read"):
        raise _refuse(tk._("Choose a CSV or XLSX file"))
    fmt = os.path.splitext(str(filename))[1].lower().lstrip(".")
    if fmt not in FORMATS:
        raise _refuse(tk._("Only CSV and XLSX files can propose variables"))
    limits = settings.read_limits()
    limits = dataclasses.replace(limits, seconds=min(limits.seconds, 15.0))
    fd, path = tempfile.mkstemp(prefix="satudata-header-", suffix="." + fmt)
    os.close(fd)
    try:
        _copy(upload, path, max_bytes())
        rows, _merged = table_reading.read_rows(path, fmt, limits, max_rows=ROWS)
    except tk.ValidationError:
        raise
    except TooLarge as e:
        log.info("variables_from_file refused %s: %s", fmt, e)
        raise _refuse(tk._("The file is too large or too complex to read")) from None
    except Exception as e:  # frictionless/openpyxl/zip errors of a broken or hostile file
        log.info("variables_from_file could not read %s: %r", fmt, e)
        raise _refuse(tk._("The file could not be read as %(format)s") % {"format": fmt.upper()})
    finally:
        os.unlink(path)
    proposals = variable_proposals.propose(rows)
    if not proposals:
        raise _refuse(tk._("The file has no header row"))
    return {"variables": proposals, "columns": len(proposals)}


def auth(context: dict, data_dict: Any = None) -> dict:
    """Whoever may create a dataset (an agency's editor or admin, a sysadmin)."""
    if not context.get("user"):
        return {"success": False, "msg": tk._("Log in to propose variables")}
    try:
        tk.check_access("package_create", dict(context), {})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Unauthorized to create a dataset")}
    return {"success": True}
