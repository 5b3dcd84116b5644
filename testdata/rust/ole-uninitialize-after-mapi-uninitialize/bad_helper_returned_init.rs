// spoolwatch: report the spooler's status every few seconds. OLE comes first (the tool
// also hosts an OLE drag source), then MAPI through a helper that returns outlook-mapi's
// `Arc<Initialize>`. The teardown is written "in reverse", and wrong: the last
// `Arc<Initialize>` is dropped (MAPIUninitialize) before OleUninitialize, on the
// logon-failure path and on the normal one.
use std::ptr;
use std::sync::Arc;
use std::time::Duration;
use anyhow::{Context, Result};
use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};

fn start_mapi() -> windows::core::Result<Arc<Initialize>> {
    Initialize::new(InitializeFlags { multithread_notifications: true, ..Default::default() })
}

fn logon() -> windows::core::Result<IMAPISession> {
    let mut session = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    session.ok_or_else(|| windows::Win32::Foundation::E_FAIL.into())
}

fn status_rows(session: &IMAPISession) -> windows::core::Result<u32> {
    let status = unsafe { session.GetStatusTable(0)? };
    let mut n = 0u32;
    unsafe { status.GetRowCount(0, &mut n)? };
    Ok(n)
}

fn main() -> Result<()> {
    unsafe { OleInitialize(None) }.context("OleInitialize")?;
    let init = match start_mapi() {
        Ok(v) => v,
        Err(e) => {
            unsafe { OleUninitialize() };
            return Err(e).context("MAPIInitialize");
        }
    };
    let session = match logon() {
        Ok(s) => s,
        Err(e) => {
            drop(init);
            unsafe { OleUninitialize() }; //~ ole-uninitialize-after-mapi-uninitialize
            return Err(e).context("MAPILogonEx");
        }
    };
    for _ in 0..3 {
        match status_rows(&session) {
            Ok(n) => println!("{n} status rows"),
            Err(e) => {
                eprintln!("status table: {e}");
                break;
            }
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    let _ = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    drop(init);
    unsafe { OleUninitialize() }; //~ ole-uninitialize-after-mapi-uninitialize
    Ok(())
}
