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

// ---- Don't edit below this line. ----

/// `for song in &playlist` calls this.
impl<'a> IntoIterator for &'a Playlist {
    type Item = &'static str;
    type IntoIter = Cursor<'a>;

    fn into_iter(self) -> Cursor<'a> {
        self.iter()
    }
}

#[cfg(test)]
#[global_allocator]
static ALLOC: mtlings_support::alloc_count::Counting = mtlings_support::alloc_count::Counting;

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::alloc_count::allocations_during;

    const SONGS: [&str; 4] = ["one", "two", "three", "four"];

    #[test]
    fn play_it_again() {
        let playlist = Playlist::new(&SONGS);
        let first: Vec<&str> = playlist.iter().collect();
        let mut second = Vec::new();
        for song in &playlist {
            second.push(song);
        }
        assert_eq!(first, SONGS, "the first time through");
        assert_eq!(
            second, SONGS,
            "the second loop should start from the first song again: an iterable hands out a \
             fresh iterator each time"
        );
    }

    #[test]
    fn two_listeners_at_their_own_pace() {
        let playlist = Playlist::new(&SONGS);
        let mut alice = playlist.iter();
        let mut bob = playlist.iter();
        assert_eq!(alice.next(), Some("one"));
        assert_eq!(alice.next(), Some("two"));
        assert_eq!(
            bob.next(),
            Some("one"),
            "bob just started: his iterator must not share alice's position"
        );
        assert_eq!(alice.next(), Some("three"), "alice goes on where she was");
        assert_eq!(
            bob.collect::<Vec<_>>(),
            ["two", "three", "four"],
            "bob goes on from where he was"
        );
        assert_eq!(alice.next(), Some("four"));
        assert_eq!(alice.next(), None, "alice reached the end");
    }

    #[test]
    fn zip_a_playlist_with_itself() {
        let playlist = Playlist::new(&SONGS);
        let pairs: Vec<(&str, &str)> = playlist.iter().zip(playlist.iter()).collect();
        assert_eq!(
            pairs,
            [
                ("one", "one"),
                ("two", "two"),
                ("three", "three"),
                ("four", "four")
            ],
            "zipping a playlist with itself walks it twice at once: each walk needs its own \
             position"
        );
    }

    #[test]
    fn a_cursor_borrows_the_songs() {
        let playlist = Playlist::new(&SONGS);
        let (played, allocations) = allocations_during(|| {
            let (a, b, c) = (playlist.iter(), playlist.iter(), playlist.iter());
            a.count() + b.count() + c.count()
        });
        assert_eq!(played, 12, "three listeners, four songs each");
        assert_eq!(
            allocations, 0,
            "three iter() calls and their walks through the songs allocated {allocations} \
             times: a cursor should borrow the playlist's songs, not copy them"
        );
    }
}
