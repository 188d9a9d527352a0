//! Searches callout marker offsets for Hong Kong and Macau that stay clear of
//! land and of each other at every width (see `callout_offset` in scene.rs).
//! `cargo run --release --example tune_callouts`
use shengtu::geometry::{Point, Polygon};
use shengtu::layout::FrameKind;
fn main() {
    let atlas = shengtu::topology::default_atlas().unwrap();
    let hk = atlas.index_of("CN-HK").unwrap();
    let mo = atlas.index_of("CN-MO").unwrap();
    let widths = [320.0, 375.0, 414.0, 600.0, 800.0, 1024.0, 1280.0, 1600.0];
    let scenes: Vec<_> = widths
        .iter()
        .map(|&w| shengtu::scene::Scene::new(&atlas, w, 1.0))
        .collect();
    let land: Vec<Vec<Polygon>> = scenes
        .iter()
        .map(|s| {
            s.regions
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != hk && *i != mo)
                .flat_map(|(_, r)| {
                    r.polygons.iter().filter(|p| p.frame == FrameKind::Main).map(|p| {
                        Polygon::new(
                            p.rings
                                .iter()
                                .map(|r| r.iter().map(|&(x, y)| Point::new(x as f64, y as f64)).collect())
                                .collect(),
                        )
                    })
                })
                .collect()
        })
        .collect();
    let clearance = |k: usize, p: Point| -> f64 {
        land[k]
            .iter()
            .map(|poly| {
                if poly.contains(p) {
                    0.0
                } else {
                    poly.boundary_distance(p)
                }
            })
            .fold(f64::INFINITY, f64::min)
    };
    let mut best = Vec::new();
    for hx in (-4..=16).step_by(2) {
        for hy in (12..=36).step_by(2) {
            for mx in (-30..=0).step_by(2) {
                for my in (10..=40).step_by(2) {
                    let mut ok = true;
                    let mut worst: f64 = f64::INFINITY;
                    for (k, s) in scenes.iter().enumerate() {
                        let a = s.regions[hk].callout.unwrap().from;
                        let b = s.regions[mo].callout.unwrap().from;
                        let ph = Point::new(a.x + hx as f64, a.y + hy as f64);
                        let pm = Point::new(b.x + mx as f64, b.y + my as f64);
                        if ph.distance(pm) < 26.0 {
                            ok = false;
                            break;
                        }
                        let c = clearance(k, ph).min(clearance(k, pm));
                        worst = worst.min(c);
                        if c < 8.0 {
                            ok = false;
                            break;
                        }
                    }
                    if ok {
                        let len = ((hx * hx + hy * hy) as f64).sqrt() + ((mx * mx + my * my) as f64).sqrt();
                        best.push((len, worst, hx, hy, mx, my));
                    }
                }
            }
        }
    }
    best.sort_by(|a, b| a.0.total_cmp(&b.0));
    for b in best.iter().take(15) {
        println!("{b:?}");
    }
}
