// send-test: checks the transports of a profile, flushes the outgoing queue and prints a
// diagnostics summary including the identity of the logged-on user.
//
// BUGS in `shutdown`: the final diagnostics run *after* Logoff. `print_identity` calls
// QueryIdentity on the logged-off session, and the "last chance" FlushQueues is a call on it
// too. After Logoff only Release (the drop) is allowed.
use core::ptr;
use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_PROVIDER_DISPLAY_A: u32 = 0x3006_001E;

fn dump_status(session: &IMAPISession) {
    let table = match unsafe { session.GetStatusTable(0) } {
        Ok(t) => t,
        Err(e) => {
            eprintln!("no status table: {e}");
            return;
        }
    };
    let mut cols = SPropTagArray { cValues: 1, aulPropTag: [PR_PROVIDER_DISPLAY_A] };
    let mut n = 0u32;
    if unsafe { table.SetColumns(&mut cols, 0) }.is_ok() && unsafe { table.GetRowCount(0, &mut n) }.is_ok() {
        println!("{n} provider(s) reporting status");
    }
}

fn print_identity(session: &IMAPISession, label: &str) {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    match unsafe { session.QueryIdentity(&mut cb, &mut eid) } { //~ use-after-logoff
        Ok(()) => {
            println!("{label}: identity entry ID of {cb} byte(s)");
            unsafe { MAPIFreeBuffer(eid as *mut _) };
        }
        Err(e) => eprintln!("{label}: QueryIdentity failed: {e}"),
    }
}

fn check_transports(session: &IMAPISession) -> Result<()> {
    dump_status(session);
    print_identity(session, "before");
    unsafe { session.FlushQueues(0, 0, ptr::null_mut(), FLUSH_UPLOAD | FLUSH_NO_UI)? };
    println!("flush requested");
    Ok(())
}

fn shutdown(session: IMAPISession) -> Result<()> {
    unsafe { session.Logoff(0, 0, 0)? };
    print_identity(&session, "after");
    // "Make sure" the queue went out.
    let _ = unsafe { session.FlushQueues(0, 0, ptr::null_mut(), FLUSH_UPLOAD | FLUSH_NO_UI) }; //~ use-after-logoff
    drop(session);
    Ok(())
}

fn run(profile: &mut Vec<i8>) -> Result<()> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, profile.as_mut_ptr(), ptr::null_mut(), MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE, &mut session)? };
    let Some(session) = session else { return Err(Error::from(E_FAIL)) };
    let checked = check_transports(&session);
    shutdown(session)?;
    checked
}

fn main() {
    let Some(name) = std::env::args().nth(1) else {
        eprintln!("usage: send-test <profile>");
        std::process::exit(2);
    };
    let mut profile: Vec<i8> = name.bytes().map(|b| b as i8).chain(std::iter::once(0)).collect();
    if unsafe { MAPIInitialize(None) }.is_err() {
        std::process::exit(1);
    }
    let result = run(&mut profile);
    unsafe { MAPIUninitialize() };
    if let Err(e) = result {
        eprintln!("send-test: {e}");
        std::process::exit(1);
    }
}
