"""Demo content of the assessment capability: a whole-portal run done in this process (so the
demo shows scores without a worker) and three manual EPSS indicators of OPDs with evidence
notes (Pemda-level ones belong in the EPSS worksheet)."""

from __future__ import annotations

import ckan.model as model

from . import manual, results, runs, settings, targets
from .model import PORTAL, AssessmentChunk, DatasetAssessment, ManualIndicator

MANUAL = [
    # (agency code / URL name, EPSS code, level, evidence)
    ("bappeda", "40201", 3, "Sertifikat pelatihan statistik dasar BPS untuk empat pegawai, 2025"),
    ("dinkes", "30201", 2, "SOP pengumpulan data rutin puskesmas (draf)"),
    ("bappeda", "30101", 3, "Notulen rapat penetapan kebutuhan data RKPD 2026"),
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
