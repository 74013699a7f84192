//! The staff's figures from the per-day counters: totals for today, 7 and
//! 30 days, what is in progress and what was abandoned, the breakdowns, and
//! the chart's data. Messages as data, like the rest of the core.
//!
//! Consultations are counted on the day they began (Kazakhstan's calendar),
//! and a result is counted on the day its consultation began, so for every
//! day: started = finished + in progress + abandoned.
//! - **in progress**: began today or yesterday, no result yet;
//! - **abandoned**: began before yesterday (so idle for at least a day), no
//!   result; one that reaches a result later counts as finished from then on.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::tally::{By, Count, Tally};
use crate::amendments::{AddedQuestion, Form};
use crate::answers::Stage;
use crate::reply::{Block, Msg, Reply, firm_text};

/// Counter values by day: what the store reads back.
pub type Tallies = HashMap<(NaiveDate, Count), u64>;

/// The periods every figure is given for, ending today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Today,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Today, Period::Week, Period::Month];

    pub fn days(self) -> u64 {
        match self {
            Period::Today => 1,
            Period::Week => 7,
            Period::Month => 30,
        }
    }
}

/// At most this many tags are listed in the text (the most used first).
pub const TAGS_LISTED: usize = 15;

/// At most this many tags in the chart.
pub const TAGS_CHARTED: usize = 5;

/// The first day of the period that ends on `today`.
pub fn first_day(today: NaiveDate, period: Period) -> NaiveDate {
    today - Days::new(period.days() - 1)
}

/// The chart's data: per day, started and finished; the most used tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartData {
    /// The last 30 days, oldest first: (day, started, finished).
    pub days: Vec<(NaiveDate, u32, u32)>,
    /// Tags by consultations started in 30 days, most first.
    pub top_tags: Vec<(String, u32)>,
}

/// What the staff see: the counters of the 30 days up to `today`.
pub struct Figures {
    today: NaiveDate,
    tallies: Tallies,
}

/// `[today, 7 days, 30 days]`.
type Row = [u64; 3];

impl Figures {
    pub fn new(today: NaiveDate, tallies: Tallies) -> Figures {
        Figures { today, tallies }
    }

    fn on(&self, day: NaiveDate, count: &Count) -> u64 {
        // A count is only looked up by value: the map is small (days × counters).
        self.tallies
            .get(&(day, count.clone()))
            .copied()
            .unwrap_or(0)
    }

    fn days(&self, period: Period) -> impl Iterator<Item = NaiveDate> {
        first_day(self.today, period)
            .iter_days()
            .take(period.days() as usize)
    }

    pub fn sum(&self, count: &Count, period: Period) -> u64 {
        self.days(period).map(|day| self.on(day, count)).sum()
    }

    fn row(&self, count: &Count) -> Row {
        Period::ALL.map(|p| self.sum(count, p))
    }

    /// Began on `day` and no result yet.
    fn open_on(&self, day: NaiveDate) -> u64 {
        let started = self.on(day, &Count::total(Tally::Started));
        // Saturating: a result whose start was counted before an upgrade, or
        // lost in a crash, must not make a negative.
        started.saturating_sub(self.on(day, &Count::total(Tally::Finished)))
    }

    pub fn in_progress(&self, period: Period) -> u64 {
        let yesterday = self.today - Days::new(1);
        self.days(period)
            .filter(|day| *day >= yesterday)
            .map(|day| self.open_on(day))
            .sum()
    }

    pub fn abandoned(&self, period: Period) -> u64 {
        let yesterday = self.today - Days::new(1);
        self.days(period)
            .filter(|day| *day < yesterday)
            .map(|day| self.open_on(day))
            .sum()
    }

    /// Every value of one dimension seen in 30 days, with its row, most first.
    fn breakdown(&self, tally: Tally, dimension: fn(&By) -> bool) -> Vec<(By, Row)> {
        let first = first_day(self.today, Period::Month);
        let values: HashSet<&Count> = self
            .tallies
            .keys()
            .filter(|(day, count)| *day >= first && count.tally == tally && dimension(&count.by))
            .map(|(_, count)| count)
            .collect();
        let mut rows: Vec<(String, By, Row)> = values
            .into_iter()
            .map(|count| (count.name(), count.by.clone(), self.row(count)))
            .filter(|(_, _, row)| row[2] > 0)
            .collect();
        // Most used first; ties by name, so the order is always the same.
        rows.sort_by(|a, b| b.2[2].cmp(&a.2[2]).then_with(|| a.0.cmp(&b.0)));
        rows.into_iter().map(|(_, by, row)| (by, row)).collect()
    }

    /// The text of `/stats` (and of `kz-residence-bot stats`).
    pub fn report(&self) -> Reply {
        let mut totals = Vec::new();
        for &tally in Tally::ALL {
            totals.push(row_msg(tally.label(), self.row(&Count::total(tally))));
            if tally == Tally::Finished {
                totals.push(row_msg(
                    "stats-in-progress",
                    Period::ALL.map(|p| self.in_progress(p)),
                ));
                totals.push(row_msg(
                    "stats-abandoned",
                    Period::ALL.map(|p| self.abandoned(p)),
                ));
            }
        }
        let section = |heading: &'static str, rows: Vec<Msg>| {
            let mut lines = vec![Msg::new(heading)];
            if rows.is_empty() {
                lines.push(Msg::new("stats-nothing"));
            }
            lines.extend(rows);
            Block::Lines(lines)
        };
        let languages = self
            .breakdown(Tally::Started, |by| matches!(by, By::Lang(_)))
            .into_iter()
            .map(|(by, row)| {
                let name = match by {
                    By::Lang(Some(lang)) => Msg::new(lang.label()),
                    _ => Msg::new("stats-no-language"),
                };
                named_row("stats-row", name, row)
            })
            .collect();
        let stages = self
            .breakdown(Tally::Finished, |by| matches!(by, By::Stage(_)))
            .into_iter()
            .filter_map(|(by, row)| match by {
                By::Stage(stage) => Some(named_row("stats-row", Msg::new(stage_label(stage)), row)),
                _ => None,
            })
            .collect();
        let groups = self
            .breakdown(Tally::Finished, |by| matches!(by, By::Citizenship(_)))
            .into_iter()
            .filter_map(|(by, row)| match by {
                By::Citizenship(group) => {
                    Some(named_row("stats-row", Msg::new(group.label()), row))
                }
                _ => None,
            })
            .collect();
        let tags = self.breakdown(Tally::Started, |by| matches!(by, By::Tag(_)));
        let more = tags.len().saturating_sub(TAGS_LISTED);
        let mut tag_rows: Vec<Msg> = tags
            .into_iter()
            .take(TAGS_LISTED)
            .map(|(by, row)| {
                let finished = self.sum(&Count::new(Tally::Finished, by.clone()), Period::Month);
                let row = row_msg("stats-tag-row", row).number("finished", finished as i64);
                match by {
                    // The firm's own account's link: said in words.
                    By::Tag(Some(tag)) if tag == crate::business::TAG => {
                        row.msg("name", Msg::new("stats-firm-account"))
                    }
                    By::Tag(Some(tag)) => row.text("name", tag),
                    _ => row.msg("name", Msg::new("stats-no-tag")),
                }
            })
            .collect();
        if more > 0 {
            tag_rows.push(Msg::new("stats-more-tags").number("count", more as i64));
        }
        Reply {
            blocks: vec![
                Block::Paragraph(Msg::new("stats-title")),
                Block::Lines(totals),
                section("stats-by-language", languages),
                section("stats-by-stage", stages),
                section("stats-by-citizenship", groups),
                section("stats-by-tag", tag_rows),
                Block::Paragraph(Msg::new("stats-note")),
            ],
            ..Reply::default()
        }
    }

    /// Results by the answers to the firm's questions (`questions`, for
    /// their names; an answer to one no longer in the content is shown by
    /// its id): a section for `/stats`, `None` when there is nothing.
    pub fn answers_report(&self, questions: &[AddedQuestion]) -> Option<Block> {
        let rows = self.breakdown(Tally::Finished, |by| matches!(by, By::Answer { .. }));
        if rows.is_empty() && questions.is_empty() {
            return None;
        }
        let mut lines = vec![Msg::new("stats-by-answer")];
        if rows.is_empty() {
            lines.push(Msg::new("stats-nothing"));
        }
        for (by, row) in rows {
            let By::Answer { question, answer } = by else {
                continue;
            };
            let added = questions.iter().find(|q| q.id == question);
            let name = added.map_or_else(
                || Msg::new("stats-text").text("text", question.to_string()),
                |q| firm_text(&q.name),
            );
            let label = match added.map(|q| &q.form) {
                Some(Form::Choice(options)) => options
                    .iter()
                    .find(|o| o.id == answer)
                    .map(|o| firm_text(&o.label)),
                Some(Form::YesNo) if answer == "yes" => Some(Msg::new("opt-yes")),
                Some(Form::YesNo) if answer == "no" => Some(Msg::new("opt-no")),
                _ => None,
            }
            .unwrap_or_else(|| Msg::new("stats-text").text("text", answer.to_string()));
            let name = Msg::new("stats-answer")
                .msg("question", name)
                .msg("answer", label);
            lines.push(named_row("stats-row", name, row));
        }
        Some(Block::Lines(lines))
    }

    /// What the chart shows: the last 30 days, and the most used tags.
    pub fn chart(&self) -> ChartData {
        let started = Count::total(Tally::Started);
        let finished = Count::total(Tally::Finished);
        let days = self
            .days(Period::Month)
            .map(|day| {
                let value = |c: &Count| u32::try_from(self.on(day, c)).unwrap_or(u32::MAX);
                (day, value(&started), value(&finished))
            })
            .collect();
        let top_tags = self
            .breakdown(Tally::Started, |by| matches!(by, By::Tag(Some(_))))
            .into_iter()
            .take(TAGS_CHARTED)
            .filter_map(|(by, row)| match by {
                By::Tag(Some(tag)) => Some((tag, u32::try_from(row[2]).unwrap_or(u32::MAX))),
                _ => None,
            })
            .collect();
        ChartData { days, top_tags }
    }
}

fn row_msg(key: &'static str, row: Row) -> Msg {
    Msg::new(key)
        .number("today", row[0] as i64)
        .number("week", row[1] as i64)
        .number("month", row[2] as i64)
}

fn named_row(key: &'static str, name: Msg, row: Row) -> Msg {
    row_msg(key, row).msg("name", name)
}

fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::PermanentResidencePermit => "stats-stage-permit",
        Stage::ResidencePermitCard => "stats-stage-card",
        Stage::WholeRoute => "stats-stage-both",
    }
}

/// The chart's texts: title, the two series, the tags' heading.
pub const CHART_TITLE: &str = "chart-title";
pub const CHART_STARTED: &str = "chart-started";
pub const CHART_FINISHED: &str = "chart-finished";
pub const CHART_TAGS: &str = "chart-tags-title";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Arg;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn figures(entries: &[(u32, Count, u64)]) -> Figures {
        let tallies = entries
            .iter()
            .map(|(d, count, n)| ((day(*d), count.clone()), *n))
            .collect();
        Figures::new(day(30), tallies)
    }

    fn started() -> Count {
        Count::total(Tally::Started)
    }

    fn finished() -> Count {
        Count::total(Tally::Finished)
    }

    #[test]
    fn periods_end_today_and_abandoned_means_begun_before_yesterday_without_a_result() {
        let f = figures(&[
            (30, started(), 4), // today: 1 finished, 3 in progress
            (30, finished(), 1),
            (29, started(), 2), // yesterday: 2 in progress
            (28, started(), 5), // 2 days ago: 2 finished, 3 abandoned
            (28, finished(), 2),
            (24, started(), 1), // 6 days ago: still in the week
            (23, started(), 7), // 7 days ago: the month only
            (23, finished(), 7),
            (1, started(), 9), // 29 days ago: the last day of the month
            (1, finished(), 9),
        ]);
        assert_eq!(f.row(&started()), [4, 12, 28]);
        assert_eq!(f.row(&finished()), [1, 3, 19]);
        assert_eq!(Period::ALL.map(|p| f.in_progress(p)), [3, 5, 5]);
        assert_eq!(Period::ALL.map(|p| f.abandoned(p)), [0, 4, 4]);
        for p in Period::ALL {
            assert_eq!(
                f.sum(&started(), p),
                f.sum(&finished(), p) + f.in_progress(p) + f.abandoned(p)
            );
        }
    }

    #[test]
    fn more_results_than_starts_on_a_day_never_make_a_negative() {
        // Results of consultations begun before counting existed.
        let f = figures(&[(20, finished(), 3), (20, started(), 1)]);
        assert_eq!(f.abandoned(Period::Month), 0);
    }

    #[test]
    fn days_outside_30_are_ignored_and_the_chart_has_every_day_of_the_month() {
        let f = figures(&[(30, started(), 2), (30, finished(), 1)]);
        let chart = f.chart();
        assert_eq!(chart.days.len(), 30);
        assert_eq!(chart.days[0], (day(1), 0, 0));
        assert_eq!(chart.days[29], (day(30), 2, 1));
        let outside = Figures::new(
            day(30),
            [(
                (NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(), started()),
                5,
            )]
            .into_iter()
            .collect(),
        );
        assert_eq!(outside.row(&started()), [0, 0, 0]);
        assert!(outside.chart().days.iter().all(|d| d.1 == 0));
    }

    fn lines(reply: &Reply, heading: &str) -> Vec<Msg> {
        reply
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Lines(lines) if lines[0].key == heading => Some(lines[1..].to_vec()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no section {heading}"))
    }

    fn arg<'a>(msg: &'a Msg, name: &str) -> &'a Arg {
        &msg.args.iter().find(|(n, _)| *n == name).unwrap().1
    }

    #[test]
    fn tags_are_listed_most_used_first_with_their_results_and_the_chart_takes_the_top_five() {
        let tag = |t: &str| By::Tag(Some(t.to_string()));
        let mut entries = vec![
            (30, Count::new(Tally::Started, tag("expo")), 2),
            (29, Count::new(Tally::Started, tag("almaty_office")), 5),
            (29, Count::new(Tally::Finished, tag("almaty_office")), 3),
            (30, Count::new(Tally::Started, By::Tag(None)), 1),
        ];
        for i in 0..20 {
            entries.push((10, Count::new(Tally::Started, tag(&format!("t{i:02}"))), 1));
        }
        let f = figures(&entries);
        let report = f.report();
        let rows = lines(&report, "stats-by-tag");
        assert_eq!(rows.len(), TAGS_LISTED + 1);
        assert_eq!(rows[0].key, "stats-tag-row");
        assert_eq!(arg(&rows[0], "name"), &Arg::Text("almaty_office".into()));
        assert_eq!(arg(&rows[0], "week"), &Arg::Number(5));
        assert_eq!(arg(&rows[0], "finished"), &Arg::Number(3));
        assert_eq!(
            rows.last().unwrap(),
            &Msg::new("stats-more-tags").number("count", 23 - TAGS_LISTED as i64)
        );
        let chart = f.chart();
        assert_eq!(chart.top_tags.len(), TAGS_CHARTED);
        // The firm's own account's tag is named in words.
        let firm = figures(&[(30, Count::new(Tally::Started, tag(crate::business::TAG)), 4)]);
        let rows = lines(&firm.report(), "stats-by-tag");
        assert_eq!(
            arg(&rows[0], "name"),
            &Arg::Msg(Box::new(Msg::new("stats-firm-account")))
        );
        assert_eq!(chart.top_tags[0], ("almaty_office".to_string(), 5));
        assert_eq!(chart.top_tags[1], ("expo".to_string(), 2));
    }

    #[test]
    fn an_empty_month_reports_zeros_and_empty_sections() {
        let report = figures(&[]).report();
        let Block::Lines(totals) = &report.blocks[1] else {
            panic!("totals")
        };
        assert_eq!(totals[0], row_msg("stats-started", [0, 0, 0]));
        assert_eq!(
            lines(&report, "stats-by-stage"),
            vec![Msg::new("stats-nothing")]
        );
    }
}
