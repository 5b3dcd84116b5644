// outlook-mapi Logon: the session field is logged off, then used.
use outlook_mapi::*;

fn main() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?;
    unsafe { logon.session.Logoff(0, 0, 0)? };
    let table = unsafe { logon.session.GetMsgStoresTable(0)? }; //~ use-after-logoff
    drop(table);
    Ok(())
}
