//! The canvas adapter: sizes the `<canvas>` for a layout (device pixels for
//! crisp output at any devicePixelRatio) and draws a scene through
//! plotters-canvas.

use crate::layout::MapLayout;
use crate::render::{draw_map, MapStyle};
use crate::scene::Scene;
use crate::state::ViewState;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Gives the canvas the layout's device-pixel size and CSS size.
pub fn size(canvas: &HtmlCanvasElement, layout: &MapLayout) {
    canvas.set_width(layout.width);
    canvas.set_height(layout.height);
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{}px", layout.css_width));
    let _ = style.set_property("height", &format!("{}px", layout.css_height));
}

/// Draws the map onto the canvas.
///
/// # Errors
/// The canvas has no 2D context, or plotters reported a drawing error.
pub fn draw(canvas: &HtmlCanvasElement, scene: &Scene, state: &ViewState, style: &MapStyle) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    draw_map(&root, scene, state, style).map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
