//! A QR code as inline SVG: a white square with the quiet zone the standard
//! asks for (four modules) and one path of dark modules, a horizontal run at
//! a time so that a page carries a few hundred bytes rather than a rect per
//! module. Printed on a briefing, it leads a reader back to the live page.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use crate::charts::ChartError;

/// Modules of white around the code, as ISO/IEC 18004 requires.
const QUIET_ZONE: usize = 4;

/// The QR code of `text` (a URL) as an SVG element with `label` as its
/// accessible name. Error correction M: it survives a smudged printout.
pub fn qr_code(text: &str, label: &str) -> Result<String, ChartError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|error| ChartError::Drawing(format!("mã QR: {error}")))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    x + QUIET_ZONE,
                    y + QUIET_ZONE
                );
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##,
        label = escape(label)
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_path_inside_a_square_with_a_quiet_zone() {
        let svg = qr_code("https://so-lieu.example.vn/ban-tin?nam=2023", "Mã QR").unwrap();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let root = document.root_element();
        let view_box = root.attribute("viewBox").unwrap();
        let size: usize = view_box.rsplit(' ').next().unwrap().parse().unwrap();
        // Version 3 (29 modules) for a URL of this length, plus the zone.
        assert_eq!(size, 29 + 2 * QUIET_ZONE);
        assert_eq!(root.attribute("role"), Some("img"));
        let paths: Vec<_> = root
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .collect();
        assert_eq!(paths.len(), 1);
        // Nothing dark is drawn inside the quiet zone.
        let d = paths[0].attribute("d").unwrap();
        for start in d.split('M').filter(|s| !s.is_empty()) {
            let mut coords = start.split(['h', ' ']);
            let x: usize = coords.next().unwrap().parse().unwrap();
            let y: usize = coords.next().unwrap().parse().unwrap();
            assert!((QUIET_ZONE..size - QUIET_ZONE).contains(&x), "{start}");
            assert!((QUIET_ZONE..size - QUIET_ZONE).contains(&y), "{start}");
        }
    }

    #[test]
    fn escapes_the_label() {
        let svg = qr_code("x", "a \"b\" & <c>").unwrap();
        assert!(svg.contains(r#"aria-label="a &quot;b&quot; &amp; &lt;c&gt;""#));
    }
}
