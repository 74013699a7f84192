//! Typed answers matched against button labels ("Россия", "нет", "2"): the
//! labels' texts in every language, folded once when the texts load, so
//! the core never renders text to compare with.

use std::collections::HashMap;

/// The folded texts of each label, in every language, by Fluent key.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    folded: HashMap<&'static str, Vec<String>>,
}

impl Labels {
    /// Adds one rendering of the label `key` (any language); it is folded here.
    pub fn add(&mut self, key: &'static str, text: &str) {
        self.folded.entry(key).or_default().push(fold(text));
    }

    /// Whether `folded_text` (already folded) is the label `key` in some language.
    pub fn names(&self, key: &str, folded_text: &str) -> bool {
        self.folded
            .get(key)
            .is_some_and(|texts| texts.iter().any(|t| t == folded_text))
    }
}

/// Folds a label or a typed answer for comparison: lower case, letters and
/// digits only (emoji, punctuation and extra spaces dropped).
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The option at 0-based `index` of a list, named by its number (1-based)
/// or by its label in any language.
pub fn pick<T>(
    options: impl IntoIterator<Item = T>,
    label: impl Fn(&T) -> &'static str,
    text: &str,
    labels: &Labels,
) -> Option<T> {
    let folded = fold(text);
    if folded.is_empty() {
        return None;
    }
    options
        .into_iter()
        .enumerate()
        .find(|(i, option)| folded == (i + 1).to_string() || labels.names(label(option), &folded))
        .map(|(_, option)| option)
}
