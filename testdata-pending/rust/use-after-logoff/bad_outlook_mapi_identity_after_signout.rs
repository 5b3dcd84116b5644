// whoami: print the identity of the default profile's primary identity and
// how many stores the profile has, using the outlook-mapi convenience types.
use std::ptr;
use outlook_mapi::{sys::*, *};
use windows::Win32::Foundation::HWND;
use windows_core::Result;

fn logon_flags() -> LogonFlags {
    LogonFlags {
        extended: true,
        unicode: true,
        use_default: true,
        no_mail: true,
        ..Default::default()
    }
}

fn count_stores(logon: &Logon) -> Result<u32> {
    let table = unsafe { logon.session.GetMsgStoresTable(0)? };
    let mut count = 0;
    unsafe { table.GetRowCount(0, &mut count)? };
    Ok(count)
}

/// The identity entry ID belongs to us and is freed with MAPIFreeBuffer.
fn print_identity(logon: &Logon) -> Result<()> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe {
        logon.session.QueryIdentity(&mut cb, &mut eid)?; //~ use-after-logoff
        println!("primary identity: {cb}-byte entry ID");
        MAPIFreeBuffer(eid as *mut _);
    }
    Ok(())
}

fn sign_out(logon: &Logon) {
    if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
}

fn main() -> Result<()> {
    let verbose = std::env::args().any(|a| a == "-v");

    let init = Initialize::new(InitializeFlags {
        no_coinit: true,
        ..Default::default()
    })?;
    let logon = Logon::new(init, HWND::default(), None, None, logon_flags())?; //~ missing-logoff

    // An error here returns from main with `logon` dropped, never logged off.
    let stores = count_stores(&logon)?;
    println!("{stores} message stores");

    sign_out(&logon);

    // Summary line printed once the session is closed.
    if verbose {
        print_identity(&logon)?;
    }
    Ok(())
}
