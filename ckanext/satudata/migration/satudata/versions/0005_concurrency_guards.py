"""deadlines and assessment: database guarantees against concurrent duplicates

Parallel identical requests must leave one row, whatever the timing, so the guarantee is in
PostgreSQL, not in a check-then-insert of the application:

- ``satudata_agreed_item_title_uq``: one item per (period, agency, title ignoring case): two
  identical ``satudata_item_create`` calls or imports of one row make one item; the loser gets
  a field error (``deadlines.actions``).
- ``satudata_assessment_run_portal_active_uq``: at most one whole-portal run not finished
  (``finished_at IS NULL``): a ``satudata_assessment_run`` while another is queued or running
  returns that run (``assessment.runs.create_run``).

Rows that already break these rules are kept, made distinct first: a later duplicate item gets
its id appended to its title; older unfinished portal runs are closed as failed ("superseded").

Revision ID: 0005_concurrency_guards
Revises: 0004_deadlines_frequency_index
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_concurrency_guards"
down_revision = "0004_deadlines_frequency_index"
branch_labels = None
depends_on = None

ITEM_INDEX = "satudata_agreed_item_title_uq"
RUN_INDEX = "satudata_assessment_run_portal_active_uq"


def upgrade():
    op.execute(
        sa.text("""
        UPDATE satudata_agreed_item a SET title = a.title || ' (' || a.id || ')'
        WHERE EXISTS (SELECT 1 FROM satudata_agreed_item b
                      WHERE b.period_id = a.period_id AND b.org_id = a.org_id
                        AND lower(b.title) = lower(a.title)
                        AND (b.created_at, b.id) < (a.created_at, a.id))""")
    )
    op.create_index(
        ITEM_INDEX,
        "satudata_agreed_item",
        ["period_id", "org_id", sa.text("lower(title)")],
        unique=True,
    )
    op.execute(
        sa.text("""
        UPDATE satudata_assessment_run r SET finished_at = now(), state = 'failed',
               error = 'superseded: another portal run was in progress'
        WHERE r.scope = 'portal' AND r.finished_at IS NULL
          AND EXISTS (SELECT 1 FROM satudata_assessment_run n
                      WHERE n.scope = 'portal' AND n.finished_at IS NULL
                        AND (n.created_at, n.id) > (r.created_at, r.id))""")
    )
    op.create_index(
        RUN_INDEX,
        "satudata_assessment_run",
        ["scope"],
        unique=True,
        postgresql_where=sa.text("scope = 'portal' AND finished_at IS NULL"),
    )


def downgrade():
    op.drop_index(RUN_INDEX, table_name="satudata_assessment_run", if_exists=True)
    op.drop_index(ITEM_INDEX, table_name="satudata_agreed_item", if_exists=True)
