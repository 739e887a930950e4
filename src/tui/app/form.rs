//! A form: one record's fields as typed text, checked as they are
//! typed, kept as a draft in the store as the person goes, saved through
//! the service, which checks everything again.

use chrono::NaiveDate;

use crate::domain::consent::Consent;
use crate::domain::draft::{Draft, DraftId};
use crate::domain::forms::{
    FieldSpec, FormValues, InputKind, Understood, check_consent_field, check_field,
    consent_defaults, consent_fields, consent_values, defaults, evaluation_defaults,
    evaluation_values, form_fields, form_fields_for_evaluation, parse_consent, parse_evaluation,
    parse_form, values_of,
};
use crate::domain::records::{MAX_LINE, Record};
use crate::domain::text::fold;
use crate::domain::validation::{Field, FieldError, Rule, ValidationErrors};
use crate::domain::{Kind, RecordRef};
use crate::i18n::Lang;
use crate::service::describe::Described;
use crate::service::get::RecordKey;
use crate::service::protocol::{Request, Response};
use crate::service::save::SaveRequest;
use crate::service::{NotAllowed, ServiceError};
use crate::tui::app::{Cx, Ticket, failure_text};
use crate::tui::input::TextInput;
use crate::tui::keymap::Action;

/// What the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Create,
    Edit,
    /// A placement cancelled, with its reason.
    Cancel,
    /// The evaluation of an immersion that took place.
    Evaluate,
    /// The consent recorded on a record (who, when, which uses): saved
    /// by `Request::RecordConsent`, never kept as a draft.
    Consent,
}

impl Purpose {
    /// The word kept in a draft, to resume the same form.
    pub fn code(&self) -> &'static str {
        match self {
            Purpose::Create => "create",
            Purpose::Edit => "edit",
            Purpose::Cancel => "cancel",
            Purpose::Evaluate => "evaluate",
            Purpose::Consent => "consent",
        }
    }

    pub fn from_code(code: &str) -> Option<Purpose> {
        match code {
            "create" => Some(Purpose::Create),
            "edit" | "" => Some(Purpose::Edit),
            "cancel" => Some(Purpose::Cancel),
            "evaluate" => Some(Purpose::Evaluate),
            "consent" => Some(Purpose::Consent),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub spec: FieldSpec,
    pub input: TextInput,
    pub error: Option<FieldError>,
    pub understood: Understood,
    /// What the store holds now, when a save found the record changed
    /// meanwhile and it differs from what is typed.
    pub theirs: Option<String>,
    /// For a link chosen in the picker: what the record is called.
    pub link_label: Option<String>,
    /// A word under the field on what to type (the uses a consent
    /// takes, who gave it to type again).
    pub hint: Option<String>,
    /// A restricted value the person has not revealed: shown as
    /// protected, nothing typed in it, the stored value kept on save.
    pub protected: bool,
    /// In a field of several choices: the choice the cursor is on.
    pub choice_cursor: usize,
}

/// What happened to a save, for the application to follow.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Not yet, or not at all.
    No,
    /// Refused: someone saved the record meanwhile; the form shows both.
    Conflict,
    /// Stored: the record as it is now, and the version it replaced.
    Yes {
        record: Box<Record>,
        previous: Option<Box<Record>>,
    },
    /// A consent recorded on the form's record.
    Consent(Box<Consent>),
    /// Nothing differed from the record: nothing was written.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormScreen {
    pub kind: Kind,
    pub purpose: Purpose,
    /// The record being edited, as loaded (restricted fields possibly
    /// masked: the service keeps what it holds for those).
    pub base: Option<Box<Record>>,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub draft: Option<DraftId>,
    /// Differs from what was loaded or last saved.
    pub changed: bool,
    /// Changed since the draft was last written.
    pub undrafted: bool,
    /// The save's refusal, put in words.
    pub failure: Option<String>,
    /// Opened from a picker: once saved, the record goes into the link
    /// field of the form below.
    pub for_link: bool,
    /// Who changed the record while the form was open (the last one),
    /// until the save shows what they changed.
    pub changed_meanwhile: Option<String>,
    /// The values as the form opened (None: unknown, a resumed draft):
    /// after a conflict, a field still as it was takes the stored value.
    original: Option<FormValues>,
    /// The records the link fields point at, named (asked for whenever
    /// the links change).
    pub described: std::collections::HashMap<RecordRef, Described>,
    /// Links asked for that name no record.
    pub missing: std::collections::HashSet<RecordRef>,
    /// The links asked for and not answered yet.
    describing: Option<(Ticket, Vec<RecordRef>)>,
    saving: Option<Ticket>,
    drafting: Option<Ticket>,
}

/// A cancellation's reason is one line, as the placement keeps it.
fn cancel_fields() -> Vec<FieldSpec> {
    vec![FieldSpec {
        field: Field::CancelReason,
        input: InputKind::Text,
        required: true,
    }]
}

impl FormScreen {
    fn with_values(
        kind: Kind,
        purpose: Purpose,
        base: Option<Box<Record>>,
        values: &FormValues,
        today: NaiveDate,
    ) -> Self {
        let specs = match purpose {
            Purpose::Cancel => cancel_fields(),
            Purpose::Evaluate => form_fields_for_evaluation(),
            Purpose::Consent => consent_fields(),
            Purpose::Create | Purpose::Edit => form_fields(kind),
        };
        let fields = specs
            .into_iter()
            .map(|spec| {
                let text = values
                    .iter()
                    .find(|(field, _)| *field == spec.field)
                    .map(|(_, text)| text.as_str())
                    .unwrap_or("");
                let multiline = spec.input == InputKind::MultiLine;
                FormField {
                    spec,
                    input: TextInput::field(text, multiline),
                    error: None,
                    understood: Understood::Nothing,
                    theirs: None,
                    link_label: None,
                    hint: None,
                    protected: false,
                    choice_cursor: 0,
                }
            })
            .collect();
        let mut form = FormScreen {
            kind,
            purpose,
            base,
            fields,
            focus: 0,
            draft: None,
            changed: false,
            undrafted: false,
            failure: None,
            for_link: false,
            changed_meanwhile: None,
            original: None,
            described: std::collections::HashMap::new(),
            missing: std::collections::HashSet::new(),
            describing: None,
            saving: None,
            drafting: None,
        };
        form.protect_masked();
        for index in 0..form.fields.len() {
            form.check(index, today, false);
        }
        form.original = Some(form.values());
        form
    }

    /// Marks the fields whose values the base record holds masked.
    fn protect_masked(&mut self) {
        if self.purpose == Purpose::Consent {
            // Who gave a consent is typed again whole (see `consent`).
            return;
        }
        let masked = self
            .base
            .as_deref()
            .map(crate::domain::forms::masked_fields)
            .unwrap_or_default();
        for field in &mut self.fields {
            field.protected = masked.contains(&field.spec.field);
            if field.protected {
                field.input.set("");
            }
        }
    }

    /// Whether the field under focus takes what is typed.
    fn focus_is_open(&self) -> bool {
        self.fields.get(self.focus).is_some_and(|f| !f.protected)
    }

    /// A new record of `kind`, with its defaults.
    pub fn create(kind: Kind, today: NaiveDate) -> Self {
        FormScreen::with_values(kind, Purpose::Create, None, &defaults(kind, today), today)
    }

    /// An existing record to edit.
    pub fn edit(record: Record, today: NaiveDate) -> Self {
        let values = values_of(&record);
        FormScreen::with_values(
            record.kind(),
            Purpose::Edit,
            Some(Box::new(record)),
            &values,
            today,
        )
    }

    /// A placement to cancel, asking its reason.
    pub fn cancel(record: Record, today: NaiveDate) -> Self {
        FormScreen::with_values(
            record.kind(),
            Purpose::Cancel,
            Some(Box::new(record)),
            &Vec::new(),
            today,
        )
    }

    /// The evaluation of an immersion that took place.
    pub fn evaluate(record: Record, today: NaiveDate) -> Self {
        let values = match &record {
            Record::Immersion(immersion) if immersion.evaluation.is_some() => {
                evaluation_values(immersion)
            }
            _ => evaluation_defaults(),
        };
        FormScreen::with_values(
            record.kind(),
            Purpose::Evaluate,
            Some(Box::new(record)),
            &values,
            today,
        )
    }

    /// The consent of `record`, starting from the one recorded, if any.
    /// Who gave it comes masked unless the record was revealed: it is
    /// then blank, to be typed again (the service needs it whole), and
    /// the field says so.
    pub fn consent(
        record: Record,
        consent: Option<&Consent>,
        lang: Lang,
        today: NaiveDate,
    ) -> Self {
        let values = match consent {
            // The uses as codes, which the field's choices are.
            Some(consent) => consent_values(consent, |u| u.code()),
            None => consent_defaults(today),
        };
        let mut form = FormScreen::with_values(
            record.kind(),
            Purpose::Consent,
            Some(Box::new(record)),
            &values,
            today,
        );
        let masked = consent.is_some_and(|consent| consent.given_by.is_masked());
        for field in &mut form.fields {
            field.hint = match field.spec.field {
                Field::ConsentGivenBy if masked => {
                    Some(crate::i18n::consent::given_by_masked(lang).to_owned())
                }
                Field::ConsentUses => Some(crate::i18n::consent::uses_hint(lang).to_owned()),
                _ => None,
            };
        }
        form
    }

    /// A form taken up again from its draft. A field the draft does not
    /// hold (added to the form since it was written, such as the
    /// confidentiality mark) starts as the record has it, or with its
    /// default for a new one, rather than blank.
    pub fn resume(draft: &Draft, base: Option<Record>, today: NaiveDate) -> Self {
        let purpose = Purpose::from_code(&draft.purpose).unwrap_or(Purpose::Create);
        let mut values = draft.values.clone();
        let starting = match (&purpose, &base) {
            (Purpose::Edit, Some(base)) if base.kind() == draft.kind => values_of(base),
            (Purpose::Create, _) => defaults(draft.kind, today),
            _ => Vec::new(),
        };
        for (field, text) in starting {
            if !values.iter().any(|(f, _)| *f == field) {
                values.push((field, text));
            }
        }
        let mut form =
            FormScreen::with_values(draft.kind, purpose, base.map(Box::new), &values, today);
        form.draft = draft.id.clone();
        form.focus = (draft.focus as usize).min(form.fields.len().saturating_sub(1));
        form.changed = true;
        form.original = None;
        form
    }

    /// The records the link fields hold, in form order.
    pub fn link_refs(&self) -> Vec<RecordRef> {
        let mut refs = Vec::new();
        for field in &self.fields {
            let kind = match field.spec.input {
                InputKind::Link(kind) | InputKind::Links(kind) => kind,
                _ => continue,
            };
            for id in link_ids(field.input.text()) {
                refs.push(RecordRef::new(kind, id));
            }
        }
        refs
    }

    /// Asks for the names of the linked records not known yet (all of
    /// the form's links at once, so that a newer question covers an
    /// older one).
    pub fn name_links(&mut self, cx: &mut Cx) {
        let mut refs = self.link_refs();
        // The record itself, for the form's title.
        if let Some(base) = &self.base {
            refs.push(RecordRef::new(self.kind, base.meta().id));
        }
        let asked = self
            .describing
            .as_ref()
            .is_some_and(|(_, asked)| refs.iter().all(|r| asked.contains(r)));
        let known = |r: &RecordRef| self.described.contains_key(r) || self.missing.contains(r);
        if asked || refs.iter().all(known) {
            return;
        }
        let ticket = cx.send(Request::Describe(refs.clone()));
        self.describing = Some((ticket, refs));
    }

    /// What the record being edited is called in lists, once named.
    pub fn record_label(&self) -> Option<&str> {
        let base = self.base.as_ref()?;
        self.described
            .get(&RecordRef::new(self.kind, base.meta().id))
            .map(|described| described.label.as_str())
    }

    /// Whether the names of the links are still awaited: a link not
    /// named then is not yet known to be missing.
    pub fn is_naming(&self) -> bool {
        self.describing.is_some()
    }

    /// The text of one field, if the form has it.
    pub fn value(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.spec.field == field)
            .map(|f| f.input.text())
    }

    /// Sets a field's text as if typed there (checked, kept in the draft,
    /// its links named): a value another field brought (a learner's
    /// school).
    pub fn fill(&mut self, field: Field, text: &str, cx: &mut Cx) {
        let Some(index) = self.fields.iter().position(|f| f.spec.field == field) else {
            return;
        };
        if self.fields[index].protected {
            return;
        }
        self.fields[index].input.set(text);
        self.fields[index].link_label = None;
        self.changed = true;
        self.undrafted = true;
        self.check(index, cx.today, true);
        self.name_links(cx);
    }

    /// Sets a field's starting text (a default), if the form has it.
    pub fn prefill(&mut self, field: Field, text: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.spec.field == field) {
            f.input.set(text);
        }
    }

    pub fn values(&self) -> FormValues {
        self.fields
            .iter()
            .map(|f| (f.spec.field, f.input.text().to_owned()))
            .collect()
    }

    /// The form as a draft to keep.
    pub fn as_draft(&self) -> Draft {
        Draft {
            id: self.draft.clone(),
            kind: self.kind,
            editing: self
                .base
                .as_ref()
                .map(|base| (base.id(), base.meta().revision)),
            purpose: self.purpose.code().to_owned(),
            values: self.values(),
            focus: self.focus as u32,
            saved_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        }
    }

    /// Whether `changed` is a change of the record this form edits. A
    /// change of many records at once (demonstration data, a purge) is
    /// not said: it may not touch this one, and a save over a change
    /// meets the conflict anyway.
    pub fn edits(&self, changed: &crate::client::Changed) -> bool {
        match (changed, self.base.as_deref()) {
            (crate::client::Changed::Record(changed), Some(base)) => *changed == base.reference(),
            _ => false,
        }
    }

    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Whether what is typed is kept as a draft. A consent form is not:
    /// who gave it is personal data that the record keeps masked, which
    /// a draft would hold in clear beside it, and three fields are soon
    /// typed again.
    pub fn keeps_drafts(&self) -> bool {
        self.purpose != Purpose::Consent
    }

    /// Checks one field; `typed`: because the person changed it.
    fn check(&mut self, index: usize, today: NaiveDate, typed: bool) {
        let kind = self.kind;
        let Some(field) = self.fields.get_mut(index) else {
            return;
        };
        let text = field.input.text();
        let result = match self.purpose {
            Purpose::Cancel if text.trim().is_empty() => {
                Err(FieldError::new(field.spec.field, Rule::Required))
            }
            Purpose::Cancel => crate::domain::text::check_text(text.trim(), MAX_LINE)
                .map(|()| Understood::Nothing)
                .map_err(|problem| FieldError::new(field.spec.field, Rule::from(problem))),
            Purpose::Consent => check_consent_field(field.spec.field, text, today),
            _ => check_field(kind, field.spec.field, text, today),
        };
        match result {
            Ok(understood) => {
                field.error = None;
                field.understood = understood;
            }
            // An empty required field is said on save, not while the form
            // is still being filled.
            Err(error) if !typed && text.is_empty() => {
                let _ = error;
                field.error = None;
                field.understood = Understood::Nothing;
            }
            Err(error) => {
                field.error = Some(error);
                field.understood = Understood::Nothing;
            }
        }
    }

    /// Writes the draft if something changed since the last one. One
    /// write at a time: the first tells the draft's number, which the
    /// next ones need.
    pub fn keep_draft(&mut self, cx: &mut Cx) {
        if self.undrafted && self.drafting.is_none() && self.keeps_drafts() {
            self.undrafted = false;
            self.drafting = Some(cx.send(Request::SaveDraft(self.as_draft())));
        }
    }

    /// Whether a draft is worth writing now.
    pub fn needs_draft(&self) -> bool {
        self.undrafted && self.drafting.is_none() && self.saving.is_none() && self.keeps_drafts()
    }

    fn moved(&mut self, to: usize, cx: &mut Cx) {
        // Every field left is kept in the draft.
        self.keep_draft(cx);
        self.focus = to.min(self.fields.len().saturating_sub(1));
    }

    fn edited(&mut self, cx: &mut Cx) {
        self.changed = true;
        self.undrafted = true;
        self.failure = None;
        let focus = self.focus;
        self.check(focus, cx.today, true);
        self.name_links(cx);
    }

    pub fn type_text(&mut self, text: &str, cx: &mut Cx) {
        // Keys typed while a save is on its way are ignored: the form
        // closes with the answer, and they would be lost with it.
        if self.saving.is_some() || !self.focus_is_open() {
            return;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &field.spec.input {
            // A choice takes the first of its values starting with what
            // is typed; yes/no takes y/o/n.
            InputKind::Choice(codes) => {
                let current = codes.iter().position(|code| *code == field.input.text());
                let named = |code: &str| choice_name(self.kind, field.spec.field, code, cx.lang);
                match next_starting(codes, current, text, named) {
                    Some(index) => field.input.set(codes[index]),
                    None => return,
                }
            }
            InputKind::YesNo => match fold(text).chars().next() {
                Some('y' | 'o') => field.input.set("yes"),
                Some('n') => field.input.set("no"),
                _ => return,
            },
            InputKind::ChoiceSet(codes) => {
                if text == " " {
                    // Space checks or unchecks the choice under the cursor.
                    let Some(code) = codes.get(field.choice_cursor) else {
                        return;
                    };
                    let toggled = toggle(field.input.text(), code);
                    field.input.set(&toggled);
                } else {
                    // A letter goes to the next choice named so.
                    let named =
                        |code: &str| choice_name(self.kind, field.spec.field, code, cx.lang);
                    if let Some(index) =
                        next_starting(codes, Some(field.choice_cursor), text, named)
                    {
                        field.choice_cursor = index;
                    }
                    return;
                }
            }
            InputKind::Link(_) | InputKind::Links(_) | InputKind::Number => {
                // Ids and numbers: digits (and commas between ids).
                let kept: String = text
                    .chars()
                    .filter(|c| {
                        c.is_ascii_digit()
                            || (*c == ',' && matches!(field.spec.input, InputKind::Links(_)))
                    })
                    .collect();
                if kept.is_empty() {
                    return;
                }
                // A number typed over its default (0) replaces it: 120,
                // not 0120.
                if field.spec.input == InputKind::Number && field.input.text() == "0" {
                    field.input.set("");
                }
                field.input.insert_str(&kept);
                // A link typed by hand is no longer the one chosen.
                field.link_label = None;
            }
            _ => field.input.insert_str(text),
        }
        self.edited(cx);
    }

    /// The cursor to the next or previous line of the field under focus;
    /// false when it has none there.
    fn move_line(&mut self, step: isize) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if let InputKind::ChoiceSet(codes) = &field.spec.input {
            // Through the choices, then on to the next field.
            return match field.choice_cursor.checked_add_signed(step) {
                Some(next) if next < codes.len() && !field.protected => {
                    field.choice_cursor = next;
                    true
                }
                _ => false,
            };
        }
        field.input.move_line(step)
    }

    /// The next or previous value of a choice field.
    fn cycle(&mut self, step: isize, cx: &mut Cx) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let codes: Vec<&str> = match &field.spec.input {
            InputKind::Choice(codes) => codes.clone(),
            InputKind::YesNo => vec!["yes", "no"],
            _ => return false,
        };
        if codes.is_empty() {
            return true;
        }
        let here = codes.iter().position(|c| *c == field.input.text());
        let next = match here {
            Some(i) => (i as isize + step).rem_euclid(codes.len() as isize) as usize,
            None => 0,
        };
        field.input.set(codes[next]);
        self.edited(cx);
        true
    }

    /// The link field under focus, if it is one: its kind.
    pub fn link_kind(&self) -> Option<Kind> {
        match self.fields.get(self.focus).map(|f| &f.spec.input) {
            Some(InputKind::Link(kind) | InputKind::Links(kind)) => Some(*kind),
            _ => None,
        }
    }

    /// Puts a chosen record's id in the link field under focus.
    pub fn set_link(&mut self, id: crate::domain::RecordId, label: String, cx: &mut Cx) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match field.spec.input {
            InputKind::Links(_) if !field.input.text().trim().is_empty() => {
                let text = format!("{},{}", field.input.text().trim_end_matches(','), id.0);
                field.input.set(&text);
                field.link_label = None;
            }
            _ => {
                field.input.set(&id.0.to_string());
                field.link_label = Some(label);
            }
        }
        self.edited(cx);
    }

    /// Returns what the application should do next.
    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> FormOutcome {
        if self.saving.is_some() {
            return FormOutcome::Stay;
        }
        let last = self.fields.len().saturating_sub(1);
        match action {
            Action::NextField => self.moved((self.focus + 1).min(last), cx),
            Action::PreviousField => self.moved(self.focus.saturating_sub(1), cx),
            Action::LineDown if self.move_line(1) => {}
            Action::LineUp if self.move_line(-1) => {}
            Action::LineDown => self.moved((self.focus + 1).min(last), cx),
            Action::LineUp => self.moved(self.focus.saturating_sub(1), cx),
            _ if is_typing(action) && !self.focus_is_open() => {}
            Action::NewLine => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    if field.input.new_line() {
                        self.edited(cx);
                    }
                }
            }
            Action::Submit if self.link_kind().is_some() => return FormOutcome::Pick,
            Action::Submit => self.moved((self.focus + 1).min(last), cx),
            Action::Pick if self.link_kind().is_some() => return FormOutcome::Pick,
            Action::Save if self.is_untouched() => return FormOutcome::Unchanged,
            Action::Save => self.save(cx),
            Action::Back | Action::Cancel => return FormOutcome::Leave,
            Action::CursorLeft if self.cycle(-1, cx) => {}
            Action::CursorRight if self.cycle(1, cx) => {}
            Action::Swap => self.swap(cx),
            other => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    // A set of choices is changed by its own keys; of the
                    // editing keys, only clearing it applies.
                    let set = matches!(field.spec.input, InputKind::ChoiceSet(_));
                    if set && other != Action::ClearLine {
                        return FormOutcome::Stay;
                    }
                    if field.input.edit(other) {
                        field.link_label = None;
                        self.edited(cx);
                    }
                }
            }
        }
        FormOutcome::Stay
    }

    /// After a conflict: the field takes what the store holds, and what
    /// was typed becomes the other choice.
    fn swap(&mut self, cx: &mut Cx) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        if let Some(theirs) = field.theirs.take() {
            field.theirs = Some(field.input.text().to_owned());
            field.input.set(&theirs);
            self.edited(cx);
        }
    }

    /// An edit with every field as it opened: a save has nothing to
    /// write.
    pub fn is_untouched(&self) -> bool {
        let starts_from_the_record = match (&self.purpose, self.base.as_deref()) {
            (Purpose::Edit, Some(_)) => true,
            // An evaluation opened again, not one being made.
            (Purpose::Evaluate, Some(Record::Immersion(immersion))) => {
                immersion.evaluation.is_some()
            }
            _ => false,
        };
        starts_from_the_record && self.original.as_ref() == Some(&self.values())
    }

    /// Checks everything; saves if nothing is wrong, else goes to the
    /// first field in error.
    pub fn save(&mut self, cx: &mut Cx) {
        // One save at a time: a second would make a second record.
        if self.saving.is_some() {
            return;
        }
        self.failure = None;
        if self.purpose == Purpose::Consent {
            self.save_consent(cx);
            return;
        }
        let record = match (&self.purpose, self.base.as_deref()) {
            (Purpose::Cancel, _) => self.cancelled(),
            (Purpose::Evaluate, Some(Record::Immersion(immersion))) => {
                parse_evaluation(&self.values(), immersion, &cx.account, cx.today)
                    .map(Record::Immersion)
            }
            _ => parse_form(self.kind, &self.values(), self.base.as_deref(), cx.today),
        };
        match record {
            Ok(record) => {
                self.saving = Some(cx.send(Request::Save(Box::new(SaveRequest { record }))));
            }
            Err(errors) => self.show_errors(&errors, cx),
        }
    }

    /// Sends the consent typed, for the record of the form; the service
    /// checks again whether the person may record it.
    fn save_consent(&mut self, cx: &mut Cx) {
        let Some(target) = self.base.as_deref().map(Record::reference) else {
            return;
        };
        match parse_consent(&self.values(), cx.today) {
            Ok(input) => {
                self.saving = Some(cx.send(Request::RecordConsent(RecordKey::Id(target), input)));
            }
            Err(errors) => self.show_errors(&errors, cx),
        }
    }

    /// The base placement, cancelled with the reason typed.
    fn cancelled(&self) -> Result<Record, ValidationErrors> {
        let reason = self
            .values()
            .first()
            .map(|(_, t)| t.trim().to_owned())
            .unwrap_or_default();
        let mut errors = ValidationErrors::default();
        if reason.is_empty() {
            errors.push(Field::CancelReason, Rule::Required);
            return Err(errors);
        }
        match self.base.as_deref() {
            Some(Record::Placement(placement)) => {
                let mut placement = placement.clone();
                placement.status = crate::domain::status::PlacementStatus::Cancelled;
                placement.cancel_reason = Some(reason);
                Ok(Record::Placement(placement))
            }
            _ => {
                errors.push(Field::Status, Rule::Required);
                Err(errors)
            }
        }
    }

    fn show_errors(&mut self, errors: &ValidationErrors, cx: &Cx) {
        for field in &mut self.fields {
            field.error = errors
                .0
                .iter()
                .find(|e| e.field == field.spec.field)
                .cloned();
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        } else if let Some(error) = errors.0.first() {
            // An error on a field the form does not show.
            self.failure = Some(crate::i18n::messages::field_error(error, cx.lang));
        }
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<Saved, String> {
        if self
            .describing
            .as_ref()
            .is_some_and(|(asked, _)| *asked == ticket)
        {
            let asked = self
                .describing
                .take()
                .map(|(_, asked)| asked)
                .unwrap_or_default();
            let Ok(Response::Described(found)) = result else {
                // Not named this time (the service is away): the numbers
                // stay as they are, asked again when the links change.
                return Ok(Saved::No);
            };
            for described in found {
                self.described
                    .insert(described.record.reference(), described);
            }
            for reference in asked {
                if !self.described.contains_key(&reference) {
                    self.missing.insert(reference);
                }
            }
            // Links changed meanwhile are asked for now.
            self.name_links(cx);
            return Ok(Saved::No);
        }
        if self.drafting == Some(ticket) {
            self.drafting = None;
            return match result {
                Ok(Response::DraftSaved(draft)) => {
                    // Saved meanwhile: the draft is not needed any more.
                    if self.saving.is_none() && !self.changed {
                        if let Some(id) = draft.id {
                            cx.send(Request::DiscardDraft(id));
                        }
                    } else {
                        self.draft = draft.id;
                        self.keep_draft(cx);
                    }
                    Ok(Saved::No)
                }
                Ok(_) => Ok(Saved::No),
                // The draft went meanwhile (discarded from another
                // session, or the oldest dropped): a new one is made.
                Err(ServiceError::DraftNotFound { .. }) => {
                    self.draft = None;
                    self.undrafted = true;
                    self.keep_draft(cx);
                    Ok(Saved::No)
                }
                // Typing goes on; the next field left tries again.
                Err(error) => {
                    self.undrafted = true;
                    Err(failure_text(&error, cx.lang))
                }
            };
        }
        if self.saving != Some(ticket) {
            return Ok(Saved::No);
        }
        self.saving = None;
        match result {
            Ok(Response::Saved(saved)) => {
                self.changed = false;
                self.undrafted = false;
                if let Some(draft) = self.draft.take() {
                    cx.send(Request::DiscardDraft(draft));
                }
                let read = self.base.as_ref().map(|base| base.meta().revision);
                if read.is_some_and(|read| !saved.wrote(read)) {
                    return Ok(Saved::Unchanged);
                }
                Ok(Saved::Yes {
                    record: Box::new(saved.record),
                    previous: self.base.clone(),
                })
            }
            Ok(Response::Consent(consent)) => {
                self.changed = false;
                self.undrafted = false;
                Ok(Saved::Consent(Box::new(consent)))
            }
            Ok(_) => Ok(Saved::No),
            Err(ServiceError::Invalid(errors)) => {
                self.show_errors(&errors, cx);
                Ok(Saved::No)
            }
            Err(ServiceError::Conflict { current }) => {
                self.conflict(*current, cx.today);
                self.name_links(cx);
                Ok(Saved::Conflict)
            }
            Err(error) => {
                if let ServiceError::NotAllowed(NotAllowed::LiftConfidentiality { .. }) = &error {
                    // To the mark that was refused: what was typed stays,
                    // for the person to set it back or ask an admin.
                    if let Some(index) = self
                        .fields
                        .iter()
                        .position(|f| f.spec.field == Field::Confidentiality)
                    {
                        self.focus = index;
                    }
                }
                let text = failure_text(&error, cx.lang);
                self.failure = Some(text.clone());
                Err(text)
            }
        }
    }

    /// Someone saved the record meanwhile: it becomes the base (its
    /// revision is the one to save over), what is typed stays, and each
    /// field that differs shows the stored value to take instead.
    pub fn conflict(&mut self, current: Record, today: NaiveDate) {
        let theirs = match (&self.purpose, &current) {
            (Purpose::Evaluate, Record::Immersion(immersion)) => evaluation_values(immersion),
            (Purpose::Cancel, Record::Placement(placement)) => vec![(
                Field::CancelReason,
                placement.cancel_reason.clone().unwrap_or_default(),
            )],
            _ => values_of(&current),
        };
        let mut taken = Vec::new();
        for (index, field) in self.fields.iter_mut().enumerate() {
            let Some(stored) = theirs
                .iter()
                .find(|(f, _)| *f == field.spec.field)
                .map(|(_, t)| t.clone())
            else {
                continue;
            };
            let original = self.original.as_ref().and_then(|original| {
                original
                    .iter()
                    .find(|(f, _)| *f == field.spec.field)
                    .map(|(_, t)| t.as_str())
            });
            match original {
                // Not changed here: it takes what was saved meanwhile.
                Some(original) if original == field.input.text() => {
                    if stored != field.input.text() {
                        field.input.set(&stored);
                        taken.push(index);
                    }
                    field.theirs = None;
                }
                // Changed here only: what was typed stands.
                Some(original) if original == stored => field.theirs = None,
                // Changed on both sides (or not known): both shown.
                _ => {
                    field.theirs = Some(stored).filter(|stored| stored != field.input.text());
                }
            }
        }
        for index in taken {
            self.check(index, today, false);
            self.undrafted = true;
        }
        // What the form now starts from; the change made meanwhile is
        // shown field by field from here.
        self.original = Some(theirs);
        self.base = Some(Box::new(current));
        self.protect_masked();
        self.changed_meanwhile = None;
    }

    pub fn has_conflict(&self) -> bool {
        self.fields.iter().any(|f| f.theirs.is_some())
    }
}

/// What a choice is called in `lang`, its code if the catalogue has no
/// name for it.
fn choice_name(kind: Kind, field: Field, code: &str, lang: crate::i18n::Lang) -> String {
    crate::i18n::forms::choice_label(kind, field, code, lang)
        .unwrap_or(code)
        .to_owned()
}

/// The choice `typed` reaches: one letter goes to the next choice (after
/// `current`, round to the start) whose name starts with it, accents and
/// case aside, so that typing it again goes through those choices; more
/// (pasted) to the first whose name or code starts with it.
fn next_starting(
    codes: &[&str],
    current: Option<usize>,
    typed: &str,
    named: impl Fn(&str) -> String,
) -> Option<usize> {
    let wanted = fold(typed);
    if wanted.is_empty() || codes.is_empty() {
        return None;
    }
    let starts = |index: usize| {
        fold(&named(codes[index])).starts_with(&wanted) || fold(codes[index]).starts_with(&wanted)
    };
    if typed.chars().count() > 1 {
        return (0..codes.len()).find(|&index| starts(index));
    }
    let from = current.map_or(0, |index| index + 1);
    (0..codes.len())
        .map(|step| (from + step) % codes.len())
        .find(|&index| starts(index))
}

/// A set of codes (comma-separated) with `code` added at its end, or
/// taken out if it was there; the others keep their order.
fn toggle(set: &str, code: &str) -> String {
    let mut codes: Vec<&str> = set
        .split([',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    match codes.iter().position(|c| *c == code) {
        Some(index) => {
            codes.remove(index);
        }
        None => codes.push(code),
    }
    codes.join(",")
}

/// The record numbers a link field's text holds, in order (what does not
/// read as one is left to the field's check).
pub fn link_ids(text: &str) -> Vec<crate::domain::RecordId> {
    text.split([',', ';'])
        .filter_map(|piece| piece.trim().parse::<u64>().ok())
        .filter(|id| *id > 0)
        .map(crate::domain::RecordId)
        .collect()
}

/// Whether an action changes what a field holds.
fn is_typing(action: Action) -> bool {
    matches!(
        action,
        Action::NewLine
            | Action::DeleteBack
            | Action::DeleteForward
            | Action::DeleteWord
            | Action::ClearLine
            | Action::Swap
            | Action::CursorLeft
            | Action::CursorRight
    )
}

/// What a form asks of the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Stay,
    /// Open the picker for the link field under focus.
    Pick,
    /// Leave (asking first when something is unsaved).
    Leave,
    /// A save with nothing changed: leave, saying nothing was written.
    Unchanged,
}
