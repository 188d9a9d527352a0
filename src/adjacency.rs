//! Which regions are neighbours, computed from the geometry (two regions
//! are neighbours when they share a border arc), and keyboard movement: the
//! arrow keys go to the neighbour that lies most nearly in that direction on
//! the drawn map.
//!
//! Islands and exclaves without a shared border (Hainan, Taiwan, Macau) get
//! their nearest regions as neighbours, so every region can be reached.

use crate::geometry::Point;
use crate::model::Atlas;

/// An arrow key's direction on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Up (north on the map).
    Up,
    /// Down.
    Down,
    /// Left (west).
    Left,
    /// Right (east).
    Right,
}

impl Direction {
    /// The unit vector in device pixels (y down).
    fn vector(self) -> (f64, f64) {
        match self {
            Direction::Up => (0.0, -1.0),
            Direction::Down => (0.0, 1.0),
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
        }
    }
}

/// Neighbour lists per region (atlas order, sorted, no duplicates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacency {
    /// `neighbours[i]` are the regions next to region `i`.
    pub neighbours: Vec<Vec<usize>>,
}

impl Adjacency {
    /// Neighbours from shared arcs; regions with none get the `fallback`
    /// nearest regions by label anchor (map metres).
    pub fn new(atlas: &Atlas) -> Self {
        let n = atlas.regions.len();
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); atlas.arcs.len()];
        for (i, region) in atlas.regions.iter().enumerate() {
            for &arc in &region.arcs {
                if let Some(list) = users.get_mut(arc) {
                    list.push(i);
                }
            }
        }
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
        for list in &users {
            for &a in list {
                for &b in list {
                    if a != b {
                        neighbours[a].push(b);
                    }
                }
            }
        }
        // Regions with no shared border, decided before any are linked up.
        let isolated: Vec<usize> = (0..n).filter(|&i| neighbours[i].is_empty()).collect();
        for i in isolated {
            {
                let here = atlas.regions[i].anchor;
                let mut others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
                crate::sort::sort_by(&mut others, |&a, &b| {
                    here.distance(atlas.regions[a].anchor)
                        .total_cmp(&here.distance(atlas.regions[b].anchor))
                });
                for j in others.into_iter().take(3) {
                    neighbours[i].push(j);
                    neighbours[j].push(i);
                }
            }
        }
        for list in &mut neighbours {
            crate::sort::sort_by(list, usize::cmp);
            list.dedup();
        }
        Self { neighbours }
    }

    /// The region to move to from `from` with an arrow key, given each
    /// region's anchor on screen: the neighbour within 67.5° of the direction
    /// with the best mix of alignment and nearness; if no neighbour lies that
    /// way, the nearest region that does; else none.
    pub fn step(&self, anchors: &[Point], from: usize, direction: Direction) -> Option<usize> {
        let origin = *anchors.get(from)?;
        let (dx, dy) = direction.vector();
        let score = |j: usize| -> Option<f64> {
            let p = anchors.get(j)?;
            let (vx, vy) = (p.x - origin.x, p.y - origin.y);
            let distance = vx.hypot(vy);
            if distance == 0.0 {
                return None;
            }
            let cos = (vx * dx + vy * dy) / distance;
            // cos 67.5° ≈ 0.383: within the cone of the arrow.
            (cos > 0.383).then_some(distance / cos.powi(2))
        };
        let best = |candidates: &mut dyn Iterator<Item = usize>| {
            candidates
                .filter_map(|j| score(j).map(|s| (j, s)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(j, _)| j)
        };
        best(&mut self.neighbours.get(from)?.iter().copied())
            .or_else(|| best(&mut (0..anchors.len()).filter(|&j| j != from)))
    }
}
