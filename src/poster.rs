//! A publication-ready static image: title, the map, the legend, notes,
//! source and credit, drawn through the same [`draw_map`] as the browser,
//! for PNG/SVG export (the command line's `render`, social cards, no-script
//! readers).
//!
//! The layout is computed first ([`PosterLayout::new`]) so the caller can size
//! the backend; [`draw_poster`] then draws exactly that layout.

use crate::labels::text_width_em;
use crate::present::{Legend, Swatch};
use crate::render::{draw_map, MapStyle, Theme};
use crate::scene::Scene;
use crate::state::ViewState;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The words around the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Poster {
    /// Title line.
    pub title: String,
    /// The legend of the current view.
    pub legend: Legend,
    /// Credit line (who made the map, boundaries).
    pub credit: String,
}

/// One line of text in the poster.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Title(String),
    LegendTitle(String),
    Entry {
        swatch: Swatch,
        label: String,
        detail: String,
    },
    Note(String),
}

/// Where everything goes, in device pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PosterLayout {
    /// Total size.
    pub width: u32,
    /// Total height.
    pub height: u32,
    /// Top of the map area.
    pub map_top: u32,
    lines_top: Vec<(Line, f64)>,
    lines_bottom: Vec<(Line, f64)>,
    ratio: f64,
    /// Where legend details start, CSS px from the swatch's right edge.
    detail_column: f64,
}

const MARGIN: f64 = 16.0;
const TITLE: f64 = 20.0;
const BODY: f64 = 13.0;
const SMALL: f64 = 11.5;

/// Splits text into lines no wider than `max_em` ems (estimated), at spaces
/// for Latin text and anywhere for CJK.
fn wrap(text: &str, max_em: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_inclusive(|c: char| c == ' ' || u32::from(c) >= 0x2e80) {
        if !current.is_empty() && text_width_em(&current) + text_width_em(word.trim_end()) > max_em {
            lines.push(current.trim_end().to_string());
            current.clear();
        }
        current.push_str(word);
    }
    if !current.trim().is_empty() {
        lines.push(current.trim_end().to_string());
    }
    lines
}

impl PosterLayout {
    /// Lays out a poster around a scene.
    pub fn new(scene: &Scene, poster: &Poster) -> Self {
        let d = scene.layout.device_pixel_ratio;
        let width = scene.layout.width;
        let css_width = scene.layout.css_width;
        let mut y = MARGIN;
        let mut lines_top = Vec::new();
        for line in wrap(&poster.title, (css_width - 2.0 * MARGIN) / TITLE) {
            y += TITLE * 1.3;
            lines_top.push((Line::Title(line), y * d));
        }
        y += 6.0;
        let map_top = (y * d).round() as u32;
        let mut y = 8.0;
        let mut lines_bottom = Vec::new();
        let widest_label = poster
            .legend
            .entries
            .iter()
            .map(|e| text_width_em(&e.label))
            .fold(0.0, f64::max);
        let detail_column = widest_label * BODY + 16.0;
        y += BODY * 1.5;
        lines_bottom.push((Line::LegendTitle(poster.legend.title.clone()), y * d));
        for entry in &poster.legend.entries {
            y += BODY * 1.5;
            let detail_lines = wrap(
                &entry.detail,
                ((css_width - 2.0 * MARGIN - 30.0 - detail_column) / SMALL).max(12.0),
            );
            lines_bottom.push((
                Line::Entry {
                    swatch: entry.swatch,
                    label: entry.label.clone(),
                    detail: detail_lines.first().cloned().unwrap_or_default(),
                },
                y * d,
            ));
            for more in detail_lines.iter().skip(1) {
                y += SMALL * 1.4;
                // A continuation line: no swatch, no label.
                lines_bottom.push((
                    Line::Entry {
                        swatch: entry.swatch,
                        label: String::new(),
                        detail: more.clone(),
                    },
                    y * d,
                ));
            }
        }
        y += 4.0;
        for note in poster.legend.notes.iter().chain(std::iter::once(&poster.credit)) {
            for line in wrap(note, (css_width - 2.0 * MARGIN) / SMALL) {
                y += SMALL * 1.45;
                lines_bottom.push((Line::Note(line), y * d));
            }
        }
        y += MARGIN;
        let height = map_top + scene.layout.height + (y * d).round() as u32;
        Self {
            width,
            height,
            map_top,
            lines_top,
            lines_bottom,
            ratio: d,
            detail_column,
        }
    }
}

/// Draws the poster: title, map, legend, notes and credit.
///
/// # Errors
/// Whatever the backend reports (for bitmaps: a font must be available).
pub fn draw_poster<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    layout: &PosterLayout,
    scene: &Scene,
    state: &ViewState,
    style: &MapStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let theme: &Theme = &style.theme;
    let d = layout.ratio;
    root.fill(&theme.background)?;
    let (top, rest) = root.split_vertically(layout.map_top);
    let (map, bottom) = rest.split_vertically(scene.layout.height);
    draw_map(&map, scene, state, style)?;
    let family = style.font_family.as_str();
    let left = (MARGIN * d).round() as i32;
    let baseline = Pos::new(HPos::Left, VPos::Bottom);
    let text = |area: &DrawingArea<DB, Shift>, s: &str, x: i32, y: f64, size: f64, color: RGBColor| {
        let font = crate::render::font(family, size * d).color(&color).pos(baseline);
        area.draw(&Text::new(s.to_string(), (x, y.round() as i32), font))
    };
    for (line, y) in &layout.lines_top {
        if let Line::Title(t) = line {
            text(&top, t, left, *y, TITLE, theme.label)?;
        }
    }
    let muted = theme.frame;
    for (line, y) in &layout.lines_bottom {
        match line {
            Line::Title(_) => {}
            Line::LegendTitle(t) => text(&bottom, t, left, *y, BODY + 1.0, theme.label)?,
            Line::Entry { swatch, label, detail } => {
                let sw = (22.0 * d) as i32;
                let sh = (12.0 * d) as i32;
                let y0 = (*y - (BODY + 1.0) * d).round() as i32;
                if !label.is_empty() {
                    let rect = [(left, y0), (left + sw, y0 + sh)];
                    match swatch {
                        Swatch::Color(c) => bottom.draw(&Rectangle::new(rect, c.filled()))?,
                        Swatch::Hatch => {
                            bottom.draw(&Rectangle::new(rect, theme.land.filled()))?;
                            let step = (4.0 * d).max(2.0) as i32;
                            let mut k = -sh;
                            while k < sw {
                                let (x0, x1) = (left + k.max(0), left + (k + sh).min(sw));
                                let (ya, yb) = (y0 + (x0 - left - k), y0 + (x1 - left - k));
                                bottom
                                    .draw(&PathElement::new(vec![(x0, ya), (x1, yb)], theme.hatch.stroke_width(1)))?;
                                k += step;
                            }
                        }
                    }
                    bottom.draw(&Rectangle::new(rect, theme.coast.stroke_width(1)))?;
                    text(&bottom, label, left + sw + (8.0 * d) as i32, *y, BODY, theme.label)?;
                }
                let column = (layout.detail_column * d) as i32;
                text(&bottom, detail, left + sw + (8.0 * d) as i32 + column, *y, SMALL, muted)?;
            }
            Line::Note(t) => text(&bottom, t, left, *y, SMALL, muted)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_the_width_in_both_scripts() {
        let lines = wrap("one two three four five six seven", 10.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width_em(l) <= 10.0), "{lines:?}");
        let cjk = wrap("边界据自然地球数据仅供示意不绘制主张线", 6.0);
        assert!(cjk.iter().all(|l| text_width_em(l) <= 6.0), "{cjk:?}");
        assert_eq!(cjk.concat(), "边界据自然地球数据仅供示意不绘制主张线");
    }
}
