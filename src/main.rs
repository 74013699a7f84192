//! Entry point: pick a mode from the command line, run it, report errors plainly.

use std::process::ExitCode;

use kz_residence_bot::config::BotConfig;
use kz_residence_bot::i18n::{Lang, Texts};
use kz_residence_bot::office::Office;
use kz_residence_bot::{console, telegram};

const USAGE: &str = "\
kz-residence-bot: permanent residence in Kazakhstan, step by step

USAGE:
    kz-residence-bot                         run the Telegram bot (needs TELOXIDE_TOKEN)
    kz-residence-bot console [--lang kk|ru|en]
                                             the same consultation in this terminal
    kz-residence-bot --help                  this text";

enum Mode {
    Bot,
    Console { lang: Option<Lang> },
    Help,
}

fn parse_args(args: &[String]) -> Result<Mode, String> {
    match args {
        [] => Ok(Mode::Bot),
        [flag] if flag == "--help" || flag == "-h" || flag == "help" => Ok(Mode::Help),
        [command, rest @ ..] if command == "console" => match rest {
            [] => Ok(Mode::Console { lang: None }),
            [flag, code] if flag == "--lang" => Lang::from_code(code)
                .map(|lang| Mode::Console { lang: Some(lang) })
                .ok_or_else(|| format!("unknown language {code:?}: use kk, ru or en")),
            _ => Err(format!(
                "unexpected arguments to console: {}",
                rest.join(" ")
            )),
        },
        _ => Err(format!("unknown command: {}", args.join(" "))),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match parse_args(&args) {
        Ok(mode) => mode,
        Err(error) => {
            eprintln!("error: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match mode {
        Mode::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Mode::Console { lang } => run_console(lang),
        Mode::Bot => run_bot(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_console(lang: Option<Lang>) -> Result<(), String> {
    let texts = Texts::load()?;
    let office = Office::from_env()?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    console::run(lang, &mut stdin.lock(), &mut stdout.lock(), &texts, &office)
        .map_err(|e| format!("terminal: {e}"))
}

fn init_logging() {
    let filters = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_string());
    pretty_env_logger::formatted_timed_builder()
        .parse_filters(&filters)
        .init();
}

fn run_bot() -> Result<(), String> {
    let config = BotConfig::from_env()?;
    let texts = Texts::load()?;
    let office = Office::from_env()?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(telegram::run(config, texts, office))
}
