//! Layout: a sheet laid out on A4 pages of positioned items, with word
//! wrapping, page breaks that keep a short section whole and a heading
//! with what follows, and page numbers in the footer.

use super::font::{Font, LEADING};
use super::{Block, Section, Sheet};

pub(super) const PAGE_W: f32 = 595.28; // 210 mm
pub(super) const PAGE_H: f32 = 841.89; // 297 mm
pub(super) const MARGIN: f32 = 56.69; // 20 mm
pub(super) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
pub(super) const CONTENT_BOTTOM: f32 = PAGE_H - MARGIN; // measured from the top

pub(super) const TITLE_SIZE: f32 = 18.0;
pub(super) const SUBTITLE_SIZE: f32 = 10.5;
pub(super) const HEADING_SIZE: f32 = 12.5;
pub(super) const BODY_SIZE: f32 = 10.0;
pub(super) const NOTE_SIZE: f32 = 8.5;
pub(super) const FOOTER_SIZE: f32 = 7.5;

/// A section no taller than this is kept whole on one page: about a
/// sixth of a page, the office's block with room to spare.
pub(super) const SHORT_SECTION_H: f32 = (CONTENT_BOTTOM - MARGIN) / 6.0;

pub(super) const BOX_SIZE: f32 = 9.5;
pub(super) const CHECK_INDENT: f32 = 18.0;
pub(super) const NAME_COL_W: f32 = CONTENT_W * 0.36;
pub(super) const COL_GAP: f32 = 12.0;

pub(super) const INK: Rgb = Rgb(0.10, 0.10, 0.12);
pub(super) const MUTED: Rgb = Rgb(0.38, 0.38, 0.42);
pub(super) const ACCENT: Rgb = Rgb(0.05, 0.30, 0.55);
pub(super) const HAIRLINE: Rgb = Rgb(0.80, 0.82, 0.85);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rgb(pub(super) f32, pub(super) f32, pub(super) f32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular = 0,
    Bold = 1,
}

/// Something drawn on a page. `y` is measured from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    Text {
        x: f32,
        baseline: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
    },
    CheckBox {
        x: f32,
        top: f32,
        ticked: bool,
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        thickness: f32,
        color: Rgb,
    },
}

pub(super) struct Layout<'f> {
    fonts: &'f [Font; 2],
    pages: Vec<Vec<Item>>,
    /// Top of the free space on the current page, from the top edge.
    y: f32,
}

/// A wrapped run of text in one style, ready to be placed line by line.
pub(super) struct Run {
    face: Face,
    size: f32,
    color: Rgb,
    lines: Vec<String>,
}

impl Run {
    pub(super) fn line_h(&self) -> f32 {
        self.size * LEADING
    }

    pub(super) fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_h()
    }
}

impl<'f> Layout<'f> {
    pub(super) fn new(fonts: &'f [Font; 2]) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    pub(super) fn font(&self, face: Face) -> &'f Font {
        &self.fonts[face as usize]
    }

    pub(super) fn run(&self, text: &str, face: Face, size: f32, color: Rgb, width: f32) -> Run {
        let font = self.font(face);
        let cleaned = font.clean(text.trim());
        let mut lines = font.wrap(cleaned.trim(), size, width);
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        Run {
            face,
            size,
            color,
            lines,
        }
    }

    pub(super) fn at_page_top(&self) -> bool {
        self.y <= MARGIN + 0.01
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Start a new page unless `h` points still fit (or we are already at the
    /// top of a page, where breaking would not help).
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > CONTENT_BOTTOM + 0.01 && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Keep a block of height `h` on one page if it can fit on a page at all.
    pub(super) fn keep_together(&mut self, h: f32) {
        self.ensure(h.min(CONTENT_BOTTOM - MARGIN));
    }

    pub(super) fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    pub(super) fn space(&mut self, h: f32) {
        if !self.at_page_top() {
            self.y += h;
        }
    }

    pub(super) fn text_line(&mut self, run: &Run, i: usize, x: f32, top: f32) {
        let baseline = top + self.font(run.face).baseline(run.size);
        self.push(Item::Text {
            x,
            baseline,
            face: run.face,
            size: run.size,
            color: run.color,
            text: run.lines[i].clone(),
        });
    }

    /// Place a run line by line at `x`, breaking pages between lines.
    pub(super) fn flow(&mut self, run: &Run, x: f32) {
        for i in 0..run.lines.len() {
            self.ensure(run.line_h());
            self.text_line(run, i, x, self.y);
            self.y += run.line_h();
        }
    }

    pub(super) fn rule(&mut self, y: f32, thickness: f32, color: Rgb) {
        self.push(Item::Rule {
            x: MARGIN,
            y,
            w: CONTENT_W,
            thickness,
            color,
        });
    }

    pub(super) fn title(&mut self, sheet: &Sheet) {
        let title = self.run(&sheet.title, Face::Bold, TITLE_SIZE, INK, CONTENT_W);
        self.flow(&title, MARGIN);
        if let Some(sub) = &sheet.subtitle {
            let sub = self.run(sub, Face::Regular, SUBTITLE_SIZE, MUTED, CONTENT_W);
            self.y += 2.0;
            self.flow(&sub, MARGIN);
        }
        self.y += 6.0;
        self.rule(self.y, 1.2, ACCENT);
        self.y += 8.0;
    }

    pub(super) fn section(&mut self, section: &Section) {
        let heading = self.run(
            &section.heading,
            Face::Bold,
            HEADING_SIZE,
            ACCENT,
            CONTENT_W,
        );
        self.space(12.0);
        // A short section (the office's address and phones) goes whole on
        // one page; a longer one keeps its heading with its first block, so
        // a heading never ends a page.
        let heading_h = heading.height() + 1.5 + 6.0;
        let blocks_h: Vec<f32> = section.blocks.iter().map(|b| self.height(b)).collect();
        let whole = heading_h + blocks_h.iter().sum::<f32>();
        if whole <= SHORT_SECTION_H {
            self.keep_together(whole);
        } else {
            self.keep_together(heading_h + blocks_h.first().copied().unwrap_or(0.0));
        }
        self.flow(&heading, MARGIN);
        self.y += 1.5;
        self.rule(self.y, 0.5, HAIRLINE);
        self.y += 6.0;
        for block in &section.blocks {
            self.block(block);
        }
    }

    /// The height `block` takes when placed where nothing breaks it.
    pub(super) fn height(&self, block: &Block) -> f32 {
        let line_h = BODY_SIZE * LEADING;
        match block {
            Block::Paragraph(text) => {
                3.0 + self
                    .run(text, Face::Regular, BODY_SIZE, INK, CONTENT_W)
                    .height()
                    + 5.0
            }
            Block::Field { name, value } => {
                let (_, _, rows) = self.field_runs(name, value);
                rows as f32 * line_h + 2.0 + 2.5
            }
            Block::Check { text, note, .. } => {
                let w = CONTENT_W - CHECK_INDENT;
                let main = self.run(text, Face::Regular, BODY_SIZE, INK, w);
                let note = note.as_deref().map_or(0.0, |n| {
                    0.5 + self.run(n, Face::Regular, NOTE_SIZE, MUTED, w).height()
                });
                main.height().max(line_h) + note + 6.0
            }
        }
    }

    pub(super) fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(text) => {
                let run = self.run(text, Face::Regular, BODY_SIZE, INK, CONTENT_W);
                self.space(3.0);
                self.flow(&run, MARGIN);
                self.y += 5.0;
            }
            Block::Field { name, value } => self.field(name, value),
            Block::Check { text, note, ticked } => self.check(text, note.as_deref(), *ticked),
        }
    }

    /// A field's two columns, the name in bold and the value, and how many
    /// lines the taller of them takes: the same for measuring and drawing.
    fn field_runs(&self, name: &str, value: &str) -> (Run, Run, usize) {
        let name = self.run(name, Face::Bold, BODY_SIZE, MUTED, NAME_COL_W);
        let value = self.run(
            value,
            Face::Regular,
            BODY_SIZE,
            INK,
            CONTENT_W - NAME_COL_W - COL_GAP,
        );
        let rows = name.lines.len().max(value.lines.len()).max(1);
        (name, value, rows)
    }

    pub(super) fn field(&mut self, name: &str, value: &str) {
        let value_x = MARGIN + NAME_COL_W + COL_GAP;
        let (name, value, rows) = self.field_runs(name, value);
        let line_h = BODY_SIZE * LEADING;
        self.keep_together(rows as f32 * line_h + 2.0);
        for i in 0..rows {
            self.ensure(line_h);
            let top = self.y;
            if i < name.lines.len() {
                self.text_line(&name, i, MARGIN, top);
            }
            if i < value.lines.len() {
                self.text_line(&value, i, value_x, top);
            }
            self.y += line_h;
        }
        self.y += 2.0;
        self.rule(self.y, 0.3, HAIRLINE);
        self.y += 2.5;
    }

    pub(super) fn check(&mut self, text: &str, note: Option<&str>, ticked: bool) {
        let x = MARGIN + CHECK_INDENT;
        let w = CONTENT_W - CHECK_INDENT;
        let main = self.run(text, Face::Regular, BODY_SIZE, INK, w);
        let note = note.map(|n| self.run(n, Face::Regular, NOTE_SIZE, MUTED, w));
        let h = main.height().max(BODY_SIZE * LEADING) + note.as_ref().map_or(0.0, Run::height);
        self.keep_together(h);
        self.ensure(main.line_h());
        // Box centred on the middle of the capital letters of the first line.
        let font = self.font(Face::Regular);
        let cap = font
            .face
            .capital_height()
            .map_or(0.73, |c| f32::from(c) * font.to_1000 / 1000.0);
        let mid = self.y + font.baseline(BODY_SIZE) - cap * BODY_SIZE / 2.0;
        self.push(Item::CheckBox {
            x: MARGIN + 1.0,
            top: mid - BOX_SIZE / 2.0,
            ticked,
        });
        if main.lines.is_empty() {
            self.y += main.line_h();
        }
        self.flow(&main, x);
        if let Some(note) = &note {
            self.y += 0.5;
            self.flow(note, x);
        }
        self.y += 6.0;
    }

    /// Footer text and "n / N" at the bottom of every page.
    pub(super) fn footers(&mut self, footer: Option<&str>) {
        let total = self.pages.len();
        let num_w = 48.0;
        let run = footer.map(|f| {
            let mut run = self.run(f, Face::Regular, FOOTER_SIZE, MUTED, CONTENT_W - num_w);
            run.lines.truncate(3);
            run
        });
        let regular = self.font(Face::Regular);
        let rule_y = CONTENT_BOTTOM + 10.0;
        for (n, page) in self.pages.iter_mut().enumerate() {
            page.push(Item::Rule {
                x: MARGIN,
                y: rule_y,
                w: CONTENT_W,
                thickness: 0.4,
                color: HAIRLINE,
            });
            let mut top = rule_y + 3.0;
            let first_baseline = top + regular.baseline(FOOTER_SIZE);
            if let Some(run) = &run {
                for line in &run.lines {
                    page.push(Item::Text {
                        x: MARGIN,
                        baseline: top + regular.baseline(FOOTER_SIZE),
                        face: Face::Regular,
                        size: FOOTER_SIZE,
                        color: MUTED,
                        text: line.clone(),
                    });
                    top += run.line_h();
                }
            }
            let num = format!("{} / {}", n + 1, total);
            let w = regular.str_width(&num) * FOOTER_SIZE / 1000.0;
            page.push(Item::Text {
                x: MARGIN + CONTENT_W - w,
                baseline: first_baseline,
                face: Face::Regular,
                size: FOOTER_SIZE,
                color: MUTED,
                text: num,
            });
        }
    }
}

pub(super) fn layout(sheet: &Sheet, fonts: &[Font; 2]) -> Vec<Vec<Item>> {
    let mut l = Layout::new(fonts);
    l.title(sheet);
    for section in &sheet.sections {
        l.section(section);
    }
    l.footers(sheet.footer.as_deref());
    l.pages
}
