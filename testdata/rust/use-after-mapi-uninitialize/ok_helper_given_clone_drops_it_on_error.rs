//! inbox-peek: prints the number of stores of the default profile. `Mailbox::open` is given a
//! clone of the `Arc<Initialize>`; on its error path the Logon (and that clone) is dropped,
//! which is not the last reference: `mapi` in `main` still holds MAPI up.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags, Logon, LogonFlags};
use std::ptr;
use std::sync::Arc;
use windows::Win32::Foundation::HWND;
use windows_core::Result;

/// Row set from QueryRows; FreeProws on drop.
struct RowSet(*mut SRowSet);

impl Drop for RowSet {
    fn drop(&mut self) {
        if !self.0.is_null() {
            unsafe { FreeProws(self.0) };
        }
    }
}

struct Mailbox {
    logon: Logon,
    stores: IMAPITable,
}

impl Mailbox {
    fn open(mapi: Arc<Initialize>) -> Result<Mailbox> {
        let flags = LogonFlags { extended: true, use_default: true, ..Default::default() };
        let logon = Logon::new(mapi, HWND::default(), None, None, flags)?;
        match unsafe { logon.session.GetMsgStoresTable(0) } {
            Ok(stores) => Ok(Mailbox { logon, stores }),
            Err(err) => {
                unsafe {
                    let _ = logon.session.Logoff(0, 0, 0);
                }
                Err(err)
            }
        }
    }

    fn store_count(&self) -> usize {
        let mut rows = RowSet(ptr::null_mut());
        if unsafe { self.stores.QueryRows(50, 0, &mut rows.0) }.is_err() || rows.0.is_null() {
            return 0;
        }
        unsafe { (*rows.0).cRows as usize }
    }

    fn close(self) {
        let Mailbox { logon, stores } = self;
        drop(stores);
        unsafe {
            let _ = logon.session.Logoff(0, 0, 0);
        }
    }
}

fn main() -> Result<()> {
    let mapi = Initialize::new(InitializeFlags::default())?;
    let mailbox = Mailbox::open(Arc::clone(&mapi))?;
    let n = mailbox.store_count();
    mailbox.close();
    println!("{n} store(s)");
    drop(mapi);
    Ok(())
}
