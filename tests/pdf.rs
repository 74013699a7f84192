//! The printable checklist's PDF, read back with `lopdf`, an independent
//! parser: valid A4 pages, real text in each language (every Kazakh letter
//! included), boxes to tick by hand, pages that flow, small and deterministic.

use chrono::NaiveDate;
use kz_residence_bot::amendments::GUIDE_ONLY;
use kz_residence_bot::answers::{Answers, Stage};
use kz_residence_bot::companion::{Companion, GivenDate};
use kz_residence_bot::dialogue::{Session, Step, sheet};
use kz_residence_bot::documents;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::pdf::{Block, Section, Sheet, render, translated};
use kz_residence_bot::rules::{Citizenship, Solvency};
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

use crate::common;

const A4: (f64, f64) = (595.28, 841.89);
const KAZAKH_LETTERS: &str = "ӘҒҚҢӨҰҮҺІәғқңөұүһі";

fn field(name: &str, value: &str) -> Block {
    Block::Field {
        name: name.into(),
        value: value.into(),
    }
}

fn check(text: &str, note: Option<&str>, ticked: bool) -> Block {
    Block::Check {
        text: text.into(),
        note: note.map(Into::into),
        ticked,
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(text.into())
}

fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.into(),
        blocks,
    }
}

/// The bot's own printable sheet for a whole route (children moving with
/// the applicant, a contract, a certificate dated, two documents ticked),
/// in `lang`.
fn sample(lang: Lang) -> Sheet {
    let today = common::TODAY;
    let session = Session {
        lang: Some(lang),
        step: Step::Result,
        answers: Answers {
            stage: Some(Stage::WholeRoute),
            citizenship: Some(Citizenship::Russia),
            ethnic_kazakh: None,
            refugee: Some(false),
            age: Some(34),
            children_14_to_18: Some(true),
            solvency: Some(Solvency::Contract),
            document_expiry: NaiveDate::from_ymd_opt(2031, 3, 15),
            ..Answers::default()
        },
        tag: None,
        companion: Companion {
            ticked: vec!["application-form".into(), "photographs".into()],
            certificate: Some(GivenDate {
                date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                given_on: today,
            }),
            ..Companion::default()
        },
    };
    let documents = documents::for_answers(&session.answers, today, &GUIDE_ONLY);
    let sheet = sheet::build(&session, &documents, common::office(), today, &GUIDE_ONLY);
    translated(common::texts(), lang, &sheet)
}

/// Many items, some long, some with a note, some ticked: enough for pages.
fn long_sheet(n: usize) -> Sheet {
    let blocks = (1..=n)
        .map(|i| {
            let text = if i % 5 == 0 {
                format!(
                    "Құжат №{i}: соттылығының болуы немесе болмауы туралы анықтама, \
                     құзыретті орган берген, көшірмесі мен түпнұсқасы"
                )
            } else {
                format!("Құжат №{i}: көшірмесі мен түпнұсқасы")
            };
            check(
                &text,
                (i % 3 == 0).then_some("Әр өтініш беруші тапсырады."),
                i % 7 == 0,
            )
        })
        .collect();
    Sheet {
        title: "Ұзын тізім".into(),
        subtitle: None,
        lang: Some("kk".into()),
        sections: vec![section("Құжаттар", blocks)],
        footer: Some("kz-residence-bot".into()),
    }
}

fn load(bytes: &[u8]) -> Document {
    assert!(bytes.starts_with(b"%PDF-"), "no %PDF- header");
    assert!(
        bytes.trim_ascii_end().ends_with(b"%%EOF"),
        "no %%EOF trailer"
    );
    Document::load_mem(bytes).expect("lopdf parses the PDF")
}

/// All pages' text, whitespace collapsed to single spaces (so wrapped lines
/// and the two columns of a field read as one run of words).
fn text(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let raw = doc.extract_text(&pages).expect("text extracts");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

fn assert_a4(doc: &Document, page: ObjectId) {
    let dict = doc.get_dictionary(page).unwrap();
    let mb = dict.get(b"MediaBox").unwrap().as_array().unwrap();
    let mb: Vec<f64> = mb.iter().map(num).collect();
    assert_eq!(mb.len(), 4);
    assert!(mb[0].abs() < 0.01 && mb[1].abs() < 0.01, "{mb:?}");
    assert!(
        (mb[2] - A4.0).abs() < 0.01 && (mb[3] - A4.1).abs() < 0.01,
        "{mb:?}"
    );
}

fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn page_ops(doc: &Document, page: ObjectId) -> Vec<String> {
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    content
        .operations
        .into_iter()
        .map(|op| op.operator)
        .collect()
}

fn assert_contains_all(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn samples_are_valid_a4_pdfs() {
    for lang in Lang::ALL {
        let doc = load(&render(&sample(lang)).unwrap());
        let pages = doc.get_pages();
        assert!(
            pages.len() <= 2,
            "{lang:?}: the bot's sheet takes {} pages",
            pages.len()
        );
        for &page in pages.values() {
            assert_a4(&doc, page);
        }
    }
}

#[test]
fn kazakh_text_is_extractable() {
    let text = text(&load(&render(&sample(Lang::Kazakh)).unwrap()));
    assert_contains_all(
        &text,
        &[
            "Қазақстанда тұрақты тұруға арналған құжаттар",
            "тұрақты тұруға арналған өтініш-сауалнама",
            "14 жастан 18 жасқа толғанға дейінгі әр баланың",
            "2026 жылғы 2 қараша күні берілген",
            "Мәуленов көшесі, 111-үй",
            "+7 727 266-61-50, +7 778 423 57 38",
        ],
    );
}

#[test]
fn every_kazakh_letter_survives_in_regular_and_bold() {
    let spaced: String = KAZAKH_LETTERS.chars().flat_map(|c| [c, ' ']).collect();
    let sheet = Sheet {
        title: format!("Бас: {spaced}"),
        sections: vec![section(
            &format!("Тақырып: {KAZAKH_LETTERS}"),
            vec![
                para(&format!("Мәтін: {KAZAKH_LETTERS}")),
                field(KAZAKH_LETTERS, "шаһар, Һ"),
                check(
                    &format!("Құжат: {KAZAKH_LETTERS}"),
                    Some(KAZAKH_LETTERS),
                    false,
                ),
            ],
        )],
        ..Sheet::default()
    };
    let text = text(&load(&render(&sheet).unwrap()));
    assert_contains_all(
        &text,
        &[
            &format!("Бас: {}", spaced.trim_end()), // bold title
            &format!("Тақырып: {KAZAKH_LETTERS}"),  // bold heading
            &format!("Мәтін: {KAZAKH_LETTERS}"),    // regular paragraph
            &format!("Құжат: {KAZAKH_LETTERS}"),
            "шаһар, Һ",
        ],
    );
    for letter in KAZAKH_LETTERS.chars() {
        assert!(text.contains(letter), "letter {letter} lost");
    }
}

#[test]
fn russian_text_is_extractable() {
    let text = text(&load(&render(&sample(Lang::Russian)).unwrap()));
    assert_contains_all(
        &text,
        &[
            "Документы для постоянного проживания в Казахстане",
            "Этап 1. Разрешение на постоянное проживание",
            "Нотариально удостоверенный договор",
            "ул. Мауленова, д. 111",
            "Телефоны: +7 727 266-61-50",
        ],
    );
}

#[test]
fn english_text_is_extractable() {
    let text = text(&load(&render(&sample(Lang::English)).unwrap()));
    assert_contains_all(
        &text,
        &[
            "Permit for permanent residence",
            "Residence permit card",
            "criminal record certificate",
            "111 Maulenov Street, Almaty",
            "Because you confirm your solvency through a contract.",
        ],
    );
}

#[test]
fn sixty_items_flow_onto_more_a4_pages_in_order() {
    let doc = load(&render(&long_sheet(60)).unwrap());
    let pages = doc.get_pages();
    assert!(pages.len() >= 2, "60 items need more than one page");
    for &page in pages.values() {
        assert_a4(&doc, page);
    }
    let text = text(&doc);
    let mut last = 0;
    for i in 1..=60 {
        let needle = format!("Құжат №{i}:");
        let at = text
            .find(&needle)
            .unwrap_or_else(|| panic!("missing {needle}"));
        assert!(at >= last, "{needle} out of order");
        last = at;
    }
    // One vector box per check item, none lost at page breaks.
    let boxes: usize = pages
        .values()
        .map(|&p| page_ops(&doc, p).iter().filter(|op| *op == "re").count())
        .sum();
    assert_eq!(boxes, 60);
    // Page numbers on every page.
    let n = pages.len();
    for p in 1..=n {
        assert!(
            text.contains(&format!("{p} / {n}")),
            "page number {p} / {n}"
        );
    }
}

#[test]
fn check_items_get_a_vector_box_and_ticks_are_drawn() {
    let sheet = Sheet {
        title: "Boxes".into(),
        sections: vec![section(
            "Documents",
            vec![
                check("Application form", None, false),
                check("Passport", Some("Every applicant submits it."), true),
                check("Photos", None, false),
            ],
        )],
        ..Sheet::default()
    };
    let doc = load(&render(&sheet).unwrap());
    let page = *doc.get_pages().values().next().unwrap();
    let ops = page_ops(&doc, page);
    assert_eq!(ops.iter().filter(|op| *op == "re").count(), 3);
    // A tick is a two-segment stroked path: m l l S.
    let tick = ops
        .windows(4)
        .filter(|w| w == &["m", "l", "l", "S"])
        .count();
    assert_eq!(tick, 1);
}

#[test]
fn emoji_without_glyphs_are_dropped_or_replaced() {
    let sheet = Sheet {
        title: "📋 Checklist".into(),
        sections: vec![section(
            "🪪 Documents",
            vec![
                check("✅ Passport", None, false),
                check("❌ Old permit", None, false),
                para("⚠️ Important 🏢 office"),
            ],
        )],
        ..Sheet::default()
    };
    let doc = load(&render(&sheet).unwrap());
    let text = text(&doc);
    assert_contains_all(
        &text,
        &[
            "Checklist",
            "Documents",
            "✓ Passport",
            "✗ Old permit",
            "⚠ Important office",
        ],
    );
    for bad in ['📋', '🪪', '🏢', '✅', '❌', '\u{fe0f}', '\u{fffd}'] {
        assert!(!text.contains(bad), "{bad:?} should not be in {text}");
    }
}

#[test]
fn fonts_are_embedded_subsets_with_tounicode() {
    let doc = load(&render(&sample(Lang::Kazakh)).unwrap());
    let page = *doc.get_pages().values().next().unwrap();
    let fonts = doc.get_page_fonts(page).unwrap();
    assert_eq!(fonts.len(), 2, "regular and bold");
    for font in fonts.values() {
        assert_eq!(font.get(b"Subtype").unwrap().as_name().unwrap(), b"Type0");
        assert!(font.get(b"ToUnicode").unwrap().as_reference().is_ok());
        let base = font.get(b"BaseFont").unwrap().as_name().unwrap();
        let base = std::str::from_utf8(base).unwrap();
        let (tag, name) = base.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{base}"
        );
        assert!(name.starts_with("DejaVuSans"), "{base}");
        let cid_ref = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
            .as_reference()
            .unwrap();
        let cid = doc.get_dictionary(cid_ref).unwrap();
        let descriptor = doc
            .get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap())
            .unwrap();
        let file = descriptor
            .get(b"FontFile2")
            .unwrap()
            .as_reference()
            .unwrap();
        let file = doc.get_object(file).unwrap().as_stream().unwrap();
        // A subset, far smaller than the 740 KB font it comes from.
        assert!(
            file.content.len() < 60_000,
            "font subset is {} bytes",
            file.content.len()
        );
    }
}

#[test]
fn document_title_metadata_is_set() {
    let sheet = sample(Lang::Kazakh);
    let doc = load(&render(&sheet).unwrap());
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let Object::String(title, _) = info.get(b"Title").unwrap() else {
        panic!("Title is not a string");
    };
    assert_eq!(decode_text_string(title), sheet.title);
    let catalog = doc.catalog().unwrap();
    let Object::String(lang, _) = catalog.get(b"Lang").unwrap() else {
        panic!("Lang is not a string");
    };
    assert_eq!(lang, b"kk");
}

#[test]
fn output_is_deterministic_and_small() {
    for lang in Lang::ALL {
        let a = render(&sample(lang)).unwrap();
        let b = render(&sample(lang)).unwrap();
        assert_eq!(a, b, "{lang:?}: two renders differ");
        assert!(a.len() < 150_000, "{lang:?}: {} bytes", a.len());
    }
}

#[test]
fn edge_cases_render() {
    // Nothing but a title.
    let doc = load(&render(&Sheet::default()).unwrap());
    assert_eq!(doc.get_pages().len(), 1);

    // A paragraph longer than a page and a word longer than a line.
    let long_word = "Ә".repeat(400);
    let sheet = Sheet {
        title: "Long".into(),
        footer: Some("footer ".repeat(100)),
        sections: vec![section(
            "Text",
            vec![
                para(&"Соттылығының болуы немесе болмауы туралы анықтама. ".repeat(120)),
                para(&long_word),
                field(&"name ".repeat(50), &"value ".repeat(400)),
                check("", None, true),
                para("\n\n\t  \r\n"),
            ],
        )],
        ..Sheet::default()
    };
    let doc = load(&render(&sheet).unwrap());
    let pages = doc.get_pages();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for &page in pages.values() {
        assert_a4(&doc, page);
    }
    let text = text(&doc);
    assert_eq!(text.matches('Ә').count(), 400);
}

/// Each page's text, whitespace collapsed, in page order.
fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&n| {
            let raw = doc.extract_text(&[n]).expect("text extracts");
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The page a text is on; the first if it is on several.
fn page_of(pages: &[String], needle: &str) -> usize {
    pages
        .iter()
        .position(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} on no page: {pages:#?}"))
}

/// Whatever comes before it, a short section (the office: its address
/// over two lines and its phones) is printed whole on one page, and a
/// heading is never left at the foot of a page without what follows it.
#[test]
fn a_short_section_is_never_split_and_a_heading_keeps_its_first_block() {
    let address = "Қазақстан Республикасы, 050000, Алматы қ., Мәуленов көшесі, 111-үй, \
                   2-кіреберіс, 1-қабат, 38-кеңсе, Қазақстан Республикасы, 050000, \
                   OFFICEADDRESSEND";
    let long_first = (1..=6)
        .map(|i| format!("Line{i} of a long first check item with its note, "))
        .collect::<String>();
    // Paragraphs and check items of different heights, so that what
    // follows them starts at every height near a page's foot.
    for (paragraphs, checks) in (20..=32).flat_map(|p| (0..=6).map(move |c| (p, c))) {
        let filler = format!("{paragraphs} paragraphs and {checks} items");
        let items = || -> Vec<Block> {
            (1..=paragraphs)
                .map(|i| para(&format!("Paragraph {i}.")))
                .chain((1..=checks).map(|i| check(&format!("Item {i}"), None, false)))
                .collect()
        };
        let office = Sheet {
            title: "Title".into(),
            sections: vec![
                section("Items", items()),
                section(
                    "OfficeHeading",
                    vec![
                        para(address),
                        para("Телефондар: +7 727 266-61-50, PHONESEND"),
                    ],
                ),
            ],
            footer: Some("Footer".into()),
            ..Sheet::default()
        };
        let pages = page_texts(&load(&render(&office).unwrap()));
        let heading = page_of(&pages, "OfficeHeading");
        assert_eq!(
            (
                page_of(&pages, "OFFICEADDRESSEND"),
                page_of(&pages, "PHONESEND")
            ),
            (heading, heading),
            "{filler} before the office: {pages:#?}"
        );
        let long = Sheet {
            title: "Title".into(),
            sections: vec![
                section("Items", items()),
                section(
                    "LongHeading",
                    vec![check(
                        &long_first,
                        Some("LONGNOTE of the first item."),
                        false,
                    )],
                ),
            ],
            ..Sheet::default()
        };
        let pages = page_texts(&load(&render(&long).unwrap()));
        assert_eq!(
            page_of(&pages, "LONGNOTE"),
            page_of(&pages, "LongHeading"),
            "{filler} before the long item: {pages:#?}"
        );
    }
}
