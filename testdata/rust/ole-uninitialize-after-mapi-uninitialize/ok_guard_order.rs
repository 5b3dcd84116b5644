// The MAPI guard is declared first, so it drops last; an explicit drop(ole) comes first.
struct OleGuard;
impl OleGuard {
    fn new() -> OleGuard {
        unsafe { OleInitialize(None).unwrap() };
        OleGuard
    }
}
impl Drop for OleGuard {
    fn drop(&mut self) {
        unsafe { OleUninitialize() }
    }
}
struct MapiGuard;
impl MapiGuard {
    fn new() -> MapiGuard {
        unsafe { MAPIInitialize(None).unwrap() };
        MapiGuard
    }
}
impl Drop for MapiGuard {
    fn drop(&mut self) {
        unsafe { MAPIUninitialize() }
    }
}

fn main() {
    let _mapi = MapiGuard::new();
    let _ole = OleGuard::new();
    run();
}

fn explicit() {
    let mapi = MapiGuard::new();
    let ole = OleGuard::new();
    drop(ole);
    drop(mapi);
}

// The OLE guard is returned: its drop (OleUninitialize) happens in the caller.
fn moved_away() -> OleGuard {
    let _mapi = MapiGuard::new();
    let ole = OleGuard::new();
    ole
}
