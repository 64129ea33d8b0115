"""A traveller as a manifest (PAXLST, CSV) or a scanned document (MRZ) describes them.

This is deliberately *not* a ``Person`` record: a traveller is not of interest to anyone, carries
document-only country codes (``UTO`` specimens, ``XXA`` stateless) and is screened, never stored
as shared police data. It is a frozen, slotted dataclass so batches pickle cheaply to a process
pool or a Spark executor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from passerelle.model.dates import PartialDate
from passerelle.model.records import DocumentType, Sex


class TravellerRole(StrEnum):
    PASSENGER = "passenger"
    CREW = "crew"


@dataclass(frozen=True, slots=True)
class Traveller:
    """One traveller on a manifest.

    ``full_name`` is the name in the order the source writes it (surname first for MRZ and
    PAXLST), separators turned into spaces. Country fields are alpha-2 (document-only ICAO codes
    are mapped as ``passerelle.model.countries.normalise_document_state`` does, e.g. UTO -> UT);
    ports are the source's own codes (IATA or UN/LOCODE). ``source`` says where in the input the
    traveller was read, e.g. ``"segment 13 (NAD)"`` or ``"line 4"``.
    """

    surname: str
    given_names: str
    full_name: str
    date_of_birth: PartialDate | None = None
    sex: Sex = Sex.UNKNOWN
    nationality: str | None = None
    document_number: str | None = None
    document_type: DocumentType | None = None
    document_issuing_state: str | None = None
    document_expiry: dt.date | None = None
    role: TravellerRole = TravellerRole.PASSENGER
    booking_ref: str | None = None
    port_of_embarkation: str | None = None
    port_of_disembarkation: str | None = None
    flight: str | None = None
    source: str = ""
