// store-name: prints the default store's display name through a small client type.
//
// Bug: `Client::connect` moves the session into the `Client` it returns, and nothing in
// `Client` (neither a method nor its Drop) ever calls Logoff: every Client is released by
// its drop without Logoff. missing-logoff at the MAPILogonEx, the struct literal among the
// related locations.
use std::ptr;
use outlook_mapi::sys::*;
use windows::core::{Error, Result};

struct Client {
    store: Option<IMsgStore>,
    session: IMAPISession,
}

impl Client {
    fn connect() -> Result<Self> {
        let mut session = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? }; //~ missing-logoff
        let session = session.ok_or_else(|| Error::from(MAPI_E_LOGON_FAILED))?;
        Ok(Client { store: None, session })
    }

    fn store(&mut self) -> Result<&IMsgStore> {
        if self.store.is_none() {
            let table = unsafe { self.session.GetMsgStoresTable(0)? };
            let mut rows: *mut SRowSet = ptr::null_mut();
            unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
            let eid = unsafe { (*(*(*rows).aRow.as_ptr()).lpProps).Value.bin };
            let mut store = None;
            let opened = unsafe { self.session.OpenMsgStore(0, eid.cb, eid.lpb as *mut ENTRYID, ptr::null_mut(), MDB_NO_DIALOG, &mut store) };
            unsafe { FreeProws(rows) };
            opened?;
            self.store = store;
        }
        self.store.as_ref().ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.store = None; // the store goes first; the session is only released
    }
}

fn main() -> Result<()> {
    unsafe { MAPIInitialize(ptr::null_mut())? };
    let result = print_store_name();
    unsafe { MAPIUninitialize() };
    result
}

fn print_store_name() -> Result<()> {
    let mut client = Client::connect()?;
    let store = client.store()?;
    let mut prop: *mut SPropValue = ptr::null_mut();
    unsafe { HrGetOneProp(store, PR_DISPLAY_NAME_A, &mut prop)? };
    println!("{:?}", unsafe { (*prop).Value.lpszA });
    unsafe { MAPIFreeBuffer(prop as *mut _) };
    Ok(())
}
