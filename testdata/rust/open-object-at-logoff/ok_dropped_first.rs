// Correct: every object is dropped (explicitly or by its scope) before Logoff.
use outlook_mapi::*;

fn explicit_drop() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?; //~ missing-logoff
    let table = unsafe { logon.session.GetMsgStoresTable(0)? };
    count_rows(&table);
    drop(table);
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(())
}

fn inner_scope(session: &IMAPISession) -> windows_core::Result<()> {
    {
        let status = unsafe { session.GetStatusTable(0)? };
        count_rows(&status);
    }
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}

fn returned(session: &IMAPISession) -> windows_core::Result<IMAPITable> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    Ok(table)
}
