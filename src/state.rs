//! View state: which region is hovered and which is selected, changed only
//! through [`ViewState::update`] so the browser shell, tests and any future
//! keyboard handling share one set of rules.

use crate::geometry::Point;
use crate::scene::Scene;

/// Something that happened to the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// The pointer moved to a device-pixel point.
    PointerMove(Point),
    /// The pointer left the map.
    PointerLeave,
    /// A click or tap at a device-pixel point: selects the region there, or
    /// clears the selection on sea.
    Click(Point),
    /// Select a region by index (from the API or a deep link).
    Select(usize),
    /// Clear the selection.
    ClearSelection,
    /// Keyboard focus moved to a region (arrow keys, Home/End).
    Focus(usize),
    /// Keyboard focus left the map.
    Blur,
}

/// Hover and selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViewState {
    /// Region under the pointer.
    pub hovered: Option<usize>,
    /// Selected region.
    pub selected: Option<usize>,
    /// Region with the keyboard focus ring.
    pub focused: Option<usize>,
}

impl ViewState {
    /// Applies an event; returns whether anything visible changed (the caller
    /// redraws only then).
    pub fn update(&mut self, event: Event, scene: &Scene) -> bool {
        let before = *self;
        match event {
            Event::PointerMove(p) => self.hovered = scene.region_at(p),
            Event::PointerLeave => self.hovered = None,
            Event::Click(p) => self.selected = scene.region_at(p),
            Event::Select(i) => {
                if i < scene.regions.len() {
                    self.selected = Some(i);
                }
            }
            Event::ClearSelection => self.selected = None,
            Event::Focus(i) => {
                if i < scene.regions.len() {
                    self.focused = Some(i);
                }
            }
            Event::Blur => self.focused = None,
        }
        *self != before
    }
}
