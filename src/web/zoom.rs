//! Zoom and pan: the mouse wheel zooms only while the map has the keyboard
//! focus or with Ctrl held (otherwise it scrolls the page); two fingers pinch
//! and drag; a mouse drag pans a zoomed map; +, − and reset buttons. One
//! finger is left to the browser, so the page always scrolls.

use super::App;
use crate::geometry::Point;
use crate::layout::Zoom;
use crate::scene::Scene;
use web_sys::{PointerEvent, WheelEvent};

/// Pointers currently down on the canvas, for pinch and drag.
#[derive(Debug, Default)]
pub(super) struct Gesture {
    pointers: Vec<(i32, Point)>,
    /// Device pixels moved since the last press (a drag is not a click).
    pub(super) travelled: f64,
}

impl App {
    pub(super) fn set_zoom(&mut self, zoom: Zoom) {
        if zoom == self.zoom {
            return;
        }
        self.zoom = zoom;
        let (width, ratio) = (self.scene.layout.css_width, self.scene.layout.device_pixel_ratio);
        self.scene = Scene::zoomed(&self.atlas, width, ratio, zoom);
        let _ = self
            .nodes
            .canvas
            .set_attribute("data-zoom", &format!("{:.3}", zoom.scale));
        self.restyle();
    }

    /// Zooms about the centre of the main frame (buttons, API).
    pub(super) fn zoom_by(&mut self, factor: f64) {
        let r = self.scene.layout.frame(crate::layout::FrameKind::Main).rect;
        let centre = Point::new((r.min_x + r.max_x) / 2.0, (r.min_y + r.max_y) / 2.0);
        let zoom = self.zoom.zoom_at(&self.scene.layout, centre, factor);
        self.set_zoom(zoom);
    }

    /// Returns whether the wheel event was used (then the page must not scroll).
    pub(super) fn on_wheel(&mut self, e: &WheelEvent, focused: bool) -> bool {
        if !(e.ctrl_key() || focused) {
            return false;
        }
        let at = self.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y()));
        // deltaMode 0 is pixels; lines and pages are rare, count them as 40 px.
        let delta = if e.delta_mode() == 0 {
            e.delta_y()
        } else {
            e.delta_y() * 40.0
        };
        let zoom = self.zoom.zoom_at(&self.scene.layout, at, (-delta * 0.002).exp());
        self.set_zoom(zoom);
        true
    }

    pub(super) fn on_pointer_down(&mut self, e: &PointerEvent) {
        let p = self.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y()));
        self.gesture.pointers.retain(|(id, _)| *id != e.pointer_id());
        self.gesture.pointers.push((e.pointer_id(), p));
        self.gesture.travelled = 0.0;
    }

    pub(super) fn on_pointer_up(&mut self, e: &PointerEvent) {
        self.gesture.pointers.retain(|(id, _)| *id != e.pointer_id());
    }

    /// Pinch, two-finger drag and (zoomed) mouse drag. Returns whether the
    /// move was a gesture (then it is not a hover).
    pub(super) fn on_pointer_gesture(&mut self, e: &PointerEvent) -> bool {
        let p = self.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y()));
        let Some(index) = self.gesture.pointers.iter().position(|(id, _)| *id == e.pointer_id()) else {
            return false;
        };
        let previous = self.gesture.pointers[index].1;
        self.gesture.pointers[index].1 = p;
        self.gesture.travelled += previous.distance(p);
        match self.gesture.pointers.as_slice() {
            [(_, a), (_, b)] => {
                let (a, b) = (*a, *b);
                let other = if index == 0 { b } else { a };
                let (before, after) = (previous.distance(other), p.distance(other));
                let mid_before = Point::new((previous.x + other.x) / 2.0, (previous.y + other.y) / 2.0);
                let mid_after = Point::new((p.x + other.x) / 2.0, (p.y + other.y) / 2.0);
                let mut zoom = self.zoom;
                if before > 1.0 && after > 1.0 {
                    zoom = zoom.zoom_at(&self.scene.layout, mid_after, after / before);
                }
                let zoom = zoom.pan(
                    &self.scene.layout,
                    mid_after.x - mid_before.x,
                    mid_after.y - mid_before.y,
                );
                self.set_zoom(zoom);
                true
            }
            [_] if super::pointer_type(e) == "mouse" && e.buttons() == 1 && self.zoom.scale > Zoom::MIN => {
                let zoom = self.zoom.pan(&self.scene.layout, p.x - previous.x, p.y - previous.y);
                self.set_zoom(zoom);
                true
            }
            _ => false,
        }
    }
}
