//! Renders the map natively to a PNG: `cargo run --example render_png -- WIDTH RATIO OUT.png [SELECTED]`.
#[cfg(target_arch = "wasm32")]
fn main() {} // native only: the bitmap backend writes files

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let width: f64 = args.get(1).map_or(Ok(640.0), |s| s.parse())?;
    let ratio: f64 = args.get(2).map_or(Ok(1.0), |s| s.parse())?;
    let out = args.get(3).cloned().unwrap_or_else(|| "map.png".into());
    let atlas = shengtu::topology::default_atlas()?;
    let scene = shengtu::scene::Scene::new(&atlas, width, ratio);
    let state = shengtu::state::ViewState {
        focused: None,
        hovered: None,
        selected: args.get(4).and_then(|id| atlas.lookup(id)),
    };
    let (w, h) = (scene.layout.width, scene.layout.height);
    use plotters::prelude::*;
    let root = BitMapBackend::new(&out, (w, h)).into_drawing_area();
    shengtu::render::draw_map(
        &root,
        &scene,
        &state,
        &shengtu::render::MapStyle::plain(shengtu::render::Theme::LIGHT),
    )?;
    root.present()?;
    println!("{out}: {w}x{h}, {} drawn vertices", scene.drawn_vertex_count());
    Ok(())
}
