//! Which layer each step of a flowchart goes in, and in what order the boxes
//! and gaps of each layer stand: lines that close a cycle set aside (a
//! depth-first search), each step one layer below the latest step leading to
//! it, and each layer ordered by its neighbours' mean position, down and up
//! again, to cross fewer lines.

/// A slot in a layer: a step's box, or the gap a line passes through.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Slot {
    Step(usize),
    /// Gap `n` of the chain of gaps for forward edge number `edge`.
    Gap {
        edge: usize,
    },
}

/// The edges that close a cycle (found by a depth-first search from the
/// first step, then from each step not yet visited, in order).
pub(super) fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        out[a].push((b, e));
    }
    // 0 = unseen, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&(w, e)) = out[v].get(top.1) {
                top.1 += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Each step's layer: one after the latest step leading to it (longest path),
/// lines going back up set aside.
pub(super) fn layers(n: usize, edges: &[(usize, usize)], back: &[bool]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        if !back[e] {
            indegree[b] += 1;
            out[a].push(b);
        }
    }
    let mut layer = vec![0usize; n];
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(v) = ready.pop_first() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.insert(w);
            }
        }
    }
    layer
}

/// Orders each layer's slots to cross fewer lines: a few sweeps down and up,
/// each slot placed at the mean position of its neighbours in the layer just
/// done (ties keep their order, so the result is stable).
pub(super) fn order_layers(
    slots: &mut [Vec<Slot>],
    edges: &[(usize, usize)],
    back: &[bool],
    layer: &[usize],
) {
    // The slot a forward edge occupies in layer `l`: its source, a gap or its target.
    let at = |e: usize, l: usize| -> Slot {
        let (a, b) = edges[e];
        if l == layer[a] {
            Slot::Step(a)
        } else if l == layer[b] {
            Slot::Step(b)
        } else {
            Slot::Gap { edge: e }
        }
    };
    let neighbours = |s: Slot, l: usize, up: bool| -> Vec<Slot> {
        let other = if up { l.checked_sub(1) } else { Some(l + 1) };
        let Some(other) = other else {
            return Vec::new();
        };
        edges
            .iter()
            .enumerate()
            .filter(|(e, _)| !back[*e])
            .filter(|(e, (a, b))| {
                let (lo, hi) = (layer[*a], layer[*b]);
                let spans = |x: usize| (lo..=hi).contains(&x);
                spans(l) && spans(other) && at(*e, l) == s
            })
            .map(|(e, _)| at(e, other))
            .collect()
    };
    for sweep in 0..4 {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (1..slots.len()).collect()
        } else {
            (0..slots.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let reference = if down { l - 1 } else { l + 1 };
            let positions = slots[reference].clone();
            let mut keyed: Vec<(f64, usize, Slot)> = slots[l]
                .iter()
                .enumerate()
                .map(|(k, &s)| {
                    let ns = neighbours(s, l, down);
                    let ps: Vec<f64> = ns
                        .iter()
                        .filter_map(|x| positions.iter().position(|p| p == x))
                        .map(|p| p as f64)
                        .collect();
                    let key = if ps.is_empty() {
                        k as f64
                    } else {
                        ps.iter().sum::<f64>() / ps.len() as f64
                    };
                    (key, k, s)
                })
                .collect();
            keyed.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            slots[l] = keyed.into_iter().map(|(_, _, s)| s).collect();
        }
    }
}
