//! The map projection: Albers equal-area conic on a sphere.
//!
//! Equal-area is the right family for a choropleth (a province's ink is
//! proportional to its area); standard parallels 25°N and 47°N with central
//! meridian 105°E are the customary parameters for maps of China. The formulas
//! are Snyder's (USGS PP 1395, §14) for the sphere, as in d3-geo's
//! `conicEqualArea.js`; they match `+proj=aea +lat_1=25 +lat_2=47 +lon_0=105
//! +R=6371008.8`, which the geometry preparation script uses (the asset carries
//! reference points projected by proj4 so a test can check the agreement).
//!
//! The geometry asset is projected at preparation time; the browser only needs
//! this module to place extra points (the South China Sea inset's frame) and
//! for inverse look-ups.

use crate::geometry::Point;

/// A geographic position in degrees (WGS 84 longitude and latitude).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

impl LonLat {
    /// A position from longitude and latitude in degrees.
    pub const fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }
}

/// Mean Earth radius in metres (IUGG), the `+R` of the preparation script.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Albers equal-area conic projection on a sphere, output in metres with y
/// growing north.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlbersConic {
    central_meridian: f64,
    radius: f64,
    n: f64,
    c: f64,
    rho0: f64,
}

impl AlbersConic {
    /// A projection with standard parallels `lat1`, `lat2`, central meridian
    /// `lon0` and origin latitude `lat0` (degrees), on a sphere of `radius` m.
    pub fn new(lat1: f64, lat2: f64, lon0: f64, lat0: f64, radius: f64) -> Self {
        let (s1, s2) = (lat1.to_radians().sin(), lat2.to_radians().sin());
        let n = (s1 + s2) / 2.0;
        let c = 1.0 + s1 * (2.0 * n - s1);
        let rho0 = (c - 2.0 * n * lat0.to_radians().sin()).sqrt() / n;
        Self {
            central_meridian: lon0,
            radius,
            n,
            c,
            rho0,
        }
    }

    /// The projection used for every shengtu map: standard parallels 25°N and
    /// 47°N, central meridian 105°E, origin at the equator, mean Earth radius.
    pub fn china() -> Self {
        Self::new(25.0, 47.0, 105.0, 0.0, EARTH_RADIUS_M)
    }

    /// Projects a geographic position to map metres.
    pub fn project(&self, p: LonLat) -> Point {
        let lambda = wrap_degrees(p.lon - self.central_meridian).to_radians();
        let phi = p.lat.to_radians();
        let rho = (self.c - 2.0 * self.n * phi.sin()).max(0.0).sqrt() / self.n;
        let theta = self.n * lambda;
        Point::new(
            self.radius * rho * theta.sin(),
            self.radius * (self.rho0 - rho * theta.cos()),
        )
    }

    /// Inverts [`AlbersConic::project`]: map metres back to degrees.
    pub fn invert(&self, p: Point) -> LonLat {
        let x = p.x / self.radius;
        let rho0_y = self.rho0 - p.y / self.radius;
        let mut lambda = x.atan2(rho0_y.abs()) * rho0_y.signum();
        if rho0_y * self.n < 0.0 {
            lambda -= std::f64::consts::PI * x.signum() * rho0_y.signum();
        }
        let sin_phi = (self.c - (x * x + rho0_y * rho0_y) * self.n * self.n) / (2.0 * self.n);
        LonLat::new(
            wrap_degrees((lambda / self.n).to_degrees() + self.central_meridian),
            sin_phi.clamp(-1.0, 1.0).asin().to_degrees(),
        )
    }
}

/// Wraps a longitude difference into [-180, 180).
fn wrap_degrees(d: f64) -> f64 {
    (d + 180.0).rem_euclid(360.0) - 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_meridian_on_the_equator_is_the_origin() {
        let p = AlbersConic::china().project(LonLat::new(105.0, 0.0));
        assert!(p.x.abs() < 1e-6 && p.y.abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let proj = AlbersConic::china();
        let beijing = proj.project(LonLat::new(116.4, 39.9));
        let guangzhou = proj.project(LonLat::new(113.3, 23.1));
        let lhasa = proj.project(LonLat::new(91.1, 29.6));
        assert!(beijing.y > guangzhou.y);
        assert!(beijing.x > lhasa.x);
    }
}
