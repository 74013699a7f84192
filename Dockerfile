# kz-residence-bot: build with the Rust toolchain, run from a small Debian image.
#   docker build -t kz-residence-bot .
#   docker run -d --name kz-residence-bot -e TELOXIDE_TOKEN=... -v kz-residence-data:/data kz-residence-bot

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, so a change to the code alone does not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && echo "fn main() {}" > benches/storage.rs \
    && echo "fn main() {}" > benches/bot.rs \
    && cargo build --release --locked \
    && rm -rf src benches
COPY src ./src
COPY locales ./locales
COPY assets ./assets
COPY benches ./benches
COPY examples ./examples
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
# ca-certificates is left unpinned on purpose: it should follow Debian's security updates.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin bot \
    && mkdir -p /data \
    && chown bot /data \
    && chmod 700 /data
COPY --from=build /src/target/release/kz-residence-bot /usr/local/bin/kz-residence-bot
USER 10001
ENV BOT_DATA_DIR=/data \
    BOT_LISTEN_ADDR=0.0.0.0:8080 \
    RUST_LOG=info
VOLUME ["/data"]
EXPOSE 8080
# Healthy while the bot handles updates: getUpdates has succeeded (polling;
# read from the heartbeat in /data) or the Bot API answers (webhook; asked
# through /healthz) within BOT_HEALTH_FAIL_AFTER (60 s). A revoked token, a
# lost network or stuck polling make it fail, saying why.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["kz-residence-bot", "healthcheck"]
# SIGTERM stops it gracefully: updates in flight finish and the store is flushed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["kz-residence-bot"]
