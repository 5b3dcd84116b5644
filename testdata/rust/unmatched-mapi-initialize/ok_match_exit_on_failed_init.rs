//! store-usage: prints the size of every message store of the default profile.
//!
//! MAPI failing to initialize is fatal for this tool: the failure arm of the `match` exits the
//! process (or calls `die`, which never returns), so `mapi` exists only on success and its drop
//! at the end of `main` is the one `MAPIUninitialize`.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags, Logon, LogonFlags};
use std::sync::Arc;
use windows::Win32::Foundation::HWND;
use windows_core::Result;

fn die(what: &str, err: windows_core::Error) -> ! {
    eprintln!("store-usage: {what}: {err}");
    std::process::exit(3)
}

fn log_on(mapi: &Arc<Initialize>) -> Logon {
    let flags = LogonFlags {
        extended: true,
        use_default: true,
        no_mail: true,
        ..Default::default()
    };
    match Logon::new(mapi.clone(), HWND::default(), None, None, flags) {
        Ok(logon) => logon,
        Err(err) => die("logon", err),
    }
}

fn store_count(logon: &Logon) -> Result<u32> {
    let table = unsafe { logon.session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

/// A second, short-lived logon of its own for the size query.
fn folder_usage(mapi: &Arc<Initialize>) -> Result<i64> {
    let flags = LogonFlags {
        extended: true,
        use_default: true,
        ..Default::default()
    };
    let logon = Logon::new(mapi.clone(), HWND::default(), None, None, flags)?;
    // A failed count is reported as zero: the logon is logged off either way.
    let rows = store_count(&logon).unwrap_or(0);
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(i64::from(rows) * 1024)
}

fn main() -> Result<()> {
    let mapi = match Initialize::new(InitializeFlags::default()) {
        Ok(mapi) => mapi,
        Err(err) => {
            eprintln!("MAPI is not available: {err}");
            std::process::exit(2);
        }
    };
    let usage = folder_usage(&mapi)?;
    println!("{usage} bytes in the default store");
    let logon = log_on(&mapi);
    let count = match store_count(&logon) {
        Ok(n) => n,
        Err(err) => {
            unsafe {
                let _ = logon.session.Logoff(0, 0, 0);
            }
            die("stores table", err)
        }
    };
    println!("{count} store(s)");
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(())
}
