//! Dates as people type them: `15.03.2031`, `15/3/31`, `2031-03-15`,
//! «15 марта 2031», «2031 жылғы 15 наурыз», "March 15, 2031", "15th Mar
//! 2031". Day first when a date could be read two ways (`03/04/2031` is the
//! 3rd of April), as in Kazakhstan.
//!
//! The month names below are what is *read*; what is *written* back (the
//! date in words, the picker's months) is in the locales.

use chrono::{Datelike, NaiveDate};

use crate::calendar::days_in_month;

/// Longer than any way of writing a date: refused before any work.
const MAX_DATE_CHARS: usize = 40;

/// Which century a two-digit year is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Years {
    /// A day still to come (an expiry): `31` is 2031.
    Ahead,
    /// A day already come (a birth, an issue), on this day: the latest of
    /// 19YY and 20YY not after it, so `90` is 1990 and `12` is 2012.
    UpTo(NaiveDate),
}

/// Why a typed date was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any of the forms people write.
    Format,
    /// A year of 1, 3 or 5 and more digits, or before 1900.
    Year,
    /// A month number outside 1 to 12.
    NoSuchMonth(u32),
    /// The month has no such day (31.02.2030): `days` it has that year.
    NoSuchDay { month: u32, year: i32, days: u32 },
}

/// Every form of each month's name people write, lower case and folded
/// (see [`fold`]): English, Russian (nominative, genitive, prepositional),
/// Kazakh. Any start of three letters or more is an abbreviation ("мар",
/// "sept", "қаң"); a form followed by more letters is a Kazakh case
/// ending («наурызда», «қыркүйектің»).
const MONTHS: [&[&str]; 12] = [
    &["january", "январь", "января", "январе", "қаңтар"],
    &["february", "февраль", "февраля", "феврале", "ақпан"],
    &["march", "март", "марта", "марте", "наурыз"],
    &["april", "апрель", "апреля", "апреле", "сәуір"],
    &["may", "май", "мая", "мае", "мамыр"],
    &["june", "июнь", "июня", "июне", "маусым"],
    &["july", "июль", "июля", "июле", "шілде"],
    &["august", "август", "августа", "августе", "тамыз"],
    &["september", "сентябрь", "сентября", "сентябре", "қыркүйек"],
    &["october", "октябрь", "октября", "октябре", "қазан"],
    &["november", "ноябрь", "ноября", "ноябре", "қараша"],
    &["december", "декабрь", "декабря", "декабре", "желтоқсан"],
];

/// Words that say the number before them is the year: «2031 г.», «2031
/// года», «2031 жылғы», «2031 ж.».
const YEAR_WORDS: [&str; 8] = ["г", "год", "года", "году", "ж", "жыл", "жылы", "жылғы"];

/// Words that add nothing: ordinal endings ("15th", «15-го», «15-і») and
/// "the 15th of March".
const FILLERS: [&str; 15] = [
    "st", "nd", "rd", "th", "of", "the", "го", "е", "ое", "і", "ы", "сі", "сы", "ші", "шы",
];

/// Reads a date in any of the forms above; a two-digit year by `years`.
pub fn read(text: &str, years: Years) -> Result<NaiveDate, DateError> {
    if text.chars().count() > MAX_DATE_CHARS {
        return Err(DateError::Format);
    }
    let tokens = tokens(text)?;
    let (day, month, year) = arrange(&tokens)?;
    let month = match month {
        Part::Month(month) => month,
        Part::Number(number) => number.value,
    };
    let year = match year.digits {
        2 => full_year(year.value, month, day.value, years),
        4 if year.value >= 1900 => year.value as i32,
        _ => return Err(DateError::Year),
    };
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth(month));
    }
    NaiveDate::from_ymd_opt(year, month, day.value).ok_or(DateError::NoSuchDay {
        month,
        year,
        days: days_in_month(year, month),
    })
}

/// A run of digits: its value and how many digits were typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Number {
    value: u32,
    digits: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Number(Number),
    Month(u32),
    /// «г.», «жылғы»: the number before is the year.
    YearWord,
}

/// The month as typed: a number, or a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Number(Number),
    Month(u32),
}

/// Splits into numbers and words (at spaces, `. , / -`, and where digits
/// meet letters), dropping fillers. Anything else is not a date.
fn tokens(text: &str) -> Result<Vec<Token>, DateError> {
    fn flush(run: &mut String, tokens: &mut Vec<Token>) -> Result<(), DateError> {
        if !run.is_empty() {
            tokens.extend(token(run)?);
            run.clear();
        }
        Ok(())
    }
    let mut tokens = Vec::new();
    let mut run = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let same_kind = run
            .chars()
            .next()
            .is_none_or(|first| first.is_ascii_digit() == c.is_ascii_digit());
        if c.is_ascii_digit() || c.is_alphabetic() {
            if !same_kind {
                flush(&mut run, &mut tokens)?;
            }
            run.push(c);
        } else if c.is_whitespace() || matches!(c, '.' | ',' | '/' | '-') {
            flush(&mut run, &mut tokens)?;
        } else {
            return Err(DateError::Format);
        }
    }
    flush(&mut run, &mut tokens)?;
    Ok(tokens)
}

/// One run of digits or letters; `None` for a filler.
fn token(run: &str) -> Result<Option<Token>, DateError> {
    if run.starts_with(|c: char| c.is_ascii_digit()) {
        let digits = run.len();
        // Five digits or more is never a day, a month or a meant year.
        let value = if digits > 4 {
            0
        } else {
            run.parse().unwrap_or(0)
        };
        return Ok(Some(Token::Number(Number { value, digits })));
    }
    let word = fold(run);
    if YEAR_WORDS.iter().any(|w| fold(w) == word) {
        return Ok(Some(Token::YearWord));
    }
    if FILLERS.iter().any(|w| fold(w) == word) {
        return Ok(None);
    }
    month_named(&word)
        .map(|m| Some(Token::Month(m)))
        .ok_or(DateError::Format)
}

/// Kazakh letters as their nearest Russian ones, so «қаңтар» typed on a
/// Russian keyboard («кантар») is read too.
pub fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            'ё' => 'е',
            c => c,
        })
        .collect()
}

/// Whether `word` (in any case) names a month: «15 мая» is a birthday
/// without its year, not an age.
pub fn names_a_month(word: &str) -> bool {
    month_named(&fold(&word.to_lowercase())).is_some()
}

/// The month (1 to 12) a lower-case, folded word names, if exactly one.
fn month_named(word: &str) -> Option<u32> {
    let names = |forms: &[&str]| {
        forms.iter().map(|f| fold(f)).any(|form| {
            (word.chars().count() >= 3 && form.starts_with(word)) || word.starts_with(&form)
        })
    };
    let mut found = (1..=12u32).filter(|m| names(MONTHS[*m as usize - 1]));
    let month = found.next()?;
    found.next().is_none().then_some(month)
}

/// Which token is the day, the month and the year.
fn arrange(tokens: &[Token]) -> Result<(Number, Part, Number), DateError> {
    let numbers: Vec<(usize, Number)> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t {
            Token::Number(n) => Some((i, *n)),
            _ => None,
        })
        .collect();
    let months: Vec<u32> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Month(m) => Some(*m),
            _ => None,
        })
        .collect();
    // The number a year word follows, if any.
    let marked = tokens
        .windows(2)
        .position(|w| matches!(w, [Token::Number(_), Token::YearWord]));
    let year_at = |default: usize| -> usize {
        marked
            .and_then(|at| numbers.iter().position(|(i, _)| *i == at))
            .unwrap_or(default)
    };
    let (day, month, year) = match (months.as_slice(), numbers.as_slice()) {
        // «15 марта 2031», "March 15, 2031", «2031 жылғы 15 наурыз».
        ([month], [(_, a), (_, b)]) => {
            let long = |n: &Number| n.digits > 2;
            // The long number is the year; of two short ones, the last.
            let year = year_at(if long(a) && !long(b) { 0 } else { 1 });
            let day = numbers[1 - year].1;
            (day, Part::Month(*month), numbers[year].1)
        }
        // `15.03.2031`, `2031-03-15`, `15 03 31`.
        ([], [(_, a), _, _]) => {
            let year = year_at(if a.digits == 4 { 0 } else { 2 });
            let rest: Vec<Number> = (0..3)
                .filter(|i| *i != year)
                .map(|i| numbers[i].1)
                .collect();
            // Year first (ISO) is followed by month and day; otherwise day first.
            let (day, month) = if year == 0 && marked.is_none() {
                (rest[1], rest[0])
            } else {
                (rest[0], rest[1])
            };
            (day, Part::Number(month), numbers[year].1)
        }
        _ => return Err(DateError::Format),
    };
    let short = |n: &Number| (1..=2).contains(&n.digits);
    if !short(&day) || matches!(month, Part::Number(m) if !short(&m)) {
        return Err(DateError::Format);
    }
    Ok((day, month, year))
}

/// A two-digit year in its century.
fn full_year(two_digits: u32, month: u32, day: u32, years: Years) -> i32 {
    let this_century = 2000 + two_digits as i32;
    match years {
        Years::Ahead => this_century,
        Years::UpTo(today) => {
            let not_after =
                (this_century, month, day) <= (today.year(), today.month(), today.day());
            if not_after {
                this_century
            } else {
                this_century - 100
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No abbreviation (three letters or more) names two months.
    #[test]
    fn month_abbreviations_are_unambiguous() {
        for (m, forms) in MONTHS.iter().enumerate() {
            for form in *forms {
                let form = fold(form);
                let chars: Vec<char> = form.chars().collect();
                for len in 3..=chars.len() {
                    let start: String = chars[..len].iter().collect();
                    assert_eq!(month_named(&start), Some(m as u32 + 1), "{start}");
                }
            }
        }
    }
}
