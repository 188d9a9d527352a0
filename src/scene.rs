//! The drawn map: every region's rings and every border arc in integer device
//! pixels for one layout, and hit testing on exactly those rings.
//!
//! A [`Scene`] is built once per layout (container width × device pixel
//! ratio) and then used both by the renderer and by the pointer: what you click
//! is what was drawn. Tiny regions get enlarged tap targets so that a 24 CSS px
//! finger target exists even on a phone: Hong Kong and Macau get callout
//! markers placed over the sea with a leader line; other units drawn smaller
//! than 24 CSS px (Beijing, Tianjin, Shanghai on phones) get a 12 CSS px radius
//! around their anchor, and overlapping targets go to the nearest anchor.

use crate::geometry::{clip_polyline, clip_ring, Bounds, Point, Polygon};
use crate::layout::{FrameKind, MapExtents, MapLayout, Zoom, MAIN_FRAME_SOUTH_LAT, MIN_TARGET_CSS};
use crate::model::Atlas;
use crate::projection::AlbersConic;

/// An integer device-pixel coordinate, as plotters' `BackendCoord`.
pub type DevicePoint = (i32, i32);

/// One drawn polygon of a region in one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnPolygon {
    /// The frame it is drawn in (and clipped to).
    pub frame: FrameKind,
    /// Exterior, then holes, in device pixels; closed implicitly.
    pub rings: Vec<Vec<DevicePoint>>,
    /// Bounds of the exterior, device px.
    pub bounds: Bounds,
    /// Diagonal hatch segments inside the polygon (drawn for "no figure
    /// reported"), on a grid shared by all regions so neighbours line up.
    pub hatch: Vec<(DevicePoint, DevicePoint)>,
}

impl DrawnPolygon {
    fn as_polygon(&self) -> Polygon {
        Polygon::new(
            self.rings
                .iter()
                .map(|r| r.iter().map(|&(x, y)| Point::new(f64::from(x), f64::from(y))).collect())
                .collect(),
        )
    }

    /// Whether the device point is inside this drawn polygon.
    pub fn contains(&self, p: Point) -> bool {
        self.bounds.contains(p, 0.5) && self.as_polygon().contains(p)
    }
}

/// A marker away from a tiny region, joined to it by a leader line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Callout {
    /// The region's own anchor (start of the leader line), device px.
    pub from: Point,
    /// The marker's centre, device px.
    pub to: Point,
    /// The drawn marker's radius, device px.
    pub radius: f64,
}

/// A region as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnRegion {
    /// ISO 3166-2 id.
    pub id: String,
    /// Polygons in every frame.
    pub polygons: Vec<DrawnPolygon>,
    /// Where the region's label (or callout marker) goes, device px.
    pub label_anchor: Point,
    /// The enlarged tap target (centre, radius in device px), for tiny regions.
    pub target: Option<(Point, f64)>,
    /// The callout marker, for regions too small to see.
    pub callout: Option<Callout>,
}

/// A border arc as drawn in one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnArc {
    /// The frame it is drawn in.
    pub frame: FrameKind,
    /// Device-pixel vertices.
    pub points: Vec<DevicePoint>,
    /// True for coastlines and outer borders (arcs used by one region).
    pub coast: bool,
}

/// Callout marker offsets from the region's anchor, CSS px (x right, y down):
/// both markers sit over the South China Sea at least 8 px clear of any coast
/// and 26 px apart at every width from 320 to 1600 (found by
/// `examples/tune_callouts.rs`, checked by `tests/layout.rs`); the layout
/// moves the inset down if a marker would fall under it.
fn callout_offset(id: &str) -> Option<(f64, f64)> {
    match id {
        "CN-HK" => Some((16.0, 18.0)),
        "CN-MO" => Some((-6.0, 22.0)),
        _ => None,
    }
}

/// Radius of a drawn callout marker, CSS px.
pub const CALLOUT_RADIUS_CSS: f64 = 6.0;

/// Everything drawn for one layout, and the hit index over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The layout the scene was built for.
    pub layout: MapLayout,
    /// Regions in atlas order.
    pub regions: Vec<DrawnRegion>,
    /// Border arcs in both frames.
    pub arcs: Vec<DrawnArc>,
}

impl Scene {
    /// The map extents of an atlas: the main frame shows everything north of
    /// [`MAIN_FRAME_SOUTH_LAT`]; the inset shows the South China Sea box.
    pub fn extents(atlas: &Atlas) -> MapExtents {
        let projection = AlbersConic::china();
        let obstacles: Vec<Bounds> = atlas
            .regions
            .iter()
            .flat_map(|r| r.polygons.iter().map(Polygon::bounds))
            .filter(|b| {
                let centre = Point::new((b.min_x + b.max_x) / 2.0, (b.min_y + b.max_y) / 2.0);
                projection.invert(centre).lat >= MAIN_FRAME_SOUTH_LAT
            })
            .collect();
        let mut main = obstacles.iter().fold(Bounds::EMPTY, |a, b| a.union(*b));
        if main.is_empty() {
            main = atlas.bounds();
        }
        let callouts = atlas
            .regions
            .iter()
            .filter_map(|r| callout_offset(&r.id).map(|offset| (r.anchor, offset, MIN_TARGET_CSS / 2.0)))
            .collect();
        MapExtents {
            main,
            inset: MapExtents::inset_extent(&projection),
            obstacles,
            callouts,
        }
    }

    /// Projects, clips and rounds the atlas for a container `css_width` wide at
    /// `device_pixel_ratio`.
    pub fn new(atlas: &Atlas, css_width: f64, device_pixel_ratio: f64) -> Self {
        Self::zoomed(atlas, css_width, device_pixel_ratio, Zoom::default())
    }

    /// Like [`Scene::new`], with the main frame magnified (see [`Zoom`]).
    pub fn zoomed(atlas: &Atlas, css_width: f64, device_pixel_ratio: f64, zoom: Zoom) -> Self {
        let layout = MapLayout::zoomed(&Self::extents(atlas), css_width, device_pixel_ratio, zoom);
        let d = layout.device_pixel_ratio;
        let mut regions = Vec::with_capacity(atlas.regions.len());
        for region in &atlas.regions {
            let mut polygons = Vec::new();
            let polygon_bounds: Vec<Bounds> = region.polygons.iter().map(|p| p.bounds()).collect();
            for frame in &layout.frames {
                for (polygon, &b) in region.polygons.iter().zip(&polygon_bounds) {
                    // Skip what lies wholly outside the frame (most of the
                    // map, for the inset) before transforming every vertex.
                    let (p, q) = (
                        frame.transform.apply(Point::new(b.min_x, b.max_y)),
                        frame.transform.apply(Point::new(b.max_x, b.min_y)),
                    );
                    let device_bounds = Bounds {
                        min_x: p.x.min(q.x),
                        min_y: p.y.min(q.y),
                        max_x: p.x.max(q.x),
                        max_y: p.y.max(q.y),
                    };
                    if b.is_empty() || !device_bounds.intersects(&frame.rect) {
                        continue;
                    }
                    let rings: Vec<Vec<DevicePoint>> = polygon
                        .rings
                        .iter()
                        .map(|ring| {
                            let device: Vec<Point> = ring.iter().map(|&p| frame.transform.apply(p)).collect();
                            round_ring(&clip_ring(&device, &frame.rect))
                        })
                        .collect();
                    let Some(outer) = rings.first().filter(|r| r.len() >= 3) else {
                        continue;
                    };
                    let mut bounds = Bounds::EMPTY;
                    for &(x, y) in outer {
                        bounds.extend(Point::new(f64::from(x), f64::from(y)));
                    }
                    let rings: Vec<Vec<DevicePoint>> = rings.into_iter().filter(|r| r.len() >= 3).collect();
                    let hatch = hatch_segments(&rings, HATCH_SPACING_CSS * d);
                    polygons.push(DrawnPolygon {
                        frame: frame.kind,
                        rings,
                        bounds,
                        hatch,
                    });
                }
            }
            let main = layout.frame(FrameKind::Main);
            let anchor = main.transform.apply(region.anchor);
            let main_bounds = polygons
                .iter()
                .filter(|p| p.frame == FrameKind::Main)
                .fold(Bounds::EMPTY, |b, p| b.union(p.bounds));
            let tiny = main_bounds.is_empty() || main_bounds.width().max(main_bounds.height()) < MIN_TARGET_CSS * d;
            let target_radius = MIN_TARGET_CSS / 2.0 * d;
            // A callout only where its marker fits inside the main frame (when
            // zoomed in, the region may be near or beyond the frame's edge).
            let marker = callout_offset(&region.id).filter(|&(dx, dy)| {
                main.rect.contains(
                    Point::new(anchor.x + dx * d, anchor.y + dy * d),
                    -CALLOUT_RADIUS_CSS * d,
                )
            });
            let (label_anchor, target, callout) = match marker {
                Some((dx, dy)) => {
                    let to = Point::new(anchor.x + dx * d, anchor.y + dy * d);
                    (
                        to,
                        Some((to, target_radius)),
                        Some(Callout {
                            from: anchor,
                            to,
                            radius: CALLOUT_RADIUS_CSS * d,
                        }),
                    )
                }
                _ if tiny => (anchor, Some((anchor, target_radius)), None),
                _ => (anchor, None, None),
            };
            regions.push(DrawnRegion {
                id: region.id.clone(),
                polygons,
                label_anchor,
                target,
                callout,
            });
        }

        let mut arcs = Vec::new();
        for frame in &layout.frames {
            for arc in &atlas.arcs {
                let device: Vec<Point> = arc.points.iter().map(|&p| frame.transform.apply(p)).collect();
                for piece in clip_polyline(&device, &frame.rect) {
                    let points = round_line(&piece);
                    if points.len() >= 2 {
                        arcs.push(DrawnArc {
                            frame: frame.kind,
                            points,
                            coast: arc.uses < 2,
                        });
                    }
                }
            }
        }
        Scene { layout, regions, arcs }
    }

    /// The region under a device-pixel point, if any.
    ///
    /// Order: a callout marker (Hong Kong, Macau) within reach; a tiny
    /// region's own drawn polygon; the nearest 12 CSS px disc of a tiny
    /// region; the region whose drawn polygon contains the point; otherwise
    /// `None` (sea, padding). In the inset only the last two apply.
    pub fn region_at(&self, p: Point) -> Option<usize> {
        let frame = self.layout.frame_at(p)?.kind;
        let in_frame = |r: &DrawnRegion| r.polygons.iter().any(|poly| poly.frame == frame && poly.contains(p));
        if frame == FrameKind::Main {
            // Callout markers are explicit controls drawn over the sea: they win.
            let nearest_target = |with_callout: bool| {
                self.regions
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.callout.is_some() == with_callout)
                    .filter_map(|(i, r)| {
                        let (centre, radius) = r.target?;
                        let distance = centre.distance(p);
                        (distance <= radius).then_some((i, distance))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| i)
            };
            if let Some(i) = nearest_target(true) {
                return Some(i);
            }
            if let Some(i) = self.regions.iter().position(|r| r.target.is_some() && in_frame(r)) {
                return Some(i);
            }
            if let Some(i) = nearest_target(false) {
                return Some(i);
            }
        }
        self.regions.iter().position(in_frame)
    }

    /// The region under a CSS-pixel point relative to the canvas' top-left.
    pub fn region_at_css(&self, css: Point) -> Option<usize> {
        self.region_at(self.layout.to_device(css))
    }

    /// A region's label anchor in CSS px relative to the canvas' top-left.
    pub fn anchor_css(&self, index: usize) -> Option<Point> {
        self.regions.get(index).map(|r| self.layout.to_css(r.label_anchor))
    }

    /// Number of drawn vertices (rings plus arcs), a measure of drawing cost.
    pub fn drawn_vertex_count(&self) -> usize {
        let rings: usize = self
            .regions
            .iter()
            .flat_map(|r| &r.polygons)
            .flat_map(|p| &p.rings)
            .map(Vec::len)
            .sum();
        rings + self.arcs.iter().map(|a| a.points.len()).sum::<usize>()
    }
}

/// Distance between hatch lines, CSS px.
pub const HATCH_SPACING_CSS: f64 = 6.0;

/// Segments of the 45° lines `x − y = k·spacing` that lie inside the rings
/// (even-odd rule, so holes stay empty). Each edge is visited once and
/// contributes its crossings to the lines it spans.
pub fn hatch_segments(rings: &[Vec<DevicePoint>], spacing: f64) -> Vec<(DevicePoint, DevicePoint)> {
    if spacing <= 0.0 || !spacing.is_finite() {
        return Vec::new();
    }
    // u = x − y is constant along a hatch line; v = x + y runs along it.
    let mut crossings: Vec<(i64, f64)> = Vec::new();
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            let (ua, ub) = (f64::from(a.0 - a.1), f64::from(b.0 - b.1));
            if ua == ub {
                continue;
            }
            let (lo, hi) = (ua.min(ub), ua.max(ub));
            // lines with lo <= k·spacing < hi (half-open: a vertex counts once)
            let first = (lo / spacing).ceil() as i64;
            let mut k = first;
            while (k as f64) * spacing < hi {
                let u = k as f64 * spacing;
                let t = (u - ua) / (ub - ua);
                let v = f64::from(a.0 + a.1) + t * f64::from((b.0 + b.1) - (a.0 + a.1));
                crossings.push((k, v));
                k += 1;
            }
        }
    }
    // Bucketed by hatch line, then each line's few crossings sorted: linear
    // in the crossings, where one sort of them all was the slowest part of
    // building a scene.
    let Some(k_min) = crossings.iter().map(|c| c.0).min() else {
        return Vec::new();
    };
    let k_max = crossings.iter().map(|c| c.0).max().unwrap_or(k_min);
    let mut lines: Vec<Vec<f64>> = vec![Vec::new(); (k_max - k_min + 1) as usize];
    for (k, v) in crossings {
        lines[(k - k_min) as usize].push(v);
    }
    let mut segments = Vec::new();
    for (offset, line) in lines.iter_mut().enumerate() {
        crate::sort::sort_by(line, f64::total_cmp);
        let u = (k_min + offset as i64) as f64 * spacing;
        for pair in line.chunks_exact(2) {
            let point = |v: f64| (((u + v) / 2.0).round() as i32, ((v - u) / 2.0).round() as i32);
            let (start, end) = (point(pair[0]), point(pair[1]));
            if start != end {
                segments.push((start, end));
            }
        }
    }
    segments
}

/// Rounds to integer pixels and drops consecutive duplicates (including the
/// closing one), so tiny rings shrink to what is visible.
fn round_ring(ring: &[Point]) -> Vec<DevicePoint> {
    let mut out = round_line(ring);
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

fn round_line(line: &[Point]) -> Vec<DevicePoint> {
    let mut out: Vec<DevicePoint> = Vec::with_capacity(line.len());
    for p in line {
        let q = (p.x.round() as i32, p.y.round() as i32);
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}
