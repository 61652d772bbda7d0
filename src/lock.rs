//! The lock a connection is used under for one call.
//!
//! An `SSL` is locked for the whole of each call on it (see `entry::SslHandle`), and a
//! bulk transfer makes several calls a record (write, read, the read that finds no
//! more, `SSL_get_error`). `std::sync::Mutex` costs two atomic read-modify-writes a
//! call, to take it and to release it (the release must learn whether to wake anyone);
//! each drains the store buffer, ~20 cycles here. This lock is the owning thread's tag
//! in one word: taking it is one compare-and-swap, releasing it a plain store, and the
//! tag also tells a thread that calls in again from inside its own callback (which
//! would otherwise wait for itself) that it already holds the lock.
//!
//! Contention (two threads on one `SSL`, which OpenSSL does not allow either) takes the
//! slow path: the waiter counts itself in `waiters` and sleeps on a process-wide
//! condition variable; a release that sees a waiter wakes them all. A release may read
//! `waiters` before its store of 0 is visible to a waiter that just counted itself in
//! (x86 lets a load pass an earlier store), so a waiter never sleeps for more than
//! `PARK_SLICE` before it looks again: mutual exclusion rests on the compare-and-swap
//! alone, and the timeout only bounds how late such a waiter can notice a release.

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Where waiters for any `OwnerLock` sleep (contention is rare: one is enough).
static PARK: (Mutex<()>, Condvar) = (Mutex::new(()), Condvar::new());

/// The longest a waiter sleeps before it looks at the lock again.
const PARK_SLICE: Duration = Duration::from_millis(2);

/// A lock that knows which thread holds it.
pub struct OwnerLock<T> {
    /// The holder's tag, or 0 when free.
    owner: AtomicUsize,
    /// Threads in `lock_slow` for this lock.
    waiters: AtomicU32,
    value: UnsafeCell<T>,
}

// SAFETY: the value is reached only through an `OwnerGuard`, and the compare-and-swap
// in `try_take` hands out at most one guard at a time (as `Mutex<T>`, which is Sync for
// T: Send).
unsafe impl<T: Send> Sync for OwnerLock<T> {}

/// Access to the locked value; releases the lock when dropped.
pub struct OwnerGuard<'a, T> {
    lock: &'a OwnerLock<T>,
}

impl<T> OwnerLock<T> {
    pub fn new(value: T) -> Self {
        OwnerLock {
            owner: AtomicUsize::new(0),
            waiters: AtomicU32::new(0),
            value: UnsafeCell::new(value),
        }
    }

    /// Whether the thread tagged `me` holds the lock.
    #[inline]
    pub fn held_by(&self, me: usize) -> bool {
        self.owner.load(Ordering::Acquire) == me
    }

    /// Take the lock for the thread tagged `me` (never 0), waiting while another thread
    /// holds it; `None` if `me` holds it already.
    #[inline]
    pub fn lock(&self, me: usize) -> Option<OwnerGuard<'_, T>> {
        debug_assert_ne!(me, 0);
        match self.try_take(me) {
            Ok(()) => Some(OwnerGuard { lock: self }),
            Err(holder) if holder == me => None,
            Err(_) => Some(self.lock_slow(me)),
        }
    }

    #[inline]
    fn try_take(&self, me: usize) -> Result<(), usize> {
        self.owner
            .compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed)
            .map(|_| ())
    }

    #[cold]
    #[inline(never)]
    fn lock_slow(&self, me: usize) -> OwnerGuard<'_, T> {
        let mut park = PARK.0.lock().unwrap_or_else(|e| e.into_inner());
        self.waiters.fetch_add(1, Ordering::SeqCst);
        while self.try_take(me).is_err() {
            park = PARK
                .1
                .wait_timeout(park, PARK_SLICE)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        self.waiters.fetch_sub(1, Ordering::Relaxed);
        OwnerGuard { lock: self }
    }
}

impl<T> OwnerGuard<'_, T> {
    #[cold]
    #[inline(never)]
    fn wake() {
        let _park = PARK.0.lock().unwrap_or_else(|e| e.into_inner());
        PARK.1.notify_all();
    }
}

impl<T> Drop for OwnerGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.lock.owner.store(0, Ordering::Release);
        if self.lock.waiters.load(Ordering::Relaxed) != 0 {
            Self::wake();
        }
    }
}

impl<T> Deref for OwnerGuard<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: this guard is the one holder of the lock (see `OwnerLock`'s Sync).
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for OwnerGuard<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`; `&mut self` makes this the only reference through it.
        unsafe { &mut *self.lock.value.get() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn reentry_is_refused_and_release_frees() {
        let l = OwnerLock::new(5u32);
        let g = l.lock(7).expect("free lock");
        assert!(l.held_by(7));
        assert!(l.lock(7).is_none(), "the holder calling in again");
        drop(g);
        assert!(!l.held_by(7));
        *l.lock(9).expect("released") += 1;
        assert_eq!(*l.lock(7).unwrap(), 6);
    }

    #[test]
    fn threads_exclude_each_other() {
        // Non-atomic read-modify-write of the value under the lock: any overlap of two
        // holders would lose increments.
        let l = Arc::new(OwnerLock::new((0u64, false)));
        let threads: Vec<_> = (1..=4usize)
            .map(|t| {
                let l = l.clone();
                std::thread::spawn(move || {
                    for i in 0..20_000u32 {
                        let mut g = l.lock(t).expect("not held by this thread");
                        assert!(!g.1, "two holders at once");
                        g.1 = true;
                        let v = g.0;
                        if i % 1000 == 0 {
                            std::thread::yield_now();
                        }
                        g.0 = v + 1;
                        g.1 = false;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(l.lock(99).unwrap().0, 80_000);
        assert_eq!(l.waiters.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_waiter_gets_the_lock_when_a_long_holder_releases() {
        let l = Arc::new(OwnerLock::new(0u32));
        let g = l.lock(1).unwrap();
        let l2 = l.clone();
        let waiter = std::thread::spawn(move || {
            *l2.lock(2).unwrap() += 1;
        });
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(*g, 0, "the waiter must not get in while the lock is held");
        drop(g);
        waiter.join().unwrap();
        assert_eq!(*l.lock(1).unwrap(), 1);
    }
}
