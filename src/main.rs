//! Entry point: read the command line, pick a mode, run it, report errors plainly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kz_residence_bot::content::{self, Content};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::texts::Texts;
use kz_residence_bot::{config, console, staff_cli, telegram};

/// Permanent residence in Kazakhstan, step by step: a Telegram bot, or the
/// same consultation in a terminal.
#[derive(Parser)]
#[command(name = "kz-residence-bot", version, propagate_version = true)]
struct Cli {
    /// What to run; without one, the Telegram bot.
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(Subcommand)]
enum Mode {
    /// Run the Telegram bot (needs TELOXIDE_TOKEN; settings in README.md). The default.
    Run,
    /// The same consultation in this terminal, no token needed.
    Console {
        /// Skip the language question: kk, ru or en.
        #[arg(long, value_parser = language)]
        lang: Option<Lang>,
        /// Preview the consultation with a content folder (see check-content).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
    /// Check a content folder (message overrides, office.toml,
    /// documents.toml): every problem as file:line, exit 1 if there is any.
    CheckContent {
        /// The folder, as BOT_CONTENT_DIR would name it.
        dir: PathBuf,
    },
    /// The staff's figures from a stopped bot's store, as /stats shows them (counts only).
    Stats {
        /// The bot's data directory.
        #[arg(long, env = "BOT_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
        /// The language of the figures: kk, ru or en.
        #[arg(long, value_parser = language, default_value = "en")]
        lang: Lang,
        /// Also write the chart (PNG) to this file.
        #[arg(long, value_name = "FILE.png")]
        chart: Option<PathBuf>,
    },
    /// A deep link for a flyer or a door, and its QR code to print.
    Link {
        /// The language the bot opens in: kk, ru or en.
        #[arg(long, value_parser = language)]
        lang: Lang,
        /// The tag /stats counts the link's consultations by (letters, digits, _).
        #[arg(long)]
        tag: Option<String>,
        /// Write the QR code (PNG, about 1000 px) to this file.
        #[arg(long, value_name = "FILE.png")]
        qr: Option<PathBuf>,
        /// The bot's username; without it, asked from Telegram with TELOXIDE_TOKEN.
        #[arg(long, value_name = "USERNAME")]
        bot: Option<String>,
    },
    /// For container health checks: exit 0 if the bot is healthy.
    Healthcheck,
}

fn language(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("unknown language {code:?}: use kk, ru or en"))
}

fn main() -> ExitCode {
    let result = match Cli::parse().mode.unwrap_or(Mode::Run) {
        Mode::Run => run_bot(),
        Mode::Console { lang, content } => run_console(lang, content),
        Mode::CheckContent { dir } => check_content(&dir),
        Mode::Stats {
            data_dir,
            lang,
            chart,
        } => Texts::load()
            .and_then(|texts| staff_cli::stats(&data_dir, lang, chart.as_deref(), &texts))
            .map(|report| print!("{report}")),
        Mode::Link { lang, tag, qr, bot } => run_link(staff_cli::LinkOrder { lang, tag, qr, bot }),
        Mode::Healthcheck => {
            config::health_check(config::env).and_then(|s| telegram::health::check(&s))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The content in force: the built-in one, with `dir` on top when given;
/// a folder with problems is refused, each problem on a line.
fn load_content(dir: Option<&Path>, office: Office) -> Result<Content, String> {
    match dir {
        None => Content::built_in(office),
        Some(dir) => content::load(dir, office).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!(
                "the content folder {} has problems:\n{}",
                dir.display(),
                lines.join("\n")
            )
        }),
    }
}

fn run_console(lang: Option<Lang>, content_dir: Option<PathBuf>) -> Result<(), String> {
    let office = config::office(config::env)?;
    let content = load_content(content_dir.as_deref(), office)?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    console::run(lang, &mut stdin.lock(), &mut stdout.lock(), &content)
        .map_err(|e| format!("terminal: {e}"))
}

fn check_content(dir: &Path) -> Result<(), String> {
    let problems = content::check(dir);
    if problems.is_empty() {
        println!("{}: no problems", dir.display());
        return Ok(());
    }
    for problem in &problems {
        println!("{problem}");
    }
    Err(format!("{} problems in {}", problems.len(), dir.display()))
}

fn run_link(order: staff_cli::LinkOrder) -> Result<(), String> {
    let texts = Texts::load()?;
    // The token is only needed when --bot is not given.
    let api = match &order.bot {
        Some(_) => None,
        None => config::api(config::env)?.map(|api| (api.token, api.url)),
    };
    print!("{}", staff_cli::link(&order, api, &texts)?);
    Ok(())
}

fn run_bot() -> Result<(), String> {
    let settings = config::bot(config::env)?;
    let office = config::office(config::env)?;
    let content = load_content(settings.content_dir.as_deref(), office.clone())?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let result = runtime.block_on(telegram::run(settings, content, office));
    // Whatever still runs (a handler past the shutdown's grace, a background
    // loop) is dropped, not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    result
}

/// pretty_env_logger's output, behind a logger that keeps personal data
/// out of every record below DEBUG, dependencies' included.
fn init_logging() {
    let filters = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_string());
    let logger = pretty_env_logger::formatted_timed_builder()
        .parse_filters(&filters)
        .build();
    let max_level = logger.filter();
    let private = telegram::private_log::PrivateLogger::new(Box::new(logger));
    if log::set_boxed_logger(Box::new(private)).is_ok() {
        log::set_max_level(max_level);
    }
}
