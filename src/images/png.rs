//! PNG encoding of the staff's pictures, in memory: the chart as an indexed
//! (palette) image, the QR code as 1-bit greyscale with a print resolution.

use std::collections::HashMap;

use ::png::{BitDepth, ColorType, Compression, Encoder, EncodingError, PixelDimensions, Unit};

/// Encode 8-bit RGB pixels as an indexed (palette) PNG. The palette is the 256 most
/// frequent colours; any rarer colour (anti-aliased edges where lines cross the area
/// or the grid) is mapped to the nearest palette colour, which is not visible.
pub(super) fn indexed(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, EncodingError> {
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
        let mut enc = Encoder::new(&mut out, width, height);
        enc.set_color(ColorType::Indexed);
        enc.set_depth(BitDepth::Eight);
        enc.set_palette(palette.concat());
        enc.set_compression(Compression::High);
        let mut writer = enc.write_header()?;
        writer.write_image_data(&indexed)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Encode 1-bit greyscale rows (bit 1 = white, most significant bit first, each row
/// padded to whole bytes) with `pixels_per_metre` written as the print resolution
/// (`pHYs`), so that word processors place the picture at its intended size.
pub(super) fn grey_1bit(
    data: &[u8],
    width: u32,
    height: u32,
    pixels_per_metre: u32,
) -> Result<Vec<u8>, EncodingError> {
    let mut out = Vec::with_capacity(8 * 1024);
    {
        let mut enc = Encoder::new(&mut out, width, height);
        enc.set_color(ColorType::Grayscale);
        enc.set_depth(BitDepth::One);
        enc.set_compression(Compression::High);
        enc.set_pixel_dims(Some(PixelDimensions {
            xppu: pixels_per_metre,
            yppu: pixels_per_metre,
            unit: Unit::Meter,
        }));
        let mut writer = enc.write_header()?;
        writer.write_image_data(data)?;
        writer.finish()?;
    }
    Ok(out)
}
