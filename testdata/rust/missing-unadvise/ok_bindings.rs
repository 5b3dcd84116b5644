// The connection bound by `if let Ok(..)` or a match arm is the one unadvised.
fn if_let(session: &IMAPISession, sink: &IMAPIAdviseSink) {
    if let Ok(conn) = unsafe { session.Advise(0, None, fnevNewMail, sink) } {
        pump();
        let _ = unsafe { session.Unadvise(conn) };
    }
    let _ = unsafe { session.Logoff(0, 0, 0) };
}

fn matched(session: &IMAPISession, sink: &IMAPIAdviseSink) -> windows_core::Result<()> {
    match unsafe { session.Advise(0, None, fnevNewMail, sink) } {
        Ok(conn) => {
            pump();
            unsafe { session.Unadvise(conn)? };
        }
        Err(e) => log(e),
    }
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}

fn looped(store: &IMsgStore, sinks: &[IMAPIAdviseSink]) -> windows_core::Result<()> {
    let mut conns = Vec::new();
    for sink in sinks {
        let conn = unsafe { store.Advise(0, None, fnevNewMail, sink)? };
        conns.push(conn);
    }
    for conn in conns {
        unsafe { store.Unadvise(conn)? };
    }
    Ok(())
}
