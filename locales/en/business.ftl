# The firm's own Telegram account (Telegram Business): what the bot sends as the owner in a client's chat (/docs, the closed-office message), and what it tells the owner in the bot's own chat. The office's details for /office are office.ftl's.

business-docs = Which documents you need for permanent residence in Kazakhstan, and by when: our bot works it out for you in a few short questions.
business-docs-button = 📋 Find out which documents I need
business-closed = Hello! The office is closed now and { $opens }: we will answer you then. Meanwhile our bot can tell you which documents you need.
business-opens-today = opens today at { $time }
business-opens-tomorrow = opens tomorrow at { $time }
business-opens-on = opens on { $weekday ->
        [monday] Monday
        [tuesday] Tuesday
        [wednesday] Wednesday
        [thursday] Thursday
        [friday] Friday
        [saturday] Saturday
       *[sunday] Sunday
    } at { $time }
business-opens-unknown = opens again soon
business-paused-all = The bot is paused in all your clients' chats: it sends nothing there, not even while the office is closed. /bot on here switches it back on; /docs and /office still work.
business-resumed-all = The bot helps in your clients' chats again: while the office is closed, a client's first message of the day gets one message from you. /bot off here pauses it everywhere.
stats-firm-account = from the firm's account
stats-business = { $count ->
        [one] The firm's own account the bot helps (owner's id, and what Telegram lets the bot do)
       *[other] The firm's own accounts the bot helps ({ $count }; owner's id, and what Telegram lets the bot do)
    }: { $accounts }
stats-business-none = No account in BOT_BUSINESS_OWNERS has connected the bot yet (Settings → Telegram Business → Chatbots).
