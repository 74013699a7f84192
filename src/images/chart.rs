//! Consultation statistics chart as a PNG for staff (sent as a Telegram photo).
//!
//! Self-contained: depends on `plotters` (no default features; `bitmap_backend`,
//! `line_series`, `area_series` only, so neither font-kit/fontconfig nor the `image`
//! crate), `ab_glyph`, `png` and `chrono`.
//!
//! Text is rasterised here with `ab_glyph` from DejaVu Sans, embedded with
//! `include_bytes!` from `assets/fonts/DejaVuSans.ttf` (licence next to it), so nothing
//! is looked up on the system at run time and Cyrillic and Kazakh letters
//! (ә ғ қ ң ө ұ ү һ і) render. plotters draws only the geometry (grid, lines, markers,
//! area, bars): its own `ab_glyph` text path (0.3.7) drops each glyph's left side
//! bearing and rounds pen positions, which gives visibly uneven letter spacing
//! ("Нача то"), and it needs a process-wide font registry.
//!
//! Layout ([`WIDTH`] × [`HEIGHT`] px): title, legend (with totals), a line chart of
//! "started" (line over a light area) and "finished" per day, and under it a bar list
//! of the top deep-link tags. The PNG is palette-based (8-bit indexed): a few tens of KB.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use chrono::NaiveDate;
use plotters::prelude::*;

/// Image width in pixels.
pub const WIDTH: u32 = 1000;
/// Image height in pixels.
pub const HEIGHT: u32 = 800;
/// At most this many tags are listed (the rest are ignored).
pub const MAX_TAGS: usize = 5;
/// Longest period accepted, in days from the first to the last date inclusive.
pub const MAX_SPAN_DAYS: i64 = 366;

/// The embedded font (DejaVu Sans, Bitstream Vera licence, see `LICENSE-DejaVu.txt`).
static FONT_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

// Font sizes are em sizes in pixels (like CSS `font-size`).
const TITLE_PX: f32 = 32.0;
const HEADING_PX: f32 = 24.0;
const TEXT_PX: f32 = 21.0;

const MARGIN: i32 = 24;
/// The plotting rectangle of the line chart (pixels); its left edge depends on the
/// width of the y labels.
const PLOT_RIGHT: i32 = WIDTH as i32 - MARGIN - 16;
const PLOT_TOP: i32 = 122;
const PLOT_BOTTOM: i32 = 478;
/// Top of the tag list section.
const TAGS_TOP: i32 = 530;
const TAG_ROW_PX: i32 = 42;
/// Width for tag names; the bars start after it.
const TAG_NAME_W: i32 = 340;
const TAG_BAR_X: i32 = MARGIN + TAG_NAME_W + 16;

const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
const TEXT: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(100, 100, 100);
const AXIS: RGBColor = RGBColor(120, 120, 120);
const GRID_BOLD: RGBColor = RGBColor(215, 215, 215);
const GRID_LIGHT: RGBColor = RGBColor(238, 238, 238);
/// Okabe–Ito blue and orange: distinguishable with colour blindness.
const STARTED: RGBColor = RGBColor(0, 114, 178);
const STARTED_AREA: RGBColor = RGBColor(214, 232, 243);
const FINISHED: RGBColor = RGBColor(230, 120, 0);
const TAG_BAR: RGBColor = RGBColor(120, 160, 200);

/// What to draw. All strings arrive already translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// E.g. "Консультации за 30 дней".
    pub title: String,
    /// Legend label of the first series (consultations started).
    pub started_label: String,
    /// Legend label of the second series (consultations finished).
    pub finished_label: String,
    /// `(day, started, finished)`. Any order; days missing inside the period count as 0,
    /// repeated days are added up. May be empty.
    pub days: Vec<(NaiveDate, u32, u32)>,
    /// Heading of the tag list, e.g. "Топ меток".
    pub tags_title: String,
    /// `(deep-link tag, count)`, shown in the given order; at most [`MAX_TAGS`] are shown.
    pub top_tags: Vec<(String, u32)>,
}

/// Why the chart could not be drawn.
#[derive(Debug)]
pub enum ChartError {
    /// The dates span more than [`MAX_SPAN_DAYS`] days.
    PeriodTooLong {
        /// Days from the first to the last date, inclusive.
        days: i64,
    },
    /// The embedded font could not be parsed (a broken build).
    Font,
    /// plotters failed while drawing.
    Draw(String),
    /// PNG encoding failed.
    Png(png::EncodingError),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::PeriodTooLong { days } => {
                write!(f, "chart period of {days} days is over {MAX_SPAN_DAYS}")
            }
            ChartError::Font => f.write_str("chart: embedded font could not be loaded"),
            ChartError::Draw(e) => write!(f, "chart drawing failed: {e}"),
            ChartError::Png(e) => write!(f, "chart PNG encoding failed: {e}"),
        }
    }
}

impl std::error::Error for ChartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChartError::Png(e) => Some(e),
            _ => None,
        }
    }
}

impl From<png::EncodingError> for ChartError {
    fn from(e: png::EncodingError) -> Self {
        ChartError::Png(e)
    }
}

fn draw_err<E: fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// Render the chart as a PNG of [`WIDTH`] × [`HEIGHT`] pixels.
pub fn chart_png(chart: &Chart) -> Result<Vec<u8>, ChartError> {
    let font = font()?;
    let days = normalize_days(&chart.days)?;
    let mut texts = Vec::new();
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&BACKGROUND).map_err(draw_err)?;
        header(&root, font, chart, &days, &mut texts)?;
        line_chart(&root, font, &days, &mut texts)?;
        tag_list(&root, font, &chart.tags_title, &chart.top_tags, &mut texts)?;
        root.present().map_err(draw_err)?;
    }
    for t in &texts {
        draw_text(&mut rgb, font, t);
    }
    encode_png(&rgb, WIDTH, HEIGHT)
}

/// Sort by date, add up repeated dates and fill missing dates with zeros.
fn normalize_days(
    days: &[(NaiveDate, u32, u32)],
) -> Result<Vec<(NaiveDate, u32, u32)>, ChartError> {
    let (Some(first), Some(last)) = (
        days.iter().map(|d| d.0).min(),
        days.iter().map(|d| d.0).max(),
    ) else {
        return Ok(Vec::new());
    };
    let span = last.signed_duration_since(first).num_days() + 1;
    if span > MAX_SPAN_DAYS {
        return Err(ChartError::PeriodTooLong { days: span });
    }
    let mut out: Vec<(NaiveDate, u32, u32)> = first
        .iter_days()
        .take(span as usize)
        .map(|d| (d, 0, 0))
        .collect();
    for &(date, started, finished) in days {
        let slot = &mut out[date.signed_duration_since(first).num_days() as usize];
        slot.1 = slot.1.saturating_add(started);
        slot.2 = slot.2.saturating_add(finished);
    }
    Ok(out)
}

/// Top of the y axis and the tick step: integer ticks, at most 6 intervals; 0..5 when
/// the data are all small (or all zero).
fn y_axis(max: u32) -> (u64, u64) {
    if max <= 5 {
        return (5, 1);
    }
    let max = u64::from(max);
    let mut magnitude = 1u64;
    loop {
        for mult in [1, 2, 5] {
            let step = mult * magnitude;
            let intervals = max.div_ceil(step);
            if intervals <= 6 {
                return (intervals * step, step);
            }
        }
        magnitude *= 10;
    }
}

/// Every how many days an x label goes, so that at most `max_labels` are shown.
fn x_label_step(days: usize, max_labels: usize) -> usize {
    days.div_ceil(max_labels).max(1)
}

fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    font: &FontRef<'static>,
    chart: &Chart,
    days: &[(NaiveDate, u32, u32)],
    texts: &mut Vec<TextJob>,
) -> Result<(), ChartError> {
    let title = fit_text(
        font,
        &chart.title,
        TITLE_PX,
        (WIDTH as i32 - 2 * MARGIN) as f32,
    );
    texts.push(TextJob::new(
        title,
        (MARGIN, 20),
        TITLE_PX,
        TEXT,
        Anchor::LeftTop,
    ));

    // Legend: "──●── Started (123)     ──●── Finished (98)"
    let total = |f: fn(&(NaiveDate, u32, u32)) -> u32| -> u64 {
        days.iter().map(|d| u64::from(f(d))).sum()
    };
    let items = [
        (STARTED, &chart.started_label, total(|d| d.1)),
        (FINISHED, &chart.finished_label, total(|d| d.2)),
    ];
    let y = 86;
    let mut x = MARGIN;
    for (k, (color, label, sum)) in items.into_iter().enumerate() {
        // The first item gets at most half the width, the second what is left.
        let end = if k == 0 {
            WIDTH as i32 / 2
        } else {
            WIDTH as i32 - MARGIN
        };
        let suffix = format!(" ({sum})");
        let max_label_w = (end - x - 46) as f32 - text_width(font, &suffix, TEXT_PX);
        root.draw(&PathElement::new(
            vec![(x, y), (x + 36, y)],
            color.stroke_width(4),
        ))
        .map_err(draw_err)?;
        root.draw(&Circle::new((x + 18, y), 6, color.filled()))
            .map_err(draw_err)?;
        let text = fit_text(font, label, TEXT_PX, max_label_w) + &suffix;
        let w = text_width(font, &text, TEXT_PX).ceil() as i32;
        texts.push(TextJob::new(
            text,
            (x + 46, y),
            TEXT_PX,
            TEXT,
            Anchor::LeftMiddle,
        ));
        x += 46 + w + 48;
    }
    Ok(())
}

fn line_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    font: &FontRef<'static>,
    days: &[(NaiveDate, u32, u32)],
    texts: &mut Vec<TextJob>,
) -> Result<(), ChartError> {
    let n = days.len();
    let max = days.iter().map(|d| d.1.max(d.2)).max().unwrap_or(0);
    let (y_top, y_step) = y_axis(max);
    let y_label_w = text_width(font, &y_top.to_string(), TEXT_PX).ceil() as i32;
    let plot_left = MARGIN + y_label_w.max(24) + 14;
    let x_hi = n.max(1) as f64 - 0.5;
    let y_hi = y_top as f64 * 1.04; // headroom so that top markers are not clipped

    let area = root.clone().shrink(
        (plot_left, PLOT_TOP),
        (
            (PLOT_RIGHT - plot_left) as u32,
            (PLOT_BOTTOM - PLOT_TOP) as u32,
        ),
    );
    let mut chart = ChartBuilder::on(&area)
        .build_cartesian_2d(-0.5..x_hi, 0.0..y_hi)
        .map_err(draw_err)?;

    // Grid: a light vertical line per day (when not too dense), a horizontal line and a
    // label per y tick.
    if n <= 62 {
        chart
            .draw_series(
                (0..n)
                    .map(|i| PathElement::new(vec![(i as f64, 0.0), (i as f64, y_hi)], GRID_LIGHT)),
            )
            .map_err(draw_err)?;
    }
    for k in 0..=y_top / y_step {
        let v = (k * y_step) as f64;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-0.5, v), (x_hi, v)],
                GRID_BOLD,
            )))
            .map_err(draw_err)?;
        let (_, py) = chart.backend_coord(&(0.0, v));
        texts.push(TextJob::new(
            (k * y_step).to_string(),
            (plot_left - 12, py),
            TEXT_PX,
            MUTED,
            Anchor::RightMiddle,
        ));
    }

    // Axes.
    let axis = AXIS.stroke_width(1);
    root.draw(&PathElement::new(
        vec![
            (plot_left, PLOT_TOP),
            (plot_left, PLOT_BOTTOM),
            (PLOT_RIGHT, PLOT_BOTTOM),
        ],
        axis,
    ))
    .map_err(draw_err)?;

    // X labels: the last (most recent) day and every `step`-th day before it.
    let step = x_label_step(n, 10);
    for i in (0..n).rev().step_by(step) {
        let (px, _) = chart.backend_coord(&(i as f64, 0.0));
        let label = days[i].0.format("%d.%m").to_string();
        // Keep the label inside the image.
        let half = (text_width(font, &label, TEXT_PX) / 2.0).ceil() as i32;
        let lx = px.clamp(half + 4, WIDTH as i32 - half - 4);
        root.draw(&PathElement::new(
            vec![(px, PLOT_BOTTOM), (px, PLOT_BOTTOM + 6)],
            axis,
        ))
        .map_err(draw_err)?;
        texts.push(TextJob::new(
            label,
            (lx, PLOT_BOTTOM + 12),
            TEXT_PX,
            MUTED,
            Anchor::CenterTop,
        ));
    }

    if n == 0 {
        return Ok(());
    }
    let series = |f: fn(&(NaiveDate, u32, u32)) -> u32| -> Vec<(f64, f64)> {
        days.iter()
            .enumerate()
            .map(|(i, d)| (i as f64, f64::from(f(d))))
            .collect()
    };
    let started = series(|d| d.1);
    let finished = series(|d| d.2);
    chart
        .draw_series(AreaSeries::new(
            started.iter().copied(),
            0.0,
            STARTED_AREA.filled(),
        ))
        .map_err(draw_err)?;
    // Redraw the x axis over the area's bottom edge.
    root.draw(&PathElement::new(
        vec![(plot_left, PLOT_BOTTOM), (PLOT_RIGHT, PLOT_BOTTOM)],
        axis,
    ))
    .map_err(draw_err)?;
    for (points, color, width) in [(&started, STARTED, 4), (&finished, FINISHED, 3)] {
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(width),
            ))
            .map_err(draw_err)?;
        if n <= 45 {
            chart
                .draw_series(points.iter().map(|&p| Circle::new(p, 5, color.filled())))
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

fn tag_list<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    font: &FontRef<'static>,
    title: &str,
    tags: &[(String, u32)],
    texts: &mut Vec<TextJob>,
) -> Result<(), ChartError> {
    let right = WIDTH as i32 - MARGIN;
    root.draw(&PathElement::new(
        vec![(MARGIN, TAGS_TOP), (right, TAGS_TOP)],
        GRID_BOLD,
    ))
    .map_err(draw_err)?;
    let title = fit_text(font, title, HEADING_PX, (right - MARGIN) as f32);
    texts.push(TextJob::new(
        title,
        (MARGIN, TAGS_TOP + 16),
        HEADING_PX,
        TEXT,
        Anchor::LeftTop,
    ));

    let bar_x = TAG_BAR_X;
    let first_row = TAGS_TOP + 16 + 60;
    let shown = &tags[..tags.len().min(MAX_TAGS)];
    // Room for the widest count after the longest bar.
    let count_w = shown
        .iter()
        .map(|t| text_width(font, &t.1.to_string(), TEXT_PX).ceil() as i32)
        .max()
        .unwrap_or(0);
    let bar_max = (right - bar_x - 10 - count_w).max(10);
    if shown.is_empty() {
        texts.push(TextJob::new(
            "—".into(),
            (MARGIN, first_row),
            TEXT_PX,
            MUTED,
            Anchor::LeftMiddle,
        ));
        return Ok(());
    }
    let max = i64::from(shown.iter().map(|t| t.1).max().unwrap_or(0).max(1));
    for (row, (tag, count)) in shown.iter().enumerate() {
        let cy = first_row + row as i32 * TAG_ROW_PX;
        let name = fit_text(font, tag, TEXT_PX, TAG_NAME_W as f32);
        texts.push(TextJob::new(
            name,
            (MARGIN, cy),
            TEXT_PX,
            TEXT,
            Anchor::LeftMiddle,
        ));
        let len = (i64::from(*count) * i64::from(bar_max) / max) as i32;
        let len = if *count > 0 { len.max(3) } else { 0 };
        if len > 0 {
            root.draw(&Rectangle::new(
                [(bar_x, cy - 13), (bar_x + len, cy + 13)],
                TAG_BAR.filled(),
            ))
            .map_err(draw_err)?;
        }
        texts.push(TextJob::new(
            count.to_string(),
            (bar_x + len + 10, cy),
            TEXT_PX,
            MUTED,
            Anchor::LeftMiddle,
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Text

fn font() -> Result<&'static FontRef<'static>, ChartError> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_TTF).ok())
        .as_ref()
        .ok_or(ChartError::Font)
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
fn layout(font: &FontRef<'static>, text: &str, em_px: f32) -> (Vec<(ab_glyph::GlyphId, f32)>, f32) {
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

fn text_width(font: &FontRef<'static>, text: &str, em_px: f32) -> f32 {
    layout(font, text, em_px).1
}

/// Printable version of `text`, shortened with "…" to at most `max_w` pixels.
fn fit_text(font: &FontRef<'static>, text: &str, em_px: f32, max_w: f32) -> String {
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
enum Anchor {
    LeftTop,
    LeftMiddle,
    RightMiddle,
    CenterTop,
}

struct TextJob {
    text: String,
    pos: (i32, i32),
    em_px: f32,
    color: RGBColor,
    anchor: Anchor,
}

impl TextJob {
    fn new(text: String, pos: (i32, i32), em_px: f32, color: RGBColor, anchor: Anchor) -> Self {
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

/// Rasterise one text into the RGB buffer (alpha-blended, clipped).
/// "Top" aligns the cap height, "Middle" centres capitals/digits on the point.
fn draw_text(rgb: &mut [u8], font: &FontRef<'static>, job: &TextJob) {
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
    let (w, h) = (WIDTH as i32, HEIGHT as i32);
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

// ---------------------------------------------------------------------------------
// PNG

/// Encode 8-bit RGB pixels as an indexed (palette) PNG. The palette is the 256 most
/// frequent colours; any rarer colour (anti-aliased edges where lines cross the area
/// or the grid) is mapped to the nearest palette colour, which is not visible.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    // Runs of equal pixels are counted at once: most of the picture is flat colour.
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    let mut run: Option<([u8; 3], u32)> = None;
    for px in rgb.chunks_exact(3) {
        let c = [px[0], px[1], px[2]];
        match &mut run {
            Some((rc, n)) if *rc == c => *n += 1,
            _ => {
                if let Some((rc, n)) = run.replace((c, 1)) {
                    *counts.entry(rc).or_default() += n;
                }
            }
        }
    }
    if let Some((rc, n)) = run {
        *counts.entry(rc).or_default() += n;
    }
    let mut by_count: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<[u8; 3]> = by_count.iter().take(256).map(|c| c.0).collect();

    let mut index: HashMap<[u8; 3], u8> = palette
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u8))
        .collect();
    for &(c, _) in by_count.iter().skip(256) {
        let nearest = palette
            .iter()
            .enumerate()
            .min_by_key(|(_, p)| {
                p.iter()
                    .zip(c)
                    .map(|(&a, b)| (i32::from(a) - i32::from(b)).pow(2))
                    .sum::<i32>()
            })
            .map_or(0, |(i, _)| i as u8);
        index.insert(c, nearest);
    }
    let mut last = ([rgb[0], rgb[1], rgb[2]], 0u8);
    last.1 = index[&last.0];
    let indexed: Vec<u8> = rgb
        .chunks_exact(3)
        .map(|px| {
            let c = [px[0], px[1], px[2]];
            if c != last.0 {
                last = (c, index[&c]);
            }
            last.1
        })
        .collect();

    let mut out = Vec::with_capacity(64 * 1024);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(palette.concat());
        enc.set_compression(png::Compression::High);
        let mut writer = enc.write_header()?;
        writer.write_image_data(&indexed)?;
        writer.finish()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET_BYTES: usize = 100 * 1024;

    struct Decoded {
        width: u32,
        height: u32,
        color: png::ColorType,
        /// RGB, 3 bytes per pixel.
        rgb: Vec<u8>,
    }

    fn decode(bytes: &[u8]) -> Decoded {
        let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
        dec.set_transformations(png::Transformations::EXPAND);
        let mut reader = dec.read_info().expect("valid PNG header");
        let color = reader.info().color_type;
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("valid PNG data");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        buf.truncate(info.buffer_size());
        Decoded {
            width: info.width,
            height: info.height,
            color,
            rgb: buf,
        }
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Days::new(u64::from(d))
    }

    fn days(n: u32, f: impl Fn(u32) -> (u32, u32)) -> Vec<(NaiveDate, u32, u32)> {
        (0..n)
            .map(|i| {
                let (s, e) = f(i);
                (date(i), s, e)
            })
            .collect()
    }

    fn chart(days: Vec<(NaiveDate, u32, u32)>) -> Chart {
        Chart {
            title: "Консультации за 30 дней".into(),
            started_label: "Начато".into(),
            finished_label: "Завершено".into(),
            days,
            tags_title: "Топ меток".into(),
            top_tags: vec![
                ("ru-almaty_office".into(), 131),
                ("kk-astana".into(), 77),
                ("en-website".into(), 45),
                ("ru-shymkent_office_door_flyer_2025_autumn".into(), 12),
                ("ru".into(), 3),
                ("not-shown-sixth".into(), 1),
            ],
        }
    }

    fn normal_data(i: u32) -> (u32, u32) {
        let s = 5 + (i * 7 + 3) % 17;
        (s, s.saturating_sub(1 + i % 5))
    }

    /// Renders, checks the PNG is valid, of the expected size and under the target.
    fn render_ok(c: &Chart) -> Decoded {
        let bytes = chart_png(c).expect("chart renders");
        assert!(bytes.len() < TARGET_BYTES, "{} bytes", bytes.len());
        let d = decode(&bytes);
        assert_eq!((d.width, d.height), (WIDTH, HEIGHT));
        d
    }

    fn pixel(d: &Decoded, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * d.width + x) * 3) as usize;
        [d.rgb[i], d.rgb[i + 1], d.rgb[i + 2]]
    }

    fn count_pixels(
        d: &Decoded,
        x: std::ops::Range<u32>,
        y: std::ops::Range<u32>,
        c: RGBColor,
    ) -> usize {
        y.flat_map(|y| x.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| pixel(d, x, y) == [c.0, c.1, c.2])
            .count()
    }

    /// No drawing in the outermost `border` pixels (nothing clipped at the image edge).
    fn assert_clear_border(d: &Decoded, border: u32) {
        for y in 0..d.height {
            for x in (0..border).chain(d.width - border..d.width) {
                assert_eq!(pixel(d, x, y), [255, 255, 255], "pixel ({x}, {y})");
            }
        }
    }

    #[test]
    fn normal_month_renders_as_small_palette_png() {
        let d = render_ok(&chart(days(30, normal_data)));
        assert_eq!(d.color, png::ColorType::Indexed, "palette PNG expected");
        // Both series are drawn.
        assert!(count_pixels(&d, 0..WIDTH, PLOT_TOP as u32..PLOT_BOTTOM as u32, STARTED) > 1000);
        assert!(count_pixels(&d, 0..WIDTH, PLOT_TOP as u32..PLOT_BOTTOM as u32, FINISHED) > 1000);
        // Five tag bars (the sixth tag is not shown).
        let bars = (TAGS_TOP as u32..HEIGHT)
            .filter(|&y| pixel(&d, TAG_BAR_X as u32 + 1, y) == [TAG_BAR.0, TAG_BAR.1, TAG_BAR.2])
            .collect::<Vec<_>>();
        let runs = bars.windows(2).filter(|w| w[1] != w[0] + 1).count() + 1;
        assert_eq!(runs, MAX_TAGS);
        assert_clear_border(&d, 8);
    }

    #[test]
    fn all_zero_data() {
        let mut c = chart(days(30, |_| (0, 0)));
        c.top_tags.clear();
        let d = render_ok(&c);
        assert_eq!(y_axis(0), (5, 1));
        // The zero lines are drawn along the x axis.
        assert!(
            count_pixels(
                &d,
                0..WIDTH,
                (PLOT_BOTTOM - 4) as u32..PLOT_BOTTOM as u32,
                FINISHED
            ) > 500
        );
    }

    #[test]
    fn no_days_at_all() {
        let mut c = chart(Vec::new());
        c.top_tags.clear();
        let d = render_ok(&c);
        assert_eq!(count_pixels(&d, 0..WIDTH, 0..HEIGHT, STARTED_AREA), 0);
    }

    #[test]
    fn one_day() {
        let d = render_ok(&chart(days(1, |_| (3, 1))));
        // Markers are visible even without a line.
        assert!(count_pixels(&d, 0..WIDTH, PLOT_TOP as u32..PLOT_BOTTOM as u32, STARTED) > 40);
        assert!(count_pixels(&d, 0..WIDTH, PLOT_TOP as u32..PLOT_BOTTOM as u32, FINISHED) > 40);
    }

    #[test]
    fn every_length_from_1_to_31_days() {
        for n in 1..=31 {
            let d = render_ok(&chart(days(n, normal_data)));
            assert_clear_border(&d, 4);
        }
    }

    #[test]
    fn longer_periods_render_and_absurd_ones_are_rejected() {
        render_ok(&chart(days(90, normal_data)));
        render_ok(&chart(days(366, normal_data)));
        let err = chart_png(&chart(vec![(date(0), 1, 1), (date(400), 1, 1)])).unwrap_err();
        assert!(
            matches!(err, ChartError::PeriodTooLong { days: 401 }),
            "{err}"
        );
    }

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
    fn kazakh_labels_render() {
        let c = Chart {
            title: "Соңғы 30 күндегі кеңестер: әғқңөұүһі ӘҒҚҢӨҰҮҺІ".into(),
            started_label: "Басталған".into(),
            finished_label: "Аяқталған".into(),
            days: days(30, normal_data),
            tags_title: "Ең көп қолданылған белгілер".into(),
            top_tags: vec![("kk-қызылорда_кеңсе".into(), 40), ("kk-өскемен".into(), 9)],
        };
        let d = render_ok(&c);
        // The title is drawn (dark text pixels in the title band).
        assert!(count_pixels(&d, 0..WIDTH, 0..60, TEXT) > 500);
    }

    #[test]
    fn long_texts_and_huge_numbers_stay_inside_the_image() {
        let long = "Очень длинная подпись, которая никак не помещается в одну строку ".repeat(4);
        let c = Chart {
            title: long.clone(),
            started_label: long.clone(),
            finished_label: long.clone(),
            days: days(31, |i| (u32::MAX - i, u32::MAX / 2)),
            tags_title: long.clone(),
            top_tags: vec![(long.clone(), u32::MAX), (long, 0)],
        };
        let d = render_ok(&c);
        assert_clear_border(&d, 8);
    }

    #[test]
    fn emoji_and_missing_glyphs_are_dropped_not_boxed() {
        let font = font().unwrap();
        assert_eq!(printable(font, "📊 Статистика\u{7}"), "Статистика");
        assert_eq!(fit_text(font, "漢字", TEXT_PX, 100.0), "");
    }

    #[test]
    fn days_are_sorted_merged_and_gaps_filled() {
        let got = normalize_days(&[(date(3), 1, 1), (date(0), 2, 0), (date(3), 4, 2)]).unwrap();
        assert_eq!(
            got,
            vec![
                (date(0), 2, 0),
                (date(1), 0, 0),
                (date(2), 0, 0),
                (date(3), 5, 3)
            ]
        );
        assert!(normalize_days(&[]).unwrap().is_empty());
    }

    #[test]
    fn y_axis_uses_integer_steps() {
        assert_eq!(y_axis(0), (5, 1));
        assert_eq!(y_axis(5), (5, 1));
        assert_eq!(y_axis(6), (6, 1));
        assert_eq!(y_axis(7), (8, 2));
        assert_eq!(y_axis(21), (25, 5));
        assert_eq!(y_axis(2873), (3000, 500));
        let (top, step) = y_axis(u32::MAX);
        assert!(top >= u64::from(u32::MAX) && top / step <= 6);
    }

    #[test]
    fn x_labels_never_crowd() {
        assert_eq!(x_label_step(1, 10), 1);
        assert_eq!(x_label_step(10, 10), 1);
        assert_eq!(x_label_step(30, 10), 3);
        assert_eq!(x_label_step(31, 10), 4);
        assert_eq!(x_label_step(0, 10), 1);
    }
}
