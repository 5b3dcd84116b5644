// Calls on the session and on a store obtained from it after Logoff (the store, still
// held at the Logoff, is also open there).
fn shutdown(session: &IMAPISession) -> windows::core::Result<()> {
    let store = unsafe { session.OpenMsgStore(0, cb, eid, None, MDB_WRITE)? }; //~ open-object-at-logoff
    unsafe { session.Logoff(0, 0, 0)? };
    unsafe { store.StoreLogoff(&mut flags)? }; //~ use-after-logoff
    unsafe { session.GetMsgStoresTable(0)? }; //~ use-after-logoff
    Ok(())
}
