// outlook-mapi used correctly: OLE is uninitialized while MAPI is still up; a cloned
// Arc<Initialize> is not assumed to be the last one.
use outlook_mapi::*;

fn ordered() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?; //~ missing-logoff
    unsafe { OleInitialize(None)? };
    if let Ok(table) = unsafe { logon.session.GetMsgStoresTable(0) } {
        drop(table);
    }
    unsafe { OleUninitialize() };
    Ok(())
}

fn shared(ole_needed: bool) -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let keep = initialized.clone();
    unsafe { OleInitialize(None)? };
    drop(initialized);
    unsafe { OleUninitialize() };
    drop(keep);
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

// `ole` is declared first, so it drops first.
struct App {
    ole: OleGuard,
    mapi: std::sync::Arc<Initialize>,
}

fn fields() -> windows_core::Result<()> {
    let app = App { ole: OleGuard::new()?, mapi: Initialize::new(Default::default())? };
    app.run()?;
    Ok(())
}
