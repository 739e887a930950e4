//! `passerelle status`: the quick check, for people or scripts.

use std::io::Write;

use crate::cli::exit::CliError;
use crate::cli::json;
use crate::cli::table::Table;
use crate::client::Backend;
use crate::domain::dates::SchoolYear;
use crate::domain::records::Missing;
use crate::domain::text::neutralise_controls;
use crate::i18n::labels::{Label, academie_or_outside, kind_plural};
use crate::i18n::phrases::{and_more, placements_by_month};
use crate::i18n::{Lang, Phrase, count, date, long_date, short_month};
use crate::service::status::StatusResponse;

pub fn run(backend: &Backend, json: bool, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let status = backend.status()?;
    if json {
        json::write(out, &status)?;
        return Ok(());
    }
    write_text(&status, lang, out)?;
    if status.counts.iter().all(|c| c.total == 0) {
        writeln!(out)?;
        writeln!(out, "{}", Phrase::EmptyStoreHint.text(lang))?;
    }
    Ok(())
}

fn safe(text: &str) -> String {
    neutralise_controls(text, true).into_owned()
}

/// A section title with its count: « Stages en attente : 256 ».
fn section(out: &mut dyn Write, title: Phrase, value: u64, lang: Lang) -> std::io::Result<()> {
    titled(out, title.text(lang), value, lang)
}

fn titled(out: &mut dyn Write, title: &str, value: u64, lang: Lang) -> std::io::Result<()> {
    writeln!(out, "{title}{}{}", lang.colon(), count(lang, value))
}

/// Placements by start month: the total, then two small tables of six
/// months each (twelve columns of counts would not fit 80 columns at a
/// million records).
fn months(out: &mut dyn Write, status: &StatusResponse, lang: Lang) -> std::io::Result<()> {
    let total = status.placements_by_month.iter().map(|m| m.count).sum();
    let year = SchoolYear::containing(status.today);
    titled(out, &placements_by_month(lang, year), total, lang)?;
    for half in status.placements_by_month.chunks(6) {
        let headers: Vec<&str> = half.iter().map(|m| short_month(lang, m.month)).collect();
        let mut table = Table::new(&headers).right_aligned_from(0);
        table.row(half.iter().map(|m| count(lang, m.count)).collect());
        let mut text = Vec::new();
        table.write(&mut text)?;
        for line in String::from_utf8_lossy(&text).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// Under a list cut for display: how many it does not show.
fn more(out: &mut dyn Write, total: u64, shown: usize, lang: Lang) -> std::io::Result<()> {
    let left = total.saturating_sub(shown as u64);
    if left > 0 {
        writeln!(out, "    {}", and_more(lang, left))?;
    }
    Ok(())
}

fn write_text(status: &StatusResponse, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let colon = lang.colon();
    writeln!(
        out,
        "{} {}",
        Phrase::StatusTitle.text(lang),
        long_date(lang, status.today)
    )?;
    writeln!(out)?;

    let placements = &status.placements;
    section(out, Phrase::PlacementsPending, placements.pending, lang)?;
    for missing in &placements.by_missing {
        let phrase = match missing.missing {
            Missing::Company => Phrase::WithoutCompany,
            Missing::Signature => Phrase::WithoutSignature,
            Missing::Tutor => Phrase::WithoutTutor,
        };
        writeln!(
            out,
            "  {:<28}{:>10}",
            phrase.text(lang),
            count(lang, missing.count)
        )?;
    }
    if !placements.oldest_pending.is_empty() {
        writeln!(
            out,
            "  {}{}",
            Phrase::OldestPending.text(lang),
            colon.trim_end()
        )?;
        for placement in &placements.oldest_pending {
            let missing: Vec<&str> = placement.missing.iter().map(|m| m.label(lang)).collect();
            let missing = if missing.is_empty() {
                String::new()
            } else {
                format!(
                    " — {}{colon}{}",
                    Phrase::Missing.text(lang),
                    missing.join(", ")
                )
            };
            writeln!(
                out,
                "    {}  {} — {} — {}{missing}  (n° {})",
                date(lang, placement.start),
                safe(&placement.learner),
                safe(&placement.school),
                placement.status.label(lang),
                placement.reference.id
            )?;
        }
    }
    writeln!(out)?;

    months(out, status, lang)?;
    writeln!(out)?;

    let immersions = &status.immersions;
    section(
        out,
        Phrase::ImmersionsAwaiting,
        immersions.awaiting_evaluation,
        lang,
    )?;
    for immersion in &immersions.oldest_awaiting {
        writeln!(
            out,
            "    {}  {} — {}  (n° {})",
            date(lang, immersion.start),
            safe(&immersion.person),
            safe(&immersion.company),
            immersion.reference.id
        )?;
    }
    writeln!(out)?;

    section(out, Phrase::ComingEvents, status.coming_events_total, lang)?;
    for event in &status.coming_events {
        writeln!(
            out,
            "    {}  {} — {} — {}  (n° {})",
            date(lang, event.date),
            safe(&event.title),
            event.kind.label(lang),
            safe(&event.place),
            event.reference.id
        )?;
    }
    more(
        out,
        status.coming_events_total,
        status.coming_events.len(),
        lang,
    )?;
    writeln!(out)?;

    section(out, Phrase::NoticeNear, status.notice_near_total, lang)?;
    for agreement in &status.notice_near {
        let ends = agreement
            .ends_on
            .map(|d| format!(" ({} {})", Phrase::EndsOn.text(lang), date(lang, d)))
            .unwrap_or_default();
        writeln!(
            out,
            "    {} {} — {}{ends}  (n° {})",
            Phrase::NoticeBy.text(lang),
            date(lang, agreement.notice_deadline),
            safe(&agreement.title),
            agreement.reference.id
        )?;
    }
    more(
        out,
        status.notice_near_total,
        status.notice_near.len(),
        lang,
    )?;
    writeln!(out)?;

    let mut headers: Vec<String> = vec![
        Phrase::Records.text(lang).to_owned(),
        Phrase::Total.text(lang).to_owned(),
    ];
    if let Some(first) = status.counts.first() {
        headers.extend(
            first
                .by_academie
                .iter()
                .map(|a| academie_or_outside(a.academie, lang).to_owned()),
        );
    }
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(&header_refs).right_aligned_from(1);
    for kind_count in &status.counts {
        let mut cells = vec![
            kind_plural(kind_count.kind, lang).to_owned(),
            count(lang, kind_count.total),
        ];
        cells.extend(kind_count.by_academie.iter().map(|a| count(lang, a.count)));
        table.row(cells);
    }
    table.write(out)?;
    Ok(())
}
