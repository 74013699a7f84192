//! The terminal front end: the same consultation, questions printed,
//! buttons numbered, answers typed. For staff previewing texts and for
//! anyone trying the bot without a token.

use std::io::{self, BufRead, Write};

use chrono::NaiveDate;

use crate::calendar;
use crate::companion::Features;
use crate::content::Content;
use crate::dialogue::input::Typed;
use crate::dialogue::{self, Context, Input, Session};
use crate::lang::Lang;
use crate::reply::{Msg, Press};
use crate::texts::RenderedReply;

/// Longest line read; the rest of a longer line is dropped, not buffered.
const MAX_LINE_BYTES: usize = 16 * 1024;

/// Runs a consultation on `input`/`output` until end of input or `/quit`.
pub fn run(
    lang: Option<Lang>,
    input: &mut impl BufRead,
    output: &mut impl Write,
    content: &Content,
) -> io::Result<()> {
    run_on(lang, input, output, content, None)
}

/// Runs a consultation as it will be on `on` (today in Kazakhstan when
/// `None`): the firm's changes in force that day, so a change can be
/// checked before it takes effect. `content`'s texts are to be those of
/// that day ([`Content::on`]).
pub fn run_on(
    lang: Option<Lang>,
    input: &mut impl BufRead,
    output: &mut impl Write,
    content: &Content,
    on: Option<NaiveDate>,
) -> io::Result<()> {
    let texts = &content.texts;
    let mut session = Session::default();
    let mut buttons: Vec<String> = Vec::new();
    let mut next = Input::Start { lang, tag: None };
    loop {
        let ctx = Context {
            today: on.unwrap_or_else(calendar::kazakhstan_today),
            office: &content.office,
            labels: &content.labels,
            client_lang: None,
            // A terminal gets the checklist, but no files and no reminders.
            features: Features::default(),
            sent: &[],
            amendments: &content.amendments,
            handover: Default::default(),
        };
        let outcome = dialogue::step(&session, next, &ctx);
        session = outcome.session;
        let lang = session.reply_lang(None);
        buttons.clear();
        for reply in &outcome.replies {
            let rendered = texts.render_reply(lang, reply);
            print_reply(output, &rendered, &mut buttons)?;
        }
        write!(output, "> ")?;
        output.flush()?;
        let Some(line) = read_line(input)? else {
            writeln!(output)?;
            writeln!(output, "{}", texts.render(lang, &Msg::new("console-bye")))?;
            return Ok(());
        };
        let typed = line.trim();
        if typed == "/quit" || typed == "/exit" {
            writeln!(output, "{}", texts.render(lang, &Msg::new("console-bye")))?;
            return Ok(());
        }
        next = match dialogue::input::from_text(typed, None) {
            // Nothing is stored here: say so, drop the answers and ticks at
            // once (no "start over?" about what is already forgotten), and
            // let the restart screen say that it starts over.
            Typed::Forget => {
                writeln!(output)?;
                writeln!(
                    output,
                    "{}",
                    texts.render(lang, &Msg::new("console-forget"))
                )?;
                session.companion = Default::default();
                Input::Restart
            }
            // A button's number presses it; other text is an answer as typed.
            Typed::Input(Input::Text(_)) => match typed.parse::<usize>() {
                Ok(n) if (1..=buttons.len()).contains(&n) => Input::Button(buttons[n - 1].clone()),
                _ => Input::Text(line),
            },
            Typed::Input(input) => input,
        };
    }
}

fn print_reply(
    output: &mut impl Write,
    reply: &RenderedReply,
    buttons: &mut Vec<String>,
) -> io::Result<()> {
    writeln!(output)?;
    writeln!(output, "{}", reply.text)?;
    // Choices are numbered; "back" and "start over" are shown as the commands
    // that do the same, so a number typed as an answer (an age) is never a button.
    for (label, data) in reply.keyboard.iter().flatten() {
        match Press::decode(data) {
            Some(Press::Back) => writeln!(output, "  /back     {label}")?,
            Some(Press::Restart) => writeln!(output, "  /restart  {label}")?,
            _ => {
                buttons.push(data.clone());
                writeln!(output, "  {}) {label}", buttons.len())?;
            }
        }
    }
    Ok(())
}

/// Reads one line, bounded in length and lossy about invalid UTF-8. `None` at end of input.
fn read_line(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let mut seen_any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        seen_any = true;
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..take.min(room)]);
        input.consume(take);
        if done {
            break;
        }
    }
    if !seen_any {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}
