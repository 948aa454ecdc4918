"""Demo content of the assessment capability: a whole-portal run done in this process (so the
demo shows scores without a worker) and two manual EPSS indicators with evidence notes."""

from __future__ import annotations

import ckan.model as model

from . import manual, results, runs, settings, targets
from .model import PORTAL, AssessmentChunk, DatasetAssessment, ManualIndicator

MANUAL = [
    # (agency code / URL name, EPSS code, level, evidence)
    (
        "diskominfosantik",
        "40304",
        3,
        "SK Bupati Bekasi tentang Walidata; laporan kegiatan asistensi statistik sektoral 2023",
    ),
    ("diskominfosantik", "40302", 2, "Undangan dan notulen Forum Satu Data Kabupaten Bekasi"),
    ("bappeda", "40301", 2, "Notulen rapat koordinasi daftar data prioritas"),
]


def load_demo() -> None:
    user = settings.site_user()
    for name, code, level, evidence in MANUAL:
        org = model.Group.get(name)
        if org is None or not org.is_organization:
            continue
        exists = (
            model.Session.query(ManualIndicator).filter_by(org_id=org.id, epss_code=code).first()
        )
        if exists is None:
            manual.add_manual(org.id, code, level, evidence, user)
    assessed = {d for (d,) in model.Session.query(DatasetAssessment.dataset_id).distinct()}
    if (
        results.latest_run(PORTAL, finished=True) is not None
        and set(targets.active_dataset_ids()) <= assessed
    ):
        return  # idempotent: every dataset already has a score
    run = runs.create_run(PORTAL, None, trigger="demo", user=user, enqueue=False)
    for (chunk_id,) in (
        model.Session.query(AssessmentChunk.id)
        .filter(AssessmentChunk.run_id == run.id)
        .order_by(AssessmentChunk.seq)
        .all()
    ):
        runs.run_chunk(chunk_id)
