//! The kinds of record, named as on the command line and in JSON.

use crate::choice_enum;

choice_enum! {
    pub enum Kind {
        School => "school",
        Company => "company",
        Contact => "contact",
        Learner => "learner",
        Placement => "placement",
        Immersion => "immersion",
        Event => "event",
        Agreement => "agreement",
    }
}

impl Kind {
    pub fn plural(self) -> &'static str {
        match self {
            Kind::School => "schools",
            Kind::Company => "companies",
            Kind::Contact => "contacts",
            Kind::Learner => "learners",
            Kind::Placement => "placements",
            Kind::Immersion => "immersions",
            Kind::Event => "events",
            Kind::Agreement => "agreements",
        }
    }

    /// Reads a kind in the singular or the plural ("school", "Schools").
    pub fn parse(input: &str) -> Option<Self> {
        Kind::from_code(input).or_else(|| {
            let wanted = crate::domain::text::fold(input);
            Kind::ALL.iter().copied().find(|k| k.plural() == wanted)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_and_plural_are_accepted() {
        assert_eq!(Kind::parse("school"), Some(Kind::School));
        assert_eq!(Kind::parse("Companies"), Some(Kind::Company));
        assert_eq!(Kind::parse("placement"), Some(Kind::Placement));
        assert_eq!(Kind::parse("schol"), None);
    }
}
