"""assessment: runs, chunks, dataset and agency results, manual EPSS indicators

Revision ID: 0002_assessment
Revises: 0001_deadlines
Create Date: 2026-11-25

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002_assessment"
down_revision = "0001_deadlines"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "satudata_assessment_run",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("scope", sa.UnicodeText, nullable=False),
        sa.Column("target_id", sa.UnicodeText),
        sa.Column("trigger", sa.UnicodeText, nullable=False, server_default="walidata"),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="pending"),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", TZ),
        sa.Column("datasets_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("chunks_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("config_source", sa.UnicodeText),
        sa.Column("points", JSONB),
        sa.Column("error", sa.UnicodeText),
    )
    op.create_index(
        "ix_satudata_assessment_run_created_at", "satudata_assessment_run", ["created_at"]
    )
    op.create_table(
        "satudata_assessment_chunk",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "run_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_assessment_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("dataset_ids", JSONB, nullable=False, server_default="[]"),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.UnicodeText),
        sa.Column("job_id", sa.UnicodeText),
        sa.Column("started_at", TZ),
        sa.Column("finished_at", TZ),
        sa.UniqueConstraint("run_id", "seq", name="satudata_assessment_chunk_uq"),
    )
    op.create_index("ix_satudata_assessment_chunk_run_id", "satudata_assessment_chunk", ["run_id"])
    op.create_table(
        "satudata_dataset_assessment",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "run_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_assessment_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("dataset_id", sa.UnicodeText, nullable=False),
        sa.Column("dataset_name", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("dataset_title", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("org_id", sa.UnicodeText),
        sa.Column("score", sa.Float, nullable=False, server_default="0"),
        sa.Column("level", sa.Integer, nullable=False, server_default="1"),
        sa.Column("band", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("earned", sa.Float, nullable=False, server_default="0"),
        sa.Column("possible", sa.Float, nullable=False, server_default="0"),
        sa.Column("results", JSONB, nullable=False, server_default="[]"),
        sa.Column("error", sa.UnicodeText),
        sa.Column("assessed_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("run_id", "dataset_id", name="satudata_dataset_assessment_uq"),
    )
    op.create_index(
        "ix_satudata_dataset_assessment_run_id", "satudata_dataset_assessment", ["run_id"]
    )
    op.create_index(
        "ix_satudata_dataset_assessment_org_id", "satudata_dataset_assessment", ["org_id"]
    )
    op.create_index(
        "satudata_dataset_assessment_latest_idx",
        "satudata_dataset_assessment",
        ["dataset_id", "assessed_at"],
    )
    op.create_table(
        "satudata_agency_assessment",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "run_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_assessment_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("org_id", sa.UnicodeText, nullable=False),
        sa.Column("score", sa.Float, nullable=False, server_default="0"),
        sa.Column("level", sa.Integer, nullable=False, server_default="1"),
        sa.Column("band", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("datasets", sa.Integer, nullable=False, server_default="0"),
        sa.Column("missing_items", sa.Integer, nullable=False, server_default="0"),
        sa.Column("detail", JSONB, nullable=False, server_default="{}"),
        sa.Column("assessed_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("run_id", "org_id", name="satudata_agency_assessment_uq"),
    )
    op.create_index(
        "ix_satudata_agency_assessment_run_id", "satudata_agency_assessment", ["run_id"]
    )
    op.create_index(
        "ix_satudata_agency_assessment_org_id", "satudata_agency_assessment", ["org_id"]
    )
    op.create_table(
        "satudata_manual_indicator",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("org_id", sa.UnicodeText, nullable=False),
        sa.Column("epss_code", sa.UnicodeText, nullable=False),
        sa.Column("level", sa.Integer),
        sa.Column("evidence", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("entered_by", sa.UnicodeText),
        sa.Column("entered_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_index(
        "satudata_manual_indicator_org_code_idx",
        "satudata_manual_indicator",
        ["org_id", "epss_code"],
    )


def downgrade():
    op.drop_table("satudata_manual_indicator")
    op.drop_table("satudata_agency_assessment")
    op.drop_table("satudata_dataset_assessment")
    op.drop_table("satudata_assessment_chunk")
    op.drop_table("satudata_assessment_run")
