//! Statuses of placements, immersions and agreements, and the moves
//! between them that are allowed, each refusal with its reason.

pub mod agreement;
pub mod immersion;
pub mod placement;

use serde::{Deserialize, Serialize};

pub use agreement::{AgreementRefusal, AgreementStatus};
pub use immersion::{ImmersionRefusal, ImmersionStatus};
pub use placement::{PlacementRefusal, PlacementStatus};

/// A status change that was refused, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionError {
    Placement {
        from: PlacementStatus,
        to: PlacementStatus,
        refusal: PlacementRefusal,
    },
    Immersion {
        from: ImmersionStatus,
        to: ImmersionStatus,
        refusal: ImmersionRefusal,
    },
    Agreement {
        from: AgreementStatus,
        to: AgreementStatus,
        refusal: AgreementRefusal,
    },
}
