//! The questions the consultation asks, each defined in one place: its id,
//! its texts' keys, how it is answered (and so parsed), its options, and
//! where its answer is kept. Adding a question means a variant of
//! [`Question`], its [`Definition`] below, its place in [`crate::route`],
//! and its texts in `locales/`. The firm adds questions of its own in its
//! content folder: [`Question::Added`], defined by
//! [`crate::amendments::AddedQuestion`].

use crate::answers::{Answer, Answers, Id, Stage};
use crate::rules::{Citizenship, Solvency};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
    /// A question the firm added in its content folder, by its id.
    Added(Id),
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

/// One button of a choice question: a stable id (for callback data), the
/// Fluent key of its label, and the answer it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: Id,
    pub label: &'static str,
    pub answer: Answer,
}

/// How an answer is given, and so how a typed answer is parsed and validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Buttons; a typed answer is matched against their labels or numbers.
    Choice {
        options: &'static [Choice],
        /// How many buttons share a row: short labels two by two.
        per_row: usize,
    },
    /// An age in whole years, or a date of birth to count it from.
    AgeOrBirthDate { max: u8 },
    /// A date from today on, at most this many years ahead (an expiry date).
    FutureDate { max_years_ahead: u32 },
    /// A question the firm added: how it is answered is its
    /// [`crate::amendments::Form`].
    Added,
}

/// Everything about one question.
pub struct Definition {
    /// Short stable id, used in callback data.
    pub id: Id,
    /// Fluent key of the question.
    pub text: &'static str,
    /// Fluent key of its short name, for the summary and its "change" buttons.
    pub name: &'static str,
    pub kind: Kind,
    /// Its texts name the applicant's identity document (`$document`:
    /// passport, or the stateless person's document).
    pub names_document: bool,
    /// Where its answer is kept in [`Answers`]: read it, or write it (`None` clears).
    pub get: fn(&Answers) -> Option<Answer>,
    pub put: fn(&mut Answers, Option<Answer>),
}

/// The oldest age the bot accepts; anything above is taken for a typo.
pub const MAX_AGE: u8 = 120;
/// A passport expiry further ahead than this is taken for a typo in the year.
pub const MAX_YEARS_AHEAD: u32 = 50;

const fn choice(id: &'static str, label: &'static str, answer: Answer) -> Choice {
    Choice {
        id: Id::of(id),
        label,
        answer,
    }
}

/// The buttons of every yes/no question, the firm's too.
pub const YES_NO: Kind = Kind::Choice {
    options: &[
        choice("yes", "opt-yes", Answer::YesNo(true)),
        choice("no", "opt-no", Answer::YesNo(false)),
    ],
    per_row: 2,
};

const STAGE: Definition = Definition {
    id: Id::of("stage"),
    text: "q-stage",
    name: "name-stage",
    kind: Kind::Choice {
        options: &[
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
        ],
        per_row: 1,
    },
    names_document: false,
    get: |a| a.stage.map(Answer::Stage),
    put: |a, v| a.stage = v.and_then(Answer::stage),
};

const CITIZENSHIP: Definition = Definition {
    id: Id::of("citizenship"),
    text: "q-citizenship",
    name: "name-citizenship",
    kind: Kind::Choice {
        options: &[
            choice("cn", "opt-citizenship-cn", country(Citizenship::China)),
            choice("ru", "opt-citizenship-ru", country(Citizenship::Russia)),
            choice("uz", "opt-citizenship-uz", country(Citizenship::Uzbekistan)),
            choice("kg", "opt-citizenship-kg", country(Citizenship::Kyrgyzstan)),
            choice("tj", "opt-citizenship-tj", country(Citizenship::Tajikistan)),
            choice(
                "tm",
                "opt-citizenship-tm",
                country(Citizenship::Turkmenistan),
            ),
            choice("mn", "opt-citizenship-mn", country(Citizenship::Mongolia)),
            choice(
                "other",
                "opt-citizenship-other",
                country(Citizenship::OtherCountry),
            ),
            choice(
                "stateless",
                "opt-citizenship-stateless",
                country(Citizenship::Stateless),
            ),
            choice("kz", "opt-citizenship-kz", country(Citizenship::Kazakhstan)),
        ],
        per_row: 2,
    },
    names_document: false,
    get: |a| a.citizenship.map(Answer::Citizenship),
    put: |a, v| a.citizenship = v.and_then(Answer::citizenship),
};

const fn country(citizenship: Citizenship) -> Answer {
    Answer::Citizenship(citizenship)
}

const ETHNIC_KAZAKH: Definition = Definition {
    id: Id::of("ethnic-kazakh"),
    text: "q-ethnic-kazakh",
    name: "name-ethnic-kazakh",
    kind: YES_NO,
    names_document: false,
    get: |a| a.ethnic_kazakh.map(Answer::YesNo),
    put: |a, v| a.ethnic_kazakh = v.and_then(Answer::yes_no),
};

const REFUGEE_STATUS: Definition = Definition {
    id: Id::of("refugee"),
    text: "q-refugee",
    name: "name-refugee",
    kind: YES_NO,
    names_document: false,
    get: |a| a.refugee.map(Answer::YesNo),
    put: |a, v| a.refugee = v.and_then(Answer::yes_no),
};

const AGE: Definition = Definition {
    id: Id::of("age"),
    text: "q-age",
    name: "name-age",
    kind: Kind::AgeOrBirthDate { max: MAX_AGE },
    names_document: false,
    get: |a| a.age.map(Answer::Age),
    put: |a, v| a.age = v.and_then(Answer::age),
};

const CHILDREN: Definition = Definition {
    id: Id::of("children"),
    text: "q-children",
    name: "name-children",
    kind: YES_NO,
    names_document: false,
    get: |a| a.children_14_to_18.map(Answer::YesNo),
    put: |a, v| a.children_14_to_18 = v.and_then(Answer::yes_no),
};

const SOLVENCY: Definition = Definition {
    id: Id::of("solvency"),
    text: "q-solvency",
    name: "name-solvency",
    kind: Kind::Choice {
        options: &[
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
        ],
        per_row: 1,
    },
    names_document: false,
    get: |a| a.solvency.map(Answer::Solvency),
    put: |a, v| a.solvency = v.and_then(Answer::solvency),
};

const DOCUMENT_EXPIRY: Definition = Definition {
    id: Id::of("expiry"),
    text: "q-expiry",
    name: "name-expiry",
    kind: Kind::FutureDate {
        max_years_ahead: MAX_YEARS_AHEAD,
    },
    names_document: true,
    get: |a| a.document_expiry.map(Answer::Date),
    put: |a, v| a.document_expiry = v.and_then(Answer::date),
};

impl Question {
    /// A question of the guide's: its definition. `None` for one the firm
    /// added (its definition is in the content in force).
    pub fn definition(self) -> Option<&'static Definition> {
        self.guide().ok()
    }

    /// The guide's definition, or the id of a question the firm added.
    fn guide(self) -> Result<&'static Definition, Id> {
        Ok(match self {
            Question::Stage => &STAGE,
            Question::Citizenship => &CITIZENSHIP,
            Question::EthnicKazakh => &ETHNIC_KAZAKH,
            Question::RefugeeStatus => &REFUGEE_STATUS,
            Question::Age => &AGE,
            Question::ChildrenAged14To18 => &CHILDREN,
            Question::Solvency => &SOLVENCY,
            Question::DocumentExpiry => &DOCUMENT_EXPIRY,
            Question::Added(id) => return Err(id),
        })
    }

    pub fn id(self) -> Id {
        match self.guide() {
            Ok(definition) => definition.id,
            Err(id) => id,
        }
    }

    pub fn kind(self) -> Kind {
        self.definition().map_or(Kind::Added, |d| d.kind)
    }

    /// One of the guide's questions, by its id.
    pub fn from_id(id: &str) -> Option<Question> {
        ALL_QUESTIONS.into_iter().find(|q| q.id() == id)
    }

    /// A question by the id its buttons carry: one of the guide's, or one
    /// the firm may have added (whether it did is for the content in force
    /// to say).
    pub fn from_button(id: &str) -> Option<Question> {
        Question::from_id(id).or_else(|| Id::new(id).map(Question::Added))
    }

    /// The buttons of one of the guide's choice questions; none for typed
    /// ones and for those the firm added.
    pub fn choices(self) -> &'static [Choice] {
        match self.kind() {
            Kind::Choice { options, .. } => options,
            _ => &[],
        }
    }

    pub fn choice_by_id(self, id: &str) -> Option<Choice> {
        self.choices().iter().copied().find(|c| c.id == id)
    }
}

/// The Fluent keys of every option's label, for matching typed answers.
pub fn option_labels() -> impl Iterator<Item = &'static str> {
    ALL_QUESTIONS
        .into_iter()
        .flat_map(|q| q.choices().iter().map(|c| c.label))
}

/// An answer is read and written through its question's definition, or by
/// its id for a question the firm added.
impl Answers {
    pub fn get(&self, question: Question) -> Option<Answer> {
        match question.definition() {
            Some(definition) => (definition.get)(self),
            None => self.added.get(question.id()),
        }
    }

    /// Records an answer; an answer of the wrong type for the question is
    /// ignored (for the firm's questions the dialogue checks it against
    /// the question's form).
    pub fn set(&mut self, question: Question, answer: Answer) {
        let Some(definition) = question.definition() else {
            return self.added.set(question.id(), answer);
        };
        let mut changed = self.clone();
        (definition.put)(&mut changed, Some(answer));
        if changed.get(question) == Some(answer) {
            *self = changed;
        }
    }

    pub fn clear(&mut self, question: Question) {
        match question.definition() {
            Some(definition) => (definition.put)(self, None),
            None => self.added.remove(question.id()),
        }
    }
}
