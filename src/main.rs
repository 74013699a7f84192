//! Entry point: read the command line, pick a mode, run it, report errors plainly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use kz_residence_bot::content::{self, Content};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::texts::Texts;
use kz_residence_bot::{backup_cli, config, console, staff_cli, store, telegram};

/// Permanent residence in Kazakhstan, step by step: a Telegram bot, or the
/// same consultation in a terminal.
#[derive(Parser)]
#[command(name = "kz-residence-bot", propagate_version = true)]
struct Cli {
    /// What to run; without one, the Telegram bot.
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(Subcommand)]
enum Mode {
    /// Run the Telegram bot (needs TELOXIDE_TOKEN; settings in docs/operator.md). The default.
    Run,
    /// The same consultation in this terminal, no token needed.
    Console {
        /// Skip the language question: kk, ru or en.
        #[arg(long, value_parser = language)]
        lang: Option<Lang>,
        /// Preview the consultation with a content folder (see check-content).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Preview it as it will be on this day (YYYY-MM-DD, Almaty): the
        /// firm's changes dated to begin or end by then in force.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
        on: Option<NaiveDate>,
    },
    /// Check a content folder (sources, review, documents, questions,
    /// rules, office, message overrides): every problem as file:line, exit 1
    /// if there is any; warnings (a review overdue) do not fail it.
    CheckContent {
        /// The folder, as BOT_CONTENT_DIR would name it.
        dir: PathBuf,
        /// Check it as on this day (YYYY-MM-DD, Almaty), for the warnings.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
        on: Option<NaiveDate>,
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
        /// The content folder the bot runs with: its questions' names and the list's age.
        #[arg(long, env = "BOT_CONTENT_DIR", value_name = "DIR")]
        content: Option<PathBuf>,
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
    /// Write a copy of the store to FILE (owner-only), from the running bot
    /// or a stopped store, and say what it holds. Personal data: keep it
    /// like the data directory (docs/operator.md, Backups).
    Backup {
        /// The backup file to write; `-` writes it to standard output.
        file: PathBuf,
        /// The bot's data directory.
        #[arg(long, env = "BOT_DATA_DIR", default_value = "data")]
        data_dir: PathBuf,
    },
    /// Restore a backup into a data directory, the bot stopped. The file is
    /// checked whole first; chats erased after the backup was taken stay
    /// erased.
    Restore {
        /// The backup file; `-` reads it from standard input.
        file: PathBuf,
        /// The data directory to restore into (made if missing).
        #[arg(long)]
        data_dir: PathBuf,
        /// Replace the store the data directory holds.
        #[arg(long)]
        replace: bool,
        /// The erasure log of the store the backup came from (its data
        /// directory's `erasures`, kept elsewhere): its erasures made after
        /// the backup are re-applied too. For a restore on a new server.
        #[arg(long, value_name = "FILE")]
        erasures: Option<PathBuf>,
    },
}

/// The version, with the store format this build writes and those it reads.
fn version() -> String {
    format!(
        "{} (store format {}, reads {} to {})",
        env!("CARGO_PKG_VERSION"),
        store::FORMAT,
        store::OLDEST_FORMAT,
        store::FORMAT
    )
}

fn day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a day: write it as 2026-12-31"))
}

fn language(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| format!("unknown language {code:?}: use kk, ru or en"))
}

fn main() -> ExitCode {
    let version: &'static str = Box::leak(version().into_boxed_str());
    let matches = Cli::command().version(version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match cli.mode.unwrap_or(Mode::Run) {
        Mode::Run => run_bot(),
        Mode::Console { lang, content, on } => run_console(lang, content, on),
        Mode::CheckContent { dir, on } => check_content(&dir, on),
        Mode::Stats {
            data_dir,
            lang,
            chart,
            content,
        } => load_content(
            content.as_deref(),
            Office::default(),
            kz_residence_bot::calendar::kazakhstan_today(),
        )
        .and_then(|content| staff_cli::stats(&data_dir, lang, chart.as_deref(), &content))
        .map(|report| print!("{report}")),
        Mode::Link { lang, tag, qr, bot } => run_link(staff_cli::LinkOrder { lang, tag, qr, bot }),
        Mode::Healthcheck => {
            config::health_check(config::env).and_then(|s| telegram::health::check(&s))
        }
        Mode::Backup { file, data_dir } => backup_cli::backup(&data_dir, &file).map(|report| {
            // With the backup itself on standard output, the report goes to errors.
            if file.as_os_str() == "-" {
                eprint!("{report}");
            } else {
                print!("{report}");
            }
        }),
        Mode::Restore {
            file,
            data_dir,
            replace,
            erasures,
        } => backup_cli::restore(&backup_cli::RestoreOrder {
            file: &file,
            data_dir: &data_dir,
            replace,
            erasures: erasures.as_deref(),
        })
        .map(|report| print!("{report}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The content in force on `day`: the built-in one, with `dir` on top when
/// given; a folder with problems is refused, each problem on a line.
fn load_content(dir: Option<&Path>, office: Office, day: NaiveDate) -> Result<Content, String> {
    match dir {
        None => Content::built_in(office),
        Some(dir) => content::load_on(dir, office, day).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!(
                "the content folder {} has problems:\n{}",
                dir.display(),
                lines.join("\n")
            )
        }),
    }
}

fn run_console(
    lang: Option<Lang>,
    content_dir: Option<PathBuf>,
    on: Option<NaiveDate>,
) -> Result<(), String> {
    let office = config::office(config::env)?;
    let day = on.unwrap_or_else(kz_residence_bot::calendar::kazakhstan_today);
    let content = load_content(content_dir.as_deref(), office, day)?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    console::run_on(lang, &mut stdin.lock(), &mut stdout.lock(), &content, on)
        .map_err(|e| format!("terminal: {e}"))
}

fn check_content(dir: &Path, on: Option<NaiveDate>) -> Result<(), String> {
    let day = on.unwrap_or_else(kz_residence_bot::calendar::kazakhstan_today);
    let checked = content::check_on(dir, day);
    for warning in &checked.warnings {
        println!("warning: {warning}");
    }
    if checked.problems.is_empty() {
        println!("{}: no problems", dir.display());
        return Ok(());
    }
    for problem in &checked.problems {
        println!("{problem}");
    }
    Err(format!(
        "{} problems in {}",
        checked.problems.len(),
        dir.display()
    ))
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
    let content = load_content(
        settings.content_dir.as_deref(),
        office.clone(),
        settings.clock.today(),
    )?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    // On a worker, not on this thread: `block_on` runs its future here,
    // outside the workers, and the dispatcher's loop is in that future, so
    // every update the intake handed over woke this thread from sleep (one
    // context switch an update: 25,861 in a burst of 27,000 updates, where
    // teloxide's own polling hands over a batch of 100 at a time).
    let running = runtime.spawn(telegram::run(settings, content, office));
    let result = runtime
        .block_on(running)
        .unwrap_or_else(|e| Err(format!("the bot stopped unexpectedly: {e}")));
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
    let private = kz_residence_bot::private_log::PrivateLogger::new(Box::new(logger));
    if log::set_boxed_logger(Box::new(private)).is_ok() {
        log::set_max_level(max_level);
    }
}
