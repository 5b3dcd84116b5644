// Objects still alive when the session is logged off: dropped later, at the end of the scope.
use outlook_mapi::*;

fn table_outlives_logoff() -> windows_core::Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, Default::default())?; //~ missing-logoff
    let table = unsafe { logon.session.GetMsgStoresTable(0)? }; //~ open-object-at-logoff
    count_rows(&table);
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(())
}

fn store_out_parameter(session: &IMAPISession, eid: &[u8]) -> windows_core::Result<()> {
    let mut store = None;
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *const _, std::ptr::null_mut(), MDB_WRITE, &mut store)? }; //~ open-object-at-logoff
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}
