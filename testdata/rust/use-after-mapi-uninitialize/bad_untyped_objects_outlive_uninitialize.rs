// profile-audit: lists the MAPI profiles, then logs on to the default one and counts the
// message stores it has, for a help-desk script that checks workstation set-up.
//
// None of the MAPI objects here is written with a type: the profile administration object
// comes from `MAPIAdminProfiles(0)?`, the profile table from a `match`, and the session from
// a helper that returns `windows::core::Result<IMAPISession>`. Each one is released when its
// local is dropped.
// BUGS: `shutdown()` calls MAPIUninitialize while `admin` and `session` are still alive:
// both are released at main's closing brace, after MAPI was unloaded. On the error path of
// the profile table, `admin` is dropped (released) after `shutdown()` too, where that
// `return` leaves main's scope.
use std::ptr;

use windows::core::Result;
use windows::Win32::System::Mapi::*;

const PR_DISPLAY_NAME_W: u32 = 0x3001_001F;

/// MAPIUninitialize, and nothing else: every caller must have released its objects first.
fn shutdown() {
    unsafe { MAPIUninitialize() };
}

/// Logs on to the default profile; the session is handed to the caller.
fn logon_default() -> Result<IMAPISession> {
    let mut session = None;
    unsafe {
        MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)?
    };
    session.ok_or_else(|| windows::Win32::Foundation::E_FAIL.into())
}

fn count_rows(table: &IMAPITable) -> Result<u32> {
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn print_names(table: &IMAPITable) -> Result<()> {
    let mut rows: *mut SRowSet = ptr::null_mut();
    unsafe { HrQueryAllRows(table, ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), 0, &mut rows)? };
    unsafe {
        for i in 0..(*rows).cRows as usize {
            let row = &*(*rows).aRow.as_ptr().add(i);
            if row.cValues > 0 && (*row.lpProps).ulPropTag == PR_DISPLAY_NAME_W {
                println!("profile #{i}");
            }
        }
        FreeProws(rows);
    }
    Ok(())
}

fn main() -> Result<()> {
    unsafe { MAPIInitialize(None)? };

    let admin = match unsafe { MAPIAdminProfiles(0) } {
        Ok(admin) => admin,
        Err(e) => {
            shutdown();
            return Err(e);
        }
    };
    let table = match unsafe { admin.GetProfileTable(0) } {
        Ok(table) => table,
        Err(e) => {
            eprintln!("GetProfileTable failed: {e}");
            shutdown();
            return Err(e);
        }
    };
    if let Err(e) = print_names(&table) {
        eprintln!("listing profiles failed: {e}");
    }
    drop(table);

    let session = match logon_default() {
        Ok(session) => session,
        Err(e) => {
            drop(admin);
            shutdown();
            return Err(e);
        }
    };
    let n = match unsafe { session.GetMsgStoresTable(0) } {
        Ok(stores) => count_rows(&stores),
        Err(e) => Err(e),
    };
    let _ = unsafe { session.Logoff(0, 0, 0) };

    shutdown();
    match n {
        Ok(n) => println!("{n} message store(s)"),
        Err(e) => eprintln!("counting stores failed: {e}"),
    }
    Ok(())
} //~ use-after-mapi-uninitialize
