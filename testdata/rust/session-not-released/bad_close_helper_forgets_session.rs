// outbox-flush: logs on to each profile named on the command line, asks the spooler to
// flush the outbox, and logs off again. Run by a scheduled task on terminal servers.
//
// `close_session` takes the session by value: it owns it, and its drop at the return is the
// session's Release.
// BUG: when Logoff fails, `close_session` "keeps the session alive for the provider to
// finish" with `mem::forget`: that session is logged off and never released. The finding is
// at that Logoff.
use std::ffi::CString;
use std::ptr;

use windows::core::{Error, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::Mapi::*;

const PR_STATUS_CODE: u32 = 0x3E04_0003;

/// Logs on to `profile` in a new session.
fn open_session(profile: &str) -> Result<IMAPISession> {
    let name = CString::new(profile).map_err(|_| Error::from(E_FAIL))?;
    let mut session = None;
    let flags = MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NEW_SESSION | MAPI_NO_MAIL;
    unsafe { MAPILogonEx(0, name.as_ptr() as *mut _, ptr::null_mut(), flags, &mut session)? };
    session.ok_or_else(|| Error::from(E_FAIL))
}

/// Counts the transports that report themselves online.
fn online_transports(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetStatusTable(0)? };
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { HrQueryAllRows(&table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
    let mut online = 0;
    unsafe {
        for i in 0..(*rows).cRows as usize {
            let row = &*(*rows).aRow.as_ptr().add(i);
            if row.cValues > 0 && (*row.lpProps).ulPropTag == PR_STATUS_CODE {
                online += 1;
            }
        }
        FreeProws(rows);
    }
    Ok(online)
}

/// Logs off and releases the session it is given.
fn close_session(session: IMAPISession) -> Result<()> {
    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } { //~ session-not-released
        eprintln!("outbox-flush: Logoff failed ({e}); keeping the session for the provider");
        std::mem::forget(session);
        return Err(e);
    }
    Ok(())
}

fn flush(profile: &str) -> Result<u32> {
    let session = open_session(profile)?;
    let online = match online_transports(&session) {
        Ok(n) => n,
        Err(e) => {
            let _ = close_session(session);
            return Err(e);
        }
    };
    close_session(session)?;
    Ok(online)
}

fn main() {
    let profiles: Vec<String> = std::env::args().skip(1).collect();
    if profiles.is_empty() {
        eprintln!("usage: outbox-flush PROFILE...");
        std::process::exit(2);
    }
    if let Err(e) = unsafe { MAPIInitialize(ptr::null_mut()) } {
        eprintln!("MAPIInitialize failed: {e}");
        std::process::exit(1);
    }
    let mut failures = 0;
    for p in &profiles {
        match flush(p) {
            Ok(n) => println!("{p}: {n} transport(s) online"),
            Err(e) => {
                eprintln!("{p}: {e}");
                failures += 1;
            }
        }
    }
    unsafe { MAPIUninitialize() };
    std::process::exit(if failures == 0 { 0 } else { 1 });
}
