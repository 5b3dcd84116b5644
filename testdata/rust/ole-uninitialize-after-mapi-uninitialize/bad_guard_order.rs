// Guards drop in reverse declaration order: here MAPI's guard drops first, then OLE's.
struct OleGuard;
impl OleGuard {
    fn new() -> windows::core::Result<Self> {
        unsafe { OleInitialize(None)? };
        Ok(OleGuard)
    }
}
impl Drop for OleGuard {
    fn drop(&mut self) {
        unsafe { OleUninitialize() }
    }
}

struct MapiGuard;
impl MapiGuard {
    fn new() -> windows::core::Result<Self> {
        unsafe { MAPIInitialize(None)? };
        Ok(MapiGuard)
    }
}
impl Drop for MapiGuard {
    fn drop(&mut self) {
        unsafe { MAPIUninitialize() }
    }
}

fn main() -> windows::core::Result<()> {
    let _ole = OleGuard::new()?;
    let _mapi = MapiGuard::new()?;
    run()?;
    Ok(())
} //~ ole-uninitialize-after-mapi-uninitialize

fn explicit() -> windows::core::Result<()> {
    let ole = OleGuard::new()?;
    unsafe { MAPIInitialize(None)? };
    unsafe { MAPIUninitialize() };
    drop(ole); //~ ole-uninitialize-after-mapi-uninitialize
    Ok(())
}
