// store-check: logs on, opens the default store's root folder and prints its unread
// count; a nightly job runs it on every kiosk.
//
// Correct code that looks like the bug: the MAPI objects are written without types, and
// `MAPIUninitialize` is called by hand. Every object is dropped before it:
// - a failed `MAPILogonEx` leaves the out-parameter `None`, so dropping it after
//   MAPIUninitialize on that path releases nothing;
// - the store and folder live in a block that ends before the Logoff;
// - the session is dropped explicitly before MAPIUninitialize;
// - `let _ =` drops the status table at once.
use std::ptr;

use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::Mapi::*;

const PR_CONTENT_UNREAD: u32 = 0x3603_0003;

fn default_store_eid(session: &IMAPISession) -> Result<Vec<u8>> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 1, &mut rows)? };
    let eid = unsafe {
        let found = (*rows).cRows > 0;
        FreeProws(rows);
        if found { vec![0u8; 16] } else { Vec::new() }
    };
    if eid.is_empty() {
        return Err(Error::from(E_FAIL));
    }
    Ok(eid)
}

fn unread(folder: &IMAPIFolder) -> Result<u32> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(folder, PR_CONTENT_UNREAD, &mut value)? };
    let n = unsafe { (*value).Value.l as u32 };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    Ok(n)
}

fn report(session: &IMAPISession) -> Result<u32> {
    let eid = default_store_eid(session)?;
    let store = unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MDB_NO_MAIL)? };
    let mut kind = 0u32;
    let mut root = None;
    unsafe { store.OpenEntry(0, ptr::null_mut(), ptr::null_mut(), 0, &mut kind, &mut root)? };
    let root = root.ok_or_else(|| Error::from(E_FAIL))?;
    let folder: IMAPIFolder = windows::core::Interface::cast(&root)?;
    unread(&folder)
}

fn main() -> Result<()> {
    unsafe { MAPIInitialize(None)? };

    let mut session = None;
    if let Err(e) = unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session) } {
        eprintln!("MAPILogonEx failed: {e}");
        unsafe { MAPIUninitialize() };
        return Err(e);
    }
    let Some(session) = session else {
        unsafe { MAPIUninitialize() };
        return Err(Error::from(E_FAIL));
    };

    let _ = unsafe { session.GetStatusTable(0) };
    let outcome = {
        let n = report(&session);
        n
    };
    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    drop(session);
    unsafe { MAPIUninitialize() };

    match outcome {
        Ok(n) => println!("{n} unread"),
        Err(e) => {
            eprintln!("report failed: {e}");
            std::process::exit(1);
        }
    }
    Ok(())
}
