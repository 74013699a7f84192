# Where the list comes from: each item's source and the day it was checked.

sources-list-checked = 📚 List checked on { $date }. Where each item comes from, and when each source was checked: /sources
sources-checked = The list was last checked on { $date }.
btn-sources = 📚 Sources
sources-title = 📚 Where your list comes from
sources-no-list = Your list is not ready yet: answer the questions first, and then /sources will name the source of each item.
sources-source = { $number }. { $name }{ $url ->
    [none] {""}
   *[other] , { $url }
}. Checked on { $checked }:
sources-item = { "   · " }{ $item }
sources-guide = Our guide (no public address)
sources-guide-rules = The rules given with the lists (deadlines, exemptions, and who needs the residence permit card), except where another source below says otherwise
sources-retired = { $document }: no longer on the list
sources-term = { $term ->
    [passport_min_days_left] the passport: more than { $days } calendar days of validity left on the day you apply
    [criminal_record_max_age_days] the criminal record certificate: a validity period not exceeding { $days } calendar days
   *[card_issue_days] the residence permit card: issued within { $days } calendar days after you submit the documents
}
sheet-sources = Sources
note-item = 📌 { $text }
