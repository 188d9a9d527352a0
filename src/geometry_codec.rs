//! shengtu's compact binary geometry (`.stg`): the committed TopoJSON asset
//! re-encoded for the browser.
//!
//! The TopoJSON (`assets/provinces.topo.json`) stays the readable source of
//! truth; `assets/provinces.stg` holds exactly the same topology in about a
//! quarter of the bytes, and decodes without a JSON parser. A test checks that
//! the committed binary is `encode(read_topology(json))` byte for byte, so the
//! two cannot drift; `shengtu encode-geometry` (or `scripts/prepare-geometry.sh`)
//! rewrites it.
//!
//! Layout (all integers are LEB128 varints; signed ones zigzag-encoded):
//! ```text
//! "STG1"
//! scale_x scale_y translate_x translate_y      4 × f64, little-endian
//! arc_count, then per arc: n, then n × (dx, dy)  signed deltas of quantized positions
//! region_count, then per region:
//!   id, adcode, kind (0 province, 1 autonomous region, 2 municipality, 3 SAR),
//!   name[zh-Hans, zh-Hant, en], full_name[zh-Hans, zh-Hant, en],   strings: length + UTF-8
//!   has_anchor (0/1) [, anchor_x, anchor_y]      signed, quantized
//!   polygon_count, per polygon: ring_count, per ring: arc_count, arc refs (signed, `~i` = reversed)
//! ```

use crate::model::{Names, RegionKind};
use crate::topology::{RawRegion, RawTopology};

const MAGIC: &[u8; 4] = b"STG1";
const KINDS: [RegionKind; 4] = [
    RegionKind::Province,
    RegionKind::AutonomousRegion,
    RegionKind::Municipality,
    RegionKind::Sar,
];

/// Encodes a quantized topology.
///
/// # Errors
/// If the topology has no quantization transform, or a position or anchor is
/// not an integer in quantized units.
pub fn encode(topology: &RawTopology) -> Result<Vec<u8>, String> {
    let transform = topology
        .transform
        .ok_or("only quantized topologies (with a transform) can be encoded")?;
    let mut out = MAGIC.to_vec();
    for v in transform {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let integer = |v: f64, what: &str| -> Result<i64, String> {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            Ok(v as i64)
        } else {
            Err(format!("{what} {v} is not an integer in quantized units"))
        }
    };
    unsigned(&mut out, topology.arcs.len() as u64);
    for (i, arc) in topology.arcs.iter().enumerate() {
        unsigned(&mut out, arc.len() as u64);
        let (mut px, mut py) = (0, 0);
        for &[x, y] in arc {
            let (x, y) = (integer(x, &format!("arc {i}: x"))?, integer(y, &format!("arc {i}: y"))?);
            signed(&mut out, x - px);
            signed(&mut out, y - py);
            (px, py) = (x, y);
        }
    }
    unsigned(&mut out, topology.regions.len() as u64);
    for region in &topology.regions {
        string(&mut out, &region.id);
        unsigned(&mut out, u64::from(region.adcode));
        out.push(KINDS.iter().position(|&k| k == region.kind).unwrap_or(0) as u8);
        for text in region.name.all().into_iter().chain(region.full_name.all()) {
            string(&mut out, text);
        }
        match region.anchor {
            Some([x, y]) => {
                out.push(1);
                signed(&mut out, integer(x, &format!("{} anchor x", region.id))?);
                signed(&mut out, integer(y, &format!("{} anchor y", region.id))?);
            }
            None => out.push(0),
        }
        unsigned(&mut out, region.polygons.len() as u64);
        for polygon in &region.polygons {
            unsigned(&mut out, polygon.len() as u64);
            for ring in polygon {
                unsigned(&mut out, ring.len() as u64);
                for &a in ring {
                    signed(&mut out, a);
                }
            }
        }
    }
    Ok(out)
}

fn unsigned(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn signed(out: &mut Vec<u8>, v: i64) {
    unsigned(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn string(out: &mut Vec<u8>, s: &str) {
    unsigned(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("corrupt geometry at byte {}: {what}", self.at))
    }

    fn byte(&mut self) -> Result<u8, String> {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                Ok(b)
            }
            None => self.fail("unexpected end"),
        }
    }

    fn unsigned(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        self.fail("varint too long")
    }

    /// A count, bounded by the bytes left (each item takes at least one byte).
    fn count(&mut self) -> Result<usize, String> {
        let n = self.unsigned()?;
        if n > (self.bytes.len() - self.at) as u64 {
            return self.fail("count larger than the data");
        }
        Ok(n as usize)
    }

    fn signed(&mut self) -> Result<i64, String> {
        let v = self.unsigned()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn f64(&mut self) -> Result<f64, String> {
        let Some(chunk) = self.bytes.get(self.at..self.at + 8) else {
            return self.fail("unexpected end");
        };
        self.at += 8;
        let mut raw = [0u8; 8];
        raw.copy_from_slice(chunk);
        Ok(f64::from_le_bytes(raw))
    }

    fn string(&mut self) -> Result<String, String> {
        let n = self.count()?;
        let text = std::str::from_utf8(&self.bytes[self.at..self.at + n]).map(str::to_string);
        match text {
            Ok(s) => {
                self.at += n;
                Ok(s)
            }
            Err(_) => self.fail("invalid UTF-8"),
        }
    }

    fn names(&mut self) -> Result<Names, String> {
        Ok(Names {
            zh_hans: self.string()?,
            zh_hant: self.string()?,
            en: self.string()?,
        })
    }
}

/// Decodes what [`encode`] wrote.
///
/// # Errors
/// A wrong magic number, truncated data or a bad value, with its byte offset.
pub fn decode(bytes: &[u8]) -> Result<RawTopology, String> {
    let mut r = Reader { bytes, at: 0 };
    if !bytes.starts_with(MAGIC) {
        return r.fail("not shengtu geometry (STG1)");
    }
    r.at = MAGIC.len();
    let transform = [r.f64()?, r.f64()?, r.f64()?, r.f64()?];
    let arc_count = r.count()?;
    let mut arcs = Vec::with_capacity(arc_count);
    for _ in 0..arc_count {
        let n = r.count()?;
        let mut points = Vec::with_capacity(n);
        let (mut x, mut y) = (0i64, 0i64);
        for _ in 0..n {
            x += r.signed()?;
            y += r.signed()?;
            points.push([x as f64, y as f64]);
        }
        arcs.push(points);
    }
    let region_count = r.count()?;
    let mut regions = Vec::with_capacity(region_count);
    for _ in 0..region_count {
        let id = r.string()?;
        let adcode = match u32::try_from(r.unsigned()?) {
            Ok(a) => a,
            Err(_) => return r.fail("adcode out of range"),
        };
        let kind = match KINDS.get(usize::from(r.byte()?)) {
            Some(&k) => k,
            None => return r.fail("unknown region kind"),
        };
        let name = r.names()?;
        let full_name = r.names()?;
        let anchor = match r.byte()? {
            0 => None,
            _ => Some([r.signed()? as f64, r.signed()? as f64]),
        };
        let polygon_count = r.count()?;
        let mut polygons = Vec::with_capacity(polygon_count);
        for _ in 0..polygon_count {
            let ring_count = r.count()?;
            let mut rings = Vec::with_capacity(ring_count);
            for _ in 0..ring_count {
                let n = r.count()?;
                rings.push((0..n).map(|_| r.signed()).collect::<Result<Vec<_>, _>>()?);
            }
            polygons.push(rings);
        }
        regions.push(RawRegion {
            id,
            adcode,
            kind,
            name,
            full_name,
            anchor,
            polygons,
        });
    }
    if r.at != bytes.len() {
        return r.fail("trailing bytes");
    }
    Ok(RawTopology {
        transform: Some(transform),
        arcs,
        regions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_the_edges() {
        for v in [0i64, 1, -1, 63, -64, 64, 8191, -8192, i64::MAX / 2, i64::MIN / 2] {
            let mut out = Vec::new();
            signed(&mut out, v);
            assert_eq!(Reader { bytes: &out, at: 0 }.signed(), Ok(v));
        }
    }

    #[test]
    fn refuses_truncated_or_foreign_data_without_panicking() {
        let topology = crate::topology::read_topology(crate::topology::DEFAULT_TOPOLOGY, "provinces").unwrap();
        let bytes = encode(&topology).unwrap();
        assert!(decode(b"GIF89a").unwrap_err().contains("not shengtu geometry"));
        for cut in [5, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("trailing"));
    }
}
