//! Many ids with a small value each, as an import keeps them for every
//! registration of a file: the ids in one text, a table of places in it.
//! At 10^6 registrations that is about 35 MB, where a map of `Id`s held
//! about 120 MB (a string of its own per id, and the map's room).

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Ids (as text) with a value each.
#[derive(Debug)]
pub struct IdTable<V> {
    text: String,
    places: HashTable<Place<V>>,
}

impl<V> Default for IdTable<V> {
    fn default() -> Self {
        Self {
            text: String::new(),
            places: HashTable::new(),
        }
    }
}

/// Where an id is in the text, and its value.
#[derive(Debug)]
struct Place<V> {
    at: usize,
    len: u32,
    value: V,
}

fn hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl<V> IdTable<V> {
    /// How many ids the table holds.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Makes room for `more` ids at once.
    pub fn reserve(&mut self, more: usize) {
        let text = &self.text;
        self.places
            .reserve(more, |p| hash(&text[p.at..p.at + p.len as usize]));
    }

    /// The value of `id`, if the table holds it.
    pub fn get(&self, id: &str) -> Option<&V> {
        let text = &self.text;
        self.places
            .find(hash(id), |p| &text[p.at..p.at + p.len as usize] == id)
            .map(|p| &p.value)
    }

    /// Sets the value of `id`, adding the id when the table does not hold
    /// it yet.
    pub fn insert(&mut self, id: &str, value: V) {
        let text = &self.text;
        let hash_of = |p: &Place<V>| hash(&text[p.at..p.at + p.len as usize]);
        let found = self.places.entry(
            hash(id),
            |p| &text[p.at..p.at + p.len as usize] == id,
            hash_of,
        );
        match found {
            hashbrown::hash_table::Entry::Occupied(mut place) => place.get_mut().value = value,
            hashbrown::hash_table::Entry::Vacant(vacant) => {
                vacant.insert(Place {
                    at: text.len(),
                    len: id.len() as u32,
                    value,
                });
                self.text.push_str(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_keeps_its_last_value_and_others_are_not_found() {
        let mut table = IdTable::default();
        table.reserve(2);
        for i in 0..10_000 {
            table.insert(&format!("r{i}"), i);
        }
        table.insert("r7", 70);
        assert_eq!(table.len(), 10_000);
        assert_eq!(table.get("r7"), Some(&70));
        assert_eq!(table.get("r9999"), Some(&9999));
        assert_eq!(table.get("r10000"), None);
        assert_eq!(table.get("r"), None);
    }
}
