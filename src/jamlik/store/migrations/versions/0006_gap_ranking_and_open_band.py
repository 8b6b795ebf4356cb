"""gaps between areas say what was ranked by what, in which unit; life expectancy keeps its open age band

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('measure_result') as batch:
        batch.add_column(sa.Column('ranked_by', sa.Text(), nullable=True))
        batch.add_column(sa.Column('unit', sa.String(length=80), nullable=True))
    with op.batch_alter_table('observation') as batch:
        batch.add_column(sa.Column('open_age_band', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('observation') as batch:
        batch.drop_column('open_age_band')
    with op.batch_alter_table('measure_result') as batch:
        batch.drop_column('unit')
        batch.drop_column('ranked_by')
