"""Synthetic watchlist records and manifests for the bulk screening tests (no real people).

Three shared records under different policies, and manifests in every format that plant
variants of them among fillers whose names are invented token soup.
"""

from __future__ import annotations

import datetime as dt

from passerelle.formats import MrzData, Traveller, make_td1, make_td3, write_manifest_csv
from passerelle.formats.paxlst import PaxlstHeader, write_paxlst
from passerelle.model.dates import PartialDate
from passerelle.model.principals import Role
from passerelle.model.records import DocumentType, Sex
from passerelle.services import records
from passerelle.services.context import Platform
from passerelle.services.policies import PolicyInput

from tests.conftest import MakeUser

#: Shared with everyone, owned by TN.
KARIM = {
    "names": [{"full": "كريم بن سالم العطار", "latin": "Karim Ben Salem El Attar"}],
    "date_of_birth": "1983-06-14",
    "sex": "M",
    "nationalities": ["TN"],
    "documents": [{"number": "TN4471902", "issuing_state": "TN", "type": "P"}],
}
#: Owned by RS and shown only to FR: for any other NCB a hit says whom to contact.
DRAGANA = {
    "names": [{"full": "Драгана Вукмировић", "latin": "Dragana Vukmirovic"}],
    "date_of_birth": "1979-02-03",
    "sex": "F",
    "nationalities": ["RS"],
}
#: A stolen passport reported by DE.
STOLEN = {"number": "C01X5B8LM", "issuing_state": "DE", "status": "stolen"}


def share_watchlist(platform: Platform, make_user: MakeUser) -> dict[str, str]:
    """Create the three records; return their ids by name."""
    tn = make_user("TN", Role.NCB_OFFICER)
    rs = make_user("RS", Role.NCB_OFFICER)
    de = make_user("DE", Role.NCB_OFFICER)
    hidden = PolicyInput.model_validate({"access": "allow", "entities": ["FR"]})
    return {
        "karim": str(records.create(platform, tn.call, "person", KARIM)["id"]),
        "dragana": str(records.create(platform, rs.call, "person", DRAGANA, hidden)["id"]),
        "stolen": str(records.create(platform, de.call, "travel_document", STOLEN)["id"]),
    }


_SYLLABLES = ("zor", "qua", "bel", "trix", "mun", "dov", "pel", "var", "sko", "lint", "ru", "ek")


def filler(i: int) -> Traveller:
    """A traveller nobody is looking for: names built from invented syllables."""
    s = _SYLLABLES
    surname = (s[i % 12] + s[(i // 12) % 12] + s[(i // 144) % 12]).capitalize() + "x"
    given = (s[(i * 7) % 12] + s[(i * 5 + 3) % 12]).capitalize() + "q"
    return Traveller(
        surname=surname.upper(),
        given_names=given.upper(),
        full_name=f"{surname.upper()} {given.upper()}",
        date_of_birth=PartialDate(1950 + i % 50, 1 + i % 12, 1 + i % 28),
        sex=Sex.MALE if i % 2 else Sex.FEMALE,
        nationality="NL",
        document_number=f"NX{i:07d}",
        document_type=DocumentType.PASSPORT,
        document_issuing_state="NL",
    )


PLANTED = (
    Traveller(
        surname="AL-ATTAR",
        given_names="KAREEM BIN SALIM",
        full_name="AL-ATTAR KAREEM BIN SALIM",
        date_of_birth=PartialDate(1983, 6, 14),
        sex=Sex.MALE,
        nationality="TN",
    ),
    Traveller(
        surname="VUKMIROVIC",
        given_names="DRAGANA",
        full_name="VUKMIROVIC DRAGANA",
        date_of_birth=PartialDate(1979, 2, 3),
        sex=Sex.FEMALE,
        nationality="RS",
    ),
    Traveller(
        surname="WEISSLINGER",
        given_names="OTTFRIED",
        full_name="WEISSLINGER OTTFRIED",
        date_of_birth=PartialDate(1961, 9, 9),
        sex=Sex.MALE,
        nationality="DE",
        document_number="C01X5B8LM",
        document_type=DocumentType.PASSPORT,
        document_issuing_state="DE",
    ),
)


def travellers(n: int, planted_every: int = 0) -> list[Traveller]:
    """``n`` travellers: fillers, with the planted variants at rows 2, 3, 4 (1-based) and, when
    ``planted_every`` is set, again every that many rows."""
    out = [filler(i) for i in range(n)]
    for k, t in enumerate(PLANTED):
        if k + 1 < n:
            out[k + 1] = t
    if planted_every:
        for i in range(planted_every, n, planted_every):
            out[i] = PLANTED[(i // planted_every) % len(PLANTED)]
    return out


def manifest_csv(items: list[Traveller]) -> bytes:
    return write_manifest_csv(items).encode("utf-8")


def manifest_paxlst(items: list[Traveller]) -> bytes:
    header = PaxlstHeader(sender="XYAIR", recipient="FRAPIS", control_reference="000000042")
    return write_paxlst(items, header).encode("utf-8")


def mrz_block(t: Traveller, td1: bool = False) -> str:
    data = MrzData(
        surname=t.surname,
        given_names=t.given_names,
        document_number=t.document_number or "X0000000",
        issuing_state=t.document_issuing_state or t.nationality or "NL",
        nationality=t.nationality or "NL",
        date_of_birth=t.date_of_birth,
        sex=t.sex.value if t.sex is not Sex.UNKNOWN else "<",
        expiry_date=dt.date(2031, 1, 1),
        document_code="I" if td1 else "P",
    )
    return "\n".join(make_td1(data) if td1 else make_td3(data))


def manifest_mrz(items: list[Traveller]) -> bytes:
    return ("\n\n".join(mrz_block(t, td1=i % 2 == 1) for i, t in enumerate(items)) + "\n").encode()
