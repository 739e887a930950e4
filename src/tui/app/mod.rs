//! The state of the interface and the one place it changes: keys become
//! actions (through the keymap), actions change the state and may ask
//! the service for data, answers change the state. Nothing here draws.

pub mod changes;
pub mod command;
pub mod confirm;
pub mod consent;
pub mod dashboard;
pub mod detail;
pub mod drafts;
pub mod finder;
pub mod form;
pub mod help;
pub mod history;
pub mod import;
pub mod keys;
pub mod list;
pub mod live;
pub mod loadable;
pub mod messages;
pub mod outbox;
pub mod picker;
pub mod report;
pub mod undo;

use chrono::NaiveDate;

use crate::domain::RecordRef;
use crate::domain::dates::SchoolYear;
use crate::i18n::Lang;
use crate::i18n::messages::service_error;
use crate::service::ServiceError;
use crate::service::get::RecordKey;
use crate::service::protocol::Response;
use crate::tui::keymap::{Action, Key, Keymap, Mode};
use crate::tui::theme::Theme;

pub use command::CommandLine;
pub use confirm::Question;
pub use dashboard::Dashboard;
pub use detail::DetailScreen;
pub use finder::Finder;
pub use form::FormScreen;
pub use help::Help;
pub use history::HistoryScreen;
pub use list::{ListScreen, ListSpec};
pub use outbox::{Job, Outbox, Slot, Ticket};
pub use picker::Picker;
pub use report::ReportScreen;

/// The rows above and below a screen's body: the header with the
/// breadcrumbs, the status bar.
pub const CHROME_ROWS: u16 = 2;

/// What the state needs to know of the terminal: its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub width: u16,
    pub height: u16,
}

/// Where an action leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Dashboard,
    List(ListSpec),
    Record(RecordKey),
    /// The audit entries about a record, named by `label`.
    History {
        target: RecordRef,
        label: String,
    },
    /// The yearly report on a school year.
    Report(SchoolYear),
}

/// What a screen's update asks of the application.
#[derive(Debug, Clone, PartialEq)]
pub enum Nav {
    Stay,
    Open(Target),
    Back,
    /// A word for the status bar (a quick filter this kind lacks).
    Inform(String),
}

/// What every screen reads of the application: the language, today,
/// the terminal's size.
#[derive(Debug, Clone)]
pub struct Settings {
    pub account: String,
    pub lang: Lang,
    pub today: NaiveDate,
    pub viewport: Viewport,
}

/// What a screen needs while it changes: the language, today, its
/// size, and a way to ask the service.
pub struct Cx<'a> {
    /// Who is typing: the Unix account, which signs an evaluation.
    pub account: String,
    pub lang: Lang,
    pub today: NaiveDate,
    pub viewport: Viewport,
    outbox: &'a mut Outbox,
    slot: Slot,
}

impl<'a> Cx<'a> {
    pub fn new(settings: Settings, outbox: &'a mut Outbox, slot: Slot) -> Self {
        Cx {
            account: settings.account,
            lang: settings.lang,
            today: settings.today,
            viewport: settings.viewport,
            outbox,
            slot,
        }
    }

    /// Asks the service; the answer comes back to the same screen with
    /// the returned ticket. A newer request from the same screen makes
    /// an older one not yet answered useless.
    pub fn send(&mut self, request: crate::service::protocol::Request) -> Ticket {
        self.outbox.send(self.slot, request)
    }

    /// Rows of a screen's body.
    pub fn body_rows(&self) -> usize {
        self.viewport.height.saturating_sub(CHROME_ROWS) as usize
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScreenView {
    Dashboard(Dashboard),
    /// Boxed: a list holds its window of rows and is the largest.
    List(Box<ListScreen>),
    Detail(DetailScreen),
    History(HistoryScreen),
    Form(Box<FormScreen>),
    Report(ReportScreen),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    pub slot: Slot,
    pub view: ScreenView,
    /// Others changed the store while it was below the top: read again
    /// when it comes back.
    pub stale: bool,
    /// Others changed the store while it was waiting for an answer: read
    /// again once the answer is in (see `live.rs`).
    pub due: Option<live::Due>,
    /// Opened by a `:` command: once it shows, the screens between it
    /// and the dashboard go.
    pub jumped: bool,
}

impl Screen {
    pub fn new(slot: Slot, view: ScreenView) -> Screen {
        Screen {
            slot,
            view,
            stale: false,
            due: None,
            jumped: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Command(CommandLine),
    Finder(Finder),
    Help(Help),
    Picker(Picker),
    Confirm(Question),
    /// This session's messages read again (`:messages`).
    Messages(messages::MessagesView),
}

/// A line for the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// How the application starts.
pub struct AppOptions {
    /// Who uses it: the Unix account, which signs evaluations.
    pub account: String,
    pub lang: Lang,
    pub keymap: Keymap,
    pub theme: Theme,
    pub today: NaiveDate,
    pub viewport: Viewport,
}

pub struct App {
    pub account: String,
    pub lang: Lang,
    pub keymap: Keymap,
    pub theme: Theme,
    pub today: NaiveDate,
    pub viewport: Viewport,
    /// The breadcrumb trail; the dashboard is always at the bottom.
    pub screens: Vec<Screen>,
    pub overlay: Option<Overlay>,
    /// The first key of a chord, waiting for the second.
    pub pending_keys: Vec<Key>,
    pub message: Option<Message>,
    /// Every message of this session, for `:messages`.
    pub messages: messages::MessageLog,
    /// Commands typed this session, the latest last.
    pub history: Vec<String>,
    pub quit: bool,
    /// This session's changes, to undo.
    pub undo: undo::UndoStack,
    /// The académie of the coordinator's last entry: the default of the
    /// next new record that has one.
    pub last_academie: Option<String>,
    outbox: Outbox,
    /// The application's own requests (delete, undo, a status moved,
    /// drafts) waiting for their answers.
    pending: std::collections::HashMap<Ticket, changes::Pending>,
    /// Imports asked for, and whether one runs (`import.rs`).
    pub imports: import::Imports,
}

impl App {
    /// The application on its dashboard, which it starts loading.
    pub fn new(options: AppOptions) -> App {
        let mut app = App {
            account: options.account,
            lang: options.lang,
            keymap: options.keymap,
            theme: options.theme,
            today: options.today,
            viewport: options.viewport,
            screens: Vec::new(),
            overlay: None,
            pending_keys: Vec::new(),
            message: None,
            messages: messages::MessageLog::default(),
            history: Vec::new(),
            quit: false,
            undo: undo::UndoStack::default(),
            last_academie: None,
            outbox: Outbox::default(),
            pending: std::collections::HashMap::new(),
            imports: import::Imports::default(),
        };
        app.push(ScreenView::Dashboard(Dashboard::default()));
        app.offer_drafts();
        app
    }

    /// The first keys bound to `action` in `mode`, as the help shows
    /// them: for messages that name a key.
    pub fn key_label(&self, mode: Mode, action: Action) -> String {
        self.keymap
            .keys_for(mode, action)
            .map(|keys| {
                keys.iter()
                    .map(|k| k.label(self.lang))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    fn settings(&self) -> Settings {
        Settings {
            account: self.account.clone(),
            lang: self.lang,
            today: self.today,
            viewport: self.viewport,
        }
    }

    /// The mode whose bindings are in force.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Command(_)) => Mode::Command,
            Some(Overlay::Finder(_)) => Mode::Finder,
            Some(Overlay::Help(_) | Overlay::Messages(_)) => Mode::Help,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            None => self.screen_mode(),
        }
    }

    /// The mode of the screen under any overlay.
    pub fn screen_mode(&self) -> Mode {
        match self.screens.last().map(|s| &s.view) {
            Some(ScreenView::List(list)) if list.editing_filter => Mode::Filter,
            Some(ScreenView::List(_)) => Mode::List,
            Some(ScreenView::Detail(_)) => Mode::Detail,
            Some(ScreenView::History(_)) => Mode::History,
            Some(ScreenView::Report(_)) => Mode::Report,
            Some(ScreenView::Form(_)) => Mode::Form,
            Some(ScreenView::Dashboard(_)) | None => Mode::Dashboard,
        }
    }

    pub fn top(&self) -> Option<&Screen> {
        self.screens.last()
    }

    /// The requests waiting to be sent to the service.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        self.outbox.take_jobs()
    }

    /// A request the worker dropped for a newer one from the same slot.
    pub fn superseded(&mut self, ticket: Ticket) {
        if let Some(slot) = self.outbox.dropped(ticket) {
            self.read_again_if_due(slot);
        }
    }

    /// Whether an answer is awaited.
    pub fn is_waiting(&self) -> bool {
        self.outbox.is_waiting()
    }

    pub fn resize(&mut self, viewport: Viewport) {
        if viewport == self.viewport {
            return;
        }
        self.viewport = viewport;
        // A list taller than before may need more rows.
        let settings = self.settings();
        if let Some(screen) = self.screens.last_mut() {
            let mut cx = Cx::new(settings, &mut self.outbox, screen.slot);
            if let ScreenView::List(list) = &mut screen.view {
                list.fill(&mut cx);
            }
        }
    }

    fn push(&mut self, view: ScreenView) {
        let slot = self.outbox.new_slot();
        self.screens.push(Screen::new(slot, view));
        self.reload_top();
    }

    /// Asks again for what the top screen shows; a list keeps its place.
    fn reload_top(&mut self) {
        let settings = self.settings();
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let mut cx = Cx::new(settings, &mut self.outbox, screen.slot);
        match &mut screen.view {
            ScreenView::Dashboard(dashboard) => dashboard.load(&mut cx),
            ScreenView::List(list) => list.refresh(&mut cx),
            ScreenView::Detail(detail) => detail.load(&mut cx),
            ScreenView::History(history) => history.load(&mut cx),
            ScreenView::Report(report) => report.load(&mut cx),
            // A form is what the person typed: nothing to load.
            ScreenView::Form(_) => {}
        }
    }

    pub fn open(&mut self, target: Target) {
        self.overlay = None;
        match target {
            Target::Dashboard => {
                // Never past a form: back to the nearest one, which asks
                // before it goes if it holds changes.
                if let Some(form) = self
                    .screens
                    .iter()
                    .rposition(|s| matches!(s.view, ScreenView::Form(_)))
                {
                    self.screens.truncate(form + 1);
                    self.leave_form();
                    return;
                }
                self.screens.truncate(1);
                self.reload_top();
            }
            Target::List(spec) => self.push(ScreenView::List(Box::new(ListScreen::new(spec)))),
            Target::Record(key) => self.push(ScreenView::Detail(DetailScreen::new(key))),
            Target::History { target, label } => {
                self.push(ScreenView::History(HistoryScreen::new(target, label)))
            }
            Target::Report(year) => self.push(ScreenView::Report(ReportScreen::new(year))),
        }
    }

    /// Goes where a `:` command says: a jump, not a step, so the trail
    /// starts again from the dashboard (`:school 7` then `:placements`
    /// is « Tableau de bord › Stages », not a trail growing with every
    /// command). A form on the way is never dropped: the trail then
    /// grows from it, and going back reaches it.
    fn jump(&mut self, target: Target) {
        let holds_a_form = self
            .screens
            .iter()
            .any(|screen| matches!(screen.view, ScreenView::Form(_)));
        match target {
            _ if holds_a_form => self.open(target),
            Target::Dashboard => self.open(target),
            // A record may not exist: the trail is cut only once it shows
            // (until then the person stays where they were).
            Target::Record(_) => {
                self.open(target);
                if let Some(screen) = self.screens.last_mut() {
                    screen.jumped = true;
                }
            }
            _ => {
                self.screens.truncate(1);
                self.open(target);
            }
        }
    }

    /// Opens the finder, searching for `text` if any.
    pub fn open_finder(&mut self, text: &str) {
        let mut finder = Finder::new(self.outbox.new_slot());
        let settings = self.settings();
        let mut cx = Cx::new(settings, &mut self.outbox, finder.slot);
        if !text.is_empty() {
            finder.type_text(text, &mut cx);
        }
        self.overlay = Some(Overlay::Finder(finder));
    }

    /// An open finder or picker asks for its matches again (someone's
    /// change).
    pub(crate) fn refresh_matches(&mut self) {
        let settings = self.settings();
        match &mut self.overlay {
            Some(Overlay::Finder(finder)) => {
                let mut cx = Cx::new(settings, &mut self.outbox, finder.slot);
                finder.refresh(&mut cx);
            }
            Some(Overlay::Picker(picker)) => {
                let mut cx = Cx::new(settings, &mut self.outbox, picker.slot);
                picker.refresh(&mut cx);
            }
            _ => {}
        }
    }

    fn back(&mut self) {
        if self.overlay.take().is_some() {
            return;
        }
        if self.screens.len() > 1 {
            self.screens.pop();
            self.uncovered();
        }
    }

    /// The screen on top is shown again, the one above it gone: the
    /// dashboard's counts may have moved meanwhile; others' changes are
    /// read again (a list keeping its place).
    fn uncovered(&mut self) {
        let stale = self.screens.last().is_some_and(|screen| screen.stale);
        if stale || matches!(self.top().map(|s| &s.view), Some(ScreenView::Dashboard(_))) {
            if let Some(screen) = self.screens.last_mut() {
                screen.stale = false;
            }
            self.reload_top();
        }
    }

    /// Shows an error in the status bar.
    pub fn error(&mut self, text: String) {
        self.say(Message {
            text,
            is_error: true,
        });
    }

    pub fn inform(&mut self, text: String) {
        self.say(Message {
            text,
            is_error: false,
        });
    }

    fn say(&mut self, message: Message) {
        self.messages.push(message.clone());
        self.message = Some(message);
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: Action) {
        // A question waits for its answer, a picker for its choice:
        // nothing opens over them.
        let free = !matches!(self.overlay, Some(Overlay::Confirm(_) | Overlay::Picker(_)));
        match action {
            Action::Quit => {
                self.ask_to_quit();
                return;
            }
            Action::Undo if self.overlay.is_none() => {
                self.undo_last();
                return;
            }
            Action::Help if free && !matches!(self.overlay, Some(Overlay::Help(_))) => {
                self.overlay = Some(Overlay::Help(Help::new(self.mode())));
                return;
            }
            Action::CommandLine if self.overlay.is_none() => {
                self.overlay = Some(Overlay::Command(CommandLine::new(self.history.len())));
                return;
            }
            Action::Finder if free && !matches!(self.overlay, Some(Overlay::Finder(_))) => {
                self.open_finder("");
                return;
            }
            Action::GoDashboard if free => {
                self.open(Target::Dashboard);
                return;
            }
            Action::Back
                if self.overlay.is_none()
                    && matches!(self.top().map(|s| &s.view), Some(ScreenView::Form(_))) =>
            {
                self.leave_form();
                return;
            }
            Action::Back => {
                self.back();
                return;
            }
            Action::Refresh => {
                self.reload_top();
                return;
            }
            _ => {}
        }
        let nav = match self.overlay.take() {
            Some(Overlay::Command(mut line)) => {
                let outcome = line.apply(action, self);
                if !outcome.closes {
                    self.overlay = Some(Overlay::Command(line));
                }
                if let Nav::Open(target) = outcome.nav {
                    self.jump(target);
                    return;
                }
                outcome.nav
            }
            Some(Overlay::Finder(mut finder)) => {
                let settings = self.settings();
                let mut cx = Cx::new(settings, &mut self.outbox, finder.slot);
                let (nav, closes) = finder.apply(action, &mut cx);
                if !closes {
                    self.overlay = Some(Overlay::Finder(finder));
                }
                nav
            }
            Some(Overlay::Picker(mut picker)) => {
                let settings = self.settings();
                let mut cx = Cx::new(settings, &mut self.outbox, picker.slot);
                match picker.apply(action, &mut cx) {
                    picker::Picked::Nothing => self.overlay = Some(Overlay::Picker(picker)),
                    picker::Picked::Closed => {}
                    picker::Picked::Chosen(record, label) => self.record_chosen(&record, label),
                    picker::Picked::Create(kind, typed) => self.create_for_link(kind, &typed),
                }
                Nav::Stay
            }
            Some(Overlay::Confirm(question)) => self.answer(question, action),
            Some(Overlay::Messages(mut view)) => {
                if !view.apply(action, self.messages.len()) {
                    self.overlay = Some(Overlay::Messages(view));
                }
                Nav::Stay
            }
            Some(Overlay::Help(mut help)) => {
                let rows =
                    help::entries(&self.keymap, help.mode, self.lang, help.filter.text()).len();
                if !help.apply(action, rows, self.viewport) {
                    self.overlay = Some(Overlay::Help(help));
                }
                Nav::Stay
            }
            None => self.apply_to_screen(action),
        };
        self.follow(nav);
    }

    fn apply_to_screen(&mut self, action: Action) -> Nav {
        let on_records = matches!(
            self.top().map(|s| &s.view),
            Some(ScreenView::List(_) | ScreenView::Detail(_))
        );
        if on_records && changes::changes_a_record(action) {
            return self.change_record(action);
        }
        let settings = self.settings();
        let Some(screen) = self.screens.last_mut() else {
            return Nav::Stay;
        };
        let mut cx = Cx::new(settings, &mut self.outbox, screen.slot);
        match &mut screen.view {
            ScreenView::Dashboard(dashboard) => dashboard.apply(action, &mut cx),
            ScreenView::List(list) => list.apply(action, &mut cx),
            ScreenView::Detail(detail) => detail.apply(action, &mut cx),
            ScreenView::History(history) => history.apply(action, &mut cx),
            ScreenView::Report(report) => report.apply(action, &mut cx),
            ScreenView::Form(form) => match form.apply(action, &mut cx) {
                form::FormOutcome::Stay => Nav::Stay,
                form::FormOutcome::Pick => {
                    self.open_picker();
                    Nav::Stay
                }
                form::FormOutcome::Leave => {
                    self.leave_form();
                    Nav::Stay
                }
                form::FormOutcome::Unchanged => {
                    let index = self.screens.len() - 1;
                    self.form_unchanged(index);
                    Nav::Stay
                }
            },
        }
    }

    fn follow(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            Nav::Back => self.back(),
            Nav::Open(target) => self.open(target),
            Nav::Inform(text) => self.inform(text),
        }
    }

    /// Text typed in a typing mode.
    pub fn type_text(&mut self, text: &str) {
        let settings = self.settings();
        match &mut self.overlay {
            Some(Overlay::Command(line)) => line.type_text(text),
            Some(Overlay::Help(help)) => help.type_text(text),
            Some(Overlay::Confirm(_) | Overlay::Messages(_)) => {}
            Some(Overlay::Picker(picker)) => {
                let mut cx = Cx::new(settings, &mut self.outbox, picker.slot);
                picker.type_text(text, &mut cx);
            }
            Some(Overlay::Finder(finder)) => {
                let mut cx = Cx::new(settings, &mut self.outbox, finder.slot);
                finder.type_text(text, &mut cx);
            }
            None => {
                if let Some(screen) = self.screens.last_mut() {
                    let mut cx = Cx::new(settings, &mut self.outbox, screen.slot);
                    match &mut screen.view {
                        ScreenView::List(list) => list.type_text(text, &mut cx),
                        ScreenView::Form(form) => form.type_text(text, &mut cx),
                        _ => {}
                    }
                }
            }
        }
    }

    /// An answer from the service.
    pub fn receive(&mut self, ticket: Ticket, result: Result<Response, ServiceError>) {
        let Some(slot) = self.outbox.answered(ticket) else {
            return;
        };
        self.route(ticket, slot, result);
        // Others' changes that came while this answer was awaited.
        self.read_again_if_due(slot);
    }

    /// Gives an answer to whoever asked: the application itself, an
    /// overlay or a screen.
    fn route(&mut self, ticket: Ticket, slot: Slot, result: Result<Response, ServiceError>) {
        let settings = self.settings();
        if self.pending.contains_key(&ticket) {
            self.action_answered(ticket, result);
            return;
        }
        if let Some(Overlay::Finder(finder)) = &mut self.overlay {
            if finder.slot == slot {
                let mut cx = Cx::new(settings, &mut self.outbox, slot);
                if let Err(error) = finder.receive(ticket, result, &mut cx) {
                    self.error(error);
                }
                return;
            }
        }
        if let Some(Overlay::Picker(picker)) = &mut self.overlay {
            if picker.slot == slot {
                if let Err(error) = picker.receive(ticket, result, settings.lang) {
                    self.error(error);
                }
                return;
            }
        }
        let Some(index) = self.screens.iter().position(|s| s.slot == slot) else {
            // A form closed while its first draft was being written: that
            // draft is not wanted any more.
            if let Ok(Response::DraftSaved(draft)) = result {
                if let Some(id) = draft.id {
                    self.send_action(
                        crate::service::protocol::Request::DiscardDraft(id),
                        changes::Pending::DiscardDraft,
                    );
                }
            }
            return;
        };
        let is_top = index + 1 == self.screens.len();
        let screen = &mut self.screens[index];
        let mut cx = Cx::new(settings, &mut self.outbox, slot);
        let outcome = match &mut screen.view {
            ScreenView::Dashboard(dashboard) => dashboard.receive(ticket, result, &mut cx),
            ScreenView::List(list) => list.receive(ticket, result, &mut cx),
            ScreenView::Detail(detail) => detail.receive(ticket, result, &mut cx),
            ScreenView::History(history) => history.receive(ticket, result, &mut cx),
            ScreenView::Report(report) => report.receive(ticket, result, &mut cx),
            ScreenView::Form(form) => match form.receive(ticket, result, &mut cx) {
                Ok(form::Saved::Yes { record, previous }) => {
                    self.form_saved(index, *record, previous.map(|p| *p));
                    return;
                }
                Ok(form::Saved::Unchanged) => {
                    self.form_unchanged(index);
                    return;
                }
                Ok(form::Saved::Consent(_)) => {
                    self.consent_saved(index);
                    return;
                }
                Ok(form::Saved::No) => Ok(()),
                Ok(form::Saved::Conflict) => {
                    let text = crate::i18n::editing::conflict(
                        self.lang,
                        &self.key_label(Mode::Form, Action::Swap),
                    );
                    self.error(text);
                    return;
                }
                Err(failure) => Err(failure),
            },
        };
        let shown = matches!(&screen.view, ScreenView::Detail(detail) if detail.is_loaded());
        if screen.jumped && shown && outcome.is_ok() {
            screen.jumped = false;
            if is_top && index > 1 {
                self.screens.drain(1..index);
            }
            return;
        }
        if let Err(failure) = outcome {
            // A record that could not be opened (a UAI nobody has): back
            // where the person was, with the reason.
            let opened_nothing = matches!(
                &screen.view,
                ScreenView::Detail(detail) if !detail.is_loaded()
            );
            if opened_nothing && is_top && self.screens.len() > 1 {
                self.screens.pop();
                self.uncovered();
            }
            self.error(failure);
        }
    }
}

/// A service error, as the person reads it.
pub fn failure_text(error: &ServiceError, lang: Lang) -> String {
    service_error(error, lang)
}

/// The record a link or an item points at, as a target.
pub fn record_target(reference: RecordRef) -> Target {
    Target::Record(RecordKey::Id(reference))
}
