//! QR code PNG for the bot's deep links (`https://t.me/<bot>?start=<payload>`).
//!
//! Depends only on the `qrcode` crate (with `default-features = false`, i.e. without
//! its `image` renderer) and, for the PNG itself, the
//! `png` crate through `images/png.rs` (shared with the chart).
//!
//! Output: black on white, 1-bit greyscale PNG, error-correction level M, a 4-module
//! quiet zone, a whole number of pixels per module and an image side of about
//! [`TARGET_SIDE_PX`] pixels. The PNG carries a 300 dpi `pHYs` chunk so that word
//! processors place it at about 8.5 cm instead of a page-filling 26 cm.

use std::fmt;

/// Desired image side in pixels; the real side is the nearest multiple of the module count.
pub const TARGET_SIDE_PX: u32 = 1000;

/// Quiet zone (white border) in modules, as required by ISO/IEC 18004.
pub const QUIET_ZONE_MODULES: u32 = 4;

/// Print resolution written to the PNG (`pHYs`): 300 dpi = 11 811 px per metre.
const PIXELS_PER_METRE: u32 = 11_811;

/// Why a QR PNG could not be made.
#[derive(Debug)]
pub enum QrError {
    /// The link is empty.
    EmptyLink,
    /// The link does not fit in a QR code (thousands of bytes; deep links are ~100).
    Encode(qrcode::types::QrError),
    /// PNG encoding failed (should not happen when writing to memory).
    Png(png::EncodingError),
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QrError::EmptyLink => f.write_str("QR: empty link"),
            QrError::Encode(e) => write!(f, "QR encoding failed: {e}"),
            QrError::Png(e) => write!(f, "QR PNG encoding failed: {e}"),
        }
    }
}

impl std::error::Error for QrError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            QrError::EmptyLink => None,
            QrError::Encode(e) => Some(e),
            QrError::Png(e) => Some(e),
        }
    }
}

impl From<qrcode::types::QrError> for QrError {
    fn from(e: qrcode::types::QrError) -> Self {
        QrError::Encode(e)
    }
}

impl From<png::EncodingError> for QrError {
    fn from(e: png::EncodingError) -> Self {
        QrError::Png(e)
    }
}

/// Render `link` as a QR code PNG (1-bit greyscale, EC level M, 4-module quiet zone,
/// about [`TARGET_SIDE_PX`] px square, whole pixels per module).
pub fn qr_png(link: &str) -> Result<Vec<u8>, QrError> {
    if link.is_empty() {
        return Err(QrError::EmptyLink);
    }
    let code = qrcode::QrCode::with_error_correction_level(link, qrcode::EcLevel::M)?;
    let modules = u32::try_from(code.width()).expect("QR width fits in u32");
    let colors = code.to_colors();

    let total = modules + 2 * QUIET_ZONE_MODULES;
    // Nearest whole number of pixels per module to the target side.
    let scale = ((TARGET_SIDE_PX + total / 2) / total).max(1);
    let side = total * scale;

    // 1-bit greyscale: bit 1 = white, bit 0 = black, most significant bit first.
    let row_bytes = side.div_ceil(8) as usize;
    let mut data = vec![0u8; row_bytes * side as usize];
    let mut row = vec![0u8; row_bytes];
    for module_y in 0..total {
        row.fill(0);
        for px in 0..side {
            let module_x = px / scale;
            let dark = module_in_code(module_x, module_y, modules)
                .map(|(x, y)| colors[y * modules as usize + x] == qrcode::Color::Dark)
                .unwrap_or(false);
            if !dark {
                row[(px / 8) as usize] |= 0x80 >> (px % 8);
            }
        }
        for sub in 0..scale {
            let y = (module_y * scale + sub) as usize;
            data[y * row_bytes..(y + 1) * row_bytes].copy_from_slice(&row);
        }
    }

    Ok(super::png::grey_1bit(&data, side, side, PIXELS_PER_METRE)?)
}

/// Map a module coordinate including the quiet zone to one inside the code, if any.
fn module_in_code(x: u32, y: u32, modules: u32) -> Option<(usize, usize)> {
    let x = x.checked_sub(QUIET_ZONE_MODULES)?;
    let y = y.checked_sub(QUIET_ZONE_MODULES)?;
    (x < modules && y < modules).then_some((x as usize, y as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decode a PNG into (width, height, 8-bit grey pixels).
    fn decode_grey(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
        dec.set_transformations(png::Transformations::EXPAND);
        let mut reader = dec.read_info().expect("PNG header");
        let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
        let info = reader.next_frame(&mut buf).expect("PNG frame");
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    fn read_back(png_bytes: &[u8]) -> String {
        let (w, h, px) = decode_grey(png_bytes);
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
                px[y * w as usize + x]
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "exactly one QR code expected");
        let (meta, text) = grids[0].decode().expect("QR decodes");
        assert_eq!(meta.ecc_level, 0, "EC level M (rqrr numbers M as 0)");
        text
    }

    const LINKS: &[&str] = &[
        "https://t.me/kz_residence_bot?start=ru-almaty_office",
        "https://t.me/kz_residence_bot?start=kk-astana",
        "https://t.me/kz_residence_bot?start=en",
        "https://t.me/KzResidencePermitConsultingBot?start=ru-shymkent_office_door_2",
        // ~100 characters, the longest we expect.
        "https://t.me/kazakhstan_permanent_residence_bot?start=ru-almaty_office_flyer_2025_autumn_campaign_a",
    ];

    #[test]
    fn round_trips_through_a_qr_reader() {
        for link in LINKS {
            let png_bytes = qr_png(link).unwrap();
            assert_eq!(&read_back(&png_bytes), link);
        }
    }

    #[test]
    fn about_1000_px_square_with_whole_pixel_modules() {
        for link in LINKS {
            let png_bytes = qr_png(link).unwrap();
            let (w, h, px) = decode_grey(&png_bytes);
            assert_eq!(w, h);
            assert!((950..=1050).contains(&w), "side {w} px");
            let code =
                qrcode::QrCode::with_error_correction_level(*link, qrcode::EcLevel::M).unwrap();
            let total = code.width() as u32 + 2 * QUIET_ZONE_MODULES;
            assert_eq!(w % total, 0, "whole pixels per module");
            let scale = w / total;
            // Only pure black and white.
            assert!(px.iter().all(|&p| p == 0 || p == 255));
            // Quiet zone is white, the top-left finder pattern corner is black.
            let q = (QUIET_ZONE_MODULES * scale) as usize;
            let w = w as usize;
            assert!(px[..q * w].iter().all(|&p| p == 255), "top quiet zone");
            assert!((0..w).all(|y| px[y * w..y * w + q].iter().all(|&p| p == 255)));
            assert_eq!(
                px[q * w + q],
                0,
                "finder pattern starts right after the quiet zone"
            );
            assert_eq!(px[(q - 1) * w + q - 1], 255);
            assert!(png_bytes.len() < 20 * 1024, "{} bytes", png_bytes.len());
        }
    }

    #[test]
    fn empty_link_is_rejected() {
        assert!(matches!(qr_png(""), Err(QrError::EmptyLink)));
    }

    #[test]
    fn too_long_is_an_error_not_a_panic() {
        let huge = "x".repeat(5000);
        assert!(matches!(qr_png(&huge), Err(QrError::Encode(_))));
    }
}
