// Unadvise on every path before Logoff; a failed Advise registered nothing.
fn watch(session: &IMAPISession, sink: &IMAPIAdviseSink) -> windows::core::Result<()> {
    let conn = unsafe { session.Advise(0, None, fnevNewMail, sink)? };
    pump();
    unsafe { session.Unadvise(conn)? };
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}

struct Watcher {
    store: IMsgStore,
    conn: usize,
}

impl Watcher {
    fn start(&mut self, sink: &IMAPIAdviseSink) -> windows::core::Result<()> {
        self.conn = unsafe { self.store.Advise(0, None, fnevNewMail, sink)? };
        Ok(())
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = unsafe { self.store.Unadvise(self.conn) };
    }
}
