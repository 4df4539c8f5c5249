//! Typed indexes into the model's lists: a [`PageId`] indexes only the
//! lists kept per page, a [`DayId`] only the days, a [`TopicId`] only the
//! topics (and so on for terms, story pages and standalone pages), so an
//! index passed in the wrong place does not compile.

use std::marker::PhantomData;
use std::ops::{Deref, Index, IndexMut};

/// Declares an index type: a `usize` that only indexes [`Store`]s of its kind.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(usize);

        impl $name {
            /// The id of the `i`-th item of its list.
            pub(crate) const fn new(i: usize) -> Self {
                $name(i)
            }

            /// Its position in its list.
            pub(crate) const fn index(self) -> usize {
                self.0
            }
        }

        impl From<usize> for $name {
            fn from(i: usize) -> Self {
                $name::new(i)
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.index()
            }
        }
    };
}

id!(
    /// A page in [`super::Site::pages`] (newest first), and in every list
    /// kept per page (paths, bodies, entry views).
    PageId
);
id!(
    /// A day in [`super::Site::days`] (newest first).
    DayId
);
id!(
    /// A topic in [`super::Site::topics`] (site.yaml order).
    TopicId
);
id!(
    /// A story with a page, in [`super::Site::story_pages`].
    StoryPageId
);
id!(
    /// A standalone page, in [`super::Site::standalone`].
    StandaloneId
);
id!(
    /// A tag, place or source in its taxonomy's list
    /// ([`super::Site::terms`], by slug).
    TermId
);

/// A list indexed by one kind of id `I`. It reads as a slice (`iter`,
/// `len`, `first`); indexing takes an `I` only.
#[derive(Debug, Clone)]
pub struct Store<I, T> {
    items: Vec<T>,
    id: PhantomData<I>,
}

impl<I, T> Default for Store<I, T> {
    fn default() -> Self {
        Store {
            items: Vec::new(),
            id: PhantomData,
        }
    }
}

impl<I: From<usize> + Copy, T> Store<I, T> {
    /// The ids of every item, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::from)
    }

    /// Each item with its id, in order.
    pub fn with_ids(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, t)| (I::from(i), t))
    }
}

impl<I: Into<usize>, T> Store<I, T> {
    /// The item `id`, if the list has it.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.into())
    }
}

impl<I, T> Store<I, T> {
    /// A store with no items.
    pub const fn new() -> Self {
        Store {
            items: Vec::new(),
            id: PhantomData,
        }
    }

    /// The items, taken out of the store.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// Each item, mutably.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }
}

impl<I, T> From<Vec<T>> for Store<I, T> {
    fn from(items: Vec<T>) -> Self {
        Store {
            items,
            id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for Store<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Store::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I, T> Deref for Store<I, T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<I: Into<usize>, T> Index<I> for Store<I, T> {
    type Output = T;

    fn index(&self, id: I) -> &T {
        &self.items[id.into()]
    }
}

impl<I: Into<usize>, T> IndexMut<I> for Store<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.into()]
    }
}

impl<'a, I, T> IntoIterator for &'a Store<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::marker::PhantomData;
    use std::ops::Index;

    use super::{DayId, PageId, StandaloneId, Store, StoryPageId, TermId, TopicId};

    /// `Indexes::<L, I>::YES` is true when list `L` can be indexed by `I`
    /// (an inherent constant, found only when the bound holds, shadows the
    /// trait's `false`).
    struct Indexes<L: ?Sized, I>(PhantomData<I>, PhantomData<L>);

    trait No {
        const YES: bool = false;
    }

    impl<L: ?Sized, I> No for Indexes<L, I> {}

    #[allow(dead_code)]
    impl<L: ?Sized + Index<I>, I> Indexes<L, I> {
        const YES: bool = true;
    }

    #[test]
    fn a_list_takes_its_own_id_only() {
        const { assert!(Indexes::<Store<PageId, u8>, PageId>::YES) };
        const { assert!(Indexes::<Store<DayId, u8>, DayId>::YES) };
        const { assert!(!Indexes::<Store<PageId, u8>, DayId>::YES) };
        const { assert!(!Indexes::<Store<DayId, u8>, PageId>::YES) };
        const { assert!(!Indexes::<Store<TopicId, u8>, usize>::YES) };
        const { assert!(!Indexes::<Store<TermId, u8>, TopicId>::YES) };
        const { assert!(!Indexes::<Store<StoryPageId, u8>, StandaloneId>::YES) };
        const { assert!(Indexes::<Store<StandaloneId, u8>, StandaloneId>::YES) };
        // A plain list has no typed index: a position is not an id.
        const { assert!(!Indexes::<Vec<u8>, PageId>::YES) };
        let days: Store<DayId, &str> = vec!["today", "yesterday"].into();
        assert_eq!(days[DayId::new(1)], "yesterday");
        assert_eq!(
            days.ids().collect::<Vec<_>>(),
            [DayId::new(0), DayId::new(1)]
        );
    }
}
