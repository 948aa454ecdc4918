"""assessment: re-assessments that could not be queued (Redis down), kept until they are

Revision ID: 0003_assessment_pending
Revises: 0002_assessment
Create Date: 2026-11-26

"""

import sqlalchemy as sa
from alembic import op

revision = "0003_assessment_pending"
down_revision = "0002_assessment"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satudata_assessment_pending",
        sa.Column("dataset_id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "since", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade():
    op.drop_table("satudata_assessment_pending")
