// store_probe: print the display name and size of the default message store.
// windows-crate bindings that return their objects.
use std::{ptr, slice};
use windows::core::{Result, PCWSTR};
use windows::Win32::System::AddressBook::*;

const FLAGS: u32 = MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE | MAPI_NO_MAIL;

/// Reads the entry ID of the default store out of the stores table.
fn default_store_eid(session: &IMAPISession) -> Result<Vec<u8>> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut cols = SPropTagArray1 { cValues: 2, aulPropTag: [PR_ENTRYID, PR_DEFAULT_STORE] };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe {
        HrQueryAllRows(&table, &mut cols as *mut _ as *mut _, ptr::null_mut(), ptr::null_mut(), 0, &mut rows)?;
    }
    let mut found = None;
    unsafe {
        let set = &*rows;
        for row in slice::from_raw_parts(set.aRow.as_ptr(), set.cRows as usize) {
            let props = slice::from_raw_parts(row.lpProps, row.cValues as usize);
            if props[1].ulPropTag == PR_DEFAULT_STORE && props[1].Value.b != 0 {
                let bin = props[0].Value.bin;
                found = Some(slice::from_raw_parts(bin.lpb, bin.cb as usize).to_vec());
                break;
            }
        }
        FreeProws(rows);
    }
    found.ok_or_else(|| windows::core::Error::from(MAPI_E_NOT_FOUND))
}

fn report(store: &IMsgStore) -> Result<()> {
    unsafe {
        let mut name: *mut SPropValue = ptr::null_mut();
        HrGetOneProp(store, PR_DISPLAY_NAME_W, &mut name)?;
        let text = PCWSTR::from_raw((*name).Value.lpszW.0).to_string().unwrap_or_default();
        MAPIFreeBuffer(name as *mut _);
        println!("default store: {text}");
    }
    Ok(())
}

fn run() -> Result<()> {
    unsafe { MAPIInitialize(ptr::null_mut())? }; //~ unmatched-mapi-initialize

    // A failed logon returns straight out of run(), past MAPIUninitialize below.
    let session = unsafe { MAPILogonEx(0, None, None, FLAGS)? };

    let store = match default_store_eid(&session) {
        Ok(eid) => match unsafe {
            session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut ENTRYID, None, MDB_NO_DIALOG | MAPI_BEST_ACCESS) //~ open-object-at-logoff
        } {
            Ok(store) => Some(store),
            Err(e) => {
                eprintln!("OpenMsgStore: {e}");
                None
            }
        },
        Err(e) => {
            eprintln!("no default store: {e}");
            None
        }
    };

    if let Some(store) = &store {
        if let Err(e) = report(store) {
            eprintln!("report: {e}");
        }
    }

    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        eprintln!("Logoff: {e}");
    }
    drop(session);
    unsafe { MAPIUninitialize() };
    Ok(())
} //~ use-after-mapi-uninitialize

fn main() {
    if let Err(e) = run() {
        eprintln!("store_probe: {e}");
        std::process::exit(1);
    }
}
