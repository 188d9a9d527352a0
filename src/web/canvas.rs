//! The canvas adapter: sizes the `<canvas>` for a layout (device pixels for
//! crisp output at any devicePixelRatio) and draws a scene through
//! plotters-canvas in two layers: the base map is drawn into an offscreen
//! canvas only when it changes (data, language, selection, layout, zoom); a
//! hover or focus change copies it back and draws the overlay on top.

use crate::layout::MapLayout;
use crate::render::{draw_base, draw_overlay, MapStyle};
use crate::scene::Scene;
use crate::state::ViewState;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| "the canvas has no 2D context".to_string())
}

/// Draws the map onto `canvas`, redrawing the base layer into `base` first
/// when `base_dirty`.
///
/// # Errors
/// The canvas has no 2D context, or plotters reported a drawing error.
pub fn draw(
    canvas: &HtmlCanvasElement,
    base: &HtmlCanvasElement,
    base_dirty: bool,
    scene: &Scene,
    state: &ViewState,
    style: &MapStyle,
) -> Result<(), String> {
    if base_dirty || base.width() != canvas.width() || base.height() != canvas.height() {
        base.set_width(canvas.width());
        base.set_height(canvas.height());
        let backend = CanvasBackend::with_canvas_object(base.clone()).ok_or("the canvas has no 2D context")?;
        let root = backend.into_drawing_area();
        draw_base(&root, scene, style).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    context(canvas)?
        .draw_image_with_html_canvas_element(base, 0.0, 0.0)
        .map_err(|_| "cannot copy the base layer")?;
    if state.hovered.is_some() || state.focused.is_some() || state.selected.is_some() {
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
        let root = backend.into_drawing_area();
        draw_overlay(&root, scene, state, style).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(())
}
