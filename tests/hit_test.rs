//! Hit testing: point-in-polygon with holes and multipolygons on a hand-made
//! atlas, then the real map: every region is hit at its own anchor, tiny
//! regions have 24 CSS px targets, sea selects nothing, the inset works.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use shengtu::geometry::Point;
use shengtu::layout::{FrameKind, MIN_TARGET_CSS};
use shengtu::projection::{AlbersConic, LonLat};
use shengtu::scene::Scene;
use shengtu::topology::parse_atlas;

const SQUARES: &str = include_str!("fixtures/squares.topo.json");

#[test]
fn a_hole_belongs_to_the_region_that_fills_it() {
    let atlas = parse_atlas(SQUARES, "provinces").expect("fixture parses");
    let frame = &atlas.regions[atlas.index_of("T-FRAME").unwrap()];
    let hole = &atlas.regions[atlas.index_of("T-HOLE").unwrap()];
    assert!(frame.contains(Point::new(1.0, 1.0)));
    assert!(
        !frame.contains(Point::new(5.0, 5.0)),
        "the hole is not part of the frame"
    );
    assert!(hole.contains(Point::new(5.0, 5.0)));
    assert!(!hole.contains(Point::new(1.0, 1.0)));
    assert!((frame.area() - 84.0).abs() < 1e-9, "area {}", frame.area());
}

#[test]
fn every_part_of_a_multipolygon_is_hit_and_the_gap_between_is_not() {
    let atlas = parse_atlas(SQUARES, "provinces").expect("fixture parses");
    let pair = &atlas.regions[atlas.index_of("T-PAIR").unwrap()];
    assert_eq!(pair.polygons.len(), 2);
    assert!(pair.contains(Point::new(22.0, 2.0)));
    assert!(pair.contains(Point::new(32.0, 2.0)));
    assert!(!pair.contains(Point::new(27.0, 2.0)));
    assert!(
        atlas.regions.iter().all(|r| !r.contains(Point::new(50.0, 50.0))),
        "open space hits nothing"
    );
}

#[test]
fn shared_arcs_are_counted_as_inland_borders() {
    let atlas = parse_atlas(SQUARES, "provinces").expect("fixture parses");
    let uses: Vec<u8> = atlas.arcs.iter().map(|a| a.uses).collect();
    assert_eq!(uses, vec![1, 2, 1, 1]);
}

#[test]
fn every_region_is_hit_at_its_own_anchor_at_every_width() {
    let atlas = support::atlas();
    for (width, ratio) in [(375.0, 2.0), (1280.0, 1.0), (1600.0, 1.5), (320.0, 3.0)] {
        let scene = Scene::new(&atlas, width, ratio);
        for (i, region) in atlas.regions.iter().enumerate() {
            let anchor = scene.regions[i].label_anchor;
            assert_eq!(
                scene.region_at(anchor).map(|j| atlas.regions[j].id.as_str()),
                Some(region.id.as_str()),
                "at {width} px ×{ratio}, the anchor of {} hits something else",
                region.id
            );
        }
    }
}

#[test]
fn the_true_anchor_is_inside_the_drawn_region_for_large_regions() {
    // Hit testing must agree with the rings that were drawn: a region's own
    // anchor (not a callout) lies inside one of its drawn polygons.
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 1280.0, 1.0);
    for (i, region) in atlas.regions.iter().enumerate() {
        if scene.regions[i].target.is_some() {
            continue;
        }
        let drawn = &scene.regions[i];
        assert!(
            drawn
                .polygons
                .iter()
                .any(|p| p.frame == FrameKind::Main && p.contains(drawn.label_anchor)),
            "{}'s anchor is outside its drawn rings",
            region.id
        );
    }
}

#[test]
fn hong_kong_and_macau_have_full_24px_targets_that_do_not_overlap_on_a_phone() {
    let atlas = support::atlas();
    for ratio in [1.0, 2.0, 3.0] {
        let scene = Scene::new(&atlas, 375.0, ratio);
        let targets: Vec<(String, Point)> = ["CN-HK", "CN-MO"]
            .iter()
            .map(|id| {
                let i = atlas.index_of(id).unwrap();
                let (centre, radius) = scene.regions[i].target.expect("SARs have a target");
                assert!(radius >= MIN_TARGET_CSS / 2.0 * ratio - 1e-9);
                // Every point of the 24 px disc selects the region.
                for step in 0..48 {
                    let angle = f64::from(step) * std::f64::consts::TAU / 48.0;
                    for r in [0.0, 0.5, 0.99] {
                        let p = Point::new(centre.x + angle.cos() * radius * r, centre.y + angle.sin() * radius * r);
                        assert_eq!(
                            scene.region_at(p),
                            Some(i),
                            "{id} target misses at {p:?} (ratio {ratio})"
                        );
                    }
                }
                (id.to_string(), centre)
            })
            .collect();
        let gap = targets[0].1.distance(targets[1].1) / ratio;
        assert!(gap >= MIN_TARGET_CSS, "HK and MO targets are only {gap} CSS px apart");
    }
}

#[test]
fn small_municipalities_get_a_12px_reach_on_phones() {
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 375.0, 2.0);
    for id in ["CN-BJ", "CN-TJ", "CN-SH"] {
        let i = atlas.index_of(id).unwrap();
        let (centre, radius) = scene.regions[i]
            .target
            .unwrap_or_else(|| panic!("{id} is tiny at 375 px"));
        assert!(radius >= 12.0 * 2.0 - 1e-9);
        // The region is selectable well beyond its own drawn outline: count the
        // points of its 24 px disc that select it.
        let mut hits = 0;
        let mut total = 0;
        for dx in -12..=12 {
            for dy in -12..=12 {
                if dx * dx + dy * dy > 144 {
                    continue;
                }
                total += 1;
                let p = Point::new(centre.x + f64::from(dx) * 2.0, centre.y + f64::from(dy) * 2.0);
                hits += usize::from(scene.region_at(p) == Some(i));
            }
        }
        assert!(
            hits * 2 >= total,
            "{id}: only {hits} of {total} points of its 24 px disc select it"
        );
    }
}

#[test]
fn the_sea_selects_nothing() {
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 1280.0, 1.0);
    let main = scene.layout.frame(FrameKind::Main);
    let projection = AlbersConic::china();
    // Yellow Sea, East China Sea, Bohai Strait's east, Sea of Japan side.
    for geo in [
        LonLat::new(123.5, 34.0),
        LonLat::new(125.0, 29.0),
        LonLat::new(122.5, 37.8),
    ] {
        let p = main.transform.apply(projection.project(geo));
        assert_eq!(scene.region_at(p), None, "{geo:?} should be sea");
    }
    // Outside the frames entirely.
    assert_eq!(scene.region_at(Point::new(1.0, 1.0)), None);
}

#[test]
fn hainan_is_hit_inside_the_inset() {
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 1280.0, 1.0);
    let inset = scene.layout.frame(FrameKind::Inset);
    let hainan = atlas.index_of("CN-HI").unwrap();
    let projection = AlbersConic::china();
    // Hainan Island's interior (Wuzhishan) and, south of the main frame, the
    // Paracel Islands are both drawn only in the inset at this point.
    let island = inset.transform.apply(projection.project(LonLat::new(109.6, 19.0)));
    assert!(inset.rect.contains(island, 0.0));
    assert_eq!(scene.region_at(island), Some(hainan));
    // Open sea inside the inset.
    let sea = inset.transform.apply(projection.project(LonLat::new(115.0, 12.0)));
    assert!(inset.rect.contains(sea, 0.0));
    assert_eq!(scene.region_at(sea), None);
}
