// inbox-peek: raw windows-crate MAPI client. Logs on, opens the default store and its Inbox,
// prints the unread count, and shuts down in the documented order: every object opened from
// the session is released (dropped) before Logoff, the session is released after it, and
// MAPIUninitialize comes last.
use core::ptr;
use windows::core::{Error, Interface, Result, IUnknown};
use windows::Win32::Foundation::E_FAIL;
use windows::Win32::System::AddressBook::*;

const PR_CONTENT_UNREAD: u32 = 0x3603_0003;

/// Open the default message store. The store only exists if OpenMsgStore succeeded: on the
/// error path `?` returns and nothing was acquired.
fn open_default_store(session: &IMAPISession, eid: &[u8]) -> Result<IMsgStore> {
    let mut store: Option<IMsgStore> = None;
    unsafe {
        session.OpenMsgStore(0, eid.len() as u32, eid.as_ptr() as *mut _, ptr::null_mut(), MDB_NO_DIALOG | MAPI_BEST_ACCESS, &mut store)?;
    }
    store.ok_or_else(|| Error::from(E_FAIL))
}

/// Open the Inbox through GetReceiveFolder's entry ID and the IMAPIFolder cast.
fn open_inbox(store: &IMsgStore) -> Result<IMAPIFolder> {
    let mut cb = 0u32;
    let mut eid: *mut ENTRYID = ptr::null_mut();
    unsafe { store.GetReceiveFolder(ptr::null_mut(), 0, &mut cb, &mut eid, ptr::null_mut())? };
    let mut obj_type = 0u32;
    let mut unknown: Option<IUnknown> = None;
    let opened = unsafe { store.OpenEntry(cb, eid, &IMAPIFolder::IID as *const _ as *mut _, MAPI_BEST_ACCESS, &mut obj_type, &mut unknown) };
    // The entry ID is MAPI memory: free it whether or not OpenEntry worked.
    unsafe { MAPIFreeBuffer(eid as *mut _) };
    opened?;
    unknown.ok_or_else(|| Error::from(E_FAIL))?.cast::<IMAPIFolder>()
}

/// Everything opened here is a local of this function and is dropped when it returns,
/// whichever way it returns.
fn report_unread(session: &IMAPISession, eid: &[u8]) -> Result<()> {
    let store = open_default_store(session, eid)?;
    let inbox = open_inbox(&store)?;
    let mut tag = SPropTagArray { cValues: 1, aulPropTag: [PR_CONTENT_UNREAD] };
    let mut count = 0u32;
    let mut props: *mut SPropValue = ptr::null_mut();
    unsafe { inbox.GetProps(&mut tag, 0, &mut count, &mut props)? };
    if !props.is_null() {
        println!("unread in Inbox: {}", unsafe { (*props).Value.l });
        unsafe { MAPIFreeBuffer(props as *mut _) };
    }
    Ok(())
}

fn run(store_eid: &[u8]) -> Result<()> {
    unsafe { MAPIInitialize(None)? };

    let mut session: Option<IMAPISession> = None;
    if let Err(e) = unsafe { MAPILogonEx(0, ptr::null_mut(), ptr::null_mut(), MAPI_EXTENDED | MAPI_USE_DEFAULT | MAPI_UNICODE, &mut session) } {
        eprintln!("MAPILogonEx failed: {e}");
        unsafe { MAPIUninitialize() };
        return Err(e);
    }
    let Some(session) = session else {
        unsafe { MAPIUninitialize() };
        return Err(Error::from(E_FAIL));
    };

    // `let _ =` drops the status table at once: it is not open when Logoff runs.
    let _ = unsafe { session.GetStatusTable(0) };

    let outcome = report_unread(&session, store_eid);
    if let Err(e) = &outcome {
        eprintln!("report failed: {e}");
    }

    if let Err(e) = unsafe { session.Logoff(0, 0, 0) } {
        eprintln!("Logoff failed: {e}");
    }
    drop(session);
    unsafe { MAPIUninitialize() };
    outcome
}

fn main() {
    let eid = std::env::args().nth(1).map(|s| s.into_bytes()).unwrap_or_default();
    if eid.is_empty() {
        eprintln!("usage: inbox-peek <store-entry-id>");
        std::process::exit(2);
    }
    if let Err(e) = run(&eid) {
        eprintln!("inbox-peek: {e}");
        std::process::exit(1);
    }
}
