//! A 128-bit digest of bytes (two seeded foldhash hashes), for telling
//! whether something `serve` made before is the same now: an output file's
//! bytes, or what a route's card is rendered from. Not for anything an
//! attacker chooses to collide: both sides are the site's own output.

use std::hash::{BuildHasher, Hasher};
use std::io;

use foldhash::quality::FixedState;

const SEEDS: [u64; 2] = [0x6a6f_696e_6564_7570, 0x7365_7276_6520_6b65];

/// The digest of `bytes`.
pub(crate) fn of(bytes: &[u8]) -> u128 {
    let mut d = Digest::new();
    d.add(bytes);
    d.finish()
}

/// A digest made from several pieces (the same pieces give the same digest).
pub(crate) struct Digest([foldhash::quality::FoldHasher<'static>; 2]);

impl Digest {
    pub(crate) fn new() -> Digest {
        Digest(SEEDS.map(|s| FixedState::with_seed(s).build_hasher()))
    }

    pub(crate) fn add(&mut self, bytes: &[u8]) {
        for h in &mut self.0 {
            h.write_usize(bytes.len());
            h.write(bytes);
        }
    }

    pub(crate) fn finish(&self) -> u128 {
        (u128::from(self.0[0].finish()) << 64) | u128::from(self.0[1].finish())
    }
}

impl io::Write for Digest {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_bytes_same_digest_and_different_differ() {
        assert_eq!(super::of(b"abc"), super::of(b"abc"));
        assert_ne!(super::of(b"abc"), super::of(b"abd"));
        assert_ne!(super::of(b""), super::of(b"\0"));
    }
}
