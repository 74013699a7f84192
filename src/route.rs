//! The route: which questions apply, in which order, given the answers so
//! far. The guide's route ([`route`]), and with the firm's questions placed
//! in it ([`Questionnaire::route`]).

use crate::amendments::Questionnaire;
use crate::answers::Answers;
use crate::conditions::Known;
use crate::questions::{ALL_QUESTIONS, Question};
use crate::rules::{Applicant, CARD_MIN_AGE, Citizenship};

/// The age of majority: younger applicants are not asked about their own children.
pub const ADULT_AGE: u8 = 18;

pub fn asks_about_children(age: u8) -> bool {
    age >= ADULT_AGE
}

/// The questions that apply, in order. A condition on an answer not given yet
/// keeps its question in the route: it is decided once that answer arrives.
pub fn route(answers: &Answers) -> Vec<Question> {
    let mut route = vec![Question::Stage];
    let Some(stage) = answers.stage else {
        return route;
    };
    route.push(Question::Citizenship);
    let age_allows = |decide: fn(u8) -> bool| answers.age.is_none_or(decide);
    if stage.includes_permit() {
        if answers.citizenship.is_none_or(|c| c == Citizenship::China) {
            route.push(Question::EthnicKazakh);
        }
        route.push(Question::RefugeeStatus);
        route.push(Question::Age);
        if age_allows(asks_about_children) {
            route.push(Question::ChildrenAged14To18);
        }
        route.push(Question::Solvency);
        route.push(Question::DocumentExpiry);
    } else {
        route.push(Question::Age);
        // Under 16 the card is not needed, so its passport is not asked about.
        if age_allows(|age| age >= CARD_MIN_AGE) {
            route.push(Question::DocumentExpiry);
        }
    }
    route
}

/// The first question of the guide's route still without an answer; `None` when all are answered.
pub fn next_question(answers: &Answers) -> Option<Question> {
    Questionnaire::GUIDE.next_question(answers)
}

/// The question before `question` on the guide's route, if any.
pub fn previous_question(answers: &Answers, question: Question) -> Option<Question> {
    Questionnaire::GUIDE.previous_question(answers, question)
}

/// Drops answers to questions the guide's route no longer asks.
pub fn keep_only_route(answers: &mut Answers) {
    Questionnaire::GUIDE.keep_only_route(answers)
}

impl Questionnaire<'_> {
    /// The guide's route with the firm's questions in force placed in it:
    /// each where [`Questionnaire::order`] puts it, when its conditions
    /// hold on the answers before it, or wait for one of them still to
    /// come. A condition on a question not on the route does not hold.
    pub fn route(&self, answers: &Answers) -> Vec<Question> {
        let guide = route(answers);
        if answers.stage.is_none() {
            return guide;
        }
        let mut route: Vec<Question> = Vec::new();
        for question in self.order() {
            let asked = match question {
                Question::Added(id) => self.added(id).is_some_and(|added| {
                    let known = |q: Question| {
                        if !route.contains(&q) {
                            return Known::NotAsked;
                        }
                        answers.get(q).map_or(Known::Pending, Known::Answered)
                    };
                    added.when.decide(known) != Some(false)
                }),
                guide_question => guide.contains(&guide_question),
            };
            if asked {
                route.push(question);
            }
        }
        route
    }

    /// The first question of the route still without an answer; `None`
    /// when all are answered.
    pub fn next_question(&self, answers: &Answers) -> Option<Question> {
        self.route(answers)
            .into_iter()
            .find(|q| answers.get(*q).is_none())
    }

    /// The question before `question` on the route, if any.
    pub fn previous_question(&self, answers: &Answers, question: Question) -> Option<Question> {
        let route = self.route(answers);
        let position = route.iter().position(|q| *q == question)?;
        position.checked_sub(1).map(|p| route[p])
    }

    /// Drops answers to questions the route no longer asks (say, "ethnic
    /// Kazakh?" after citizenship changed from China, or a firm's question
    /// no longer in force), so no stale answer can reach the rules.
    pub fn keep_only_route(&self, answers: &mut Answers) {
        let route = self.route(answers);
        for question in ALL_QUESTIONS {
            if !route.contains(&question) {
                answers.clear(question);
            }
        }
        let stale: Vec<Question> = answers
            .added
            .iter()
            .map(|(id, _)| Question::Added(id))
            .filter(|q| !route.contains(q))
            .collect();
        for question in stale {
            answers.clear(question);
        }
    }
}

/// The applicant as the stage-1 rules need them, once every stage-1
/// question on the route is answered.
pub fn applicant(answers: &Answers) -> Option<Applicant> {
    let citizenship = answers.citizenship?;
    let age = answers.age?;
    Some(Applicant {
        citizenship,
        ethnic_kazakh: citizenship == Citizenship::China && answers.ethnic_kazakh?,
        refugee_in_kazakhstan: answers.refugee?,
        age,
        children_14_to_18: if asks_about_children(age) {
            answers.children_14_to_18?
        } else {
            false
        },
        solvency: answers.solvency?,
        document_expiry: answers.document_expiry?,
    })
}
