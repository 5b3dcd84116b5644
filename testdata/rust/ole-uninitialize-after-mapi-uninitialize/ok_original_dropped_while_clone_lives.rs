// inbox-watch: logs on with the default profile and prints the number of stores, then
// shuts down: OleUninitialize, Logoff, and only then the last Arc<Initialize> goes away.
//
// The original `initialized` is dropped early, while `logon` (built from a clone of it) is
// still alive: that drop is NOT the last reference, so nothing is uninitialized there, and
// OleUninitialize below runs before MAPIUninitialize (the drop of `logon`, at the end).
use outlook_mapi::{sys::*, *};
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};
use windows_core::*;

fn count_stores(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn report(logon: &Logon) {
    match count_stores(&logon.session) {
        Ok(n) => println!("{n} store(s)"),
        Err(e) => eprintln!("stores table: {e}"),
    }
}

fn main() -> Result<()> {
    unsafe { OleInitialize(None)? };
    let initialized = match Initialize::new(Default::default()) {
        Ok(i) => i,
        Err(e) => {
            unsafe { OleUninitialize() };
            return Err(e);
        }
    };
    let logon = match Logon::new(initialized.clone(), Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() }) {
        Ok(l) => l,
        Err(e) => {
            drop(initialized);
            unsafe { OleUninitialize() };
            return Err(e);
        }
    };
    // `logon` keeps its own clone: this drop is not the last reference.
    drop(initialized);
    report(&logon);
    unsafe { OleUninitialize() };

    if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    // The last reference: MAPIUninitialize here, after OleUninitialize.
    drop(logon);
    Ok(())
}
