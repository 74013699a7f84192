//! A small content folder for the tests of the firm's amendments: a
//! source, a review, a choice question and a date question that depends on
//! it, a document with a deadline from that date, a document and new words
//! for a built-in one that switch on on 26 November 2026, a note, a term
//! changed from 1 December 2026, and a message override dated like the
//! document. (The tests' "today" is 24 November 2026.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub const SOURCES: &str = r#"
[[source]]
id = "office-list"
name.kk = "Кеңсенің тізімі"
name.ru = "Список офиса"
name.en = "The office's list"
url = "https://example.kz/list"
checked = 2026-11-20

[[source]]
id = "guide"
checked = 2026-11-01
"#;

pub const REVIEW: &str = "reviewed = 2026-11-20\nevery_days = 90\n";

pub const QUESTIONS: &str = r#"
[[question]]
id = "residence"
kind = "choice"
after = "solvency"
text.kk = "Қазақстанда қайда тұрасыз?"
text.ru = "Где вы будете жить в Казахстане?"
text.en = "Where will you live in Kazakhstan?"
name.kk = "Тұратын жеріңіз"
name.ru = "Где будете жить"
name.en = "Where you will live"
[question.when]
stage = "permit"
[[question.option]]
id = "rent"
label.kk = "Жалға алған үйде"
label.ru = "В съёмном жилье"
label.en = "In a rented home"
[[question.option]]
id = "own"
label.kk = "Өз үйімде"
label.ru = "В собственном жилье"
label.en = "In my own home"

[[question]]
id = "lease-signed"
kind = "date"
dates = "past"
after = "residence"
text.kk = "Жалдау шартына қашан қол қойылды?"
text.ru = "Когда подписан договор аренды?"
text.en = "When was your lease signed?"
name.kk = "Жалдау шартына қол қойылған күн"
name.ru = "Договор аренды подписан"
name.en = "Lease signed on"
[question.when]
residence = "rent"
"#;

pub const DOCUMENTS: &str = r#"
[[document]]
id = "lease"
stage = "permit"
source = "office-list"
text.kk = "Жалдау шартының көшірмесі."
text.ru = "Копия договора аренды."
text.en = "A copy of your lease."
short.kk = "Жалдау шарты"
short.ru = "Договор аренды"
short.en = "Lease"
[document.when]
residence = "rent"
[document.deadline]
date = "lease-signed"
days = 90

[[document]]
id = "new-form"
stage = "permit"
source = "office-list"
valid_from = 2026-11-26
text.kk = "Жаңа B-7 нысаны."
text.ru = "Новая форма B-7."
text.en = "The new form B-7."

[[note]]
id = "landlord"
stage = "permit"
source = "office-list"
text.kk = "Үй иесінің телефон нөмірін ала келіңіз."
text.ru = "Возьмите с собой телефон арендодателя."
text.en = "Bring your landlord's phone number."
[note.when]
residence = "rent"

[[replace]]
document = "photographs"
source = "office-list"
valid_from = 2026-11-26
text.kk = "35 × 45 мм өлшемді 2 фотосурет."
text.ru = "2 фотографии размером 35 × 45 мм."
text.en = "2 photographs, 35 × 45 mm."
"#;

pub const RULES: &str = r#"
[[rule]]
term = "card_issue_days"
days = 10
source = "office-list"
valid_from = 2026-12-01
"#;

/// The English "start over" greeting, changed from the day the form is new.
pub const LATER_TEXTS: &str = "### valid_from = 2026-11-26\nrestarted = Let's begin again.\n";

/// The whole folder, in `dir`.
pub fn folder(dir: &Path) -> PathBuf {
    let folder = dir.join("content");
    write(&folder, "sources.toml", SOURCES);
    write(&folder, "review.toml", REVIEW);
    write(&folder, "questions.toml", QUESTIONS);
    write(&folder, "documents.toml", DOCUMENTS);
    write(&folder, "rules.toml", RULES);
    write(&folder, "en/later.ftl", LATER_TEXTS);
    folder
}
