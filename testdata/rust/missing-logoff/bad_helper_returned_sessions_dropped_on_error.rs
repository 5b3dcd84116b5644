// store-census: prints how many message stores the default profile has, twice: once
// through the windows-crate bindings, once through outlook-mapi's Logon.
//
// BUG (both halves): the session is logged off only at the end of the happy path. A `?` on
// the counting helper returns early and drops the session without Logoff.
//  * `open_default()` hands out the session it logged on (`session.ok_or_else(..)`); the
//    finding is at its MAPILogonEx, the call in `census_windows` is on the way there.
//  * `count_with_logon(&logon)` only borrows the Logon (it calls a method on
//    `logon.session`); the Logon is still `census_outlook`'s, dropped by its `?`.
use core::ptr;
use outlook_mapi::{sys::*, *};
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;

const FLAGS: u32 = MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL;

/// Logs on with the default profile; the caller owns the session (Logoff, then drop).
fn open_default() -> Result<IMAPISession> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), FLAGS, &mut session)? }; //~ missing-logoff
    session.ok_or_else(|| Error::from(E_FAIL))
}

fn count_stores(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn count_with_logon(logon: &Logon) -> Result<u32> {
    let table = unsafe { logon.session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn census_windows() -> Result<u32> {
    let session = open_default()?;
    let n = count_stores(&session)?; // an error here drops `session` without Logoff
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(n)
}

fn census_outlook() -> Result<u32> {
    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?; //~ missing-logoff
    let n = count_with_logon(&logon)?; // likewise for the Logon's session
    unsafe { logon.session.Logoff(0, 0, 0)? };
    Ok(n)
}

fn main() -> Result<()> {
    unsafe { MAPIInitialize(ptr::null_mut())? };
    let first = census_windows();
    unsafe { MAPIUninitialize() };
    let second = census_outlook()?;
    println!("{} store(s), then {second}", first?);
    Ok(())
}
