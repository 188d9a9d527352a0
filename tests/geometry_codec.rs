//! The committed binary geometry (what the browser embeds) is the committed
//! TopoJSON, exactly.

use shengtu::geometry_codec::{decode, encode};
use shengtu::topology::{build_atlas, parse_atlas, read_topology, DEFAULT_TOPOLOGY, DEFAULT_TOPOLOGY_BINARY};

#[test]
fn the_committed_binary_is_the_encoded_topojson() {
    let topology = read_topology(DEFAULT_TOPOLOGY, "provinces").expect("asset reads");
    let encoded = encode(&topology).expect("asset is quantized");
    assert!(
        encoded == DEFAULT_TOPOLOGY_BINARY,
        "assets/provinces.stg is stale: run `cargo run -- encode-geometry assets/provinces.topo.json assets/provinces.stg`"
    );
    assert_eq!(decode(DEFAULT_TOPOLOGY_BINARY).expect("binary decodes"), topology);
}

#[test]
fn both_forms_build_the_same_atlas() {
    let from_json = parse_atlas(DEFAULT_TOPOLOGY, "provinces").expect("json atlas");
    let raw = decode(DEFAULT_TOPOLOGY_BINARY).expect("binary decodes");
    let from_binary = build_atlas(raw, "$.objects.provinces.geometries").expect("binary atlas");
    assert_eq!(from_binary.regions.len(), 34);
    assert_eq!(from_binary, from_json);
    assert_eq!(shengtu::topology::default_atlas().expect("default atlas"), from_json);
}

#[test]
fn the_binary_is_at_most_a_third_of_the_json() {
    assert!(DEFAULT_TOPOLOGY_BINARY.len() * 3 < DEFAULT_TOPOLOGY.len());
}
