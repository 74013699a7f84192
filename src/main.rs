//! Entry point: read the command line, pick a mode, run it, report errors plainly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kz_residence_bot::content::{self, Content};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::{config, console, store, telegram};

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
    /// Counts of stored dialogues (no personal data).
    Stats {
        /// The bot's data directory.
        #[arg(long, env = "BOT_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
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
        Mode::Stats { data_dir } => store::stats::report(&data_dir, chrono::Utc::now().timestamp())
            .map(|report| print!("{report}")),
        Mode::Healthcheck => telegram::health::check(config::health_target(config::env)),
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

fn run_bot() -> Result<(), String> {
    let settings = config::bot(config::env)?;
    let office = config::office(config::env)?;
    let content = load_content(settings.content_dir.as_deref(), office.clone())?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(telegram::run(settings, content, office))
}

fn init_logging() {
    let filters = std::env::var("RUST_LOG").unwrap_or_else(|_| "info".to_string());
    pretty_env_logger::formatted_timed_builder()
        .parse_filters(&filters)
        .init();
}
