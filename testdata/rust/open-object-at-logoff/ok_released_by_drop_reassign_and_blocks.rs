// outbox-status: prints the transport status rows and the number of messages waiting in the
// Outbox of the default store, then logs off.
//
// windows crate projection. Correct: every object opened from the session is gone before
// Logoff runs, each in a different way:
// - the address book is only touched once: `let _ =` releases it on the spot;
// - the status table lives in an inner block that ends before Logoff;
// - the contents table is released by re-assigning its Option (`contents = None`);
// - the Outbox folder and the store are released with `drop(..)`;
// - on the `let Ok(outbox) = .. else` path there is no Outbox at all, and the store is
//   dropped before that path logs off.
// No `?` between the logon and the Logoff: failures are logged off by hand before returning.
use core::ptr;
use windows::core::{Error, Interface, IUnknown, Result};
use windows::Win32::System::AddressBook::*;

const PR_IPM_OUTBOX_ENTRYID: u32 = 0x35E2_0102;

fn open_outbox(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_IPM_OUTBOX_ENTRYID, &mut value)? };
    let bin = unsafe { (*value).Value.bin };
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;
    let opened = unsafe { store.OpenEntry(bin.cb, bin.lpb as *mut ENTRYID, ptr::null_mut(), 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

fn print_status_rows(status: &IMAPITable) {
    let mut rows = 0u32;
    match unsafe { status.GetRowCount(0, &mut rows) } {
        Ok(()) => println!("{rows} transport status row(s)"),
        Err(e) => eprintln!("status table: {e}"),
    }
}

fn run(store_eid: &mut [u8]) -> Result<u32> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    let Some(session) = session else {
        return Err(Error::from(MAPI_E_LOGON_FAILED));
    };

    let _ = unsafe { session.OpenAddressBook(0, ptr::null_mut(), AB_NO_DIALOG) };

    let mut store: Option<IMsgStore> = None;
    if let Err(e) = unsafe { session.OpenMsgStore(0, store_eid.len() as u32, store_eid.as_mut_ptr() as *mut ENTRYID, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store) } {
        let _ = unsafe { session.Logoff(0, 0, 0) };
        return Err(e);
    }
    let Some(store) = store else {
        let _ = unsafe { session.Logoff(0, 0, 0) };
        return Err(Error::from(MAPI_E_NOT_FOUND));
    };

    {
        let status = unsafe { session.GetStatusTable(0) };
        if let Ok(status) = &status {
            print_status_rows(status);
        }
        // `status` is released at the end of this block
    }

    let Ok(outbox) = open_outbox(&store) else {
        eprintln!("no Outbox in this store");
        drop(store);
        unsafe { session.Logoff(0, 0, 0)? };
        return Ok(0);
    };

    let mut waiting = 0u32;
    let mut contents = unsafe { outbox.GetContentsTable(0) }.ok();
    if let Some(table) = &contents {
        if unsafe { table.GetRowCount(0, &mut waiting) }.is_err() {
            waiting = 0;
        }
    }
    contents = None;
    debug_assert!(contents.is_none());

    drop(outbox);
    drop(store);
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(waiting)
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

fn main() {
    let Some(mut eid) = std::env::args().nth(1).as_deref().and_then(hex_decode) else {
        eprintln!("usage: outbox-status <store-entry-id-hex>");
        std::process::exit(2);
    };
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    match run(&mut eid) {
        Ok(n) => println!("{n} message(s) waiting in the Outbox"),
        Err(e) => eprintln!("outbox-status: {e}"),
    }
    unsafe { MAPIUninitialize() };
}
