//! The state of an agreement (article 3.4): drafted, signed, under notice
//! (three months, during which it still applies), ended; and the moves
//! between them.

use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::status::TransitionError;

choice_enum! {
    pub enum AgreementStatus {
        Draft => "draft",
        Signed => "signed",
        NoticeGiven => "notice_given",
        Ended => "ended",
    }
}

/// Why an agreement may not move as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementRefusal {
    /// An ended agreement is history: a new one is drawn up instead.
    Finished,
    /// Moves go one step at a time: this is the next.
    SkipsStep { next: AgreementStatus },
    /// No going back (a notice given stays given).
    GoesBack,
}

impl AgreementStatus {
    /// Whether the agreement binds its parties now.
    pub fn in_force(self) -> bool {
        matches!(self, AgreementStatus::Signed | AgreementStatus::NoticeGiven)
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<AgreementStatus> {
        match self {
            AgreementStatus::Draft => Some(AgreementStatus::Signed),
            AgreementStatus::Signed => Some(AgreementStatus::NoticeGiven),
            AgreementStatus::NoticeGiven => Some(AgreementStatus::Ended),
            AgreementStatus::Ended => None,
        }
    }

    /// Whether an agreement may move from `self` to `to`: one step
    /// forward at a time (or a draft given up, ended), never back, never
    /// out of « ended ». (What
    /// each status needs, a signature date from « signed » on, is the
    /// record's own rule.)
    pub fn check_transition(self, to: AgreementStatus) -> Result<(), TransitionError> {
        let refuse = |refusal| {
            Err(TransitionError::Agreement {
                from: self,
                to,
                refusal,
            })
        };
        match self.next() {
            _ if self == to => Ok(()),
            // A draft never signed is given up.
            _ if (self, to) == (AgreementStatus::Draft, AgreementStatus::Ended) => Ok(()),
            None => refuse(AgreementRefusal::Finished),
            Some(next) if next == to => Ok(()),
            Some(next) if to.ordinal() > self.ordinal() => {
                refuse(AgreementRefusal::SkipsStep { next })
            }
            Some(_) => refuse(AgreementRefusal::GoesBack),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgreementStatus::*;

    fn refusal(from: AgreementStatus, to: AgreementStatus) -> Option<AgreementRefusal> {
        match from.check_transition(to) {
            Ok(()) => None,
            Err(TransitionError::Agreement { refusal, .. }) => Some(refusal),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_agreement_moves_one_step_forward_at_a_time() {
        assert_eq!(refusal(Draft, Signed), None);
        assert_eq!(refusal(Signed, NoticeGiven), None);
        assert_eq!(refusal(NoticeGiven, Ended), None);
        assert_eq!(refusal(Signed, Signed), None);
        assert_eq!(refusal(Draft, Ended), None, "a draft given up");
        assert_eq!(
            refusal(Draft, NoticeGiven),
            Some(AgreementRefusal::SkipsStep { next: Signed })
        );
        assert_eq!(
            refusal(NoticeGiven, Signed),
            Some(AgreementRefusal::GoesBack)
        );
        assert_eq!(refusal(Ended, Signed), Some(AgreementRefusal::Finished));
    }
}
