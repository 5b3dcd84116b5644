// calendar-copy: copies the item count of the Calendar of one profile next to another's,
// using OLE for the drag-and-drop data object it hands to the shell.
//
// Both Logons hold clones of `initialized`. At shutdown the Logons are dropped first (their
// clones go away), then `initialized` itself: that is the LAST reference, so its drop is
// MAPIUninitialize.
// BUG: OleUninitialize is called after that drop, i.e. after MAPIUninitialize.
use std::sync::Arc;
use outlook_mapi::{sys::*, *};
use windows::Win32::System::Ole::{OleInitialize, OleUninitialize};
use windows_core::*;

fn flags_for(profile: &str) -> LogonFlags {
    LogonFlags { extended: true, explicit_profile: true, new_session: true, no_mail: profile.starts_with("svc-"), ..Default::default() }
}

fn open_logon(initialized: &Arc<Initialize>, profile: &str) -> Option<Logon> {
    match Logon::new(initialized.clone(), Default::default(), Some(profile), None, flags_for(profile)) {
        Ok(logon) => Some(logon),
        Err(e) => {
            eprintln!("{profile}: logon failed: {e}");
            None
        }
    }
}

fn calendar_rows(logon: &Logon) -> u32 {
    let Ok(table) = (unsafe { logon.session.GetMsgStoresTable(0) }) else { return 0 };
    let mut rows = 0u32;
    if unsafe { table.GetRowCount(0, &mut rows) }.is_err() {
        return 0;
    }
    rows
}

fn finish(name: &str, logon: Option<Logon>) {
    if let Some(logon) = logon {
        if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
            eprintln!("{name}: Logoff failed: {e}");
        }
        // `logon` (and its clone of the Arc) is dropped here.
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        eprintln!("usage: calendar-copy <from-profile> <to-profile>");
        return Ok(());
    };

    unsafe { OleInitialize(None)? };
    let initialized = match Initialize::new(InitializeFlags { no_coinit: true, ..Default::default() }) {
        Ok(i) => i,
        Err(e) => {
            unsafe { OleUninitialize() };
            return Err(e);
        }
    };

    let source = open_logon(&initialized, from);
    let target = open_logon(&initialized, to);
    if let (Some(s), Some(t)) = (&source, &target) {
        println!("{from}: {} row(s), {to}: {} row(s)", calendar_rows(s), calendar_rows(t));
    }

    finish(to, target);
    finish(from, source);
    drop(initialized); // last Arc<Initialize>: MAPIUninitialize
    unsafe { OleUninitialize() }; //~ ole-uninitialize-after-mapi-uninitialize
    Ok(())
}
