// inbox-peek: prints the subject count and unread count of the Inbox of a profile, using
// Microsoft's outlook-mapi crate.
//
// Correct: `Mailbox` owns the Logon together with the objects opened from its session, as
// Options. Its Drop releases those objects first (`= None`, `take()`), then logs off; the
// fields are dropped after the Drop body, so the `logon` field releases a session that is
// already logged off, and drops the only Arc<Initialize> (MAPIUninitialize) last.
// `Mailbox::open` builds the Mailbox right after the logon, so every later `?` drops a
// Mailbox (which logs off) rather than a bare Logon.
use core::ptr;
use std::sync::Arc;
use outlook_mapi::{sys::*, *};
use windows_core::*;

const PR_CONTENT_COUNT: u32 = 0x3602_0003;
const PR_CONTENT_UNREAD: u32 = 0x3603_0003;

struct Mailbox {
    store: Option<IMsgStore>,
    inbox: Option<IMAPIFolder>,
    logon: Logon,
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        self.inbox = None;
        drop(self.store.take());
        if let Err(e) = unsafe { self.logon.session.Logoff(0, 0, 0) } {
            eprintln!("inbox-peek: Logoff failed: {e}");
        }
    }
}

impl Mailbox {
    fn open(initialized: Arc<Initialize>, profile: Option<&str>) -> Result<Mailbox> {
        let flags = LogonFlags { extended: true, unicode: true, use_default: profile.is_none(), explicit_profile: profile.is_some(), ..Default::default() };
        let logon = Logon::new(initialized, Default::default(), profile, None, flags)?;
        let mut mailbox = Mailbox { store: None, inbox: None, logon };
        let store = default_store(&mailbox.logon.session)?;
        mailbox.inbox = Some(inbox_of(&store)?);
        mailbox.store = Some(store);
        Ok(mailbox)
    }

    fn counter(&self, tag: u32) -> Result<u32> {
        let inbox = self.inbox.as_ref().ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?;
        let mut value: *mut SPropValue = ptr::null_mut();
        unsafe { HrGetOneProp(inbox, tag, &mut value)? };
        let n = unsafe { (*value).Value.l } as u32;
        unsafe { MAPIFreeBuffer(value as *mut _) };
        Ok(n)
    }
}

fn default_store(session: &IMAPISession) -> Result<IMsgStore> {
    let table = unsafe { session.GetMsgStoresTable(0)? };
    SizedSPropTagArray! { Cols[2] }
    let mut cols = Cols { aulPropTag: [PR_ENTRYID, PR_DEFAULT_STORE], ..Default::default() };
    let mut rows: RowSet = Default::default();
    unsafe { HrQueryAllRows(&table, cols.as_mut_ptr(), ptr::null_mut(), ptr::null_mut(), 0, rows.as_mut_ptr())? };
    for row in rows.into_iter() {
        let mut values = row.iter();
        let Some(PropValue { value: PropValueData::Binary(eid), .. }) = values.next() else { continue };
        let Some(PropValue { value: PropValueData::Boolean(true), .. }) = values.next() else { continue };
        let mut store = None;
        unsafe { session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MAPI_BEST_ACCESS | MDB_NO_DIALOG, &mut store)? };
        return store.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND));
    }
    Err(Error::from(MAPI_E_NOT_FOUND))
}

fn inbox_of(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
    let mut obj_type = 0u32;
    let mut unknown = None;
    let opened = unsafe { store.OpenEntry(cb, eid, ptr::null_mut(), 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(MAPI_E_NOT_FOUND))?.cast::<IMAPIFolder>()
}

fn main() -> Result<()> {
    let profile = std::env::args().nth(1);
    if profile.as_deref() == Some("--help") {
        eprintln!("usage: inbox-peek [profile]");
        return Ok(());
    }
    let initialized = Initialize::new(Default::default())?;
    let mailbox = Mailbox::open(initialized, profile.as_deref())?;
    let total = mailbox.counter(PR_CONTENT_COUNT)?;
    let unread = mailbox.counter(PR_CONTENT_UNREAD)?;
    println!("Inbox: {total} message(s), {unread} unread");
    Ok(())
}
