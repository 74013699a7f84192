//! Writing the laid-out pages as PDF objects: the fonts embedded as
//! subsets in CID fonts with a `/ToUnicode` map (so text can be searched
//! and copied), the page contents, and the document's metadata.

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{
    CidFontType, FontFlags, LineCapStyle, LineJoinStyle, SystemInfo, UnicodeCmap,
};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::font::Font;
use super::layout::*;
use super::{PdfError, Sheet};

/// Sequential object numbers.
pub(super) struct Refs(i32);

impl Refs {
    pub(super) fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// A font as embedded: the subset and old-glyph -> new-glyph mapping.
pub(super) struct Embedded {
    /// Original glyph id -> the first character drawn with it.
    chars: BTreeMap<u16, char>,
    remap: subsetter::GlyphRemapper,
    type0: Ref,
}

pub(super) fn write_pdf(
    sheet: &Sheet,
    fonts: &[Font; 2],
    pages: &[Vec<Item>],
) -> Result<Vec<u8>, PdfError> {
    let mut refs = Refs(0);
    let catalog = refs.next();
    let tree = refs.next();
    let info = refs.next();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (refs.next(), refs.next())).collect();

    // Pass 1: which glyphs each font needs.
    let mut used: [BTreeMap<u16, char>; 2] = [BTreeMap::new(), BTreeMap::new()];
    for item in pages.iter().flatten() {
        if let Item::Text { face, text, .. } = item {
            let font = &fonts[*face as usize];
            for c in text.chars() {
                if let Some(g) = font.glyph(c) {
                    used[*face as usize].entry(g).or_insert(c);
                }
            }
        }
    }
    let embedded: Vec<Option<Embedded>> = used
        .into_iter()
        .map(|chars| {
            (!chars.is_empty()).then(|| {
                let glyphs: Vec<u16> = chars.keys().copied().collect();
                Embedded {
                    remap: subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyphs),
                    chars,
                    type0: refs.next(),
                }
            })
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);

    let mut catalog_w = pdf.catalog(catalog);
    catalog_w.pages(tree);
    catalog_w.viewer_preferences().display_doc_title(true);
    if let Some(lang) = sheet.lang.as_deref().filter(|l| !l.is_empty()) {
        catalog_w.lang(TextStr(lang));
    }
    catalog_w.finish();

    let mut info_w = pdf.document_info(info);
    info_w.title(TextStr(sheet.title.trim()));
    info_w.creator(TextStr("kz-residence-bot"));
    info_w.finish();
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(page_refs.len() as i32);

    // Pass 2: pages and their content streams.
    for (items, (page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let mut page = pdf.page(*page_ref);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .contents(*content_ref);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (i, e) in embedded.iter().enumerate() {
            if let Some(e) = e {
                font_dict.pair(font_name(i), e.type0);
            }
        }
        font_dict.finish();
        resources.finish();
        page.finish();

        let content = page_content(items, fonts, &embedded);
        pdf.stream(*content_ref, &content);
    }

    for (font, e) in fonts.iter().zip(&embedded) {
        if let Some(e) = e {
            write_font(&mut pdf, &mut refs, font, e)?;
        }
    }

    Ok(pdf.finish())
}

pub(super) fn font_name(i: usize) -> Name<'static> {
    [Name(b"F1"), Name(b"F2")][i]
}

pub(super) fn page_content(
    items: &[Item],
    fonts: &[Font; 2],
    embedded: &[Option<Embedded>],
) -> Vec<u8> {
    let mut c = Content::new();
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                face,
                size,
                color,
                text,
            } => {
                let (font, Some(e)) = (&fonts[*face as usize], &embedded[*face as usize]) else {
                    continue;
                };
                let mut bytes = Vec::with_capacity(text.len() * 2);
                for ch in text.chars() {
                    if let Some(g) = font.glyph(ch).and_then(|g| e.remap.get(g)) {
                        bytes.extend_from_slice(&g.to_be_bytes());
                    }
                }
                c.begin_text();
                c.set_fill_rgb(color.0, color.1, color.2);
                c.set_font(font_name(*face as usize), *size);
                c.next_line(*x, PAGE_H - baseline);
                c.show(Str(&bytes));
                c.end_text();
            }
            Item::Rule {
                x,
                y,
                w,
                thickness,
                color,
            } => {
                c.set_stroke_rgb(color.0, color.1, color.2);
                c.set_line_width(*thickness);
                c.move_to(*x, PAGE_H - y);
                c.line_to(x + w, PAGE_H - y);
                c.stroke();
            }
            Item::CheckBox { x, top, ticked } => {
                let bottom = PAGE_H - top - BOX_SIZE;
                c.set_stroke_rgb(INK.0, INK.1, INK.2);
                c.set_line_width(0.8);
                c.rect(*x, bottom, BOX_SIZE, BOX_SIZE);
                c.stroke();
                if *ticked {
                    let s = BOX_SIZE;
                    c.save_state();
                    c.set_stroke_rgb(ACCENT.0, ACCENT.1, ACCENT.2);
                    c.set_line_width(1.6);
                    c.set_line_cap(LineCapStyle::RoundCap);
                    c.set_line_join(LineJoinStyle::RoundJoin);
                    c.move_to(x + 0.2 * s, bottom + 0.52 * s);
                    c.line_to(x + 0.42 * s, bottom + 0.25 * s);
                    c.line_to(x + 0.82 * s, bottom + 0.8 * s);
                    c.stroke();
                    c.restore_state();
                }
            }
        }
    }
    c.finish().into_vec()
}

pub(super) fn write_font(
    pdf: &mut Pdf,
    refs: &mut Refs,
    font: &Font,
    e: &Embedded,
) -> Result<(), PdfError> {
    let cid = refs.next();
    let descriptor = refs.next();
    let file = refs.next();
    let cmap_ref = refs.next();

    let subset = subsetter::subset(font.data, 0, &e.remap)
        .map_err(|err| PdfError::Font(format!("{}: subsetting failed: {err}", font.ps_name)))?;
    let base_font = format!("{}+{}", subset_tag(font.ps_name, &e.chars), font.ps_name);
    let base_font = Name(base_font.as_bytes());
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(e.type0)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap_ref);

    // New glyph ids are 0..n in the order of `remapped_gids`.
    let widths: Vec<f32> = e.remap.remapped_gids().map(|g| font.advance(g)).collect();
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base_font)
        .system_info(system_info)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    let face = &font.face;
    let s = font.to_1000;
    let bbox = face.global_bounding_box();
    let cap = face.capital_height().unwrap_or(face.ascender());
    let bold = face.weight().to_number() >= 600;
    pdf.font_descriptor(descriptor)
        .name(base_font)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * s,
            f32::from(bbox.y_min) * s,
            f32::from(bbox.x_max) * s,
            f32::from(bbox.y_max) * s,
        ))
        .italic_angle(face.italic_angle())
        .ascent(f32::from(face.ascender()) * s)
        .descent(f32::from(face.descender()) * s)
        .cap_height(f32::from(cap) * s)
        .stem_v(if bold { 140.0 } else { 80.0 })
        .font_file2(file);

    pdf.stream(file, &subset)
        .pair(Name(b"Length1"), subset.len() as i32);

    let mut cmap = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), system_info);
    for (&old, &ch) in &e.chars {
        if let Some(new) = e.remap.get(old) {
            cmap.pair(new, ch);
        }
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_ref, cmap.as_slice())
        .name(Name(b"Adobe-Identity-UCS"))
        .system_info(system_info);
    Ok(())
}

/// Six capital letters naming the subset, derived from its glyphs (so the
/// output stays deterministic).
pub(super) fn subset_tag(ps_name: &str, chars: &BTreeMap<u16, char>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a
    let glyphs: BTreeSet<u16> = chars.keys().copied().collect();
    for b in ps_name
        .bytes()
        .chain(glyphs.iter().flat_map(|g| g.to_be_bytes()))
    {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tag_is_stable_and_uppercase() {
        let chars: BTreeMap<u16, char> = [(36, 'A'), (37, 'B')].into_iter().collect();
        let a = subset_tag("DejaVuSans", &chars);
        assert_eq!(a, subset_tag("DejaVuSans", &chars));
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
    }
}
