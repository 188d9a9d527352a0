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
use crate::json::Value;
use crate::model::{Arc, Atlas, Names, Region, RegionKind};
use std::fmt;

/// The geometry asset shipped with shengtu (pre-projected, quantized TopoJSON).
pub const DEFAULT_TOPOLOGY: &str = include_str!("../assets/provinces.topo.json");

/// The same topology in shengtu's compact binary form
/// ([`crate::geometry_codec`]; `assets/provinces.stg`, kept identical to the
/// TopoJSON by a test). This is what the WebAssembly embeds: about 31 KB
/// instead of 136 KB of JSON, and no JSON to parse before the first paint.
pub const DEFAULT_TOPOLOGY_BINARY: &[u8] = include_bytes!("../assets/provinces.stg");

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

/// A TopoJSON topology as read, before its rings are stitched: quantized
/// arcs (delta-decoded, not yet transformed) and one entry per region.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTopology {
    /// `scale` and `translate` of the quantization transform, if any.
    pub transform: Option<[f64; 4]>,
    /// Arcs as absolute positions (quantized units when `transform` is set).
    pub arcs: Vec<Vec<[f64; 2]>>,
    /// The regions, in file order.
    pub regions: Vec<RawRegion>,
}

/// One region of a [`RawTopology`].
#[derive(Debug, Clone, PartialEq)]
pub struct RawRegion {
    /// ISO 3166-2 id.
    pub id: String,
    /// GB/T 2260 code.
    pub adcode: u32,
    /// Constitutional kind.
    pub kind: RegionKind,
    /// Short names.
    pub name: Names,
    /// Full names.
    pub full_name: Names,
    /// Label anchor (quantized units when a transform is set).
    pub anchor: Option<[f64; 2]>,
    /// Arc references as `[polygon][ring][arc]` (`~i` = arc `i` reversed).
    pub polygons: Vec<Vec<Vec<i64>>>,
}

/// A reference point shipped with the asset: a position and its projection
/// computed by proj4 at preparation time.
#[derive(Debug, Clone)]
pub struct ReferencePoint {
    /// Place name.
    pub name: String,
    /// `[lon, lat]` in degrees.
    pub lonlat: [f64; 2],
    /// `[x, y]` in metres as projected by proj4.
    pub xy: [f64; 2],
}

fn pair(v: Option<&Value>) -> Option<[f64; 2]> {
    let a = v?.as_array()?;
    match a.as_slice() {
        [x, y] => Some([x.as_f64()?, y.as_f64()?]),
        _ => None,
    }
}

/// Reads the `reference_points` member of a topology file (empty if absent).
pub fn reference_points(json: &str) -> Result<Vec<ReferencePoint>, GeometryError> {
    let value = crate::json::parse(json).map_err(|e| err("$", e.to_string()))?;
    let Some(points) = value.get("reference_points") else {
        return Ok(Vec::new());
    };
    let points = points
        .as_array()
        .ok_or_else(|| err("$.reference_points", "expected an array"))?;
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let read = || {
                Some(ReferencePoint {
                    name: p.get("name")?.as_str()?.to_string(),
                    lonlat: pair(p.get("lonlat"))?,
                    xy: pair(p.get("xy"))?,
                })
            };
            read().ok_or_else(|| err(format!("$.reference_points[{i}]"), "expected {name, lonlat, xy}"))
        })
        .collect()
}

fn names(value: Option<&Value>, path: &str) -> Result<Names, GeometryError> {
    let text = |lang: &str| -> Result<String, GeometryError> {
        value
            .and_then(|v| v.get(lang))
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| err(format!("{path}.{lang}"), "missing name"))
    };
    Ok(Names {
        zh_hans: text("zh-Hans")?,
        zh_hant: text("zh-Hant")?,
        en: text("en")?,
    })
}

/// Reads a TopoJSON topology whose object `object` holds one Polygon or
/// MultiPolygon per region with shengtu's properties (see `assets/README.md`).
///
/// # Errors
/// Malformed JSON, a missing object or member, or a bad value, with its JSON path.
pub fn read_topology(json: &str, object: &str) -> Result<RawTopology, GeometryError> {
    let value = crate::json::parse(json).map_err(|e| err("$", format!("not a TopoJSON topology: {e}")))?;
    match value.get("type").and_then(Value::as_str) {
        Some("Topology") => {}
        other => return Err(err("$.type", format!("expected \"Topology\", found {other:?}"))),
    }
    let transform = match value.get("transform") {
        None | Some(Value::Null) => None,
        Some(t) => {
            let (Some([sx, sy]), Some([tx, ty])) = (pair(t.get("scale")), pair(t.get("translate"))) else {
                return Err(err("$.transform", "expected {scale: [x, y], translate: [x, y]}"));
            };
            Some([sx, sy, tx, ty])
        }
    };
    let raw_arcs = value
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or_else(|| err("$.arcs", "missing: expected an array of arcs"))?;
    let mut arcs = Vec::with_capacity(raw_arcs.len());
    for (i, arc) in raw_arcs.iter().enumerate() {
        let positions = arc
            .as_array()
            .ok_or_else(|| err(format!("$.arcs[{i}]"), "expected an array of positions"))?;
        let (mut x, mut y) = (0.0, 0.0);
        let mut points = Vec::with_capacity(positions.len());
        for (j, position) in positions.iter().enumerate() {
            let p = position.as_array().map(Vec::as_slice);
            let (px, py) = match p {
                Some([px, py, ..]) => match (px.as_f64(), py.as_f64()) {
                    (Some(px), Some(py)) => (px, py),
                    _ => {
                        return Err(err(
                            format!("$.arcs[{i}][{j}]"),
                            "expected a position [x, y] of finite numbers",
                        ))
                    }
                },
                _ => {
                    return Err(err(
                        format!("$.arcs[{i}][{j}]"),
                        "expected a position [x, y] of finite numbers",
                    ))
                }
            };
            if transform.is_some() {
                x += px;
                y += py;
                points.push([x, y]);
            } else {
                points.push([px, py]);
            }
        }
        arcs.push(points);
    }
    let collection = value
        .get("objects")
        .and_then(|o| o.get(object))
        .ok_or_else(|| err("$.objects", format!("no object named {object:?}")))?;
    let base = format!("$.objects.{object}.geometries");
    let geometries = collection
        .get("geometries")
        .and_then(Value::as_array)
        .ok_or_else(|| err(format!("$.objects.{object}"), "expected a GeometryCollection"))?;
    let mut regions = Vec::with_capacity(geometries.len());
    for (i, geometry) in geometries.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let id = geometry
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("{path}.id"), "missing region id"))?
            .to_string();
        let props_path = format!("{path}.properties");
        let props = geometry
            .get("properties")
            .ok_or_else(|| err(&props_path, "missing properties"))?;
        let adcode = props
            .get("adcode")
            .and_then(Value::as_u64)
            .and_then(|a| u32::try_from(a).ok())
            .ok_or_else(|| err(format!("{props_path}.adcode"), "expected a GB/T 2260 code"))?;
        let kind = props
            .get("kind")
            .and_then(Value::as_str)
            .and_then(RegionKind::from_key)
            .ok_or_else(|| {
                err(
                    format!("{props_path}.kind"),
                    "expected province, autonomous_region, municipality or sar",
                )
            })?;
        let anchor = match props.get("anchor") {
            None | Some(Value::Null) => None,
            a => Some(pair(a).ok_or_else(|| err(format!("{props_path}.anchor"), "expected [x, y]"))?),
        };
        let arcs_value = geometry.get("arcs").unwrap_or(&Value::Null);
        let polygons = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => crate::json::integer_lists(arcs_value).map(|p| vec![p]),
            Some("MultiPolygon") => crate::json::integer_lists_3(arcs_value),
            other => {
                return Err(err(
                    format!("{path}.type"),
                    format!("expected \"Polygon\" or \"MultiPolygon\", found {other:?}"),
                ))
            }
        }
        .ok_or_else(|| err(format!("{path}.arcs"), "expected lists of arc indices"))?;
        regions.push(RawRegion {
            id,
            adcode,
            kind,
            name: names(props.get("name"), &format!("{props_path}.name"))?,
            full_name: names(props.get("full_name"), &format!("{props_path}.full_name"))?,
            anchor,
            polygons,
        });
    }
    Ok(RawTopology {
        transform,
        arcs,
        regions,
    })
}

/// Parses a TopoJSON topology into an atlas ([`read_topology`], then [`build_atlas`]).
///
/// # Errors
/// As [`read_topology`] and [`build_atlas`].
pub fn parse_atlas(json: &str, object: &str) -> Result<Atlas, GeometryError> {
    build_atlas(read_topology(json, object)?, &format!("$.objects.{object}.geometries"))
}

/// Stitches a raw topology's rings, orients them, and computes anchors,
/// bounds and each arc's use count. `base` is the JSON path of the region list.
///
/// # Errors
/// Arcs out of range or regions without polygons, with their paths.
pub fn build_atlas(raw: RawTopology, base: &str) -> Result<Atlas, GeometryError> {
    let place = |[x, y]: [f64; 2]| match raw.transform {
        Some([sx, sy, tx, ty]) => Point::new(x * sx + tx, y * sy + ty),
        None => Point::new(x, y),
    };
    let arcs: Vec<Vec<Point>> = raw
        .arcs
        .iter()
        .map(|a| a.iter().copied().map(place).collect())
        .collect();
    let mut uses = vec![0u8; arcs.len()];
    let mut regions = Vec::with_capacity(raw.regions.len());
    for (i, region) in raw.regions.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let mut polygons = Vec::with_capacity(region.polygons.len());
        let mut region_arcs = Vec::new();
        for (p, ring_lists) in region.polygons.iter().enumerate() {
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
            return Err(err(
                format!("{path}.arcs"),
                format!("region {} has no polygons", region.id),
            ));
        }
        let bounds = polygons.iter().fold(Bounds::EMPTY, |b, p| b.union(p.bounds()));
        let anchor = region.anchor.map_or_else(|| interior_point(&polygons), place);
        crate::sort::sort_by(&mut region_arcs, Ord::cmp);
        region_arcs.dedup();
        regions.push(Region {
            id: region.id.clone(),
            adcode: region.adcode,
            kind: region.kind,
            name: region.name.clone(),
            full_name: region.full_name.clone(),
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

/// The shipped atlas of 34 regions, decoded from [`DEFAULT_TOPOLOGY_BINARY`].
///
/// # Errors
/// Only if the embedded asset is corrupt (a test guards against that).
pub fn default_atlas() -> Result<Atlas, GeometryError> {
    let raw = crate::geometry_codec::decode(DEFAULT_TOPOLOGY_BINARY).map_err(|e| err("$", e))?;
    build_atlas(raw, "$.objects.provinces.geometries")
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
    crate::sort::sort_by(&mut crossings, f64::total_cmp);
    crossings
        .chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map_or(Point::new((b.min_x + b.max_x) / 2.0, y), |span| {
            Point::new((span[0] + span[1]) / 2.0, y)
        })
}
