"""docker/docker-entrypoint.d scripts: the satudata migrations, the xloader token of the site user, shell scripts that parse and are kept LF, the migration plugin name and the scheduled commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import tomllib

from .docker_files import DOCKER, ROOT, read_ini_section
from .entrypoint_runs import BIN, ENTRYPOINT, base_ini, ini

__all__ = ["base_ini", "ini"]  # fixtures, imported for this module (ini needs base_ini)

MIGRATE = os.path.join(DOCKER, "docker-entrypoint.d", "50_satudata.sh")


XLOADER_TOKEN = os.path.join(DOCKER, "docker-entrypoint.d", "60_xloader_token.sh")


def test_every_shell_script_is_kept_lf_by_gitattributes():
    """.gitattributes: a CRLF checkout would break every script in the containers."""
    files = subprocess.run(
        ["git", "-C", ROOT, "ls-files"], check=True, capture_output=True, text=True
    ).stdout.split()
    scripts = []
    for name in files:
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            head = f.read(64)
        if name.endswith(".sh") or re.match(rb"#!\S*(ba)?sh\b|#!/usr/bin/env (ba)?sh\b", head):
            scripts.append(name)
    assert ENTRYPOINT.replace(ROOT + os.sep, "") in scripts and "scripts/services" in scripts
    attrs = subprocess.run(
        ["git", "-C", ROOT, "check-attr", "eol", "--", *scripts],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    not_lf = [line for line in attrs if not line.endswith(": eol: lf")]
    assert not not_lf, not_lf


def _fake_ckan(tmp_path, exit_code: int) -> str:
    """A stand-in `ckan` that records its arguments (the database is not the point here)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "ckan"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/calls"\nexit {exit_code}\n')
    script.chmod(0o755)
    return str(bindir)


@pytest.mark.parametrize("exit_code", [0, 1])
def test_init_script_runs_the_satudata_migrations(tmp_path, exit_code):
    bindir = _fake_ckan(tmp_path, exit_code)
    # the base image's start_ckan.sh sources each /docker-entrypoint.d/*.sh, then starts uWSGI
    result = subprocess.run(
        ["bash", "-c", f'. "{MIGRATE}"; echo uwsgi-starts'],
        env={"PATH": bindir + os.pathsep + "/usr/bin:/bin", "CKAN_INI": "/srv/app/ckan.ini"},
        capture_output=True,
        text=True,
    )
    assert (tmp_path / "calls").read_text().split() == [
        "-c",
        "/srv/app/ckan.ini",
        "db",
        "upgrade",
        "-p",
        "satudata",
    ]
    if exit_code == 0:
        assert result.returncode == 0 and "uwsgi-starts" in result.stdout
    else:  # a failed migration stops the container instead of serving without the tables
        assert result.returncode == 1 and "uwsgi-starts" not in result.stdout


def _token_ckan(tmp_path, exit_code: int) -> str:
    """A `ckan` whose `satudata previews-token` prints a token (or fails), and whose
    `config-tool` is the real one (it loads no app)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "ckan"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{tmp_path}/calls"\n'
        f'if [ "$1" = config-tool ]; then exec "{os.path.join(BIN, "ckan")}" "$@"; fi\n'
        f"[ {exit_code} -eq 0 ] || exit {exit_code}\n"
        'echo "some log line"; echo "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.token"\n'
    )
    script.chmod(0o755)
    return str(bindir)


def _source_token_script(ini: str, bindir: str):
    return subprocess.run(
        ["bash", "-c", f'. "{XLOADER_TOKEN}"; echo uwsgi-starts'],
        env={"PATH": bindir + os.pathsep + "/usr/bin:/bin", "CKAN_INI": ini},
        capture_output=True,
        text=True,
    )


def test_init_script_gives_xloader_a_token_of_the_site_user_once(ini, tmp_path):
    bindir = _token_ckan(tmp_path, 0)
    first = _source_token_script(ini, bindir)
    assert first.returncode == 0 and "uwsgi-starts" in first.stdout, first.stderr
    assert read_ini_section(ini)["ckanext.xloader.api_token"] == (
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.token"
    )
    assert f"-c {ini} satudata previews-token" in (tmp_path / "calls").read_text()
    # a restart of the same container keeps its token: no second token is made
    (tmp_path / "calls").write_text("")
    again = _source_token_script(ini, bindir)
    assert again.returncode == 0 and "uwsgi-starts" in again.stdout
    assert "previews-token" not in (tmp_path / "calls").read_text()


def test_init_script_stops_the_container_without_a_token(ini, tmp_path):
    result = _source_token_script(ini, _token_ckan(tmp_path, 1))
    assert result.returncode == 1 and "uwsgi-starts" not in result.stdout
    assert "ckanext.xloader.api_token" not in read_ini_section(ini)


@pytest.mark.parametrize(
    "script",
    [
        ENTRYPOINT,
        MIGRATE,
        XLOADER_TOKEN,
        os.path.join(DOCKER, "postgres-init", "10_satudata_databases.sh"),
    ],
)
def test_shell_scripts_parse(script):
    subprocess.run(["bash", "-n", script], check=True)


def test_migration_plugin_name_is_this_extension():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        entry_points = tomllib.load(f)["project"]["entry-points"]
    assert entry_points["ckan.plugins"]["satudata"].startswith("ckanext.satudata.plugin:")
    assert os.path.isdir(os.path.join(ROOT, "ckanext", "satudata", "migration", "satudata"))


def test_the_scheduled_commands_exist_in_the_extension():
    """`ckan satudata deadlines remind` and `ckan satudata assess` are commands of this
    extension's click group, `ckan tracking update` one of CKAN's tracking plugin (what `ckan`
    runs in the scheduler container)."""
    import importlib.util

    import click
    from satudata_testing import satudata_cli

    satudata = satudata_cli()

    spec = importlib.util.spec_from_file_location(
        "satudata_docker_tasks_cli", os.path.join(DOCKER, "satudata_tasks.py")
    )
    tasks = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tasks
    spec.loader.exec_module(tasks)

    from ckanext.tracking.plugin import TrackingPlugin

    # the groups `ckan` gets from the plugins of the image (CKAN__PLUGINS loads tracking)
    groups = {"satudata": satudata}
    groups.update({group.name: group for group in TrackingPlugin().get_commands()})
    for task in tasks.TASKS:
        assert task.argv[0] == "ckan" and task.argv[1] in groups, task.argv
        command = groups[task.argv[1]]
        for word in task.argv[2:]:
            assert isinstance(command, click.Group), task.argv
            assert word in command.commands, f"no `{' '.join(task.argv)}`"
            command = command.commands[word]
        assert not isinstance(command, click.Group), "a command, not a group"
