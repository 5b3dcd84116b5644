//! archive-quota: reports how full each message store of the default profile is, then writes
//! the report. The profile is unlocked early (`session.logoff()`) because writing the report
//! to a network share can take minutes; the stores table is still used after that, and the
//! guard's `Drop` logs off a second time at the end of `main`.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use std::io::Write;
use windows_core::Result;

/// A logged-on session that logs off when dropped.
struct ProfileSession {
    inner: IMAPISession,
}

impl ProfileSession {
    fn open() -> Result<ProfileSession> {
        let flags = MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_NO_MAIL | MAPI_UNICODE;
        let inner = unsafe { MAPILogonEx(0, None, None, flags)? };
        Ok(ProfileSession { inner })
    }

    /// Logs off now, so that another process can use the profile.
    fn logoff(&self) {
        if let Err(err) = unsafe { self.inner.Logoff(0, 0, 0) } {
            eprintln!("archive-quota: Logoff failed: {err}");
        }
    }
}

impl Drop for ProfileSession {
    fn drop(&mut self) {
        let _ = unsafe { self.inner.Logoff(0, 0, 0) };
    }
}

fn quota_lines(stores: &IMAPITable) -> Result<Vec<String>> {
    let mut count = 0u32;
    unsafe { stores.GetRowCount(0, &mut count)? };
    Ok((0..count).map(|i| format!("store {i}: ok")).collect())
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
    let session = ProfileSession::open()?;
    let stores = unsafe { session.inner.GetMsgStoresTable(0)? }; //~ open-object-at-logoff
    let lines = quota_lines(&stores)?;

    session.logoff();

    let mut total = 0u32;
    if unsafe { stores.GetRowCount(0, &mut total) }.is_err() { //~ use-after-logoff
        total = lines.len() as u32;
    }
    if let Err(err) = write_report("quota.txt", &lines, total) {
        eprintln!("archive-quota: {err}");
    }
    Ok(())
} //~ use-after-logoff
