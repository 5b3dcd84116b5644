// status-tray: prints the number of message stores, then polls the session's status table
// every few seconds, for a tray-icon helper.
//
// The intent is a scope guard that logs off when main returns. BUG: `let _ = guard` does not
// bind the guard, it drops it at once, so Logoff runs immediately; every later call on the
// session (and on the stores table obtained from it) is a use after Logoff.
use std::time::Duration;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_PROFILE_NAME_A: u32 = 0x3D12_001E;

struct LogoffOnDrop<'a> {
    session: &'a IMAPISession,
}

impl<'a> LogoffOnDrop<'a> {
    fn new(logon: &'a Logon) -> Self {
        LogoffOnDrop { session: &logon.session }
    }
}

impl Drop for LogoffOnDrop<'_> {
    fn drop(&mut self) {
        let _ = unsafe { self.session.Logoff(0, 0, 0) };
    }
}

/// Reads the profile name from the session's profile section (before the guard).
fn print_profile(session: &IMAPISession) -> Result<()> {
    let mut section: Option<IProfSect> = None;
    unsafe { session.OpenProfileSection(&pbGlobalProfileSectionGuid as *const _ as *mut _, std::ptr::null_mut(), 0, &mut section)? };
    let Some(section) = section else { return Ok(()) };
    let mut value: *mut SPropValue = std::ptr::null_mut();
    if unsafe { HrGetOneProp(&section, PR_PROFILE_NAME_A, &mut value) }.is_ok() {
        println!("profile loaded");
        unsafe { MAPIFreeBuffer(value as *mut _) };
    }
    Ok(())
}

fn main() -> Result<()> {
    let rounds: u32 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(3);

    let initialized = Initialize::new(Default::default())?;
    let logon = Logon::new(initialized, Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;
    if let Err(e) = print_profile(&logon.session) {
        eprintln!("profile section: {e}");
    }
    let _ = LogoffOnDrop::new(&logon);

    let stores = unsafe { logon.session.GetMsgStoresTable(0)? }; //~ use-after-logoff
    let mut rows = 0u32;
    unsafe { stores.GetRowCount(0, &mut rows)? }; //~ use-after-logoff
    println!("{rows} store(s) in the profile");

    for round in 0..rounds {
        match unsafe { logon.session.GetStatusTable(0) } { //~ use-after-logoff
            Ok(status) => {
                drop(status);
                println!("round {round}: status table refreshed");
            }
            Err(e) => eprintln!("round {round}: {e}"),
        }
        std::thread::sleep(Duration::from_secs(5));
    }
    Ok(())
}
