//! new-mail-count: counts new-mail notifications on the default store for a minute.
//!
//! `MailWatcher` keeps the store, the connection number and the channel the sink feeds; its
//! `Drop` unadvises the connection before the store goes, and the watcher is gone before the
//! session is logged off.

use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use windows_core::{implement, Result};

#[implement(IMAPIAdviseSink)]
struct NewMailSink {
    tx: Mutex<Sender<u32>>,
}

impl IMAPIAdviseSink_Impl for NewMailSink_Impl {
    fn OnNotify(&self, cnotif: u32, _notifications: *mut NOTIFICATION) -> u32 {
        if let Ok(tx) = self.tx.lock() {
            let _ = tx.send(cnotif);
        }
        0
    }
}

struct MailWatcher {
    store: IMsgStore,
    connection: usize,
    events: Receiver<u32>,
}

impl MailWatcher {
    fn start(store: IMsgStore) -> Result<MailWatcher> {
        let (tx, events) = mpsc::channel();
        let sink: IMAPIAdviseSink = NewMailSink { tx: Mutex::new(tx) }.into();
        let mut connection = 0usize;
        unsafe { store.Advise(0, std::ptr::null_mut(), fnevNewMail, &sink, &mut connection)? };
        Ok(MailWatcher { store, connection, events })
    }

    fn next(&self, timeout: Duration) -> Option<u32> {
        self.events.recv_timeout(timeout).ok()
    }
}

impl Drop for MailWatcher {
    fn drop(&mut self) {
        if let Err(err) = unsafe { self.store.Unadvise(self.connection) } {
            eprintln!("watcher on connection {}: Unadvise failed: {err}", self.connection);
        }
    }
}

fn main() -> Result<()> {
    let _mapi = Initialize::new(InitializeFlags::default())?;
    let session = unsafe { MAPILogonEx(0, None, None, MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE)? };
    let total = match unsafe { HrOpenExchangePrivateStore(&session) } {
        Ok(store) => match MailWatcher::start(store) {
            Ok(watcher) => {
                let deadline = Instant::now() + Duration::from_secs(60);
                let mut total = 0u32;
                while Instant::now() < deadline {
                    total += watcher.next(Duration::from_secs(1)).unwrap_or(0);
                }
                total
            }
            Err(err) => {
                eprintln!("new-mail-count: {err}");
                0
            }
        },
        Err(err) => {
            eprintln!("new-mail-count: {err}");
            0
        }
    };
    println!("{total} new-mail notification(s)");
    unsafe { session.Logoff(0, 0, 0)? };
    Ok(())
}
