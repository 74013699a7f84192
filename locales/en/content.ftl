# What the firm's content folder adds: its questions' errors, its dated
# documents' reminders, and what the staff are told about the content.

content-error-date-past = { $date } has already passed. Please send a date from today on.
reminders-item-document = { $date }: { $what ->
    [document-passed] the last day for “{ $name }” has passed ({ $deadline })
   *[document-soon] the last day for “{ $name }”: { $deadline }
}
remind-document-soon = ⏰ Reminder: “{ $name }” can be submitted until { $last_day } inclusive ({ $days ->
    [0] that is today
    [one] { $days } day left
   *[other] { $days } days left
}).
remind-document-passed = ⚠️ The last day for “{ $name }” was { $last_day }: ask the office what to do before you submit your documents.
sheet-document-last-day = { $name }: can be submitted until { $last_day } inclusive.
handover-card-document-last-day = { $name }: until { $last_day } inclusive.

stats-by-answer = By the firm's questions, reached a result:
stats-answer = { $question }: { $answer }
stats-text = { $text }
stats-content = 📚 Content: list checked on { $checked } ({ $days ->
    [one] { $days } day ago
   *[other] { $days } days ago
}); next review due { $due }.
stats-content-overdue = ⚠️ Content: list checked on { $checked } ({ $days } days ago); its review was due { $due }. Check the sources, update review.toml and send the bot SIGHUP.
stats-content-guide = 📚 Content: the firm's guide alone, compared with the lists on { $checked }. A content folder (BOT_CONTENT_DIR) can bring it up to date: see README, "Keeping the content current".
content-review-due =
    ⏰ The list of documents is due its review.
    It was last checked on { $checked }, { $days } days ago; it is to be checked every { $every } days.
    Open each source in sources.toml, compare it with the list, correct what changed, write today's date in review.toml (reviewed = …) and send the bot SIGHUP. Until then I will remind you once a week.
