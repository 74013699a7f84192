//! "Ask the office": an applicant handed over to the firm's staff, as
//! plain data. The front end keeps where each request stands and relays
//! the conversation; the dialogue decides, from [`Handover`], what an
//! input means, and says what to do as a [`HandoverAction`]. The screens
//! (consent, the staff's card, the notes) are in
//! [`crate::dialogue::handover`].

/// Where the applicant's request to the office stands, as the front end keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Handover {
    /// No request, and no consent screen waiting.
    #[default]
    None,
    /// The consent screen is shown: a contact the applicant shares now
    /// goes with the request (and only now).
    Consenting,
    /// A request is open: the applicant's text goes to the office.
    Open { reference: String },
}

/// What the front end is to do about the request, decided by the dialogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandoverAction {
    /// The consent screen is shown: remember it, so the contact the
    /// applicant may share next is accepted.
    Consenting,
    /// Consent given: post the card to the office now, with the phone
    /// number the applicant's own contact carried, or without one.
    Open { with_phone: bool },
    /// The applicant's text goes to the office.
    Relay,
    /// The applicant edited a message: its text now goes to the office as a correction.
    RelayCorrection,
    /// The applicant closed the request (`/done`).
    Close,
    /// Consent refused: nothing is sent, the consent screen is forgotten.
    Decline,
}

/// Crockford's base32: no I, L, O or U, so a reference read aloud over
/// the phone or copied by hand is not mistaken for another.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a reference: 30 bits, about a billion references.
pub const REFERENCE_LEN: usize = 6;

/// The reference staff and applicant quote: six characters from the low
/// 30 bits of `bits` (which the store draws at random, so a reference
/// says nothing about the chat or how many requests came before).
pub fn reference(bits: u32) -> String {
    (0..REFERENCE_LEN)
        .rev()
        .map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
        .collect()
}

/// Whether `text` is a reference as [`reference`] writes it.
pub fn is_reference(text: &str) -> bool {
    text.len() == REFERENCE_LEN && text.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_six_unambiguous_characters_and_distinct_bits_give_distinct_references() {
        assert_eq!(reference(0), "000000");
        assert_eq!(reference((1 << 30) - 1), "ZZZZZZ");
        assert_eq!(reference(32), "000010");
        let seen: std::collections::HashSet<String> =
            (0..5000u32).map(|i| reference(i * 7919)).collect();
        assert_eq!(seen.len(), 5000);
        for r in &seen {
            assert!(is_reference(r), "{r}");
            assert!(!r.contains(['I', 'L', 'O', 'U']), "{r}");
        }
        assert!(!is_reference("ABCDE"));
        assert!(!is_reference("ABCDEI"));
        assert!(!is_reference("abcdef"));
    }
}
