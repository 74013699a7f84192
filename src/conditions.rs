//! Conditions on the answers, as the firm writes them in its content
//! folder (`when`): for a document or a note to be on the list, and for a
//! question the firm added to be asked. The same conditions for all three,
//! on the guide's answers and on the answers to the firm's questions.

use crate::answers::{Answer, Answers, Id};
use crate::questions::Question;
use crate::rules::{Citizenship, Part, Solvency};

/// Conditions on the answers the bot collects. Each that is set must hold;
/// one on an answer the route did not ask (refugee status on the card's
/// route, say) does not hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conditions {
    /// Any of these.
    pub citizenship: Option<Vec<Citizenship>>,
    pub stateless: Option<bool>,
    pub refugee: Option<bool>,
    pub ethnic_kazakh_from_china: Option<bool>,
    pub solvency: Option<Solvency>,
    /// From this age (inclusive).
    pub age_from: Option<u8>,
    /// Below this age.
    pub age_below: Option<u8>,
    /// The applicant asks about this stage (alone, or the whole route).
    pub stage: Option<Part>,
    /// Answers to the questions the firm added.
    pub answers: Vec<(Id, Expected)>,
}

/// What an added question's answer must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    YesNo(bool),
    /// One of these options of a choice.
    AnyOf(Vec<Id>),
}

/// What is known of one question's answer when a condition is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    Answered(Answer),
    /// On the route, not answered yet: the condition waits for it.
    Pending,
    /// Not on the route: a condition on it does not hold.
    NotAsked,
}

impl Conditions {
    /// Whether every condition holds on complete answers (the result's).
    pub fn hold(&self, answers: &Answers) -> bool {
        self.decide(|q| match answers.get(q) {
            Some(answer) => Known::Answered(answer),
            None => Known::NotAsked,
        }) == Some(true)
    }

    /// Whether every condition holds; `None` while one waits for an answer
    /// still to come.
    pub fn decide(&self, known: impl Fn(Question) -> Known) -> Option<bool> {
        let mut verdicts: Vec<Option<bool>> = Vec::new();
        let mut on = |question: Question, test: &dyn Fn(Answer) -> bool| {
            verdicts.push(match known(question) {
                Known::Answered(answer) => Some(test(answer)),
                Known::Pending => None,
                Known::NotAsked => Some(false),
            })
        };
        if let Some(any) = &self.citizenship {
            on(Question::Citizenship, &|a| {
                a.citizenship().is_some_and(|c| any.contains(&c))
            });
        }
        if let Some(stateless) = self.stateless {
            on(Question::Citizenship, &|a| {
                a.citizenship().map(Citizenship::is_stateless) == Some(stateless)
            });
        }
        if let Some(refugee) = self.refugee {
            on(Question::RefugeeStatus, &|a| a.yes_no() == Some(refugee));
        }
        if let Some(solvency) = self.solvency {
            on(Question::Solvency, &|a| a.solvency() == Some(solvency));
        }
        if let Some(from) = self.age_from {
            on(Question::Age, &|a| a.age().is_some_and(|age| age >= from));
        }
        if let Some(below) = self.age_below {
            on(Question::Age, &|a| a.age().is_some_and(|age| age < below));
        }
        if let Some(part) = self.stage {
            on(Question::Stage, &|a| {
                a.stage().is_some_and(|s| match part {
                    Part::Permit => s.includes_permit(),
                    Part::Card => s.includes_card(),
                })
            });
        }
        for (question, expected) in &self.answers {
            on(Question::Added(*question), &|a| match (expected, a) {
                (Expected::YesNo(wanted), Answer::YesNo(given)) => *wanted == given,
                (Expected::AnyOf(options), Answer::Chosen(given)) => options.contains(&given),
                _ => false,
            });
        }
        if let Some(wanted) = self.ethnic_kazakh_from_china {
            verdicts.push(ethnic_kazakh_from_china(&known).map(|is| is == wanted));
        }
        if verdicts.contains(&Some(false)) {
            Some(false)
        } else if verdicts.contains(&None) {
            None
        } else {
            Some(true)
        }
    }

    /// The questions these conditions read, for checking that each is
    /// asked before what depends on it.
    pub fn questions(&self) -> Vec<Question> {
        let mut read = Vec::new();
        if self.citizenship.is_some() || self.stateless.is_some() {
            read.push(Question::Citizenship);
        }
        if self.ethnic_kazakh_from_china.is_some() {
            read.extend([Question::Citizenship, Question::EthnicKazakh]);
        }
        if self.refugee.is_some() {
            read.push(Question::RefugeeStatus);
        }
        if self.solvency.is_some() {
            read.push(Question::Solvency);
        }
        if self.age_from.is_some() || self.age_below.is_some() {
            read.push(Question::Age);
        }
        if self.stage.is_some() {
            read.push(Question::Stage);
        }
        read.extend(self.answers.iter().map(|(q, _)| Question::Added(*q)));
        read
    }
}

/// An ethnic Kazakh citizen of China: asked only of citizens of China, so
/// every other citizenship answers "no" without the question.
fn ethnic_kazakh_from_china(known: &impl Fn(Question) -> Known) -> Option<bool> {
    match known(Question::Citizenship) {
        Known::NotAsked => Some(false),
        Known::Pending => None,
        Known::Answered(a) if a.citizenship() != Some(Citizenship::China) => Some(false),
        Known::Answered(_) => match known(Question::EthnicKazakh) {
            Known::Answered(a) => Some(a.yes_no() == Some(true)),
            Known::Pending => None,
            Known::NotAsked => Some(false),
        },
    }
}
