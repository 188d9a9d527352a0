//! Where things go on the canvas: the main map frame and the South China Sea
//! inset frame, in device pixels, for a given CSS width and device pixel ratio.
//!
//! Like d3-geo's `albersUsa.js`, a composite map is several frames, each with
//! its own affine transform from map metres to pixels; a point on the canvas
//! belongs to the frame whose rectangle holds it (the inset wins where it lies
//! over the main frame). Map metres have y north; device pixels have y down.
//! This module knows nothing about regions; callers pass the map extents.

use crate::geometry::{Bounds, Point};
use crate::projection::{AlbersConic, LonLat};

/// Narrowest supported container, CSS px.
pub const MIN_CSS_WIDTH: f64 = 320.0;
/// Widest drawn map, CSS px (wider containers centre a 1600 px map).
pub const MAX_CSS_WIDTH: f64 = 1600.0;
/// Smallest tap target side, CSS px (WCAG 2.2 target size, minimum).
pub const MIN_TARGET_CSS: f64 = 24.0;

/// The geographic box shown in the South China Sea inset (degrees): from the
/// Gulf of Tonkin to the Bashi Channel and from Guangdong's coast south to the
/// latitude of Borneo's north coast, the customary extent of the inset.
pub const INSET_LON: (f64, f64) = (106.5, 122.5);
/// Latitude range of the inset, degrees.
pub const INSET_LAT: (f64, f64) = (3.0, 24.5);

/// Share of the canvas width the inset takes.
pub const INSET_SHARE: f64 = 0.18;
/// Narrowest inset, CSS px (keeps Hainan legible on phones).
pub const INSET_MIN_CSS: f64 = 72.0;

/// Regions south of this latitude (degrees) are shown in the inset only; it
/// separates the Paracel Islands (≈ 15.7–17.1°N) from Hainan Island (≥ 18.1°N).
pub const MAIN_FRAME_SOUTH_LAT: f64 = 17.6;

/// An affine map from map metres to device pixels (uniform scale, y flipped).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// Device pixels per map metre.
    pub scale: f64,
    /// Device x of map x = 0.
    pub offset_x: f64,
    /// Device y of map y = 0.
    pub offset_y: f64,
}

impl Transform {
    /// The transform that fits `extent` into `rect`, centred.
    pub fn fit(extent: &Bounds, rect: &Bounds) -> Self {
        let scale = (rect.width() / extent.width()).min(rect.height() / extent.height());
        let cx = (extent.min_x + extent.max_x) / 2.0;
        let cy = (extent.min_y + extent.max_y) / 2.0;
        let rx = (rect.min_x + rect.max_x) / 2.0;
        let ry = (rect.min_y + rect.max_y) / 2.0;
        Self {
            scale,
            offset_x: rx - cx * scale,
            offset_y: ry + cy * scale,
        }
    }

    /// Map metres to device pixels.
    pub fn apply(&self, p: Point) -> Point {
        Point::new(self.offset_x + p.x * self.scale, self.offset_y - p.y * self.scale)
    }

    /// Device pixels to map metres.
    pub fn invert(&self, p: Point) -> Point {
        Point::new((p.x - self.offset_x) / self.scale, (self.offset_y - p.y) / self.scale)
    }
}

/// Which frame of the composite map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameKind {
    /// The whole country.
    Main,
    /// The South China Sea inset.
    Inset,
}

/// A rectangle of the canvas showing part of the map at one scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Main or inset.
    pub kind: FrameKind,
    /// The frame's rectangle in device pixels; drawing is clipped to it.
    pub rect: Bounds,
    /// Map metres → device pixels.
    pub transform: Transform,
}

/// The map extents a layout is computed for, in map metres.
#[derive(Debug, Clone, PartialEq)]
pub struct MapExtents {
    /// What the main frame must show.
    pub main: Bounds,
    /// What the inset frame shows.
    pub inset: Bounds,
    /// Bounds of every polygon drawn in the main frame: the inset may not
    /// cover any of them.
    pub obstacles: Vec<Bounds>,
    /// Callout markers the inset may not cover either: the anchor (map
    /// metres), the marker's offset from it (CSS px, y down) and its reach
    /// (CSS px).
    pub callouts: Vec<(Point, (f64, f64), f64)>,
}

impl MapExtents {
    /// The inset's extent: the projected outline of [`INSET_LON`] × [`INSET_LAT`]
    /// (sampled along its edges, since parallels project to arcs).
    pub fn inset_extent(projection: &AlbersConic) -> Bounds {
        let mut b = Bounds::EMPTY;
        let steps = 16;
        for i in 0..=steps {
            let t = f64::from(i) / f64::from(steps);
            let lon = INSET_LON.0 + t * (INSET_LON.1 - INSET_LON.0);
            let lat = INSET_LAT.0 + t * (INSET_LAT.1 - INSET_LAT.0);
            for p in [
                LonLat::new(lon, INSET_LAT.0),
                LonLat::new(lon, INSET_LAT.1),
                LonLat::new(INSET_LON.0, lat),
                LonLat::new(INSET_LON.1, lat),
            ] {
                b.extend(projection.project(p));
            }
        }
        b
    }
}

/// Zoom of the main frame: a magnification (1 = whole country) and the map
/// point (metres) shown at the frame's centre. The inset never zooms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zoom {
    /// Magnification, [`Zoom::MIN`]..=[`Zoom::MAX`].
    pub scale: f64,
    /// Map point at the centre of the main frame (ignored at scale 1).
    pub center: Point,
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom {
            scale: 1.0,
            center: Point::new(0.0, 0.0),
        }
    }
}

impl Zoom {
    /// No zoom.
    pub const MIN: f64 = 1.0;
    /// Largest magnification (about 1 km per CSS px at 1280 px).
    pub const MAX: f64 = 12.0;

    /// Zooms by `factor` keeping the map point under device point `at`
    /// fixed (mouse wheel, pinch, +/− buttons use the frame centre).
    pub fn zoom_at(self, layout: &MapLayout, at: Point, factor: f64) -> Zoom {
        let main = layout.frame(FrameKind::Main);
        let scale = (self.scale * factor).clamp(Self::MIN, Self::MAX);
        if scale <= Self::MIN {
            return Zoom::default();
        }
        let fixed = main.transform.invert(at); // map point under the cursor
        let unit = main.transform.scale / self.scale; // device px per metre at zoom 1
        let rect = main.rect;
        let (cx, cy) = ((rect.min_x + rect.max_x) / 2.0, (rect.min_y + rect.max_y) / 2.0);
        let s = unit * scale;
        // Choose the centre so that `fixed` stays at `at`.
        let center = Point::new(fixed.x - (at.x - cx) / s, fixed.y + (at.y - cy) / s);
        Zoom { scale, center }
    }

    /// Moves the view by a device-pixel drag.
    pub fn pan(self, layout: &MapLayout, dx: f64, dy: f64) -> Zoom {
        if self.scale <= Self::MIN {
            return self;
        }
        let s = layout.frame(FrameKind::Main).transform.scale;
        Zoom {
            scale: self.scale,
            center: Point::new(self.center.x - dx / s, self.center.y + dy / s),
        }
    }
}

/// The complete canvas layout.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    /// Width of the canvas element, CSS px.
    pub css_width: f64,
    /// Height of the canvas element, CSS px.
    pub css_height: f64,
    /// Device pixels per CSS pixel.
    pub device_pixel_ratio: f64,
    /// Canvas width, device px.
    pub width: u32,
    /// Canvas height, device px.
    pub height: u32,
    /// Main frame, then inset frame.
    pub frames: [Frame; 2],
}

impl MapLayout {
    /// Lays out a map for a container `container_css_width` wide.
    ///
    /// The width is clamped to [`MIN_CSS_WIDTH`]..=[`MAX_CSS_WIDTH`], and the
    /// main frame's scale follows from it. The inset takes [`INSET_SHARE`] of
    /// the width (at least [`INSET_MIN_CSS`]) and hangs at the lower right,
    /// just below the lowest polygon in its column (Taiwan's southern tip);
    /// the canvas grows downwards as far as the inset needs, so the inset never
    /// covers land.
    pub fn new(extents: &MapExtents, container_css_width: f64, device_pixel_ratio: f64) -> Self {
        Self::zoomed(extents, container_css_width, device_pixel_ratio, Zoom::default())
    }

    /// Like [`MapLayout::new`], with the main frame magnified by `zoom`
    /// (its centre kept within the country's extent).
    pub fn zoomed(extents: &MapExtents, container_css_width: f64, device_pixel_ratio: f64, zoom: Zoom) -> Self {
        let device_pixel_ratio = if device_pixel_ratio.is_finite() && device_pixel_ratio > 0.0 {
            device_pixel_ratio.clamp(0.5, 4.0)
        } else {
            1.0
        };
        let css_width = if container_css_width.is_finite() {
            container_css_width.clamp(MIN_CSS_WIDTH, MAX_CSS_WIDTH).floor()
        } else {
            MIN_CSS_WIDTH
        };
        let pad_css = (css_width * 0.015).clamp(4.0, 16.0);
        let gap_css = pad_css.max(6.0);
        let mut main = extents.main;
        // CSS px per map metre; fixed by the width alone.
        let scale = (css_width - 2.0 * pad_css) / main.width();

        let inset_css_w = (css_width * INSET_SHARE).max(INSET_MIN_CSS).round();
        let inset_css_h = (inset_css_w * extents.inset.height() / extents.inset.width()).round();
        let (inset_w, inset_h, gap) = (inset_css_w / scale, inset_css_h / scale, gap_css / scale);
        let column = Bounds::new(main.max_x - inset_w - gap, f64::NEG_INFINITY, main.max_x, f64::INFINITY);
        let markers = extents.callouts.iter().map(|&(anchor, (dx, dy), reach)| {
            let centre = Point::new(anchor.x + dx / scale, anchor.y - dy / scale);
            let r = reach / scale;
            Bounds::new(centre.x - r, centre.y - r, centre.x + r, centre.y + r)
        });
        let inset_top = extents
            .obstacles
            .iter()
            .copied()
            .chain(markers)
            .filter(|o| o.intersects(&column))
            .map(|o| o.min_y)
            .fold(main.max_y, f64::min)
            - gap;
        main.min_y = main.min_y.min(inset_top - inset_h);
        let css_height = (main.height() * scale + 2.0 * pad_css).ceil();

        let width = (css_width * device_pixel_ratio).round() as u32;
        let height = (css_height * device_pixel_ratio).round() as u32;
        let d = device_pixel_ratio;
        let main_rect = Bounds::new(
            pad_css * d,
            pad_css * d,
            (css_width - pad_css) * d,
            (css_height - pad_css) * d,
        );
        let mut transform = Transform::fit(&main, &main_rect);
        if zoom.scale > Zoom::MIN && zoom.scale.is_finite() {
            let scale = transform.scale * zoom.scale.min(Zoom::MAX);
            let center = Point::new(
                zoom.center.x.clamp(extents.main.min_x, extents.main.max_x),
                zoom.center.y.clamp(extents.main.min_y, extents.main.max_y),
            );
            let (cx, cy) = (
                (main_rect.min_x + main_rect.max_x) / 2.0,
                (main_rect.min_y + main_rect.max_y) / 2.0,
            );
            transform = Transform {
                scale,
                offset_x: cx - center.x * scale,
                offset_y: cy + center.y * scale,
            };
        }
        let main_frame = Frame {
            kind: FrameKind::Main,
            rect: main_rect,
            transform,
        };

        let inset_left = (css_width - pad_css - inset_css_w).round();
        let inset_top_css = (pad_css + (main.max_y - inset_top) * scale).round();
        let inset_rect = Bounds::new(
            inset_left * d,
            inset_top_css * d,
            (inset_left + inset_css_w) * d,
            (inset_top_css + inset_css_h) * d,
        );
        // Zoomed in, the main frame shows part of the country at a larger
        // scale, so the inset (whose place is over open sea at zoom 1) is
        // hidden: an empty rectangle holds nothing and catches no clicks.
        let inset_rect = if zoom.scale > Zoom::MIN {
            Bounds::new(0.0, 0.0, 0.0, 0.0)
        } else {
            inset_rect
        };
        let inset = Frame {
            kind: FrameKind::Inset,
            rect: inset_rect,
            transform: Transform::fit(&extents.inset, &inset_rect),
        };
        Self {
            css_width,
            css_height,
            device_pixel_ratio,
            width,
            height,
            frames: [main_frame, inset],
        }
    }

    /// The frame a device point falls in (the inset takes precedence).
    pub fn frame_at(&self, p: Point) -> Option<&Frame> {
        self.frames
            .iter()
            .rev()
            .find(|f| f.rect.width() > 0.0 && f.rect.contains(p, 0.0))
    }

    /// The frame of the given kind.
    pub fn frame(&self, kind: FrameKind) -> &Frame {
        match kind {
            FrameKind::Main => &self.frames[0],
            FrameKind::Inset => &self.frames[1],
        }
    }

    /// CSS px → device px.
    pub fn to_device(&self, css: Point) -> Point {
        Point::new(css.x * self.device_pixel_ratio, css.y * self.device_pixel_ratio)
    }

    /// Device px → CSS px.
    pub fn to_css(&self, device: Point) -> Point {
        Point::new(device.x / self.device_pixel_ratio, device.y / self.device_pixel_ratio)
    }
}
