"""deadlines: periods, agreed items, item history, cutoff snapshots, reminders

Revision ID: 0001_deadlines
Revises:
Create Date: 2026-11-25

"""

import sqlalchemy as sa
from alembic import op

revision = "0001_deadlines"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "satudata_period",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("opens_at", TZ),
        sa.Column("cutoff_at", TZ, nullable=False),
        sa.Column("input_close_at", TZ),
        sa.Column("corrections_end_at", TZ),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("created_by", sa.UnicodeText),
        sa.Column("modified_at", TZ),
    )
    op.create_table(
        "satudata_agreed_item",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "period_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_period.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("org_id", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("indicator", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("frequency", sa.UnicodeText, nullable=False, server_default="tahunan"),
        sa.Column("year_start", sa.Integer),
        sa.Column("year_end", sa.Integer),
        sa.Column("notes", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("dataset_id", sa.UnicodeText),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="not_submitted"),
        sa.Column("timeliness", sa.UnicodeText),
        sa.Column("submitted_at", TZ),
        sa.Column("return_notes", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("created_by", sa.UnicodeText),
    )
    op.create_index(
        "satudata_agreed_item_period_org_idx", "satudata_agreed_item", ["period_id", "org_id"]
    )
    op.create_index("ix_satudata_agreed_item_dataset_id", "satudata_agreed_item", ["dataset_id"])
    op.create_table(
        "satudata_item_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "item_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_agreed_item.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("actor", sa.UnicodeText),
        sa.Column("notes", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("timeliness", sa.UnicodeText),
        sa.Column("dataset_id", sa.UnicodeText),
    )
    op.create_index("ix_satudata_item_event_item_id", "satudata_item_event", ["item_id"])
    op.create_table(
        "satudata_cutoff_snapshot",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "period_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_period.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "item_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_agreed_item.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("org_id", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("timeliness", sa.UnicodeText),
        sa.Column("as_of", TZ, nullable=False),
        sa.Column("taken_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("period_id", "item_id", name="satudata_cutoff_snapshot_item_uq"),
    )
    op.create_index(
        "ix_satudata_cutoff_snapshot_period_id", "satudata_cutoff_snapshot", ["period_id"]
    )
    op.create_table(
        "satudata_reminder_sent",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "period_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_period.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("org_id", sa.UnicodeText, nullable=False),
        sa.Column("key", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("due_at", TZ, nullable=False),
        sa.Column("handled_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("recipients", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("cc", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("item_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("detail", sa.UnicodeText, nullable=False, server_default=""),
        sa.UniqueConstraint("period_id", "org_id", "key", name="satudata_reminder_sent_uq"),
    )
    op.create_index("ix_satudata_reminder_sent_period_id", "satudata_reminder_sent", ["period_id"])


def downgrade():
    op.drop_table("satudata_reminder_sent")
    op.drop_table("satudata_cutoff_snapshot")
    op.drop_table("satudata_item_event")
    op.drop_table("satudata_agreed_item")
    op.drop_table("satudata_period")
