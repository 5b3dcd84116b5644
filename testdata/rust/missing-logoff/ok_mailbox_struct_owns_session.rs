// unread-poll: prints the Inbox's unread count every few seconds.
//
// Correct: `Mailbox::open` moves the session into the struct literal it returns, so the
// function hands the session to its caller; `Mailbox`'s Drop releases the folder and the
// store, then logs off, and its fields drop after that (the session released last, then
// MAPIUninitialize through the guard field). A block expression's guard (`_logoff` style)
// is not needed here: the struct is the guard.
use std::{ptr, thread, time::Duration};
use outlook_mapi::sys::*;
use windows::core::Error;

struct MapiGuard;

impl MapiGuard {
    fn new() -> Result<Self, Error> {
        unsafe { MAPIInitialize(ptr::null_mut())? };
        Ok(MapiGuard)
    }
}

impl Drop for MapiGuard {
    fn drop(&mut self) {
        unsafe { MAPIUninitialize() };
    }
}

struct Mailbox {
    inbox: Option<IMAPIFolder>,
    store: Option<IMsgStore>,
    session: IMAPISession,
    _mapi: MapiGuard,
}

impl Mailbox {
    fn open() -> Result<Self, Error> {
        let mapi = MapiGuard::new()?;
        let mut session = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE, &mut session)? };
        let session = session.ok_or_else(|| Error::from(MAPI_E_LOGON_FAILED))?;
        let mut mailbox = Mailbox { inbox: None, store: None, session, _mapi: mapi };
        mailbox.store = Some(mailbox.default_store()?);
        Ok(mailbox)
    }

    fn default_store(&self) -> Result<IMsgStore, Error> {
        let table = unsafe { self.session.GetMsgStoresTable(0)? };
        let mut rows: *mut SRowSet = ptr::null_mut();
        unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
        let eid = unsafe { std::slice::from_raw_parts((*(*rows).aRow.as_ptr()).lpProps, 1)[0].Value.bin };
        let mut store = None;
        let opened = unsafe { self.session.OpenMsgStore(0, eid.cb, eid.lpb as *mut ENTRYID, ptr::null_mut(), MDB_NO_DIALOG, &mut store) };
        unsafe { FreeProws(rows) };
        opened?;
        store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
    }

    fn unread(&self) -> Result<i32, Error> {
        let store = self.store.as_ref().ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?;
        let mut prop: *mut SPropValue = ptr::null_mut();
        unsafe { HrGetOneProp(store, PR_CONTENT_UNREAD, &mut prop)? };
        let n = unsafe { (*prop).Value.l };
        unsafe { MAPIFreeBuffer(prop as *mut _) };
        Ok(n)
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        self.inbox = None;
        self.store = None;
        if let Err(e) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("unread-poll: Logoff failed: {e}");
        }
    }
}

fn main() -> Result<(), Error> {
    let mailbox = Mailbox::open()?;
    for _ in 0..3 {
        println!("{} unread", mailbox.unread()?);
        thread::sleep(Duration::from_secs(5));
    }
    Ok(())
}
