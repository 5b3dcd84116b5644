//! outbox-watch: counts the transports online each pass. `Agent` keeps the status table and the
//! session guard (whose `Drop` logs off); fields drop in declaration order, and the guard is
//! declared last, so the table is released before the session is logged off.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use windows_core::Result;

/// A logged-on session that logs off when dropped.
struct SessionGuard {
    session: IMAPISession,
}

impl SessionGuard {
    fn logon() -> Result<SessionGuard> {
        let session = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL)? };
        Ok(SessionGuard { session })
    }
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        if let Err(err) = unsafe { self.session.Logoff(0, 0, 0) } {
            eprintln!("outbox-watch: Logoff failed: {err}");
        }
    }
}

struct Agent {
    status: IMAPITable,
    guard: SessionGuard,
}

impl Agent {
    fn new(guard: SessionGuard) -> Result<Agent> {
        let status = unsafe { guard.session.GetStatusTable(0)? };
        Ok(Agent { guard, status })
    }

    fn transports(&self) -> Result<u32> {
        let mut rows = 0u32;
        unsafe { self.status.GetRowCount(0, &mut rows)? };
        Ok(rows)
    }
}

fn main() -> Result<()> {
    let _mapi = Initialize::new(InitializeFlags::default())?;
    let agent = Agent::new(SessionGuard::logon()?)?;
    for pass in 0..3 {
        match agent.transports() {
            Ok(n) => println!("pass {pass}: {n} transport(s)"),
            Err(err) => eprintln!("pass {pass}: {err}"),
        }
    }
    Ok(())
}
