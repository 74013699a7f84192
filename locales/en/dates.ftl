# Dates written out in words, and the calendar under date questions.

date-in-words = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

# The calendar: a month's button, and the title of its days.
month-name = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
weekday-short = { $day ->
    [1] Mo
    [2] Tu
    [3] We
    [4] Th
    [5] Fr
    [6] Sa
   *[7] Su
}
picker-month-year = { $month } { $year }
picker-number = { $number }
picker-blank = ·
picker-previous = ◀
picker-next = ▶

btn-calendar = 📅 Choose on a calendar
btn-calendar-birth = 📅 Date of birth on a calendar

# Answers to a press on the calendar (shown briefly, over the chat).
picker-choose = Choose a day on the calendar.
picker-outside = Choose a date from { $from } to { $to }.
