# Where the list comes from: each item's source and the day it was checked.

sources-list-checked = 📚 List checked on { $date }. Where each item comes from, and when each source was checked: /sources
sources-checked = The list was last checked on { $date }.
btn-sources = 📚 Sources
sources-title = 📚 Where your list comes from
sources-no-list = Your list is not ready yet: answer the questions first, and this message will name the source of each item.
sources-source = { $number }. { $name }{ $url ->
    [none] {""}
   *[other] , { $url }
}. Checked on { $checked }:
sources-item = { "   · " }{ $item }
sources-guide = The firm's guide (no public address)
sources-guide-rules = the rules stated with the lists (the deadlines, who is exempt, who needs the card), except where another source below says otherwise
sources-retired = { $document }: no longer on the list
sources-term = { $term ->
    [passport_min_days_left] the passport: more than { $days } days of validity left on the day of submission
    [criminal_record_max_age_days] the criminal record certificate: at most { $days } days old on the day of submission
   *[card_issue_days] the residence permit card: issued within { $days } days of the submission
}
sheet-sources = Sources
note-item = 📌 { $text }
