//! The Albers projection: forward against proj4's own output (reference points
//! stored in the asset by the preparation script), and forward + inverse.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

use shengtu::geometry::Point;
use shengtu::projection::{AlbersConic, LonLat};
use shengtu::topology::{reference_points, DEFAULT_TOPOLOGY};

#[test]
fn forward_matches_proj4_at_every_reference_point() {
    let projection = AlbersConic::china();
    let points = reference_points(DEFAULT_TOPOLOGY).expect("asset has reference points");
    assert!(
        points.len() >= 5,
        "expected several reference points, got {}",
        points.len()
    );
    for r in points {
        let p = projection.project(LonLat::new(r.lonlat[0], r.lonlat[1]));
        let error = p.distance(Point::new(r.xy[0], r.xy[1]));
        // proj4 and this code use the same spherical formulas; 1 cm allows for
        // floating-point order of operations only.
        assert!(
            error < 0.01,
            "{}: ours {p:?}, proj4 {:?}, off by {error} m",
            r.name,
            r.xy
        );
    }
}

#[test]
fn inverse_undoes_forward_across_china_and_beyond() {
    let projection = AlbersConic::china();
    for lon in (70..=140).step_by(5) {
        for lat in (0..=55).step_by(5) {
            let geo = LonLat::new(f64::from(lon), f64::from(lat));
            let back = projection.invert(projection.project(geo));
            assert!(
                (back.lon - geo.lon).abs() < 1e-9 && (back.lat - geo.lat).abs() < 1e-9,
                "{geo:?} came back as {back:?}"
            );
        }
    }
}

#[test]
fn projected_cells_keep_their_area_on_the_sphere() {
    // A 1°×1° cell's area on the sphere is R²·Δλ·(sin φ2 − sin φ1); an
    // equal-area projection must preserve it at every latitude.
    let projection = AlbersConic::china();
    let r = shengtu::projection::EARTH_RADIUS_M;
    for (lon, lat) in [(75.0, 38.0), (105.0, 20.0), (125.0, 47.0), (90.0, 30.0)] {
        let steps = 50;
        let mut ring: Vec<Point> = Vec::new();
        for k in 0..steps {
            let t = f64::from(k) / f64::from(steps);
            ring.push(projection.project(LonLat::new(lon + t, lat)));
        }
        for k in 0..steps {
            let t = f64::from(k) / f64::from(steps);
            ring.push(projection.project(LonLat::new(lon + 1.0, lat + t)));
        }
        for k in 0..steps {
            let t = f64::from(k) / f64::from(steps);
            ring.push(projection.project(LonLat::new(lon + 1.0 - t, lat + 1.0)));
        }
        for k in 0..steps {
            let t = f64::from(k) / f64::from(steps);
            ring.push(projection.project(LonLat::new(lon, lat + 1.0 - t)));
        }
        let projected = shengtu::geometry::ring_signed_area(&ring).abs();
        let spherical = r * r * 1f64.to_radians() * ((lat + 1.0).to_radians().sin() - lat.to_radians().sin());
        assert!(
            (projected - spherical).abs() / spherical < 1e-4,
            "cell at {lon},{lat}: projected {projected} m², sphere {spherical} m²"
        );
    }
}
