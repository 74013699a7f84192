//! Consultation statistics chart as a PNG for staff (sent as a Telegram photo).
//!
//! Depends on `plotters` (no default features; `bitmap_backend`, `line_series`,
//! `area_series` only, so neither font-kit/fontconfig nor the `image` crate),
//! `chrono`, and the sibling modules `images/text.rs` (the embedded font) and
//! `images/png.rs`.
//!
//! Text is rasterised by `images/text.rs` with `ab_glyph` from the embedded DejaVu Sans,
//! after plotters has drawn only the geometry (grid, lines, markers, area, bars):
//! plotters' own `ab_glyph` text path (0.3.7) drops each glyph's left side bearing and
//! rounds pen positions, which gives visibly uneven letter spacing ("Нача то"), and it
//! needs a process-wide font registry.
//!
//! Layout ([`WIDTH`] × [`HEIGHT`] px): title, legend (with totals), a line chart of
//! "started" (line over a light area) and "finished" per day, and under it a bar list
//! of the top deep-link tags. The PNG is palette-based (8-bit indexed): a few tens of KB.

mod draw;

use std::fmt;

use chrono::NaiveDate;
use plotters::prelude::*;

use super::text::{self, draw_text};

/// Image width in pixels.
pub const WIDTH: u32 = 1000;
/// Image height in pixels.
pub const HEIGHT: u32 = 800;
/// At most this many tags are listed (the rest are ignored).
pub const MAX_TAGS: usize = 5;
/// Longest period accepted, in days from the first to the last date inclusive.
pub const MAX_SPAN_DAYS: i64 = 366;

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
    let font = text::font().ok_or(ChartError::Font)?;
    let days = normalize_days(&chart.days)?;
    let mut texts = Vec::new();
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&BACKGROUND).map_err(draw_err)?;
        draw::header(&root, font, chart, &days, &mut texts)?;
        draw::line_chart(&root, font, &days, &mut texts)?;
        draw::tag_list(&root, font, &chart.tags_title, &chart.top_tags, &mut texts)?;
        root.present().map_err(draw_err)?;
    }
    for t in &texts {
        draw_text(&mut rgb, (WIDTH, HEIGHT), font, t);
    }
    Ok(super::png::indexed(&rgb, WIDTH, HEIGHT)?)
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

#[cfg(test)]
mod tests;
