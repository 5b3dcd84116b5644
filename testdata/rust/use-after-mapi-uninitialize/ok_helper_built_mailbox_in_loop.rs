// syncall: for each profile, open a mailbox (a struct holding a `Logon`, which holds a clone
// of the worker's `Arc<Initialize>`), read one property of its store, and drop it at the end
// of the iteration. Dropping a mailbox drops one clone: the worker still holds `init`, so
// MAPI stays initialized for the next iteration's calls. Correct.
use std::ptr;
use std::sync::Arc;
use anyhow::{Context, Result};
use outlook_mapi::sys::*;
use outlook_mapi::{Initialize, InitializeFlags, Logon, LogonFlags};

const PR_STORE_SUPPORT_MASK: u32 = 0x340D_0003;

struct Mailbox {
    store: Option<IMsgStore>,
    logon: Logon,
}

impl Mailbox {
    fn open(init: &Arc<Initialize>, profile: &str) -> Result<Self> {
        let flags = LogonFlags { extended: true, explicit_profile: true, ..Default::default() };
        let logon = Logon::new(Arc::clone(init), Default::default(), Some(profile), None, flags)
            .with_context(|| format!("logon {profile}"))?;
        let mut mailbox = Self { store: None, logon };
        let mut store = None;
        unsafe {
            mailbox.logon.session.OpenMsgStore(0, 0, ptr::null_mut(), ptr::null_mut(), MDB_NO_DIALOG, &mut store)
        }
        .context("OpenMsgStore")?;
        mailbox.store = store;
        Ok(mailbox)
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        // The store goes before the session is logged off.
        drop(self.store.take());
        let _ = unsafe { self.logon.session.Logoff(0, 0, 0) };
    }
}

struct Worker {
    init: Arc<Initialize>,
    profiles: Vec<String>,
}

impl Worker {
    fn new(profiles: Vec<String>) -> Result<Self> {
        let init = Initialize::new(InitializeFlags::default()).context("MAPIInitialize")?;
        Ok(Self { init, profiles })
    }

    fn sync_all(&self) -> Result<usize> {
        let mut done = 0;
        for profile in &self.profiles {
            let mailbox = Mailbox::open(&self.init, profile)?;
            if let Some(store) = &mailbox.store {
                let mut prop: *mut SPropValue = ptr::null_mut();
                unsafe { HrGetOneProp(store, PR_STORE_SUPPORT_MASK, &mut prop) }.context("support mask")?;
                let mask = unsafe { (*prop).Value.l };
                unsafe { MAPIFreeBuffer(prop as *mut _) };
                println!("{profile}: support mask {mask:#x}");
            }
            done += 1;
        }
        Ok(done)
    }
}

fn main() -> Result<()> {
    let worker = Worker::new(std::env::args().skip(1).collect())?;
    let n = worker.sync_all()?;
    println!("{n} profile(s)");
    Ok(())
}
