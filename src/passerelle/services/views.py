"""What callers are shown of a stored record: the same shape for API, CLI and export."""

from __future__ import annotations

from typing import Any

from passerelle.model.principals import Principal
from passerelle.store.records import StoredRecord


def record_view(record: StoredRecord, viewer: Principal) -> dict[str, Any]:
    """The record and its policy; only the owner sees the access list itself.

    Which NCBs a source allowed or denied is the source's own business, so other readers see
    the access mode but not the list.
    """
    policy = record.policy
    owner_view = viewer.entity == policy.owner
    return {
        "id": record.id,
        "kind": record.kind,
        "subtype": record.subtype,
        "state": record.state,
        "owner": policy.owner,
        "policy": {
            "access": policy.access.value,
            "entities": sorted(policy.entities) if owner_view else None,
            "confidentiality": policy.confidentiality.label,
            "handling": sorted(h.value for h in policy.handling),
            "purpose": policy.purpose.value,
            "expires_at": policy.expires_at.isoformat() if policy.expires_at else None,
            "review_due": policy.review_due.isoformat() if policy.review_due else None,
        },
        "source_reference": record.source_reference,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "version": record.version,
        "data": record.data,
        "workflow": record.workflow if owner_view or viewer.role.value == "gs_reviewer" else None,
    }
