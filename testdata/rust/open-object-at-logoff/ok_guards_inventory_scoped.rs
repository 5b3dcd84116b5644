// mapi_inventory: list the stores of the default profile and the item count
// of each store's Inbox.  MAPI and OLE are owned by guards; OLE is started
// after MAPI so that its guard drops (OleUninitialize) before MAPIUninitialize.
use std::{ptr, slice};
use windows::core::{Result, PCWSTR};
use windows::Win32::System::AddressBook::*;
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};

struct MapiGuard;

impl MapiGuard {
    fn new() -> Result<Self> {
        unsafe { MAPIInitialize(ptr::null_mut())? };
        Ok(MapiGuard)
    }
}

impl Drop for MapiGuard {
    fn drop(&mut self) {
        unsafe { MAPIUninitialize() };
    }
}

struct OleGuard;

impl OleGuard {
    fn new() -> Result<Self> {
        unsafe { OleInitialize(None)? };
        Ok(OleGuard)
    }
}

impl Drop for OleGuard {
    fn drop(&mut self) {
        unsafe { OleUninitialize() };
    }
}

fn inbox_count(store: &IMsgStore) -> Result<u32> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe {
        store.GetReceiveFolder(PCWSTR::null(), MAPI_UNICODE, &mut cb, &mut eid, ptr::null_mut())?;
        let mut obj_type = 0u32;
        let opened = store.OpenEntry(cb, eid, None, 0, &mut obj_type);
        MAPIFreeBuffer(eid as *mut _);
        let folder: IMAPIFolder = opened?.cast()?;
        let contents = folder.GetContentsTable(0)?;
        let mut rows = 0u32;
        contents.GetRowCount(0, &mut rows)?;
        Ok(rows)
    }
}

/// Everything opened here is dropped when this function returns.
fn inventory(session: &IMAPISession) -> Result<()> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut cols = SPropTagArray1 { cValues: 2, aulPropTag: [PR_ENTRYID, PR_DISPLAY_NAME_W] };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe {
        HrQueryAllRows(&table, &mut cols as *mut _ as *mut _, ptr::null_mut(), ptr::null_mut(), 0, &mut rows)?;
        let set = &*rows;
        for row in slice::from_raw_parts(set.aRow.as_ptr(), set.cRows as usize) {
            let props = slice::from_raw_parts(row.lpProps, row.cValues as usize);
            let name = PCWSTR::from_raw(props[1].Value.lpszW.0).to_string().unwrap_or_default();
            let bin = props[0].Value.bin;
            match session.OpenMsgStore(0, bin.cb, bin.lpb as *mut ENTRYID, None, MDB_NO_DIALOG) {
                Ok(store) => match inbox_count(&store) {
                    Ok(n) => println!("{name}: {n} items in Inbox"),
                    Err(e) => println!("{name}: no Inbox ({e})"),
                },
                Err(e) => println!("{name}: cannot open ({e})"),
            }
        }
        FreeProws(rows);
    }
    Ok(())
}

fn main() -> Result<()> {
    let _mapi = MapiGuard::new()?;
    let _ole = OleGuard::new()?;

    let session = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE)? };

    let result = inventory(&session);
    if let Err(e) = &result {
        eprintln!("inventory failed: {e}");
    }

    unsafe { session.Logoff(0, 0, 0).ok() };
    drop(session);
    result
}
