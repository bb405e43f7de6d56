//! Plotters' SVG, drawn the same with fewer bytes.
//!
//! Plotters writes every attribute on every element: the font family and
//! size on each label, `stroke="none"` on each filled shape, one element per
//! grid line and tick, a pale bar as a fill and a second rectangle for its
//! outline. Every page inlines two layouts of each of its charts, so these
//! bytes are most of a page. This pass reads plotters' output as XML and
//! writes the same drawing back:
//!
//! - the font family, and the most common label size and colour, said once
//!   on the root and inherited; attributes equal to what an element would
//!   inherit or to SVG's initial value left out;
//! - label text without the line breaks around it, empty labels dropped
//!   (SVG collapses and trims that whitespace, so nothing shown changes);
//! - a run of straight lines with the same stroke as one `<path>`;
//! - a pale fill followed by an outline of the same rectangle as one
//!   `<rect>` with `fill-opacity`;
//! - labels after the shapes, those of one style in a `<g>` that says it.
//!
//! Shapes keep their order, and so what is painted over what; labels are
//! painted over the shapes.

use std::borrow::Cow;

use roxmltree::{Document, Node};

use super::{ChartError, FONT_FAMILY, escape_xml};

/// Attributes whose value here is SVG's initial value, so saying it changes
/// nothing (the root sets none of them).
const INITIAL_VALUES: [(&str, &str); 5] = [
    ("stroke", "none"),
    ("opacity", "1"),
    ("stroke-width", "1"),
    ("text-anchor", "start"),
    ("font-weight", "normal"),
];

/// An attribute's name and value, borrowed from plotters' text where it
/// can be (a chart has hundreds of them).
type Attribute<'a> = (&'a str, Cow<'a, str>);

/// One drawing element after compaction.
#[derive(Debug, Clone, PartialEq)]
struct Element<'a> {
    tag: &'a str,
    attributes: Vec<Attribute<'a>>,
    text: Option<&'a str>,
}

impl<'a> Element<'a> {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
    }

    fn without(&self, names: &[&str]) -> Vec<Attribute<'a>> {
        self.attributes
            .iter()
            .filter(|(n, _)| !names.contains(n))
            .cloned()
            .collect()
    }
}

/// The root's attributes (plotters' size, viewBox and namespace, then the
/// style its labels inherit) and the compacted drawing, ready to follow a
/// `<title>` and `<desc>`.
pub(super) struct Compacted {
    pub root_attributes: String,
    pub body: String,
}

pub(super) fn compact(svg: &str) -> Result<Compacted, ChartError> {
    let document = Document::parse(svg)
        .map_err(|error| ChartError::Drawing(format!("plotters wrote invalid SVG: {error}")))?;
    let root = document.root_element();
    if !root.has_tag_name("svg") {
        return Err(ChartError::Drawing("plotters did not write <svg>".into()));
    }
    let mut elements = root
        .children()
        .filter(Node::is_element)
        .filter_map(read_element)
        .collect::<Vec<_>>();

    // What the labels share goes on the root. Its `fill` reaches no shape:
    // plotters gives each shape its own fill (or `none`), and so does
    // `merge_lines`.
    let font_size = most_common(&elements, "text", "font-size");
    let text_fill = most_common(&elements, "text", "fill");
    let inherited = [
        Some(("font-family", FONT_FAMILY.to_string())),
        font_size.map(|v| ("font-size", v)),
        text_fill.map(|v| ("fill", v)),
    ];
    for element in &mut elements {
        element.attributes.retain(|(name, value)| {
            let said_above = inherited
                .iter()
                .flatten()
                .any(|(n, v)| n == name && v == value);
            let initial = INITIAL_VALUES.contains(&(*name, value.as_ref()));
            !said_above && !initial
        });
    }

    let mut root_attributes = String::new();
    for attribute in root.attributes() {
        push_attribute(&mut root_attributes, attribute.name(), attribute.value());
    }
    // roxmltree reads the namespace declaration apart from the attributes.
    if let Some(namespace) = root.tag_name().namespace() {
        push_attribute(&mut root_attributes, "xmlns", namespace);
    }
    for (name, value) in inherited.iter().flatten() {
        push_attribute(&mut root_attributes, name, value);
    }
    let (labels, shapes): (Vec<_>, Vec<_>) = elements.into_iter().partition(|e| e.tag == "text");
    // With the labels out of the way, a chart's grid, axis and ticks are
    // one run of lines.
    let shapes = merge_lines(merge_outlined_rects(shapes));
    let mut body = String::with_capacity(svg.len() / 2);
    for shape in &shapes {
        push_element(&mut body, shape);
    }
    for (style, run) in label_runs(labels) {
        if run.len() == 1 || style.is_empty() {
            for label in &run {
                push_element(&mut body, label);
            }
            continue;
        }
        body.push_str("<g");
        for (name, value) in &style {
            push_attribute(&mut body, name, value);
        }
        body.push_str(">\n");
        for mut label in run {
            label.attributes.retain(|a| !style.contains(a));
            push_element(&mut body, &label);
        }
        body.push_str("</g>\n");
    }
    Ok(Compacted {
        root_attributes,
        body,
    })
}

fn push_element(out: &mut String, element: &Element<'_>) {
    out.push('<');
    out.push_str(element.tag);
    for (name, value) in &element.attributes {
        push_attribute(out, name, value);
    }
    match element.text {
        Some(text) => {
            out.push('>');
            out.push_str(&escape_xml(text));
            out.push_str("</");
            out.push_str(element.tag);
            out.push_str(">\n");
        }
        None => out.push_str("/>\n"),
    }
}

/// The inherited properties a label's look is made of (`dy` is not
/// inherited, so it stays on each label).
const LABEL_STYLE: [&str; 4] = ["font-size", "fill", "text-anchor", "font-weight"];

type Style<'a> = Vec<Attribute<'a>>;

/// Labels by style, each style in the order it first appears and its labels
/// in theirs. Labels are painted after every shape: no chart here puts a
/// shape over a label, and drawn last no label can be hidden by one.
fn label_runs(labels: Vec<Element<'_>>) -> Vec<(Style<'_>, Vec<Element<'_>>)> {
    let mut runs: Vec<(Style, Vec<Element>)> = Vec::new();
    for label in labels {
        let style: Style = label
            .attributes
            .iter()
            .filter(|(name, _)| LABEL_STYLE.contains(name))
            .cloned()
            .collect();
        match runs.iter_mut().find(|(s, _)| *s == style) {
            Some((_, run)) => run.push(label),
            None => runs.push((style, vec![label])),
        }
    }
    runs
}

fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&escape_xml(value));
    out.push('"');
}

/// An element as plotters wrote it (its SVG backend writes only shapes and
/// text, no groups), font sizes rounded; `None` for a label with no text.
fn read_element<'a>(node: Node<'a, '_>) -> Option<Element<'a>> {
    let tag = node.tag_name().name();
    let text = if tag == "text" {
        let text = node.text().unwrap_or_default().trim();
        if text.is_empty() {
            return None;
        }
        Some(text)
    } else {
        None
    };
    let attributes = node
        .attributes()
        .map(|a| {
            let value = if a.name() == "font-size" {
                Cow::Owned(round_font_size(a.value()))
            } else {
                Cow::Borrowed(a.value())
            };
            (a.name(), value)
        })
        .collect();
    Some(Element {
        tag,
        attributes,
        text,
    })
}

/// Plotters divides sizes by 1.24 in floating point and writes
/// `font-size="13.000000000000002"`; two decimals are plenty.
fn round_font_size(value: &str) -> String {
    match value.parse::<f64>() {
        Ok(size) => format!("{size:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
        Err(_) => value.to_string(),
    }
}

/// The value of `attribute` most `tag` elements have (the first seen, on a
/// tie), so that saying it once on the root removes it from most of them.
fn most_common(elements: &[Element<'_>], tag: &str, attribute: &str) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for value in elements
        .iter()
        .filter(|e| e.tag == tag)
        .filter_map(|e| e.get(attribute))
    {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (value, n) in counts {
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((value, n));
        }
    }
    best.map(|(value, _)| value.to_string())
}

const GEOMETRY: [&str; 4] = ["x", "y", "width", "height"];

/// A filled rectangle at partial opacity with nothing else to it, then an
/// unfilled outline of the same rectangle: one rectangle, filled at that
/// opacity and outlined (the fill is painted before the stroke either way).
fn merge_outlined_rects(elements: Vec<Element<'_>>) -> Vec<Element<'_>> {
    let mut out: Vec<Element> = Vec::with_capacity(elements.len());
    for element in elements {
        if let Some(previous) = out.last_mut()
            && previous.tag == "rect"
            && element.tag == "rect"
            && GEOMETRY.iter().all(|a| previous.get(a) == element.get(a))
            && previous.get("opacity").is_some()
            && previous.without(&GEOMETRY).len() == 2
            && previous.get("fill").is_some_and(|f| f != "none")
            && element.get("fill") == Some("none")
            && element.get("opacity").is_none()
        {
            let mut attributes = Vec::with_capacity(8);
            let mut opacity = Cow::Borrowed("");
            for (name, value) in previous.attributes.drain(..) {
                match name {
                    "opacity" => opacity = value,
                    _ => attributes.push((name, value)),
                }
            }
            // Geometry and the fill kept, the opacity moved to the fill.
            attributes.push(("fill-opacity", opacity));
            attributes.extend(element.without(&[&GEOMETRY[..], &["fill"]].concat()));
            previous.attributes = attributes;
            continue;
        }
        out.push(element);
    }
    out
}

/// The points of a `<line>` or an unfilled `<polyline>`, which draw the same
/// as a path through them.
fn line_points<'e>(element: &'e Element<'_>) -> Option<Vec<(&'e str, &'e str)>> {
    match element.tag {
        "line" => Some(vec![
            (element.get("x1")?, element.get("y1")?),
            (element.get("x2")?, element.get("y2")?),
        ]),
        "polyline" if element.get("fill") == Some("none") => element
            .get("points")?
            .split_whitespace()
            .map(|point| point.split_once(','))
            .collect(),
        _ => None,
    }
}

/// What a line (an element `line_points` reads) looks like: its attributes
/// but for where it runs. Lines at partial opacity are left alone, as
/// overlapping parts of one path are painted once where separate lines are
/// painted twice.
fn line_style<'a>(element: &Element<'a>) -> Option<Style<'a>> {
    if element.get("opacity").is_some() || element.get("stroke-opacity").is_some() {
        return None;
    }
    Some(element.without(&["x1", "y1", "x2", "y2", "points", "fill"]))
}

/// Consecutive straight lines of one style as one `<path>`.
fn merge_lines<'a>(elements: Vec<Element<'a>>) -> Vec<Element<'a>> {
    let mut out: Vec<Element> = Vec::with_capacity(elements.len());
    let mut run: Option<(Style, String)> = None;
    for element in elements {
        let line = line_points(&element).and_then(|points| Some((line_style(&element)?, points)));
        match line {
            Some((style, points)) => {
                let continues = run.as_ref().is_some_and(|(s, _)| *s == style);
                if !continues {
                    finish_run(&mut out, run.take());
                    run = Some((style, String::new()));
                }
                if let Some((_, d)) = run.as_mut() {
                    push_path(d, &points);
                }
            }
            None => {
                finish_run(&mut out, run.take());
                out.push(element);
            }
        }
    }
    finish_run(&mut out, run);
    out
}

/// A run of lines of one style (`style`, path data `d`) as its `<path>`.
fn finish_run<'a>(out: &mut Vec<Element<'a>>, run: Option<(Style<'a>, String)>) {
    if let Some((style, d)) = run {
        let mut attributes = vec![("fill", Cow::Borrowed("none"))];
        attributes.extend(style);
        attributes.push(("d", Cow::Owned(d)));
        out.push(Element {
            tag: "path",
            attributes,
            text: None,
        });
    }
}

/// Path data through `points`: `H`/`V` for level and upright segments.
fn push_path(d: &mut String, points: &[(&str, &str)]) {
    let Some(((x0, y0), rest)) = points.split_first() else {
        return;
    };
    for part in ["M", x0, " ", y0] {
        d.push_str(part);
    }
    let (mut x, mut y) = (*x0, *y0);
    for &(nx, ny) in rest {
        let parts: &[&str] = if ny == y {
            &["H", nx]
        } else if nx == x {
            &["V", ny]
        } else {
            &["L", nx, " ", ny]
        };
        for part in parts {
            d.push_str(part);
        }
        (x, y) = (nx, ny);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{palette, png, text_style};
    use plotters::prelude::*;

    /// What the charts draw: a titled mesh with tick labels and empty x
    /// labels, a bar, a pale bar with its outline, labels in two weights.
    fn drawn_by_plotters() -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (400, 240)).into_drawing_area();
            root.fill(&WHITE).unwrap();
            root.draw(&Text::new(
                "Cơ cấu bán lẻ",
                (16, 16),
                text_style(19.0, true, palette::INK),
            ))
            .unwrap();
            let no_label = |_: &f64| String::new();
            let mut chart = ChartBuilder::on(&root)
                .margin(40)
                .x_label_area_size(20)
                .y_label_area_size(40)
                .build_cartesian_2d(0f64..2f64, 0f64..100f64)
                .unwrap();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .bold_line_style(palette::GRID)
                .axis_style(palette::MUTED)
                .x_label_formatter(&no_label)
                .y_label_style(text_style(12.0, false, palette::MUTED))
                .draw()
                .unwrap();
            chart
                .draw_series([Rectangle::new(
                    [(0.2, 0.0), (0.8, 80.0)],
                    palette::BLUE.filled(),
                )])
                .unwrap();
            chart
                .draw_series([
                    Rectangle::new([(1.2, 0.0), (1.8, 60.0)], palette::GREEN.mix(0.3).filled()),
                    Rectangle::new([(1.2, 0.0), (1.8, 60.0)], palette::GREEN.stroke_width(2)),
                ])
                .unwrap();
            chart
                .draw_series([EmptyElement::at((0.5, 80.0))
                    + Text::new("31.620,6", (0, -4), text_style(13.0, true, palette::INK))])
                .unwrap();
            root.present().unwrap();
        }
        svg
    }

    #[test]
    fn a_compacted_chart_draws_the_same_pixels() {
        let original = drawn_by_plotters();
        let compacted = compact(&original).unwrap();
        let rewritten = format!(
            "<svg{}>\n{}</svg>\n",
            compacted.root_attributes, compacted.body
        );
        assert!(
            rewritten.len() * 10 < original.len() * 8,
            "{} → {} bytes",
            original.len(),
            rewritten.len()
        );
        let pixels = |svg: &str| {
            resvg::tiny_skia::Pixmap::decode_png(&png(svg, 800).unwrap())
                .unwrap()
                .data()
                .to_vec()
        };
        let (before, after) = (pixels(&original), pixels(&rewritten));
        assert_eq!(before.len(), after.len());
        // A pale bar's opacity is applied to its fill rather than to a
        // layer, which may round a channel the other way: by one in 255.
        let most = before
            .iter()
            .zip(&after)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or_default();
        assert!(most <= 1, "a channel differs by {most}");
        assert!(before.iter().zip(&after).filter(|(a, b)| a != b).count() < before.len() / 20);
    }

    fn compacted(body: &str) -> Compacted {
        compact(&format!(
            r#"<svg width="10" height="10" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">
{body}</svg>"#
        ))
        .unwrap()
    }

    #[test]
    fn says_what_labels_share_once_and_paints_them_over_the_shapes() {
        let family = escape_xml(FONT_FAMILY);
        let out = compacted(&format!(
            r##"<text x="1" y="2" font-family="{family}" font-size="13.000000000000002" fill="#1A1A1A">
a
</text>
<text x="1" y="4" font-family="{family}" font-size="13" fill="#1A1A1A" text-anchor="end">
b &amp; c
</text>
<text x="1" y="6" font-family="{family}" font-size="19" fill="#505050" text-anchor="start" font-weight="bold">
d
</text>
<text x="1" y="8" font-family="sans-serif" font-size="9.68" fill="#000000">

</text>
<rect x="0" y="0" width="1" height="1" fill="#0072B2" stroke="none"/>
<text x="1" y="9" font-family="{family}" font-size="13" fill="#1A1A1A" text-anchor="end">
e
</text>
"##
        ));
        assert_eq!(
            out.root_attributes,
            format!(
                r##" width="10" height="10" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" font-family="{family}" font-size="13" fill="#1A1A1A""##
            )
        );
        assert_eq!(
            out.body,
            r##"<rect x="0" y="0" width="1" height="1" fill="#0072B2"/>
<text x="1" y="2">a</text>
<g text-anchor="end">
<text x="1" y="4">b &amp; c</text>
<text x="1" y="9">e</text>
</g>
<text x="1" y="6" font-size="19" fill="#505050" font-weight="bold">d</text>
"##
        );
    }

    #[test]
    fn draws_a_run_of_lines_of_one_stroke_as_one_path() {
        let out = compacted(
            r##"<line opacity="1" stroke="#E1E1E1" stroke-width="1" x1="53" y1="351" x2="783" y2="351"/>
<line opacity="1" stroke="#E1E1E1" stroke-width="1" x1="53" y1="291" x2="783" y2="291"/>
<polyline fill="none" opacity="1" stroke="#505050" stroke-width="1" points="52,108 52,351 "/>
<polyline fill="none" opacity="1" stroke="#505050" stroke-width="1" points="47,351 52,351 "/>
<polyline fill="none" stroke="#505050" stroke-width="1" points="1,2 3,4 "/>
<rect x="0" y="0" width="1" height="1" fill="#0072B2" stroke="none"/>
<line stroke="#505050" stroke-width="2" x1="1" y1="1" x2="2" y2="2"/>
<line stroke="#505050" stroke-width="2" opacity="0.5" x1="1" y1="1" x2="2" y2="2"/>
"##,
        );
        assert_eq!(
            out.body,
            r##"<path fill="none" stroke="#E1E1E1" d="M53 351H783M53 291H783"/>
<path fill="none" stroke="#505050" d="M52 108V351M47 351H52M1 2L3 4"/>
<rect x="0" y="0" width="1" height="1" fill="#0072B2"/>
<path fill="none" stroke="#505050" stroke-width="2" d="M1 1L2 2"/>
<line stroke="#505050" stroke-width="2" opacity="0.5" x1="1" y1="1" x2="2" y2="2"/>
"##
        );
    }

    #[test]
    fn draws_a_pale_bar_and_its_outline_as_one_rectangle() {
        let out = compacted(
            r##"<rect x="1" y="2" width="3" height="4" opacity="0.3" fill="#0072B2" stroke="none"/>
<rect x="1" y="2" width="3" height="4" opacity="1" fill="none" stroke="#0072B2" stroke-width="2"/>
<rect x="1" y="2" width="3" height="4" opacity="0.3" fill="#0072B2" stroke="none"/>
<rect x="9" y="2" width="3" height="4" fill="none" stroke="#0072B2"/>
"##,
        );
        assert_eq!(
            out.body,
            r##"<rect x="1" y="2" width="3" height="4" fill="#0072B2" fill-opacity="0.3" stroke="#0072B2" stroke-width="2"/>
<rect x="1" y="2" width="3" height="4" opacity="0.3" fill="#0072B2"/>
<rect x="9" y="2" width="3" height="4" fill="none" stroke="#0072B2"/>
"##
        );
    }
}
