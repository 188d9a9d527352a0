//! Region names on the map: where each label goes, and which labels are left
//! out because they would overlap (a name that does not fit is hidden, never
//! overlapped).
//!
//! Placement is greedy in priority order (the caller ranks, e.g. selected
//! region first, then regions with stories, then by area). Text width is
//! estimated from the characters (CJK one em, other characters 0.62 em, a
//! deliberately generous figure for sans-serif), so the same placement is used
//! on the canvas, in SVG and in tests.

use crate::geometry::{Bounds, Point};
use crate::layout::FrameKind;
use crate::scene::Scene;

/// A label to place.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRequest {
    /// Atlas index of the region.
    pub region: usize,
    /// The text (a name in the current language).
    pub text: String,
}

/// A placed label, in device pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// Atlas index of the region.
    pub region: usize,
    /// The text.
    pub text: String,
    /// Centre of the text box.
    pub centre: Point,
    /// The text box (with a small margin).
    pub bounds: Bounds,
}

/// Estimated width of `text` in ems.
pub fn text_width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| if u32::from(c) >= 0x2e80 { 1.0 } else { 0.62 })
        .sum()
}

/// Places labels of `font_css` CSS px in priority order, skipping any that
/// would overlap a placed label, a callout marker, the inset frame (labels
/// belong to the main frame) or the canvas edge.
pub fn place_labels(scene: &Scene, requests: &[LabelRequest], font_css: f64) -> Vec<PlacedLabel> {
    let d = scene.layout.device_pixel_ratio;
    let size = font_css * d;
    let margin = 1.5 * d;
    let canvas = Bounds::new(0.0, 0.0, f64::from(scene.layout.width), f64::from(scene.layout.height));
    let inset = scene.layout.frame(FrameKind::Inset).rect;
    let markers: Vec<Bounds> = scene
        .regions
        .iter()
        .filter_map(|r| r.callout)
        .map(|c| {
            Bounds::new(
                c.to.x - c.radius,
                c.to.y - c.radius,
                c.to.x + c.radius,
                c.to.y + c.radius,
            )
        })
        .collect();
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for request in requests {
        let Some(region) = scene.regions.get(request.region) else {
            continue;
        };
        let (w, h) = (text_width_em(&request.text) * size, 1.2 * size);
        let centre = match region.callout {
            // Beside the marker: right if it fits, else left.
            Some(c) => {
                let right = Point::new(c.to.x + c.radius + 3.0 * d + w / 2.0, c.to.y);
                if right.x + w / 2.0 < canvas.max_x && !inset.intersects(&box_at(right, w, h, margin)) {
                    right
                } else {
                    Point::new(c.to.x - c.radius - 3.0 * d - w / 2.0, c.to.y)
                }
            }
            None => region.label_anchor,
        };
        let bounds = box_at(centre, w, h, margin);
        let inside = bounds.min_x >= canvas.min_x
            && bounds.min_y >= canvas.min_y
            && bounds.max_x <= canvas.max_x
            && bounds.max_y <= canvas.max_y;
        let clear = !bounds.intersects(&inset)
            && placed.iter().all(|p| !p.bounds.intersects(&bounds))
            && markers.iter().all(|m| !m.intersects(&bounds));
        if inside && clear {
            placed.push(PlacedLabel {
                region: request.region,
                text: request.text.clone(),
                centre,
                bounds,
            });
        }
    }
    placed
}

fn box_at(centre: Point, w: f64, h: f64, margin: f64) -> Bounds {
    Bounds::new(
        centre.x - w / 2.0 - margin,
        centre.y - h / 2.0 - margin,
        centre.x + w / 2.0 + margin,
        centre.y + h / 2.0 + margin,
    )
}
