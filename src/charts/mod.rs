//! Charts: pure functions from figures to SVG text. No actix, no SQL.
//!
//! Every chart follows plotters' own sequence (fill → `ChartBuilder` → mesh →
//! series → `present()`), renders into a `String`, and is then given what
//! plotters does not write: a `<title>` and `<desc>` for screen readers and
//! an ARIA role. SVG output is deterministic, so charts can be tested as
//! text.
//!
//! Text is laid out with the metrics of the font the page uses (DejaVu Sans,
//! committed under `static/fonts/`), read with `ab_glyph`: plotters' default
//! estimate counts bytes, and every Vietnamese letter with a diacritic is two
//! or three bytes, so labels would be placed as if they were far wider.

mod bars;
mod compact;
mod history;
mod progress;
mod qr;
mod raster;
mod retail;
mod spark;
mod trade;

pub use history::{HistoryChart, HistoryPoint, history};
pub use progress::{ProgressChart, ProgressPoint, progress};
pub use qr::qr_code;
pub use raster::png;
pub use retail::{RetailComposition, RetailPart, retail_composition};
pub use spark::{SparkChart, SparkPoint, spark};
pub use trade::{TradeBalanceChart, TradeYear, trade_balance};

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor};

/// The family name charts write into SVG. Plotters writes the family it was
/// given verbatim into `font-family`, so registering the font under a CSS
/// font stack makes a downloaded SVG fall back gracefully on a machine
/// without DejaVu Sans, while pages (which load the web font under the same
/// first name) show exactly the font the text was measured with.
pub const FONT_FAMILY: &str = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif";

static REGULAR_TTF: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../static/fonts/DejaVuSans-Bold.ttf");

/// Plotters writes `font-size` as its size divided by 1.24; asking for
/// `px × 1.24` yields text of exactly `px` pixels, the size `text_width`
/// measures.
const PLOTTERS_SIZE_RATIO: f64 = 1.24;

/// Colours: the Okabe–Ito palette, which stays distinguishable with every
/// common kind of colour blindness; each one holds at least 3:1 contrast
/// against white, as WCAG asks of graphics.
pub mod palette {
    use plotters::style::RGBColor;
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    pub const VERMILION: RGBColor = RGBColor(213, 94, 0);
    pub const GREEN: RGBColor = RGBColor(0, 130, 90);
    /// Text: near-black on white, 16:1.
    pub const INK: RGBColor = RGBColor(26, 26, 26);
    /// Secondary text (axes, source): 7:1 on white.
    pub const MUTED: RGBColor = RGBColor(80, 80, 80);
    pub const GRID: RGBColor = RGBColor(225, 225, 225);
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("không vẽ được biểu đồ: {0}")]
    Drawing(String),
    #[error("biểu đồ thiếu số liệu: {0}")]
    NoData(&'static str),
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(error: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError::Drawing(error.to_string())
    }
}

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

/// Loads the fonts once, for measuring here and for plotters' own layout.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let load = |bytes: &'static [u8]| {
            FontRef::try_from_slice(bytes).expect("the committed DejaVu Sans font is a valid font")
        };
        // Registration fails only on an invalid font, which `load` has ruled out.
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, REGULAR_TTF);
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, BOLD_TTF);
        Fonts {
            regular: load(REGULAR_TTF),
            bold: load(BOLD_TTF),
        }
    })
}

/// The width in pixels of `text` set at `px` pixels, kerning included.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    let fonts = fonts();
    let font = if bold { &fonts.bold } else { &fonts.regular };
    let units_per_em = f64::from(font.units_per_em().unwrap_or(2048.0));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let glyph = font.glyph_id(c);
        width += f64::from(font.h_advance_unscaled(glyph));
        if let Some(previous) = previous {
            width += f64::from(font.kern_unscaled(previous, glyph));
        }
        previous = Some(glyph);
    }
    width / units_per_em * px
}

/// A plotters font of `px` pixels in the chart family.
fn font(px: f64, bold: bool) -> FontDesc<'static> {
    fonts();
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        px * PLOTTERS_SIZE_RATIO,
        style,
    )
}

fn text_style(px: f64, bold: bool, color: RGBColor) -> plotters::style::TextStyle<'static> {
    use plotters::style::Color;
    font(px, bold).color(&color.to_rgba())
}

/// Shortens `text` with "…" until it fits in `max_width` pixels.
fn fit(text: &str, px: f64, bold: bool, max_width: f64) -> String {
    if text_width(text, px, bold) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(&candidate, px, bold) <= max_width {
            return candidate;
        }
    }
    String::new()
}

/// Breaks `text` into lines no wider than `max_width` pixels, at spaces.
fn wrap(text: &str, px: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || text_width(&candidate, px, bold) <= max_width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The years a chart covers, as its title says them: "năm 2023" or
/// "2022–2024"; `None` when it covers none. `years` are oldest first.
fn period(years: &[i32]) -> Option<String> {
    match (years.first(), years.last()) {
        (Some(first), Some(last)) if first == last => Some(format!("năm {last}")),
        (Some(first), Some(last)) => Some(format!("{first}–{last}")),
        _ => None,
    }
}

/// The parts every chart shares: a title and subtitle above, the source and
/// status below, wrapped to the chart's width with the real font metrics.
struct Frame {
    title: Vec<String>,
    subtitle: Vec<String>,
    footer: Vec<String>,
}

const MARGIN: f64 = 16.0;
const TITLE_PX: f64 = 19.0;
const SUBTITLE_PX: f64 = 13.0;
const FOOTER_PX: f64 = 12.0;
const LINE_GAP: f64 = 1.35;

impl Frame {
    fn new(width: u32, title: &str, subtitle: &str, footer: &str) -> Frame {
        let max = f64::from(width) - 2.0 * MARGIN;
        Frame {
            title: wrap(title, TITLE_PX, true, max),
            subtitle: wrap(subtitle, SUBTITLE_PX, false, max),
            footer: wrap(footer, FOOTER_PX, false, max),
        }
    }

    fn header_height(&self) -> u32 {
        let lines = self.title.len() as f64 * TITLE_PX * LINE_GAP
            + self.subtitle.len() as f64 * SUBTITLE_PX * LINE_GAP;
        (MARGIN + lines + 10.0).ceil() as u32
    }

    fn footer_height(&self) -> u32 {
        (self.footer.len() as f64 * FOOTER_PX * LINE_GAP + MARGIN).ceil() as u32
    }

    /// Draws the header at the top of `root` and the footer at the bottom.
    fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        root: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
        height: u32,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        use plotters::element::Text;
        let x = MARGIN as i32;
        let mut y = MARGIN;
        for line in &self.title {
            root.draw(&Text::new(
                line.clone(),
                (x, y as i32),
                text_style(TITLE_PX, true, palette::INK),
            ))?;
            y += TITLE_PX * LINE_GAP;
        }
        for line in &self.subtitle {
            root.draw(&Text::new(
                line.clone(),
                (x, y as i32),
                text_style(SUBTITLE_PX, false, palette::MUTED),
            ))?;
            y += SUBTITLE_PX * LINE_GAP;
        }
        let mut y = f64::from(height) - self.footer_height() as f64 + MARGIN / 2.0;
        for line in &self.footer {
            root.draw(&Text::new(
                line.clone(),
                (x, y as i32),
                text_style(FOOTER_PX, false, palette::MUTED),
            ))?;
            y += FOOTER_PX * LINE_GAP;
        }
        Ok(())
    }
}

/// The width a chart is laid out for. Pages inline both: the wide layout
/// from tablets up, the narrow one on phones, where the wide one shrunk to
/// fit would set its labels at 5–6 px. Downloads and PNGs are wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Wide,
    Narrow,
}

impl Width {
    pub fn pixels(self) -> u32 {
        match self {
            Width::Wide => 800,
            Width::Narrow => 400,
        }
    }
}

/// What a screen reader announces for a chart, and the ids that tie the
/// `<title>`/`<desc>` to it (unique per chart so that several charts can be
/// inlined in one page).
pub struct Accessible<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

/// What a chart's description adds after a value derived from a published
/// change, not published itself.
pub(crate) fn derived_mark(derived: bool) -> &'static str {
    if derived {
        " (suy ra từ tốc độ tăng)"
    } else {
        ""
    }
}

/// Gives plotters' SVG its accessible name and description, lets it scale
/// with its container, and writes it compactly (see `compact`).
fn finish_svg(svg: String, accessible: &Accessible<'_>) -> Result<String, ChartError> {
    #[cfg(test)]
    if AS_DRAWN.get() {
        return Ok(svg);
    }
    let compacted = compact::compact(&svg)?;
    let id = accessible.id;
    let mut out = String::with_capacity(compacted.body.len() + 1024);
    out.push_str(&format!(
        "<svg{} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" \
         preserveAspectRatio=\"xMidYMid meet\">\n<title id=\"{id}-title\">{}</title>\n\
         <desc id=\"{id}-desc\">{}</desc>\n",
        compacted.root_attributes,
        escape_xml(accessible.title),
        escape_xml(accessible.description)
    ));
    out.push_str(&compacted.body);
    out.push_str("</svg>\n");
    Ok(out)
}

#[cfg(test)]
thread_local! {
    /// Set by `as_drawn`: charts come out as plotters drew them.
    static AS_DRAWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `draw` with charts left as plotters wrote them, not compacted:
/// for tests that compare the two.
#[cfg(test)]
pub fn as_drawn<T>(draw: impl FnOnce() -> T) -> T {
    AS_DRAWN.set(true);
    let drawn = draw();
    AS_DRAWN.set(false);
    drawn
}

#[cfg(test)]
/// Every pixel of `a` and `b`, drawn at the chart's own width, within
/// one step in 255 (a pale bar's opacity applied to its fill rather
/// than to a layer may round a channel the other way).
pub fn assert_same_pixels(name: &str, a: &str, b: &str) {
    let pixels = |svg: &str| {
        resvg::tiny_skia::Pixmap::decode_png(&png(svg, 800).unwrap())
            .unwrap()
            .data()
            .to_vec()
    };
    let (a, b) = (pixels(a), pixels(b));
    assert_eq!(a.len(), b.len(), "{name}");
    let most = a.iter().zip(&b).map(|(x, y)| x.abs_diff(*y)).max();
    assert!(
        most.unwrap_or_default() <= 1,
        "{name}: a channel differs by {most:?}"
    );
    let differing = a.iter().zip(&b).filter(|(x, y)| x != y).count();
    assert!(
        differing < a.len() / 20,
        "{name}: {differing} channels differ"
    );
}

/// `text` escaped for XML and HTML text and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A round upper bound for an axis: a power of ten times 1, 1.2, 1.5, 2,
/// 2.5, 3, 4, 5, 6 or 8, so that bars use most of the width.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|candidate| *candidate >= value)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_vietnamese_text_by_its_glyphs_not_its_bytes() {
        let plain = "Thuong nghiep";
        let accented = "Thương nghiệp";
        assert!(accented.len() > plain.len() + 2);
        let (w_plain, w_accented) = (
            text_width(plain, 14.0, false),
            text_width(accented, 14.0, false),
        );
        // The same letters with diacritics are hardly wider on screen.
        assert!(
            (w_accented - w_plain).abs() < 0.1 * w_plain,
            "{w_plain} vs {w_accented}"
        );
        assert!(text_width("Thương nghiệp", 14.0, true) > w_accented);
        assert!(text_width("Thương nghiệp", 28.0, false) > 1.9 * w_accented);
    }

    #[test]
    fn shortens_text_that_does_not_fit() {
        let long = "Dịch vụ lữ hành và hoạt động hỗ trợ du lịch";
        let short = fit(long, 14.0, false, 120.0);
        assert!(short.ends_with('…'));
        assert!(text_width(&short, 14.0, false) <= 120.0);
        assert_eq!(fit("Thương nghiệp", 14.0, false, 500.0), "Thương nghiệp");
    }

    #[test]
    fn wraps_long_lines_at_spaces_within_the_width() {
        let text = "Nguồn: Báo Tiền Phong, 12/2023: phỏng vấn ông Phạm Văn Binh, Giám đốc Sở Công Thương tỉnh Gia Lai";
        let lines = wrap(text, 12.0, false, 300.0);
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 300.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn rounds_axis_bounds_up_to_nice_numbers() {
        assert_eq!(nice_ceiling(90_173.0), 100_000.0);
        assert_eq!(nice_ceiling(680.0), 800.0);
        assert_eq!(nice_ceiling(210.0), 250.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }
}
