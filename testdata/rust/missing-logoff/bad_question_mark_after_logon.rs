// contacts-export: writes the display names of the default contacts folder to stdout.
//
// BUG: `main` propagates errors of the work after the logon with `?`. An early return drops
// `logon`, which releases the session without Logoff (outlook-mapi's Logon has no Drop that
// logs off). Only the success path reaches the Logoff at the end.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_IPM_CONTACT_ENTRYID: u32 = 0x3611_0102;

fn usage() -> Result<()> {
    eprintln!("usage: contacts-export [--profile NAME]");
    Ok(())
}

/// Opens the default store from the stores table (the row flagged PR_DEFAULT_STORE).
fn default_store(session: &IMAPISession) -> Result<IMsgStore> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows: RowSet = Default::default();
    SizedSPropTagArray! { Cols[2] }
    let mut cols = Cols { aulPropTag: [PR_ENTRYID, PR_DEFAULT_STORE], ..Default::default() };
    unsafe { HrQueryAllRows(&table, cols.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 0, rows.as_mut_ptr())? };
    for row in rows.into_iter() {
        let mut values = row.iter();
        let Some(PropValue { value: PropValueData::Binary(eid), .. }) = values.next() else { continue };
        let Some(PropValue { value: PropValueData::Boolean(true), .. }) = values.next() else { continue };
        let mut store = None;
        unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS, &mut store)? };
        return store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND));
    }
    Err(Error::from(MAPI_E_NOT_FOUND))
}

fn contacts_folder(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut value: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_IPM_CONTACT_ENTRYID, &mut value)? };
    let bin = unsafe { (*value).Value.bin };
    let mut obj_type = 0;
    let mut unknown = None;
    let opened = unsafe { store.OpenEntry(bin.cb, bin.lpb as *mut _, ptr::null_mut(), 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(value as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

fn export(folder: &IMAPIFolder) -> Result<u32> {
    let table = unsafe { folder.GetContentsTable(MAPI_UNICODE)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    println!("{rows} contact(s)");
    Ok(rows)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let profile = match args.as_slice() {
        [] => None,
        [flag, name] if flag == "--profile" => Some(name.as_str()),
        _ => return usage(),
    };

    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), profile, None, LogonFlags { extended: true, unicode: true, use_default: profile.is_none(), ..Default::default() })?; //~ missing-logoff

    // Each of these `?` returns from main with `logon` still logged on.
    let store = default_store(&logon.session)?;
    let folder = contacts_folder(&store)?;
    let exported = export(&folder)?;
    eprintln!("exported {exported}");

    drop(folder);
    drop(store);
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(())
}
