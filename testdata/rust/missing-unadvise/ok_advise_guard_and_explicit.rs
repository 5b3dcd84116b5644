// newmail-watch: registers for new-mail notifications on the default store and on the
// session, waits for a number of events, and unregisters before shutting down.
//
// The store registration is held by an `AdviseGuard` whose Drop unadvises, so every `?` in
// `watch_store` unregisters too. The session registration is unadvised explicitly on every
// path before Logoff.
use core::ptr;
use std::time::Duration;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

/// Unadvises its connection on the store it was registered on when dropped.
struct AdviseGuard<'a> {
    store: &'a IMsgStore,
    connection: usize,
}

impl<'a> AdviseGuard<'a> {
    fn register(store: &'a IMsgStore, sink: &IMAPIAdviseSink) -> Result<AdviseGuard<'a>> {
        let mut connection = 0usize;
        unsafe { store.Advise(0, ptr::null_mut(), fnevNewMail, sink, &mut connection)? };
        Ok(AdviseGuard { store, connection })
    }
}

impl Drop for AdviseGuard<'_> {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.store.Unadvise(self.connection) } {
            eprintln!("newmail-watch: Unadvise failed: {e}");
        }
    }
}

fn wait_for_events(expected: u32) -> Result<()> {
    for n in 0..expected {
        std::thread::sleep(Duration::from_millis(250));
        println!("tick {n}");
    }
    Ok(())
}

fn watch_store(store: &IMsgStore, sink: &IMAPIAdviseSink, events: u32) -> Result<()> {
    let _registration = AdviseGuard::register(store, sink)?;
    // A failure in the wait returns early; the guard still unadvises.
    wait_for_events(events)?;
    Ok(())
}

fn watch_session(session: &IMAPISession, sink: &IMAPIAdviseSink, store_eid: &[u8], events: u32) -> Result<()> {
    let mut connection = 0usize;
    unsafe { session.Advise(store_eid.len() as u32, store_eid.as_ptr() as *mut _, fnevNewMail | fnevObjectCreated, sink, &mut connection)? };

    let waited = wait_for_events(events);
    // Unadvise on both outcomes of the wait, before returning the wait's error.
    let unadvised = unsafe { session.Unadvise(connection) };
    waited?;
    unadvised
}

fn run(session: &IMAPISession, sink: &IMAPIAdviseSink, store_eid: &[u8]) -> Result<()> {
    let mut store: Option<IMsgStore> = None;
    unsafe { session.OpenMsgStore(0, store_eid.len() as u32, store_eid.as_ptr() as *mut _, ptr::null_mut(), MDB_NO_DIALOG, &mut store)? };
    let store = store.ok_or_else(|| Error::from(E_FAIL))?;
    watch_store(&store, sink, 8)?;
    watch_session(session, sink, store_eid, 4)
}

/// Called by main once MAPI is initialized; `sink` comes from the HrAllocAdviseSink wrapper.
pub fn monitor(sink: &IMAPIAdviseSink, store_eid: &[u8]) -> Result<()> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    let Some(session) = session else {
        return Err(Error::from(E_FAIL));
    };
    let result = run(&session, sink, store_eid);
    // All registrations are gone by now; log off whatever `run` returned.
    let logoff = unsafe { session.Logoff(0, 0, 0) };
    result.and(logoff)
}
