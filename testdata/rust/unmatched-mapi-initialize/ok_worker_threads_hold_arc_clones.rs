// unread-count: counts unread Inbox messages for several profiles at once, one worker
// thread per profile.
//
// Correct: `Initialize::new(..).context(..)?` yields the Arc<Initialize>; every worker gets
// its own clone (kept in the `Worker` it runs), so `drop(init)` in main is not the last
// reference. MAPIUninitialize runs when the last worker finishes, not in main.
use anyhow::{Context, Result};
use outlook_mapi::{Initialize, InitializeFlags, Logon, LogonFlags};
use std::sync::{mpsc, Arc};
use std::thread;

struct Report {
    profile: String,
    unread: Result<u32>,
}

struct Worker {
    init: Arc<Initialize>,
    profile: String,
    report: mpsc::Sender<Report>,
}

impl Worker {
    fn run(self) {
        let unread = self.count();
        let _ = self.report.send(Report { profile: self.profile.clone(), unread });
    }

    fn count(&self) -> Result<u32> {
        let logon = Logon::new(self.init.clone(), Default::default(), Some(&self.profile), None, LogonFlags { extended: true, ..Default::default() })?;
        let rows = store_rows(&logon);
        unsafe { logon.session.Logoff(0, 0, 0)? };
        rows
    }
}

fn store_rows(logon: &Logon) -> Result<u32> {
    let table = unsafe { logon.session.GetMsgStoresTable(0)? };
    let mut rows = 0u32;
    unsafe { table.GetRowCount(0, &mut rows)? };
    Ok(rows)
}

fn main() -> Result<()> {
    let profiles: Vec<String> = std::env::args().skip(1).collect();
    let init = Initialize::new(InitializeFlags { multithread_notifications: true, ..Default::default() }).context("MAPIInitialize")?;
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::with_capacity(profiles.len());
    for profile in &profiles {
        let worker = Worker { init: Arc::clone(&init), profile: profile.clone(), report: tx.clone() };
        handles.push(thread::Builder::new().name(format!("mapi-{profile}")).spawn(move || worker.run())?);
    }
    drop(tx);
    drop(init); // the workers hold the other references
    for report in rx {
        match report.unread {
            Ok(n) => println!("{:<30} {n}", report.profile),
            Err(e) => println!("{:<30} error: {e:#}", report.profile),
        }
    }
    for handle in handles {
        let _ = handle.join();
    }
    Ok(())
}
