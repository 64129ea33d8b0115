"""Notices and diffusions: types, required data, the review workflow and its checklist.

Notice types form a registry, not a fixed list of colours (the Silver Notice pilot showed new
types appear): ``register_notice_type`` adds one. Each type lists the fields its request must
carry; ``precheck`` reports what is missing before a human reviewer looks at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class NoticeState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    PUBLISHED = "published"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class DiffusionState(StrEnum):
    SENT = "sent"
    COMPLIANT = "compliant"
    WITHDRAWN = "withdrawn"


#: The notice workflow: for each state, the actions allowed and the state each leads to.
TRANSITIONS: dict[NoticeState, dict[str, NoticeState]] = {
    NoticeState.DRAFT: {"submit": NoticeState.SUBMITTED, "cancel": NoticeState.CANCELLED},
    NoticeState.SUBMITTED: {
        "start_review": NoticeState.UNDER_REVIEW,
        "cancel": NoticeState.CANCELLED,
    },
    NoticeState.UNDER_REVIEW: {
        "publish": NoticeState.PUBLISHED,
        "refuse": NoticeState.REFUSED,
        "request_info": NoticeState.DRAFT,
    },
    NoticeState.PUBLISHED: {"cancel": NoticeState.CANCELLED, "expire": NoticeState.EXPIRED},
    NoticeState.REFUSED: {},
    NoticeState.CANCELLED: {},
    NoticeState.EXPIRED: {},
}


class ReviewCriterion(StrEnum):
    """What the General Secretariat checks before publishing (Constitution Art. 2 and 3, RPD)."""

    NEUTRALITY = "article3_neutrality"
    HUMAN_RIGHTS = "human_rights"
    THRESHOLDS = "thresholds"
    DATA_QUALITY = "data_quality"


class ReviewChecklist(BaseModel):
    """The reviewer's answers: every criterion must be assessed, with reasons when it fails."""

    model_config = ConfigDict(frozen=True)

    passed: dict[ReviewCriterion, bool]
    reasons: dict[ReviewCriterion, str] = Field(default_factory=dict)
    comment: str | None = Field(default=None, max_length=4000)

    def missing(self) -> list[ReviewCriterion]:
        return [c for c in ReviewCriterion if c not in self.passed]

    def failed(self) -> list[ReviewCriterion]:
        return [c for c, ok in self.passed.items() if not ok]


@dataclass(frozen=True, slots=True)
class FieldRule:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class NoticeType:
    code: str
    label: str
    purpose: str
    required: tuple[FieldRule, ...] = ()
    public_extract_allowed: bool = False
    always_public: bool = False
    needs_person: bool = True


_REGISTRY: dict[str, NoticeType] = {}


def register_notice_type(notice_type: NoticeType) -> None:
    """Add (or replace) a notice type; the registry is how new special notices are introduced."""
    _REGISTRY[notice_type.code] = notice_type


def notice_types() -> dict[str, NoticeType]:
    return dict(_REGISTRY)


def notice_type(code: str) -> NoticeType:
    try:
        return _REGISTRY[code]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ValueError(f"unknown notice type {code!r}; known types: {known}") from None


_W = FieldRule("warrant_reference", "reference of a valid arrest warrant or court decision")
_C = FieldRule("charges", "the charges, as in the warrant")
_P = FieldRule("penalty_max_years", "maximum penalty for the offence, in years (≥ 2 to prosecute)")
_F = FieldRule("summary_of_facts", "a summary of the facts")

for _t in (
    NoticeType(
        "red",
        "Red Notice",
        "Locate and provisionally arrest a wanted person",
        (_F, _W, _C, _P),
        public_extract_allowed=True,
    ),
    NoticeType(
        "yellow",
        "Yellow Notice",
        "Locate a missing person or identify a person",
        (
            FieldRule("date_of_event", "when the person went missing"),
            FieldRule("place_of_event", "where the person went missing"),
        ),
        public_extract_allowed=True,
    ),
    NoticeType(
        "blue", "Blue Notice", "Collect information on a person's identity or activities", (_F,)
    ),
    NoticeType(
        "black",
        "Black Notice",
        "Seek information on an unidentified body",
        (
            FieldRule("place_found", "where the body was found"),
            FieldRule("date_found", "when the body was found"),
        ),
    ),
    NoticeType("green", "Green Notice", "Warn of a person's criminal activities", (_F,)),
    NoticeType(
        "orange",
        "Orange Notice",
        "Warn of a serious and imminent threat",
        (FieldRule("threat_description", "what the threat is"),),
        needs_person=False,
    ),
    NoticeType(
        "purple",
        "Purple Notice",
        "Share modus operandi, objects, devices, concealment",
        (FieldRule("modus_operandi", "the method, object or concealment described"),),
        needs_person=False,
    ),
    NoticeType(
        "silver",
        "Silver Notice",
        "Locate or identify assets linked to crime",
        (_F, FieldRule("assets", "the assets sought")),
        needs_person=True,
    ),
    NoticeType(
        "un_special",
        "INTERPOL-UN Security Council Special Notice",
        "Individuals and entities subject to UN Security Council sanctions",
        (
            FieldRule("un_reference", "the UN sanctions list reference"),
            FieldRule("sanctions", "the measures: asset freeze, travel ban, arms embargo"),
        ),
        always_public=True,
    ),
):
    register_notice_type(_t)


def precheck(type_code: str, details: dict[str, Any], has_person: bool) -> list[str]:
    """Automatic pre-checks before review: missing data and thresholds, in plain words."""
    kind = notice_type(type_code)
    problems = [
        f"missing {rule.name}: {rule.description}"
        for rule in kind.required
        if details.get(rule.name) in (None, "", [], {})
    ]
    if kind.needs_person and not has_person:
        problems.append("missing subject: this notice type needs a person record")
    if type_code == "red":
        penalty = details.get("penalty_max_years")
        sentence = details.get("sentence_remaining_months")
        if penalty not in (None, ""):
            try:
                if float(penalty) < 2 and not (sentence and float(sentence) >= 6):
                    problems.append(
                        "threshold: prosecution needs an offence punishable by at least 2 years "
                        "(or at least 6 months of sentence left to serve)"
                    )
            except (TypeError, ValueError):
                problems.append("penalty_max_years must be a number of years")
    return problems
