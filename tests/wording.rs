//! What an editor checks beyond single sentences, in every language: one
//! name per document wherever it is named, age ranges that cannot be read
//! as including 18, a result that leaves room in a Telegram message,
//! buttons that fit a phone, and dates in one style.

use kz_residence_bot::amendments::GUIDE_ONLY;
use kz_residence_bot::dialogue::{Input, Session, checklist, sheet};
use kz_residence_bot::documents::{self, Document};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::reply::{Attachment, Msg, Press, Reply};
use kz_residence_bot::texts::locale_sources;

use crate::common;
use crate::common::Chat;

/// Each message of a language as written in its file: key and source
/// lines (every variant of a selector included), comments left out.
fn sources(lang: Lang) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = Vec::new();
    for (_, source) in locale_sources(lang) {
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let starts_message = line
                .split_once(" =")
                .is_some_and(|(key, _)| !key.starts_with(' ') && !key.contains(' '));
            match all.last_mut() {
                Some((_, text)) if !starts_message => {
                    text.push('\n');
                    text.push_str(line);
                }
                _ => {
                    let (key, text) = line.split_once(" =").expect("a message");
                    all.push((key.to_string(), text.to_string()));
                }
            }
        }
    }
    all
}

/// The firm's content pack's strings in a language: `<field>.<lang> = "…"`
/// lines of `examples/content/*.toml`, with where each stands.
fn content_pack(lang: Lang) -> Vec<(String, String)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/content");
    let mut all = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("examples/content")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let suffix = format!(".{} = \"", lang.code());
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a content file");
        for (number, line) in source.lines().enumerate() {
            if let Some((field, text)) = line.split_once(&suffix)
                && !field.starts_with('#')
            {
                let file = path.file_name().unwrap().to_string_lossy();
                all.push((format!("{file}:{}", number + 1), text.to_string()));
            }
        }
    }
    assert!(all.len() > 20, "{}: {} strings", lang.code(), all.len());
    all
}

/// The language's texts and the content pack's strings in it, together.
fn every_string(lang: Lang) -> Vec<(String, String)> {
    let mut all = sources(lang);
    all.extend(content_pack(lang));
    all
}

/// The stems of a name's words: a word of more than five letters loses
/// its last two, so "Справка" matches "справку" and "анықтама" "анықтаманы".
fn stems(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 2)
        .map(|w| {
            let n = w.chars().count();
            if n > 5 {
                w.chars().take(n - 2).collect()
            } else {
                w
            }
        })
        .collect()
}

fn names(text: &str, name: &str) -> bool {
    let text = text.to_lowercase();
    stems(name).iter().all(|stem| text.contains(stem.as_str()))
}

fn render(lang: Lang, msg: &Msg) -> String {
    let mut errors = Vec::new();
    let text = common::texts().render_checked(lang, msg, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    text
}

fn render_reply(lang: Lang, reply: &Reply) -> kz_residence_bot::texts::RenderedReply {
    let mut errors = Vec::new();
    let rendered = common::texts().render_reply_checked(lang, reply, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    rendered
}

/// Every answer that changes the list or the result, on the whole route.
fn whole_routes() -> Vec<Vec<&'static str>> {
    let mut routes = Vec::new();
    for citizenship in ["cn", "ru", "stateless", "other"] {
        for ethnic in ["yes", "no"] {
            if citizenship != "cn" && ethnic == "no" {
                continue;
            }
            for refugee in ["yes", "no"] {
                for age in ["15", "40"] {
                    for children in ["yes", "no"] {
                        for solvency in ["own", "contract"] {
                            // Too short, expiring today, and four years left.
                            for expiry in ["01.01.2027", "24.11.2026", "01.01.2031"] {
                                let mut route = vec!["a:stage:both"];
                                route.push(match citizenship {
                                    "cn" => "a:citizenship:cn",
                                    "ru" => "a:citizenship:ru",
                                    "stateless" => "a:citizenship:stateless",
                                    _ => "a:citizenship:other",
                                });
                                if citizenship == "cn" {
                                    route.push(if ethnic == "yes" {
                                        "a:ethnic-kazakh:yes"
                                    } else {
                                        "a:ethnic-kazakh:no"
                                    });
                                }
                                route.push(if refugee == "yes" {
                                    "a:refugee:yes"
                                } else {
                                    "a:refugee:no"
                                });
                                route.push(age);
                                if age != "15" {
                                    route.push(if children == "yes" {
                                        "a:children:yes"
                                    } else {
                                        "a:children:no"
                                    });
                                }
                                route.push(if solvency == "own" {
                                    "a:solvency:own"
                                } else {
                                    "a:solvency:contract"
                                });
                                route.push(expiry);
                                routes.push(route);
                            }
                        }
                    }
                }
            }
        }
    }
    routes
}

fn walk(lang: Lang, route: &[&str]) -> Chat {
    let mut chat = Chat::started(lang);
    for step in route {
        if step.starts_with("a:") {
            chat.press(step);
        } else {
            chat.text(step);
        }
    }
    chat
}

/// Telegram takes 4,096 characters in a message. The whole route's result
/// (stage 1 and stage 2, read one after the other; the office's contacts
/// follow in a message of their own, as after /contacts) stays within half
/// of that, whatever the answers: the other half is room for the firm's
/// own documents and for longer wording later.
#[test]
fn the_whole_route_result_fits_in_half_a_telegram_message() {
    const BOUND: usize = 4096 / 2;
    let mut too_long = Vec::new();
    for lang in Lang::ALL {
        let mut longest = (0, String::new());
        for route in whole_routes() {
            let mut chat = walk(lang, &route);
            chat.press("sum:go");
            let length: usize = chat
                .replies()
                .iter()
                .filter(|r| r.attachment != Some(Attachment::OfficeContact))
                .map(|r| render_reply(lang, r).text.chars().count())
                .sum();
            if length > longest.0 {
                longest = (length, route.join(" "));
            }
        }
        println!("{}: {} characters at most", lang.code(), longest.0);
        if longest.0 > BOUND {
            too_long.push(format!(
                "{}: {} characters on the route {}",
                lang.code(),
                longest.0,
                longest.1
            ));
        }
    }
    assert!(too_long.is_empty(), "{too_long:#?}");
}

/// About 36 characters of button text span a phone's chat; the buttons of
/// a row share that width, so two get 20 each, three 13, more 36/n.
fn fits_a_phone(label: &str, in_row: usize) -> bool {
    let room = match in_row {
        1 => 36,
        2 => 20,
        3 => 13,
        n => 36 / n,
    };
    label.chars().count() <= room
}

fn assert_buttons_fit(lang: Lang, reply: &Reply, seen: &mut usize) {
    for row in render_reply(lang, reply).keyboard {
        for (label, _) in &row {
            *seen += 1;
            assert!(
                fits_a_phone(label, row.len()),
                "{}: {label:?} ({} characters) in a row of {}",
                lang.code(),
                label.chars().count(),
                row.len()
            );
        }
    }
}

/// Every button of the questions, the summary, the result, the checklist
/// (its longest: every document of the whole route), reminders and starting
/// over fits a phone's screen uncut.
#[test]
fn every_button_fits_a_phone() {
    for lang in Lang::ALL {
        let mut seen = 0;
        for route in [
            // The checklist's longest: a child applicant with a contract, no exemption.
            vec![
                "a:stage:both",
                "a:citizenship:stateless",
                "a:refugee:no",
                "15",
                "a:solvency:contract",
                "01.01.2031",
            ],
            vec![
                "a:stage:both",
                "a:citizenship:cn",
                "a:ethnic-kazakh:no",
                "a:refugee:no",
                "40",
                "a:children:yes",
                "a:solvency:contract",
                "01.01.2031",
            ],
            vec!["a:stage:card", "a:citizenship:ru", "40", "01.01.2031"],
        ] {
            let mut chat = Chat::started(lang);
            for reply in chat.replies() {
                assert_buttons_fit(lang, reply, &mut seen);
            }
            for step in route {
                if step.starts_with("a:") {
                    chat.press(step);
                } else {
                    chat.text(step);
                }
                for reply in chat.replies() {
                    assert_buttons_fit(lang, reply, &mut seen);
                }
            }
            for input in [
                Input::Button("sum:go".into()),
                Input::Text("hi".into()),
                Input::Checklist,
                Input::Button(Press::RemindersOn.encode()),
                Input::Reminders,
                Input::Button(Press::Tick("criminal-record".into()).encode()),
                Input::Button(Press::Submitted.encode()),
                Input::Restart,
            ] {
                chat.send(input);
                for reply in chat.replies() {
                    assert_buttons_fit(lang, reply, &mut seen);
                }
            }
        }
        assert!(seen > 100, "{}: only {seen} buttons seen", lang.code());
    }
}

/// "Choose one of the options (3)" said nothing a reader could act on.
#[test]
fn the_choose_an_option_error_names_the_numbers_to_type() {
    for (lang, range) in [
        (Lang::Kazakh, "1 мен 3 аралығындағы"),
        (Lang::Russian, "число от 1 до 3"),
        (Lang::English, "a number from 1 to 3"),
    ] {
        let mut chat = Chat::started(lang);
        chat.text("Atlantis");
        assert!(
            chat.said().contains(range),
            "{}: {}",
            lang.code(),
            chat.said()
        );
    }
}

/// The guide's children are "aged 14 to 18": from the 14th birthday until
/// the 18th. "14 to 18" reads as including 18, so no text says it so.
#[test]
fn no_text_reads_as_if_children_aged_18_were_included() {
    let inclusive = [
        "14 to 18",
        "14 and 18",
        "14–18",
        "14-18",
        "14 — 18",
        "от 14 до 18",
        "14 пен 18",
        "14 бен 18",
        "14 мен 18",
    ];
    for lang in Lang::ALL {
        for (key, text) in sources(lang) {
            for wrong in inclusive {
                assert!(!text.contains(wrong), "{}: {key}: {wrong:?}", lang.code());
            }
        }
    }
}

/// The documents of the longest lists: every document of stage 1 and 2,
/// for a citizen and for a stateless person.
fn every_document() -> Vec<(bool, Document)> {
    let mut all = Vec::new();
    for (stateless, citizenship, age) in [
        (false, "a:citizenship:ru", "15"),
        (false, "a:citizenship:ru", "40"),
        (true, "a:citizenship:stateless", "40"),
    ] {
        let mut route = vec!["a:stage:both", citizenship, "a:refugee:no", age];
        if age != "15" {
            route.push("a:children:yes");
        }
        route.extend(["a:solvency:contract", "01.01.2031"]);
        let mut chat = walk(Lang::English, &route);
        chat.press("sum:go");
        for document in documents::for_answers(&chat.session.answers, common::TODAY, &GUIDE_ONLY) {
            all.push((stateless, document));
        }
    }
    all
}

/// One name per document: the checklist's short name is the name the
/// result's list, the printable list, the reminders and the staff's card
/// use too; a longer text may add to it, never name the document otherwise.
#[test]
fn each_document_has_one_name_in_the_result_the_checklist_and_the_printed_list() {
    for lang in Lang::ALL {
        for (stateless, document) in every_document() {
            let short = render(lang, &document.short);
            let full = render(lang, &document.text);
            let printed = render(lang, &document.printed);
            assert!(
                names(&full, &short),
                "{} ({}stateless): {:?} is not named {short:?} in the result: {full}",
                lang.code(),
                if stateless { "" } else { "not " },
                document.id
            );
            assert!(
                names(&printed, &short),
                "{}: {:?} is not named {short:?} in the printed list: {printed}",
                lang.code(),
                document.id
            );
        }
    }
}

/// The criminal record certificate is named in reminders, in the dates it
/// asks for, on the printed list and on the staff's card: every text that
/// speaks of it uses the checklist's name.
#[test]
fn every_text_about_the_criminal_record_certificate_names_it_one_way() {
    for (lang, marker) in [
        (Lang::Kazakh, "соттыл"),
        (Lang::Russian, "судимост"),
        (Lang::English, "criminal record"),
    ] {
        let name = render(lang, &Msg::new("short-criminal-record"));
        let mut mentions = 0;
        for (key, text) in sources(lang) {
            if !text.to_lowercase().contains(marker) {
                continue;
            }
            mentions += 1;
            assert!(
                names(&text, &name),
                "{}: {key}: not {name:?}: {text}",
                lang.code()
            );
        }
        assert!(mentions > 10, "{}: {mentions}", lang.code());
    }
}

/// Forms the editor found beside the one name a language uses.
#[test]
fn no_second_name_for_the_same_thing() {
    let second_names = [
        // The stateless person's document: «азаматтығы жоқ адамның құжаты».
        (Lang::Kazakh, "жоқ адам құжат"),
        // The ethnic Kazakh: «этнический казах».
        (Lang::Russian, "по национальности"),
        (Lang::Russian, "казашк"),
        (Lang::Russian, "Казах(-"),
        // The certificate's validity, in the guide's words, not counted "since issue".
        (Lang::English, "days old"),
        (Lang::Russian, "со дня выдачи"),
        (Lang::Russian, "со дня её выдачи"),
        (Lang::Kazakh, "берілгеннен бері"),
        (Lang::Russian, "не старше"),
        (Lang::Kazakh, "берілгеніне"),
        // A notary's word: «нотариат куәландырған», never «нотариаттық».
        (Lang::Kazakh, "нотариаттық"),
        (Lang::English, "notarially"),
    ];
    for (lang, wrong) in second_names {
        for (key, text) in sources(lang) {
            assert!(!text.contains(wrong), "{}: {key}: {wrong:?}", lang.code());
        }
    }
    // A notary's word in one form across the checklist's names.
    for lang in Lang::ALL {
        let mut forms = std::collections::BTreeSet::new();
        for (key, text) in sources(lang) {
            if !key.starts_with("short-") {
                continue;
            }
            for word in stems(&text) {
                if word.contains("нотари") || word.contains("notari") {
                    forms.insert(word);
                }
            }
        }
        assert!(forms.len() <= 1, "{}: {forms:?}", lang.code());
    }
}

/// The certificate's rule, said the guide's way wherever the companion and
/// the printed list state it: a validity of at most 180 calendar days.
#[test]
fn the_certificates_validity_is_stated_in_calendar_days() {
    for (lang, calendar_days) in [
        (Lang::Kazakh, "180 күнтізбелік күн"),
        (Lang::Russian, "180 календарных дней"),
        (Lang::English, "180 calendar days"),
    ] {
        for msg in [
            checklist::date_question(
                kz_residence_bot::dialogue::DateQuestion::CertificateIssued,
                &kz_residence_bot::rules::Terms::GUIDE,
            )
            .blocks
            .into_iter()
            .find_map(|b| match b {
                kz_residence_bot::reply::Block::Paragraph(m) => Some(m),
                _ => None,
            })
            .unwrap(),
            Msg::new("sheet-certificate-rule").number("days", 180),
            Msg::new("remind-certificate-passed").number("days", 180),
            Msg::new("sources-term")
                .text("term", "criminal_record_max_age_days")
                .number("days", 180),
        ] {
            let text = render(lang, &msg);
            assert!(text.contains(calendar_days), "{}: {text}", lang.code());
        }
    }
}

/// The passport's last day, the certificate's and the card's, in the
/// result, the reminders, the printed list and the staff's card: written
/// in words like the summary on the same screen, never in digits.
#[test]
fn dates_are_written_in_words_wherever_the_summary_writes_them_so() {
    for (lang, last_day) in [
        (Lang::Kazakh, "2030 жылғы 3 шілде"),
        (Lang::Russian, "3 июля 2030 года"),
        (Lang::English, "3 July 2030"),
    ] {
        let mut chat = walk(
            lang,
            &[
                "a:stage:permit",
                "a:citizenship:ru",
                "a:refugee:no",
                "40",
                "a:children:no",
                "a:solvency:own",
                "31.12.2030",
            ],
        );
        let summary = chat.said();
        assert!(!has_digit_date(&summary), "{}: {summary}", lang.code());
        chat.press("sum:go");
        let result = chat.said();
        assert!(result.contains(last_day), "{}: {result}", lang.code());
        assert!(!has_digit_date(&result), "{}: {result}", lang.code());
        chat.send(Input::Button(Press::RemindersOn.encode()));
        let reminders = chat.said();
        assert!(reminders.contains(last_day), "{}: {reminders}", lang.code());
        assert!(!has_digit_date(&reminders), "{}: {reminders}", lang.code());
        let session: &Session = &chat.session;
        let documents = documents::for_answers(&session.answers, common::TODAY, &GUIDE_ONLY);
        let sheet = sheet::build(
            session,
            &documents,
            common::office(),
            common::TODAY,
            &GUIDE_ONLY,
        );
        let printed = format!(
            "{:?}",
            kz_residence_bot::pdf::translated(common::texts(), lang, &sheet)
        );
        assert!(printed.contains(last_day), "{}: {printed}", lang.code());
        assert!(!has_digit_date(&printed), "{}: {printed}", lang.code());
    }
}

/// `DD.MM.YYYY` anywhere, except the example a question gives of how to type one.
fn has_digit_date(text: &str) -> bool {
    let text = text.replace("15.03.2031", "");
    let chars: Vec<char> = text.chars().collect();
    chars.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            2 | 5 => *c == '.',
            _ => c.is_ascii_digit(),
        })
    })
}

/// Stage 2 for a stateless person: the list, the checklist and the printed
/// list all name a document in place of the national passport the guide
/// names (a stateless person has none), never the passport itself.
#[test]
fn a_stateless_person_is_not_listed_a_national_passport_at_stage_2() {
    for (lang, passport, in_place) in [
        (
            Lang::Kazakh,
            "Жарамды ұлттық төлқұжат",
            "Төлқұжаттың орнына тапсырылатын құжат",
        ),
        (
            Lang::Russian,
            "Действительный национальный паспорт",
            "Документ вместо паспорта",
        ),
        (
            Lang::English,
            "A valid national passport",
            "Document in place of a passport",
        ),
    ] {
        let mut chat = walk(
            lang,
            &[
                "a:stage:card",
                "a:citizenship:stateless",
                "40",
                "01.01.2031",
            ],
        );
        chat.press("sum:go");
        let result = chat.said();
        chat.send(Input::Checklist);
        let checklist = chat.said();
        let session = &chat.session;
        let documents = documents::for_answers(&session.answers, common::TODAY, &GUIDE_ONLY);
        let sheet = sheet::build(
            session,
            &documents,
            common::office(),
            common::TODAY,
            &GUIDE_ONLY,
        );
        let printed = format!(
            "{:?}",
            kz_residence_bot::pdf::translated(common::texts(), lang, &sheet)
        );
        for text in [&result, &checklist, &printed] {
            assert!(!text.contains(passport), "{}: {text}", lang.code());
            assert!(
                text.to_lowercase().contains(&in_place.to_lowercase()),
                "{}: {text}",
                lang.code()
            );
        }
    }
}

/// The Rules on solvency have a title of some twenty words: the printed
/// list gives it whole, the chat a short form of it.
#[test]
fn the_solvency_rules_title_is_whole_on_paper_and_short_in_the_chat() {
    for (lang, title_end) in [
        (
            Lang::Kazakh,
            "азаматтығы жоқ адамдардың төлем қабілеттілігін растау қағидалары",
        ),
        (
            Lang::Russian,
            "ходатайствующими о постоянном проживании в Республике Казахстан",
        ),
        (
            Lang::English,
            "Stateless Persons Applying for Permanent Residence in the Republic of Kazakhstan",
        ),
    ] {
        let mut chat = walk(
            lang,
            &[
                "a:stage:permit",
                "a:citizenship:ru",
                "a:refugee:no",
                "40",
                "a:children:no",
                "a:solvency:own",
                "01.01.2031",
            ],
        );
        chat.press("sum:go");
        let result = chat.said();
        let solvency = documents::for_answers(&chat.session.answers, common::TODAY, &GUIDE_ONLY)
            .into_iter()
            .find(|d| d.id == "solvency")
            .expect("the solvency document");
        let printed = render(lang, &solvency.printed);
        assert!(printed.contains(title_end), "{}: {printed}", lang.code());
        assert!(!result.contains(title_end), "{}: {result}", lang.code());
        assert!(
            result.contains(&render(lang, &solvency.text)),
            "{}: {result}",
            lang.code()
        );
    }
}

/// The certificate's full legal name is given once, where the result's list
/// introduces its short name ("hereinafter"); every other text uses the short one.
#[test]
fn the_certificates_full_name_is_given_only_where_it_is_introduced() {
    for (lang, full) in [
        (Lang::Kazakh, "болуы немесе болмауы туралы анықтама"),
        (Lang::Russian, "о наличии или отсутствии судимости"),
    ] {
        for (key, text) in every_string(lang) {
            if key == "doc-criminal-record" {
                assert!(text.contains(full), "{}: {key}: {text}", lang.code());
                continue;
            }
            assert!(!text.contains(full), "{}: {key}: {text}", lang.code());
        }
    }
}

/// The Rules on solvency are a legal act's title: capitalised wherever they
/// are named, in the bot's texts and in the content pack.
#[test]
fn the_solvency_rules_are_named_with_a_capital() {
    for (lang, lower) in [(Lang::Russian, "правил"), (Lang::English, "rules for")] {
        for (key, text) in every_string(lang) {
            let names_the_rules = text.contains("подтверждения платёжеспособности")
                || text.to_lowercase().contains("solvency");
            assert!(
                !(names_the_rules && text.contains(lower)),
                "{}: {key}: {text}",
                lang.code()
            );
        }
    }
}

/// "For example" before an example: Russian sets no comma after «например»
/// that opens a phrase set off by a comma; Kazakh sets one after «мысалы».
#[test]
fn for_example_is_punctuated_as_each_language_wants() {
    for (key, text) in every_string(Lang::Russian) {
        assert!(!text.contains(", например,"), "ru: {key}: {text}");
    }
    for (key, text) in every_string(Lang::Kazakh) {
        let text = text.to_lowercase();
        assert!(!text.contains("мысалы "), "kk: {key}: {text}");
    }
}

/// A number the firm's settings can change (days, years) is followed by a
/// noun whose form a selector chooses: "21 календарного дня", never
/// "21 календарных дней". A line with a number and its noun is a
/// selector's variant; "дн." abbreviates and needs none.
#[test]
fn russian_numbers_from_the_settings_agree_with_their_nouns() {
    for (key, text) in sources(Lang::Russian) {
        for line in text.lines() {
            let variant = line.trim_start().starts_with('[') || line.trim_start().starts_with("*[");
            for number in [
                "$days",
                "$min_days",
                "$years",
                "$length",
                "$every",
                "$max_age",
            ] {
                // A message that selects on the number words each form in a variant.
                let variant = variant || text.contains(&format!("{{ {number} ->"));
                let placeable = format!("{{ {number} }} ");
                for (at, _) in line.match_indices(&placeable) {
                    let after = &line[at + placeable.len()..];
                    let counted = after.chars().next().is_some_and(|c| c.is_alphabetic());
                    assert!(
                        !counted || variant || after.starts_with("дн."),
                        "ru: {key}: {line}"
                    );
                }
            }
        }
    }
    // And as rendered, with a number that ends in 1.
    let msgs = [
        Msg::new("sources-term")
            .text("term", "passport_min_days_left")
            .number("days", 21),
        Msg::new("sources-term")
            .text("term", "criminal_record_max_age_days")
            .number("days", 21),
        Msg::new("sources-term")
            .text("term", "card_issue_days")
            .number("days", 21),
        Msg::new("doc-criminal-record").number("days", 21),
        Msg::new("doc-identity-document")
            .number("days", 21)
            .document(false),
        Msg::new("sheet-card-within").number("days", 21),
        Msg::new("sheet-certificate-rule").number("days", 21),
        Msg::new("certificate-too-old").number("days", 21),
        Msg::new("remind-certificate-passed").number("days", 21),
        Msg::new("submitted-overdue").number("days", 21),
        Msg::new("remind-passport-passed")
            .number("min_days", 21)
            .document(false),
        Msg::new("result-card-issue")
            .text("when", "later")
            .number("years", 10)
            .number("days", 21),
    ];
    for msg in msgs {
        let text = render(Lang::Russian, &msg);
        for wrong in ["21 календарных", "21 дней", "21 дня"] {
            assert!(!text.contains(wrong), "ru: {wrong:?}: {text}");
        }
    }
}

/// A date that lies in the past (a birth date, the day a certificate was
/// issued or the documents submitted) is not asked for again with an
/// example from the future.
#[test]
fn a_past_date_is_asked_for_again_with_a_past_example() {
    for lang in Lang::ALL {
        let mut chat = walk(
            lang,
            &[
                "a:stage:both",
                "a:citizenship:ru",
                "a:refugee:no",
                "40",
                "a:children:no",
                "a:solvency:own",
                "01.01.2031",
            ],
        );
        chat.press("sum:go");
        chat.send(Input::Checklist);
        chat.send(Input::Button(
            Press::Tick("criminal-record".into()).encode(),
        ));
        chat.text("soon");
        let certificate = chat.said();
        assert!(
            !certificate.contains("2031"),
            "{}: {certificate}",
            lang.code()
        );
        assert!(
            certificate.contains("1990"),
            "{}: {certificate}",
            lang.code()
        );

        let mut chat = walk(lang, &["a:stage:card", "a:citizenship:ru"]);
        chat.text("15 March");
        let birth = chat.said();
        assert!(!birth.contains("2031"), "{}: {birth}", lang.code());
        assert!(birth.contains("1990"), "{}: {birth}", lang.code());
    }
}

/// Someone whose answers need no documents (a child under 16 asking only
/// about the card) has seen the result: /checklist, /pdf and turning
/// reminders on tell them there is nothing to check off, not to answer the
/// questions and see a list first.
#[test]
fn after_a_result_with_no_documents_the_checklist_is_not_promised() {
    for lang in Lang::ALL {
        let mut chat = walk(lang, &["a:stage:card", "a:citizenship:ru", "10"]);
        chat.press("sum:go");
        assert!(
            chat.keys().contains(&"result-card-not-needed"),
            "{}: {}",
            lang.code(),
            chat.said()
        );
        for input in [
            Input::Checklist,
            Input::Pdf,
            Input::Button(Press::RemindersOn.encode()),
        ] {
            chat.send(input.clone());
            let keys = chat.keys();
            assert!(
                keys[0] == "checklist-no-documents" && !keys.contains(&"checklist-not-ready"),
                "{}: {input:?}: {}",
                lang.code(),
                chat.said()
            );
        }
        // Before any result the promise holds.
        let mut chat = walk(lang, &["a:stage:card", "a:citizenship:ru"]);
        chat.send(Input::Checklist);
        assert!(
            chat.keys().contains(&"checklist-not-ready"),
            "{}: {}",
            lang.code(),
            chat.said()
        );
    }
}

/// The note after a result that needed no documents (a child under the
/// card's age; shown again after /help, /checklist and the like) neither
/// promises a checklist nor offers its button: the result said there is
/// none. With documents, it does.
#[test]
fn the_note_after_a_result_with_no_documents_offers_no_checklist() {
    let checklist = Press::Checklist.encode();
    for lang in Lang::ALL {
        let mut shown = Vec::new();
        for (route, documents) in [
            (vec!["a:stage:card", "a:citizenship:ru", "10"], false),
            (
                vec!["a:stage:card", "a:citizenship:ru", "40", "01.01.2031"],
                true,
            ),
        ] {
            let mut chat = walk(lang, &route);
            chat.press("sum:go");
            chat.send(Input::Help);
            let change = Press::ChangeAnswers.encode();
            let rendered = chat
                .replies()
                .iter()
                .map(|r| render_reply(lang, r))
                .find(|r| r.keyboard.iter().flatten().any(|(_, data)| *data == change))
                .expect("the note after the result, with its menu");
            let offered = rendered
                .keyboard
                .iter()
                .flatten()
                .any(|(_, data)| *data == checklist);
            assert_eq!(
                offered,
                documents,
                "{}: {route:?}: {}",
                lang.code(),
                rendered.text
            );
            shown.push(rendered.text);
        }
        assert_ne!(shown[0], shown[1], "{}", lang.code());
        if lang == Lang::English {
            assert!(!shown[0].contains("open your checklist"), "{}", shown[0]);
        }
    }
}

/// /reminders with reminders off says what they would be about: a
/// stateless person's document is named as such, not as a passport; and
/// the reminders come 30 and 7 days before a deadline, not "the day before".
#[test]
fn reminders_off_names_the_document_the_person_has() {
    let route = |citizenship: &'static str| {
        vec![
            "a:stage:both",
            citizenship,
            "a:refugee:no",
            "40",
            "a:children:no",
            "a:solvency:own",
            "01.01.2031",
        ]
    };
    for (lang, passport) in [
        (Lang::Kazakh, "төлқұжат"),
        (Lang::Russian, "паспорт"),
        (Lang::English, "passport"),
    ] {
        for (citizenship, stateless) in [
            ("a:citizenship:stateless", true),
            ("a:citizenship:ru", false),
        ] {
            let mut chat = walk(lang, &route(citizenship));
            chat.press("sum:go");
            chat.send(Input::Reminders);
            assert_eq!(chat.keys()[0], "reminders-off", "{}", lang.code());
            let said = chat.said().to_lowercase();
            assert_eq!(
                !said.contains(passport),
                stateless,
                "{}: {citizenship}: {said}",
                lang.code()
            );
        }
    }
    for (key, text) in sources(Lang::Russian) {
        assert!(!text.contains("накануне"), "ru: {key}: {text}");
    }
}

/// Turns an official text avoids, which the editors found beside the
/// register of the rest: negative contractions, "and/or" and a "firm" the
/// applicant was never introduced to in English (the staff's statistics
/// may say it); "(а)" for a verb's gender and reasons opening with
/// "Потому что" in Russian; the colloquial «Жарайды» in Kazakh.
#[test]
fn no_turn_out_of_an_official_register() {
    let avoided = [
        (Lang::English, "n't"),
        (Lang::English, "and/or"),
        (Lang::English, "the firm"),
        (Lang::English, "The firm"),
        (Lang::Russian, "(а)"),
        (Lang::Russian, "Потому что"),
        (Lang::Kazakh, "Жарайды"),
    ];
    for (lang, wrong) in avoided {
        for (key, text) in every_string(lang) {
            if key.starts_with("stats-") {
                continue;
            }
            assert!(
                !text.contains(wrong),
                "{}: {key}: {wrong:?}: {text}",
                lang.code()
            );
        }
    }
}
