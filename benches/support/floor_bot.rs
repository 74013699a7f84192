//! The benchmark's floor: teloxide's minimal dialogue bot. It keeps a
//! dialogue per chat in teloxide's `InMemStorage` and answers every message
//! and every button press with one `sendMessage`, nothing else: what any
//! teloxide bot pays per update before it does any work of its own.
//!
//! The bench binary runs it as a child process (itself, with
//! `BENCH_ROLE=floor-bot`), configured like the real bot: `TELOXIDE_TOKEN`,
//! `TELOXIDE_API_URL`, a multi-threaded runtime with a worker per core.

use teloxide::dispatching::dialogue::InMemStorage;
use teloxide::prelude::*;

/// How many updates this chat has sent: the dialogue's whole state.
#[derive(Clone, Default)]
struct Turns(u32);

type FloorDialogue = Dialogue<Turns, InMemStorage<Turns>>;
type FloorResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

pub fn run() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let bot = Bot::from_env();
        let schema = dptree::entry()
            .branch(
                Update::filter_message()
                    .enter_dialogue::<Message, InMemStorage<Turns>, Turns>()
                    .endpoint(reply),
            )
            .branch(
                Update::filter_callback_query()
                    .enter_dialogue::<CallbackQuery, InMemStorage<Turns>, Turns>()
                    .endpoint(reply),
            );
        Dispatcher::builder(bot, schema)
            .dependencies(dptree::deps![InMemStorage::<Turns>::new()])
            .build()
            .dispatch()
            .await;
    });
}

async fn reply(bot: Bot, dialogue: FloorDialogue, turns: Turns) -> FloorResult {
    let next = turns.0 + 1;
    dialogue.update(Turns(next)).await?;
    bot.send_message(dialogue.chat_id(), format!("turn {next}"))
        .await?;
    Ok(())
}
