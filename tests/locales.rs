//! The three languages: the same keys everywhere, every argument a message
//! uses is passed by the code, and the texts say what the guide says.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use kz_residence_bot::amendments::GUIDE_ONLY;
use kz_residence_bot::companion::Reminder;
use kz_residence_bot::dialogue::checklist;
use kz_residence_bot::dialogue::sheet::{self, SheetBlock};
use kz_residence_bot::dialogue::{Input, Session, Step, picker};
use kz_residence_bot::documents;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::questions::{Kind, Question};
use kz_residence_bot::reminders::Planned;
use kz_residence_bot::reply::{Press, Reply};
use kz_residence_bot::texts::locale_sources;

use crate::common;
use crate::common::Chat;

/// Message id -> the variables it references, for one locale.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for (file, source) in locale_sources(lang) {
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, e)| panic!("{}/{file} does not parse: {e:?}", lang.code()));
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_vars(pattern, &mut vars);
                }
                let duplicate = all.insert(message.id.name.to_string(), vars);
                assert!(
                    duplicate.is_none(),
                    "{}: {} defined twice",
                    lang.code(),
                    message.id.name
                );
            }
        }
    }
    all
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_locale_has_the_same_files_and_keys() {
    let english = messages(Lang::English);
    for lang in [Lang::Kazakh, Lang::Russian] {
        let other = messages(lang);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty(),
            "missing from {}: {missing:?}",
            lang.code()
        );
        assert!(extra.is_empty(), "only in {}: {extra:?}", lang.code());
        let names = |l: Lang| locale_sources(l).map(|(f, _)| f);
        assert_eq!(names(lang), names(Lang::English));
    }
}

#[test]
fn every_locale_uses_the_same_variables_in_each_message() {
    let english = messages(Lang::English);
    for lang in [Lang::Kazakh, Lang::Russian] {
        for (key, vars) in messages(lang) {
            // A translation may leave a variable out (Kazakh needs no plural
            // form), but may not use one English does not get.
            let allowed = &english[&key];
            assert!(
                vars.is_subset(allowed),
                "{}: {key} uses {:?}, the code passes {allowed:?}",
                lang.code(),
                vars.difference(allowed).collect::<Vec<_>>()
            );
        }
    }
}

/// Renders every reply of a conversation in its language, failing on any
/// Fluent error (a missing key, or a variable the code did not pass).
fn render_all(chat: &Chat, used: &mut BTreeSet<&'static str>) {
    let lang = chat.session.reply_lang(None);
    let mut errors = Vec::new();
    for reply in chat.replies() {
        common::texts().render_reply_checked(lang, reply, &mut errors);
        collect_keys(reply, used);
    }
    // A short notice answering a press (the calendar's).
    if let Some(toast) = chat.last.as_ref().and_then(|o| o.toast.clone()) {
        common::texts().render_checked(lang, &toast, &mut errors);
        collect_keys(&Reply::paragraph(toast), used);
    }
    assert!(errors.is_empty(), "{errors:#?}");
}

/// A date question's calendar: every button of its first page of years,
/// of the first month page it leads to, and of that month's days.
fn walk_the_picker(asked: &Session, question: Question, used: &mut BTreeSet<&'static str>) {
    let open = picker::open_button(question, common::TODAY).expect("a date question");
    let mut page = open.press.encode();
    for deeper in ["m", "d", "p"] {
        let mut shown = Chat {
            session: asked.clone(),
            last: None,
        };
        shown.press(&page);
        render_all(&shown, used);
        let mut next = None;
        for data in shown.buttons() {
            let mut pressed = Chat {
                session: asked.clone(),
                last: None,
            };
            pressed.press(&data);
            render_all(&pressed, used);
            let opened = pressed.last.as_ref().is_some_and(|o| o.edit_pressed);
            let prefix = format!("cal:{}:{deeper}", question.id());
            if next.is_none() && opened && data.starts_with(&prefix) {
                next = Some(data);
            }
        }
        match next {
            Some(data) => page = data,
            None => break,
        }
    }
}

fn collect_keys(reply: &kz_residence_bot::reply::Reply, used: &mut BTreeSet<&'static str>) {
    use kz_residence_bot::reply::{Arg, Block, Msg};
    fn msg(m: &Msg, used: &mut BTreeSet<&'static str>) {
        used.insert(m.key);
        for (_, arg) in &m.args {
            match arg {
                Arg::Msg(inner) => msg(inner, used),
                // A date is written in words by its own message.
                Arg::Date(date) => msg(&Msg::date_words(*date), used),
                _ => {}
            }
        }
    }
    for block in &reply.blocks {
        match block {
            Block::Paragraph(m) => msg(m, used),
            Block::Numbered(items) | Block::Lines(items) => items.iter().for_each(|m| msg(m, used)),
        }
    }
    for button in reply.keyboard.iter().flatten() {
        msg(&button.label, used);
    }
}

/// Walks every combination of answers (with boundary ages and passport
/// dates), plus every kind of bad input at every question, in each language.
#[test]
fn every_reply_on_every_route_renders_without_errors_in_all_languages() {
    let long = "x".repeat(4000);
    let bad_inputs = [
        long.as_str(),
        "",
        "Atlantis",
        "31.02.2030",
        "15.13.2030",
        "15.03.203",
        "01.01.2000",
        "01.01.2200",
        "abc",
        "500",
        "-1",
    ];
    let mut used = BTreeSet::new();
    let mut calendars = BTreeSet::new();
    for lang in Lang::ALL {
        let mut stack = vec![Chat::new()];
        let mut finished = 0;
        stack[0].send(Input::Start {
            lang: Some(lang),
            tag: None,
        });
        render_all(&stack[0], &mut used);
        while let Some(chat) = stack.pop() {
            let Step::Ask(question) = chat.session.step else {
                // Summary: show the result, then try every other command there.
                let mut done = Chat {
                    session: chat.session.clone(),
                    last: None,
                };
                done.press("sum:go");
                render_all(&done, &mut used);
                assert_eq!(done.session.step, Step::Result);
                finished += 1;
                for (at, input) in [
                    (&done.session, Input::Text("hi".into())),
                    (&done.session, Input::Back),
                    (&done.session, Input::Help),
                    (&done.session, Input::Unsupported),
                    (&done.session, Input::UnknownCommand),
                    (&done.session, Input::Edited(Some("hi".into()))),
                    (&done.session, Input::Restart),
                    (&chat.session, Input::Text("hi".into())),
                ] {
                    let mut other = Chat {
                        session: at.clone(),
                        last: None,
                    };
                    other.send(input);
                    render_all(&other, &mut used);
                }
                walk_the_companion(&done.session, &mut used);
                continue;
            };
            let answers: Vec<Input> = match question.kind() {
                Kind::Choice {
                    options: choices, ..
                } => choices
                    .iter()
                    .map(|c| Input::Button(format!("a:{}:{}", question.id(), c.id)))
                    .collect(),
                Kind::AgeOrBirthDate { .. } => ["13", "14", "16", "18"]
                    .map(|a| Input::Text(a.into()))
                    .to_vec(),
                Kind::FutureDate { .. } => ["23.05.2027", "24.05.2027", "20.06.2030"]
                    .map(|a| Input::Text(a.into()))
                    .to_vec(),
                // The built-in content has none of the firm's questions.
                Kind::Added => Vec::new(),
            };
            let dated = !matches!(question.kind(), Kind::Choice { .. });
            if dated && calendars.insert((lang.code(), question.id())) {
                walk_the_picker(&chat.session, question, &mut used);
            }
            for bad in bad_inputs {
                let mut wrong = Chat {
                    session: chat.session.clone(),
                    last: None,
                };
                wrong.text(bad);
                render_all(&wrong, &mut used);
            }
            for input in answers.into_iter().chain([
                Input::Back,
                Input::Language,
                Input::Contacts,
                // Before any result: the checklist is still to come.
                Input::Checklist,
                Input::Button("forged".into()),
            ]) {
                let navigation = !matches!(input, Input::Button(ref b) if b.starts_with("a:"))
                    && !matches!(input, Input::Text(_));
                let mut next = Chat {
                    session: chat.session.clone(),
                    last: None,
                };
                next.send(input);
                render_all(&next, &mut used);
                if !navigation && next.session.step != chat.session.step {
                    stack.push(next);
                }
            }
        }
        assert!(
            finished > 100,
            "{}: only {finished} routes finished",
            lang.code()
        );
    }
    // The walk reached every message of the core (the Telegram texts are checked with the bot).
    let core_files = [
        "common.ftl",
        "questions.ftl",
        "results.ftl",
        "office.ftl",
        "companion.ftl",
        "dates.ftl",
    ];
    let mut unused = Vec::new();
    for (file, source) in locale_sources(Lang::English) {
        if !core_files.contains(&file) {
            continue;
        }
        for entry in fluent_syntax::parser::parse(source).unwrap().body {
            if let ast::Entry::Message(m) = entry {
                let key = m.id.name;
                // Reached by other tests: the console's farewell, a configured e-mail, a
                // passport that expires between answer and result, and a defensive fallback.
                let known_elsewhere = [
                    "console-bye",
                    "console-forget",
                    "office-email",
                    "office-contact-name",
                    "result-card-passport-invalid",
                    "passport-expired",
                    "echo-unknown",
                    // Front ends without files or reminders (the console).
                    "pdf-unavailable",
                    "reminders-unavailable",
                    // Only with a content folder: extra_documents_and_hours_render…
                    "office-hours",
                    "content-text",
                    "why-extra",
                ];
                if !used.contains(key) && !known_elsewhere.contains(&key) {
                    unused.push(key.to_string());
                }
            }
        }
    }
    assert!(unused.is_empty(), "messages no route reaches: {unused:?}");
}

/// After a result: the checklist ticked through, the dates it asks for
/// (fresh, old, future, unreadable), reminders on, listed, cancelled and
/// off, every reminder's message, the printable sheet, and starting over.
fn walk_the_companion(result: &Session, used: &mut BTreeSet<&'static str>) {
    let today = common::TODAY;
    let documents = documents::for_answers(&result.answers, today, &GUIDE_ONLY);
    let mut chat = Chat {
        session: result.clone(),
        last: None,
    };
    let mut inputs = vec![Input::Checklist, Input::Pdf, Input::Reminders];
    inputs.extend(
        documents
            .iter()
            .map(|d| Input::Button(Press::Tick(d.id.clone()).encode())),
    );
    inputs.extend([
        Input::Text("31.02.2026".into()),
        Input::Text("01.01.2090".into()),
        Input::Text("soon".into()),
        Input::Text("01.03.2026".into()),
        Input::Button(Press::RemindersOn.encode()),
        Input::Button(Press::Submitted.encode()),
        Input::Button(Press::Today.encode()),
        Input::Button(Press::Submitted.encode()),
        Input::Text("01.10.2026".into()),
        Input::Button(Press::CancelReminder(Reminder::Nudge).encode()),
        Input::Reminders,
        Input::Button(
            Press::Tick(documents.first().map_or("none".into(), |d| d.id.clone())).encode(),
        ),
        Input::Button(Press::Submitted.encode()),
        Input::Button(Press::SkipDate.encode()),
        Input::Restart,
        Input::Button(Press::KeepGoing.encode()),
    ]);
    for input in inputs {
        chat.send(input);
        render_all(&chat, used);
    }
    let with_dates = chat.session.clone();
    chat.send(Input::Button(Press::RemindersOff.encode()));
    render_all(&chat, used);
    // A certificate issued recently, then every reminder and the sheet.
    let mut fresh = Chat {
        session: result.clone(),
        last: None,
    };
    fresh.send(Input::Button(Press::RemindersOn.encode()));
    render_all(&fresh, used);
    if documents.iter().any(|d| d.id == "criminal-record") {
        fresh.send(Input::Button(
            Press::Tick("criminal-record".into()).encode(),
        ));
        fresh.send(Input::Text("20.11.2026".into()));
        render_all(&fresh, used);
    }
    let lang = fresh.session.reply_lang(None);
    let mut errors = Vec::new();
    for reminder in Reminder::ALL {
        let planned = Planned {
            reminder,
            due: today,
            until: today,
            deadline: today + chrono::Days::new(7),
        };
        let reply = checklist::reminder_message(
            &planned,
            &fresh.session,
            &documents,
            common::office(),
            today,
            &GUIDE_ONLY,
        );
        common::texts().render_reply_checked(lang, &reply, &mut errors);
        collect_keys(&reply, used);
    }
    for session in [result, &with_dates, &fresh.session] {
        let sheet = sheet::build(session, &documents, common::office(), today, &GUIDE_ONLY);
        let mut msgs = vec![&sheet.title, &sheet.subtitle, &sheet.footer];
        for section in &sheet.sections {
            msgs.push(&section.heading);
            for block in &section.blocks {
                match block {
                    SheetBlock::Paragraph(m) => msgs.push(m),
                    SheetBlock::Field { name, value } => msgs.extend([name, value]),
                    SheetBlock::Check { text, why, .. } => msgs.extend([text, why]),
                }
            }
        }
        for msg in msgs {
            common::texts().render_checked(lang, msg, &mut errors);
            collect_keys(&Reply::paragraph(msg.clone()), used);
        }
    }
    assert!(errors.is_empty(), "{errors:#?}");
    fresh.send(Input::Restart);
    render_all(&fresh, used);
    fresh.send(Input::Button(Press::RestartConfirmed.encode()));
    render_all(&fresh, used);
}

#[test]
fn every_question_and_option_has_a_text_in_every_language() {
    for lang in Lang::ALL {
        for question in kz_residence_bot::questions::ALL_QUESTIONS {
            for choice in question.choices() {
                assert!(
                    common::texts().has(lang, choice.label),
                    "{}: {}",
                    lang.code(),
                    choice.label
                );
            }
        }
    }
    let _ = Question::Stage;
}

fn result_text(lang: Lang, citizenship: &str, refugee: &str) -> String {
    let mut chat = Chat::started(lang);
    chat.press("a:stage:both");
    chat.press(&format!("a:citizenship:{citizenship}"));
    if citizenship == "cn" {
        chat.press("a:ethnic-kazakh:yes");
    }
    chat.press(&format!("a:refugee:{refugee}"));
    chat.text("30");
    chat.press("a:children:yes");
    chat.press("a:solvency:contract");
    chat.text("01.01.2031");
    chat.press("sum:go");
    chat.said()
}

#[test]
fn results_use_the_official_terms_in_each_language() {
    let table = [
        (
            Lang::Kazakh,
            [
                "Тұрақты тұруға рұқсат",
                "тұруға ықтиярхат",
                "полицияның көші-қон қызметі",
                "соттылығыңыздың болуы немесе болмауы туралы анықтама",
                "Мәуленов көшесі, 111-үй, 2-кіреберіс, 1-қабат, 38-кеңсе",
            ],
        ),
        (
            Lang::Russian,
            [
                "Разрешение на постоянное проживание",
                "Этап 2. Вид на жительство",
                "миграционная служба полиции",
                "Справка о наличии или отсутствии судимости",
                "ул. Мауленова, д. 111, подъезд 2, этаж 1, офис 38",
            ],
        ),
        (
            Lang::English,
            [
                "Permit for permanent residence",
                "Residence permit card",
                "migration service of the police",
                "criminal record certificate",
                "Office 38, floor 1, entrance 2, 111 Maulenov Street, Almaty",
            ],
        ),
    ];
    for (lang, phrases) in table {
        let text = result_text(lang, "ru", "no");
        for phrase in phrases {
            assert!(
                text.contains(phrase),
                "{}: {phrase:?} not in\n{text}",
                lang.code()
            );
        }
        assert!(
            text.contains("+7 727 266-61-50") && text.contains("+7 778 423 57 38"),
            "{}",
            lang.code()
        );
    }
    // The card's official name, given once where the consultation begins.
    for (lang, official) in [
        (
            Lang::Kazakh,
            "шетелдіктің Қазақстан Республикасында тұруға ықтиярхаты",
        ),
        (
            Lang::Russian,
            "вид на жительство иностранца в Республике Казахстан",
        ),
        (
            Lang::English,
            "the residence permit of a foreigner in the Republic of Kazakhstan",
        ),
    ] {
        let welcome = Chat::started(lang).said();
        assert!(welcome.contains(official), "{}: {welcome}", lang.code());
    }
}

#[test]
fn stateless_persons_are_asked_about_their_stateless_persons_document() {
    for (lang, phrase) in [
        (Lang::Kazakh, "Азаматтығы жоқ адамның құжатының"),
        (Lang::Russian, "документ лица без гражданства"),
        (Lang::English, "stateless person's document"),
    ] {
        let mut chat = Chat::started(lang);
        chat.press("a:stage:card");
        chat.press("a:citizenship:stateless");
        chat.text("40");
        assert!(
            chat.said().contains(phrase),
            "{}: {}",
            lang.code(),
            chat.said()
        );
    }
}

#[test]
fn russian_numbers_agree_with_their_nouns() {
    let mut chat = Chat::started(Lang::Russian);
    chat.press("a:stage:card");
    chat.press("a:citizenship:ru");
    chat.text("15");
    chat.press("sum:go");
    // The card is not needed under 16: "до 16 лет", "с 16 лет".
    assert!(chat.said().contains("Детям до 16 лет"), "{}", chat.said());
    assert!(chat.said().contains("с 16 лет"), "{}", chat.said());
    let mut chat = Chat::started(Lang::Russian);
    chat.press("a:stage:permit");
    chat.press("a:citizenship:ru");
    chat.press("a:refugee:no");
    chat.text("40");
    chat.press("a:children:no");
    chat.press("a:solvency:own");
    chat.text("25.05.2027"); // 182 days
    chat.press("sum:go");
    assert!(chat.said().contains("ещё 182 дня"), "{}", chat.said());
}

/// The guide: "The residence permit is issued for 10 years", and the
/// criminal record certificate's "validity period not exceeding 180
/// calendar days", as the applicant reads them.
#[test]
fn results_state_the_guides_periods_in_each_language() {
    for (lang, card_years, certificate_days) in [
        (Lang::Kazakh, "10 жыл", "180 күнтізбелік күн"),
        (Lang::Russian, "10 лет", "180 календарных дней"),
        (Lang::English, "10 years", "180 calendar days"),
    ] {
        let text = result_text(lang, "ru", "no");
        assert!(text.contains(card_years), "{}: {text}", lang.code());
        assert!(text.contains(certificate_days), "{}: {text}", lang.code());
    }
}

#[test]
fn no_direction_marks_around_variables() {
    let text = result_text(Lang::English, "cn", "yes");
    assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
}

/// Zero gets its own words: a passport expiring today, a baby under one.
#[test]
fn zero_days_and_zero_years_are_said_in_words() {
    let today = kz_residence_bot::calendar::format_date(common::TODAY);
    for (lang, expires_today, not_said) in [
        (
            Lang::Kazakh,
            "мерзімі бүгін аяқталады",
            ["небәрі 0 күн", "Сіз 0 жастасыз"],
        ),
        (Lang::Russian, "истекает сегодня", ["всего 0", "Вам 0"]),
        (Lang::English, "expires today", ["Only 0 days", "You are 0"]),
    ] {
        let mut chat = Chat::started(lang);
        chat.press("a:stage:permit");
        chat.press("a:citizenship:ru");
        chat.press("a:refugee:no");
        chat.text("40");
        chat.press("a:children:no");
        chat.press("a:solvency:own");
        chat.text(&today);
        chat.press("sum:go");
        let said = chat.said();
        assert!(said.contains(expires_today), "{}: {said}", lang.code());
        let mut baby = Chat::started(lang);
        baby.press("a:stage:card");
        baby.press("a:citizenship:ru");
        baby.text("0");
        baby.press("sum:go");
        let baby_said = baby.said();
        for text in [&said, &baby_said] {
            for wrong in not_said {
                assert!(
                    !text.contains(wrong),
                    "{}: {wrong:?} in {text}",
                    lang.code()
                );
            }
        }
        assert!(
            baby.keys().contains(&"result-card-not-needed"),
            "{}: {baby_said}",
            lang.code()
        );
    }
}

/// One document, one name: in English the card is always the "residence
/// permit card" (glossed once with its official name, "the residence
/// permit of a foreigner in the Republic of Kazakhstan"), and the criminal
/// record certificate has "a validity period not exceeding 180 calendar
/// days" as the guide says.
#[test]
fn english_names_each_document_one_way() {
    const OFFICIAL: &str = " of a foreigner in the Republic of Kazakhstan";
    let mut official = 0;
    for (file, source) in locale_sources(Lang::English) {
        let mut rest = source;
        while let Some(at) = rest.find("residence permit") {
            let after = &rest[at + "residence permit".len()..];
            official += usize::from(after.starts_with(OFFICIAL));
            assert!(
                after.starts_with(" card")
                    || after.starts_with(" office")
                    || after.starts_with(OFFICIAL),
                "{file}: \"residence permit{}\"",
                after.chars().take(20).collect::<String>()
            );
            rest = after;
        }
        for wrong in [
            "not older than",
            "certificate of no criminal record",
            "the card is",
            "your card",
        ] {
            assert!(!source.contains(wrong), "{file}: {wrong:?}");
        }
    }
    assert_eq!(official, 1, "the official name is given once");
    let text = result_text(Lang::English, "ru", "no");
    assert!(
        text.contains("with a validity period not exceeding 180 calendar days"),
        "{text}"
    );
}

/// The criminal record certificate has one name in the list (where its
/// official name is given too) and in the note that exempts from it.
#[test]
fn the_criminal_record_certificate_has_one_name_in_the_list_and_the_exemption() {
    for (lang, name) in [
        (Lang::Kazakh, "соттылық туралы анықтама"),
        (Lang::Russian, "справка о судимости"),
        (Lang::English, "criminal record certificate"),
    ] {
        let listed = result_text(lang, "ru", "no");
        let exempted = result_text(lang, "ru", "yes");
        let lower = |s: &str| s.to_lowercase();
        assert!(
            lower(&listed).contains(&lower(name)),
            "{}: {listed}",
            lang.code()
        );
        assert!(
            lower(&exempted).contains(&lower(name)),
            "{}: {exempted}",
            lang.code()
        );
    }
}

/// Each summary line reads "name: value", with no second colon from a label.
#[test]
fn summary_lines_have_one_colon() {
    for lang in Lang::ALL {
        for stage in ["permit", "card", "both"] {
            let mut chat = Chat::started(lang);
            chat.press(&format!("a:stage:{stage}"));
            chat.press("a:citizenship:stateless");
            if stage != "card" {
                chat.press("a:refugee:no");
            }
            chat.text("40");
            if stage != "card" {
                chat.press("a:children:yes");
                chat.press("a:solvency:contract");
            }
            chat.text("01.01.2031");
            assert_eq!(chat.session.step, Step::Summary);
            for line in chat
                .said()
                .lines()
                .filter(|l| l.starts_with(char::is_numeric))
            {
                assert_eq!(line.matches(':').count(), 1, "{}: {line}", lang.code());
            }
        }
    }
}

/// The staff's texts: the report with every section filled, the chart's
/// labels, link captions and refusals, in every language, without a Fluent error.
#[test]
fn the_staffs_texts_render_in_every_language() {
    use kz_residence_bot::answers::Stage;
    use kz_residence_bot::commands::{DeepLink, TagError};
    use kz_residence_bot::reply::{Msg, Reply};
    use kz_residence_bot::staff::figures::{self, Figures, TAGS_LISTED, Tallies};
    use kz_residence_bot::staff::tally::{By, CitizenshipGroup, Count, Tally};
    use kz_residence_bot::staff::{link_caption, tag_error};
    let today = common::TODAY;
    let mut tallies = Tallies::new();
    let mut add = |days_ago: u64, tally: Tally, by: By| {
        *tallies
            .entry((today - chrono::Days::new(days_ago), Count::new(tally, by)))
            .or_default() += 1;
    };
    for &tally in Tally::ALL {
        add(3, tally, By::All);
        add(0, tally, By::Lang(None));
        for lang in Lang::ALL {
            add(1, tally, By::Lang(Some(lang)));
        }
        for stage in [
            Stage::PermanentResidencePermit,
            Stage::ResidencePermitCard,
            Stage::WholeRoute,
        ] {
            add(2, tally, By::Stage(stage));
        }
        for group in CitizenshipGroup::ALL {
            add(4, tally, By::Citizenship(group));
        }
        add(5, tally, By::Tag(None));
        for i in 0..=TAGS_LISTED {
            add(6, tally, By::Tag(Some(format!("tag_{i}"))));
        }
    }
    add(3, Tally::Started, By::All);
    let figures = Figures::new(today, tallies);
    let link = DeepLink::new(Lang::Russian, Some("almaty_office")).unwrap();
    let untagged = DeepLink::new(Lang::Kazakh, None).unwrap();
    let messages = [
        link_caption(&link, &link.url("kz_bot")),
        link_caption(&untagged, &untagged.url("kz_bot")),
        tag_error("almaty-office", &TagError::Characters),
        tag_error("x", &TagError::TooLong { length: 61 }),
        Msg::new("link-usage"),
        Msg::new("stats-chart-failed"),
        Msg::new("cmd-stats"),
        Msg::new("cmd-link"),
        Msg::new(figures::CHART_TITLE),
        Msg::new(figures::CHART_STARTED),
        Msg::new(figures::CHART_FINISHED),
        Msg::new(figures::CHART_TAGS),
    ];
    let report = figures.report();
    let empty = Figures::new(today, Tallies::new()).report();
    let mut used = BTreeSet::new();
    collect_keys(&report, &mut used);
    collect_keys(&empty, &mut used);
    for lang in Lang::ALL {
        let mut errors = Vec::new();
        let text = common::texts()
            .render_reply_checked(lang, &report, &mut errors)
            .text;
        common::texts().render_reply_checked(lang, &empty, &mut errors);
        for msg in &messages {
            common::texts().render_reply_checked(lang, &Reply::paragraph(msg.clone()), &mut errors);
        }
        assert!(errors.is_empty(), "{}: {errors:#?}", lang.code());
        assert!(text.contains("tag_0: 0 · 1 · 1 (1)"), "{text}");
    }
    // Every text of staff.ftl is used by the report or above.
    for m in &messages {
        used.insert(m.key);
    }
    for (file, source) in locale_sources(Lang::English) {
        if file != "staff.ftl" {
            continue;
        }
        for entry in fluent_syntax::parser::parse(source).unwrap().body {
            if let ast::Entry::Message(m) = entry {
                assert!(used.contains(m.id.name), "{} is never shown", m.id.name);
            }
        }
    }
}

/// The consent item for an applicant aged 14 to 18 speaks to them.
#[test]
fn the_consent_item_speaks_to_the_child_who_applies() {
    for (lang, child) in [
        (Lang::Kazakh, "бала"),
        (Lang::Russian, "ребён"),
        (Lang::English, "a child"),
    ] {
        let mut chat = Chat::started(lang);
        chat.press("a:stage:permit");
        chat.press("a:citizenship:ru");
        chat.press("a:refugee:no");
        chat.text("15");
        chat.press("a:solvency:own");
        chat.text("01.01.2031");
        chat.press("sum:go");
        let item = common::texts().render(
            lang,
            &kz_residence_bot::reply::Msg::new("doc-child-consent-applicant"),
        );
        assert!(chat.said().contains(&item));
        assert!(!item.contains(child), "{}: {item}", lang.code());
    }
}

/// With a content folder: an extra document (no short name, no reason
/// given) and opening hours, in the result, the checklist and the sheet.
#[test]
fn extra_documents_and_hours_render_in_every_language() {
    use kz_residence_bot::office::Office;
    use kz_residence_bot::reply::Localized;
    use kz_residence_bot::{amendments::Extra, conditions::Conditions, rules::Part};
    let text = Localized {
        kk: "Тұрғын үй туралы анықтама.".into(),
        ru: "Справка о жилье.".into(),
        en: "Proof of housing.".into(),
    };
    let extras = [Extra {
        id: "housing".into(),
        part: Part::Permit,
        when: Conditions::default(),
        text: text.clone(),
        short: None,
        why: None,
        source: "office".into(),
        valid: Default::default(),
        deadline: None,
    }];
    let amendments = kz_residence_bot::amendments::Amendments {
        documents: extras.to_vec(),
        sources: vec![kz_residence_bot::amendments::Source {
            id: "office".into(),
            name: text.clone(),
            url: None,
            checked: common::TODAY,
        }],
        ..kz_residence_bot::amendments::Amendments::guide_only()
    };
    let office = Office {
        hours: Some(Localized {
            kk: "9:00–18:00".into(),
            ru: "9:00–18:00".into(),
            en: "9:00–18:00".into(),
        }),
        ..Office::default()
    };
    for lang in Lang::ALL {
        let ctx = kz_residence_bot::dialogue::Context {
            office: &office,
            amendments: &amendments,
            ..common::ctx()
        };
        let mut session = Chat::started(lang).session;
        let mut said = String::new();
        for input in [
            "a:stage:permit",
            "a:citizenship:ru",
            "a:refugee:no",
            "40",
            "a:children:no",
            "a:solvency:own",
            "01.01.2032",
            "sum:go",
            "res:list",
        ] {
            let input = if input.contains(':') {
                Input::Button(input.into())
            } else {
                Input::Text(input.into())
            };
            let outcome = kz_residence_bot::dialogue::step(&session, input, &ctx);
            session = outcome.session;
            let mut errors = Vec::new();
            for reply in &outcome.replies {
                said += &common::texts()
                    .render_reply_checked(lang, reply, &mut errors)
                    .text;
                said += "\n";
            }
            assert!(errors.is_empty(), "{errors:?}");
        }
        assert!(said.contains(text.get(lang)), "{}: {said}", lang.code());
        assert!(said.contains("9:00–18:00"), "{}: {said}", lang.code());
        let documents = documents::for_answers(&session.answers, common::TODAY, &amendments);
        let sheet = sheet::build(&session, &documents, &office, common::TODAY, &amendments);
        let pdf = kz_residence_bot::pdf::translated(common::texts(), lang, &sheet);
        let why = common::texts().render(lang, &kz_residence_bot::reply::Msg::new("why-extra"));
        let printed = format!("{pdf:?}");
        assert!(
            printed.contains(text.get(lang)) && printed.contains(&why),
            "{}",
            lang.code()
        );
    }
}
