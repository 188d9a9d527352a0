//! Layout at the supported widths: canvas size, frames inside the canvas,
//! the inset over open sea, and crisp sizes at any pixel ratio.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use shengtu::geometry::Point;
use shengtu::layout::FrameKind;
use shengtu::scene::Scene;

#[test]
fn the_canvas_fits_its_container_from_320_to_1600_css_px() {
    let atlas = support::atlas();
    for width in [320.0, 375.0, 1280.0, 1600.0] {
        let scene = Scene::new(&atlas, width, 1.0);
        let layout = &scene.layout;
        assert_eq!(layout.css_width, width);
        let aspect = layout.css_height / layout.css_width;
        // The inset hangs below Taiwan, so the canvas is about as tall as wide.
        assert!((0.7..1.2).contains(&aspect), "{width}: aspect {aspect}");
        for frame in &layout.frames {
            let r = frame.rect;
            assert!(
                r.min_x >= 0.0 && r.min_y >= 0.0,
                "{width}: {:?} starts off-canvas",
                frame.kind
            );
            assert!(
                r.max_x <= f64::from(layout.width) && r.max_y <= f64::from(layout.height),
                "{width}: {:?} ends off-canvas",
                frame.kind
            );
        }
    }
}

#[test]
fn widths_outside_the_range_are_clamped() {
    let atlas = support::atlas();
    assert_eq!(Scene::new(&atlas, 200.0, 1.0).layout.css_width, 320.0);
    assert_eq!(Scene::new(&atlas, 2400.0, 1.0).layout.css_width, 1600.0);
    assert_eq!(Scene::new(&atlas, f64::NAN, 1.0).layout.css_width, 320.0);
}

#[test]
fn device_size_follows_the_pixel_ratio() {
    let atlas = support::atlas();
    for ratio in [1.0, 1.5, 2.0, 3.0] {
        let layout = Scene::new(&atlas, 375.0, ratio).layout;
        assert_eq!(layout.width, (375.0 * ratio).round() as u32);
        assert_eq!(layout.height, (layout.css_height * ratio).round() as u32);
    }
}

#[test]
fn the_inset_covers_only_sea_of_the_main_frame() {
    let atlas = support::atlas();
    for width in (320..=1600).step_by(16).map(f64::from) {
        let scene = Scene::new(&atlas, width, 1.0);
        let inset = scene.layout.frame(FrameKind::Inset).rect;
        for region in &scene.regions {
            for polygon in region.polygons.iter().filter(|p| p.frame == FrameKind::Main) {
                for ring in &polygon.rings {
                    for &(x, y) in ring {
                        assert!(
                            !inset.contains(Point::new(f64::from(x), f64::from(y)), -1.0),
                            "{width}: {} is drawn under the inset at ({x}, {y})",
                            region.id
                        );
                    }
                }
            }
            if let Some(callout) = region.callout {
                assert!(
                    !inset.contains(callout.to, callout.radius),
                    "{width}: {}'s callout overlaps the inset",
                    region.id
                );
            }
        }
    }
}

#[test]
fn the_inset_is_at_the_lower_right_and_about_a_fifth_of_the_width() {
    let atlas = support::atlas();
    let layout = Scene::new(&atlas, 1280.0, 1.0).layout;
    let inset = layout.frame(FrameKind::Inset).rect;
    let main = layout.frame(FrameKind::Main).rect;
    assert!((inset.max_x - main.max_x).abs() <= 1.0 && (inset.max_y - main.max_y).abs() <= 1.0);
    let share = inset.width() / layout.css_width;
    assert!((0.15..0.22).contains(&share), "inset takes {share} of the width");
}

#[test]
fn callout_markers_sit_over_sea_apart_from_each_other_at_every_width() {
    let atlas = support::atlas();
    for width in (320..=1600).step_by(16).map(f64::from) {
        let scene = Scene::new(&atlas, width, 1.0);
        let markers: Vec<_> = scene
            .regions
            .iter()
            .filter_map(|r| r.callout.map(|c| (r.id.as_str(), c)))
            .collect();
        assert_eq!(markers.len(), 2, "{width}: Hong Kong and Macau have callouts");
        for (id, c) in &markers {
            for region in &scene.regions {
                assert!(
                    !region.polygons.iter().any(|p| p.contains(c.to)),
                    "{width}: {id}'s marker covers {}",
                    region.id
                );
            }
        }
        let gap = markers[0].1.to.distance(markers[1].1.to);
        assert!(gap >= 24.0, "{width}: markers {gap} px apart");
    }
}

#[test]
fn zooming_keeps_the_point_under_the_cursor_and_hit_testing_follows() {
    use shengtu::layout::Zoom;
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 800.0, 1.0);
    let beijing = atlas.index_of("CN-BJ").unwrap();
    let at = scene.regions[beijing].label_anchor;
    let zoom = Zoom::default().zoom_at(&scene.layout, at, 4.0);
    assert_eq!(zoom.scale, 4.0);
    let zoomed = Scene::zoomed(&atlas, 800.0, 1.0, zoom);
    let main = zoomed.layout.frame(FrameKind::Main);
    let moved = main.transform.apply(atlas.regions[beijing].anchor);
    assert!(
        moved.distance(at) < 1.0,
        "Beijing's anchor moved from {at:?} to {moved:?}"
    );
    assert_eq!(zoomed.region_at(at), Some(beijing));
    // Zoomed in, Beijing is big enough to need no enlarged target.
    assert!(zoomed.regions[beijing].target.is_none());
    // Out of range: clamped; back to 1 resets.
    assert_eq!(zoom.zoom_at(&zoomed.layout, at, 100.0).scale, Zoom::MAX);
    assert_eq!(zoom.zoom_at(&zoomed.layout, at, 0.01), Zoom::default());
    // Panning right moves the map right: the point under `at` is now west.
    let panned = Scene::zoomed(&atlas, 800.0, 1.0, zoom.pan(&zoomed.layout, 50.0, 0.0));
    let under = panned.layout.frame(FrameKind::Main).transform.invert(at);
    assert!(under.x < atlas.regions[beijing].anchor.x);
}
