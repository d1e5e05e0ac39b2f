//! Where a flowchart's boxes go: each layer a band as tall as its tallest
//! box, its steps and gaps side by side and centred, and the space the lines
//! going back up need above, below and to the right.

use std::collections::HashMap;

use super::ranks::Slot;
use super::{BOX_WIDTH, GAP_X, GAP_Y, LANE, LINE_HEIGHT, Label, Line, MARGIN, NodeBox, PADDING};

/// The boxes placed, and what the lines between them need to know.
pub(super) struct Placed {
    pub width: u32,
    pub height: u32,
    /// The width of the widest layer.
    pub content_width: u32,
    /// By step.
    pub boxes: Vec<NodeBox>,
    /// Where each forward edge's gap sits in each layer it crosses: (edge, layer) -> x.
    pub gap_x: HashMap<(usize, usize), u32>,
    pub band_top: Vec<u32>,
    pub band_height: Vec<u32>,
}

fn slot_width(s: &Slot) -> u32 {
    match s {
        Slot::Step(_) => BOX_WIDTH,
        Slot::Gap { .. } => GAP_X,
    }
}

fn row_width(row: &[Slot]) -> u32 {
    let w: u32 = row.iter().map(slot_width).sum();
    w + GAP_X * row.len().saturating_sub(1) as u32
}

/// Places the `slots` of each layer, for steps with these `labels`, with
/// `back_count` lines going back up.
pub(super) fn place(labels: &[Label], slots: &[Vec<Slot>], back_count: u32) -> Placed {
    // Sizes: box heights from the wrapped labels; a layer is as tall as its tallest box.
    let wrapped: Vec<Vec<Line>> = labels.iter().map(super::label_lines).collect();
    let heights: Vec<u32> = wrapped
        .iter()
        .map(|lines| PADDING * 2 + LINE_HEIGHT * lines.len().max(1) as u32)
        .collect();
    let content_width = slots.iter().map(|r| row_width(r)).max().unwrap_or(0);
    let lanes_width = if back_count > 0 {
        GAP_X / 2 + LANE * back_count
    } else {
        0
    };
    let mut boxes: Vec<Option<NodeBox>> = vec![None; labels.len()];
    let mut gap_x: HashMap<(usize, usize), u32> = Default::default();
    let mut band_top: Vec<u32> = Vec::with_capacity(slots.len());
    let mut band_height: Vec<u32> = Vec::with_capacity(slots.len());
    // Lines going back up turn in the space above the first layer and below the last.
    let edge_room = if back_count > 0 { GAP_Y } else { MARGIN };
    let mut y = edge_room;
    for (l, row) in slots.iter().enumerate() {
        let h = row
            .iter()
            .filter_map(|s| match s {
                Slot::Step(i) => Some(heights[*i]),
                Slot::Gap { .. } => None,
            })
            .max()
            .unwrap_or(LINE_HEIGHT);
        band_top.push(y);
        band_height.push(h);
        let mut x = MARGIN + (content_width - row_width(row)) / 2;
        for s in row {
            match *s {
                Slot::Step(i) => {
                    boxes[i] = Some(node_box(i, l, (x, y), heights[i], &wrapped[i]));
                }
                Slot::Gap { edge } => {
                    gap_x.insert((edge, l), x + GAP_X / 2);
                }
            }
            x += slot_width(s) + GAP_X;
        }
        y += h + GAP_Y;
    }
    Placed {
        width: MARGIN * 2 + content_width + lanes_width,
        height: y - GAP_Y + edge_room,
        content_width,
        boxes: boxes.into_iter().flatten().collect(),
        gap_x,
        band_top,
        band_height,
    }
}

/// Step `i`'s box in layer `l` with its top left at `(x, y)`, each line of
/// its label on its baseline.
fn node_box(i: usize, l: usize, (x, y): (u32, u32), height: u32, wrapped: &[Line]) -> NodeBox {
    let lines = wrapped
        .iter()
        .enumerate()
        .map(|(k, line)| Line {
            text: line.text.clone(),
            y: y + PADDING + LINE_HEIGHT * (k as u32 + 1) - 5,
            strong: line.strong,
        })
        .collect();
    NodeBox {
        step: i,
        x,
        y,
        width: BOX_WIDTH,
        height,
        layer: l,
        lines,
    }
}
