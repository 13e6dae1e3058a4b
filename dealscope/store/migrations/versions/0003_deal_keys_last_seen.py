"""deal_keys.last_seen: the newest deals of a blocking key straight off an index

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deal_keys") as batch:
        batch.add_column(sa.Column("last_seen", sa.Date(), nullable=True))
    op.execute(
        "UPDATE deal_keys SET last_seen = "
        "(SELECT deals.last_seen FROM deals WHERE deals.id = deal_keys.deal_id)"
    )
    op.create_index(
        "ix_deal_keys_key_last_seen", "deal_keys", ["key", "last_seen", "deal_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_deal_keys_key_last_seen", table_name="deal_keys")
    with op.batch_alter_table("deal_keys") as batch:
        batch.drop_column("last_seen")
