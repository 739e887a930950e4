//! The life of a placement: requested → company proposed → agreement
//! signed → under way → done, or cancelled (with a reason) on the way.

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::status::TransitionError;

choice_enum! {
    pub enum PlacementStatus {
        Requested => "requested",
        CompanyProposed => "company_proposed",
        AgreementSigned => "agreement_signed",
        UnderWay => "under_way",
        Done => "done",
        Cancelled => "cancelled",
    }
}

/// Why a placement may not move to a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementRefusal {
    /// A done placement is history: it changes no more.
    Finished,
    /// The move skips a step; `next` is the one to take first.
    SkipsStep { next: PlacementStatus },
    /// The move goes backwards past what can be undone.
    GoesBack,
    /// Proposing, signing or starting needs a company.
    NeedsCompany,
    /// Starting needs a tutor at the company.
    NeedsTutor,
    /// Signing needs the date of the signature.
    NeedsSignatureDate,
    /// Cancelling needs a reason.
    NeedsCancelReason,
}

/// What the placement has, as far as the rules of its moves care.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlacementFacts {
    pub has_company: bool,
    pub has_tutor: bool,
    pub has_signature_date: bool,
    pub has_cancel_reason: bool,
}

impl PlacementStatus {
    /// Still to be arranged: the placement has not started.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            PlacementStatus::Requested
                | PlacementStatus::CompanyProposed
                | PlacementStatus::AgreementSigned
        )
    }

    /// The step after this one on the usual path, if any.
    pub fn next(self) -> Option<PlacementStatus> {
        match self {
            PlacementStatus::Requested => Some(PlacementStatus::CompanyProposed),
            PlacementStatus::CompanyProposed => Some(PlacementStatus::AgreementSigned),
            PlacementStatus::AgreementSigned => Some(PlacementStatus::UnderWay),
            PlacementStatus::UnderWay => Some(PlacementStatus::Done),
            PlacementStatus::Done | PlacementStatus::Cancelled => None,
        }
    }

    /// What a placement in this status must have, whichever way it got
    /// there; checked on every save.
    pub fn requirements_met(self, facts: PlacementFacts) -> Result<(), PlacementRefusal> {
        use PlacementStatus::*;
        if matches!(self, CompanyProposed | AgreementSigned | UnderWay | Done) && !facts.has_company
        {
            return Err(PlacementRefusal::NeedsCompany);
        }
        if matches!(self, AgreementSigned | UnderWay | Done) && !facts.has_signature_date {
            return Err(PlacementRefusal::NeedsSignatureDate);
        }
        if matches!(self, UnderWay | Done) && !facts.has_tutor {
            return Err(PlacementRefusal::NeedsTutor);
        }
        if self == Cancelled && !facts.has_cancel_reason {
            return Err(PlacementRefusal::NeedsCancelReason);
        }
        Ok(())
    }

    /// Whether a placement may move from `self` to `to`.
    pub fn check_transition(
        self,
        to: PlacementStatus,
        facts: PlacementFacts,
    ) -> Result<(), TransitionError> {
        use PlacementStatus::*;
        let refuse = |refusal| {
            Err(TransitionError::Placement {
                from: self,
                to,
                refusal,
            })
        };
        if self == to {
            return Ok(());
        }
        match (self, to) {
            (Done, _) => return refuse(PlacementRefusal::Finished),
            (_, Cancelled) => {}
            // A cancelled placement can be taken up again from the start.
            (Cancelled, Requested) => {}
            (Cancelled, _) => return refuse(PlacementRefusal::SkipsStep { next: Requested }),
            // The proposed company withdrew.
            (CompanyProposed, Requested) => {}
            (from, to) if Some(to) == from.next() => {}
            (from, to) if to.ordinal() > from.ordinal() => {
                let next = from.next().unwrap_or(to);
                return refuse(PlacementRefusal::SkipsStep { next });
            }
            _ => return refuse(PlacementRefusal::GoesBack),
        }
        to.requirements_met(facts).or_else(refuse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlacementStatus::*;

    fn complete() -> PlacementFacts {
        PlacementFacts {
            has_company: true,
            has_tutor: true,
            has_signature_date: true,
            has_cancel_reason: true,
        }
    }

    fn refusal(
        from: PlacementStatus,
        to: PlacementStatus,
        facts: PlacementFacts,
    ) -> Option<PlacementRefusal> {
        match from.check_transition(to, facts) {
            Ok(()) => None,
            Err(TransitionError::Placement { refusal, .. }) => Some(refusal),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn the_usual_path_is_allowed() {
        let path = [Requested, CompanyProposed, AgreementSigned, UnderWay, Done];
        for step in path.windows(2) {
            assert_eq!(refusal(step[0], step[1], complete()), None, "{:?}", step);
        }
    }

    #[test]
    fn jumps_are_refused_naming_the_next_step() {
        assert_eq!(
            refusal(Requested, AgreementSigned, complete()),
            Some(PlacementRefusal::SkipsStep {
                next: CompanyProposed
            })
        );
        assert_eq!(
            refusal(CompanyProposed, Done, complete()),
            Some(PlacementRefusal::SkipsStep {
                next: AgreementSigned
            })
        );
        assert_eq!(
            refusal(Cancelled, UnderWay, complete()),
            Some(PlacementRefusal::SkipsStep { next: Requested })
        );
    }

    #[test]
    fn going_back_and_leaving_done_are_refused() {
        assert_eq!(
            refusal(UnderWay, Requested, complete()),
            Some(PlacementRefusal::GoesBack)
        );
        assert_eq!(
            refusal(Done, Cancelled, complete()),
            Some(PlacementRefusal::Finished)
        );
        assert_eq!(refusal(CompanyProposed, Requested, complete()), None);
        assert_eq!(refusal(Cancelled, Requested, complete()), None);
    }

    #[test]
    fn missing_facts_are_named() {
        let nothing = PlacementFacts::default();
        assert_eq!(
            refusal(Requested, CompanyProposed, nothing),
            Some(PlacementRefusal::NeedsCompany)
        );
        let no_tutor = PlacementFacts {
            has_tutor: false,
            ..complete()
        };
        assert_eq!(
            refusal(AgreementSigned, UnderWay, no_tutor),
            Some(PlacementRefusal::NeedsTutor)
        );
        let no_date = PlacementFacts {
            has_signature_date: false,
            ..complete()
        };
        assert_eq!(
            refusal(CompanyProposed, AgreementSigned, no_date),
            Some(PlacementRefusal::NeedsSignatureDate)
        );
        assert_eq!(
            refusal(Requested, Cancelled, nothing),
            Some(PlacementRefusal::NeedsCancelReason)
        );
    }
}
