//! The library's heap allocator: the C library's `malloc`, except that blocks of 2 KiB
//! and more start on a 64-byte boundary.
//!
//! Why: rustls copies every record's plaintext out of its receive buffer (from just
//! past the record header) into a new block. glibc copies blocks this large with
//! `rep movsb`, which on some x86 CPUs (measured here on AMD EPYC with glibc 2.36) runs
//! about 30 times slower when the destination lies 1 to 31 bytes after the source,
//! modulo 4 KiB. With plain `malloc` whether two buffers fall like that is an accident
//! of the heap's layout; over loopback TCP it happened on every record, and copying
//! 16 KiB took as long as decrypting it. With large blocks on 64-byte boundaries, a
//! copy between two of them whose source offset is 0 to 32 bytes past the destination's
//! (the 5-byte record header, TLS 1.2's 8-byte explicit nonce) never falls there.
//!
//! Small blocks (most of them) go straight to `malloc`. A large one is carved from a
//! `malloc` block 49 bytes longer, which costs less time than `posix_memalign` (whose
//! split-off pieces cost a free, and later a consolidation, on every record).

use std::alloc::{GlobalAlloc, Layout};

/// Blocks at least this large are aligned (glibc switches to `rep movsb` at 2,112
/// bytes by default).
const LARGE: usize = 2048;
/// Their alignment.
const LARGE_ALIGN: usize = 64;
/// What `malloc` guarantees on the platforms we build for.
const MALLOC_ALIGN: usize = 16;

pub struct Allocator;

/// How a block of `size` bytes aligned to `align` is served.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Plain `malloc`.
    Small,
    /// A `malloc` block `LARGE_EXTRA` bytes longer: the block starts at the first
    /// 64-byte boundary in it (0 to 48 bytes in, see `offset`), and the byte just past
    /// the block's end holds that distance.
    Large,
    /// An alignment `malloc` does not give: `posix_memalign`.
    Over,
}

/// The room a large block needs beyond its size: up to 48 bytes to the boundary, and
/// the byte that records how many.
const LARGE_EXTRA: usize = LARGE_ALIGN - MALLOC_ALIGN + 1;

fn kind(size: usize, align: usize) -> Kind {
    if align > MALLOC_ALIGN {
        Kind::Over
    } else if size >= LARGE {
        Kind::Large
    } else {
        Kind::Small
    }
}

/// Where a large block starts in the `malloc` block `raw`: at the first 64-byte
/// boundary, or at once should `malloc` ever return a block that is not 16-byte aligned
/// (the boundary could then be more than 48 bytes in): never past the room reserved.
fn offset(raw: *mut u8) -> usize {
    let off = (LARGE_ALIGN - (raw as usize) % LARGE_ALIGN) % LARGE_ALIGN;
    if off < LARGE_EXTRA {
        off
    } else {
        0
    }
}

/// Places a large block of `size` bytes in `raw` (from malloc, or NULL): returns its
/// start.
unsafe fn place(raw: *mut u8, size: usize) -> *mut u8 {
    if raw.is_null() {
        return raw;
    }
    let off = offset(raw);
    *raw.add(off + size) = off as u8;
    raw.add(off)
}

/// The `malloc` block the large block `p` of `size` bytes lies in, and its distance
/// from it.
unsafe fn origin(p: *mut u8, size: usize) -> (*mut u8, usize) {
    let off = *p.add(size) as usize;
    (p.sub(off), off)
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let size = layout.size();
        match kind(size, layout.align()) {
            Kind::Small => libc::malloc(size).cast(),
            Kind::Large => match size.checked_add(LARGE_EXTRA) {
                Some(n) => place(libc::malloc(n).cast(), size),
                None => std::ptr::null_mut(),
            },
            Kind::Over => {
                let mut p = std::ptr::null_mut();
                if libc::posix_memalign(&mut p, layout.align(), size) != 0 {
                    return std::ptr::null_mut();
                }
                p.cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if kind(layout.size(), layout.align()) == Kind::Small {
            return libc::calloc(layout.size(), 1).cast();
        }
        let p = self.alloc(layout);
        if !p.is_null() {
            std::ptr::write_bytes(p, 0, layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match kind(layout.size(), layout.align()) {
            Kind::Small | Kind::Over => libc::free(ptr.cast()),
            Kind::Large => libc::free(origin(ptr, layout.size()).0.cast()),
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = kind(layout.size(), layout.align());
        let new = kind(new_size, layout.align());
        match (old, new) {
            (Kind::Small, Kind::Small) => return libc::realloc(ptr.cast(), new_size).cast(),
            (Kind::Large, Kind::Large) => {
                // realloc keeps the address when it can grow or shrink in place; a moved
                // block may start at another distance from the boundary.
                let (raw, off) = origin(ptr, layout.size());
                let Some(n) = new_size.checked_add(LARGE_EXTRA) else {
                    return std::ptr::null_mut();
                };
                let raw: *mut u8 = libc::realloc(raw.cast(), n).cast();
                if raw.is_null() {
                    return raw;
                }
                let new_off = offset(raw);
                if new_off != off {
                    let n = layout.size().min(new_size);
                    std::ptr::copy(raw.add(off), raw.add(new_off), n);
                }
                // (After the move: the new end marker may lie among the old bytes.)
                return place(raw, new_size);
            }
            _ => {}
        }
        // Changing kind: a new block and a copy.
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let q = self.alloc(new_layout);
        if !q.is_null() {
            std::ptr::copy_nonoverlapping(ptr, q, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_blocks_are_aligned_and_keep_their_bytes() {
        let a = Allocator;
        unsafe {
            let small = Layout::from_size_align(100, 8).unwrap();
            let p = a.alloc(small);
            assert!(!p.is_null() && (p as usize).is_multiple_of(MALLOC_ALIGN));
            for i in 0..100 {
                *p.add(i) = i as u8;
            }
            // Growing past the threshold: aligned, contents kept.
            let p = a.realloc(p, small, 5000);
            assert!(!p.is_null() && (p as usize).is_multiple_of(LARGE_ALIGN));
            assert!((0..100).all(|i| *p.add(i) == i as u8));
            let large = Layout::from_size_align(5000, 8).unwrap();
            let p = a.realloc(p, large, 20000);
            assert!(!p.is_null() && (p as usize).is_multiple_of(LARGE_ALIGN));
            assert!((0..100).all(|i| *p.add(i) == i as u8));
            a.dealloc(p, Layout::from_size_align(20000, 8).unwrap());

            let z = a.alloc_zeroed(Layout::from_size_align(4096, 1).unwrap());
            assert!((z as usize).is_multiple_of(LARGE_ALIGN));
            assert!((0..4096).all(|i| *z.add(i) == 0));
            a.dealloc(z, Layout::from_size_align(4096, 1).unwrap());

            // An alignment beyond malloc's, small and large, and through realloc.
            let l = Layout::from_size_align(40, 128).unwrap();
            let p = a.alloc(l);
            assert!((p as usize).is_multiple_of(128));
            *p = 7;
            let p = a.realloc(p, l, 3000);
            assert!((p as usize).is_multiple_of(128) && *p == 7);
            a.dealloc(p, Layout::from_size_align(3000, 128).unwrap());
        }
    }

    #[test]
    fn blocks_keep_their_bytes_through_many_reallocs() {
        // Blocks grown and shrunk across the threshold in an interleaved order, so that
        // realloc moves some of them (to other distances from a 64-byte boundary).
        let a = Allocator;
        let mut x = 0x2545f4914f6cdd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut blocks: Vec<(*mut u8, usize, u8)> = Vec::new();
        unsafe {
            for i in 0..64u8 {
                let size = 1 + next() as usize % 40_000;
                let p = a.alloc(Layout::from_size_align(size, 1).unwrap());
                std::ptr::write_bytes(p, i, size);
                blocks.push((p, size, i));
            }
            for _ in 0..4000 {
                let k = next() as usize % blocks.len();
                let (p, size, fill) = blocks[k];
                let new_size = 1 + next() as usize % 40_000;
                let q = a.realloc(p, Layout::from_size_align(size, 1).unwrap(), new_size);
                assert!(!q.is_null());
                if new_size >= LARGE {
                    assert_eq!(q as usize % LARGE_ALIGN, 0);
                }
                let kept = size.min(new_size);
                assert!(
                    (0..kept).all(|j| *q.add(j) == fill),
                    "bytes lost in realloc"
                );
                std::ptr::write_bytes(q, fill, new_size);
                blocks[k] = (q, new_size, fill);
            }
            for (p, size, _) in blocks {
                a.dealloc(p, Layout::from_size_align(size, 1).unwrap());
            }
        }
    }

    #[test]
    fn the_distance_never_exceeds_the_room() {
        for addr in (0x1000usize..0x1100).step_by(8) {
            let off = offset(addr as *mut u8);
            assert!(off < LARGE_EXTRA);
            if addr % MALLOC_ALIGN == 0 {
                assert_eq!((addr + off) % LARGE_ALIGN, 0);
            }
        }
    }

    #[test]
    fn vectors_use_it() {
        let v = vec![1u8; 16384];
        assert!((v.as_ptr() as usize).is_multiple_of(LARGE_ALIGN));
        let mut w: Vec<u8> = Vec::with_capacity(10);
        w.extend_from_slice(&v);
        assert!((w.as_ptr() as usize).is_multiple_of(LARGE_ALIGN));
        assert_eq!(w, v);
    }
}
