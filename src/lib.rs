//! shengtu (省图): an embeddable, accessible map of China's provincial-level
//! divisions, drawn by Rust through plotters and compiled to WebAssembly.
//!
//! # Module map
//! The core is plain Rust, tested natively with `cargo test`:
//! - [`geometry`]: points, rings, polygons with holes, point-in-polygon, clipping.
//! - [`geometry_codec`]: the compact binary form of the shipped geometry (`assets/provinces.stg`).
//! - [`projection`]: Albers equal-area conic (25°N/47°N, 105°E), forward and inverse.
//! - [`model`]: regions (ISO 3166-2 id, GB/T 2260 adcode, names in 简/繁/EN) and the atlas.
//! - [`adjacency`]: neighbours from shared borders; arrow-key movement.
//! - [`boundaries`]: a newsroom's own boundary file (TopoJSON/GeoJSON, lon/lat or projected), validated.
//! - [`topology`]: reads the committed TopoJSON asset (or a newsroom's own) into an atlas.
//! - [`layout`]: main frame and South China Sea inset for a CSS width and pixel ratio.
//! - [`scene`]: the drawn device-pixel rings, and hit testing on exactly those.
//! - [`state`]: hover and selection, changed through events.
//! - [`dataset`]: stories and figures (serde-free walker with JSON-path problems), figure formatting.
//! - [`color_scale`]: classification, palettes, fills (hatched "no figure").
//! - [`json`]: a small JSON reader (value tree, line/column errors) for the walkers.
//! - [`i18n`]: the interface's own words in three languages.
//! - [`present`]: legend, story panel, status line and label requests as plain data.
//! - [`labels`]: region names placed without overlap.
//! - [`poster`]: title, map, legend and credit as one static image (PNG/SVG export).
//! - [`sort`]: one small heapsort for every sort in the core (code size).
//! - [`render`]: `draw_map`, generic over plotters' `DrawingBackend`.
//!
//! The browser shell lives in `web` (compiled only for `wasm32`); it is the
//! only module that names `wasm_bindgen`, `web_sys`, `js_sys` or
//! `serde_wasm_bindgen`.
#![warn(missing_docs)]

pub mod adjacency;
pub mod boundaries;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod color_scale;
pub mod dataset;
pub mod geometry;
pub mod geometry_codec;
pub mod i18n;
pub mod json;
pub mod labels;
pub mod layout;
pub mod model;
pub mod poster;
pub mod present;
pub mod projection;
pub mod render;
pub mod scene;
pub mod sort;
pub mod state;
pub mod topology;

#[cfg(target_arch = "wasm32")]
pub mod web;
