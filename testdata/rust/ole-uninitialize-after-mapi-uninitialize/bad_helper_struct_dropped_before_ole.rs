//! folder-count: counts the folders of the default store; OLE is up for the clipboard copy of
//! the report.
//!
//! `Browser::new` clones the `Arc<Initialize>` it is lent into the value it returns. Here the
//! browser goes first and `mapi` after it: that drop is the last reference, MAPIUninitialize,
//! and OLE is uninitialized after it.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags, Logon, LogonFlags};
use std::sync::Arc;
use windows::Win32::Foundation::HWND;
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};
use windows_core::Result;

struct Browser {
    _mapi: Arc<Initialize>,
    logon: Logon,
}

impl Browser {
    fn new(mapi: &Arc<Initialize>) -> Result<Self> {
        let flags = LogonFlags {
            extended: true,
            use_default: true,
            ..Default::default()
        };
        let logon = Logon::new(Arc::clone(mapi), HWND::default(), None, None, flags)?;
        Ok(Browser {
            _mapi: Arc::clone(mapi),
            logon,
        })
    }

    fn store_rows(&self) -> Result<u32> {
        let table = unsafe { self.logon.session.GetMsgStoresTable(0)? };
        let mut rows = 0u32;
        unsafe { table.GetRowCount(0, &mut rows)? };
        Ok(rows)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Before the Logon (and its clone of the Arc) goes.
        if let Err(err) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("folder-count: Logoff failed: {err}");
        }
    }
}

fn main() -> Result<()> {
    unsafe { OleInitialize(None)? };
    let mapi = match Initialize::new(InitializeFlags::default()) {
        Ok(mapi) => mapi,
        Err(err) => {
            unsafe { OleUninitialize() };
            return Err(err);
        }
    };
    let browser = match Browser::new(&mapi) {
        Ok(b) => b,
        Err(err) => {
            drop(mapi);
            unsafe { OleUninitialize() };
            return Err(err);
        }
    };
    match browser.store_rows() {
        Ok(n) => println!("{n} store(s)"),
        Err(err) => eprintln!("folder-count: {err}"),
    }
    drop(browser);
    drop(mapi);
    unsafe { OleUninitialize() }; //~ ole-uninitialize-after-mapi-uninitialize
    Ok(())
}
