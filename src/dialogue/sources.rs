//! Where the list comes from: each source it rests on, numbered, with its
//! address and the day it was checked, and what of the list each gives.
//! The lines of `/sources` and of the printable sheet's last section.

use chrono::NaiveDate;

use crate::amendments::{Amendments, GUIDE, SourceName, SourceView};
use crate::answers::Answers;
use crate::documents::{self, Document};
use crate::reply::{Block, Msg, Reply, firm_text};
use crate::rules::Part;

/// Each source the list rests on, numbered, with its address and the day
/// it was checked, each followed by what of the list it gives; the first
/// line says when the list was checked. The lines of the "Sources"
/// message and of the printable sheet.
pub fn source_lines(
    answers: &Answers,
    documents: &[Document],
    amendments: &Amendments,
    today: NaiveDate,
) -> Vec<Msg> {
    let mut lines = vec![Msg::new("sources-checked").date("date", amendments.list_checked())];
    let mut number = 0;
    for (id, mut items) in items_by_source(answers, documents, amendments, today) {
        let Some(source) = amendments.source(&id) else {
            continue;
        };
        number += 1;
        let name = match source.name {
            SourceName::Guide => {
                items.push(Msg::new("sources-guide-rules"));
                Msg::new("sources-guide")
            }
            SourceName::Named(name) => firm_text(name),
        };
        lines.push(source_line(number, name, &source));
        lines.extend(
            items
                .into_iter()
                .map(|item| Msg::new("sources-item").msg("item", item)),
        );
    }
    lines
}

/// What of the list each source gives, by the source's id, in the order
/// the sources are first met (the guide first): the documents, the notes
/// and retirements under a stage with a list, and the terms in force.
fn items_by_source(
    answers: &Answers,
    documents: &[Document],
    amendments: &Amendments,
    today: NaiveDate,
) -> Vec<(String, Vec<Msg>)> {
    let mut given: Vec<(String, Vec<Msg>)> = vec![(GUIDE.to_string(), Vec::new())];
    let mut add = |source: &str, item: Msg| match given.iter_mut().find(|(s, _)| s == source) {
        Some((_, items)) => items.push(item),
        None => given.push((source.to_string(), vec![item])),
    };
    for document in documents {
        add(&document.source, document.short.clone());
    }
    for part in [Part::Permit, Part::Card] {
        if !documents.iter().any(|d| d.part == part) {
            continue;
        }
        for note in amendments.notes(part, answers, today) {
            add(&note.source, firm_text(&note.text));
        }
        for retired in documents::retired_for(part, answers, today, amendments) {
            let item = retired.note.as_ref().map_or_else(
                || {
                    let name = documents::guide_short_name(&retired.document)
                        .unwrap_or_else(|| Msg::new("echo-unknown"));
                    Msg::new("sources-retired").msg("document", name)
                },
                firm_text,
            );
            add(&retired.source, item);
        }
    }
    for change in amendments.terms.iter().filter(|c| c.valid.holds_on(today)) {
        add(
            &change.source,
            Msg::new("sources-term")
                .text("term", change.term.name())
                .number("days", change.days.into()),
        );
    }
    given
}

/// One source: "2. Ministry of Internal Affairs, list of October 2025,
/// https://…, checked on 30 September 2026".
fn source_line(number: i64, name: Msg, source: &SourceView) -> Msg {
    Msg::new("sources-source")
        .number("number", number)
        .msg("name", name)
        .text("url", source.url.unwrap_or("none").to_string())
        .date("checked", source.checked)
}

/// "Where the list comes from": the day it was checked, then each source
/// with what it gives.
pub fn sources(
    answers: &Answers,
    documents: &[Document],
    amendments: &Amendments,
    today: NaiveDate,
) -> Reply {
    let mut lines = source_lines(answers, documents, amendments, today);
    let checked = lines.remove(0);
    let reply = Reply::paragraph(Msg::new("sources-title")).with(Block::Paragraph(checked));
    if documents.is_empty() {
        return reply.with(Block::Paragraph(Msg::new("sources-no-list")));
    }
    reply.with(Block::Lines(lines))
}
