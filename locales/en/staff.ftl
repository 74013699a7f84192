# Texts for the firm's staff (the users in BOT_ADMINS): statistics, links and QR codes.

cmd-stats = Statistics and a chart (staff)
cmd-link = A link and QR code to print (staff)

stats-title = 📊 Consultations by the day they began (Kazakhstan time): today · 7 days · 30 days
stats-started = Started: { $today } · { $week } · { $month }
stats-finished = Reached a result: { $today } · { $week } · { $month }
stats-ticked = Documents ticked off: { $today } · { $week } · { $month }
stats-reminders-on = Reminders switched on: { $today } · { $week } · { $month }
stats-in-progress = In progress: { $today } · { $week } · { $month }
stats-abandoned = Abandoned: { $today } · { $week } · { $month }
stats-by-language = By language, started:
stats-by-stage = By document, reached a result:
stats-by-citizenship = By citizenship, reached a result:
stats-by-tag = By link tag, started (in brackets: how many of them reached a result within 30 days):
stats-row = { $name }: { $today } · { $week } · { $month }
stats-tag-row = { $name }: { $today } · { $week } · { $month } ({ $finished })
stats-nothing = —
stats-no-language = language not chosen yet
stats-no-tag = without a tag
stats-more-tags = …and { $count } more tags
stats-stage-permit = Permit for permanent residence
stats-stage-card = Residence permit card
stats-stage-both = Both documents
stats-note = In progress: began today or yesterday, no result yet. Abandoned: began before yesterday, no result. Only counts are kept: no chat ids, names or answers.
stats-chart-failed = The chart could not be drawn this time; the figures above are complete.

group-china = China
group-russia = Russia
group-central-asia = Central Asia (Uzbekistan, Kyrgyzstan, Tajikistan, Turkmenistan)
group-mongolia = Mongolia
group-other = Other countries
group-stateless = Stateless persons

chart-title = Consultations by the day they began, last 30 days
chart-started = Started
chart-finished = Reached a result
chart-tags-title = Most used link tags, consultations started in 30 days

link-caption =
    { $link }
    Opens the bot in: { $language }
    Tag: { $tag } (/stats counts the consultations started through this link under this tag)
link-caption-untagged =
    { $link }
    Opens the bot in: { $language }
    No tag: add one to see in /stats how many consultations this link brings, for example /link ru almaty_office
link-usage = Write it as /link [kk|ru|en] [tag], for example /link ru almaty_office. The tag may be left out.
link-tag-characters = A tag may hold only Latin letters, digits and _ (Telegram allows nothing else in a link), so "{ $tag }" cannot be one. For example: almaty_office.
link-tag-too-long = That tag is { $length } characters long; at most { $max } fit in a link (Telegram allows 64 with the language).
