//! The one drawing path, rendered natively: a golden image of the whole map,
//! and a check that each region's pixels are where hit testing says it is.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use plotters::prelude::*;
use shengtu::color_scale::Fill;
use shengtu::geometry::Point;
use shengtu::render::{draw_map, overlay_bounds, MapStyle, Theme};
use shengtu::scene::Scene;
use shengtu::state::ViewState;

fn render(scene: &Scene, state: &ViewState, style: &MapStyle) -> Vec<u8> {
    let (w, h) = (scene.layout.width, scene.layout.height);
    let mut buffer = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (w, h)).into_drawing_area();
        draw_map(&root, scene, state, style).expect("drawing into a bitmap succeeds");
        root.present().expect("present succeeds");
    }
    buffer
}

fn pixel(buffer: &[u8], width: u32, p: Point) -> [u8; 3] {
    let i = ((p.y.round() as u32 * width + p.x.round() as u32) * 3) as usize;
    [buffer[i], buffer[i + 1], buffer[i + 2]]
}

/// A distinct, easily told-apart colour per region.
fn distinct_fills(n: usize) -> Vec<Fill> {
    (0..n)
        .map(|i| Fill::Color(RGBColor(40 + (i as u8 % 6) * 40, 40 + (i as u8 / 6 % 6) * 40, 200)))
        .collect()
}

#[test]
fn each_region_is_painted_under_its_own_anchor() {
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 1280.0, 1.0);
    let style = MapStyle {
        fills: distinct_fills(atlas.regions.len()),
        ..MapStyle::plain(Theme::LIGHT)
    };
    let buffer = render(&scene, &ViewState::default(), &style);
    for (i, region) in scene.regions.iter().enumerate() {
        let RGBColor(r, g, b) = style.color_of(i);
        assert_eq!(
            pixel(&buffer, scene.layout.width, region.label_anchor),
            [r, g, b],
            "{} is not painted at its anchor",
            region.id
        );
    }
}

#[test]
fn the_selected_region_is_outlined_and_the_others_are_not() {
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 800.0, 1.0);
    let style = MapStyle::plain(Theme::LIGHT);
    let gansu = atlas.index_of("CN-GS").unwrap();
    let plain = render(&scene, &ViewState::default(), &style);
    let selected = render(
        &scene,
        &ViewState {
            focused: None,
            hovered: None,
            selected: Some(gansu),
        },
        &style,
    );
    let RGBColor(r, g, b) = Theme::LIGHT.selected;
    let luminance = |p: &[u8]| u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]);
    // Every changed pixel got darker (selection ink, anti-aliased at its
    // edges) and lies within Gansu's drawn bounds.
    let mut solid = 0;
    let bounds = scene.regions[gansu]
        .polygons
        .iter()
        .fold(shengtu::geometry::Bounds::EMPTY, |b, p| b.union(p.bounds));
    let mut changed = 0;
    for (k, (a, s)) in plain.chunks_exact(3).zip(selected.chunks_exact(3)).enumerate() {
        if a != s {
            changed += 1;
            let p = Point::new(
                (k as u32 % scene.layout.width) as f64,
                (k as u32 / scene.layout.width) as f64,
            );
            assert!(bounds.contains(p, 3.0), "pixel {p:?} changed outside Gansu");
            assert!(luminance(s) < luminance(a), "pixel {p:?} got lighter");
            solid += usize::from(s == [r, g, b]);
        }
    }
    assert!(
        solid > 500,
        "selection outline too faint: {solid} solid pixels of {changed} changed"
    );
}

/// The browser gives each highlight layer just `overlay_bounds`: nothing
/// the overlay draws may fall outside it.
#[test]
fn the_overlay_draws_only_inside_its_bounds() {
    let atlas = support::atlas();
    let style = MapStyle::plain(Theme::LIGHT);
    let index = |id: &str| atlas.index_of(id).unwrap();
    let scene = Scene::new(&atlas, 640.0, 2.0);
    let plain = render(&scene, &ViewState::default(), &style);
    let states = [
        ViewState {
            selected: Some(index("CN-XJ")),
            hovered: Some(index("CN-MO")),
            focused: Some(index("CN-HI")),
        },
        ViewState {
            selected: None,
            hovered: Some(index("CN-HK")),
            focused: None,
        },
        ViewState {
            selected: Some(index("CN-BJ")),
            hovered: None,
            focused: Some(index("CN-BJ")),
        },
    ];
    for state in states {
        let (x, y, w, h) = overlay_bounds(&scene, &state).expect("something is highlighted");
        let drawn = render(&scene, &state, &style);
        let mut changed = 0;
        for (k, (a, b)) in plain.chunks_exact(3).zip(drawn.chunks_exact(3)).enumerate() {
            if a != b {
                changed += 1;
                let (px, py) = (
                    (k as u32 % scene.layout.width) as i32,
                    (k as u32 / scene.layout.width) as i32,
                );
                assert!(
                    px >= x && py >= y && px < x + w as i32 && py < y + h as i32,
                    "{state:?}: pixel ({px}, {py}) outside the overlay box ({x}, {y}, {w}, {h})"
                );
            }
        }
        assert!(changed > 100, "{state:?}: the overlay drew {changed} pixels");
        if state.selected.is_none() {
            assert!(
                w * h * 20 < scene.layout.width * scene.layout.height,
                "{state:?}: box {w}x{h} is not tight"
            );
        }
    }
    assert_eq!(overlay_bounds(&scene, &ViewState::default()), None);
}

#[test]
fn the_whole_map_matches_its_golden_image() {
    let atlas = support::atlas();
    let scene = Scene::new(&atlas, 640.0, 1.0);
    let gansu = atlas.index_of("CN-GS").unwrap();
    let macau = atlas.index_of("CN-MO").unwrap();
    let state = ViewState {
        focused: None,
        hovered: Some(macau),
        selected: Some(gansu),
    };
    let buffer = render(&scene, &state, &MapStyle::plain(Theme::LIGHT));
    support::assert_golden_png("map-640", &buffer, scene.layout.width, scene.layout.height, 8, 0.001);
}
