//! The scanner's hash maps and sets. SipHash, the standard library's default, was a few percent of a
//! scan on its own; foldhash is several times faster on the short keys used here (names, addresses,
//! paths). Its seed is random per process, so that keys written in the scanned files, which an
//! attacker chooses, cannot be picked to collide.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// An empty map with room for `capacity` entries.
#[must_use]
pub fn map_with_capacity<K, V>(capacity: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, foldhash::fast::RandomState::default())
}

/// An empty set with room for `capacity` items.
#[must_use]
pub fn set_with_capacity<T>(capacity: usize) -> HashSet<T> {
    HashSet::with_capacity_and_hasher(capacity, foldhash::fast::RandomState::default())
}
