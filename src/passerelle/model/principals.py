"""Who acts: users of an NCB, the General Secretariat or an international entity, and roles."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from passerelle.model.policy import Confidentiality


class Role(StrEnum):
    """What a user may do. Roles never widen what a record's policy lets the user's NCB see."""

    NCB_OFFICER = "ncb_officer"
    NCB_SUPERVISOR = "ncb_supervisor"
    BORDER_OFFICER = "border_officer"
    GS_REVIEWER = "gs_reviewer"
    ANALYST = "analyst"
    AUDITOR = "auditor"
    ADMIN = "admin"


#: Roles that may read record content through get, list, search and export.
READER_ROLES = frozenset({Role.NCB_OFFICER, Role.NCB_SUPERVISOR, Role.ANALYST, Role.GS_REVIEWER})
#: Roles that may create and change their own NCB's records.
WRITER_ROLES = frozenset({Role.NCB_OFFICER, Role.NCB_SUPERVISOR})
#: Roles that may check travellers (hit/no-hit screening).
CHECKER_ROLES = frozenset({Role.BORDER_OFFICER, Role.NCB_OFFICER, Role.NCB_SUPERVISOR})

#: Default clearance of each role when a user is created without one.
DEFAULT_CLEARANCE: dict[Role, Confidentiality] = {
    Role.NCB_OFFICER: Confidentiality.RESTRICTED,
    Role.NCB_SUPERVISOR: Confidentiality.CONFIDENTIAL,
    Role.BORDER_OFFICER: Confidentiality.RESTRICTED,
    Role.GS_REVIEWER: Confidentiality.CONFIDENTIAL,
    Role.ANALYST: Confidentiality.RESTRICTED,
    Role.AUDITOR: Confidentiality.OFFICIAL_USE,
    Role.ADMIN: Confidentiality.OFFICIAL_USE,
}


class CheckScope(StrEnum):
    """What a border officer's NCB lets it check (RPD Art. 21: the NCB sets the scope)."""

    PERSONS = "persons"
    DOCUMENTS = "documents"
    VEHICLES = "vehicles"
    VESSELS = "vessels"


class Principal(BaseModel):
    """The authenticated caller, as every service and the store's access guard see it."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    username: str
    entity: str = Field(
        description="Code of the NCB or entity the user belongs to, e.g. FR, GS, UN"
    )
    role: Role
    clearance: Confidentiality = Confidentiality.OFFICIAL_USE
    scope: frozenset[CheckScope] = frozenset(CheckScope)
