//! The dashboard: what is pending, awaiting, coming and near, each item
//! opening its record.

use crate::domain::Kind;
use crate::domain::status::ImmersionStatus;
use crate::service::ServiceError;
use crate::service::list::StatusFilter;
use crate::service::protocol::{Request, Response};
use crate::service::status::StatusResponse;
use crate::tui::app::loadable::Loadable;
use crate::tui::app::{Cx, ListSpec, Nav, Target, Ticket, failure_text, record_target};
use crate::tui::keymap::Action;

/// The panels whose items can be selected and opened, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    #[default]
    Pending,
    Immersions,
    Events,
    Notices,
}

impl Panel {
    pub const ALL: [Panel; 4] = [
        Panel::Pending,
        Panel::Immersions,
        Panel::Events,
        Panel::Notices,
    ];

    fn index(self) -> usize {
        Panel::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dashboard {
    pub status: Loadable<Box<StatusResponse>>,
    pub panel: Panel,
    /// The selected item of each panel.
    pub selected: [usize; 4],
    awaiting: Option<Ticket>,
}

impl Dashboard {
    pub fn load(&mut self, cx: &mut Cx) {
        self.awaiting = Some(cx.send(Request::Status));
    }

    /// What the items of a panel open, in order. The last item of the
    /// pending and awaiting panels opens the whole list.
    pub fn targets(&self, panel: Panel) -> Vec<Target> {
        let Some(status) = self.status.ready() else {
            return Vec::new();
        };
        match panel {
            Panel::Pending => status
                .placements
                .oldest_pending
                .iter()
                .map(|p| record_target(p.reference))
                .chain(std::iter::once(Target::List(ListSpec {
                    status: Some(StatusFilter::PlacementPending),
                    ..ListSpec::of(Kind::Placement)
                })))
                .collect(),
            Panel::Immersions => status
                .immersions
                .oldest_awaiting
                .iter()
                .map(|i| record_target(i.reference))
                .chain(std::iter::once(Target::List(ListSpec {
                    status: Some(StatusFilter::Immersion(ImmersionStatus::Done)),
                    ..ListSpec::of(Kind::Immersion)
                })))
                .collect(),
            Panel::Events => status
                .coming_events
                .iter()
                .map(|e| record_target(e.reference))
                .collect(),
            Panel::Notices => status
                .notice_near
                .iter()
                .map(|a| record_target(a.reference))
                .collect(),
        }
    }

    pub fn selected_in(&self, panel: Panel) -> usize {
        self.selected[panel.index()]
    }

    pub fn apply(&mut self, action: Action, _cx: &mut Cx) -> Nav {
        let count = self.targets(self.panel).len();
        let selected = &mut self.selected[self.panel.index()];
        match action {
            Action::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
            Action::Up => *selected = selected.saturating_sub(1),
            Action::First | Action::PageUp | Action::HalfPageUp => *selected = 0,
            Action::Last | Action::PageDown | Action::HalfPageDown => {
                *selected = count.saturating_sub(1)
            }
            Action::NextPanel | Action::PreviousPanel => {
                let step = if action == Action::NextPanel { 1 } else { 3 };
                self.panel = Panel::ALL[(self.panel.index() + step) % 4];
            }
            Action::Open => {
                let selected = *selected;
                if let Some(target) = self.targets(self.panel).into_iter().nth(selected) {
                    return Nav::Open(target);
                }
            }
            _ => {}
        }
        Nav::Stay
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<(), String> {
        if self.awaiting != Some(ticket) {
            return Ok(());
        }
        self.awaiting = None;
        match result {
            Ok(Response::Status(status)) => {
                self.status = Loadable::Ready(status);
                // Fewer items than before: keep each selection on one.
                for panel in Panel::ALL {
                    let count = self.targets(panel).len();
                    let selected = &mut self.selected[panel.index()];
                    *selected = (*selected).min(count.saturating_sub(1));
                }
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(error) => {
                let text = failure_text(&error, cx.lang);
                self.status = Loadable::Failed(text.clone());
                Err(text)
            }
        }
    }
}
