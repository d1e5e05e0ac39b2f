//! Lays out a pathway's flowchart at build time: a layered drawing (steps
//! top to bottom, in the order they happen), so that the page shows it as
//! inline SVG with no script. Pure geometry: it takes the steps' labels and
//! where each leads, and gives boxes and the lines between them; the theme's
//! `flowchart.html` draws them.
//!
//! The method is the usual one for such charts (Sugiyama's): each step goes in
//! the layer after the latest step that leads to it (lines that go back up are
//! set aside), a line that skips layers passes through a reserved gap in each
//! layer it crosses, and the steps of a layer are ordered to cross fewer lines.
//! Boxes never overlap, and no line passes through a box: a line runs
//! straight down inside its own box's column or gap in a layer, and crosses
//! between layers in the space between them; lines going back up run in lanes
//! to the right of everything.
//!
//! `ranks.rs` puts the steps in layers and orders each layer, `place.rs`
//! places the boxes, and `paths.rs` draws the lines between them.

use serde::Serialize;

mod paths;
mod place;
mod ranks;

use ranks::{Slot, back_edges, layers, order_layers};

/// Box width, in SVG units (CSS pixels when drawn at full size).
pub const BOX_WIDTH: u32 = 224;
/// The most characters of a label on one line of a box.
pub const LINE_CHARS: usize = 25;
const LINE_HEIGHT: u32 = 18;
const PADDING: u32 = 10;
/// Space between boxes in a layer, and the width of a line's gap in a layer.
const GAP_X: u32 = 28;
/// Space between layers.
const GAP_Y: u32 = 40;
/// Space between the lanes of lines that go back up.
const LANE: u32 = 14;
const MARGIN: u32 = 8;

/// A box of the chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NodeBox {
    /// The step's position in the pathway.
    pub step: usize,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub layer: usize,
    /// The label, wrapped; each line's baseline `y`.
    pub lines: Vec<Line>,
}

/// One line of text in a box.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    pub text: String,
    pub y: u32,
    /// The first line (the step's number and title) is bold.
    pub strong: bool,
}

/// A line from one step to another, as the points of a polyline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EdgePath {
    pub from: usize,
    pub to: usize,
    pub points: Vec<(u32, u32)>,
    /// Goes back up to an earlier step.
    pub back: bool,
    /// `x1,y1 x2,y2 …` for the SVG `points` attribute.
    pub svg_points: String,
}

/// The whole chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub boxes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
}

/// One step's label: its title line (numbered) and a smaller second part (who).
#[derive(Debug, Clone)]
pub struct Label {
    pub title: String,
    pub detail: String,
}

/// Wraps text into lines of at most `width` characters (a longer word gets a
/// line of its own, cut with an ellipsis).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let word: String = if word.chars().count() > width {
            let cut: String = word.chars().take(width.saturating_sub(1)).collect();
            format!("{cut}…")
        } else {
            word.to_owned()
        };
        if current.is_empty() {
            current = word;
        } else if current.chars().count() + 1 + word.chars().count() <= width {
            current.push(' ');
            current.push_str(&word);
        } else {
            lines.push(std::mem::take(&mut current));
            current = word;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Lays out steps `labels` with `next[i]` the steps step `i` leads to.
pub fn layout(labels: &[Label], next: &[Vec<usize>]) -> Layout {
    let n = labels.len();
    if n == 0 {
        return Layout {
            width: 0,
            height: 0,
            boxes: Vec::new(),
            edges: Vec::new(),
        };
    }
    // Edges, in a stable order, without repeats or self-loops.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (i, targets) in next.iter().enumerate().take(n) {
        for &j in targets {
            if j < n && j != i && !edges.contains(&(i, j)) {
                edges.push((i, j));
            }
        }
    }
    let back = back_edges(n, &edges);
    let layer = layers(n, &edges, &back);
    let layer_count = layer.iter().max().map_or(0, |m| m + 1);

    // Slots per layer: steps in order, then a gap for each layer a forward edge skips.
    let mut slots: Vec<Vec<Slot>> = vec![Vec::new(); layer_count];
    for (i, &l) in layer.iter().enumerate() {
        slots[l].push(Slot::Step(i));
    }
    for (e, &(a, b)) in edges.iter().enumerate() {
        if back[e] {
            continue;
        }
        for slot in slots.iter_mut().take(layer[b]).skip(layer[a] + 1) {
            slot.push(Slot::Gap { edge: e });
        }
    }
    order_layers(&mut slots, &edges, &back, &layer);

    let back_count = back.iter().filter(|b| **b).count() as u32;
    let placed = place::place(labels, &slots, back_count);
    let graph = paths::Graph {
        edges: &edges,
        back: &back,
        layer: &layer,
    };
    let paths = paths::paths(&graph, &placed, n);
    Layout {
        width: placed.width,
        height: placed.height,
        boxes: placed.boxes,
        edges: paths,
    }
}

fn label_lines(label: &Label) -> Vec<Line> {
    let mut lines: Vec<Line> = wrap(&label.title, LINE_CHARS)
        .into_iter()
        .map(|text| Line {
            text,
            y: 0,
            strong: true,
        })
        .collect();
    lines.extend(
        wrap(&label.detail, LINE_CHARS + 3)
            .into_iter()
            .map(|text| Line {
                text,
                y: 0,
                strong: false,
            }),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<Label> {
        (0..n)
            .map(|i| Label {
                title: format!("{}. Step number {i} with a longer title to wrap", i + 1),
                detail: "Northshire County Council — Multi-Agency Safeguarding Hub".to_owned(),
            })
            .collect()
    }

    fn overlaps(a: &NodeBox, b: &NodeBox) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    /// Whether a segment passes through the inside of a box (touching its
    /// edge, where a line starts or ends, does not count).
    fn crosses(p: (u32, u32), q: (u32, u32), b: &NodeBox) -> bool {
        let (x0, y0, x1, y1) = (
            b.x as f64,
            b.y as f64,
            (b.x + b.width) as f64,
            (b.y + b.height) as f64,
        );
        // Sample the segment finely; every segment is axis-aligned or short.
        (0..=200).any(|k| {
            let t = k as f64 / 200.0;
            let x = p.0 as f64 + (q.0 as f64 - p.0 as f64) * t;
            let y = p.1 as f64 + (q.1 as f64 - p.1 as f64) * t;
            x > x0 && x < x1 && y > y0 && y < y1
        })
    }

    /// Every geometric promise of the layout, for any pathway.
    fn assert_sound(l: &Layout, next: &[Vec<usize>]) {
        for (i, a) in l.boxes.iter().enumerate() {
            assert!(
                a.x + a.width <= l.width && a.y + a.height <= l.height,
                "{a:?} outside"
            );
            for b in &l.boxes[i + 1..] {
                assert!(!overlaps(a, b), "boxes overlap: {a:?} {b:?}");
            }
            // The text fits its box.
            for line in &a.lines {
                assert!(
                    line.y > a.y && line.y < a.y + a.height,
                    "{line:?} outside {a:?}"
                );
                assert!(line.text.chars().count() <= LINE_CHARS + 4, "{line:?}");
            }
        }
        let expected: usize = next
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut t: Vec<usize> = t.iter().copied().filter(|&j| j != i).collect();
                t.sort_unstable();
                t.dedup();
                t.len()
            })
            .sum();
        assert_eq!(l.edges.len(), expected, "one line per link");
        for e in &l.edges {
            let from = l.boxes.iter().find(|b| b.step == e.from).expect("from");
            let to = l.boxes.iter().find(|b| b.step == e.to).expect("to");
            assert!(!e.back || to.layer <= from.layer, "{e:?}");
            if !e.back {
                assert!(to.layer > from.layer, "a forward line goes down: {e:?}");
            }
            // Starts on the bottom of its box, ends on the top of its target.
            let first = e.points[0];
            let last = e.points[e.points.len() - 1];
            assert_eq!(first.1, from.y + from.height);
            assert!(first.0 > from.x && first.0 < from.x + from.width);
            assert_eq!(last.1, to.y);
            assert!(last.0 > to.x && last.0 < to.x + to.width);
            for w in e.points.windows(2) {
                for b in &l.boxes {
                    assert!(!crosses(w[0], w[1], b), "line {e:?} crosses box {}", b.step);
                }
            }
        }
    }

    #[test]
    fn a_chain_is_one_column() {
        let next = vec![vec![1], vec![2], vec![]];
        let l = layout(&labels(3), &next);
        assert_sound(&l, &next);
        let xs: Vec<u32> = l.boxes.iter().map(|b| b.x).collect();
        assert!(xs.iter().all(|&x| x == xs[0]), "{xs:?}");
        assert_eq!(l.width, BOX_WIDTH + 2 * MARGIN);
    }

    #[test]
    fn branches_sit_side_by_side_and_a_skipping_line_goes_round() {
        // 0 -> 1, 2; 1 -> 3; 2 -> 3; 0 -> 3 skips a layer.
        let next = vec![vec![1, 2, 3], vec![3], vec![3], vec![]];
        let l = layout(&labels(4), &next);
        assert_sound(&l, &next);
        let layer_of = |s: usize| l.boxes.iter().find(|b| b.step == s).map(|b| b.layer);
        assert_eq!(layer_of(1), layer_of(2));
        assert_eq!(layer_of(3), Some(2));
        let skip = l
            .edges
            .iter()
            .find(|e| e.from == 0 && e.to == 3)
            .expect("edge");
        assert!(skip.points.len() >= 4, "{skip:?}");
    }

    #[test]
    fn a_line_back_up_runs_in_a_lane_to_the_right() {
        let next = vec![vec![1], vec![2], vec![0, 3], vec![]];
        let l = layout(&labels(4), &next);
        assert_sound(&l, &next);
        let back: Vec<&EdgePath> = l.edges.iter().filter(|e| e.back).collect();
        assert_eq!(back.len(), 1);
        let right = l.boxes.iter().map(|b| b.x + b.width).max().unwrap_or(0);
        assert!(back[0].points.iter().any(|p| p.0 > right), "{:?}", back[0]);
    }

    #[test]
    fn unreachable_steps_still_get_a_box() {
        let next = vec![vec![1], vec![], vec![1]];
        let l = layout(&labels(3), &next);
        assert_sound(&l, &next);
        assert_eq!(l.boxes.len(), 3);
    }

    /// A generated 30-step pathway with 4 branches (each of 2 or 3 ways, some
    /// rejoining later, one skipping ahead, one going back).
    fn thirty_steps() -> Vec<Vec<usize>> {
        let mut next: Vec<Vec<usize>> = (0..30)
            .map(|i| if i + 1 < 30 { vec![i + 1] } else { vec![] })
            .collect();
        next[3] = vec![4, 8, 12];
        next[7] = vec![13];
        next[11] = vec![13];
        next[14] = vec![15, 20];
        next[19] = vec![25];
        next[21] = vec![22, 27, 5];
        next[24] = vec![25, 29];
        next[26] = vec![29];
        next
    }

    #[test]
    fn a_thirty_step_pathway_with_four_branches_has_no_overlaps() {
        let next = thirty_steps();
        let branches = next.iter().filter(|t| t.len() > 1).count();
        assert_eq!(branches, 4);
        let l = layout(&labels(30), &next);
        assert_sound(&l, &next);
        assert_eq!(l.boxes.len(), 30);
        // The same input gives the same drawing.
        assert_eq!(l, layout(&labels(30), &next));
    }

    #[test]
    fn random_pathways_are_sound() {
        let mut rng = fastrand::Rng::with_seed(18);
        for _ in 0..200 {
            let n = rng.usize(1..25);
            let next: Vec<Vec<usize>> = (0..n)
                .map(|i| match rng.u8(0..10) {
                    0 => vec![],
                    1..=2 => (0..rng.usize(2..4)).map(|_| rng.usize(0..n)).collect(),
                    _ if i + 1 < n => vec![i + 1],
                    _ => vec![],
                })
                .collect();
            let l = layout(&labels(n), &next);
            assert_sound(&l, &next);
        }
    }

    #[test]
    fn the_checks_catch_overlaps_and_lines_through_boxes() {
        let next = vec![vec![1, 2], vec![], vec![]];
        let good = layout(&labels(3), &next);
        // Two boxes on top of each other.
        let mut bad = good.clone();
        bad.boxes[2].x = bad.boxes[1].x + 10;
        assert!(std::panic::catch_unwind(|| assert_sound(&bad, &next)).is_err());
        // A box moved into a line's way.
        let mut bad = good.clone();
        let e = &bad.edges[0];
        let (p, q) = (e.points[0], e.points[1]);
        bad.boxes[0].y = good.boxes[0].y;
        let mid = ((p.0 + q.0) / 2, (p.1 + q.1) / 2);
        assert!(crosses(
            p,
            q,
            &NodeBox {
                x: mid.0 - 5,
                y: mid.1 - 5,
                width: 10,
                height: 10,
                ..bad.boxes[0].clone()
            }
        ));
        bad.boxes.push(NodeBox {
            step: 99,
            x: mid.0 - 5,
            y: mid.1 - 5,
            width: 10,
            height: 10,
            layer: 9,
            lines: Vec::new(),
        });
        assert!(std::panic::catch_unwind(|| assert_sound(&bad, &next)).is_err());
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("Initial child protection conference", 20),
            vec!["Initial child", "protection", "conference"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(wrap("Supercalifragilistic", 8), vec!["Superca…"]);
    }
}
