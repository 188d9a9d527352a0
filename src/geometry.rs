//! Planar geometry on projected or device coordinates: points, rings, polygons
//! (with holes), bounds, point-in-polygon and distances.
//!
//! Everything here is plain arithmetic on `f64` pairs; it knows nothing about
//! projections, regions or drawing. Point-in-polygon follows the crossing-number
//! rule over *all* rings of a polygon, so holes work without knowing which ring
//! is a hole (as in geo's `contains` for simple polygons).

/// A point in projected map units (metres, y grows north) or, after layout, in
/// device pixels (y grows down). The meaning is fixed by the container that
/// holds it (`Region` rings are map units; `Scene` rings are device pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

impl Point {
    /// A point from its coordinates.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to another point.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// A closed ring: the last vertex connects back to the first (it is not
/// repeated).
pub type Ring = Vec<Point>;

/// A polygon: the first ring is the exterior, the others are holes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Polygon {
    /// Exterior ring, then holes.
    pub rings: Vec<Ring>,
}

/// Where a point lies relative to a polygon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Strictly inside (not in a hole).
    Inside,
    /// On an edge, within the tolerance given to [`Polygon::position`].
    OnBoundary,
    /// Outside, or inside a hole.
    Outside,
}

impl Polygon {
    /// A polygon from its rings (exterior first).
    pub fn new(rings: Vec<Ring>) -> Self {
        Self { rings }
    }

    /// Whether `p` is inside the polygon (holes excluded, boundary excluded).
    ///
    /// # Examples
    /// ```
    /// use shengtu::geometry::{Point, Polygon};
    /// let square = |x0: f64, y0: f64, s: f64| vec![
    ///     Point::new(x0, y0), Point::new(x0 + s, y0),
    ///     Point::new(x0 + s, y0 + s), Point::new(x0, y0 + s)];
    /// let frame = Polygon::new(vec![square(0.0, 0.0, 10.0), square(3.0, 3.0, 4.0)]);
    /// assert!(frame.contains(Point::new(1.0, 1.0)));
    /// assert!(!frame.contains(Point::new(5.0, 5.0))); // in the hole
    /// ```
    pub fn contains(&self, p: Point) -> bool {
        self.position(p, 0.0) == Position::Inside
    }

    /// Position of `p`, treating points within `tolerance` of an edge as
    /// [`Position::OnBoundary`].
    pub fn position(&self, p: Point, tolerance: f64) -> Position {
        let mut inside = false;
        for ring in &self.rings {
            let n = ring.len();
            if n < 3 {
                continue; // degenerate rings enclose nothing
            }
            let mut j = n - 1;
            for i in 0..n {
                let (a, b) = (ring[j], ring[i]);
                if segment_distance(p, a, b) <= tolerance {
                    return Position::OnBoundary;
                }
                // Crossing-number rule with the half-open convention, so a ray
                // through a vertex is counted once.
                if (b.y > p.y) != (a.y > p.y) {
                    let x_cross = b.x + (p.y - b.y) * (a.x - b.x) / (a.y - b.y);
                    if p.x < x_cross {
                        inside = !inside;
                    }
                }
                j = i;
            }
        }
        if inside {
            Position::Inside
        } else {
            Position::Outside
        }
    }

    /// Distance from `p` to the nearest edge of any ring.
    pub fn boundary_distance(&self, p: Point) -> f64 {
        let mut best = f64::INFINITY;
        for ring in &self.rings {
            let n = ring.len();
            if n == 0 {
                continue;
            }
            let mut j = n - 1;
            for i in 0..n {
                best = best.min(segment_distance(p, ring[j], ring[i]));
                j = i;
            }
        }
        best
    }

    /// Signed area of the exterior minus the holes' areas (absolute values).
    pub fn area(&self) -> f64 {
        let mut rings = self.rings.iter();
        let outer = rings.next().map_or(0.0, |r| ring_signed_area(r).abs());
        outer - rings.map(|r| ring_signed_area(r).abs()).sum::<f64>()
    }

    /// Bounds of the exterior ring.
    pub fn bounds(&self) -> Bounds {
        let mut b = Bounds::EMPTY;
        if let Some(outer) = self.rings.first() {
            for &p in outer {
                b.extend(p);
            }
        }
        b
    }
}

/// Signed area of a ring by the shoelace formula: positive when
/// counter-clockwise in a y-up frame.
pub fn ring_signed_area(ring: &[Point]) -> f64 {
    let n = ring.len();
    if n < 3 {
        return 0.0;
    }
    let mut sum = 0.0;
    let mut j = n - 1;
    for i in 0..n {
        sum += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y);
        j = i;
    }
    sum / 2.0
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

/// An axis-aligned rectangle; `EMPTY` has inverted infinite bounds so that
/// extending it with a point yields that point's bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Smallest x.
    pub min_x: f64,
    /// Smallest y.
    pub min_y: f64,
    /// Largest x.
    pub max_x: f64,
    /// Largest y.
    pub max_y: f64,
}

impl Bounds {
    /// Bounds that contain nothing.
    pub const EMPTY: Bounds = Bounds {
        min_x: f64::INFINITY,
        min_y: f64::INFINITY,
        max_x: f64::NEG_INFINITY,
        max_y: f64::NEG_INFINITY,
    };

    /// Bounds from two corners.
    pub fn new(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Self {
        Self {
            min_x,
            min_y,
            max_x,
            max_y,
        }
    }

    /// Grows the bounds to include `p`.
    pub fn extend(&mut self, p: Point) {
        self.min_x = self.min_x.min(p.x);
        self.min_y = self.min_y.min(p.y);
        self.max_x = self.max_x.max(p.x);
        self.max_y = self.max_y.max(p.y);
    }

    /// The smallest bounds containing both.
    pub fn union(self, other: Bounds) -> Bounds {
        Bounds {
            min_x: self.min_x.min(other.min_x),
            min_y: self.min_y.min(other.min_y),
            max_x: self.max_x.max(other.max_x),
            max_y: self.max_y.max(other.max_y),
        }
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.min_x > self.max_x || self.min_y > self.max_y
    }

    /// Width (0 when empty).
    pub fn width(&self) -> f64 {
        (self.max_x - self.min_x).max(0.0)
    }

    /// Height (0 when empty).
    pub fn height(&self) -> f64 {
        (self.max_y - self.min_y).max(0.0)
    }

    /// Whether `p` lies inside or on the edge, with `margin` added on all sides.
    pub fn contains(&self, p: Point, margin: f64) -> bool {
        p.x >= self.min_x - margin
            && p.x <= self.max_x + margin
            && p.y >= self.min_y - margin
            && p.y <= self.max_y + margin
    }

    /// Whether the two rectangles overlap (touching counts).
    pub fn intersects(&self, other: &Bounds) -> bool {
        self.min_x <= other.max_x && other.min_x <= self.max_x && self.min_y <= other.max_y && other.min_y <= self.max_y
    }

    /// Distance from `p` to the rectangle (0 inside).
    pub fn distance(&self, p: Point) -> f64 {
        let dx = (self.min_x - p.x).max(p.x - self.max_x).max(0.0);
        let dy = (self.min_y - p.y).max(p.y - self.max_y).max(0.0);
        dx.hypot(dy)
    }
}

/// Clips a ring to an axis-aligned rectangle (Sutherland–Hodgman). The result
/// may contain zero-width slivers along the rectangle's edges where the ring
/// leaves and re-enters; they enclose no area, so fills and crossing-number
/// tests are unaffected.
pub fn clip_ring(ring: &[Point], rect: &Bounds) -> Ring {
    type Inside = fn(Point, &Bounds) -> bool;
    type Cut = fn(Point, Point, &Bounds) -> Point;
    let edges: [(Inside, Cut); 4] = [
        (
            |p, r| p.x >= r.min_x,
            |a, b, r| Point::new(r.min_x, a.y + (b.y - a.y) * (r.min_x - a.x) / (b.x - a.x)),
        ),
        (
            |p, r| p.x <= r.max_x,
            |a, b, r| Point::new(r.max_x, a.y + (b.y - a.y) * (r.max_x - a.x) / (b.x - a.x)),
        ),
        (
            |p, r| p.y >= r.min_y,
            |a, b, r| Point::new(a.x + (b.x - a.x) * (r.min_y - a.y) / (b.y - a.y), r.min_y),
        ),
        (
            |p, r| p.y <= r.max_y,
            |a, b, r| Point::new(a.x + (b.x - a.x) * (r.max_y - a.y) / (b.y - a.y), r.max_y),
        ),
    ];
    let mut output: Ring = ring.to_vec();
    for (inside, cut) in edges {
        if output.is_empty() {
            break;
        }
        let input = std::mem::take(&mut output);
        let mut prev = input[input.len() - 1];
        for &cur in &input {
            match (inside(cur, rect), inside(prev, rect)) {
                (true, true) => output.push(cur),
                (true, false) => {
                    output.push(cut(prev, cur, rect));
                    output.push(cur);
                }
                (false, true) => output.push(cut(prev, cur, rect)),
                (false, false) => {}
            }
            prev = cur;
        }
    }
    output
}

/// Clips an open polyline to a rectangle, returning the visible pieces
/// (Liang–Barsky per segment; consecutive visible segments are joined).
pub fn clip_polyline(line: &[Point], rect: &Bounds) -> Vec<Vec<Point>> {
    let mut pieces: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    for pair in line.windows(2) {
        match clip_segment(pair[0], pair[1], rect) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

fn clip_segment(a: Point, b: Point, r: &Bounds) -> Option<(Point, Point)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.x - r.min_x),
        (dx, r.max_x - a.x),
        (-dy, a.y - r.min_y),
        (dy, r.max_y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| Point::new(a.x + t * dx, a.y + t * dy);
    Some((at(t0), at(t1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, s: f64) -> Ring {
        vec![
            Point::new(x0, y0),
            Point::new(x0 + s, y0),
            Point::new(x0 + s, y0 + s),
            Point::new(x0, y0 + s),
        ]
    }

    #[test]
    fn point_on_edge_is_boundary_with_tolerance() {
        let p = Polygon::new(vec![square(0.0, 0.0, 10.0)]);
        assert_eq!(p.position(Point::new(10.0, 5.0), 0.01), Position::OnBoundary);
        assert_eq!(p.position(Point::new(5.0, 5.0), 0.01), Position::Inside);
        assert_eq!(p.position(Point::new(15.0, 5.0), 0.01), Position::Outside);
    }

    #[test]
    fn ray_through_vertex_counts_once() {
        // A diamond whose left and right vertices lie on the ray y = 0.
        let diamond = Polygon::new(vec![vec![
            Point::new(-1.0, 0.0),
            Point::new(0.0, -1.0),
            Point::new(1.0, 0.0),
            Point::new(0.0, 1.0),
        ]]);
        assert!(diamond.contains(Point::new(0.0, 0.0)));
        assert!(!diamond.contains(Point::new(-2.0, 0.0)));
        assert!(!diamond.contains(Point::new(2.0, 0.0)));
    }

    #[test]
    fn area_subtracts_holes() {
        let p = Polygon::new(vec![square(0.0, 0.0, 10.0), square(2.0, 2.0, 2.0)]);
        assert!((p.area() - 96.0).abs() < 1e-9);
    }

    #[test]
    fn clipping_a_ring_keeps_the_inside_part() {
        let clipped = clip_ring(&square(-5.0, -5.0, 10.0), &Bounds::new(0.0, 0.0, 10.0, 10.0));
        assert!((ring_signed_area(&clipped).abs() - 25.0).abs() < 1e-9);
        let outside = clip_ring(&square(20.0, 20.0, 1.0), &Bounds::new(0.0, 0.0, 10.0, 10.0));
        assert!(outside.is_empty());
    }

    #[test]
    fn clipping_a_polyline_splits_it_where_it_leaves() {
        let line = [
            Point::new(-1.0, 1.0),
            Point::new(5.0, 1.0),
            Point::new(5.0, 20.0),
            Point::new(6.0, 20.0),
            Point::new(6.0, 5.0),
        ];
        let pieces = clip_polyline(&line, &Bounds::new(0.0, 0.0, 10.0, 10.0));
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].first(), Some(&Point::new(0.0, 1.0)));
        assert_eq!(pieces[0].last(), Some(&Point::new(5.0, 10.0)));
        assert_eq!(pieces[1], vec![Point::new(6.0, 10.0), Point::new(6.0, 5.0)]);
    }
}
