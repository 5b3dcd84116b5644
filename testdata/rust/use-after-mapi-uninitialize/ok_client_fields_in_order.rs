// subtree-walk: prints the number of top-level folders under the IPM subtree of the
// default store.
//
// windows crate projection. Correct: `Client` owns everything, MAPI itself included.
// - `Client::drop` frees the cached PR_IPM_SUBTREE_ENTRYID buffer, releases the store
//   (`self.store = None`) and logs off, in the order the shutdown guidance prescribes.
// - the fields are dropped after that body in declaration order: `store` (already None),
//   `session` (Release of a logged-off session), and `_mapi` last (MAPIUninitialize).
//   `_mapi` is declared last on purpose: nothing MAPI is released after it.
// - `Client::connect` builds the Client as soon as the logon succeeded, so a failure in
//   `open_default_store` drops a Client (which logs off) instead of a bare session. If the
//   logon itself fails, `mapi` is dropped on the `?`: MAPIUninitialize, matching.
use core::ptr;
use windows::core::{Error, Interface, IUnknown, Result};
use windows::Win32::System::AddressBook::*;

const PR_IPM_SUBTREE_ENTRYID: u32 = 0x35E0_0102;

/// Entry ID of the store flagged PR_DEFAULT_STORE; the row set is freed before returning.
fn default_store_eid(session: &IMAPISession) -> Result<Vec<u8>> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
    let mut found = None;
    for i in 0..unsafe { (*rows).cRows } as usize {
        let row = unsafe { &*(*rows).aRow.as_ptr().add(i) };
        let props = unsafe { std::slice::from_raw_parts(row.lpProps, row.cValues as usize) };
        if !props.iter().any(|p| p.ulPropTag == PR_DEFAULT_STORE && unsafe { p.Value.b } != 0) {
            continue;
        }
        if let Some(p) = props.iter().find(|p| p.ulPropTag == PR_ENTRYID) {
            let bin = unsafe { p.Value.bin };
            found = Some(unsafe { std::slice::from_raw_parts(bin.lpb, bin.cb as usize) }.to_vec());
            break;
        }
    }
    unsafe { FreeProws(rows) };
    found.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
}

struct MapiGuard;

impl MapiGuard {
    fn new() -> Result<MapiGuard> {
        unsafe { MAPIInitialize(ptr::null_mut())? };
        Ok(MapiGuard)
    }
}

impl Drop for MapiGuard {
    fn drop(&mut self) {
        unsafe { MAPIUninitialize() };
    }
}

struct Client {
    store: Option<IMsgStore>,
    subtree_eid: *mut SPropValue,
    session: IMAPISession,
    _mapi: MapiGuard,
}

impl Client {
    fn connect() -> Result<Client> {
        let mapi = MapiGuard::new()?;
        let mut session: Option<IMAPISession> = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &mut session)? };
        let Some(session) = session else {
            return Err(Error::from(MAPI_E_LOGON_FAILED));
        };
        Ok(Client { store: None, subtree_eid: ptr::null_mut(), session, _mapi: mapi })
    }

    fn open_default_store(&mut self) -> Result<()> {
        let mut eid = default_store_eid(&self.session)?;
        let mut store: Option<IMsgStore> = None;
        unsafe { self.session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut ENTRYID, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
        let store = store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?;
        unsafe { HrGetOneProp(&store, PR_IPM_SUBTREE_ENTRYID, &mut self.subtree_eid)? };
        self.store = Some(store);
        Ok(())
    }

    fn top_level_folders(&self) -> Result<u32> {
        let store = self.store.as_ref().ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?;
        let bin = unsafe { (*self.subtree_eid).Value.bin };
        let mut obj_type = 0u32;
        let mut unknown: Option<IUnknown> = None;
        unsafe { store.OpenEntry(bin.cb, bin.lpb as *mut ENTRYID, ptr::null_mut(), 0, &mut obj_type, &mut unknown)? };
        let subtree = unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()?;
        let hierarchy = unsafe { subtree.GetHierarchyTable(0)? };
        let mut rows = 0u32;
        unsafe { hierarchy.GetRowCount(0, &mut rows)? };
        Ok(rows)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if !self.subtree_eid.is_null() {
            unsafe { MAPIFreeBuffer(self.subtree_eid as *mut _) };
            self.subtree_eid = ptr::null_mut();
        }
        self.store = None;
        if let Err(e) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("subtree-walk: Logoff failed: {e}");
        }
    }
}

fn main() -> Result<()> {
    if std::env::args().len() > 1 {
        eprintln!("usage: subtree-walk");
        return Ok(());
    }
    let mut client = Client::connect()?;
    client.open_default_store()?;
    let n = client.top_level_folders()?;
    println!("{n} top-level folder(s) under the IPM subtree");
    Ok(())
}
