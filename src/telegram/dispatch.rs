//! The handler tree run on each update the intake hands out.
//!
//! teloxide's `Dispatcher` asks Telegram `getMe` itself before it
//! dispatches anything, whatever the bot knows already, and reads the
//! answer with teloxide-core's `Me`: one 502 or 429 there panics
//! (`dispatch_with_listener`: "Couldn't prepare dispatching context") or
//! ends dispatching (`try_dispatch_with_listener`), and an answer without a
//! flag teloxide-core 0.13 requires (`has_main_web_app`) is never read, so
//! no retry could help. Its per-chat workers do what the intake already
//! does (one update per chat at a time, a bounded number of chats at once).
//! So the bot runs the tree itself, with the `Me` it read at start
//! ([`super::api::meet`]): one task per update, the chat's
//! next update given out by the intake once the last is handled.

use std::convert::Infallible;
use std::ops::ControlFlow;
use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;
use teloxide::update_listeners::UpdateListener;
use tokio::task::JoinSet;
use tokio_stream::StreamExt as _;

use super::update::HandlerError;

/// The kinds of update the handler tree handles: what polling asks
/// Telegram for (teloxide works it out from the tree, but keeps it to
/// itself; a test checks this list against the tree).
pub const ALLOWED_UPDATES: [AllowedUpdate; 8] = [
    AllowedUpdate::Message,
    AllowedUpdate::EditedMessage,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::InlineQuery,
    // The firm's own account (Telegram Business).
    AllowedUpdate::BusinessConnection,
    AllowedUpdate::BusinessMessage,
    AllowedUpdate::EditedBusinessMessage,
    AllowedUpdate::DeletedBusinessMessages,
];

/// The handler tree and what its handlers are given (the bot, its `Me`,
/// the storage, the app), besides the update.
pub struct Dispatch {
    handler: Arc<UpdateHandler<HandlerError>>,
    dependencies: Arc<DependencyMap>,
}

impl Dispatch {
    /// Panics, as teloxide's dispatcher does, when a handler needs
    /// something `dependencies` lacks: a mistake in the code, found at start.
    pub fn new(handler: UpdateHandler<HandlerError>, dependencies: DependencyMap) -> Dispatch {
        teloxide::dptree::type_check(
            handler.sig(),
            &dependencies,
            &[teloxide::dptree::Type::of::<Update>()],
        );
        Dispatch {
            handler: Arc::new(handler),
            dependencies: Arc::new(dependencies),
        }
    }

    /// Handles the listener's updates until its stream ends (the bot
    /// stopping), then until every update started is handled.
    pub async fn run(&self, mut listener: impl UpdateListener<Err = Infallible>) {
        listener.hint_allowed_updates(&mut ALLOWED_UPDATES.into_iter());
        let updates = listener.as_stream();
        tokio::pin!(updates);
        let mut running = JoinSet::new();
        while let Some(Ok(update)) = updates.next().await {
            running.spawn(handle(
                update,
                self.handler.clone(),
                self.dependencies.clone(),
            ));
            while let Some(done) = running.try_join_next() {
                report(done);
            }
        }
        while let Some(done) = running.join_next().await {
            report(done);
        }
    }
}

async fn handle(
    update: Update,
    handler: Arc<UpdateHandler<HandlerError>>,
    dependencies: Arc<DependencyMap>,
) {
    let id = update.id.0;
    let mut dependencies = (*dependencies).clone();
    dependencies.insert(update);
    match handler.dispatch(dependencies).await {
        ControlFlow::Break(Ok(())) => {}
        ControlFlow::Break(Err(e)) => log::error!("a handler failed: {e:?}"),
        ControlFlow::Continue(_) => {
            log::debug!("ignored an update of a kind the bot does not use (id {id})")
        }
    }
}

/// A handler that panicked (the intake has already given its chat's turn back).
fn report(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done
        && e.is_panic()
    {
        log::error!("a handler panicked; the bot goes on with the next update");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_asks_for_what_the_handler_tree_handles() {
        // teloxide keeps the tree's list to itself, but shows it in Debug.
        let described = format!("{:?}", super::super::schema().description());
        let observed = described
            .split("observed: {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .expect(&described);
        let mut handled: Vec<String> = observed
            .split(", ")
            .map(|kind| {
                kind.trim_start_matches("Kind(")
                    .trim_end_matches(')')
                    .to_string()
            })
            .collect();
        handled.sort();
        let mut asked: Vec<String> = ALLOWED_UPDATES.iter().map(|k| format!("{k:?}")).collect();
        asked.sort();
        assert_eq!(asked, handled, "{described}");
    }
}
