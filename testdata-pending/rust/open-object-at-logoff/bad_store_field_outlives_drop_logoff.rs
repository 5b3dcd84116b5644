// outbox-flush: keeps a session and the default store together in a `Mailbox` and submits
// whatever is waiting in the Outbox.
//
// BUG: `Mailbox::drop` logs off, but the struct's fields are dropped only *after* the body of
// Drop has run. The `store` field is therefore still open when Logoff is called and is
// released afterwards (the session field too, which is fine: Release after Logoff).
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_IPM_OUTBOX_ENTRYID: u32 = 0x35E2_0102;

struct Mailbox {
    session: IMAPISession,
    store: IMsgStore,
}

impl Mailbox {
    fn open(store_eid: &[u8]) -> Result<Mailbox> {
        let mut session: Option<IMAPISession> = None;
        unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
        let Some(session) = session else { return Err(Error::from(E_FAIL)) };

        // windows-crate projection: the store is the call's result, it exists only on Ok.
        let store = match unsafe { session.OpenMsgStore(0, store_eid.len() as u32, store_eid.as_ptr() as *mut _, None, MAPI_BEST_ACCESS | MDB_NO_DIALOG) } { //~ open-object-at-logoff
            Ok(store) => store,
            Err(e) => {
                // Nothing else was opened: log off and give up.
                let _ = unsafe { session.Logoff(0, 0, 0) };
                return Err(e);
            }
        };
        Ok(Mailbox { session, store })
    }

    fn outbox(&self) -> Result<IMAPIFolder> {
        let mut value: *mut SPropValue = ptr::null_mut();
        unsafe { HrGetOneProp(&self.store, PR_IPM_OUTBOX_ENTRYID, &mut value)? };
        let bin = unsafe { (*value).Value.bin };
        let mut obj_type = 0;
        let mut unknown = None;
        let opened = unsafe { self.store.OpenEntry(bin.cb, bin.lpb as *mut _, ptr::null_mut(), MAPI_MODIFY, &mut obj_type, &mut unknown) };
        unsafe { MAPIFreeBuffer(value as *mut _) };
        opened?;
        unknown.ok_or_else(|| Error::from(E_FAIL))?.cast()
    }

    fn pending(&self) -> Result<u32> {
        let outbox = self.outbox()?;
        let contents = unsafe { outbox.GetContentsTable(0)? };
        let mut n = 0u32;
        unsafe { contents.GetRowCount(0, &mut n)? };
        Ok(n)
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("outbox-flush: Logoff failed: {e}");
        }
        // self.session and self.store are dropped after this body returns.
    }
}

fn run(store_eid: &[u8]) -> Result<()> {
    let mailbox = Mailbox::open(store_eid)?;
    let pending = mailbox.pending()?;
    println!("{pending} message(s) waiting in the Outbox");
    Ok(())
}

fn main() {
    let Some(eid) = std::env::args().nth(1) else {
        eprintln!("usage: outbox-flush <store-entry-id>");
        std::process::exit(2);
    };
    if let Err(e) = unsafe { MAPIInitialize(None) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let result = run(eid.as_bytes());
    unsafe { MAPIUninitialize() };
    if let Err(e) = result {
        eprintln!("outbox-flush: {e}");
        std::process::exit(1);
    }
}
