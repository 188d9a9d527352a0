//! Property-based fuzzing (proptest) of everything that reads outside input:
//! the dataset parser/validator and the boundary loader, then layout and hit
//! testing on whatever geometry they accept. Bounded: 256 cases per property
//! by default (`PROPTEST_CASES` raises it). A crash found here becomes a
//! named regression test below.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use proptest::prelude::*;
use serde_json::Value;
use shengtu::boundaries::load_boundaries;
use shengtu::dataset::{Dataset, DEFAULT_DATASET};
use shengtu::geometry::Point;
use shengtu::scene::Scene;
use shengtu::topology::DEFAULT_TOPOLOGY;

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("CN-GS"),
            Just("zh-Hans"),
            Just("en"),
            Just("more_than"),
            Just("2022-06-24"),
            Just("cases_solved")
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("schema"),
                        Just("regions"),
                        Just("stories"),
                        Just("figures"),
                        Just("metric"),
                        Just("value"),
                        Just("period"),
                        Just("region"),
                        Just("zh-Hans"),
                        Just("en"),
                        Just("metrics"),
                        Just("key"),
                        Just("type"),
                        Just("arcs"),
                        Just("objects"),
                        Just("features"),
                        Just("geometry"),
                        Just("coordinates"),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// Replaces `count` characters of `text` at pseudo-random places.
fn mutate(text: &str, seeds: &[(usize, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, c) in seeds {
        if !chars.is_empty() {
            let i = at % chars.len();
            chars[i] = c;
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_dataset_reader_never_panics_on_any_json(value in any_json()) {
        let atlas = support::atlas();
        let (_, problems) = Dataset::from_json(&value.to_string(), &atlas);
        prop_assert!(problems.iter().all(|p| p.path.starts_with('$')));
    }

    #[test]
    fn the_dataset_reader_never_panics_on_damaged_files(seeds in prop::collection::vec((any::<usize>(), any::<char>()), 1..8)) {
        let atlas = support::atlas();
        let damaged = mutate(DEFAULT_DATASET, &seeds);
        let (dataset, _) = Dataset::from_json(&damaged, &atlas);
        for r in &dataset.regions {
            prop_assert!(r.region < atlas.regions.len());
        }
    }

    #[test]
    fn the_boundary_loader_never_panics_on_any_json(value in any_json()) {
        let _ = load_boundaries(&value.to_string(), &support::atlas());
    }

    #[test]
    fn accepted_boundaries_can_always_be_laid_out_and_clicked(
        rings in prop::collection::vec(prop::collection::vec((-200.0f64..200.0, -100.0f64..100.0), 0..12), 1..5),
        width in 320.0f64..1600.0,
        clicks in prop::collection::vec((0.0f64..1600.0, 0.0f64..1600.0), 1..10),
    ) {
        const NAMES: [&str; 5] = ["Gansu", "Sichuan", "Yunnan", "Tibet", "Hainan"];
        let features: Vec<Value> = rings.iter().enumerate().map(|(i, ring)| serde_json::json!({
            "type": "Feature",
            "properties": {"name": NAMES[i % 5]},
            "geometry": {"type": "Polygon", "coordinates": [ring.iter().map(|&(x, y)| vec![x, y]).collect::<Vec<_>>()]},
        })).collect();
        let json = serde_json::json!({"type": "FeatureCollection", "features": features}).to_string();
        if let (Some(atlas), _) = load_boundaries(&json, &support::atlas()) {
            let scene = Scene::new(&atlas, width, 2.0);
            for (x, y) in clicks {
                if let Some(i) = scene.region_at(Point::new(x, y)) {
                    prop_assert!(i < atlas.regions.len());
                }
            }
        }
    }

    #[test]
    fn the_boundary_loader_never_panics_on_a_damaged_topology(seeds in prop::collection::vec((any::<usize>(), prop_oneof![Just('-'), Just('9'), Just(','), Just(']'), Just('e')]), 1..6)) {
        let damaged = mutate(DEFAULT_TOPOLOGY, &seeds);
        if let (Some(atlas), _) = load_boundaries(&damaged, &support::atlas()) {
            let scene = Scene::new(&atlas, 375.0, 2.0);
            let _ = scene.region_at(Point::new(100.0, 100.0));
        }
    }
}

// Regressions found by the properties above (none so far produced a panic;
// each would get a test here, named after what it broke).
#[test]
fn regression_empty_feature_collection_is_reported_not_a_crash() {
    let (atlas, problems) = load_boundaries(r#"{"type":"FeatureCollection","features":[]}"#, &support::atlas());
    assert!(atlas.is_none() && !problems.is_empty());
}
