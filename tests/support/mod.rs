//! Shared helpers for native integration tests: the shipped atlas, and golden
//! image comparison with d3-geo's discipline (CI never writes a golden).
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

/// The atlas built from the committed geometry asset.
pub fn atlas() -> shengtu::model::Atlas {
    shengtu::topology::default_atlas().expect("the committed geometry asset parses")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn actual_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/golden");
    std::fs::create_dir_all(&dir).expect("target/golden is writable");
    dir
}

fn write_png(path: &Path, rgb: &[u8], width: u32, height: u32) {
    let file = std::fs::File::create(path).expect("can create the PNG file");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(rgb).expect("PNG data");
}

fn read_png(path: &Path) -> (Vec<u8>, u32, u32) {
    let decoder = png::Decoder::new(std::fs::File::open(path).expect("golden exists"));
    let mut reader = decoder.read_info().expect("golden is a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("golden has a frame");
    assert_eq!(info.color_type, png::ColorType::Rgb, "goldens are 8-bit RGB");
    buf.truncate(info.buffer_size());
    (buf, info.width, info.height)
}

/// Compares an RGB image with `tests/golden/<name>.png`.
///
/// A pixel differs when any channel differs by more than `channel_tolerance`;
/// the test fails when more than `max_differing_fraction` of the pixels
/// differ. On failure the actual image and a diff (differing pixels in red)
/// are written to `target/golden/`. A missing golden is written only outside
/// CI (`CI` unset); `UPDATE_GOLDEN=1` rewrites it.
pub fn assert_golden_png(
    name: &str,
    rgb: &[u8],
    width: u32,
    height: u32,
    channel_tolerance: u8,
    max_differing_fraction: f64,
) {
    let golden = golden_dir().join(format!("{name}.png"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    if update || !golden.exists() {
        assert!(
            update || std::env::var_os("CI").is_none(),
            "golden {} is missing; run the tests outside CI (or with UPDATE_GOLDEN=1) and review it",
            golden.display()
        );
        std::fs::create_dir_all(golden_dir()).expect("tests/golden is writable");
        write_png(&golden, rgb, width, height);
        eprintln!("wrote golden {}", golden.display());
        return;
    }
    let (expected, ew, eh) = read_png(&golden);
    let actual_path = actual_dir().join(format!("{name}.actual.png"));
    if (ew, eh) != (width, height) {
        write_png(&actual_path, rgb, width, height);
        panic!(
            "{name}: size {width}x{height} differs from the golden's {ew}x{eh}; actual image at {}",
            actual_path.display()
        );
    }
    let mut diff = Vec::with_capacity(rgb.len());
    let mut differing = 0usize;
    for (a, e) in rgb.chunks_exact(3).zip(expected.chunks_exact(3)) {
        let differs = a.iter().zip(e).any(|(x, y)| x.abs_diff(*y) > channel_tolerance);
        if differs {
            differing += 1;
            diff.extend([255, 0, 0]);
        } else {
            let grey = ((u16::from(e[0]) + u16::from(e[1]) + u16::from(e[2])) / 3 / 2 + 128) as u8;
            diff.extend([grey, grey, grey]);
        }
    }
    let fraction = differing as f64 / f64::from(width * height);
    if fraction > max_differing_fraction {
        write_png(&actual_path, rgb, width, height);
        let diff_path = actual_dir().join(format!("{name}.diff.png"));
        write_png(&diff_path, &diff, width, height);
        panic!(
            "{name}: {differing} pixels ({:.3}%) differ from the golden (allowed {:.3}%); see {} and {}",
            fraction * 100.0,
            max_differing_fraction * 100.0,
            actual_path.display(),
            diff_path.display()
        );
    }
}
