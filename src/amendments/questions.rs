//! The questions the firm adds: each of a kind the bot already knows (yes
//! or no, a choice, a date), with its texts in the three languages, its
//! place in the route (after one of the guide's questions or another
//! added one) and the conditions for asking it. [`Questionnaire`] is the
//! guide's questions with those in force on a day: what the route, the
//! summary and the lists ask about.

use chrono::NaiveDate;

use super::period::Period;
use crate::answers::Id;
use crate::conditions::Conditions;
use crate::questions::{ALL_QUESTIONS, Question};
use crate::reply::Localized;

/// A question from the content folder.
#[derive(Clone, Debug, PartialEq)]
pub struct AddedQuestion {
    pub id: Id,
    /// The question itself.
    pub text: Localized,
    /// Its short name, for the summary and its "change" button.
    pub name: Localized,
    pub form: Form,
    /// Asked right after this question (the guide's or another added one);
    /// after all of the guide's when `None`.
    pub after: Option<Question>,
    /// When it is asked.
    pub when: Conditions,
    pub valid: Period,
}

/// How an added question is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Form {
    /// The guide's yes/no buttons.
    YesNo,
    /// Buttons of the firm's options.
    Choice(Vec<AddedOption>),
    /// A date, typed or tapped on the calendar.
    Date(Dates),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AddedOption {
    pub id: Id,
    pub label: Localized,
}

/// Which dates a date question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dates {
    /// Up to today (an issue date): at most this many years back.
    Past,
    /// From today on (an expiry date).
    Future,
}

impl Dates {
    /// The furthest a date may lie from today, in years.
    pub const MAX_YEARS: u32 = 50;
}

/// The guide's questions, and those the firm added that are in force on a day.
#[derive(Clone, Copy, Debug)]
pub struct Questionnaire<'a> {
    added: &'a [AddedQuestion],
    day: NaiveDate,
}

impl<'a> Questionnaire<'a> {
    /// The guide's questions alone.
    pub const GUIDE: Questionnaire<'static> = Questionnaire {
        added: &[],
        day: NaiveDate::MIN,
    };

    pub fn new(added: &'a [AddedQuestion], day: NaiveDate) -> Questionnaire<'a> {
        Questionnaire { added, day }
    }

    /// The firm's question `id`, if it is in force.
    pub fn added(&self, id: Id) -> Option<&'a AddedQuestion> {
        self.added
            .iter()
            .find(|q| q.id == id && q.valid.holds_on(self.day))
    }

    /// The firm's questions in force.
    pub fn in_force(&self) -> impl Iterator<Item = &'a AddedQuestion> + 'a {
        let day = self.day;
        self.added.iter().filter(move |q| q.valid.holds_on(day))
    }

    /// Every question, the guide's and the firm's in force, in the order
    /// of the route.
    pub fn order(&self) -> Vec<Question> {
        order(self.in_force())
    }
}

/// The guide's questions with `added` placed among them: each right after
/// the question it names (after those placed there before it, in the
/// folder's order), or at the end.
pub fn order<'a>(added: impl IntoIterator<Item = &'a AddedQuestion>) -> Vec<Question> {
    let mut order: Vec<Question> = ALL_QUESTIONS.to_vec();
    let mut placed_after: Vec<(Question, Question)> = Vec::new();
    for question in added {
        let me = Question::Added(question.id);
        let at = question.after.and_then(|anchor| {
            let anchor_at = order.iter().position(|q| *q == anchor)?;
            // After the anchor and whatever was placed after it already.
            let mut at = anchor_at + 1;
            while order
                .get(at)
                .is_some_and(|q| hangs_from(&placed_after, anchor, *q))
            {
                at += 1;
            }
            Some(at)
        });
        match at {
            Some(at) => order.insert(at, me),
            None => order.push(me),
        }
        if let Some(anchor) = question.after {
            placed_after.push((anchor, me));
        }
    }
    order
}

/// Whether `question` was placed after `anchor`, directly or after another
/// question placed after it.
fn hangs_from(placed_after: &[(Question, Question)], anchor: Question, question: Question) -> bool {
    let mut current = question;
    for _ in 0..=placed_after.len() {
        match placed_after.iter().find(|(_, q)| *q == current) {
            Some((parent, _)) if *parent == anchor => return true,
            Some((parent, _)) => current = *parent,
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, after: Option<Question>) -> AddedQuestion {
        AddedQuestion {
            id: Id::new(id).unwrap(),
            text: Default::default(),
            name: Default::default(),
            form: Form::YesNo,
            after,
            when: Default::default(),
            valid: Period::ALWAYS,
        }
    }

    #[test]
    fn each_added_question_comes_after_its_anchor_and_what_hangs_from_it_in_the_folders_order() {
        let a = question("a", Some(Question::Solvency));
        let b = question("b", Some(Question::Added(a.id)));
        let c = question("c", Some(Question::Solvency));
        let last = question("last", None);
        let order = order([&a, &b, &c, &last]);
        let at = |q: Question| order.iter().position(|o| *o == q).unwrap();
        let added = |q: &AddedQuestion| at(Question::Added(q.id));
        assert_eq!(added(&a), at(Question::Solvency) + 1);
        assert_eq!(added(&b), added(&a) + 1);
        assert_eq!(added(&c), added(&b) + 1);
        assert_eq!(at(Question::DocumentExpiry), added(&c) + 1);
        assert_eq!(added(&last), order.len() - 1);
    }
}
