//! Every screen, form, picker, question and help page, in French at
//! 80×24 and 120×40, as whole-screen snapshots on a demonstration store:
//! what a coordinator reads at either size, reviewed when it changes.

use crate::common::Fixture;
use crate::common::tui::{app, press, screen, type_text};
use crate::language_walk::demo_fixture;
use passerelle::i18n::Lang;
use passerelle::tui::app::App;
use passerelle::tui::keymap::Mode;

/// Screens one after the other, each with a name of its own.
struct Snapshots<'a> {
    fixture: &'a Fixture,
    app: App,
    size: String,
    taken: Vec<String>,
}

impl Snapshots<'_> {
    fn keys(&mut self, keys: &str) {
        press(&mut self.app, self.fixture, keys);
    }

    fn take(&mut self, name: &str) {
        let name = format!("screen_{}_{name}", self.size);
        assert!(!self.taken.contains(&name), "{name} taken twice");
        // Times of the trail are shown in the machine's time zone.
        insta::with_settings!({ filters => vec![(r"\d\d/\d\d/\d{4} \d\d:\d\d", "[date et heure]")] }, {
            insta::assert_snapshot!(name.clone(), screen(&self.app));
        });
        self.taken.push(name);
    }

    fn command(&mut self, command: &str) {
        self.home();
        self.keys(":");
        type_text(&mut self.app, self.fixture, command);
        self.keys("<Enter>");
    }

    /// Back to the dashboard, leaving any form without its changes.
    fn home(&mut self) {
        for _ in 0..8 {
            match self.app.mode() {
                Mode::Dashboard => return,
                Mode::Confirm => self.keys("d"),
                _ => self.keys("<Esc>"),
            }
        }
        while self.app.mode() == Mode::Confirm {
            self.keys("n");
        }
    }
}

#[test]
fn every_screen_at_80x24_and_120x40() {
    let fixture = demo_fixture();
    for (width, height) in [(80, 24), (120, 40)] {
        let mut shots = Snapshots {
            fixture: &fixture,
            app: app(&fixture, width, height, Lang::Fr),
            size: format!("{width}x{height}"),
            taken: Vec::new(),
        };
        shots.take("dashboard");
        shots.keys("?");
        shots.take("dashboard_help");
        for (command, name) in [
            ("etablissements", "schools"),
            ("entreprises", "companies"),
            ("stages", "placements"),
            ("immersions", "immersions"),
            ("evenements", "events"),
            ("contacts", "contacts"),
            ("apprenants", "learners"),
            ("conventions", "agreements"),
        ] {
            shots.command(command);
            shots.take(&format!("{name}_list"));
            shots.keys("j j <Enter>");
            shots.take(&format!("{name}_detail"));
            shots.keys("H");
            shots.take(&format!("{name}_history"));
            shots.keys("<Esc> e");
            shots.take(&format!("{name}_edit_form"));
            // The first link field's picker.
            for _ in 0..25 {
                shots.keys("<C-o>");
                if shots.app.mode() == Mode::Picker {
                    shots.take(&format!("{name}_picker"));
                    shots.keys("<Esc>");
                    break;
                }
                shots.keys("<Tab>");
            }
            shots.command(command);
            shots.keys("n");
            shots.take(&format!("{name}_new_record"));
            shots.keys("<C-s>");
            shots.take(&format!("{name}_saved_empty"));
            shots.keys("x <Esc>");
            shots.take(&format!("{name}_leave_asked"));
            shots.command(command);
            shots.keys("j j D");
            shots.take(&format!("{name}_delete_asked"));
            shots.keys("n j j C");
            shots.take(&format!("{name}_consent"));
        }
        shots.command("etablissements");
        shots.keys("?");
        shots.take("schools_list_help");
        shots.keys("<Esc> <Enter> ?");
        shots.take("schools_detail_help");
        shots.keys("<Esc> e <F1>");
        shots.take("schools_form_help");
        shots.home();
        shots.keys("f");
        type_text(&mut shots.app, &fixture, "ma");
        shots.take("finder");
        shots.home();
        shots.keys(":");
        shots.take("command_line");
        type_text(&mut shots.app, &fixture, "sta");
        shots.keys("<Tab>");
        shots.take("command_completion");
        shots.command("rapport");
        shots.take("report");
        shots.keys("c");
        shots.take("report_compared");
        shots.keys("?");
        shots.take("report_help");
        shots.command("messages");
        shots.take("messages");
    }
}
