"""assessment: the EPSS worksheet (lembar kerja) per year, its entries, bukti dukung and history

Revision ID: 0006_epss_worksheet
Revises: 0005_concurrency_guards
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "0006_epss_worksheet"
down_revision = "0005_concurrency_guards"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _ws_fk():
    return sa.Column(
        "worksheet_id",
        sa.UnicodeText,
        sa.ForeignKey("satudata_epss_worksheet.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade():
    op.create_table(
        "satudata_epss_worksheet",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False, unique=True),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="open"),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "satudata_epss_entry",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        _ws_fk(),
        sa.Column("code", sa.UnicodeText, nullable=False),
        sa.Column("level", sa.Integer),
        sa.Column("penjelasan", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column(
            "verification", sa.UnicodeText, nullable=False, server_default="belum_diverifikasi"
        ),
        sa.Column("updated_by", sa.UnicodeText),
        sa.Column("updated_at", TZ),
        sa.UniqueConstraint("worksheet_id", "code", name="satudata_epss_entry_uq"),
        sa.CheckConstraint(
            "level IS NULL OR level BETWEEN 1 AND 5", name="satudata_epss_entry_level_ck"
        ),
    )
    op.create_table(
        "satudata_epss_evidence",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        _ws_fk(),
        sa.Column("code", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("url", sa.UnicodeText),
        sa.Column("file_name", sa.UnicodeText),
        sa.Column("storage_key", sa.UnicodeText),
        sa.Column("mimetype", sa.UnicodeText),
        sa.Column("size", sa.Integer),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_index(
        "satudata_epss_evidence_ws_code_idx", "satudata_epss_evidence", ["worksheet_id", "code"]
    )
    op.create_table(
        "satudata_epss_history",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        _ws_fk(),
        sa.Column("code", sa.UnicodeText, nullable=False),
        sa.Column("field", sa.UnicodeText, nullable=False),
        sa.Column("old_value", sa.UnicodeText),
        sa.Column("new_value", sa.UnicodeText),
        sa.Column("changed_by", sa.UnicodeText),
        sa.Column("changed_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_index(
        "satudata_epss_history_ws_idx", "satudata_epss_history", ["worksheet_id", "changed_at"]
    )


def downgrade():
    op.drop_table("satudata_epss_history")
    op.drop_table("satudata_epss_evidence")
    op.drop_table("satudata_epss_entry")
    op.drop_table("satudata_epss_worksheet")
