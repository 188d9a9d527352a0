//! Reads TopoJSON (the committed `assets/provinces.topo.json`, or a newsroom's
//! own projected boundary file) into an [`Atlas`].
//!
//! TopoJSON stores each border once as an *arc*; a polygon ring is a list of
//! arc indices (`~i` = arc `i` reversed). Decoding keeps that sharing: regions
//! get their rings by concatenating arcs, and the atlas keeps the arcs so the
//! renderer can stroke every border exactly once. Coordinates are quantized
//! and delta-encoded when a `transform` is present (TopoJSON spec §2.1.2).
//!
//! Problems are reported with the JSON path where they occur; nothing here
//! panics on input.

use crate::geometry::{ring_signed_area, Bounds, Point, Polygon, Ring};
use crate::model::{Arc, Atlas, Names, Region, RegionKind};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// The geometry asset shipped with shengtu (pre-projected, quantized).
pub const DEFAULT_TOPOLOGY: &str = include_str!("../assets/provinces.topo.json");

/// A problem found while reading a boundary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeometryError {
    /// JSON path of the offending value, e.g. `$.objects.provinces.geometries[3].arcs`.
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for GeometryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for GeometryError {}

fn err(path: impl Into<String>, message: impl Into<String>) -> GeometryError {
    GeometryError {
        path: path.into(),
        message: message.into(),
    }
}

#[derive(Deserialize)]
struct RawTopology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<RawTransform>,
    arcs: Vec<Vec<Vec<f64>>>,
    objects: HashMap<String, Value>,
}

#[derive(Deserialize)]
struct RawTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct RawProperties {
    adcode: u32,
    kind: RegionKind,
    name: Names,
    full_name: Names,
    #[serde(default)]
    anchor: Option<[f64; 2]>,
}

/// A reference point shipped with the asset: a position and its projection
/// computed by proj4 at preparation time.
#[derive(Debug, Clone, Deserialize)]
pub struct ReferencePoint {
    /// Place name.
    pub name: String,
    /// `[lon, lat]` in degrees.
    pub lonlat: [f64; 2],
    /// `[x, y]` in metres as projected by proj4.
    pub xy: [f64; 2],
}

/// Reads the `reference_points` member of a topology file (empty if absent).
pub fn reference_points(json: &str) -> Result<Vec<ReferencePoint>, GeometryError> {
    #[derive(Deserialize)]
    struct WithReferences {
        #[serde(default)]
        reference_points: Vec<ReferencePoint>,
    }
    serde_json::from_str::<WithReferences>(json)
        .map(|w| w.reference_points)
        .map_err(|e| err("$", e.to_string()))
}

/// Parses a TopoJSON topology whose object `object` holds one Polygon or
/// MultiPolygon per region with shengtu's properties (see `assets/README.md`).
///
/// # Errors
/// Malformed JSON, a missing object, arcs out of range, regions without
/// polygons, or missing properties, each with its JSON path.
pub fn parse_atlas(json: &str, object: &str) -> Result<Atlas, GeometryError> {
    let raw: RawTopology = serde_json::from_str(json).map_err(|e| err("$", format!("not a TopoJSON topology: {e}")))?;
    if raw.kind != "Topology" {
        return Err(err("$.type", format!("expected \"Topology\", found {:?}", raw.kind)));
    }
    let arcs = decode_arcs(&raw.arcs, raw.transform.as_ref())?;
    let collection = raw
        .objects
        .get(object)
        .ok_or_else(|| err("$.objects", format!("no object named {object:?}")))?;
    let base = format!("$.objects.{object}.geometries");
    let geometries = collection
        .get("geometries")
        .and_then(Value::as_array)
        .ok_or_else(|| err(format!("$.objects.{object}"), "expected a GeometryCollection"))?;

    let mut uses = vec![0u8; arcs.len()];
    let mut regions = Vec::with_capacity(geometries.len());
    for (i, geometry) in geometries.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let id = geometry
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("{path}.id"), "missing region id"))?
            .to_string();
        let props: RawProperties = geometry
            .get("properties")
            .cloned()
            .ok_or_else(|| err(format!("{path}.properties"), "missing properties"))
            .and_then(|v| serde_json::from_value(v).map_err(|e| err(format!("{path}.properties"), e.to_string())))?;
        let polygon_arcs = polygon_arc_lists(geometry, &path)?;
        let mut polygons = Vec::with_capacity(polygon_arcs.len());
        let mut region_arcs = Vec::new();
        for (p, ring_lists) in polygon_arcs.iter().enumerate() {
            let mut rings: Vec<Ring> = Vec::with_capacity(ring_lists.len());
            for (r, ring_arcs) in ring_lists.iter().enumerate() {
                let ring_path = format!("{path}.arcs[{p}][{r}]");
                let ring = stitch_ring(&arcs, ring_arcs, &ring_path)?;
                for &a in ring_arcs {
                    let index = arc_index(a);
                    uses[index] = uses[index].saturating_add(1);
                    region_arcs.push(index);
                }
                rings.push(ring);
            }
            orient(&mut rings);
            polygons.push(Polygon::new(rings));
        }
        if polygons.is_empty() {
            return Err(err(format!("{path}.arcs"), format!("region {id} has no polygons")));
        }
        let bounds = polygons.iter().fold(Bounds::EMPTY, |b, p| b.union(p.bounds()));
        let anchor = match (props.anchor, raw.transform.as_ref()) {
            (Some([x, y]), Some(t)) => Point::new(x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]),
            (Some([x, y]), None) => Point::new(x, y),
            (None, _) => interior_point(&polygons),
        };
        region_arcs.sort_unstable();
        region_arcs.dedup();
        regions.push(Region {
            id,
            adcode: props.adcode,
            kind: props.kind,
            name: props.name,
            full_name: props.full_name,
            polygons,
            arcs: region_arcs,
            anchor,
            bounds,
        });
    }
    let arcs = arcs
        .into_iter()
        .zip(uses)
        .map(|(points, uses)| Arc { points, uses })
        .collect();
    Ok(Atlas { regions, arcs })
}

/// The shipped atlas of 34 regions.
///
/// # Errors
/// Only if the committed asset is corrupt (a test guards against that).
pub fn default_atlas() -> Result<Atlas, GeometryError> {
    parse_atlas(DEFAULT_TOPOLOGY, "provinces")
}

fn decode_arcs(raw: &[Vec<Vec<f64>>], transform: Option<&RawTransform>) -> Result<Vec<Vec<Point>>, GeometryError> {
    raw.iter()
        .enumerate()
        .map(|(i, arc)| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .enumerate()
                .map(|(j, position)| {
                    let (&px, &py) = match position.as_slice() {
                        [px, py, ..] if px.is_finite() && py.is_finite() => (px, py),
                        _ => {
                            return Err(err(
                                format!("$.arcs[{i}][{j}]"),
                                "expected a position [x, y] of finite numbers",
                            ))
                        }
                    };
                    Ok(match transform {
                        Some(t) => {
                            x += px;
                            y += py;
                            Point::new(x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1])
                        }
                        None => Point::new(px, py),
                    })
                })
                .collect()
        })
        .collect()
}

/// The arc lists of a Polygon or MultiPolygon as `[polygon][ring][arc]`.
fn polygon_arc_lists(geometry: &Value, path: &str) -> Result<Vec<Vec<Vec<i64>>>, GeometryError> {
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let arcs = geometry.get("arcs").cloned().unwrap_or(Value::Null);
    let parse = |v: Value| -> Result<Vec<Vec<Vec<i64>>>, GeometryError> {
        match kind {
            "Polygon" => serde_json::from_value::<Vec<Vec<i64>>>(v).map(|p| vec![p]),
            "MultiPolygon" => serde_json::from_value::<Vec<Vec<Vec<i64>>>>(v),
            other => {
                return Err(err(
                    format!("{path}.type"),
                    format!("expected \"Polygon\" or \"MultiPolygon\", found {other:?}"),
                ))
            }
        }
        .map_err(|e| err(format!("{path}.arcs"), e.to_string()))
    };
    parse(arcs)
}

fn arc_index(a: i64) -> usize {
    if a < 0 {
        (!a) as usize
    } else {
        a as usize
    }
}

fn stitch_ring(arcs: &[Vec<Point>], ring_arcs: &[i64], path: &str) -> Result<Ring, GeometryError> {
    let mut ring: Ring = Vec::new();
    for (k, &a) in ring_arcs.iter().enumerate() {
        let index = arc_index(a);
        let arc = arcs.get(index).ok_or_else(|| {
            err(
                format!("{path}[{k}]"),
                format!("arc {a} does not exist ({} arcs)", arcs.len()),
            )
        })?;
        let skip = usize::from(!ring.is_empty());
        if a < 0 {
            ring.extend(arc.iter().rev().skip(skip));
        } else {
            ring.extend(arc.iter().skip(skip));
        }
    }
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    Ok(ring)
}

/// Makes exteriors counter-clockwise and holes clockwise (y north), so that a
/// bridged path of exterior + holes fills correctly under the non-zero rule.
fn orient(rings: &mut [Ring]) {
    for (i, ring) in rings.iter_mut().enumerate() {
        let ccw = ring_signed_area(ring) > 0.0;
        if ccw != (i == 0) {
            ring.reverse();
        }
    }
}

/// A point inside the largest polygon, for regions without a stored anchor:
/// the middle of the widest interior span on the horizontal line through the
/// polygon's vertical centre.
pub fn interior_point(polygons: &[Polygon]) -> Point {
    let Some(largest) = polygons.iter().max_by(|a, b| a.area().abs().total_cmp(&b.area().abs())) else {
        return Point::new(0.0, 0.0);
    };
    let b = largest.bounds();
    let y = (b.min_y + b.max_y) / 2.0;
    let mut crossings: Vec<f64> = Vec::new();
    for ring in &largest.rings {
        let n = ring.len();
        for i in 0..n {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            if (p.y > y) != (q.y > y) {
                crossings.push(p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y));
            }
        }
    }
    crossings.sort_by(f64::total_cmp);
    crossings
        .chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map_or(Point::new((b.min_x + b.max_x) / 2.0, y), |span| {
            Point::new((span[0] + span[1]) / 2.0, y)
        })
}
