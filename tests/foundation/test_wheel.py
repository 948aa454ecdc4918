"""The wheel built from a clean clone is a complete extension: a fresh virtualenv that installs
it (and nothing else) finds the plugin entry point, the scheming YAML, the webassets and the
compiled Indonesian catalogue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROBE = textwrap.dedent("""
    import gettext, json, os
    from importlib import metadata, resources
    pkg = resources.files("ckanext.satudata")
    eps = {ep.name: ep.value for ep in metadata.entry_points(group="ckan.plugins")}
    catalogue = gettext.translation("ckanext-satudata", localedir=str(pkg / "i18n"),
                                    languages=["id"])
    print(json.dumps({
        "plugin": eps.get("satudata"),
        "metadata_plugin": eps.get("satudata_metadata"),
        "metadata_plugin_module": (pkg / "metadata_plugin.py").is_file(),
        "agencies": catalogue.gettext("Agencies"),
        "pot": (pkg / "i18n" / "ckanext-satudata.pot").is_file(),
        "schema": (pkg / "schemas" / "dataset.yaml").is_file(),
        "webassets": (pkg / "assets" / "webassets.yml").is_file(),
        "migrations": sorted(p.name for p in (pkg / "migration" / "satudata" / "versions").iterdir()
                             if p.name.endswith(".py")),
    }))
""")


@pytest.mark.slow
def test_wheel_from_a_clean_clone_carries_the_translations(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", ROOT, str(clone)], check=True)
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(clone),
        ],
        check=True,
    )
    wheels = list(dist.glob("ckanext_satudata-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheels[0])],
        check=True,
    )
    # Outside the checkout, so nothing is imported from the source tree.
    out = subprocess.run(
        [python, "-c", PROBE],
        check=True,
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        env={"PATH": os.environ.get("PATH", "")},
    )
    found = json.loads(out.stdout)
    assert found["plugin"] == "ckanext.satudata.plugin:SatudataPlugin"
    # the receiving portal's plugin (docs/deployment.md "A receiving portal")
    assert found["metadata_plugin"] == "ckanext.satudata.metadata_plugin:SatudataMetadataPlugin"
    assert found["metadata_plugin_module"]
    assert found["agencies"] == "Instansi"
    assert found["pot"] and found["schema"] and found["webassets"]
    assert "0001_deadlines.py" in found["migrations"]
