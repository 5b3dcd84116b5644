// rulesdump: MAPI is initialized once per process and cached in a `OnceLock`; every logon
// takes a clone of that `Arc<Initialize>`. Dropping a `Logon` (inside the helper-built
// `LoggedOn`) at the end of `dump` drops one clone, not the last: nothing is uninitialized
// there, so it is no surplus `MAPIUninitialize`.
use std::sync::{Arc, OnceLock};
use anyhow::Result;
use outlook_mapi::{sys::*, *};

static MAPI: OnceLock<Arc<Initialize>> = OnceLock::new();

fn mapi() -> windows_core::Result<Arc<Initialize>> {
    if let Some(initialized) = MAPI.get() {
        return Ok(initialized.clone());
    }
    let initialized = Initialize::new(InitializeFlags { multithread_notifications: true, ..Default::default() })?;
    let _ = MAPI.set(initialized.clone());
    Ok(initialized)
}

struct LoggedOn {
    logon: Logon,
}

impl Drop for LoggedOn {
    fn drop(&mut self) {
        if let Err(e) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("rulesdump: Logoff failed: {e}");
        }
    }
}

fn log_on(profile: &str) -> Result<LoggedOn> {
    let flags = LogonFlags { extended: true, explicit_profile: true, new_session: true, ..Default::default() };
    let logon = Logon::new(mapi()?, Default::default(), Some(profile), None, flags)?;
    Ok(LoggedOn { logon })
}

fn dump(profile: &str) -> Result<()> {
    let logged_on = log_on(profile)?;
    let table = unsafe { logged_on.logon.session.GetMsgStoresTable(0)? };
    let mut n = 0u32;
    unsafe { table.GetRowCount(0, &mut n)? };
    println!("{profile}: {n} store(s)");
    drop(table);
    Ok(())
}

fn main() -> Result<()> {
    for profile in std::env::args().skip(1) {
        dump(&profile)?;
    }
    Ok(())
}
