// profile-dump: prints the display name of every row of the session's status table.
//
// Start-up is OLE, then MAPI, then the logon. Each start that fails acquired nothing, and
// each failure after a successful start unwinds exactly what was started before it, in the
// prescribed order (OleUninitialize before MAPIUninitialize).
use core::ptr;
use windows::core::{Error, Result, HRESULT};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};

const PR_DISPLAY_NAME_A: u32 = 0x3001_001E;

/// Hands out a fresh session; the caller owns it (Logoff + drop).
fn logon_default() -> Result<IMAPISession> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL, &mut session)? };
    session.ok_or_else(|| Error::from(E_FAIL))
}

fn dump_status(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetStatusTable(0)? };
    let mut cols = SPropTagArray { cValues: 1, aulPropTag: [PR_DISPLAY_NAME_A] };
    unsafe { table.SetColumns(&mut cols, 0)? };
    let mut printed = 0;
    loop {
        let mut rows: *mut SRowSet = ptr::null_mut();
        unsafe { table.QueryRows(20, 0, &mut rows)? };
        let count = unsafe { (*rows).cRows };
        if count == 0 {
            unsafe { FreeProws(rows) };
            break;
        }
        printed += count;
        println!("{count} status row(s)");
        unsafe { FreeProws(rows) };
    }
    Ok(printed)
}

fn run() -> Result<()> {
    unsafe { OleInitialize(None)? };

    if let Err(e) = unsafe { MAPIInitialize(None) } {
        eprintln!("MAPIInitialize failed: {e}");
        unsafe { OleUninitialize() };
        return Err(e);
    }

    let session = match logon_default() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("logon failed: {e}");
            unsafe { OleUninitialize() };
            unsafe { MAPIUninitialize() };
            return Err(e);
        }
    };

    let dumped = dump_status(&session);
    if let Ok(n) = &dumped {
        println!("{n} row(s) in total");
    }

    let _ = unsafe { session.Logoff(0, 0, 0) };
    drop(session);
    unsafe { OleUninitialize() };
    unsafe { MAPIUninitialize() };
    dumped.map(|_| ())
}

fn main() {
    if std::env::args().len() > 1 {
        eprintln!("usage: profile-dump");
        std::process::exit(2);
    }
    let code = match run() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("profile-dump: {} ({:?})", e.message(), HRESULT::from(e.code()));
            1
        }
    };
    std::process::exit(code);
}
