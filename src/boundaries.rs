//! A newsroom's own boundary file (for example officially reviewed data):
//! TopoJSON or GeoJSON, in longitude/latitude (projected here) or already in
//! shengtu's projected metres, matched to the 34 regions by id, adcode or
//! name.
//!
//! Loading is lenient and loud: every problem is reported with its JSON path
//! (unknown or duplicate regions, empty or self-crossing rings, coordinates
//! given as [lat, lon], bad arc references, non-numbers), and everything
//! usable is kept. Nothing here panics on input.

use crate::geometry::{ring_signed_area, Bounds, Point, Polygon, Ring};
use crate::json::Value;
use crate::model::{Arc, Atlas, Region};
use crate::projection::{AlbersConic, LonLat};
use crate::topology::{interior_point, GeometryError};

/// Most vertices accepted in one file (the built-in geometry has ~15 000).
pub const MAX_VERTICES: usize = 2_000_000;

fn problem(problems: &mut Vec<GeometryError>, path: impl Into<String>, message: impl Into<String>) {
    problems.push(GeometryError {
        path: path.into(),
        message: message.into(),
    });
}

/// One region's rings before projection: `[polygon][ring][point]`, plus the
/// arc indices it used (TopoJSON) for border drawing.
struct RawRegion {
    reference: usize,
    path: String,
    polygons: Vec<Vec<Vec<Point>>>,
}

/// Loads a boundary file against the built-in atlas (which supplies ids,
/// codes and names). Returns the new atlas (if any region could be used) and
/// every problem found.
pub fn load_boundaries(json: &str, reference: &Atlas) -> (Option<Atlas>, Vec<GeometryError>) {
    let mut problems = Vec::new();
    let value: Value = match crate::json::parse(json) {
        Ok(v) => v,
        Err(e) => {
            problem(&mut problems, "$", format!("not valid JSON: {e}"));
            return (None, problems);
        }
    };
    let (mut raw, mut arcs) = match value.get("type").and_then(Value::as_str) {
        Some("Topology") => read_topology(&value, reference, &mut problems),
        Some("FeatureCollection") => (read_geojson(&value, reference, &mut problems), Vec::new()),
        other => {
            problem(
                &mut problems,
                "$.type",
                format!("expected \"Topology\" (TopoJSON) or \"FeatureCollection\" (GeoJSON), found {other:?}"),
            );
            return (None, problems);
        }
    };
    let vertex_count: usize = raw
        .iter()
        .flat_map(|r| &r.polygons)
        .flatten()
        .map(Vec::len)
        .sum::<usize>()
        + arcs.iter().map(Vec::len).sum::<usize>();
    if vertex_count > MAX_VERTICES {
        problem(
            &mut problems,
            "$",
            format!("{vertex_count} vertices: too many (at most {MAX_VERTICES})"),
        );
        return (None, problems);
    }

    // Coordinates: longitude/latitude (to project), [lat, lon] (swap and
    // say so), or projected metres (as the built-in asset). China spans
    // 73–135°E and 3–54°N, so [lat, lon] puts x in 0–60 and y in 65–140.
    let looks_swapped =
        |b: &Bounds| !b.is_empty() && b.min_x >= 0.0 && b.max_x <= 60.0 && b.min_y >= 65.0 && b.max_y <= 140.0;
    let swap = |p: &mut Point| *p = Point::new(p.y, p.x);
    let message =
        "coordinates look like [latitude, longitude]; GeoJSON and TopoJSON use [longitude, latitude] (swapped them)";
    let mut arc_bounds = Bounds::EMPTY;
    arcs.iter().flatten().for_each(|p| arc_bounds.extend(*p));
    if looks_swapped(&arc_bounds) {
        problem(&mut problems, "$.arcs", message);
        arcs.iter_mut().flatten().for_each(swap);
    }
    for r in &mut raw {
        let mut b = Bounds::EMPTY;
        r.polygons.iter().flatten().flatten().for_each(|p| b.extend(*p));
        if arcs.is_empty() && looks_swapped(&b) {
            problem(&mut problems, r.path.clone(), message);
            r.polygons.iter_mut().flatten().flatten().for_each(swap);
        }
    }
    let mut bounds = Bounds::EMPTY;
    for p in raw
        .iter()
        .flat_map(|r| &r.polygons)
        .flatten()
        .flatten()
        .chain(arcs.iter().flatten())
    {
        bounds.extend(*p);
    }
    let geographic = bounds.min_x >= -180.0 && bounds.max_x <= 180.0 && bounds.min_y >= -90.0 && bounds.max_y <= 90.0;
    if !bounds.is_empty() && geographic {
        let projection = AlbersConic::china();
        let convert = |p: &mut Point| *p = projection.project(LonLat::new(p.x, p.y));
        raw.iter_mut()
            .flat_map(|r| &mut r.polygons)
            .flatten()
            .flatten()
            .for_each(convert);
        arcs.iter_mut().flatten().for_each(convert);
    }

    let mut regions: Vec<Region> = Vec::new();
    for r in raw {
        let mut polygons = Vec::new();
        for (p, rings) in r.polygons.into_iter().enumerate() {
            let mut kept: Vec<Ring> = Vec::new();
            for (k, mut ring) in rings.into_iter().enumerate() {
                let ring_path = format!("{}[{p}][{k}]", r.path);
                if ring.len() > 1 && ring.first() == ring.last() {
                    ring.pop();
                }
                ring.dedup();
                if ring.len() < 3 || ring_signed_area(&ring).abs() == 0.0 {
                    if k == 0 {
                        problem(
                            &mut problems,
                            ring_path,
                            "empty or degenerate ring (fewer than 3 distinct points): polygon left out",
                        );
                        kept.clear();
                        break;
                    }
                    problem(&mut problems, ring_path, "empty or degenerate hole left out");
                    continue;
                }
                if let Some(at) = self_intersection(&ring) {
                    problem(
                        &mut problems,
                        ring_path,
                        format!("ring crosses itself near vertex {at}: fix it in GIS software (drawn as given; clicks near the crossing may miss)"),
                    );
                }
                let ccw = ring_signed_area(&ring) > 0.0;
                if ccw != kept.is_empty() {
                    ring.reverse();
                }
                kept.push(ring);
            }
            if !kept.is_empty() {
                polygons.push(Polygon::new(kept));
            }
        }
        if polygons.is_empty() {
            problem(&mut problems, r.path, "no usable polygon: region left out");
            continue;
        }
        let base = &reference.regions[r.reference];
        let bounds = polygons.iter().fold(Bounds::EMPTY, |b, p| b.union(p.bounds()));
        let anchor = if polygons.iter().any(|p| p.contains(base.anchor)) {
            base.anchor
        } else {
            interior_point(&polygons)
        };
        regions.push(Region {
            id: base.id.clone(),
            adcode: base.adcode,
            kind: base.kind,
            name: base.name.clone(),
            full_name: base.full_name.clone(),
            polygons,
            arcs: Vec::new(),
            anchor,
            bounds,
        });
    }
    if regions.is_empty() {
        problem(
            &mut problems,
            "$",
            "no region of China could be matched and drawn; keeping the current map",
        );
        return (None, problems);
    }
    // Borders: the file's arcs (TopoJSON), else every ring once.
    let arcs: Vec<Arc> = if arcs.is_empty() {
        regions
            .iter()
            .flat_map(|r| &r.polygons)
            .flat_map(|p| &p.rings)
            .map(|ring| {
                let mut points = ring.clone();
                points.extend(ring.first().copied());
                Arc { points, uses: 1 }
            })
            .collect()
    } else {
        arcs.into_iter().map(|points| Arc { points, uses: 1 }).collect()
    };
    (Some(Atlas { regions, arcs }), problems)
}

/// Finds the region a feature or geometry refers to: its `id`, or the
/// properties `id`, `iso_3166_2`, `adcode`, `code`, `name`, `name_zh`,
/// `name_en`, `NAME`, `NAME_1`.
fn identify(item: &Value, reference: &Atlas) -> Option<usize> {
    let mut keys: Vec<String> = Vec::new();
    let mut push = |v: Option<&Value>| match v {
        Some(Value::String(s)) => keys.push(s.clone()),
        Some(Value::Number(n)) => keys.push(n.to_string()),
        _ => {}
    };
    push(item.get("id"));
    if let Some(props) = item.get("properties") {
        for key in [
            "id",
            "iso_3166_2",
            "adcode",
            "code",
            "name",
            "name_zh",
            "name_en",
            "NAME",
            "NAME_1",
            "fullname",
        ] {
            push(props.get(key));
        }
    }
    keys.iter().find_map(|k| reference.lookup(k))
}

/// The reference region a geometry or feature stands for, reporting an
/// unknown or already used one at `path`.
fn match_region(
    item: &Value,
    path: &str,
    reference: &Atlas,
    seen: &[RawRegion],
    problems: &mut Vec<GeometryError>,
) -> Option<usize> {
    let Some(index) = identify(item, reference) else {
        let message = format!(
            "unknown region {}: give an ISO 3166-2 id, a GB/T 2260 adcode or a name",
            describe(item)
        );
        problem(problems, path, message);
        return None;
    };
    if seen.iter().any(|r| r.reference == index) {
        problem(
            problems,
            path,
            format!("duplicate region {}", reference.regions[index].id),
        );
        return None;
    }
    Some(index)
}

fn describe(item: &Value) -> String {
    let id = item.get("id").map(Value::to_string);
    let name = item.get("properties").and_then(|p| p.get("name")).map(Value::to_string);
    id.or(name).unwrap_or_else(|| "(no id or name)".into())
}

fn number_pair(v: &Value) -> Option<Point> {
    let a = v.as_array()?;
    let (x, y) = (a.first()?.as_f64()?, a.get(1)?.as_f64()?);
    (x.is_finite() && y.is_finite()).then_some(Point::new(x, y))
}

fn read_topology(
    value: &Value,
    reference: &Atlas,
    problems: &mut Vec<GeometryError>,
) -> (Vec<RawRegion>, Vec<Vec<Point>>) {
    let transform = value.get("transform").and_then(|t| {
        let scale = number_pair(t.get("scale")?)?;
        let translate = number_pair(t.get("translate")?)?;
        Some((scale, translate))
    });
    let mut arcs: Vec<Vec<Point>> = Vec::new();
    for (i, arc) in value
        .get("arcs")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
    {
        let mut points = Vec::new();
        let (mut x, mut y) = (0.0, 0.0);
        for (j, position) in arc.as_array().map_or(&[][..], Vec::as_slice).iter().enumerate() {
            let Some(p) = number_pair(position) else {
                problem(
                    problems,
                    format!("$.arcs[{i}][{j}]"),
                    "expected a position [x, y] of finite numbers",
                );
                continue;
            };
            points.push(match transform {
                Some((s, t)) => {
                    x += p.x;
                    y += p.y;
                    Point::new(x * s.x + t.x, y * s.y + t.y)
                }
                None => p,
            });
        }
        arcs.push(points);
    }
    let Some(objects) = value.get("objects").and_then(Value::as_object) else {
        problem(problems, "$.objects", "missing: a TopoJSON topology needs objects");
        return (Vec::new(), arcs);
    };
    let Some((name, collection)) = objects
        .get_key_value("provinces")
        .or_else(|| objects.iter().find(|(_, o)| o.get("geometries").is_some()))
    else {
        problem(problems, "$.objects", "no GeometryCollection found");
        return (Vec::new(), arcs);
    };
    let base = format!("$.objects.{name}.geometries");
    let mut raw: Vec<RawRegion> = Vec::new();
    for (i, geometry) in collection
        .get("geometries")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
    {
        let path = format!("{base}[{i}]");
        let Some(reference_index) = match_region(geometry, &path, reference, &raw, problems) else {
            continue;
        };
        let lists: Vec<Vec<Vec<i64>>> = match (geometry.get("type").and_then(Value::as_str), geometry.get("arcs")) {
            (Some("Polygon"), Some(a)) => crate::json::integer_lists(a).map(|p| vec![p]).unwrap_or_default(),
            (Some("MultiPolygon"), Some(a)) => crate::json::integer_lists_3(a).unwrap_or_default(),
            (other, _) => {
                problem(
                    problems,
                    format!("{path}.type"),
                    format!("expected Polygon or MultiPolygon with arcs, found {other:?}"),
                );
                continue;
            }
        };
        let mut polygons = Vec::new();
        for (p, rings) in lists.iter().enumerate() {
            let mut out = Vec::new();
            for (k, ring_arcs) in rings.iter().enumerate() {
                let mut ring: Vec<Point> = Vec::new();
                for &a in ring_arcs {
                    let index = if a < 0 { (!a) as usize } else { a as usize };
                    let Some(arc) = arcs.get(index) else {
                        problem(
                            problems,
                            format!("{path}.arcs[{p}][{k}]"),
                            format!("arc {a} does not exist ({} arcs)", arcs.len()),
                        );
                        ring.clear();
                        break;
                    };
                    let skip = usize::from(!ring.is_empty());
                    if a < 0 {
                        ring.extend(arc.iter().rev().skip(skip));
                    } else {
                        ring.extend(arc.iter().skip(skip));
                    }
                }
                out.push(ring);
            }
            polygons.push(out);
        }
        raw.push(RawRegion {
            reference: reference_index,
            path: format!("{path}.arcs"),
            polygons,
        });
    }
    (raw, arcs)
}

fn read_geojson(value: &Value, reference: &Atlas, problems: &mut Vec<GeometryError>) -> Vec<RawRegion> {
    let mut raw: Vec<RawRegion> = Vec::new();
    let ring_of = |v: &Value| -> Option<Vec<Point>> { v.as_array()?.iter().map(number_pair).collect() };
    for (i, feature) in value
        .get("features")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
    {
        let path = format!("$.features[{i}]");
        let Some(reference_index) = match_region(feature, &path, reference, &raw, problems) else {
            continue;
        };
        let geometry = feature.get("geometry").unwrap_or(&Value::Null);
        let coordinates = geometry.get("coordinates").and_then(Value::as_array);
        let polygons: Option<Vec<Vec<Vec<Point>>>> = match (geometry.get("type").and_then(Value::as_str), coordinates) {
            (Some("Polygon"), Some(rings)) => rings.iter().map(ring_of).collect::<Option<Vec<_>>>().map(|p| vec![p]),
            (Some("MultiPolygon"), Some(polys)) => polys
                .iter()
                .map(|p| {
                    p.as_array()
                        .and_then(|rings| rings.iter().map(ring_of).collect::<Option<Vec<_>>>())
                })
                .collect(),
            (other, _) => {
                problem(
                    problems,
                    format!("{path}.geometry.type"),
                    format!("expected Polygon or MultiPolygon, found {other:?}"),
                );
                continue;
            }
        };
        match polygons {
            Some(polygons) => raw.push(RawRegion {
                reference: reference_index,
                path: format!("{path}.geometry.coordinates"),
                polygons,
            }),
            None => problem(
                problems,
                format!("{path}.geometry.coordinates"),
                "expected arrays of [longitude, latitude] number pairs",
            ),
        }
    }
    raw
}

/// The index of a vertex where the ring crosses itself, if it does
/// (segments sorted by their left end and swept; adjacent segments excluded).
pub fn self_intersection(ring: &[Point]) -> Option<usize> {
    let n = ring.len();
    if n < 4 {
        return None;
    }
    // Each segment left to right, computed once; the sort then compares
    // plain keys (a boundary file can have tens of thousands of segments).
    let segments: Vec<(Point, Point)> = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if a.x <= b.x {
                (a, b)
            } else {
                (b, a)
            }
        })
        .collect();
    let mut keys: Vec<(f64, usize)> = segments.iter().enumerate().map(|(i, s)| (s.0.x, i)).collect();
    crate::sort::sort_by(&mut keys, |p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
    let order: Vec<usize> = keys.into_iter().map(|(_, i)| i).collect();
    for (k, &i) in order.iter().enumerate() {
        let (a, b) = segments[i];
        for &j in &order[k + 1..] {
            let (c, d) = segments[j];
            if c.x > b.x {
                break; // sorted: no later segment starts before this one ends
            }
            let adjacent = (i + 1) % n == j || (j + 1) % n == i;
            if !adjacent && segments_cross(a, b, c, d) {
                return Some(i.min(j));
            }
        }
    }
    None
}

/// Proper crossing of two segments (touching at an end point does not count).
fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let orient = |p: Point, q: Point, r: Point| (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    let (d1, d2, d3, d4) = (orient(c, d, a), orient(c, d, b), orient(a, b, c), orient(a, b, d));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bow_tie_crosses_itself_and_a_square_does_not() {
        let square = [
            Point::new(0.0, 0.0),
            Point::new(1.0, 0.0),
            Point::new(1.0, 1.0),
            Point::new(0.0, 1.0),
        ];
        assert_eq!(self_intersection(&square), None);
        let bow_tie = [
            Point::new(0.0, 0.0),
            Point::new(1.0, 1.0),
            Point::new(1.0, 0.0),
            Point::new(0.0, 1.0),
        ];
        assert!(self_intersection(&bow_tie).is_some());
    }
}
