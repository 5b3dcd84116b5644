// outlook-mapi: a Logon dropped (at the end of main, or on an early `?`) without Logoff.
use outlook_mapi::*;

fn main() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default()) //~ missing-logoff
        .expect("logon");
    let stores = unsafe { logon.session.GetMsgStoresTable(0)? };
    drop(stores);
    Ok(())
}
