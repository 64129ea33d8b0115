"""Parsers and writers for what police systems exchange: MRZ, PAXLST, CSV, Interpol notice JSON.

Every reader returns the items it could read plus located errors (``ParseResult``), and raises
``passerelle.model.errors.InvalidInput`` only for input that is not of the format at all. This
package imports ``passerelle.model``, the standard library and charset-normalizer, nothing else.
"""

from passerelle.formats.csv_records import (
    ImportRow,
    PolicyFields,
    read_documents_csv,
    read_manifest_csv,
    read_persons_csv,
    write_documents_csv,
    write_manifest_csv,
    write_persons_csv,
)
from passerelle.formats.interpol_json import ImportedNotice, read_interpol_notices
from passerelle.formats.mrz import (
    MrzData,
    MrzResult,
    check_digit,
    make_td1,
    make_td2,
    make_td3,
    mrz_to_traveller,
    parse_mrz,
)
from passerelle.formats.paxlst import PaxlstHeader, PaxlstResult, parse_paxlst, write_paxlst
from passerelle.formats.results import ParseError, ParseResult
from passerelle.formats.travellers import Traveller, TravellerRole

__all__ = [
    "ImportRow",
    "ImportedNotice",
    "MrzData",
    "MrzResult",
    "ParseError",
    "ParseResult",
    "PaxlstHeader",
    "PaxlstResult",
    "PolicyFields",
    "Traveller",
    "TravellerRole",
    "check_digit",
    "make_td1",
    "make_td2",
    "make_td3",
    "mrz_to_traveller",
    "parse_mrz",
    "parse_paxlst",
    "read_documents_csv",
    "read_interpol_notices",
    "read_manifest_csv",
    "read_persons_csv",
    "write_documents_csv",
    "write_manifest_csv",
    "write_paxlst",
    "write_persons_csv",
]
