"""demo screenings read as finished

The demo operation's screenings were seeded with the status "done", which the bulk service
never writes: a client polling one for "finished" or "failed" waited forever, and listing by
status missed them. They become "finished", the service's word.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("UPDATE screenings SET status = 'finished' WHERE status = 'done'"))


def downgrade() -> None:
    """Nothing to undo: "done" was never a status the service understood."""
