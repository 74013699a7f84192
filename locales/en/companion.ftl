# After the result: the checklist, the dates it asks for, reminders, the printable list.

checklist-title = 🗂 Your checklist
checklist-part = { $part ->
    [card] 🪪 Stage 2. Residence permit card
   *[permit] 📋 Stage 1. Permit for permanent residence
}: { $ready } of { $total } ready
checklist-item = { $mark } { $name }
checklist-hint = Press a document once you have it ready; press it again to untick it. Your ticks are kept until you start over or send /forget.
checklist-not-ready = Your checklist appears once you have answered the questions and seen your list of documents.

btn-checklist = 🗂 Checklist
btn-pdf = 📄 PDF to print
btn-reminders = 🔔 Reminders
btn-reminders-on = 🔔 Remind me of deadlines
btn-reminders-off = 🔕 Stop reminders
btn-cancel-reminder = ❌ { $n }
btn-submitted = 📨 I have submitted my documents
btn-today = Today
btn-skip = Skip
btn-restart-confirm = Yes, start over
btn-keep = No, keep my list

confirm-restart = Starting over deletes your answers, { $ticked ->
    [0] dates and reminders
    [one] your ticked document, dates and reminders
   *[other] your { $ticked } ticked documents, dates and reminders
}. Start over?

q-certificate-issued = When was your criminal record certificate issued? Send the date in the format DD.MM.YYYY. Its validity period may not exceed { $days } calendar days, and I will tell you the last day you can submit it.
q-documents-submitted = On which day did you submit your documents for the residence permit card? Press "Today" or send the date in the format DD.MM.YYYY.
error-date-future = That day has not come yet. Please send a date no later than today.
certificate-noted = Noted: your criminal record certificate was issued on { $issued }. It can be submitted up to and including { $last_day }.
certificate-too-old = ⚠️ Your criminal record certificate is no longer valid: its validity period of { $days } calendar days has ended. You need a new one before you apply.
certificate-before-passport = ⚠️ Your criminal record certificate stops being valid before the last day your { $document ->
    [stateless] stateless person's document
   *[passport] passport
} meets the 180-day rule ({ $passport_day }): apply by { $last_day }, or get a new certificate closer to the day you apply.
submitted-noted = Noted: you submitted your documents on { $date }. The residence permit card is issued within { $days } calendar days, so by { $ready }.
submitted-overdue = Those { $days } days have passed: your residence permit card should be ready. If it is not, please contact the office.
date-skipped = All right, no date for now. You can give it later from the checklist.

reminders-off = Reminders are off. I can write to you at 10:00 Almaty time before your deadlines: the last day your passport meets the 180-day rule, the last day your criminal record certificate is valid, and the day your residence permit card should be ready. Nothing is sent unless you turn them on.
reminders-none = Reminders are on, but nothing is due yet. Give me the date of your criminal record certificate when you tick it, or tell me when you submit your documents for the residence permit card, and I will remind you in time.
reminders-title = 🔔 Reminders are on. I will write at { $hour }:00 Almaty time:
reminders-item = { $date }: { $what ->
    [passport-soon] the last day your { $document ->
        [stateless] document
       *[passport] passport
    } meets the 180-day rule is { $deadline }
    [passport-passed] your { $document ->
        [stateless] document
       *[passport] passport
    } no longer meets the 180-day rule
    [certificate-soon] your criminal record certificate is valid up to and including { $deadline }
    [certificate-passed] your criminal record certificate is no longer valid
    [card-ready] your residence permit card should be ready
   *[nudge] how your documents are coming along
}
reminder-cancelled = That reminder is cancelled.
reminders-stopped = Reminders are off: nothing more will be sent. You can turn them on again from the checklist.
reminders-unavailable = Reminders work in Telegram only.

remind-passport-soon = ⏰ Reminder: your { $document ->
    [stateless] document
   *[passport] passport
} meets the 180-day rule only if you submit your documents by { $last_day } ({ $days ->
    [0] that is today
    [one] { $days } day from today
   *[other] { $days } days from today
}).
remind-passport-passed = ⚠️ From today your { $document ->
    [stateless] document
   *[passport] passport
} no longer meets the 180-day rule: it has { $min_days } calendar days of validity left or fewer. Get a new one before you apply for the permit.
remind-certificate-soon = ⏰ Reminder: your criminal record certificate can be submitted up to and including { $last_day } ({ $days ->
    [0] that is today
    [one] { $days } day from today
   *[other] { $days } days from today
}).
remind-certificate-passed = ⚠️ Your criminal record certificate is no longer valid: its validity period of { $days } calendar days has ended. Get a new one before you apply.
remind-card-ready = 🪪 { $days } days have passed since you submitted your documents on { $submitted }: your residence permit card should be ready. If it is not, please call the office: { $phone }.
remind-nudge = 🗂 How are your documents coming along? { $ready } of { $total } are ready. Your checklist is one press away.

pdf-caption = 📄 Your checklist to print: tick each document by hand as you get it.
pdf-unavailable = The checklist as a PDF is sent in Telegram only.
sheet-title = Documents for permanent residence in Kazakhstan
sheet-prepared = Prepared for you on { $date }.
sheet-answers = Your answers
sheet-part = { $part ->
    [card] Stage 2. Residence permit card
   *[permit] Stage 1. Permit for permanent residence
}
sheet-dates = Dates
sheet-office = The office
sheet-phones = Phone numbers: { $phones }
sheet-passport-last-day = Your { $document ->
    [stateless] stateless person's document
   *[passport] passport
} expires on { $expiry }: it meets the 180-day rule if you submit your documents by { $last_day } at the latest.
sheet-certificate-last-day = Criminal record certificate issued on { $issued }: it can be submitted up to and including { $last_day }.
sheet-certificate-rule = The criminal record certificate is accepted with a validity period not exceeding { $days } calendar days.
sheet-card-ready-by = Documents for the residence permit card submitted on { $submitted }: the residence permit card is due by { $date }.
sheet-card-within = The residence permit card is issued within { $days } calendar days after you submit the documents.
sheet-footer = General guidance from the firm's guide, not an official legal opinion: the migration service decides.
