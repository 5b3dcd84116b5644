// rules-dump: prints the number of server-side rules and of messages in the Inbox of every
// profile given on the command line, with one Logon per profile (outlook-mapi crate).
//
// BUG: `mapi()` initializes MAPI lazily and parks a clone of the Arc<Initialize> in a
// process-wide `static` so that later callers reuse it. Statics are never dropped, so the
// last reference is never dropped and MAPIUninitialize never runs: the MAPIInitialize done
// by `Initialize::new` is never matched. (Everything else is released and logged off
// correctly: each Logon is logged off by `LoggedOn::drop` before its fields are dropped.)
use core::ptr;
use std::sync::{Arc, OnceLock};
use outlook_mapi::{sys::*, *};
use windows_core::*;

static MAPI: OnceLock<Arc<Initialize>> = OnceLock::new();

fn mapi() -> Result<Arc<Initialize>> {
    if let Some(initialized) = MAPI.get() {
        return Ok(initialized.clone());
    }
    let initialized = Initialize::new(InitializeFlags { multithread_notifications: true, ..Default::default() })?; //~ unmatched-mapi-initialize
    // Keep one reference for the rest of the process.
    let _ = MAPI.set(initialized.clone());
    Ok(initialized)
}

struct LoggedOn {
    logon: Logon,
}

impl Drop for LoggedOn {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("rules-dump: Logoff failed: {e}");
        }
    }
}

fn log_on(profile: &str) -> Result<LoggedOn> {
    let logon = Logon::new(mapi()?, Default::default(), Some(profile), None, LogonFlags { extended: true, explicit_profile: true, new_session: true, no_mail: true, ..Default::default() })?;
    Ok(LoggedOn { logon })
}

fn inbox(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
    let mut obj_type = 0u32;
    let mut unknown = None;
    let opened = unsafe { store.OpenEntry(cb, eid, ptr::null_mut(), 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

fn open_store(session: &IMAPISession, eid: &[u8]) -> Result<IMsgStore> {
    let mut store = None;
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
    store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
}

fn dump(profile: &str, store_eid: &[u8]) -> Result<()> {
    let logged_on = log_on(profile)?;
    let store = open_store(&logged_on.logon.session, store_eid)?;
    let folder = inbox(&store)?;
    let rules = unsafe { folder.GetContentsTable(MAPI_ASSOCIATED)? };
    let messages = unsafe { folder.GetContentsTable(0)? };
    let (mut n_rules, mut n_messages) = (0u32, 0u32);
    unsafe { rules.GetRowCount(0, &mut n_rules)? };
    unsafe { messages.GetRowCount(0, &mut n_messages)? };
    println!("{profile}: {n_rules} associated item(s), {n_messages} message(s)");
    Ok(())
    // messages, rules, folder, store, then logged_on (Logoff, then the Logon field)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((hex, profiles)) = args.split_first() else {
        eprintln!("usage: rules-dump <store-entry-id-hex> <profile>...");
        return Ok(());
    };
    let eid: Vec<u8> = (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect();
    for profile in profiles {
        if let Err(e) = dump(profile, &eid) {
            eprintln!("{profile}: {e}");
        }
    }
    Ok(())
}
