//! One record with what it points at and what points at it; Enter
//! follows the selected link.

use crate::domain::audit::RevealPurpose;
use crate::domain::{Kind, RecordRef};
use crate::service::ServiceError;
use crate::service::describe::Described;
use crate::service::get::{GetResponse, RecordKey};
use crate::service::labels::LinkedRecord;
use crate::service::protocol::{Request, Response};
use crate::service::reveal::RevealRequest;
use crate::tui::app::list::LinkedTo;
use crate::tui::app::loadable::Loadable;
use crate::tui::app::{Cx, ListSpec, Nav, Target, Ticket, failure_text, record_target};
use crate::tui::keymap::Action;

/// Something of a detail that can be selected and opened.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailItem {
    /// A record this one points at (its school, its company…).
    Link(LinkedRecord),
    /// A record pointing at this one.
    Dependent(LinkedRecord),
    /// All the records of a kind pointing at this one, as a list.
    All { kind: Kind, total: usize },
}

impl DetailItem {
    /// Items of one group share this: links, then each dependent kind.
    fn group(&self) -> Option<Kind> {
        match self {
            DetailItem::Link(_) => None,
            DetailItem::Dependent(linked) => Some(linked.reference.kind),
            DetailItem::All { kind, .. } => Some(*kind),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetailScreen {
    pub key: RecordKey,
    pub data: Loadable<Box<GetResponse>>,
    pub selected: usize,
    awaiting: Option<Ticket>,
    /// A reveal asked for: its answer replaces the record only if it
    /// grants it; a refusal leaves the masked record shown.
    revealing: Option<Ticket>,
    /// The records it points at, with what tells them from namesakes.
    pub described: std::collections::HashMap<crate::domain::RecordRef, Described>,
    describing: Option<Ticket>,
}

impl DetailScreen {
    pub fn new(key: RecordKey) -> Self {
        DetailScreen {
            key,
            data: Loadable::Loading,
            selected: 0,
            awaiting: None,
            revealing: None,
            described: std::collections::HashMap::new(),
            describing: None,
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.data.ready().is_some()
    }

    /// Loads the record, masked: a reveal lasts until the screen is
    /// left or reloaded.
    pub fn load(&mut self, cx: &mut Cx) {
        self.revealing = None;
        self.awaiting = Some(cx.send(Request::Get(self.key.clone())));
    }

    /// Asks for the restricted fields in clear, for this screen. Nothing
    /// to ask for a record that is not confidential or already revealed.
    fn reveal(&mut self, cx: &mut Cx) {
        let Some(data) = self.data.ready() else {
            return;
        };
        if !data.record.meta().confidentiality.confidential || data.revealed {
            return;
        }
        self.revealing = Some(cx.send(Request::Reveal(RevealRequest {
            key: RecordKey::Id(data.record.reference()),
            purpose: RevealPurpose::Screen,
        })));
    }

    /// The selectable items, in order.
    pub fn items(&self) -> Vec<DetailItem> {
        let Some(data) = self.data.ready() else {
            return Vec::new();
        };
        let mut items: Vec<DetailItem> = data.links.iter().cloned().map(DetailItem::Link).collect();
        for group in &data.dependents {
            items.extend(group.shown.iter().cloned().map(DetailItem::Dependent));
            items.push(DetailItem::All {
                kind: group.kind,
                total: group.total,
            });
        }
        items
    }

    fn reference(&self) -> Option<RecordRef> {
        self.data.ready().map(|d| d.record.reference())
    }

    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> Nav {
        let items = self.items();
        let last = items.len().saturating_sub(1);
        let page = cx.body_rows().max(2) / 2;
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => {
                self.selected = (self.selected + page).min(last)
            }
            Action::PageUp | Action::HalfPageUp => {
                self.selected = self.selected.saturating_sub(page)
            }
            Action::First => self.selected = 0,
            Action::Last => self.selected = last,
            Action::NextPanel => {
                let group = items.get(self.selected).map(DetailItem::group);
                if let Some(next) = items
                    .iter()
                    .enumerate()
                    .skip(self.selected)
                    .find(|(_, item)| Some(item.group()) != group)
                {
                    self.selected = next.0;
                } else {
                    self.selected = 0;
                }
            }
            Action::PreviousPanel => {
                let group = items.get(self.selected).map(DetailItem::group);
                // The start of the group before this one.
                let mut index = self.selected;
                while index > 0 && items.get(index - 1).map(DetailItem::group) == group {
                    index -= 1;
                }
                if index == 0 {
                    self.selected = last;
                    while self.selected > 0
                        && items[self.selected - 1].group() == items[last].group()
                    {
                        self.selected -= 1;
                    }
                } else {
                    let before = items[index - 1].group();
                    while index > 0 && items[index - 1].group() == before {
                        index -= 1;
                    }
                    self.selected = index;
                }
            }
            Action::Open => return self.open(items.get(self.selected)),
            Action::Reveal => self.reveal(cx),
            Action::History => return self.history(cx),
            _ => {}
        }
        Nav::Stay
    }

    fn open(&self, item: Option<&DetailItem>) -> Nav {
        match item {
            Some(DetailItem::Link(linked) | DetailItem::Dependent(linked)) => {
                Nav::Open(record_target(linked.reference))
            }
            Some(DetailItem::All { kind, .. }) => match (self.reference(), self.data.ready()) {
                (Some(reference), Some(data)) => Nav::Open(Target::List(ListSpec {
                    linked_to: Some(LinkedTo {
                        reference,
                        label: data.label.clone(),
                    }),
                    ..ListSpec::of(*kind)
                })),
                _ => Nav::Stay,
            },
            None => Nav::Stay,
        }
    }

    /// The record's audit entries, once the record is known by number.
    fn history(&self, cx: &Cx) -> Nav {
        match self.data.ready() {
            Some(data) => Nav::Open(Target::History {
                target: data.record.reference(),
                label: data.label.clone(),
            }),
            None => Nav::Inform(crate::i18n::history::not_loaded(cx.lang).to_owned()),
        }
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<(), String> {
        if self.revealing == Some(ticket) {
            self.revealing = None;
            return match result {
                Ok(Response::Get(data)) => {
                    self.data = Loadable::Ready(data);
                    Ok(())
                }
                Ok(_) => Ok(()),
                // Refused: the record stays shown, masked; the message
                // says who may reveal it.
                Err(error) => Err(failure_text(&error, cx.lang)),
            };
        }
        if self.describing == Some(ticket) {
            self.describing = None;
            if let Ok(Response::Described(found)) = result {
                self.described = found
                    .into_iter()
                    .map(|described| (described.record.reference(), described))
                    .collect();
            }
            return Ok(());
        }
        if self.awaiting != Some(ticket) {
            return Ok(());
        }
        self.awaiting = None;
        match result {
            Ok(Response::Get(data)) => {
                // What it points at, named as namesakes are told apart.
                let mut links: Vec<_> = data.links.iter().map(|link| link.reference).collect();
                // A learner's placements are named after her: what tells
                // them apart is in their description.
                if data.record.kind() == crate::domain::Kind::Learner {
                    links.extend(
                        data.dependents
                            .iter()
                            .filter(|group| group.kind == crate::domain::Kind::Placement)
                            .flat_map(|group| group.shown.iter().map(|linked| linked.reference)),
                    );
                }
                if !links.is_empty() {
                    self.describing = Some(cx.send(Request::Describe(links)));
                }
                // Refreshed by number from now on, whatever it was opened by.
                self.key = RecordKey::Id(data.record.reference());
                self.data = Loadable::Ready(data);
                self.selected = self.selected.min(self.items().len().saturating_sub(1));
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(error) => {
                let text = failure_text(&error, cx.lang);
                self.data = Loadable::Failed(text.clone());
                Err(text)
            }
        }
    }
}
