// unread: count the unread messages in the default store's inbox. The session is wrapped
// in a tuple-struct guard straight out of the logon helper (`s.map(Session)`): the guard's
// `Drop` logs it off, so every `?` in `main` after the logon still logs off.
use std::ptr;
use anyhow::{Context, Result};
use windows::Win32::System::AddressBook::*;

struct Session(IMAPISession);

impl Session {
    fn logon(profile: Option<&str>) -> windows::core::Result<Self> {
        let mut flags = MAPI_EXTENDED | MAPI_NEW_SESSION;
        if profile.is_none() {
            flags |= MAPI_USE_DEFAULT;
        }
        let mut s = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), flags, &mut s)? };
        s.map(Session).ok_or_else(|| windows::Win32::Foundation::E_FAIL.into())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Best effort: the process is going away anyway.
        let _ = unsafe { self.0.Logoff(0, 0, 0) };
    }
}

fn default_store(session: &IMAPISession) -> Result<IMsgStore> {
    let mut store = None;
    unsafe {
        session.OpenMsgStore(0, 0, ptr::null_mut(), ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)
    }
    .context("OpenMsgStore")?;
    store.context("no default store")
}

fn unread(store: &IMsgStore) -> Result<u32> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut()) }
        .context("GetReceiveFolder")?;
    let mut kind = 0u32;
    let mut unk = None;
    let opened = unsafe { store.OpenEntry(cb, eid, ptr::null_mut(), 0, &mut kind, &mut unk) };
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    opened.context("OpenEntry")?;
    let inbox: IMAPIFolder = unk.context("no inbox")?.cast()?;
    let contents = unsafe { inbox.GetContentsTable(0) }.context("GetContentsTable")?;
    let mut n = 0u32;
    unsafe { contents.GetRowCount(0, &mut n) }.context("GetRowCount")?;
    Ok(n)
}

fn main() -> Result<()> {
    let profile = std::env::args().nth(1);
    let session = Session::logon(profile.as_deref()).context("logon")?;
    let store = default_store(&session.0)?;
    let n = unread(&store)?;
    println!("{n} unread");
    drop(store);
    Ok(())
}
