"""docker/entrypoint.sh and docker/docker-entrypoint.d/50_satudata.sh, run for real on a ckan.ini
made the way the base image makes it (`ckan generate config`, then an empty SECRET_KEY and the
base image's plugins), with this venv's `ckan` CLI (its `generate` and `config-tool` commands load
no app and reach no service)."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys

import pytest
import tomllib

from .docker_files import DOCKER, ROOT, read_dotenv, read_ini_section, resolve

ENTRYPOINT = os.path.join(DOCKER, "entrypoint.sh")
MIGRATE = os.path.join(DOCKER, "docker-entrypoint.d", "50_satudata.sh")
XLOADER_TOKEN = os.path.join(DOCKER, "docker-entrypoint.d", "60_xloader_token.sh")
BIN = os.path.dirname(sys.executable)
BASE_PLUGINS = "image_view text_view datatables_view datastore envvars"
PLUGINS = (
    "satudata scheming_datasets scheming_organizations dcat datastore xloader "
    "datatables_view image_view pdf_view envvars"
)
# what `python3 -c 'import secrets; print(secrets.token_hex(32))'` prints (.env.example)
GOOD_SECRET = "5f1d0c9a7be24e8f93a6c1d2e4b7a8f0c3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9"


@pytest.fixture(scope="module")
def base_ini(tmp_path_factory) -> str:
    """The base image's /srv/app/ckan.ini, as its Dockerfile generates it."""
    path = str(tmp_path_factory.mktemp("base") / "ckan.ini")
    ckan = os.path.join(BIN, "ckan")
    subprocess.run([ckan, "generate", "config", path], check=True, capture_output=True)
    subprocess.run(
        [ckan, "config-tool", path, "SECRET_KEY = ", f"ckan.plugins = {BASE_PLUGINS}"],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def ini(base_ini, tmp_path) -> str:
    path = str(tmp_path / "ckan.ini")
    with open(base_ini, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        dst.write(src.read())
    return path


def run_entrypoint(ini: str, tmp_path, extra_env: dict[str, str], *command: str):
    env = {
        "PATH": BIN + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "CKAN_INI": ini,
        "SATUDATA_SETTINGS": os.path.join(DOCKER, "satudata.ini"),
        **extra_env,
    }
    return subprocess.run(
        ["bash", ENTRYPOINT, *command], env=env, capture_output=True, text=True, cwd=tmp_path
    )


def loaded(path: str) -> dict[str, str]:
    """[app:main] as CKAN reads it: with %(here)s and %(SECRET_KEY)s interpolation."""
    parser = configparser.ConfigParser(defaults={"here": os.path.dirname(path)}, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return dict(parser.items("app:main"))


def test_the_base_ini_derives_the_csrf_and_token_secrets_from_secret_key(base_ini):
    raw = read_ini_section(base_ini)
    for key in (
        "WTF_CSRF_SECRET_KEY",
        "api_token.jwt.encode.secret",
        "api_token.jwt.decode.secret",
    ):
        assert "%(SECRET_KEY)s" in raw[key], key


def test_entrypoint_writes_the_portal_settings_and_runs_the_command(ini, tmp_path):
    marker = tmp_path / "ran"
    result = run_entrypoint(
        ini,
        tmp_path,
        {
            "CKAN__PLUGINS": PLUGINS,
            "CKAN_SECRET_KEY": GOOD_SECRET,
            "CKAN_SITE_URL": "https://satudata.bekasikab.go.id",
        },
        "sh",
        "-c",
        f'echo "$CKAN_INI" > "{marker}"',
    )
    assert result.returncode == 0, result.stderr
    assert marker.read_text().strip() == ini, "exec'd the command with the same environment"

    settings = loaded(ini)
    for key, value in read_ini_section(os.path.join(DOCKER, "satudata.ini")).items():
        assert settings[key] == value, key
    assert settings["ckan.plugins"] == PLUGINS
    assert settings["SECRET_KEY"] == GOOD_SECRET
    assert settings["api_token.jwt.encode.secret"] == "string:" + GOOD_SECRET
    assert settings["ckanext.dcat.base_uri"] == "https://satudata.bekasikab.go.id"
    # start_ckan.sh generates random secrets only when SECRET_KEY is empty: not any more, so a
    # restart or a new container keeps sessions and API tokens valid
    with open(ini, encoding="utf-8") as f:
        assert not re.search(r"^SECRET_KEY ?= ?$", f.read(), re.M)


def test_entrypoint_is_idempotent(ini, tmp_path):
    env = {"CKAN__PLUGINS": PLUGINS, "CKAN_SECRET_KEY": GOOD_SECRET, "CKAN_SITE_URL": "http://x"}
    assert run_entrypoint(ini, tmp_path, env, "true").returncode == 0
    with open(ini, encoding="utf-8") as f:
        first = f.read()
    assert run_entrypoint(ini, tmp_path, env, "true").returncode == 0
    with open(ini, encoding="utf-8") as f:
        assert f.read() == first


def test_the_environment_overrides_the_dcat_base_uri(ini, tmp_path):
    result = run_entrypoint(
        ini,
        tmp_path,
        {
            "CKAN__PLUGINS": PLUGINS,
            "CKAN_SITE_URL": "http://localhost:5000",
            "CKAN_SECRET_KEY": GOOD_SECRET,
            "CKANEXT__DCAT__BASE_URI": "https://data.bekasikab.go.id",
        },
        "true",
    )
    assert result.returncode == 0, result.stderr
    assert loaded(ini)["ckanext.dcat.base_uri"] == "https://data.bekasikab.go.id"


# -- weak secrets: refused before anything is written ----------------------------------------


def _ckan_service_env(replace_placeholders: bool) -> dict[str, str]:
    """The environment compose.yaml gives the ckan container with docker/.env a copy of
    docker/.env.example (placeholders kept, or each replaced by its own good secret)."""
    import yaml

    dotenv = read_dotenv(os.path.join(DOCKER, ".env.example"))
    if replace_placeholders:
        dotenv = {
            k: (f"{n:02d}{GOOD_SECRET}"[:64] if v == "CHANGE_ME" else v)
            for n, (k, v) in enumerate(dotenv.items())
        }
    with open(os.path.join(DOCKER, "compose.yaml"), encoding="utf-8") as f:
        compose = resolve(yaml.safe_load(f), dotenv)
    env = compose["services"]["ckan"]["environment"]
    return {k: "" if v is None else str(v) for k, v in env.items()}


def _refused(result, marker, ini: str, before: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "refusing to start" in result.stderr
    assert not marker.exists(), "the command ran"
    with open(ini, encoding="utf-8") as f:
        assert f.read() == before, "ckan.ini was written"


def test_an_unedited_copy_of_env_example_is_refused(ini, tmp_path):
    env = _ckan_service_env(replace_placeholders=False)
    marker = tmp_path / "ran"
    with open(ini, encoding="utf-8") as f:
        before = f.read()
    result = run_entrypoint(ini, tmp_path, env, "touch", str(marker))
    _refused(result, marker, ini, before)
    for name in (
        "CKAN_SECRET_KEY",
        "CKAN_SQLALCHEMY_URL",
        "CKAN_DATASTORE_READ_URL",
        "CKAN_SYSADMIN_PASSWORD",
    ):
        assert f"{name} still holds the placeholder CHANGE_ME" in result.stderr, name
    assert "secrets.token_hex(32)" in result.stderr, "says how to make a good one"


def test_the_env_example_with_good_secrets_starts(ini, tmp_path):
    env = _ckan_service_env(replace_placeholders=True)
    marker = tmp_path / "ran"
    result = run_entrypoint(ini, tmp_path, env, "touch", str(marker))
    assert result.returncode == 0, result.stderr
    assert marker.exists()
    assert loaded(ini)["SECRET_KEY"] == env["CKAN_SECRET_KEY"]


@pytest.mark.parametrize(
    "name,value,reason",
    [
        ("CKAN_SECRET_KEY", "", "CKAN_SECRET_KEY is empty"),
        ("CKAN_SECRET_KEY", "CHANGE_ME", "CKAN_SECRET_KEY still holds the placeholder"),
        (
            "CKAN_SECRET_KEY",
            GOOD_SECRET[:31],
            "CKAN_SECRET_KEY has 31 characters, at least 32 are required",
        ),
        (
            "CKAN_SQLALCHEMY_URL",
            "postgresql://ckan:s3cret@postgres:5432/ckan",
            "the database password in CKAN_SQLALCHEMY_URL has 6 characters",
        ),
        (
            "CKAN_SQLALCHEMY_URL",
            "postgresql://ckan@postgres:5432/ckan",
            "the database password in CKAN_SQLALCHEMY_URL is empty",
        ),
        (
            "CKAN_DATASTORE_READ_URL",
            "postgresql://datastore_ro:CHANGE_ME@postgres/datastore",
            "CKAN_DATASTORE_READ_URL still holds the placeholder",
        ),
        (
            "CKAN___API_TOKEN__JWT__ENCODE__SECRET",
            "string:short-jwt-secret",
            "CKAN___API_TOKEN__JWT__ENCODE__SECRET has 16 characters",
        ),
    ],
    ids=[
        "secret-missing",
        "secret-placeholder",
        "secret-31-chars",
        "db-password-short",
        "db-password-missing",
        "datastore-placeholder",
        "jwt-secret-short",
    ],
)
def test_a_weak_secret_is_refused(ini, tmp_path, name, value, reason):
    env = {
        "CKAN__PLUGINS": PLUGINS,
        "CKAN_SECRET_KEY": GOOD_SECRET,
        "CKAN_SQLALCHEMY_URL": f"postgresql://ckan:{GOOD_SECRET}@postgres:5432/ckan",
        name: value,
    }
    marker = tmp_path / "ran"
    with open(ini, encoding="utf-8") as f:
        before = f.read()
    result = run_entrypoint(ini, tmp_path, env, "touch", str(marker))
    _refused(result, marker, ini, before)
    assert reason in result.stderr, result.stderr
    if len(value) > 10:
        for secret in ("s3cret", "short-jwt-secret", GOOD_SECRET[:31]):
            assert secret not in result.stderr + result.stdout, "a secret was printed"


def test_a_weak_secret_fixed_in_ckan_ini_is_refused(ini, tmp_path):
    subprocess.run(
        [os.path.join(BIN, "ckan"), "config-tool", ini, "WTF_CSRF_SECRET_KEY = weak"],
        check=True,
        capture_output=True,
    )
    result = run_entrypoint(
        ini, tmp_path, {"CKAN__PLUGINS": PLUGINS, "CKAN_SECRET_KEY": GOOD_SECRET}, "true"
    )
    assert result.returncode != 0
    assert f"WTF_CSRF_SECRET_KEY in {ini} has 4 characters" in result.stderr


def test_a_secret_of_exactly_32_characters_passes(ini, tmp_path):
    result = run_entrypoint(
        ini,
        tmp_path,
        {
            "CKAN__PLUGINS": PLUGINS,
            "CKAN_SECRET_KEY": GOOD_SECRET[:32],
            "CKAN_SQLALCHEMY_URL": f"postgresql://ckan:{GOOD_SECRET[:32]}@postgres:5432/ckan",
            "CKAN___API_TOKEN__JWT__ENCODE__SECRET": "string:" + GOOD_SECRET[:32],
        },
        "true",
    )
    assert result.returncode == 0, result.stderr


def test_every_shell_script_is_kept_lf_by_gitattributes():
    """.gitattributes: a CRLF checkout would break every script in the containers."""
    if not os.path.exists(os.path.join(ROOT, ".git")):
        pytest.skip("not a git checkout")
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


def test_entrypoint_refuses_an_empty_plugin_list(ini, tmp_path):
    marker = tmp_path / "ran"
    result = run_entrypoint(ini, tmp_path, {"CKAN__PLUGINS": ""}, "touch", str(marker))
    assert result.returncode != 0
    assert "CKAN__PLUGINS" in result.stderr
    assert not marker.exists()


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
    extension's click group (what `ckan` runs in the scheduler container)."""
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

    for task in tasks.TASKS:
        assert task.argv[:2] == ("ckan", "satudata")
        command = satudata
        for word in task.argv[2:]:
            assert isinstance(command, click.Group), task.argv
            assert word in command.commands, f"no `{' '.join(task.argv)}`"
            command = command.commands[word]
        assert not isinstance(command, click.Group), "a command, not a group"
