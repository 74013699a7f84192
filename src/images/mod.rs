//! Pictures for the staff, as PNG bytes: a deep link's QR code to print, and
//! the statistics chart with its labels in the reader's language. No I/O:
//! the font is compiled in, and the front ends send or write the bytes.

pub mod chart;
mod png;
pub mod qr;
mod text;

use crate::lang::Lang;
use crate::reply::Msg;
use crate::staff::figures::{self, Figures};
use crate::texts::Texts;

/// The chart of the staff's figures, labelled in `lang`.
pub fn stats_chart(
    figures: &Figures,
    lang: Lang,
    texts: &Texts,
) -> Result<Vec<u8>, chart::ChartError> {
    let data = figures.chart();
    let text = |key| texts.render(lang, &Msg::new(key));
    chart::chart_png(&chart::Chart {
        title: text(figures::CHART_TITLE),
        started_label: text(figures::CHART_STARTED),
        finished_label: text(figures::CHART_FINISHED),
        days: data.days,
        tags_title: text(figures::CHART_TAGS),
        top_tags: data.top_tags,
    })
}
