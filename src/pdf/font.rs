//! The embedded font (DejaVu Sans, regular and bold): glyph lookup,
//! metrics, word wrapping, and characters it has no glyph for replaced or
//! dropped, so no "tofu" boxes appear.

use super::PdfError;

pub(super) static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// Line height over font size.
pub(super) const LEADING: f32 = 1.3; // line height / font size
pub(super) static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub(super) struct Font {
    pub(super) face: ttf_parser::Face<'static>,
    pub(super) data: &'static [u8],
    pub(super) ps_name: &'static str,
    /// Font units to thousandths of an em (PDF glyph space).
    pub(super) to_1000: f32,
}

impl Font {
    pub(super) fn new(data: &'static [u8], ps_name: &'static str) -> Result<Self, PdfError> {
        let face = ttf_parser::Face::parse(data, 0)
            .map_err(|e| PdfError::Font(format!("{ps_name}: {e}")))?;
        let to_1000 = 1000.0 / f32::from(face.units_per_em());
        Ok(Font {
            face,
            data,
            ps_name,
            to_1000,
        })
    }

    /// Glyph for `c`, if the font really has one (not `.notdef`).
    pub(super) fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0).filter(|&g| g != 0)
    }

    /// Advance width of a glyph in whole thousandths of an em: the value
    /// written to the PDF's `/W` array, so layout and viewer agree exactly.
    pub(super) fn advance(&self, gid: u16) -> f32 {
        let units = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (f32::from(units) * self.to_1000).round()
    }

    pub(super) fn char_width(&self, c: char) -> f32 {
        self.glyph(c).map_or(0.0, |g| self.advance(g))
    }

    /// Width of `s` in thousandths of an em (no kerning).
    pub(super) fn str_width(&self, s: &str) -> f32 {
        s.chars().map(|c| self.char_width(c)).sum()
    }

    /// Keep only what this font can draw: spaces, `\n` and characters with a
    /// glyph. Emoji and symbols without one are replaced by a similar
    /// character the font has, or dropped. Runs of spaces are not collapsed
    /// here; the wrapper does that.
    pub(super) fn clean(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                '\r' => {}
                c if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' => out.push(' '),
                c if is_invisible(c) => {}
                c if self.glyph(c).is_some() => out.push(c),
                c => {
                    if let Some(alt) =
                        fallback(c).filter(|s| s.chars().all(|a| self.glyph(a).is_some()))
                    {
                        out.push_str(alt);
                    }
                }
            }
        }
        out
    }

    /// Greedy word wrap of cleaned text to `max_w` points at `size` points.
    /// Breaks at spaces and `\n`; a word wider than the line is split.
    pub(super) fn wrap(&self, text: &str, size: f32, max_w: f32) -> Vec<String> {
        let max = max_w / size * 1000.0;
        let space = self.char_width(' ');
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut width = 0.0;
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                let w = self.str_width(word);
                if !line.is_empty() && width + space + w <= max {
                    line.push(' ');
                    line.push_str(word);
                    width += space + w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
                if w <= max {
                    line.push_str(word);
                    width = w;
                    continue;
                }
                for c in word.chars() {
                    let cw = self.char_width(c);
                    if !line.is_empty() && width + cw > max {
                        lines.push(std::mem::take(&mut line));
                        width = 0.0;
                    }
                    line.push(c);
                    width += cw;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Baseline offset from the top of a line box of height `size * LEADING`.
    pub(super) fn baseline(&self, size: f32) -> f32 {
        let asc = f32::from(self.face.ascender()) * self.to_1000 / 1000.0;
        let desc = f32::from(self.face.descender()) * self.to_1000 / 1000.0;
        ((LEADING - (asc - desc)) / 2.0 + asc) * size
    }
}

/// Characters that never print: variation selectors, joiners, soft hyphen,
/// bidi marks, BOM, emoji tags and skin-tone modifiers.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}'
        | '\u{034f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}'
        | '\u{1f3fb}'..='\u{1f3ff}'
        | '\u{e0000}'..='\u{e01ef}'
    ) || c.is_control()
}

/// A printable stand-in for a character the font lacks, used only if the
/// font has every character of the stand-in.
pub(super) fn fallback(c: char) -> Option<&'static str> {
    Some(match c {
        '✅' | '☑' | '✔' | '✓' => "✓",
        '❌' | '❎' | '✖' | '✗' => "✗",
        '❗' | '❕' | '‼' => "!",
        '❓' | '❔' => "?",
        '⚠' => "!",
        '➡' | '→' | '▶' | '►' => "→",
        '⬅' | '←' => "←",
        '•' | '●' | '▪' | '◾' | '🔹' | '🔸' | '🔷' | '🔶' => "•",
        '₸' => "тг",
        '№' => "No.",
        '‐' | '‑' | '‒' => "-",
        '–' | '—' => "-",
        '“' | '”' | '„' => "\"",
        '‘' | '’' | '‚' => "'",
        '…' => "...",
        '\u{a0}' | '\u{202f}' => " ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> Font {
        Font::new(REGULAR_TTF, "DejaVuSans").unwrap()
    }

    #[test]
    fn font_covers_kazakh_and_russian() {
        let font = regular();
        let bold = Font::new(BOLD_TTF, "DejaVuSans-Bold").unwrap();
        for c in "әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЯ«»—№".chars()
        {
            assert!(font.glyph(c).is_some(), "regular lacks {c}");
            assert!(bold.glyph(c).is_some(), "bold lacks {c}");
        }
    }

    #[test]
    fn clean_drops_or_replaces_missing_glyphs() {
        let font = regular();
        let s = font.clean("📋 Чек-лист 🪪 ✅ ⚠️ done\u{200d}\r\n");
        assert!(!s.contains('📋') && !s.contains('🪪') && !s.contains('\u{fe0f}'));
        assert!(!s.contains('\r') && !s.contains('\u{200d}'));
        assert!(s.contains("Чек-лист"));
        for c in s.chars() {
            assert!(
                c == ' ' || c == '\n' || font.glyph(c).is_some(),
                "kept {c:?}"
            );
        }
        let words: Vec<&str> = s.split_whitespace().collect();
        assert_eq!(words[0], "Чек-лист");
        assert_eq!(words.last(), Some(&"done"));
    }

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let font = regular();
        let text = "Соттылығының болуы немесе болмауы туралы анықтама ".repeat(6);
        let lines = font.wrap(font.clean(text.trim()).as_str(), 10.0, 200.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(
                font.str_width(line) * 10.0 / 1000.0 <= 200.0 + 0.01,
                "{line}"
            );
        }
        let joined = lines.join(" ");
        assert_eq!(joined.split(' ').count(), text.split_whitespace().count());
    }

    #[test]
    fn wrap_splits_overlong_words_and_honours_newlines() {
        let font = regular();
        let long = "Ә".repeat(100);
        let lines = font.wrap(&long, 10.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert_eq!(font.wrap("a\nb", 10.0, 100.0), vec!["a", "b"]);
    }
}
