// unread-report: prints the number of unread messages in the Inbox of the default profile
// and, with --stores, the number of message stores the profile has.
//
// Written against the windows crate projection: MAPILogonEx hands back the session and
// OpenMsgStore the store as their results.
//
// BUG 1: `report_inbox` propagates the errors of the work done after the logon with `?`;
// each of those early returns drops `session` (Release) without Logoff.
// BUG 2: `count_stores` returns early when the profile has no store and forgets to log off.
use core::ptr;
use windows::core::{Error, Interface, Result};
use windows::Win32::System::AddressBook::*;

const PR_CONTENT_UNREAD: u32 = 0x3603_0003;

struct Options {
    stores: bool,
    verbose: bool,
}

fn usage() {
    eprintln!("usage: unread-report [--stores] [-v]");
}

fn parse_args() -> Option<Options> {
    let mut opts = Options { stores: false, verbose: false };
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stores" => opts.stores = true,
            "-v" => opts.verbose = true,
            _ => return None,
        }
    }
    Some(opts)
}

fn logon_flags() -> u32 {
    MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL | MAPI_UNICODE
}

/// Entry ID of the first row of the stores table. The row set is freed before returning.
fn first_store_entry_id(table: &IMAPITable) -> Result<Vec<u8>> {
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { table.QueryRows(1, 0, &mut rows)? };
    let eid = unsafe {
        if (*rows).cRows == 0 {
            None
        } else {
            let bin = (*(*rows).aRow[0].lpProps).Value.bin;
            Some(std::slice::from_raw_parts(bin.lpb, bin.cb as usize).to_vec())
        }
    };
    unsafe { FreeProws(rows) };
    eid.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
}

fn open_default_store(session: &IMAPISession) -> Result<IMsgStore> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut eid = first_store_entry_id(&table)?;
    drop(table);
    let store = unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut ENTRYID, None, MAPI_BEST_ACCESS | MDB_NO_DIALOG)? };
    Ok(store)
}

fn inbox_unread(store: &IMsgStore) -> Result<u32> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
    let mut obj_type = 0u32;
    let mut unknown: Option<windows::core::IUnknown> = None;
    let opened = unsafe { store.OpenEntry(cb, eid, ptr::null_mut(), 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    opened?;
    let inbox = unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()?;
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(&inbox, PR_CONTENT_UNREAD, &mut value)? };
    let unread = unsafe { (*value).Value.l as u32 };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    Ok(unread)
}

fn report_inbox(opts: &Options) -> Result<()> {
    let session = unsafe { MAPILogonEx(0, None, None, logon_flags())? }; //~ missing-logoff
    // Each `?` below leaves the function with `session` still logged on.
    let store = open_default_store(&session)?;
    let unread = inbox_unread(&store)?;
    if opts.verbose {
        eprintln!("opened the default store");
    }
    println!("Inbox: {unread} unread message(s)");
    drop(store);
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}

fn count_stores() -> Result<u32> {
    let session = unsafe { MAPILogonEx(0, None, None, logon_flags())? }; //~ missing-logoff
    let table = match unsafe { session.GetMsgStoresTable(0) } {
        Ok(table) => table,
        Err(e) => {
            let _ = unsafe { session.Logoff(0, 0, 0) };
            return Err(e);
        }
    };
    let mut count = 0u32;
    let counted = unsafe { table.GetRowCount(0, &mut count) };
    if counted.is_err() || count == 0 {
        eprintln!("the profile has no message store");
        return Ok(0);
    }
    drop(table);
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(count)
}

fn main() {
    let Some(opts) = parse_args() else {
        usage();
        std::process::exit(2);
    };
    if let Err(e) = unsafe { MAPIInitialize(None) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let mut status = 0;
    if let Err(e) = report_inbox(&opts) {
        eprintln!("inbox: {e}");
        status = 1;
    }
    if opts.stores {
        match count_stores() {
            Ok(n) => println!("{n} message store(s)"),
            Err(e) => {
                eprintln!("stores: {e}");
                status = 1;
            }
        }
    }
    unsafe { MAPIUninitialize() };
    std::process::exit(status);
}
