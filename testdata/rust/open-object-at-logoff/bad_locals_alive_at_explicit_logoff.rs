// junk-report: prints how many items sit in the Junk E-mail folder of the default store.
//
// The store and the stores table are locals declared after the Logon, so they are dropped
// before it at the end of main: that part is right (nothing is released after
// MAPIUninitialize). But Logoff is called explicitly *before* the end of main.
// BUGS: `store` and `_stores` (a named binding, which lives to the end of the scope, unlike
// `let _ =`) are still open when Logoff runs.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_ADDITIONAL_REN_ENTRYIDS: u32 = 0x36D8_1102;

fn junk_count(store: &IMsgStore) -> Result<u32> {
    let mut root_type = 0;
    let mut root: Option<IUnknown> = None;
    unsafe { store.OpenEntry(0, ptr::null_mut(), ptr::null_mut(), 0, &mut root_type, &mut root)? };
    let Some(root) = root else { return Ok(0) };
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(&root.cast::<IMAPIProp>()?, PR_ADDITIONAL_REN_ENTRYIDS, &mut value)? };
    // Slot 4 of PR_ADDITIONAL_REN_ENTRYIDS is the Junk E-mail folder.
    let slots = unsafe { (*value).Value.MVbin };
    let count = if slots.cValues > 4 { 1 } else { 0 };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    Ok(count)
}

fn default_store_eid(session: &IMAPISession) -> Result<Vec<u8>> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows: RowSet = Default::default();
    SizedSPropTagArray! { Cols[1] }
    let mut cols = Cols { aulPropTag: [PR_ENTRYID], ..Default::default() };
    unsafe { HrQueryAllRows(&table, cols.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 1, rows.as_mut_ptr())? };
    for row in rows.into_iter() {
        if let Some(PropValue { value: PropValueData::Binary(eid), .. }) = row.iter().next() {
            return Ok(eid.to_vec());
        }
    }
    Err(Error::from(MAPI_E_NOT_FOUND))
}

fn main() -> Result<()> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;

    // Dropped at once: not open at Logoff.
    let _ = unsafe { logon.session.GetStatusTable(0) };
    // Kept alive "for the summary" until the end of main.
    let _stores = unsafe { logon.session.GetMsgStoresTable(0) }; //~ open-object-at-logoff

    let mut eid = default_store_eid(&logon.session).unwrap_or_default();
    let mut store: Option<IMsgStore> = None;
    if let Err(e) = unsafe { logon.session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut _, ptr::null_mut(), MDB_NO_DIALOG, &mut store) } { //~ open-object-at-logoff
        eprintln!("cannot open the default store: {e}");
    }
    if let Some(store) = &store {
        match junk_count(store) {
            Ok(n) => println!("{n} junk folder(s)"),
            Err(e) => eprintln!("junk folder: {e}"),
        }
    }

    if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    Ok(())
    // store, _stores, then logon are dropped here.
}
