// outlook-mapi: the Logon's session is logged off before the Logon is dropped.
use outlook_mapi::*;

fn main() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?;
    let _ = list_stores(&logon);
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(())
}

fn handed_on(initialized: std::sync::Arc<Initialize>) -> windows_core::Result<Logon> {
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?;
    Ok(logon)
}
