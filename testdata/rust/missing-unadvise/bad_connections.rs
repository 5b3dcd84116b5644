// Connections returned by Advise and never unadvised before Logoff or the store's drop.
fn watch(session: &IMAPISession, sink: &IMAPIAdviseSink) -> windows::core::Result<()> {
    let conn = unsafe { session.Advise(0, None, fnevNewMail, sink)? }; //~ missing-unadvise
    pump();
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}

fn store_dropped(store: IMsgStore, sink: &IMAPIAdviseSink) -> windows::core::Result<()> {
    let mut conn = 0;
    unsafe { store.Advise(0, None, fnevNewMail, sink, &mut conn)? }; //~ missing-unadvise
    drop(store);
    Ok(())
}

fn if_let_leak(session: &IMAPISession, sink: &IMAPIAdviseSink) {
    if let Ok(conn) = unsafe { session.Advise(0, None, fnevNewMail, sink) } { //~ missing-unadvise
        pump();
    }
    let _ = unsafe { session.Logoff(0, 0, 0) };
}
