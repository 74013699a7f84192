//! The chart rendered and read back, and its axes arithmetic.

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
