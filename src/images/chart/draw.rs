//! The chart's three parts, drawn in order from the top: the header (title and
//! legend with totals), the line chart of started and finished per day, and the bar
//! list of the top tags. plotters draws the geometry here; every text is queued as a
//! [`TextJob`] and rasterised afterwards by `images/text.rs` (the parent module says
//! why).

use ab_glyph::FontRef;
use chrono::NaiveDate;
use plotters::prelude::*;

use super::{
    AXIS, Chart, ChartError, FINISHED, GRID_BOLD, GRID_LIGHT, HEADING_PX, MARGIN, MAX_TAGS, MUTED,
    PLOT_BOTTOM, PLOT_RIGHT, PLOT_TOP, STARTED, STARTED_AREA, TAG_BAR, TAG_BAR_X, TAG_NAME_W,
    TAG_ROW_PX, TAGS_TOP, TEXT, TEXT_PX, TITLE_PX, WIDTH, draw_err, x_label_step, y_axis,
};
use crate::images::text::{Anchor, TextJob, fit_text, text_width};

pub(super) fn header<DB: DrawingBackend>(
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

pub(super) fn line_chart<DB: DrawingBackend>(
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

pub(super) fn tag_list<DB: DrawingBackend>(
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
