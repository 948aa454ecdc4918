"""The plugin's compiled catalogue in a language named by the caller (an action's ``lang``, an
export's reader), also outside a request: jobs and exports have no request locale for
``tk._``."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"
DOMAIN = "ckanext-satudata"


@functools.lru_cache(maxsize=4)
def translator(lang: str) -> Callable[[str], str]:
    """``gettext`` of ``ckanext-satudata`` in ``lang`` (``id`` or ``en``); a msgid without a
    translation stays English."""
    return gettext.translation(DOMAIN, str(I18N_DIR), languages=[lang], fallback=True).gettext
