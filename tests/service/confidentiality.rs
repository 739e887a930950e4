//! Confidential records (article 3.2): what each role and organisation
//! sees of them, on a demonstration store and on a record holding a
//! canary; reveal, refused or granted, always audited; consent before
//! anything confidential leaves; searches that never match a hidden
//! field.

use crate::common;

use common::{Fixture, caller, learner, passerelle, school, sensitive_needs, stderr, stdout};
use passerelle::demo::{DemoOptions, generate};
use passerelle::domain::audit::{AuditAction, RevealPurpose};
use passerelle::domain::consent::ConsentUse;
use passerelle::domain::records::Learner;
use passerelle::domain::{Confidentiality, Kind, Organisation, Record, RecordRef, Restricted};
use passerelle::service::audit::AuditRequest;
use passerelle::service::consent::ConsentInput;
use passerelle::service::find::FindRequest;
use passerelle::service::get::RecordKey;
use passerelle::service::list::ListRequest;
use passerelle::service::reveal::RevealRequest;
use passerelle::service::{Caller, NotAllowed, ServiceError};

const CANARY: &str = "CANARI-9Z";

/// alice admin (Paris), carol coordinator (Créteil), paul coordinator
/// (Paris), cyril coordinator (CPME), rita reader (Créteil).
const TEAM: &str = r#"
[users.alice]
name = "Alice Martin"
organisation = "paris"
role = "admin"

[users.carol]
name = "Carol Petit"
organisation = "creteil"
role = "coordinator"

[users.paul]
name = "Paul Roux"
organisation = "paris"
role = "coordinator"

[users.cyril]
name = "Cyril Blanc"
organisation = "cpme"
role = "coordinator"

[users.rita]
name = "Rita Lenoir"
organisation = "creteil"
role = "reader"
"#;

const EVERYONE: [&str; 5] = ["alice", "carol", "paul", "cyril", "rita"];

/// A store with a learner of a Créteil school whose sensitive needs and
/// notes hold the canary: confidential by nature, owned by Créteil.
fn with_canary_learner() -> (Fixture, RecordRef) {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0940120V", "Lycée Langevin"));
    let mut needs = sensitive_needs();
    needs.note = format!("suivi CASNAV {CANARY}");
    let mut pupil = learner(lycee.meta.id, "Yasmine Haddad");
    pupil.sensitive = Restricted::Clear(needs);
    pupil.notes = Restricted::Clear(format!("titre de séjour {CANARY}"));
    let pupil = fixture.create(pupil);
    fixture.write_users(TEAM);
    (fixture, RecordRef::new(Kind::Learner, pupil.meta.id))
}

fn reveal(
    fixture: &Fixture,
    who: &Caller,
    target: RecordRef,
    purpose: RevealPurpose,
) -> Result<Record, ServiceError> {
    fixture
        .service
        .reveal(
            who,
            &RevealRequest {
                key: RecordKey::Id(target),
                purpose,
            },
        )
        .map(|detail| detail.record)
}

/// The audit entries about `target`, oldest first.
fn audit_of(fixture: &Fixture, target: RecordRef) -> Vec<(String, AuditAction)> {
    let mut entries = fixture
        .service
        .audit(
            &caller("alice"),
            &AuditRequest {
                kind: None,
                key: Some(RecordKey::Id(target)),
                account: None,
                since: None,
                limit: 1_000,
            },
        )
        .expect("the trail reads")
        .entries;
    entries.reverse();
    entries
        .into_iter()
        .map(|entry| (entry.account, entry.action))
        .collect()
}

fn is_masked(record: &Record) -> bool {
    match record {
        Record::Learner(learner) => learner.sensitive.is_masked() && learner.notes.is_masked(),
        _ => panic!("a learner was expected"),
    }
}

#[test]
fn every_role_sees_that_it_exists_and_none_sees_its_restricted_fields_unasked() {
    let (fixture, target) = with_canary_learner();
    for account in EVERYONE {
        let who = caller(account);
        let detail = fixture
            .service
            .get(&who, &RecordKey::Id(target))
            .expect("everyone listed reads it");
        assert!(
            detail.record.meta().confidentiality.confidential,
            "{account}"
        );
        assert!(
            is_masked(&detail.record),
            "{account}: masked until revealed"
        );
        assert_eq!(detail.label, "Yasmine Haddad", "{account}: its name shows");
        assert!(!detail.revealed);

        let mut request = ListRequest::first_page(Kind::Learner, 50);
        request.text = "yasmine".into();
        let list = fixture.service.list(&who, &request).expect("list");
        assert_eq!(list.rows.len(), 1, "{account}: listed by its name");
        assert!(is_masked(&list.rows[0].record));

        let found = fixture
            .service
            .find(
                &who,
                &FindRequest {
                    text: "haddad".into(),
                    limit: 10,
                },
            )
            .expect("find");
        assert!(
            found.matches.iter().any(|m| m.reference == target),
            "{account}"
        );

        let status = fixture.service.status(&who).expect("status");
        // What a front end prints or sends as JSON holds no canary.
        for (what, json) in [
            ("detail", serde_json::to_string(&detail)),
            ("list", serde_json::to_string(&list)),
            ("find", serde_json::to_string(&found)),
            ("status", serde_json::to_string(&status)),
        ] {
            let json = json.expect("serialises");
            assert!(!json.contains(CANARY), "{account}: {what} leaks: {json}");
            assert!(!json.contains("CASNAV"), "{account}: {what} leaks");
        }
    }
}

#[test]
fn a_mark_a_coordinator_sets_without_owner_is_owned_by_their_organisation() {
    let fixture = Fixture::new();
    let langevin = fixture.create(school("0940120V", "Lycée Langevin"));
    fixture.write_users(TEAM);
    let (carol, cyril, paul) = (caller("carol"), caller("cyril"), caller("paul"));
    let flagged = |reason: &str| Confidentiality::flagged(reason, None);
    let refused_outside = |answer: Result<_, ServiceError>| {
        assert!(
            matches!(
                answer,
                Err(ServiceError::NotAllowed(NotAllowed::MarkOutside { .. }))
            ),
            "{answer:?}"
        );
    };

    // A new record of Créteil flagged by a coordinator of Créteil:
    // Créteil owns it, so she may reveal what she asked to hide.
    let mut discreet = school("0940001", "Lycée Discret");
    discreet.meta.confidentiality = flagged("demande du proviseur");
    discreet.notes = Restricted::Clear(format!("note {CANARY}"));
    let discreet = fixture.save_as(&carol, discreet).expect("carol saves");
    // (Its reason comes back masked, as any read gives it.)
    assert_eq!(
        discreet.meta.confidentiality,
        Confidentiality::flagged("", Some(Organisation::AcademieCreteil))
    );
    let target = RecordRef::new(Kind::School, discreet.meta.id);
    reveal(&fixture, &carol, target, RevealPurpose::Screen).expect("carol is cleared");

    // A record of Créteil is not the CPME's to mark, nor a Paris one
    // Créteil's, nor may a coordinator hand a mark to another
    // organisation.
    let mut edited = langevin.clone();
    edited.meta.confidentiality = flagged("entreprise partenaire");
    refused_outside(fixture.save_as(&cyril, edited).map(|_| ()));
    let mut parisian = school("0750001", "Lycée de Paris");
    parisian.meta.confidentiality = flagged("demande");
    refused_outside(fixture.save_as(&carol, parisian).map(|_| ()));
    let mut given = school("0940002", "Collège Hoche");
    given.meta.confidentiality =
        Confidentiality::flagged("demande", Some(Organisation::AcademieVersailles));
    refused_outside(fixture.save_as(&carol, given).map(|_| ()));

    // A company is the CPME's to mark too.
    let mut firm = common::company(common::siret(7), "Atelier Discret");
    firm.meta.confidentiality = flagged("entreprise partenaire");
    let firm = fixture.save_as(&cyril, firm).expect("cyril saves");
    assert_eq!(firm.meta.confidentiality.owner, Some(Organisation::CpmeIdf));

    // An admin's mark without owner stays so (admins only reveal it), and
    // does not pass to the next coordinator who edits the record.
    let mut admins_only = school("0930001", "Collège Jean Zay");
    admins_only.meta.confidentiality = flagged("enquête en cours");
    let admins_only = fixture
        .save_as(&caller("alice"), admins_only)
        .expect("alice saves");
    assert_eq!(admins_only.meta.confidentiality.owner, None);
    let mut renamed = admins_only.clone();
    renamed.name = "Collège Jean Zay (annexe)".to_owned();
    let renamed = fixture.save_as(&paul, renamed).expect("paul edits it");
    assert_eq!(renamed.meta.confidentiality.owner, None);
    let target = RecordRef::new(Kind::School, renamed.meta.id);
    assert!(matches!(
        reveal(&fixture, &paul, target, RevealPurpose::Screen),
        Err(ServiceError::NotAllowed(NotAllowed::NotCleared {
            owner: None,
            ..
        }))
    ));
}

#[test]
fn reveal_works_for_admins_and_the_owners_coordinators_and_is_refused_elsewhere_both_audited() {
    let (fixture, target) = with_canary_learner();
    for account in ["alice", "carol"] {
        let record = reveal(&fixture, &caller(account), target, RevealPurpose::Screen)
            .unwrap_or_else(|error| panic!("{account} should see it: {error:?}"));
        let Record::Learner(Learner {
            sensitive, notes, ..
        }) = record
        else {
            panic!("a learner");
        };
        assert!(
            sensitive
                .clear()
                .is_some_and(|needs| needs.note.contains(CANARY))
        );
        assert!(notes.clear().is_some_and(|notes| notes.contains(CANARY)));
    }
    for account in ["paul", "cyril", "rita"] {
        let refusal = reveal(&fixture, &caller(account), target, RevealPurpose::Screen)
            .expect_err("not cleared");
        let ServiceError::NotAllowed(NotAllowed::NotCleared { owner, admins }) = &refusal else {
            panic!("{account}: {refusal:?}");
        };
        assert_eq!(*owner, Some(Organisation::AcademieCreteil));
        assert_eq!(admins.len(), 1, "names who to ask");
        assert!(!format!("{refusal:?}").contains(CANARY));
    }
    let reveals: Vec<(String, AuditAction)> = audit_of(&fixture, target)
        .into_iter()
        .filter(|(_, action)| {
            matches!(
                action,
                AuditAction::Revealed { .. } | AuditAction::RevealRefused { .. }
            )
        })
        .collect();
    let screen = RevealPurpose::Screen;
    assert_eq!(
        reveals,
        vec![
            (
                "alice".into(),
                AuditAction::Revealed {
                    target,
                    purpose: screen
                }
            ),
            (
                "carol".into(),
                AuditAction::Revealed {
                    target,
                    purpose: screen
                }
            ),
            (
                "paul".into(),
                AuditAction::RevealRefused {
                    target,
                    purpose: screen
                }
            ),
            (
                "cyril".into(),
                AuditAction::RevealRefused {
                    target,
                    purpose: screen
                }
            ),
            (
                "rita".into(),
                AuditAction::RevealRefused {
                    target,
                    purpose: screen
                }
            ),
        ]
    );
}

#[test]
fn what_is_confidential_leaves_only_where_consent_to_export_is_recorded() {
    let (fixture, target) = with_canary_learner();
    let carol = caller("carol");
    let refusal = reveal(&fixture, &carol, target, RevealPurpose::Export).expect_err("no consent");
    assert_eq!(
        refusal,
        ServiceError::NotAllowed(NotAllowed::NoConsent {
            wanted: ConsentUse::Export
        })
    );
    let key = RecordKey::Id(target);
    let consent_for = |uses: Vec<ConsentUse>| ConsentInput {
        given_by: "Mme Haddad, mère".into(),
        given_on: common::today(),
        uses,
    };
    // Those not cleared for the record cannot record its consent.
    for (account, expected) in [("rita", "ReadOnly"), ("paul", "NotCleared")] {
        let refusal = fixture
            .service
            .record_consent(
                &caller(account),
                &key,
                consent_for(vec![ConsentUse::Export]),
            )
            .expect_err("not allowed");
        assert!(
            format!("{refusal:?}").contains(expected),
            "{account}: {refusal:?}"
        );
    }
    // Consent to the report only does not let it be exported.
    fixture
        .service
        .record_consent(&carol, &key, consent_for(vec![ConsentUse::Report]))
        .expect("carol records it");
    assert!(reveal(&fixture, &carol, target, RevealPurpose::Export).is_err());
    fixture
        .service
        .record_consent(
            &carol,
            &key,
            consent_for(vec![ConsentUse::Report, ConsentUse::Export]),
        )
        .expect("carol records it again");
    let record = reveal(&fixture, &carol, target, RevealPurpose::Export).expect("consented");
    assert!(!is_masked(&record));

    // Who consented is masked with the record for everyone not revealing.
    let detail = fixture.service.get(&caller("rita"), &key).expect("get");
    let consent = detail.consent.expect("the consent shows");
    assert!(consent.given_by.is_masked());
    assert_eq!(consent.uses, vec![ConsentUse::Report, ConsentUse::Export]);

    assert_eq!(fixture.service.withdraw_consent(&carol, &key), Ok(true));
    assert_eq!(fixture.service.withdraw_consent(&carol, &key), Ok(false));
    assert!(reveal(&fixture, &carol, target, RevealPurpose::Export).is_err());
    let consents: Vec<AuditAction> = audit_of(&fixture, target)
        .into_iter()
        .map(|(_, action)| action)
        .filter(|action| {
            matches!(
                action,
                AuditAction::ConsentRecorded { .. } | AuditAction::ConsentWithdrawn { .. }
            )
        })
        .collect();
    assert_eq!(consents.len(), 3, "{consents:?}");
    // A consent cannot be dated in the future, nor name nobody.
    let mut bad = consent_for(vec![ConsentUse::Export]);
    bad.given_by = " ".into();
    bad.given_on = common::days_from_today(2);
    let ServiceError::Invalid(errors) = fixture
        .service
        .record_consent(&carol, &key, bad)
        .expect_err("invalid")
    else {
        panic!("invalid expected");
    };
    assert_eq!(errors.0.len(), 2, "{errors:?}");
    assert!(
        fixture
            .service
            .check(&caller("alice"))
            .expect("check")
            .is_clean()
    );
}

#[test]
fn searches_never_match_a_field_the_caller_cannot_see() {
    let (fixture, _) = with_canary_learner();
    for account in EVERYONE {
        let who = caller(account);
        for word in ["casnav", CANARY, "séjour"] {
            let mut request = ListRequest::first_page(Kind::Learner, 50);
            request.text = word.into();
            let list = fixture.service.list(&who, &request).expect("list");
            assert!(
                list.rows.is_empty(),
                "{account}: a filter on {word} matched"
            );
            let found = fixture
                .service
                .find(
                    &who,
                    &FindRequest {
                        text: word.into(),
                        limit: 20,
                    },
                )
                .expect("find");
            assert!(
                found
                    .matches
                    .iter()
                    .all(|m| m.reference.kind != Kind::Learner),
                "{account}: the finder matched {word}"
            );
        }
    }
}

#[test]
fn on_a_demo_store_every_confidential_record_is_masked_for_each_role_and_revealed_only_to_the_cleared()
 {
    let fixture = Fixture::new();
    generate(
        &fixture.service,
        &fixture.caller,
        &DemoOptions { size: 400, seed: 3 },
        &mut |_| {},
    )
    .expect("demo");
    fixture.write_users(TEAM);
    let mut confidential = Vec::new();
    for kind in Kind::ALL.iter().copied() {
        let list = fixture
            .service
            .list(&caller("rita"), &ListRequest::first_page(kind, 500))
            .expect("list");
        for row in list.rows {
            if row.record.meta().confidentiality.confidential {
                confidential.push(row.record);
            }
        }
    }
    assert!(confidential.len() >= 5, "the demo has confidential records");
    for account in EVERYONE {
        let who = caller(account);
        let identity = fixture.service.identify(&who).expect("listed");
        for record in &confidential {
            let key = RecordKey::Id(record.reference());
            let shown = fixture.service.get(&who, &key).expect("get").record;
            assert!(
                shown.has_masked_fields(),
                "{account}: {:?}",
                record.reference()
            );
            let owner = record.meta().confidentiality.owner;
            let may = identity.role == passerelle::domain::user::Role::Admin
                || (identity.role == passerelle::domain::user::Role::Coordinator
                    && owner.is_some()
                    && owner == identity.organisation);
            let revealed = reveal(&fixture, &who, record.reference(), RevealPurpose::Screen);
            assert_eq!(
                revealed.is_ok(),
                may,
                "{account} on {:?}",
                record.reference()
            );
            if let Ok(revealed) = revealed {
                assert!(!revealed.has_masked_fields());
            }
        }
    }
}

#[test]
fn the_command_line_reveals_on_a_terminal_only_and_to_a_pipe_only_with_consent() {
    let (fixture, target) = with_canary_learner();
    // The binary runs as this process's account: make it the admin.
    let me = Caller::current_process(passerelle::domain::audit::FrontEnd::Cli).account;
    fixture.write_users(&format!(
        "[users.{me}]\nname = \"Moi\"\norganisation = \"paris\"\nrole = \"admin\"\n"
    ));
    let store = fixture.dir.path().to_path_buf();
    drop(fixture.service);
    let id = target.id.to_string();

    let shown = passerelle(&store, &["show", "learner", &id]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(stdout(&shown).contains("🔒 confidentiel"));
    assert!(!stdout(&shown).contains(CANARY));

    // Standard output is a pipe here: the text leaves, consent is needed.
    for args in [
        vec!["show", "learner", &id, "--reveal"],
        vec!["show", "learner", &id, "--reveal", "--json"],
    ] {
        let refused = passerelle(&store, &args);
        assert_eq!(refused.status.code(), Some(4), "{args:?}");
        assert!(
            stderr(&refused).contains("consentement"),
            "{}",
            stderr(&refused)
        );
        assert!(!stdout(&refused).contains(CANARY) && !stderr(&refused).contains(CANARY));
    }

    let bad = passerelle(
        &store,
        &[
            "consent",
            "learner",
            &id,
            "--by",
            "Mme Haddad",
            "--for",
            "publicité",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--for"), "{}", stderr(&bad));
    let recorded = passerelle(
        &store,
        &[
            "consent",
            "learner",
            &id,
            "--by",
            "Mme Haddad",
            "--for",
            "export,rapport",
        ],
    );
    assert!(recorded.status.success(), "{}", stderr(&recorded));
    assert!(stdout(&recorded).contains("export, rapport annuel"));

    let revealed = passerelle(&store, &["show", "learner", &id, "--reveal", "--json"]);
    assert!(revealed.status.success(), "{}", stderr(&revealed));
    assert!(stdout(&revealed).contains(CANARY));
    let text = passerelle(&store, &["show", "learner", &id, "--reveal"]);
    assert!(stdout(&text).contains("🔓"), "{}", stdout(&text));
    assert!(stdout(&text).contains("Mme Haddad"));

    let trail = passerelle(
        &store,
        &["audit", "--kind", "learner", "--key", &id, "--json"],
    );
    let trail = stdout(&trail);
    assert_eq!(trail.matches("\"reveal_refused\"").count(), 2, "{trail}");
    assert_eq!(trail.matches("\"revealed\"").count(), 2, "{trail}");
    assert!(trail.contains("\"consent_recorded\""));
}

/// The detail of the canary learner, opened through the finder as
/// `account`.
fn detail_as(account: &str) -> (Fixture, passerelle::tui::app::App) {
    use common::tui::{app, press, type_text};
    let (mut fixture, _) = with_canary_learner();
    fixture.caller = caller(account);
    let mut interface = app(&fixture, 120, 30, passerelle::i18n::Lang::Fr);
    press(&mut interface, &fixture, "f");
    type_text(&mut interface, &fixture, "haddad");
    press(&mut interface, &fixture, "<Enter>");
    (fixture, interface)
}

#[test]
fn in_the_interface_one_key_reveals_for_this_screen_only_and_a_refusal_says_who_may() {
    use common::tui::{press, screen};
    let (fixture, mut interface) = detail_as("carol");
    let before = screen(&interface);
    assert!(before.contains("confidentiel"), "{before}");
    assert!(before.contains("•••• masqué"), "{before}");
    assert!(!before.contains(CANARY));
    assert!(before.contains("v révéler"), "the key is named: {before}");
    press(&mut interface, &fixture, "v");
    let revealed = screen(&interface);
    assert!(!revealed.contains("v révéler"), "{revealed}");
    assert!(revealed.contains(CANARY), "{revealed}");
    assert!(revealed.contains("révélé, noté au journal"), "{revealed}");
    // Leaving the screen ends the reveal.
    press(&mut interface, &fixture, "<Esc> f");
    common::tui::type_text(&mut interface, &fixture, "haddad");
    press(&mut interface, &fixture, "<Enter>");
    assert!(!screen(&interface).contains(CANARY));

    let (fixture, mut interface) = detail_as("paul");
    press(&mut interface, &fixture, "v");
    let refused = screen(&interface);
    assert!(!refused.contains(CANARY), "{refused}");
    assert!(
        refused.contains("•••• masqué"),
        "the record stays shown: {refused}"
    );
    assert!(refused.contains("Refusé"), "{refused}");
    let target = RecordRef::new(Kind::Learner, passerelle::domain::RecordId(1));
    assert!(
        audit_of(&fixture, target)
            .iter()
            .any(|(account, action)| account == "paul"
                && matches!(action, AuditAction::RevealRefused { .. }))
    );
}

/// What the store holds as the canary learner's consent.
fn stored_consent(fixture: &Fixture) -> Option<passerelle::domain::consent::Consent> {
    let target = RecordRef::new(Kind::Learner, passerelle::domain::RecordId(1));
    fixture
        .service
        .get(&caller("alice"), &RecordKey::Id(target))
        .expect("get")
        .consent
}

fn consent_entries(fixture: &Fixture, account: &str) -> Vec<AuditAction> {
    let target = RecordRef::new(Kind::Learner, passerelle::domain::RecordId(1));
    audit_of(fixture, target)
        .into_iter()
        .filter(|(who, action)| {
            who == account
                && matches!(
                    action,
                    AuditAction::ConsentRecorded { .. } | AuditAction::ConsentWithdrawn { .. }
                )
        })
        .map(|(_, action)| action)
        .collect()
}

#[test]
fn in_the_interface_a_coordinator_of_the_owner_records_a_consent_checked_as_typed_then_withdraws_it()
 {
    use common::tui::{press, screen, type_text};
    use passerelle::tui::keymap::Mode;
    let (fixture, mut interface) = detail_as("carol");
    assert!(
        screen(&interface).contains("C consentement"),
        "the key is named on a confidential record: {}",
        screen(&interface)
    );
    press(&mut interface, &fixture, "C");
    assert_eq!(interface.mode(), Mode::Form, "{}", screen(&interface));
    let form = screen(&interface);
    assert!(
        form.contains("Consentement (apprenant Yasmine Haddad)"),
        "{form}"
    );
    assert!(
        form.contains("au moins un usage : l'export, le rapport annuel, le"),
        "{form}"
    );
    type_text(&mut interface, &fixture, "Mme Haddad, mère");
    // The day: today by default; one not yet come is refused as typed.
    press(&mut interface, &fixture, "<Tab> <C-u>");
    type_text(&mut interface, &fixture, "+2");
    let text = screen(&interface);
    assert!(
        text.contains("consentement donné le : ce jour n'est pas encore venu"),
        "{text}"
    );
    press(&mut interface, &fixture, "<C-u>");
    type_text(&mut interface, &fixture, "12/09/2026");
    assert!(screen(&interface).contains("samedi 12 septembre 2026"));
    // No use: refused at the save, at the field.
    press(&mut interface, &fixture, "<Tab> <C-s>");
    let text = screen(&interface);
    assert_eq!(interface.mode(), Mode::Form, "{text}");
    assert!(text.contains("usages consentis : "), "{text}");
    // The uses are checked: export (under the cursor), then the report
    // reached by its first letter.
    press(&mut interface, &fixture, "<Space>");
    type_text(&mut interface, &fixture, "r");
    press(&mut interface, &fixture, "<Space>");
    assert!(
        screen(&interface).contains("[x] export"),
        "{}",
        screen(&interface)
    );
    assert_eq!(stored_consent(&fixture), None, "nothing saved yet");
    press(&mut interface, &fixture, "<C-s>");
    let text = screen(&interface);
    assert_eq!(interface.mode(), Mode::Detail, "{text}");
    assert!(text.contains("Consentement enregistré"), "{text}");
    // The detail is read again: the consent shows, who gave it masked.
    assert!(
        text.contains("donné par •••• (masqué) le 12/09/2026"),
        "{text}"
    );
    assert!(text.contains("export, rapport annuel"), "{text}");
    let consent = stored_consent(&fixture).expect("recorded");
    assert_eq!(consent.recorded_by, "carol");
    assert_eq!(
        consent.uses,
        vec![ConsentUse::Export, ConsentUse::Report],
        "{consent:?}"
    );
    assert!(matches!(
        consent_entries(&fixture, "carol").as_slice(),
        [AuditAction::ConsentRecorded { .. }]
    ));
    // Never kept as a draft, though fields were left.
    assert!(
        fixture
            .service
            .drafts(&caller("carol"))
            .expect("drafts")
            .is_empty()
    );

    // Withdrawn, after the question; then there is none to withdraw.
    press(&mut interface, &fixture, "W");
    assert_eq!(interface.mode(), Mode::Confirm);
    let question = screen(&interface);
    assert!(
        question.contains("Retirer le consentement enregistré sur « Yasmine Haddad » ?"),
        "{question}"
    );
    press(&mut interface, &fixture, "n");
    assert!(stored_consent(&fixture).is_some(), "no: nothing withdrawn");
    press(&mut interface, &fixture, "W y");
    let text = screen(&interface);
    assert_eq!(interface.mode(), Mode::Detail, "{text}");
    assert!(text.contains("Consentement retiré"), "{text}");
    assert!(
        text.contains("aucun : ses champs protégés ne sortent pas"),
        "{text}"
    );
    assert_eq!(stored_consent(&fixture), None);
    assert!(matches!(
        consent_entries(&fixture, "carol").as_slice(),
        [
            AuditAction::ConsentRecorded { .. },
            AuditAction::ConsentWithdrawn { .. }
        ]
    ));
    press(&mut interface, &fixture, "W");
    assert_eq!(interface.mode(), Mode::Detail);
    assert!(
        screen(&interface).contains("Aucun consentement n'est enregistré sur cette fiche"),
        "{}",
        screen(&interface)
    );
}

#[test]
fn in_the_interface_the_consent_form_starts_from_the_recorded_one_asking_who_again_unless_revealed()
{
    use common::tui::{press, screen};
    use passerelle::domain::validation::Field;
    use passerelle::tui::app::ScreenView;
    use passerelle::tui::keymap::Mode;
    let (fixture, mut interface) = detail_as("carol");
    let target = RecordRef::new(Kind::Learner, passerelle::domain::RecordId(1));
    fixture
        .service
        .record_consent(
            &caller("carol"),
            &RecordKey::Id(target),
            ConsentInput {
                given_by: "Mme Haddad, mère".into(),
                given_on: common::days_from_today(-30),
                uses: vec![ConsentUse::Sharing],
            },
        )
        .expect("recorded");
    let value = |interface: &passerelle::tui::app::App, field: Field| match &interface
        .top()
        .expect("a screen")
        .view
    {
        ScreenView::Form(form) => form.value(field).map(str::to_owned),
        _ => panic!("a form is open"),
    };
    press(&mut interface, &fixture, "r C");
    let form = screen(&interface);
    assert_eq!(
        value(&interface, Field::ConsentGivenBy).as_deref(),
        Some("")
    );
    assert_eq!(
        value(&interface, Field::ConsentGivenOn).as_deref(),
        Some("29/10/2026")
    );
    assert_eq!(
        value(&interface, Field::ConsentUses).as_deref(),
        Some("sharing")
    );
    assert!(
        form.contains("masqué (fiche non révélée) : tapez-le de nouveau"),
        "{form}"
    );
    // Nothing changed: leaving asks nothing.
    press(&mut interface, &fixture, "<Esc>");
    assert_eq!(interface.mode(), Mode::Detail);
    // Revealed: who gave it is there to keep or change.
    press(&mut interface, &fixture, "v C");
    assert_eq!(
        value(&interface, Field::ConsentGivenBy).as_deref(),
        Some("Mme Haddad, mère")
    );
    assert!(!screen(&interface).contains("tapez-le de nouveau"));
    // A change: leaving asks, and quitting says it is lost, not kept.
    press(&mut interface, &fixture, "<Tab> <Tab> <Space> <C-c>");
    assert_eq!(interface.mode(), Mode::Confirm);
    assert!(
        screen(&interface).contains("elles seront"),
        "{}",
        screen(&interface)
    );
    assert!(
        screen(&interface).contains("Entrée quitter   Échap continuer"),
        "{}",
        screen(&interface)
    );
    press(&mut interface, &fixture, "n <Esc>");
    assert_eq!(interface.mode(), Mode::Confirm, "{}", screen(&interface));
    assert!(screen(&interface).contains("modifications non enregistrées"));
    press(&mut interface, &fixture, "s");
    assert_eq!(interface.mode(), Mode::Detail, "{}", screen(&interface));
    assert_eq!(
        stored_consent(&fixture).expect("recorded").uses,
        vec![ConsentUse::Sharing, ConsentUse::Export]
    );
}

#[test]
fn in_the_interface_those_not_cleared_are_refused_a_consent_and_keep_what_they_typed() {
    use common::tui::{press, screen, type_text};
    use passerelle::tui::keymap::Mode;
    for (account, says) in [
        ("paul", "Refusé : cette fiche confidentielle appartient à"),
        ("rita", "est en lecture seule"),
    ] {
        let (fixture, mut interface) = detail_as(account);
        press(&mut interface, &fixture, "C");
        type_text(&mut interface, &fixture, "M. Haddad, père");
        press(&mut interface, &fixture, "<Tab> <Tab>");
        type_text(&mut interface, &fixture, "r");
        press(&mut interface, &fixture, "<Space> <C-s>");
        let text = screen(&interface);
        assert_eq!(interface.mode(), Mode::Form, "{account}: {text}");
        assert!(text.contains(says), "{account}: {text}");
        assert!(text.contains("M. Haddad, père"), "{account}: kept: {text}");
        assert_eq!(stored_consent(&fixture), None, "{account}");
        assert!(consent_entries(&fixture, account).is_empty());
        // Withdrawing is refused the same way, once a consent is there.
        press(&mut interface, &fixture, "<Esc> d");
        fixture
            .service
            .record_consent(
                &caller("carol"),
                &RecordKey::Id(RecordRef::new(
                    Kind::Learner,
                    passerelle::domain::RecordId(1),
                )),
                ConsentInput {
                    given_by: "Mme Haddad".into(),
                    given_on: common::today(),
                    uses: vec![ConsentUse::Report],
                },
            )
            .expect("carol records it");
        press(&mut interface, &fixture, "r W y");
        assert!(
            screen(&interface).contains(says),
            "{account}: {}",
            screen(&interface)
        );
        assert!(stored_consent(&fixture).is_some(), "{account}");
    }
}

#[test]
fn only_those_cleared_give_a_confidential_record_to_another_organisation() {
    let fixture = Fixture::new();
    fixture.write_users(TEAM);
    let mut lycee = school("0940001", "Lycée Discret");
    lycee.meta.confidentiality = Confidentiality::flagged("demande du proviseur", None);
    lycee.notes = Restricted::Clear(format!("note {CANARY}"));
    let lycee = fixture
        .save_as(&caller("carol"), lycee)
        .expect("carol marks it");
    let target = RecordRef::new(Kind::School, lycee.meta.id);
    let key = RecordKey::Id(target);
    let move_to = |account: &str, owner: Organisation| {
        let mut record = fixture
            .service
            .get(&caller(account), &key)
            .expect("get")
            .record;
        record.meta_mut().confidentiality.owner = Some(owner);
        fixture.service.save(
            &caller(account),
            passerelle::service::save::SaveRequest { record },
        )
    };
    // Paul (Paris) may not take a Créteil record for Paris: he would
    // then see what Créteil keeps.
    let refusal = move_to("paul", Organisation::AcademieParis).expect_err("not cleared");
    assert!(
        matches!(
            refusal,
            ServiceError::NotAllowed(NotAllowed::ChangeOwner {
                owner: Some(Organisation::AcademieCreteil),
                ..
            })
        ),
        "{refusal:?}"
    );
    assert!(reveal(&fixture, &caller("paul"), target, RevealPurpose::Screen).is_err());
    // Carol (Créteil, the owner) gives marks only to her organisation;
    // an admin may hand it over.
    let refusal = move_to("carol", Organisation::AcademieParis).expect_err("not hers to give");
    assert!(
        matches!(
            refusal,
            ServiceError::NotAllowed(NotAllowed::MarkOutside { .. })
        ),
        "{refusal:?}"
    );
    move_to("alice", Organisation::AcademieParis).expect("an admin gives it");
    assert!(reveal(&fixture, &caller("paul"), target, RevealPurpose::Screen).is_ok());
    move_to("alice", Organisation::CpmeIdf).expect("an admin gives it");
    assert!(reveal(&fixture, &caller("paul"), target, RevealPurpose::Screen).is_err());
}

/// Someone not cleared for a confidential record cannot overwrite its
/// protected fields, nor learn from the audit trail whether a guess of
/// them was right: the entry of a save lists the same fields either way.
#[test]
fn a_save_by_someone_not_cleared_leaves_protected_fields_and_tells_nothing_of_a_guess() {
    let (fixture, target) = with_canary_learner();
    let paul = caller("paul");
    let key = RecordKey::Id(target);
    let mut changed_fields = Vec::new();
    for (round, guess) in [
        format!("titre de séjour {CANARY}"),
        "autre chose".to_owned(),
    ]
    .into_iter()
    .enumerate()
    {
        let mut record = fixture.service.get(&paul, &key).expect("get").record;
        if let Record::Learner(learner) = &mut record {
            learner.notes = Restricted::Clear(guess);
            learner.name = format!("Yasmine Haddad {round}");
        }
        fixture
            .service
            .save(&paul, passerelle::service::save::SaveRequest { record })
            .expect("his save of the ordinary fields goes through");
        let last = fixture
            .service
            .audit(
                &caller("alice"),
                &AuditRequest {
                    kind: None,
                    key: Some(key.clone()),
                    account: None,
                    since: None,
                    limit: 1,
                },
            )
            .expect("audit")
            .entries
            .remove(0);
        changed_fields.push(match last.action {
            AuditAction::Changed { fields, .. } => fields
                .iter()
                .map(|field| field.field().to_owned())
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        });
    }
    assert_eq!(changed_fields[0], changed_fields[1]);
    assert!(
        !changed_fields[0].contains(&"notes".to_owned()),
        "{changed_fields:?}"
    );
    let revealed =
        reveal(&fixture, &caller("alice"), target, RevealPurpose::Screen).expect("alice");
    let Record::Learner(learner) = revealed else {
        panic!("a learner");
    };
    assert!(
        learner
            .notes
            .clear()
            .is_some_and(|notes| notes.contains(CANARY))
    );
}

#[test]
fn a_marks_reason_is_masked_until_revealed_and_saves_keep_it() {
    let fixture = Fixture::new();
    fixture.allow_coordinators(&["bob"]);
    let mut flagged = school("0750001", "Lycée Voltaire");
    flagged.meta.confidentiality = Confidentiality::flagged(
        "signalement de harcèlement",
        Some(Organisation::AcademieParis),
    );
    let stored = fixture.create(flagged);
    let reference = RecordRef::new(Kind::School, stored.meta.id);
    let bob = caller("bob");
    let mark_of = |record: &Record| record.meta().confidentiality.clone();

    // Read, listed, or found: confidential, its owner said, its reason not.
    let read = fixture
        .service
        .get(&bob, &RecordKey::Id(reference))
        .expect("bob reads it")
        .record;
    assert!(mark_of(&read).confidential);
    assert_eq!(mark_of(&read).owner, Some(Organisation::AcademieParis));
    assert_eq!(mark_of(&read).reason, "");
    let listed = fixture
        .service
        .list(&bob, &ListRequest::first_page(Kind::School, 10))
        .expect("a list");
    assert_eq!(mark_of(&listed.rows[0].record).reason, "");

    // Bob renames it and tries a reason of his: the stored one stays.
    let Record::School(mut renamed) = read else {
        panic!("a school")
    };
    renamed.name = "Lycée Voltaire-Hugo".into();
    renamed.meta.confidentiality.reason = "autre chose".into();
    fixture.save_as(&bob, renamed).expect("bob's rename");
    let revealed = fixture
        .service
        .reveal(
            &fixture.caller,
            &RevealRequest {
                key: RecordKey::Id(reference),
                purpose: RevealPurpose::Screen,
            },
        )
        .expect("alice reveals it")
        .record;
    assert_eq!(mark_of(&revealed).reason, "signalement de harcèlement");
    assert!(matches!(&revealed, Record::School(s) if s.name == "Lycée Voltaire-Hugo"));

    // The trail, read by every role, never holds it.
    let trail = fixture
        .service
        .audit(
            &bob,
            &AuditRequest {
                limit: 100,
                ..AuditRequest::default()
            },
        )
        .expect("the trail");
    let text = serde_json::to_string(&trail.entries).expect("json");
    assert!(!text.contains("harcèlement"), "{text}");

    // A learner made confidential for particular needs: the reason (which
    // says so) is masked too.
    let mut pupil = learner(stored.meta.id, "Yasmine Haddad");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    let pupil = fixture.create(pupil);
    assert!(pupil.meta.confidentiality.confidential);
    assert_eq!(pupil.meta.confidentiality.reason, "");
}

#[test]
fn learners_with_and_without_sensitive_needs_look_alike_to_the_uncleared() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0940120V", "Lycée Langevin"));
    let mut pupil = learner(lycee.meta.id, "Yasmine Haddad");
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    let with_needs = fixture.create(pupil);
    let without = fixture.create(learner(lycee.meta.id, "Léa Roux"));
    fixture.write_users(TEAM);
    let rita = caller("rita");
    let read = |id| match fixture
        .service
        .get(&rita, &RecordKey::Id(RecordRef::new(Kind::Learner, id)))
        .expect("a reader reads")
        .record
    {
        Record::Learner(learner) => learner,
        other => panic!("{other:?}"),
    };
    let (a, b) = (read(with_needs.meta.id), read(without.meta.id));
    assert_eq!(a.meta.confidentiality, b.meta.confidentiality);
    assert_eq!(a.sensitive, b.sensitive);
    assert!(a.meta.confidentiality.confidential);

    // Needs changed by the admin: the history tells the reader only that
    // protected fields changed, not which.
    let mut changed = match fixture
        .service
        .reveal(
            &caller("alice"),
            &RevealRequest {
                key: RecordKey::Id(RecordRef::new(Kind::Learner, without.meta.id)),
                purpose: RevealPurpose::Screen,
            },
        )
        .expect("alice reveals")
        .record
    {
        Record::Learner(learner) => learner,
        other => panic!("{other:?}"),
    };
    changed.sensitive = Restricted::Clear(sensitive_needs());
    fixture
        .save_as(&caller("alice"), changed)
        .expect("alice saves the needs");
    let history = |who: &str| {
        let trail = fixture
            .service
            .audit(
                &caller(who),
                &AuditRequest {
                    key: Some(RecordKey::Id(RecordRef::new(
                        Kind::Learner,
                        without.meta.id,
                    ))),
                    limit: 10,
                    ..AuditRequest::default()
                },
            )
            .expect("the history");
        serde_json::to_string(&trail.entries).expect("JSON")
    };
    let seen = history("rita");
    assert!(!seen.contains("sensitive"), "{seen}");
    assert!(seen.contains("protected_fields"), "{seen}");
    // Those cleared see which.
    assert!(history("alice").contains("sensitive"));
}

#[test]
fn a_store_of_an_earlier_version_has_every_learner_marked_once_opened() {
    let fixture = Fixture::new();
    let lycee = fixture.create(school("0940120V", "Lycée Langevin"));
    let pupil = fixture.create(learner(lycee.meta.id, "Léa Roux"));
    let (dir, store) = fixture.into_store();
    // As an earlier version left it: unmarked, and no note of the marking.
    let reference = RecordRef::new(Kind::Learner, pupil.meta.id);
    let mut old = store.get(reference).expect("reads").expect("there");
    old.meta_mut().confidentiality = Confidentiality::default();
    drop(store);
    {
        let raw = sled::open(dir.path()).expect("sled opens");
        let learners = raw
            .open_tree(passerelle::store::schema::TreeId::Records(Kind::Learner).name())
            .expect("tree");
        learners
            .insert(
                passerelle::store::keys::id_key(pupil.meta.id),
                passerelle::store::record_bytes::encode_record(&old).expect("encodes"),
            )
            .expect("written");
        raw.open_tree("meta")
            .expect("tree")
            .remove(b"marked/every-learner")
            .expect("removed");
        raw.flush().expect("flushed");
    }
    let store =
        passerelle::store::Store::open(dir.path(), &passerelle::store::OpenOptions::new("alice"))
            .expect("reopens");
    let marked = store.get(reference).expect("reads").expect("there");
    assert_eq!(
        marked.meta().confidentiality,
        Confidentiality::flagged(
            passerelle::domain::records::learner::LEARNER_REASON,
            Some(Organisation::AcademieCreteil)
        )
    );
}

#[test]
fn the_reason_of_a_mark_is_changed_only_by_those_cleared() {
    let fixture = Fixture::new();
    fixture.write_users(TEAM);
    let mut parisian = school("0750001", "Lycée de Paris");
    parisian.meta.confidentiality = Confidentiality::flagged("demande du proviseur", None);
    let marked = fixture
        .save_as(&caller("paul"), parisian)
        .expect("paul marks a Paris school");
    assert_eq!(
        marked.meta.confidentiality.owner,
        Some(Organisation::AcademieParis)
    );
    // Carol, of Créteil, rewrites its reason: what she is not cleared
    // for she cannot overwrite (refused, or dropped as not hers to send).
    let mut reworded = marked.clone();
    reworded.meta.confidentiality.reason = "rien de spécial".into();
    let answer = fixture.save_as(&caller("carol"), reworded);
    assert!(
        matches!(
            answer,
            Ok(_) | Err(ServiceError::NotAllowed(NotAllowed::ChangeReason { .. }))
        ),
        "{answer:?}"
    );
    let target = RecordRef::new(Kind::School, marked.meta.id);
    let kept =
        reveal(&fixture, &caller("paul"), target, RevealPurpose::Screen).expect("paul reveals");
    assert_eq!(kept.meta().confidentiality.reason, "demande du proviseur");
    // Paul, cleared, may.
    let mut reworded = marked;
    reworded.meta.confidentiality.reason = "travaux".into();
    fixture
        .save_as(&caller("paul"), reworded)
        .expect("paul rewords his own mark");
}

#[test]
fn a_learner_is_owned_by_its_schools_organisation_whatever_the_mark_sent() {
    let fixture = Fixture::new();
    let parisian = fixture.create(school("0750001", "Lycée de Paris"));
    fixture.write_users(TEAM);
    // Carol, of Créteil, sends the learners' mark naming Créteil.
    let mut pupil = learner(parisian.meta.id, "Léa Roux");
    pupil.meta.confidentiality = Confidentiality::flagged(
        passerelle::domain::records::learner::LEARNER_REASON,
        Some(Organisation::AcademieCreteil),
    );
    let saved = fixture
        .save_as(&caller("carol"), pupil)
        .expect("carol saves");
    assert_eq!(
        saved.meta.confidentiality.owner,
        Some(Organisation::AcademieParis),
        "Paris's school, Paris's learner"
    );
}
