// sent-list: lists the subjects in the Sent Items folder with outlook-mapi.
//
// Bug: main logs on with a clone of its Arc<Initialize> and then uses `?` on the store and
// folder lookups: an error there returns with the Logon alive, and dropping a Logon releases
// its session without Logoff (missing-logoff at the Logon::new). The Arc clone the Logon
// holds changes nothing about that. The happy path logs off before the Logon drops, and the
// `.context(..)` on Initialize::new keeps MAPIInitialize paired (the last Arc drops at the end).
use anyhow::{anyhow, Context, Result};
use outlook_mapi::{sys::*, Initialize, Logon, LogonFlags};
use std::{ptr, slice};
use windows::Win32::Foundation::HWND;

fn flags() -> LogonFlags {
    LogonFlags { extended: true, unicode: true, use_default: true, ..Default::default() }
}

fn default_store(session: &IMAPISession) -> Result<IMsgStore> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
    let eid = unsafe {
        let found = slice::from_raw_parts((*rows).aRow.as_ptr(), (*rows).cRows as usize)
            .iter()
            .map(|row| slice::from_raw_parts(row.lpProps, row.cValues as usize))
            .find(|props| props.iter().any(|p| p.ulPropTag == PR_DEFAULT_STORE && p.Value.b != 0))
            .and_then(|props| props.iter().find(|p| p.ulPropTag == PR_ENTRYID))
            .map(|p| slice::from_raw_parts(p.Value.bin.lpb, p.Value.bin.cb as usize).to_vec());
        FreeProws(rows);
        found
    }
    .ok_or_else(|| anyhow!("no default store"))?;
    let mut store = None;
    unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut ENTRYID, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
    store.ok_or_else(|| anyhow!("OpenMsgStore returned no store"))
}

fn sent_items(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_IPM_SENTMAIL_ENTRYID, &mut prop) }.context("no Sent Items")?;
    let eid = unsafe { slice::from_raw_parts((*prop).Value.bin.lpb, (*prop).Value.bin.cb as usize).to_vec() };
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    let mut kind = 0u32;
    let mut unknown = None;
    unsafe { store.OpenEntry(eid.len() as u32, eid.as_ptr() as *mut ENTRYID, ptr::null_mut(), 0, &mut kind, &mut unknown)? };
    Ok(unknown.ok_or_else(|| anyhow!("OpenEntry returned nothing"))?.cast::<IMAPIFolder>()?)
}

fn main() -> Result<()> {
    let init = Initialize::new(Default::default()).context("MAPIInitialize")?;
    let logon = Logon::new(init.clone(), HWND::default(), None, None, flags()).context("MAPILogonEx")?; //~ missing-logoff

    let store = default_store(&logon.session)?; // an error here drops `logon` without Logoff
    let sent = sent_items(&store)?;
    let table = unsafe { sent.GetContentsTable(MAPI_UNICODE)? };
    let mut count = 0u32;
    unsafe { table.GetRowCount(0, &mut count)? };
    println!("{count} sent message(s)");

    drop(table);
    drop(sent);
    drop(store);
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(())
}
