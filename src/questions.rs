//! The questions the consultation asks, their types and options, and the
//! route: which questions apply, in which order, given the answers so far.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{Applicant, Citizenship, Solvency};

/// Which document the applicant is after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// Stage 1 only: the permit for permanent residence.
    PermanentResidencePermit,
    /// Stage 2 only: already holds the permit, needs the residence permit card.
    ResidencePermitCard,
    /// Both stages, one after the other.
    WholeRoute,
}

impl Stage {
    pub fn includes_permit(self) -> bool {
        self != Stage::ResidencePermitCard
    }
    pub fn includes_card(self) -> bool {
        self != Stage::PermanentResidencePermit
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Question {
    Stage,
    Citizenship,
    /// Only for citizens of China.
    EthnicKazakh,
    RefugeeStatus,
    Age,
    /// Only for adults applying for the permit.
    ChildrenAged14To18,
    Solvency,
    /// Passport, or the stateless person's document.
    DocumentExpiry,
}

pub const ALL_QUESTIONS: [Question; 8] = [
    Question::Stage,
    Question::Citizenship,
    Question::EthnicKazakh,
    Question::RefugeeStatus,
    Question::Age,
    Question::ChildrenAged14To18,
    Question::Solvency,
    Question::DocumentExpiry,
];

/// An answer to one question, already parsed and validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Stage(Stage),
    Citizenship(Citizenship),
    YesNo(bool),
    Solvency(Solvency),
    Age(u8),
    Date(NaiveDate),
}

/// One button of a choice question: a stable id (for callback data) and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: &'static str,
    /// Fluent key of the button's label.
    pub label: &'static str,
    pub answer: Answer,
}

/// How an answer is given, and so how it is parsed and validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Choice(&'static [Choice]),
    Number { min: u8, max: u8 },
    Date,
}

const fn choice(id: &'static str, label: &'static str, answer: Answer) -> Choice {
    Choice { id, label, answer }
}

const STAGE_CHOICES: &[Choice] = &[
    choice(
        "permit",
        "opt-stage-permit",
        Answer::Stage(Stage::PermanentResidencePermit),
    ),
    choice(
        "card",
        "opt-stage-card",
        Answer::Stage(Stage::ResidencePermitCard),
    ),
    choice("both", "opt-stage-both", Answer::Stage(Stage::WholeRoute)),
];

const CITIZENSHIP_CHOICES: &[Choice] = &[
    choice(
        "cn",
        "opt-citizenship-cn",
        Answer::Citizenship(Citizenship::China),
    ),
    choice(
        "ru",
        "opt-citizenship-ru",
        Answer::Citizenship(Citizenship::Russia),
    ),
    choice(
        "uz",
        "opt-citizenship-uz",
        Answer::Citizenship(Citizenship::Uzbekistan),
    ),
    choice(
        "kg",
        "opt-citizenship-kg",
        Answer::Citizenship(Citizenship::Kyrgyzstan),
    ),
    choice(
        "tj",
        "opt-citizenship-tj",
        Answer::Citizenship(Citizenship::Tajikistan),
    ),
    choice(
        "tm",
        "opt-citizenship-tm",
        Answer::Citizenship(Citizenship::Turkmenistan),
    ),
    choice(
        "mn",
        "opt-citizenship-mn",
        Answer::Citizenship(Citizenship::Mongolia),
    ),
    choice(
        "other",
        "opt-citizenship-other",
        Answer::Citizenship(Citizenship::OtherCountry),
    ),
    choice(
        "stateless",
        "opt-citizenship-stateless",
        Answer::Citizenship(Citizenship::Stateless),
    ),
    choice(
        "kz",
        "opt-citizenship-kz",
        Answer::Citizenship(Citizenship::Kazakhstan),
    ),
];

const YES_NO_CHOICES: &[Choice] = &[
    choice("yes", "opt-yes", Answer::YesNo(true)),
    choice("no", "opt-no", Answer::YesNo(false)),
];

const SOLVENCY_CHOICES: &[Choice] = &[
    choice(
        "own",
        "opt-solvency-own",
        Answer::Solvency(Solvency::OwnMeans),
    ),
    choice(
        "contract",
        "opt-solvency-contract",
        Answer::Solvency(Solvency::Contract),
    ),
];

/// The oldest age the bot accepts; anything above is taken for a typo.
pub const MAX_AGE: u8 = 120;

impl Question {
    pub fn kind(self) -> Kind {
        match self {
            Question::Stage => Kind::Choice(STAGE_CHOICES),
            Question::Citizenship => Kind::Choice(CITIZENSHIP_CHOICES),
            Question::EthnicKazakh | Question::RefugeeStatus | Question::ChildrenAged14To18 => {
                Kind::Choice(YES_NO_CHOICES)
            }
            Question::Solvency => Kind::Choice(SOLVENCY_CHOICES),
            Question::Age => Kind::Number {
                min: 0,
                max: MAX_AGE,
            },
            Question::DocumentExpiry => Kind::Date,
        }
    }

    /// Short stable id, used in callback data and Fluent keys.
    pub fn id(self) -> &'static str {
        match self {
            Question::Stage => "stage",
            Question::Citizenship => "citizenship",
            Question::EthnicKazakh => "ethnic-kazakh",
            Question::RefugeeStatus => "refugee",
            Question::Age => "age",
            Question::ChildrenAged14To18 => "children",
            Question::Solvency => "solvency",
            Question::DocumentExpiry => "expiry",
        }
    }

    pub fn from_id(id: &str) -> Option<Question> {
        ALL_QUESTIONS.into_iter().find(|q| q.id() == id)
    }

    pub fn choices(self) -> &'static [Choice] {
        match self.kind() {
            Kind::Choice(choices) => choices,
            _ => &[],
        }
    }

    pub fn choice_by_id(self, id: &str) -> Option<Choice> {
        self.choices().iter().copied().find(|c| c.id == id)
    }
}

/// The answers given so far. Every field is optional: the dialogue fills them in turn.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub citizenship: Option<Citizenship>,
    #[serde(default)]
    pub ethnic_kazakh: Option<bool>,
    #[serde(default)]
    pub refugee: Option<bool>,
    #[serde(default)]
    pub age: Option<u8>,
    #[serde(default)]
    pub children_14_to_18: Option<bool>,
    #[serde(default)]
    pub solvency: Option<Solvency>,
    #[serde(default)]
    pub document_expiry: Option<NaiveDate>,
}

impl Answers {
    pub fn get(&self, question: Question) -> Option<Answer> {
        match question {
            Question::Stage => self.stage.map(Answer::Stage),
            Question::Citizenship => self.citizenship.map(Answer::Citizenship),
            Question::EthnicKazakh => self.ethnic_kazakh.map(Answer::YesNo),
            Question::RefugeeStatus => self.refugee.map(Answer::YesNo),
            Question::Age => self.age.map(Answer::Age),
            Question::ChildrenAged14To18 => self.children_14_to_18.map(Answer::YesNo),
            Question::Solvency => self.solvency.map(Answer::Solvency),
            Question::DocumentExpiry => self.document_expiry.map(Answer::Date),
        }
    }

    /// Records an answer; an answer of the wrong type for the question is ignored.
    pub fn set(&mut self, question: Question, answer: Answer) {
        match (question, answer) {
            (Question::Stage, Answer::Stage(v)) => self.stage = Some(v),
            (Question::Citizenship, Answer::Citizenship(v)) => self.citizenship = Some(v),
            (Question::EthnicKazakh, Answer::YesNo(v)) => self.ethnic_kazakh = Some(v),
            (Question::RefugeeStatus, Answer::YesNo(v)) => self.refugee = Some(v),
            (Question::Age, Answer::Age(v)) => self.age = Some(v),
            (Question::ChildrenAged14To18, Answer::YesNo(v)) => self.children_14_to_18 = Some(v),
            (Question::Solvency, Answer::Solvency(v)) => self.solvency = Some(v),
            (Question::DocumentExpiry, Answer::Date(v)) => self.document_expiry = Some(v),
            _ => {}
        }
    }

    fn clear(&mut self, question: Question) {
        match question {
            Question::Stage => self.stage = None,
            Question::Citizenship => self.citizenship = None,
            Question::EthnicKazakh => self.ethnic_kazakh = None,
            Question::RefugeeStatus => self.refugee = None,
            Question::Age => self.age = None,
            Question::ChildrenAged14To18 => self.children_14_to_18 = None,
            Question::Solvency => self.solvency = None,
            Question::DocumentExpiry => self.document_expiry = None,
        }
    }

    /// Drops answers to questions the route no longer asks (say, "ethnic
    /// Kazakh?" after citizenship changed from China), so no stale answer
    /// can reach the rules.
    pub fn keep_only_route(&mut self) {
        let route = route(self);
        for question in ALL_QUESTIONS {
            if !route.contains(&question) {
                self.clear(question);
            }
        }
    }

    /// The applicant as the stage-1 rules need them, once every stage-1 question is answered.
    pub fn applicant(&self) -> Option<Applicant> {
        let citizenship = self.citizenship?;
        let age = self.age?;
        Some(Applicant {
            citizenship,
            ethnic_kazakh: citizenship == Citizenship::China && self.ethnic_kazakh?,
            refugee_in_kazakhstan: self.refugee?,
            age,
            children_14_to_18: if asks_about_children(age) {
                self.children_14_to_18?
            } else {
                false
            },
            solvency: self.solvency?,
            document_expiry: self.document_expiry?,
        })
    }
}

/// The age of majority: younger applicants are not asked about their own children.
pub const ADULT_AGE: u8 = 18;

fn asks_about_children(age: u8) -> bool {
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
        if age_allows(|age| age >= crate::rules::CARD_MIN_AGE) {
            route.push(Question::DocumentExpiry);
        }
    }
    route
}

/// The first question of the route still without an answer; `None` when all are answered.
pub fn next_question(answers: &Answers) -> Option<Question> {
    route(answers)
        .into_iter()
        .find(|q| answers.get(*q).is_none())
}

/// The question before `question` on the route, if any.
pub fn previous_question(answers: &Answers, question: Question) -> Option<Question> {
    let route = route(answers);
    let position = route.iter().position(|q| *q == question)?;
    position.checked_sub(1).map(|p| route[p])
}
