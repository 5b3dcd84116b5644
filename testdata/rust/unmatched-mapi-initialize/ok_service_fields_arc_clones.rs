// delegate-audit: logs on to the user's own profile and to each delegate profile named on
// the command line, and prints how many message stores each of them sees.
//
// outlook-mapi crate. Correct, with Arc clones:
// - `Service` holds its own Arc<Initialize> *and* Logons that each hold a clone. Its fields
//   are dropped in declaration order after `Service::drop` (which logs every Logon off):
//   `mapi` first, which is not the last reference (the Logons still hold theirs), then
//   `primary`, then the delegates; the last Logon dropped drops the last Arc:
//   MAPIUninitialize runs exactly once, after every session was logged off and released.
// - `Service::start` builds the Service right after the primary logon, so a later failure
//   drops a Service (which logs off) rather than a bare Logon.
// - `main` moves its Arc into `Service::start`; if that fails, the Arc is dropped inside
//   (MAPIUninitialize) and there is nothing left to end.
use std::sync::Arc;
use outlook_mapi::{sys::*, *};
use windows_core::*;

struct Service {
    mapi: Arc<Initialize>,
    primary: Logon,
    delegates: Vec<(String, Logon)>,
}

impl Service {
    fn start(mapi: Arc<Initialize>) -> Result<Service> {
        let primary = Logon::new(mapi.clone(), Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;
        Ok(Service { mapi, primary, delegates: Vec::new() })
    }

    fn add_delegate(&mut self, profile: &str) -> Result<()> {
        let flags = LogonFlags { extended: true, explicit_profile: true, new_session: true, no_mail: true, ..Default::default() };
        let logon = Logon::new(self.mapi.clone(), Default::default(), Some(profile), None, flags)?;
        self.delegates.push((profile.to_owned(), logon));
        Ok(())
    }

    fn report(&self) {
        println!("own profile: {}", describe(&self.primary.session));
        for (name, logon) in &self.delegates {
            println!("{name}: {}", describe(&logon.session));
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        for (name, logon) in &self.delegates {
            if let Err(e) = unsafe { logon.session.Logoff(0, 0, 0) } {
                eprintln!("{name}: Logoff failed: {e}");
            }
        }
        if let Err(e) = unsafe { self.primary.session.Logoff(0, 0, 0) } {
            eprintln!("own profile: Logoff failed: {e}");
        }
    }
}

fn store_count(session: &IMAPISession) -> Result<u32> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn describe(session: &IMAPISession) -> String {
    match store_count(session) {
        Ok(n) => format!("{n} store(s)"),
        Err(e) => format!("stores table unavailable: {e}"),
    }
}

fn main() -> Result<()> {
    let delegates: Vec<String> = std::env::args().skip(1).collect();
    if delegates.iter().any(|d| d.starts_with('-')) {
        eprintln!("usage: delegate-audit [delegate-profile]...");
        return Ok(());
    }
    let initialized = Initialize::new(InitializeFlags { no_coinit: true, ..Default::default() })?;
    let mut service = Service::start(initialized)?;
    for name in &delegates {
        if let Err(e) = service.add_delegate(name) {
            eprintln!("{name}: logon failed: {e}");
        }
    }
    service.report();
    Ok(())
}
