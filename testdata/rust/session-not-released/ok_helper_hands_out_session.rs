// profile-ping: logs on to each profile named on the command line, reads the number of
// message stores, logs off and releases the session.
//
// `connect` hands the session out: MAPILogonEx succeeded, so the out-parameter is set and
// `expect` moves it into the result. The caller owns it from then on; every path of
// `ping` logs off (if it got a session) and drops it.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_INVALIDARG;
use windows::Win32::System::AddressBook::*;

fn profile_name(name: &str) -> Result<Vec<i8>> {
    if name.is_empty() || name.len() > 64 {
        return Err(Error::from(E_INVALIDARG));
    }
    Ok(name.bytes().map(|b| b as i8).chain(std::iter::once(0)).collect())
}

/// A fresh session for `name`; the caller logs off and releases it.
fn connect(name: &str) -> Result<IMAPISession> {
    let mut profile = profile_name(name)?;
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, profile.as_mut_ptr(), ptr::null_mut(), MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &mut session)? };
    Ok(session.expect("MAPILogonEx succeeded without a session"))
}

fn count_stores(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut n = 0u32;
    unsafe { table.GetRowCount(0, &mut n)? };
    Ok(n)
}

fn ping(name: &str) -> Result<u32> {
    let session = connect(name)?;
    let counted = count_stores(&session);
    let logged_off = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    logged_off?;
    counted
}

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        eprintln!("usage: profile-ping <profile>...");
        std::process::exit(2);
    }
    if let Err(e) = unsafe { MAPIInitialize(None) } {
        eprintln!("profile-ping: MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let mut failures = 0;
    for name in &names {
        match ping(name) {
            Ok(n) => println!("{name}: {n} store(s)"),
            Err(e) => {
                failures += 1;
                eprintln!("{name}: {e}");
            }
        }
    }
    unsafe { MAPIUninitialize() };
    if failures > 0 {
        eprintln!("profile-ping: {failures} profile(s) failed");
        std::process::exit(1);
    }
}
