// MISTAKE: rewinds the shared position in iter(), so listeners still share one position
// gen_iterable.rs — Iterable vs iterator: who owns the position?
//
// Python separates the two: an ITERABLE (a list, a playlist) has `__iter__`, which hands out a
// NEW iterator each time; an ITERATOR has `__next__` and remembers how far it got. A generator
// is an iterator: once it has yielded everything it is used up, and looping over it a second
// time gives nothing. A class whose `__iter__` returns `self` behaves the same way.
//
// Rust draws the same line: a collection is iterable (`IntoIterator for &Collection`, usually
// via an `iter(&self)` method), and each call creates a fresh iterator value that carries its
// own position. Because `iter` only borrows the collection (`&self`), any number of iterators
// can walk it at the same time, each at its own pace.
//
// `Playlist` keeps the play position in the playlist itself, so a second loop finds it used up
// and two listeners steal songs from each other. Make every `iter()` start from the first song,
// and let any number of listeners walk the same playlist at once, each at its own pace, without
// copying the songs. Make the tests pass.

use std::cell::Cell;

struct Playlist {
    songs: Vec<&'static str>,
    position: Cell<usize>,
}

/// One listener's walk through a playlist (Python: the object `__iter__` returns).
struct Cursor<'a> {
    playlist: &'a Playlist,
}

impl Playlist {
    fn new(songs: &[&'static str]) -> Self {
        Playlist {
            songs: songs.to_vec(),
            position: Cell::new(0),
        }
    }

    fn iter(&self) -> Cursor<'_> {
        self.position.set(0); // rewind for the new listener
        Cursor { playlist: self }
    }
}

impl Iterator for Cursor<'_> {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        let i = self.playlist.position.get();
        let song = self.playlist.songs.get(i)?;
        self.playlist.position.set(i + 1);
        Some(song)
    }
}

fn main() {
    let playlist = Playlist::new(&["intro", "verse", "chorus"]);
    for round in 1..=2 {
        let songs: Vec<&str> = playlist.iter().collect();
        println!("round {round}: {songs:?}");
    }
}

