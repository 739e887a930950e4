//! Shared field readers: each turns the text a person typed into a typed
//! value or names the rule it breaks, and the [`Reader`] that applies
//! them to a whole form, collecting every error. Blank text never reaches
//! a reader: the [`Reader`] answers it (required, or empty).

use chrono::NaiveDate;

use crate::domain::academie::Academie;
use crate::domain::dates::{SchoolYear, parse_date};
use crate::domain::forms::{FieldSpec, FormValues, InputKind};
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, Restricted};
use crate::domain::records::{
    AgreementKind, ContactRole, EventKind, HeadcountBand, InclusiveKind, Level, MAX_LINE,
    MAX_NOTES, Offer, OpeningState, PlacementKind, Renewal, SchoolKind, Sector, SpecialUnit,
    StaffRole,
};
use crate::domain::status::AgreementStatus;
use crate::domain::text::{check_multiline_text, check_text};
use crate::domain::validation::{Field, Rule, ValidationErrors};

/// A closed list made by `choice_enum!`, read and written by its codes.
pub(crate) trait Coded: Copy + PartialEq + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn from_code(input: &str) -> Option<Self>;
}

/// Implements [`Coded`] with the methods `choice_enum!` generates.
macro_rules! coded {
    ($($ty:ty),+ $(,)?) => {
        $(impl $crate::domain::forms::parse::Coded for $ty {
            fn all() -> &'static [Self] {
                <$ty>::ALL
            }
            fn code(self) -> &'static str {
                <$ty>::code(self)
            }
            fn from_code(input: &str) -> Option<Self> {
                <$ty>::from_code(input)
            }
        })+
    };
}
pub(crate) use coded;

coded!(
    Academie,
    AgreementKind,
    AgreementStatus,
    ContactRole,
    EventKind,
    HeadcountBand,
    InclusiveKind,
    Level,
    Offer,
    OpeningState,
    PlacementKind,
    Renewal,
    SchoolKind,
    Sector,
    SpecialUnit,
    StaffRole,
);

/// The codes of a closed list, in its order.
pub(crate) fn codes<T: Coded>() -> Vec<&'static str> {
    T::all().iter().map(|choice| choice.code()).collect()
}

/// Reads the fields of one form, keeping every error.
pub(crate) struct Reader<'a> {
    specs: Vec<FieldSpec>,
    values: &'a FormValues,
    pub(crate) today: NaiveDate,
    /// What is wrong with a field on its own.
    pub(crate) errors: ValidationErrors,
    /// What is wrong between fields (a school chosen but not given); a
    /// field checked alone ignores these.
    pub(crate) relations: ValidationErrors,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(specs: Vec<FieldSpec>, values: &'a FormValues, today: NaiveDate) -> Self {
        Reader {
            specs,
            values,
            today,
            errors: ValidationErrors::default(),
            relations: ValidationErrors::default(),
        }
    }

    /// What was typed in a field; a field left out of the values reads
    /// as blank.
    pub(crate) fn text(&self, field: Field) -> &'a str {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, text)| text.as_str())
    }

    fn is_multiline(&self, field: Field) -> bool {
        self.specs
            .iter()
            .any(|spec| spec.field == field && spec.input == InputKind::MultiLine)
    }

    fn is_required(&self, field: Field) -> bool {
        self.specs
            .iter()
            .any(|spec| spec.field == field && spec.required)
    }

    /// Reads a field: blank text is `Required` for a required field and
    /// `Some(None)` otherwise; anything else goes through `parse`. `None`
    /// when the field does not read (its error is kept).
    pub(crate) fn read<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<Option<T>> {
        let text = self.text(field);
        // Notes are kept as typed, even lines that hold only spaces: an
        // edit must not change a field nobody touched.
        let blank = text.is_empty() || (text.trim().is_empty() && !self.is_multiline(field));
        let result = if blank {
            if self.is_required(field) {
                Err(Rule::Required)
            } else {
                Ok(None)
            }
        } else {
            parse(text).map(Some)
        };
        match result {
            Ok(value) => Some(value),
            Err(rule) => {
                self.errors.push(field, rule);
                None
            }
        }
    }

    /// Reads a field that must hold a value.
    pub(crate) fn value<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<T> {
        match self.read(field, parse)? {
            Some(value) => Some(value),
            None => {
                // The form says optional but the record needs a value.
                self.errors.push(field, Rule::Required);
                None
            }
        }
    }

    /// Reads a field whose blank text means an empty value ("", no
    /// entries, none).
    pub(crate) fn or_default<T: Default>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<T> {
        self.read(field, parse).map(Option::unwrap_or_default)
    }

    /// Reads a restricted field: blank text over a masked value keeps it
    /// masked (the person could not see it, so did not erase it).
    pub(crate) fn restricted<T: Default>(
        &mut self,
        field: Field,
        base: Option<&Restricted<T>>,
        parse: impl FnOnce(&str) -> Result<T, Rule>,
    ) -> Option<Restricted<T>> {
        if self.text(field).trim().is_empty() && base.is_some_and(Restricted::is_masked) {
            return Some(Restricted::Masked);
        }
        self.or_default(field, parse).map(Restricted::Clear)
    }

    /// Records a rule broken between fields.
    pub(crate) fn relate(&mut self, field: Field, rule: Rule) {
        self.relations.push(field, rule);
    }
}

/// One line of text, its surrounding spaces dropped.
pub(crate) fn line(text: &str) -> Result<String, Rule> {
    let trimmed = text.trim();
    check_text(trimmed, MAX_LINE)?;
    Ok(trimmed.to_owned())
}

/// Several lines (notes, comments), kept as typed.
pub(crate) fn multiline(text: &str) -> Result<String, Rule> {
    check_multiline_text(text, MAX_NOTES)?;
    Ok(text.to_owned())
}

/// One entry per line (apprenticeship sections); blank lines are skipped.
pub(crate) fn entries(text: &str) -> Result<Vec<String>, Rule> {
    text.lines()
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(line)
        .collect()
}

/// An identifier read by its own `parse` (UAI, SIRET, e-mail…).
pub(crate) fn identifier<T, E: Into<Rule>>(
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> impl FnOnce(&str) -> Result<T, Rule> {
    move |text| parse(text).map_err(Into::into)
}

pub(crate) fn date(today: NaiveDate) -> impl FnOnce(&str) -> Result<NaiveDate, Rule> {
    move |text| parse_date(text, today).map_err(Rule::from)
}

pub(crate) fn school_year(text: &str) -> Result<SchoolYear, Rule> {
    SchoolYear::parse(text).map_err(Rule::from)
}

/// A whole number from `min` to `max`, in the type the record holds.
pub(crate) fn number<T: TryFrom<u64>>(min: u64, max: u64) -> impl FnOnce(&str) -> Result<T, Rule> {
    move |text| {
        let out_of_range = Rule::OutOfRange {
            min: i64::try_from(min).unwrap_or(i64::MAX),
            max: i64::try_from(max).unwrap_or(i64::MAX),
        };
        let digits = text.trim();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Rule::NotANumber);
        }
        // Too many digits to hold is out of range as well.
        let value: u64 = digits.parse().unwrap_or(u64::MAX);
        if !(min..=max).contains(&value) {
            return Err(out_of_range);
        }
        T::try_from(value).map_err(|_| out_of_range)
    }
}

pub(crate) fn choice<T: Coded>(text: &str) -> Result<T, Rule> {
    T::from_code(text.trim()).ok_or(Rule::NotAChoice)
}

/// Yes or no, in either language.
pub(crate) fn yes_no(text: &str) -> Result<bool, Rule> {
    match crate::domain::text::fold(text).as_str() {
        "yes" | "oui" | "y" | "o" => Ok(true),
        "no" | "non" | "n" => Ok(false),
        _ => Err(Rule::NotYesOrNo),
    }
}

/// The number of one record of `kind`.
pub(crate) fn link(kind: Kind) -> impl Fn(&str) -> Result<RecordId, Rule> {
    move |text| {
        let id = number::<u64>(0, u64::MAX)(text).map_err(|_| Rule::NotANumber)?;
        if id == 0 {
            // No record is ever given number 0.
            return Err(Rule::LinkNotFound { kind, id });
        }
        Ok(RecordId(id))
    }
}

/// Entries separated by commas (or semicolons), blanks skipped.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|piece| !piece.is_empty())
}

/// Refuses the same entry twice.
fn without_duplicates<T: PartialEq>(items: Vec<T>) -> Result<Vec<T>, Rule> {
    let repeated = items
        .iter()
        .enumerate()
        .any(|(index, item)| items[..index].contains(item));
    if repeated {
        Err(Rule::Duplicate)
    } else {
        Ok(items)
    }
}

/// The numbers of several records of `kind`.
pub(crate) fn links(kind: Kind) -> impl FnOnce(&str) -> Result<Vec<RecordId>, Rule> {
    move |text| {
        let ids = pieces(text)
            .map(link(kind))
            .collect::<Result<Vec<_>, _>>()?;
        without_duplicates(ids)
    }
}

/// Several codes of one closed list.
pub(crate) fn choice_set<T: Coded>(text: &str) -> Result<Vec<T>, Rule> {
    let choices = pieces(text)
        .map(choice::<T>)
        .collect::<Result<Vec<_>, _>>()?;
    without_duplicates(choices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_digits_within_their_range() {
        assert_eq!(number::<u8>(1, 3)("2"), Ok(2));
        assert_eq!(number::<u8>(1, 3)(" 3 "), Ok(3));
        assert_eq!(number::<u8>(1, 3)("-1"), Err(Rule::NotANumber));
        assert_eq!(number::<u8>(1, 3)("2,5"), Err(Rule::NotANumber));
        assert_eq!(
            number::<u8>(1, 3)("99999999999999999999999"),
            Err(Rule::OutOfRange { min: 1, max: 3 })
        );
    }

    #[test]
    fn lists_skip_blanks_and_refuse_repeats() {
        assert_eq!(
            links(Kind::School)("3, 5;,12"),
            Ok(vec![RecordId(3), RecordId(5), RecordId(12)])
        );
        assert_eq!(links(Kind::School)("3, 3"), Err(Rule::Duplicate));
        assert_eq!(
            links(Kind::School)("3, 0"),
            Err(Rule::LinkNotFound {
                kind: Kind::School,
                id: 0
            })
        );
        assert_eq!(
            choice_set::<SpecialUnit>("ulis, UPE2A"),
            Ok(vec![SpecialUnit::Ulis, SpecialUnit::Upe2a])
        );
        assert_eq!(
            choice_set::<SpecialUnit>("ulis, cinema"),
            Err(Rule::NotAChoice)
        );
    }

    #[test]
    fn entries_are_one_per_line() {
        assert_eq!(
            entries("CAP cuisine\n\n  BTS MCO \n"),
            Ok(vec!["CAP cuisine".to_owned(), "BTS MCO".to_owned()])
        );
        assert_eq!(entries("CAP\tcuisine"), Err(Rule::ControlCharacter));
    }
}
