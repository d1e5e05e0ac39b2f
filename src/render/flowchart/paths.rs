//! The lines of a flowchart, once its boxes are placed: each leaves its box
//! at a port spread along the bottom and arrives at one along the top
//! (ordered by where the other end is), runs down through a gap in each
//! layer it skips, or, going back up, in a lane of its own to the right.

use super::place::Placed;
use super::{BOX_WIDTH, EdgePath, GAP_X, GAP_Y, LANE, MARGIN, NodeBox};

/// What the lines are drawn between: the edges, which go back up, and each
/// step's layer.
pub(super) struct Graph<'a> {
    pub edges: &'a [(usize, usize)],
    pub back: &'a [bool],
    pub layer: &'a [usize],
}

fn port(b: &NodeBox, k: usize, count: usize) -> u32 {
    b.x + BOX_WIDTH * (k as u32 + 1) / (count as u32 + 1)
}

fn find(placed: &Placed, i: usize) -> Option<&NodeBox> {
    placed.boxes.iter().find(|b| b.step == i)
}

/// The x edge `e` heads for next from its start (`from_end`) or its end: its
/// gap in the adjacent layer, or the other box; lines going back up last.
fn toward(g: &Graph, placed: &Placed, e: usize, from_end: bool) -> u32 {
    let (a, b) = g.edges[e];
    let (other, this_layer) = if from_end {
        (b, g.layer[a])
    } else {
        (a, g.layer[b])
    };
    if g.back[e] {
        return u32::MAX;
    }
    let next_layer = if from_end {
        this_layer + 1
    } else {
        this_layer.saturating_sub(1)
    };
    placed
        .gap_x
        .get(&(e, next_layer))
        .copied()
        .or_else(|| find(placed, other).map(|o| o.x + BOX_WIDTH / 2))
        .unwrap_or(0)
}

/// Each step's outgoing and incoming edges, in the order of their ports.
fn ports(g: &Graph, placed: &Placed, n: usize) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut out_ports: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_ports: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(a, b)) in g.edges.iter().enumerate() {
        out_ports[a].push(e);
        in_ports[b].push(e);
    }
    for list in &mut out_ports {
        list.sort_by_key(|&e| (toward(g, placed, e, true), e));
    }
    for list in &mut in_ports {
        list.sort_by_key(|&e| (toward(g, placed, e, false), e));
    }
    (out_ports, in_ports)
}

/// The lines between `n` placed steps.
pub(super) fn paths(g: &Graph, placed: &Placed, n: usize) -> Vec<EdgePath> {
    let (out_ports, in_ports) = ports(g, placed, n);
    let mut paths = Vec::new();
    let mut lane = 0u32;
    for (e, &(a, b)) in g.edges.iter().enumerate() {
        let (Some(from), Some(to)) = (find(placed, a), find(placed, b)) else {
            continue;
        };
        let k_out = out_ports[a].iter().position(|&x| x == e).unwrap_or(0);
        let k_in = in_ports[b].iter().position(|&x| x == e).unwrap_or(0);
        let sx = port(from, k_out, out_ports[a].len());
        let tx = port(to, k_in, in_ports[b].len());
        let (la, lb) = (g.layer[a], g.layer[b]);
        let mut points = vec![(sx, from.y + from.height)];
        let (top, height) = (&placed.band_top, &placed.band_height);
        if g.back[e] {
            // Down into the gap below, right to a lane, up, and into the target from above.
            lane += 1;
            let lane_x = MARGIN + placed.content_width + GAP_X / 2 + LANE * (lane - 1);
            let below = top[la] + height[la] + GAP_Y / 2 - 4 + (lane % 3) * 3;
            let above = top[lb] - GAP_Y / 2 - 4 + (lane % 3) * 3;
            points.push((sx, below));
            points.push((lane_x, below));
            points.push((lane_x, above));
            points.push((tx, above));
        } else {
            // Down to the bottom of its layer, through a gap in each layer it skips.
            points.push((sx, top[la] + height[la]));
            for l in la + 1..lb {
                let gx = placed.gap_x.get(&(e, l)).copied().unwrap_or(sx);
                points.push((gx, top[l]));
                points.push((gx, top[l] + height[l]));
            }
        }
        points.push((tx, to.y));
        points.dedup();
        let svg_points = points
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" ");
        paths.push(EdgePath {
            from: a,
            to: b,
            points,
            back: g.back[e],
            svg_points,
        });
    }
    paths
}
