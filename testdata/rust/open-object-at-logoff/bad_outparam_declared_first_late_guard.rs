// deleted-purge: empties "Deleted Items" of a store (given by its hex entry ID), or with
// --count only prints how many messages the Outbox of that store holds.
//
// windows crate projection. Both functions log off through a `LogoffGuard`.
// BUG 1 (`purge`): the OpenEntry out-parameters are declared C-style at the top, before the
// session and its guard. `unknown` therefore outlives the guard: the IUnknown of the folder
// is still held when Logoff runs (and is released after it).
// BUG 2 (`count_outbox`): the guard is created only after the store was opened, so it is
// dropped before the store (Logoff with the store still open), and a failing OpenMsgStore
// returns through `?` with the session not logged off at all.
use core::ptr;
use windows::core::{Error, Interface, IUnknown, Result};
use windows::Win32::System::AddressBook::*;

const PR_IPM_WASTEBASKET_ENTRYID: u32 = 0x35E3_0102;
const PR_IPM_OUTBOX_ENTRYID: u32 = 0x35E2_0102;

struct LogoffGuard<'a> {
    session: &'a IMAPISession,
}

impl Drop for LogoffGuard<'_> {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("deleted-purge: Logoff failed: {e}");
        }
    }
}

fn logon() -> Result<IMAPISession> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &mut session)? }; //~ missing-logoff
    session.ok_or_else(|| Error::from(MAPI_E_LOGON_FAILED))
}

/// Reads a folder entry ID property of the store into an owned Vec (buffer freed here).
fn folder_eid(store: &IMsgStore, tag: u32) -> Result<Vec<u8>> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, tag, &mut value)? };
    let bin = unsafe { (*value).Value.bin };
    let eid = unsafe { std::slice::from_raw_parts(bin.lpb, bin.cb as usize) }.to_vec();
    unsafe { MAPIFreeBuffer(value as *mut _) };
    Ok(eid)
}

fn purge(store_eid: &mut [u8]) -> Result<()> {
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;

    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &mut session)? };
    let Some(session) = session else {
        return Err(Error::from(MAPI_E_LOGON_FAILED));
    };
    let _logoff = LogoffGuard { session: &session };
    let store = unsafe { session.OpenMsgStore(0, store_eid.len() as u32, store_eid.as_mut_ptr() as *mut ENTRYID, None, MAPI_BEST_ACCESS | MDB_NO_DIALOG)? };
    let mut eid = folder_eid(&store, PR_IPM_WASTEBASKET_ENTRYID)?;
    unsafe { store.OpenEntry(eid.len() as u32, eid.as_mut_ptr() as *mut ENTRYID, ptr::null_mut(), MAPI_MODIFY, &mut obj_type, &mut unknown)? }; //~ open-object-at-logoff
    let folder = unknown.as_ref().ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()?;
    unsafe { folder.EmptyFolder(0, None, DEL_ASSOCIATED)? };
    println!("Deleted Items emptied");
    Ok(())
    // dropped: folder, eid, store, _logoff (Logoff), session, then unknown: too late
}

fn count_outbox(store_eid: &mut [u8]) -> Result<u32> {
    let session = logon()?;
    let store = unsafe { session.OpenMsgStore(0, store_eid.len() as u32, store_eid.as_mut_ptr() as *mut ENTRYID, None, MAPI_BEST_ACCESS | MDB_NO_DIALOG)? }; //~ open-object-at-logoff
    let _logoff = LogoffGuard { session: &session };
    let mut eid = folder_eid(&store, PR_IPM_OUTBOX_ENTRYID)?;
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;
    unsafe { store.OpenEntry(eid.len() as u32, eid.as_mut_ptr() as *mut ENTRYID, ptr::null_mut(), 0, &mut obj_type, &mut unknown)? };
    let Some(unknown) = unknown else {
        return Err(Error::from(MAPI_E_NOT_FOUND));
    };
    let outbox = unknown.cast::<IMAPIFolder>()?;
    let contents = unsafe { outbox.GetContentsTable(0)? };
    let mut rows = 0u32;
    unsafe { contents.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (count_only, hex) = match args.as_slice() {
        [flag, hex] if flag == "--count" => (true, hex),
        [hex] => (false, hex),
        _ => {
            eprintln!("usage: deleted-purge [--count] <store-entry-id-hex>");
            std::process::exit(2);
        }
    };
    let Some(mut eid) = hex_decode(hex) else {
        eprintln!("deleted-purge: bad entry ID");
        std::process::exit(2);
    };
    if let Err(e) = unsafe { MAPIInitialize(None) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let outcome = if count_only {
        count_outbox(&mut eid).map(|n| println!("{n} message(s) in the Outbox"))
    } else {
        purge(&mut eid)
    };
    if let Err(e) = outcome {
        eprintln!("deleted-purge: {e}");
    }
    unsafe { MAPIUninitialize() };
}
