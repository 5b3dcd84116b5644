// Drops after Logoff are not uses; uses before Logoff are fine.
fn shutdown(session: IMAPISession) -> windows::core::Result<()> {
    let store = unsafe { session.OpenMsgStore(0, cb, eid, None, MDB_WRITE)? };
    unsafe { store.StoreLogoff(&mut flags)? };
    drop(store);
    unsafe { session.Logoff(0, 0, 0)? };
    drop(session);
    Ok(())
}
