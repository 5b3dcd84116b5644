// folder-stats: prints the size of the Inbox of the default store.
//
// `MailSession` wraps outlook-mapi's Logon and logs off in its Drop. Everything opened from
// it is declared *after* it in `main`, so it is dropped *before* it (reverse declaration
// order): the folder and store are released, then MailSession::drop calls Logoff, then the
// Logon field releases the session and drops the only Arc<Initialize> (MAPIUninitialize).
// An early `?` return unwinds the same way.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows_core::*;

struct MailSession {
    logon: Logon,
}

impl MailSession {
    fn open(profile: Option<&str>) -> Result<MailSession> {
        let initialized = Initialize::new(InitializeFlags { no_coinit: true, ..Default::default() })?;
        let logon = Logon::new(initialized, Default::default(), profile, None, LogonFlags { extended: true, use_default: profile.is_none(), ..Default::default() })?;
        Ok(MailSession { logon })
    }

    fn session(&self) -> &IMAPISession {
        &self.logon.session
    }

    /// The store exists only if OpenMsgStore succeeded and handed out an object.
    fn open_store(&self, eid: &[u8]) -> Result<IMsgStore> {
        let mut store = None;
        unsafe {
            self.session().OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)?;
        }
        store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
    }
}

impl Drop for MailSession {
    fn drop(&mut self) {
        // Logoff only; the Logon field releases the session right after this body.
        if let Err(e) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("folder-stats: Logoff failed: {e}");
        }
    }
}

fn open_folder(store: &IMsgStore, cb: u32, eid: *mut ENTRYID) -> Result<IMAPIFolder> {
    let mut obj_type = 0;
    let mut unknown = None;
    unsafe { store.OpenEntry(cb, eid, ptr::null_mut(), MAPI_BEST_ACCESS, &mut obj_type, &mut unknown)? };
    match unknown {
        Some(u) => u.cast::<IMAPIFolder>(),
        None => Err(Error::from(MAPI_E_NOT_FOUND)),
    }
}

fn inbox_of(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
    let folder = open_folder(store, cb, eid);
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    folder
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(store_eid) = args.next() else {
        eprintln!("usage: folder-stats <store-entry-id> [profile]");
        return Ok(());
    };
    let profile = args.next();

    let mail = MailSession::open(profile.as_deref())?;
    // Each `?` below drops what was declared so far, newest first, then `mail`.
    let store = mail.open_store(store_eid.as_bytes())?;
    let inbox = inbox_of(&store)?;
    let contents = unsafe { inbox.GetContentsTable(MAPI_DEFERRED_ERRORS)? };
    let mut rows = 0u32;
    unsafe { contents.GetRowCount(0, &mut rows)? };
    println!("Inbox: {rows} message(s)");
    Ok(())
    // drop order: contents, inbox, store, mail (Logoff, Release, MAPIUninitialize)
}
