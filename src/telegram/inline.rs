//! Inline mode: `@bot адрес` in any chat offers the office's address and phones.
//! Inline queries have no chat and no dialogue: this is pure lookup.

use teloxide::types::{
    InlineQueryResult, InlineQueryResultArticle, InlineQueryResultContact, InputMessageContent,
    InputMessageContentText,
};

use crate::advice;
use crate::labels::fold as fold_for_matching;
use crate::lang::Lang;
use crate::office::Office;
use crate::reply::Msg;
use crate::texts::Texts;

/// What one inline result is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Address,
    Phone(usize),
}

/// The results that match `query`, in order: the address, then each phone.
pub fn matching_topics(query: &str, texts: &Texts, office: &Office) -> Vec<Topic> {
    let query = fold_for_matching(query);
    let mut topics = vec![Topic::Address];
    topics.extend((0..office.phones.len()).map(Topic::Phone));
    if query.is_empty() {
        return topics;
    }
    let query_digits: String = query.chars().filter(char::is_ascii_digit).collect();
    topics
        .into_iter()
        .filter(|topic| {
            let (keywords, own_text) = match topic {
                Topic::Address => ("inline-address-keywords", "office-address"),
                Topic::Phone(_) => ("inline-phone-keywords", ""),
            };
            let words_match = Lang::ALL.into_iter().any(|lang| {
                let words = fold_for_matching(&texts.render(lang, &Msg::new(keywords)));
                let own = if own_text.is_empty() {
                    String::new()
                } else {
                    fold_for_matching(&texts.render(lang, &Msg::new(own_text)))
                };
                words
                    .split(' ')
                    .any(|w| w.starts_with(&query) || (query.len() > 2 && query.starts_with(w)))
                    || own.contains(&query)
            });
            let digits_match = match topic {
                Topic::Phone(i) if query_digits.len() >= 3 => {
                    Office::dialable(&office.phones[*i]).contains(&query_digits)
                }
                _ => false,
            };
            words_match || digits_match
        })
        .collect()
}

pub fn results(query: &str, lang: Lang, texts: &Texts, office: &Office) -> Vec<InlineQueryResult> {
    let contacts = texts
        .render_reply(lang, &advice::contacts_reply(office))
        .text;
    let name = texts.render(lang, &Msg::new("office-contact-name"));
    matching_topics(query, texts, office)
        .into_iter()
        .map(|topic| match topic {
            Topic::Address => {
                let content = InputMessageContentText::new(contacts.clone())
                    .link_preview_options(super::send::no_preview());
                InlineQueryResult::Article(
                    InlineQueryResultArticle::new(
                        "address",
                        texts.render(lang, &Msg::new("inline-address-title")),
                        InputMessageContent::Text(content),
                    )
                    .description(texts.render(lang, &Msg::new("office-address"))),
                )
            }
            Topic::Phone(i) => InlineQueryResult::Contact(InlineQueryResultContact::new(
                format!("phone-{i}"),
                Office::dialable(&office.phones[i]),
                name.clone(),
            )),
        })
        .collect()
}
