// mail-agent: a long-running agent that keeps a session, the default store and the Inbox
// open in one `Agent` value and polls the Inbox.
//
// `Agent::drop` releases the cached objects itself (`take()` drops them) *before* it logs
// off; the fields that are dropped after the Drop body are then `None`, plus the Logon,
// whose drop releases the already logged-off session and the Arc<Initialize>.
use core::ptr;
use std::sync::Arc;
use outlook_mapi::{sys::*, *};
use windows_core::*;

struct Agent {
    logon: Logon,
    store: Option<IMsgStore>,
    inbox: Option<IMAPIFolder>,
}

impl Agent {
    fn start(initialized: Arc<Initialize>) -> Result<Agent> {
        let logon = Logon::new(initialized, Default::default(), None, None, LogonFlags { extended: true, use_default: true, ..Default::default() })?;
        Ok(Agent { logon, store: None, inbox: None })
    }

    fn attach_store(&mut self, eid: &mut [u8]) -> Result<()> {
        let mut store = None;
        unsafe { self.logon.session.OpenMsgStore(0, eid.len() as u32, eid.as_mut_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
        self.store = store;
        Ok(())
    }

    fn attach_inbox(&mut self) -> Result<()> {
        let Some(store) = &self.store else { return Err(Error::from(MAPI_E_NOT_FOUND)) };
        let mut cb = 0u32;
        let mut eid: *mut ENTRYID = ptr::null_mut();
        unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
        let mut obj_type = 0;
        let mut unknown = None;
        let opened = unsafe { store.OpenEntry(cb, eid, ptr::null_mut(), MAPI_BEST_ACCESS, &mut obj_type, &mut unknown) };
        unsafe { MAPIFreeBuffer(eid as *mut _) };
        opened?;
        self.inbox = match unknown {
            Some(u) => Some(u.cast::<IMAPIFolder>()?),
            None => None,
        };
        Ok(())
    }

    fn poll(&self) -> Result<u32> {
        let Some(inbox) = &self.inbox else { return Ok(0) };
        let contents = unsafe { inbox.GetContentsTable(0)? };
        let mut n = 0;
        unsafe { contents.GetRowCount(0, &mut n)? };
        Ok(n)
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        // Children first: the Inbox, then the store.
        drop(self.inbox.take());
        drop(self.store.take());
        if let Err(e) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("mail-agent: Logoff failed: {e}");
        }
    }
}

fn main() -> Result<()> {
    let Some(eid) = std::env::args().nth(1) else {
        eprintln!("usage: mail-agent <store-entry-id>");
        return Ok(());
    };
    let mut eid = eid.into_bytes();
    let mut agent = Agent::start(Initialize::new(Default::default())?)?;
    agent.attach_store(&mut eid)?;
    agent.attach_inbox()?;
    for _ in 0..3 {
        println!("{} item(s) in the Inbox", agent.poll()?);
    }
    Ok(())
}
