"""analysts' commentary on the equality report's sections, one row per version

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 (issue 17)
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_commentary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_report_commentary_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_commentary'))
    )
    with op.batch_alter_table('report_commentary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_commentary_programme_id'), ['programme_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_commentary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_commentary_programme_id'))

    op.drop_table('report_commentary')
