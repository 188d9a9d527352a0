//! Keyboard access in the core: neighbours come from shared borders, arrows
//! move to the neighbour in that direction, every region is reachable, and
//! Home/End follow the current metric.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use shengtu::adjacency::{Adjacency, Direction};
use shengtu::color_scale::View;
use shengtu::dataset::{Dataset, DEFAULT_DATASET};
use shengtu::geometry::Point;
use shengtu::present;
use shengtu::scene::Scene;

fn id(atlas: &shengtu::model::Atlas, i: Option<usize>) -> &str {
    i.map_or("none", |i| atlas.regions[i].id.as_str())
}

#[test]
fn neighbours_are_the_regions_that_share_a_border() {
    let atlas = support::atlas();
    let adjacency = Adjacency::new(&atlas);
    let of = |r: &str| -> Vec<&str> {
        let mut v: Vec<&str> = adjacency.neighbours[atlas.index_of(r).unwrap()]
            .iter()
            .map(|&j| atlas.regions[j].id.as_str())
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(of("CN-BJ"), ["CN-HE", "CN-TJ"]);
    assert_eq!(of("CN-NX"), ["CN-GS", "CN-NM", "CN-SN"]);
    assert!(of("CN-GD").contains(&"CN-HK"));
    // Islands without a shared border still have neighbours.
    for island in ["CN-HI", "CN-TW", "CN-MO"] {
        assert!(!of(island).is_empty(), "{island} is unreachable");
    }
}

#[test]
fn arrows_move_to_the_neighbour_in_that_direction() {
    let atlas = support::atlas();
    let adjacency = Adjacency::new(&atlas);
    let scene = Scene::new(&atlas, 1280.0, 1.0);
    let anchors: Vec<Point> = scene.regions.iter().map(|r| r.label_anchor).collect();
    let step =
        |from: &str, d: Direction| id(&atlas, adjacency.step(&anchors, atlas.index_of(from).unwrap(), d)).to_string();
    assert_eq!(step("CN-SC", Direction::Right), "CN-CQ");
    assert_eq!(step("CN-SC", Direction::Left), "CN-XZ");
    assert_eq!(step("CN-GZ", Direction::Down), "CN-GX");
    assert_eq!(step("CN-HN", Direction::Right), "CN-JX");
    let below_guangdong = step("CN-GD", Direction::Down);
    assert!(
        ["CN-HK", "CN-MO"].contains(&below_guangdong.as_str()),
        "the SAR markers lie south of Guangdong: {below_guangdong}"
    );
    assert_eq!(step("CN-HK", Direction::Left), "CN-MO");
    assert_eq!(
        step("CN-HL", Direction::Up),
        "none",
        "nothing lies north of Heilongjiang"
    );
}

#[test]
fn every_region_can_be_reached_with_the_arrows() {
    let atlas = support::atlas();
    let adjacency = Adjacency::new(&atlas);
    let scene = Scene::new(&atlas, 375.0, 2.0);
    let anchors: Vec<Point> = scene.regions.iter().map(|r| r.label_anchor).collect();
    let start = atlas.index_of("CN-GS").unwrap();
    let mut seen = vec![false; atlas.regions.len()];
    let mut queue = vec![start];
    seen[start] = true;
    while let Some(i) = queue.pop() {
        for d in [Direction::Up, Direction::Down, Direction::Left, Direction::Right] {
            if let Some(j) = adjacency.step(&anchors, i, d) {
                if !seen[j] {
                    seen[j] = true;
                    queue.push(j);
                }
            }
        }
    }
    let missing: Vec<&str> = (0..seen.len())
        .filter(|&i| !seen[i])
        .map(|i| atlas.regions[i].id.as_str())
        .collect();
    assert!(missing.is_empty(), "unreachable from Gansu: {missing:?}");
}

#[test]
fn home_and_end_follow_the_current_metric() {
    let atlas = support::atlas();
    let (dataset, _) = Dataset::from_json(DEFAULT_DATASET, &atlas);
    let order = present::ranked(&dataset, &View::Metric("cases_solved".into()), atlas.regions.len());
    assert_eq!(id(&atlas, order.first().copied()), "CN-GS"); // more than 3,600
    assert_eq!(id(&atlas, order.get(1).copied()), "CN-NM"); // 101
    assert_eq!(order.len(), 34);
    let rows = present::table_rows(
        &dataset,
        &atlas,
        &View::Metric("cases_solved".into()),
        shengtu::model::Lang::En,
    );
    assert_eq!(rows[0].value, "more than 3,600 cases");
    assert_eq!(rows[33].value, "No figure reported");
}
