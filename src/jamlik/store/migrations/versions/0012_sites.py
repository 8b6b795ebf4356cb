"""site kinds, versioned sites and saved placement/allocation scenarios

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 (issue 14)
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('site_kind',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_kind')),
    sa.UniqueConstraint('code', name=op.f('uq_site_kind_code'))
    )
    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=120), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.Column('capacity', sa.Float(), nullable=True),
    sa.Column('area_code', sa.String(length=80), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('superseded_by_batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_site_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['kind_id'], ['site_kind.id'], name=op.f('fk_site_kind_id_site_kind')),
    sa.ForeignKeyConstraint(['superseded_by_batch_id'], ['import_batch.id'], name=op.f('fk_site_superseded_by_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site'))
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_site_superseded_by_batch_id'), ['superseded_by_batch_id'], unique=False)
        batch_op.create_index('uq_site_current', ['kind_id', 'code'], unique=True,
                              sqlite_where=sa.text('superseded_by_batch_id IS NULL'),
                              postgresql_where=sa.text('superseded_by_batch_id IS NULL'))

    op.create_table('scenario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('model', sa.String(length=20), nullable=False),
    sa.Column('municipality', sa.String(length=20), nullable=True),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenario'))
    )
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scenario_municipality'), ['municipality'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scenario_municipality'))
    op.drop_table('scenario')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_index('uq_site_current', sqlite_where=sa.text('superseded_by_batch_id IS NULL'),
                            postgresql_where=sa.text('superseded_by_batch_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_site_superseded_by_batch_id'))
        batch_op.drop_index(batch_op.f('ix_site_kind_id'))
        batch_op.drop_index(batch_op.f('ix_site_batch_id'))
    op.drop_table('site')
    op.drop_table('site_kind')
