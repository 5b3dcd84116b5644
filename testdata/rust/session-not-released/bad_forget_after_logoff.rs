// endsession: log off and skip the final Release on purpose (a provider in the fleet
// faults when the session is released after Logoff). `mem::forget` never drops the
// session, so it is never released: session-not-released, at the Logoff.
use std::ptr;
use anyhow::{Context, Result};
use windows::Win32::System::AddressBook::*;

fn logon() -> windows::core::Result<IMAPISession> {
    let mut session = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    session.ok_or_else(|| windows::Win32::Foundation::E_FAIL.into())
}

fn store_count(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0) }.context("GetMsgStoresTable")?;
    let mut n = 0u32;
    unsafe { table.GetRowCount(0, &mut n) }.context("GetRowCount")?;
    Ok(n)
}

fn main() -> Result<()> {
    let session = logon().context("logon")?;
    let n = store_count(&session);
    unsafe { session.Logoff(0, 0, 0) }.context("Logoff")?; //~ session-not-released
    std::mem::forget(session);
    println!("{} store(s)", n?);
    Ok(())
}
