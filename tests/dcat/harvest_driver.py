"""Drives a STOCK ckanext-harvest + ckanext-dcat in the harvester's own virtualenv (run with
.data/harvester-venv/bin/python; no satudata code is imported here).

    python harvest_driver.py INI source NAME URL TYPE CONFIG  -> the harvest source (JSON)
    python harvest_driver.py INI run SOURCE_ID                -> the job report (JSON)
    python harvest_driver.py INI gather SOURCE_ID             -> the gathered dataset dicts

``run`` does what the gather and fetch queue consumers would do for one job, calling the
harvester's own stages directly (``gather_stage``, then ckanext-harvest's
``fetch_and_import_stages`` for every object): on CKAN 2.12 ``ckan harvester run-test`` fails
(KeyError 'source_type') and idle consumers die on redis-py's socket timeout (ckanext-harvest#581).
"""

from __future__ import annotations

import datetime
import json
import sys
import time


def app_context(ini: str):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    return app._wsgi_app.test_request_context()


def site_context() -> dict:
    import ckan.plugins.toolkit as tk

    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def create_source(name: str, url: str, source_type: str, config: str) -> dict:
    """A source of ``source_type`` (``dcat_rdf``, ``ckan``) with its JSON ``config``, owned by
    the harvester's organization ``satu-data-bekasi``."""
    import ckan.plugins.toolkit as tk

    try:
        org = tk.get_action("organization_show")(site_context(), {"id": "satu-data-bekasi"})
    except tk.ObjectNotFound:
        org = tk.get_action("organization_create")(
            site_context(), {"name": "satu-data-bekasi", "title": "Satu Data Kabupaten Bekasi"}
        )
    return tk.get_action("harvest_source_create")(
        site_context(),
        {
            "name": name,
            "title": name,
            "url": url,
            "source_type": source_type,
            "owner_org": org["id"],
            "frequency": "MANUAL",
            "config": config,
        },
    )


def _harvester(source):
    import ckan.plugins as p
    from ckanext.harvest.interfaces import IHarvester

    for harvester in p.PluginImplementations(IHarvester):
        if harvester.info()["name"] == source.type:
            return harvester
    raise RuntimeError(f"no harvester for {source.type}")


def _gather(source_id: str):
    import ckan.plugins.toolkit as tk
    from ckanext.harvest.model import HarvestJob

    job_dict = tk.get_action("harvest_job_create")(site_context(), {"source_id": source_id})
    job = HarvestJob.get(job_dict["id"])
    harvester = _harvester(job.source)
    job.gather_started = datetime.datetime.utcnow()
    job.status = "Running"
    job.save()
    object_ids = harvester.gather_stage(job) or []
    job.gather_finished = datetime.datetime.utcnow()
    job.save()
    return job, harvester, object_ids


def _finish(job) -> None:
    job.status = "Finished"
    job.finished = datetime.datetime.utcnow()
    job.save()


def run(source_id: str) -> dict:
    from ckanext.harvest.model import HarvestObject
    from ckanext.harvest.queue import fetch_and_import_stages

    started = time.perf_counter()
    job, harvester, object_ids = _gather(source_id)
    gathered = time.perf_counter()
    objects = []
    for object_id in object_ids:
        obj = HarvestObject.get(object_id)
        fetch_and_import_stages(harvester, obj)
        obj = HarvestObject.get(object_id)
        objects.append(
            {
                "guid": obj.guid,
                "package_id": obj.package_id,
                "state": obj.state,
                "report_status": obj.report_status,
                "errors": [e.message for e in obj.errors],
            }
        )
    _finish(job)
    return {
        "job": job.id,
        "gather_errors": [e.message for e in job.gather_errors],
        "objects": objects,
        # the stages' wall time (printed by make bench)
        "seconds": {"gather": gathered - started, "fetch_import": time.perf_counter() - gathered},
    }


def gather(source_id: str) -> dict:
    """The gather stage only: the dataset dicts the stock parser made of the feed (what the
    import stage would save), without importing them."""
    from ckanext.harvest.model import HarvestObject

    job, _harvester_, object_ids = _gather(source_id)
    datasets = {}
    for object_id in object_ids:
        obj = HarvestObject.get(object_id)
        if obj.content:
            datasets[obj.guid] = json.loads(obj.content)
        obj.state, obj.current = "COMPLETE", False
        obj.report_status = "not modified"
        obj.save()
    _finish(job)
    return {
        "job": job.id,
        "gather_errors": [e.message for e in job.gather_errors],
        "datasets": datasets,
    }


def main(argv: list[str]) -> None:
    ini, command, args = argv[1], argv[2], argv[3:]
    with app_context(ini):
        result = {"source": create_source, "run": run, "gather": gather}[command](*args)
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv)
