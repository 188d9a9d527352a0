//! The canvas adapter: sizes the `<canvas>` for a layout (device pixels for
//! crisp output at any devicePixelRatio) and draws a scene in two layers,
//! both through plotters. The base map is drawn into the canvas
//! (plotters-canvas) only when it changes: data, language, labels, layout,
//! zoom. Hover, focus and selection are drawn by the same `draw_overlay`
//! into SVG layers (plotters' SVG backend) over the canvas, see [`Overlay`].
//! The browser rasterises SVG off the main thread; a changed canvas must be
//! handed to the compositor from the main thread, which in the benchmark
//! cost more than the rest of a hover (see README, Benchmark).

use crate::layout::MapLayout;
use crate::render::{draw_base, draw_overlay, overlay_bounds, MapStyle};
use crate::scene::Scene;
use crate::state::ViewState;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

/// Gives the canvas the layout's device-pixel size and CSS size. The height
/// follows the width through `aspect-ratio`, so when the stage narrows (the
/// story panel opens) the browser scales the canvas until it is redrawn.
pub fn size(canvas: &HtmlCanvasElement, layout: &MapLayout) {
    canvas.set_width(layout.width);
    canvas.set_height(layout.height);
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{}px", layout.css_width));
    let _ = style.set_property("height", "auto");
    let _ = style.set_property("aspect-ratio", &format!("{} / {}", layout.width, layout.height));
}

/// Which highlight an overlay layer draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Highlight {
    Selected,
    Hovered,
    Focused,
}

impl Highlight {
    fn name(self) -> &'static str {
        match self {
            Highlight::Selected => "selected",
            Highlight::Hovered => "hovered",
            Highlight::Focused => "focused",
        }
    }
}

/// The highlights over the map: one SVG layer per (highlight, region),
/// drawn by `draw_overlay` through plotters' SVG backend the first time it
/// is needed and kept until the scene or style changes. A hover shows one
/// layer and hides another (two attribute changes, rasterised off the main
/// thread), like a D3 map toggling a class; it never redraws the canvas.
pub struct Overlay {
    root: Element,
    /// (highlight, region, element, shown)
    layers: RefCell<Vec<(Highlight, usize, Element, bool)>>,
}

impl Overlay {
    /// Layers go into `root`, an element stretched over the canvas.
    pub fn new(root: Element) -> Overlay {
        Overlay {
            root,
            layers: RefCell::new(Vec::new()),
        }
    }

    /// Drops every layer (the scene or the style changed).
    pub fn reset(&self) {
        self.layers.borrow_mut().clear();
        self.root.set_inner_html("");
    }

    /// Draws the layer of `highlight` on `region` unless it exists.
    fn ensure(&self, highlight: Highlight, region: usize, scene: &Scene, style: &MapStyle) -> Result<(), String> {
        let mut layers = self.layers.borrow_mut();
        if scene.regions.get(region).is_none() || layers.iter().any(|l| l.0 == highlight && l.1 == region) {
            return Ok(());
        }
        let only = match highlight {
            Highlight::Selected => ViewState {
                selected: Some(region),
                ..ViewState::default()
            },
            Highlight::Hovered => ViewState {
                hovered: Some(region),
                ..ViewState::default()
            },
            Highlight::Focused => ViewState {
                focused: Some(region),
                ..ViewState::default()
            },
        };
        // Only outlines and circles from our own geometry: no text.
        let mut svg = String::new();
        {
            let size = (scene.layout.width, scene.layout.height);
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw_overlay(&root, scene, &only, style).map_err(|e| e.to_string())?;
            root.present().map_err(|e| e.to_string())?;
        }
        self.root
            .insert_adjacent_html("beforeend", &svg)
            .map_err(|_| "cannot add an overlay layer")?;
        let element = self.root.last_element_child().ok_or("no overlay layer")?;
        let _ = element.set_attribute("data-highlight", highlight.name());
        // Just the highlight's box: showing or hiding the layer then
        // repaints that box, not the whole map.
        if let Some((x, y, w, h)) = overlay_bounds(scene, &only) {
            let (map_w, map_h) = (f64::from(scene.layout.width), f64::from(scene.layout.height));
            let percent = |v: i32, of: f64| format!("{}%", f64::from(v) / of * 100.0);
            let _ = element.set_attribute("viewBox", &format!("{x} {y} {w} {h}"));
            // Through the CSSOM: the page's CSP refuses style attributes.
            let css = element.unchecked_ref::<web_sys::SvgElement>().style();
            let _ = css.set_property("left", &percent(x, map_w));
            let _ = css.set_property("top", &percent(y, map_h));
            let _ = css.set_property("width", &percent(w as i32, map_w));
            let _ = css.set_property("height", &percent(h as i32, map_h));
        }
        layers.push((highlight, region, element, false));
        Ok(())
    }

    /// Draws the hover layers of up to `count` regions that have none yet
    /// (idle-time warming, so a first hover costs no more than later ones).
    /// Returns how many regions still lack one.
    ///
    /// # Errors
    /// Plotters reported a drawing error.
    pub fn warm(&self, scene: &Scene, style: &MapStyle, count: usize) -> Result<usize, String> {
        let missing: Vec<usize> = (0..scene.regions.len())
            .filter(|&r| {
                !self
                    .layers
                    .borrow()
                    .iter()
                    .any(|l| l.0 == Highlight::Hovered && l.1 == r)
            })
            .collect();
        for &region in missing.iter().take(count) {
            self.ensure(Highlight::Hovered, region, scene, style)?;
        }
        Ok(missing.len().saturating_sub(count))
    }

    /// Shows the layers of `state`, drawing the missing ones, and hides the rest.
    ///
    /// # Errors
    /// Plotters reported a drawing error.
    pub fn show(&self, scene: &Scene, state: &ViewState, style: &MapStyle) -> Result<(), String> {
        let wanted = [
            (Highlight::Selected, state.selected),
            (Highlight::Hovered, state.hovered.filter(|&h| Some(h) != state.selected)),
            (Highlight::Focused, state.focused),
        ];
        for (highlight, region) in wanted {
            if let Some(region) = region {
                self.ensure(highlight, region, scene, style)?;
            }
        }
        let mut layers = self.layers.borrow_mut();
        for (highlight, region, element, shown) in layers.iter_mut() {
            let show = wanted.contains(&(*highlight, Some(*region)));
            if show != *shown {
                let _ = if show {
                    element.set_attribute("data-on", "")
                } else {
                    element.remove_attribute("data-on")
                };
                *shown = show;
            }
        }
        Ok(())
    }
}

/// Draws the map: the base layer into `canvas` when `base_dirty` (which
/// also drops the overlay's layers, drawn for the old scene or style), then
/// the overlay's layers for `state`.
///
/// # Errors
/// The canvas has no 2D context, or plotters reported a drawing error.
pub fn draw(
    canvas: &HtmlCanvasElement,
    overlay: &Overlay,
    base_dirty: bool,
    scene: &Scene,
    state: &ViewState,
    style: &MapStyle,
) -> Result<(), String> {
    if base_dirty {
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
        let root = backend.into_drawing_area();
        draw_base(&root, scene, style).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
        overlay.reset();
    }
    overlay.show(scene, state, style)
}
