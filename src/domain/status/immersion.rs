//! The life of a teacher immersion (article 1.2): proposed → period
//! validated jointly → done → evaluated, or cancelled before it happens.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::status::TransitionError;

choice_enum! {
    pub enum ImmersionStatus {
        Proposed => "proposed",
        Validated => "validated",
        Done => "done",
        Evaluated => "evaluated",
        Cancelled => "cancelled",
    }
}

/// Why an immersion may not move to a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImmersionRefusal {
    /// An evaluated immersion is history.
    Finished,
    SkipsStep {
        next: ImmersionStatus,
    },
    GoesBack,
    /// It cannot be done (or evaluated) before its last day.
    NotHappenedYet {
        ends_on: NaiveDate,
    },
    /// Evaluated needs the evaluation.
    NeedsEvaluation,
    /// Only an evaluated immersion carries an evaluation.
    EvaluationTooEarly,
    /// What happened cannot be cancelled.
    AlreadyHappened,
}

/// What the rules of an immersion's moves look at.
#[derive(Debug, Clone, Copy)]
pub struct ImmersionFacts {
    pub has_evaluation: bool,
    pub ends_on: NaiveDate,
    pub today: NaiveDate,
}

impl ImmersionStatus {
    pub fn next(self) -> Option<ImmersionStatus> {
        match self {
            ImmersionStatus::Proposed => Some(ImmersionStatus::Validated),
            ImmersionStatus::Validated => Some(ImmersionStatus::Done),
            ImmersionStatus::Done => Some(ImmersionStatus::Evaluated),
            ImmersionStatus::Evaluated | ImmersionStatus::Cancelled => None,
        }
    }

    /// Done and waiting for its evaluation.
    pub fn awaits_evaluation(self) -> bool {
        self == ImmersionStatus::Done
    }

    /// What an immersion in this status must have, checked on every save.
    pub fn requirements_met(self, facts: ImmersionFacts) -> Result<(), ImmersionRefusal> {
        use ImmersionStatus::*;
        if matches!(self, Done | Evaluated) && facts.ends_on > facts.today {
            return Err(ImmersionRefusal::NotHappenedYet {
                ends_on: facts.ends_on,
            });
        }
        if self == Evaluated && !facts.has_evaluation {
            return Err(ImmersionRefusal::NeedsEvaluation);
        }
        if self != Evaluated && facts.has_evaluation {
            return Err(ImmersionRefusal::EvaluationTooEarly);
        }
        Ok(())
    }

    pub fn check_transition(
        self,
        to: ImmersionStatus,
        facts: ImmersionFacts,
    ) -> Result<(), TransitionError> {
        use ImmersionStatus::*;
        let refuse = |refusal| {
            Err(TransitionError::Immersion {
                from: self,
                to,
                refusal,
            })
        };
        if self == to {
            return to.requirements_met(facts).or_else(refuse);
        }
        match (self, to) {
            (Evaluated, _) => return refuse(ImmersionRefusal::Finished),
            (Done, Cancelled) => return refuse(ImmersionRefusal::AlreadyHappened),
            (_, Cancelled) => {}
            (Cancelled, Proposed) => {}
            (Cancelled, _) => return refuse(ImmersionRefusal::SkipsStep { next: Proposed }),
            (Validated, Proposed) => {}
            (from, to) if Some(to) == from.next() => {}
            (from, to) if to.ordinal() > from.ordinal() => {
                let next = from.next().unwrap_or(to);
                return refuse(ImmersionRefusal::SkipsStep { next });
            }
            _ => return refuse(ImmersionRefusal::GoesBack),
        }
        to.requirements_met(facts).or_else(refuse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImmersionStatus::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("valid test date")
    }

    fn refusal(
        from: ImmersionStatus,
        to: ImmersionStatus,
        facts: ImmersionFacts,
    ) -> Option<ImmersionRefusal> {
        match from.check_transition(to, facts) {
            Ok(()) => None,
            Err(TransitionError::Immersion { refusal, .. }) => Some(refusal),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    /// An immersion that ended before today, not evaluated.
    fn past() -> ImmersionFacts {
        ImmersionFacts {
            has_evaluation: false,
            ends_on: day(10),
            today: day(28),
        }
    }

    #[test]
    fn the_usual_path_is_allowed() {
        assert_eq!(refusal(Proposed, Validated, past()), None);
        assert_eq!(refusal(Validated, Done, past()), None);
        let evaluated = ImmersionFacts {
            has_evaluation: true,
            ..past()
        };
        assert_eq!(refusal(Done, Evaluated, evaluated), None);
    }

    #[test]
    fn an_immersion_to_come_cannot_be_done_or_evaluated() {
        let future = ImmersionFacts {
            has_evaluation: false,
            ends_on: day(30),
            today: day(28),
        };
        assert_eq!(
            refusal(Validated, Done, future),
            Some(ImmersionRefusal::NotHappenedYet { ends_on: day(30) })
        );
        let evaluation_early = ImmersionFacts {
            has_evaluation: true,
            ..past()
        };
        assert_eq!(
            refusal(Proposed, Validated, evaluation_early),
            Some(ImmersionRefusal::EvaluationTooEarly)
        );
        assert_eq!(
            refusal(Done, Evaluated, past()),
            Some(ImmersionRefusal::NeedsEvaluation)
        );
    }

    #[test]
    fn jumps_and_going_back_are_refused() {
        assert_eq!(
            refusal(Proposed, Done, past()),
            Some(ImmersionRefusal::SkipsStep { next: Validated })
        );
        assert_eq!(
            refusal(Done, Proposed, past()),
            Some(ImmersionRefusal::GoesBack)
        );
        assert_eq!(
            refusal(Done, Cancelled, past()),
            Some(ImmersionRefusal::AlreadyHappened)
        );
        let evaluated = ImmersionFacts {
            has_evaluation: true,
            ..past()
        };
        assert_eq!(
            refusal(Evaluated, Done, evaluated),
            Some(ImmersionRefusal::Finished)
        );
    }
}
