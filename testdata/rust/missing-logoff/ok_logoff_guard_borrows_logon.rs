// drafts-cleanup: counts the messages in the Drafts folder of the default store and, with
// --purge, empties it.
//
// A `LogoffOnDrop` guard borrowing the Logon is declared right after it, so it drops before
// the Logon on every exit, including each `?` below: Logoff always precedes the session's
// release. Objects opened later (`store`, `drafts`) are declared after the guard and are
// therefore dropped before it, i.e. before Logoff.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_IPM_DRAFTS_ENTRYID: u32 = 0x36D7_0102;

struct LogoffOnDrop<'a> {
    logon: &'a Logon,
}

impl Drop for LogoffOnDrop<'_> {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("drafts-cleanup: Logoff failed: {e}");
        }
    }
}

fn open_store(session: &IMAPISession, eid: &mut [u8]) -> Result<IMsgStore> {
    let mut store = None;
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
    store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
}

fn open_drafts(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_IPM_DRAFTS_ENTRYID, &mut value)? };
    let bin = unsafe { (*value).Value.bin };
    let mut obj_type = 0;
    let mut unknown = None;
    let opened = unsafe { store.OpenEntry(bin.cb, bin.lpb as *mut _, ptr::null_mut(), MAPI_MODIFY, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(store_eid) = args.next() else {
        eprintln!("usage: drafts-cleanup <store-entry-id> [--purge]");
        return Ok(());
    };
    let purge = args.next().as_deref() == Some("--purge");
    let mut eid = store_eid.into_bytes();

    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;
    let _logoff = LogoffOnDrop { logon: &logon };

    // `let _ =` releases the table at once.
    let _ = unsafe { logon.session.GetStatusTable(0) };

    let store = open_store(&logon.session, &mut eid)?;
    let drafts = open_drafts(&store)?;
    let contents = unsafe { drafts.GetContentsTable(0)? };
    let mut count = 0u32;
    unsafe { contents.GetRowCount(0, &mut count)? };
    println!("{count} draft(s)");
    if purge && count > 0 {
        unsafe { drafts.EmptyFolder(0, None, DEL_ASSOCIATED)? };
        println!("Drafts emptied");
    }
    Ok(())
    // drop order: contents, drafts, store, _logoff (Logoff), logon (Release, MAPIUninitialize)
}
