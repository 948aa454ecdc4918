"""docker/Dockerfile read as Docker would read it: the pinned CKAN 2.12.0 base image, the repository and pinned extensions installed, copied files that exist, the fetched browser libraries, entrypoint and command."""

from __future__ import annotations

import json
import os
import re
import shlex

import pytest

from .docker_files import ROOT

pytestmark = pytest.mark.pure


def test_dockerfile_is_built_on_the_pinned_ckan_2_12_0_image(dockerfile):
    """The release the extension is tested against (requirements.txt), never the floating
    ``2.12`` tag that moves to the next patch release; a digest may pin it further."""
    froms = [args for word, args in dockerfile if word == "FROM"]
    # the image is the last stage; the one before it only fetches the pinned browser libraries
    assert len(froms) == 2 and froms[0].endswith(" AS assets"), froms
    assert re.fullmatch(r"node:\d+\.\d+\.\d+-bookworm-slim AS assets", froms[0]), froms[0]
    assert re.fullmatch(r"ckan/ckan-base:2\.12\.0(-py3\.\d+)?(@sha256:[0-9a-f]{64})?", froms[1]), (
        froms[1]
    )
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as f:
        assert re.search(r"^ckan\[requirements\]==2\.12\.0$", f.read(), re.M)


def test_dockerfile_installs_the_repository_and_the_pinned_extensions(dockerfile):
    args = dict(a.split("=", 1) for w, a in dockerfile if w == "ARG")
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as f:
        pins = dict(re.findall(r"^(ckanext-[a-z]+)==(\S+)", f.read(), re.M))
    assert args["CKANEXT_SCHEMING_VERSION"] == "3.1.0" == pins["ckanext-scheming"]
    assert args["CKANEXT_DCAT_VERSION"] == "2.4.4" == pins["ckanext-dcat"]

    copies = [a for w, a in dockerfile if w == "COPY"]
    repo_copy = [c for c in copies if shlex.split(c)[-2:-1] == ["."]]
    assert len(repo_copy) == 1, "the whole repository is copied once"
    destination = shlex.split(repo_copy[0])[-1]

    (install,) = [a for w, a in dockerfile if w == "RUN" and "pip3 install" in a]
    pip = install.split("pip3 install", 1)[1].split(";", 1)[0]
    words = shlex.split(pip)
    assert "ckanext-scheming==${CKANEXT_SCHEMING_VERSION}" in words
    assert "ckanext-dcat==${CKANEXT_DCAT_VERSION}" in words
    assert destination in words, "pip installs the copied repository"
    assert "--constraint" in words and "--requirement" in words
    # the repository's runtime requirements, less CKAN itself (the base image's)
    assert "requirements.txt > /tmp/satudata-requirements.txt" in install
    assert "python3 scripts/i18n.py compile" in install
    assert os.path.isfile(os.path.join(ROOT, "scripts", "i18n.py"))
    for module in (
        "ckanext.satudata.plugin",
        "ckanext.scheming.plugins",
        "ckanext.dcat.plugins",
        "ckanext.xloader.plugin",
        "ckanext.pdfview.plugin",
    ):
        assert module in install, f"the build checks that {module} imports"


def test_dockerfile_copies_existing_files(dockerfile):
    for word, args in dockerfile:
        if word != "COPY":
            continue
        if "--from=" in args:  # from the assets stage, checked below
            continue
        sources = [s for s in shlex.split(args) if not s.startswith("--")][:-1]
        for source in sources:
            assert os.path.exists(os.path.join(ROOT, source)), source


def test_dockerfile_serves_the_fetched_browser_libraries(dockerfile):
    """Chart.js is fetched by scripts/fetch-assets in the first stage and copied into the sources
    before pip installs them, so the charts reach the image (webassets serves assets/vendor)."""
    runs = [a for w, a in dockerfile if w == "RUN"]
    assert any("scripts/fetch-assets" in run for run in runs)
    copies = [a for w, a in dockerfile if w == "COPY"]
    (vendor,) = [c for c in copies if "--from=assets" in c]
    assert shlex.split(vendor)[-1].endswith("ckanext/satudata/assets/vendor")
    assert copies.index(vendor) > copies.index(next(c for c in copies if " . " in c))


def test_dockerfile_entrypoint_and_cmd(dockerfile):
    words = [w for w, _ in dockerfile]
    entrypoint = json.loads(dict(dockerfile)["ENTRYPOINT"])
    cmd = json.loads(dict(dockerfile)["CMD"])
    assert entrypoint == ["/srv/app/satudata-entrypoint.sh"]
    # an ENTRYPOINT resets the base image's CMD, so it must be declared again, after it
    assert cmd == ["/srv/app/start_ckan.sh"]
    assert words.index("CMD") > words.index("ENTRYPOINT")
    users = [a for w, a in dockerfile if w == "USER"]
    assert users[-1] == "ckan", "the containers run as the base image's `ckan` user"
    copied = " ".join(a for w, a in dockerfile if w == "COPY")
    assert "docker/entrypoint.sh ${APP_DIR}/satudata-entrypoint.sh" in copied
    assert "docker/docker-entrypoint.d/ /docker-entrypoint.d/" in copied
    assert "docker/satudata_tasks.py ${APP_DIR}/satudata_tasks.py" in copied
    assert "docker/satudata.ini ${APP_DIR}/satudata.ini" in copied
