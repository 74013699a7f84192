//! Text for the staff's pictures, rasterised with `ab_glyph` from DejaVu Sans,
//! embedded with `include_bytes!` from `assets/fonts/DejaVuSans.ttf` (licence next to
//! it), so nothing is looked up on the system at run time and Cyrillic and Kazakh
//! letters (ә ғ қ ң ө ұ ү һ і) render. Texts are laid out with kerning and each
//! glyph's own bearings, shortened with "…" to fit, and alpha-blended into an RGB
//! buffer after the geometry is drawn.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::style::RGBColor;

/// The embedded font (DejaVu Sans, Bitstream Vera licence, see `LICENSE-DejaVu.txt`).
static FONT_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The embedded font, parsed once; `None` only if the build embedded a broken file.
pub(super) fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_TTF).ok())
        .as_ref()
}

/// ab_glyph scales by line height (ascent − descent); convert an em size to that.
fn scale_for_em(font: &FontRef<'static>, em_px: f32) -> PxScale {
    let upem = font.units_per_em().unwrap_or(2048.0);
    PxScale::from(em_px * font.height_unscaled() / upem)
}

/// Drop characters the font has no glyph for (emoji etc.), so no "tofu" boxes appear.
fn printable(font: &FontRef<'static>, text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| !c.is_control() && (c == ' ' || font.glyph_id(c).0 != 0))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Glyphs with their pen x positions (kerned), and the total advance width.
fn layout(font: &FontRef<'static>, text: &str, em_px: f32) -> (Vec<(GlyphId, f32)>, f32) {
    let scaled = font.as_scaled(scale_for_em(font, em_px));
    let mut x = 0.0f32;
    let mut prev = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        glyphs.push((id, x));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    (glyphs, x)
}

pub(super) fn text_width(font: &FontRef<'static>, text: &str, em_px: f32) -> f32 {
    layout(font, text, em_px).1
}

/// Printable version of `text`, shortened with "…" to at most `max_w` pixels.
pub(super) fn fit_text(font: &FontRef<'static>, text: &str, em_px: f32, max_w: f32) -> String {
    let text = printable(font, text);
    if text_width(font, &text, em_px) <= max_w {
        return text;
    }
    let mut chars: Vec<char> = text.chars().collect();
    while chars.pop().is_some() {
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if text_width(font, &candidate, em_px) <= max_w {
            return candidate;
        }
    }
    "…".to_string()
}

#[derive(Clone, Copy)]
pub(super) enum Anchor {
    LeftTop,
    LeftMiddle,
    RightMiddle,
    CenterTop,
}

pub(super) struct TextJob {
    text: String,
    pos: (i32, i32),
    em_px: f32,
    color: RGBColor,
    anchor: Anchor,
}

impl TextJob {
    pub(super) fn new(
        text: String,
        pos: (i32, i32),
        em_px: f32,
        color: RGBColor,
        anchor: Anchor,
    ) -> Self {
        TextJob {
            text,
            pos,
            em_px,
            color,
            anchor,
        }
    }
}

/// Coverage is quantised to this many steps, which keeps the colour count low enough
/// for a palette PNG without visible loss at these sizes.
const COVERAGE_LEVELS: f32 = 15.0;

/// Rasterise one text into the RGB buffer of `image_w` × `image_h` pixels (alpha-blended,
/// clipped). "Top" aligns the cap height, "Middle" centres capitals/digits on the point.
pub(super) fn draw_text(
    rgb: &mut [u8],
    (image_w, image_h): (u32, u32),
    font: &FontRef<'static>,
    job: &TextJob,
) {
    let text = printable(font, &job.text);
    let scale = scale_for_em(font, job.em_px);
    let (glyphs, width) = layout(font, &text, job.em_px);
    // DejaVu Sans cap height is 1493/2048 em.
    let cap = job.em_px * 1493.0 / 2048.0;
    let (x, y) = (job.pos.0 as f32, job.pos.1 as f32);
    let (x0, baseline) = match job.anchor {
        Anchor::LeftTop => (x, y + cap),
        Anchor::LeftMiddle => (x, y + cap / 2.0),
        Anchor::RightMiddle => (x - width, y + cap / 2.0),
        Anchor::CenterTop => (x - width / 2.0, y + cap),
    };
    let (w, h) = (image_w as i32, image_h as i32);
    let RGBColor(cr, cg, cb) = job.color;
    for (id, gx) in glyphs {
        let glyph = id.with_scale_and_position(scale, point(x0 + gx, baseline));
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|dx, dy, coverage| {
            let px = bounds.min.x as i32 + dx as i32;
            let py = bounds.min.y as i32 + dy as i32;
            if px < 0 || py < 0 || px >= w || py >= h {
                return;
            }
            let a = (coverage.clamp(0.0, 1.0) * COVERAGE_LEVELS).round() / COVERAGE_LEVELS;
            if a <= 0.0 {
                return;
            }
            let i = ((py * w + px) * 3) as usize;
            for (dst, src) in rgb[i..i + 3].iter_mut().zip([cr, cg, cb]) {
                *dst = (f32::from(*dst) * (1.0 - a) + f32::from(src) * a).round() as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_and_cyrillic_letters_have_glyphs() {
        let font = font().unwrap();
        let letters = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ\
                       аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя…—№";
        for c in letters.chars() {
            assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?}");
        }
        assert_eq!(printable(font, letters), letters);
    }

    #[test]
    fn emoji_and_missing_glyphs_are_dropped_not_boxed() {
        let font = font().unwrap();
        assert_eq!(printable(font, "📊 Статистика\u{7}"), "Статистика");
        // 21 px: the chart's body text size.
        assert_eq!(fit_text(font, "漢字", 21.0, 100.0), "");
    }
}
