//! The consultation as a pure state machine: `(session, input) -> (session, replies)`.
//!
//! No I/O: the Telegram and console front ends feed [`Input`]s in, send the
//! [`Reply`]s out and store the [`Session`].

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::advice;
use crate::calendar::{self, DateError};
use crate::i18n::{Lang, Texts, fold_for_matching};
use crate::office::Office;
use crate::questions::{self, Answer, Answers, Kind, Question};
use crate::reply::{Block, Button, Msg, Press, Reply};
use crate::rules::Citizenship;

/// Where the conversation stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Nothing said yet.
    #[default]
    New,
    /// Waiting for the language, before the first question.
    ChooseLanguage,
    Ask(Question),
    /// All answers given: shown for a check before the result.
    Summary,
    /// The result has been shown.
    Result,
}

/// Everything stored about one chat.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub step: Step,
    #[serde(default)]
    pub answers: Answers,
    /// The deep-link tag staff put in the link (`ru-almaty_office`), for statistics.
    #[serde(default)]
    pub tag: Option<String>,
}

/// Something the user did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `/start`, possibly from a deep link with a language and tag.
    Start {
        lang: Option<Lang>,
        tag: Option<String>,
    },
    Restart,
    Back,
    Help,
    /// `/language`: show the language buttons.
    Language,
    Contacts,
    /// Raw callback data of a pressed button: anything may arrive.
    Button(String),
    Text(String),
    /// A sticker, photo, voice message…: nothing the questionnaire can read.
    Unsupported,
}

/// What happened, for logs and statistics (never the answers themselves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Started,
    Finished,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub session: Session,
    pub replies: Vec<Reply>,
    /// The accepted answer's label, so a front end can show it under the
    /// question that was answered (Telegram edits the question's message).
    pub answered: Option<Msg>,
    pub event: Option<Event>,
    /// A button press the current step does not accept (old or forged): the
    /// session is unchanged and a front end may answer more briefly.
    pub refused: bool,
}

/// What the core needs from outside: today's date in Kazakhstan, the office,
/// the texts (typed answers are matched against button labels), and the
/// language of the user's app, used until they choose one.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub office: &'a Office,
    pub texts: &'a Texts,
    pub client_lang: Option<Lang>,
}

/// Longer than any answer to any question: such text is refused at once.
pub const MAX_ANSWER_CHARS: usize = 100;
/// A passport expiry further ahead than this is taken for a typo in the year.
pub const MAX_YEARS_AHEAD: u32 = 50;

impl Session {
    /// The language replies are written in: the chosen one, else the app's, else English.
    pub fn reply_lang(&self, client_lang: Option<Lang>) -> Lang {
        self.lang.or(client_lang).unwrap_or(Lang::English)
    }
}

/// The one transition function.
pub fn step(session: &Session, input: Input, ctx: &Context) -> Outcome {
    let mut out = Outcome {
        session: session.clone(),
        replies: Vec::new(),
        answered: None,
        event: None,
        refused: false,
    };
    // A first message of any kind begins the consultation.
    let input = match (session.step, input) {
        (Step::New, Input::Start { lang, tag }) => Input::Start { lang, tag },
        (Step::New, Input::Button(data))
            if matches!(Press::decode(&data), Some(Press::Language(_))) =>
        {
            Input::Button(data)
        }
        // Help and contacts are answered as asked; anything else begins.
        (Step::New, input @ (Input::Help | Input::Contacts | Input::Language)) => input,
        (Step::New, _) => Input::Start {
            lang: None,
            tag: None,
        },
        (_, input) => input,
    };
    match input {
        Input::Start { lang, tag } => start(&mut out, lang, tag, ctx),
        Input::Restart => restart(&mut out, ctx),
        Input::Back => back(&mut out),
        Input::Help => {
            out.replies.push(Reply::paragraph(Msg::new("help")));
            out.replies.push(current(&out.session));
        }
        Input::Language => out.replies.push(language_question()),
        Input::Contacts => out.replies.push(advice::contacts_reply(ctx.office)),
        Input::Button(data) => press(&mut out, &data, ctx),
        Input::Text(text) => typed(&mut out, &text, ctx),
        Input::Unsupported => {
            out.replies
                .push(Reply::paragraph(Msg::new("error-unsupported")));
            out.replies.push(current(&out.session));
        }
    }
    out
}

fn start(out: &mut Outcome, lang: Option<Lang>, tag: Option<String>, ctx: &Context) {
    let previous = &out.session;
    out.session = Session {
        lang: lang.or(previous.lang).or(ctx.client_lang),
        step: Step::ChooseLanguage,
        answers: Answers::default(),
        tag: tag.or_else(|| previous.tag.clone()),
    };
    out.event = Some(Event::Started);
    if out.session.lang.is_none() {
        out.replies.push(language_question());
    } else {
        begin_questions(out, Msg::new("welcome"));
    }
}

fn restart(out: &mut Outcome, ctx: &Context) {
    if out.session.lang.is_none() {
        return start(out, None, None, ctx);
    }
    out.session.answers = Answers::default();
    out.event = Some(Event::Started);
    begin_questions(out, Msg::new("restarted"));
}

fn begin_questions(out: &mut Outcome, greeting: Msg) {
    out.session.step = Step::Ask(Question::Stage);
    let mut reply = ask(Question::Stage, &out.session.answers);
    reply.blocks.insert(0, Block::Paragraph(greeting));
    out.replies.push(reply);
}

fn back(out: &mut Outcome) {
    let answers = &out.session.answers;
    match out.session.step {
        Step::New | Step::ChooseLanguage => out.replies.push(language_question()),
        Step::Ask(question) => match questions::previous_question(answers, question) {
            Some(previous) => go_to(out, Step::Ask(previous)),
            None => {
                out.replies
                    .push(Reply::paragraph(Msg::new("back-at-first")));
                out.replies.push(current(&out.session));
            }
        },
        Step::Summary => {
            let last = *questions::route(answers).last().unwrap_or(&Question::Stage);
            go_to(out, Step::Ask(last));
        }
        Step::Result => go_to(out, Step::Summary),
    }
}

fn go_to(out: &mut Outcome, step: Step) {
    out.session.step = step;
    out.replies.push(current(&out.session));
}

fn press(out: &mut Outcome, data: &str, ctx: &Context) {
    let step = out.session.step;
    match (Press::decode(data), step) {
        (Some(Press::Language(lang)), _) => {
            out.session.lang = Some(lang);
            match step {
                Step::New | Step::ChooseLanguage => begin_questions(out, Msg::new("welcome")),
                Step::Result => show_result(out, ctx),
                _ => out.replies.push(current(&out.session)),
            }
        }
        (Some(Press::Restart), _) => restart(out, ctx),
        (Some(Press::Back), _) => back(out),
        (Some(Press::Contacts), _) => out.replies.push(advice::contacts_reply(ctx.office)),
        (Some(Press::Answer { question, choice }), Step::Ask(asked)) if question == asked => {
            if let Some(choice) = question.choice_by_id(choice) {
                accept(out, question, choice.answer);
            }
        }
        // The same answer again (a redelivered update, or an earlier message's
        // button): nothing to change, show where the conversation is.
        (Some(Press::Answer { question, choice }), _)
            if question
                .choice_by_id(choice)
                .is_some_and(|c| out.session.answers.get(question) == Some(c.answer)) =>
        {
            out.replies.push(current(&out.session))
        }
        (Some(Press::ShowResult), Step::Summary) => show_result(out, ctx),
        (Some(Press::Edit(question)), Step::Summary | Step::Result)
            if out.session.answers.get(question).is_some() =>
        {
            go_to(out, Step::Ask(question))
        }
        (Some(Press::Summary), Step::Result | Step::Summary) => go_to(out, Step::Summary),
        // A button from an earlier message, or data nobody sent.
        _ => {
            out.refused = true;
            out.replies
                .push(Reply::paragraph(Msg::new("error-outdated-button")));
            out.replies.push(current(&out.session));
        }
    }
}

fn typed(out: &mut Outcome, text: &str, ctx: &Context) {
    if text.chars().count() > MAX_ANSWER_CHARS {
        out.replies.push(Reply::paragraph(
            Msg::new("error-too-long").number("max", MAX_ANSWER_CHARS as i64),
        ));
        out.replies.push(current(&out.session));
        return;
    }
    match out.session.step {
        Step::New | Step::ChooseLanguage => {
            match Lang::ALL
                .into_iter()
                .enumerate()
                .find(|(i, l)| matches_label(text, *i, language_label(*l), ctx))
            {
                Some((_, lang)) => press(out, &Press::Language(lang).encode(), ctx),
                None => out.replies.push(language_question()),
            }
        }
        Step::Ask(question) => match parse_answer(question, text, &out.session.answers, ctx) {
            Ok(answer) => accept(out, question, answer),
            Err(error) => {
                out.replies.push(Reply::paragraph(error));
                out.replies.push(current(&out.session));
            }
        },
        Step::Summary => {
            out.replies
                .push(Reply::paragraph(Msg::new("error-use-buttons")));
            out.replies.push(current(&out.session));
        }
        Step::Result => out.replies.push(current(&out.session)),
    }
}

/// Does `text` name the option at `index` (1-based number) or its label, in any language?
fn matches_label(text: &str, index: usize, label_key: &'static str, ctx: &Context) -> bool {
    let folded = fold_for_matching(text);
    if folded.is_empty() {
        return false;
    }
    if folded == (index + 1).to_string() {
        return true;
    }
    Lang::ALL
        .into_iter()
        .any(|lang| fold_for_matching(&ctx.texts.render(lang, &Msg::new(label_key))) == folded)
}

/// Parses and validates a typed answer; the error is the message to show.
pub fn parse_answer(
    question: Question,
    text: &str,
    answers: &Answers,
    ctx: &Context,
) -> Result<Answer, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Msg::new("error-empty"));
    }
    match question.kind() {
        Kind::Choice(choices) => choices
            .iter()
            .enumerate()
            .find(|(i, c)| matches_label(text, *i, c.label, ctx))
            .map(|(_, c)| c.answer)
            .ok_or_else(|| Msg::new("error-choose-option").number("count", choices.len() as i64)),
        Kind::Number { min, max } => parse_age(text, min, max, ctx.today),
        Kind::Date => parse_expiry(text, answers, ctx.today),
    }
}

fn parse_age(text: &str, min: u8, max: u8, today: NaiveDate) -> Result<Answer, Msg> {
    let range_error = || {
        Msg::new("error-age-range")
            .number("min", min.into())
            .number("max", max.into())
    };
    // "35", "35 лет", "35 years": the leading number counts.
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[digits.len()..];
    if !digits.is_empty() && !rest.starts_with(['.', '/', '-']) {
        if !rest.trim().chars().all(char::is_alphabetic) {
            return Err(Msg::new("error-number"));
        }
        return match digits.parse::<u32>() {
            Ok(age) if age >= min.into() && age <= max.into() => Ok(Answer::Age(age as u8)),
            _ => Err(range_error()),
        };
    }
    // A date of birth is fine too.
    match calendar::parse_date(text) {
        Ok(birth) if birth > today => Err(Msg::new("error-birth-in-future")),
        Ok(birth) => match calendar::age_on(birth, today) {
            Some(age) if age <= max.into() => Ok(Answer::Age(age as u8)),
            _ => Err(range_error()),
        },
        Err(DateError::NoSuchDay) => Err(Msg::new("error-date-no-such-day").text("text", text)),
        Err(DateError::Format) => Err(Msg::new("error-number")),
    }
}

fn parse_expiry(text: &str, answers: &Answers, today: NaiveDate) -> Result<Answer, Msg> {
    let document = advice::document_kind(answers.citizenship == Some(Citizenship::Stateless));
    let date = calendar::parse_date(text).map_err(|e| match e {
        DateError::Format => Msg::new("error-date-format"),
        DateError::NoSuchDay => Msg::new("error-date-no-such-day").text("text", text),
    })?;
    if date < today {
        return Err(Msg::new("error-date-past")
            .date("date", date)
            .text("document", document));
    }
    let far = today
        .checked_add_days(Days::new(u64::from(MAX_YEARS_AHEAD) * 366))
        .unwrap_or(NaiveDate::MAX);
    if date > far {
        return Err(Msg::new("error-date-far").number("years", MAX_YEARS_AHEAD.into()));
    }
    Ok(Answer::Date(date))
}

fn accept(out: &mut Outcome, question: Question, answer: Answer) {
    if answer == Answer::Citizenship(Citizenship::Kazakhstan) {
        out.replies
            .push(Reply::paragraph(Msg::new("not-for-citizens-of-kazakhstan")));
        out.replies.push(current(&out.session));
        return;
    }
    out.answered = Some(answer_label(question, answer));
    let answers = &mut out.session.answers;
    answers.set(question, answer);
    answers.keep_only_route();
    let next = match questions::next_question(answers) {
        Some(next) => Step::Ask(next),
        None => Step::Summary,
    };
    go_to(out, next);
}

fn show_result(out: &mut Outcome, ctx: &Context) {
    let Some(results) = advice::results(&out.session.answers, ctx.today) else {
        // Not all answers there (an edited route): ask what is missing.
        let next = questions::next_question(&out.session.answers).unwrap_or(Question::Stage);
        return go_to(out, Step::Ask(next));
    };
    out.session.step = Step::Result;
    out.event = Some(Event::Finished);
    out.replies.extend(results);
    out.replies
        .push(advice::contacts_reply(ctx.office).row(vec![
            button("btn-change-answers", Press::Summary),
            button("btn-restart", Press::Restart),
        ]));
}

/// The label of an answer as the user would recognise it.
pub fn answer_label(question: Question, answer: Answer) -> Msg {
    match answer {
        Answer::Age(age) => Msg::new("echo-age").number("age", age.into()),
        Answer::Date(date) => Msg::new("echo-date").date("date", date),
        _ => question
            .choices()
            .iter()
            .find(|c| c.answer == answer)
            .map(|c| Msg::new(c.label))
            .unwrap_or_else(|| Msg::new("echo-unknown")),
    }
}

fn button(key: &'static str, press: Press) -> Button {
    Button {
        label: Msg::new(key),
        press,
    }
}

fn language_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Kazakh => "language-kk",
        Lang::Russian => "language-ru",
        Lang::English => "language-en",
    }
}

fn language_question() -> Reply {
    Reply::paragraph(Msg::new("language-question")).row(
        Lang::ALL
            .into_iter()
            .map(|l| button(language_label(l), Press::Language(l)))
            .collect(),
    )
}

/// The message that stands for where the conversation is: the question
/// again, the summary, or a short note after the result.
pub fn current(session: &Session) -> Reply {
    match session.step {
        Step::New | Step::ChooseLanguage => language_question(),
        Step::Ask(question) => ask(question, &session.answers),
        Step::Summary => summary(&session.answers),
        Step::Result => Reply::paragraph(Msg::new("result-shown"))
            .row(vec![
                button("btn-change-answers", Press::Summary),
                button("btn-contacts", Press::Contacts),
            ])
            .row(vec![button("btn-restart", Press::Restart)]),
    }
}

fn question_msg(question: Question, answers: &Answers) -> Msg {
    let key = match question {
        Question::Stage => "q-stage",
        Question::Citizenship => "q-citizenship",
        Question::EthnicKazakh => "q-ethnic-kazakh",
        Question::RefugeeStatus => "q-refugee",
        Question::Age => "q-age",
        Question::ChildrenAged14To18 => "q-children",
        Question::Solvency => "q-solvency",
        Question::DocumentExpiry => "q-expiry",
    };
    let msg = Msg::new(key);
    match question {
        Question::DocumentExpiry => msg.text(
            "document",
            advice::document_kind(answers.citizenship == Some(Citizenship::Stateless)),
        ),
        _ => msg,
    }
}

/// Short name of a question, for the summary and its "change" buttons.
fn question_name(question: Question, answers: &Answers) -> Msg {
    let key = match question {
        Question::Stage => "name-stage",
        Question::Citizenship => "name-citizenship",
        Question::EthnicKazakh => "name-ethnic-kazakh",
        Question::RefugeeStatus => "name-refugee",
        Question::Age => "name-age",
        Question::ChildrenAged14To18 => "name-children",
        Question::Solvency => "name-solvency",
        Question::DocumentExpiry => "name-expiry",
    };
    let msg = Msg::new(key);
    match question {
        Question::DocumentExpiry => msg.text(
            "document",
            advice::document_kind(answers.citizenship == Some(Citizenship::Stateless)),
        ),
        _ => msg,
    }
}

/// How many choice buttons share a row: short labels two by two.
fn per_row(question: Question) -> usize {
    match question {
        Question::Citizenship
        | Question::EthnicKazakh
        | Question::RefugeeStatus
        | Question::ChildrenAged14To18 => 2,
        _ => 1,
    }
}

fn nav_row(question: Question, answers: &Answers) -> Vec<Button> {
    let mut row = Vec::new();
    if questions::previous_question(answers, question).is_some() {
        row.push(button("btn-back", Press::Back));
    }
    row.push(button("btn-restart", Press::Restart));
    row
}

pub fn ask(question: Question, answers: &Answers) -> Reply {
    let mut reply = Reply::paragraph(question_msg(question, answers));
    let buttons: Vec<Button> = question
        .choices()
        .iter()
        .map(|c| Button {
            label: Msg::new(c.label),
            press: Press::Answer {
                question,
                choice: c.id,
            },
        })
        .collect();
    for row in buttons.chunks(per_row(question)) {
        reply = reply.row(row.to_vec());
    }
    reply.row(nav_row(question, answers))
}

fn summary(answers: &Answers) -> Reply {
    let route = questions::route(answers);
    let lines = route
        .iter()
        .filter_map(|q| {
            let answer = answers.get(*q)?;
            Some(
                Msg::new("summary-line")
                    .msg("name", question_name(*q, answers))
                    .msg("value", answer_label(*q, answer)),
            )
        })
        .collect();
    let edits: Vec<Button> = route
        .iter()
        .filter(|q| answers.get(**q).is_some())
        .map(|q| Button {
            label: Msg::new("btn-edit").msg("name", question_name(*q, answers)),
            press: Press::Edit(*q),
        })
        .collect();
    let mut reply = Reply::paragraph(Msg::new("summary-title"))
        .with(Block::Numbered(lines))
        .with(Block::Paragraph(Msg::new("summary-hint")))
        .row(vec![button("btn-show-result", Press::ShowResult)]);
    for row in edits.chunks(2) {
        reply = reply.row(row.to_vec());
    }
    reply.row(vec![
        button("btn-back", Press::Back),
        button("btn-restart", Press::Restart),
    ])
}
