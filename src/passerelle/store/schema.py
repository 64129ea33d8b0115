"""The tables. Alembic migrations under ``migrations/`` create exactly these.

Records of every kind share one table: policy columns are the same for all of them, so the
access guard (``access.py``) is a single clause over a single table. The record itself is the
validated domain object as JSON; ``search_text`` holds its folded names and identifiers.
"""

from __future__ import annotations

import sqlalchemy as sa

from passerelle.store.types import UTCDateTime

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("entity", sa.String(8), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("clearance", sa.Integer, nullable=False),
    sa.Column("scope", sa.JSON, nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("subtype", sa.String(24), nullable=True),
    sa.Column("state", sa.String(24), nullable=True),
    sa.Column("owner", sa.String(8), nullable=False),
    sa.Column("access", sa.String(8), nullable=False),
    sa.Column("confidentiality", sa.Integer, nullable=False),
    sa.Column("handling", sa.JSON, nullable=False),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("source_reference", sa.String(200), nullable=True),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("workflow", sa.JSON, nullable=False),
    sa.Index("ix_records_kind_owner", "kind", "owner"),
    sa.Index("ix_records_expires_at", "expires_at"),
)

record_access = sa.Table(
    "record_access",
    metadata,
    sa.Column(
        "record_seq",
        sa.Integer,
        sa.ForeignKey("records.seq", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("entity", sa.String(8), primary_key=True),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity", sa.String(8), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("record_id", sa.String(32), nullable=True),
    sa.Column("message", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("read_at", UTCDateTime, nullable=True),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("user_id", sa.Integer, nullable=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(8), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("purpose", sa.String(32), nullable=True),
    sa.Column("action", sa.String(24), nullable=False),
    sa.Column("object_kind", sa.String(24), nullable=True),
    sa.Column("object_id", sa.String(64), nullable=True),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

#: One row: the head of the audit chain. Updating it first serialises appends on both databases.
audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)


#: Every insert, update and delete of a record, in order: the screening index follows this feed
#: (on every API replica) instead of re-reading the whole table.
record_changes = sa.Table(
    "record_changes",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(32), nullable=False),
    sa.Column("op", sa.String(8), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)

checks = sa.Table(
    "checks",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("entity", sa.String(8), nullable=False),
    sa.Column("query", sa.JSON, nullable=False),
    sa.Column("hit_count", sa.Integer, nullable=False),
    sa.Column("duration_ms", sa.Float, nullable=False),
    sa.Column("operation_id", sa.String(32), nullable=True, index=True),
    sa.Column("site", sa.String(8), nullable=True),
    sa.Index("ix_checks_entity_at", "entity", "at"),
)

hits = sa.Table(
    "hits",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("check_id", sa.String(32), sa.ForeignKey("checks.id"), nullable=False, index=True),
    sa.Column("record_id", sa.String(32), nullable=False, index=True),
    sa.Column("record_kind", sa.String(24), nullable=False),
    sa.Column("owner", sa.String(8), nullable=False),
    sa.Column("probability", sa.Float, nullable=False),
    sa.Column("visible", sa.Boolean, nullable=False),
    sa.Column("match_kind", sa.String(24), nullable=False),
    sa.Column("explanation", sa.JSON, nullable=False),
    sa.Column("pair", sa.JSON, nullable=False),
    sa.Column("decision", sa.String(16), nullable=True),
    sa.Column("decided_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("decided_at", UTCDateTime, nullable=True),
)


#: Coordinated operations (NEPTUNE-like): a time window, participants, sites (UN/LOCODE).
operations = sa.Table(
    "operations",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("coordinator", sa.String(8), nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("participants", sa.JSON, nullable=False),
    sa.Column("sites", sa.JSON, nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

#: Bulk screenings of manifests. ``manifest_sha256`` makes re-submission idempotent.
screenings = sa.Table(
    "screenings",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("entity", sa.String(8), nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column(
        "operation_id", sa.String(32), sa.ForeignKey("operations.id"), nullable=True, index=True
    ),
    sa.Column("site", sa.String(8), nullable=True),
    sa.Column("manifest_sha256", sa.String(64), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("format", sa.String(24), nullable=False),
    sa.Column("engine", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("total", sa.Integer, nullable=False, default=0),
    sa.Column("processed", sa.Integer, nullable=False, default=0),
    sa.Column("malformed", sa.Integer, nullable=False, default=0),
    sa.Column("hit_count", sa.Integer, nullable=False, default=0),
    sa.Column("errors", sa.JSON, nullable=False),
    sa.Column("message", sa.Text, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("entity", "manifest_sha256", "operation_id", name="uq_screenings_manifest"),
)

#: Batches already committed: a resumed screening skips them, so no hit is lost or doubled.
screening_batches = sa.Table(
    "screening_batches",
    metadata,
    sa.Column("screening_id", sa.String(32), sa.ForeignKey("screenings.id"), primary_key=True),
    sa.Column("batch_no", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("travellers", sa.Integer, nullable=False),
    sa.Column("hits", sa.Integer, nullable=False),
    sa.Column("committed_at", UTCDateTime, nullable=False),
)

screening_hits = sa.Table(
    "screening_hits",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "screening_id", sa.String(32), sa.ForeignKey("screenings.id"), nullable=False, index=True
    ),
    sa.Column("batch_no", sa.Integer, nullable=False),
    sa.Column("row", sa.Integer, nullable=False),
    sa.Column("traveller", sa.JSON, nullable=False),
    sa.Column("record_id", sa.String(32), nullable=False),
    sa.Column("record_kind", sa.String(24), nullable=False),
    sa.Column("owner", sa.String(8), nullable=False),
    sa.Column("probability", sa.Float, nullable=False),
    sa.Column("visible", sa.Boolean, nullable=False),
    sa.Column("match_kind", sa.String(24), nullable=False),
    sa.Column("explanation", sa.JSON, nullable=False),
    sa.UniqueConstraint("screening_id", "row", "record_id", name="uq_screening_hits_row"),
)

#: What came of a hit (check or screening): the follow-up an operation reports on.
outcomes = sa.Table(
    "outcomes",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "operation_id", sa.String(32), sa.ForeignKey("operations.id"), nullable=True, index=True
    ),
    sa.Column("hit_id", sa.String(32), nullable=False, index=True),
    sa.Column("entity", sa.String(8), nullable=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("site", sa.String(8), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
)
