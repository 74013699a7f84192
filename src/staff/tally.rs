//! What the statistics count: events, each broken down by a few dimensions,
//! under names the store keeps. Counts only: never a chat, never an answer.

use crate::answers::{Answer, Id, Stage};
use crate::dialogue::Session;
use crate::lang::Lang;
use crate::rules::Citizenship;

/// Declares the events counted. The name is what the store keeps (never
/// rename one); the key is the report's label (in `locales/*/staff.ftl`).
/// Adding an event is a line here; the front end that sees it happen calls
/// [`crate::store::counters::Counters::add`], and `/stats` shows its total
/// for today, 7 and 30 days under the other totals.
macro_rules! tallies {
    ($($variant:ident => $name:literal, $label:literal;)*) => {
        /// An event the statistics count per day.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Tally {
            $($variant),*
        }

        impl Tally {
            pub const ALL: &[Tally] = &[$(Tally::$variant),*];

            /// The stored name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Tally::$variant => $name),*
                }
            }

            /// The Fluent key of the report's line for it.
            pub fn label(self) -> &'static str {
                match self {
                    $(Tally::$variant => $label),*
                }
            }
        }
    };
}

tallies! {
    // A consultation began (/start, a deep link, /restart), counted on its day.
    Started => "started", "stats-started";
    // It reached a result, counted on the day it began (see `Figures`).
    Finished => "finished", "stats-finished";
    // A document ticked off on a checklist, counted on the day of the tick.
    Ticked => "ticked", "stats-ticked";
    // Reminders switched on, counted on that day.
    RemindersOn => "reminders_on", "stats-reminders-on";
}

impl Tally {
    pub fn from_name(name: &str) -> Option<Tally> {
        Tally::ALL.iter().copied().find(|t| t.name() == name)
    }
}

/// Citizenships in the groups the statistics show: the countries the guide
/// treats apart, Central Asia together. The one place that says which is which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CitizenshipGroup {
    China,
    Russia,
    /// Uzbekistan, Kyrgyzstan, Tajikistan, Turkmenistan.
    CentralAsia,
    Mongolia,
    OtherCountry,
    Stateless,
}

impl CitizenshipGroup {
    pub const ALL: [CitizenshipGroup; 6] = [
        CitizenshipGroup::China,
        CitizenshipGroup::Russia,
        CitizenshipGroup::CentralAsia,
        CitizenshipGroup::Mongolia,
        CitizenshipGroup::OtherCountry,
        CitizenshipGroup::Stateless,
    ];

    /// `None` for Kazakhstan: its citizens need no permit and never reach a result.
    pub fn of(citizenship: Citizenship) -> Option<CitizenshipGroup> {
        Some(match citizenship {
            Citizenship::China => CitizenshipGroup::China,
            Citizenship::Russia => CitizenshipGroup::Russia,
            Citizenship::Uzbekistan
            | Citizenship::Kyrgyzstan
            | Citizenship::Tajikistan
            | Citizenship::Turkmenistan => CitizenshipGroup::CentralAsia,
            Citizenship::Mongolia => CitizenshipGroup::Mongolia,
            Citizenship::OtherCountry => CitizenshipGroup::OtherCountry,
            Citizenship::Stateless => CitizenshipGroup::Stateless,
            Citizenship::Kazakhstan => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            CitizenshipGroup::China => "china",
            CitizenshipGroup::Russia => "russia",
            CitizenshipGroup::CentralAsia => "central_asia",
            CitizenshipGroup::Mongolia => "mongolia",
            CitizenshipGroup::OtherCountry => "other",
            CitizenshipGroup::Stateless => "stateless",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CitizenshipGroup::China => "group-china",
            CitizenshipGroup::Russia => "group-russia",
            CitizenshipGroup::CentralAsia => "group-central-asia",
            CitizenshipGroup::Mongolia => "group-mongolia",
            CitizenshipGroup::OtherCountry => "group-other",
            CitizenshipGroup::Stateless => "group-stateless",
        }
    }

    fn from_name(name: &str) -> Option<CitizenshipGroup> {
        CitizenshipGroup::ALL.into_iter().find(|g| g.name() == name)
    }
}

pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::PermanentResidencePermit => "permit",
        Stage::ResidencePermitCard => "card",
        Stage::WholeRoute => "both",
    }
}

fn stage_from_name(name: &str) -> Option<Stage> {
    [
        Stage::PermanentResidencePermit,
        Stage::ResidencePermitCard,
        Stage::WholeRoute,
    ]
    .into_iter()
    .find(|s| stage_name(*s) == name)
}

/// Which part of an event's count: all of them, or those with one value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum By {
    All,
    /// `None`: no language chosen yet.
    Lang(Option<Lang>),
    /// `None`: not from a tagged link.
    Tag(Option<String>),
    Stage(Stage),
    Citizenship(CitizenshipGroup),
    /// An answer to one of the firm's questions: `yes`, `no` or the
    /// option's id (dates are not counted).
    Answer {
        question: Id,
        answer: Id,
    },
}

/// One counter: an event, or its part with one value (`started:tag:expo`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Count {
    pub tally: Tally,
    pub by: By,
}

/// Stands for "none" in stored names: tags and codes never contain it.
const NONE: &str = "-";

impl Count {
    pub fn new(tally: Tally, by: By) -> Count {
        Count { tally, by }
    }

    pub fn total(tally: Tally) -> Count {
        Count::new(tally, By::All)
    }

    /// The stored name: `started`, `started:lang:ru`, `finished:stage:both`.
    pub fn name(&self) -> String {
        let tally = self.tally.name();
        match &self.by {
            By::All => tally.to_string(),
            By::Lang(lang) => format!("{tally}:lang:{}", lang.map_or(NONE, Lang::code)),
            By::Tag(tag) => format!("{tally}:tag:{}", tag.as_deref().unwrap_or(NONE)),
            By::Stage(stage) => format!("{tally}:stage:{}", stage_name(*stage)),
            By::Citizenship(group) => format!("{tally}:citizenship:{}", group.name()),
            By::Answer { question, answer } => format!("{tally}:answer:{question}={answer}"),
        }
    }

    /// `None` for a name this build does not know (kept by another version).
    pub fn from_name(name: &str) -> Option<Count> {
        let mut parts = name.splitn(3, ':');
        let tally = Tally::from_name(parts.next()?)?;
        let by = match (parts.next(), parts.next()) {
            (None, None) => By::All,
            (Some("lang"), Some(NONE)) => By::Lang(None),
            (Some("lang"), Some(code)) => {
                By::Lang(Some(Lang::ALL.into_iter().find(|l| l.code() == code)?))
            }
            (Some("tag"), Some(NONE)) => By::Tag(None),
            (Some("tag"), Some(tag)) => By::Tag(Some(tag.to_string())),
            (Some("stage"), Some(stage)) => By::Stage(stage_from_name(stage)?),
            (Some("citizenship"), Some(group)) => {
                By::Citizenship(CitizenshipGroup::from_name(group)?)
            }
            (Some("answer"), Some(given)) => {
                let (question, answer) = given.split_once('=')?;
                By::Answer {
                    question: Id::new(question)?,
                    answer: Id::new(answer)?,
                }
            }
            _ => return None,
        };
        Some(Count { tally, by })
    }
}

/// The counters one event adds to, from the session as the event left it:
/// a start by language and tag (stage and citizenship are not asked yet), a
/// result also by stage and citizenship group.
pub fn counts(tally: Tally, session: &Session) -> Vec<Count> {
    let mut counts = vec![
        Count::total(tally),
        Count::new(tally, By::Lang(session.lang)),
        Count::new(tally, By::Tag(session.tag.clone())),
    ];
    if tally == Tally::Finished {
        let answers = &session.answers;
        if let Some(stage) = answers.stage {
            counts.push(Count::new(tally, By::Stage(stage)));
        }
        if let Some(group) = answers.citizenship.and_then(CitizenshipGroup::of) {
            counts.push(Count::new(tally, By::Citizenship(group)));
        }
        counts.extend(answers.added.iter().filter_map(|(question, answer)| {
            let answer = match answer {
                Answer::YesNo(true) => Id::of("yes"),
                Answer::YesNo(false) => Id::of("no"),
                Answer::Chosen(option) => option,
                _ => return None,
            };
            Some(Count::new(tally, By::Answer { question, answer }))
        }));
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_count_reads_back_from_its_name() {
        let mut all = vec![];
        for &tally in Tally::ALL {
            all.push(Count::total(tally));
            all.extend(Lang::ALL.map(|l| Count::new(tally, By::Lang(Some(l)))));
            all.push(Count::new(tally, By::Lang(None)));
            all.push(Count::new(tally, By::Tag(None)));
            all.push(Count::new(tally, By::Tag(Some("almaty_office".into()))));
            all.extend(
                [
                    Stage::PermanentResidencePermit,
                    Stage::ResidencePermitCard,
                    Stage::WholeRoute,
                ]
                .map(|s| Count::new(tally, By::Stage(s))),
            );
            all.extend(CitizenshipGroup::ALL.map(|g| Count::new(tally, By::Citizenship(g))));
            all.push(Count::new(
                tally,
                By::Answer {
                    question: Id::of("pilot"),
                    answer: Id::of("yes"),
                },
            ));
        }
        for count in all {
            assert_eq!(
                Count::from_name(&count.name()),
                Some(count.clone()),
                "{count:?}"
            );
        }
        for unknown in [
            "",
            "opened",
            "started:colour:red",
            "started:lang:de",
            "started:stage",
            "finished:answer:pilot",
            "finished:answer:Pilot=yes",
        ] {
            assert_eq!(Count::from_name(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn central_asia_is_the_four_neighbours_and_kazakhstan_is_no_group() {
        let central: Vec<Citizenship> = [
            Citizenship::China,
            Citizenship::Russia,
            Citizenship::Uzbekistan,
            Citizenship::Kyrgyzstan,
            Citizenship::Tajikistan,
            Citizenship::Turkmenistan,
            Citizenship::Mongolia,
            Citizenship::OtherCountry,
            Citizenship::Stateless,
        ]
        .into_iter()
        .filter(|c| CitizenshipGroup::of(*c) == Some(CitizenshipGroup::CentralAsia))
        .collect();
        assert_eq!(
            central,
            [
                Citizenship::Uzbekistan,
                Citizenship::Kyrgyzstan,
                Citizenship::Tajikistan,
                Citizenship::Turkmenistan
            ]
        );
        assert_eq!(CitizenshipGroup::of(Citizenship::Kazakhstan), None);
    }
}
