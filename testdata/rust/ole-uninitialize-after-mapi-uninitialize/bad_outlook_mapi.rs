// outlook-mapi: the last drop of the Arc<Initialize> is MAPIUninitialize.
use outlook_mapi::*;

fn explicit_drop() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    unsafe { OleInitialize(None)? };
    run(&initialized);
    drop(initialized);
    unsafe { OleUninitialize() }; //~ ole-uninitialize-after-mapi-uninitialize
    Ok(())
}

struct OleGuard;
impl OleGuard {
    fn new() -> windows_core::Result<Self> {
        unsafe { OleInitialize(None)? };
        Ok(OleGuard)
    }
}
impl Drop for OleGuard {
    fn drop(&mut self) {
        unsafe { OleUninitialize() };
    }
}

// Fields drop in declaration order after the struct's own drop: `mapi` first, then `ole`.
struct App {
    mapi: std::sync::Arc<Initialize>,
    ole: OleGuard,
}

fn fields() -> windows_core::Result<()> {
    let app = App { mapi: Initialize::new(Default::default())?, ole: OleGuard::new()? };
    app.run()?;
    Ok(())
} //~ ole-uninitialize-after-mapi-uninitialize
