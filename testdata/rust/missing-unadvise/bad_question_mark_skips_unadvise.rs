// folder-monitor: watches the Inbox's contents table for changes and prints a line per
// notification batch until the requested number of batches has arrived.
//
// BUG: in `watch_inbox`, the `?` after the table Advise returns early (for instance when
// SetColumns fails) without the Unadvise at the bottom: the registration stays active
// while the table is dropped.
use core::ptr;
use windows::core::{Error, IUnknown, Interface, Result};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_SUBJECT_W: u32 = 0x0037_001F;

fn open_inbox(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
    let mut obj_type = 0;
    let mut unknown: Option<IUnknown> = None;
    let opened = unsafe { store.OpenEntry(cb, eid, &IMAPIFolder::IID as *const _ as *mut _, 0, &mut obj_type, &mut unknown) };
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(E_FAIL))?.cast::<IMAPIFolder>()
}

fn wait_batches(count: u32) {
    for batch in 0..count {
        std::thread::sleep(std::time::Duration::from_millis(500));
        println!("batch {batch}");
    }
}

fn watch_inbox(store: &IMsgStore, sink: &IMAPIAdviseSink, batches: u32) -> Result<()> {
    let inbox = open_inbox(store)?;
    let table = unsafe { inbox.GetContentsTable(MAPI_DEFERRED_ERRORS)? };

    let mut connection = 0usize;
    unsafe { table.Advise(fnevTableModified, sink, &mut connection)? }; //~ missing-unadvise

    // Restrict the columns so the notifications carry only the subject.
    let mut cols = SPropTagArray { cValues: 1, aulPropTag: [PR_SUBJECT_W] };
    unsafe { table.SetColumns(&mut cols, 0)? };

    wait_batches(batches);
    unsafe { table.Unadvise(connection)? };
    Ok(())
}

/// `sink` is created by the caller (HrAllocAdviseSink) and released by it.
pub fn monitor(session: &IMAPISession, store_eid: &[u8], sink: &IMAPIAdviseSink) -> Result<()> {
    let mut store: Option<IMsgStore> = None;
    unsafe { session.OpenMsgStore(0, store_eid.len() as u32, store_eid.as_ptr() as *mut _, ptr::null_mut(), MDB_NO_DIALOG | MAPI_BEST_ACCESS, &mut store)? };
    let Some(store) = store else { return Err(Error::from(E_FAIL)) };
    let result = watch_inbox(&store, sink, 10);
    if let Err(e) = &result {
        eprintln!("folder-monitor: {e}");
    }
    result
}

pub fn run(store_eid: &[u8], sink: &IMAPIAdviseSink) -> Result<()> {
    let mut session: Option<IMAPISession> = None;
    unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT, &mut session)? };
    let Some(session) = session else { return Err(Error::from(E_FAIL)) };
    let watched = monitor(&session, store_eid, sink);
    let logged_off = unsafe { session.Logoff(0, 0, 0) };
    watched.and(logged_off)
}
