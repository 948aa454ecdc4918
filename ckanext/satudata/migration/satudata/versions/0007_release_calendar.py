"""deadlines: the release calendar (jadwal rilis) of an agreed item — its planned publication
date and the instant its dataset was first seen published

Revision ID: 0007_release_calendar
Revises: 0006_epss_worksheet
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "0007_release_calendar"
down_revision = "0006_epss_worksheet"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("satudata_agreed_item", sa.Column("release_date", sa.Date, nullable=True))
    op.add_column(
        "satudata_agreed_item", sa.Column("published_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade():
    op.drop_column("satudata_agreed_item", "published_at")
    op.drop_column("satudata_agreed_item", "release_date")
