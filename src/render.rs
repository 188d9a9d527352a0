//! Drawing the map through any plotters [`DrawingBackend`]: the browser's
//! canvas, or natively a bitmap or SVG (golden tests, static images).
//!
//! The drawing code only uses `fill`, `Polygon`, `PathElement` and `Circle`,
//! in device pixels straight from the [`Scene`], so every backend gets the
//! same shapes. Order: background; per frame (main, then inset with its own
//! background and frame line) the region fills, then the border arcs, each
//! drawn once; then the hovered outline; then the selected outline on top;
//! finally the callout markers for regions too small to see.

use crate::color_scale::{contrast, Fill};
use crate::labels::PlacedLabel;
use crate::layout::FrameKind;
use crate::scene::{DevicePoint, DrawnPolygon, Scene};
use crate::state::ViewState;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A font for `family` (a CSS font-family list) at `size` px. Built directly
/// rather than through plotters' `(&str, size).into_font()`, which lower-cases
/// the family name and so pulls the full Unicode case tables (about 10 KB)
/// into the WebAssembly.
pub fn font(family: &str, size: f64) -> FontDesc<'_> {
    FontDesc::new(FontFamily::Name(family), size, FontStyle::Normal)
}

/// Colours of everything that is not data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Canvas background (the sea).
    pub background: RGBColor,
    /// Land without a data colour.
    pub land: RGBColor,
    /// Borders between regions.
    pub border: RGBColor,
    /// Coastlines and outer borders.
    pub coast: RGBColor,
    /// Outline of the hovered region.
    pub hover: RGBColor,
    /// Outline of the selected region.
    pub selected: RGBColor,
    /// The inset's frame line.
    pub frame: RGBColor,
    /// Hatch lines of "no figure reported".
    pub hatch: RGBColor,
    /// The keyboard focus ring (≥ 3:1 against land, sea and data colours,
    /// with a thin background-coloured core line).
    pub focus: RGBColor,
    /// Text on the background (titles, callout labels).
    pub label: RGBColor,
}

impl Theme {
    /// The dark theme (for `prefers-color-scheme: dark` and `--theme dark`).
    pub const DARK: Theme = Theme {
        background: RGBColor(0x12, 0x14, 0x16),
        land: RGBColor(0x3a, 0x3d, 0x42),
        border: RGBColor(0x12, 0x14, 0x16),
        coast: RGBColor(0x8d, 0x93, 0x9b),
        hover: RGBColor(0xd0, 0xd4, 0xda),
        selected: RGBColor(0xff, 0xff, 0xff),
        frame: RGBColor(0x9a, 0xa0, 0xa8),
        hatch: RGBColor(0x5c, 0x61, 0x68),
        focus: RGBColor(0x8a, 0xb4, 0xf8),
        label: RGBColor(0xf0, 0xf0, 0xf0),
    };

    /// The light theme. Outline colours contrast ≥ 3:1 with land and sea
    /// (WCAG 2.2 non-text contrast).
    pub const LIGHT: Theme = Theme {
        background: RGBColor(0xff, 0xff, 0xff),
        land: RGBColor(0xe4, 0xe1, 0xda),
        border: RGBColor(0xff, 0xff, 0xff),
        coast: RGBColor(0x8a, 0x86, 0x7e),
        hover: RGBColor(0x3b, 0x3b, 0x3b),
        selected: RGBColor(0x00, 0x00, 0x00),
        frame: RGBColor(0x76, 0x72, 0x6a),
        hatch: RGBColor(0xb4, 0xb0, 0xa8),
        focus: RGBColor(0x0b, 0x57, 0xd0),
        label: RGBColor(0x1f, 0x1f, 0x1f),
    };
}

/// What the renderer needs besides the scene and state: colours and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct MapStyle {
    /// Non-data colours.
    pub theme: Theme,
    /// Fill per region (atlas order); regions past the end are plain land.
    pub fills: Vec<Fill>,
    /// Placed labels (see [`crate::labels::place_labels`]); empty for none.
    pub labels: Vec<PlacedLabel>,
    /// Label font size, device px.
    pub label_size: f64,
    /// Label font family (a CSS font family list on the canvas).
    pub font_family: String,
}

impl MapStyle {
    /// Every region in the theme's land colour, no labels.
    pub fn plain(theme: Theme) -> Self {
        Self {
            theme,
            fills: Vec::new(),
            labels: Vec::new(),
            label_size: 12.0,
            font_family: "sans-serif".into(),
        }
    }

    /// The colour a region is painted with (its hatch is drawn on top).
    pub fn color_of(&self, index: usize) -> RGBColor {
        match self.fills.get(index) {
            Some(Fill::Color(c)) => *c,
            _ => self.theme.land,
        }
    }

    fn hatched(&self, index: usize) -> bool {
        matches!(self.fills.get(index), Some(Fill::NoData))
    }
}

/// Draws the whole map: the base layer, then the pointer/keyboard overlay.
///
/// # Errors
/// Whatever the backend reports; nothing here fails on its own.
pub fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    state: &ViewState,
    style: &MapStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    draw_base(area, scene, style)?;
    draw_overlay(area, scene, state, style)
}

/// The device-pixel box `(x, y, width, height)` that [`draw_overlay`] draws
/// into for `state`, padded for its widest stroke and clipped to the map;
/// `None` when the overlay is empty. The browser gives each highlight layer
/// just this box, so showing or hiding one repaints only its region.
pub fn overlay_bounds(scene: &Scene, state: &ViewState) -> Option<(i32, i32, u32, u32)> {
    let d = scene.layout.device_pixel_ratio;
    let pad = (4.0 * d).ceil() + 2.0; // the focus ring is the widest stroke (4 CSS px)
    let mut b = crate::geometry::Bounds::EMPTY;
    for index in [state.selected, state.hovered, state.focused].into_iter().flatten() {
        let Some(region) = scene.regions.get(index) else {
            continue;
        };
        for polygon in &region.polygons {
            b = b.union(polygon.bounds);
        }
        if let Some(c) = region.callout {
            let r = c.radius.ceil();
            b = b.union(crate::geometry::Bounds {
                min_x: c.to.x - r,
                min_y: c.to.y - r,
                max_x: c.to.x + r,
                max_y: c.to.y + r,
            });
        }
    }
    if b.is_empty() {
        return None;
    }
    let (w, h) = (f64::from(scene.layout.width), f64::from(scene.layout.height));
    let x0 = (b.min_x - pad).floor().clamp(0.0, w);
    let y0 = (b.min_y - pad).floor().clamp(0.0, h);
    let x1 = (b.max_x + pad).ceil().clamp(0.0, w);
    let y1 = (b.max_y + pad).ceil().clamp(0.0, h);
    (x1 > x0 && y1 > y0).then_some((x0 as i32, y0 as i32, (x1 - x0) as u32, (y1 - y0) as u32))
}

/// Outlines a region's drawn rings.
fn outline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    index: usize,
    color: RGBColor,
    width: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if let Some(region) = scene.regions.get(index) {
        for polygon in &region.polygons {
            for ring in &polygon.rings {
                let mut closed = ring.clone();
                closed.extend(ring.first().copied());
                area.draw(&PathElement::new(closed, color.stroke_width(width)))?;
            }
        }
    }
    Ok(())
}

/// What changes on a pointer move, key press or click: the selected outline,
/// the hovered outline (each with its callout ring) and the keyboard focus
/// ring. The browser draws it over a cached copy of the base layer, so
/// hovering and selecting never redraw the map.
///
/// # Errors
/// Whatever the backend reports.
pub fn draw_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    state: &ViewState,
    style: &MapStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let theme = &style.theme;
    let d = scene.layout.device_pixel_ratio;
    let px = |css: f64| ((css * d).round() as u32).max(1);
    if let Some(s) = state.selected {
        outline(area, scene, s, theme.selected, px(2.5))?;
        if let Some(callout) = scene.regions.get(s).and_then(|r| r.callout) {
            let to = (callout.to.x.round() as i32, callout.to.y.round() as i32);
            let ring = theme.selected.stroke_width(px(2.5));
            area.draw(&Circle::new(to, callout.radius.round() as i32, ring))?;
        }
    }
    if let Some(h) = state.hovered.filter(|&h| Some(h) != state.selected) {
        outline(area, scene, h, theme.hover, px(1.5))?;
        if let Some(callout) = scene.regions.get(h).and_then(|r| r.callout) {
            let to = (callout.to.x.round() as i32, callout.to.y.round() as i32);
            area.draw(&Circle::new(
                to,
                callout.radius.round() as i32,
                theme.hover.stroke_width(px(1.5)),
            ))?;
        }
    }
    if let Some(f) = state.focused {
        outline(area, scene, f, theme.focus, px(4.0))?;
        outline(area, scene, f, theme.background, px(1.0))?;
    }
    Ok(())
}

/// Everything but the overlay: background, fills and hatching, borders,
/// the inset, callouts and labels. Independent of hover, focus and selection
/// (the labels' order, which puts the selected region's label first, is
/// decided before, in `MapStyle::labels`).
///
/// # Errors
/// Whatever the backend reports.
pub fn draw_base<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    style: &MapStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let theme = &style.theme;
    let d = scene.layout.device_pixel_ratio;
    let px = |css: f64| ((css * d).round() as u32).max(1);
    area.fill(&theme.background)?;

    for frame in &scene.layout.frames {
        if frame.kind == FrameKind::Inset && frame.rect.width() > 0.0 {
            let r = frame.rect;
            let corners = [(r.min_x, r.min_y), (r.max_x, r.max_y)].map(|(x, y)| (x.round() as i32, y.round() as i32));
            area.draw(&Rectangle::new(corners, theme.background.filled()))?;
        }
        let hatch = theme.hatch.stroke_width(px(0.75));
        for (index, region) in scene.regions.iter().enumerate() {
            let fill = style.color_of(index).filled();
            for polygon in region.polygons.iter().filter(|p| p.frame == frame.kind) {
                area.draw(&Polygon::new(bridged(polygon), fill))?;
                if style.hatched(index) {
                    for &(a, b) in &polygon.hatch {
                        area.draw(&PathElement::new(vec![a, b], hatch))?;
                    }
                }
            }
        }
        for arc in scene.arcs.iter().filter(|a| a.frame == frame.kind) {
            let (color, width) = if arc.coast {
                (theme.coast, 0.75)
            } else {
                (theme.border, 0.75)
            };
            area.draw(&PathElement::new(arc.points.clone(), color.stroke_width(px(width))))?;
        }
        if frame.kind == FrameKind::Inset && frame.rect.width() > 0.0 {
            let r = frame.rect;
            let (x0, y0, x1, y1) = (
                r.min_x.round() as i32,
                r.min_y.round() as i32,
                r.max_x.round() as i32,
                r.max_y.round() as i32,
            );
            let outline = vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
            area.draw(&PathElement::new(outline, theme.frame.stroke_width(px(1.0))))?;
        }
    }

    for (index, region) in scene.regions.iter().enumerate() {
        let Some(callout) = region.callout else { continue };
        let from = (callout.from.x.round() as i32, callout.from.y.round() as i32);
        let to = (callout.to.x.round() as i32, callout.to.y.round() as i32);
        area.draw(&PathElement::new(vec![from, to], theme.coast.stroke_width(px(1.0))))?;
        let radius = callout.radius.round() as i32;
        area.draw(&Circle::new(to, radius, style.color_of(index).filled()))?;
        area.draw(&Circle::new(to, radius, theme.coast.stroke_width(px(1.0))))?;
    }

    for label in &style.labels {
        // Text on the region's own fill (callout labels sit on the sea).
        // On its region's fill: whichever of near-black and white contrasts
        // more; callout labels sit on the background and use the theme's ink.
        let on_fill = scene.regions.get(label.region).is_some_and(|r| r.callout.is_none());
        let color = if on_fill {
            let fill = style.color_of(label.region);
            let (ink, paper) = (RGBColor(0x1f, 0x1f, 0x1f), RGBColor(0xff, 0xff, 0xff));
            if contrast(fill, ink) >= contrast(fill, paper) {
                ink
            } else {
                paper
            }
        } else {
            theme.label
        };
        let font = font(&style.font_family, style.label_size).color(&color);
        let anchor = plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        );
        let at = (label.centre.x.round() as i32, label.centre.y.round() as i32);
        area.draw(&Text::new(label.text.clone(), at, font.pos(anchor)))?;
    }
    Ok(())
}

/// One vertex list for a polygon with holes: the exterior, then each hole
/// joined to the exterior's first vertex by a zero-width bridge. Holes run the
/// other way round, so both the even-odd and the non-zero rule leave them empty.
fn bridged(polygon: &DrawnPolygon) -> Vec<DevicePoint> {
    let mut rings = polygon.rings.iter();
    let Some(outer) = rings.next() else { return Vec::new() };
    let mut points = outer.clone();
    let Some(&start) = outer.first() else { return points };
    for hole in rings {
        points.push(start);
        points.extend(hole.iter().copied());
        points.extend(hole.first().copied());
        points.push(start);
    }
    points
}
