//! What the bot costs per update, end to end.
//!
//! The real bot binary runs as a child process against a lean fake Bot API
//! in this process on 127.0.0.1. N chats (default 1,000; `BENCH_CHATS`) each
//! walk the whole consultation to its result, all at once, each sending its
//! next answer as soon as the previous reply arrives. The bot's CPU time and
//! peak memory come from its own accounting in /proc.
//!
//! A second table is the burst: N chats (300 and 3,000; `BENCH_BURSTS`)
//! each send a whole consultation at once, as when the bot's link is posted
//! in a large channel, with teloxide's minimal dialogue bot
//! (`support/floor_bot.rs`, this binary again with `BENCH_ROLE=floor-bot`)
//! as the floor for CPU per Bot API call and peak memory.
//!
//! The burst runs in two orders: each chat's updates back to back, and
//! interleaved across chats; the table gives `getUpdates` calls per 100
//! updates and start-up time too. Last, with Telegram's pacing on, one chat
//! forwards 100 messages at once: how long another chat waits for its first
//! reply, and how long SIGTERM takes with a backlog.
//!
//! Run: `cargo bench --bench bot` (`BENCH_ONLY=burst` for the burst alone,
//! `BENCH_ONLY=flood` for the flood alone; `BENCH_ONLY=offered` for the
//! shipped configuration at the offered load alone; `BENCH_BURSTS=300,3000`;
//! `BENCH_ORDERS=back` or `inter` for one order; `BENCH_REPEAT=3` runs of
//! each burst row; `BENCH_BOT_ENV="BOT_UPDATES_IN_FLIGHT=16"` to try
//! settings on every run of the bot; `BENCH_BOT=/path/to/kz-residence-bot`
//! to run another build, e.g. an older commit's, under the same benchmark;
//! `BENCH_ALSO="name=/path/to/build,…"` to run other builds beside this one
//! in the same rounds of the burst (rows 3, 4, …, each with its ratio to the
//! floor); `BENCH_RETRY=1` to run a burst row again when it stalls;
//! `BENCH_BOT_WRAP="valgrind --tool=callgrind"` to run the bot (and the
//! floor) under a tool; `BENCH_ROWS=0` for the first burst row alone,
//! `BENCH_ROWS=2` for the floor's, e.g. to profile it; `BENCH_THREADS=1`
//! to print each thread's context switches at the end of each burst row)

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use kz_residence_bot::store::ChatRecord;
use kz_residence_bot::store::{self as storage, Durability};
use teloxide::dispatching::dialogue::{InMemStorage, Storage};
use teloxide::types::ChatId;
use tokio::sync::Notify;

#[path = "support/dialogues.rs"]
mod dialogues;
use dialogues::finished;
#[path = "support/floor_bot.rs"]
mod floor_bot;

const TOKEN: &str = "123456789:BENCH_token_for_the_fake_api_only";
const FIRST_CHAT: i64 = 1_000_000;

/// One consultation: what the user sends at each turn. A turn is complete
/// when a message with buttons arrives (the next question), or the contact
/// card (the result).
const SCRIPT: [&str; 9] = [
    "/start",
    "press:a:stage:both",
    "press:a:citizenship:CHOICE",
    "press:a:refugee:no",
    "44",
    "press:a:children:no",
    "press:a:solvency:own",
    "20.10.2031",
    "press:sum:go",
];
/// Citizenships that keep the route the same length (China adds a question).
const CHOICES: [&str; 7] = ["ru", "uz", "kg", "tj", "tm", "mn", "other"];

struct Chat {
    turn: usize,
    round: usize,
    /// When this chat's first update was handed over, and its last reply came.
    began: Option<Instant>,
    finished: Option<Instant>,
    handed_at: Option<Instant>,
    /// The message id of the last question: buttons are pressed on it.
    last_question: i64,
    /// Burst mode: the messages this chat has received so far.
    replies: usize,
}

/// When a chat of the burst has had all its answers.
#[derive(Clone, Copy)]
enum Finish {
    /// The result's contact card: only a bot that took every update in order gets there.
    ContactCard,
    /// This many messages (the floor bot answers every update with one).
    Messages(usize),
}

/// How a burst's updates are queued.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    /// Each chat's whole consultation, then the next chat's: one chat's
    /// updates back to back, as when each user taps through quickly.
    BackToBack,
    /// Every chat's /start, then every chat's first answer, and so on.
    Interleaved,
}

impl Order {
    fn name(self) -> &'static str {
        match self {
            Order::BackToBack => "back to back",
            Order::Interleaved => "interleaved",
        }
    }
}

/// What a sent message is to the driver.
#[derive(Clone, Copy)]
enum Reply {
    Question,
    Result,
}

struct Shared {
    chats: Vec<Mutex<Chat>>,
    /// Updates as JSON text, ready to hand over.
    queue: Mutex<VecDeque<(i64, String)>>,
    updates: Notify,
    next_update_id: AtomicI64,
    next_message_id: AtomicI64,
    latencies_us: Mutex<Vec<u64>>,
    /// When each update was handed over, for the rate while every chat is active.
    handed: Mutex<Vec<Instant>>,
    done: AtomicUsize,
    all_done: Notify,
    polls: AtomicUsize,
    polled: Notify,
    /// How long a user "reads" before answering: zero for the saturation run.
    think: Duration,
    rng: Mutex<u64>,
    /// How many consultations each chat goes through, one after another.
    rounds: usize,
    /// Burst mode: every update is queued at the start; replies only count.
    burst: Option<Finish>,
    /// Every request the bot made (getUpdates included).
    api_calls: AtomicUsize,
    /// The same, by method.
    methods: Mutex<std::collections::BTreeMap<String, usize>>,
    /// Flood mode: each message sent, by chat, with when.
    sent_at: Option<Mutex<Vec<(i64, Instant)>>>,
}

impl Shared {
    fn new(chats: usize, think: Duration, rounds: usize, burst: Option<Finish>) -> Shared {
        Shared {
            chats: (0..chats)
                .map(|_| {
                    Mutex::new(Chat {
                        turn: 0,
                        round: 0,
                        began: None,
                        finished: None,
                        handed_at: None,
                        last_question: 0,
                        replies: 0,
                    })
                })
                .collect(),
            queue: Mutex::new(VecDeque::new()),
            updates: Notify::new(),
            next_update_id: AtomicI64::new(1),
            next_message_id: AtomicI64::new(1),
            latencies_us: Mutex::new(Vec::with_capacity(chats * SCRIPT.len() * rounds)),
            handed: Mutex::new(Vec::with_capacity(chats * SCRIPT.len() * rounds)),
            done: AtomicUsize::new(0),
            all_done: Notify::new(),
            polls: AtomicUsize::new(0),
            polled: Notify::new(),
            think,
            rng: Mutex::new(0x9E37_79B9_7F4A_7C15),
            rounds,
            burst,
            api_calls: AtomicUsize::new(0),
            methods: Mutex::new(std::collections::BTreeMap::new()),
            sent_at: None,
        }
    }

    /// A think time between half and one and a half of the mean, so chats do not move in waves.
    fn think_time(&self) -> Duration {
        if self.think.is_zero() {
            return Duration::ZERO;
        }
        let mut x = self.rng.lock().unwrap();
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        self.think.mul_f64(0.5 + (*x % 1000) as f64 / 1000.0)
    }

    /// Queues chat `index`'s update for its current turn.
    fn enqueue(&self, index: usize, chat: &Chat) {
        let update = self.update(index, chat.turn, chat.last_question);
        self.queue.lock().unwrap().push_back(update);
        self.updates.notify_one();
    }

    /// Burst mode: every chat's whole consultation, queued at once, in `order`.
    fn enqueue_everything(&self, order: Order) {
        let (chats, turns) = (self.chats.len(), SCRIPT.len());
        let mut queue = self.queue.lock().unwrap();
        for k in 0..chats * turns {
            let (index, turn) = match order {
                Order::BackToBack => (k / turns, k % turns),
                Order::Interleaved => (k % chats, k / chats),
            };
            // The question's message id is not known yet; the bot only
            // edits that message, so any regular message will do.
            queue.push_back(self.update(index, turn, 1));
        }
        drop(queue);
        self.updates.notify_one();
    }

    /// A message chat `index` forwards from someone else, as JSON text.
    fn forwarded(&self, index: usize, n: usize) -> (i64, String) {
        let chat_id = FIRST_CHAT + index as i64;
        let id = self.next_update_id.fetch_add(1, Ordering::Relaxed);
        (
            chat_id,
            format!(
                r#"{{"update_id":{id},"message":{{"message_id":{id},"date":1764000000,"text":"forwarded {n}","forward_origin":{{"type":"hidden_user","sender_user_name":"X","date":1764000000}},"chat":{{"id":{chat_id},"type":"private","first_name":"B"}},"from":{{"id":{chat_id},"is_bot":false,"first_name":"B","language_code":"en"}}}}}}"#
            ),
        )
    }

    /// Chat `index`'s update for turn `turn`, as JSON text.
    fn update(&self, index: usize, turn: usize, last_question: i64) -> (i64, String) {
        let chat_id = FIRST_CHAT + index as i64;
        let step = SCRIPT[turn].replace("CHOICE", CHOICES[index % CHOICES.len()]);
        let id = self.next_update_id.fetch_add(1, Ordering::Relaxed);
        let user =
            format!(r#"{{"id":{chat_id},"is_bot":false,"first_name":"B","language_code":"en"}}"#);
        let chat_json = format!(r#"{{"id":{chat_id},"type":"private","first_name":"B"}}"#);
        let update = match step.strip_prefix("press:") {
            Some(data) => format!(
                r#"{{"update_id":{id},"callback_query":{{"id":"{id}","from":{user},"chat_instance":"b","data":"{data}","message":{{"message_id":{last_question},"date":1764000000,"chat":{chat_json},"text":"q"}}}}}}"#
            ),
            None => {
                let entities = if step.starts_with('/') {
                    format!(
                        r#","entities":[{{"type":"bot_command","offset":0,"length":{}}}]"#,
                        step.len()
                    )
                } else {
                    String::new()
                };
                format!(
                    r#"{{"update_id":{id},"message":{{"message_id":{id},"date":1764000000,"text":"{step}","chat":{chat_json},"from":{user}{entities}}}}}"#
                )
            }
        };
        (chat_id, update)
    }

    /// Burst mode: a message arrived; the chat is done when `finish` says so.
    fn burst_replied(&self, chat_id: i64, method: &str, finish: Finish) {
        let Some(slot) = usize::try_from(chat_id - FIRST_CHAT)
            .ok()
            .and_then(|i| self.chats.get(i))
        else {
            return;
        };
        let mut chat = slot.lock().unwrap();
        if chat.finished.is_some() {
            return;
        }
        if method == "sendmessage" {
            chat.replies += 1;
        }
        let done = match finish {
            Finish::ContactCard => method == "sendcontact",
            Finish::Messages(n) => chat.replies == n,
        };
        if done {
            chat.finished = Some(Instant::now());
            if self.done.fetch_add(1, Ordering::AcqRel) + 1 == self.chats.len() {
                self.all_done.notify_one();
            }
        }
    }

    /// A reply arrived: if it completes the chat's turn, record the latency and send the next answer.
    fn replied(self: &Arc<Self>, chat_id: i64, reply: Reply, question: Option<i64>) {
        let Some(slot) = usize::try_from(chat_id - FIRST_CHAT)
            .ok()
            .and_then(|i| self.chats.get(i))
        else {
            return;
        };
        let index = (chat_id - FIRST_CHAT) as usize;
        let mut chat = slot.lock().unwrap();
        if let Some(id) = question {
            chat.last_question = id;
        }
        // A turn is complete with the next question; the last one only with
        // the result's contact card, so a bot that lost its place never counts.
        let completes = match reply {
            Reply::Question => question.is_some() && chat.turn + 1 < SCRIPT.len(),
            Reply::Result => chat.turn + 1 == SCRIPT.len(),
        };
        if !completes {
            return;
        }
        let Some(handed) = chat.handed_at.take() else {
            return;
        };
        let now = Instant::now();
        self.latencies_us
            .lock()
            .unwrap()
            .push(now.duration_since(handed).as_micros() as u64);
        chat.turn += 1;
        if chat.turn == SCRIPT.len() && chat.round + 1 < self.rounds {
            chat.round += 1;
            chat.turn = 0;
        }
        if chat.turn < SCRIPT.len() {
            let think = self.think_time();
            if think.is_zero() {
                self.enqueue(index, &chat);
            } else {
                let shared = self.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(think).await;
                    let chat = shared.chats[index].lock().unwrap();
                    shared.enqueue(index, &chat);
                });
            }
        } else {
            chat.finished = Some(now);
            if self.done.fetch_add(1, Ordering::AcqRel) + 1 == self.chats.len() {
                self.all_done.notify_one();
            }
        }
    }
}

/// The few fields of a request the fake API looks at.
#[derive(serde::Deserialize)]
struct Request {
    chat_id: Option<i64>,
    reply_markup: Option<serde::de::IgnoredAny>,
    timeout: Option<u64>,
}

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    shared.api_calls.fetch_add(1, Ordering::Relaxed);
    let method = uri
        .path()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    *shared
        .methods
        .lock()
        .unwrap()
        .entry(method.clone())
        .or_default() += 1;
    let request: Request = serde_json::from_slice(&body).unwrap_or(Request {
        chat_id: None,
        reply_markup: None,
        timeout: None,
    });
    let result = match method.as_str() {
        "getupdates" => return get_updates(&shared, request.timeout.unwrap_or(0)).await,
        "getwebhookinfo" => r#"{"url":"","has_custom_certificate":false,"pending_update_count":0}"#.to_string(),
        "getme" => r#"{"id":1,"is_bot":true,"first_name":"Bench","username":"bench_bot","can_join_groups":false,"can_read_all_group_messages":false,"supports_inline_queries":true,"can_connect_to_business":false,"has_main_web_app":false}"#.to_string(),
        "sendmessage" | "sendcontact" | "editmessagetext" | "editmessagereplymarkup" => {
            let chat_id = request.chat_id.unwrap_or(0);
            let id = shared.next_message_id.fetch_add(1, Ordering::Relaxed);
            let has_buttons = request.reply_markup.is_some();
            if let Some(sent) = &shared.sent_at {
                sent.lock().unwrap().push((chat_id, Instant::now()));
            }
            match (shared.burst, method.as_str()) {
                (Some(finish), method) => shared.burst_replied(chat_id, method, finish),
                (None, "sendmessage") => {
                    shared.replied(chat_id, Reply::Question, has_buttons.then_some(id))
                }
                (None, "sendcontact") => shared.replied(chat_id, Reply::Result, None),
                _ => {}
            }
            // A date of 0 would make it an "inaccessible" message to teloxide.
            format!(
                r#"{{"message_id":{id},"date":1764000000,"chat":{{"id":{chat_id},"type":"private","first_name":"B"}},"text":"ok"}}"#
            )
        }
        _ => "true".to_string(),
    };
    (
        [("content-type", "application/json")],
        format!(r#"{{"ok":true,"result":{result}}}"#),
    )
        .into_response()
}

async fn get_updates(shared: &Shared, timeout: u64) -> Response {
    shared.polls.fetch_add(1, Ordering::AcqRel);
    shared.polled.notify_waiters();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout.min(1));
    loop {
        let batch: Vec<(i64, String)> = {
            let mut queue = shared.queue.lock().unwrap();
            let n = queue.len().min(100);
            queue.drain(..n).collect()
        };
        if !batch.is_empty() {
            let now = Instant::now();
            let mut body = String::from(r#"{"ok":true,"result":["#);
            shared
                .handed
                .lock()
                .unwrap()
                .extend(std::iter::repeat_n(now, batch.len()));
            for (i, (chat_id, update)) in batch.iter().enumerate() {
                if let Some(chat) = shared.chats.get((chat_id - FIRST_CHAT) as usize) {
                    let mut chat = chat.lock().unwrap();
                    chat.handed_at = Some(now);
                    chat.began.get_or_insert(now);
                }
                if i > 0 {
                    body.push(',');
                }
                body.push_str(update);
            }
            body.push_str("]}");
            return ([("content-type", "application/json")], body).into_response();
        }
        if tokio::time::timeout_at(deadline, shared.updates.notified())
            .await
            .is_err()
        {
            return (
                [("content-type", "application/json")],
                r#"{"ok":true,"result":[]}"#,
            )
                .into_response();
        }
    }
}

async fn serve(shared: Arc<Shared>) -> String {
    let app = Router::new().fallback(handle).with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/")
}

/// CPU seconds (user + system) and peak RSS (bytes) of a process, from /proc.
fn process_usage(pid: u32) -> (f64, u64) {
    let (user, system, peak) = process_times(pid);
    (user + system, peak)
}

/// Context switches of a process's live threads (voluntary and not), from /proc:
/// how often it went to sleep and was woken, which costs CPU the
/// instructions themselves do not show.
fn context_switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("status")).ok())
        .inspect(|status| {
            // BENCH_THREADS=1: which threads sleep and wake.
            if std::env::var_os("BENCH_THREADS").is_some() {
                let field = |key: &str| {
                    status
                        .lines()
                        .find_map(|l| l.strip_prefix(key))
                        .unwrap_or("")
                        .trim()
                        .to_string()
                };
                eprintln!(
                    "thread {}: {} voluntary, {} involuntary context switches",
                    field("Name:"),
                    field("voluntary_ctxt_switches:"),
                    field("nonvoluntary_ctxt_switches:")
                );
            }
        })
        .flat_map(|status| {
            status
                .lines()
                .filter_map(|l| {
                    l.strip_prefix("voluntary_ctxt_switches:")
                        .or_else(|| l.strip_prefix("nonvoluntary_ctxt_switches:"))
                        .and_then(|v| v.trim().parse::<u64>().ok())
                })
                .collect::<Vec<_>>()
        })
        .sum()
}

/// CPU seconds in user space and in the kernel, and peak RSS (bytes), from /proc.
fn process_times(pid: u32) -> (f64, f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // After the ")" field 3 is the state: utime and stime are fields 14 and 15 of the whole line.
    let (user, system) = (ticks(11) as f64 / 100.0, ticks(12) as f64 / 100.0);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0);
    (user, system, peak_kib * 1024)
}

fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

struct Row {
    name: String,
    load: String,
    updates_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    cpu_us_per_update: f64,
    cpu_us_per_call: f64,
    peak_rss: u64,
    disk_per_dialogue: Option<u64>,
    startup_ms: f64,
}

/// Which program the benchmark runs against its fake API.
#[derive(Clone, Copy, PartialEq)]
enum Program {
    /// kz-residence-bot, as built for release.
    Bot,
    /// teloxide's minimal dialogue bot (this binary, `BENCH_ROLE=floor-bot`).
    Floor,
    /// Another build of kz-residence-bot (`BENCH_ALSO`), run beside this one.
    Build(&'static Path),
}

fn spawn_bot(api: &str, data: &Path, env: &[(&str, &str)]) -> Child {
    spawn(Program::Bot, api, data, env)
}

fn spawn(program: Program, api: &str, data: &Path, env: &[(&str, &str)]) -> Child {
    let executable = match program {
        Program::Bot => std::env::var_os("BENCH_BOT").map_or_else(
            || env!("CARGO_BIN_EXE_kz-residence-bot").into(),
            PathBuf::from,
        ),
        Program::Floor => std::env::current_exe().expect("the bench binary"),
        Program::Build(path) => path.to_path_buf(),
    };
    // BENCH_BOT_WRAP="valgrind --tool=callgrind …": the bot (or the floor)
    // run under a tool.
    let wrap = std::env::var("BENCH_BOT_WRAP").unwrap_or_default();
    let mut command = match wrap.split_whitespace().collect::<Vec<_>>().split_first() {
        Some((tool, args)) => {
            let mut command = Command::new(tool);
            command.args(args).arg(executable);
            command
        }
        _ => Command::new(executable),
    };
    command
        .env_clear()
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", api)
        .env("BOT_DATA_DIR", data)
        .env("BOT_RATE_LIMIT", "off")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if program == Program::Floor {
        command.env("BENCH_ROLE", "floor-bot");
    }
    for (k, v) in env {
        command.env(k, v);
    }
    // BENCH_BOT_ENV="K=V …": settings to try on every run of the bot.
    if program != Program::Floor {
        let extra = std::env::var("BENCH_BOT_ENV").unwrap_or_default();
        for (k, v) in extra.split_whitespace().filter_map(|kv| kv.split_once('=')) {
            command.env(k, v);
        }
    }
    command.spawn().expect("the bot binary starts")
}

async fn measure(
    name: &str,
    chats: usize,
    think: Duration,
    data: &Path,
    env: &[(&str, &str)],
    stored_before: usize,
    rounds: usize,
) -> Row {
    let shared = Arc::new(Shared::new(chats, think, rounds, None));
    let api = serve(shared.clone()).await;
    let started = Instant::now();
    let polled = shared.polled.notified();
    let child = spawn_bot(&api, data, env);
    tokio::time::timeout(Duration::from_secs(30), polled)
        .await
        .expect("the bot polls");
    let startup = started.elapsed();
    // Chats begin spread over one think time (all at once when saturating).
    for i in 0..chats {
        let shared = shared.clone();
        let delay = think.mul_f64(i as f64 / chats as f64);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let chat = shared.chats[i].lock().unwrap();
            shared.enqueue(i, &chat);
        });
    }
    let all_done = shared.all_done.notified();
    if tokio::time::timeout(Duration::from_secs(120), all_done)
        .await
        .is_err()
    {
        panic!(
            "{name}: only {} of {chats} chats finished",
            shared.done.load(Ordering::Acquire)
        );
    }
    let (cpu, peak_rss) = process_usage(child.id());
    terminate(child).await;
    // The sustained rate: updates handed over while every chat was active
    // (after the last one began, before the first one finished), so the
    // ramp at the start and the stragglers at the end do not dilute it.
    let all_active_from = shared
        .chats
        .iter()
        .filter_map(|c| c.lock().unwrap().began)
        .max()
        .unwrap();
    let all_active_until = shared
        .chats
        .iter()
        .filter_map(|c| c.lock().unwrap().finished)
        .min()
        .unwrap();
    let handed_in_window = shared
        .handed
        .lock()
        .unwrap()
        .iter()
        .filter(|t| **t >= all_active_from && **t <= all_active_until)
        .count();
    let window = all_active_until
        .saturating_duration_since(all_active_from)
        .as_secs_f64();
    let mut latencies = shared.latencies_us.lock().unwrap().clone();
    latencies.sort_unstable();
    let updates = latencies.len();
    let pct = |p: f64| latencies[((updates as f64 * p) as usize).min(updates - 1)] as f64 / 1000.0;
    let disk_per_dialogue = env
        .iter()
        .all(|(k, v)| !(*k == "BOT_STORAGE" && *v == "memory"))
        .then(|| dir_size(data) / (chats + stored_before) as u64);
    Row {
        name: name.to_string(),
        load: if think.is_zero() {
            "as fast as it goes".into()
        } else {
            format!("{:.0}/s offered", chats as f64 / think.as_secs_f64())
        },
        updates_per_sec: handed_in_window as f64 / window.max(1e-9),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: *latencies.last().unwrap() as f64 / 1000.0,
        cpu_us_per_update: cpu * 1e6 / updates as f64,
        cpu_us_per_call: cpu * 1e6 / shared.api_calls.load(Ordering::Relaxed).max(1) as f64,
        peak_rss,
        disk_per_dialogue,
        startup_ms: startup.as_secs_f64() * 1000.0,
    }
}

/// Settings for a run, on top of the benchmark's own.
type Env<'a> = &'a [(&'a str, &'a str)];

struct BurstRow {
    name: String,
    updates_per_sec: f64,
    cpu_us_per_update: f64,
    cpu_us_per_call: f64,
    /// Of the CPU, the share spent in the kernel (system time).
    system_share: f64,
    /// Bot API calls per update, `getUpdates` included.
    calls_per_update: f64,
    /// Context switches of the bot's threads per update.
    switches_per_update: f64,
    /// `getUpdates` calls per 100 updates.
    polls_per_100: f64,
    /// Calls per update, by method.
    methods: Vec<(String, f64)>,
    peak_rss: u64,
    startup_ms: f64,
}

/// Sends SIGTERM and waits for the exit off this thread (the fake API must
/// keep answering meanwhile); returns how long the exit took.
async fn terminate(child: Child) -> Duration {
    let pid = child.id().to_string();
    let asked = Instant::now();
    tokio::task::spawn_blocking(move || {
        let mut child = child;
        Command::new("sh")
            .args(["-c", &format!("kill -TERM {pid}")])
            .status()
            .unwrap();
        child.wait()
    })
    .await
    .unwrap()
    .unwrap();
    asked.elapsed()
}

/// Every chat sends its whole consultation at once, in `order`; the row
/// ends when every chat has had its last answer.
async fn measure_burst(
    name: &str,
    program: Program,
    chats: usize,
    order: Order,
    data: &Path,
    env: &[(&str, &str)],
) -> Option<BurstRow> {
    let finish = match program {
        Program::Bot | Program::Build(_) => Finish::ContactCard,
        Program::Floor => Finish::Messages(SCRIPT.len()),
    };
    let shared = Arc::new(Shared::new(chats, Duration::ZERO, 1, Some(finish)));
    let api = serve(shared.clone()).await;
    let polled = shared.polled.notified();
    let spawned = Instant::now();
    let child = spawn(program, &api, data, env);
    tokio::time::timeout(Duration::from_secs(30) * patience(), polled)
        .await
        .expect("the bot polls");
    let startup_ms = spawned.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let all_done = shared.all_done.notified();
    let polls_before = shared.polls.load(Ordering::Acquire);
    shared.enqueue_everything(order);
    let timeout = Duration::from_secs(60 + chats as u64 / 10) * patience();
    // BENCH_RETRY=1: a row that stalls (no Bot API call but `getUpdates`
    // for 15 s) is given up at once, its unfinished chats printed, and run
    // again.
    let retry = std::env::var_os("BENCH_RETRY").is_some();
    let answers = || {
        let calls = shared.api_calls.load(Ordering::Relaxed);
        calls.saturating_sub(shared.polls.load(Ordering::Acquire))
    };
    let stalled = async {
        let mut calls = answers();
        loop {
            tokio::time::sleep(Duration::from_secs(15) * patience()).await;
            let now = answers();
            if now == calls {
                break;
            }
            calls = now;
        }
    };
    let finished = tokio::select! {
        done = tokio::time::timeout(timeout, all_done) => done.is_ok(),
        _ = stalled, if retry => false,
    };
    if !finished {
        // Which chats, and what they got, before the bot is stopped.
        let unfinished: Vec<String> = shared
            .chats
            .iter()
            .enumerate()
            .filter_map(|(i, chat)| {
                let chat = chat.lock().unwrap();
                chat.finished
                    .is_none()
                    .then(|| format!("chat {} ({} messages)", FIRST_CHAT + i as i64, chat.replies))
            })
            .take(10)
            .collect();
        terminate(child).await;
        let fault = format!(
            "{name}: only {} of {chats} chats had all their answers; unfinished: {}",
            shared.done.load(Ordering::Acquire),
            unfinished.join(", ")
        );
        if retry {
            eprintln!("{fault}; running the row again (BENCH_RETRY)");
            return None;
        }
        panic!("{fault}");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let polls = shared.polls.load(Ordering::Acquire) - polls_before;
    let (user, system, peak_rss) = process_times(child.id());
    let switches = context_switches(child.id());
    let cpu = user + system;
    let calls = shared.api_calls.load(Ordering::Relaxed);
    terminate(child).await;
    let updates = chats * SCRIPT.len();
    Some(BurstRow {
        name: name.to_string(),
        updates_per_sec: updates as f64 / elapsed,
        cpu_us_per_update: cpu * 1e6 / updates as f64,
        cpu_us_per_call: cpu * 1e6 / calls as f64,
        system_share: system / cpu.max(1e-9),
        calls_per_update: calls as f64 / updates as f64,
        switches_per_update: switches as f64 / updates as f64,
        methods: shared
            .methods
            .lock()
            .unwrap()
            .iter()
            .map(|(method, n)| (method.clone(), *n as f64 / updates as f64))
            .collect(),
        polls_per_100: polls as f64 * 100.0 / updates as f64,
        peak_rss,
        startup_ms,
    })
}

/// How many times longer to wait for the bot: much longer under a tool.
fn patience() -> u32 {
    if std::env::var_os("BENCH_BOT_WRAP").is_some() {
        50
    } else {
        1
    }
}

/// "min–max unit", with `decimals`.
fn range(values: &[f64], unit: &str, decimals: usize) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.len() == 1 {
        format!("{min:.decimals$}{unit}")
    } else {
        format!("{min:.decimals$}–{max:.decimals$}{unit}")
    }
}

/// Ratios run by run, sorted, with their median.
fn ratios(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let list: Vec<String> = v.iter().map(|x| format!("{x:.2}")).collect();
    format!("{}x (median {:.2}x)", list.join(", "), v[v.len() / 2])
}

async fn bursts(dir: &Path) {
    // BENCH_ROWS=0: only the first configuration (to profile one of them).
    let rows_wanted: Option<Vec<usize>> = std::env::var("BENCH_ROWS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect());
    let sizes: Vec<usize> = std::env::var("BENCH_BURSTS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![300, 3000]);
    // BENCH_ORDERS=back,inter: which orders of the updates to run.
    let orders: Vec<Order> = match std::env::var("BENCH_ORDERS").ok().as_deref() {
        Some(v) => [Order::BackToBack, Order::Interleaved]
            .into_iter()
            .filter(|o| v.contains(&o.name()[..4]))
            .collect(),
        None => vec![Order::BackToBack, Order::Interleaved],
    };
    let mut configs: Vec<(String, Program, Env)> = vec![
        (
            "kz-residence-bot (ships: sled, flushed)".into(),
            Program::Bot,
            &[("BOT_DURABILITY", "flush")],
        ),
        (
            "kz-residence-bot, teloxide InMemStorage".into(),
            Program::Bot,
            &[("BOT_STORAGE", "memory")],
        ),
        (
            "teloxide minimal dialogue bot (floor)".into(),
            Program::Floor,
            &[],
        ),
    ];
    const FLOOR: usize = 2;
    // BENCH_ALSO="name=/path/to/build,…": other builds, as shipped, in the
    // same rounds (rows 3, 4, …), so that a change is compared with the
    // build before it under the same load.
    for (label, path) in std::env::var("BENCH_ALSO")
        .unwrap_or_default()
        .split(',')
        .filter_map(|item| item.split_once('='))
    {
        let path: &'static Path = Box::leak(PathBuf::from(path).into_boxed_path());
        configs.push((
            format!("build {label} (sled, flushed)"),
            Program::Build(path),
            &[("BOT_DURABILITY", "flush")],
        ));
    }
    // The machine is shared: each configuration runs BENCH_REPEAT times,
    // interleaved, and the table gives the range.
    let repeat: usize = std::env::var("BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    println!(
        "\nBurst: every chat sends its whole consultation ({} updates) at once, no think time; {repeat} runs each, interleaved (min–max)",
        SCRIPT.len()
    );
    println!(
        "\n| program | chats | order | updates/s | CPU/update | of it in the kernel | Bot API calls/update | CPU/Bot API call | context switches/update | getUpdates per 100 updates | peak RSS | start-up |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut summary = Vec::new();
    for &chats in &sizes {
        // runs[order][config]: one row per round.
        let mut runs: Vec<Vec<Vec<BurstRow>>> = orders
            .iter()
            .map(|_| configs.iter().map(|_| Vec::new()).collect())
            .collect();
        for round in 0..repeat {
            for (o, &order) in orders.iter().enumerate() {
                for (i, (name, program, env)) in configs.iter().enumerate() {
                    if rows_wanted
                        .as_ref()
                        .is_some_and(|wanted| !wanted.contains(&i))
                    {
                        continue;
                    }
                    for attempt in 0..3 {
                        let data = dir.join(format!("burst{chats}-{o}-{i}-{round}-{attempt}"));
                        if let Some(row) =
                            measure_burst(name, *program, chats, order, &data, env).await
                        {
                            runs[o][i].push(row);
                            break;
                        }
                    }
                }
            }
        }
        for (o, order) in orders.iter().enumerate() {
            for rows in runs[o].iter().filter(|rows| !rows.is_empty()) {
                let of = |metric: fn(&BurstRow) -> f64| rows.iter().map(metric).collect::<Vec<_>>();
                println!(
                    "| {} | {chats} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    rows[0].name,
                    order.name(),
                    range(&of(|r| r.updates_per_sec), "", 0),
                    range(&of(|r| r.cpu_us_per_update), " µs", 0),
                    range(&of(|r| r.system_share * 100.0), " %", 0),
                    range(&of(|r| r.calls_per_update), "", 2),
                    range(&of(|r| r.cpu_us_per_call), " µs", 0),
                    range(&of(|r| r.switches_per_update), "", 1),
                    range(&of(|r| r.polls_per_100), "", 1),
                    range(&of(|r| r.peak_rss as f64 / (1024.0 * 1024.0)), " MiB", 1),
                    range(&of(|r| r.startup_ms), " ms", 0),
                );
            }
        }
        // What the calls are, from the first run of each (the same in every run).
        for (o, order) in orders.iter().enumerate() {
            for rows in runs[o].iter().filter(|rows| !rows.is_empty()) {
                let by_method: Vec<String> = rows[0]
                    .methods
                    .iter()
                    .map(|(method, per_update)| format!("{method} {per_update:.2}"))
                    .collect();
                summary.push(format!(
                    "{chats} chats, {}, {}: Bot API calls per update: {}",
                    order.name(),
                    rows[0].name,
                    by_method.join(", ")
                ));
            }
        }
        // Run by run: each pair ran one after the other.
        for (o, order) in orders.iter().enumerate() {
            let floor = &runs[o][FLOOR];
            for (i, rows) in runs[o].iter().enumerate() {
                if i == FLOOR || rows.len() != repeat || floor.len() != repeat {
                    continue;
                }
                let pair = |f: fn(&BurstRow) -> f64| -> Vec<f64> {
                    rows.iter().zip(floor).map(|(s, l)| f(s) / f(l)).collect()
                };
                let who = if i == 0 {
                    "shipped".into()
                } else {
                    configs[i].0.clone()
                };
                summary.push(format!(
                    "{chats} chats, {}: {who} / floor, CPU per Bot API call {}; peak RSS {}",
                    order.name(),
                    ratios(pair(|r| r.cpu_us_per_call)),
                    ratios(pair(|r| r.peak_rss as f64)),
                ));
            }
        }
        if let [back, inter] = &orders[..]
            && runs[0][0].len() == repeat
            && runs[1][0].len() == repeat
            && *back == Order::BackToBack
            && *inter == Order::Interleaved
        {
            let slower: Vec<f64> = runs[1][0]
                .iter()
                .zip(&runs[0][0])
                .map(|(i, b)| i.updates_per_sec / b.updates_per_sec)
                .collect();
            summary.push(format!(
                "{chats} chats, shipped: interleaved / back to back, updates per second {} (goal: at most 2x)",
                ratios(slower)
            ));
        }
    }
    println!();
    for line in summary {
        println!("{line}");
    }
}

/// One chat forwards 100 messages at once, then another sends /start, with
/// Telegram's pacing on (the bot's default): how long the other waits for
/// its first reply, what the flooder gets, and, with a backlog behind (300
/// chats' whole consultations, back to back), how long SIGTERM takes.
async fn floods(dir: &Path) {
    let repeat: usize = std::env::var("BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut waits = Vec::new();
    let mut to_flooder = Vec::new();
    let mut exits = Vec::new();
    for round in 0..repeat {
        // Replies only count: nothing answers them.
        let mut shared = Shared::new(301, Duration::ZERO, 1, Some(Finish::Messages(usize::MAX)));
        shared.sent_at = Some(Mutex::new(Vec::new()));
        let shared = Arc::new(shared);
        let api = serve(shared.clone()).await;
        let polled = shared.polled.notified();
        let data = dir.join(format!("flood-{round}"));
        let child = spawn(Program::Bot, &api, &data, &[("BOT_RATE_LIMIT", "telegram")]);
        tokio::time::timeout(Duration::from_secs(30), polled)
            .await
            .expect("the bot polls");
        let (flooder, other) = (FIRST_CHAT + 300, FIRST_CHAT + 299);
        let asked = {
            let mut queue = shared.queue.lock().unwrap();
            for n in 0..100 {
                queue.push_back(shared.forwarded(300, n));
            }
            queue.push_back(shared.update(299, 0, 1));
            Instant::now()
        };
        shared.updates.notify_one();
        let first_reply = loop {
            tokio::time::sleep(Duration::from_millis(5)).await;
            let sent = shared.sent_at.as_ref().unwrap().lock().unwrap();
            if let Some((_, at)) = sent.iter().find(|(chat, _)| *chat == other) {
                break *at;
            }
            if asked.elapsed() > Duration::from_secs(600) {
                panic!("no reply to the other chat within 600 s");
            }
        };
        waits.push(first_reply.duration_since(asked).as_secs_f64());
        // A backlog: 299 chats' whole consultations, back to back.
        {
            let mut queue = shared.queue.lock().unwrap();
            for index in 0..299 {
                for turn in 0..SCRIPT.len() {
                    queue.push_back(shared.update(index, turn, 1));
                }
            }
        }
        shared.updates.notify_one();
        tokio::time::sleep(Duration::from_secs(5)).await;
        let got = {
            let sent = shared.sent_at.as_ref().unwrap().lock().unwrap();
            sent.iter().filter(|(chat, _)| *chat == flooder).count()
        };
        to_flooder.push(got as f64);
        exits.push(terminate(child).await.as_secs_f64());
    }
    let ms: Vec<f64> = waits.iter().map(|s| s * 1000.0).collect();
    let exit_ms: Vec<f64> = exits.iter().map(|s| s * 1000.0).collect();
    println!("\nOne chat forwards 100 messages at once, Telegram's pacing on ({repeat} runs):");
    println!(
        "* another chat's first reply after {} (goal: within 2 s); the flooder got {} messages in the first 5 s",
        range(&ms, " ms", 0),
        range(&to_flooder, "", 0),
    );
    println!(
        "* SIGTERM with 300 chats' consultations waiting: the bot exited after {} (goal: within 5 s)",
        range(&exit_ms, " ms", 0),
    );
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

async fn storage_alone() -> Vec<(String, f64)> {
    async fn run<S>(store: Arc<S>, ops: i64) -> f64
    where
        S: Storage<ChatRecord> + Send + Sync + 'static,
        S::Error: std::fmt::Debug + Send,
    {
        let start = Instant::now();
        for i in 0..ops {
            let chat = ChatId(i % 1000);
            std::hint::black_box(store.clone().get_dialogue(chat).await.unwrap());
            store
                .clone()
                .update_dialogue(chat, finished(i))
                .await
                .unwrap();
        }
        start.elapsed().as_secs_f64() * 1e6 / ops as f64
    }
    let dir = tempfile::tempdir().unwrap();
    let flushed = storage::open(&dir.path().join("f"), Durability::Flushed).unwrap();
    let background = storage::open(&dir.path().join("b"), Durability::Background).unwrap();
    vec![
        (
            "sled, flushed every write (one chat at a time)".into(),
            run(flushed, 2_000).await,
        ),
        (
            "sled, background flush".into(),
            run(background, 50_000).await,
        ),
        (
            "teloxide InMemStorage".into(),
            run(InMemStorage::<ChatRecord>::new(), 200_000).await,
        ),
    ]
}

fn main() {
    if std::env::var("BENCH_ROLE").as_deref() == Ok("floor-bot") {
        floor_bot::run();
        return;
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(bench());
}

async fn bench() {
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    if only == "burst" {
        bursts(dir.path()).await;
        return;
    }
    if only == "flood" {
        floods(dir.path()).await;
        return;
    }
    let chats: usize = std::env::var("BENCH_CHATS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let stored: usize = std::env::var("BENCH_STORED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    println!(
        "kz-residence-bot benchmark: {chats} chats at once, each {rounds} whole consultations of {} updates; {cpus} CPUs",
        SCRIPT.len()
    );
    println!("(rate limits off: Telegram's own limits are not the bot's cost)\n");

    let target: f64 = std::env::var("BENCH_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5250.0);
    let think = Duration::from_secs_f64(chats as f64 / target);
    let mut rows = Vec::new();
    let configs: [(&str, &[(&str, &str)]); 3] = [
        (
            "sled, flushed before each reply (ships)",
            &[("BOT_DURABILITY", "flush")],
        ),
        (
            "sled, background flush only",
            &[("BOT_DURABILITY", "background")],
        ),
        (
            "teloxide InMemStorage (no persistence)",
            &[("BOT_STORAGE", "memory")],
        ),
    ];
    // BENCH_ONLY=offered: the shipped configuration at the offered load alone.
    if only == "offered" {
        let (name, env) = configs[0];
        let row = measure(
            name,
            chats,
            think,
            &dir.path().join("offered"),
            env,
            0,
            rounds,
        )
        .await;
        println!(
            "{}: {:.0} updates/s, p50 {:.1} ms, p99 {:.1} ms, {:.0} µs CPU/update, peak {}",
            row.name,
            row.updates_per_sec,
            row.p50_ms,
            row.p99_ms,
            row.cpu_us_per_update,
            mib(row.peak_rss)
        );
        return;
    }
    for (pace, pace_name) in [(think, "offered"), (Duration::ZERO, "max")] {
        for (i, (name, env)) in configs.iter().enumerate() {
            let data = dir.path().join(format!("{pace_name}{i}"));
            rows.push(measure(name, chats, pace, &data, env, 0, rounds).await);
        }
    }
    // The shipped configuration again, on a store that already holds many finished dialogues.
    let data = dir.path().join("many");
    {
        let store = storage::open(&data, Durability::Background).unwrap();
        for i in 0..stored as i64 {
            store
                .clone()
                .update_dialogue(ChatId(-(i + 1)), finished(i))
                .await
                .unwrap();
        }
        store.flush_now().unwrap();
    }
    let many_name = format!("ships, {stored} finished dialogues already stored");
    rows.push(
        measure(
            &many_name,
            chats,
            think,
            &data,
            &[("BOT_DURABILITY", "flush")],
            stored,
            rounds,
        )
        .await,
    );

    println!(
        "| configuration | load | updates/s | p50 | p99 | max | CPU/update | CPU/Bot API call | peak RSS | disk/dialogue |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} µs | {:.0} µs | {} | {} |",
            r.name,
            r.load,
            r.updates_per_sec,
            r.p50_ms,
            r.p99_ms,
            r.max_ms,
            r.cpu_us_per_update,
            r.cpu_us_per_call,
            mib(r.peak_rss),
            r.disk_per_dialogue
                .map_or("—".to_string(), |b| format!("{b} B")),
        );
    }
    let in_memory = rows[2].cpu_us_per_update;
    println!(
        "\nCPU per update, shipped / in-memory store: {:.2}x at the offered load, {:.2}x at full speed",
        rows[0].cpu_us_per_update / in_memory,
        rows[3].cpu_us_per_update / rows[5].cpu_us_per_update
    );
    println!(
        "Disk with {stored} finished dialogues stored: {} ({} B each)",
        mib(dir_size(&data)),
        dir_size(&data) / (stored + chats) as u64
    );

    println!("\n| storage alone: one get + one update | per operation |");
    println!("|---|---|");
    for (name, us) in storage_alone().await {
        println!("| {name} | {us:.1} µs |");
    }
    println!("\n| startup to the first getUpdates | time |");
    println!("|---|---|");
    for r in &rows {
        println!("| {} | {:.0} ms |", r.name, r.startup_ms);
    }
    bursts(dir.path()).await;
    floods(dir.path()).await;
}
