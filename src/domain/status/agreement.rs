//! The state of an agreement (article 3.4): drafted, signed, under notice
//! (three months, during which it still applies), ended.

use crate::choice_enum;

choice_enum! {
    pub enum AgreementStatus {
        Draft => "draft",
        Signed => "signed",
        NoticeGiven => "notice_given",
        Ended => "ended",
    }
}

impl AgreementStatus {
    /// Whether the agreement binds its parties now.
    pub fn in_force(self) -> bool {
        matches!(self, AgreementStatus::Signed | AgreementStatus::NoticeGiven)
    }
}
