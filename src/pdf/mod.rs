//! The applicant's checklist as an A4 PDF, built in memory.
//!
//! The input is a small [`Sheet`] of already translated text: a title,
//! sections of paragraphs, name/value fields and check items, and a footer.
//! [`render`] lays it out ([`layout`]) on A4 pages with 20 mm margins, word
//! wrapping and page breaks, and writes the PDF ([`write`]). Text stays real
//! text: DejaVu Sans ([`font`]), embedded as a subset with a `/ToUnicode`
//! map, so it can be searched and copied in any of the three languages.
//! The output is deterministic: no dates, no random ids. [`checklist`]
//! renders the core's printable sheet in a language first.
//!
//! Hand-written on the low-level crates `pdf-writer`, `subsetter` and
//! `ttf-parser`: no maintained crate both subsets fonts and lays out
//! paragraphs (krilla, printpdf and genpdf were tried).

mod font;
mod layout;
mod write;

use std::fmt;

use crate::dialogue::sheet::{self, SheetBlock};
use crate::lang::Lang;
use crate::texts::Texts;
use font::{BOLD_TTF, Font, REGULAR_TTF};

/// A document to render: one title, then sections, with a footer on every page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Big bold title on the first page; also the PDF's document title.
    pub title: String,
    /// Optional line(s) under the title, e.g. the applicant's name and date.
    pub subtitle: Option<String>,
    /// Optional BCP 47 language tag of the texts ("kk", "ru", "en"), written
    /// into the document catalog for screen readers and text extraction.
    pub lang: Option<String>,
    /// The body, in order.
    pub sections: Vec<Section>,
    /// Optional small print at the bottom of every page, at most three lines
    /// (page numbers "n / N" are always added).
    pub footer: Option<String>,
}

/// A headed group of blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// One piece of content inside a [`Section`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Wrapped text; `\n` starts a new line.
    Paragraph(String),
    /// A name/value row, e.g. one of the applicant's answers, an address or
    /// phone numbers; laid out as two columns.
    Field { name: String, value: String },
    /// A box to tick by hand, with the item beside it and an optional smaller
    /// note under it (e.g. the condition under which the document is needed).
    /// `ticked` draws a tick in the box.
    Check {
        text: String,
        note: Option<String>,
        ticked: bool,
    },
}

/// Why a sheet could not be rendered (only a broken embedded font can cause it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfError {
    /// The embedded font could not be parsed or subset.
    Font(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Font(msg) => write!(f, "PDF font error: {msg}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Lay out `sheet` on A4 pages and return the PDF file's bytes.
pub fn render(sheet: &Sheet) -> Result<Vec<u8>, PdfError> {
    let fonts = [
        Font::new(REGULAR_TTF, "DejaVuSans")?,
        Font::new(BOLD_TTF, "DejaVuSans-Bold")?,
    ];
    let pages = layout::layout(sheet, &fonts);
    write::write_pdf(sheet, &fonts, &pages)
}

/// The core's printable sheet, in `lang`, as a PDF.
pub fn checklist(texts: &Texts, lang: Lang, printable: &sheet::Sheet) -> Result<Vec<u8>, PdfError> {
    render(&translated(texts, lang, printable))
}

/// The core's printable sheet with every message rendered in `lang`.
pub fn translated(texts: &Texts, lang: Lang, printable: &sheet::Sheet) -> Sheet {
    let text = |msg| texts.render(lang, msg);
    let non_empty = |s: String| (!s.trim().is_empty()).then_some(s);
    Sheet {
        title: text(&printable.title),
        subtitle: non_empty(text(&printable.subtitle)),
        lang: Some(lang.code().to_string()),
        sections: printable
            .sections
            .iter()
            .map(|section| Section {
                heading: text(&section.heading),
                blocks: section
                    .blocks
                    .iter()
                    .map(|block| match block {
                        SheetBlock::Paragraph(msg) => Block::Paragraph(text(msg)),
                        SheetBlock::Field { name, value } => Block::Field {
                            name: text(name),
                            value: text(value),
                        },
                        SheetBlock::Check {
                            text: item,
                            why,
                            ticked,
                        } => Block::Check {
                            text: text(item),
                            note: non_empty(text(why)),
                            ticked: *ticked,
                        },
                    })
                    .collect(),
            })
            .collect(),
        footer: non_empty(text(&printable.footer)),
    }
}
