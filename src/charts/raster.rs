//! PNG from a chart's SVG, drawn on the server with resvg and the same
//! committed font the SVG was measured with, so every Vietnamese glyph
//! comes out right whatever fonts the machine has.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{BOLD_TTF, ChartError, REGULAR_TTF};

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(REGULAR_TTF.to_vec());
        fonts.load_font_data(BOLD_TTF.to_vec());
        // Only the committed font is loaded, so any family the SVG names
        // falls back to it.
        fonts.set_sans_serif_family("DejaVu Sans");
        usvg::Options {
            font_family: "DejaVu Sans".to_string(),
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        }
    })
}

/// Rasterises `svg` to a PNG `width` pixels wide, on white.
pub fn png(svg: &str, width: u32) -> Result<Vec<u8>, ChartError> {
    let tree = usvg::Tree::from_str(svg, options())
        .map_err(|e| ChartError::Drawing(format!("SVG không đọc được: {e}")))?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| ChartError::Drawing(format!("kích thước ảnh {width}×{height}")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError::Drawing(format!("không mã hoá được PNG: {e}")))
}
