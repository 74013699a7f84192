//! Entry point: pick a mode from the command line, run it, report errors plainly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kz_residence_bot::config::{BotConfig, HealthCheck};
use kz_residence_bot::i18n::{Lang, Texts};
use kz_residence_bot::office::Office;
use kz_residence_bot::storage::{self, Durability, OpenError};
use kz_residence_bot::telegram::{ChatState, health};
use kz_residence_bot::{console, telegram};

const USAGE: &str = "\
kz-residence-bot: permanent residence in Kazakhstan, step by step

USAGE:
    kz-residence-bot                         run the Telegram bot (needs TELOXIDE_TOKEN)
    kz-residence-bot console [--lang kk|ru|en]
                                             the same consultation in this terminal
    kz-residence-bot stats [--data-dir DIR]  counts of stored dialogues (no personal data)
    kz-residence-bot healthcheck             exit 0 if the bot has reached Telegram lately
                                             (within BOT_HEALTH_FAIL_AFTER seconds)
    kz-residence-bot --help                  this text";

enum Mode {
    Bot,
    Console { lang: Option<Lang> },
    Stats { data_dir: PathBuf },
    HealthCheck,
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
        [command, rest @ ..] if command == "stats" => match rest {
            [] => Ok(Mode::Stats {
                data_dir: std::env::var_os("BOT_DATA_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| "data".into()),
            }),
            [flag, dir] if flag == "--data-dir" => Ok(Mode::Stats {
                data_dir: dir.into(),
            }),
            _ => Err(format!("unexpected arguments to stats: {}", rest.join(" "))),
        },
        [command] if command == "healthcheck" => Ok(Mode::HealthCheck),
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
        Mode::Stats { data_dir } => run_stats(&data_dir),
        Mode::HealthCheck => health_check(),
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

fn run_stats(data_dir: &Path) -> Result<(), String> {
    use kz_residence_bot::stats;
    if !data_dir.join("dialogues").exists() {
        return Err(format!(
            "no store in {}: nothing has been stored there yet (is --data-dir right?)",
            data_dir.display()
        ));
    }
    match storage::open(data_dir, Durability::Background) {
        Ok(store) => {
            let states = store
                .entries()
                .map(|(_, v)| storage::decode::<ChatState>(&v));
            let counts = stats::count(states, chrono::Utc::now().timestamp());
            print!("{}", stats::render(&counts));
            Ok(())
        }
        Err(OpenError::InUse(why)) => match stats::read_snapshot(data_dir) {
            Some(snapshot) => {
                println!(
                    "{why}, so it cannot be counted now. These are the figures from when the bot last stopped:"
                );
                print!("{}", stats::render(&snapshot));
                Ok(())
            }
            None => Err(format!(
                "{why}, so it cannot be counted now, and the bot has not stopped since it started \
                 using this directory (it writes its figures when it stops). Stop the bot, or try after its next restart."
            )),
        },
        Err(other) => Err(other.to_string()),
    }
}

/// For container health checks: healthy while the bot handles updates.
/// Polling: the heartbeat the bot writes in its data directory says when
/// `getUpdates` last succeeded. Webhook: the listener's `/healthz` judges
/// the same for the Bot API (and answering at all shows the listener is up).
fn health_check() -> Result<(), String> {
    let settings = HealthCheck::from_env()?;
    let verdict = match settings.webhook_port {
        Some(port) => ask_healthz(port),
        None => health::read(&health::heartbeat_path(&settings.data_dir))
            .and_then(|heartbeat| health::judge(&heartbeat, health::now_ms(), settings.fail_after)),
    };
    match verdict {
        Ok(line) => {
            println!("healthy: {line}");
            Ok(())
        }
        Err(why) => Err(format!("unhealthy: {why}")),
    }
}

/// `GET /healthz` on the webhook listener: its answer on 200, the reason otherwise.
fn ask_healthz(port: u16) -> Result<String, String> {
    use std::io::{Read, Write};
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let timeout = std::time::Duration::from_secs(3);
    let mut stream = std::net::TcpStream::connect_timeout(&address, timeout)
        .map_err(|e| format!("the webhook listener on {address} does not answer: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer.lines().next().unwrap_or("nothing").to_string();
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .trim()
        .to_string();
    if status.starts_with("HTTP/1.0 200") || status.starts_with("HTTP/1.1 200") {
        Ok(body)
    } else if body.is_empty() {
        Err(format!("/healthz answered {status}"))
    } else {
        Err(body.trim_start_matches("unhealthy: ").to_string())
    }
}
