//! A newsroom's own boundaries: matched by id, adcode or name, projected from
//! longitude/latitude, and every broken part reported with its JSON path.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use shengtu::boundaries::load_boundaries;
use shengtu::projection::{AlbersConic, LonLat};
use shengtu::topology::DEFAULT_TOPOLOGY;

fn feature(id_or_name: &str, ring: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"name":"{id_or_name}"}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}"#
    )
}

fn collection(features: &[String]) -> String {
    format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","))
}

const GANSU_SQUARE: &str = "[[100,36],[104,36],[104,39],[100,39],[100,36]]";

#[test]
fn the_built_in_topology_loads_cleanly_through_the_newsroom_path() {
    let (atlas, problems) = load_boundaries(DEFAULT_TOPOLOGY, &support::atlas());
    assert!(problems.is_empty(), "{problems:?}");
    let atlas = atlas.expect("an atlas");
    assert_eq!(atlas.regions.len(), 34);
    let reference = support::atlas();
    for (a, b) in atlas.regions.iter().zip(&reference.regions) {
        assert_eq!(a.id, b.id);
        assert!((a.area() - b.area()).abs() / b.area() < 1e-9, "{} area changed", a.id);
    }
}

#[test]
fn geojson_in_longitude_latitude_is_matched_by_name_and_projected() {
    let json = collection(&[feature("甘肃省", GANSU_SQUARE)]);
    let (atlas, problems) = load_boundaries(&json, &support::atlas());
    assert!(problems.is_empty(), "{problems:?}");
    let atlas = atlas.unwrap();
    assert_eq!(atlas.regions.len(), 1);
    let gansu = &atlas.regions[0];
    assert_eq!((gansu.id.as_str(), gansu.adcode), ("CN-GS", 620000));
    let inside = AlbersConic::china().project(LonLat::new(102.0, 37.5));
    assert!(gansu.contains(inside), "the square is projected where Gansu is");
    assert!(gansu.contains(gansu.anchor));
}

#[test]
fn swapped_coordinates_are_reported_and_fixed() {
    let swapped = "[[36,100],[36,104],[39,104],[39,100],[36,100]]";
    let (atlas, problems) = load_boundaries(&collection(&[feature("CN-GS", swapped)]), &support::atlas());
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.features[0].geometry.coordinates" && p.message.contains("[latitude, longitude]")),
        "{problems:?}"
    );
    let inside = AlbersConic::china().project(LonLat::new(102.0, 37.5));
    assert!(atlas.unwrap().regions[0].contains(inside));
}

#[test]
fn every_broken_part_is_located_and_the_rest_kept() {
    let json = collection(&[
        feature("Gansu", GANSU_SQUARE),
        feature("Atlantis", "[[1,1],[2,1],[2,2],[1,1]]"),
        feature("Qinghai", "[[95,35],[95,35],[95,35]]"),
        feature("Sichuan", "[[100,28],[104,32],[104,28],[100,32],[100,28]]"),
        feature("620000", GANSU_SQUARE),
        r#"{"type":"Feature","properties":{"name":"Yunnan"},"geometry":{"type":"Point","coordinates":[100,25]}}"#
            .to_string(),
        r#"{"type":"Feature","properties":{"name":"Tibet"},"geometry":{"type":"Polygon","coordinates":[[["a","b"]]]}}"#
            .to_string(),
    ]);
    let (atlas, problems) = load_boundaries(&json, &support::atlas());
    let find = |path: &str, words: &str| {
        assert!(
            problems
                .iter()
                .any(|p| p.path.starts_with(path) && p.message.contains(words)),
            "no {words:?} at {path}: {problems:#?}"
        )
    };
    find("$.features[1]", "unknown region");
    find("$.features[2].geometry.coordinates[0][0]", "empty or degenerate ring");
    find("$.features[3].geometry.coordinates[0][0]", "crosses itself");
    find("$.features[4]", "duplicate region CN-GS");
    find("$.features[5].geometry.type", "expected Polygon or MultiPolygon");
    find("$.features[6].geometry.coordinates", "number pairs");
    let ids: Vec<String> = atlas.unwrap().regions.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        ["CN-GS", "CN-SC"],
        "valid and merely self-crossing regions are kept"
    );
}

#[test]
fn unusable_files_keep_the_current_map() {
    for json in [
        "",
        "[]",
        "{\"type\":\"Feature\"}",
        &collection(&[feature("Atlantis", GANSU_SQUARE)]),
    ] {
        let (atlas, problems) = load_boundaries(json, &support::atlas());
        assert!(atlas.is_none(), "{json}");
        assert!(!problems.is_empty());
    }
}
